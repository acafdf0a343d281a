# Stock FFmpeg 7.1 (trixie, from the clients image) on the encoder, with the
# command lines a user types: h264_v4l2m2m from raw NV12 files at 720p and
# 1080p, into an MP4 with a GOP, from a camera (vivid), at 1366x768, and a
# pixel format the encoder does not take. Besides -nostdin -y -hide_banner
# every encode runs with -v level+debug: FFmpeg logs the buffer counts and
# formats the driver granted only at debug level (the runs keep FFmpeg's
# defaults, 16 OUTPUT and 4 CAPTURE buffers asked for). The refusal runs at
# the default level, as the user sees it.
# Host: checks/clients-ffmpeg.sh decodes every output and compares it with
# its source frames (the VE model is lossless).
#
# What FFmpeg 7.1 does (libavcodec/v4l2_*.c), and what it means here:
# - Key frames: FFmpeg sets GOP_SIZE from -g (default 12) and presses
#   FORCE_KEY_FRAME before queueing a frame it wants as a key frame
#   (-force_key_frames). With the driver's default GOP_CLOSURE=1 the GOP
#   size is the IDR period, and FORCE_KEY_FRAME makes an IDR. The driver
#   codes non-IDR I frames only with GOP_CLOSURE=0 and H264_I_PERIOD,
#   neither of which FFmpeg sets: FFmpeg cannot make one. The MP4 run
#   (-g 4, a key frame forced at frame 6) has IDRs at 0, 4 and 6, and its
#   sync samples must be exactly those.
# - MP4: FFmpeg's encoder has no extradata; the mp4 muxer builds avcC from
#   the SPS and PPS of the first packet, which the driver joins to the
#   first frame (HEADER_MODE_SEPARATE is refused, FFmpeg only logs that).
# - Frames are copied into the MMAP buffers plane by plane, each
#   linesize x height bytes right after the previous one: FFmpeg uses its
#   frame's linesize and ignores the driver's bytesperline. The rawvideo
#   decoder's frames have linesize = width. At 1366x768 the driver's lines
#   are 1376 bytes apart (the VE takes its stride in macroblocks): the
#   plain command line's payload (1366-byte lines) is too small for that,
#   and the driver refuses it at QBUF with a log line saying why, rather
#   than encode a sheared picture (w1366). A frame from FFmpeg's filters
#   comes from a pool whose linesize is aligned to the CPU's SIMD width (16
#   with NEON), 1376 here: with -vf copy the picture is exact (w1366copy),
#   which also shows that the driver's side (visible width 1366, SPS
#   cropping) is right.
. /opt/cedrus/lib/clients.sh
. /opt/cedrus/lib/tool.sh

kv uptime_start "$(cut -d' ' -f1 /proc/uptime)"
clients_setup
tool_setup
vivid_webcam

# mark TEXT: a line in the kernel log, so that the host check can tell
# which run the driver's messages came with.
mark() {
	echo "clients-ffmpeg: $*" >/dev/kmsg
}

# buffers NAME: the device FFmpeg chose, and per queue what it logged after
# REQBUFS: "COUNT WxH sizeimage S bytesperline B" (NAME_output_buffers,
# NAME_capture_buffers in summary.txt).
buffers() {
	for q in output capture; do
		b=$(sed -n "s/.* $q: [A-Z0-9]* \([0-9]*\) buffers initialized: \([0-9]*\)x\([0-9]*\), sizeimage \([0-9]*\), bytesperline \([0-9]*\).*/\1 \2x\3 sizeimage \4 bytesperline \5/p" "$1.log" |
			sed 's/^0*\([0-9]\)/\1/; s/ 0*\([0-9]\)/ \1/g; s/x0*\([0-9]\)/x\1/')
		[ -z "$b" ] || kv "${1}_${q}_buffers" "$b"
	done
	b=$(sed -n 's/.*Using device \(.*\)/\1/p' "$1.log")
	[ -z "$b" ] || kv "${1}_device" "$b"
}

# ff NAME ARGS...: run "ffmpeg ARGS" (at most 300 s; exit code NAME_rc in
# summary.txt), its messages in NAME.log, the command line in NAME.cmd.
ff() {
	name=$1
	shift
	echo "ffmpeg $*" >"$name.cmd"
	log "$name: ffmpeg $*"
	mark "$name start"
	run_bounded 300 "${name}_rc" "$name.out" "$name.log" ffmpeg "$@"
	mark "$name end"
	buffers "$name"
	log "$name: exit $(sed -n "s/^${name}_rc=//p" summary.txt)"
}

# The sources: FFmpeg's moving test pattern, NV12, all in one run (ffmpeg
# takes seconds to start here). The YUYV frame is only for the refusal
# and stays out of the results. Few frames: the guest writes its results
# to the card at about 1 MB/s, and the sources are most of them.
log "sources: testsrc2 NV12 1280x720 x8, 1920x1080 x4, 1366x768 x4; YUYV 1280x720 x1"
ffmpeg -nostdin -hide_banner -v verbose \
	-f lavfi -i testsrc2=size=1280x720:rate=25 \
	-f lavfi -i testsrc2=size=1920x1080:rate=25 \
	-f lavfi -i testsrc2=size=1366x768:rate=25 \
	-map 0 -frames:v 8 -pix_fmt nv12 -f rawvideo -y src-1280x720.nv12 \
	-map 1 -frames:v 4 -pix_fmt nv12 -f rawvideo -y src-1920x1080.nv12 \
	-map 2 -frames:v 4 -pix_fmt nv12 -f rawvideo -y src-1366x768.nv12 \
	-map 0 -frames:v 1 -pix_fmt yuyv422 -f rawvideo -y /tmp/src-1280x720.yuyv \
	>sources.log 2>&1 || { tail -n 20 sources.log; fail "ffmpeg cannot make the source frames"; }
log "sources done"

ff raw720 -nostdin -hide_banner -v level+debug \
	-f rawvideo -pix_fmt nv12 -s 1280x720 -i src-1280x720.nv12 \
	-c:v h264_v4l2m2m -y raw720.h264
ff raw1080 -nostdin -hide_banner -v level+debug \
	-f rawvideo -pix_fmt nv12 -s 1920x1080 -i src-1920x1080.nv12 \
	-c:v h264_v4l2m2m -y raw1080.h264
ff mp4 -nostdin -hide_banner -v level+debug \
	-f rawvideo -pix_fmt nv12 -s 1280x720 -i src-1280x720.nv12 \
	-c:v h264_v4l2m2m -g 4 -force_key_frames 'expr:eq(n,6)' -f mp4 -y gop.mp4
# vivid's webcam input (vivid_webcam: its pattern fills the frame; the TV
# input's zero borders would make frames no conforming stream has on the
# lossless model); the frames the encoder got are the second output's.
ff camera -nostdin -hide_banner -v level+debug \
	-f v4l2 -input_format nv12 -video_size 1280x720 -i "$VIVID" \
	-frames:v 6 -c:v h264_v4l2m2m -y camera.h264 \
	-frames:v 6 -c:v rawvideo -f rawvideo -y camera-src.nv12
ff w1366 -nostdin -hide_banner -v level+debug \
	-f rawvideo -pix_fmt nv12 -s 1366x768 -i src-1366x768.nv12 \
	-c:v h264_v4l2m2m -y w1366.h264
ff w1366copy -nostdin -hide_banner -v level+debug \
	-f rawvideo -pix_fmt nv12 -s 1366x768 -i src-1366x768.nv12 \
	-vf copy -c:v h264_v4l2m2m -y w1366copy.h264
ff refused -nostdin -hide_banner \
	-f rawvideo -pix_fmt yuyv422 -s 1280x720 -i /tmp/src-1280x720.yuyv \
	-c:v h264_v4l2m2m -y refused.h264

kv uptime_end "$(cut -d' ' -f1 /proc/uptime)"
true
