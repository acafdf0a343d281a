# Mainline staging cedrus (decoder, from "make staging-cedrus", as in
# compliance-staging) on the VE model: a 20-picture H.264 decoder context
# (cedrus-dec-h264-check --frames 20: an IDR, then P slices referencing
# the picture before). The model completes the jobs as mainline programs
# them, decoding nothing: every picture must come back DONE, through the
# VE's interrupt, with no "frame processing timed out" from its watchdog.
# Host check: checks/dec-staging-h264.sh (and the QEMU trace,
# dec-staging-h264.trace).
. /opt/cedrus/lib/common.sh

load_module sunxi-cedrus

dec=$(wait_video_node cedrus) || fail "no cedrus video node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"

log "cedrus-dec-h264-check --frames 20 $dec"
run_bounded 60 check_rc checks.txt check-errors.txt \
	cedrus-dec-h264-check --frames 20 "$dec"
dmesg >dmesg.txt
kv watchdog_resets "$(grep -c 'frame processing timed out' dmesg.txt)"

dec_summary checks.txt
