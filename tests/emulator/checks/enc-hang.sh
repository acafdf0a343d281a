#!/usr/bin/env bash
# Host check of guest/tests/enc-hang.sh: 3 hung jobs, each ended by the
# watchdog: 3 ERROR buffers without payload, no error status.
set -euo pipefail
CHECK_NAME=enc-hang
. "$(dirname "$0")/lib/enc.sh"
check_failed_jobs "$1" hang 3 3 0
