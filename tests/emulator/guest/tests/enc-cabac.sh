# CABAC encodes of vivid DMABUFs; host check: checks/enc-cabac.sh.
# v4l2-cedrus-enc-test encodes the first two, cedrus-enc-check the NV12M
# one (the tool does not import CAPTURE buffers).
#  - 320x240, 60 frames, closed GOP 10, FORCE_KEY_FRAME before frame 25,
#    Main profile, deblocking off
#  - 1280x720, 60 frames, High profile, closed GOP 10, deblocking on, P QP 30
#  - 640x360 (coded 640x368) from NV12M buffers into imported (DMABUF)
#    CAPTURE buffers, 30 frames, GOP 10
. /opt/cedrus/lib/enc.sh

enc_setup
enc_tool qvga "$VIVID" 320x240 60 --gop 10 --force-key-at 25 --entropy cabac \
	--profile main --loop-filter disabled --qp-i 26 --qp-p 28
enc_tool hd "$VIVID" 1280x720 60 --gop 10 --entropy cabac --profile high \
	--qp-i 24 --qp-p 30
# NV12M (two planes, MMAP, filled from the vivid frames) into CAPTURE
# buffers imported from the CMA heap, 30 frames
enc_run nv12m -W 640 -H 360 -n 30 --gop 10 --cabac --nv12m --capture-dmabuf
