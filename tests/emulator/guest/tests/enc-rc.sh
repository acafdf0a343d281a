# Rate control on the lossy VE model: v4l2-cedrus-enc-test --bitrate on
# 300 frames at 30 fps, 320x240, on four contents: static (one vivid frame
# over and over), panning (the tool's pattern: its gradient moves by 4 a
# frame), noise (grey 120..135 from /dev/urandom: full-range noise takes
# more than 4 Mbit/s at QP 51), and a scene cut at frame 150 from the
# vivid frame to the moving pattern; CBR at 250 kbit/s to 1 Mbit/s (at 320x240 the
# pattern takes less than 1 Mbit/s even at QP 0, a still frame less than
# 500 kbit/s), and VBR with a peak (start QPs
# 10 and 12, which VBR does not go below, so that the target binds). The
# per-frame stats (sizes, types, slice QPs), summaries and streams are
# kept; the VE's reconstructions go to rec.nv12 (enc-rc.rec-dump).
# Host: checks/enc-rc.sh (accuracy, buffer model, QP steps, and every
# stream decoded to the VE's reconstruction).
. /opt/cedrus/lib/tool.sh

tool_setup

W=320
H=240
FRAME=$((W * H * 3 / 2))
FRAMES=300

# Sources: one vivid frame, 150 pattern frames, 30 frames of noise
vivid_capture static.nv12 NV12 $W $H 1
v4l2-cedrus-enc-test --device "$ENC" --pattern --frames $((FRAMES / 2)) --size ${W}x$H -q \
	--save-input pan.nv12 --output /dev/null || fail "no pattern frames"
# tr maps each random byte to one of the 16 values 0170..0207 (octal)
map=
i=0
while [ $i -lt 16 ]; do
	map="$map\\170-\\207"
	i=$((i + 1))
done
head -c $((FRAME * 30)) /dev/urandom | tr '\000-\377' "$map" >noise.nv12 ||
	fail "no noise frames"
[ "$(stat -c %s noise.nv12)" = $((FRAME * 30)) ] || fail "noise: $(stat -c %s noise.nv12) bytes"

# repeat FILE COUNT: FILE COUNT times on stdout
repeat() {
	i=0
	while [ $i -lt "$2" ]; do
		cat "$1"
		i=$((i + 1))
	done
}

# source NAME: the raw frames of a content on stdout
source_frames() {
	case $1 in
	static) repeat static.nv12 $FRAMES ;;
	noise) repeat noise.nv12 $((FRAMES / 30)) ;;
	cut) repeat static.nv12 $((FRAMES / 2)); cat pan.nv12 ;;
	esac
}

# rc NAME CONTENT ARGS...: encode CONTENT (static, noise, cut or pattern)
# with the tool's ARGS; NAME.csv, NAME.summary, NAME.log.
rc() {
	name=$1
	content=$2
	shift 2
	log "rc $name: $content $*"
	set -- --device "$ENC" --output "$name.h264" --stats "$name.csv" \
		--summary "$name.summary" --timeout 60000 --size ${W}x$H --fps 30 \
		--frames $FRAMES -q "$@"
	if [ "$content" = pattern ]; then
		v4l2-cedrus-enc-test --pattern "$@" >"$name.log" 2>&1
	else
		source_frames "$content" |
			v4l2-cedrus-enc-test --input - --input-format nv12 "$@" >"$name.log" 2>&1
	fi
	kv "$name.rc" "$?"
	cat "$name.log"
	log "rc $name: $(sed -n 's/^bitrate_after_1s_bps=//p' "$name.summary") bit/s after 1 s, QP $(sed -n 's/^qp_min=//p' "$name.summary")..$(sed -n 's/^qp_max=//p' "$name.summary")"
}

start=$(cut -d' ' -f1 /proc/uptime)
rc cbr-static-250k static --bitrate 250k
rc cbr-pan-250k pattern --bitrate 250k
rc cbr-pan-600k pattern --bitrate 600k
rc cbr-noise-1m noise --bitrate 1M
rc cbr-cut-250k cut --bitrate 250k
rc vbr-pan-500k pattern --rc vbr --bitrate 500k --peak 750k --qp-i 10 --qp-p 12
rc vbr-noise-1m noise --rc vbr --bitrate 1M --peak 1500k --qp-i 10 --qp-p 12
kv encode_seconds "$(awk -v s="$start" '{ print $1 - s }' /proc/uptime)"
exit 0
