# CMA used by each client's whole 1080p pipeline with its default settings,
# as a 64 MB board would see it: CmaFree sampled during the run (every
# 50 ms), its lowest value against the value just before. The outputs go
# to a checksum (md5sum) or fakesink, never to a file: page-cache pages
# come from CMA too. Everything a run reads (programs, libraries, source
# frames in /tmp) is read once before its baseline.
#   tool       v4l2-cedrus-enc-test --camera (vivid, zero-copy)
#   gst        v4l2src io-mode=dmabuf-import ! v4l2h264enc output-io-mode=dmabuf
#              (the encoder allocates, the camera imports: the direction
#              that works at 1080p; a multi-planar vivid, as GStreamer
#              gives the encoder NV12M: see clients-gst)
#   ffmpeg     ffmpeg -f rawvideo ... -c:v h264_v4l2m2m (defaults: 16
#              OUTPUT and 4 CAPTURE buffers asked for)
# GStreamer's run logs its v4l2 allocator (GST_DEBUG=v4l2allocator:5, a
# few lines in gst.log): how many buffers each of its pools asked REQBUFS
# for and got; the encoder's MIN_BUFFERS_FOR_OUTPUT is in summary.txt.
# The check derives GStreamer's floor from them.
# The driver's own share, from its debugfs file cedrus-ve/memory (peaks
# reset before each run): its private buffers (reconstructions, sub-pixel,
# MB info) and the MMAP buffers of the encoder's OUTPUT and CAPTURE queues,
# bytes and counts. The rest of the total is the client's (camera buffers).
# Host: checks/clients-memory.sh prints the table and holds the bounds.
. /opt/cedrus/lib/clients.sh
. /opt/cedrus/lib/tool.sh

clients_setup
tool_setup mplane
vivid_webcam

W=1920 H=1080 FRAMES=20
MEMORY=/sys/kernel/debug/cedrus-ve/memory
[ -w "$MEMORY" ] || fail "no $MEMORY"

cma_free() {
	while read -r key value unit; do
		[ "$key" = CmaFree: ] && { echo "$value"; return; }
	done </proc/meminfo
}

# measure NAME CMD...: run CMD (at most 300 s) with CmaFree sampled and
# the driver's peaks reset; NAME_base, NAME_min (KiB), NAME_peak_kib
# (base - min), NAME_rc and, per owner of the driver's counters,
# NAME_driver_OWNER_peak (bytes) and NAME_driver_OWNER_buffers_peak in
# summary.txt; the counters in NAME.memory, output in NAME.out, messages
# in NAME.log.
measure() {
	name=$1
	shift
	sync
	echo 1 >/proc/sys/vm/drop_caches
	base=$(cma_free)
	rm -f "/tmp/$name.min" "/tmp/$name.stop"
	(
		min=$base
		until [ -e "/tmp/$name.stop" ]; do
			v=$(cma_free)
			[ "$v" -lt "$min" ] && min=$v
			echo "$min" >"/tmp/$name.min"
			sleep 0.05
		done
	) &
	sampler=$!
	log "$name: $*"
	echo reset >"$MEMORY"
	run_bounded 300 "${name}_rc" "$name.out" "$name.log" sh -c "set -o pipefail; $*"
	touch "/tmp/$name.stop"
	wait "$sampler"
	min=$(cat "/tmp/$name.min")
	kv "${name}_base" "$base"
	kv "${name}_min" "$min"
	kv "${name}_peak_kib" $((base - min))
	# OWNER BYTES PEAK_BYTES BUFFERS PEAK_BUFFERS
	while read -r owner bytes peak buffers buffers_peak; do
		kv "${name}_driver_${owner}_peak" "$peak"
		kv "${name}_driver_${owner}_buffers_peak" "$buffers_peak"
	done <"$MEMORY"
	cp "$MEMORY" "$name.memory"
	log "$name: CMA peak $(((base - min) / 1024)) MiB (CmaFree $base -> $min KiB), exit $(sed -n "s/^${name}_rc=//p" summary.txt)"
}

# Source frames for FFmpeg, in /tmp before any baseline; programs warmed.
ffmpeg -nostdin -hide_banner -v error -f lavfi -i testsrc2=size=${W}x$H:rate=30 \
	-frames:v $FRAMES -pix_fmt nv12 -f rawvideo -y /tmp/src.nv12 ||
	fail "ffmpeg cannot make the source frames"
gst-inspect-1.0 v4l2h264enc >/dev/null 2>&1 || fail "no v4l2h264enc"
v4l2-cedrus-enc-test --help >/dev/null 2>&1 || true
kv enc_min_buffers_for_output "$(v4l2-ctl -d "$ENC" --get-ctrl=min_number_of_output_buffers |
	sed -n 's/^min_number_of_output_buffers: //p')"

measure tool "v4l2-cedrus-enc-test --device $ENC --camera $VIVID --size ${W}x$H --frames $FRAMES --output - --summary tool.summary | md5sum"

measure gst "GST_DEBUG=v4l2allocator:5 gst-launch-1.0 v4l2src device=$VIVID_MP io-mode=dmabuf-import num-buffers=$FRAMES \
	! video/x-raw,format=NV12,width=$W,height=$H,framerate=5/1 \
	! v4l2h264enc output-io-mode=dmabuf ! h264parse ! fakesink"

measure ffmpeg "ffmpeg -nostdin -hide_banner -f rawvideo -pix_fmt nv12 -s ${W}x$H -i /tmp/src.nv12 \
	-c:v h264_v4l2m2m -f h264 - | md5sum"
true
