#!/usr/bin/env bash
# Download the armhf packages of the stock clients the guest runs from its
# clients image (make clients-image): FFmpeg 7.1 and GStreamer 1.26 with
# plugins-base, -good and -bad, all from trixie, with their Depends and
# Pre-Depends closure. Nothing is installed.
#
#   fetch-client-debs.sh CACHE INITRAMFS_DEBS MANIFEST
#
# CACHE        where the .debs are kept (outside the clone: ~430 packages,
#              ~210 MB; a fresh clone on the same machine downloads nothing)
# INITRAMFS_DEBS  build/debs: packages the initramfs already has are not
#              fetched again (their libraries are shared with the image)
# MANIFEST     written: the absolute path of every .deb the image is made
#              of, one a line; build-clients-image.sh reads only this
#
# Architecture "all" packages (fonts, icons, data) are left out: nothing the
# image runs needs them. Only what is missing from CACHE is downloaded, and
# CACHE keeps only the current selection (an older version of a package
# goes). The image builder holds CACHE/.lock shared while it reads.
set -euo pipefail

cache=${1:?usage: fetch-client-debs.sh CACHE INITRAMFS_DEBS MANIFEST}
initramfs_debs=${2:?usage: fetch-client-debs.sh CACHE INITRAMFS_DEBS MANIFEST}
manifest=${3:?usage: fetch-client-debs.sh CACHE INITRAMFS_DEBS MANIFEST}

roots=(ffmpeg gstreamer1.0-tools gstreamer1.0-plugins-base
       gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)
# Packages per apt-get download call: one progress line each.
batch=40

log() { echo "client debs: $*"; }
die() { echo "client debs: error: $*" >&2; exit 1; }

mkdir -p "$cache" "$(dirname "$manifest")"
# Two clones on the machine may fetch at once: one at a time.
exec 8>"$cache/.lock"
flock 8

# armhf is the native architecture for these queries, so the closure's
# names carry no :armhf suffix.
apt_armhf=(-o APT::Architecture=armhf -t trixie)
mapfile -t closure < <(
	apt-cache "${apt_armhf[@]}" depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances \
		"${roots[@]/%/:armhf}" 2>/dev/null | grep -v -e '^ ' -e '^<' | sort -u
)
[ ${#closure[@]} -gt 0 ] || die "apt-cache found no trixie armhf packages for ${roots[*]}: is trixie in the apt sources (make deps)?"

# "PACKAGE ARCH VERSION SIZE" of each trixie version. A name the closure
# has only because a trixie package provides it (libnettle8, which trixie's
# libnettle8t64 replaces with the 64-bit time_t ABI) has no trixie version
# and is left out: its bookworm package has the same soname but the other
# ABI.
mapfile -t candidates < <(
	apt-cache "${apt_armhf[@]}" show --no-all-versions "${closure[@]/%//trixie}" 2>/dev/null |
		awk '/^Package:/ { p = $2 } /^Architecture:/ { a = $2 }
		     /^Version:/ { v = $2 } /^Size:/ { s = $2 }
		     /^$/ { if (p) print p, a, v, s; p = "" }
		     END { if (p) print p, a, v, s }'
)

declare -A in_initramfs=()
for deb in "$initramfs_debs"/*.deb; do
	[ -e "$deb" ] || continue
	deb=${deb##*/}
	in_initramfs[${deb%%_*}]=1
done

# apt-get download names a file PACKAGE_VERSION_ARCH.deb, the epoch's
# colon written %3a.
selected=() want=() want_bytes=0 shared=0 arch_all=0
for line in "${candidates[@]}"; do
	read -r pkg arch ver size <<<"$line"
	if [ "$arch" = all ]; then
		arch_all=$((arch_all + 1))
		continue
	fi
	[ "$arch" = armhf ] || die "$pkg: no armhf candidate (got $arch)"
	if [ -n "${in_initramfs[$pkg]:-}" ]; then
		shared=$((shared + 1))
		continue
	fi
	file=${pkg}_${ver//:/%3a}_$arch.deb
	selected+=("$file")
	if [ ! -f "$cache/$file" ]; then
		want+=("$pkg:armhf=$ver")
		want_bytes=$((want_bytes + size))
	fi
done
log "${#selected[@]} armhf packages ($(( ${#closure[@]} - ${#candidates[@]} )) not in trixie," \
	"$arch_all arch-all and $shared already in the initramfs left out)," \
	"$(( ${#selected[@]} - ${#want[@]} )) cached in $cache"

# Download into a private directory, then rename into the cache: a file in
# the cache is always complete. A mirror mid-sync fails a batch now and then;
# each attempt fetches what is still missing.
if [ ${#want[@]} -gt 0 ]; then
	log "downloading ${#want[@]} packages ($((want_bytes / 1000000)) MB)"
	tmp=$(mktemp -d "$cache/.download.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	done_n=0
	for ((i = 0; i < ${#want[@]}; i += batch)); do
		chunk=("${want[@]:i:batch}")
		for n in 1 2 3 4 5; do
			# (the sandbox user is the caller: apt's _apt user cannot
			# write into a home directory, and says so for every file)
			(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User="$(id -un)" \
				-t trixie "${chunk[@]}") && break
			[ $n -lt 5 ] || die "apt-get download failed 5 times; run 'make deps' again later"
			echo "client debs: apt-get download failed (attempt $n), retrying in $((n * 5)) s" >&2
			sleep $((n * 5))
		done
		mv "$tmp"/*.deb "$cache/"
		done_n=$((done_n + ${#chunk[@]}))
		log "downloaded $done_n of ${#want[@]}"
	done
fi

# Every selected file is there now; the cache keeps exactly these (an
# older version of a package, or a package the closure lost, goes).
declare -A keep=()
for file in "${selected[@]}"; do
	[ -f "$cache/$file" ] || die "$file is not in $cache after the download"
	keep[$file]=1
done
for old in "$cache"/*.deb; do
	[ -e "$old" ] && [ -z "${keep[${old##*/}]:-}" ] || continue
	log "removing ${old##*/}, no longer needed"
	rm -f "$old"
done

printf "$cache/%s\n" "${selected[@]}" | LC_ALL=C sort >"$manifest.tmp"
mv "$manifest.tmp" "$manifest"
log "$(du -ch "${selected[@]/#/$cache/}" | tail -n 1 | cut -f1) in ${#selected[@]} packages, listed in $manifest"
