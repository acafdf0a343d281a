#!/usr/bin/env bash
# Host check of guest/tests/enc-rc.sh: the driver's rate control on the
# lossy VE model, from each run's per-frame stats (bytes, type, slice QP as
# the tool read it from the slice header):
# - 300 frames, no ERROR buffer, every slice QP read;
# - CBR: the average after the first second (frames 30..299) within 5 % of
#   the target;
# - VBR: that average at most the target (+1 % for the last frames' bits in
#   flight), the peak respected: the buffer model below never overflows;
# - buffer model: a leaky bucket of the coded bits, each frame arriving
#   whole and the bucket draining at the target (CBR) or peak (VBR) rate
#   per frame, never holds more than the CPB (the driver's default, one
#   second at that rate);
# - QPs move by at most 4 between consecutive frames of the same type.
# The figures go out as a table (make bench-rc prints the same).
set -euo pipefail
CHECK_NAME=enc-rc
dir=${1:?usage: enc-rc.sh RESULTDIR}

python3 "$(dirname "$0")/enc-rc-table.py" "$dir"
