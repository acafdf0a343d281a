# v4l2-compliance 1.30 on the cedrus decoder node (no streaming: a stateless
# decoder needs a real bitstream and its controls, and the QEMU VE model
# decodes nothing). The guest records; the host check judges.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve

dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
kv dec_node "$dec"
list_video_nodes >video-nodes.txt

v4l2-compliance --version >compliance-version.txt 2>&1
# The coded formats, one engine each: every context holds the controls of
# all of them, so the one run checks them all (verbose: it names each
# control it checks, the host matches them per codec).
v4l2-ctl -d "$dec" --list-formats-out >formats-out.txt 2>&1
log "v4l2-compliance -v -d $dec"
v4l2-compliance -v -d "$dec" >compliance.txt 2>&1
kv compliance_rc $?
totals=$(compliance_totals compliance.txt) || fail "v4l2-compliance printed no summary line"
set -- $totals
kv total "$1"
kv succeeded "$2"
kv failed "$3"
kv warnings "$4"
grep -E 'FAIL|warn' compliance.txt || true

# The whole media device: both nodes and the source -> proc -> sink graphs.
media=
for m in /dev/media*; do
	media-ctl -d "$m" -p 2>/dev/null | grep -Eq '^driver +cedrus$' && media=$m && break
done
[ -n "$media" ] || fail "no cedrus media device"
kv media_node "$media"
media-ctl -d "$media" -p >media-topology.txt 2>&1
log "v4l2-compliance -m $media"
v4l2-compliance -m "$media" >compliance-media.txt 2>&1
kv media_rc $?
grep -E 'FAIL|warn' compliance-media.txt || true
