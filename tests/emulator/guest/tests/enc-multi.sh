# Two encode contexts run at the same time (v4l2-cedrus-enc-test twice:
# 320x240 CAVLC from one vivid, 640x480 CABAC from the other) while a
# decode context runs H.264 decode jobs (cedrus-dec-h264-check: the
# model has no decoder, so its valid jobs hang until the watchdog resets
# the VE); both streams must still decode exactly and the decoder must see
# the same verdicts as when alone.
# Host check: checks/enc-multi.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
DEC=$(find_video_node cedrus-dec) || fail "no decoder node"
kv dec_node "$DEC"

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
cat a.out b.out checks.txt
kv check_rc "$rc_d"
dmesg >dmesg.txt
dec_summary checks.txt
[ "$rc_a" = 0 ] || fail "encode a failed (exit $rc_a)"
[ "$rc_b" = 0 ] || fail "encode b failed (exit $rc_b)"
