#!/usr/bin/env bash
# Download the armhf guest packages (no install) into DIR: busybox-static from
# bookworm, v4l-utils 1.30 from trixie, and the Depends/Pre-Depends closure of
# the latter taken from trixie. Packages a busybox initramfs does not need to run
# v4l2-ctl/v4l2-compliance (maintainer-script helpers) are left out.
set -euo pipefail
dir=${1:?usage: fetch-guest-debs.sh DIR}
mkdir -p "$dir"
cd "$dir"

skip='^(debconf|perl-base|dpkg|tar|debianutils|coreutils|base-files|libcrypt1|libselinux1|libpcre2-8-0|adduser|passwd|libaudit1|libaudit-common|libpam.*|libcap-ng0|libsemanage.*|libsepol2|init-system-helpers|usrmerge|libzstd1|liblzma5|libbz2-1.0|libmd0|zlib1g|gcc-1[0-9]-base|mawk|readline-common|sensible-utils|libacl1|libattr1|libgmp10|libdb5.3t64|libsystemd0|liblz4-1|libgcrypt20|libgpg-error0)$'

closure() {
	apt-cache -o APT::Architecture=armhf -t trixie depends --recurse \
		--no-recommends --no-suggests --no-conflicts --no-breaks \
		--no-replaces --no-enhances "$@" 2>/dev/null |
		grep -v '^ ' | grep -v '^<' | sed 's/:armhf$//' | sort -u
}

mapfile -t pkgs < <(closure v4l-utils:armhf | grep -Ev "$skip")
want=()
for p in "${pkgs[@]}"; do
	ls "${p}"_*_armhf.deb "${p}"_*_all.deb >/dev/null 2>&1 || want+=("$p:armhf")
done
if [ ${#want[@]} -gt 0 ]; then
	apt-get download -q -t trixie "${want[@]}"
fi
ls busybox-static_*_armhf.deb >/dev/null 2>&1 || apt-get download -q -t bookworm busybox-static:armhf
# libfmt is linked statically into the tool; libdrm2 comes with the closure
# above when v4l-utils needs it, otherwise fetch it here.
ls libdrm2_*_armhf.deb >/dev/null 2>&1 || apt-get download -q -t trixie libdrm2:armhf
ls libdrm-common_*_all.deb >/dev/null 2>&1 || apt-get download -q -t trixie libdrm-common
echo "guest debs: $(ls ./*.deb | wc -l) packages in $dir"
