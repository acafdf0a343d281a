# VE error injection on decode jobs (dec-error.qemu: allwinner-ve.fault=error
# ends every job with its engine's error bit): a 20-picture H.264 decoder
# context (cedrus-dec-h264-check --frames 20) gets every CAPTURE buffer
# back with ERROR, through the VE's interrupt, not the watchdog.
# Host check: checks/dec-error.sh.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve

dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"

log "cedrus-dec-h264-check --frames 20 $dec"
run_bounded 60 check_rc checks.txt check-errors.txt \
	cedrus-dec-h264-check --frames 20 "$dec"
dmesg >dmesg.txt
kv watchdog_resets "$(grep -c 'job timed out' dmesg.txt)"

dec_summary checks.txt
