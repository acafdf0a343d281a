# Shared by the tests that run the stock clients, FFmpeg 7.1 and GStreamer
# 1.26 (guest/tests/NAME.clients): ". /opt/cedrus/lib/clients.sh".
#
# run-test.sh puts build/clients/clients.img on the SD card as partition 1
# (/dev/mmcblk0p1). clients_setup mounts it read-only at $CLIENTS and sets
# the environment so that gst-launch-1.0, gst-inspect-1.0, ffmpeg and
# ffprobe run as installed programs do: PATH, LD_LIBRARY_PATH (the image's
# libraries; the rest come from the initramfs), GStreamer's plugin path,
# scanner and a registry in /tmp.
. /opt/cedrus/lib/common.sh

CLIENTS=/opt/clients

# clients_setup: mount the image and set the environment; fails the test
# when the card has no partition 1 (the test lacks its NAME.clients marker)
# or the image does not mount.
clients_setup() {
	part=/dev/mmcblk0p1
	# The card shows up asynchronously.
	n=0
	while [ ! -b $part ] && [ $n -lt 50 ]; do
		sleep 0.2
		n=$((n + 1))
	done
	[ -b $part ] || fail "no $part: the clients image is not on the SD card (the test needs its tests/NAME.clients marker; run-test.sh attaches build/clients/clients.img)"
	mkdir -p $CLIENTS
	mount -t ext4 -o ro $part $CLIENTS || fail "cannot mount the clients image $part"
	[ -x $CLIENTS/bin/gst-launch-1.0 ] && [ -x $CLIENTS/bin/ffmpeg ] ||
		fail "the clients image has no gst-launch-1.0 or ffmpeg"

	export PATH=$CLIENTS/bin:$PATH
	export LD_LIBRARY_PATH=$CLIENTS/lib
	export GST_PLUGIN_SYSTEM_PATH=$CLIENTS/lib/gstreamer-1.0
	export GST_PLUGIN_SCANNER=$CLIENTS/libexec/gst-plugin-scanner
	export GST_REGISTRY=/tmp/gst-registry.bin
	# GST_DEBUG=... output goes to log files: no colour codes.
	export GST_DEBUG_NO_COLOR=1

	# The versions as Debian packaged them (clients.txt: file, package,
	# version); running ffmpeg only to ask would take seconds here.
	kv gstreamer "$(awk '$1 == "lib/libgstreamer-1.0.so.0" { print $3 }' $CLIENTS/clients.txt)"
	kv ffmpeg "$(awk '$1 == "bin/ffmpeg" { print $3 }' $CLIENTS/clients.txt)"
	log "clients: GStreamer $(sed -n 's/^gstreamer=//p' "$RESULTS/summary.txt"), FFmpeg $(sed -n 's/^ffmpeg=//p' "$RESULTS/summary.txt")"
}
