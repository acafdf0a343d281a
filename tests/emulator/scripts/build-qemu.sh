#!/usr/bin/env bash
# Build qemu-system-arm (Debian's QEMU 7.2 source) with our Video Engine model,
# and the TCG plugin libinsn.so used for instruction counting.
#
#   build/src/qemu-7.2*/  apt-get source output (make deps), never modified
#   build/qemu-src        copy of it as a git repo (tag "base") with
#                         tests/emulator/qemu/*.patch applied and our sources
#                         synced in (rsync -c: unchanged files keep their mtime)
#   build/qemu            meson/ninja build directory; build/qemu/qemu-system-arm
#                         and build/qemu/tests/plugin/libinsn.so are the outputs
#
# Incremental: patches are re-applied only when they change, configure runs
# only when the patches or the configure arguments change, and ninja rebuilds
# only what the synced sources touched.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$top/build}
jobs=${JOBS:-2}
src=$build/qemu-src
obj=$build/qemu
stamps=$build/stamps
qdir=$top/tests/emulator/qemu
# The VE core; VE_MODEL_DIR overrides it (e.g. a local stub while it is written).
model=${VE_MODEL_DIR:-$top/tests/emulator/ve-model}

configure_args=(
	--target-list=arm-softmmu --disable-docs --disable-tools --disable-user
	--without-default-features --enable-fdt=system --disable-install-blobs
	--enable-plugins --disable-werror
)

log() { echo "qemu: $*"; }
die() { echo "qemu: error: $*" >&2; exit 1; }

mkdir -p "$stamps" "$obj"

# Several make runs (one per helper or terminal) may build at once: one at a time.
exec 9>"$stamps/qemu.lock"
flock 9

# 1. Source tree: copy the Debian source once, commit it as the base.
if ! git -C "$src" rev-parse -q --verify base >/dev/null 2>&1; then
	orig=$(ls -d "$build"/src/qemu-7.2*/ 2>/dev/null | head -n1)
	[ -n "$orig" ] || die "no QEMU source in $build/src: run 'make deps' (apt-get source qemu)"
	log "copying $orig into $src"
	rm -rf "$src"
	cp -a "$orig" "$src"
	# Debian's dfsg source drops the edk2 firmware blobs, but pc-bios/meson.build
	# still lists them and meson fails on the missing files even with
	# --disable-install-blobs. Empty placeholders are enough: we never install.
	for f in $(sed -n "s/^ *'\(edk2-[a-z0-9_-]*\.fd\)',\$/\1/p" "$src/pc-bios/meson.build"); do
		[ -e "$src/pc-bios/$f.bz2" ] || : | bzip2 >"$src/pc-bios/$f.bz2"
	done
	git -C "$src" init -q
	git -C "$src" add -A -f .
	git -C "$src" -c user.name=cedrus-build -c user.email=build@localhost \
		commit -q -m "qemu 7.2 (Debian source, edk2 placeholders)"
	git -C "$src" tag base
	rm -f "$stamps/qemu-patches"
fi

# 2. Integration patches: re-applied from the base when they change.
patches=("$qdir"/*.patch)
[ -f "${patches[0]}" ] || die "no patches in $qdir"
patch_hash=$(cat "${patches[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamps/qemu-patches" ] || [ "$(cat "$stamps/qemu-patches")" != "$patch_hash" ]; then
	log "applying ${#patches[@]} patch(es) on the base"
	git -C "$src" reset -q --hard base
	git -C "$src" clean -fdq
	for p in "${patches[@]}"; do
		log "  $(basename "$p")"
		patch -d "$src" -p1 -s --no-backup-if-mismatch <"$p" || die "$(basename "$p") does not apply"
	done
	echo "$patch_hash" >"$stamps/qemu-patches"
fi

# 3. Our sources. rsync -c compares contents, so ninja sees only real changes.
[ -f "$model/ve-core.c" ] || die "$model/ve-core.c is missing (the VE core model)"
mkdir -p "$src/hw/media" "$src/include/hw/media"
sync_file() { rsync -c "$1" "$2"; }
sync_file "$qdir/allwinner-ve.c" "$src/hw/media/allwinner-ve.c"
sync_file "$qdir/meson.build" "$src/hw/media/meson.build"
sync_file "$qdir/trace-events" "$src/hw/media/trace-events"
sync_file "$qdir/trace.h" "$src/hw/media/trace.h"
sync_file "$qdir/allwinner-ve.h" "$src/include/hw/media/allwinner-ve.h"
# The core's sources (qemu/meson.build lists the .c files) include their
# headers from their own directory; the device header includes
# "hw/media/ve-core.h" (which includes ve-regs.h next to it) from the
# include path: every header goes to both places.
for f in "$model"/*.c; do
	sync_file "$f" "$src/hw/media/"
done
for f in "$model"/*.h; do
	sync_file "$f" "$src/hw/media/"
	sync_file "$f" "$src/include/hw/media/"
done

# 4. Configure when the tree or the arguments changed.
conf_hash=$(printf '%s\n' "$patch_hash" "${configure_args[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$obj/build.ninja" ] || [ ! -f "$stamps/qemu-configure" ] ||
   [ "$(cat "$stamps/qemu-configure")" != "$conf_hash" ]; then
	log "configuring"
	rm -f "$stamps/qemu-configure"
	(cd "$obj" && nice -n 10 "$src/configure" "${configure_args[@]}" >configure.log 2>&1) ||
		{ tail -n 30 "$obj/configure.log"; die "configure failed (log: $obj/configure.log)"; }
	grep -q '^#define CONFIG_PLUGIN' "$obj/config-host.h" ||
		die "TCG plugin support is not enabled in $obj/config-host.h"
	echo "$conf_hash" >"$stamps/qemu-configure"
fi

# 5. Build the emulator and the instruction-counting plugin.
log "building qemu-system-arm and libinsn.so (-j$jobs)"
nice -n 10 ninja -C "$obj" -j "$jobs" qemu-system-arm tests/plugin/libinsn.so >"$obj/ninja.log" 2>&1 ||
	{ grep -E -B2 -A8 'error|FAILED' "$obj/ninja.log" | head -n 60; die "build failed (log: $obj/ninja.log)"; }
[ -x "$obj/qemu-system-arm" ] || die "$obj/qemu-system-arm was not built"
log "done: $obj/qemu-system-arm, $obj/tests/plugin/libinsn.so"
