/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Register-level model of the Allwinner Video Engine (VE) H.264 encoder.
 *
 * This file and ve-core.c have no QEMU dependency: the same core is built
 * into QEMU (hw/media/allwinner-ve.c wraps it in a sysbus device) and into
 * the host tests (tests/model/), which drive it with the register sequence
 * a driver uses.
 *
 * Model v1 is lossless: every macroblock of an I slice is I_PCM; in a P slice
 * a macroblock is P_Skip when it equals the co-located macroblock of the
 * reference picture (REF0), I_PCM otherwise. CAVLC and CABAC.
 *
 * Glossary: EP = emulation prevention (0x03 insertion), MB = macroblock,
 * STM = bitstream (the VE's output buffer), ISP = the VE's input block,
 * REC/REF = reconstruction / reference picture, W1C = write 1 to clear.
 */
#ifndef VE_CORE_H
#define VE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VE_CORE_MMIO_SIZE		0x1000

/* Top level */
#define VE_MODE_REG			0x000
#define VE_RESET_REG			0x004
#define VE_BUF_CTRL_REG			0x050
#define VE_VERSION_REG			0x0f0

/* ISP (input) block */
#define VE_ISP_PIC_INFO_REG		0xa00
#define VE_ISP_PIC_STRIDE0_REG		0xa04
#define VE_ISP_CTRL_REG			0xa08
#define VE_ISP_SCALER_SIZE_REG		0xa2c
#define VE_ISP_INPUT_LUMA_REG		0xa78
#define VE_ISP_INPUT_CHROMA0_REG	0xa7c
#define VE_ISP_INPUT_CHROMA1_REG	0xa80

/* AVC encoder block */
#define VE_AVC_PARA0_REG		0xb04
#define VE_AVC_PARA1_REG		0xb08
#define VE_AVC_PARA2_REG		0xb0c
#define VE_AVC_ME_PARA_REG		0xb10
#define VE_AVC_INT_EN_REG		0xb14
#define VE_AVC_STARTTRIG_REG		0xb18
#define VE_AVC_STATUS_REG		0xb1c
#define VE_AVC_PUTBITSDATA_REG		0xb20
#define VE_AVC_RESIDUAL_BITS_REG	0xb54
#define VE_AVC_HEADER_BITS_REG		0xb58
#define VE_AVC_STM_START_ADDR_REG	0xb80
#define VE_AVC_STM_END_ADDR_REG		0xb84
#define VE_AVC_STM_BIT_OFFSET_REG	0xb88
#define VE_AVC_STM_BIT_MAX_REG		0xb8c
#define VE_AVC_STM_BIT_LEN_REG		0xb90
#define VE_AVC_REF0_ADDR_Y_REG		0xba0
#define VE_AVC_REF0_ADDR_C_REG		0xba4
#define VE_AVC_REC_ADDR_Y_REG		0xbb0
#define VE_AVC_REC_ADDR_C_REG		0xbb4
#define VE_AVC_SUBPIX_ADDR_LAST_REG	0xbb8
#define VE_AVC_SUBPIX_ADDR_NEW_REG	0xbbc
#define VE_AVC_MB_INFO_ADDR_REG		0xbc0

/* Field values the core interprets (see the hardware reference, section 2) */
#define VE_MODE_ENC_ENABLE		(1u << 7)
#define VE_MODE_ENC_ISP_ENABLE		(1u << 6)
#define VE_RESET_ENCODER_RESET		(1u << 24)
#define VE_RESET_SYNC_IDLE		(1u << 9)
#define VE_RESET_CACHE_SYNC_IDLE	(1u << 8)
#define VE_AVC_PARA0_EPTB_DIS		(1u << 31)
#define VE_AVC_PARA0_ENTROPY_CABAC	(1u << 8)
#define VE_AVC_TRIG_TYPE_PUT_BITS	0x1
#define VE_AVC_TRIG_TYPE_ENC_START	0x8
#define VE_AVC_STATUS_PUT_BITS_READY	(1u << 9)
#define VE_AVC_STATUS_OVERTIME		(1u << 3)
#define VE_AVC_STATUS_OVERTIME_MB	(1u << 2)
#define VE_AVC_STATUS_STALL		(1u << 1)
#define VE_AVC_STATUS_FINISH		(1u << 0)
#define VE_AVC_STATUS_W1C_MASK		0xfu
#define VE_AVC_INT_EN_MB_OVERTIME	(1u << 2)
#define VE_AVC_INT_EN_STALL		(1u << 1)
#define VE_AVC_INT_EN_FINISH		(1u << 0)

/* Multi-bit fields, as masks in place (use ve_core_field()) */
#define VE_MODE_DEC_MODE		0x0000000fu	/* 0xb = AVC encoder (older SoCs) */
#define VE_MODE_DEC_MODE_AVC_ENC	0xbu
#define VE_ISP_PIC_INFO_WIDTH_MBS	0x07ff0000u
#define VE_ISP_PIC_INFO_HEIGHT_MBS	0x000007ffu
#define VE_ISP_PIC_STRIDE0_INPUT_MBS	0x07ff0000u
#define VE_ISP_CTRL_FORMAT		0xe0000000u	/* 0 = NV12 */
#define VE_ISP_CTRL_FORMAT_NV12		0u
#define VE_AVC_PARA0_CABAC_INIT_IDC	0x00000c00u
#define VE_AVC_PARA0_SLICE_TYPE		0x00000030u	/* 0 I, 1 P */
#define VE_AVC_PARA0_SLICE_TYPE_I	0u
#define VE_AVC_PARA0_SLICE_TYPE_P	1u
#define VE_AVC_PARA1_FIXED_QP		0x0000003fu
#define VE_AVC_TRIG_ENCODE_MODE		0x00030000u	/* 0 = H.264 */
#define VE_AVC_TRIG_NUM_BITS		0x00003f00u	/* 1..32; 0 means 32 */
#define VE_AVC_TRIG_TYPE		0x0000000fu

/* Extract a field given its in-place mask. */
static inline uint32_t ve_core_field(uint32_t value, uint32_t mask)
{
	return (value & mask) >> __builtin_ctz(mask);
}

/* VE_VERSION of the H3 (0x1680 in bits 31:16) */
#define VE_CORE_VERSION_H3		0x16800040u

/*
 * Bus access. Addresses are VE bus addresses (the H3 VE sees DRAM at bus 0);
 * the embedder translates them (QEMU adds 0x40000000). Return 0 on success,
 * nonzero on a bus error.
 */
struct ve_core_dma_ops {
	int (*read)(void *opaque, uint64_t addr, void *buf, size_t len);
	int (*write)(void *opaque, uint64_t addr, const void *buf, size_t len);
};

/* Things the embedder may want to log or trace. */
enum ve_core_event {
	VE_CORE_EV_GUEST_ERROR,	/* the driver did something wrong */
	VE_CORE_EV_UNIMP,	/* a feature the model does not implement */
	VE_CORE_EV_JOB,		/* an encode job started (message has its parameters) */
	VE_CORE_EV_JOB_DONE,	/* an encode job finished (message has the result) */
};

struct ve_core_hooks {
	void (*event)(void *opaque, enum ve_core_event ev, const char *msg);
};

/*
 * Fault injection (QEMU device properties; host tests set them directly).
 * A hung encode stays pending, with no status and no output, until an
 * ENCODER_RESET write (VE_RESET bit 24) or ve_core_reset() aborts it.
 */
enum ve_core_fault {
	VE_CORE_FAULT_NONE,
	VE_CORE_FAULT_HANG,	/* every ENC_START never finishes */
	VE_CORE_FAULT_ERROR,	/* ENC_START finishes with an error status */
	/*
	 * The first ENC_START hangs; the reset that aborts it clears the
	 * fault, so every later encode runs normally. An ENCODER_RESET with
	 * no hung encode (drivers pulse it before every job) leaves the fault
	 * armed. See FACTS.md for why the encoder reset, not the CCU reset.
	 */
	VE_CORE_FAULT_HANG_ONCE,
};

#define VE_CORE_WRITER_BUF_SIZE	4096

/*
 * Output byte writer state: shared by put-bits and slice data.
 *
 * Complete bytes are staged in buf and copied to STM_START + buf_off with
 * one DMA write when buf fills up and at the end of every put-bits
 * operation or job, so buf is always empty between two register accesses
 * (it needs no migration). The partial byte stays in acc until completed.
 */
struct ve_core_writer {
	uint64_t bit_len;	/* bits written from STM_START (mirrors STM_BIT_LEN) */
	uint32_t acc;		/* pending bits of the partial byte, MSB first */
	uint32_t acc_bits;	/* number of pending bits (0..7) */
	uint32_t zero_run;	/* consecutive 0x00 bytes written so far */
	bool overflow;		/* a write went past the end; output stopped */

	/* per operation, not guest visible */
	bool ep;		/* insert emulation prevention bytes */
	uint64_t limit;		/* bytes that may be written from STM_START */
	uint64_t buf_off;	/* stream byte offset of buf[0] */
	uint32_t buf_len;
	uint8_t buf[VE_CORE_WRITER_BUF_SIZE];
};

struct ve_core {
	uint32_t regs[VE_CORE_MMIO_SIZE / 4];
	struct ve_core_writer wr;
	bool job_pending;	/* ENC_START written, ve_core_run_job() not yet run */
	bool job_hung;		/* the pending encode hangs (fault injection) */
	bool hang_once_spent;	/* VE_CORE_FAULT_HANG_ONCE: the hang was reset */

	/* configuration: set before use, not guest visible */
	uint32_t version;
	enum ve_core_fault fault;
	uint32_t stream_limit;	/* bytes, 0 = no limit besides STM_END/BIT_MAX */
	const struct ve_core_dma_ops *dma;
	const struct ve_core_hooks *hooks;
	void *opaque;
};

/* What a register write asks the embedder to do next. */
enum ve_core_action {
	VE_CORE_ACTION_NONE,
	VE_CORE_ACTION_START_JOB,	/* schedule ve_core_run_job() */
};

void ve_core_init(struct ve_core *s, uint32_t version,
		  const struct ve_core_dma_ops *dma,
		  const struct ve_core_hooks *hooks, void *opaque);
void ve_core_reset(struct ve_core *s);
uint32_t ve_core_read(struct ve_core *s, uint32_t offset);
enum ve_core_action ve_core_write(struct ve_core *s, uint32_t offset,
				  uint32_t value);
/* Run the encode started by ENC_START; sets STATUS. No-op if none pending. */
void ve_core_run_job(struct ve_core *s);
/* Level of the interrupt line: (STATUS & enabled sources) != 0. */
bool ve_core_irq_level(const struct ve_core *s);

#endif /* VE_CORE_H */
