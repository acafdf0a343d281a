#!/usr/bin/env bash
# Host check of guest/tests/dec-vp8-hang-once.sh: in the 20-frame VP8
# context exactly one frame hung and came back with ERROR through one
# watchdog reset (it took about the 2 s watchdog); the other 19 came back
# DONE, so the engine programs a VE that was reset mid-job from scratch.
set -euo pipefail
CHECK_NAME=dec-vp8-hang-once
. "$(dirname "$0")/lib/dec.sh"
dir=${1:?usage: dec-vp8-hang-once.sh RESULTDIR}
check_dec_fault "$dir" hang-once 20 frame
echo "dec-vp8-hang-once: 1 VP8 frame ended by the watchdog ($(val stream_max_ms) ms), 19 DONE"
