#!/usr/bin/env bash
# Host check for demo: the stream decodes with the host's ffmpeg and has the
# number of frames the guest asked for.
set -euo pipefail
dir=${1:?usage: demo.sh RESULTDIR}
fail() { echo "demo: $*" >&2; exit 1; }
[ -s "$dir/demo.h264" ] || fail "no demo.h264 in the results"
want=$(sed -n 's/^frames=//p' "$dir/summary.txt")
got=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames \
	-of default=nokey=1:noprint_wrappers=1 "$dir/demo.h264") || fail "ffprobe cannot read demo.h264"
ffmpeg -v error -xerror -i "$dir/demo.h264" -f null - || fail "ffmpeg reports errors decoding demo.h264"
[ "$got" = "$want" ] || fail "demo.h264 has $got frames, the guest encoded $want"
echo "demo: demo.h264 decodes: $got frames, $(stat -c %s "$dir/demo.h264") bytes"
