# v4l2-compliance 1.30 on the cedrus encoder node, streaming: once with MMAP
# (-s), once with DMABUF imported from vivid (-s -e, vivid allocators=1
# so its buffers are contiguous), and once streaming every OUTPUT format
# at its smallest, largest and default size (-s -f). The guest records;
# the host check judges.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve
load_module vivid n_devs=1 allocators=1

enc=$(wait_video_node cedrus-enc) || fail "no cedrus-enc node; nodes: $(list_video_nodes | tr '\n' ';')"
vivid=$(wait_video_node vivid "Video Capture") || fail "no vivid capture node; nodes: $(list_video_nodes | tr '\n' ';')"
kv enc_node "$enc"
kv vivid_node "$vivid"
list_video_nodes >video-nodes.txt

# The exporter's buffers must hold the encoder's OUTPUT sizeimage
# (1280x720 NV12 by default: 1382400 bytes); 1920x1080 YUYV is 4147200.
v4l2-ctl -d "$vivid" --set-fmt-video=width=1920,height=1080,pixelformat=YUYV ||
	fail "cannot set the vivid format"
v4l2-ctl -d "$vivid" --get-fmt-video >vivid-format.txt 2>&1

v4l2-compliance --version >compliance-version.txt 2>&1

run() { # NAME ARGS...
	name=$1
	shift
	log "v4l2-compliance -d $enc $*"
	v4l2-compliance -d "$enc" "$@" >"compliance-$name.txt" 2>&1
	kv "${name}_rc" $?
	totals=$(compliance_totals "compliance-$name.txt") ||
		fail "v4l2-compliance $* printed no summary line"
	set -- $totals
	kv "${name}_total" "$1"
	kv "${name}_succeeded" "$2"
	kv "${name}_failed" "$3"
	kv "${name}_warnings" "$4"
	grep -E 'FAIL|warn' "compliance-$name.txt" || true
}

run mmap -s
run dmabuf -s -e "$vivid"
run formats -s -f
dmesg >dmesg.txt
