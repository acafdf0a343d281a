# Shared by the tool-*.sh guest tests: ". /opt/cedrus/lib/tool.sh".
# Host side: checks/lib/tool.sh.
. /opt/cedrus/lib/common.sh

# node_by_name NAME: /dev/videoN whose sysfs name is NAME, without opening
# any node (opening a node of a half-working driver can take it down).
node_by_name() {
	for d in /sys/class/video4linux/video*; do
		[ "$(cat "$d/name" 2>/dev/null)" = "$1" ] || continue
		echo "/dev/${d##*/}"
		return 0
	done
	return 1
}

# tool_setup [mplane]: vivid with dma-contig buffers (contiguous, so the VE
# can import them) and scaling on its capture, switched to input 1 (TV) so
# it delivers any size; then the encoder node of cedrus-ve. Sets VIVID and
# ENC. With "mplane", a second vivid instance is a multi-planar camera
# (V4L2_CAP_VIDEO_CAPTURE_MPLANE), in VIVID_MP.
tool_setup() {
	if [ "$1" = mplane ]; then
		load_module vivid n_devs=2 node_types=0x1,0x1 allocators=1,1 \
			ccs_cap_mode=7,7 multiplanar=1,2
	else
		load_module vivid n_devs=1 node_types=0x1 allocators=1 ccs_cap_mode=7
	fi
	load_module cedrus-ve
	n=0
	until VIVID=$(node_by_name vivid-000-vid-cap) && ENC=$(node_by_name cedrus-enc) &&
		{ [ "$1" != mplane ] || VIVID_MP=$(node_by_name vivid-001-vid-cap); }; do
		n=$((n + 1))
		[ $n -lt 50 ] || { ls /sys/class/video4linux; fail "no vivid or cedrus-enc node"; }
		sleep 0.2
	done
	v4l2-ctl -d "$VIVID" -i 1 >/dev/null || fail "vivid: cannot select input 1"
	[ -x /usr/bin/v4l2-cedrus-enc-test ] || fail "v4l2-cedrus-enc-test is not in the rootfs"
	kv vivid "$VIVID"
	kv encoder "$ENC"
	kv encoder_api "$(encoder_api)"
	if [ "$1" = mplane ]; then
		v4l2-ctl -d "$VIVID_MP" -i 1 >/dev/null || fail "vivid (mplane): cannot select input 1"
		kv vivid_mp "$VIVID_MP"
	fi
	log "vivid $VIVID${VIVID_MP:+, multi-planar vivid $VIVID_MP}, encoder $ENC ($(encoder_api))"
}

# vivid_webcam: switch vivid ($VIVID, and $VIVID_MP if set) to input 0,
# the webcam, whose test pattern fills every frame at its sizes (1280x720
# and 1920x1080 among them). The TV input tool_setup selects takes any size
# but draws a 720x576 picture and leaves the rest of the frame zero: on the
# lossless VE model zero macroblocks are I_PCM with an emulation
# prevention byte after every two bytes, frames far beyond the 400 bytes a
# macroblock that conforming streams allow (and the driver's CAPTURE
# buffers' 128). Stock clients cannot ask for larger CAPTURE buffers.
vivid_webcam() {
	v4l2-ctl -d "$VIVID" -i 0 >/dev/null || fail "vivid: cannot select input 0"
	[ -z "$VIVID_MP" ] || v4l2-ctl -d "$VIVID_MP" -i 0 >/dev/null ||
		fail "vivid (mplane): cannot select input 0"
}

# encoder_api: "multi-planar" or "single-planar", from the encoder node's
# device caps.
encoder_api() {
	if v4l2-ctl -d "$ENC" -D | sed -n '/Device Caps/,$p' | grep -q 'Memory-to-Memory Multiplanar'; then
		echo multi-planar
	else
		echo single-planar
	fi
}

# tool_run NAME ARGS...: run the tool with ARGS, writing NAME.h264 (stream),
# NAME.csv (per-frame stats), NAME.summary (key=value), NAME.nv12 (the
# visible frames it fed the encoder) and NAME.log. The encoder node is
# given (--device $ENC): tool-discovery tests discovery on its own. The
# timeout is generous: the emulated VE is slow. The VE model encodes
# losslessly, so camera frames need CAPTURE buffers larger than the
# driver's default. Fails the test if the tool fails.
tool_run() {
	tool_run_rc "$@"
	[ "$rc" = 0 ] || fail "v4l2-cedrus-enc-test $1 failed (exit $rc)"
	kv "$1.bytes_copied" "$(sed -n 's/^bytes_copied=//p' "$1.summary")"
}

# tool_run_rc NAME ARGS...: tool_run without judging: the exit code is in
# $rc and in summary.txt as NAME.rc.
tool_run_rc() {
	name=$1
	shift
	log "tool $name: $*"
	rc=0
	v4l2-cedrus-enc-test --device "$ENC" --output "$name.h264" --stats "$name.csv" \
		--summary "$name.summary" --save-input "$name.nv12" --timeout 60000 --capture-size 8M "$@" \
		>"$name.log" 2>&1 || rc=$?
	cat "$name.log"
	kv "$name.rc" "$rc"
}

# vivid_capture FILE FOURCC WIDTH HEIGHT COUNT: raw frames from vivid.
vivid_capture() {
	v4l2-ctl -d "$VIVID" --set-fmt-video=width="$3",height="$4",pixelformat="$2" ||
		fail "vivid refuses $2 $3x$4"
	v4l2-ctl -d "$VIVID" --stream-mmap --stream-count="$5" --stream-to="$1" ||
		fail "capturing $5 frames from vivid failed"
}
