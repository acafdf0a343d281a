#!/usr/bin/env bash
# Host check of guest/tests/enc-stress.sh: the four 300-frame streams,
# encoded at the same time, decode exactly with the frame types their
# GOPs give; the decoder ran at least twice alongside, every run of it
# ran to its end, its 300-picture contexts (100 on the debug kernel) and
# its short streams came back DONE picture by picture, and no watchdog
# fired.
set -euo pipefail
CHECK_NAME=enc-stress
. "$(dirname "$0")/lib/enc.sh"
dir=$1
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }

# 300 frames per stream; 100 on the debug kernel (results under debug/)
n=300
case $dir in */debug/*) n=100 ;; esac
[ "$(val frames)" = "$n" ] || enc_fail "the guest encoded $(val frames) frames per stream, want $n"

# types PATTERN: PATTERN repeated to n frames
types() { local t=; while [ ${#t} -lt "$n" ]; do t=$t$1; done; echo "${t:0:$n}"; }
p() { printf "%$1s" | tr ' ' P; }

# SPS and PPS come with every IDR (PREPEND_SPSPPS_TO_IDR is on by default)
idrs() { printf %s "$1" | tr -cd D | wc -c; }
# (closed GOPs of 10, 15 and 30)
for s in s1:176:144:9 s2:320:240:14 s3:352:288:29; do
	IFS=: read -r name w h ps <<<"$s"
	t=$(types "D$(p "$ps")")
	check_encode "$dir" "$name" "$w" "$h" "$t" "$(idrs "$t")"
done
# open GOP with an I every 20: one IDR, then a non-IDR I every 20 frames
t4=$(types "I$(p 19)")
check_encode "$dir" s4 256 192 "D${t4:1}" 1

runs=$(val dec_runs)
[ "${runs:-0}" -ge 2 ] || enc_fail "the decoder context ran ${runs:-0} times alongside the encoders"
[ "$(val dec_failed)" = 0 ] || enc_fail "$(val dec_failed) of $runs decoder runs failed their checks"

# Every stream line of every decoder run: all pictures DONE.
dec_frames=$(val dec_frames)
[ "$dec_frames" = "$n" ] || enc_fail "the decoder contexts ran ${dec_frames:-no} pictures, want $n"
contexts=0 pictures=0
for ((r = 0; r < runs; r++)); do
	f=$dir/dec-$r.txt
	[ -f "$f" ] || enc_fail "no dec-$r.txt"
	line=$(grep '^stream ' "$f") || enc_fail "dec-$r.txt has no stream line"
	read -r frames ok errors < <(sed -E 's/.*frames=([0-9]+) done=([0-9]+) error=([0-9]+).*/\1 \2 \3/' <<<"$line")
	[ "$ok" = "$frames" ] && [ "$errors" = 0 ] ||
		enc_fail "decoder run $r: $ok of $frames pictures DONE, $errors ERROR"
	[ "$frames" = "$dec_frames" ] && contexts=$((contexts + 1))
	pictures=$((pictures + ok))
done
[ "$contexts" -ge 1 ] || enc_fail "no decoder context of $dec_frames pictures ran"
if grep 'job timed out' "$dir/dmesg.txt" >&2; then
	enc_fail "the watchdog ended a job"
fi
echo "check enc-stress: 4 x $n frames exact in $(val stress_seconds) s, with $runs decoder runs alongside ($contexts contexts of $dec_frames pictures, $pictures pictures DONE, no watchdog)"
