#!/usr/bin/env bash
# Host check of guest/tests/enc-rc.sh: the driver's rate control on the
# lossy VE model, from each run's per-frame stats (bytes, type, slice QP as
# the tool read it from the slice header):
# - 300 frames, no ERROR buffer, every slice QP read;
# - CBR: the average after the first second (frames 30..299) within 5 % of
#   the target;
# - VBR: that average at most the target (+1 % for the last frames' bits in
#   flight), the peak respected: the buffer model below never overflows;
# - buffer model: a leaky bucket of the coded bits, each frame arriving
#   whole and the bucket draining at the target (CBR) or peak (VBR) rate
#   per frame, never holds more than the CPB (the driver's default, one
#   second at that rate);
# - QPs move by at most 4 between consecutive frames of the same type;
# - every stream decodes with host ffmpeg, without an error message, into
#   its 300 frames, each equal to the VE's reconstruction of it
#   (rec-match.py on rec.nv12): the slice QPs the rate control chose agree
#   with the registers it programmed.
# The figures go out as a table (make bench-rc prints the same).
set -euo pipefail
CHECK_NAME=enc-rc
dir=${1:?usage: enc-rc.sh RESULTDIR}
fail() { echo "check enc-rc: $*" >&2; exit 1; }

python3 "$(dirname "$0")/enc-rc-table.py" "$dir"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -s "$dir/rec.nv12" ] || fail "no rec.nv12 (enc-rc.rec-dump)"
for csv in "$dir"/*.csv; do
	name=$(basename "$csv" .csv)
	[ -s "$dir/$name.h264" ] || fail "$name: no stream"
	ffmpeg -nostdin -hide_banner -v error -xerror -err_detect explode \
		-i "$dir/$name.h264" -f rawvideo -pix_fmt nv12 -y "$work/dec.nv12" \
		2>"$work/ffmpeg.log" || { cat "$work/ffmpeg.log" >&2; fail "$name: ffmpeg failed"; }
	[ ! -s "$work/ffmpeg.log" ] || { cat "$work/ffmpeg.log" >&2; fail "$name: ffmpeg reported errors"; }
	out=$(python3 "$(dirname "$0")/lib/rec-match.py" "$dir/rec.nv12" \
		"$work/dec.nv12" 320 240 300 2>&1) || fail "$name: $out"
	echo "check enc-rc: $name: decode = reconstruction, $out"
done
