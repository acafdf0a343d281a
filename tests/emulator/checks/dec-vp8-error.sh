#!/usr/bin/env bash
# Host check of guest/tests/dec-vp8-error.sh: every frame of the 20-frame
# VP8 context came back with ERROR, each at once (the VE's interrupt with
# its error bit, not the 2 s watchdog), no watchdog fired, and the QEMU
# trace shows 20 VP8 jobs that the injected fault ended.
set -euo pipefail
CHECK_NAME=dec-vp8-error
. "$(dirname "$0")/lib/dec.sh"
dir=${1:?usage: dec-vp8-error.sh RESULTDIR}
check_dec_fault "$dir" error 20 frame

log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log $log (dec-vp8-error.trace not applied?)"
n=$(grep -c '^allwinner_ve_dec_job_done VP8 decode: error (injected fault)$' "$log" || true)
all=$(grep -c '^allwinner_ve_dec_job_done ' "$log" || true)
[ "$n" = 20 ] && [ "$all" = 20 ] || fail "$n VP8 jobs ended by the injected fault, $all jobs in all: want 20 and 20"
echo "dec-vp8-error: 20 VP8 frames ERROR through the interrupt (longest $(val stream_max_ms) ms), no watchdog"
