#!/usr/bin/env bash
# Host check of guest/tests/dec-diff-h6.sh, the decoder differential test on
# the H6-variant board: the guest's device tree gave the VE node the H6
# compatible; GStreamer decoded every stream of dec-diff/streams-h6.txt
# (Main 10 HEVC and one 8-bit stream) on staging cedrus and on cedrus-ve
# without an error or a watchdog timeout; the VE register writes of every
# decode job agree between the drivers, or differ only as
# dec-diff/differences-h6.txt lists (checks/lib/dec-diff.py through
# checks/lib/dec-diff.sh, with registers.txt shared with dec-diff).
# Reduced traces: RESULTDIR/reduced/.
#
# The 10-bit path must have run: every job of a Main 10 stream writes the
# 2-bit area's offset in the CAPTURE buffer (VE_DEC_H265_FIRST_OUT_2BIT_
# OFFSET, 0x584) and its stride (VE_DEC_H265_10BIT_CONFIG, 0x58c), each
# equal to what the formats give, computed here from the stream's size: the
# offset is the 8-bit picture's size in the CAPTURE format (NV12_32L32:
# stride ALIGN(w, 32), luma ALIGN(h, 32) lines, chroma ALIGN(that, 64) / 2
# lines; NV12: ALIGN(w, 16) x ALIGN(h, 16) x 3 / 2), the stride
# ALIGN(w / 4, 32). No job of the 8-bit stream writes either register.
#
# The comparison must be able to fail: with cedrus-ve's first write of the
# 2-bit stride (0x58c) of the first stream changed in a copy of the trace,
# dec-diff.py must fail naming that register.
set -euo pipefail
dir=${1:?usage: dec-diff-h6.sh RESULTDIR}
src=$(cd "$(dirname "$0")/../dec-diff" && pwd)
CHECK_NAME=dec-diff-h6
fail() { echo "$CHECK_NAME: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }
# shellcheck source=lib/dec-diff.sh
. "$(dirname "$0")/lib/dec-diff.sh"
H6=allwinner,sun50i-h6-video-engine

[ -f "$dir/summary.txt" ] || fail "no summary.txt"
[ -z "$(val failure)" ] || fail "the guest test failed: $(val failure)"
[ "$(val "done")" = 1 ] || fail "the guest test did not run to the end"
[ "$(val ve_compatible)" = "$H6 " ] ||
	fail "the guest's VE node is '$(val ve_compatible)', not $H6 (dec-diff-h6.dtso not applied?)"
[[ "$(val gstreamer)" == 1.26.* ]] || fail "GStreamer is '$(val gstreamer)', want 1.26"
[ -f "$dir/qemu.log" ] || fail "no QEMU log (dec-diff-h6.trace not applied?)"
[ -s "$dir/streams.list" ] || fail "no streams.list"
grep -q 'allwinner_ve_dma_error' "$dir/qemu.log" &&
	fail "the VE model refused a DMA access: $(grep -m1 allwinner_ve_dma_error "$dir/qemu.log")"

dec_diff_check_streams "$dir"
streams=$DEC_DIFF_RUNS
[ "$(val watchdog_resets)" = 0 ] || fail "$(val watchdog_resets) watchdog timeouts in the kernel log"

# dec-diff.py reads DATADIR/{streams,registers,differences}.txt: the H6
# lists under those names, the registers of dec-diff.
dec_diff_mktemp data
cp "$src/streams-h6.txt" "$data/streams.txt"
cp "$src/registers.txt" "$data/registers.txt"
cp "$src/differences-h6.txt" "$data/differences.txt"

dec_diff_compare "$dir" "$data"

# The 10-bit registers, job by job, in cedrus-ve's reduced trace (staging's
# is equal, or the comparison above failed).
align() { echo $(( ($1 + $2 - 1) / $2 * $2 )); }
ten_bit=0
while read -r name _ _ _ decoder; do
	args=$(awk -v n="$name" '$1 == n' "$src/streams-h6.txt")
	size=$(sed -n 's/.*testsrc2=size=\([0-9]*x[0-9]*\).*/\1/p' <<<"$args")
	[ -n "$size" ] || fail "$name: no testsrc2 size in streams-h6.txt"
	w=${size%x*} h=${size#*x}
	reduced=$dir/reduced/cedrus-ve/$name.txt
	jobs=$(grep -c '^job ' "$reduced")
	jobs=$((jobs - 1)) # the tail
	n584=$(grep -c ' 0x584 ' "$reduced" || true)
	n58c=$(grep -c ' 0x58c ' "$reduced" || true)
	case "$args" in
	*yuv420p10le*)
		ten_bit=$((ten_bit + 1))
		case "$decoder" in
		*format=NV12) offset=$(( $(align "$w" 16) * $(align "$h" 16) * 3 / 2 )) ;;
		*) stride=$(align "$w" 32) lines=$(align "$h" 32)
		   offset=$(( stride * lines + stride * $(align "$lines" 64) / 2 )) ;;
		esac
		want584=$(printf '0x%08x' $offset)
		want58c=$(printf '0x%08x' "$(align $((w / 4)) 32)")
		[ "$n584:$n58c" = "$jobs:$jobs" ] ||
			fail "$name: $jobs jobs, $n584 writes of the 2-bit offset (0x584) and $n58c of its stride (0x58c): the 10-bit path did not run in every job"
		bad=$(grep -E " 0x584 | 0x58c " "$reduced" |
		      grep -v -E " 0x584 $want584\$| 0x58c $want58c\$" || true)
		[ -z "$bad" ] ||
			fail "$name (${w}x$h): want 2-bit offset $want584 and stride $want58c, cedrus-ve wrote: $(head -n 3 <<<"$bad" | tr '\n' ';')"
		echo "dec-diff-h6: $name: $jobs jobs of 10-bit output: 2-bit area at $want584, stride $want58c"
		;;
	*)
		[ "$n584:$n58c" = 0:0 ] ||
			fail "$name (8-bit): the 2-bit area's registers were written ($n584, $n58c times)"
		;;
	esac
done <"$dir/streams.list"
[ "$ten_bit" -ge 1 ] || fail "no Main 10 stream was decoded"

# An injected difference: cedrus-ve's first write of 0x58c in the first
# H.265 stream becomes another stride; dec-diff.py must report it, unlisted.
dec_diff_inject "$dir" "$data" h265 0x58c 0x000007ff 0x58c "the 2-bit stride" ||
	fail "no H.265 stream to inject a difference into"

echo "dec-diff-h6: $streams streams decoded by both drivers on the H6 variant ($ten_bit Main 10); register writes equal but for the listed differences; the 2-bit area's registers as the formats give; an injected difference is caught"
