/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Register-level model of the Allwinner Video Engine (VE) H.264 encoder,
 * and of its decoders' job completion.
 *
 * The core (ve-core.c, ve-job.c, ve-writer.c, ve-cabac.c, ve-cavlc.c,
 * ve-cabac-mb.c, ve-lossy.c, ve-deblock.c, ve-dec.c; ve-internal.h and
 * ve-lossy.h between them) has no QEMU dependency: the same core is built
 * into QEMU (hw/media/allwinner-ve.c wraps it in a sysbus device) and into
 * the host tests (tests/model/), which drive it with the register sequence
 * a driver uses.
 *
 * Two ways of coding macroblocks (enum ve_core_coding below), CAVLC and
 * CABAC in both. Lossy, the default: a lossy H.264 encoder (intra 16x16
 * and chroma prediction, P_L0_16x16 with quarter-pel motion, P_Skip,
 * transform, quantisation, in-loop deblocking) whose reconstruction is the
 * next frame's reference. PCM (model v1): every macroblock of an I slice
 * is I_PCM; in a P slice a macroblock is P_Skip when it equals the
 * co-located macroblock of the reference picture (REF0), I_PCM otherwise.
 *
 * The decoders (ve-dec.c: MPEG-2, H.264, VP8, H.265) decode nothing: a
 * decode job ends with the success status and the interrupt, and writes no
 * pixels, so that a decoder driver's job path runs to its end.
 *
 * The registers and their fields, with a glossary, are in ve-regs.h.
 */
#ifndef VE_CORE_H
#define VE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ve-regs.h"

#define VE_CORE_MMIO_SIZE		0x1000

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
	VE_CORE_EV_DEC_JOB,	/* a decode job started (engine, registers) */
	VE_CORE_EV_DEC_JOB_DONE, /* a decode job finished (its result) */
};

struct ve_core_hooks {
	void (*event)(void *opaque, enum ve_core_event ev, const char *msg);
	/*
	 * Optional (may be NULL): called once after every encode job that
	 * finished, with its reconstruction as written to REC_ADDR_Y/C
	 * (deblocked): width x height luma samples (the MB-aligned picture;
	 * the VE does not know the SPS cropping), NV12 chroma of height / 2
	 * rows, both planes `stride` bytes per row. QEMU's rec-dump and the
	 * host tests use it.
	 */
	void (*rec)(void *opaque, const uint8_t *y, const uint8_t *cbcr,
		    size_t stride, unsigned int width, unsigned int height);
};

/*
 * How the model codes macroblocks (QEMU property `coding`).
 * LOSSY (the default): intra 16x16 and P 16x16 prediction, transform,
 * quantisation at the slice QP, CAVLC/CABAC residuals and the in-loop
 * deblocking filter, like the silicon (model v2, ve-lossy.c).
 * PCM: model v1, lossless: I_PCM, and P_Skip where the macroblock equals
 * REF0's; the reconstruction is the source.
 */
enum ve_core_coding {
	VE_CORE_CODING_LOSSY,
	VE_CORE_CODING_PCM,
};

/*
 * Fault injection (QEMU device properties; host tests set them directly).
 * The faults apply to encode and decode jobs alike (FACTS.md, "Decode
 * jobs"). A hung job stays pending, with no status and no output, until
 * the next VE_MODE write (the next job's engine selection), an
 * ENCODER_RESET write (VE_RESET bit 24) or ve_core_reset() aborts it.
 */
enum ve_core_fault {
	VE_CORE_FAULT_NONE,
	VE_CORE_FAULT_HANG,	/* every job never finishes */
	VE_CORE_FAULT_ERROR,	/* every job finishes with an error status */
	/*
	 * The first job, encode or decode, hangs; the abort that ends it
	 * clears the fault, so every later job runs normally. An
	 * ENCODER_RESET or VE_MODE write with no hung job (drivers write
	 * them before every job) leaves the fault armed. See FACTS.md for why
	 * these writes, not the CCU reset.
	 */
	VE_CORE_FAULT_HANG_ONCE,
	/*
	 * Every encode finishes normally, and OVERTIME latches in STATUS
	 * with FINISH: a frame that took long but was coded whole. An H.265
	 * decode sets OVER_TIME with SUCCESS; the other decoders have no
	 * overtime status bit and finish normally.
	 */
	VE_CORE_FAULT_FINISH_OVERTIME,
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

/* The engine of the pending job (struct ve_core.job_engine). */
enum ve_core_engine {
	VE_CORE_ENGINE_NONE,
	VE_CORE_ENGINE_ENC,		/* H.264 encoder */
	VE_CORE_ENGINE_DEC_MPEG2,
	VE_CORE_ENGINE_DEC_H264,
	VE_CORE_ENGINE_DEC_VP8,
	VE_CORE_ENGINE_DEC_H265,
};

/*
 * Host buffers the lossy coder keeps from one job to the next (ve-job.c,
 * ve-lossy.c), by use: allocating some 40 MB for every 1080p job, and the
 * page faults of touching it afresh, cost as much as coding a frame of
 * ordinary content. They grow when a larger picture needs it; their
 * contents mean nothing between jobs. ve_core_free() releases them.
 */
enum ve_core_scratch_slot {
	VE_CORE_SCRATCH_SRC_Y,
	VE_CORE_SCRATCH_SRC_C,
	VE_CORE_SCRATCH_REF_Y,
	VE_CORE_SCRATCH_REF_C,
	VE_CORE_SCRATCH_REC_Y,
	VE_CORE_SCRATCH_REC_C,
	VE_CORE_SCRATCH_MBS,		/* ve-lossy.c: struct ve_mb per MB */
	VE_CORE_SCRATCH_REF_PLANES,	/* ve-lossy.c: padded REF0, half-samples */
	VE_CORE_SCRATCH_REF_CELLS,	/* ve-lossy.c: half-sample cells done */
	VE_CORE_SCRATCH_COUNT,
};

struct ve_core_scratch {
	void *buf;
	size_t size;
};

struct ve_core {
	uint32_t regs[VE_CORE_MMIO_SIZE / 4];
	struct ve_core_writer wr;
	bool job_pending;	/* triggered, ve_core_run_job() not yet run */
	bool job_hung;		/* the pending job hangs (fault injection) */
	bool hang_once_spent;	/* VE_CORE_FAULT_HANG_ONCE: the hang was reset */
	uint32_t job_engine;	/* enum ve_core_engine of the pending job */
	/* H.265 bit reader: bits from the BITS_ADDR base (SHOW/FLUSH_BITS) */
	uint32_t h265_bit_pos;

	/* configuration: set before use, not guest visible */
	uint32_t version;
	enum ve_core_fault fault;
	uint32_t stream_limit;	/* bytes, 0 = no limit besides STM_END/BIT_MAX */
	enum ve_core_coding coding;
	const struct ve_core_dma_ops *dma;
	const struct ve_core_hooks *hooks;
	void *opaque;

	/* host memory, not guest visible: see enum ve_core_scratch_slot */
	struct ve_core_scratch scratch[VE_CORE_SCRATCH_COUNT];
};

/* What a register write asks the embedder to do next. */
enum ve_core_action {
	VE_CORE_ACTION_NONE,
	VE_CORE_ACTION_START_JOB,	/* schedule ve_core_run_job(): encode */
	VE_CORE_ACTION_START_DEC_JOB,	/* the same, for a decode job */
};

void ve_core_init(struct ve_core *s, uint32_t version,
		  const struct ve_core_dma_ops *dma,
		  const struct ve_core_hooks *hooks, void *opaque);
void ve_core_reset(struct ve_core *s);
/* Release the host memory the core keeps between jobs (before exit). */
void ve_core_free(struct ve_core *s);
/*
 * At least size bytes of scratch buffer slot, its contents undefined;
 * NULL when host memory ran out.
 */
void *ve_core_scratch(struct ve_core *s, enum ve_core_scratch_slot slot,
		      size_t size);
uint32_t ve_core_read(struct ve_core *s, uint32_t offset);
enum ve_core_action ve_core_write(struct ve_core *s, uint32_t offset,
				  uint32_t value);
/*
 * Run the job a trigger started (an encode, or a decode: ve-dec.c); sets
 * the engine's status. No-op if none is pending or it hangs.
 */
void ve_core_run_job(struct ve_core *s);
/* Name of an engine, for traces ("H.264 decode"...). */
const char *ve_core_engine_name(enum ve_core_engine engine);
/*
 * Level of the interrupt line: some engine's status bit is set with its
 * interrupt enabled (encoder STATUS & INT_EN, each decoder's STATUS and
 * CTRL enable bits).
 */
bool ve_core_irq_level(const struct ve_core *s);

#endif /* VE_CORE_H */
