#!/usr/bin/env bash
# Host check of guest/tests/enc-cavlc.sh (see there for the settings).
set -euo pipefail
CHECK_NAME=enc-cavlc
. "$(dirname "$0")/enc-lib.sh"
dir=$1

# closed GOP 10, forced IDR at frame 25 restarts the GOP; SPS at all 7 IDRs
check_encode "$dir" qvga 320 240 \
	DPPPPPPPPPDPPPPPPPPPDPPPPDPPPPPPPPPDPPPPPPPPPDPPPPPPPPPDPPPP 7
# controls while streaming (cedrus-enc-check --check-busy)
for c in profile level gop_size loop_filter; do
	grep -qx "busy_$c=EBUSY" "$dir/qvga.out" || enc_fail "qvga: $c not EBUSY while streaming"
done
grep -qx 'streaming_i_qp=27' "$dir/qvga.out" || enc_fail "qvga: I QP not changed while streaming"
grep -qx 'cabac_baseline=EINVAL' "$dir/qvga.out" || enc_fail "qvga: CABAC not refused for Baseline"
echo "check enc-cavlc: structure controls EBUSY while streaming, QP changes"
# open GOP, I period 5: one IDR then non-IDR I frames; SPS only at the IDR
check_encode "$dir" hd 1280 720 \
	"$(printf 'DPPPP'; for i in $(seq 11); do printf 'IPPPP'; done)" 1
