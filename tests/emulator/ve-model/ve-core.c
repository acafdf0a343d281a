// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Register-level model of the Allwinner VE H.264 encoder, model v1
 * (lossless: I_PCM and P_Skip macroblocks only). See ve-core.h for the
 * API, FACTS.md for what is assumed about the hardware without having been
 * measured on it.
 *
 * H.264 clause numbers refer to ITU-T H.264; the tables were checked
 * against the reference notes (h264-model-and-qemu.md section 1).
 */
#include "ve-core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REG(s, off)	((s)->regs[(off) / 4])

/* mb_type values (Tables 7-11, 7-13) */
#define MB_TYPE_I_PCM		25
#define MB_TYPE_P_INTRA_BASE	5

/* CABAC ctxIdx (Table 9-34) */
#define CTX_MB_TYPE_I		3	/* 3..10 */
#define CTX_MB_SKIP_P		11	/* 11..13 */
#define CTX_MB_TYPE_P_PREFIX	14	/* 14..17 */
#define CTX_MB_TYPE_P_SUFFIX	17	/* 17..20 */
#define CTX_COUNT		21	/* contexts the model uses: 0..20 */

static void ve_event(struct ve_core *s, enum ve_core_event ev,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ve_event(struct ve_core *s, enum ve_core_event ev,
		     const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!s->hooks || !s->hooks->event)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->hooks->event(s->opaque, ev, msg);
}

/* ------------------------------------------------------------------------
 * Byte writer with emulation prevention (7.3.1, 7.4.1)
 */

/* Bytes the writer may put at STM_START + offset for offset < limit. */
static uint64_t ve_writer_limit(const struct ve_core *s)
{
	uint32_t start = REG(s, VE_ENC_AVC_STM_START_ADDR_REG);
	uint32_t end = REG(s, VE_ENC_AVC_STM_END_ADDR_REG);
	uint64_t limit;

	if (end < start)
		return 0;
	limit = (uint64_t)end - start + 1;	/* STM_END is inclusive */
	if (REG(s, VE_ENC_AVC_STM_BIT_MAX_REG) / 8 < limit)
		limit = REG(s, VE_ENC_AVC_STM_BIT_MAX_REG) / 8;
	if (s->stream_limit && s->stream_limit < limit)
		limit = s->stream_limit;
	return limit;
}

/* Prepare for one put-bits operation or one job. */
static void ve_writer_begin(struct ve_core *s)
{
	struct ve_core_writer *w = &s->wr;

	w->ep = !(REG(s, VE_ENC_AVC_PARA0_REG) & VE_ENC_AVC_PARA0_EPTB_DIS);
	w->limit = ve_writer_limit(s);
	w->buf_off = w->bit_len / 8;
	w->buf_len = 0;
}

static void ve_writer_stop(struct ve_core *s)
{
	struct ve_core_writer *w = &s->wr;

	w->overflow = true;
	w->bit_len = (w->buf_off + w->buf_len) * 8;
	w->acc = 0;
	w->acc_bits = 0;
}

/* Copy the staged bytes to memory. */
static void ve_writer_flush(struct ve_core *s)
{
	struct ve_core_writer *w = &s->wr;
	uint64_t addr = (uint64_t)REG(s, VE_ENC_AVC_STM_START_ADDR_REG) +
			w->buf_off;

	if (!w->buf_len)
		return;
	if (s->dma->write(s->opaque, addr, w->buf, w->buf_len)) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "bus error writing %u stream bytes at 0x%llx",
			 w->buf_len, (unsigned long long)addr);
		w->buf_len = 0;
		ve_writer_stop(s);
		return;
	}
	w->buf_off += w->buf_len;
	w->buf_len = 0;
}

/* Append one byte as is; false once the stream buffer is full. */
static bool ve_writer_raw_byte(struct ve_core *s, uint8_t b)
{
	struct ve_core_writer *w = &s->wr;

	if (w->overflow)
		return false;
	if (w->buf_off + w->buf_len >= w->limit) {
		ve_writer_stop(s);
		return false;
	}
	w->buf[w->buf_len++] = b;
	if (w->buf_len == sizeof(w->buf))
		ve_writer_flush(s);
	return true;
}

/*
 * Append a completed byte. With EP on, a byte <= 0x03 after two 0x00 bytes
 * gets an emulation_prevention_three_byte in front of it. Every byte counts
 * in the zero run, also those written with EP off. The bits of b are already
 * in bit_len; an inserted 0x03 adds 8 more.
 */
static void ve_writer_byte(struct ve_core *s, uint8_t b)
{
	struct ve_core_writer *w = &s->wr;

	if (w->ep && w->zero_run >= 2 && b <= 0x03) {
		if (!ve_writer_raw_byte(s, 0x03))
			return;
		w->bit_len += 8;
		w->zero_run = 0;
	}
	if (!ve_writer_raw_byte(s, b))
		return;
	w->zero_run = b ? 0 : w->zero_run + 1;
}

/* Append a whole byte at a byte-aligned position. */
static void ve_writer_put_byte(struct ve_core *s, uint8_t b)
{
	if (s->wr.overflow)
		return;
	s->wr.bit_len += 8;
	ve_writer_byte(s, b);
}

/* Append the low n bits (1..32) of v, MSB first. */
static void ve_writer_put(struct ve_core *s, uint32_t v, unsigned int n)
{
	struct ve_core_writer *w = &s->wr;

	while (n && !w->overflow) {
		unsigned int take = 8 - w->acc_bits;
		uint32_t bits;

		if (take > n)
			take = n;
		bits = (uint32_t)((uint64_t)v >> (n - take)) & ((1u << take) - 1);
		w->acc = (w->acc << take) | bits;
		w->acc_bits += take;
		w->bit_len += take;
		n -= take;
		if (w->acc_bits == 8) {
			uint8_t b = (uint8_t)w->acc;

			w->acc = 0;
			w->acc_bits = 0;
			ve_writer_byte(s, b);
		}
	}
}

/* n times the same bit value. */
static void ve_writer_put_repeat(struct ve_core *s, unsigned int bit,
				 uint64_t n)
{
	while (n) {
		unsigned int chunk = n > 32 ? 32 : (unsigned int)n;

		ve_writer_put(s, bit ? 0xffffffffu : 0, chunk);
		n -= chunk;
	}
}

/* Pad the partial byte with copies of bit. */
static void ve_writer_align(struct ve_core *s, unsigned int bit)
{
	if (s->wr.acc_bits)
		ve_writer_put_repeat(s, bit, 8 - s->wr.acc_bits);
}

/* ue(v), 9.1: v + 1 in 2 * floor(log2(v + 1)) + 1 bits. */
static void ve_writer_ue(struct ve_core *s, uint32_t v)
{
	uint64_t code = (uint64_t)v + 1;
	unsigned int len = 64u - (unsigned int)__builtin_clzll(code);

	if (len > 1)
		ve_writer_put(s, 0, len - 1);
	ve_writer_put(s, (uint32_t)(code >> 32), len > 32 ? len - 32 : 0);
	ve_writer_put(s, (uint32_t)code, len > 32 ? 32 : len);
}

/*
 * STM_BIT_LEN write: move the write position. The partial byte at a
 * position that is not byte aligned is read back from memory. The zero run
 * restarts at 0 (for a nonzero position this is a model choice).
 */
static void ve_writer_seek(struct ve_core *s, uint32_t bit_pos)
{
	struct ve_core_writer *w = &s->wr;
	uint8_t b = 0;

	memset(w, 0, sizeof(*w));
	w->bit_len = bit_pos;
	w->acc_bits = bit_pos % 8;
	/* only inside the stream buffer; elsewhere the bits read as 0 */
	if (w->acc_bits && bit_pos / 8 < ve_writer_limit(s)) {
		uint64_t addr = (uint64_t)REG(s, VE_ENC_AVC_STM_START_ADDR_REG) +
				bit_pos / 8;

		if (s->dma->read(s->opaque, addr, &b, 1))
			ve_event(s, VE_CORE_EV_GUEST_ERROR,
				 "bus error reading stream byte at 0x%llx",
				 (unsigned long long)addr);
		w->acc = b >> (8 - w->acc_bits);
	}
}

/* ------------------------------------------------------------------------
 * CABAC encoder (9.3.1 initialisation, 9.3.4 arithmetic encoding)
 */

/* rangeTabLPS[pStateIdx][qCodIRangeIdx], Table 9-44 */
static const uint8_t cabac_range_lps[64][4] = {
	{ 128, 176, 208, 240 }, { 128, 167, 197, 227 }, { 128, 158, 187, 216 },
	{ 123, 150, 178, 205 }, { 116, 142, 169, 195 }, { 111, 135, 160, 185 },
	{ 105, 128, 152, 175 }, { 100, 122, 144, 166 }, { 95, 116, 137, 158 },
	{ 90, 110, 130, 150 }, { 85, 104, 123, 142 }, { 81, 99, 117, 135 },
	{ 77, 94, 111, 128 }, { 73, 89, 105, 122 }, { 69, 85, 100, 116 },
	{ 66, 80, 95, 110 }, { 62, 76, 90, 104 }, { 59, 72, 86, 99 },
	{ 56, 69, 81, 94 }, { 53, 65, 77, 89 }, { 51, 62, 73, 85 },
	{ 48, 59, 69, 80 }, { 46, 56, 66, 76 }, { 43, 53, 63, 72 },
	{ 41, 50, 59, 69 }, { 39, 48, 56, 65 }, { 37, 45, 54, 62 },
	{ 35, 43, 51, 59 }, { 33, 41, 48, 56 }, { 32, 39, 46, 53 },
	{ 30, 37, 43, 50 }, { 29, 35, 41, 48 }, { 27, 33, 39, 45 },
	{ 26, 31, 37, 43 }, { 24, 30, 35, 41 }, { 23, 28, 33, 39 },
	{ 22, 27, 32, 37 }, { 21, 26, 30, 35 }, { 20, 24, 29, 33 },
	{ 19, 23, 27, 31 }, { 18, 22, 26, 30 }, { 17, 21, 25, 28 },
	{ 16, 20, 23, 27 }, { 15, 19, 22, 25 }, { 14, 18, 21, 24 },
	{ 14, 17, 20, 23 }, { 13, 16, 19, 22 }, { 12, 15, 18, 21 },
	{ 12, 14, 17, 20 }, { 11, 14, 16, 19 }, { 11, 13, 15, 18 },
	{ 10, 12, 15, 17 }, { 10, 12, 14, 16 }, { 9, 11, 13, 15 },
	{ 9, 11, 12, 14 }, { 8, 10, 12, 14 }, { 8, 9, 11, 13 },
	{ 7, 9, 11, 12 }, { 7, 9, 10, 12 }, { 7, 8, 10, 11 },
	{ 6, 8, 9, 11 }, { 6, 7, 9, 10 }, { 6, 7, 8, 9 },
	{ 2, 2, 2, 2 },
};

/* transIdxLPS, Table 9-45 (transIdxMPS is min(p + 1, 62), 63 stays) */
static const uint8_t cabac_trans_lps[64] = {
	0, 0, 1, 2, 2, 4, 4, 5, 6, 7, 8, 9, 9, 11, 11, 12,
	13, 13, 15, 15, 16, 16, 18, 18, 19, 19, 21, 21, 22, 22, 23, 24,
	24, 25, 26, 26, 27, 27, 28, 29, 29, 30, 30, 30, 31, 32, 32, 33,
	33, 33, 34, 34, 35, 35, 35, 36, 36, 36, 37, 37, 37, 38, 38, 63,
};

struct cabac_init_mn {
	int8_t m;
	int16_t n;
};

/* (m, n) for ctxIdx 0..10: the same for I slices and every cabac_init_idc */
static const struct cabac_init_mn cabac_init_0_10[11] = {
	{ 20, -15 }, { 2, 54 }, { 3, 74 }, { 20, -15 }, { 2, 54 }, { 3, 74 },
	{ -28, 127 }, { -23, 104 }, { -6, 53 }, { -1, 54 }, { 7, 51 },
};

/* (m, n) for ctxIdx 11..20 of P slices, per cabac_init_idc (Table 9-13) */
static const struct cabac_init_mn cabac_init_11_20[3][10] = {
	{ { 23, 33 }, { 23, 2 }, { 21, 0 }, { 1, 9 }, { 0, 49 },
	  { -37, 118 }, { 5, 57 }, { -13, 78 }, { -11, 65 }, { 1, 62 } },
	{ { 22, 25 }, { 34, 0 }, { 16, 0 }, { -2, 9 }, { 4, 41 },
	  { -29, 118 }, { 2, 65 }, { -6, 71 }, { -13, 79 }, { 5, 52 } },
	{ { 29, 16 }, { 25, 0 }, { 14, 0 }, { -10, 51 }, { -3, 62 },
	  { -27, 99 }, { 26, 16 }, { -4, 85 }, { -24, 102 }, { 5, 57 } },
};

struct cabac {
	struct ve_core *s;
	uint32_t low;
	uint32_t range;
	bool first_bit;
	uint64_t outstanding;
	uint8_t state[CTX_COUNT];	/* pStateIdx */
	uint8_t mps[CTX_COUNT];		/* valMPS */
};

static int clip3(int lo, int hi, int v)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* 9.3.1.1: context variables from SliceQPY and cabac_init_idc. */
static void cabac_init_contexts(struct cabac *c, bool p_slice,
				unsigned int idc, unsigned int qp)
{
	int q = clip3(0, 51, (int)qp);

	for (int i = 0; i < CTX_COUNT; i++) {
		struct cabac_init_mn mn;
		int pre;

		if (i <= 10)
			mn = cabac_init_0_10[i];
		else if (p_slice)
			mn = cabac_init_11_20[idc][i - 11];
		else
			mn = (struct cabac_init_mn){ 0, 64 };	/* unused */
		pre = clip3(1, 126, ((mn.m * q) >> 4) + mn.n);
		if (pre <= 63) {
			c->state[i] = (uint8_t)(63 - pre);
			c->mps[i] = 0;
		} else {
			c->state[i] = (uint8_t)(pre - 64);
			c->mps[i] = 1;
		}
	}
}

/* 9.3.4.1 InitEncoder */
static void cabac_init_engine(struct cabac *c)
{
	c->low = 0;
	c->range = 510;
	c->first_bit = true;
	c->outstanding = 0;
}

/* 9.3.4.2 PutBit */
static void cabac_put_bit(struct cabac *c, unsigned int b)
{
	if (c->first_bit)
		c->first_bit = false;
	else
		ve_writer_put(c->s, b, 1);
	ve_writer_put_repeat(c->s, !b, c->outstanding);
	c->outstanding = 0;
}

/* 9.3.4.3 RenormE */
static void cabac_renorm(struct cabac *c)
{
	while (c->range < 256) {
		if (c->low < 256) {
			cabac_put_bit(c, 0);
		} else if (c->low >= 512) {
			c->low -= 512;
			cabac_put_bit(c, 1);
		} else {
			c->low -= 256;
			c->outstanding++;
		}
		c->range <<= 1;
		c->low <<= 1;
	}
}

/* 9.3.4.2 EncodeDecision */
static void cabac_encode_decision(struct cabac *c, unsigned int ctx,
				  unsigned int bin)
{
	unsigned int p = c->state[ctx];
	uint32_t lps = cabac_range_lps[p][(c->range >> 6) & 3];

	c->range -= lps;
	if (bin != c->mps[ctx]) {
		c->low += c->range;
		c->range = lps;
		if (p == 0)
			c->mps[ctx] = !c->mps[ctx];
		c->state[ctx] = cabac_trans_lps[p];
	} else if (p < 62) {
		c->state[ctx] = (uint8_t)(p + 1);
	}
	cabac_renorm(c);
}

/* 9.3.4.5 EncodeFlush; its last bit written is always 1. */
static void cabac_flush(struct cabac *c)
{
	c->range = 2;
	cabac_renorm(c);
	cabac_put_bit(c, (c->low >> 9) & 1);
	ve_writer_put(c->s, ((c->low >> 7) & 3) | 1, 2);
}

/* 9.3.4.5 EncodeTerminate (ctxIdx 276) */
static void cabac_encode_terminate(struct cabac *c, unsigned int bin)
{
	c->range -= 2;
	if (bin) {
		c->low += c->range;
		cabac_flush(c);
	} else {
		cabac_renorm(c);
	}
}

/* ------------------------------------------------------------------------
 * Encode job
 */

struct ve_job {
	struct ve_core *s;
	unsigned int width_mbs, height_mbs;
	uint32_t src_y, src_c, src_stride;
	uint32_t ref_y, ref_c, rec_y, rec_c, rec_stride;
	bool p_slice, cabac;
	unsigned int cabac_init_idc, qp;
	bool failed;

	/* one MB row (16 luma rows, 8 chroma rows) of each picture */
	uint8_t *src_rows_y, *src_rows_c, *ref_rows_y, *ref_rows_c;
	uint8_t *skipped_above;	/* per MB column: the MB above was skipped */
	struct cabac cabac_enc;
	uint32_t skip_run;	/* CAVLC mb_skip_run */
};

static void ve_job_fail(struct ve_job *j, enum ve_core_event ev,
			const char *what, uint64_t addr)
{
	ve_event(j->s, ev, "%s at 0x%llx", what, (unsigned long long)addr);
	j->failed = true;
}

/* Read `rows` rows of `len` bytes at addr + r * stride into dst (packed). */
static void ve_job_read_rows(struct ve_job *j, uint8_t *dst, uint64_t addr,
			     uint32_t stride, unsigned int rows, uint32_t len)
{
	struct ve_core *s = j->s;

	for (unsigned int r = 0; r < rows && !j->failed; r++)
		if (s->dma->read(s->opaque, addr + (uint64_t)r * stride,
				 dst + (size_t)r * len, len))
			ve_job_fail(j, VE_CORE_EV_GUEST_ERROR,
				    "bus error reading picture",
				    addr + (uint64_t)r * stride);
}

static void ve_job_write_rows(struct ve_job *j, const uint8_t *src,
			      uint64_t addr, uint32_t stride,
			      unsigned int rows, uint32_t len)
{
	struct ve_core *s = j->s;

	for (unsigned int r = 0; r < rows && !j->failed; r++)
		if (s->dma->write(s->opaque, addr + (uint64_t)r * stride,
				  src + (size_t)r * len, len))
			ve_job_fail(j, VE_CORE_EV_GUEST_ERROR,
				    "bus error writing reconstruction",
				    addr + (uint64_t)r * stride);
}

/* Is MB column mbx of the current row identical in source and REF0? */
static bool ve_job_mb_unchanged(const struct ve_job *j, unsigned int mbx)
{
	size_t row_len = (size_t)j->width_mbs * 16;
	size_t x = (size_t)mbx * 16;

	for (unsigned int r = 0; r < 16; r++)
		if (memcmp(j->src_rows_y + r * row_len + x,
			   j->ref_rows_y + r * row_len + x, 16))
			return false;
	for (unsigned int r = 0; r < 8; r++)
		if (memcmp(j->src_rows_c + r * row_len + x,
			   j->ref_rows_c + r * row_len + x, 16))
			return false;
	return true;
}

/* pcm_sample_luma in raster order, then Cb 8x8, then Cr 8x8 (7.3.5). */
static void ve_job_put_pcm_samples(struct ve_job *j, unsigned int mbx)
{
	struct ve_core *s = j->s;
	size_t row_len = (size_t)j->width_mbs * 16;
	size_t x = (size_t)mbx * 16;

	for (unsigned int r = 0; r < 16; r++) {
		const uint8_t *p = j->src_rows_y + r * row_len + x;

		for (unsigned int i = 0; i < 16; i++)
			ve_writer_put_byte(s, p[i]);
	}
	for (unsigned int plane = 0; plane < 2; plane++) {
		for (unsigned int r = 0; r < 8; r++) {
			const uint8_t *p = j->src_rows_c + r * row_len + x +
					   plane;

			for (unsigned int i = 0; i < 16; i += 2)
				ve_writer_put_byte(s, p[i]);
		}
	}
}

/* One MB in CAVLC: mb_skip_run before each coded MB of a P slice. */
static void ve_job_mb_cavlc(struct ve_job *j, unsigned int mbx, bool skip)
{
	struct ve_core *s = j->s;

	if (skip) {
		j->skip_run++;
		return;
	}
	if (j->p_slice) {
		ve_writer_ue(s, j->skip_run);
		j->skip_run = 0;
		ve_writer_ue(s, MB_TYPE_P_INTRA_BASE + MB_TYPE_I_PCM);
	} else {
		ve_writer_ue(s, MB_TYPE_I_PCM);
	}
	ve_writer_align(s, 0);	/* pcm_alignment_zero_bit */
	ve_job_put_pcm_samples(j, mbx);
}

/*
 * One MB in CABAC (9.3.3.1.1.1 for the neighbour-dependent ctxIdxInc): in a
 * single slice, A (left) and B (above) are available when inside the picture.
 * mb_skip_flag counts available, non-skipped neighbours; the I-slice mb_type
 * bin 0 counts available neighbours that are not I_NxN, i.e. all of them.
 */
static void ve_job_mb_cabac(struct ve_job *j, unsigned int mbx,
			    unsigned int mby, bool skip, bool left_skipped,
			    bool last)
{
	struct cabac *c = &j->cabac_enc;
	bool has_a = mbx > 0, has_b = mby > 0;

	if (j->p_slice) {
		unsigned int inc = (unsigned int)(has_a && !left_skipped) +
				   (unsigned int)(has_b && !j->skipped_above[mbx]);

		cabac_encode_decision(c, CTX_MB_SKIP_P + inc, skip);
	}
	if (!skip) {
		if (j->p_slice) {
			/* prefix "1" = intra, suffix b0 "1" = not I_NxN */
			cabac_encode_decision(c, CTX_MB_TYPE_P_PREFIX, 1);
			cabac_encode_decision(c, CTX_MB_TYPE_P_SUFFIX, 1);
		} else {
			cabac_encode_decision(c, CTX_MB_TYPE_I +
					      (unsigned int)has_a +
					      (unsigned int)has_b, 1);
		}
		/* bin "is I_PCM" is a terminate bin, flushing the coder */
		cabac_encode_terminate(c, 1);
		ve_writer_align(j->s, 0);	/* pcm_alignment_zero_bit */
		ve_job_put_pcm_samples(j, mbx);
		cabac_init_engine(c);
	}
	cabac_encode_terminate(c, last);	/* end_of_slice_flag */
}

static void ve_job_encode(struct ve_job *j)
{
	struct ve_core *s = j->s;
	uint32_t row_len = j->width_mbs * 16;
	unsigned int mb_count = j->width_mbs * j->height_mbs;
	unsigned int mb_index = 0;

	j->cabac_enc.s = s;
	if (j->cabac) {
		ve_writer_align(s, 1);	/* cabac_alignment_one_bit */
		cabac_init_contexts(&j->cabac_enc, j->p_slice,
				    j->cabac_init_idc, j->qp);
		cabac_init_engine(&j->cabac_enc);
	}

	for (unsigned int mby = 0; mby < j->height_mbs; mby++) {
		uint64_t y_off = (uint64_t)mby * 16;
		bool left_skipped = false;

		ve_job_read_rows(j, j->src_rows_y,
				 j->src_y + y_off * j->src_stride,
				 j->src_stride, 16, row_len);
		ve_job_read_rows(j, j->src_rows_c,
				 j->src_c + y_off / 2 * j->src_stride,
				 j->src_stride, 8, row_len);
		if (j->p_slice) {
			ve_job_read_rows(j, j->ref_rows_y,
					 j->ref_y + y_off * j->rec_stride,
					 j->rec_stride, 16, row_len);
			ve_job_read_rows(j, j->ref_rows_c,
					 j->ref_c + y_off / 2 * j->rec_stride,
					 j->rec_stride, 8, row_len);
		}
		if (j->failed)
			return;

		for (unsigned int mbx = 0; mbx < j->width_mbs; mbx++) {
			bool skip = j->p_slice && ve_job_mb_unchanged(j, mbx);

			mb_index++;
			if (j->cabac)
				ve_job_mb_cabac(j, mbx, mby, skip, left_skipped,
						mb_index == mb_count);
			else
				ve_job_mb_cavlc(j, mbx, skip);
			left_skipped = skip;
			j->skipped_above[mbx] = skip;
			if (s->wr.overflow)
				return;
		}

		/* the reconstruction of a lossless picture is the source */
		ve_job_write_rows(j, j->src_rows_y,
				  j->rec_y + y_off * j->rec_stride,
				  j->rec_stride, 16, row_len);
		ve_job_write_rows(j, j->src_rows_c,
				  j->rec_c + y_off / 2 * j->rec_stride,
				  j->rec_stride, 8, row_len);
		if (j->failed)
			return;
	}

	if (j->cabac) {
		/* the flush of end_of_slice_flag wrote rbsp_stop_one_bit */
		ve_writer_align(s, 0);
	} else {
		if (j->skip_run)
			ve_writer_ue(s, j->skip_run);
		ve_writer_put(s, 1, 1);	/* rbsp_stop_one_bit */
		ve_writer_align(s, 0);
	}
}

/* Read the job parameters; false (with an event) if the model can't run it. */
static bool ve_job_setup(struct ve_core *s, struct ve_job *j)
{
	uint32_t pic_info = REG(s, VE_ISP_PIC_INFO_REG);
	uint32_t para0 = REG(s, VE_ENC_AVC_PARA0_REG);
	unsigned int format = VE_FIELD_GET(VE_ISP_CTRL_FORMAT_MODEL,
					   REG(s, VE_ISP_CTRL_REG));
	uint32_t slice_type = para0 & VE_ENC_AVC_PARA0_SLICE_TYPE;
	unsigned int stride_mbs =
		VE_FIELD_GET(VE_ISP_PIC_STRIDE0_INPUT_STRIDE_MBS,
			     REG(s, VE_ISP_PIC_STRIDE0_REG));

	memset(j, 0, sizeof(*j));
	j->s = s;
	j->width_mbs = VE_FIELD_GET(VE_ISP_PIC_INFO_WIDTH_MBS, pic_info);
	j->height_mbs = VE_FIELD_GET(VE_ISP_PIC_INFO_HEIGHT_MBS, pic_info);
	j->src_y = REG(s, VE_ISP_INPUT_LUMA_REG);
	j->src_c = REG(s, VE_ISP_INPUT_CHROMA0_REG);
	j->src_stride = stride_mbs * 16;
	j->ref_y = REG(s, VE_ENC_AVC_REF0_ADDR_Y_REG);
	j->ref_c = REG(s, VE_ENC_AVC_REF0_ADDR_C_REG);
	j->rec_y = REG(s, VE_ENC_AVC_REC_ADDR_Y_REG);
	j->rec_c = REG(s, VE_ENC_AVC_REC_ADDR_C_REG);
	j->rec_stride = (j->width_mbs + 1) / 2 * 2 * 16;
	j->p_slice = slice_type == VE_ENC_AVC_PARA0_SLICE_TYPE_P;
	j->cabac = para0 & VE_ENC_AVC_PARA0_ENTROPY_CODING_CABAC;
	/* The driver writes cabac_init_idc into FIX_MODE_NUM. */
	j->cabac_init_idc = VE_FIELD_GET(VE_ENC_AVC_PARA0_FIX_MODE_NUM, para0);
	j->qp = VE_FIELD_GET(VE_ENC_AVC_PARA1_FIXED_QP,
			     REG(s, VE_ENC_AVC_PARA1_REG));

	if (!j->width_mbs || !j->height_mbs) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "picture size is zero");
		return false;
	}
	if (stride_mbs < j->width_mbs) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "input stride %u MBs < width %u MBs",
			 stride_mbs, j->width_mbs);
		return false;
	}
	if (format != VE_FIELD_GET(VE_ISP_CTRL_FORMAT_MODEL,
				   VE_ISP_CTRL_FORMAT_YUV420SP)) {
		ve_event(s, VE_CORE_EV_UNIMP, "input format %u (only NV12)",
			 format);
		return false;
	}
	if (slice_type != VE_ENC_AVC_PARA0_SLICE_TYPE_I && !j->p_slice) {
		ve_event(s, VE_CORE_EV_UNIMP, "slice type %u (only I, P)",
			 VE_FIELD_GET(VE_ENC_AVC_PARA0_SLICE_TYPE, para0));
		return false;
	}
	if (j->cabac && j->p_slice && j->cabac_init_idc > 2) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "cabac_init_idc %u > 2",
			 j->cabac_init_idc);
		return false;
	}
	if (j->qp > 51) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "QP %u > 51", j->qp);
		return false;
	}
	return true;
}

static void ve_job_set_status(struct ve_core *s, uint32_t bits)
{
	REG(s, VE_ENC_AVC_STATUS_REG) |= bits;
	s->job_pending = false;
}

void ve_core_run_job(struct ve_core *s)
{
	struct ve_job j;
	uint64_t header_bits = s->wr.bit_len;
	size_t row_bytes;
	bool ok;

	if (!s->job_pending || s->job_hung)
		return;
	if (s->fault == VE_CORE_FAULT_HANG ||
	    (s->fault == VE_CORE_FAULT_HANG_ONCE && !s->hang_once_spent)) {
		/* no status, no output: only a reset ends it */
		s->job_hung = true;
		return;
	}
	if (s->fault == VE_CORE_FAULT_ERROR) {
		ve_job_set_status(s, VE_ENC_AVC_STATUS_STALL);
		ve_event(s, VE_CORE_EV_JOB_DONE, "error (injected fault)");
		return;
	}
	if (!ve_job_setup(s, &j)) {
		ve_job_set_status(s, VE_ENC_AVC_STATUS_STALL);
		ve_event(s, VE_CORE_EV_JOB_DONE, "error (job rejected)");
		return;
	}
	ve_event(s, VE_CORE_EV_JOB,
		 "%ux%u MBs, %c slice, %s idc %u, QP %u, src 0x%x/0x%x stride %u, ref 0x%x/0x%x, rec 0x%x/0x%x, header %llu bits",
		 j.width_mbs, j.height_mbs, j.p_slice ? 'P' : 'I',
		 j.cabac ? "CABAC" : "CAVLC", j.cabac_init_idc, j.qp,
		 j.src_y, j.src_c, j.src_stride, j.ref_y, j.ref_c,
		 j.rec_y, j.rec_c, (unsigned long long)header_bits);

	row_bytes = (size_t)j.width_mbs * 16;
	j.src_rows_y = malloc(row_bytes * 16);
	j.src_rows_c = malloc(row_bytes * 8);
	j.ref_rows_y = malloc(row_bytes * 16);
	j.ref_rows_c = malloc(row_bytes * 8);
	j.skipped_above = calloc(j.width_mbs, 1);
	if (!j.src_rows_y || !j.src_rows_c || !j.ref_rows_y ||
	    !j.ref_rows_c || !j.skipped_above) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "out of host memory");
		j.failed = true;
	}

	ve_writer_begin(s);
	if (!j.failed)
		ve_job_encode(&j);
	ve_writer_flush(s);

	free(j.src_rows_y);
	free(j.src_rows_c);
	free(j.ref_rows_y);
	free(j.ref_rows_c);
	free(j.skipped_above);

	REG(s, VE_ENC_AVC_HEADER_BITS_REG) = (uint32_t)header_bits;
	REG(s, VE_ENC_AVC_RESIDUAL_BITS_REG) = (uint32_t)(s->wr.bit_len -
						      header_bits);
	ok = !j.failed && !s->wr.overflow;
	ve_job_set_status(s, ok ? VE_ENC_AVC_STATUS_FINISH :
				  VE_ENC_AVC_STATUS_STALL);
	ve_event(s, VE_CORE_EV_JOB_DONE, "%s, %llu bits total",
		 ok ? "finished" : s->wr.overflow ? "stream buffer full" :
		 "bus error", (unsigned long long)s->wr.bit_len);
}

/* ------------------------------------------------------------------------
 * Register interface
 */

static void ve_core_put_bits(struct ve_core *s, uint32_t trig)
{
	unsigned int n = VE_FIELD_GET(VE_ENC_AVC_STARTTRIG_NUM_BITS, trig);

	if (s->wr.overflow) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "put-bits after the stream buffer filled up");
		REG(s, VE_ENC_AVC_STATUS_REG) |= VE_ENC_AVC_STATUS_STALL;
		return;
	}
	if (n > 32) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "put-bits of %u bits (at most 32)", n);
		return;
	}
	ve_writer_begin(s);
	ve_writer_put(s, REG(s, VE_ENC_AVC_PUTBITSDATA_REG), n ? n : 32);
	ve_writer_flush(s);
	if (s->wr.overflow) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "put-bits past the end of the stream buffer");
		REG(s, VE_ENC_AVC_STATUS_REG) |= VE_ENC_AVC_STATUS_STALL;
	}
}

static enum ve_core_action ve_core_trigger(struct ve_core *s, uint32_t trig)
{
	uint32_t type = trig & VE_ENC_AVC_STARTTRIG_TYPE;
	uint32_t mode = REG(s, VE_MODE_REG);

	if (type == 0)
		return VE_CORE_ACTION_NONE;	/* drivers clear it first */
	if (s->job_pending) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "trigger 0x%x while an encode is running", trig);
		return VE_CORE_ACTION_NONE;
	}
	switch (type) {
	case VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS:
		ve_core_put_bits(s, trig);
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STARTTRIG_TYPE_ENC_START:
		if (!(mode & VE_MODE_ENC_ENABLE) &&
		    (mode & VE_MODE_ENGINE) != VE_MODE_ENGINE_AVC_ENC) {
			ve_event(s, VE_CORE_EV_GUEST_ERROR,
				 "encode start with VE_MODE 0x%08x: encoder not selected",
				 mode);
			return VE_CORE_ACTION_NONE;
		}
		if ((trig & VE_ENC_AVC_STARTTRIG_ENCODE_MODE) !=
		    VE_ENC_AVC_STARTTRIG_ENCODE_MODE_H264) {
			ve_event(s, VE_CORE_EV_UNIMP,
				 "encode mode %u (only H.264)",
				 VE_FIELD_GET(VE_ENC_AVC_STARTTRIG_ENCODE_MODE,
					      trig));
			REG(s, VE_ENC_AVC_STATUS_REG) |= VE_ENC_AVC_STATUS_STALL;
			return VE_CORE_ACTION_NONE;
		}
		s->job_pending = true;
		return VE_CORE_ACTION_START_JOB;
	default:
		ve_event(s, VE_CORE_EV_UNIMP, "trigger type %u", type);
		return VE_CORE_ACTION_NONE;
	}
}

void ve_core_init(struct ve_core *s, uint32_t version,
		  const struct ve_core_dma_ops *dma,
		  const struct ve_core_hooks *hooks, void *opaque)
{
	memset(s, 0, sizeof(*s));
	s->version = version;
	s->dma = dma;
	s->hooks = hooks;
	s->opaque = opaque;
	ve_core_reset(s);
}

/* End the pending encode without status; a reset hang-once fault is spent. */
static void ve_core_abort_job(struct ve_core *s)
{
	if (s->job_hung && s->fault == VE_CORE_FAULT_HANG_ONCE)
		s->hang_once_spent = true;
	s->job_hung = false;
	s->job_pending = false;
}

void ve_core_reset(struct ve_core *s)
{
	memset(s->regs, 0, sizeof(s->regs));
	memset(&s->wr, 0, sizeof(s->wr));
	ve_core_abort_job(s);
}

uint32_t ve_core_read(struct ve_core *s, uint32_t offset)
{
	uint32_t idle = s->job_pending ? 0 : ~0u;

	if (offset >= VE_CORE_MMIO_SIZE || offset % 4) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "bad read offset 0x%x",
			 offset);
		return 0;
	}
	switch (offset) {
	case VE_VERSION_REG:
		return s->version;
	case VE_RESET_REG:
		return REG(s, offset) | (idle & (VE_RESET_SYNC_IDLE |
						 VE_RESET_CACHE_SYNC_IDLE));
	case VE_ENC_AVC_STATUS_REG:
		return REG(s, offset) |
		       (idle & VE_ENC_AVC_STATUS_PUT_BITS_READY);
	case VE_ENC_AVC_STM_BIT_LEN_REG:
		return (uint32_t)s->wr.bit_len;
	default:
		return REG(s, offset);
	}
}

enum ve_core_action ve_core_write(struct ve_core *s, uint32_t offset,
				  uint32_t value)
{
	if (offset >= VE_CORE_MMIO_SIZE || offset % 4) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "bad write offset 0x%x",
			 offset);
		return VE_CORE_ACTION_NONE;
	}
	switch (offset) {
	case VE_VERSION_REG:
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "write to VE_VERSION");
		return VE_CORE_ACTION_NONE;
	case VE_RESET_REG:
		/* the idle bits are read-only */
		value &= ~(VE_RESET_SYNC_IDLE | VE_RESET_CACHE_SYNC_IDLE);
		if ((value & VE_RESET_ENCODER) && s->job_pending) {
			/* the only way out of a hung encode */
			ve_core_abort_job(s);
			ve_event(s, VE_CORE_EV_JOB_DONE,
				 "aborted by encoder reset");
		}
		REG(s, offset) = value;
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STATUS_REG:
		REG(s, offset) &= ~(value & VE_ENC_AVC_STATUS_INT_MASK);
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STM_BIT_LEN_REG:
		if (s->job_pending) {
			ve_event(s, VE_CORE_EV_GUEST_ERROR,
				 "STM_BIT_LEN write while encoding");
			return VE_CORE_ACTION_NONE;
		}
		ve_writer_seek(s, value);
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STM_BIT_OFFSET_REG:
		if (value)
			ve_event(s, VE_CORE_EV_UNIMP,
				 "STM_BIT_OFFSET %u (only 0)", value);
		REG(s, offset) = value;
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STARTTRIG_REG:
		REG(s, offset) = value;
		return ve_core_trigger(s, value);
	default:
		REG(s, offset) = value;
		return VE_CORE_ACTION_NONE;
	}
}

bool ve_core_irq_level(const struct ve_core *s)
{
	return (REG(s, VE_ENC_AVC_STATUS_REG) & REG(s, VE_ENC_AVC_INT_EN_REG) &
		VE_ENC_AVC_STATUS_INT_MASK) != 0;
}
