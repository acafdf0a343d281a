#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Refresh the vendored kernel uAPI headers in tools/include/uapi/linux/ from
# the Debian linux-source-6.12 tarball, the way v4l-utils' sync-with-kernel.sh
# does it: extract the raw include/uapi files plus the kernel's own
# scripts/headers_install.sh, and run each header through it (it strips
# __user, compiler.h includes and the _UAPI guard prefixes).
#
# The headers are GPL-2.0 WITH Linux-syscall-note; vendoring them lets the tool
# use encoder controls that the distribution's linux-libc-dev (6.1) lacks.
#
# Usage: tools/sync-uapi.sh [TARBALL]   (default /usr/src/linux-source-6.12.tar.xz)
set -eu

tarball=${1:-/usr/src/linux-source-6.12.tar.xz}
here=$(cd "$(dirname "$0")" && pwd)
dest=$here/include/uapi/linux
headers="videodev2.h v4l2-controls.h v4l2-common.h dma-buf.h dma-heap.h media.h"

if [ ! -f "$tarball" ]; then
	echo "sync-uapi: $tarball not found (apt-get install linux-source-6.12)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

top=$(tar -tJf "$tarball" | head -n 1 | cut -d/ -f1)
members="$top/scripts/headers_install.sh $top/scripts/unifdef.c"
for h in $headers; do
	members="$members $top/include/uapi/linux/$h"
done
# shellcheck disable=SC2086 # word splitting of the member list is intended
tar -xJf "$tarball" -C "$tmp" $members

# headers_install.sh runs scripts/unifdef relative to the kernel tree.
${HOSTCC:-cc} -O2 -o "$tmp/$top/scripts/unifdef" "$tmp/$top/scripts/unifdef.c"

mkdir -p "$dest"
for h in $headers; do
	(cd "$tmp/$top" && sh scripts/headers_install.sh \
		"include/uapi/linux/$h" "$dest/$h")
done
echo "$top" >"$dest/SOURCE"
echo "sync-uapi: updated $headers from $top"
