#!/usr/bin/env bash
# Host check of guest/tests/tool-pipe.sh: the stream from stdout decodes to
# exactly the frames v4l2-ctl wrote into the pipe.
set -euo pipefail
CHECK_NAME=tool-pipe
. "$(dirname "$0")/lib/tool.sh"
dir=$1

[ "$(stat -c %s "$dir/pipe.src.nv12")" -eq $((15 * 640 * 480 * 3 / 2)) ] ||
	tool_fail "pipe: v4l2-ctl wrote $(stat -c %s "$dir/pipe.src.nv12") bytes, want 15 frames"
tool_check "$dir" pipe 640 480 "$dir/pipe.src.nv12"
