#!/usr/bin/env bash
# Build the guest initramfs, build/rootfs/initrd.cpio.gz:
#   - busybox-static (applet links made by /init at boot) and v4l-utils 1.30
#     with its libraries, unpacked from build/debs with dpkg-deb -x
#     (trixie is merged-/usr: bin, lib and sbin become symlinks into usr/)
#   - the kernel modules of build/linux (modules_install, stripped)
#   - tests/emulator/guest/ as /opt/cedrus/, tests/emulator/rootfs/init as /init
#   - extra guest files from ROOTFS_EXTRA_FILES ("src:dest ..."), set by the
#     make fragments (e.g. the armhf tool into /usr/bin/); @KERNELRELEASE@ in
#     a destination is replaced by the kernel release
# Every dynamic ELF's NEEDED libraries (and its interpreter) must be in the
# image, or the build fails naming what is missing.
#
# KERNEL_VARIANT=debug builds build/rootfs-debug/initrd.cpio.gz with the
# modules of build/linux-debug (make kernel-debug) instead.
#
# Incremental: skipped when the hash of all inputs matches the last build.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$top/build}
variant=${KERNEL_VARIANT:-}
case "$variant" in
'') out=$build/rootfs kobj=$build/linux stamp=rootfs kstamp=kernel ;;
debug) out=$build/rootfs-debug kobj=$build/linux-debug stamp=rootfs-debug kstamp=kernel-debug ;;
*) echo "rootfs: error: unknown KERNEL_VARIANT '$variant'" >&2; exit 1 ;;
esac
root=$out/root
image=$out/initrd.cpio.gz
stamps=$build/stamps
debs=$build/debs
ksrc=$build/linux-src
guest=$top/tests/emulator/guest
init=$top/tests/emulator/rootfs/init
extra=${ROOTFS_EXTRA_FILES:-}

log() { echo "rootfs${variant:+-$variant}: $*"; }
die() { echo "rootfs: error: $*" >&2; exit 1; }

mkdir -p "$out" "$stamps"

# Several make runs (one per helper or terminal) may build at once: one at a time.
exec 9>"$stamps/$stamp.lock"
flock 9
ls "$debs"/*.deb >/dev/null 2>&1 || die "no guest packages in $debs: run 'make deps'"
[ -f "$kobj/include/config/kernel.release" ] || die "no kernel in $kobj: run 'make kernel'"
[ -f "$init" ] || die "$init is missing"

for pair in $extra; do
	src=${pair%%:*}
	[ "$src" != "$pair" ] || die "ROOTFS_EXTRA_FILES entry '$pair' is not src:dest"
	[ -f "$src" ] || die "ROOTFS_EXTRA_FILES: $src does not exist (build it first)"
done

# Hash of everything the image is made of.
inputs_hash=$(
	{
		sha256sum "$0" "$init" "$debs"/*.deb
		cat "$stamps/$kstamp" 2>/dev/null || true
		cat "$kobj/include/config/kernel.release"
		find "$kobj" -name '*.ko' -printf '%P %s %T@\n' | LC_ALL=C sort
		(cd "$guest" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
		(cd "$guest" && find . -printf '%P %m\n' | LC_ALL=C sort)
		echo "$extra"
		for pair in $extra; do sha256sum "${pair%%:*}"; done
	} | sha256sum | cut -d' ' -f1
)
if [ -f "$image" ] && [ -f "$stamps/$stamp" ] && [ "$(cat "$stamps/$stamp")" = "$inputs_hash" ] &&
   [ "${FORCE:-0}" != 1 ]; then
	log "up to date"
	exit 0
fi
rm -f "$stamps/$stamp"

log "unpacking $(ls "$debs"/*.deb | wc -l) packages"
rm -rf "$root"
mkdir -p "$root"
for deb in "$debs"/*.deb; do
	dpkg-deb -x "$deb" "$root"
done

# Merged /usr: move what bookworm packages (busybox-static) put in /bin,
# /sbin and /lib into usr/, then make the top-level directories symlinks.
for d in bin sbin lib; do
	mkdir -p "$root/usr/$d"
	if [ -d "$root/$d" ] && [ ! -L "$root/$d" ]; then
		cp -a "$root/$d/." "$root/usr/$d/"
		rm -rf "${root:?}/$d"
	fi
	ln -sfn "usr/$d" "$root/$d"
done
[ -x "$root/usr/bin/busybox" ] || die "busybox is not in the image (busybox-static .deb missing?)"

# Documentation, manuals, locales: not needed in the guest.
# glibc's iconv modules are not used by anything in the guest either.
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/locale" \
	"$root/usr/share/lintian" "$root/usr/share/bug" "$root/usr/lib/arm-linux-gnueabihf/gconv"

log "installing kernel modules ($(cat "$kobj/include/config/kernel.release"))"
nice -n 10 make -s -C "$ksrc" O="$kobj" ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- LOCALVERSION= \
	INSTALL_MOD_PATH="$root/usr" INSTALL_MOD_STRIP=1 modules_install >/dev/null
rm -f "$root"/usr/lib/modules/*/build "$root"/usr/lib/modules/*/source

log "adding /init, /opt/cedrus and extra files"
install -m 0755 "$init" "$root/init"
mkdir -p "$root/opt/cedrus"
cp -a "$guest/." "$root/opt/cedrus/"
krel=$(cat "$kobj/include/config/kernel.release")
for pair in $extra; do
	src=${pair%%:*}
	dest=${pair#*:}
	dest=${dest//@KERNELRELEASE@/$krel}
	case "$dest" in */) dest=$dest$(basename "$src") ;; esac
	install -D -m "$(stat -c %a "$src")" "$src" "$root/$dest"
done
# Modules added above (/usr/lib/modules/@KERNELRELEASE@/extra/) become
# visible to modprobe.
depmod -b "$root/usr" "$krel"

mkdir -p "$root"/{dev,proc,sys,tmp,run,root,mnt,etc,var/log}
chmod 1777 "$root/tmp"
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
echo 'cedrus-emu' >"$root/etc/hostname"
# The kernel opens /dev/console before /init runs; without the node, early
# output is lost (the /init redirects to devtmpfs' console as a fallback).
if [ "$(id -u)" = 0 ]; then
	mknod -m 600 "$root/dev/console" c 5 1
	mknod -m 666 "$root/dev/null" c 1 3
fi

# Every NEEDED library of every dynamic ELF (and its interpreter) must exist.
log "checking shared library dependencies"
libdirs=(usr/lib/arm-linux-gnueabihf usr/lib lib/arm-linux-gnueabihf)
missing=$(
	cd "$root"
	find . -type f ! -name '*.ko' -print0 | while IFS= read -r -d '' f; do
		[ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] || continue
		interp=$(readelf -lW "$f" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
		if [ -n "$interp" ] && [ ! -e ".$interp" ]; then
			echo "${f#.}: interpreter $interp"
		fi
		for lib in $(readelf -dW "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			found=0
			for d in "${libdirs[@]}"; do
				[ -e "$d/$lib" ] && { found=1; break; }
			done
			[ $found = 1 ] || echo "${f#.}: $lib"
		done
	done
)
if [ -n "$missing" ]; then
	echo "$missing" | sed 's/^/  /' >&2
	die "the files above need libraries that are not in the image: add their Debian packages to tests/emulator/scripts/fetch-guest-debs.sh (or link the program statically)"
fi

log "packing $image"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$image.tmp"
mv "$image.tmp" "$image"
echo "$inputs_hash" >"$stamps/$stamp"
log "done ($(du -h "$image" | cut -f1), $(du -sh "$root" | cut -f1) unpacked)"
