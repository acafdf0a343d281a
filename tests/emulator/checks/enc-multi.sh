#!/usr/bin/env bash
# Host check of guest/tests/enc-multi.sh: two concurrent encode contexts.
set -euo pipefail
CHECK_NAME=enc-multi
. "$(dirname "$0")/enc-lib.sh"
dir=$1

check_encode "$dir" a 320 240 DPPPPPPPPPDPPPPPPPPPDPPPPPPPPPDPPPPPPPPP 1
check_encode "$dir" b 640 480 DPPPPPPPDPPPPPPPDPPPPPPPDPPPPPPPDPPPPPPP 1

# The two contexts really ran at the same time: frames of b were encoded
# while a was between its 5th and its last frame.
t() { sed -n "$2p" "$dir/$1.frames" | sed 's/.* t=//'; }
a_start=$(t a 5) a_end=$(t a 40)
inside=$(awk -v s="$a_start" -v e="$a_end" '{ sub(/.* t=/, ""); if ($1 > s && $1 < e) n++ } END { print n + 0 }' "$dir/b.frames")
[ "$inside" -ge 10 ] || enc_fail "only $inside frames of b during a: the contexts did not overlap"
echo "check enc-multi: $inside frames of b were encoded while a was running"
