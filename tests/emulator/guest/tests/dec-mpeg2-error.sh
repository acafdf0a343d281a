# VE error injection on MPEG-2 decode jobs (dec-mpeg2-error.qemu:
# allwinner-ve.fault=error ends every job with the MPEG block's error bit,
# what the VE reports for a malformed picture): a 10-picture I/P/B decoder
# context (cedrus-dec-mpeg2-check --frames 10) gets every CAPTURE buffer
# back with ERROR, through the VE's interrupt, not the watchdog.
# Host check: checks/dec-mpeg2-error.sh.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve

dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"

log "cedrus-dec-mpeg2-check --frames 10 $dec"
run_bounded 60 check_rc checks.txt check-errors.txt \
	cedrus-dec-mpeg2-check --frames 10 "$dec"
dmesg >dmesg.txt
kv watchdog_resets "$(grep -c 'job timed out' dmesg.txt)"

dec_summary checks.txt
