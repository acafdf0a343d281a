#!/usr/bin/env bash
# Boot the emulated Orange Pi PC (Allwinner H3) and run one guest test, or
# boot to an interactive shell.
#
#   run-test.sh NAME        run tests/emulator/guest/tests/NAME.sh in the guest,
#                           collect its results into build/emulator/results/NAME/
#                           and run tests/emulator/checks/NAME.sh on them
#                           (every guest test must have its host check)
#   run-test.sh DIR/NAME    run tests/emulator/guest/DIR/NAME.sh the same way: a
#                           guest script that is not a test (e.g. bench/clients,
#                           make bench-clients), so no host check; results in
#                           build/emulator/results/DIR/NAME/ for the caller
#   run-test.sh --shell     boot with the serial console on this terminal
#
# The guest returns its results as a tar archive written to a raw SD card
# image, and prints its size and md5 on the console; the serial console goes
# to build/emulator/results/NAME.console.log.
# EMU_TIMEOUT (seconds, default 600) bounds a test run. EMU_QEMU_ARGS adds
# QEMU arguments (e.g. "-d guest_errors"; not "-trace": QEMU keeps the
# last -trace's file only, so a test's NAME.trace log would go elsewhere),
# EMU_APPEND kernel arguments.
#
# Per-test files next to tests/emulator/guest/tests/NAME.sh:
#   NAME.qemu    one line of extra QEMU arguments
#   NAME.append  one line of extra kernel arguments
#   NAME.dmesg-allow  kernel reports (extended regexes, '#' comments) the
#                test provokes on purpose; any other WARN, BUG, oops,
#                sanitizer, lockdep, hung-task or kmemleak line in the
#                guest's dmesg fails the test
#   NAME.trace   QEMU trace event patterns, one per line ('#' comments):
#                the events are logged to build/emulator/results/NAME/qemu.log
#                (with anything else QEMU logs, e.g. -d guest_errors)
#   NAME.rec-dump (empty) the VE appends every encoded frame's
#                reconstruction to build/emulator/results/NAME/rec.nv12
#                (-global allwinner-ve.rec-dump=...; format: the comment
#                of allwinner_ve_core_rec() in qemu/allwinner-ve.c), for
#                the host check
#   NAME.dtso    a device-tree overlay applied to the board's DTB for this
#                test only (compiled with the kernel build's dtc, applied
#                with its fdtoverlay into build/emulator/NAME.dtb), e.g. to
#                give the VE node another SoC's compatible
#   NAME.clients (empty) the test runs the stock clients, FFmpeg and
#                GStreamer: the SD card is then 1 GiB, the results region
#                (the first 512 MiB) followed by build/clients/clients.img
#                (make clients-image) as partition 1, which the guest
#                mounts read-only at /opt/clients (guest/lib/clients.sh)
# The whole script is one block, read before it runs: bash otherwise reads
# a script as it goes, and an edit to this file during a long boot (another
# checkout step, another developer) would run the rest from a shifted offset.
{
set -euo pipefail
# EMU_QEMU_ARGS and NAME.qemu are split into words, never glob-expanded
# (a pattern such as -d or -trace arguments must reach QEMU as written).
set -f

top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$top/build}
qemu=$build/qemu/qemu-system-arm
# KERNEL_VARIANT=debug: the debug kernel (make kernel-debug rootfs-debug);
# its results go to build/emulator/results/debug/NAME.
variant=${KERNEL_VARIANT:-}
case "$variant" in
'') kobj=$build/linux initrd=$build/rootfs/initrd.cpio.gz ;;
debug) kobj=$build/linux-debug initrd=$build/rootfs-debug/initrd.cpio.gz ;;
*) echo "emu: error: unknown KERNEL_VARIANT '$variant'" >&2; exit 1 ;;
esac
kernel=$kobj/arch/arm/boot/zImage
dtb=$kobj/arch/arm/boot/dts/allwinner/sun8i-h3-orangepi-pc.dtb
timeout_s=${EMU_TIMEOUT:-600}
# oops=panic + panic=-1: a kernel oops ends the run at once (with -no-reboot
# QEMU exits) instead of leaving the test blocked until EMU_TIMEOUT.
append="console=ttyS0,115200 rdinit=/init panic=-1 oops=panic cma=384M ${EMU_APPEND:-}"

die() { echo "emu: error: $*" >&2; exit 1; }

for f in "$qemu" "$kernel" "$dtb" "$initrd"; do
	[ -f "$f" ] || die "$f is missing: run 'make kernel qemu rootfs' first"
done

# -M orangepi-pc accepts exactly 1 GiB of RAM and 4 cortex-a7 CPUs.
qemu_args=(-M orangepi-pc -m 1G -kernel "$kernel" -dtb "$dtb" -initrd "$initrd" -no-reboot)

if [ "${1:-}" = --shell ]; then
	echo "emu: booting to a shell; 'poweroff -f' in the guest (or Ctrl-A X) quits"
	exec "$qemu" "${qemu_args[@]}" -nographic -append "$append" ${EMU_QEMU_ARGS:-}
fi

name=${1:?usage: run-test.sh NAME | DIR/NAME | --shell}
# DIR/NAME (not a test) has its per-test files next to it and no check.
case "$name" in
*/*) guest=$top/tests/emulator/guest/$name check= ;;
*) guest=$top/tests/emulator/guest/tests/$name check=$top/tests/emulator/checks/$name.sh ;;
esac
script=$guest.sh
extra_file=$guest.qemu
append_file=$guest.append
trace_file=$guest.trace
clients_file=$guest.clients
rec_dump_file=$guest.rec-dump
dtso_file=$guest.dtso
clients_image=$build/clients/clients.img
[ -f "$script" ] || die "no guest test $script"
# A guest test whose results nobody looks at would pass whatever it wrote:
# refuse it before booting.
if [ -n "$check" ]; then
	[ -f "$check" ] || die "guest test $script has no host check $check"
	[ -x "$check" ] || die "$check is not executable"
fi

label=emu-${variant:+$variant-}test-$name
results_root=$build/emulator/results${variant:+/$variant}
results=$results_root/$name
console=$results_root/$name.console.log
sd=$build/emulator/$name${variant:+-$variant}.sd.img
mkdir -p "$results_root" "${sd%/*}"
# Two runs of the same test (two terminals, two helpers) would share the
# results directory and the SD image: the second waits for the first.
exec 9>"$build/emulator/$name${variant:+-$variant}.lock"
flock 9
rm -rf "$results" "$console"
mkdir -p "$results"

# A fresh, sparse, all-zero card: stale results can never be read back.
# (QEMU wants a power-of-2 size.)
rm -f "$sd"
if [ -f "$clients_file" ]; then
	# The first 512 MiB take the results, as on every card; the clients
	# image follows as partition 1 of an MBR. At the very end the guest
	# writes its results archive over sector 0, MBR included: harmless,
	# the kernel read the partition table at boot, and nothing reads it
	# again (the host reads the archive, and the card is deleted).
	[ -f "$clients_image" ] || die "$clients_image is missing: run 'make clients-image'"
	truncate -s 1G "$sd"
	clients_sectors=$(( ($(stat -c %s "$clients_image") + 511) / 512 ))
	[ $clients_sectors -le $((512 * 2048)) ] || die "$clients_image does not fit in 512 MiB"
	echo "start=$((512 * 2048)), size=$clients_sectors, type=83" |
		sfdisk -q --label dos "$sd" || die "sfdisk cannot partition $sd"
	dd if="$clients_image" of="$sd" bs=1M seek=512 conv=notrunc,sparse status=none ||
		die "cannot copy $clients_image to $sd"
else
	truncate -s 512M "$sd"
fi

# The test's own DTB: the board's with NAME.dtso applied.
if [ -f "$dtso_file" ]; then
	test_dtb=$build/emulator/$name${variant:+-$variant}.dtb
	rm -f "$test_dtb" "$test_dtb.dtbo"
	"$kobj/scripts/dtc/dtc" -q -@ -I dts -O dtb -o "$test_dtb.dtbo" "$dtso_file" ||
		die "cannot compile the overlay $dtso_file"
	"$kobj/scripts/dtc/fdtoverlay" -i "$dtb" -o "$test_dtb" "$test_dtb.dtbo" ||
		die "cannot apply the overlay $dtso_file to $dtb"
	rm -f "$test_dtb.dtbo"
	for i in "${!qemu_args[@]}"; do
		[ "${qemu_args[i]}" != "$dtb" ] || qemu_args[i]=$test_dtb
	done
fi

extra=()
if [ -f "$extra_file" ]; then
	read -r -a extra <"$extra_file" || true
fi
if [ -f "$append_file" ]; then
	append="$append $(head -n 1 "$append_file")"
fi
# QEMU's log file (trace events and -d output), next to the guest's files.
qemu_log=$results/qemu.log
if [ -f "$trace_file" ]; then
	extra+=(-trace "events=$trace_file,file=$qemu_log")
fi
# The reconstructions, next to the guest's files (a guest file of the same
# name fails the extraction below, as for qemu.log).
if [ -f "$rec_dump_file" ]; then
	extra+=(-global "allwinner-ve.rec-dump=$results/rec.nv12")
fi

show_console() {
	echo "---- last 40 lines of $console ----" >&2
	tail -n 40 "$console" >&2 || true
	echo "---- end of console ----" >&2
}
failed() {
	echo "$label: FAIL: $*" >&2
	show_console
	exit 1
}

echo "$label: booting (timeout ${timeout_s} s, console: ${console#"$top"/})"
start=$(date +%s)
set +e
timeout --kill-after=10 "$timeout_s" "$qemu" "${qemu_args[@]}" \
	-display none -monitor none -serial "file:$console" \
	-drive "if=sd,format=raw,file=$sd" \
	-append "$append cedrus.test=$name" \
	${extra[@]+"${extra[@]}"} ${EMU_QEMU_ARGS:-} </dev/null
qemu_rc=$?
set -e
elapsed=$(( $(date +%s) - start ))

if [ $qemu_rc = 124 ] || [ $qemu_rc = 137 ]; then
	failed "timed out after ${timeout_s} s (EMU_TIMEOUT); QEMU was killed"
fi
[ $qemu_rc = 0 ] || failed "QEMU exited with status $qemu_rc"

# The guest's last words: "cedrus-test: results written: N bytes, md5 X".
written=$(tr -d '\r' <"$console" |
	sed -n 's/^cedrus-test: results written: \([0-9]*\) bytes, md5 \([0-9a-f]*\)$/\1 \2/p' |
	tail -n 1)
if [ -z "$written" ]; then
	grep -q 'Kernel panic' "$console" &&
		failed "the guest kernel panicked (an oops is a panic here); no results came back"
	failed "no results came back: the guest never reported writing them to the SD card; see the console log"
fi
read -r archive_bytes archive_md5 <<<"$written"
card_md5=$(head -c "$archive_bytes" "$sd" | md5sum | cut -d' ' -f1)
[ "$card_md5" = "$archive_md5" ] ||
	failed "the results archive on the SD card is truncated or corrupt: the guest wrote $archive_bytes bytes with md5 $archive_md5, the card's first $archive_bytes bytes have md5 $card_md5"
# --keep-old-files: a guest file named like qemu.log fails instead of
# replacing QEMU's log.
if ! tar_err=$(head -c "$archive_bytes" "$sd" |
	       tar -xf - --keep-old-files -C "$results" 2>&1); then
	failed "the results archive does not extract: $tar_err"
fi
[ -f "$results/exit-code" ] || failed "the results archive has no exit-code"
rm -f "$sd"

guest_rc=$(cat "$results/exit-code")
echo "$label: guest finished in ${elapsed} s, exit code $guest_rc, results in ${results#"$top"/}/"
[ "$guest_rc" = 0 ] || failed "the guest test exited with $guest_rc (see ${results#"$top"/}/test.log)"

# Whatever the test checks, the kernel must not have complained: a WARN
# (debug-objects and DMA-API debug report through WARN too), BUG, oops,
# sanitizer (KASAN, UBSAN), lockdep, hung task or kmemleak report fails it.
# NAME.dmesg-allow lists (one extended regex a line) the reports a test
# provokes on purpose, e.g. a KUnit case that checks a WARN_ON fires.
dmesg_reports=$(grep -E 'WARNING: CPU|BUG:|Oops|Unable to handle|KASAN|UBSAN|circular locking|inconsistent lock|lock held when returning|blocked for more than|kmemleak: .* new suspected' \
	"$results/dmesg.txt" || true)
allow_file=$guest.dmesg-allow
if [ -n "$dmesg_reports" ] && [ -f "$allow_file" ]; then
	dmesg_reports=$(grep -v -E -f <(grep -v -e '^#' -e '^$' "$allow_file") <<<"$dmesg_reports" || true)
fi
[ -z "$dmesg_reports" ] ||
	failed "the kernel reported problems (${results#"$top"/}/dmesg.txt):
$dmesg_reports"

[ -z "$check" ] || "$check" "$results" || failed "host check ${check#"$top"/} failed"
echo "$label: PASS"
exit 0
}
