#!/usr/bin/env bash
# Host check of the guest "kunit" test: every suite's KTAP results must
# exist and report "ok", with at least one test case, no "not ok" and no
# skipped test anywhere. The cedrus bitstream suite must be among them.
set -euo pipefail

dir=$1
shopt -s nullglob
files=("$dir"/kunit-*.ktap)
fail() { echo "check kunit: $*" >&2; exit 1; }

[ ${#files[@]} -gt 0 ] || fail "no kunit-*.ktap in $dir"
[ -f "$dir/kunit-cedrus-h264-bits.ktap" ] || fail "suite cedrus-h264-bits did not run"

total=0
for f in "${files[@]}"; do
	suite=$(basename "$f" .ktap)
	suite=${suite#kunit-}
	if grep -n '^ *not ok ' "$f"; then
		fail "$suite: failed cases above"
	fi
	if grep -n '# *SKIP' "$f"; then
		fail "$suite: skipped cases above"
	fi
	# the suite's own result line is the only unindented "ok"
	grep -Eq "^ok [0-9]+ $suite\$" "$f" || fail "$suite: no 'ok N $suite' line"
	cases=$(grep -Ec '^ +ok [0-9]+ ' "$f" || true)
	[ "$cases" -gt 0 ] || fail "$suite: no test case results"
	echo "check kunit: $suite ok ($cases case and parameter results)"
	total=$((total + cases))
done
echo "check kunit: ${#files[@]} suite(s), $total results, all ok"
