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
#include <string.h>

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

/*
 * The thresholds of one edge, from the average QP of its two macroblocks
 * (8.7.2.2). alpha == 0 or beta == 0 filters no sample.
 */
struct dbf_thresh {
	int16_t alpha;
	int16_t beta;
	int16_t tc0[5];		/* tC0' by bS; -1 for bS 0, 0 for bS 4 */
};

/*
 * Boundary strengths of one macroblock: bs[dir][edge][part], dir 0 for the
 * vertical edges (edge = 4x4 column of q0, part = 4x4 row), 1 for the
 * horizontal ones (edge = 4x4 row of q0, part = 4x4 column).
 */
struct dbf_mb_bs {
	uint8_t bs[2][4][4];
};

/*
 * The slice-wide parameters of ve_deblock_picture(): the thresholds by
 * qPav, luma and chroma alike (8.7.2.2 takes the same tables for both, from
 * the average of QPY or of QPC).
 */
struct dbf_slice {
	int chroma_qp_offset;
	struct dbf_thresh thresh[52];
};

static int clip3(int lo, int hi, int v)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void dbf_thresh_prepare(struct dbf_thresh *t, int qpav, int offset_a,
			       int offset_b)
{
	int index_a = clip3(0, 51, qpav + offset_a);
	int index_b = clip3(0, 51, qpav + offset_b);

	t->alpha = dbf_alpha[index_a];
	t->beta = dbf_beta[index_b];
	t->tc0[0] = -1;
	for (unsigned int bs = 1; bs <= 3; bs++)
		t->tc0[bs] = dbf_tc0[index_a][bs - 1];
	t->tc0[4] = 0;
}

/* The thresholds of an edge between blocks of QP qp_p and qp_q */
static const struct dbf_thresh *dbf_thresh(const struct dbf_slice *sl,
					   int qp_p, int qp_q)
{
	return &sl->thresh[(qp_p + qp_q + 1) >> 1];
}

static bool dbf_mb_intra(const struct ve_mb *mb)
{
	return mb->type == VE_MB_I16;
}

/*
 * Bit 4 * y + x set where the 4x4 luma block in column x, row y of mb has
 * non-zero coefficients. With y = 2 * y1 + y0 and x = 2 * x1 + x0, the
 * bits of luma4x4BlkIdx (6.4.3: the 8x8 quadrant, then the block inside
 * it) are y1 x1 y0 x0 from the highest down, those of 4 * y + x are
 * y1 y0 x1 x0: swapping bits 1 and 2 of every bit position turns the mask
 * by luma4x4BlkIdx into the raster one.
 */
static unsigned int dbf_nz_mask(const struct ve_mb *mb)
{
	unsigned int blk;	/* bit k: luma4x4BlkIdx k */

	blk = 0;
	for (unsigned int k = 0; k < 16; k++)
		blk |= (unsigned int)(mb->total_coeff_y[k] != 0) << k;
	return (blk & 0xc3c3) | (blk & 0x3030) >> 2 | (blk & 0x0c0c) << 2;
}

/* Bits 0, 4, 8 and 12 of m (a column of dbf_nz_mask()) as bits 0..3 */
static unsigned int dbf_nz_column(unsigned int m)
{
	m &= 0x1111;
	return (m | m >> 3 | m >> 6 | m >> 9) & 0xf;
}

/*
 * The 4 bS bytes of an edge from a mask of its segments (bit i: segment
 * i): 1 in byte i where bit i is set, else 0. The product places
 * copies of the mask 7 bits apart, so that bit i of copy i lands on bit
 * 8i; no two copies overlap, and the mask keeps those bits only.
 */
static uint32_t dbf_bs_bytes(unsigned int segments)
{
	return ((segments & 0xf) * 0x204081u) & 0x01010101u;
}

/* Store the bS bytes of an edge at once. */
static void dbf_bs_store(uint8_t bs[4], uint32_t bytes)
{
	memcpy(bs, &bytes, sizeof(bytes));
}

/*
 * 8.7.2.1 for the four segments of a macroblock edge of an inter
 * macroblock mb: n is the neighbour across it (NULL when the edge is not
 * filtered), nz bit i set where either 4x4 block of segment i has
 * non-zero coefficients. 4 next to an intra macroblock; else 2 where
 * there are coefficients, 1 if the motion vectors differ by 4 quarter
 * samples or more (the model has one reference picture, so the references
 * never differ), 0 otherwise.
 */
static void dbf_bs_mb_edge(uint8_t bs[4], const struct ve_mb *mb,
			   const struct ve_mb *n, unsigned int nz)
{
	uint32_t mv_bs;

	if (!n) {
		dbf_bs_store(bs, 0);
		return;
	}
	if (dbf_mb_intra(n)) {
		dbf_bs_store(bs, 0x04040404u);
		return;
	}
	mv_bs = abs(n->mv[0] - mb->mv[0]) >= 4 ||
		abs(n->mv[1] - mb->mv[1]) >= 4;
	dbf_bs_store(bs, dbf_bs_bytes(nz) * 2 + dbf_bs_bytes(~nz) * mv_bs);
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
	unsigned int nz, nz_v, nz_h;

	if (dbf_mb_intra(mb)) {
		/* 4 on the macroblock edges, 3 inside */
		for (unsigned int e = 1; e < 4; e++) {
			dbf_bs_store(b->bs[0][e], 0x03030303u);
			dbf_bs_store(b->bs[1][e], 0x03030303u);
		}
		dbf_bs_store(b->bs[0][0], left ? 0x04040404u : 0);
		dbf_bs_store(b->bs[1][0], top ? 0x04040404u : 0);
		return;
	}

	/*
	 * Inside an inter macroblock both sides have the same motion
	 * vector: bS is 2 where either block has coefficients, else 0. Bit
	 * 4 * y + x of nz_v: block x or x - 1 of row y; of nz_h: block y or
	 * y - 1 of column x.
	 */
	nz = dbf_nz_mask(mb);
	nz_v = nz | nz << 1;
	nz_h = nz | nz << 4;
	for (unsigned int e = 1; e < 4; e++) {
		dbf_bs_store(b->bs[0][e],
			     dbf_bs_bytes(dbf_nz_column(nz_v >> e)) * 2);
		dbf_bs_store(b->bs[1][e], dbf_bs_bytes(nz_h >> (4 * e)) * 2);
	}
	dbf_bs_mb_edge(b->bs[0][0], mb, left, dbf_nz_column(nz) |
		       (left ? dbf_nz_column(dbf_nz_mask(left) >> 3) : 0));
	dbf_bs_mb_edge(b->bs[1][0], mb, top, (nz & 0xf) |
		       (top ? dbf_nz_mask(top) >> 12 : 0));
}

enum dbf_dir {
	DBF_VERTICAL,	/* a vertical edge: lines are rows */
	DBF_HORIZONTAL,	/* a horizontal edge: lines are columns */
};

/*
 * The samples across one edge, 16 lines at a time: p[k][i] and q[k][i] are
 * pk and qk of line i, p0 and q0 next to the edge. Filtering all lines with
 * the same branch-free code lets the compiler vectorise it.
 */
struct dbf_lines {
	int16_t p[4][16];
	int16_t q[4][16];
};

/*
 * Per line of a bS < 4 edge: tC0' of its bS, -1 where bS is 0 (the line
 * is not filtered). Line i of every edge, luma or chroma, takes the bS of
 * the 4x4 segment bs[i / 4]. An edge is either bS 4 all along (a
 * macroblock edge next to an intra macroblock) or bS < 4 all along.
 */
struct dbf_lanes {
	int16_t tc0[16];
};

/* The first n samples either side of a horizontal edge: line i is column i */
static void dbf_load_h(struct dbf_lines *restrict l,
		       const uint8_t *restrict pix, ptrdiff_t stride,
		       unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		const uint8_t *p = pix - (ptrdiff_t)(k + 1) * stride;
		const uint8_t *q = pix + (ptrdiff_t)k * stride;

		for (unsigned int i = 0; i < 16; i++) {
			l->p[k][i] = p[i];
			l->q[k][i] = q[i];
		}
	}
}

static void dbf_store_h(const struct dbf_lines *restrict l,
			uint8_t *restrict pix, ptrdiff_t stride,
			unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		uint8_t *p = pix - (ptrdiff_t)(k + 1) * stride;
		uint8_t *q = pix + (ptrdiff_t)k * stride;

		for (unsigned int i = 0; i < 16; i++)
			p[i] = (uint8_t)l->p[k][i];
		for (unsigned int i = 0; i < 16; i++)
			q[i] = (uint8_t)l->q[k][i];
	}
}

/* The same for a vertical luma edge: line i is row i. */
static void dbf_load_v(struct dbf_lines *restrict l,
		       const uint8_t *restrict pix, ptrdiff_t stride)
{
	for (unsigned int i = 0; i < 16; i++, pix += stride) {
		for (unsigned int k = 0; k < 4; k++) {
			l->p[k][i] = pix[-1 - (ptrdiff_t)k];
			l->q[k][i] = pix[k];
		}
	}
}

static void dbf_store_v(const struct dbf_lines *restrict l,
			uint8_t *restrict pix, ptrdiff_t stride)
{
	for (unsigned int i = 0; i < 16; i++, pix += stride) {
		for (unsigned int k = 0; k < 3; k++) {
			pix[-1 - (ptrdiff_t)k] = (uint8_t)l->p[k][i];
			pix[k] = (uint8_t)l->q[k][i];
		}
	}
}

/*
 * A vertical NV12 chroma edge: line i is component i % 2 (Cb, Cr) of row
 * i / 2, so that chroma row r takes its bS from luma row 2r as 8.7.2.1
 * says for 4:2:0. p1..q1 in, p0 and q0 out.
 */
static void dbf_load_v_chroma(struct dbf_lines *restrict l,
			      const uint8_t *restrict pix, ptrdiff_t stride)
{
	for (unsigned int i = 0; i < 16; i += 2, pix += stride) {
		for (int c = 0; c < 2; c++) {
			l->p[1][i + c] = pix[c - 4];
			l->p[0][i + c] = pix[c - 2];
			l->q[0][i + c] = pix[c];
			l->q[1][i + c] = pix[c + 2];
		}
	}
}

static void dbf_store_v_chroma(const struct dbf_lines *restrict l,
			       uint8_t *restrict pix, ptrdiff_t stride)
{
	for (unsigned int i = 0; i < 16; i += 2, pix += stride) {
		for (int c = 0; c < 2; c++) {
			pix[c - 2] = (uint8_t)l->p[0][i + c];
			pix[c] = (uint8_t)l->q[0][i + c];
		}
	}
}

/*
 * The filters below read struct dbf_lines `l` and write the samples they
 * may change to `out`, a different struct: a store that only happens on
 * some lines would not vectorise. They compute in int16_t: every
 * intermediate value fits (|x| < 2^12), and 16-bit lanes let the compiler
 * filter 8 lines per 128-bit vector instead of 4.
 */
static int16_t abs16(int16_t v)
{
	return v < 0 ? (int16_t)-v : v;
}

static int16_t clip16(int16_t lo, int16_t hi, int16_t v)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * v >> n on a sum taken as int16_t, so that the shift stays 16-bit. A
 * macro: GCC 12 widens the lanes to 32 bits again through an inline
 * function.
 */
#define SHR16(v, n)	((int16_t)((int16_t)(v) >> (n)))

/* filterSamplesFlag (8.7.2.2), 0 or 1 */
static int16_t dbf_filter_flag(int16_t on, int16_t p1, int16_t p0,
			       int16_t q0, int16_t q1,
			       const struct dbf_thresh *t)
{
	return on & (abs16((int16_t)(p0 - q0)) < t->alpha) &
	       (abs16((int16_t)(p1 - p0)) < t->beta) &
	       (abs16((int16_t)(q1 - q0)) < t->beta);
}

/* The change of p0 and q0 for bS < 4 (8.7.2.3), clipped to +-tc */
static int16_t dbf_delta(int16_t p1, int16_t p0, int16_t q0, int16_t q1,
			 int16_t tc)
{
	return clip16((int16_t)-tc, tc,
		      SHR16((q0 - p0) * 4 + (p1 - q1) + 4, 3));
}

/* 8.7.2.3, bS < 4, luma: p0, q0, and p1, q1 where the side is smooth */
static void dbf_luma_normal(const struct dbf_lines *restrict l,
			    struct dbf_lines *restrict out,
			    const struct dbf_lanes *ln,
			    const struct dbf_thresh *t)
{
	for (unsigned int i = 0; i < 16; i++) {
		int16_t p0 = l->p[0][i], p1 = l->p[1][i], p2 = l->p[2][i];
		int16_t q0 = l->q[0][i], q1 = l->q[1][i], q2 = l->q[2][i];
		int16_t tc0 = ln->tc0[i];
		int16_t f = dbf_filter_flag(tc0 >= 0, p1, p0, q0, q1, t);
		int16_t ap = abs16((int16_t)(p2 - p0)) < t->beta;
		int16_t aq = abs16((int16_t)(q2 - q0)) < t->beta;
		int16_t delta = dbf_delta(p1, p0, q0, q1,
					  (int16_t)(tc0 + ap + aq));
		int16_t avg = SHR16(p0 + q0 + 1, 1);
		int16_t dp1 = clip16((int16_t)-tc0, tc0,
				     SHR16(p2 + avg - p1 * 2, 1));
		int16_t dq1 = clip16((int16_t)-tc0, tc0,
				     SHR16(q2 + avg - q1 * 2, 1));

		out->p[0][i] = f ? clip16(0, 255, (int16_t)(p0 + delta)) : p0;
		out->q[0][i] = f ? clip16(0, 255, (int16_t)(q0 - delta)) : q0;
		out->p[1][i] = f & ap ? (int16_t)(p1 + dp1) : p1;
		out->q[1][i] = f & aq ? (int16_t)(q1 + dq1) : q1;
		out->p[2][i] = p2;
		out->q[2][i] = q2;
	}
}

/*
 * 8.7.2.4, bS 4, luma: the strong 3-sample filter on a side that is smooth
 * and where the step across the edge is small, else p0 (q0) only.
 */
static void dbf_luma_strong(const struct dbf_lines *restrict l,
			    struct dbf_lines *restrict out,
			    const struct dbf_thresh *t)
{
	for (unsigned int i = 0; i < 16; i++) {
		int16_t p0 = l->p[0][i], p1 = l->p[1][i], p2 = l->p[2][i];
		int16_t q0 = l->q[0][i], q1 = l->q[1][i], q2 = l->q[2][i];
		int16_t p3 = l->p[3][i], q3 = l->q[3][i];
		int16_t f = dbf_filter_flag(1, p1, p0, q0, q1, t);
		int16_t small = abs16((int16_t)(p0 - q0)) < (t->alpha >> 2) + 2;
		int16_t sp = f & small & (abs16((int16_t)(p2 - p0)) < t->beta);
		int16_t sq = f & small & (abs16((int16_t)(q2 - q0)) < t->beta);
		/* the weak form, and the strong form of either side */
		int16_t wp0 = f ? SHR16(2 * p1 + p0 + q1 + 2, 2) : p0;
		int16_t wq0 = f ? SHR16(2 * q1 + q0 + p1 + 2, 2) : q0;
		int16_t sp0 = SHR16(p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4, 3);
		int16_t sq0 = SHR16(p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 + 4, 3);

		out->p[0][i] = sp ? sp0 : wp0;
		out->p[1][i] = sp ? SHR16(p2 + p1 + p0 + q0 + 2, 2) : p1;
		out->p[2][i] = sp ? SHR16(2 * p3 + 3 * p2 + p1 + p0 + q0 + 4,
					  3) : p2;
		out->q[0][i] = sq ? sq0 : wq0;
		out->q[1][i] = sq ? SHR16(p0 + q0 + q1 + q2 + 2, 2) : q1;
		out->q[2][i] = sq ? SHR16(2 * q3 + 3 * q2 + q1 + q0 + p0 + 4,
					  3) : q2;
	}
}

/* chromaEdgeFlag 1: p0 and q0 only, tC = tC0 + 1 (bS < 4) */
static void dbf_chroma_normal(const struct dbf_lines *restrict l,
			      struct dbf_lines *restrict out,
			      const struct dbf_lanes *ln,
			      const struct dbf_thresh *t)
{
	for (unsigned int i = 0; i < 16; i++) {
		int16_t p0 = l->p[0][i], p1 = l->p[1][i];
		int16_t q0 = l->q[0][i], q1 = l->q[1][i];
		int16_t f = dbf_filter_flag(ln->tc0[i] >= 0, p1, p0, q0, q1, t);
		int16_t delta = dbf_delta(p1, p0, q0, q1,
					  (int16_t)(ln->tc0[i] + 1));

		out->p[0][i] = f ? clip16(0, 255, (int16_t)(p0 + delta)) : p0;
		out->q[0][i] = f ? clip16(0, 255, (int16_t)(q0 - delta)) : q0;
	}
}

/* chromaEdgeFlag 1, bS 4 (8.7.2.4): p0 and q0 only */
static void dbf_chroma_strong(const struct dbf_lines *restrict l,
			      struct dbf_lines *restrict out,
			      const struct dbf_thresh *t)
{
	for (unsigned int i = 0; i < 16; i++) {
		int16_t p0 = l->p[0][i], p1 = l->p[1][i];
		int16_t q0 = l->q[0][i], q1 = l->q[1][i];
		int16_t f = dbf_filter_flag(1, p1, p0, q0, q1, t);

		out->p[0][i] = f ? SHR16(2 * p1 + p0 + q1 + 2, 2) : p0;
		out->q[0][i] = f ? SHR16(2 * q1 + q0 + p1 + 2, 2) : q0;
	}
}

/*
 * Spread the bS of a bS < 4 edge's four segments over its 16 lines. false
 * when no line can be filtered, whatever the bS.
 */
static bool dbf_lanes_prepare(struct dbf_lanes *ln, const uint8_t bs[4],
			      const struct dbf_thresh *t)
{
	if (!(bs[0] | bs[1] | bs[2] | bs[3]) || !t->alpha || !t->beta)
		return false;
	for (unsigned int s = 0; s < 4; s++) {
		int16_t tc0 = t->tc0[bs[s]];

		ln->tc0[4 * s] = tc0;
		ln->tc0[4 * s + 1] = tc0;
		ln->tc0[4 * s + 2] = tc0;
		ln->tc0[4 * s + 3] = tc0;
	}
	return true;
}

/* One luma edge, q0 of its first line at pix. */
static void dbf_filter_luma_edge(uint8_t *pix, ptrdiff_t stride,
				 enum dbf_dir dir, const uint8_t bs[4],
				 const struct dbf_thresh *t)
{
	bool strong = bs[0] == 4;
	struct dbf_lines in, out;
	struct dbf_lanes ln;

	if (!dbf_lanes_prepare(&ln, bs, t))
		return;
	/* p3..q3 in (bS 4 reads them all), p2..q2 out */
	if (dir == DBF_VERTICAL)
		dbf_load_v(&in, pix, stride);
	else
		dbf_load_h(&in, pix, stride, 4);
	if (strong)
		dbf_luma_strong(&in, &out, t);
	else
		dbf_luma_normal(&in, &out, &ln, t);
	if (dir == DBF_VERTICAL)
		dbf_store_v(&out, pix, stride);
	else
		dbf_store_h(&out, pix, stride, 3);
}

/*
 * One chroma edge of the NV12 plane, Cb and Cr together (the model has one
 * chroma_qp_index_offset, so both have the same QPC): 8 rows of two
 * components for a vertical edge, 16 interleaved bytes for a horizontal
 * one, where chroma column x takes its bS from luma column 2x. Only p0 and
 * q0 change.
 */
static void dbf_filter_chroma_edge(uint8_t *pix, ptrdiff_t stride,
				   enum dbf_dir dir, const uint8_t bs[4],
				   const struct dbf_thresh *t)
{
	struct dbf_lines in, out;
	struct dbf_lanes ln;

	if (!dbf_lanes_prepare(&ln, bs, t))
		return;
	if (dir == DBF_VERTICAL)
		dbf_load_v_chroma(&in, pix, stride);
	else
		dbf_load_h(&in, pix, stride, 2);
	if (bs[0] == 4)
		dbf_chroma_strong(&in, &out, t);
	else
		dbf_chroma_normal(&in, &out, &ln, t);
	if (dir == DBF_VERTICAL)
		dbf_store_v_chroma(&out, pix, stride);
	else
		dbf_store_h(&out, pix, stride, 1);
}

/* The luma edges of the macroblock at y, in the order of 8.7 */
static void dbf_filter_luma_mb(uint8_t *y, ptrdiff_t stride,
			       const struct dbf_mb_bs *b,
			       const struct dbf_thresh *t_left,
			       const struct dbf_thresh *t_top,
			       const struct dbf_thresh *t_in)
{
	for (unsigned int e = 0; e < 4; e++)
		dbf_filter_luma_edge(y + 4 * e, stride, DBF_VERTICAL,
				     b->bs[0][e], e ? t_in : t_left);
	for (unsigned int e = 0; e < 4; e++)
		dbf_filter_luma_edge(y + 4 * e * stride, stride,
				     DBF_HORIZONTAL, b->bs[1][e],
				     e ? t_in : t_top);
}

static void dbf_filter_mb(uint8_t *y, uint8_t *cbcr, size_t stride,
			  const struct dbf_slice *sl, const struct ve_mb *mb,
			  const struct ve_mb *left, const struct ve_mb *top)
{
	ptrdiff_t s = (ptrdiff_t)stride;
	int qpc = (int)ve_chroma_qp(mb->qp, sl->chroma_qp_offset);
	/* without a neighbour, bS is 0 and the thresholds are not read */
	const struct dbf_thresh *t_in = dbf_thresh(sl, mb->qp, mb->qp);
	const struct dbf_thresh *t_left = t_in, *t_top = t_in;
	const struct dbf_thresh *c_in = dbf_thresh(sl, qpc, qpc);
	const struct dbf_thresh *c_left = c_in, *c_top = c_in;
	struct dbf_mb_bs b;

	dbf_mb_bs_prepare(&b, mb, left, top);
	if (left) {
		t_left = dbf_thresh(sl, left->qp, mb->qp);
		c_left = dbf_thresh(sl, (int)ve_chroma_qp(left->qp,
							  sl->chroma_qp_offset),
				    qpc);
	}
	if (top) {
		t_top = dbf_thresh(sl, top->qp, mb->qp);
		c_top = dbf_thresh(sl, (int)ve_chroma_qp(top->qp,
							 sl->chroma_qp_offset),
				   qpc);
	}

	/* Luma: vertical edges left to right, then horizontal top down. */
	dbf_filter_luma_mb(y, s, &b, t_left, t_top, t_in);

	/*
	 * Chroma (both components, one chroma_qp_index_offset): edges 0 and 4
	 * of the 8x8 block, with the bS of luma edges 0 and 2.
	 */
	dbf_filter_chroma_edge(cbcr, s, DBF_VERTICAL, b.bs[0][0], c_left);
	dbf_filter_chroma_edge(cbcr + 8, s, DBF_VERTICAL, b.bs[0][2], c_in);
	dbf_filter_chroma_edge(cbcr, s, DBF_HORIZONTAL, b.bs[1][0], c_top);
	dbf_filter_chroma_edge(cbcr + 4 * s, s, DBF_HORIZONTAL, b.bs[1][2],
			       c_in);
}

void ve_deblock_picture(uint8_t *y, uint8_t *cbcr, size_t stride,
			unsigned int width_mbs, unsigned int height_mbs,
			const struct ve_mb *mbs, int chroma_qp_offset,
			unsigned int idc, int alpha_div2, int beta_div2)
{
	struct dbf_slice sl = { .chroma_qp_offset = chroma_qp_offset };

	/* disable_deblocking_filter_idc 1: the slice is not filtered */
	if (idc == 1)
		return;

	for (int qpav = 0; qpav < 52; qpav++)
		dbf_thresh_prepare(&sl.thresh[qpav], qpav, alpha_div2 * 2,
				   beta_div2 * 2);

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
