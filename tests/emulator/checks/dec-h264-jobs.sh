#!/usr/bin/env bash
# Host check for dec-h264-jobs: see check_dec_h264 in dec-lib.sh.
set -euo pipefail
CHECK_NAME=dec-h264-jobs
. "$(dirname "$0")/dec-lib.sh"
check_dec_h264 "${1:?usage: dec-h264-jobs.sh RESULTDIR}"
