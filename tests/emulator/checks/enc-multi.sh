#!/usr/bin/env bash
# Host check of guest/tests/enc-multi.sh: two concurrent encode contexts
# and a decode context whose jobs run on the same VE in between.
set -euo pipefail
CHECK_NAME=enc-multi
. "$(dirname "$0")/lib/enc.sh"
. "$(dirname "$0")/lib/dec.sh"
dir=$1

check_encode "$dir" a 320 240 DPPPPPPPPPDPPPPPPPPPDPPPPPPPPPDPPPPPPPPP 4
check_encode "$dir" b 640 480 DPPPPPPPDPPPPPPPDPPPPPPPDPPPPPPPDPPPPPPP 5

# The two contexts really ran at the same time: frames of b were encoded
# while a was between its 5th and its last frame.
t() { enc_log "$dir" "$1" | sed -n "$2p" | awk '{ print $5 }'; }
a_start=$(t a 5) a_end=$(t a 40)
inside=$(enc_log "$dir" b | awk -v s="$a_start" -v e="$a_end" '$5 > s && $5 < e { n++ } END { print n + 0 }')
[ "$inside" -ge 10 ] || enc_fail "only $inside frames of b during a: the contexts did not overlap"
echo "check enc-multi: $inside frames of b were encoded while a was running"

# The decode context ran its jobs with the same verdicts as alone...
check_dec_h264 "$dir"
# ...and in the middle of the encodes: decode jobs ran on the VE between
# the first and the last encode job (the model completes them at once, so
# none holds the VE for the watchdog).
[ -f "$dir/trace.txt" ] || enc_fail "no trace.txt"
inside=$(awk '
	/cedrus_job_run:/ {
		if ($0 ~ /-enc ctx/) { enc++; dec_inside += dec_pending; dec_pending = 0 }
		else if (enc) dec_pending++
	}
	END { print dec_inside + 0 }' "$dir/trace.txt")
[ "$inside" -ge 5 ] || enc_fail "only $inside decode jobs ran between encode jobs"
echo "check enc-multi: $inside decode jobs ran between encode jobs, and both streams are exact"

# Every job of the other role than the previous job's came after a VE
# reset (a role switch, or the watchdog's after a hung job).
read -r switches unreset role_resets < <(awk '
	/cedrus_ve_reset:/ { reset = 1; if (/role switch/) rr++ }
	/cedrus_job_run:/ {
		role = ($0 ~ /-enc ctx/) ? "enc" : "dec"
		if (prev != "" && role != prev) { n++; if (!reset) bad++ }
		prev = role; reset = 0
	}
	END { print n + 0, bad + 0, rr + 0 }' "$dir/trace.txt")
[ "$switches" -ge 2 ] || enc_fail "the trace shows $switches switches between encode and decode jobs"
[ "$unreset" -eq 0 ] || enc_fail "$unreset of $switches switches between encode and decode ran without a VE reset"
[ "$role_resets" -ge 1 ] || enc_fail "no role-switch reset in the trace"
echo "check enc-multi: $switches switches between encode and decode jobs, each after a VE reset ($role_resets for the switch)"

