#!/usr/bin/env bash
# Host check of guest/tests/dec-diff.sh, the decoder differential test:
# GStreamer decoded every stream of tests/emulator/dec-diff/streams.txt on
# mainline staging cedrus and on cedrus-ve without an error and without a
# watchdog timeout, so did the guest programs of dec-diff/programs.txt
# (H.264 field pictures), and the VE register writes of every decode job agree
# between the two drivers, or differ only as dec-diff/differences.txt
# lists (checks/lib/dec-diff.py). The reduced traces are left in
# RESULTDIR/reduced/DRIVER/STREAM.txt for reading and diffing.
#
# The comparison must be able to fail: on a copy of the trace with one
# register value of cedrus-ve changed (the first slice header write,
# VE_H264_SHS, of the first H.264 stream; and the same in the first field
# of the PAFF program's stream), dec-diff.py must fail naming that
# register.
set -euo pipefail
dir=${1:?usage: dec-diff.sh RESULTDIR}
data=$(cd "$(dirname "$0")/../dec-diff" && pwd)
diffpy=$(dirname "$0")/lib/dec-diff.py
fail() { echo "dec-diff: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }

[ -f "$dir/summary.txt" ] || fail "no summary.txt"
[ -z "$(val failure)" ] || fail "the guest test failed: $(val failure)"
[ "$(val done)" = 1 ] || fail "the guest test did not run to the end"
[[ "$(val gstreamer)" == 1.26.* ]] || fail "GStreamer is '$(val gstreamer)', want 1.26"
[ -f "$dir/qemu.log" ] || fail "no QEMU log (dec-diff.trace not applied?)"
[ -s "$dir/streams.list" ] || fail "no streams.list"

streams=0
while read -r name codec ext parser decoder; do
	for driver in staging cedrus-ve; do
		run=$driver-$name
		[ "$(val "${run}_rc")" = 0 ] ||
			fail "$run: gst-launch-1.0 ... ! $decoder ! fakesink exited '$(val "${run}_rc")': $(head -c 600 "$dir/$run.err" "$dir/$run.log" 2>/dev/null)"
		grep -q "^v4l2codecs: *${decoder%%!*}:" "$dir/$driver-elements.txt" ||
			fail "$driver: GStreamer has no ${decoder%%!*} element"
	done
	streams=$((streams + 1))
done <"$dir/streams.list"
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

rm -rf "$dir/reduced"
if ! python3 "$diffpy" "$dir" "$data" --reduced "$dir/reduced" >"$dir/dec-diff.txt" 2>&1; then
	cat "$dir/dec-diff.txt" >&2
	fail "the drivers' register writes differ (see above; reduced traces in $dir/reduced)"
fi
cat "$dir/dec-diff.txt"

# The same comparison on a trace with one value changed must fail, naming
# it. inject CODEC OFFSET VALUE REPORTED WHAT: in the first stream of
# CODEC (or in STREAM, the optional sixth argument), cedrus-ve's first
# write to OFFSET becomes VALUE; dec-diff.py must fail with an "unlisted
# difference" at REPORTED (OFFSET, or OFFSET[index] for an indexed
# register). Returns 1 when no stream of CODEC was run.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$dir/markers.txt" "$dir/streams.list" "$dir/programs.list" "$work/"
inject() {
	local codec=$1 offset=$2 value=$3 reported=$4 what=$5 first=${6:-} begin
	[ -n "$first" ] ||
		first=$(awk -v c="$codec" '$2 == c { print $1; exit }' "$dir/streams.list")
	[ -n "$first" ] || return 1
	begin=$(awk -v s="$first" '$2 == "cedrus-ve" && $3 == s && $4 == "begin" { print $1 }' "$dir/markers.txt")
	awk -v m="$(printf 'allwinner_rtc_write addr 0x11c value 0x%x' "$begin")" \
	    -v w="^allwinner_ve_write offset $offset value " -v v="value $value" '
		$0 == m { inside = 1 }
		inside && !done && $0 ~ w { sub(/value 0x.*/, v); done = 1 }
		{ print }' "$dir/qemu.log" >"$work/qemu.log"
	cmp -s "$dir/qemu.log" "$work/qemu.log" &&
		fail "could not inject a difference into the $codec trace"
	if python3 "$diffpy" "$work" "$data" >"$work/out.txt" 2>&1; then
		fail "an injected difference ($what of cedrus-ve on $first) passed the comparison"
	fi
	grep -q "^unlisted difference: $first job 0 .*: $reported staging 0x[0-9a-f]* cedrus-ve $value\$" \
		<(sed 's/\[/(/g; s/\]/)/g' "$work/out.txt") ||
		fail "the injected $codec difference was not reported as such: $(head -n 5 "$work/out.txt")"
}
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
