# H.265 decode engine on the emulated board (the VE model completes decode
# jobs without decoding): control validation, job validation and the job
# path through the hardware's interrupt, with a stream of two-slice
# pictures (IDR, P and B with DPB references), through
# cedrus-dec-h265-check. The guest records; the host check judges.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve

dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"

# A few seconds (no job waits for the 2 s watchdog); a hang is a failure
# with the blocked task in hung-wchan.txt, not a lost test.
log "cedrus-dec-h265-check $dec"
run_bounded 90 check_rc checks.txt check-errors.txt cedrus-dec-h265-check "$dec"
dmesg >dmesg.txt

dec_summary checks.txt
