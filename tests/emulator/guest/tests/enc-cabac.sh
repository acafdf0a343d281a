# CABAC encodes of vivid frames with v4l2-cedrus-enc-test; host check:
# checks/enc-cabac.sh.
#  - 320x240, 60 frames, closed GOP 10, FORCE_KEY_FRAME before frame 25,
#    Main profile, deblocking off (vivid DMABUFs imported)
#  - 1280x720, 60 frames, High profile, closed GOP 10, deblocking on, P QP 30
#    (vivid DMABUFs imported)
#  - 640x360 (coded 640x368) from NV12M buffers into imported (DMABUF)
#    CAPTURE buffers, 30 frames, GOP 10
. /opt/cedrus/lib/enc.sh

enc_setup
enc_tool qvga "$VIVID" 320x240 60 --gop 10 --force-key-at 25 --entropy cabac \
	--profile main --loop-filter disabled --qp-i 26 --qp-p 28
enc_tool hd "$VIVID" 1280x720 60 --gop 10 --entropy cabac --profile high \
	--qp-i 24 --qp-p 30
# NV12M (two MMAP planes the tool fills from the single-planar vivid's
# NV12 frames) into CAPTURE buffers from the CMA heap, imported
enc_tool nv12m "$VIVID" 640x360 30 --gop 10 --entropy cabac --profile main \
	--qp-i 26 --qp-p 28 --pixel-format nv12m --capture-memory dmabuf
