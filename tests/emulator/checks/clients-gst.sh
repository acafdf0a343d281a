#!/usr/bin/env bash
# Host check of guest/tests/clients-gst.sh: stock GStreamer ran the
# pipeline to the end, and out.h264 decodes with host ffmpeg, without an
# error, into exactly the 10 frames of src.nv12 (the VE model is lossless).
set -euo pipefail
CHECK_NAME=clients-gst
. "$(dirname "$0")/lib/stream.sh"
dir=$1
w=1280 h=720 n=10
size=$((w * h * 3 / 2))

fail() {
	echo "check $CHECK_NAME: $*" >&2
	exit 1
}
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }

[ -f "$dir/summary.txt" ] || fail "no summary.txt"
[[ "$(val gstreamer)" == 1.26.* ]] || fail "GStreamer is '$(val gstreamer)', want 1.26"
[[ "$(val ffmpeg)" == 7:7.1.* ]] || fail "FFmpeg is '$(val ffmpeg)', want 7.1"
grep -q ' h264_v4l2m2m ' "$dir/ffmpeg-encoders.txt" || fail "ffmpeg lists no h264_v4l2m2m encoder"
grep -q 'Factory Details' "$dir/inspect-v4l2h264enc.txt" || fail "gst-inspect-1.0 v4l2h264enc shows no element"
[ "$(val hung)" != 1 ] || fail "gst-launch-1.0 hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val gst_rc)" = 0 ] || fail "gst-launch-1.0 exited with $(val gst_rc):
$(grep -h -A2 '^ERROR' "$dir/gst.log" "$dir/gst.err" 2>/dev/null | head -n 12)"

[ -s "$dir/out.h264" ] || fail "no out.h264"
[ -f "$dir/src.nv12" ] || fail "no src.nv12"
[ "$(stat -c %s "$dir/src.nv12")" -eq $((n * size)) ] ||
	fail "src.nv12 has $(stat -c %s "$dir/src.nv12") bytes, want $n frames of $size"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stream_decode_exact fail out "$dir/out.h264" "$dir/src.nv12" "$n" "$size" "$work"
got=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 "$dir/out.h264")
[ "$got" = "$w,$h" ] || fail "out.h264 is '$got', want '$w,$h'"
echo "check $CHECK_NAME: GStreamer $(val gstreamer): $n frames ${w}x$h through v4l2h264enc bit-exact ($(stat -c %s "$dir/out.h264") bytes)"
