# v4l2-cedrus-enc-test --camera on vivid (allocators=1: contiguous buffers):
# zero-copy with the camera's own buffers at 1280x720 and 1920x1080, with
# CMA heap buffers shared by both devices, and the --copy path.
# Host: checks/tool-camera.sh.
. /opt/cedrus/tests/tool-lib.sh

tool_setup

tool_run cam720 --camera "$VIVID" --size 1280x720 --frames 12
tool_run cam1080 --camera "$VIVID" --size 1920x1080 --frames 6
tool_run camheap --camera "$VIVID" --size 1280x720 --frames 6 --allocator cma
tool_run camcopy --camera "$VIVID" --size 1280x720 --frames 6 --copy

for n in cam720 cam1080 camheap; do
	grep -q '^bytes_copied=0$' "$n.summary" ||
		fail "$n: the zero-copy path copied $(sed -n 's/^bytes_copied=//p' "$n.summary") bytes"
done
grep -q '^bytes_copied=0$' camcopy.summary && fail "camcopy: --copy reports 0 bytes copied"
true
