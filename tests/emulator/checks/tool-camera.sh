#!/usr/bin/env bash
# Host check of guest/tests/tool-camera.sh: zero-copy runs copied no frame
# bytes and imported the camera's own buffers (EXPBUF) or CMA heap buffers,
# the --copy run copied every frame, the multi-planar camera shared its
# buffers too, NV12M went zero-copy plane by plane on a multi-planar
# encoder (or was refused with exit 3 on a single-planar one), and every
# stream decodes to the camera frames.
set -euo pipefail
CHECK_NAME=tool-camera
. "$(dirname "$0")/lib/tool.sh"
dir=$1

for n in cam720 cam1080 camheap cammp; do
	grep -qx 'bytes_copied=0' "$dir/$n.summary" || tool_fail "$n: copied frame bytes on the zero-copy path"
done
for n in cam720 cam1080 cammp; do
	grep -qx 'path=zero-copy, camera buffers (EXPBUF)' "$dir/$n.summary" ||
		tool_fail "$n: not zero-copy with the camera's buffers: $(grep '^path=' "$dir/$n.summary")"
done
grep -q '^path=zero-copy, CMA heap' "$dir/camheap.summary" || tool_fail "camheap: not using the CMA heap"
copied=$(sed -n 's/^bytes_copied=//p' "$dir/camcopy.summary")
[ "$copied" -eq $((6 * 1280 * 720 * 3 / 2)) ] || tool_fail "camcopy: copied $copied bytes, want 6 frames"

api=$(sed -n 's/^encoder_api=//p' "$dir/summary.txt")
grep -qx "encoder_api=$api" "$dir/cam720.summary" ||
	tool_fail "cam720: the tool used another API than the node's ($api)"
grep -qx 'output_format=NV12' "$dir/cammp.summary" || tool_fail "cammp: OUTPUT format is not NV12"

tool_check "$dir" cam720 1280 720 "$dir/cam720.nv12"
tool_check "$dir" cam1080 1920 1080 "$dir/cam1080.nv12"
tool_check "$dir" camheap 1280 720 "$dir/camheap.nv12"
tool_check "$dir" camcopy 1280 720 "$dir/camcopy.nv12"
tool_check "$dir" cammp 1280 720 "$dir/cammp.nv12"

case $api in
multi-planar)
	grep -qx 'output_format=NV12M' "$dir/camnv12m.summary" || tool_fail "camnv12m: OUTPUT is not NV12M"
	grep -qx 'path=zero-copy, camera buffers (EXPBUF)' "$dir/camnv12m.summary" ||
		tool_fail "camnv12m: NV12M not shared plane by plane"
	tool_check "$dir" camnv12m 1280 720 "$dir/camnv12m.nv12"
	;;
single-planar)
	grep -qx 'camnv12m.rc=3' "$dir/summary.txt" || tool_fail "camnv12m: want exit 3"
	grep -q 'NV12M needs the multi-planar API' "$dir/camnv12m.log" ||
		tool_fail "camnv12m: the refusal does not say why"
	echo "check $CHECK_NAME: camnv12m refused on the single-planar encoder, as it must be"
	;;
*)
	tool_fail "no encoder_api in summary.txt"
	;;
esac
