# Module reload: every probe must hand the VE bus addresses. The MBUS DMA
# offset that sunxi_mbus gives the device once is dropped by the driver core
# at unbind; the driver puts it back at probe. An encode before and after
# 100 rmmod/modprobe cycles must be exact (host: checks/driver-reload.sh),
# and CmaFree and MemFree must come back to where they were. On the debug
# kernel (kmemleak present), where a cycle is much slower, 20 cycles, and
# kmemleak judges the teardown.
. /opt/cedrus/lib/tool.sh

CYCLES=100
[ -f /sys/kernel/debug/kmemleak ] && CYCLES=20

tool_setup
vivid_capture src.nv12 NV12 320 240 4
tool_run before --input src.nv12 --size 320x240 --fps 30

# meminfo_kb FIELD: a /proc/meminfo figure in KiB.
meminfo_kb() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

sync
echo 3 >/proc/sys/vm/drop_caches
cma_before=$(meminfo_kb CmaFree)
mem_before=$(meminfo_kb MemFree)
start=$(cut -d' ' -f1 /proc/uptime)
i=0
while [ $i -lt $CYCLES ]; do
	rmmod cedrus-ve || fail "rmmod cedrus-ve failed at cycle $i"
	modprobe cedrus-ve || { dmesg | tail -n 20; fail "modprobe cedrus-ve failed at cycle $i"; }
	i=$((i + 1))
	[ $((i % 5)) -ne 0 ] || log "module cycles: $i/$CYCLES"
done
# Let the last probe finish before measuring.
ENC=
n=0
until ENC=$(node_by_name cedrus-enc); do
	n=$((n + 1))
	[ $n -lt 50 ] || fail "no cedrus-enc node after $CYCLES module cycles"
	sleep 0.2
done
sync
echo 3 >/proc/sys/vm/drop_caches
cma_after=$(meminfo_kb CmaFree)
mem_after=$(meminfo_kb MemFree)
log "$CYCLES module cycles in $(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s"
log "CmaFree ${cma_before} -> ${cma_after} KiB, MemFree ${mem_before} -> ${mem_after} KiB"
kv cycles $i
kv cma_free_before_kb "$cma_before"
kv cma_free_after_kb "$cma_after"
kv mem_free_before_kb "$mem_before"
kv mem_free_after_kb "$mem_after"

tool_run after --input src.nv12 --size 320x240 --fps 30
