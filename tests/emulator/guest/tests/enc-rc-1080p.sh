# Rate control on the lossy VE model at 1920x1080 (coded 1920x1088), 4
# Mbit/s CBR: v4l2-cedrus-enc-test --bitrate, 300 frames at 30 fps each,
# the tool's moving pattern and a scene cut from a still vivid webcam
# frame to noise at frame 150 (lib/rc.sh), lim-cutnoise-4m, which must
# overflow the CPB (a documented limit; its first frames after the cut do
# not even fit the 1 MiB CAPTURE buffer). Two runs only: the lossy model
# takes 0.3 s of guest time per 1080p frame on a quiet host (the pattern's
# 300 frames 90 s, the cut 135 s), over 1 s on a loaded one. The
# per-frame stats, summaries and streams are kept; the VE's
# reconstructions go to rec.nv12 (enc-rc-1080p.rec-dump).
# Host: checks/enc-rc-1080p.sh (the bounds of enc-rc, and every stream
# decoded to the VE's reconstruction).
. /opt/cedrus/lib/rc.sh

tool_setup
start=$(cut -d' ' -f1 /proc/uptime)

rc_sources 1920 1080 10
rc cbr-pan-4m pattern --bitrate 4M
rc lim-cutnoise-4m cutnoise --bitrate 4M
kv encode_seconds "$(awk -v s="$start" '{ print $1 - s }' /proc/uptime)"
exit 0
