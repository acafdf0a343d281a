# VE hang injection (enc-hang.qemu: allwinner-ve.fault=hang, which hangs
# every encode of the boot): each job must be ended by the watchdog with
# V4L2_BUF_FLAG_ERROR, and the next job must run (and be ended) again, so
# one hung encode never wedges the device. Host check: checks/enc-hang.sh.
. /opt/cedrus/tests/enc-lib.sh

enc_setup
rc=0
cedrus-enc-check --vivid "$VIVID" --encoder "$ENC" --input 1 \
	--frames hang.frames -W 320 -H 240 -n 3 --expect-error \
	>hang.out 2>&1 || rc=$?
cat hang.out hang.frames
cat hang.out >>summary.txt
kv watchdog_resets "$(dmesg | grep -c 'job timed out')"
[ "$rc" = 0 ] || fail "hung encodes did not end with an error"
