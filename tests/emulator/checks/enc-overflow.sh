#!/usr/bin/env bash
# Host check of guest/tests/enc-overflow.sh: 4 overflowing encodes, each
# ended by the error interrupt: 4 ERROR buffers without payload.
set -euo pipefail
CHECK_NAME=enc-overflow
. "$(dirname "$0")/lib/enc.sh"
check_failed_jobs "$1" overflow 4 0 4
