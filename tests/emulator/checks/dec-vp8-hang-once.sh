#!/usr/bin/env bash
# Host check of guest/tests/dec-vp8-hang-once.sh: in the 20-frame VP8
# context exactly one frame hung and came back with ERROR through one
# watchdog reset (it took about the 2 s watchdog); the other 19 came back
# DONE, so the engine programs a VE that was reset mid-job from scratch.
set -euo pipefail
dir=${1:?usage: dec-vp8-hang-once.sh RESULTDIR}
summary=$dir/summary.txt
fail() { echo "dec-vp8-hang-once: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val done)" = 1 ] || fail "check program did not run to the end"
[ "$(val stream_frames)" = 20 ] || fail "stream of $(val stream_frames) frames, want 20"
[ "$(val stream_error)" = 1 ] && [ "$(val stream_done)" = 19 ] ||
	fail "$(val stream_error) frames ERROR, $(val stream_done) DONE: want 1 and 19"
[ "$(val watchdog_resets)" = 1 ] || fail "$(val watchdog_resets) watchdog resets, want 1"
[ "$(val stream_max_ms)" -ge 1500 ] || fail "the longest frame took $(val stream_max_ms) ms: no job waited for the watchdog"
echo "dec-vp8-hang-once: 1 VP8 frame ended by the watchdog ($(val stream_max_ms) ms), 19 DONE"
