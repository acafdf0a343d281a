#!/usr/bin/env bash
# make check-incremental: with nothing changed since the last build, running
# "make kernel qemu rootfs kernel-debug rootfs-debug clients-image" again must
# rebuild nothing. Fails when a zImage, the board's dtb, qemu-system-arm, an
# initrd.cpio.gz or the clients image changes (content or mtime),
# or when the run takes longer than INCREMENTAL_MAX_S seconds (default 180:
# a no-op run is make, the build scripts' hash checks, ninja and the
# out-of-tree module and tool builds finding nothing to do).
# Variables given on make's command line reach this make through MAKEFLAGS.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$top/build}
max_s=${INCREMENTAL_MAX_S:-180}

outputs=(
	"$build/linux/arch/arm/boot/zImage"
	"$build/linux/arch/arm/boot/dts/allwinner/sun8i-h3-orangepi-pc.dtb"
	"$build/qemu/qemu-system-arm"
	"$build/rootfs/initrd.cpio.gz"
	"$build/linux-debug/arch/arm/boot/zImage"
	"$build/rootfs-debug/initrd.cpio.gz"
	"$build/clients/clients.img"
)
fail() { echo "check-incremental: FAIL: $*" >&2; exit 1; }

# path, size, mtime (ns) and sha256 of every output
snapshot() {
	local f
	for f in "${outputs[@]}"; do
		[ -f "$f" ] || fail "${f#"$top"/} does not exist: run 'make kernel qemu rootfs kernel-debug rootfs-debug clients-image' first"
		printf '%s %s\n' "$(stat -c '%n %s %.9Y' "$f")" "$(sha256sum <"$f" | cut -d' ' -f1)"
	done
}

# In make check this runs last: the emulator tests built everything, so
# this is the second run. No warm-up run: one that rebuilds only the first
# time after a build must fail too.
before=$(snapshot)
start_ms=$(($(date +%s%N) / 1000000))
make -C "$top" --no-print-directory kernel qemu rootfs kernel-debug rootfs-debug clients-image
elapsed_ms=$(($(date +%s%N) / 1000000 - start_ms))
after=$(snapshot)
elapsed=$((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100))

if [ "$before" != "$after" ]; then
	diff <(echo "$before") <(echo "$after") >&2 || true
	fail "a second 'make kernel qemu rootfs kernel-debug rootfs-debug clients-image' with nothing changed rebuilt the files above (${elapsed} s): an input changed, or a build step is not incremental"
fi
if [ "$elapsed_ms" -gt $((max_s * 1000)) ]; then
	fail "a second 'make kernel qemu rootfs kernel-debug rootfs-debug clients-image' with nothing changed took ${elapsed} s (limit ${max_s} s, INCREMENTAL_MAX_S)"
fi
echo "check-incremental: a second 'make kernel qemu rootfs kernel-debug rootfs-debug clients-image' rebuilt nothing in ${elapsed} s (limit ${max_s} s): both zImages, the dtb, qemu-system-arm, both initrd.cpio.gz and clients.img unchanged"
