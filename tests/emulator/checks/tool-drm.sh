#!/usr/bin/env bash
# Host check of guest/tests/tool-drm.sh: the DRM allocation itself worked
# (vkms named, dumb buffers created and exported with PRIME, imported by
# vivid), the Video Engine refused them at import with EFAULT because they
# are not contiguous (vb2-dma-contig says so in the kernel log), and the
# tool said why and exited 4. Frames before the refusal may have been
# encoded (a shmem buffer can be contiguous by chance); none after it.
set -euo pipefail
CHECK_NAME=tool-drm
. "$(dirname "$0")/lib/tool.sh"
dir=$1
log=$dir/drm.log

grep -qx 'drm.rc=4' "$dir/summary.txt" || tool_fail "want exit code 4 (buffers)"
grep -Eq '^drm\.card[0-9]+=vkms$' "$dir/summary.txt" || tool_fail "no vkms DRM card in the guest"
grep -Eq '/dev/dri/card[0-9]+ \(vkms\): using DRM dumb buffers' "$log" ||
	tool_fail "the tool did not pick the vkms card"
# One dumb buffer per encoder OUTPUT buffer (8 asked; the driver grants 2
# at 1080p, imported buffers counted as its own), each exported.
made=$(grep -c 'DRM_IOCTL_MODE_CREATE_DUMB = 0' "$log" || true)
[ "$made" -ge 2 ] || tool_fail "$made dumb buffers created, want at least 2"
[ "$(grep -c 'DRM_IOCTL_PRIME_HANDLE_TO_FD = 0' "$log")" -eq "$made" ] ||
	tool_fail "not every dumb buffer was exported with PRIME"
grep -Eq 'importing [0-9]+ shared buffers .* from DRM dumb /dev/dri/card[0-9]+ \(vkms\)' "$log" ||
	tool_fail "the camera did not take the DRM buffers"
grep -q 'VIDIOC_QBUF(OUTPUT [0-9]*) failed: Bad address (14)' "$log" ||
	tool_fail "the encoder's import did not fail with EFAULT"
grep -q 'not physically contiguous' "$log" || tool_fail "no contiguity explanation"
grep -q 'hint: these DRM dumb buffers are not physically contiguous' "$log" ||
	tool_fail "no DRM hint"
grep -q 'such as sun4i-drm' "$log" || tool_fail "the hint does not name a contiguous GEM DMA driver"
grep -q 'contiguous chunk is too small' "$dir/dmesg.txt" ||
	tool_fail "the kernel log does not show vb2-dma-contig refusing the buffer"
frames=$(sed -n 's/^frames=//p' "$dir/drm.summary")
[ -n "$frames" ] && [ "$frames" -lt 16 ] || tool_fail "encoded '$frames' frames despite the refusal"
echo "check $CHECK_NAME: $made vkms dumb buffers exported; the VE refused one with EFAULT after $frames frame(s); exit 4"
