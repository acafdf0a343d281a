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
# What stock clients rely on (cedrus-enc-check --client-rules):
# GStreamer's caps come from ENUM_FRAMESIZES, which must list what S_FMT
# keeps (1080 and 360 lines, 1366 columns: steps of 2)
c=$dir/clients.out
for f in NV12 NM12; do
	grep -qx "framesizes_$f=16x16-1920x1088/2x2" "$c" ||
		enc_fail "clients: $f sizes $(grep "framesizes_$f=" "$c"), want 16x16-1920x1088/2x2"
done
grep -qx 'framesizes_mismatches=0' "$c" ||
	enc_fail "clients: S_FMT and ENUM_FRAMESIZES disagree: $(grep framesizes_bad "$c" | tr '\n' ' ')"
# NV12M pads the height to 16 lines (GStreamer lays it out as one block),
# the crop keeps the visible size
grep -qx 'nv12m_fmt=640x368' "$c" || enc_fail "clients: NV12M 640x360 $(grep nv12m_fmt "$c"), want 640x368"
grep -qx 'nv12m_crop=640x360@0,0' "$c" || enc_fail "clients: NV12M 640x360 $(grep nv12m_crop "$c"), want 640x360@0,0"
# FFmpeg's HEADER_MODE_SEPARATE: EINVAL (logged at debug level), joined stays
grep -qx 'header_mode_separate=EINVAL' "$c" ||
	enc_fail "clients: HEADER_MODE_SEPARATE $(grep header_mode_separate "$c"), want EINVAL"
grep -qx 'header_mode=joined' "$c" || enc_fail "clients: header mode changed"
# SPS/PPS with every IDR unless the client says otherwise
grep -qx 'prepend_default=1' "$c" || enc_fail "clients: PREPEND_SPSPPS_TO_IDR is not on by default"
# the level is never raised: the menu starts at 4.0 (GStreamer keeps the
# lowest level S_CTRL takes, before it sets the size), a frame rate too
# high for it fails STREAMON(CAPTURE), with the reason
grep -qx 'level_default=11' "$c" || enc_fail "clients: default level is not 4.0"
grep -qx 'level_min=11' "$c" || enc_fail "clients: LEVEL menu starts at $(grep level_min "$c"), want 4.0 (11)"
grep -qx 'level_3_0=ERANGE' "$c" ||
	enc_fail "clients: S_CTRL(level 3.0) $(grep level_3_0 "$c"), want ERANGE"
grep -qx 'level_fit_streamon=ok' "$c" || enc_fail "clients: level 4.0 at 1080p30 refused"
grep -qx 'level_fast_streamon=EINVAL' "$c" ||
	enc_fail "clients: level 4.0 at 1080p60: STREAMON $(grep level_fast_streamon "$c"), want EINVAL"
grep -qx 'level_after=11' "$c" || enc_fail "clients: the level control changed"
grep -q 'h264-enc: level 4.0 is too low for 1920x1088 at 60/1 fps (needs level 4.2)' "$dir/dmesg.txt" ||
	enc_fail "clients: no kernel log line naming level 4.0 and 60 fps"
echo "check enc-cavlc: client rules: frame sizes in steps of 2, NV12M padded to 16 lines and cropped, SEPARATE refused, SPS/PPS prepended, levels from 4.0, too high a rate refused"
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
