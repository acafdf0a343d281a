#!/usr/bin/env bash
# Build the guest's clients image, build/clients/clients.img: stock FFmpeg 7.1
# and GStreamer 1.26 from trixie armhf, for the tests that run the encoder
# the way a user does (guest/tests/NAME.clients). An ext4 file system
# without a journal, mounted read-only at /opt/clients in the guest:
#
#   bin/           ffmpeg, ffprobe, gst-launch-1.0, gst-inspect-1.0
#   libexec/       gst-plugin-scanner
#   lib/           every library these need that the initramfs lacks
#   lib/gstreamer-1.0/  the plugins in $plugins below
#   clients.txt    each file with the package and version it came from
#
# The packages (build/clients/packages.list, written by make deps) are the
# whole Depends closure, about 410 packages and 630 MB unpacked; the image
# holds only the ELF closure of what runs: the programs and plugins above
# and, recursively, their NEEDED libraries. A library the initramfs already
# has (a package of build/debs, which build-rootfs.sh unpacks: libc6,
# libstdc++6, libudev1, libv4l, libdrm2, ...) is left out; a NEEDED library
# in neither fails the build, naming it and the file that needs it.
#
# Incremental: skipped when the hash of all inputs matches the last build.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$top/build}
out=$build/clients
manifest=$out/packages.list
unpacked=$out/unpacked
root=$out/root
image=$out/clients.img
stamps=$build/stamps
initramfs_debs=$build/debs

programs=(usr/bin/ffmpeg usr/bin/ffprobe usr/bin/gst-launch-1.0 usr/bin/gst-inspect-1.0)
scanner=usr/lib/arm-linux-gnueabihf/gstreamer1.0/gstreamer-1.0/gst-plugin-scanner
plugin_dir=usr/lib/arm-linux-gnueabihf/gstreamer-1.0
# Sources (videotestsrc, appsrc), conversion and raw parsing, the V4L2
# stateful (video4linux2: v4l2h264enc) and stateless (v4l2codecs) codecs,
# the H.264 parser (videoparsersbad: h264parse), MP4 and Matroska, and the
# type finders decodebin and filesrc-based autoplugging need.
plugins=(coreelements videotestsrc videoconvertscale rawparse app video4linux2
	 videoparsersbad v4l2codecs isomp4 matroska typefindfunctions)
# Library directories, in the order the guest's loader searches them.
libdirs=(usr/lib/arm-linux-gnueabihf usr/lib)
# A soname more than one package of the closure ships: the package apt
# would install. Any other duplicate fails the build.
declare -A prefer=(
	# Debian's own builds, not the -extra ones (more encoders, same sonames)
	[libavcodec.so.61]=libavcodec61
	[libavfilter.so.10]=libavfilter10
	[libavformat.so.61]=libavformat61
	# JACK 2, the first alternative of libjack-0.125
	[libjack.so.0]=libjack-jackd2-0
	# libsdl2-compat-shim's is a link into sdl2-compat/, SDL3's shim
	[libSDL2-2.0.so.0]=libsdl2-2.0-0
)

# Sonames Debian gives through update-alternatives (a maintainer script
# makes the link, none runs here): the reference BLAS and LAPACK, which the
# closure has alongside OpenBLAS and BLIS.
declare -A alternative=(
	[libblas.so.3]=usr/lib/arm-linux-gnueabihf/blas/libblas.so.3
	[liblapack.so.3]=usr/lib/arm-linux-gnueabihf/lapack/liblapack.so.3
)

log() { echo "clients-image: $*"; }
die() { echo "clients-image: error: $*" >&2; exit 1; }

mkdir -p "$out" "$stamps"
exec 9>"$stamps/clients-image.lock"
flock 9

[ -f "$manifest" ] || die "no $manifest: run 'make deps'"
mapfile -t debs <"$manifest"
[ ${#debs[@]} -gt 0 ] || die "$manifest is empty: run 'make deps'"
ls "$initramfs_debs"/*.deb >/dev/null 2>&1 || die "no guest packages in $initramfs_debs: run 'make deps'"
# make deps may prune the cache meanwhile (another clone): read under its lock.
exec 8>"$(dirname "${debs[0]}")/.lock"
flock -s 8
for deb in "${debs[@]}"; do
	[ -f "$deb" ] || die "$deb is missing (the package cache was cleaned?): run 'make deps'"
done

# Hash of everything the image is made of. The cached .debs are named by
# package and version and never rewritten: names and sizes stand for them.
inputs_hash=$(
	{
		sha256sum "$0"
		stat -c '%n %s' "${debs[@]}"
		(cd "$initramfs_debs" && ls ./*.deb)
	} | sha256sum | cut -d' ' -f1
)
if [ -f "$image" ] && [ -f "$stamps/clients-image" ] &&
   [ "$(cat "$stamps/clients-image")" = "$inputs_hash" ] && [ "${FORCE:-0}" != 1 ]; then
	log "up to date ($(du -h --apparent-size "$image" | cut -f1))"
	exit 0
fi
rm -f "$stamps/clients-image"

# One directory per package, so that every file is known by its package.
log "unpacking ${#debs[@]} packages"
rm -rf "$unpacked" "$root"
mkdir -p "$unpacked"
printf '%s\n' "${debs[@]}" | xargs -d '\n' -P "${JOBS:-2}" -I{} \
	sh -c 'd=$1/$(basename "$2" .deb) && mkdir "$d" && dpkg-deb -x "$2" "$d"' sh "$unpacked" {}

# owner[PATH] = the package directories that ship PATH (relative, /lib
# folded into /usr/lib), for the programs and library directories.
declare -A owner=()
while IFS=/ read -r pkg rel; do
	case "$rel" in lib/*) rel=usr/$rel ;; esac
	owner[$rel]+="${owner[$rel]:+ }$pkg"
done < <(cd "$unpacked" && find . -mindepth 2 \( -type f -o -type l \) \
		\( -path './*/usr/bin/*' -o -path './*/usr/lib/*' -o -path './*/lib/*' \) -printf '%P\n')

# owner_of REL: the one package directory to take REL from.
owner_of() {
	local p want=${prefer[${1##*/}]:-}
	case "${owner[$1]:-}" in
	'') die "no package of the closure ships /$1" ;;
	*' '*) ;;
	*) echo "${owner[$1]}"; return ;;
	esac
	for p in ${owner[$1]}; do
		[ "${p%%_*}" = "$want" ] && { echo "$p"; return; }
	done
	die "/$1 is in more than one package (${owner[$1]}): name the one to use in \$prefer of ${0##*/}"
}

# Libraries the initramfs has, by file name (its packages are few and small).
declare -A initramfs_lib=()
while read -r path; do
	initramfs_lib[${path##*/}]=1
done < <(for deb in "$initramfs_debs"/*.deb; do dpkg-deb -c "$deb"; done |
	 awk '{ print $6 }' | grep -E '^\./(usr/)?lib/(arm-linux-gnueabihf/)?[^/]+$')

# add REL DEST: copy the file REL of the closure (following links inside
# its package) to DEST in the image, and queue it for the NEEDED walk.
queue=()
declare -A copied=() src=()
listing=()
add() {
	local rel=$1 dest=$2 pkg
	[ -z "${copied[$dest]:-}" ] || return 0
	pkg=$(owner_of "$rel")
	copied[$dest]=1
	mkdir -p "$(dirname "$root/$dest")"
	cp -L "$unpacked/$pkg/$rel" "$root/$dest" ||
		die "/$rel of $pkg is a link that leaves its package"
	queue+=("$dest")
	src[$dest]=$rel
	pkg=${pkg%_armhf}
	pkg=${pkg//%3a/:}
	listing+=("$dest ${pkg%%_*} ${pkg#*_}")
}

log "collecting the ELF closure of ${#programs[@]} programs, the plugin scanner and ${#plugins[@]} plugins"
for rel in "${programs[@]}"; do
	add "$rel" "bin/${rel##*/}"
done
add "$scanner" "libexec/${scanner##*/}"
for p in "${plugins[@]}"; do
	add "$plugin_dir/libgst$p.so" "lib/gstreamer-1.0/libgst$p.so"
done

# The NEEDED walk. A library is looked up in the library directories, then
# in the RUNPATH/RPATH directories of the file that needs it (samba's
# private libraries), then in $alternative; the image has one flat lib/ for
# all of them.
missing=() shared=()
declare -A seen=()
while [ ${#queue[@]} -gt 0 ]; do
	f=${queue[0]}
	queue=("${queue[@]:1}")
	dyn=$(readelf -dW "$root/$f" 2>/dev/null) || die "$f is not an ELF file"
	mapfile -t needed < <(sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' <<<"$dyn")
	runpath=$(sed -n 's/.*(\(RUNPATH\|RPATH\)).*\[\(.*\)\]/\2/p' <<<"$dyn" | tr ':' ' ')
	for so in "${needed[@]}"; do
		[ -z "${seen[$so]:-}" ] || continue
		seen[$so]=1
		if [ -n "${initramfs_lib[$so]:-}" ]; then
			shared+=("$so")
			continue
		fi
		found=
		for d in "${libdirs[@]}" $runpath; do
			d=${d//\$ORIGIN/\/${src[$f]%/*}}
			d=${d#/}
			case "$d" in lib/*) d=usr/$d ;; esac
			[ -n "${owner[$d/$so]:-}" ] && { found=$d/$so; break; }
		done
		[ -n "$found" ] || found=${alternative[$so]:-}
		if [ -z "$found" ]; then
			missing+=("$so (needed by /opt/clients/$f)")
			continue
		fi
		add "$found" "lib/$so"
	done
done
if [ ${#missing[@]} -gt 0 ]; then
	printf '  %s\n' "${missing[@]}" >&2
	die "the libraries above are neither in the initramfs nor in the clients' packages: add their package to the roots of fetch-client-debs.sh (or to the initramfs)"
fi

printf '%s\n' "${listing[@]}" | LC_ALL=C sort >"$root/clients.txt"
log "$(grep -c '^lib/[^/ ]* ' "$root/clients.txt") libraries in the image, ${#shared[@]} shared with the initramfs (${shared[*]})"

# ext4 without a journal (read-only in the guest), sized to the files plus
# a margin for the file system's own metadata.
kib=$(du -sk --apparent-size "$root" | cut -f1)
mib=$(( (kib * 115 / 100 + 8 * 1024 + 1023) / 1024 ))
rm -f "$image.tmp"
truncate -s "${mib}M" "$image.tmp"
mke2fs -q -t ext4 -O ^has_journal -L clients -m 0 -E root_owner=0:0 \
	-d "$root" "$image.tmp" || die "mke2fs failed"
fsck_log=$(e2fsck -fn "$image.tmp" 2>&1) || die "e2fsck finds the new image inconsistent:
$fsck_log"
mv "$image.tmp" "$image"
rm -rf "$unpacked"
echo "$inputs_hash" >"$stamps/clients-image"
log "done: $image, $mib MiB ($((kib / 1024)) MiB of files, ${#listing[@]} files)"
