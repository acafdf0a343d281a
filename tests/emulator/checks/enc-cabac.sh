#!/usr/bin/env bash
# Host check of guest/tests/enc-cabac.sh (see there for the settings).
set -euo pipefail
CHECK_NAME=enc-cabac
. "$(dirname "$0")/enc-lib.sh"
dir=$1

check_encode "$dir" qvga 320 240 \
	DPPPPPPPPPDPPPPPPPPPDPPPPDPPPPPPPPPDPPPPPPPPPDPPPPPPPPPDPPPP 1
check_encode "$dir" hd 1280 720 "$(for i in $(seq 6); do printf DPPPPPPPPP; done)" 1
