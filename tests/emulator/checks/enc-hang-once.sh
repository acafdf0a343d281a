#!/usr/bin/env bash
# Host check of guest/tests/enc-hang-once.sh: frame 0 hung and came back
# with ERROR through one watchdog reset; frames 1-11 form a stream that
# starts with SPS/PPS and an IDR (GOP 10 counted from there) and decodes
# to exactly their source frames.
set -euo pipefail
CHECK_NAME=enc-hang-once
. "$(dirname "$0")/lib/enc.sh"
dir=$1

grep -qx 'watchdog_resets=1' "$dir/summary.txt" || enc_fail "not exactly 1 watchdog reset"
enc_log "$dir" recover | sed -n 1p | awk '{ exit !$4 }' || enc_fail "frame 0 did not end with ERROR"
check_encode "$dir" recover 320 240 DPPPPPPPPPD 2 1
