/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the files of the VE model core share: register access, events, job
 * faults, the decoders (ve-dec.c), the stream writer (ve-writer.c) and the
 * CABAC encoder (ve-cabac.c). Not part
 * of the core's API (ve-core.h); embedders never include it.
 */
#ifndef VE_INTERNAL_H
#define VE_INTERNAL_H

#include "ve-core.h"

/* The register file, indexed by byte offset. */
#define REG(s, off)	((s)->regs[(off) / 4])

/* Report an event to the embedder's hook (ve-core.c). */
void ve_event(struct ve_core *s, enum ve_core_event ev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The fault of the pending job (ve-core.c): true if it hangs, which
 * marks it hung (no status until it is aborted).
 */
bool ve_core_job_hangs(struct ve_core *s);

/*
 * Decoders (ve-dec.c): their trigger registers, W1C status registers and
 * interrupt bits; a decode job only completes, it decodes nothing.
 */
bool ve_dec_is_engine(enum ve_core_engine engine);
enum ve_core_action ve_dec_trigger(struct ve_core *s, uint32_t offset,
				   uint32_t value);
void ve_dec_clear_status(struct ve_core *s, uint32_t offset, uint32_t value);
void ve_dec_run_job(struct ve_core *s);
bool ve_dec_irq_level(const struct ve_core *s);

/*
 * Stream writer (ve-writer.c). Between ve_writer_begin() and
 * ve_writer_flush() (one put-bits operation or one job) bytes are staged
 * in s->wr; after an overflow every put is a no-op.
 */
void ve_writer_begin(struct ve_core *s);
void ve_writer_flush(struct ve_core *s);
void ve_writer_put(struct ve_core *s, uint32_t v, unsigned int n);
void ve_writer_put_byte(struct ve_core *s, uint8_t b);
void ve_writer_put_repeat(struct ve_core *s, unsigned int bit, uint64_t n);
void ve_writer_align(struct ve_core *s, unsigned int bit);
void ve_writer_ue(struct ve_core *s, uint32_t v);
void ve_writer_seek(struct ve_core *s, uint32_t bit_pos);

/*
 * CABAC ctxIdxOffset of the syntax elements the model codes (Table 9-34),
 * frame macroblocks only.
 */
#define CTX_MB_TYPE_I		3	/* 3..10 */
#define CTX_MB_SKIP_P		11	/* 11..13 */
#define CTX_MB_TYPE_P_PREFIX	14	/* 14..17 */
#define CTX_MB_TYPE_P_SUFFIX	17	/* 17..20 */
#define CTX_MVD_X		40	/* 40..46 */
#define CTX_MVD_Y		47	/* 47..53 */
#define CTX_MB_QP_DELTA		60	/* 60..63 */
#define CTX_INTRA_CHROMA_PRED	64	/* 64..67 */
#define CTX_CBP_LUMA		73	/* 73..76 */
#define CTX_CBP_CHROMA		77	/* 77..84 */
#define CTX_CODED_BLOCK_FLAG	85	/* 85..104 */
#define CTX_SIGNIFICANT		105	/* 105..165 */
#define CTX_LAST_SIGNIFICANT	166	/* 166..226 */
#define CTX_COEFF_ABS_LEVEL	227	/* 227..275 */
#define CTX_COUNT		276	/* adaptive contexts: 0..275 */

/* CABAC encoder state of one slice (ve-cabac.c); its bits go to s. */
struct ve_cabac {
	struct ve_core *s;
	uint32_t low;
	uint32_t range;
	bool first_bit;
	uint64_t outstanding;
	/*
	 * Bits PutBit resolved, the low `pending` bits of `bits`, not yet
	 * given to the writer: one writer call per 32 bits instead of per
	 * bit. EncodeTerminate (every macroblock, and before I_PCM samples)
	 * hands them over, so the writer is up to date wherever it is looked
	 * at (overflow, bit_len).
	 */
	uint64_t bits;
	unsigned int pending;
	uint8_t state[CTX_COUNT];	/* pStateIdx */
	uint8_t mps[CTX_COUNT];		/* valMPS */
};

void ve_cabac_init_contexts(struct ve_cabac *c, bool p_slice,
			    unsigned int idc, unsigned int qp);
void ve_cabac_init_engine(struct ve_cabac *c);
void ve_cabac_encode_decision(struct ve_cabac *c, unsigned int ctx,
			      unsigned int bin);
void ve_cabac_encode_bypass(struct ve_cabac *c, unsigned int bin);
void ve_cabac_encode_terminate(struct ve_cabac *c, unsigned int bin);

#endif /* VE_INTERNAL_H */
