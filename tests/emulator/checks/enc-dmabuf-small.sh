#!/usr/bin/env bash
# Host check of guest/tests/enc-dmabuf-small.sh: QBUF refused with EINVAL.
set -euo pipefail
dir=$1
s=$dir/summary.txt
grep -qx 'qbuf_ret=-1' "$s" || { echo "check enc-dmabuf-small: QBUF did not fail" >&2; exit 1; }
grep -qx 'qbuf_errno=22' "$s" || { echo "check enc-dmabuf-small: QBUF errno is not EINVAL" >&2; exit 1; }
echo "check enc-dmabuf-small: $(grep small_dmabuf_size "$s") < $(grep sizeimage "$s"): QBUF EINVAL"
