#!/usr/bin/env bash
# Install every host dependency from Debian packages, non-interactively and
# idempotently, fetch the armhf guest packages into build/debs/ and those of
# the guest's clients image (FFmpeg, GStreamer) into DEB_CACHE.
#
# Host: bookworm. Guest userspace: busybox-static from bookworm, v4l-utils 1.30
# (and the libraries it needs) from trixie, pinned low so bookworm stays default;
# the clients image's packages from trixie too.
#
# DEB_CACHE (default ~/.cache/cedrus-ve-debs) is outside the clone, like
# ccache's: the clients' ~200 MB of packages are downloaded once per machine,
# not once per clone. build/clients/packages.list lists the ones in use.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$top/build}
stamp=$build/stamps/deps
scripts=$top/tests/emulator/scripts
client_cache=${DEB_CACHE:-${HOME:-/tmp}/.cache/cedrus-ve-debs}/clients
client_manifest=$build/clients/packages.list
mkdir -p "$build/stamps" "$build/debs" "$build/src"

# Several make runs may start it at once (each build step depends on the
# stamp): one at a time, and the later ones find the stamp up to date.
exec 9>"$build/stamps/deps.lock"
flock 9

# The stamp records the hash of this script and of the two fetch scripts:
# edit one, and it reruns. So it does when a package of the clients image's
# list is gone from the cache (someone cleaned ~/.cache). When up to date,
# the stamp is touched so make's timestamp rule ($(BUILD)/stamps/deps) is
# satisfied too.
self_hash=$(cat "$0" "$scripts/fetch-guest-debs.sh" "$scripts/fetch-client-debs.sh" |
	sha256sum | cut -d' ' -f1)
clients_cached() {
	local deb
	[ -f "$client_manifest" ] || return 1
	while read -r deb; do
		[ -f "$deb" ] || return 1
	done <"$client_manifest"
}
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$self_hash" ] && clients_cached &&
   [ "${FORCE:-0}" != 1 ]; then
	touch "$stamp"
	echo "deps: up to date (FORCE=1 to reinstall)"
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# sudo's env_reset drops DEBIAN_FRONTEND: hand it over explicitly.
SUDO=
[ "$(id -u)" = 0 ] || SUDO="sudo env DEBIAN_FRONTEND=$DEBIAN_FRONTEND"

retry() {
	local n
	for n in 1 2 3 4 5; do
		"$@" && return 0
		echo "deps: '$*' failed (attempt $n), retrying in $((n * 5)) s" >&2
		sleep $((n * 5))
	done
	return 1
}

# install_file PATH: write stdin to PATH unless it already has that content
# (a stale or hand-edited file is replaced, an identical one left alone).
install_file() {
	local want
	want=$(cat)
	if [ ! -f "$1" ] || [ "$(cat "$1")" != "$want" ]; then
		echo "deps: writing $1"
		printf '%s\n' "$want" | $SUDO tee "$1" >/dev/null
	fi
}

# deb-src for bookworm (QEMU source), trixie for v4l-utils 1.30 (guest only).
install_file /etc/apt/sources.list.d/cedrus-enc.sources <<'EOS'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
install_file /etc/apt/preferences.d/cedrus-enc-trixie <<'EOS'
Package: *
Pin: release n=trixie
Pin-Priority: 100
EOS
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
	$SUDO dpkg --add-architecture armhf
fi
# A mirror mid-sync can leave one index stale ("File has unexpected size");
# apt then keeps the old index. Retry a few times, then go on with what apt has:
# a package that really is missing makes the install below fail loudly.
update_ok=0
for n in 1 2 3; do
	if $SUDO apt-get update -qq; then update_ok=1; break; fi
	sleep $((n * 5))
done
[ $update_ok = 1 ] || echo "deps: warning: apt-get update reported errors; continuing with the indexes apt has" >&2

host_pkgs=(
	# cross toolchain and kernel build
	gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf binutils-arm-linux-gnueabihf
	build-essential bc bison flex libssl-dev libelf-dev cpio kmod xz-utils rsync
	ccache
	sparse python3 perl git quilt patch dpkg-dev fakeroot
	linux-source-6.12
	# QEMU build
	ninja-build meson pkg-config libglib2.0-dev libpixman-1-dev libfdt-dev zlib1g-dev
	python3-venv bzip2
	# host tools and tests
	cmake ffmpeg libfmt-dev libcli11-dev libdrm-dev catch2
	# the guest's clients image and the SD card it sits on
	e2fsprogs fdisk
	clang libclang-rt-14-dev clang-format
	# armhf libraries the cross-built tool links against
	libdrm-dev:armhf libstdc++-12-dev-armhf-cross
)
retry $SUDO apt-get install -y -qq --no-install-recommends "${host_pkgs[@]}"
# ccache's masquerade links (/usr/lib/ccache) for every compiler installed,
# the cross compilers included: the top-level Makefile puts that folder
# first in PATH, with the cache outside the clone.
$SUDO update-ccache-symlinks

# QEMU source (bookworm 7.2), unpacked once into build/src/.
if ! ls -d "$build"/src/qemu-7.2*/ >/dev/null 2>&1; then
	(cd "$build/src" && retry apt-get source -qq qemu)
fi

# Guest packages: download .debs (no install), resolved to their Depends closure.
"$scripts/fetch-guest-debs.sh" "$build/debs"
# The clients image's packages: FFmpeg and GStreamer with their closure,
# except what build/debs already has.
"$scripts/fetch-client-debs.sh" "$client_cache" "$build/debs" "$client_manifest"

echo "$self_hash" >"$stamp"
echo "deps: done"
