#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-x264.sh MEDIA_DIR: a yardstick for make bench-model. The same
# clips, coded by x264 (libx264 through the host's ffmpeg) on one thread
# with the coding tools the model has: I_16x16 and P_L0_16x16 only
# (preset ultrafast), quarter-sample refinement (subme 1), deblocking on,
# one reference, QP 26, an IDR frame every 4 (as the benchmark's I + 3 P),
# CAVLC and CABAC. x264 has assembly for its SADs, transforms and CABAC
# residual coder: its time per frame on a clip is a fair measure of what
# coding that clip's bits costs a CPU. Printed: CPU milliseconds per frame (user + system of the
# encode, less those of reading the clip alone) and bytes per frame, over
# the clip's 4 frames looped to FRAMES. Figures only: nothing is checked.
set -eu

media=${1:?usage: bench-x264.sh MEDIA_DIR}
frames=${FRAMES:-40}
loops=$((frames / 4 - 1))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! ffmpeg -hide_banner -encoders 2>/dev/null | grep -q ' libx264 '; then
	echo "bench-x264: this ffmpeg has no libx264: no yardstick" >&2
	exit 0
fi

# cpu_ms CMD...: user + system CPU time of CMD in milliseconds
cpu_ms() {
	local TIMEFORMAT='%3U %3S' t

	t=$({ time "$@" > /dev/null 2>&1; } 2>&1)
	awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d", (a[1] + a[2]) * 1000 }'
}

input() {
	echo -nostdin -v error -stream_loop "$loops" -f rawvideo \
		-pix_fmt nv12 -s "$2" -i "$media/$1-$2.nv12"
}

echo "x264 (libx264 through ffmpeg, 1 thread, preset ultrafast + subme 1 + deblocking, QP 26, I + 3 P): CPU ms per frame over $frames frames, bytes per frame"
printf '%-6s %-10s %-6s %8s %9s\n' clip size mode ms bytes
for clip in clip clean; do
	for size in 1280x720 1920x1080; do
		# shellcheck disable=SC2046
		base=$(cpu_ms ffmpeg $(input "$clip" "$size") -f null -)
		for cabac in 0 1; do
			out=$tmp/out.264
			# shellcheck disable=SC2046
			ms=$(cpu_ms ffmpeg $(input "$clip" "$size") -c:v libx264 \
				-preset ultrafast -threads 1 -x264-params \
				"qp=26:cabac=$cabac:deblock=1:subme=1:keyint=4:min-keyint=4:scenecut=0:bframes=0:ref=1:threads=1:sliced-threads=0" \
				-f h264 -y "$out")
			bytes=$(stat -c %s "$out")
			printf '%-6s %-10s %-6s %8.1f %9d\n' \
				"$([ "$clip" = clip ] && echo noisy || echo clean)" \
				"$size" "$([ "$cabac" = 1 ] && echo CABAC || echo CAVLC)" \
				"$(awk -v a="$ms" -v b="$base" -v n="$frames" \
					'BEGIN { printf "%.1f", (a - b) / n }')" \
				$((bytes / frames))
		done
	done
done
