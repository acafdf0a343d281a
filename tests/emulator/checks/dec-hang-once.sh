#!/usr/bin/env bash
# Host check of guest/tests/dec-hang-once.sh: in the 20-picture decoder
# context, exactly one picture hung and came back with ERROR through one
# watchdog reset (it took about the 2 s watchdog); the other 19 came back
# DONE.
set -euo pipefail
CHECK_NAME=dec-hang-once
. "$(dirname "$0")/lib/dec.sh"
dir=${1:?usage: dec-hang-once.sh RESULTDIR}
check_dec_fault "$dir" hang-once 20 picture
echo "dec-hang-once: 1 picture ended by the watchdog ($(val stream_max_ms) ms), 19 DONE"
