# Rate control with the stock clients, command lines as a user types them:
# FFmpeg 7.1's h264_v4l2m2m with -b:v, and without it (FFmpeg then sets
# BITRATE to its default, 200 kbit/s, less than testsrc2 takes at 640x360
# even at QP 51: lim-ff-default, a documented limit), and GStreamer 1.26's v4l2h264enc
# with extra-controls="controls,video_bitrate=..." (the driver's default
# mode is CBR, and FRAME_RC_ENABLE is on) and with VBR and a peak
# (video_bitrate_mode=0, video_peak_bitrate). 300 frames of moving content
# at 30 fps, 640x360: FFmpeg's testsrc2 (lavfi, rate=30: FFmpeg sets the
# encoder's frame rate from it with S_PARM), GStreamer's scrolled SMPTE
# bars (videotestsrc, caps framerate=30/1, which v4l2h264enc sets with
# S_PARM; the driver's default is 25 fps, which would miss the target by
# 20 %). FFmpeg's debug log (-v debug) shows what it set; GStreamer logs
# warnings only (GST_DEBUG=*:2): with its v4l2 category at DEBUG level
# gst-launch-1.0 1.26.2 crashes setting up v4l2h264enc's buffer pool
# ("GLib-GObject-CRITICAL: can't peek value table for type '<invalid>'",
# SIGSEGV), with or without rate control. The VE's reconstructions go to
# rec.nv12 (clients-rc.rec-dump); each run's target is in NAME.summary.
# Host: checks/clients-rc.sh parses the streams (sizes, types and slice
# QPs of every frame) and holds them to enc-rc's bounds.
. /opt/cedrus/lib/clients.sh

kv uptime_start "$(cut -d' ' -f1 /proc/uptime)"
clients_setup
load_module cedrus-ve

W=640
H=360

# target NAME MODE BITRATE PEAK CONTENT: what run NAME asked for, in the
# keys of the tool's --summary that enc-rc-table.py reads.
target() {
	{
		echo "content=$5"
		echo "width=$W"
		echo "height=$H"
		echo "rc=$2"
		echo "target_bitrate_bps=$3"
		echo "peak_bitrate_bps=$4"
	} >"$1.summary"
}

# ff NAME ARGS...: ffmpeg ARGS (at most 300 s), NAME_rc in summary.txt,
# its messages in NAME.log, the command in NAME.cmd.
ff() {
	name=$1
	shift
	echo "ffmpeg $*" >"$name.cmd"
	log "$name: ffmpeg $*"
	run_bounded 300 "${name}_rc" "$name.out" "$name.log" ffmpeg "$@"
	log "$name: exit $(sed -n "s/^${name}_rc=//p" summary.txt), $(sed -n "s/^${name}_seconds=//p" summary.txt) s"
}

# gst NAME ARGS...: gst-launch-1.0 ARGS (at most 300 s), the same files,
# GStreamer's warnings in NAME.gstlog.
gst() {
	name=$1
	shift
	echo "gst-launch-1.0 $*" >"$name.cmd"
	log "$name: gst-launch-1.0 $*"
	run_bounded 300 "${name}_rc" "$name.out" "$name.log" \
		env GST_DEBUG='*:2' GST_DEBUG_FILE="$RESULTS/$name.gstlog" gst-launch-1.0 "$@"
	log "$name: exit $(sed -n "s/^${name}_rc=//p" summary.txt), $(sed -n "s/^${name}_seconds=//p" summary.txt) s"
}

target ff-1m cbr 1000000 0 "FFmpeg -b:v, testsrc2"
ff ff-1m -nostdin -hide_banner -v level+debug \
	-f lavfi -i testsrc2=size=${W}x$H:rate=30 -frames:v 300 -pix_fmt nv12 \
	-c:v h264_v4l2m2m -b:v 1M -y ff-1m.h264
target lim-ff-default cbr 200000 0 "FFmpeg default, testsrc2"
ff lim-ff-default -nostdin -hide_banner -v level+debug \
	-f lavfi -i testsrc2=size=${W}x$H:rate=30 -frames:v 300 -pix_fmt nv12 \
	-c:v h264_v4l2m2m -y lim-ff-default.h264
target gst-1m cbr 1000000 0 "GStreamer, SMPTE scroll"
gst gst-1m videotestsrc num-buffers=300 pattern=smpte horizontal-speed=4 \
	! video/x-raw,format=NV12,width=$W,height=$H,framerate=30/1 \
	! v4l2h264enc extra-controls="controls,video_bitrate=1000000" \
	! h264parse ! filesink location=gst-1m.h264
target gst-vbr-1m vbr 1000000 1500000 "GStreamer, SMPTE scroll"
gst gst-vbr-1m videotestsrc num-buffers=300 pattern=smpte horizontal-speed=4 \
	! video/x-raw,format=NV12,width=$W,height=$H,framerate=30/1 \
	! v4l2h264enc extra-controls="controls,video_bitrate_mode=0,video_bitrate=1000000,video_peak_bitrate=1500000" \
	! h264parse ! filesink location=gst-vbr-1m.h264

kv uptime_end "$(cut -d' ' -f1 /proc/uptime)"
true
