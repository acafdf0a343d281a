# Stress (issue 9): four encoder contexts at once, 300 frames each, with
# different sizes, entropy modes and GOPs (small sizes: the 1200 source
# frames must fit in the guest's RAM for the host to compare, about
# 115 MB), each fed zero-copy by its own
# vivid instance, while the decoder runs alongside, over and over: a
# decoder context of 300 H.264 pictures (cedrus-dec-h264-check --frames
# 300: an IDR, then P slices referencing the picture before; 100 on the
# debug kernel, like the encoders), then the
# whole decode job path (SPS validation, jobs refused before the
# hardware, valid jobs and a short stream), and again. The model
# completes decode jobs without decoding: every picture must come back
# DONE, none through the watchdog. Every encoded stream must decode
# exactly on the host.
# Host check: checks/enc-stress.sh.
. /opt/cedrus/lib/enc.sh

load_module vivid n_devs=4 node_types=0x1,0x1,0x1,0x1 allocators=1,1,1,1 \
	ccs_cap_mode=7,7,7,7
load_module cedrus-ve
n=0
until ENC=$(find_encoder_node) && DEC=$(find_video_node cedrus-dec) &&
	[ "$(list_video_nodes | awk '$2 == "vivid"' | wc -l)" -ge 4 ]; do
	n=$((n + 1))
	[ $n -lt 50 ] || { list_video_nodes; fail "no encoder, decoder or 4 vivid nodes"; }
	sleep 0.2
done
set -- $(list_video_nodes | awk '$2 == "vivid" { print $1 }')
for v in "$@"; do
	v4l2-ctl -d "$v" -i 1 >/dev/null || fail "$v: cannot select input 1"
done
kv encoder "$ENC"
kv dec_node "$DEC"

# 300 frames each; 100 on the debug kernel (kmemleak present), where the
# same run takes several times longer.
FRAMES=300
[ -f /sys/kernel/debug/kmemleak ] && FRAMES=100
kv frames "$FRAMES"

start=$(date +%s)
enc_tool s1 "$1" 176x144 "$FRAMES" --gop 10 --profile baseline >s1.out 2>&1 &
p1=$!
enc_tool s2 "$2" 320x240 "$FRAMES" --gop 15 --entropy cabac --profile main \
	--loop-filter disabled >s2.out 2>&1 &
p2=$!
enc_tool s3 "$3" 352x288 "$FRAMES" --gop 30 --entropy cabac --profile high \
	>s3.out 2>&1 &
p3=$!
enc_tool s4 "$4" 256x192 "$FRAMES" --gop 60 --open-gop --i-period 20 \
	>s4.out 2>&1 &
p4=$!

# The decoder, again and again while any encoder runs: even runs are a
# decoder context of as many pictures as each encoder has frames (300; 100
# on the debug kernel, where the four encoders and the decoder share the
# one VE and a 300-picture context would outlast the encodes threefold),
# odd runs the whole check program.
DEC_FRAMES=$FRAMES
kv dec_frames "$DEC_FRAMES"
runs=0 dec_failed=0
while kill -0 $p1 2>/dev/null || kill -0 $p2 2>/dev/null ||
      kill -0 $p3 2>/dev/null || kill -0 $p4 2>/dev/null; do
	frames=
	[ $((runs % 2)) = 0 ] && frames="--frames $DEC_FRAMES"
	# $frames unquoted: no argument, or two
	cedrus-dec-h264-check $frames "$DEC" >"dec-$runs.txt" 2>&1 ||
		dec_failed=$((dec_failed + 1))
	runs=$((runs + 1))
done
rc=0
for p in $p1 $p2 $p3 $p4; do
	wait "$p" || rc=$((rc + 1))
done
kv stress_seconds $(($(date +%s) - start))
kv dec_runs "$runs"
kv dec_failed "$dec_failed"
cat s1.out s2.out s3.out s4.out
[ "$rc" = 0 ] || fail "$rc of the four encodes failed"
