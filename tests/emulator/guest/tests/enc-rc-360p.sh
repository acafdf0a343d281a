# Rate control on the lossy VE model at 640x360 (enc-rc: 320x240,
# enc-rc-1080p: 1920x1080): v4l2-cedrus-enc-test --bitrate, 300 frames at
# 30 fps each, on static, panning, noisy and scene-cut content (lib/rc.sh:
# still to the moving pattern, "cut", and still to noise, "cutnoise", at
# frame 150); CBR at 400 kbit/s to 2 Mbit/s and VBR with a peak (start
# QPs 10 and 12, which VBR does not go below, so that the target binds).
# The per-frame stats (sizes, types, slice QPs), summaries and streams are
# kept; the VE's reconstructions go to rec.nv12 (enc-rc-360p.rec-dump).
# Host: checks/enc-rc-360p.sh (the bounds of enc-rc, and every stream
# decoded to the VE's reconstruction).
. /opt/cedrus/lib/rc.sh

tool_setup
start=$(cut -d' ' -f1 /proc/uptime)

rc_sources 640 360 30
rc cbr-static-400k static --bitrate 400k
rc cbr-pan-1m pattern --bitrate 1M
rc cbr-noise-2m noise --bitrate 2M
rc cbr-cut-400k cut --bitrate 400k
rc lim-cutnoise-1m cutnoise --bitrate 1M
rc vbr-pan-1m pattern --rc vbr --bitrate 1M --peak 1500k --qp-i 10 --qp-p 12
kv encode_seconds "$(awk -v s="$start" '{ print $1 - s }' /proc/uptime)"
exit 0
