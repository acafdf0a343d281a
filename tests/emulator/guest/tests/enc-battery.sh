# Bad-input battery of the encoder node (issue 9): cedrus-enc-battery runs
# one case per row of its table (formats, buffers, stream lifetime,
# drains, controls) and encodes two pattern frames after each case. The
# host check (checks/enc-battery.sh) wants every case passed and every
# after-CASE.h264 decoded exactly; run-test.sh fails the test on any
# kernel report (WARN, oops, KASAN, lockdep, hung task).
. /opt/cedrus/lib/common.sh

load_module cedrus-ve
enc=$(wait_video_node cedrus-enc) || fail "no cedrus-enc node; nodes: $(list_video_nodes | tr '\n' ';')"
kv encoder "$enc"

# A hang (a drain that never ends) is a failure with the blocked task's
# stack, not a lost test.
log "cedrus-enc-battery $enc"
cedrus-enc-battery "$enc" >battery.txt 2>battery-errors.txt &
pid=$!
t=0
while kill -0 "$pid" 2>/dev/null && [ "$t" -lt 400 ]; do
	sleep 1
	t=$((t + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	kv hung 1
	{ cat /proc/"$pid"/wchan; echo; cat /proc/"$pid"/stack; } >hung-wchan.txt 2>&1
	cat hung-wchan.txt >/dev/console
	kill -9 "$pid"
	kv battery_rc killed
else
	wait "$pid" && rc=0 || rc=$?
	kv battery_rc "$rc"
fi
kv battery_seconds "$t"
cat battery.txt battery-errors.txt
dmesg >dmesg.txt
