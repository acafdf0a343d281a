#!/usr/bin/env bash
# Host check of guest/tests/enc-cavlc.sh (see there for the settings).
set -euo pipefail
CHECK_NAME=enc-cavlc
. "$(dirname "$0")/lib/enc.sh"
dir=$1

# closed GOP 10, forced IDR at frame 25 restarts the GOP; SPS at all 7 IDRs
check_encode "$dir" qvga 320 240 \
	DPPPPPPPPPDPPPPPPPPPDPPPPDPPPPPPPPPDPPPPPPPPPDPPPPPPPPPDPPPP 7
# controls while streaming (cedrus-enc-check --api-only --check-busy)
for c in profile level gop_size loop_filter; do
	grep -qx "busy_$c=EBUSY" "$dir/api.out" || enc_fail "api: $c not EBUSY while streaming"
done
grep -qx 'streaming_i_qp=27' "$dir/api.out" || enc_fail "api: I QP not changed while streaming"
echo "check enc-cavlc: structure controls EBUSY while streaming, QP changes"
# CABAC with a Baseline profile, however it is asked
grep -qx 'cabac_baseline=EINVAL' "$dir/api.out" || enc_fail "api: CABAC not refused for Baseline"
grep -qx 'cabac_baseline_together=EINVAL' "$dir/api.out" ||
	enc_fail "api: {Baseline, CABAC} in one call not refused"
grep -qx 'cabac_baseline_together_swapped=EINVAL' "$dir/api.out" ||
	enc_fail "api: {CABAC, Baseline} in one call not refused"
grep -qx 'baseline_entropy_after=CAVLC' "$dir/api.out" ||
	enc_fail "api: Baseline set over CABAC left CABAC on"
grep -qx 'cabac_main_together=accepted' "$dir/api.out" ||
	enc_fail "api: {CABAC, Main} in one call refused"
echo "check enc-cavlc: CABAC refused with Baseline profiles in every order"
check_encode "$dir" hd 1280 720 "$(for i in $(seq 6); do printf DPPPPPPPPP; done)" 6
# open GOP, I period 5: one IDR then non-IDR I frames; SPS only at the
# IDR; the VUI gives 25 fps
ENC_FPS=25 check_encode "$dir" open 320 240 DPPPPIPPPPIPPPPIPPPP 1
# ...and the sample aspect ratio set through the VUI SAR controls
got=$(ffprobe -v error -select_streams v:0 -show_entries stream=sample_aspect_ratio \
	-of csv=p=0 "$dir/open.h264")
[ "$got" = 4:3 ] || enc_fail "open: sample aspect ratio '$got', want 4:3"
echo "check enc-cavlc: open: VUI sample aspect ratio 4:3"
# CAPTURE restarted before frame 15: SPS + IDR there, GOP counted anew
grep -qx 'capture_restarts=1' "$dir/restart.summary" || enc_fail "restart: CAPTURE was not restarted"
check_encode "$dir" restart 320 240 DPPPPPPPPPDPPPPDPPPPPPPPPDPPPP 4
