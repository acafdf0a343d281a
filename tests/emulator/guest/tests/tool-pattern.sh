# v4l2-cedrus-enc-test --pattern at 1280x720 and 1920x1080 with encoder
# settings (GOP, forced key frames, headers on every IDR, QPs; then CABAC,
# open GOP, level, QP limits, --ctrl, and a --bitrate run).
# Host: checks/tool-pattern.sh.
. /opt/cedrus/lib/tool.sh

tool_setup

tool_run pattern720 --pattern --frames 20 --size 1280x720 --gop 30
tool_run pattern1080 --pattern --frames 10 --size 1920x1080 --gop 30 \
	--force-key 4 --prepend-headers --qp-i 20 --qp-p 24 --profile high
# Settings the runs above leave alone, against the real driver: CABAC, an
# open GOP with an I period of 4, level 4.1, I and P QPs clamped by
# --qp-min/--qp-max (10 -> 20, 50 -> 40), and a control by its v4l2-ctl
# name (loop filter off).
tool_run settings --pattern --frames 9 --size 640x480 --entropy cabac \
	--open-gop --i-period 4 --level 4.1 --qp-i 10 --qp-p 50 \
	--qp-min 20 --qp-max 40 --ctrl h264_loop_filter_mode=1
# Rate control: the driver picks the QPs, the tool reads them back.
tool_run bitrate --pattern --frames 10 --size 320x240 --bitrate 500k
