# Seeded ioctl fuzzing of both cedrus nodes (issue 9): cedrus-fuzz issues
# at least 20,000 random but typed operations (formats, buffers of every
# memory type, QBUF/DQBUF, streaming, controls, requests, commands,
# events, close/reopen), bounded in time, with a fixed seed per run so a
# failure replays. Afterwards a normal encode must still be exact.
# Host check: checks/driver-fuzz.sh (with run-test.sh's kernel-log check).
. /opt/cedrus/lib/enc.sh

FUZZ_SEEDS="20261204 1187"
FUZZ_OPS=12000
FUZZ_SECONDS=240
# The debug kernel (kmemleak present) runs about half as fast: one seed.
[ -f /sys/kernel/debug/kmemleak ] && FUZZ_SEEDS=20261204

enc_setup
dec=$(find_video_node cedrus-dec) || fail "no decoder node"
media=
for m in /dev/media*; do
	[ -e "$m" ] || continue
	grep -q cedrus "/sys/class/media/$(basename "$m")/device/uevent" 2>/dev/null &&
		media=$m
done
[ -n "$media" ] || media=/dev/media0
kv media "$media"

for seed in $FUZZ_SEEDS; do
	log "cedrus-fuzz seed $seed: $FUZZ_OPS ops, at most $FUZZ_SECONDS s"
	rc=0
	cedrus-fuzz "$seed" "$FUZZ_OPS" "$FUZZ_SECONDS" "$ENC" "$dec" "$media" \
		>"fuzz-$seed.txt" 2>&1 || rc=$?
	kv "fuzz_$seed.rc" "$rc"
	grep -v '^fuzz last op' "fuzz-$seed.txt"
	[ "$rc" = 0 ] || fail "cedrus-fuzz seed $seed failed (exit $rc)"
done

# The driver still encodes exactly after all that.
enc_tool after "$VIVID" 320x240 10 --gop 5
