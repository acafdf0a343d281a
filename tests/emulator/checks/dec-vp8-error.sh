#!/usr/bin/env bash
# Host check of guest/tests/dec-vp8-error.sh: every frame of the 20-frame
# VP8 context came back with ERROR, each at once (the VE's interrupt with
# its error bit, not the 2 s watchdog), no watchdog fired, and the QEMU
# trace shows 20 VP8 jobs that the injected fault ended.
set -euo pipefail
dir=${1:?usage: dec-vp8-error.sh RESULTDIR}
summary=$dir/summary.txt
fail() { echo "dec-vp8-error: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val done)" = 1 ] || fail "check program did not run to the end"
[ "$(val stream_frames)" = 20 ] || fail "stream of $(val stream_frames) frames, want 20"
[ "$(val stream_error)" = 20 ] && [ "$(val stream_done)" = 0 ] ||
	fail "$(val stream_error) of 20 frames ERROR, $(val stream_done) DONE: want all ERROR"
[ "$(val stream_max_ms)" -lt 1000 ] || fail "a frame took $(val stream_max_ms) ms: the watchdog, not the interrupt?"
[ "$(val watchdog_resets)" = 0 ] || fail "$(val watchdog_resets) watchdog resets, want 0"

log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log $log (dec-vp8-error.trace not applied?)"
n=$(grep -c '^allwinner_ve_dec_job_done VP8 decode: error (injected fault)$' "$log" || true)
all=$(grep -c '^allwinner_ve_dec_job_done ' "$log" || true)
[ "$n" = 20 ] && [ "$all" = 20 ] || fail "$n VP8 jobs ended by the injected fault, $all jobs in all: want 20 and 20"
echo "dec-vp8-error: 20 VP8 frames ERROR through the interrupt (longest $(val stream_max_ms) ms), no watchdog"
