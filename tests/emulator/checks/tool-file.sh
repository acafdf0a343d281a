#!/usr/bin/env bash
# Host check of guest/tests/tool-file.sh. The sources are converted to NV12
# with ffmpeg independently of the tool's own I420/Y4M readers.
set -euo pipefail
CHECK_NAME=tool-file
. "$(dirname "$0")/lib/tool.sh"
dir=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tool_check "$dir" file720 1280 720 "$dir/src720.nv12"

to_nv12 "$dir/src1080.i420" "$work/src1080.nv12" -f rawvideo -pix_fmt yuv420p -s 1920x1080
cmp -s "$work/src1080.nv12" "$dir/file1080.nv12" ||
	tool_fail "file1080: the tool's I420 to NV12 conversion differs from ffmpeg's"
tool_check "$dir" file1080 1920 1080 "$work/src1080.nv12"

# The raw frames the guest wrapped into src.y4m.
to_nv12 "$dir/y4m.i420" "$work/y4m.nv12" -f rawvideo -pix_fmt yuv420p -s 640x480
tool_check "$dir" y4m 640 480 "$work/y4m.nv12"
