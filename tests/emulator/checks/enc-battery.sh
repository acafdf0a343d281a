#!/usr/bin/env bash
# Host check of guest/tests/enc-battery.sh: every case of the battery ran
# and passed (the list below is ours, so a case dropped from the program's
# table fails here), and the two-frame encode after each case decodes
# exactly to the pattern (after.nv12, 160x96).
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/stream.sh"
fail() { echo "check enc-battery: $*" >&2; exit 1; }

cases="fmt-odd fmt-1x1 fmt-0x0 fmt-above-max fmt-65535 bpl-small bpl-absurd
sizeimage-0 sizeimage-huge fmt-streaming data-offset bytesused-big udmabuf
create-bufs-huge coded-4k streamoff-mid-job close-mid-job kill-9 contexts-32 drain-race
resume-streamon resume-start qbuf-after-stop eos-reset eos-start
force-key-queued
force-key-storm ctrl-limits"

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
# The race case loops 400 times, one frame each.
grep -q '^case drain-race .* frames=400' "$out" || fail "drain-race: not 400 drains"
grep -q "^battery cases=$n failed=0" "$out" || fail "summary: $(tail -n 1 "$out")"
echo "check enc-battery: $n cases passed, each followed by an exact encode"
