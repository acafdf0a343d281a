#!/usr/bin/env bash
# Host check for compliance-dec: v4l2-compliance 1.30 ran to its summary on
# the cedrus-dec node, the guest's totals match the raw output, the node is
# a stateless decoder, and there are 0 failures; per codec, its coded format
# is offered and the run checked its controls; then v4l2-compliance -m on
# the media device (both nodes, both source -> proc -> sink graphs): 0 failures.
set -euo pipefail
dir=${1:?usage: compliance-dec.sh RESULTDIR}
summary=$dir/summary.txt

fail() { echo "compliance-dec: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[[ "$(val dec_node)" == /dev/video* ]] || fail "cedrus-dec node did not appear"
grep -q 'v4l2-compliance 1\.30\.' "$dir/compliance-version.txt" ||
	fail "not v4l2-compliance 1.30: $(head -n1 "$dir/compliance-version.txt")"

out=$dir/compliance.txt
line=$(grep -E '^Total for .*: [0-9]+, Succeeded: [0-9]+, Failed: [0-9]+, Warnings: [0-9]+' "$out" | tail -n 1) ||
	fail "no summary line (did v4l2-compliance crash?)"
read -r total succeeded failed warnings < <(echo "$line" |
	sed -E 's/.*: ([0-9]+), Succeeded: ([0-9]+), Failed: ([0-9]+), Warnings: ([0-9]+).*/\1 \2 \3 \4/')
[[ "$line" == *"cedrus device $(val dec_node)"* ]] || fail "summary is not for the decoder: $line"
[ "$(val total)" = "$total" ] && [ "$(val failed)" = "$failed" ] ||
	fail "guest totals differ from the raw output ($line)"
grep -q 'Detected Stateless Decoder' "$out" || fail "not detected as a stateless decoder"
[ "$total" -ge 40 ] || fail "only $total tests ran"
if [ "$failed" -ne 0 ]; then
	grep -E 'FAIL' "$out" >&2 || true
	fail "$failed failures (0 required)"
fi
echo "compliance-dec: $total tests, $succeeded succeeded, 0 failed, $warnings warnings"

# Per codec: the node offers its coded format, and the run above checked
# each of its stateless controls (VIDIOC_G/S/TRY_EXT_CTRLS names them).
# One line per codec: fourcc, name, its controls (names separated by ;).
while IFS='|' read -r fourcc codec ctrls; do
	[ -n "$fourcc" ] || continue
	grep -q "'$fourcc'" "$dir/formats-out.txt" ||
		fail "$codec: coded format $fourcc not offered: $(grep -o "'....'" "$dir/formats-out.txt" | tr '\n' ' ')"
	IFS=';' read -r -a names <<<"$ctrls"
	for name in "${names[@]}"; do
		grep -q "info: checking extended control '$name'" "$out" ||
			fail "$codec: control '$name' not checked by v4l2-compliance"
	done
	echo "compliance-dec: $codec ($fourcc): ${#names[@]} controls checked, 0 failures"
done <<'CODECS'
S264|H.264|H264 Sequence Parameter Set;H264 Picture Parameter Set;H264 Scaling Matrix;H264 Prediction Weight Table;H264 Slice Parameters;H264 Decode Parameters;H264 Decode Mode;H264 Start Code
MG2S|MPEG-2|MPEG-2 Sequence Header;MPEG-2 Picture Header;MPEG-2 Quantisation Matrices
VP8F|VP8|VP8 Frame Parameters
S265|H.265|HEVC Sequence Parameter Set;HEVC Picture Parameter Set;HEVC Slice Parameters;HEVC Scaling Matrix;HEVC Decode Parameters;HEVC Entry Point Offsets;HEVC Decode Mode;HEVC Start Code
CODECS

# Media device: one decoder and one encoder graph, each source -> proc -> sink
# with the codec function on the proc entity, and 0 failures overall.
media=$dir/compliance-media.txt
line=$(grep -E '^Grand Total for .*: [0-9]+, Succeeded: [0-9]+, Failed: [0-9]+' "$media" | tail -n 1) ||
	fail "media: no grand total line"
read -r mtotal mfailed < <(echo "$line" | sed -E 's/.*: ([0-9]+), Succeeded: [0-9]+, Failed: ([0-9]+).*/\1 \2/')
[ "$mfailed" -eq 0 ] || { grep FAIL "$media" >&2; fail "media: $mfailed failures"; }
for role in dec enc; do
	grep -q "cedrus-$role-source" "$dir/media-topology.txt" &&
		grep -q "cedrus-$role-proc" "$dir/media-topology.txt" &&
		grep -q "cedrus-$role-sink" "$dir/media-topology.txt" ||
		fail "media: cedrus-$role source/proc/sink entities missing"
done
echo "compliance-dec: media device: $mtotal tests, 0 failed"
