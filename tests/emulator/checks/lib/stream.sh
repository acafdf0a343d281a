# Host side, shared by checks/lib/enc.sh and checks/lib/tool.sh.
# Not a check itself (it does nothing when run).
#
# stream_decode_exact FAIL NAME STREAM SOURCE FRAMES SIZE WORK
#   STREAM decodes with host ffmpeg, without any error message, into
#   exactly FRAMES frames of SIZE bytes (packed NV12) equal byte for byte
#   to SOURCE (the VE model is lossless). The decode goes to WORK/dec.nv12;
#   on a failure FAIL is called with a message naming NAME. The headers
#   must also pass stream_headers_conform.
stream_decode_exact() {
	local fail=$1 name=$2 stream=$3 source=$4 n=$5 size=$6 work=$7 first

	stream_headers_conform "$fail" "$name" "$stream" "$work"

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

# stream_headers_conform FAIL NAME STREAM WORK
#   Every SPS of STREAM, as ffmpeg's trace_headers reads it, keeps the
#   ranges of the current H.264 standard that ffmpeg's own parser leaves
#   wider for old streams (E.2.1): log2_max_mv_length_horizontal and
#   _vertical at most 15 (versions before 2016 allowed 16), and
#   max_num_reorder_frames at most max_dec_frame_buffering.
stream_headers_conform() {
	local fail=$1 name=$2 stream=$3 work=$4 bad

	ffmpeg -nostdin -hide_banner -v verbose -i "$stream" -c copy \
		-bsf:v trace_headers -f null - >"$work/headers.log" 2>&1 ||
		"$fail" "$name: ffmpeg trace_headers failed"
	grep -q 'log2_max_mv_length_horizontal' "$work/headers.log" ||
		"$fail" "$name: no SPS with a bitstream restriction traced"
	bad=$(awk '
		$5 ~ /^log2_max_mv_length_/ && $NF > 15 { print $5 "=" $NF }
		$5 == "max_num_reorder_frames" { reorder = $NF }
		$5 == "max_dec_frame_buffering" && reorder > $NF {
			print "max_num_reorder_frames=" reorder " > max_dec_frame_buffering=" $NF }
		' "$work/headers.log" | sort -u | tr '\n' ' ')
	[ -z "$bad" ] || "$fail" "$name: SPS out of the standard's range: $bad"
}
