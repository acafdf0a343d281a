#!/usr/bin/env bash
# Host check of guest/tests/enc-rc.sh: the driver's rate control on the
# lossy VE model, from each run's per-frame stats (bytes, type, slice QP as
# the tool read it from the slice header), by enc-rc-table.py:
# - 300 frames, no ERROR buffer, every slice QP read;
# - CBR: the average after the first second (frames 30..299) within 5 % of
#   the target;
# - VBR: that average at most the target (+1 % for the last frames' bits in
#   flight), the peak respected: the buffer model below never overflows;
# - buffer model: a leaky bucket of the coded bits, each frame arriving
#   whole and the bucket draining at the target (CBR) or peak (VBR) rate
#   per frame, never holds more than the CPB (the driver's default, one
#   second at that rate);
# - QPs move by at most 4 between consecutive frames of the same type;
# then (checks/lib/rc.sh) every stream decodes with host ffmpeg, without
# an error message, into its 300 frames, each equal to the VE's
# reconstruction of it (rec-match.py on rec.nv12): the slice QPs the rate
# control chose agree with the registers it programmed.
# The figures go out as a table (make bench-rc prints the same).
set -euo pipefail
. "$(dirname "$0")/lib/rc.sh"
rc_check enc-rc "${1:?usage: enc-rc.sh RESULTDIR}"
