# The H.265 engine's 10-bit path on the H6-variant board (the VE node with
# the H6 compatible, dec-h265-h6.dtso; the VE model taking physical
# addresses, dec-h265-h6.qemu): cedrus-dec-h265-check --ten-bit sets the
# SPS's bit depth and reads the CAPTURE format back, allocates CAPTURE
# buffers for 10 bits and runs a 10-bit and an 8-bit picture, and tries a
# 10-bit SPS in a context whose buffers were allocated for 8 bits. The
# guest records; the host check (checks/dec-h265-h6.sh) judges.
. /opt/cedrus/lib/common.sh

kv ve_compatible "$(tr '\0' ' ' </proc/device-tree/soc/video-codec@1c0e000/compatible)"
load_module cedrus-ve
dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"

log "cedrus-dec-h265-check --ten-bit $dec"
run_bounded 60 check_rc checks.txt check-errors.txt cedrus-dec-h265-check --ten-bit "$dec"
dmesg >dmesg-test.txt
kv watchdog_resets "$(grep -c 'timed out' dmesg-test.txt)"
dec_summary checks.txt
