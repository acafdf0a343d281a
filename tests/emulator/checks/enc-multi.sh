#!/usr/bin/env bash
# Host check of guest/tests/enc-multi.sh: two concurrent encode contexts
# and a decode context whose jobs hang the VE until the watchdog.
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
# ...and in the middle of the encodes: a hung decode job holds the one VE
# for the 2 s watchdog, so some frame of a waited at least 1.5 s.
gap=$(enc_log "$dir" a | awk 'NR > 1 && $5 - p > g { g = $5 - p } { p = $5 } END { print int(g / 1000) }')
[ "$gap" -ge 1500 ] || enc_fail "longest wait between frames of a is $gap ms: no decode job ran in between"
echo "check enc-multi: a waited $gap ms for a hung decode job, then went on exactly"

# Every job of the other role than the previous job's came after a VE
# reset (a role switch, or the watchdog's after a hung decode job).
[ -f "$dir/trace.txt" ] || enc_fail "no trace.txt"
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

