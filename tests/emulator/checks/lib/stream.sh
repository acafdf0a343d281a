# Host side, shared by checks/lib/enc.sh and checks/lib/tool.sh.
# Not a check itself (it does nothing when run).
#
# stream_decode_exact FAIL NAME STREAM SOURCE FRAMES SIZE WORK
#   STREAM decodes with host ffmpeg, without any error message, into
#   exactly FRAMES frames of SIZE bytes (packed NV12) equal byte for byte
#   to SOURCE (the VE model is lossless). The decode goes to WORK/dec.nv12;
#   on a failure FAIL is called with a message naming NAME.
stream_decode_exact() {
	local fail=$1 name=$2 stream=$3 source=$4 n=$5 size=$6 work=$7 first

	ffmpeg -nostdin -hide_banner -v error -xerror -err_detect explode \
		-i "$stream" -f rawvideo -pix_fmt nv12 "$work/dec.nv12" \
		2>"$work/ffmpeg.log" || { cat "$work/ffmpeg.log" >&2; "$fail" "$name: ffmpeg failed"; }
	[ ! -s "$work/ffmpeg.log" ] || { cat "$work/ffmpeg.log" >&2; "$fail" "$name: ffmpeg reported errors"; }
	[ "$(stat -c %s "$work/dec.nv12")" -eq $((n * size)) ] ||
		"$fail" "$name: decoded $(($(stat -c %s "$work/dec.nv12") / size)) frames, want $n"
	if ! cmp -s "$work/dec.nv12" "$source"; then
		first=$(cmp "$work/dec.nv12" "$source" | awk '{ print $5 }' | tr -d , || true)
		"$fail" "$name: decoded frames differ from the source (first at byte $first, frame $(((first - 1) / size)))"
	fi
}
