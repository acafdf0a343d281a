#!/usr/bin/env bash
# Host check of guest/tests/enc-finish-overtime.sh: with OVERTIME set next
# to FINISH on every frame, every frame is still done and exact.
set -euo pipefail
CHECK_NAME=enc-finish-overtime
. "$(dirname "$0")/lib/tool.sh"
dir=$1

tool_check "$dir" overtime 320 240 "$dir/src.nv12" 0,5
if grep -E 'encode failed, status|job timed out' "$dir/dmesg.txt"; then
	tool_fail "a frame with FINISH and OVERTIME was counted as failed"
fi
echo "check $CHECK_NAME: ok"
