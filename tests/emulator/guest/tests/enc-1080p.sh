# 1920x1080 (coded 1920x1088, cropped in the SPS), CAVLC, 60 frames;
# host check: checks/enc-1080p.sh. CABAC at 1080p runs in its own boot
# (enc-1080p-cabac) so that 60 source frames of each fit in the guest's RAM.
. /opt/cedrus/lib/enc.sh

enc_setup
enc_tool cavlc "$VIVID" 1920x1080 60 --gop 10 --loop-filter disabled
