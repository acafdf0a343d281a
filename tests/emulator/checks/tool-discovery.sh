#!/usr/bin/env bash
# Host check of guest/tests/tool-discovery.sh: without an encoder the tool
# exited 2 and listed every video node the guest had (and the cedrus-ve
# hint); with cedrus-ve it chose the cedrus-enc node on its own, said so,
# and its stream decodes to the frames it fed.
set -euo pipefail
CHECK_NAME=tool-discovery
. "$(dirname "$0")/lib/tool.sh"
dir=$1

grep -qx 'none.rc=2' "$dir/summary.txt" || tool_fail "no encoder: want exit code 2"
log=$dir/none.log
grep -q 'no H.264 encoder found' "$log" || tool_fail "no encoder: no 'no H.264 encoder found'"
grep -q 'hint: load the encoder driver (modprobe cedrus-ve) or pass --device' "$log" ||
	tool_fail "no encoder: no cedrus-ve hint"
[ -s "$dir/nodes-vivid.txt" ] || tool_fail "the guest listed no video node"
while read -r node driver _; do
	grep -q "^  $node ($driver) \[" "$log" || tool_fail "no encoder: $node ($driver) not listed"
done <"$dir/nodes-vivid.txt"
grep -q '(cedrus)' "$log" && tool_fail "no encoder: lists a cedrus node before cedrus-ve was loaded"

enc=$(sed -n 's/^encoder=//p' "$dir/summary.txt")
[ -n "$enc" ] || tool_fail "the guest recorded no encoder node"
grep -qx "encoder=$enc" "$dir/found.summary" ||
	tool_fail "discovery chose $(sed -n 's/^encoder=//p' "$dir/found.summary"), want $enc"
grep -qx 'encoder_driver=cedrus' "$dir/found.summary" || tool_fail "discovery chose another driver"
grep -Eq "^encoder +$enc \(cedrus\)$" "$dir/found.log" ||
	tool_fail "the summary table does not name $enc"
echo "check $CHECK_NAME: without cedrus-ve: exit 2 listing $(wc -l <"$dir/nodes-vivid.txt") node(s); with it: $enc"
tool_check "$dir" found 640 480 "$dir/found.nv12"
