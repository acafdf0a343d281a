#!/usr/bin/env bash
# Generate or check linux-patches/: the series that puts the driver in tree
# on linux-source-6.12.
#
#   linux-patches.sh generate   rewrite linux-patches/ from driver/
#   linux-patches.sh check      committed == regenerated, the series is
#                               checkpatch --strict clean and applies with
#                               "patch -p1" and "git am" to pristine
#                               linux-source-6.12 files
#
# Pristine files come from build/linux-src (tag "base", see build-kernel.sh)
# or, when that tree is missing, from the linux-source-6.12 tarball. Only
# the files the series touches are extracted: the full tree is not needed
# to generate or apply it. The in-tree build itself is "make kernel"
# (Kconfig.snippet enables CONFIG_VIDEO_CEDRUS_VE=m).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
src=$build/linux-src
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
out=$top/linux-patches
drv=$top/driver
indir=drivers/media/platform/sunxi/cedrus

die() { echo "linux-patches: error: $*" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cedrus-linux-patches.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Files of the pristine tree the series modifies.
touched=(
	MAINTAINERS
	drivers/media/platform/sunxi/Kconfig
	drivers/media/platform/sunxi/Makefile
	Documentation/admin-guide/media/v4l-drivers.rst
	drivers/soc/sunxi/sunxi_mbus.c
	arch/arm/boot/dts/allwinner/sun8i-v3s.dtsi
)

# checkpatch.pl and the data files it reads.
checkpatch_files=(
	scripts/checkpatch.pl
	scripts/spelling.txt
	scripts/const_structs.checkpatch
)

# Pristine copies of FILES... into DEST. Without build/linux-src they come
# from the tarball, decompressed once per run into $work/pristine (the
# tarball's xz is slow to read: every file needed is extracted the first
# time).
pristine_files() { # DEST FILES...
	local dest=$1 f topdir
	shift
	mkdir -p "$dest"
	if git -C "$src" rev-parse -q --verify base >/dev/null 2>&1; then
		for f in "$@"; do
			mkdir -p "$dest/$(dirname "$f")"
			git -C "$src" show "base:$f" >"$dest/$f"
		done
		return
	fi

	if [ ! -d "$work/pristine" ]; then
		[ -f "$tarball" ] || die "no build/linux-src and no $tarball"
		# head closes the pipe early: tar's SIGPIPE is no error here
		topdir=$(set +o pipefail; tar -tJf "$tarball" | head -n 1 | cut -d/ -f1)
		[ -n "$topdir" ] || die "cannot list $tarball"
		mkdir -p "$work/pristine"
		tar -xJf "$tarball" -C "$work/pristine" --strip-components=1 \
			"${touched[@]/#/$topdir/}" "${checkpatch_files[@]/#/$topdir/}" ||
			die "cannot extract from $tarball"
	fi
	for f in "$@"; do
		mkdir -p "$dest/$(dirname "$f")"
		cp "$work/pristine/$f" "$dest/$f"
	done
}

pristine_extract() { # DEST
	pristine_files "$1" "${touched[@]}"
}

checkpatch_extract() { # DEST
	pristine_files "$1" "${checkpatch_files[@]}"
}

# One mbox patch from the difference between trees $1 and $2 (relative
# to $work), deterministic so that regenerating gives identical bytes.
patch_write() { # A B N SUBJECT BODY FILE
	local a=$1 b=$2 n=$3 subject=$4 body=$5 file=$6
	local diff=$work/$n.diff
	(cd "$work" && git diff --no-index --no-color --full-index "$a" "$b" || true) |
		sed -e "s#a/$a/#a/#g;s#a/$b/#a/#g;s#b/$b/#b/#g" \
		    -e "s#^--- a/$a/#--- a/#;s#^+++ b/$b/#+++ b/#" >"$diff"
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		echo "From: cedrus VE project <cedrus-ve@localhost>"
		echo "Date: Sat, 1 Jan 2000 00:00:00 +0000"
		echo "Subject: [PATCH $n/3] $subject"
		echo
		printf '%s\n' "$body"
		echo
		echo "Signed-off-by: cedrus VE project <cedrus-ve@localhost>"
		echo "---"
		# diffstat and a blank line before the diff, as git format-patch
		git apply --stat <"$diff"
		echo
		cat "$diff"
		echo "-- "
		echo "cedrus-ve"
		echo
	} >"$file"
}

generate() { # DEST_DIR
	local dest=$1 f
	mkdir -p "$dest"
	pristine_extract "$work/p0"

	# 1: the driver in tree, its Kconfig/Makefile hookup and its documentation.
	cp -a "$work/p0" "$work/p1"
	mkdir -p "$work/p1/$indir/tests"
	for f in "$drv"/*.c "$drv"/*.h; do
		cp "$f" "$work/p1/$indir/"
	done
	for f in "$drv"/tests/*.c "$drv"/tests/.kunitconfig; do
		[ -e "$f" ] && cp "$f" "$work/p1/$indir/tests/"
	done
	cp "$drv/Kbuild" "$work/p1/$indir/Makefile"
	cp "$drv/Kconfig" "$work/p1/$indir/Kconfig"
	cp "$drv/doc/cedrus.rst" "$work/p1/Documentation/admin-guide/media/cedrus.rst"
	sed -i 's#^source "drivers/media/platform/sunxi/sun4i-csi/Kconfig"#source "drivers/media/platform/sunxi/cedrus/Kconfig"\n&#' \
		"$work/p1/drivers/media/platform/sunxi/Kconfig"
	sed -i 's#^obj-y\t\t+= sun4i-csi/#obj-y\t\t+= cedrus/\n&#' \
		"$work/p1/drivers/media/platform/sunxi/Makefile"
	sed -i 's#^\tcafe_ccic$#&\n\tcedrus#' \
		"$work/p1/Documentation/admin-guide/media/v4l-drivers.rst"
	python3 - "$work/p1/MAINTAINERS" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
entry = """ALLWINNER VIDEO ENGINE DRIVER (CEDRUS-VE)
M:	cedrus VE project <cedrus-ve@localhost>
L:	linux-media@vger.kernel.org
S:	Maintained
F:	Documentation/admin-guide/media/cedrus.rst
F:	drivers/media/platform/sunxi/cedrus/

"""
anchor = "ALLWINNER VPU DRIVER\n"
assert s.count(anchor) == 1
s = s.replace(anchor, entry + anchor)
open(p, "w").write(s)
PY

	# 2: MBUS DMA offset for the V3s VE (H3's is already listed).
	cp -a "$work/p1" "$work/p2"
	sed -i 's#^\t"allwinner,sun8i-h3-video-engine",$#&\n\t"allwinner,sun8i-v3s-video-engine",#' \
		"$work/p2/drivers/soc/sunxi/sunxi_mbus.c"

	# 3: the V3s VE node and its SRAM C section.
	cp -a "$work/p2" "$work/p3"
	python3 - "$work/p3/arch/arm/boot/dts/allwinner/sun8i-v3s.dtsi" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
sram = '''			ranges;

			sram_c: sram@1d00000 {
				compatible = "mmio-sram";
				reg = <0x01d00000 0x80000>;
				#address-cells = <1>;
				#size-cells = <1>;
				ranges = <0 0x01d00000 0x80000>;

				ve_sram: sram-section@0 {
					compatible = "allwinner,sun8i-h3-sram-c1",
						     "allwinner,sun4i-a10-sram-c1";
					reg = <0x000000 0x80000>;
				};
			};
		};
'''
anchor = '''			reg = <0x01c00000 0xd0>;
			#address-cells = <1>;
			#size-cells = <1>;
			ranges;
		};
'''
assert anchor in s
s = s.replace(anchor, anchor.replace('''			ranges;
		};
''', sram))
ve = '''		video-codec@1c0e000 {
			compatible = "allwinner,sun8i-v3s-video-engine";
			reg = <0x01c0e000 0x1000>;
			clocks = <&ccu CLK_BUS_VE>, <&ccu CLK_VE>,
				 <&ccu CLK_DRAM_VE>;
			clock-names = "ahb", "mod", "ram";
			resets = <&ccu RST_BUS_VE>;
			interrupts = <GIC_SPI 58 IRQ_TYPE_LEVEL_HIGH>;
			allwinner,sram = <&ve_sram 1>;
		};

		mmc0: mmc@1c0f000 {
'''
assert s.count('\t\tmmc0: mmc@1c0f000 {\n') == 1
s = s.replace('\t\tmmc0: mmc@1c0f000 {\n', ve)
open(p, 'w').write(s)
PY

	rm -f "$dest"/*.patch
	patch_write p0 p1 1 "media: sunxi: Add the cedrus VE driver with H.264 encoding" \
"Add drivers/media/platform/sunxi/cedrus (module cedrus-ve, Kconfig
VIDEO_CEDRUS_VE): a reworked Allwinner Video Engine driver with one video
node per role on one media device and one mem2mem scheduler. It offers the
stateless decoders of the staging driver (MPEG-2, H.264, H.265 and VP8, on
the SoCs that have each) and a stateful H.264 encoder on V3/V3s/S3 and H3.
It replaces the staging sunxi-cedrus driver; do not enable both." \
		"$dest/0001-media-sunxi-Add-the-cedrus-VE-driver-with-H.264-enco.patch"
	patch_write p1 p2 2 "soc: sunxi: mbus: Add the V3s video engine" \
"The V3s VE reaches DRAM through the MBUS like the H3's: its DMA addresses
need the same offset, which sunxi_mbus applies to the compatibles it lists." \
		"$dest/0002-soc-sunxi-mbus-Add-the-V3s-video-engine.patch"
	patch_write p2 p3 3 "ARM: dts: sun8i: v3s: Add the video engine node" \
"Describe the V3s Video Engine (clocks, reset, GIC SPI 58) and the SRAM C
section it claims, so that the cedrus driver can encode and decode." \
		"$dest/0003-ARM-dts-sun8i-v3s-Add-the-video-engine-node.patch"
	(cd "$dest" && ls -1 *.patch) >"$dest/series"
}

check() {
	local fresh=$work/fresh p
	generate "$fresh"
	if ! diff -r "$out" "$fresh" >"$work/diff" 2>&1; then
		head -40 "$work/diff"
		die "linux-patches/ is stale: run 'make linux-patches' and commit it"
	fi

	pristine_extract "$work/apply-patch"
	while read -r p; do
		patch -d "$work/apply-patch" -p1 -s --dry-run <"$out/$p" >/dev/null ||
			die "$p does not apply with patch -p1"
		patch -d "$work/apply-patch" -p1 -s <"$out/$p" ||
			die "$p does not apply with patch -p1"
	done <"$out/series"

	pristine_extract "$work/apply-am"
	(
		cd "$work/apply-am"
		git init -q
		git -c user.name=check -c user.email=check@localhost add -A -f .
		git -c user.name=check -c user.email=check@localhost commit -q -m base
		while read -r p; do
			git -c user.name=check -c user.email=check@localhost am -q "$out/$p" ||
				die "$p does not apply with git am"
		done <"$out/series"
	)

	diff -r -x .git "$work/apply-patch" "$work/apply-am" >/dev/null ||
		die "patch -p1 and git am give different trees"

	# The series as it would be posted: checkpatch --strict, no complaint.
	# TRACE_EVENT() bodies keep the layout of the tracing documentation
	# (the only use of the two ignored types), and lines may have
	# checkpatch's default 100 columns (deep device tree nodes):
	# check-driver-static holds the driver's own files to 80 columns
	# without ignoring anything but the trace header's layout.
	checkpatch_extract "$work/checkpatch"
	while read -r p; do
		perl "$work/checkpatch/scripts/checkpatch.pl" --no-tree --strict \
			--quiet --ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT \
			"$out/$p" ||
			die "$p: checkpatch --strict is not clean"
	done <"$out/series"
	echo "linux-patches: $(wc -l <"$out/series") patches current, checkpatch --strict clean, apply with patch -p1 and git am"
}

case "${1:-}" in
generate)
	generate "$out"
	echo "linux-patches: wrote $(wc -l <"$out/series") patches to linux-patches/"
	;;
check)
	check
	;;
*)
	die "usage: $0 generate|check"
	;;
esac
