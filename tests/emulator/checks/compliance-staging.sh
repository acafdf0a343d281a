#!/usr/bin/env bash
# Host check for compliance-staging: the nodes appeared, v4l2-compliance 1.30
# ran to its summary line, the guest's parsed totals agree with the raw
# output, and the failures are within the known limit.
set -euo pipefail
dir=${1:?usage: compliance-staging.sh RESULTDIR}
summary=$dir/summary.txt

fail() { echo "compliance-staging: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[[ "$(val cedrus_node)" == /dev/video* ]] || fail "cedrus node did not appear"
[[ "$(val vivid_node)" == /dev/video* ]] || fail "vivid capture node did not appear"
grep -q 'v4l2-compliance 1\.30\.' "$dir/compliance-version.txt" ||
	fail "not v4l2-compliance 1.30: $(head -n1 "$dir/compliance-version.txt")"

line=$(grep -E '^Total for .*: [0-9]+, Succeeded: [0-9]+, Failed: [0-9]+, Warnings: [0-9]+' "$dir/compliance.txt" | tail -n 1) ||
	fail "compliance.txt has no summary line (did v4l2-compliance crash?)"
read -r total succeeded failed warnings < <(echo "$line" |
	sed -E 's/.*: ([0-9]+), Succeeded: ([0-9]+), Failed: ([0-9]+), Warnings: ([0-9]+).*/\1 \2 \3 \4/')
[[ "$line" == *"cedrus device $(val cedrus_node)"* ]] || fail "summary is not for the cedrus node: $line"

[ "$(val total)" = "$total" ] && [ "$(val succeeded)" = "$succeeded" ] &&
	[ "$(val failed)" = "$failed" ] && [ "$(val warnings)" = "$warnings" ] ||
	fail "guest totals ($(val total)/$(val succeeded)/$(val failed)/$(val warnings)) differ from compliance.txt ($total/$succeeded/$failed/$warnings)"
[ "$total" -eq $((succeeded + failed)) ] || fail "total $total != succeeded $succeeded + failed $failed"
[ "$total" -ge 40 ] || fail "only $total tests ran (expected about 50)"

# Mainline staging cedrus has one known failure under 1.30: VIDIOC_TRY_EXT_CTRLS
# ("try_ext_ctrls returned an error (22)"). The encoder driver replaces this
# test with one that requires 0 failures.
fails=$(grep -E ': FAIL$' "$dir/compliance.txt" || true)
[ "$failed" -le 1 ] || fail "$failed failures (at most 1 known):"$'\n'"$fails"
if [ "$failed" = 1 ]; then
	echo "$fails" | grep -q 'TRY_EXT_CTRLS' || fail "the one failure is not the known TRY_EXT_CTRLS one: $fails"
fi
echo "compliance-staging: $total tests, $succeeded succeeded, $failed failed (known: try_ext_ctrls), $warnings warnings"
