# CAVLC encodes of vivid DMABUFs; host check: checks/enc-cavlc.sh.
#  - 320x240, 60 frames, closed GOP 10, FORCE_KEY_FRAME before frame 25,
#    deblocking on with P QP 28 (<= 30: the lossless model stays exact),
#    SPS/PPS before every IDR, Baseline profile (the CABAC refusals are
#    checked first); while streaming, structure controls must return EBUSY
#    and the I frame QP must still change
#  - 1280x720, 60 frames, closed GOP 10, deblocking off, QPs 30/40
#  - 320x240, 20 frames at 25 fps, open GOP (I period 5), SPS/PPS
#    prepended to IDRs, VUI sample aspect ratio 4:3
#  - 320x240, 30 frames, GOP 10, CAPTURE stopped and restarted before
#    frame 15: a new stream (SPS, PPS, IDR) starts there
. /opt/cedrus/lib/enc.sh

enc_setup
enc_run qvga -W 320 -H 240 -n 60 --gop 10 --force-key 25 --prepend \
	--profile 0 --i-qp 26 --p-qp 28 --check-busy
enc_run hd -W 1280 -H 720 -n 60 --gop 10 --loop-filter 1 --i-qp 30 --p-qp 40
enc_run open -W 320 -H 240 -n 20 --fps 25 --open-gop --i-period 5 --prepend \
	--sar 4:3
enc_run restart -W 320 -H 240 -n 30 --gop 10 --restart-at 15
