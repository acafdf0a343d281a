# CABAC encodes of vivid DMABUFs; host check: checks/enc-cabac.sh.
#  - 320x240, 60 frames, closed GOP 10, FORCE_KEY_FRAME before frame 25,
#    Main profile, deblocking off
#  - 1280x720, 60 frames, High profile, closed GOP 10, deblocking on, P QP 30
#  - 640x360 (coded 640x368) from NV12M buffers into imported (DMABUF)
#    CAPTURE buffers, 30 frames, GOP 10
. /opt/cedrus/lib/enc.sh

enc_setup
enc_run qvga -W 320 -H 240 -n 60 --gop 10 --force-key 25 --cabac \
	--profile 2 --loop-filter 1 --i-qp 26 --p-qp 28
enc_run hd -W 1280 -H 720 -n 60 --gop 10 --cabac --profile 4 \
	--i-qp 24 --p-qp 30
# NV12M (two planes, MMAP, filled from the vivid frames) into CAPTURE
# buffers imported from the CMA heap, 30 frames
enc_run nv12m -W 640 -H 360 -n 30 --gop 10 --cabac --nv12m --capture-dmabuf
