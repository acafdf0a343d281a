#!/usr/bin/env bash
# Host check of guest/tests/dec-staging-h264.sh: mainline staging cedrus
# decoded a 20-picture H.264 context on the VE model: every picture DONE,
# at once, no watchdog; the QEMU trace shows 20 H.264 decode jobs, with
# the H.264 engine selected, all finished.
set -euo pipefail
dir=${1:?usage: dec-staging-h264.sh RESULTDIR}
summary=$dir/summary.txt
fail() { echo "dec-staging-h264: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[[ "$(val dec_node)" == /dev/video* ]] || fail "cedrus node did not appear"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val done)" = 1 ] || fail "check program did not run to the end"
[ "$(val stream_frames)" = 20 ] || fail "stream of $(val stream_frames) pictures, want 20"
[ "$(val stream_done)" = 20 ] && [ "$(val stream_error)" = 0 ] ||
	fail "$(val stream_done) of 20 pictures DONE, $(val stream_error) ERROR"
[ "$(val stream_max_ms)" -lt 1000 ] || fail "a picture took $(val stream_max_ms) ms"
[ "$(val watchdog_resets)" = 0 ] || fail "$(val watchdog_resets) watchdog timeouts, want 0"

log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log $log (dec-staging-h264.trace not applied?)"
count() { grep -c -- "$1" "$log" || true; }
for event in '^allwinner_ve_dec_job_start H.264 decode: VE_MODE 0x[0-9a-f]*1, .*bitstream 0x' \
	     '^allwinner_ve_dec_job_done H.264 decode: finished$' \
	     '^allwinner_ve_dec_job_done '; do
	[ "$(count "$event")" = 20 ] ||
		fail "$(count "$event") trace lines match '$event' in $log, want 20"
done
echo "dec-staging-h264: staging cedrus ran 20 H.264 decode jobs on the model, all DONE (longest $(val stream_max_ms) ms)"
