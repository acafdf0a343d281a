#!/usr/bin/env bash
# Host check of guest/tests/enc-rc-1080p.sh: enc-rc's bounds at 1920x1080
# (checks/lib/rc.sh, enc-rc-table.py), the lim- run's documented CPB
# overflow, and every stream decoded to the VE's reconstruction.
set -euo pipefail
. "$(dirname "$0")/lib/rc.sh"
rc_check enc-rc-1080p "${1:?usage: enc-rc-1080p.sh RESULTDIR}"
