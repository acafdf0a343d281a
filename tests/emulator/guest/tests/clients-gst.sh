# Stock GStreamer 1.26 (trixie, from the clients image) on the encoder, with
# the pipelines a user types. Every run is recorded, none judged here: the
# host (checks/clients-gst.sh) decodes each output and compares it with its
# source frames byte for byte, and checks the expected failures.
#
# - videotestsrc ! NV12 ! v4l2h264enc ! h264parse ! filesink at 640x360,
#   1280x720 and 1920x1080, the source frames saved through a tee;
# - the same at 640x360 with extra-controls (GOP size, I period, QPs) and
#   with output caps that choose the profile and level;
# - vivid as the camera, zero-copy both ways: the camera's buffers imported
#   by the encoder (io-mode=dmabuf ! output-io-mode=dmabuf-import) and the
#   encoder's buffers imported by the camera (io-mode=dmabuf-import !
#   output-io-mode=dmabuf), at 1280x720 and 1920x1080; GStreamer's debug
#   log shows whether a frame was imported or copied;
# - caps the encoder does not take (YUY2): a clean refusal.
#
# GStreamer negotiates NV12M (two planes) with the encoder whenever the
# node lists it (gst_v4l2_object_get_caps_info prefers the non-contiguous
# variant of a format), so the camera is a multi-planar vivid: a
# single-planar one's NV12 buffers (one dma-buf) cannot be imported into
# two planes, which camsp720 shows. GStreamer 1.26 also lays NV12M out as
# if it were contiguous (gst_v4l2_object_save_format realigns the offsets:
# plane 1 at bytesperline x height, inside plane 0's memory). When plane 0
# holds more lines than the format's height (the VE reads whole macroblock
# rows: 368 for 360, 1088 for 1080), GStreamer writes the chroma past
# plane 0 and crashes. The driver's NV12M format therefore states the
# lines plane 0 holds (the height rounded up to 16) and keeps the visible
# size in the crop rectangle: the runs at 360 and 1080 lines show it.
# Also: gst-inspect-1.0 shows v4l2h264enc, FFmpeg 7.1 lists h264_v4l2m2m.
. /opt/cedrus/lib/clients.sh
. /opt/cedrus/lib/tool.sh

# meminfo: MemFree, MemAvailable, Cached and CmaFree (KiB), one line.
meminfo() {
	awk '$1 ~ /^(MemFree|MemAvailable|Cached|CmaFree):$/ { printf "%s%s", $1, $2 " " }' /proc/meminfo
}

# GStreamer's debug log, for the host: every element's warnings and
# errors; the v4l2 allocators (dma-bufs imported and exported, LOG);
# GST_PERFORMANCE (every CPU copy of frame data: the v4l2 pools' "slow
# copy", video frame and memory copies); GST_SCHEDULING at DEBUG (each
# buffer handed to an element, with its offset: v4l2src sets it to the
# V4L2 sequence number). Not v4l2bufferpool: at DEBUG it prints the pool
# configuration, and GStreamer 1.26.2 crashes (SIGSEGV) converting its
# GstAllocationParams to a string on 32-bit systems (gsize passed as
# guint64 through varargs; fixed in 1.26.9, "gstvalue: Fix
# GstAllocationParams string convertion on 32bit").
GST_LOG_CATEGORIES='*:2,v4l2allocator:6,GST_PERFORMANCE:6,GST_SCHEDULING:5'

# gst NAME ARGS...: gst-launch-1.0 ARGS, its output in NAME.log and
# NAME.err, its debug log in NAME.gstlog, the command in NAME.cmd and the
# kernel lines it caused in NAME.dmesg; NAME_rc in summary.txt: the exit
# code, "crashed" or "killed" (after 60 s, four times what the slowest
# run takes on a loaded host; the blocked task's wchan and stack in
# NAME.hung). On a crash GStreamer's fault handler prints "Caught
# SIGSEGV", then waits for a debugger ("Spinning.") or hangs in a heap
# the crash left locked: the run is killed at that first line. The host
# check judges.
gst() {
	name=$1
	shift
	echo "gst-launch-1.0 $*" >"$name.cmd"
	log "$name: gst-launch-1.0 $*"
	lines=$(dmesg | wc -l)
	env GST_DEBUG="$GST_LOG_CATEGORIES" GST_DEBUG_FILE="$RESULTS/$name.gstlog" \
		gst-launch-1.0 "$@" >"$name.log" 2>"$name.err" &
	pid=$!
	rc=''
	t=0
	while kill -0 "$pid" 2>/dev/null; do
		if grep -q '^Caught SIG' "$name.err"; then
			rc=crashed
		elif [ "$t" -ge 60 ]; then
			rc=killed
			{ cat /proc/"$pid"/wchan; echo; cat /proc/"$pid"/stack; } >"$name.hung" 2>&1
		fi
		if [ -n "$rc" ]; then
			kill -9 "$pid"
			wait "$pid" 2>/dev/null
			break
		fi
		sleep 1
		t=$((t + 1))
	done
	[ -n "$rc" ] || { wait "$pid" && rc=0 || rc=$?; }
	kv "${name}_rc" "$rc"
	kv "${name}_seconds" "$t"
	dmesg | tail -n +$((lines + 1)) >"$name.dmesg"
	grep -E '^(ERROR|WARNING|Caught)' "$name.log" "$name.err" | head -n 4
	log "$name: exit $rc"
}

# camera_seqs NAME: the V4L2 sequence numbers of the frames the camera
# delivered in run NAME (the offsets of the buffers handed to the caps
# filter after v4l2src), in order, one a line.
camera_seqs() {
	sed -n 's/.*<capsfilter0:sink> calling chainfunction .* offset \([0-9]*\), offset_end .*/\1/p' "$1.gstlog"
}

kv uptime_start "$(cut -d' ' -f1 /proc/uptime)"
kv mem_before "$(meminfo)"
clients_setup
ffmpeg -hide_banner -encoders >ffmpeg-encoders.txt 2>&1 || fail "ffmpeg -encoders failed"
kv mem_clients "$(meminfo)"

# vivid (dma-contig buffers, allocators=1), single-planar in VIVID and
# multi-planar in VIVID_MP, and the encoder in ENC.
tool_setup mplane
v4l2-ctl -d "$ENC" -L >enc-controls.txt 2>&1 || fail "v4l2-ctl -L on $ENC failed"

# The first GStreamer call builds the registry (in /tmp); the v4l2 plugin
# registers an element per device it finds then, so it comes after the
# nodes.
t0=$(cut -d' ' -f1 /proc/uptime)
gst-inspect-1.0 v4l2h264enc >inspect-v4l2h264enc.txt 2>&1 ||
	fail "gst-inspect-1.0 finds no v4l2h264enc (the v4l2 plugin did not register $ENC)"
kv registry_seconds "$(awk -v t0="$t0" '{ print $1 - t0 }' /proc/uptime)"
gst-inspect-1.0 2>&1 | grep -E '^(video4linux2|v4l2codecs|videoparsersbad):' >elements.txt

# 1. videotestsrc at three sizes, moving patterns (every macroblock of the
# scrolled SMPTE bars changes from frame to frame, the ball moves over a
# still background).
gst vts360 videotestsrc num-buffers=10 pattern=smpte horizontal-speed=4 \
	! video/x-raw,format=NV12,width=640,height=360,framerate=30/1 \
	! tee name=t ! queue ! v4l2h264enc ! h264parse ! filesink location=vts360.h264 \
	t. ! queue ! filesink location=vts360.nv12
gst vts720 videotestsrc num-buffers=10 pattern=ball \
	! video/x-raw,format=NV12,width=1280,height=720,framerate=30/1 \
	! tee name=t ! queue ! v4l2h264enc ! h264parse ! filesink location=vts720.h264 \
	t. ! queue ! filesink location=vts720.nv12
gst vts1080 videotestsrc num-buffers=4 pattern=smpte horizontal-speed=8 \
	! video/x-raw,format=NV12,width=1920,height=1080,framerate=30/1 \
	! tee name=t ! queue ! v4l2h264enc ! h264parse ! filesink location=vts1080.h264 \
	t. ! queue ! filesink location=vts1080.nv12

# extra-controls, with the names v4l2-ctl -L and GStreamer give the
# encoder's controls (enc-controls.txt): an IDR every 5 frames (closed GOP);
# then an open GOP, one IDR and a non-IDR I frame every 4 frames. Fixed QPs
# for I and P frames, unlike the defaults (26, 28). P QPs stay at 30 or
# below: the VE model codes I_PCM (QP 0) and P_Skip macroblocks and does
# not deblock its reconstruction, and the decoder's loop filter leaves an
# I_PCM/P_Skip edge alone only while indexA = (0 + QP + 1) / 2 < 16
# (alpha = 0, Table 8-16); above that the decoder filters what the model
# did not, and the P frames drift from the source.
gst ctlgop videotestsrc num-buffers=10 pattern=smpte horizontal-speed=4 \
	! video/x-raw,format=NV12,width=640,height=360,framerate=30/1 \
	! tee name=t ! queue \
	! v4l2h264enc extra-controls="controls,video_gop_size=5,h264_i_frame_qp_value=20,h264_p_frame_qp_value=30" \
	! h264parse ! filesink location=ctlgop.h264 \
	t. ! queue ! filesink location=ctlgop.nv12
gst ctlip videotestsrc num-buffers=10 pattern=smpte horizontal-speed=4 \
	! video/x-raw,format=NV12,width=640,height=360,framerate=30/1 \
	! tee name=t ! queue \
	! v4l2h264enc extra-controls="controls,video_gop_closure=0,h264_i_frame_period=4,h264_i_frame_qp_value=32,h264_p_frame_qp_value=24" \
	! h264parse ! filesink location=ctlip.h264 \
	t. ! queue ! filesink location=ctlip.nv12

# Output caps choose the profile and level (GStreamer sets H264_PROFILE and
# H264_LEVEL from them): High 4.0 (the default level), and Constrained
# Baseline 4.1 (neither the default profile nor level; the driver offers
# no level below 4.0).
gst capshigh videotestsrc num-buffers=6 pattern=smpte horizontal-speed=4 \
	! video/x-raw,format=NV12,width=640,height=360,framerate=30/1 \
	! tee name=t ! queue \
	! v4l2h264enc ! 'video/x-h264,profile=high,level=(string)4' \
	! h264parse ! filesink location=capshigh.h264 \
	t. ! queue ! filesink location=capshigh.nv12
gst capscb videotestsrc num-buffers=6 pattern=smpte horizontal-speed=4 \
	! video/x-raw,format=NV12,width=640,height=360,framerate=30/1 \
	! tee name=t ! queue \
	! v4l2h264enc ! 'video/x-h264,profile=constrained-baseline,level=(string)4.1' \
	! h264parse ! filesink location=capscb.h264 \
	t. ! queue ! filesink location=capscb.nv12

# 3. A format the encoder does not take: its pad template (the driver's
# OUTPUT formats, read when the registry was built) has no YUY2, so
# gst-launch-1.0 refuses to link the elements; the driver is never asked.
gst yuy2 videotestsrc num-buffers=2 \
	! video/x-raw,format=YUY2,width=640,height=360,framerate=30/1 \
	! v4l2h264enc ! h264parse ! filesink location=yuy2.h264

# 2. vivid as the camera (multi-planar, see above), its webcam input (0),
# whose frame rate can be set: at 5 fps the emulator keeps up with it
# (a frame or two may still be dropped). No on-screen text (its clock
# makes every capture different) and the test pattern moving right: then
# a frame's content depends only on its sequence number (vivid advances
# the movement for every frame period, delivered or dropped, from
# STREAMON).
#
# The source frames of a zero-copy run cannot go through a tee: a tee
# proposes no buffer pool upstream, so v4l2src io-mode=dmabuf-import has
# none to import from (not-negotiated), and on the other path the tee's
# second branch holds the camera's buffers and changes what is queued
# when. So the zero-copy runs are exactly the user's pipelines, and the
# source frames come from a plain capture afterwards (camref720,
# camref1080: v4l2src ! filesink, same caps): the host picks from it the
# frames with the sequence numbers each zero-copy run's camera delivered
# (GStreamer logs them), and the decoded stream must equal those.
CAM=$VIVID_MP
vivid_webcam
for cam in "$CAM" "$VIVID"; do
	v4l2-ctl -d "$cam" -c osd_text_mode=2,horizontal_movement=5 ||
		fail "vivid $cam: cannot turn off the OSD text and set the movement (vivid-controls.txt)"
done
v4l2-ctl -d "$CAM" -L >vivid-controls.txt 2>&1

# The camera allocates (EXPBUF), the encoder imports.
gst camdmabuf720 v4l2src device="$CAM" io-mode=dmabuf num-buffers=10 \
	! video/x-raw,format=NV12,width=1280,height=720,framerate=5/1 \
	! v4l2h264enc output-io-mode=dmabuf-import ! h264parse \
	! filesink location=camdmabuf720.h264
# The encoder allocates, the camera imports.
gst camimport720 v4l2src device="$CAM" io-mode=dmabuf-import num-buffers=10 \
	! video/x-raw,format=NV12,width=1280,height=720,framerate=5/1 \
	! v4l2h264enc output-io-mode=dmabuf ! h264parse \
	! filesink location=camimport720.h264
# At 1080p the encoder reads 1088 luma and 544 chroma lines: vivid's own
# 1080-line planes are too small to import (this run must fail, with the
# driver's reason in the kernel log); the encoder's buffers are large
# enough for vivid to import.
gst camdmabuf1080 v4l2src device="$CAM" io-mode=dmabuf num-buffers=5 \
	! video/x-raw,format=NV12,width=1920,height=1080,framerate=5/1 \
	! v4l2h264enc output-io-mode=dmabuf-import ! h264parse \
	! filesink location=camdmabuf1080.h264
gst camimport1080 v4l2src device="$CAM" io-mode=dmabuf-import num-buffers=5 \
	! video/x-raw,format=NV12,width=1920,height=1080,framerate=5/1 \
	! v4l2h264enc output-io-mode=dmabuf ! h264parse \
	! filesink location=camimport1080.h264
# GStreamer 1.26 cannot import a single-planar camera's NV12 (one dma-buf
# per frame) into the NV12M it negotiated with the encoder.
gst camsp720 v4l2src device="$VIVID" io-mode=dmabuf num-buffers=3 \
	! video/x-raw,format=NV12,width=1280,height=720,framerate=5/1 \
	! v4l2h264enc output-io-mode=dmabuf-import ! h264parse \
	! filesink location=camsp720.h264

# The reference captures: every frame up to the highest sequence number
# the zero-copy runs encoded, and two more.
for size in 720 1080; do
	case $size in
	720) w=1280 h=720 runs="camdmabuf720 camimport720" ;;
	1080) w=1920 h=1080 runs="camimport1080" ;;
	esac
	last=$(for r in $runs; do camera_seqs "$r"; done | sort -n | tail -n 1)
	gst camref$size v4l2src device="$CAM" num-buffers=$((${last:-0} + 3)) \
		! video/x-raw,format=NV12,width=$w,height=$h,framerate=5/1 \
		! filesink location=camref$size.nv12
done
for r in camdmabuf720 camimport720 camimport1080 camref720 camref1080; do
	camera_seqs "$r" >"$r.seqs"
done

kv mem_after "$(meminfo)"
true
