// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Slice data parser for the model tests (see test-slice.h). Syntax from
 * H.264 7.3.3 (slice header, the fields drv_write_slice_header() writes),
 * 7.3.4 (slice data), 7.3.5 (I_PCM); the CABAC part is the decoding side of
 * 9.3.1.2 and 9.3.3.2 with the tables of the reference notes
 * (h264-model-and-qemu.md 1.4), only for the elements an I_PCM/P_Skip
 * picture uses. Any other syntax (a different mb_type, a missing stop bit,
 * trailing garbage) fails the test.
 */
#include "test-slice.h"

#include <stdlib.h>
#include <string.h>

#include "harness.h"

void coded_pic_alloc(struct coded_pic *p, const struct enc_cfg *c)
{
	p->width_mbs = cfg_width_mbs(c);
	p->height_mbs = cfg_height_mbs(c);
	p->data = malloc((size_t)p->width_mbs * 16 * p->height_mbs * 24);
	CHECK(p->data);
}

void coded_pic_free(struct coded_pic *p)
{
	free(p->data);
	p->data = NULL;
}

static size_t coded_pic_row(const struct coded_pic *p)
{
	return (size_t)p->width_mbs * 16;
}

static const uint8_t *coded_pic_luma(const struct coded_pic *p,
				     unsigned int mbx, unsigned int mby,
				     unsigned int r)
{
	return p->data + ((size_t)mby * 16 + r) * coded_pic_row(p) + mbx * 16;
}

/* Row r (0..7) of the interleaved CbCr of MB (mbx, mby): 16 bytes. */
static const uint8_t *coded_pic_chroma(const struct coded_pic *p,
				       unsigned int mbx, unsigned int mby,
				       unsigned int r)
{
	size_t luma_size = coded_pic_row(p) * p->height_mbs * 16;

	return p->data + luma_size +
	       ((size_t)mby * 8 + r) * coded_pic_row(p) + mbx * 16;
}

void coded_pic_capture(struct coded_pic *p, const uint8_t *mem,
		       const struct enc_bufs *b)
{
	size_t row = coded_pic_row(p), rows = (size_t)p->height_mbs * 16;
	uint8_t *dst = p->data;

	for (size_t y = 0; y < rows; y++, dst += row)
		memcpy(dst, mem + b->src_y + y * b->src_stride, row);
	for (size_t y = 0; y < rows / 2; y++, dst += row)
		memcpy(dst, mem + b->src_c + y * b->src_stride, row);
}

bool coded_pic_mb_differs(const struct coded_pic *a,
			  const struct coded_pic *b, unsigned int mbx,
			  unsigned int mby)
{
	for (unsigned int r = 0; r < 16; r++)
		if (memcmp(coded_pic_luma(a, mbx, mby, r),
			   coded_pic_luma(b, mbx, mby, r), 16))
			return true;
	for (unsigned int r = 0; r < 8; r++)
		if (memcmp(coded_pic_chroma(a, mbx, mby, r),
			   coded_pic_chroma(b, mbx, mby, r), 16))
			return true;
	return false;
}

/* ------------------------------------------------------------------------
 * NAL unit and bit reading
 */

struct bitreader {
	uint8_t *rbsp;
	size_t len;		/* bytes */
	size_t pos;		/* bits */
	unsigned int frame;
};

static unsigned int br_bit(struct bitreader *br)
{
	unsigned int bit;

	if (br->pos >= br->len * 8)
		FAIL("frame %u: slice NAL ends in the middle of the slice data",
		     br->frame);
	bit = (br->rbsp[br->pos / 8] >> (7 - br->pos % 8)) & 1;
	br->pos++;
	return bit;
}

static uint32_t br_bits(struct bitreader *br, unsigned int n)
{
	uint32_t v = 0;

	while (n--)
		v = (v << 1) | br_bit(br);
	return v;
}

static uint32_t br_ue(struct bitreader *br)
{
	unsigned int zeros = 0;

	while (!br_bit(br))
		if (++zeros > 31)
			FAIL("frame %u: ue(v) with more than 31 leading zeros at bit %zu",
			     br->frame, br->pos);
	return (uint32_t)((1ull << zeros) - 1 + br_bits(br, zeros));
}

static int32_t br_se(struct bitreader *br)
{
	uint32_t k = br_ue(br);

	return k % 2 ? (int32_t)(k / 2 + 1) : -(int32_t)(k / 2);
}

static bool br_aligned(const struct bitreader *br)
{
	return br->pos % 8 == 0;
}

/* Bits up to the next byte boundary must all equal `bit`. */
static void br_align(struct bitreader *br, unsigned int bit, const char *what)
{
	while (!br_aligned(br))
		if (br_bit(br) != bit)
			FAIL("frame %u: %s is not %u at bit %zu", br->frame,
			     what, bit, br->pos - 1);
}

/*
 * Find the slice NAL unit (type 1 or 5) in the access unit and return its
 * RBSP (emulation prevention bytes removed), without the NAL header byte.
 * Start codes are 00 00 01 (the test writes 00 00 00 01); EP guarantees
 * that the payload contains no 00 00 0x with x <= 3.
 */
static void find_slice_rbsp(const uint8_t *au, size_t len, unsigned int frame,
			    struct bitreader *br, unsigned int *nal_type)
{
	size_t start = 0, end, i;
	unsigned int zeros = 0;
	bool found = false;

	for (i = 0; i + 3 <= len; i++) {
		if (au[i] || au[i + 1] || au[i + 2] != 1)
			continue;
		if (found) {
			break;
		}
		if (i + 3 < len && ((au[i + 3] & 0x1f) == 1 ||
				    (au[i + 3] & 0x1f) == 5)) {
			found = true;
			*nal_type = au[i + 3] & 0x1f;
			start = i + 4;
		}
	}
	if (!found)
		FAIL("frame %u: no slice NAL unit in %zu bytes", frame, len);
	end = i + 3 <= len ? i : len;
	/* the next start code's leading zero byte (00 00 00 01) */
	while (end > start && !au[end - 1])
		end--;

	br->rbsp = malloc(end - start + 1);
	CHECK(br->rbsp);
	br->len = 0;
	br->pos = 0;
	br->frame = frame;
	for (i = start; i < end; i++) {
		if (zeros >= 2 && au[i] == 0x03) {
			zeros = 0;
			continue;
		}
		br->rbsp[br->len++] = au[i];
		zeros = au[i] ? 0 : zeros + 1;
	}
}

/*
 * slice_header() as drv_write_slice_header() writes it; every field must
 * have the value the configuration asks for. Returns SliceQPY.
 */
static unsigned int parse_slice_header(struct bitreader *br,
				       const struct enc_cfg *c, bool idr,
				       unsigned int frame)
{
	unsigned int log2_fn = cfg_log2_max_frame_num(c);
	int qp;

	CHECK_EQ(br_ue(br), 0);				/* first_mb_in_slice */
	CHECK_EQ(br_ue(br), idr ? 7 : 5);		/* slice_type */
	CHECK_EQ(br_ue(br), 0);				/* pic_parameter_set_id */
	CHECK_EQ(br_bits(br, log2_fn), frame % (1u << log2_fn));
	if (idr) {
		CHECK_EQ(br_ue(br), c->idr_pic_id);
		CHECK_EQ(br_bits(br, 2), 0);	/* no_output_of_prior, long_term */
	} else {
		CHECK_EQ(br_bits(br, 2), 0);	/* override, ref list mod */
		CHECK_EQ(br_bit(br), 0);	/* adaptive_ref_pic_marking */
		if (c->cabac)
			CHECK_EQ(br_ue(br), c->cabac_init_idc);
	}
	qp = 26 + c->pic_init_qp_minus26 + br_se(br);
	CHECK_EQ(qp, c->qp);
	CHECK_EQ(br_ue(br), c->deblock_idc);
	if (c->deblock_idc != 1) {
		CHECK_EQ(br_se(br), c->alpha_div2);
		CHECK_EQ(br_se(br), c->beta_div2);
	}
	return (unsigned int)qp;
}

/* ------------------------------------------------------------------------
 * Macroblocks
 */

struct slice_walk {
	const struct enc_cfg *c;
	const struct coded_pic *src, *ref;
	struct bitreader br;
	unsigned int frame, width_mbs, mb_count, pcm_count;
	bool *skipped;		/* per MB, in raster order */
};

/* The MB as the test expects it coded: I_PCM (true) or P_Skip (false). */
static bool expect_pcm(const struct slice_walk *w, unsigned int mb)
{
	return !w->ref || coded_pic_mb_differs(w->src, w->ref,
					       mb % w->width_mbs,
					       mb / w->width_mbs);
}

static void walk_skip(struct slice_walk *w, unsigned int mb)
{
	if (expect_pcm(w, mb))
		FAIL("frame %u: MB %u (x %u, y %u) differs from the reference but is coded P_Skip",
		     w->frame, mb, mb % w->width_mbs, mb / w->width_mbs);
	w->skipped[mb] = true;
}

/* After mb_type: pcm_alignment_zero_bits and the 384 samples (7.3.5). */
static void walk_pcm(struct slice_walk *w, unsigned int mb)
{
	unsigned int mbx = mb % w->width_mbs, mby = mb / w->width_mbs;
	uint8_t got[384], exp[384];
	unsigned int n = 0;

	if (!expect_pcm(w, mb))
		FAIL("frame %u: MB %u (x %u, y %u) equals the reference but is coded I_PCM",
		     w->frame, mb, mbx, mby);
	br_align(&w->br, 0, "pcm_alignment_zero_bit");
	for (unsigned int i = 0; i < 384; i++)
		got[i] = (uint8_t)br_bits(&w->br, 8);
	for (unsigned int r = 0; r < 16; r++)
		for (unsigned int i = 0; i < 16; i++)
			exp[n++] = coded_pic_luma(w->src, mbx, mby, r)[i];
	for (unsigned int plane = 0; plane < 2; plane++)
		for (unsigned int r = 0; r < 8; r++)
			for (unsigned int i = 0; i < 8; i++)
				exp[n++] = coded_pic_chroma(w->src, mbx, mby,
							    r)[2 * i + plane];
	for (unsigned int i = 0; i < 384; i++)
		if (got[i] != exp[i])
			FAIL("frame %u: MB %u (x %u, y %u): pcm sample %u is 0x%02x, source 0x%02x",
			     w->frame, mb, mbx, mby, i, got[i], exp[i]);
	w->skipped[mb] = false;
	w->pcm_count++;
}

/* rbsp_slice_trailing_bits: a 1, zeros to the byte boundary, nothing more */
static void walk_trailing(struct slice_walk *w, bool stop_bit_read)
{
	if (!stop_bit_read && br_bit(&w->br) != 1)
		FAIL("frame %u: no rbsp_stop_one_bit after the last MB",
		     w->frame);
	br_align(&w->br, 0, "rbsp_alignment_zero_bit");
	if (w->br.pos != w->br.len * 8)
		FAIL("frame %u: %zu bytes after the end of the slice data",
		     w->frame, w->br.len - w->br.pos / 8);
}

/* 7.3.4 with entropy_coding_mode_flag 0 */
static void walk_cavlc(struct slice_walk *w)
{
	unsigned int mb = 0;

	while (mb < w->mb_count) {
		if (w->ref) {
			uint32_t run = br_ue(&w->br);

			if (run > w->mb_count - mb)
				FAIL("frame %u: mb_skip_run %u at MB %u runs past the picture",
				     w->frame, run, mb);
			while (run--)
				walk_skip(w, mb++);
			if (mb == w->mb_count)
				break;
		}
		/* mb_type I_PCM: 25 in an I slice, 5 + 25 in a P slice */
		CHECK_EQ(br_ue(&w->br), w->ref ? 30 : 25);
		walk_pcm(w, mb++);
	}
	walk_trailing(w, false);
}

/* rangeTabLPS (Table 9-44) and transIdxLPS (Table 9-45), from the notes */
static const uint8_t range_lps[64][4] = {
	{ 128, 176, 208, 240 }, { 128, 167, 197, 227 },
	{ 128, 158, 187, 216 }, { 123, 150, 178, 205 },
	{ 116, 142, 169, 195 }, { 111, 135, 160, 185 },
	{ 105, 128, 152, 175 }, { 100, 122, 144, 166 },
	{ 95, 116, 137, 158 }, { 90, 110, 130, 150 },
	{ 85, 104, 123, 142 }, { 81, 99, 117, 135 },
	{ 77, 94, 111, 128 }, { 73, 89, 105, 122 },
	{ 69, 85, 100, 116 }, { 66, 80, 95, 110 },
	{ 62, 76, 90, 104 }, { 59, 72, 86, 99 },
	{ 56, 69, 81, 94 }, { 53, 65, 77, 89 },
	{ 51, 62, 73, 85 }, { 48, 59, 69, 80 },
	{ 46, 56, 66, 76 }, { 43, 53, 63, 72 },
	{ 41, 50, 59, 69 }, { 39, 48, 56, 65 },
	{ 37, 45, 54, 62 }, { 35, 43, 51, 59 },
	{ 33, 41, 48, 56 }, { 32, 39, 46, 53 },
	{ 30, 37, 43, 50 }, { 29, 35, 41, 48 },
	{ 27, 33, 39, 45 }, { 26, 31, 37, 43 },
	{ 24, 30, 35, 41 }, { 23, 28, 33, 39 },
	{ 22, 27, 32, 37 }, { 21, 26, 30, 35 },
	{ 20, 24, 29, 33 }, { 19, 23, 27, 31 },
	{ 18, 22, 26, 30 }, { 17, 21, 25, 28 },
	{ 16, 20, 23, 27 }, { 15, 19, 22, 25 },
	{ 14, 18, 21, 24 }, { 14, 17, 20, 23 },
	{ 13, 16, 19, 22 }, { 12, 15, 18, 21 },
	{ 12, 14, 17, 20 }, { 11, 14, 16, 19 },
	{ 11, 13, 15, 18 }, { 10, 12, 15, 17 },
	{ 10, 12, 14, 16 }, { 9, 11, 13, 15 },
	{ 9, 11, 12, 14 }, { 8, 10, 12, 14 },
	{ 8, 9, 11, 13 }, { 7, 9, 11, 12 },
	{ 7, 9, 10, 12 }, { 7, 8, 10, 11 },
	{ 6, 8, 9, 11 }, { 6, 7, 9, 10 },
	{ 6, 7, 8, 9 }, { 2, 2, 2, 2 },
};

static const uint8_t trans_lps[64] = {
	0, 0, 1, 2, 2, 4, 4, 5, 6, 7, 8, 9, 9, 11, 11, 12,
	13, 13, 15, 15, 16, 16, 18, 18, 19, 19, 21, 21, 22, 22, 23, 24,
	24, 25, 26, 26, 27, 27, 28, 29, 29, 30, 30, 30, 31, 32, 32, 33,
	33, 33, 34, 34, 35, 35, 35, 36, 36, 36, 37, 37, 37, 38, 38, 63,
};

/* (m, n) of the contexts used (Tables 9-12, 9-13): ctxIdx 3..5, 11..17 */
struct ctx_mn {
	int m, n;
};

static const struct ctx_mn mn_i_mb_type[3] = {
	{ 20, -15 }, { 2, 54 }, { 3, 74 },		/* ctxIdx 3, 4, 5 */
};

static const struct ctx_mn mn_p[3][7] = {	/* ctxIdx 11..17 per idc */
	{ { 23, 33 }, { 23, 2 }, { 21, 0 }, { 1, 9 }, { 0, 49 },
	  { -37, 118 }, { 5, 57 } },
	{ { 22, 25 }, { 34, 0 }, { 16, 0 }, { -2, 9 }, { 4, 41 },
	  { -29, 118 }, { 2, 65 } },
	{ { 29, 16 }, { 25, 0 }, { 14, 0 }, { -10, 51 }, { -3, 62 },
	  { -27, 99 }, { 26, 16 } },
};

struct cabac_ctx {
	unsigned int state, mps;
};

struct cabac_dec {
	struct bitreader *br;
	uint32_t range, offset;
	struct cabac_ctx ctx[18];	/* by ctxIdx; 0..2 and 6..10 unused */
};

/* floor(a / 16) for negative a too (the spec's >> 4 on a signed value) */
static int floor_div16(int a)
{
	return a >= 0 ? a / 16 : -((-a + 15) / 16);
}

/* 9.3.1.1 */
static struct cabac_ctx ctx_init(struct ctx_mn mn, unsigned int qp)
{
	int pre = floor_div16(mn.m * (int)(qp > 51 ? 51 : qp)) + mn.n;

	pre = pre < 1 ? 1 : pre > 126 ? 126 : pre;
	if (pre <= 63)
		return (struct cabac_ctx){ (unsigned int)(63 - pre), 0 };
	return (struct cabac_ctx){ (unsigned int)(pre - 64), 1 };
}

/* 9.3.1.2: the decoding engine reads 9 bits; 510 and 511 are forbidden */
static void cabac_dec_start(struct cabac_dec *d)
{
	d->range = 510;
	d->offset = br_bits(d->br, 9);
	if (d->offset >= 510)
		FAIL("frame %u: codIOffset %u at CABAC initialisation",
		     d->br->frame, d->offset);
}

/* 9.3.3.2.2 RenormD */
static void cabac_dec_renorm(struct cabac_dec *d)
{
	while (d->range < 256) {
		d->range <<= 1;
		d->offset = (d->offset << 1) | br_bit(d->br);
	}
}

/* 9.3.3.2.1 DecodeDecision */
static unsigned int cabac_dec_decision(struct cabac_dec *d, unsigned int idx)
{
	struct cabac_ctx *c = &d->ctx[idx];
	uint32_t lps = range_lps[c->state][(d->range >> 6) & 3];
	unsigned int bin;

	d->range -= lps;
	if (d->offset >= d->range) {
		bin = !c->mps;
		d->offset -= d->range;
		d->range = lps;
		if (c->state == 0)
			c->mps = !c->mps;
		c->state = trans_lps[c->state];
	} else {
		bin = c->mps;
		if (c->state < 62)
			c->state++;
	}
	cabac_dec_renorm(d);
	return bin;
}

/*
 * 9.3.3.2.2.3 DecodeTerminate (ctxIdx 276). After a 1 the engine stops
 * without renormalising: the reader then stands right after the last bit
 * the encoder's flush wrote.
 */
static unsigned int cabac_dec_terminate(struct cabac_dec *d)
{
	d->range -= 2;
	if (d->offset >= d->range)
		return 1;
	cabac_dec_renorm(d);
	return 0;
}

/* 7.3.4 with entropy_coding_mode_flag 1 (9.3.3.1.1.1 for ctxIdxInc) */
static void walk_cabac(struct slice_walk *w, unsigned int qp)
{
	unsigned int idc = w->c->cabac_init_idc;
	struct cabac_dec d = { .br = &w->br };

	br_align(&w->br, 1, "cabac_alignment_one_bit");
	for (unsigned int i = 0; i < 3; i++)
		d.ctx[3 + i] = ctx_init(mn_i_mb_type[i], qp);
	if (w->ref) {
		CHECK(idc <= 2);
		for (unsigned int i = 0; i < 7; i++)
			d.ctx[11 + i] = ctx_init(mn_p[idc][i], qp);
	}
	cabac_dec_start(&d);

	for (unsigned int mb = 0; mb < w->mb_count; mb++) {
		unsigned int mbx = mb % w->width_mbs;
		bool has_a = mbx > 0, has_b = mb >= w->width_mbs;
		bool skip = false;
		unsigned int end;

		if (w->ref) {
			/* condTermFlagN: N available and not skipped */
			unsigned int inc =
				(unsigned int)(has_a && !w->skipped[mb - 1]) +
				(unsigned int)(has_b &&
					       !w->skipped[mb - w->width_mbs]);

			skip = cabac_dec_decision(&d, 11 + inc);
		}
		if (skip) {
			walk_skip(w, mb);
		} else {
			bool intra_not_nxn;

			/*
			 * P: prefix bin 0 (ctx 14) 1 = intra, then suffix
			 * bin 0 (ctx 17) 1 = not I_NxN. I: bin 0 (ctx 3 +
			 * inc) 1 = not I_NxN, inc counting the available
			 * neighbours that are not I_NxN (all of them here).
			 */
			if (w->ref)
				intra_not_nxn = cabac_dec_decision(&d, 14) &&
						cabac_dec_decision(&d, 17);
			else
				intra_not_nxn = cabac_dec_decision(&d, 3 +
						(unsigned int)has_a +
						(unsigned int)has_b);
			if (!intra_not_nxn)
				FAIL("frame %u: MB %u: mb_type is inter or I_NxN, not I_PCM",
				     w->frame, mb);
			/* bin 1 (terminate) 1 = I_PCM, 0 = I_16x16 */
			if (!cabac_dec_terminate(&d))
				FAIL("frame %u: MB %u: mb_type is I_16x16, not I_PCM",
				     w->frame, mb);
			walk_pcm(w, mb);
			cabac_dec_start(&d);
		}
		end = cabac_dec_terminate(&d);
		if (end != (mb == w->mb_count - 1))
			FAIL("frame %u: end_of_slice_flag %u after MB %u of %u",
			     w->frame, end, mb, w->mb_count);
	}
	/* the flush after end_of_slice_flag wrote rbsp_stop_one_bit */
	walk_trailing(w, true);
}

unsigned int check_slice_data(const struct enc_cfg *c, const uint8_t *au,
			      size_t len, unsigned int frame,
			      const struct coded_pic *src,
			      const struct coded_pic *ref)
{
	struct slice_walk w = {
		.c = c, .src = src, .ref = ref, .frame = frame,
		.width_mbs = src->width_mbs,
		.mb_count = src->width_mbs * src->height_mbs,
	};
	unsigned int nal_type, qp;

	find_slice_rbsp(au, len, frame, &w.br, &nal_type);
	CHECK_EQ(nal_type, ref ? 1 : 5);
	w.skipped = calloc(w.mb_count, sizeof(*w.skipped));
	CHECK(w.skipped);
	qp = parse_slice_header(&w.br, c, !ref, frame);
	if (c->cabac)
		walk_cabac(&w, qp);
	else
		walk_cavlc(&w);
	free(w.skipped);
	free(w.br.rbsp);
	return w.pcm_count;
}
