#!/usr/bin/env bash
# Host check of guest/tests/driver-reload.sh: both encodes (before and after
# the module cycles) decode exactly to the source, no job failed for want of
# the MBUS DMA offset, and the cycles gave back their memory.
set -euo pipefail
CHECK_NAME=driver-reload
. "$(dirname "$0")/lib/tool.sh"
dir=$1
summary=$dir/summary.txt

value() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

# 100 cycles; 20 on the debug kernel (results under results/debug/)
want=100
case $dir in */debug/*) want=20 ;; esac
[ "$(value cycles)" = "$want" ] || tool_fail "ran $(value cycles) module cycles, want $want"
tool_check "$dir" before 320 240 "$dir/src.nv12"
tool_check "$dir" after 320 240 "$dir/src.nv12"

# What a probe without the offset produced: the VE given CPU addresses.
if grep -E 'job setup failed|header length 0 bits|DRAM is not at bus address 0' "$dir/dmesg.txt"; then
	tool_fail "a job or a probe failed after the module cycles (kernel log above)"
fi

# CmaFree: the driver holds no CMA memory while no context streams, so the
# cycles must give every page back (the page cache was dropped before both
# readings). MemFree: allow 384 KiB for slab and per-CPU caches that grow
# once (kmemleak on the debug kernel is the finer leak check).
cma_before=$(value cma_free_before_kb)
cma_after=$(value cma_free_after_kb)
mem_before=$(value mem_free_before_kb)
mem_after=$(value mem_free_after_kb)
echo "check $CHECK_NAME: CmaFree $cma_before -> $cma_after KiB, MemFree $mem_before -> $mem_after KiB"
[ "$cma_after" -ge "$cma_before" ] ||
	tool_fail "CmaFree fell by $((cma_before - cma_after)) KiB over the module cycles"
[ "$mem_after" -ge $((mem_before - 384)) ] ||
	tool_fail "MemFree fell by $((mem_before - mem_after)) KiB over the module cycles"
echo "check $CHECK_NAME: ok"
