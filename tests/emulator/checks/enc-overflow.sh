#!/usr/bin/env bash
# Host check of guest/tests/enc-overflow.sh: 4 overflowing encodes, each
# ended by the error interrupt with an ERROR buffer and no payload.
set -euo pipefail
dir=$1
fail() { echo "check enc-overflow: $*" >&2; exit 1; }

grep -qx 'errors=4' "$dir/summary.txt" || fail "not 4 error frames"
grep -qx 'watchdog_resets=0' "$dir/summary.txt" || fail "the watchdog ended a job"
grep -qx 'failed_status=4' "$dir/summary.txt" || fail "the driver did not log 4 error statuses"
[ "$(grep -c 'bytes=0 ' "$dir/overflow.frames")" -eq 4 ] || fail "payload on an error frame"
echo "check enc-overflow: 4 overflows, 4 ERROR buffers, no watchdog"
