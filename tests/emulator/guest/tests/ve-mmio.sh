# The VE model answers at 0x01c0e000 (not QEMU's unimplemented-device slot,
# which reads 0): VE_VERSION, a read/write register, STATUS after reset.
# Raw register access through /dev/mem, no driver loaded.
. /opt/cedrus/lib/common.sh

VE=0x01c0e000
reg() { printf '0x%08x' $((VE + $1)); }

kv version "$(devmem "$(reg 0x0f0)" 32)" || fail "devmem cannot read VE_VERSION"
devmem "$(reg 0xb80)" 32 0x12345678
kv stm_start_readback "$(devmem "$(reg 0xb80)" 32)"
devmem "$(reg 0xb80)" 32 0
kv status_after_reset "$(devmem "$(reg 0xb1c)" 32)"
grep -q 'video-codec' /proc/iomem && kv iomem_claimed yes || kv iomem_claimed no
