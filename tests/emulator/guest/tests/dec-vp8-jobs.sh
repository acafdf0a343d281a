# VP8 decode engine on the emulated board (the VE model completes decode
# jobs without decoding): control validation, jobs failed before the
# hardware, and a stream of key and inter frames (last, golden and altref
# references) through the hardware's interrupt, with cedrus-dec-vp8-check.
# The guest records; the host check judges.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve

dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"
v4l2-ctl -d "$dec" --list-formats-out >formats-out.txt 2>&1

# A few seconds (no job waits for the 2 s watchdog); a hang is a failure
# with the blocked tasks in the kernel log, not a lost test.
log "cedrus-dec-vp8-check $dec"
run_bounded 60 check_rc checks.txt check-errors.txt cedrus-dec-vp8-check "$dec"
dmesg >dmesg.txt

dec_summary checks.txt
