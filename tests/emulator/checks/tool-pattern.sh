#!/usr/bin/env bash
# Host check of guest/tests/tool-pattern.sh: --force-key 4 on 10 frames
# (GOP 30) gives key frames at 0, 4 and 8, each with its SPS (--prepend-headers).
set -euo pipefail
CHECK_NAME=tool-pattern
. "$(dirname "$0")/lib/tool.sh"
dir=$1

# The pattern's documented luma, Y(x, y, n) = (x + y + 4n) & 255 outside the
# 32x32 square at x = 8n mod (width - 32), y = height / 4.
byte() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
f=$dir/pattern720.nv12
frame=$((1280 * 720 * 3 / 2))
[ "$(byte "$f" 100)" = 100 ] || tool_fail "pattern720: Y(100,0,0) is $(byte "$f" 100), want 100"
[ "$(byte "$f" $((1280 * 2 + 50)))" = 52 ] || tool_fail "pattern720: Y(50,2,0) wrong"
[ "$(byte "$f" $((1280 * 180 + 5)))" = 235 ] || tool_fail "pattern720: no square at (5,180)"
[ "$(byte "$f" $((frame + 3)))" = 7 ] || tool_fail "pattern720: Y(3,0,1) is $(byte "$f" $((frame + 3))), want 7"

tool_check "$dir" pattern720 1280 720 "$dir/pattern720.nv12" 0
tool_check "$dir" pattern1080 1920 1080 "$dir/pattern1080.nv12" 0,4,8
sps=$(od -An -v -tx1 "$dir/pattern1080.h264" | tr -d ' \n' | grep -o 0000000167 | wc -l)
[ "$sps" -eq 3 ] || tool_fail "pattern1080: $sps SPS, want 3 (one per IDR)"
# The tool's own stream parser agrees (summary), and --profile high is in the SPS.
grep -qx 'stream_sps_count=3' "$dir/pattern1080.summary" || tool_fail "pattern1080: tool counted other SPS"
grep -qx 'stream_profile_idc=100' "$dir/pattern1080.summary" || tool_fail "pattern1080: SPS is not High profile"
got=$(ffprobe -v error -select_streams v:0 -show_entries stream=profile -of csv=p=0 "$dir/pattern1080.h264")
[ "$got" = High ] || tool_fail "pattern1080: ffprobe reads profile '$got', want High"

# settings: I frames at 0, 4 and 8, only the first an IDR and so the only
# KEYFRAME (the tool types the others from their slices); then what
# ffmpeg's own header parser (trace_headers) reads in the stream.
tool_check "$dir" settings 640 480 "$dir/settings.nv12" 0
grep -q '^4,I,' "$dir/settings.csv" && grep -q '^8,I,' "$dir/settings.csv" ||
	tool_fail "settings: frames 4 and 8 are not I frames"
# (what trace_headers prints before the first "Packet:" is the extradata
# it was given, a copy of the first SPS and PPS)
hdr=$(ffmpeg -v trace -nostdin -hide_banner -i "$dir/settings.h264" -c copy \
	-bsf:v trace_headers -f null - 2>&1 | sed -n 's/^\[trace_headers @ [^]]*\] *//p' |
	sed -n '/^Packet:/,$p' | sed 's/^[0-9]* *//')
field() { echo "$hdr" | awk -v f="$1" '$1 == f { print $NF }'; }
[ "$(field nal_unit_type | tr '\n' ' ')" = "7 8 5 1 1 1 1 1 1 1 1 " ] ||
	tool_fail "settings: NAL units $(field nal_unit_type | tr '\n' ' '), want SPS PPS IDR then 8 non-IDR slices"
[ "$(field entropy_coding_mode_flag)" = 1 ] || tool_fail "settings: PPS is not CABAC"
[ "$(field level_idc)" = 41 ] || tool_fail "settings: level_idc $(field level_idc), want 41"
init=$(( 26 + $(field pic_init_qp_minus26) ))
qps=$(field slice_qp_delta | awk -v i="$init" '{ printf "%d ", i + $1 }')
[ "$qps" = "20 40 40 40 20 40 40 40 20 " ] ||
	tool_fail "settings: slice QPs $qps, want 20 (I, clamped up) and 40 (P, clamped down)"
[ "$(field disable_deblocking_filter_idc | sort -u)" = 1 ] ||
	tool_fail "settings: --ctrl h264_loop_filter_mode=1 did not reach the slices"
# The tool's own slice header parser (CSV column qp) reads the same QPs.
tool_qps=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "qp") c = i; next }
	{ printf "%s ", $c }' "$dir/settings.csv")
[ "$tool_qps" = "$qps" ] || tool_fail "settings: the tool read QPs '$tool_qps', ffmpeg '$qps'"
echo "check tool-pattern: settings: CABAC, level 4.1, QPs 20/40 clamped (the tool reads them too), loop filter off via --ctrl"

# bitrate: the driver's rate control; the tool states target and QPs, and
# reads the QPs ffmpeg reads.
tool_check "$dir" bitrate 320 240 "$dir/bitrate.nv12" 0
grep -qx 'target_bitrate_bps=500000' "$dir/bitrate.summary" ||
	tool_fail "bitrate: no target_bitrate_bps=500000 in the summary"
grep -q 'target bitrate *500.0 kbit/s' "$dir/bitrate.log" ||
	tool_fail "bitrate: the summary table states no target"
want=$(ffmpeg -nostdin -nostats -hide_banner -v verbose -i "$dir/bitrate.h264" -c copy \
	-bsf:v trace_headers -f null - 2>&1 | awk '
	$5 == "pic_init_qp_minus26" { init = $NF }
	$5 == "slice_qp_delta" { printf "%d ", 26 + init + $NF }')
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "qp") c = i; next }
	{ printf "%s ", $c }' "$dir/bitrate.csv")
[ -n "$want" ] && [ "$got" = "$want" ] || tool_fail "bitrate: the tool read QPs '$got', ffmpeg '$want'"
echo "check tool-pattern: --bitrate 500k: $(sed -n 's/^bitrate_bps=//p' "$dir/bitrate.summary") bit/s, QPs $got"
