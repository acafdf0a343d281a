#!/usr/bin/env bash
# Host check of guest/tests/clients-v4l2ctl.sh: the v4l2-ctl MMAP encodes
# at 720p and 1080p exited 0 and their streams decode exactly (lossless VE
# model) to the vivid frames they were fed, at the size asked; the
# --stream-out-dmabuf command line fails in v4l2-ctl itself, identically on
# our encoder and on vicodec's (see the guest test).
set -euo pipefail
CHECK_NAME=clients-v4l2ctl
. "$(dirname "$0")/lib/tool.sh"
dir=${1:?usage: clients-v4l2ctl.sh RESULTDIR}
exact=$(stream_exactness "$dir/any")
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }

[ -f "$dir/summary.txt" ] || tool_fail "no summary.txt"
[ -z "$(val failure)" ] || tool_fail "guest: $(val failure)"

# exact NAME W H: NAME.h264 decodes to src-WxH.nv12, frame for frame.
exact() {
	local name=$1 w=$2 h=$3 src=$dir/src-$2x$3.nv12 size n work got
	size=$((w * h * 3 / 2))
	[ "$(val "${name}_rc")" = 0 ] ||
		tool_fail "$name: v4l2-ctl exited $(val "${name}_rc"): $(tail -n 3 "$dir/$name.log" | tr '\n' ' ')"
	[ -s "$dir/$name.h264" ] || tool_fail "$name: no stream"
	n=$(($(stat -c %s "$src") / size))
	[ "$n" -gt 0 ] && [ "$((n * size))" -eq "$(stat -c %s "$src")" ] ||
		tool_fail "$name: source $src is not whole ${w}x$h frames"
	work=$(mktemp -d)
	stream_decode_exact tool_fail "$name" "$dir/$name.h264" "$src" "$n" "$size" "$work"
	got=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height \
		-of csv=p=0 "$dir/$name.h264")
	rm -rf "$work"
	[ "$got" = "$w,$h" ] || tool_fail "$name: stream is $got, want $w,$h"
	echo "check $CHECK_NAME: $name: $n frames ${w}x$h $exact"
}

exact mmap720 1280 720
exact mmap1080 1920 1080
# v4l2-ctl's own failure, the same on both encoders: if a later v4l2-ctl
# makes it work, this fails, and the run becomes an exact one.
for name in dmabuf720 vicodec-dmabuf720; do
	grep -qx 'do_setup_out_buffers q.obtain_bufs failed' "$dir/$name.log" ||
		tool_fail "$name: not v4l2-ctl's known --stream-out-dmabuf failure: $(head -n 3 "$dir/$name.log" | tr '\n' ' ')"
done
[ ! -s "$dir/dmabuf720.h264" ] || tool_fail "dmabuf720: a stream was written"
echo "check $CHECK_NAME: --stream-out-dmabuf: v4l2-ctl 1.30 fails before streaming, on cedrus and on vicodec alike"
