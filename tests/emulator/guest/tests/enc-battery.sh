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
run_bounded 400 battery_rc battery.txt battery-errors.txt cedrus-enc-battery "$enc"
cat battery.txt battery-errors.txt
dmesg >dmesg.txt
