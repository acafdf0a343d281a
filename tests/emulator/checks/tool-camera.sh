#!/usr/bin/env bash
# Host check of guest/tests/tool-camera.sh: zero-copy runs copied no frame
# bytes, the --copy run did, and every stream decodes to the camera frames.
set -euo pipefail
CHECK_NAME=tool-camera
. "$(dirname "$0")/tool-lib.sh"
dir=$1

for n in cam720 cam1080 camheap; do
	grep -qx 'bytes_copied=0' "$dir/$n.summary" || tool_fail "$n: copied frame bytes on the zero-copy path"
	grep -q '^path=zero-copy' "$dir/$n.summary" || tool_fail "$n: not on the zero-copy path"
done
grep -q '^path=zero-copy, CMA heap' "$dir/camheap.summary" || tool_fail "camheap: not using the CMA heap"
copied=$(sed -n 's/^bytes_copied=//p' "$dir/camcopy.summary")
[ "$copied" -eq $((6 * 1280 * 720 * 3 / 2)) ] || tool_fail "camcopy: copied $copied bytes, want 6 frames"

tool_check "$dir" cam720 1280 720 "$dir/cam720.nv12"
tool_check "$dir" cam1080 1920 1080 "$dir/cam1080.nv12"
tool_check "$dir" camheap 1280 720 "$dir/camheap.nv12"
tool_check "$dir" camcopy 1280 720 "$dir/camcopy.nv12"
