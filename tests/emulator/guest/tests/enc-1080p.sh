# 1920x1080 (coded 1920x1088, cropped in the SPS): CAVLC 60 frames and
# CABAC 20 frames (the source frames of both must fit in the guest's RAM);
# host check: checks/enc-1080p.sh.
. /opt/cedrus/tests/enc-lib.sh

enc_setup
enc_run cavlc -W 1920 -H 1080 -n 60 --gop 10 --loop-filter 1
enc_run cabac -W 1920 -H 1080 -n 20 --gop 10 --cabac --profile 4 \
	--loop-filter 1
