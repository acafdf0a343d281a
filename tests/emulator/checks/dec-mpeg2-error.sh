#!/usr/bin/env bash
# Host check of guest/tests/dec-mpeg2-error.sh: every picture of the
# 10-picture MPEG-2 context came back with ERROR, each at once (the VE's
# interrupt with the MPEG block's error bit, not the 2 s watchdog), no
# watchdog fired, and the VE model ended 10 MPEG-2 jobs with the fault.
set -euo pipefail
CHECK_NAME=dec-mpeg2-error
. "$(dirname "$0")/lib/dec.sh"
dir=${1:?usage: dec-mpeg2-error.sh RESULTDIR}
check_dec_fault "$dir" error 10 picture
n=$(grep -c '^allwinner_ve_dec_job_done MPEG-2 decode: error (injected fault)$' "$dir/qemu.log" || true)
[ "$n" = 10 ] || fail "$n MPEG-2 jobs ended by the injected fault in the QEMU trace, want 10"
echo "dec-mpeg2-error: 10 MPEG-2 pictures ERROR through the interrupt (longest $(val stream_max_ms) ms), no watchdog"
