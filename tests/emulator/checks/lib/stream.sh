# Host side, shared by checks/lib/enc.sh and checks/lib/tool.sh.
# Not a check itself (it does nothing when run).
#
# stream_decode_exact FAIL NAME STREAM SOURCE FRAMES SIZE WORK
#   STREAM decodes with host ffmpeg, without any error message, into
#   exactly FRAMES frames of SIZE bytes (packed NV12), and the headers pass
#   stream_headers_conform. The decode goes to WORK/dec.nv12; on a failure
#   FAIL is called with a message naming NAME. Then:
#   - on the lossless model (coding=pcm) the frames equal SOURCE byte for
#     byte;
#   - on the lossy model (the test has NAME.rec-dump: rec.nv12 next to
#     STREAM) each frame equals the VE's reconstruction of it
#     (rec-match.py), and its PSNR against SOURCE is at least
#     $STREAM_PSNR_MIN dB (default 30: a wrong stride or plane offset gives
#     far less). The figures go to stdout.
#   A lossy test without the dump fails: it cannot be checked.
stream_decode_exact() {
	local fail=$1 name=$2 stream=$3 source=$4 n=$5 size=$6 work=$7 first
	local rec w h out

	stream_headers_conform "$fail" "$name" "$stream" "$work"

	ffmpeg -nostdin -hide_banner -v error -xerror -err_detect explode \
		-i "$stream" -f rawvideo -pix_fmt nv12 "$work/dec.nv12" \
		2>"$work/ffmpeg.log" || { cat "$work/ffmpeg.log" >&2; "$fail" "$name: ffmpeg failed"; }
	[ ! -s "$work/ffmpeg.log" ] || { cat "$work/ffmpeg.log" >&2; "$fail" "$name: ffmpeg reported errors"; }
	[ "$(stat -c %s "$work/dec.nv12")" -eq $((n * size)) ] ||
		"$fail" "$name: decoded $(($(stat -c %s "$work/dec.nv12") / size)) frames, want $n"
	rec=$(dirname "$stream")/rec.nv12
	if [ -f "$rec" ]; then
		read -r w h < <(ffprobe -v error -select_streams v:0 \
			-show_entries stream=width,height -of csv=p=0:s=x "$stream" | tr x ' ')
		[ $((w * h * 3 / 2)) -eq "$size" ] ||
			"$fail" "$name: stream is ${w}x$h, not frames of $size bytes"
		out=$(python3 "$(dirname "${BASH_SOURCE[0]}")/rec-match.py" \
			"$rec" "$work/dec.nv12" "$w" "$h" "$n" 2>&1) ||
			"$fail" "$name: $out"
		stream_psnr "$fail" "$name" "$work/dec.nv12" "$source" "$w" "$h" \
			"${STREAM_PSNR_MIN:-30}" "$work"
		echo "stream $name: decode = reconstruction, $out; PSNR $STREAM_PSNR"
		return
	fi
	if ! cmp -s "$work/dec.nv12" "$source"; then
		first=$(cmp "$work/dec.nv12" "$source" | awk '{ print $5 }' | tr -d , || true)
		"$fail" "$name: decoded frames differ from the source (first at byte $first, frame $(((first - 1) / size)))"
	fi
}

# stream_exactness STREAM: how stream_decode_exact compared STREAM's frames,
# for messages: "bit-exact" or "= reconstruction".
stream_exactness() {
	if [ -f "$(dirname "$1")/rec.nv12" ]; then
		echo "= reconstruction"
	else
		echo bit-exact
	fi
}

# stream_psnr FAIL NAME DECODED SOURCE WIDTH HEIGHT MIN WORK
#   PSNR (luma and chroma, ffmpeg's psnr filter) of every frame of DECODED
#   against SOURCE, both packed NV12: FAIL unless every frame reaches MIN dB.
#   Sets STREAM_PSNR to "min X dB, average Y dB over N frames".
stream_psnr() {
	local fail=$1 name=$2 dec=$3 src=$4 w=$5 h=$6 min=$7 work=$8 got

	ffmpeg -nostdin -hide_banner -v error \
		-f rawvideo -pix_fmt nv12 -s "${w}x$h" -i "$dec" \
		-f rawvideo -pix_fmt nv12 -s "${w}x$h" -i "$src" \
		-lavfi "[0][1]psnr=stats_file=$work/psnr.log" -f null - ||
		"$fail" "$name: ffmpeg psnr failed"
	# psnr_avg:inf for an identical frame
	got=$(awk -v min="$min" '
		{ for (i = 1; i <= NF; i++) if ($i ~ /^psnr_avg:/) {
			v = substr($i, 10); if (v == "inf") v = 99
			n++; sum += v; if (n == 1 || v < lo) { lo = v; at = n - 1 } } }
		END { if (!n) { print "none"; exit }
		      printf "%s %.2f %.2f %d %d\n", (lo < min ? "low" : "ok"), lo, sum / n, n, at }' \
		"$work/psnr.log")
	set -- $got
	[ "$1" = ok ] || "$fail" "$name: PSNR ${2:-?} dB at frame ${5:-?}, below the floor of $min dB (${got:-no figures})"
	STREAM_PSNR="min $2 dB, average $3 dB over $4 frames (floor $min)"
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
