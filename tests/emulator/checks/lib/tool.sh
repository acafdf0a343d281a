# Host side of the tool-*.sh tests, sourced by checks/tool-*.sh
# (guest side: guest/lib/tool.sh).
#
# tool_check DIR NAME WIDTH HEIGHT SOURCE [KEYS]
#   NAME.h264 decodes with host ffmpeg without any error into exactly the
#   frames of SOURCE (packed NV12; see stream_decode_exact), the stream is
#   WIDTH x HEIGHT at 30 fps, the frame count matches NAME.summary and
#   NAME.csv, I frames in the stream (ffprobe) are I frames in NAME.csv,
#   KEYFRAME is set exactly on the pictures ffprobe calls key frames (the
#   IDRs: KEYFRAME marks random access points), and, if given, those are
#   at the indexes KEYS (comma-separated, e.g. 0,4,8).

. "$(dirname "${BASH_SOURCE[0]}")/stream.sh"

tool_fail() {
	echo "check ${CHECK_NAME:-tool}: $*" >&2
	exit 1
}

# to_nv12 IN OUT FFMPEG_INPUT_ARGS...: convert a source to packed NV12.
to_nv12() {
	local in=$1 out=$2
	shift 2
	ffmpeg -nostdin -hide_banner -v error "$@" -i "$in" -f rawvideo -pix_fmt nv12 -y "$out" ||
		tool_fail "ffmpeg cannot convert $in"
}

tool_check() {
	local dir=$1 name=$2 w=$3 h=$4 source=$5 keys=${6:-}
	local stream=$dir/$name.h264 size=$((w * h * 3 / 2))
	local work n got want

	[ -s "$stream" ] || tool_fail "$name: no stream"
	[ -f "$source" ] || tool_fail "$name: no source $source"
	[ -f "$dir/$name.summary" ] || tool_fail "$name: no summary"
	[ -f "$dir/$name.csv" ] || tool_fail "$name: no stats"
	n=$(sed -n 's/^frames=//p' "$dir/$name.summary")
	[ -n "$n" ] && [ "$n" -gt 0 ] || tool_fail "$name: summary reports '$n' frames"
	[ "$(stat -c %s "$source")" -eq $((n * size)) ] ||
		tool_fail "$name: source has $(stat -c %s "$source") bytes, want $n frames of $size"
	grep -qx 'stream_type_mismatches=0' "$dir/$name.summary" ||
		tool_fail "$name: slice types disagree with the CAPTURE flags"
	[ "$(($(wc -l <"$dir/$name.csv") - 1))" -eq "$n" ] ||
		tool_fail "$name: stats have $(($(wc -l <"$dir/$name.csv") - 1)) rows, want $n"

	work=$(mktemp -d)
	# shellcheck disable=SC2064
	trap "rm -rf '$work'" RETURN

	stream_decode_exact tool_fail "$name" "$stream" "$source" "$n" "$size" "$work"

	got=$(ffprobe -v error -select_streams v:0 \
		-show_entries stream=width,height,r_frame_rate -of csv=p=0 "$stream")
	[ "$got" = "$w,$h,30/1" ] || tool_fail "$name: stream is '$got', want '$w,$h,30/1'"

	# Frame types: ffprobe's picture types against the tool's (CSV column
	# 2: from the CAPTURE flags, or from the slice when they give none).
	got=$(ffprobe -v error -select_streams v:0 -show_entries frame=pict_type \
		-of default=nw=1 "$stream" |
		awk -F= '$1 == "pict_type" { printf "%s", ($2 == "I" ? "I" : "P") }')
	want=$(awk -F, 'NR > 1 { printf "%s", $2 }' "$dir/$name.csv")
	[ "$got" = "$want" ] || tool_fail "$name: frame types
  stream $got
  tool   $want"
	# Random access points: KEYFRAME (CSV column 8, K) exactly where
	# ffprobe sees a key frame (an IDR; a non-IDR I frame is none).
	got=$(ffprobe -v error -select_streams v:0 -show_entries frame=key_frame \
		-of default=nw=1 "$stream" |
		awk -F= '$1 == "key_frame" && $2 == 1 { printf "%s%d", s, i; s = "," }
			 $1 == "key_frame" { i++ }')
	want=$(awk -F, 'NR > 1 && $8 ~ /K/ { printf "%s%d", s, NR - 2; s = "," }' \
		"$dir/$name.csv")
	[ "$got" = "$want" ] || tool_fail "$name: key frames (IDR) at $got, KEYFRAME at $want"
	if [ -n "$keys" ]; then
		[ "$want" = "$keys" ] || tool_fail "$name: key frames at $want, want $keys"
	fi
	echo "check ${CHECK_NAME:-tool}: $name ok: $n frames ${w}x$h $(stream_exactness "$stream"), types $(awk -F, \
		'NR > 1 { printf "%s", $2 }' "$dir/$name.csv"), KEYFRAME at $want"
}
