# Two encode contexts run at the same time (320x240 CAVLC from one vivid,
# 640x480 CABAC from the other) while a decode context runs H.264 decode
# jobs (cedrus-dec-h264-check: the model has no decoder, so its valid jobs
# hang until the watchdog resets the VE); both streams must still decode
# exactly and the decoder must see the same verdicts as when alone.
# Host check: checks/enc-multi.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
DEC=$(find_video_node cedrus-dec) || fail "no decoder node"
kv dec_node "$DEC"

rc_a=0
rc_b=0
rc_d=0
cedrus-enc-check --vivid "$VIVID" --encoder "$ENC" --input 1 \
	--stream a.h264 --source a.nv12 --frames a.frames \
	-W 320 -H 240 -n 40 --gop 10 --profile 0 >a.out &
pid_a=$!
cedrus-enc-check --vivid "$VIVID2" --encoder "$ENC" --input 1 \
	--stream b.h264 --source b.nv12 --frames b.frames \
	-W 640 -H 480 -n 40 --gop 8 --cabac --loop-filter 1 >b.out &
pid_b=$!
sleep 1
cedrus-dec-h264-check "$DEC" >checks.txt 2>check-errors.txt &
pid_d=$!
wait "$pid_a" || rc_a=$?
wait "$pid_b" || rc_b=$?
wait "$pid_d" || rc_d=$?
cat a.out b.out checks.txt
kv a.rc "$rc_a"
kv b.rc "$rc_b"
kv check_rc "$rc_d"
dmesg >dmesg.txt
dec_summary checks.txt
[ "$rc_a" = 0 ] || fail "encode a failed"
[ "$rc_b" = 0 ] || fail "encode b failed"
