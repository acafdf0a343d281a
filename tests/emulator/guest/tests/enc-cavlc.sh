# CAVLC encodes of vivid DMABUFs; host check: checks/enc-cavlc.sh.
#  - 320x240, 60 frames, closed GOP 10, FORCE_KEY_FRAME before frame 25,
#    deblocking on with P QP 28 (<= 30: the lossless model stays exact),
#    SPS/PPS before every IDR, Baseline profile; before it, without
#    encoding: the CABAC refusals with a Baseline profile, and while
#    streaming, structure controls must return EBUSY and the I frame QP
#    must still change
#  - 1280x720, 60 frames, closed GOP 10, deblocking off, QPs 30/40
#  - 320x240, 20 frames at 25 fps, open GOP (I period 5), SPS/PPS
#    prepended to IDRs, VUI sample aspect ratio 4:3
#  - 320x240, 30 frames, GOP 10, CAPTURE stopped and restarted before
#    frame 15: a new stream (SPS, PPS, IDR) starts there
#  - without encoding (cedrus-enc-check --client-rules): the rules stock
#    clients rely on: ENUM_FRAMESIZES against S_FMT, HEADER_MODE, the
#    PREPEND_SPSPPS_TO_IDR default, a level too low failing STREAMON
# v4l2-cedrus-enc-test encodes; cedrus-enc-check --api-only checks the
# API rules an encoding client must not exercise.
. /opt/cedrus/lib/enc.sh

enc_setup
enc_api api -W 320 -H 240 --profile 0 --i-qp 26 --p-qp 28 --check-busy
enc_api clients -W 320 -H 240 --client-rules
enc_tool qvga "$VIVID" 320x240 60 --gop 10 --force-key-at 25 --prepend-headers \
	--profile baseline --qp-i 26 --qp-p 28
enc_tool hd "$VIVID" 1280x720 60 --gop 10 --loop-filter disabled --qp-i 30 \
	--qp-p 40
enc_tool open "$VIVID" 320x240 20 --fps 25 --gop 10 --open-gop --i-period 5 \
	--prepend-headers --sar 4:3
enc_tool restart "$VIVID" 320x240 30 --gop 10 --restart-capture-at 15
