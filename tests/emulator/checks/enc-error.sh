#!/usr/bin/env bash
# Host check of guest/tests/enc-error.sh: 5 jobs finished by the interrupt
# with an error status: 5 ERROR buffers without payload, no watchdog.
set -euo pipefail
CHECK_NAME=enc-error
. "$(dirname "$0")/lib/enc.sh"
check_failed_jobs "$1" error 5 0 5
