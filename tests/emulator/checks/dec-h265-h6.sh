#!/usr/bin/env bash
# Host check for dec-h265-h6 (cedrus-dec-h265-check --ten-bit on the
# H6-variant board). The expected sizes come from the formats, computed
# here (tests/emulator/README.md; mainline's formulas), not from the driver:
# - the guest's VE node has the H6 compatible;
# - the SPS's bit depth sets the CAPTURE format before any buffer: 8 bits
#   the 8-bit picture (NV12_32L32 "ST12": stride ALIGN(w, 32), luma
#   ALIGN(h, 32) lines, chroma ALIGN(those, 64) / 2; NV12: ALIGN(w, 16) x
#   ALIGN(h, 16) x 3 / 2), 10 bits that plus the 2-bit area (ALIGN(w / 4,
#   32) x h x 3 / 2), back to 8 bits and to 10 again; a 12-bit SPS refused
#   (EINVAL) and the format left as it was;
# - the CAPTURE buffers allocated then hold the 10-bit picture; a 10-bit
#   and an 8-bit picture come back DONE;
# - in a second context with CAPTURE buffers of the 8-bit size, a 10-bit
#   SPS is refused (EINVAL);
# - the QEMU trace: two decode jobs scheduled and finished, the 2-bit
#   area's offset (0x584: the 8-bit picture's size) and stride (0x58c)
#   written once each (the 10-bit job only), no DMA refused.
set -euo pipefail
dir=${1:?usage: dec-h265-h6.sh RESULTDIR}
fail() { echo "dec-h265-h6: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }
align() { echo $(( ($1 + $2 - 1) / $2 * $2 )); }
H6=allwinner,sun50i-h6-video-engine
EINVAL=22

[ -f "$dir/summary.txt" ] || fail "no summary.txt"
[ "$(val ve_compatible)" = "$H6 " ] ||
	fail "the guest's VE node is '$(val ve_compatible)', not $H6 (dec-h265-h6.dtso not applied?)"
[[ "$(val dec_node)" == /dev/video* ]] || fail "cedrus-dec node did not appear"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val "done")" = 1 ] || fail "check program did not run to the end"
[ "$(val watchdog_resets)" = 0 ] || fail "$(val watchdog_resets) watchdog timeouts in the kernel log"

w=$(val ten_bit_sps8_width) h=$(val ten_bit_sps8_height) fourcc=$(val ten_bit_sps8_fourcc)
[ "$w:$h" = 64:64 ] || fail "CAPTURE format ${w}x$h, want 64x64 (the OUTPUT format's)"
case "$fourcc" in
ST12) stride=$(align "$w" 32) lines=$(align "$h" 32)
      size8=$(( stride * lines + stride * $(align "$lines" 64) / 2 )) ;;
NV12) size8=$(( $(align "$w" 16) * $(align "$h" 16) * 3 / 2 )) ;;
*) fail "CAPTURE format '$fourcc', want ST12 (NV12_32L32) or NV12" ;;
esac
two_bit_stride=$(align $((w / 4)) 32)
size10=$(( size8 + two_bit_stride * h * 3 / 2 ))

# expect NAME ERRNO SIZEIMAGE
expect() {
	[ "$(val "$1_errno")" = "$2" ] || fail "$1: errno '$(val "$1_errno")', want $2"
	[ -z "$3" ] || [ "$(val "$1_sizeimage")" = "$3" ] ||
		fail "$1: CAPTURE sizeimage $(val "$1_sizeimage"), want $3 ($fourcc ${w}x$h, 2-bit area $((size10 - size8)))"
	[ -z "$3" ] || [ "$(val "$1_fourcc")" = "$fourcc" ] ||
		fail "$1: CAPTURE format $(val "$1_fourcc"), was $fourcc"
}
expect ten_bit_sps8 0 "$size8"
expect ten_bit_sps10 0 "$size10"
expect ten_bit_sps12 "$EINVAL" "$size10"
expect ten_bit_sps8_again 0 "$size8"
expect ten_bit_sps10_again 0 "$size10"
[ "$(val ten_bit_cap_buffer_length)" -ge "$size10" ] ||
	fail "CAPTURE buffers of $(val ten_bit_cap_buffer_length) bytes after a 10-bit SPS, want $size10 at least"
for job in ten_bit_job_10bit ten_bit_job_8bit; do
	[ "$(val ${job}_returned):$(val ${job}_error)" = 1:0 ] ||
		fail "$job: returned=$(val ${job}_returned) error=$(val ${job}_error), want DONE"
done
expect ten_bit_other_sps8 0 "$size8"
expect ten_bit_other_sps10_after_reqbufs "$EINVAL" ""

log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log (dec-h265-h6.trace not applied?)"
! grep -q allwinner_ve_dma_error "$log" ||
	fail "the VE model refused a DMA access: $(grep -m1 allwinner_ve_dma_error "$log")"
sched=$(grep -c '^allwinner_ve_dec_job_schedule' "$log" || true)
finished=$(grep -c '^allwinner_ve_dec_job_done' "$log" || true)
[ "$sched:$finished" = 2:2 ] || fail "$sched decode jobs scheduled, $finished done; want the 2 pictures"
offsets=$(sed -n 's/^allwinner_ve_write offset 0x584 value //p' "$log" | tr '\n' ' ')
strides=$(sed -n 's/^allwinner_ve_write offset 0x58c value //p' "$log" | tr '\n' ' ')
[ "$offsets" = "$(printf '0x%08x ' "$size8")" ] ||
	fail "2-bit area offsets written: '$offsets', want $(printf '0x%x' "$size8") once (the 10-bit job)"
[ "$strides" = "$(printf '0x%08x ' "$two_bit_stride")" ] ||
	fail "2-bit area strides written: '$strides', want $(printf '0x%x' "$two_bit_stride") once (the 10-bit job)"

echo "dec-h265-h6: H6 variant: CAPTURE $fourcc ${w}x$h is $size8 bytes for 8 bits, $size10 for 10 (the 2-bit area added and removed with the SPS), 12 bits refused; 10-bit and 8-bit pictures DONE, the 2-bit area at $size8 with stride $two_bit_stride in the 10-bit job only; a 10-bit SPS refused over 8-bit CAPTURE buffers"
