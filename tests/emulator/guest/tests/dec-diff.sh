# The decoder differential test: GStreamer's stock stateless decoders
# decode every stream of /usr/share/cedrus/dec-diff/streams.list (from
# tests/emulator/dec-diff/streams.txt) on mainline staging cedrus
# (sunxi-cedrus, "make staging-cedrus"), then, after rmmod, on cedrus-ve,
# both on the same VE model in this one boot; so do the guest programs of
# tests/emulator/dec-diff/programs.txt (streams no host encoder makes, with
# synthetic controls: H.264 field pictures). QEMU traces every VE register
# write (dec-diff.trace); the host check (checks/dec-diff.sh) compares the
# writes of each decode job, stream by stream.
#
# Markers: before and after each decode, the guest writes a number to the
# RTC's general-purpose register 7 (0x01f0011c, which Linux does not use;
# QEMU traces the write as allwinner_rtc_write) and records what it means
# in markers.txt ("N DRIVER STREAM begin|end"), so that the host can cut
# the trace per driver and stream.
. /opt/cedrus/lib/clients.sh

STREAMS=/usr/share/cedrus/dec-diff
MARKER_REG=0x01f0011c

clients_setup
[ -s $STREAMS/streams.list ] || fail "no $STREAMS/streams.list in the initramfs"
cp $STREAMS/streams.list streams.list
[ -s $STREAMS/programs.txt ] || fail "no $STREAMS/programs.txt in the initramfs"
grep -Ev '^[[:space:]]*(#|$)' $STREAMS/programs.txt >programs.list

marker_n=0
# marker WORDS...: a numbered marker in the QEMU trace and markers.txt.
marker() {
	marker_n=$((marker_n + 1))
	devmem $MARKER_REG 32 $marker_n || fail "devmem cannot write the marker register"
	echo "$marker_n $*" >>markers.txt
}

# decode_all DRIVER: decode every stream, one gst-launch-1.0 each.
decode_all() {
	driver=$1
	# Each driver gets its own registry: v4l2codecs registers its
	# elements for the media devices present when the registry is built.
	export GST_REGISTRY=/tmp/gst-registry-$driver.bin
	while read -r name codec ext parser decoder; do
		out=$driver-$name
		marker "$driver $name begin"
		log "$driver: $name: gst-launch-1.0 filesrc ! $parser ! $decoder ! fakesink"
		run_bounded 60 "${out}_rc" "$out.log" "$out.err" \
			gst-launch-1.0 -q filesrc location=$STREAMS/$name.$ext ! $parser ! \
			$decoder ! fakesink sync=false
		marker "$driver $name end"
	done <streams.list
	gst-inspect-1.0 >"$driver-elements.txt" 2>&1
}

# run_programs DRIVER: the guest programs of programs.txt, each driving the
# decoder itself (synthetic controls; it finds the node), between markers
# as a stream. The host check reads each one's exit code (DRIVER-NAME_rc).
run_programs() {
	driver=$1
	while read -r name _ _ program; do
		case "$name" in '' | '#'*) continue ;; esac
		out=$driver-$name
		marker "$driver $name begin"
		log "$driver: $name: $program"
		# shellcheck disable=SC2086 # PROGRAM is the command and its arguments
		run_bounded 30 "${out}_rc" "$out.log" "$out.err" $program
		marker "$driver $name end"
	done <$STREAMS/programs.txt
}

load_module sunxi-cedrus
node=$(wait_video_node cedrus) || fail "no staging cedrus node; nodes: $(list_video_nodes | tr '\n' ';')"
kv staging_node "$node"
decode_all staging
run_programs staging
rmmod sunxi_cedrus || fail "rmmod sunxi_cedrus failed"

load_module cedrus-ve
node=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv cedrus_ve_node "$node"
decode_all cedrus-ve
run_programs cedrus-ve

dmesg >dmesg-test.txt
kv watchdog_resets "$(grep -c 'timed out' dmesg-test.txt)"
kv done 1
