#!/usr/bin/env bash
# Host check of guest/tests/enc-multi.sh: two concurrent encode contexts.
set -euo pipefail
CHECK_NAME=enc-multi
. "$(dirname "$0")/enc-lib.sh"
dir=$1

check_encode "$dir" a 320 240 DPPPPPPPPPDPPPPPPPPPDPPPPPPPPPDPPPPPPPPP 1
check_encode "$dir" b 640 480 DPPPPPPPDPPPPPPPDPPPPPPPDPPPPPPPDPPPPPPP 1
