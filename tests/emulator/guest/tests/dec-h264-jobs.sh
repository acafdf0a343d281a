# H.264 decode engine on the emulated board (the VE model has no decoder):
# SPS validation and the job path up to the hardware trigger, through
# cedrus-dec-h264-check. The guest records; the host check judges.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve

dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"

# The program needs about 5 s (two 2 s watchdogs); a hang is a failure
# with the blocked tasks in the kernel log, not a lost test.
log "cedrus-dec-h264-check $dec"
cedrus-dec-h264-check "$dec" >checks.txt 2>check-errors.txt &
pid=$!
t=0
while kill -0 "$pid" 2>/dev/null && [ "$t" -lt 60 ]; do
	sleep 1
	t=$((t + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	kv hung 1
	{ cat /proc/"$pid"/wchan; echo; cat /proc/"$pid"/stack; } >hung-wchan.txt 2>&1
	cat hung-wchan.txt >/dev/console
	kill -9 "$pid"
	kv check_rc killed
else
	wait "$pid"
	kv check_rc $?
fi
dmesg >dmesg.txt

dec_summary checks.txt
