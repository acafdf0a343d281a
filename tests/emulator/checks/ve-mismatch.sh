#!/usr/bin/env bash
# Host check for ve-mismatch: a slice header that disagrees with the
# registers (QP, deblocking) shows up as a decode that differs from the
# VE's reconstruction. Expectations come from the guest script's register
# writes and the H.264 standard, never from the model:
#   - every encode finished (STATUS FINISH, bit 0) and wrote a stream that
#     host ffmpeg decodes, without an error, into one 16x16 frame;
#   - rec.nv12 holds the three reconstructions, in encode order, 16x16;
#   - "match" decodes exactly to its reconstruction, and that is a real
#     lossy picture: not the source, but within a PSNR floor of it;
#   - "qp" (header QP 26, registers 34) and "deblock" (header without the
#     filter, registers with it) decode to pictures that differ from what
#     the VE reconstructed, so a driver whose headers drift from its
#     registers fails every REC comparison.
set -euo pipefail
CHECK_NAME=ve-mismatch
. "$(dirname "$0")/lib/stream.sh"
dir=${1:?usage: ve-mismatch.sh RESULTDIR}
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }
fail() { echo "check ve-mismatch: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The source picture of the guest script: luma 16x16, NV12 chroma 16x8.
python3 - "$work/source.nv12" <<'EOF'
import sys
rows = [bytes((x * 7 + y * 13 + (x * y) % 17) & 255 for x in range(16))
        for y in range(16)]
rows += rows[:8]
open(sys.argv[1], "wb").write(b"".join(rows))
EOF

[ -f "$dir/rec.nv12" ] || fail "no rec.nv12 (ve-mismatch.rec-dump)"
[ "$(stat -c %s "$dir/rec.nv12")" -eq $((3 * (12 + 384))) ] ||
	fail "rec.nv12 has $(stat -c %s "$dir/rec.nv12") bytes, want 3 frames of 16x16"
i=0
for name in match qp deblock; do
	status=$(val "${name}_status")
	[ -n "$status" ] || fail "$name: no status (did the guest script run?)"
	[ $((status & 0xf)) = 1 ] || fail "$name: STATUS $status, want FINISH alone"
	bits=$(val "${name}_bit_len")
	# the little-endian words of the stream buffer, cut to STM_BIT_LEN
	val "${name}_stream" | python3 -c '
import sys
words = sys.stdin.read().split()
data = b"".join(int(w, 16).to_bytes(4, "little") for w in words)
sys.stdout.buffer.write(data[:(int(sys.argv[1], 0) + 7) // 8])' "$bits" >"$work/$name.h264"
	ffmpeg -nostdin -hide_banner -v error -xerror -err_detect explode \
		-f h264 -i "$work/$name.h264" -f rawvideo -pix_fmt nv12 "$work/$name.nv12" \
		2>"$work/$name.log" || { cat "$work/$name.log" >&2; fail "$name: ffmpeg failed"; }
	[ ! -s "$work/$name.log" ] || { cat "$work/$name.log" >&2; fail "$name: ffmpeg reported errors"; }
	[ "$(stat -c %s "$work/$name.nv12")" -eq 384 ] ||
		fail "$name: decoded $(stat -c %s "$work/$name.nv12") bytes, want one 16x16 frame"
	head -c $(((i + 1) * 396)) "$dir/rec.nv12" | tail -c 396 >"$work/$name.rec"
	[ "$(head -c 12 "$work/$name.rec")" = "   16    16" ] ||
		fail "$name: REC frame $i header '$(head -c 11 "$work/$name.rec")', want 16x16"
	tail -c 384 "$work/$name.rec" >"$work/$name.rec.nv12"
	i=$((i + 1))
done

cmp -s "$work/match.nv12" "$work/match.rec.nv12" ||
	fail "match: headers and registers agree, yet the decode differs from the reconstruction"
! cmp -s "$work/match.rec.nv12" "$work/source.nv12" ||
	fail "match: the reconstruction is the source: the VE did not code lossily (coding=pcm?)"
stream_psnr fail match "$work/match.nv12" "$work/source.nv12" 16 16 30 "$work"
echo "check ve-mismatch: match: $(stat -c %s "$work/match.h264") bytes, decode = reconstruction, PSNR $STREAM_PSNR"
for name in qp deblock; do
	cmp -s "$work/$name.nv12" "$work/$name.rec.nv12" &&
		fail "$name: the header disagrees with the registers, yet the decode equals the reconstruction"
	diff=$({ cmp -l "$work/$name.nv12" "$work/$name.rec.nv12" || true; } | wc -l)
	echo "check ve-mismatch: $name: decode differs from the reconstruction in $diff of 384 samples, as it must"
done
