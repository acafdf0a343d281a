# --allocator drm with vkms: the tool allocates DRM dumb buffers and exports
# them with PRIME; vivid (vmalloc, allocators=0) imports them and captures
# into them, but vkms dumb buffers are shmem, not physically contiguous, so
# the Video Engine (dma-contig, no IOMMU) must refuse them at QBUF with
# EFAULT, and the tool must explain that and exit 4 (buffers).
# Host: checks/tool-drm.sh.
. /opt/cedrus/lib/tool.sh

[ -x /usr/bin/v4l2-cedrus-enc-test ] || fail "v4l2-cedrus-enc-test is not in the rootfs"
load_module vivid n_devs=1 node_types=0x1 ccs_cap_mode=7
load_module vkms
load_module cedrus-ve
n=0
until VIVID=$(node_by_name vivid-000-vid-cap) && ENC=$(node_by_name cedrus-enc) &&
	ls /dev/dri/card* >/dev/null 2>&1; do
	n=$((n + 1))
	[ $n -lt 50 ] || { ls /sys/class/video4linux /dev/dri; fail "no vivid, cedrus-enc or DRM node"; }
	sleep 0.2
done
v4l2-ctl -d "$VIVID" -i 1 >/dev/null || fail "vivid: cannot select input 1"
kv vivid "$VIVID"
kv encoder "$ENC"
# The device behind each card (vkms registers a platform device "vkms").
for card in /sys/class/drm/card[0-9]; do
	kv "drm.${card##*/}" "$(basename "$(readlink -f "$card/device")")"
done

# A shmem buffer can happen to be contiguous (fresh memory hands out pages
# in order), so the first imports may succeed: several 1080p buffers make
# it all but certain that one is not (8 asked; the encoder grants 2 at
# 1080p, its OUTPUT budget counting imported buffers too).
tool_run_rc drm --camera "$VIVID" --size 1920x1080 --frames 16 --output-buffers 8 \
	--allocator drm --verbose
[ "$rc" = 4 ] || fail "DRM dumb buffers from vkms: exit $rc, want 4 (buffers)"
