#!/usr/bin/env bash
# Build the guest kernel: zImage, dtbs and modules for the H3 board.
#
#   build/linux-src  pristine linux-source-6.12 as a git repo (tag "base"),
#                    with linux-patches/series applied on top and driver/
#                    copied over the driver's directory: the kernel always
#                    builds the driver as it is in driver/, even before
#                    "make linux-patches" (check-linux-patches holds the
#                    committed series to driver/)
#   build/linux      objects (O=), so re-applying patches only rebuilds the
#                    files they touch
#
# KERNEL_VARIANT=debug builds the same tree with Kconfig.debug on top
# (KASAN, kmemleak, lockdep, ...) into build/linux-debug, with its own
# stamp: both variants share build/linux-src, one build at a time.
#
# Incremental: the whole step is skipped when the hash of the series, the
# patches, driver/, Kconfig.snippet (and Kconfig.debug) and this script
# matches the last successful build; otherwise only the objects whose
# sources changed rebuild.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$top/build}
jobs=${JOBS:-2}
src=$build/linux-src
variant=${KERNEL_VARIANT:-}
case "$variant" in
'') obj=$build/linux stamp=kernel fragments=() ;;
debug) obj=$build/linux-debug stamp=kernel-debug fragments=("$top/Kconfig.debug") ;;
*) echo "kernel: error: unknown KERNEL_VARIANT '$variant'" >&2; exit 1 ;;
esac
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
series=$top/linux-patches/series
drv=$top/driver
indir=drivers/media/platform/sunxi/cedrus
snippet=$top/Kconfig.snippet
stamps=$build/stamps
# LOCALVERSION= (empty): no "+" suffix for a git tree without a tag.
kmake=(nice -n 10 make -s -C "$src" O="$obj" ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- LOCALVERSION=)

log() { echo "kernel${variant:+-$variant}: $*"; }
die() { echo "kernel${variant:+-$variant}: error: $*" >&2; exit 1; }

mkdir -p "$stamps" "$obj"

# Several make runs (one per helper or terminal) may build at once: one at a time.
exec 9>"$stamps/kernel.lock"
flock 9
[ -f "$series" ] || die "$series is missing (create it, empty if there are no patches)"

# The patches named by the series, in order (comments and blank lines skipped).
patches=()
while read -r p _; do
	case "$p" in ''|'#'*) continue ;; esac
	[ -f "$top/linux-patches/$p" ] || die "linux-patches/series names $p, which does not exist"
	patches+=("$top/linux-patches/$p")
done <"$series"

patch_hash=$(cat "$series" ${patches[@]+"${patches[@]}"} | sha256sum | cut -d' ' -f1)
# driver/ as the tree gets it: SOURCE:DEST pairs (DEST relative to $indir).
driver_files=()
for f in "$drv"/*.c "$drv"/*.h "$drv"/tests/*.c "$drv"/tests/.kunitconfig; do
	[ -e "$f" ] && driver_files+=("$f:${f#"$drv"/}")
done
driver_files+=("$drv/Kbuild:Makefile" "$drv/Kconfig:Kconfig")
driver_hash=$(for pair in "${driver_files[@]}"; do
	echo "${pair#*:}"; sha256sum <"${pair%%:*}"; done | sha256sum | cut -d' ' -f1)
build_hash=$(cat "$series" ${patches[@]+"${patches[@]}"} "$snippet" \
	${fragments[@]+"${fragments[@]}"} "$0" |
	{ cat; echo "$driver_hash"; } | sha256sum | cut -d' ' -f1)

if [ -f "$stamps/$stamp" ] && [ "$(cat "$stamps/$stamp")" = "$build_hash" ] &&
   [ -f "$obj/arch/arm/boot/zImage" ] && [ "${FORCE:-0}" != 1 ]; then
	log "up to date ($(cat "$obj/include/config/kernel.release"))"
	exit 0
fi

# 1. Source tree: extract once and commit it as the base.
if ! git -C "$src" rev-parse -q --verify base >/dev/null 2>&1; then
	[ -f "$tarball" ] || die "$tarball not found: run 'make deps' (package linux-source-6.12)"
	log "extracting $(basename "$tarball") into $src"
	rm -rf "$src"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1
	git -C "$src" init -q
	git -C "$src" -c core.autocrlf=false add -A -f .
	git -C "$src" -c user.name=cedrus-build -c user.email=build@localhost \
		commit -q -m "linux-source-6.12 (pristine)"
	git -C "$src" tag base
	rm -f "$stamps/kernel-patches"
fi

# 2. Patches: re-apply from the base whenever the series or a patch changed.
if [ ! -f "$stamps/kernel-patches" ] || [ "$(cat "$stamps/kernel-patches")" != "$patch_hash" ]; then
	log "applying linux-patches/series (${#patches[@]} patches) on the base"
	rm -f "$stamps/kernel-patches" "$stamps/kernel" "$stamps/kernel-debug"
	git -C "$src" reset -q --hard base
	# -x: Debian's linux-source .gitignore ignores every top-level path,
	# so files added by a patch would survive a plain "clean -fd".
	git -C "$src" clean -fdxq
	for p in ${patches[@]+"${patches[@]}"}; do
		log "  $(basename "$p")"
		patch -d "$src" -p1 -s --no-backup-if-mismatch <"$p" ||
			die "patch $(basename "$p") does not apply on $(sed -n 's/^SUBLEVEL = //p' "$src/Makefile" | sed 's/^/6.12./')"
	done
	echo "$patch_hash" >"$stamps/kernel-patches"
fi

# 3. driver/ over the series' copy of the driver. rsync -c compares contents,
# so only the files that differ get a new mtime and only their objects
# rebuild; a file the series has but driver/ no longer has is removed.
mkdir -p "$src/$indir/tests"
declare -A wanted=()
for pair in "${driver_files[@]}"; do
	rsync -c "${pair%%:*}" "$src/$indir/${pair#*:}"
	wanted[${pair#*:}]=1
done
for f in "$src/$indir"/*.[ch] "$src/$indir"/tests/*.c; do
	[ -e "$f" ] || continue
	rel=${f#"$src/$indir"/}
	[ -n "${wanted[$rel]:-}" ] || { log "removing $indir/$rel (not in driver/)"; rm -f "$f"; }
done

# 4. Configuration: sunxi_defconfig + Kconfig.snippet (+ Kconfig.debug).
log "configuring (sunxi_defconfig + Kconfig.snippet${variant:+ + Kconfig.$variant})"
(cd "$src" && ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- \
	scripts/kconfig/merge_config.sh -m -O "$obj" \
	arch/arm/configs/sunxi_defconfig "$snippet" ${fragments[@]+"${fragments[@]}"} \
	>"$obj/merge_config.log" 2>&1) ||
	{ cat "$obj/merge_config.log"; die "merge_config.sh failed"; }
"${kmake[@]}" olddefconfig

# Every symbol the snippet sets must survive olddefconfig (unmet dependencies
# silently drop a symbol otherwise, as VIDEO_VIVID without FB does).
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	if ! grep -qxF "$line" "$obj/.config"; then
		sym=${line%%=*}
		echo "kernel: error: Kconfig.snippet wants '$line', .config has '$(grep -E "^(# )?$sym[= ]" "$obj/.config" || echo "nothing")'" >&2
		missing=1
	fi
done < <(cat "$snippet" ${fragments[@]+"${fragments[@]}"})
[ $missing = 0 ] || die "unmet Kconfig dependencies (see above); fix Kconfig.snippet${variant:+ or Kconfig.$variant}"

# 5. Build.
log "building zImage, dtbs and modules (-j$jobs)"
"${kmake[@]}" -j"$jobs" zImage dtbs modules
[ -f "$obj/arch/arm/boot/dts/allwinner/sun8i-h3-orangepi-pc.dtb" ] || die "sun8i-h3-orangepi-pc.dtb was not built"
if grep -qx 'CONFIG_VIDEO_VIVID=m' "$obj/.config"; then
	find "$obj/drivers/media/test-drivers/vivid" -name vivid.ko | grep -q . || die "vivid.ko was not built"
fi

echo "$build_hash" >"$stamps/$stamp"
log "done ($(cat "$obj/include/config/kernel.release"))"
