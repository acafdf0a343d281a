#!/usr/bin/env bash
# Host check for compliance-enc: v4l2-compliance 1.30 ran to its summary on
# the cedrus-enc node with MMAP and with DMABUF streaming and streaming all
# formats, the guest's totals match the raw output, the streaming tests
# really ran, and there are 0 failures and 0 warnings in every run.
set -euo pipefail
dir=${1:?usage: compliance-enc.sh RESULTDIR}
summary=$dir/summary.txt

fail() { echo "compliance-enc: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[[ "$(val enc_node)" == /dev/video* ]] || fail "cedrus-enc node did not appear"
grep -q 'v4l2-compliance 1\.30\.' "$dir/compliance-version.txt" ||
	fail "not v4l2-compliance 1.30: $(head -n1 "$dir/compliance-version.txt")"

check_run() { # NAME STREAMING_TEST_PATTERN
	local name=$1 pattern=$2 out=$dir/compliance-$1.txt line
	[ -f "$out" ] || fail "$name: no output"
	line=$(grep -E '^Total for .*: [0-9]+, Succeeded: [0-9]+, Failed: [0-9]+, Warnings: [0-9]+' "$out" | tail -n 1) ||
		fail "$name: no summary line (did v4l2-compliance crash?)"
	read -r total succeeded failed warnings < <(echo "$line" |
		sed -E 's/.*: ([0-9]+), Succeeded: ([0-9]+), Failed: ([0-9]+), Warnings: ([0-9]+).*/\1 \2 \3 \4/')
	[[ "$line" == *"cedrus device $(val enc_node)"* ]] || fail "$name: summary is not for the encoder: $line"
	[ "$(val "${name}_total")" = "$total" ] && [ "$(val "${name}_failed")" = "$failed" ] &&
		[ "$(val "${name}_warnings")" = "$warnings" ] ||
		fail "$name: guest totals differ from the raw output ($line)"
	grep -q 'Detected Stateful Encoder' "$out" || fail "$name: not detected as a stateful encoder"
	grep -Eq "$pattern" "$out" || fail "$name: streaming test /$pattern/ did not pass"
	[ "$total" -ge 45 ] || fail "$name: only $total tests ran"
	if [ "$failed" -ne 0 ] || [ "$warnings" -ne 0 ]; then
		grep -E 'FAIL|warn' "$out" >&2 || true
		fail "$name: $failed failures, $warnings warnings (0 and 0 required)"
	fi
	echo "compliance-enc: $name: $total tests, $succeeded succeeded, 0 failed, 0 warnings"
}

check_run mmap 'test MMAP \(select, REQBUFS\): OK'
check_run dmabuf 'test DMABUF \(select\): OK'
check_run formats 'Stream using all formats:'
# -f streams NV12 and NV12M (NM12) at 16x16 (the minimum), 1920x1088 (the
# maximum) and 1280x720 (the default): six runs, each OK.
for fmt in 'NV12 \(Y/UV 4:2:0\)' 'NM12 \(Y/UV 4:2:0 \(N-C\)\)'; do
	for size in 16x16 1920x1088 1280x720; do
		grep -Eq "$fmt $size -> H264 \(H\.264\) $size: OK" "$dir/compliance-formats.txt" ||
			fail "formats: $fmt at $size did not stream OK"
	done
done
echo "compliance-enc: formats: NV12 and NV12M streamed at 16x16, 1920x1088 and 1280x720"
