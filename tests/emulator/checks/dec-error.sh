#!/usr/bin/env bash
# Host check of guest/tests/dec-error.sh: every picture of the 20-picture
# decoder context came back with ERROR, each at once (the VE's interrupt
# with its error bit, not the 2 s watchdog), and no watchdog fired.
set -euo pipefail
dir=${1:?usage: dec-error.sh RESULTDIR}
summary=$dir/summary.txt
fail() { echo "dec-error: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val done)" = 1 ] || fail "check program did not run to the end"
[ "$(val stream_frames)" = 20 ] || fail "stream of $(val stream_frames) pictures, want 20"
[ "$(val stream_error)" = 20 ] && [ "$(val stream_done)" = 0 ] ||
	fail "$(val stream_error) of 20 pictures ERROR, $(val stream_done) DONE: want all ERROR"
[ "$(val stream_max_ms)" -lt 1000 ] || fail "a picture took $(val stream_max_ms) ms: the watchdog, not the interrupt?"
[ "$(val watchdog_resets)" = 0 ] || fail "$(val watchdog_resets) watchdog resets, want 0"
echo "dec-error: 20 pictures ERROR through the interrupt (longest $(val stream_max_ms) ms), no watchdog"
