# Shared by the rate-control tests (enc-rc, enc-rc-360p, enc-rc-1080p):
# sources of the four contents at one size and a run of the tool on one of
# them.
# Host side: checks/lib/rc.sh.
. /opt/cedrus/lib/tool.sh

RC_FRAMES=300

# rc_sources W H NOISE: the raw frames (NV12) the contents are made of, in
# /tmp/rc (outside the results: the card takes them at about 1 MB/s):
# static.nv12, one vivid frame; noise.nv12, NOISE frames of grey 120..135
# from /dev/urandom (full-range noise takes more than 4 Mbit/s at QP 51 at
# 320x240); pan.nv12, the tool's moving pattern (its gradient moves by 4 a
# frame, a 32x32 box by 8), 150 frames, for the scene cut. vivid draws at
# any size up to 720x576 on its TV input (tool_setup); above that its
# webcam input draws the whole frame at the sizes it offers (1920x1080).
# Without pan.nv12 when W x H is above 720x576: 150 frames would not fit
# the guest's memory (the cut to noise needs none).
rc_sources() {
	RC_W=$1
	RC_H=$2
	RC_FRAME=$((RC_W * RC_H * 3 / 2))
	RC_DIR=/tmp/rc
	rm -rf "$RC_DIR"
	mkdir -p "$RC_DIR"
	if [ "$RC_W" -gt 720 ] || [ "$RC_H" -gt 576 ]; then
		vivid_webcam
	else
		v4l2-ctl -d "$VIVID" -i 1 >/dev/null || fail "vivid: cannot select input 1"
	fi
	vivid_capture "$RC_DIR/static.nv12" NV12 "$RC_W" "$RC_H" 1
	[ "$(stat -c %s "$RC_DIR/static.nv12")" = $RC_FRAME ] ||
		fail "static.nv12: $(stat -c %s "$RC_DIR/static.nv12") bytes, want $RC_FRAME"
	if [ "$RC_W" -le 720 ] && [ "$RC_H" -le 576 ]; then
		v4l2-cedrus-enc-test --device "$ENC" --pattern --frames $((RC_FRAMES / 2)) \
			--size "${RC_W}x$RC_H" -q --save-input "$RC_DIR/pan.nv12" --output /dev/null ||
			fail "no pattern frames"
	fi
	# tr maps each random byte to one of the 16 values 0170..0207 (octal)
	map=
	i=0
	while [ $i -lt 16 ]; do
		map="$map\\170-\\207"
		i=$((i + 1))
	done
	RC_NOISE=$3
	head -c $((RC_FRAME * RC_NOISE)) /dev/urandom | tr '\000-\377' "$map" >"$RC_DIR/noise.nv12" ||
		fail "no noise frames"
	[ "$(stat -c %s "$RC_DIR/noise.nv12")" = $((RC_FRAME * RC_NOISE)) ] ||
		fail "noise: $(stat -c %s "$RC_DIR/noise.nv12") bytes"
}

# rc_repeat FILE COUNT: FILE COUNT times on stdout
rc_repeat() {
	j=0
	while [ $j -lt "$2" ]; do
		cat "$1"
		j=$((j + 1))
	done
}

# rc_source_frames CONTENT: the RC_FRAMES raw frames of a content on
# stdout: static, noise, cut (static, then the pattern from frame 150) or
# cutnoise (static, then noise from frame 150).
rc_source_frames() {
	case $1 in
	static) rc_repeat "$RC_DIR/static.nv12" $RC_FRAMES ;;
	noise) rc_repeat "$RC_DIR/noise.nv12" $((RC_FRAMES / RC_NOISE)) ;;
	cut)
		rc_repeat "$RC_DIR/static.nv12" $((RC_FRAMES / 2))
		cat "$RC_DIR/pan.nv12"
		;;
	cutnoise)
		rc_repeat "$RC_DIR/static.nv12" $((RC_FRAMES / 2))
		rc_repeat "$RC_DIR/noise.nv12" $((RC_FRAMES / 2 / RC_NOISE))
		;;
	esac
}

# rc NAME CONTENT ARGS...: encode RC_FRAMES frames of CONTENT (static,
# noise, cut, cutnoise or pattern) at 30 fps with the tool's ARGS; NAME.h264,
# NAME.csv, NAME.summary, NAME.log; the tool's exit code is NAME.rc in
# summary.txt, the encode's seconds NAME.seconds.
rc() {
	name=$1
	content=$2
	shift 2
	log "rc $name: ${RC_W}x$RC_H $content $*"
	t0=$(cut -d' ' -f1 /proc/uptime)
	set -- --device "$ENC" --output "$name.h264" --stats "$name.csv" \
		--summary "$name.summary" --timeout 60000 --size "${RC_W}x$RC_H" --fps 30 \
		--frames $RC_FRAMES -q "$@"
	if [ "$content" = pattern ]; then
		v4l2-cedrus-enc-test --pattern "$@" >"$name.log" 2>&1
	else
		rc_source_frames "$content" |
			v4l2-cedrus-enc-test --input - --input-format nv12 "$@" >"$name.log" 2>&1
	fi
	kv "$name.rc" "$?"
	kv "$name.seconds" "$(awk -v s="$t0" '{ print $1 - s }' /proc/uptime)"
	cat "$name.log"
	log "rc $name: $(sed -n 's/^bitrate_after_1s_bps=//p' "$name.summary") bit/s after 1 s, QP $(sed -n 's/^qp_min=//p' "$name.summary")..$(sed -n 's/^qp_max=//p' "$name.summary"), $(sed -n "s/^$name.seconds=//p" summary.txt) s"
}
