// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model: the in-loop deblocking filter (H.264 8.7) of a progressive
 * frame coded as one slice, 4:2:0 8-bit with NV12 chroma, 4x4 transform
 * only, for the macroblock types of ve-lossy.h.
 *
 * The picture is filtered in place, macroblock by macroblock in raster
 * order; inside a macroblock the luma vertical edges left to right, then
 * the horizontal edges top to bottom, then the same for chroma. Every edge
 * reads the samples earlier edges have already modified, as a decoder does,
 * so the result is the decoder's picture bit for bit.
 */
#include <stdlib.h>

#include "ve-lossy.h"

/* alpha' (indexA) and beta' (indexB), Table 8-16 */
static const uint8_t dbf_alpha[52] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	4, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 17, 20, 22, 25, 28,
	32, 36, 40, 45, 50, 56, 63, 71, 80, 90, 101, 113, 127, 144, 162, 182,
	203, 226, 255, 255,
};

static const uint8_t dbf_beta[52] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 6, 6, 7, 7, 8, 8,
	9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16,
	17, 17, 18, 18,
};

/* tC0'[indexA][bS - 1], Table 8-17 */
static const uint8_t dbf_tc0[52][3] = {
	{ 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 },
	{ 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 },
	{ 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 },
	{ 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 1 }, { 0, 0, 1 }, { 0, 0, 1 },
	{ 0, 0, 1 }, { 0, 1, 1 }, { 0, 1, 1 }, { 1, 1, 1 }, { 1, 1, 1 },
	{ 1, 1, 1 }, { 1, 1, 1 }, { 1, 1, 2 }, { 1, 1, 2 }, { 1, 1, 2 },
	{ 1, 1, 2 }, { 1, 2, 3 }, { 1, 2, 3 }, { 2, 2, 3 }, { 2, 2, 4 },
	{ 2, 3, 4 }, { 2, 3, 4 }, { 3, 3, 5 }, { 3, 4, 6 }, { 3, 4, 6 },
	{ 4, 5, 7 }, { 4, 5, 8 }, { 4, 6, 9 }, { 5, 7, 10 }, { 6, 8, 11 },
	{ 6, 8, 13 }, { 7, 10, 14 }, { 8, 11, 16 }, { 9, 12, 18 },
	{ 10, 13, 20 }, { 11, 15, 23 }, { 13, 17, 25 },
};

/* luma4x4BlkIdx of the 4x4 block in column x, row y of a macroblock (6.4.3) */
static const uint8_t dbf_blk_idx[4][4] = {
	{ 0, 1, 4, 5 },
	{ 2, 3, 6, 7 },
	{ 8, 9, 12, 13 },
	{ 10, 11, 14, 15 },
};

/*
 * The thresholds of one edge, from the average QP of its two macroblocks
 * (8.7.2.2). alpha == 0 or beta == 0 filters no sample.
 */
struct dbf_thresh {
	int alpha;
	int beta;
	const uint8_t *tc0;	/* tC0' by bS - 1 */
};

/*
 * Boundary strengths of one macroblock: bs[dir][edge][part], dir 0 for the
 * vertical edges (edge = 4x4 column of q0, part = 4x4 row), 1 for the
 * horizontal ones (edge = 4x4 row of q0, part = 4x4 column).
 */
struct dbf_mb_bs {
	uint8_t bs[2][4][4];
};

/* The slice-wide parameters of ve_deblock_picture(). */
struct dbf_slice {
	int chroma_qp_offset;
	int offset_a;		/* FilterOffsetA */
	int offset_b;		/* FilterOffsetB */
};

static int clip3(int lo, int hi, int v)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static uint8_t clip1(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

static void dbf_thresh_prepare(struct dbf_thresh *t,
			       const struct dbf_slice *sl, int qp_p, int qp_q)
{
	int qpav = (qp_p + qp_q + 1) >> 1;
	int index_a = clip3(0, 51, qpav + sl->offset_a);
	int index_b = clip3(0, 51, qpav + sl->offset_b);

	t->alpha = dbf_alpha[index_a];
	t->beta = dbf_beta[index_b];
	t->tc0 = dbf_tc0[index_a];
}

static bool dbf_mb_intra(const struct ve_mb *mb)
{
	return mb->type == VE_MB_I16;
}

/*
 * 8.7.2.1 for a block edge between two inter macroblocks (or inside one):
 * 2 if either 4x4 luma block has non-zero coefficients, 1 if the motion
 * vectors differ by 4 quarter samples or more (the model has one
 * reference picture, so the references never differ), 0 otherwise.
 */
static uint8_t dbf_bs_inter(const struct ve_mb *p, unsigned int blk_p,
			    const struct ve_mb *q, unsigned int blk_q)
{
	if (p->total_coeff_y[blk_p] || q->total_coeff_y[blk_q])
		return 2;
	if (p != q && (abs(p->mv[0] - q->mv[0]) >= 4 ||
		       abs(p->mv[1] - q->mv[1]) >= 4))
		return 1;
	return 0;
}

/*
 * Derive bS of every luma 4x4 edge segment of mb; left and top are its
 * neighbours across the macroblock edges that are filtered, NULL for
 * those that are not.
 */
static void dbf_mb_bs_prepare(struct dbf_mb_bs *b, const struct ve_mb *mb,
			      const struct ve_mb *left,
			      const struct ve_mb *top)
{
	bool intra = dbf_mb_intra(mb);

	for (unsigned int e = 0; e < 4; e++) {
		for (unsigned int i = 0; i < 4; i++) {
			/* vertical edge e, 4x4 row i; horizontal edge e, column i */
			if (e == 0) {
				if (!left)
					b->bs[0][0][i] = 0;
				else if (intra || dbf_mb_intra(left))
					b->bs[0][0][i] = 4;
				else
					b->bs[0][0][i] = dbf_bs_inter(
						left, dbf_blk_idx[i][3],
						mb, dbf_blk_idx[i][0]);
				if (!top)
					b->bs[1][0][i] = 0;
				else if (intra || dbf_mb_intra(top))
					b->bs[1][0][i] = 4;
				else
					b->bs[1][0][i] = dbf_bs_inter(
						top, dbf_blk_idx[3][i],
						mb, dbf_blk_idx[0][i]);
			} else if (intra) {
				b->bs[0][e][i] = 3;
				b->bs[1][e][i] = 3;
			} else {
				b->bs[0][e][i] = dbf_bs_inter(
					mb, dbf_blk_idx[i][e - 1],
					mb, dbf_blk_idx[i][e]);
				b->bs[1][e][i] = dbf_bs_inter(
					mb, dbf_blk_idx[e - 1][i],
					mb, dbf_blk_idx[e][i]);
			}
		}
	}
}

/*
 * Filter one line of luma samples across an edge (8.7.2.3, 8.7.2.4): q0
 * at pix[0], q1 at pix[step], p0 at pix[-step] and so on.
 */
static void dbf_filter_luma_line(uint8_t *pix, ptrdiff_t step,
				 unsigned int bs, const struct dbf_thresh *t)
{
	int p0 = pix[-step], p1 = pix[-2 * step], p2 = pix[-3 * step];
	int q0 = pix[0], q1 = pix[step], q2 = pix[2 * step];
	int ap, aq;

	/* filterSamplesFlag */
	if (abs(p0 - q0) >= t->alpha || abs(p1 - p0) >= t->beta ||
	    abs(q1 - q0) >= t->beta)
		return;
	ap = abs(p2 - p0);
	aq = abs(q2 - q0);

	if (bs < 4) {
		int tc0 = t->tc0[bs - 1];
		int tc = tc0 + (ap < t->beta) + (aq < t->beta);
		int delta = clip3(-tc, tc,
				  (((q0 - p0) * 4) + (p1 - q1) + 4) >> 3);

		pix[-step] = clip1(p0 + delta);
		pix[0] = clip1(q0 - delta);
		if (ap < t->beta)
			pix[-2 * step] = (uint8_t)(p1 + clip3(-tc0, tc0,
				(p2 + ((p0 + q0 + 1) >> 1) - p1 * 2) >> 1));
		if (aq < t->beta)
			pix[step] = (uint8_t)(q1 + clip3(-tc0, tc0,
				(q2 + ((p0 + q0 + 1) >> 1) - q1 * 2) >> 1));
		return;
	}

	/* bS 4: the strong filter where the edge is smooth enough */
	if (ap < t->beta && abs(p0 - q0) < (t->alpha >> 2) + 2) {
		int p3 = pix[-4 * step];

		pix[-step] = (uint8_t)((p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 +
					4) >> 3);
		pix[-2 * step] = (uint8_t)((p2 + p1 + p0 + q0 + 2) >> 2);
		pix[-3 * step] = (uint8_t)((2 * p3 + 3 * p2 + p1 + p0 + q0 +
					    4) >> 3);
	} else {
		pix[-step] = (uint8_t)((2 * p1 + p0 + q1 + 2) >> 2);
	}
	if (aq < t->beta && abs(p0 - q0) < (t->alpha >> 2) + 2) {
		int q3 = pix[3 * step];

		pix[0] = (uint8_t)((p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 +
				    4) >> 3);
		pix[step] = (uint8_t)((p0 + q0 + q1 + q2 + 2) >> 2);
		pix[2 * step] = (uint8_t)((2 * q3 + 3 * q2 + q1 + q0 + p0 +
					   4) >> 3);
	} else {
		pix[0] = (uint8_t)((2 * q1 + q0 + p1 + 2) >> 2);
	}
}

/* The same for a line of chroma samples (chromaEdgeFlag 1): p0, q0 only. */
static void dbf_filter_chroma_line(uint8_t *pix, ptrdiff_t step,
				   unsigned int bs, const struct dbf_thresh *t)
{
	int p0 = pix[-step], p1 = pix[-2 * step];
	int q0 = pix[0], q1 = pix[step];

	if (abs(p0 - q0) >= t->alpha || abs(p1 - p0) >= t->beta ||
	    abs(q1 - q0) >= t->beta)
		return;

	if (bs < 4) {
		int tc = t->tc0[bs - 1] + 1;
		int delta = clip3(-tc, tc,
				  (((q0 - p0) * 4) + (p1 - q1) + 4) >> 3);

		pix[-step] = clip1(p0 + delta);
		pix[0] = clip1(q0 - delta);
	} else {
		pix[-step] = (uint8_t)((2 * p1 + p0 + q1 + 2) >> 2);
		pix[0] = (uint8_t)((2 * q1 + q0 + p1 + 2) >> 2);
	}
}

static bool dbf_edge_active(const uint8_t bs[4], const struct dbf_thresh *t)
{
	return (bs[0] | bs[1] | bs[2] | bs[3]) && t->alpha && t->beta;
}

/*
 * One luma edge of 16 lines: q0 of the first line at pix, `step` across
 * the edge, `along` from one line to the next; line i has bS bs[i / 4].
 */
static void dbf_filter_luma_edge(uint8_t *pix, ptrdiff_t step,
				 ptrdiff_t along, const uint8_t bs[4],
				 const struct dbf_thresh *t)
{
	if (!dbf_edge_active(bs, t))
		return;
	for (unsigned int i = 0; i < 16; i++, pix += along)
		if (bs[i / 4])
			dbf_filter_luma_line(pix, step, bs[i / 4], t);
}

/*
 * One vertical chroma edge of the NV12 plane: 8 rows of Cb and Cr, chroma
 * row k taking bS from luma row 2k, i.e. bs[k / 2].
 */
static void dbf_filter_chroma_vedge(uint8_t *pix, size_t stride,
				    const uint8_t bs[4],
				    const struct dbf_thresh *t)
{
	if (!dbf_edge_active(bs, t))
		return;
	for (unsigned int k = 0; k < 8; k++, pix += stride) {
		if (!bs[k / 2])
			continue;
		dbf_filter_chroma_line(pix, 2, bs[k / 2], t);
		dbf_filter_chroma_line(pix + 1, 2, bs[k / 2], t);
	}
}

/*
 * One horizontal chroma edge: 16 interleaved bytes, chroma column x
 * (bytes 2x and 2x + 1) taking bS from luma column 2x, i.e. bs[x / 2].
 */
static void dbf_filter_chroma_hedge(uint8_t *pix, size_t stride,
				    const uint8_t bs[4],
				    const struct dbf_thresh *t)
{
	if (!dbf_edge_active(bs, t))
		return;
	for (unsigned int i = 0; i < 16; i++)
		if (bs[i / 4])
			dbf_filter_chroma_line(pix + i, (ptrdiff_t)stride,
					       bs[i / 4], t);
}

static void dbf_filter_mb(uint8_t *y, uint8_t *cbcr, size_t stride,
			  const struct dbf_slice *sl, const struct ve_mb *mb,
			  const struct ve_mb *left, const struct ve_mb *top)
{
	ptrdiff_t s = (ptrdiff_t)stride;
	int qpc = (int)ve_chroma_qp(mb->qp, sl->chroma_qp_offset);
	struct dbf_thresh t_in, t_left = { 0 }, t_top = { 0 };
	struct dbf_thresh c_in, c_left = { 0 }, c_top = { 0 };
	struct dbf_mb_bs b;

	dbf_mb_bs_prepare(&b, mb, left, top);
	dbf_thresh_prepare(&t_in, sl, mb->qp, mb->qp);
	dbf_thresh_prepare(&c_in, sl, qpc, qpc);
	if (left) {
		dbf_thresh_prepare(&t_left, sl, left->qp, mb->qp);
		dbf_thresh_prepare(&c_left, sl,
				   (int)ve_chroma_qp(left->qp,
						     sl->chroma_qp_offset),
				   qpc);
	}
	if (top) {
		dbf_thresh_prepare(&t_top, sl, top->qp, mb->qp);
		dbf_thresh_prepare(&c_top, sl,
				   (int)ve_chroma_qp(top->qp,
						     sl->chroma_qp_offset),
				   qpc);
	}

	/* Luma: vertical edges left to right, then horizontal top down. */
	for (unsigned int e = 0; e < 4; e++)
		dbf_filter_luma_edge(y + 4 * e, 1, s, b.bs[0][e],
				     e ? &t_in : &t_left);
	for (unsigned int e = 0; e < 4; e++)
		dbf_filter_luma_edge(y + 4 * e * s, s, 1, b.bs[1][e],
				     e ? &t_in : &t_top);

	/*
	 * Chroma (both components, one chroma_qp_index_offset): edges 0 and 4
	 * of the 8x8 block, with the bS of luma edges 0 and 2.
	 */
	dbf_filter_chroma_vedge(cbcr, stride, b.bs[0][0], &c_left);
	dbf_filter_chroma_vedge(cbcr + 8, stride, b.bs[0][2], &c_in);
	dbf_filter_chroma_hedge(cbcr, stride, b.bs[1][0], &c_top);
	dbf_filter_chroma_hedge(cbcr + 4 * s, stride, b.bs[1][2], &c_in);
}

void ve_deblock_picture(uint8_t *y, uint8_t *cbcr, size_t stride,
			unsigned int width_mbs, unsigned int height_mbs,
			const struct ve_mb *mbs, int chroma_qp_offset,
			unsigned int idc, int alpha_div2, int beta_div2)
{
	struct dbf_slice sl = {
		.chroma_qp_offset = chroma_qp_offset,
		.offset_a = alpha_div2 * 2,
		.offset_b = beta_div2 * 2,
	};

	/* disable_deblocking_filter_idc 1: the slice is not filtered */
	if (idc == 1)
		return;

	/*
	 * idc 0 and 2 differ only at slice boundaries; with one slice a
	 * macroblock edge is filtered wherever the neighbour exists.
	 */
	for (unsigned int my = 0; my < height_mbs; my++) {
		for (unsigned int mx = 0; mx < width_mbs; mx++) {
			const struct ve_mb *mb = &mbs[my * width_mbs + mx];

			dbf_filter_mb(y + 16 * (my * stride + mx),
				      cbcr + 8 * my * stride + 16 * mx, stride,
				      &sl, mb, mx ? mb - 1 : NULL,
				      my ? mb - width_mbs : NULL);
		}
	}
}
