#!/usr/bin/env bash
# Host check of guest/tests/dec-error.sh: every picture of the 20-picture
# decoder context came back with ERROR, each at once (the VE's interrupt
# with its error bit, not the 2 s watchdog), and no watchdog fired.
set -euo pipefail
CHECK_NAME=dec-error
. "$(dirname "$0")/lib/dec.sh"
dir=${1:?usage: dec-error.sh RESULTDIR}
check_dec_fault "$dir" error 20 picture
echo "dec-error: 20 pictures ERROR through the interrupt (longest $(val stream_max_ms) ms), no watchdog"
