# VE hang injection on decode jobs, then recovery (dec-hang-once.qemu:
# allwinner-ve.fault=hang-once hangs the first job of the boot only): in a
# 20-picture H.264 decoder context (cedrus-dec-h264-check --frames 20) the
# watchdog ends the first picture with ERROR, and the next job's engine
# selection ends the hang in the model, so the other 19 come back DONE.
# Host check: checks/dec-hang-once.sh.
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
