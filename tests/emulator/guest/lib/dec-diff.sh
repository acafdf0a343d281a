# Shared by the decoder differential tests, guest/tests/dec-diff.sh and
# dec-diff-h6.sh: ". /opt/cedrus/lib/dec-diff.sh". Host side:
# checks/lib/dec-diff.sh.
#
# GStreamer's stock stateless decoders decode every stream of
# $STREAMS/streams.list on mainline staging cedrus (sunxi-cedrus), then,
# after rmmod, on cedrus-ve, both on the same VE model in one boot. QEMU
# traces every VE register write (NAME.trace); the host check compares the
# writes of each decode job, stream by stream.
#
# Markers: before and after each decode, the guest writes a number to the
# RTC's general-purpose register 7 (0x01f0011c, which Linux does not use;
# QEMU traces the write as allwinner_rtc_write) and records what it means
# in markers.txt ("N DRIVER STREAM begin|end"), so that the host can cut
# the trace per driver and stream.
. /opt/cedrus/lib/clients.sh

DEC_DIFF_MARKER_REG=0x01f0011c

# dec_diff_setup STREAMS: the clients image, and the streams of the
# directory STREAMS (in the initramfs), whose streams.list is copied to
# the results. Sets STREAMS.
dec_diff_setup() {
	STREAMS=$1
	clients_setup
	[ -s "$STREAMS/streams.list" ] || fail "no $STREAMS/streams.list in the initramfs"
	cp "$STREAMS/streams.list" streams.list
}

marker_n=0
# marker WORDS...: a numbered marker in the QEMU trace and markers.txt.
marker() {
	marker_n=$((marker_n + 1))
	devmem $DEC_DIFF_MARKER_REG 32 $marker_n || fail "devmem cannot write the marker register"
	echo "$marker_n $*" >>markers.txt
}

# decode_all DRIVER: decode every stream, one gst-launch-1.0 each.
decode_all() {
	driver=$1
	# Each driver gets its own registry: v4l2codecs registers its
	# elements for the media devices present when the registry is built.
	export GST_REGISTRY=/tmp/gst-registry-$driver.bin
	while read -r name _ ext parser decoder; do
		out=$driver-$name
		marker "$driver $name begin"
		log "$driver: $name: gst-launch-1.0 filesrc ! $parser ! $decoder ! fakesink"
		run_bounded 60 "${out}_rc" "$out.log" "$out.err" \
			gst-launch-1.0 -q filesrc location="$STREAMS/$name.$ext" ! $parser ! \
			$decoder ! fakesink sync=false
		marker "$driver $name end"
	done <streams.list
	gst-inspect-1.0 >"$driver-elements.txt" 2>&1
}

# dec_diff_run [MORE]: decode_all on staging cedrus, then on cedrus-ve;
# MORE DRIVER, a command, runs after each decode_all. Ends the test.
dec_diff_run() {
	more=${1:-}
	load_module sunxi-cedrus
	node=$(wait_video_node cedrus) || fail "no staging cedrus node; nodes: $(list_video_nodes | tr '\n' ';')"
	kv staging_node "$node"
	decode_all staging
	[ -z "$more" ] || $more staging
	rmmod sunxi_cedrus || fail "rmmod sunxi_cedrus failed"

	load_module cedrus-ve
	node=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
	kv cedrus_ve_node "$node"
	decode_all cedrus-ve
	[ -z "$more" ] || $more cedrus-ve

	dmesg >dmesg-test.txt
	kv watchdog_resets "$(grep -c 'timed out' dmesg-test.txt)"
	kv done 1
}
