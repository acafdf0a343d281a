# v4l2-ctl (v4l-utils 1.30, Debian's) as the stock M2M client of the
# encoder, with the command lines a user types: MMAP both ways, frames from
# a file (--stream-out-mmap --stream-from --stream-mmap --stream-to), at
# 1280x720 and 1920x1080. The source frames are vivid's, captured by
# v4l2-ctl too.
#
# --stream-out-dmabuf (OUTPUT buffers exported by vivid, -E) cannot work
# with any stateful M2M device in v4l2-ctl 1.30: streaming_set_m2m()
# exports the exporter's buffers for the OUTPUT queue before that queue has
# any (its REQBUFS comes later, in stateful_m2m()), so no dma-buf is
# exported and mapping them fails ("do_setup_out_buffers q.obtain_bufs
# failed"), still with exit code 0. The test runs that command line on our
# encoder and on vicodec's stateful encoder, to show the same failure on
# both: it is the client's. Zero-copy import from a camera is covered by
# the tool (tool-camera) and GStreamer (clients-gst-camera).
# Host check: checks/clients-v4l2ctl.sh decodes every stream and compares
# it with the source frames.
. /opt/cedrus/lib/tool.sh

tool_setup
vivid_webcam

# capture_source W H FRAMES: vivid's NV12 frames into src-WxH.nv12.
capture_source() {
	v4l2-ctl -d "$VIVID" --set-fmt-video=width="$1",height="$2",pixelformat=NV12 \
		--stream-mmap --stream-count="$3" --stream-to="src-$1x$2.nv12" \
		>"src-$1x$2.log" 2>&1 || fail "v4l2-ctl cannot capture $1x$2 from vivid"
	kv "src_$1x$2_bytes" "$(stat -c %s "src-$1x$2.nv12")"
}

# encode NAME W H [ARGS...]: encode src-WxH.nv12 into NAME.h264 with
# v4l2-ctl; its exit code is NAME_rc in summary.txt, its output NAME.log.
encode() {
	name=$1 w=$2 h=$3
	shift 3
	log "v4l2-ctl $name: ${w}x$h $*"
	rc=0
	v4l2-ctl -d "$ENC" --set-fmt-video-out=width="$w",height="$h",pixelformat=NV12 \
		--set-fmt-video=pixelformat=H264 "$@" --stream-mmap \
		--stream-from="src-${w}x$h.nv12" --stream-to="$name.h264" \
		>"$name.log" 2>&1 || rc=$?
	kv "${name}_rc" "$rc"
	log "v4l2-ctl $name: exit $rc, $(stat -c %s "$name.h264" 2>/dev/null || echo no) bytes"
}

capture_source 1280 720 8
capture_source 1920 1080 4

encode mmap720 1280 720 --stream-out-mmap
encode mmap1080 1920 1080 --stream-out-mmap

v4l2-ctl -d "$VIVID" --set-fmt-video=width=1280,height=720,pixelformat=NV12 ||
	fail "vivid: cannot set 1280x720"
encode dmabuf720 1280 720 --stream-out-dmabuf -E "$VIVID"

# The same command line on vicodec's stateful encoder (FWHT).
load_module vicodec
n=0
until VICODEC=$(node_by_name stateful-encoder); do
	n=$((n + 1))
	[ $n -lt 50 ] || fail "no vicodec stateful-encoder node"
	sleep 0.2
done
rc=0
v4l2-ctl -d "$VICODEC" --set-fmt-video-out=width=1280,height=720,pixelformat=NV12 \
	--stream-out-dmabuf -E "$VIVID" --stream-mmap \
	--stream-from=src-1280x720.nv12 --stream-to=vicodec-dmabuf720.fwht \
	>vicodec-dmabuf720.log 2>&1 || rc=$?
kv vicodec-dmabuf720_rc "$rc"
true
