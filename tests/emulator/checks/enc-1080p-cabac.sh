#!/usr/bin/env bash
# Host check of guest/tests/enc-1080p-cabac.sh: 1920x1088 coded, 1080 visible.
set -euo pipefail
CHECK_NAME=enc-1080p-cabac
. "$(dirname "$0")/lib/enc.sh"
dir=$1

check_encode "$dir" cabac 1920 1080 "$(for i in $(seq 6); do printf DPPPPPPPPP; done)" 6
model_job_times "$dir" 60
