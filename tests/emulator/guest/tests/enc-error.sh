# VE error status (enc-error.qemu: allwinner-ve.fault=error finishes every
# encode with the STALL error status): every CAPTURE buffer comes back
# with V4L2_BUF_FLAG_ERROR and no payload, through the interrupt, not the
# watchdog. Host check: checks/enc-error.sh.
. /opt/cedrus/tests/enc-lib.sh

enc_setup
rc=0
cedrus-enc-check --vivid "$VIVID" --encoder "$ENC" --input 1 \
	--frames error.frames -W 320 -H 240 -n 5 --expect-error \
	>error.out 2>&1 || rc=$?
cat error.out error.frames
cat error.out >>summary.txt
kv watchdog_resets "$(dmesg | grep -c 'job timed out')"
kv failed_status "$(dmesg | grep -c 'encode failed, status')"
[ "$rc" = 0 ] || fail "encodes with an error status did not end with ERROR"
