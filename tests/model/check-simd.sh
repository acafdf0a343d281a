#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# check-simd.sh SIMD_BENCH PORTABLE_BENCH: the model's SIMD paths (SSE2 on
# x86, ve-lossy.c) code exactly what its portable C codes. One round of
# model-bench at 720p on each build (both clips, CAVLC and CABAC, I and P:
# 8 rows); every row's hash of the streams and reconstructions must match.
set -eu

simd=$1
portable=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rows() {
	"$1" 1280x720 1 > "$tmp/out"
	awk '/^(noisy|clean) / { print $1, $2, $3, $4, $11 }' "$tmp/out"
}

rows "$simd" > "$tmp/simd"
rows "$portable" > "$tmp/portable"
n=$(wc -l < "$tmp/simd")
if [ "$n" -ne 8 ]; then
	echo "check-simd: $n rows from $simd, expected 8" >&2
	cat "$tmp/out" >&2
	exit 1
fi
if ! diff -u "$tmp/simd" "$tmp/portable"; then
	echo "check-simd: the SIMD and portable models code differently" >&2
	exit 1
fi
echo "check-simd: 8 rows, the same hashes"
