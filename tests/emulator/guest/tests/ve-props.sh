# The allwinner-ve properties of ve-props.qemu act on the device: with
# stream-limit=16 a put-bits that would write byte 17 of a 4 KiB stream
# buffer stalls; with fault=error a valid encode finishes with STALL and
# writes nothing (an encode under the 16-byte limit would have written 16
# bytes before stalling). Raw register access through /dev/mem, no driver.
# The VE's buffers live in the 16 MiB above mem=1008M (ve-props.append),
# which the kernel does not use. Host check: checks/ve-props.sh (values and
# the QEMU trace in qemu.log, and QEMU's refusal of invalid values).
. /opt/cedrus/lib/common.sh

VE=0x01c0e000
RAM_PHYS=$((0x7f000000))
RAM_BUS=$((RAM_PHYS - 0x40000000))	# H3 VE bus address of RAM_PHYS
STM=$((RAM_BUS + 0x10000))		# stream buffer, 4 KiB

hex() { printf '0x%08x' "$1"; }
rd() { devmem "$(hex $((VE + $1)))" 32; }
wr() { devmem "$(hex $((VE + $1)))" 32 "$(hex "$2")"; }
mem_rd() { devmem "$(hex $((RAM_PHYS + $1)))" 32; }
mem_wr() { devmem "$(hex $((RAM_PHYS + $1)))" 32 "$(hex "$2")"; }
# mem_fill OFFSET WORDS: 0xeeeeeeee, a value the VE never writes here
mem_fill() {
	i=0
	while [ $i -lt "$2" ]; do
		mem_wr $(($1 + 4 * i)) 0xeeeeeeee
		i=$((i + 1))
	done
}
# stream_rewind: STM_START/END/BIT_MAX for the 4 KiB buffer, STM_BIT_LEN 0
stream_rewind() {
	wr 0xb18 0
	wr 0xb88 0
	wr 0xb80 $STM
	wr 0xb84 $((STM + 4095))
	wr 0xb8c $((4096 * 8))
	wr 0xb90 0
}

kv cmdline "$(cat /proc/cmdline)"
kv system_ram "$(grep 'System RAM' /proc/iomem | tr '\n' ' ')"

wr 0x000 0x80			# VE_MODE: ENC_ENABLE
wr 0xb14 0			# INT_EN: none
wr 0xb1c 0xf			# STATUS: clear
wr 0xb04 0			# PARA0: I slice, CAVLC, EP on

# 1. stream-limit: 8 x 16 bits fill the 16 bytes, 8 more bits overflow.
mem_fill 0x10000 8
stream_rewind
for w in 0x1122 0x3344 0x5566 0x7788 0x99aa 0xbbcc 0xddee 0xff10; do
	wr 0xb20 $w		# PUTBITSDATA
	wr 0xb18 0x1001		# STARTTRIG: PUT_BITS, 16 bits
done
kv putbits16_status "$(rd 0xb1c)"
kv putbits16_bit_len "$(rd 0xb90)"
wr 0xb20 0x42
wr 0xb18 0x0801			# PUT_BITS, 8 bits
kv putbits17_status "$(rd 0xb1c)"
kv putbits17_bit_len "$(rd 0xb90)"
for i in 0 1 2 3 4; do
	kv stream_word$i "$(mem_rd $((0x10000 + 4 * i)))"
done
wr 0xb1c 0xf

# 2. fault=error: a valid one-macroblock I frame (16x16 NV12 source at
#    RAM_BUS, REC at +0x1000), interrupts on FINISH and STALL.
mem_fill 0x10000 8
mem_fill 0x1000 4
mem_wr 0x0 0x5a5a5a5a		# source: a real encode copies it to REC
stream_rewind
wr 0xa00 0x00010001		# ISP_PIC_INFO: 1 x 1 MBs
wr 0xa04 0x00010000		# ISP_PIC_STRIDE0: 1 MB
wr 0xa08 0			# ISP_CTRL: NV12
wr 0xa78 $RAM_BUS		# ISP_INPUT_LUMA
wr 0xa7c $((RAM_BUS + 0x100))	# ISP_INPUT_CHROMA0
wr 0xbb0 $((RAM_BUS + 0x1000))	# REC_ADDR_Y
wr 0xbb4 $((RAM_BUS + 0x1200))	# REC_ADDR_C
wr 0xba0 $((RAM_BUS + 0x2000))	# REF0_ADDR_Y (unused: I slice)
wr 0xba4 $((RAM_BUS + 0x2200))	# REF0_ADDR_C
wr 0xb08 $((1 << 10 | 26))	# PARA1: stride 1 x 48 MBs (rounded up), QP 26
wr 0xb14 0x3			# INT_EN: FINISH | STALL
wr 0xb18 0x8			# STARTTRIG: ENC_START
# the job ends 100 us of guest time later; poll STATUS[3:0] for up to 5 s
n=0
until [ $(($(rd 0xb1c) & 0xf)) != 0 ] || [ $n -ge 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
kv enc_status "$(rd 0xb1c)"
kv enc_bit_len "$(rd 0xb90)"
kv enc_stream_word0 "$(mem_rd 0x10000)"
kv enc_rec_word0 "$(mem_rd 0x1000)"
wr 0xb1c 0xf
kv enc_status_cleared "$(rd 0xb1c)"
wr 0xb14 0
log "done"
