# v4l2-cedrus-enc-test --camera on vivid (allocators=1: contiguous buffers):
# zero-copy with the camera's own buffers at 1280x720 and 1920x1080, with
# CMA heap buffers shared by both devices, and the --copy path; then a
# multi-planar vivid camera (NV12 in one plane, zero-copy), and NV12M (two
# planes) when the encoder node is multi-planar, or the tool's refusal of
# NV12M when it is single-planar. Host: checks/tool-camera.sh.
. /opt/cedrus/lib/tool.sh

tool_setup mplane

tool_run cam720 --camera "$VIVID" --size 1280x720 --frames 12
tool_run cam1080 --camera "$VIVID" --size 1920x1080 --frames 6
tool_run camheap --camera "$VIVID" --size 1280x720 --frames 6 --allocator cma
tool_run camcopy --camera "$VIVID" --size 1280x720 --frames 6 --copy
tool_run cammp --camera "$VIVID_MP" --size 1280x720 --frames 6

if [ "$(encoder_api)" = multi-planar ]; then
	tool_run camnv12m --camera "$VIVID_MP" --size 1280x720 --frames 6 --pixel-format nv12m
else
	tool_run_rc camnv12m --camera "$VIVID_MP" --size 1280x720 --frames 6 --pixel-format nv12m
	[ "$rc" = 3 ] || fail "camnv12m: NV12M on a single-planar encoder exited $rc, want 3"
fi

for n in cam720 cam1080 camheap cammp; do
	grep -q '^bytes_copied=0$' "$n.summary" ||
		fail "$n: the zero-copy path copied $(sed -n 's/^bytes_copied=//p' "$n.summary") bytes"
done
grep -q '^bytes_copied=0$' camcopy.summary && fail "camcopy: --copy reports 0 bytes copied"
true
