#!/usr/bin/env bash
# Host check of guest/tests/enc-battery.sh: every case of the battery ran
# and passed (the list below is ours, so a case dropped from the program's
# table fails here), and the two-frame encode after each case decodes
# exactly to the pattern (after.nv12, 160x96). The stock-client cases leave
# streams of their own: visible-*.h264 must show exactly the visible
# picture (visible-*.nv12) at its size, colour-*.h264 must carry the
# OUTPUT colorimetry in the SPS VUI.
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/stream.sh"
fail() { echo "check enc-battery: $*" >&2; exit 1; }

cases="fmt-odd fmt-1x1 fmt-0x0 fmt-above-max fmt-65535 bpl-small bpl-absurd
sizeimage-0 sizeimage-huge fmt-streaming rc-streaming data-offset bytesused-big udmabuf
create-bufs-huge coded-4k streamoff-mid-job close-mid-job kill-9 contexts-32 drain-race
resume-streamon resume-start qbuf-after-stop eos-reset eos-start
force-key-queued
force-key-storm ctrl-limits mmap-budget-1080p coded-size-1080p visible-sizes
colorimetry"

out=$dir/battery.txt
[ -f "$out" ] || fail "no battery output"
grep -q '^hung=1' "$dir/summary.txt" 2>/dev/null &&
	fail "the battery hung: $(tr '\n' ' ' <"$dir/hung-wchan.txt")"
[ -f "$dir/after.nv12" ] || fail "no after.nv12"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for c in $cases; do
	line=$(grep "^case $c " "$out" || true)
	[ -n "$line" ] || fail "$c: did not run"
	case $line in
	*" result=pass "*) ;;
	*) fail "$c: $line" ;;
	esac
	mkdir "$work/$c"
	stream_decode_exact fail "$c (encode after it)" "$dir/after-$c.h264" \
		"$dir/after.nv12" 2 $((160 * 96 * 3 / 2)) "$work/$c"
	n=$((n + 1))
done
# Visible sizes that are no multiple of 16, set as FFmpeg sets them (no
# crop): the stream is that size and shows none of the padding columns.
for v in visible-1366:1366x768 visible-18:18x18; do
	name=${v%%:*} size=${v#*:}
	w=${size%x*} h=${size#*x}
	got=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height \
		-of csv=p=0 "$dir/$name.h264")
	[ "$got" = "$w,$h" ] || fail "$name: stream is $got, want $w,$h"
	mkdir "$work/$name"
	stream_decode_exact fail "$name" "$dir/$name.h264" "$dir/$name.nv12" 2 \
		$((w * h * 3 / 2)) "$work/$name"
	echo "check enc-battery: $name: ${w}x$h, exactly the visible picture"
done
# The OUTPUT colorimetry in the VUI (range, matrix, transfer, primaries as
# ffprobe names them): JPEG is full-range sRGB with the BT.601 matrix,
# BT.2020 with PQ, and the defaults BT.709, both limited range.
for v in colour-jpeg:pc,smpte170m,iec61966-2-1,bt709 \
	colour-pq:tv,bt2020nc,smpte2084,bt2020 \
	colour-default:tv,bt709,bt709,bt709; do
	name=${v%%:*} want=${v#*:}
	got=$(ffprobe -v error -select_streams v:0 \
		-show_entries stream=color_range,color_space,color_transfer,color_primaries \
		-of csv=p=0 "$dir/$name.h264")
	[ "$got" = "$want" ] || fail "$name: colour '$got', want '$want'"
	echo "check enc-battery: $name: VUI colour $got"
done
grep -q '^case mmap-budget-1080p .* granted=2/4 .*cma_kib=' "$out" ||
	fail "mmap-budget-1080p: not 2 OUTPUT and 4 CAPTURE buffers"
echo "check enc-battery: FFmpeg's buffers at 1080p: $(grep -o 'granted=[^ ]* cma_kib=[0-9]*' "$out")"
# The race case loops 400 times, one frame each.
grep -q '^case drain-race .* frames=400' "$out" || fail "drain-race: not 400 drains"
grep -q "^battery cases=$n failed=0" "$out" || fail "summary: $(tail -n 1 "$out")"
echo "check enc-battery: $n cases passed, each followed by an exact encode"
