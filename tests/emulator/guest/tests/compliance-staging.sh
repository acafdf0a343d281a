# Baseline: mainline staging cedrus (decoder) under v4l2-compliance 1.30, next
# to vivid. sunxi-cedrus is off in Kconfig.snippet (cedrus-ve binds the same
# compatibles) and comes from "make staging-cedrus" (out of tree, installed in
# /usr/lib/modules/*/extra). It shows the emulator, the guest v4l2-compliance
# and the checks agree on a driver we did not write; compliance-dec and
# compliance-enc hold our driver to 0 failures.
# The guest records; tests/emulator/checks/compliance-staging.sh judges.
. /opt/cedrus/lib/common.sh

load_module sunxi-cedrus
load_module vivid n_devs=1 allocators=1

cedrus=$(wait_video_node cedrus) || fail "no cedrus video node; nodes: $(list_video_nodes | tr '\n' ';')"
vivid=$(wait_video_node vivid "Video Capture") || fail "no vivid capture node; nodes: $(list_video_nodes | tr '\n' ';')"
kv cedrus_node "$cedrus"
kv vivid_node "$vivid"
list_video_nodes >video-nodes.txt

log "v4l2-compliance -d $cedrus"
v4l2-compliance --version >compliance-version.txt 2>&1
v4l2-compliance -d "$cedrus" >compliance.txt 2>&1
kv compliance_rc $?
cat compliance.txt

totals=$(compliance_totals compliance.txt) || fail "v4l2-compliance printed no summary line"
set -- $totals
kv total "$1"
kv succeeded "$2"
kv failed "$3"
kv warnings "$4"
