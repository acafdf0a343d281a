#!/usr/bin/env bash
# Host check of guest/tests/enc-dmabuf-small.sh: QBUF refused with EINVAL
# and the driver's log line names both sizes; sizeimage is what the VE
# reads (luma and chroma of whole macroblock rows, chroma starting
# bytesperline x height into the buffer).
set -euo pipefail
dir=$1
fail() { echo "check enc-dmabuf-small: $*" >&2; exit 1; }
val() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

for size in 320x240 1920x1080; do
	w=${size%x*} h=${size#*x}
	out=$dir/small-$size.out
	[ -f "$out" ] || fail "$size: no output"
	# qbuf0: length given; qbuf1: length 0 (the dma-buf's size applies)
	for q in qbuf0 qbuf1; do
		[ "$(val "$out" ${q}_ret)" = -1 ] || fail "$size: $q did not fail"
		[ "$(val "$out" ${q}_errno)" = 22 ] || fail "$size: $q errno is not EINVAL"
	done

	# VE reads: luma ALIGN(h,16) lines, chroma ALIGN(h,16)/2 lines from h.
	lines=$(( (h + 15) / 16 * 16 ))
	want=$((w * (h + lines / 2)))
	[ $((w * lines)) -le "$want" ] || want=$((w * lines))
	got=$(val "$out" sizeimage)
	[ "$got" = "$want" ] || fail "$size: sizeimage $got, the VE reads $want"

	small=$(val "$out" small_dmabuf_size)
	n=$(grep -c "OUTPUT buffer 0 plane 0: dma-buf of $small bytes, the VE reads $want" \
		"$dir/dmesg.txt" || true)
	[ "$n" -eq 2 ] || fail "$size: $n kernel log lines with both sizes ($small, $want), want 2"
	echo "check enc-dmabuf-small: $size: $small < $want bytes: QBUF EINVAL, logged"
done
