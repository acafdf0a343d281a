# Shared by the enc-*.sh guest tests: ". /opt/cedrus/lib/enc.sh".
# Host side: checks/lib/enc.sh.
. /opt/cedrus/lib/common.sh

# enc_setup: two vivid instances with dma-contig buffers (DMABUF
# exportable, contiguous) and scaling/compose on their capture, so the TV
# input (input 1) gives any size; then the encoder node of cedrus-ve.
# Sets VIVID, VIVID2 and ENC.
enc_setup() {
	load_module vivid n_devs=2 node_types=0x1,0x1 allocators=1,1 \
		ccs_cap_mode=7,7
	load_module cedrus-ve
	wait_video_node vivid "Video Capture" >/dev/null ||
		fail "no vivid capture node"
	VIVID=$(list_video_nodes | awk '$2 == "vivid" { print $1 }' | sed -n 1p)
	VIVID2=$(list_video_nodes | awk '$2 == "vivid" { print $1 }' | sed -n 2p)
	[ -n "$VIVID2" ] || fail "no second vivid capture node"
	n=0
	until ENC=$(find_encoder_node); do
		n=$((n + 1))
		[ $n -lt 50 ] || { list_video_nodes; fail "no encoder node"; }
		sleep 0.2
	done
	# The TV input delivers any size.
	v4l2-ctl -d "$VIVID" -i 1 >/dev/null || fail "vivid: cannot select input 1"
	v4l2-ctl -d "$VIVID2" -i 1 >/dev/null || fail "vivid2: cannot select input 1"
	kv vivid "$VIVID"
	kv vivid2 "$VIVID2"
	kv encoder "$ENC"
	log "vivid $VIVID, encoder $ENC"
}

# enc_api NAME ARGS...: the API rules an encoding client must not exercise
# (controls refused while streaming, the PROFILE/ENTROPY_MODE cluster),
# checked by cedrus-enc-check --api-only without encoding; its key=value
# output in NAME.out. Fails the test if a rule does not hold.
enc_api() {
	name=$1
	shift
	log "API checks $name: $*"
	rc=0
	cedrus-enc-check --encoder "$ENC" --api-only "$@" >"$name.out" || rc=$?
	cat "$name.out"
	kv "$name.rc" "$rc"
	[ "$rc" = 0 ] || fail "API checks $name failed"
}

# enc_tool NAME CAMERA WxH FRAMES ARGS...: encode FRAMES frames of the vivid
# node CAMERA (zero-copy: the encoder imports vivid's buffers) with
# v4l2-cedrus-enc-test into NAME.h264, with the visible source frames in
# NAME.nv12 (--save-input), the CAPTURE buffers (flags, sizes, times) in
# NAME.csv (--stats), the tool's key=value summary in NAME.summary and its
# messages in NAME.log; ARGS go to the tool. CAPTURE buffers have the room
# the lossless model needs at worst: every MB I_PCM (384 bytes) with an
# emulation prevention byte after every two zero bytes (x 3/2), plus
# headers. Sets $rc to the tool's exit code, also in summary.txt as NAME.rc.
enc_tool_rc() {
	name=$1 camera=$2 size=$3 frames=$4
	shift 4
	w=${size%x*} h=${size#*x}
	log "encode $name (tool): $camera $size, $frames frames: $*"
	rc=0
	v4l2-cedrus-enc-test --device "$ENC" --camera "$camera" --size "$size" \
		--frames "$frames" --output "$name.h264" --save-input "$name.nv12" \
		--stats "$name.csv" --summary "$name.summary" --timeout 60000 \
		--capture-size $((w / 16 * ((h + 15) / 16) * 600 + 65536)) -q "$@" \
		>"$name.log" 2>&1 || rc=$?
	cat "$name.log"
	kv "$name.rc" "$rc"
}

# enc_tool NAME CAMERA WxH FRAMES ARGS...: enc_tool_rc; fails the test if
# the tool fails.
enc_tool() {
	enc_tool_rc "$@"
	[ "$rc" = 0 ] || fail "encode $1 failed (exit $rc)"
}

# enc_tool_failing NAME WxH FRAMES ARGS...: an encode of $VIVID whose frames
# must come back with V4L2_BUF_FLAG_ERROR (--expect-errors), and in
# summary.txt how many watchdog resets (watchdog_resets) and error statuses
# (failed_status) the kernel logged. Fails the test if the tool fails.
enc_tool_failing() {
	name=$1
	shift
	enc_tool_rc "$name" "$VIVID" "$@" --expect-errors
	cat "$name.csv"
	kv watchdog_resets "$(dmesg | grep -c 'job timed out')"
	kv failed_status "$(dmesg | grep -c 'encode failed, status')"
	[ "$rc" = 0 ] || fail "$name: the encodes did not end with ERROR (exit $rc)"
}
