# CAVLC encodes of vivid DMABUFs; host check: checks/enc-cavlc.sh.
#  - 320x240, 60 frames, closed GOP 10, FORCE_KEY_FRAME before frame 25,
#    deblocking on with P QP 28 (<= 30: the lossless model stays exact),
#    SPS/PPS before every IDR; while streaming, structure controls must
#    return EBUSY and the I frame QP must still change
#  - 1280x720, 60 frames, open GOP (I period 5), SPS/PPS prepended to IDRs,
#    deblocking off
. /opt/cedrus/tests/enc-lib.sh

enc_setup
enc_run qvga -W 320 -H 240 -n 60 --gop 10 --force-key 25 --prepend \
	--profile 0 --i-qp 26 --p-qp 28 --check-busy
enc_run hd -W 1280 -H 720 -n 60 --open-gop --i-period 5 --prepend \
	--loop-filter 1 --i-qp 30 --p-qp 40
