# Host side of the rate-control tests (enc-rc, enc-rc-360p, enc-rc-1080p,
# clients-rc).
# Not a check itself (it does nothing when run).
#
# rc_check NAME RESULTDIR
#   Every run of RESULTDIR (NAME.summary with a target bit rate and its
#   per-frame NAME.csv) keeps the bounds of enc-rc-table.py (which prints
#   the table), and every run's stream NAME.h264 decodes with host ffmpeg,
#   without an error message, into its frames, each equal to the VE's
#   reconstruction of it (rec-match.py on rec.nv12: the slice QPs the rate
#   control chose agree with the registers it programmed). Exits 1 on the
#   first failure.
rc_check() {
	local check=$1 dir=$2 work csv name w h n out here
	here=$(dirname "${BASH_SOURCE[0]}")

	python3 "$here/../enc-rc-table.py" "$dir" || exit 1

	[ -s "$dir/rec.nv12" ] || { echo "check $check: no rec.nv12 ($check.rec-dump)" >&2; exit 1; }
	work=$(mktemp -d)
	for csv in "$dir"/*.csv; do
		name=$(basename "$csv" .csv)
		w=$(sed -n 's/^width=//p' "$dir/$name.summary")
		h=$(sed -n 's/^height=//p' "$dir/$name.summary")
		# frames in the stream: not those lost to a full CAPTURE buffer
		n=$(awk -F, 'NR > 1 && ($2 == "I" || $2 == "P")' "$csv" | wc -l)
		out=$(rc_decode "$dir" "$name" "$w" "$h" "$n" "$work" 2>&1) ||
			{ rm -rf "$work"; echo "check $check: $name: $out" >&2; exit 1; }
		echo "check $check: $name: ${w}x$h, decode = reconstruction, $out"
	done
	rm -rf "$work"
}

# rc_decode DIR NAME W H N WORK: DIR/NAME.h264 decodes without an error
# message into N frames equal to their reconstructions in DIR/rec.nv12;
# prints rec-match.py's line, or the reason it failed (status 1).
rc_decode() {
	local dir=$1 name=$2 w=$3 h=$4 n=$5 work=$6
	[ -s "$dir/$name.h264" ] || { echo "no stream"; return 1; }
	ffmpeg -nostdin -hide_banner -v error -xerror -err_detect explode \
		-i "$dir/$name.h264" -f rawvideo -pix_fmt nv12 -y "$work/dec.nv12" \
		2>"$work/ffmpeg.log" || { cat "$work/ffmpeg.log"; echo "ffmpeg failed"; return 1; }
	[ ! -s "$work/ffmpeg.log" ] || { cat "$work/ffmpeg.log"; echo "ffmpeg reported errors"; return 1; }
	python3 "$(dirname "${BASH_SOURCE[0]}")/rec-match.py" "$dir/rec.nv12" "$work/dec.nv12" "$w" "$h" "$n"
}
