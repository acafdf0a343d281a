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

#include <string.h>

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
void ve_writer_put_buf(struct ve_core *s, const uint8_t *p, uint64_t n);
void ve_writer_put_byte(struct ve_core *s, uint8_t b);
void ve_writer_put_repeat(struct ve_core *s, unsigned int bit, uint64_t n);
void ve_writer_align(struct ve_core *s, unsigned int bit);
void ve_writer_ue(struct ve_core *s, uint32_t v);
void ve_writer_seek(struct ve_core *s, uint32_t bit_pos);

/* x to p[0..7], most significant byte first, whatever the host's order. */
static inline void ve_store_be64(uint8_t *p, uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	x = __builtin_bswap64(x);
#elif !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
#error "unknown byte order"
#endif
	memcpy(p, &x, sizeof(x));
}

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
/*
 * Not a context of the standard: a state of ve_cabac's own whose bins
 * change nothing (ve_cabac_reg_step()), for bypass bins that follow no
 * decision in a list of bins.
 */
#define CTX_NONE		CTX_COUNT
#define STATE_NONE		128

/*
 * CABAC encoder state of one slice (ve-cabac.c); its bits go to s.
 *
 * The arithmetic coder is 9.3.4's, but it keeps the bits that leave the
 * 10-bit register in `low` above it instead of putting them one by one
 * (PutBit and its outstanding bits): a carry out of the register then
 * simply runs into them. Renormalisation becomes one shift. Once 32 such
 * bits are queued, they leave `low` as a word, final but for a carry yet
 * to come: the word before it waits in `prev`, and a run of 0xff bytes
 * (which a carry turns into 0x00) in `ff_run`, until a word that is not
 * all ones settles them. At the end of each macroblock the bytes queued
 * so far leave the same way one by one, so that the writer holds every
 * byte but the last few. The bits written are those of 9.3.4, bit for bit.
 */
struct ve_cabac_reg {
	uint64_t low;		/* codILow, with `queued` bits above it */
	uint32_t range;		/* codIRange */
	/*
	 * Bits queued above the register; -1 at the start, which drops the
	 * first bit out of it (9.3.4.2 PutBit: firstBitFlag). At most 31
	 * between bins, so that low has room for the bits of the next
	 * (10 + 31 + a carry + up to 22 more: 64).
	 */
	int queued;
};

struct ve_cabac {
	struct ve_core *s;
	/*
	 * The registers. The residual coder works on a copy in local
	 * variables (ve_cabac_reg_*()), which the compiler keeps in CPU
	 * registers: stores to ctx[] (bytes, which may alias anything)
	 * would otherwise make it reload them for every bin.
	 */
	struct ve_cabac_reg r;
	/* the bytes before the 0xff run, prev_bytes (0: none) of them */
	uint32_t prev;
	unsigned int prev_bytes;
	uint32_t ff_run;
	/*
	 * Settled bytes, the low `pending` bits of `bits`, not yet given to
	 * the writer: one writer call per 32 bits instead of per byte.
	 * EncodeTerminate (every macroblock, and before I_PCM samples)
	 * hands them over, so the writer lags behind by a few bytes at most
	 * (it is only looked at for its overflow, which stops the picture
	 * loop a little later, and at the end of the slice).
	 */
	uint64_t bits;
	unsigned int pending;
	/* pStateIdx << 1 | valMPS of every context; CTX_NONE: STATE_NONE */
	uint8_t ctx[CTX_COUNT + 1];
	/*
	 * A bin's row in the tables below is state << 1 | bin, 0..255, and
	 * 256 for STATE_NONE (whose bin is 0). What the row alone decides:
	 * whether the bin is the MPS, and the state after it (9.3.4.2:
	 * transIdxMPS, transIdxLPS, valMPS flipping on an LPS in state 0).
	 */
	struct ve_cabac_row {
		uint32_t mps;		/* all ones for an MPS, 0 for an LPS */
		uint8_t next;
	} rows[257];
	/*
	 * What the bin does (ve_cabac_reg_step()): step[row * 4 +
	 * (codIRange >> 6)], codIRange >> 6 being 4 + qCodIRangeIdx (the
	 * first four entries are not used), so that nothing but that shift
	 * stands between codIRange and the load.
	 */
	struct ve_cabac_step {
		/*
		 * MPS: codIRangeLPS; LPS: minus codIRangeLPS renormalised
		 * (32 bits: the entry is 8 bytes, an index scale of x86)
		 */
		int32_t sub;
		/* MPS: 256 + codIRangeLPS; LPS: 0 */
		uint16_t thr;
		uint8_t lps;		/* codIRangeLPS */
		uint8_t shift;		/* LPS: its renormalisation; MPS: 0 */
	} step[4 + 257 * 4];
};

void ve_cabac_init_contexts(struct ve_cabac *c, bool p_slice,
			    unsigned int idc, unsigned int qp);
void ve_cabac_init_engine(struct ve_cabac *c);
void ve_cabac_encode_terminate(struct ve_cabac *c, unsigned int bin);

/* rangeTabLPS (Table 9-44), ve-cabac.c */
extern const uint8_t ve_cabac_range_lps[64][4];

/*
 * The oldest 32 of the queued bits (queued >= 32) as a word of the stream
 * (ve-cabac.c); returns low without them.
 */
uint64_t ve_cabac_put_word(struct ve_cabac *c, uint64_t low, int queued);

static inline void ve_cabac_reg_queue(struct ve_cabac *c,
				      struct ve_cabac_reg *r)
{
	if (r->queued >= 32) {
		r->low = ve_cabac_put_word(c, r->low, r->queued);
		r->queued -= 32;
	}
}

/*
 * RenormE (9.3.4.3) in one step: codIRange doubled until it is >= 256,
 * low with it; the bits pushed out of the register queue above it.
 * clz(range) is 23 for 256..510.
 */
static inline void ve_cabac_reg_renorm(struct ve_cabac *c,
				       struct ve_cabac_reg *r)
{
	unsigned int shift = (unsigned int)__builtin_clz(r->range) - 23;

	r->range <<= shift;
	r->low <<= shift;
	r->queued += (int)shift;
	ve_cabac_reg_queue(c, r);
}

/*
 * 9.3.4.2 EncodeDecision of bin (0 or 1) with context ctx, with RenormE,
 * then 9.3.4.4 EncodeBypass of the n (0..16) bins of v, MSB first.
 *
 * The decision is the chain of dependencies that bounds the coder's
 * speed: codIRange of one bin selects the table entry of the next. So
 * the work between the two is kept to a shift, a load, a subtraction
 * (what it subtracts from is ANDed with a mask known in advance) and a
 * shift, and nothing in it branches on the bin (as good as random for
 * the significance map of noisy content):
 * - an MPS leaves codIRange - codIRangeLPS, doubled once if it is below
 *   256 (it is at least 128: the largest codIRangeLPS of each quarter of
 *   256..510 is below half of its smallest codIRange), which is the
 *   case when codIRange < 256 + codIRangeLPS;
 * - an LPS leaves codIRangeLPS renormalised, a constant of the table
 *   (0 - -it, the AND with 0 dropping codIRange), never doubled, and
 *   moves low up by the MPS's share, codIRange - codIRangeLPS.
 * low then takes the renormalisation's shift and the bypass bins
 * together: each of those doubles low and adds codIRange for a 1, so n
 * of them make low * 2^n + codIRange * v.
 */
static inline void ve_cabac_reg_step(struct ve_cabac *c,
				     struct ve_cabac_reg *r,
				     unsigned int ctx, unsigned int bin,
				     unsigned int n, uint32_t v)
{
	unsigned int state = c->ctx[ctx];
	unsigned int row = state << 1 | bin;
	const struct ve_cabac_step *e = &c->step[row * 4];
	uint32_t mps = c->rows[row].mps;
	uint32_t twice;
	uint32_t range;
	unsigned int shift;
	uint64_t low;

	/*
	 * The address of the row first, off the chain through codIRange
	 * (which adds to it no more than its shift): an empty asm that
	 * "changes" it keeps compilers from moving the row's part after
	 * the shift.
	 */
	__asm__("" : "+r"(e));
	e += r->range >> 6;
	/* r->range < e->thr, as a value rather than a flag (both < 2^31) */
	twice = (r->range - e->thr) >> 31;
	range = ((r->range & mps) - (uint32_t)e->sub) << twice;
	shift = e->shift + twice + n;
	low = r->low + ((r->range - e->lps) & ~mps);

	r->low = (low << shift) + (uint64_t)range * v;
	r->range = range;
	r->queued += (int)shift;
	c->ctx[ctx] = c->rows[row].next;
	ve_cabac_reg_queue(c, r);
}

/*
 * 9.3.4.4 EncodeBypass of the n (1..8) bins of v, MSB first: each doubles
 * low and adds codIRange for a 1, together low * 2^n + codIRange * v.
 */
static inline void ve_cabac_reg_bypass(struct ve_cabac *c,
				       struct ve_cabac_reg *r, uint32_t v,
				       unsigned int n)
{
	r->low = (r->low << n) + r->range * v;
	r->queued += (int)n;
	ve_cabac_reg_queue(c, r);
}

/* The decision alone on the registers in c, for the macroblock header. */
static inline void ve_cabac_encode_decision(struct ve_cabac *c,
					    unsigned int ctx,
					    unsigned int bin)
{
	ve_cabac_reg_step(c, &c->r, ctx, bin & 1, 0, 0);
}

static inline void ve_cabac_encode_bypass(struct ve_cabac *c,
					  unsigned int bin)
{
	ve_cabac_reg_bypass(c, &c->r, bin, 1);
}

#endif /* VE_INTERNAL_H */
