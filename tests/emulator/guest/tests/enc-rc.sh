# Rate control on the lossy VE model: v4l2-cedrus-enc-test --bitrate on
# 300 frames at 30 fps, 320x240, on four contents (lib/rc.sh): static (one
# vivid frame over and over), panning (the tool's pattern: its gradient
# moves by 4 a frame), noise (grey 120..135 from /dev/urandom: full-range
# noise takes more than 4 Mbit/s at QP 51), and a scene cut at frame 150
# from the vivid frame to the moving pattern; CBR at 250 kbit/s to 1
# Mbit/s (at 320x240 the pattern takes less than 1 Mbit/s even at QP 0, a
# still frame less than 500 kbit/s), and VBR with a peak (start QPs 10 and
# 12, which VBR does not go below, so that the target binds). The
# per-frame stats (sizes, types, slice QPs), summaries and streams are
# kept; the VE's reconstructions go to rec.nv12 (enc-rc.rec-dump).
# enc-rc-360p and enc-rc-1080p do the larger sizes.
# Host: checks/enc-rc.sh (accuracy, buffer model, QP steps, and every
# stream decoded to the VE's reconstruction).
. /opt/cedrus/lib/rc.sh

tool_setup
start=$(cut -d' ' -f1 /proc/uptime)

rc_sources 320 240 30
rc cbr-static-250k static --bitrate 250k
rc cbr-pan-250k pattern --bitrate 250k
rc cbr-pan-600k pattern --bitrate 600k
rc cbr-noise-1m noise --bitrate 1M
rc cbr-cut-250k cut --bitrate 250k
rc vbr-pan-500k pattern --rc vbr --bitrate 500k --peak 750k --qp-i 10 --qp-p 12
rc vbr-noise-1m noise --rc vbr --bitrate 1M --peak 1500k --qp-i 10 --qp-p 12
kv encode_seconds "$(awk -v s="$start" '{ print $1 - s }' /proc/uptime)"
exit 0
