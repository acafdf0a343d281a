# VE error injection on VP8 decode jobs (dec-vp8-error.qemu:
# allwinner-ve.fault=error ends every job with the error bit, what a
# malformed frame gives on silicon): a 20-frame VP8 context
# (cedrus-dec-vp8-check --frames 20: key and inter frames with last,
# golden and altref references) gets every CAPTURE buffer back with
# ERROR, through the VE's interrupt, not the watchdog.
# Host check: checks/dec-vp8-error.sh.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve

dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"

log "cedrus-dec-vp8-check --frames 20 $dec"
run_bounded 60 check_rc checks.txt check-errors.txt \
	cedrus-dec-vp8-check --frames 20 "$dec"
dmesg >dmesg.txt
kv watchdog_resets "$(grep -c 'job timed out' dmesg.txt)"

dec_summary checks.txt
