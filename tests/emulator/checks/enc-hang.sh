#!/usr/bin/env bash
# Host check of guest/tests/enc-hang.sh: 3 hung jobs, 3 watchdog resets,
# every CAPTURE buffer back with the ERROR flag and no payload.
set -euo pipefail
dir=$1
fail() { echo "check enc-hang: $*" >&2; exit 1; }

grep -qx 'errors=3' "$dir/summary.txt" || fail "not 3 error frames"
grep -qx 'watchdog_resets=3' "$dir/summary.txt" || fail "not 3 watchdog resets"
[ "$(grep -c 'error=1' "$dir/hang.frames")" -eq 3 ] || fail "frame log"
[ "$(grep -c 'bytes=0 ' "$dir/hang.frames")" -eq 3 ] || fail "payload on an error frame"
echo "check enc-hang: 3 hung encodes, 3 watchdog resets, 3 ERROR buffers"
