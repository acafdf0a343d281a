# Stock GStreamer 1.26 (trixie, from the clients image) on the encoder: the
# pipeline a user types, videotestsrc -> v4l2h264enc -> h264parse -> a file,
# 10 frames of 1280x720 NV12, the source frames saved through a tee; and
# FFmpeg 7.1 from the same image starts and lists h264_v4l2m2m.
# Host: checks/clients-gst.sh decodes out.h264 and compares it with src.nv12.
. /opt/cedrus/lib/clients.sh

# meminfo: MemFree, MemAvailable, Cached and CmaFree (KiB), one line.
meminfo() {
	awk '$1 ~ /^(MemFree|MemAvailable|Cached|CmaFree):$/ { printf "%s%s", $1, $2 " " }' /proc/meminfo
}

kv uptime_start "$(cut -d' ' -f1 /proc/uptime)"
kv mem_before "$(meminfo)"
clients_setup
ffmpeg -hide_banner -encoders >ffmpeg-encoders.txt 2>&1 || fail "ffmpeg -encoders failed"
kv mem_clients "$(meminfo)"

load_module cedrus-ve
n=0
until ENC=$(find_encoder_node); do
	n=$((n + 1))
	[ $n -lt 50 ] || { list_video_nodes; fail "no encoder node"; }
	sleep 0.2
done
kv encoder "$ENC"
log "encoder $ENC"

# The first GStreamer call builds the registry (in /tmp); the v4l2 plugin
# registers an element per device it finds then, so it comes after the node.
t0=$(cut -d' ' -f1 /proc/uptime)
gst-inspect-1.0 v4l2h264enc >inspect-v4l2h264enc.txt 2>&1 ||
	fail "gst-inspect-1.0 finds no v4l2h264enc (the v4l2 plugin did not register $ENC)"
kv registry_seconds "$(awk -v t0="$t0" '{ print $1 - t0 }' /proc/uptime)"
gst-inspect-1.0 2>&1 | grep -E '^(video4linux2|v4l2codecs|videoparsersbad):' >elements.txt

log "gst-launch-1.0: videotestsrc ! NV12 1280x720 ! tee ! v4l2h264enc ! h264parse ! filesink"
run_bounded 300 gst_rc gst.log gst.err \
	gst-launch-1.0 videotestsrc num-buffers=10 pattern=smpte \
	! video/x-raw,format=NV12,width=1280,height=720,framerate=30/1 \
	! tee name=t \
	! queue ! v4l2h264enc ! h264parse ! filesink location=out.h264 \
	t. ! queue ! filesink location=src.nv12
cat gst.log gst.err
kv mem_after "$(meminfo)"
log "gst-launch-1.0 exit $(sed -n 's/^gst_rc=//p' summary.txt), out.h264 $(wc -c <out.h264 2>/dev/null) bytes"
