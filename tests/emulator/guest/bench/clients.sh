# make bench-clients, one boot: encode FRAMES frames of WxH along one path,
# so that the host (tests/emulator/bench/clients.sh) can count the guest's
# instructions. Not a test (guest/tests/ holds the tests); booted with
# run-test.sh bench/clients. The parameters come from the kernel command
# line, written by the host:
#
#   cedrus.bench=PATH,WxH,FRAMES
#
# PATH is one of
#   camera     vivid capture alone (v4l2-ctl, MMAP, to /dev/null): the
#              baseline of the tool paths, since vivid renders every frame
#              with the CPU in the kernel, which a real sensor and CSI do not
#   camera-mp  the same on the multi-planar vivid (NV12M): GStreamer's
#              baseline
#   tool       v4l2-cedrus-enc-test --camera, zero-copy (vivid's buffers
#              exported with EXPBUF and imported by the encoder)
#   tool-copy  the same with --copy (the CPU copies every frame)
#   gst        gst-launch-1.0 v4l2src ! v4l2h264enc ! fakesink with dma-bufs
#              between them (see gst_run)
#   ffmpeg     ffmpeg -f rawvideo -i in.nv12 -c:v h264_v4l2m2m -f null, the
#              file's 8 frames (captured from vivid first) read in a loop
#
# Every boot sets up the same (both vivid instances, the encoder, the
# clients image), whatever its path: all of it cancels out of the
# per-frame figure, with the boot and GStreamer's plugin scan.
# Every client asks for one IDR frame and P frames after it (a GOP of $GOP
# frames, longer than any run; the driver's default is 12): the model's I
# frames are lossless PCM, megabytes each, which no real encoder writes.
# The encoded stream is not kept.
. /opt/cedrus/lib/tool.sh

bench=
for word in $(cat /proc/cmdline); do
	case "$word" in
	cedrus.bench=*) bench=${word#cedrus.bench=} ;;
	esac
done
IFS=, read -r path size frames <<EOF
$bench
EOF
width=${size%x*} height=${size#*x}
case "$frames" in
'' | *[!0-9]*) fail "cedrus.bench='$bench': want PATH,WxH,FRAMES" ;;
esac
kv path "$path"
kv size "$size"
kv frames "$frames"
GOP=1000

# bounded NAME CMD...: CMD with its output in NAME.log and NAME.err, for at
# most 300 guest seconds (busybox timeout: one wakeup a second, no new
# process; idle guest time passes at once with -icount sleep=off, so a
# hung client ends the boot quickly). Fails the boot if CMD fails.
bounded() {
	name=$1
	shift
	rc=0
	timeout 300 "$@" >"$name.log" 2>"$name.err" || rc=$?
	kv "${name}_rc" "$rc"
	[ "$rc" != 143 ] || fail "$name did not finish in 300 s"
	[ "$rc" = 0 ] || fail "$name exited $rc: $(grep -i -m 1 error "$name.err" || tail -n 1 "$name.err")"
}

# camera_prepare NODE FOURCC: input 0 (the webcam: progressive frames at
# native 1280x720 and 1920x1080; input 1, TV, which tool-camera uses for
# its any-size scaler, gives interlaced frames, which v4l2h264enc
# refuses), WxH and 30 fps. Every camera path runs at 30 fps: the
# kernel's own periodic work goes into the per-frame figure in proportion
# to the time a frame takes (at vivid's default 5 fps, ~0.1 M more a
# frame). v4l2-ctl 1.30 sends S_PARM with the single-planar buffer type,
# which the multi-planar vivid refuses; one frame through GStreamer sets
# its rate, which it keeps.
camera_prepare() {
	v4l2-ctl -d "$1" -i 0 >/dev/null || fail "vivid $1: cannot select input 0 (webcam)"
	v4l2-ctl -d "$1" --set-fmt-video=width="$width",height="$height",pixelformat="$2" ||
		fail "vivid $1 refuses $2 $size"
	if [ "$1" = "$VIVID" ]; then
		v4l2-ctl -d "$1" --set-parm=30 >/dev/null || fail "vivid $1 refuses 30 fps"
	else
		gst-launch-1.0 -q v4l2src device="$1" num-buffers=1 \
			! video/x-raw,format=NV12,width="$width",height="$height",framerate=30/1 \
			! fakesink >/dev/null 2>&1 || fail "vivid $1 refuses 30 fps (GStreamer)"
	fi
}

# camera_run NODE: v4l2-ctl capturing FRAMES frames to /dev/null.
camera_run() {
	log "bench: $path $size, $frames frames"
	bounded camera v4l2-ctl -d "$1" --stream-mmap --stream-count="$frames" --stream-to=/dev/null
}

# gst_run: GStreamer from the multi-planar vivid. On a multi-planar device
# v4l2object prefers NV12M for NV12 caps, so the encoder's OUTPUT is NV12M
# and an import needs one dma-buf per plane, which the single-planar vivid
# cannot give ("Got 1 dmabuf but needed 2"). At 1280x720 the encoder
# imports vivid's buffers; at 1920x1080 the encoder reads 1088 rows, more
# than vivid's buffers hold, so the encoder exports and vivid imports.
# GStreamer would set the level to the lowest the encoder lists (1.0),
# which the driver refuses for these sizes: the caps ask for 4.
gst_run() {
	if [ "$height" -eq $(((height + 15) / 16 * 16)) ]; then
		src_io=dmabuf enc_io=dmabuf-import
	else
		src_io=dmabuf-import enc_io=dmabuf
	fi
	kv gst_io "v4l2src io-mode=$src_io, v4l2h264enc output-io-mode=$enc_io"
	log "bench: gst $size, $frames frames, v4l2src $src_io, v4l2h264enc $enc_io"
	export GST_DEBUG=2
	bounded gst gst-launch-1.0 -q v4l2src device="$VIVID_MP" io-mode=$src_io num-buffers="$frames" \
		! video/x-raw,format=NV12,width="$width",height="$height",framerate=30/1 \
		! v4l2h264enc output-io-mode=$enc_io extra-controls="controls,video_gop_size=$GOP" \
		! video/x-h264,level='(string)4' ! fakesink
}

ffmpeg_run() {
	log "bench: ffmpeg $size, $frames frames"
	bounded ffmpeg ffmpeg -hide_banner -nostdin -nostats -f rawvideo -pix_fmt nv12 -s "$size" \
		-r 30 -stream_loop -1 -i /tmp/in.nv12 -frames:v "$frames" -c:v h264_v4l2m2m -g $GOP -f null -
	encoded=$(tr '\r' '\n' <ffmpeg.err | sed -n 's/^frame= *\([0-9]*\) .*/\1/p' | tail -n 1)
	[ "$encoded" = "$frames" ] || fail "ffmpeg encoded '$encoded' frames, not $frames (ffmpeg.err)"
}

# The same setup in every boot.
tool_setup mplane
. /opt/cedrus/lib/clients.sh
clients_setup
gst-inspect-1.0 v4l2h264enc >gst-inspect.log 2>&1 ||
	fail "GStreamer has no v4l2h264enc (gst-inspect.log)"
camera_prepare "$VIVID" NV12
camera_prepare "$VIVID_MP" NM12
case "$path" in
ffmpeg)
	v4l2-ctl -d "$VIVID" --stream-mmap --stream-count=8 \
		--stream-to=/tmp/in.nv12 >capture.log 2>&1 ||
		fail "capturing 8 frames from vivid failed (capture.log)"
	;;
esac

case "$path" in
camera) camera_run "$VIVID" ;;
camera-mp) camera_run "$VIVID_MP" ;;
tool | tool-copy)
	copy=
	[ "$path" = tool-copy ] && copy=--copy
	log "bench: $path $size, $frames frames"
	bounded tool v4l2-cedrus-enc-test --device "$ENC" --camera "$VIVID" --size "$size" \
		--frames "$frames" --gop $GOP $copy --output /dev/null --summary tool.summary \
		--timeout 60000 -q
	grep -q "^frames=$frames\$" tool.summary ||
		fail "the tool encoded $(sed -n 's/^frames=//p' tool.summary) frames, not $frames"
	grep -q "^error_buffers=0\$" tool.summary ||
		fail "the tool got $(sed -n 's/^error_buffers=//p' tool.summary) ERROR buffers"
	kv tool_path "$(sed -n 's/^path=//p' tool.summary)"
	;;
gst) gst_run ;;
ffmpeg) ffmpeg_run ;;
*) fail "cedrus.bench: unknown path '$path'" ;;
esac
log "bench: done"
