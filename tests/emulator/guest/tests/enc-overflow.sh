# Bitstream overflow (enc-overflow.qemu: allwinner-ve.stream-limit=16384
# makes the VE stop with an error once 16 KiB of slice data are written):
# a 176x144 IDR (99 I_PCM macroblocks, 38 KB) overflows, so every frame
# (each one retried as an IDR) must come back with ERROR and no payload,
# through the interrupt. Host check: checks/enc-overflow.sh.
. /opt/cedrus/tests/enc-lib.sh

enc_setup
rc=0
cedrus-enc-check --vivid "$VIVID" --encoder "$ENC" --input 1 \
	--frames overflow.frames -W 176 -H 144 -n 4 --expect-error \
	>overflow.out 2>&1 || rc=$?
cat overflow.out overflow.frames
cat overflow.out >>summary.txt
kv watchdog_resets "$(dmesg | grep -c 'job timed out')"
kv failed_status "$(dmesg | grep -c 'encode failed, status')"
[ "$rc" = 0 ] || fail "overflowing encodes did not end with ERROR"
