# The decoder differential test on an H6-variant board: the board's VE node
# has the H6 compatible (dec-diff-h6.dtso), so that both drivers take their
# H6 variant (10-bit HEVC, no MBUS DMA offset), and QEMU's VE takes bus
# addresses as CPU physical ones (dec-diff-h6.qemu). As in dec-diff.sh,
# GStreamer decodes every stream of /usr/share/cedrus/dec-diff-h6 (from
# tests/emulator/dec-diff/streams-h6.txt: Main 10 HEVC, and one 8-bit
# stream) on staging cedrus, then on cedrus-ve; QEMU traces every VE
# register write (dec-diff-h6.trace), cut per driver and stream by the
# numbered markers written to the RTC's GP7 register (markers.txt); the
# host check (checks/dec-diff-h6.sh) compares the jobs.
. /opt/cedrus/lib/clients.sh

STREAMS=/usr/share/cedrus/dec-diff-h6
MARKER_REG=0x01f0011c
VE_NODE=/proc/device-tree/soc/video-codec@1c0e000

clients_setup
[ -s $STREAMS/streams.list ] || fail "no $STREAMS/streams.list in the initramfs"
cp $STREAMS/streams.list streams.list
kv ve_compatible "$(tr '\0' ' ' <$VE_NODE/compatible)"

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

load_module sunxi-cedrus
node=$(wait_video_node cedrus) || fail "no staging cedrus node; nodes: $(list_video_nodes | tr '\n' ';')"
kv staging_node "$node"
decode_all staging
rmmod sunxi_cedrus || fail "rmmod sunxi_cedrus failed"

load_module cedrus-ve
node=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv cedrus_ve_node "$node"
decode_all cedrus-ve

dmesg >dmesg-test.txt
kv watchdog_resets "$(grep -c 'timed out' dmesg-test.txt)"
kv done 1
