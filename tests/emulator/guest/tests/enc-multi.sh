# Two encode contexts run at the same time (320x240 CAVLC from one vivid,
# 640x480 CABAC from the other) while a decoder context is open; both
# streams must still decode exactly. Host check: checks/enc-multi.sh.
. /opt/cedrus/tests/enc-lib.sh

enc_setup
DEC=$(find_video_node cedrus-dec) || fail "no decoder node"
kv decoder "$DEC"
exec 3<>"$DEC"

rc_a=0
rc_b=0
cedrus-enc-check --vivid "$VIVID" --encoder "$ENC" --input 1 \
	--stream a.h264 --source a.nv12 --frames a.frames \
	-W 320 -H 240 -n 40 --gop 10 --profile 0 >a.out &
pid_a=$!
cedrus-enc-check --vivid "$VIVID2" --encoder "$ENC" --input 1 \
	--stream b.h264 --source b.nv12 --frames b.frames \
	-W 640 -H 480 -n 40 --gop 8 --cabac --loop-filter 1 >b.out &
pid_b=$!
wait "$pid_a" || rc_a=$?
wait "$pid_b" || rc_b=$?
exec 3>&-
cat a.out b.out
kv a.rc "$rc_a"
kv b.rc "$rc_b"
[ "$rc_a" = 0 ] || fail "encode a failed"
[ "$rc_b" = 0 ] || fail "encode b failed"
