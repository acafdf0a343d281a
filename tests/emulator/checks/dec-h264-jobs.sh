#!/usr/bin/env bash
# Host check for dec-h264-jobs: see check_dec_h264 in lib/dec.sh; then the
# QEMU trace (dec-h264-jobs.trace): the VE model ran exactly the jobs that
# reached the hardware (the 3 valid ones and the stream's pictures), each
# an H.264 decode on the selected engine, and finished every one.
set -euo pipefail
CHECK_NAME=dec-h264-jobs
. "$(dirname "$0")/lib/dec.sh"
dir=${1:?usage: dec-h264-jobs.sh RESULTDIR}
check_dec_h264 "$dir"

log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log $log (dec-h264-jobs.trace not applied?)"
count() { grep -c -- "$1" "$log" || true; }
jobs=$((3 + $(sed -n 's/^stream_frames=//p' "$dir/summary.txt")))
for event in '^allwinner_ve_dec_job_schedule H.264 decode job runs in ' \
	     '^allwinner_ve_dec_job_start H.264 decode: VE_MODE 0x[0-9a-f]*1, .*bitstream 0x' \
	     '^allwinner_ve_dec_job_done H.264 decode: finished$' \
	     '^allwinner_ve_dec_job_done '; do
	[ "$(count "$event")" = "$jobs" ] ||
		fail "$(count "$event") trace lines match '$event' in $log, want $jobs"
done
echo "dec-h264-jobs: the VE model traced $jobs H.264 decode jobs, all finished"
