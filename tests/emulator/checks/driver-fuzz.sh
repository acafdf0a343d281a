#!/usr/bin/env bash
# Host check of guest/tests/driver-fuzz.sh: every seed ran to its end with
# at least its share of the 20,000 operations (or its time bound, which is
# then a failure: the figure must be met), most operation kinds both
# succeeded and failed at least once (the fuzzer reached past argument
# checking), and the encode afterwards is exact. run-test.sh has already
# failed the test on any kernel report.
set -euo pipefail
CHECK_NAME=driver-fuzz
. "$(dirname "$0")/lib/enc.sh"
dir=$1

total=0
for out in "$dir"/fuzz-*.txt; do
	[ -f "$out" ] || enc_fail "no fuzzer output"
	seed=$(sed -n 's/^fuzz seed=\([0-9]*\) .*/\1/p' "$out")
	want=$(sed -n 's/^fuzz seed=[0-9]* ops=\([0-9]*\) .*/\1/p' "$out")
	done_ops=$(sed -n 's/^fuzz done ops=\([0-9]*\) .*/\1/p' "$out")
	[ -n "$done_ops" ] || enc_fail "seed $seed: the fuzzer did not finish"
	[ "$done_ops" = "$want" ] || enc_fail "seed $seed: $done_ops of $want operations within the time bound"
	# Operations that must have both worked and been refused at least once.
	for op in open s_fmt reqbufs qbuf dqbuf streamon s_ctrl; do
		line=$(grep "^fuzz op=$op " "$out") || enc_fail "seed $seed: no count for $op"
		ok=$(sed -n 's/.* ok=\([0-9]*\) .*/\1/p' <<<"$line")
		err=$(sed -n 's/.* errno=\([0-9]*\) .*/\1/p' <<<"$line")
		[ "$ok" -gt 0 ] || enc_fail "seed $seed: $op never succeeded"
		[ "$err" -gt 0 ] || [ "$op" = open ] || enc_fail "seed $seed: $op never failed"
	done
	# The typed client start must have reached streaming at least once.
	line=$(grep "^fuzz op=run " "$out") || enc_fail "seed $seed: no count for run"
	ok=$(sed -n 's/.* ok=\([0-9]*\) .*/\1/p' <<<"$line")
	[ "$ok" -gt 0 ] || enc_fail "seed $seed: run never succeeded"
	echo "check driver-fuzz: seed $seed: $done_ops operations"
	total=$((total + done_ops))
done
# 20,000 at least; the debug kernel runs one seed (results under debug/)
want=20000
case $dir in */debug/*) want=12000 ;; esac
[ "$total" -ge "$want" ] || enc_fail "$total operations in all, want at least $want"
check_encode "$dir" after 320 240 DPPPPDPPPP 2
echo "check driver-fuzz: $total operations, kernel log clean, the encode after them exact"
