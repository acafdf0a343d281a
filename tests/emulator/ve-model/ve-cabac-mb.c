// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model v2: the macroblock layer in CABAC (H.264 7.3.4, 7.3.5; 9.3.2
 * binarisations, 9.3.3.1 context selection) for the three macroblock
 * types of the lossy coder (I_16x16, P_L0_16x16, P_Skip) in frame
 * pictures with 4:2:0 chroma and no 8x8 transform. The arithmetic coder
 * and the context variables are ve-cabac.c's.
 *
 * Neighbours: a (left) and b (above) are NULL when not available; the
 * picture is one slice, so that is "outside the picture". The ctxIdxInc
 * of a bin that looks at a neighbour reads what the neighbour's struct
 * ve_mb recorded; for blocks of the current macroblock it reads what this
 * file coded before (the decoding order of 7.3.5).
 */
#include "ve-lossy.h"

/* ctxBlockCat (Table 9-42) of the residual blocks the model codes */
enum cabac_block_cat {
	CAT_LUMA_DC,	/* Intra16x16DCLevel */
	CAT_LUMA_AC,	/* Intra16x16ACLevel, 15 coefficients */
	CAT_LUMA_4X4,	/* LumaLevel4x4 */
	CAT_CHROMA_DC,	/* ChromaDCLevel, 4 coefficients (4:2:0) */
	CAT_CHROMA_AC,	/* ChromaACLevel, 15 coefficients */
};

/* ctxIdxBlockCatOffset per ctxBlockCat, Table 9-40 */
static const uint8_t cbf_cat_offset[5] = { 0, 4, 8, 12, 16 };
static const uint8_t sig_cat_offset[5] = { 0, 15, 29, 44, 47 };
static const uint8_t abs_cat_offset[5] = { 0, 10, 20, 30, 39 };

/*
 * One bin of a list that ve_cabac_reg_step() codes: a decision (ctx
 * CTX_NONE: none) followed by n bypass bins, those of v MSB first.
 */
struct cabac_bin {
	uint16_t ctx;
	uint8_t bin;
	uint8_t n;
	uint32_t v;
};

/*
 * The longest list of one block: coded_block_flag, two bins for each of
 * 16 positions of the significance map, then per level at most bin 0,
 * 13 more of the unary prefix and one CTX_NONE bin for the bypass bins
 * beyond 16 (an Exp-Golomb suffix and a sign take at most 32).
 */
#define BLOCK_BINS	(1 + 16 * 2 + 16 * 15)
/*
 * The list of a macroblock's residual: long enough for several blocks,
 * coded when the next block might not fit (and at the end), so that
 * the coder's loop starts and ends (a branch it mispredicts) a few times
 * per macroblock rather than once per block.
 */
#define MB_BINS		(4 * BLOCK_BINS)

/* One macroblock being coded. */
struct cabac_mb {
	struct ve_cabac *c;
	const struct ve_mb *mb;
	const struct ve_mb *a, *b;	/* left, above; NULL if unavailable */
	bool intra;
	/* coded_block_flag of the 4x4 blocks coded so far (0 if not coded) */
	bool cbf_y[16];		/* by luma4x4BlkIdx; AC blocks for I16 */
	bool cbf_c[2][4];	/* chroma AC, [iCbCr][chroma4x4BlkIdx] */
	/* the residual's bins listed and not yet coded (put_residual()) */
	struct cabac_bin *bins;
	unsigned int nbins;
};

static unsigned int min_u(unsigned int x, unsigned int y)
{
	return x < y ? x : y;
}

static unsigned int abs_u(int v)
{
	return v < 0 ? (unsigned int)-v : (unsigned int)v;
}

/* n (0..32) bypass bins, the bits of v MSB first, at most 8 at a time. */
static void put_bypass_bins(struct ve_cabac *c, struct ve_cabac_reg *r,
			    uint32_t v, unsigned int n)
{
	while (n > 8) {
		n -= 8;
		ve_cabac_reg_bypass(c, r, (v >> n) & 0xff, 8);
	}
	if (n)
		ve_cabac_reg_bypass(c, r, v & ((1u << n) - 1), n);
}

/*
 * The bins of a k-th order Exp-Golomb suffix (9.3.2.3), all bypass: a
 * unary prefix that doubles the step each time (u ones and a zero), then
 * k + u bits; and, when sign >= 0, one more bin after them (the
 * coeff_sign_flag or mvd sign that follows the suffix).
 */
static void put_eg_suffix(struct ve_cabac *c, struct ve_cabac_reg *r,
			  unsigned int v, unsigned int k, int sign)
{
	unsigned int u = 0;

	while (v >= (1u << k)) {
		v -= 1u << k;
		k++;
		u++;
	}
	/* u ones and a zero: (2^u - 1) << 1 on u + 1 bins */
	put_bypass_bins(c, r, ((1u << u) - 1) << 1, u + 1);
	if (sign >= 0)
		put_bypass_bins(c, r, v << 1 | (unsigned int)sign, k + 1);
	else
		put_bypass_bins(c, r, v, k);
}

/*
 * mb_skip_flag (P slices): ctxIdxInc counts the neighbours that are
 * available and not skipped (9.3.3.1.1.1).
 */
static void put_mb_skip_flag(struct cabac_mb *m, bool skip)
{
	unsigned int inc = (unsigned int)(m->a && m->a->type != VE_MB_PSKIP) +
			   (unsigned int)(m->b && m->b->type != VE_MB_PSKIP);

	ve_cabac_encode_decision(m->c, CTX_MB_SKIP_P + inc, skip);
}

/*
 * mb_type I_16x16_<pred>_<chroma>_<luma> (Table 9-36):
 *   1 | 0 (terminate: not I_PCM) | luma != 0 | chroma != 0 |
 *   [chroma == 2, if chroma != 0] | pred >> 1 | pred & 1
 * In an I slice (ctxIdxOffset 3) bin 0 depends on the neighbours: each
 * available one counts unless it is I_NxN or SI, which the model never
 * codes. In a P slice these are the suffix bins (ctxIdxOffset 17) after
 * the prefix "1", and bin 0 has a fixed context. Bins 4 and 5 take their
 * context from b3 (9.3.3.1.2, Table 9-39).
 */
static void put_mb_type_i16(struct cabac_mb *m, bool p_slice)
{
	struct ve_cabac *c = m->c;
	unsigned int chroma = m->mb->cbp >> 4;
	unsigned int pred = m->mb->i16_mode;
	unsigned int luma = (m->mb->cbp & 15) != 0;
	unsigned int ctx[7];	/* ctxIdx of bin 0..6; bin 1 is 276 */
	unsigned int bin = 4;

	if (p_slice) {
		ve_cabac_encode_decision(c, CTX_MB_TYPE_P_PREFIX, 1);
		ctx[0] = CTX_MB_TYPE_P_SUFFIX;
		ctx[2] = CTX_MB_TYPE_P_SUFFIX + 1;
		ctx[3] = CTX_MB_TYPE_P_SUFFIX + 2;
		ctx[4] = CTX_MB_TYPE_P_SUFFIX + (chroma ? 2 : 3);
		ctx[5] = CTX_MB_TYPE_P_SUFFIX + 3;
		ctx[6] = CTX_MB_TYPE_P_SUFFIX + 3;
	} else {
		ctx[0] = CTX_MB_TYPE_I + (unsigned int)!!m->a +
			 (unsigned int)!!m->b;
		ctx[2] = CTX_MB_TYPE_I + 3;
		ctx[3] = CTX_MB_TYPE_I + 4;
		ctx[4] = CTX_MB_TYPE_I + (chroma ? 5 : 6);
		ctx[5] = CTX_MB_TYPE_I + (chroma ? 6 : 7);
		ctx[6] = CTX_MB_TYPE_I + 7;
	}
	ctx[1] = 0;

	ve_cabac_encode_decision(c, ctx[0], 1);
	ve_cabac_encode_terminate(c, 0);
	ve_cabac_encode_decision(c, ctx[2], luma);
	ve_cabac_encode_decision(c, ctx[3], chroma != 0);
	if (chroma)
		ve_cabac_encode_decision(c, ctx[bin++], chroma == 2);
	ve_cabac_encode_decision(c, ctx[bin++], pred >> 1);
	ve_cabac_encode_decision(c, ctx[bin], pred & 1);
}

/*
 * mb_type P_L0_16x16 in a P slice: prefix "0 0 0" (Table 9-37); bin 2
 * takes ctxIdx 16 because b1 is not 1 (9.3.3.1.2).
 */
static void put_mb_type_p16(struct cabac_mb *m)
{
	ve_cabac_encode_decision(m->c, CTX_MB_TYPE_P_PREFIX, 0);
	ve_cabac_encode_decision(m->c, CTX_MB_TYPE_P_PREFIX + 1, 0);
	ve_cabac_encode_decision(m->c, CTX_MB_TYPE_P_PREFIX + 2, 0);
}

/*
 * intra_chroma_pred_mode: TU with cMax 3. Bin 0 counts the neighbours
 * that are available, intra (not inter, P_Skip included) and have a
 * mode other than DC (9.3.3.1.1.8); bins 1 and 2 use ctxIdxInc 3.
 */
static void put_intra_chroma_pred_mode(struct cabac_mb *m)
{
	unsigned int mode = m->mb->chroma_mode;
	unsigned int inc = 0;

	if (m->a && m->a->type == VE_MB_I16 && m->a->chroma_mode)
		inc++;
	if (m->b && m->b->type == VE_MB_I16 && m->b->chroma_mode)
		inc++;

	ve_cabac_encode_decision(m->c, CTX_INTRA_CHROMA_PRED + inc, mode > 0);
	for (unsigned int i = 1; i < 3 && mode >= i; i++)
		ve_cabac_encode_decision(m->c, CTX_INTRA_CHROMA_PRED + 3,
					 mode > i);
}

/* absMvdComp of a neighbour (9.3.3.1.1.7): 0 unless it has an mvd_l0. */
static unsigned int nb_abs_mvd(const struct ve_mb *n, unsigned int comp)
{
	return n && n->type == VE_MB_P16 ? abs_u(n->mvd[comp]) : 0;
}

/*
 * mvd_l0[0][0][comp]: UEG3 with signedValFlag 1 and uCoff 9 (9.3.2.3).
 * The TU prefix of Min(|mvd|, 9) uses ctxIdxInc 0..2 for bin 0, from the
 * sum of the neighbours' absMvdComp (< 3, 3..32, > 32), then 3, 4, 5, 6,
 * 6, ... (Table 9-39). The EG3 suffix and the sign are bypass bins.
 */
static void put_mvd(struct cabac_mb *m, unsigned int comp)
{
	unsigned int base = comp ? CTX_MVD_Y : CTX_MVD_X;
	unsigned int sum = nb_abs_mvd(m->a, comp) + nb_abs_mvd(m->b, comp);
	int v = m->mb->mvd[comp];
	unsigned int abs_v = abs_u(v);
	unsigned int prefix = min_u(abs_v, 9);

	for (unsigned int i = 0; i <= prefix && i < 9; i++) {
		unsigned int inc;

		if (i == 0)
			inc = sum < 3 ? 0 : sum <= 32 ? 1 : 2;
		else
			inc = min_u(i + 2, 6);
		ve_cabac_encode_decision(m->c, base + inc, i < prefix);
	}
	if (abs_v >= 9)
		put_eg_suffix(m->c, &m->c->r, abs_v - 9, 3, v < 0);
	else if (abs_v)
		ve_cabac_encode_bypass(m->c, v < 0);
}

/*
 * condTermFlagN of the chroma bins of coded_block_pattern (9.3.3.1.1.4):
 * 1 when N is available, not P_Skip and its CodedBlockPatternChroma is
 * != 0 (bin 0) or == 2 (bin 1).
 */
static unsigned int cbp_chroma_cond(const struct ve_mb *n, unsigned int bin)
{
	return n && n->type != VE_MB_PSKIP && (n->cbp >> 4) > bin;
}

/*
 * coded_block_pattern of a non-I_16x16 macroblock (9.3.2.6): prefix FL
 * of CodedBlockPatternLuma, bin b8 = bit b8; suffix TU (cMax 2) of
 * CodedBlockPatternChroma, ctxIdx 77..80 for bin 0, 81..84 for bin 1.
 * 9.3.3.1.1.4: a luma bin's condTermFlagN is 0 when the neighbouring 8x8
 * block N is unavailable or has its cbp bit set, else 1 (a P_Skip
 * neighbour has cbp 0: 1). Inside the current macroblock N is a bin
 * coded before.
 */
static void put_coded_block_pattern(struct cabac_mb *m)
{
	unsigned int cbp = m->mb->cbp;
	unsigned int chroma = cbp >> 4;
	const struct ve_mb *a = m->a, *b = m->b;

	for (unsigned int b8 = 0; b8 < 4; b8++) {
		unsigned int cond_a, cond_b;

		if (b8 & 1)
			cond_a = !((cbp >> (b8 - 1)) & 1);
		else
			cond_a = a && !((a->cbp >> (b8 + 1)) & 1);
		if (b8 & 2)
			cond_b = !((cbp >> (b8 - 2)) & 1);
		else
			cond_b = b && !((b->cbp >> (b8 + 2)) & 1);
		ve_cabac_encode_decision(m->c,
					 CTX_CBP_LUMA + cond_a + 2 * cond_b,
					 (cbp >> b8) & 1);
	}

	for (unsigned int bin = 0; bin < 2 && chroma >= bin; bin++) {
		unsigned int inc = 4 * bin + cbp_chroma_cond(a, bin) +
				   2 * cbp_chroma_cond(b, bin);

		ve_cabac_encode_decision(m->c, CTX_CBP_CHROMA + inc,
					 chroma > bin);
	}
}

/*
 * mb_qp_delta, always 0 here (one QP per picture): the single bin "0".
 * Its ctxIdxInc (9.3.3.1.1.5) is 1 only when the previous macroblock in
 * decoding order coded a non-zero mb_qp_delta, which never happens.
 */
static void put_mb_qp_delta(struct cabac_mb *m)
{
	ve_cabac_encode_decision(m->c, CTX_MB_QP_DELTA, 0);
}

/* Position of luma4x4BlkIdx in 4x4-block units (6.4.3), and back. */
static unsigned int blk_x(unsigned int blk)
{
	return (blk >> 2 & 1) * 2 + (blk & 1);
}

static unsigned int blk_y(unsigned int blk)
{
	return (blk >> 3) * 2 + (blk >> 1 & 1);
}

static unsigned int blk_at(unsigned int x, unsigned int y)
{
	return (y >> 1) * 8 + (x >> 1) * 4 + (y & 1) * 2 + (x & 1);
}

/*
 * condTermFlagN of coded_block_flag (9.3.3.1.1.9) for a neighbouring
 * macroblock n (NULL: unavailable), given whether its block N exists
 * (transBlockN available) and, if so, its coded_block_flag. There is no
 * I_PCM in the model, and no data partitioning.
 */
static unsigned int cbf_cond(const struct cabac_mb *m, const struct ve_mb *n,
			     bool exists, bool cbf)
{
	if (!n)
		return m->intra;	/* unavailable: 1 for intra, 0 inter */
	return exists && cbf;
}

/*
 * Luma 4x4 block (ctxBlockCat 1 or 2; the neighbour is a 4x4 luma block
 * either way, an I_16x16 AC block or not): it exists when its 8x8
 * quadrant has the cbp bit set and the macroblock is not skipped.
 */
static unsigned int cbf_inc_luma(const struct cabac_mb *m, unsigned int blk)
{
	unsigned int x = blk_x(blk), y = blk_y(blk), cond[2];

	for (unsigned int i = 0; i < 2; i++) {
		bool left = i == 0;
		const struct ve_mb *n = left ? m->a : m->b;
		unsigned int nblk;

		if (left ? x > 0 : y > 0) {
			/* coded before in this MB, if its cbp says so */
			nblk = left ? blk_at(x - 1, y) : blk_at(x, y - 1);
			cond[i] = (m->mb->cbp >> (nblk >> 2) & 1) &&
				  m->cbf_y[nblk];
			continue;
		}
		nblk = left ? blk_at(3, y) : blk_at(x, 3);
		cond[i] = cbf_cond(m, n, n && n->type != VE_MB_PSKIP &&
				   (n->cbp >> (nblk >> 2) & 1),
				   n && n->total_coeff_y[nblk]);
	}
	return cond[0] + 2 * cond[1];
}

/* Chroma AC block blk of component icbcr (ctxBlockCat 4). */
static unsigned int cbf_inc_chroma_ac(const struct cabac_mb *m,
				      unsigned int icbcr, unsigned int blk)
{
	unsigned int x = blk & 1, y = blk >> 1, cond[2];

	for (unsigned int i = 0; i < 2; i++) {
		bool left = i == 0;
		const struct ve_mb *n = left ? m->a : m->b;
		unsigned int nblk;

		if (left ? x > 0 : y > 0) {
			/* the current macroblock's cbp chroma is 2 here */
			nblk = left ? blk - 1 : blk - 2;
			cond[i] = m->cbf_c[icbcr][nblk];
			continue;
		}
		nblk = left ? y * 2 + 1 : 2 + x;
		cond[i] = cbf_cond(m, n, n && n->type != VE_MB_PSKIP &&
				   (n->cbp >> 4) == 2,
				   n && n->total_coeff_c[icbcr][nblk]);
	}
	return cond[0] + 2 * cond[1];
}

/* DC blocks (ctxBlockCat 0: luma of I_16x16; 3: chroma, bit of cbf_dc). */
static unsigned int cbf_inc_dc(const struct cabac_mb *m,
			       enum cabac_block_cat cat, unsigned int icbcr)
{
	const struct ve_mb *nb[2] = { m->a, m->b };
	unsigned int cond[2];

	for (unsigned int i = 0; i < 2; i++) {
		const struct ve_mb *n = nb[i];
		bool exists;
		unsigned int bit;

		if (cat == CAT_LUMA_DC) {
			exists = n && n->type == VE_MB_I16;
			bit = VE_MB_CBF_DC_LUMA;
		} else {
			exists = n && n->type != VE_MB_PSKIP && (n->cbp >> 4);
			bit = icbcr ? VE_MB_CBF_DC_CR : VE_MB_CBF_DC_CB;
		}
		cond[i] = cbf_cond(m, n, exists, n && (n->cbf_dc & bit));
	}
	return cond[0] + 2 * cond[1];
}

/*
 * Append bypass bins (n, up to 32, the bits of v MSB first) to the list
 * ending at bins[count - 1], whose own bypass bins are none: up to 16 go
 * with that bin, the rest with a bin of no decision. Returns the new
 * count.
 */
static unsigned int append_bypass(struct cabac_bin *bins, unsigned int count,
				  uint64_t v, unsigned int n)
{
	unsigned int first = min_u(n, 16);

	bins[count - 1].n = (uint8_t)first;
	bins[count - 1].v = (uint32_t)(v >> (n - first));
	n -= first;
	if (n) {
		bins[count] = (struct cabac_bin){ .ctx = CTX_NONE, .n =
						  (uint8_t)n,
						  .v = (uint32_t)v &
						       ((1u << n) - 1) };
		count++;
	}
	return count;
}

/*
 * The bypass bins of coeff_abs_level_minus1 - 14 (its UEG0 suffix, 9.3.2.3:
 * a unary prefix that doubles the step each time, u ones and a zero, then
 * u bits) and of the coeff_sign_flag after it, appended as above.
 */
static unsigned int append_eg0_sign(struct cabac_bin *bins,
				    unsigned int count, unsigned int v,
				    unsigned int sign)
{
	unsigned int u = 0;
	uint64_t bits;

	while (v >= (1u << u)) {
		v -= 1u << u;
		u++;
	}
	/* u ones, a zero, u bits of v, the sign: 2u + 2 bins */
	bits = ((((1ull << u) - 1) << 1) << u | v) << 1 | sign;
	return append_bypass(bins, count, bits, 2 * u + 2);
}

/* Code the bins listed and empty the list. */
static void put_bins(struct cabac_mb *m)
{
	struct ve_cabac *c = m->c;
	const struct cabac_bin *bins = m->bins;
	unsigned int nbins = m->nbins;
	struct ve_cabac_reg r = c->r;	/* kept in CPU registers */

	for (unsigned int i = 0; i < nbins; i++)
		ve_cabac_reg_step(c, &r, bins[i].ctx, bins[i].bin, bins[i].n,
				  bins[i].v);
	c->r = r;
	m->nbins = 0;
}

/*
 * residual_block_cabac (7.3.5.3.3) of n coefficients in scan order:
 * coded_block_flag; the significance map (significant_coeff_flag and
 * last_significant_coeff_flag at each scan position but the last, whose
 * significance is inferred, ctxIdxInc = position, 9.3.3.1.3); then the
 * levels from the last one back: coeff_abs_level_minus1 (UEG0, uCoff 14;
 * bin 0 from the counts of levels > 1 and == 1 coded before, the others
 * from the count > 1 alone) and the bypass coeff_sign_flag. Returns the
 * coded_block_flag.
 *
 * The bins go to the macroblock's list, which put_bins() codes in one
 * loop: the list is built without branches on the significance (as good
 * as random on noisy content; a last_significant_coeff_flag is written
 * at every position and kept when the coefficient is significant), and
 * the loop over it is nothing but the arithmetic coder's dependency
 * chain, its bypass bins riding on the decision before them.
 */
static bool put_residual_block(struct cabac_mb *m, enum cabac_block_cat cat,
			       unsigned int cbf_inc, const int16_t *coeff,
			       unsigned int n)
{
	/*
	 * ctxIdxInc of the significance map: the position; for the chroma
	 * DC Min(numDecodAbsLevel / NumC8x8, 2) = Min(i, 2) with 4:2:0's
	 * four coefficients.
	 */
	static const uint8_t sig_inc[2][16] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
		{ 0, 1, 2, 2 },
	};
	const uint8_t *inc_tab = sig_inc[cat == CAT_CHROMA_DC];
	unsigned int cbf_ctx = CTX_CODED_BLOCK_FLAG + cbf_cat_offset[cat] +
			       cbf_inc;
	unsigned int sig_ctx = CTX_SIGNIFICANT + sig_cat_offset[cat];
	unsigned int last_ctx = CTX_LAST_SIGNIFICANT + sig_cat_offset[cat];
	unsigned int abs_ctx = CTX_COEFF_ABS_LEVEL + abs_cat_offset[cat];
	/* bins > 0 of chroma DC levels have one context less (Table 9-43) */
	unsigned int gt1_max = cat == CAT_CHROMA_DC ? 3 : 4;
	unsigned int num_gt1 = 0, num_eq1 = 0, count = 0, nbins, first, end;
	/* locals: stores to the list's bytes may alias anything in m */
	struct cabac_bin *bins;
	int16_t lev[16];	/* the non-zero levels in scan order */

	if (m->nbins > MB_BINS - BLOCK_BINS)
		put_bins(m);
	bins = m->bins;
	nbins = m->nbins;

	/*
	 * One pass: coded_block_flag 1, then at every position the
	 * significant_coeff_flag and a last_significant_coeff_flag 0, kept
	 * when the coefficient is significant. The last significant one's
	 * flag then becomes 1 and what follows it is dropped; at position
	 * n - 1 both its flags are dropped (inferred), and without any
	 * significant coefficient everything but coded_block_flag, now 0.
	 */
	first = nbins;
	bins[nbins++] = (struct cabac_bin){ .ctx = (uint16_t)cbf_ctx,
					    .bin = 1 };
	end = nbins;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int inc = inc_tab[i];
		unsigned int sig = coeff[i] != 0;

		bins[nbins++] = (struct cabac_bin){
			.ctx = (uint16_t)(sig_ctx + inc), .bin = (uint8_t)sig };
		bins[nbins] = (struct cabac_bin){
			.ctx = (uint16_t)(last_ctx + inc) };
		nbins += sig;
		lev[count] = coeff[i];
		count += sig;
		end = sig ? nbins : end;
	}
	if (!count) {
		bins[first].bin = 0;
		m->nbins = first + 1;
		return false;
	}
	bins[end - 1].bin = 1;
	nbins = coeff[n - 1] ? end - 2 : end;

	while (count--) {
		int v = lev[count];
		unsigned int level = abs_u(v) - 1;	/* coeff_abs_level_minus1 */
		unsigned int prefix = min_u(level, 14);
		unsigned int inc0 = num_gt1 ? 0 : min_u(4, 1 + num_eq1);
		unsigned int inc = abs_ctx + 5 + min_u(gt1_max, num_gt1);

		bins[nbins++] = (struct cabac_bin){
			.ctx = (uint16_t)(abs_ctx + inc0),
			.bin = (uint8_t)(prefix > 0) };
		/* the ones after bin 0; the first without a branch */
		bins[nbins] = (struct cabac_bin){ .ctx = (uint16_t)inc,
						  .bin = 1 };
		nbins += prefix > 1;
		for (unsigned int i = 2; i < prefix; i++)
			bins[nbins++] = (struct cabac_bin){
				.ctx = (uint16_t)inc, .bin = 1 };
		/* the unary prefix's terminating 0, unless it is all ones */
		bins[nbins] = (struct cabac_bin){ .ctx = (uint16_t)inc };
		nbins += prefix > 0 && prefix < 14;
		/* coeff_sign_flag after the suffix */
		if (level >= 14) {
			nbins = append_eg0_sign(bins, nbins, level - 14, v < 0);
		} else {
			bins[nbins - 1].n = 1;
			bins[nbins - 1].v = v < 0;
		}

		num_gt1 += level != 0;
		num_eq1 += level == 0;
	}

	m->nbins = nbins;
	return true;
}

/*
 * residual() of 7.3.5.3 with the order of its blocks: luma (I_16x16: the
 * DC block, then the AC blocks when CodedBlockPatternLuma is 15; others:
 * the 4x4 blocks of each 8x8 quadrant with its cbp bit), chroma DC of Cb
 * and Cr when CodedBlockPatternChroma != 0, chroma AC of Cb then Cr when
 * it is 2.
 */
static void put_residual(struct cabac_mb *m, const struct ve_mb_coeffs *co)
{
	unsigned int cbp = m->mb->cbp;
	unsigned int chroma = cbp >> 4;
	bool i16 = m->mb->type == VE_MB_I16;
	struct cabac_bin bins[MB_BINS];

	m->bins = bins;
	m->nbins = 0;
	if (i16)
		put_residual_block(m, CAT_LUMA_DC,
				   cbf_inc_dc(m, CAT_LUMA_DC, 0),
				   co->luma_dc, 16);
	for (unsigned int blk = 0; blk < 16; blk++) {
		if (!(cbp >> (blk >> 2) & 1))
			continue;
		if (i16)
			m->cbf_y[blk] = put_residual_block(m, CAT_LUMA_AC,
							   cbf_inc_luma(m, blk),
							   &co->luma[blk][1],
							   15);
		else
			m->cbf_y[blk] = put_residual_block(m, CAT_LUMA_4X4,
							   cbf_inc_luma(m, blk),
							   co->luma[blk], 16);
	}

	if (chroma)
		for (unsigned int icbcr = 0; icbcr < 2; icbcr++)
			put_residual_block(m, CAT_CHROMA_DC,
					   cbf_inc_dc(m, CAT_CHROMA_DC, icbcr),
					   co->chroma_dc[icbcr], 4);
	if (chroma == 2)
		for (unsigned int icbcr = 0; icbcr < 2; icbcr++)
			for (unsigned int blk = 0; blk < 4; blk++)
				m->cbf_c[icbcr][blk] = put_residual_block(m,
					CAT_CHROMA_AC,
					cbf_inc_chroma_ac(m, icbcr, blk),
					&co->chroma_ac[icbcr][blk][1], 15);
	put_bins(m);
}

void ve_cabac_put_mb(struct ve_cabac *c, bool p_slice,
		     const struct ve_mb *mb, const struct ve_mb_coeffs *co,
		     const struct ve_mb *a, const struct ve_mb *b)
{
	struct cabac_mb m = {
		.c = c,
		.mb = mb,
		.a = a,
		.b = b,
		.intra = mb->type == VE_MB_I16,
	};

	if (p_slice) {
		put_mb_skip_flag(&m, mb->type == VE_MB_PSKIP);
		if (mb->type == VE_MB_PSKIP)
			return;
	}

	if (mb->type == VE_MB_I16) {
		put_mb_type_i16(&m, p_slice);
		put_intra_chroma_pred_mode(&m);
	} else {
		/* one reference picture: ref_idx_l0 is not coded */
		put_mb_type_p16(&m);
		put_mvd(&m, 0);
		put_mvd(&m, 1);
		put_coded_block_pattern(&m);
		if (!mb->cbp)
			return;
	}
	put_mb_qp_delta(&m);
	put_residual(&m, co);
}
