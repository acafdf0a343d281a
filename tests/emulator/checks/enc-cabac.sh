#!/usr/bin/env bash
# Host check of guest/tests/enc-cabac.sh (see there for the settings).
set -euo pipefail
CHECK_NAME=enc-cabac
. "$(dirname "$0")/lib/enc.sh"
dir=$1

check_encode "$dir" qvga 320 240 \
	DPPPPPPPPPDPPPPPPPPPDPPPPDPPPPPPPPPDPPPPPPPPPDPPPPPPPPPDPPPP 7
check_encode "$dir" hd 1280 720 "$(for i in $(seq 6); do printf DPPPPPPPPP; done)" 6
# NV12M: two planes, each sized for the 368 coded lines the VE reads;
# CAPTURE buffers imported
s=$dir/nv12m.summary
grep -qx 'output_format=NV12M' "$s" || enc_fail "nv12m: OUTPUT format is not NV12M"
grep -qx 'output_planes=2' "$s" || enc_fail "nv12m: OUTPUT format is not two planes"
grep -qx "output_sizeimage0=$((640 * 368))" "$s" || enc_fail "nv12m: luma plane size"
grep -qx "output_sizeimage1=$((640 * 368 / 2))" "$s" || enc_fail "nv12m: chroma plane size"
grep -qx 'capture_memory=DMABUF' "$s" || enc_fail "nv12m: CAPTURE buffers not imported (DMABUF)"
check_encode "$dir" nv12m 640 360 DPPPPPPPPPDPPPPPPPPPDPPPPPPPPP 3
