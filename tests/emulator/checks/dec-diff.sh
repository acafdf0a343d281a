#!/usr/bin/env bash
# Host check of guest/tests/dec-diff.sh, the decoder differential test:
# GStreamer decoded every stream of tests/emulator/dec-diff/streams.txt on
# mainline staging cedrus and on cedrus-ve without an error and without a
# watchdog timeout, so did the guest programs of dec-diff/programs.txt
# (H.264 field pictures), and the VE register writes of every decode job agree
# between the two drivers, or differ only as dec-diff/differences.txt
# lists (checks/lib/dec-diff.py, through checks/lib/dec-diff.sh). The
# reduced traces are left in RESULTDIR/reduced/DRIVER/STREAM.txt for
# reading and diffing.
#
# The comparison must be able to fail: on a copy of the trace with one
# register value of cedrus-ve changed (the first slice header write,
# VE_H264_SHS, of the first H.264 stream; and the same in the first field
# of the PAFF program's stream), dec-diff.py must fail naming that
# register.
set -euo pipefail
dir=${1:?usage: dec-diff.sh RESULTDIR}
data=$(cd "$(dirname "$0")/../dec-diff" && pwd)
CHECK_NAME=dec-diff
fail() { echo "$CHECK_NAME: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }
# shellcheck source=lib/dec-diff.sh
. "$(dirname "$0")/lib/dec-diff.sh"

[ -f "$dir/summary.txt" ] || fail "no summary.txt"
[ -z "$(val failure)" ] || fail "the guest test failed: $(val failure)"
[ "$(val done)" = 1 ] || fail "the guest test did not run to the end"
[[ "$(val gstreamer)" == 1.26.* ]] || fail "GStreamer is '$(val gstreamer)', want 1.26"
[ -f "$dir/qemu.log" ] || fail "no QEMU log (dec-diff.trace not applied?)"
[ -s "$dir/streams.list" ] || fail "no streams.list"

dec_diff_check_streams "$dir"
streams=$DEC_DIFF_RUNS
# The guest programs of programs.txt (streams with synthetic controls):
# all of them ran on both drivers and exited with 0 (no job came back with
# ERROR).
want=$(grep -Ev '^[[:space:]]*(#|$)' "$data/programs.txt" | awk '{ print $1 }')
ran=$(awk '{ print $1 }' "$dir/programs.list" 2>/dev/null || true)
[ "$ran" = "$want" ] ||
	fail "the guest ran the programs '${ran//$'\n'/ }', programs.txt lists '${want//$'\n'/ }'"
while read -r name _ _ program; do
	for driver in staging cedrus-ve; do
		run=$driver-$name
		[ "$(val "${run}_rc")" = 0 ] ||
			fail "$run: $program exited '$(val "${run}_rc")': $(head -c 600 "$dir/$run.err" "$dir/$run.log" 2>/dev/null)"
	done
	streams=$((streams + 1))
done <"$dir/programs.list"
[ "$(val watchdog_resets)" = 0 ] || fail "$(val watchdog_resets) watchdog timeouts in the kernel log"

dec_diff_compare "$dir" "$data"

# The same comparison on a trace with one value changed must fail, naming
# it (dec_diff_inject).
inject() { dec_diff_inject "$dir" "$data" "$@"; }
# H.264: the first slice header write (VE_H264_SHS).
inject h264 0x208 0x7fff0000 0x208 VE_H264_SHS ||
	fail "no H.264 stream to inject a difference into"
# MPEG-2, whose quantiser matrices go through one register, an entry a
# write: the first intra entry (IQMINPUT, index 0 with the intra flag).
inject mpeg2 0x180 0x000040ff '0x180(0x40)' VE_DEC_MPEG_IQMINPUT || true
# H.265, whose addresses and SRAM table the reduction decodes its own way:
# the first slice header word (VE_DEC_H265_SHS0).
inject h265 0x520 0x7fff0000 0x520 VE_DEC_H265_SHS0 || true
# H.264 field pictures (programs.txt, h264-paff-fields): the first slice
# header of the top field (0x1231: NAL_REF, I, FIRST_SLICE_IN_PIC,
# FIELD_PIC, cabac_init_idc 1) made the bottom field's.
inject h264 0x208 0x00001239 0x208 "VE_H264_SHS BOTTOM_FIELD" h264-paff-fields

echo "dec-diff: $streams streams decoded by both drivers; register writes equal but for the listed differences; an injected difference is caught"
