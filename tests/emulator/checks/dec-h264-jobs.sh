#!/usr/bin/env bash
# Host check for dec-h264-jobs: see check_dec_h264 in lib/dec.sh.
set -euo pipefail
CHECK_NAME=dec-h264-jobs
. "$(dirname "$0")/lib/dec.sh"
check_dec_h264 "${1:?usage: dec-h264-jobs.sh RESULTDIR}"
