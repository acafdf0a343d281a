#!/usr/bin/env bash
# Host check for demo: the stream decodes with the host's ffmpeg, without
# an error, into the number of frames the guest asked for; on the lossy
# model (demo.rec-dump) every frame equals the VE's reconstruction and
# keeps a PSNR floor against the camera frames the guest saved
# (demo.nv12); the stream is much smaller than those frames.
set -euo pipefail
. "$(dirname "$0")/lib/stream.sh"
dir=${1:?usage: demo.sh RESULTDIR}
fail() { echo "demo: $*" >&2; exit 1; }
[ -s "$dir/demo.h264" ] || fail "no demo.h264 in the results"
[ -s "$dir/demo.nv12" ] || fail "no demo.nv12 (the camera frames) in the results"
want=$(sed -n 's/^frames=//p' "$dir/summary.txt")
read -r w h < <(ffprobe -v error -select_streams v:0 -show_entries stream=width,height \
	-of csv=p=0:s=x "$dir/demo.h264" | tr x ' ') || fail "ffprobe cannot read demo.h264"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
size=$((w * h * 3 / 2))
[ "$(stat -c %s "$dir/demo.nv12")" -eq $((want * size)) ] ||
	fail "demo.nv12 has $(stat -c %s "$dir/demo.nv12") bytes, want $want frames of ${w}x$h"
stream_decode_exact fail demo "$dir/demo.h264" "$dir/demo.nv12" "$want" "$size" "$work"
bytes=$(stat -c %s "$dir/demo.h264")
raw=$((want * size))
[ $((bytes * 4)) -lt "$raw" ] || fail "demo.h264 has $bytes bytes, not much smaller than the $raw of its frames"
echo "demo: demo.h264 decodes: $want frames ${w}x$h, $bytes bytes ($(awk -v b="$bytes" -v r="$raw" 'BEGIN { printf "%.1f", r / b }'):1 against the raw frames), ${STREAM_PSNR:+PSNR }${STREAM_PSNR:-bit-exact}"
