# Register-level encoder checks; host check: checks/enc-regs.sh, which
# reads the VE register writes from the QEMU trace (enc-regs.trace) and
# takes every expected value from the arguments recorded here as
# NAME.args (cedrus-enc-check options), never from the driver.
#  - lf0: deblocking on (idc 0) with alpha -3 beta 2, QPs 22/31, open GOP
#    with I period 3 and an IDR forced before frame 6 (IDR with SPS/PPS,
#    P, non-IDR I, IDR without SPS/PPS)
#  - lf2: CABAC, idc 2 with alpha 4 beta -5, closed GOP 4, SPS/PPS before
#    every IDR, QPs changed from 26/28 to 30/34 before frame 3
#  - lf1: deblocking off (idc 1, so the offsets are not sent), QPs 40/45
# All three stay bit-exact in the lossless model: with idc 0 or 2 a P
# slice is exact while (QP + 1) >> 1 + 2 * min(alpha, beta) <= 15.
. /opt/cedrus/lib/enc.sh

# regs_run NAME ARGS...: enc_run, with ARGS recorded for the host check
regs_run() {
	kv "$1.args" "$*"
	enc_run "$@"
}

enc_setup
regs_run lf0 -W 320 -H 240 -n 8 --loop-filter 0 --alpha -3 --beta 2 \
	--i-qp 22 --p-qp 31 --open-gop --i-period 3 --force-key 6
regs_run lf2 -W 320 -H 240 -n 8 --cabac --loop-filter 2 --alpha 4 \
	--beta -5 --gop 4 --prepend --qp-change 3:30:34
regs_run lf1 -W 320 -H 240 -n 4 --loop-filter 1 --alpha 5 --beta -6 \
	--gop 2 --i-qp 40 --p-qp 45
