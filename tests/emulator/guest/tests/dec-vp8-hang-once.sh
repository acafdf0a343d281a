# A VP8 decode job that never ends (dec-vp8-hang-once.qemu:
# allwinner-ve.fault=hang-once hangs the machine's first job): in a
# 20-frame VP8 context (cedrus-dec-vp8-check --frames 20) the key frame
# comes back with ERROR through the watchdog's VE reset, and the inter
# frames after it, which reference its buffer, decode DONE.
# Host check: checks/dec-vp8-hang-once.sh.
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
