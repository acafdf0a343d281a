# v4l2-cedrus-enc-test --pattern at 1280x720 and 1920x1080 with encoder
# settings (GOP, forced key frames, headers on every IDR, QPs).
# Host: checks/tool-pattern.sh.
. /opt/cedrus/tests/tool-lib.sh

tool_setup

tool_run pattern720 --pattern --frames 20 --size 1280x720 --gop 30
tool_run pattern1080 --pattern --frames 10 --size 1920x1080 --gop 30 \
	--force-key 4 --prepend-headers --qp-i 20 --qp-p 24 --profile high
