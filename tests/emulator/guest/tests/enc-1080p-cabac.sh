# 1920x1080 (coded 1920x1088, cropped in the SPS), CABAC High profile,
# 60 frames; host check: checks/enc-1080p-cabac.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
enc_tool cabac "$VIVID" 1920x1080 60 --gop 10 --entropy cabac --profile high \
	--loop-filter disabled
