# Two encode contexts run at the same time (v4l2-cedrus-enc-test twice:
# 320x240 CAVLC from one vivid, 640x480 CABAC from the other) while a
# decode context runs H.264 decode jobs (cedrus-dec-h264-check: the
# model completes them without decoding); both streams must still decode
# exactly and the decoder must see the same verdicts as when alone. The VE's job and reset tracepoints go
# to trace.txt: every switch between encode and decode jobs must come
# after a VE reset.
# Host check: checks/enc-multi.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
DEC=$(find_video_node cedrus-dec) || fail "no decoder node"
kv dec_node "$DEC"

# The VE's job and reset tracepoints, for the role-switch resets.
tr=/sys/kernel/debug/tracing
echo 4096 >$tr/buffer_size_kb
echo 1 >$tr/events/cedrus/cedrus_job_run/enable || fail "no cedrus tracepoints"
echo 1 >$tr/events/cedrus/cedrus_ve_reset/enable

rc_a=0
rc_b=0
rc_d=0
# enc_tool in a background subshell records NAME.rc itself
enc_tool a "$VIVID" 320x240 40 --gop 10 --profile baseline >a.out 2>&1 &
pid_a=$!
enc_tool b "$VIVID2" 640x480 40 --gop 8 --entropy cabac --loop-filter disabled \
	>b.out 2>&1 &
pid_b=$!
sleep 1
cedrus-dec-h264-check "$DEC" >checks.txt 2>check-errors.txt &
pid_d=$!
wait "$pid_a" || rc_a=$?
wait "$pid_b" || rc_b=$?
wait "$pid_d" || rc_d=$?
echo 0 >$tr/tracing_on
cat $tr/trace >trace.txt
cat a.out b.out checks.txt
kv check_rc "$rc_d"
dmesg >dmesg.txt
dec_summary checks.txt
[ "$rc_a" = 0 ] || fail "encode a failed (exit $rc_a)"
[ "$rc_b" = 0 ] || fail "encode b failed (exit $rc_b)"
