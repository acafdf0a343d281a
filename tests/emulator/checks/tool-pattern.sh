#!/usr/bin/env bash
# Host check of guest/tests/tool-pattern.sh: --force-key 4 on 10 frames
# (GOP 30) gives key frames at 0, 4 and 8, each with its SPS (--prepend-headers).
set -euo pipefail
CHECK_NAME=tool-pattern
. "$(dirname "$0")/tool-lib.sh"
dir=$1

# The pattern's documented luma, Y(x, y, n) = (x + y + 4n) & 255 outside the
# 32x32 square at x = 8n mod (width - 32), y = height / 4.
byte() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
f=$dir/pattern720.nv12
frame=$((1280 * 720 * 3 / 2))
[ "$(byte "$f" 100)" = 100 ] || tool_fail "pattern720: Y(100,0,0) is $(byte "$f" 100), want 100"
[ "$(byte "$f" $((1280 * 2 + 50)))" = 52 ] || tool_fail "pattern720: Y(50,2,0) wrong"
[ "$(byte "$f" $((1280 * 180 + 5)))" = 235 ] || tool_fail "pattern720: no square at (5,180)"
[ "$(byte "$f" $((frame + 3)))" = 7 ] || tool_fail "pattern720: Y(3,0,1) is $(byte "$f" $((frame + 3))), want 7"

tool_check "$dir" pattern720 1280 720 "$dir/pattern720.nv12" 0
tool_check "$dir" pattern1080 1920 1080 "$dir/pattern1080.nv12" 0,4,8
sps=$(od -An -v -tx1 "$dir/pattern1080.h264" | tr -d ' \n' | grep -o 0000000167 | wc -l)
[ "$sps" -eq 3 ] || tool_fail "pattern1080: $sps SPS, want 3 (one per IDR)"
# The tool's own stream parser agrees (summary), and --profile high is in the SPS.
grep -qx 'stream_sps_count=3' "$dir/pattern1080.summary" || tool_fail "pattern1080: tool counted other SPS"
grep -qx 'stream_profile_idc=100' "$dir/pattern1080.summary" || tool_fail "pattern1080: SPS is not High profile"
got=$(ffprobe -v error -select_streams v:0 -show_entries stream=profile -of csv=p=0 "$dir/pattern1080.h264")
[ "$got" = High ] || tool_fail "pattern1080: ffprobe reads profile '$got', want High"
