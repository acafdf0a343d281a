#!/usr/bin/env bash
# Host check of guest/tests/dec-mpeg2-error.sh: every picture of the
# 10-picture MPEG-2 context came back with ERROR, each at once (the VE's
# interrupt with the MPEG block's error bit, not the 2 s watchdog), no
# watchdog fired, and the VE model ended 10 MPEG-2 jobs with the fault.
set -euo pipefail
dir=${1:?usage: dec-mpeg2-error.sh RESULTDIR}
summary=$dir/summary.txt
fail() { echo "dec-mpeg2-error: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val done)" = 1 ] || fail "check program did not run to the end"
[ "$(val stream_frames)" = 10 ] || fail "stream of $(val stream_frames) pictures, want 10"
[ "$(val stream_error)" = 10 ] && [ "$(val stream_done)" = 0 ] ||
	fail "$(val stream_error) of 10 pictures ERROR, $(val stream_done) DONE: want all ERROR"
[ "$(val stream_max_ms)" -lt 1000 ] || fail "a picture took $(val stream_max_ms) ms: the watchdog, not the interrupt?"
[ "$(val watchdog_resets)" = 0 ] || fail "$(val watchdog_resets) watchdog resets, want 0"
n=$(grep -c '^allwinner_ve_dec_job_done MPEG-2 decode: error (injected fault)$' "$dir/qemu.log" || true)
[ "$n" = 10 ] || fail "$n MPEG-2 jobs ended by the injected fault in the QEMU trace, want 10"
echo "dec-mpeg2-error: 10 MPEG-2 pictures ERROR through the interrupt (longest $(val stream_max_ms) ms), no watchdog"
