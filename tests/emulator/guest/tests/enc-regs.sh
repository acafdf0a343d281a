# Register-level encoder checks; host check: checks/enc-regs.sh, which
# reads the VE register writes from the QEMU trace (enc-regs.trace) and
# takes every expected value from the arguments recorded here as
# NAME.args (size, frames and v4l2-cedrus-enc-test options), never from
# the driver. v4l2-cedrus-enc-test encodes.
#  - lf0: deblocking on (idc 0) with alpha -3 beta 2, QPs 22/31, open GOP
#    with I period 3 and an IDR forced before frame 6 (IDRs with SPS/PPS,
#    the driver's default, P, non-IDR I)
#  - lf2: CABAC, idc 2 with alpha 4 beta -5, closed GOP 4, SPS/PPS before
#    every IDR, QPs changed from 26/28 to 30/34 before frame 3 (while
#    streaming, once frames 0-2 are encoded)
#  - lf1: deblocking off (idc 1, so the offsets are not sent), QPs 40/45,
#    PREPEND_SPSPPS_TO_IDR off (--ctrl): an IDR without SPS/PPS
# All three stay bit-exact in the lossless model: with idc 0 or 2 a P
# slice is exact while (QP + 1) >> 1 + 2 * min(alpha, beta) <= 15.
. /opt/cedrus/lib/enc.sh

# regs_tool NAME WxH FRAMES ARGS...: enc_tool of $VIVID, with everything
# after NAME recorded for the host check. Every run names the profile,
# entropy mode, GOP, QPs and deblocking settings: the check takes them
# from here, and the driver's defaults would not be in the record.
regs_tool() {
	kv "$1.args" "$*"
	regs_name=$1 regs_size=$2 regs_frames=$3
	shift 3
	enc_tool "$regs_name" "$VIVID" "$regs_size" "$regs_frames" "$@"
}

enc_setup
regs_tool lf0 320x240 8 --profile main --entropy cavlc --loop-filter enabled \
	--loop-filter-alpha -3 --loop-filter-beta 2 --qp-i 22 --qp-p 31 \
	--gop 10 --open-gop --i-period 3 --force-key-at 6
regs_tool lf2 320x240 8 --profile main --entropy cabac \
	--loop-filter slice-boundary --loop-filter-alpha 4 --loop-filter-beta -5 \
	--qp-i 26 --qp-p 28 --gop 4 --prepend-headers --qp-change-at 3:30:34
regs_tool lf1 320x240 4 --profile main --entropy cavlc --loop-filter disabled \
	--loop-filter-alpha 5 --loop-filter-beta -6 --qp-i 40 --qp-p 45 --gop 2 \
	--ctrl prepend_sps_and_pps_to_idr=0
