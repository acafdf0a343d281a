#!/usr/bin/env bash
# Host check for ve-mmio: expected values come from the hardware reference
# (VE_VERSION of the H3 is 0x1680xxxx; STM_START is a plain read/write
# register; PUT_BITS_READY, STATUS bit 9, is set when idle).
set -euo pipefail
dir=${1:?usage: ve-mmio.sh RESULTDIR}
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }
fail() { echo "ve-mmio: $*" >&2; exit 1; }

version=$(val version)
[ $((version >> 16)) = $((0x1680)) ] || fail "VE_VERSION reads '$version', expected 0x1680xxxx (is the VE still the unimplemented slot?)"
[ "$(val stm_start_readback)" = 0x12345678 ] || fail "STM_START_ADDR read back '$(val stm_start_readback)', wrote 0x12345678"
status=$(val status_after_reset)
[ $(( status & 0x200 )) != 0 ] || fail "STATUS after reset is '$status': PUT_BITS_READY (bit 9) not set"
[ $(( status & 0xf )) = 0 ] || fail "STATUS after reset is '$status': interrupt bits set"
echo "ve-mmio: VE_VERSION $version, read/write and reset state as expected"
