# Encoder discovery (no --device). First with only vivid loaded: the tool
# must fail with exit code 2 (no device), listing the video nodes it found.
# Then with cedrus-ve loaded: it must pick the cedrus-enc node by itself
# and encode with it. Host: checks/tool-discovery.sh.
. /opt/cedrus/lib/tool.sh

[ -x /usr/bin/v4l2-cedrus-enc-test ] || fail "v4l2-cedrus-enc-test is not in the rootfs"
load_module vivid n_devs=1 node_types=0x1 allocators=1 ccs_cap_mode=7
n=0
until VIVID=$(node_by_name vivid-000-vid-cap); do
	n=$((n + 1))
	[ $n -lt 50 ] || fail "no vivid node"
	sleep 0.2
done
kv vivid "$VIVID"
list_video_nodes >nodes-vivid.txt
cat nodes-vivid.txt

# 1. No encoder.
log "discovery with vivid only"
rc=0
v4l2-cedrus-enc-test --pattern --frames 2 --size 640x480 --output none.h264 >none.log 2>&1 || rc=$?
cat none.log
kv none.rc "$rc"
[ "$rc" = 2 ] || fail "without an encoder the tool exited $rc, want 2 (no device)"

# 2. The encoder driver loaded: discovery finds cedrus-enc.
load_module cedrus-ve
n=0
until ENC=$(node_by_name cedrus-enc); do
	n=$((n + 1))
	[ $n -lt 50 ] || { ls /sys/class/video4linux; fail "no cedrus-enc node"; }
	sleep 0.2
done
kv encoder "$ENC"
list_video_nodes >nodes-all.txt
cat nodes-all.txt
log "discovery with cedrus-ve (encoder $ENC)"
rc=0
v4l2-cedrus-enc-test --pattern --frames 4 --size 640x480 --timeout 60000 --capture-size 8M \
	--output found.h264 --stats found.csv --summary found.summary --save-input found.nv12 \
	>found.log 2>&1 || rc=$?
cat found.log
kv found.rc "$rc"
[ "$rc" = 0 ] || fail "discovery run failed (exit $rc)"
