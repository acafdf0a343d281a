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

/*
 * SSE2 (every x86-64) filters the 16 lines of an edge as the 16 bytes of a
 * register; the portable code stays for other hosts, and VE_NO_SIMD
 * selects it here too (the two builds must code the same bits: make
 * bench-model's hash column, model.simd_matches_portable).
 */
#if defined(__SSE2__) && !defined(VE_NO_SIMD)
#define VE_SSE2 1
#include <emmintrin.h>
#else
#define VE_SSE2 0
#endif

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
	bool on;		/* alpha != 0 && beta != 0 */
	int16_t alpha;
	int16_t beta;
	int16_t tc0[5];		/* tC0' by bS; -1 for bS 0, 0 for bS 4 */
#if VE_SSE2
	/* in every byte: alpha - 1, beta - 1, (alpha >> 2) + 1 (8.7.2.4) */
	__m128i alpha_m1;
	__m128i beta_m1;
	__m128i small_m1;
	__m128i tc0_bs[3];	/* tC0' of bS 1..3 in every byte */
#endif
};

/*
 * Boundary strengths of one macroblock: bs[dir][edge], dir 0 for the
 * vertical edges (edge = 4x4 column of q0), 1 for the horizontal ones
 * (edge = 4x4 row of q0); bits 8i..8i+7 hold bS of the edge's segment i
 * (4x4 row i of a vertical edge, 4x4 column i of a horizontal one).
 */
struct dbf_mb_bs {
	uint32_t bs[2][4];
};

/* bS of segment i of an edge's word */
static unsigned int dbf_bs_seg(uint32_t bs, unsigned int i)
{
	return bs >> (8 * i) & 0xff;
}

/*
 * The slice-wide parameters of ve_deblock_picture(): the thresholds by
 * qPav, luma and chroma alike (8.7.2.2 takes the same tables for both, from
 * the average of QPY or of QPC).
 */
struct dbf_slice {
	uint8_t qpc[52];	/* QPC by QPY */
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
	t->on = t->alpha && t->beta;
	t->tc0[0] = -1;
	for (unsigned int bs = 1; bs <= 3; bs++)
		t->tc0[bs] = dbf_tc0[index_a][bs - 1];
	t->tc0[4] = 0;
#if VE_SSE2
	t->alpha_m1 = _mm_set1_epi8((char)(t->alpha - 1));
	t->beta_m1 = _mm_set1_epi8((char)(t->beta - 1));
	t->small_m1 = _mm_set1_epi8((char)((t->alpha >> 2) + 1));
	for (unsigned int bs = 1; bs <= 3; bs++)
		t->tc0_bs[bs - 1] = _mm_set1_epi8((char)t->tc0[bs]);
#endif
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

#if VE_SSE2
	__m128i n = _mm_loadu_si128((const __m128i *)mb->total_coeff_y);

	blk = ~(unsigned int)_mm_movemask_epi8(_mm_cmpeq_epi8(n,
				_mm_setzero_si128())) & 0xffff;
#else
	blk = 0;
	for (unsigned int k = 0; k < 16; k++)
		blk |= (unsigned int)(mb->total_coeff_y[k] != 0) << k;
#endif
	return (blk & 0xc3c3) | (blk & 0x3030) >> 2 | (blk & 0x0c0c) << 2;
}

/* Bits 0, 4, 8 and 12 of m (a column of dbf_nz_mask()) as bits 0..3 */
static unsigned int dbf_nz_column(unsigned int m)
{
	m &= 0x1111;
	return (m | m >> 3 | m >> 6 | m >> 9) & 0xf;
}

/*
 * The bS word of an edge from a mask of its segments (bit i: segment
 * i): 1 in bits 8i..8i+7 where bit i is set, else 0. The product places
 * copies of the mask 7 bits apart, so that bit i of copy i lands on bit
 * 8i; no two copies overlap, and the mask keeps those bits only.
 */
static uint32_t dbf_bs_bytes(unsigned int segments)
{
	return ((segments & 0xf) * 0x204081u) & 0x01010101u;
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
static uint32_t dbf_bs_mb_edge(const struct ve_mb *mb, const struct ve_mb *n,
			       unsigned int nz)
{
	uint32_t mv_bs;

	if (!n)
		return 0;
	if (dbf_mb_intra(n))
		return 0x04040404u;
	mv_bs = abs(n->mv[0] - mb->mv[0]) >= 4 ||
		abs(n->mv[1] - mb->mv[1]) >= 4;
	return dbf_bs_bytes(nz) * 2 + dbf_bs_bytes(~nz) * mv_bs;
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
			b->bs[0][e] = 0x03030303u;
			b->bs[1][e] = 0x03030303u;
		}
		b->bs[0][0] = left ? 0x04040404u : 0;
		b->bs[1][0] = top ? 0x04040404u : 0;
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
		b->bs[0][e] = dbf_bs_bytes(dbf_nz_column(nz_v >> e)) * 2;
		b->bs[1][e] = dbf_bs_bytes(nz_h >> (4 * e)) * 2;
	}
	/* the macroblock edges: column 3 of left, row 3 of top */
	nz_v = dbf_nz_column(nz);
	if (left)
		nz_v |= dbf_nz_column(dbf_nz_mask(left) >> 3);
	nz_h = nz & 0xf;
	if (top)
		nz_h |= dbf_nz_mask(top) >> 12;
	b->bs[0][0] = dbf_bs_mb_edge(mb, left, nz_v);
	b->bs[1][0] = dbf_bs_mb_edge(mb, top, nz_h);
}

enum dbf_dir {
	DBF_VERTICAL,	/* a vertical edge: lines are rows */
	DBF_HORIZONTAL,	/* a horizontal edge: lines are columns */
};

#if !VE_SSE2
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
 * the 4x4 segment i / 4. An edge is either bS 4 all along (a
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
static bool dbf_lanes_prepare(struct dbf_lanes *ln, uint32_t bs,
			      const struct dbf_thresh *t)
{
	if (!bs || !t->on)
		return false;
	for (unsigned int s = 0; s < 4; s++) {
		int16_t tc0 = t->tc0[dbf_bs_seg(bs, s)];

		ln->tc0[4 * s] = tc0;
		ln->tc0[4 * s + 1] = tc0;
		ln->tc0[4 * s + 2] = tc0;
		ln->tc0[4 * s + 3] = tc0;
	}
	return true;
}

/* One luma edge, q0 of its first line at pix. */
static void dbf_filter_luma_edge(uint8_t *pix, ptrdiff_t stride,
				 enum dbf_dir dir, uint32_t bs,
				 const struct dbf_thresh *t)
{
	bool strong = dbf_bs_seg(bs, 0) == 4;
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
				   enum dbf_dir dir, uint32_t bs,
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
	if (dbf_bs_seg(bs, 0) == 4)
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

#else /* VE_SSE2 */
/*
 * The samples across one edge, one register each: byte i of p3 .. q3 is
 * that sample of line i, lines as in the portable code (a column of a
 * horizontal edge, a row of a vertical one). The conditions of 8.7.2.2
 * are taken on the bytes, all 16 lines at once; the sums that can leave
 * 0..255 are taken in two halves of 8 16-bit lanes and packed back with
 * unsigned saturation, which is Clip1 where the standard clips and
 * changes nothing where the result is already a sample value.
 */
struct dbf_px {
	__m128i p3, p2, p1, p0, q0, q1, q2, q3;
};

/* |a - b| of every byte */
static inline __m128i dbf_absdiff(__m128i a, __m128i b)
{
	return _mm_or_si128(_mm_subs_epu8(a, b), _mm_subs_epu8(b, a));
}

/* 0xff in the bytes where a < lim, from lim_m1 = lim - 1 (lim >= 1) */
static inline __m128i dbf_below(__m128i a, __m128i lim_m1)
{
	return _mm_cmpeq_epi8(_mm_subs_epu8(a, lim_m1), _mm_setzero_si128());
}

/* Bytes where m is 0xff from a, the others from b */
static inline __m128i dbf_select(__m128i m, __m128i a, __m128i b)
{
	return _mm_or_si128(_mm_and_si128(m, a), _mm_andnot_si128(m, b));
}

/* The low and high 8 bytes as 16-bit lanes */
static inline __m128i dbf_lo(__m128i v)
{
	return _mm_unpacklo_epi8(v, _mm_setzero_si128());
}

static inline __m128i dbf_hi(__m128i v)
{
	return _mm_unpackhi_epi8(v, _mm_setzero_si128());
}

/*
 * Byte i of v (i = 0..3, the lowest first), the value of 4x4 segment i,
 * into the bytes of its four lines 4i..4i+3.
 */
static inline __m128i dbf_spread(uint32_t v)
{
	__m128i x = _mm_cvtsi32_si128((int)v);

	x = _mm_unpacklo_epi8(x, x);
	return _mm_unpacklo_epi16(x, x);
}

/*
 * filterSamplesFlag (8.7.2.2), 0xff or 0: on the lines of `on` where
 * |p0 - q0| < alpha, |p1 - p0| < beta and |q1 - q0| < beta.
 */
static inline __m128i dbf_flag(const struct dbf_px *x, __m128i on,
			       const struct dbf_thresh *t)
{
	__m128i side = _mm_max_epu8(dbf_absdiff(x->p1, x->p0),
				    dbf_absdiff(x->q1, x->q0));

	on = _mm_and_si128(on, dbf_below(dbf_absdiff(x->p0, x->q0),
					 t->alpha_m1));
	return _mm_and_si128(on, dbf_below(side, t->beta_m1));
}

/*
 * The change of p0 and q0 for bS < 4 (8.7.2.3) in 16-bit lanes:
 * ((q0 - p0) * 4 + (p1 - q1) + 4) >> 3 clipped to +-tc; the sum before
 * the shift lies within +-1279.
 */
static inline __m128i dbf_delta_epi16(__m128i p1, __m128i p0, __m128i q0,
				      __m128i q1, __m128i tc)
{
	__m128i d = _mm_slli_epi16(_mm_sub_epi16(q0, p0), 2);

	d = _mm_add_epi16(d, _mm_sub_epi16(p1, q1));
	d = _mm_srai_epi16(_mm_add_epi16(d, _mm_set1_epi16(4)), 3);
	d = _mm_max_epi16(d, _mm_sub_epi16(_mm_setzero_si128(), tc));
	return _mm_min_epi16(d, tc);
}

/*
 * p0 and q0 of bS < 4, luma and chroma: p0 + delta and q0 - delta with
 * Clip1, tc the bytes of tC, 0 on the lines not filtered (delta is 0).
 */
static inline void dbf_p0q0_normal(struct dbf_px *x, __m128i tc)
{
	__m128i p1l = dbf_lo(x->p1), p0l = dbf_lo(x->p0);
	__m128i q0l = dbf_lo(x->q0), q1l = dbf_lo(x->q1);
	__m128i p1h = dbf_hi(x->p1), p0h = dbf_hi(x->p0);
	__m128i q0h = dbf_hi(x->q0), q1h = dbf_hi(x->q1);
	__m128i dl = dbf_delta_epi16(p1l, p0l, q0l, q1l, dbf_lo(tc));
	__m128i dh = dbf_delta_epi16(p1h, p0h, q0h, q1h, dbf_hi(tc));

	x->p0 = _mm_packus_epi16(_mm_add_epi16(p0l, dl),
				 _mm_add_epi16(p0h, dh));
	x->q0 = _mm_packus_epi16(_mm_sub_epi16(q0l, dl),
				 _mm_sub_epi16(q0h, dh));
}

/*
 * p1 of bS < 4 luma, p1 + Clip3(-tC0, tC0, (p2 + avg - 2 * p1) >> 1) with
 * avg = (p0 + q0 + 1) >> 1; q1 alike from q2. As p1 is an integer, that
 * is (p2 + avg) >> 1 clipped to p1 +- tC0, all of it in bytes: the
 * halved sum is the rounded-up mean less the bit the rounding added to
 * an odd sum, and the bounds may saturate at 0 and 255 since the value
 * clipped lies within them. tc0 is 0 on the lines where p1 stays.
 */
static inline __m128i dbf_p1_normal(__m128i p2, __m128i p1, __m128i avg,
				    __m128i tc0)
{
	__m128i odd = _mm_and_si128(_mm_xor_si128(p2, avg), _mm_set1_epi8(1));
	__m128i half = _mm_sub_epi8(_mm_avg_epu8(p2, avg), odd);

	half = _mm_min_epu8(half, _mm_adds_epu8(p1, tc0));
	return _mm_max_epu8(half, _mm_subs_epu8(p1, tc0));
}

/*
 * 8.7.2.3, bS < 4, luma: on the lines of `on` (bS != 0), tc0 the bytes of
 * tC0'. false if no line is filtered.
 */
static inline bool dbf_luma_normal(struct dbf_px *x, __m128i on,
				   __m128i tc0, const struct dbf_thresh *t)
{
	__m128i f = dbf_flag(x, on, t);
	__m128i ap, aq, tc, avg, p1, q1;

	if (!_mm_movemask_epi8(f))
		return false;
	ap = _mm_and_si128(f, dbf_below(dbf_absdiff(x->p2, x->p0), t->beta_m1));
	aq = _mm_and_si128(f, dbf_below(dbf_absdiff(x->q2, x->q0), t->beta_m1));
	/* tC = tC0 + ap + aq where filtered (the masks are -1), else 0 */
	tc = _mm_and_si128(f, _mm_sub_epi8(_mm_sub_epi8(tc0, ap), aq));
	/* p1 and q1 from the unfiltered p0 and q0, p0 and q0 from p1 and q1 */
	avg = _mm_avg_epu8(x->p0, x->q0);
	p1 = dbf_p1_normal(x->p2, x->p1, avg, _mm_and_si128(ap, tc0));
	q1 = dbf_p1_normal(x->q2, x->q1, avg, _mm_and_si128(aq, tc0));
	dbf_p0q0_normal(x, tc);
	x->p1 = p1;
	x->q1 = q1;
	return true;
}

/* (2 * p1 + p0 + q1 + 2) >> 2, p0 of bS 4 without the strong filter */
static inline __m128i dbf_weak_p0(__m128i p1, __m128i p0, __m128i q1)
{
	__m128i w = _mm_add_epi16(_mm_add_epi16(p1, p1), _mm_add_epi16(p0, q1));

	return _mm_srli_epi16(_mm_add_epi16(w, _mm_set1_epi16(2)), 2);
}

/*
 * One side of the bS 4 luma filter in 16-bit lanes: w0 the weak p0, s0..s2
 * the strong p0..p2 (8.7.2.4); for the q side, p and q swapped.
 */
struct dbf_strong_side {
	__m128i w0, s0, s1, s2;
};

static inline struct dbf_strong_side
dbf_strong_side(__m128i p3, __m128i p2, __m128i p1, __m128i p0, __m128i q0,
		__m128i q1)
{
	__m128i two = _mm_set1_epi16(2), four = _mm_set1_epi16(4);
	__m128i sum = _mm_add_epi16(_mm_add_epi16(p1, p0), q0);
	struct dbf_strong_side r;

	r.w0 = dbf_weak_p0(p1, p0, q1);
	/* (p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4) >> 3 */
	r.s0 = _mm_add_epi16(_mm_add_epi16(sum, sum), _mm_add_epi16(p2, q1));
	r.s0 = _mm_srli_epi16(_mm_add_epi16(r.s0, four), 3);
	/* (p2 + p1 + p0 + q0 + 2) >> 2 */
	r.s1 = _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(p2, sum), two), 2);
	/* (2 * p3 + 3 * p2 + p1 + p0 + q0 + 4) >> 3 */
	r.s2 = _mm_add_epi16(_mm_add_epi16(p3, p3),
			     _mm_add_epi16(_mm_add_epi16(p2, p2), p2));
	r.s2 = _mm_add_epi16(r.s2, _mm_add_epi16(sum, four));
	r.s2 = _mm_srli_epi16(r.s2, 3);
	return r;
}

/*
 * One side's results (low and high 8 lines) into its p0..p2 (q0..q2):
 * the strong filter's where strong, else the weak p0 where filtered.
 */
static inline void dbf_strong_store(__m128i filtered, __m128i strong,
				    struct dbf_strong_side lo,
				    struct dbf_strong_side hi, __m128i *p0,
				    __m128i *p1, __m128i *p2)
{
	__m128i w0 = _mm_packus_epi16(lo.w0, hi.w0);

	*p0 = dbf_select(strong, _mm_packus_epi16(lo.s0, hi.s0),
			 dbf_select(filtered, w0, *p0));
	*p1 = dbf_select(strong, _mm_packus_epi16(lo.s1, hi.s1), *p1);
	*p2 = dbf_select(strong, _mm_packus_epi16(lo.s2, hi.s2), *p2);
}

/*
 * 8.7.2.4, bS 4, luma: the strong 3-sample filter on a side that is smooth
 * and where the step across the edge is small, else p0 (q0) only. false if
 * no line is filtered.
 */
static inline bool dbf_luma_strong(struct dbf_px *x,
				   const struct dbf_thresh *t)
{
	__m128i f = dbf_flag(x, _mm_set1_epi8(-1), t);
	__m128i small, sp, sq;
	struct dbf_strong_side pl, ph, ql, qh;

	if (!_mm_movemask_epi8(f))
		return false;
	small = _mm_and_si128(f, dbf_below(dbf_absdiff(x->p0, x->q0),
					   t->small_m1));
	sp = _mm_and_si128(small, dbf_below(dbf_absdiff(x->p2, x->p0),
					    t->beta_m1));
	sq = _mm_and_si128(small, dbf_below(dbf_absdiff(x->q2, x->q0),
					    t->beta_m1));

	pl = dbf_strong_side(dbf_lo(x->p3), dbf_lo(x->p2), dbf_lo(x->p1),
			     dbf_lo(x->p0), dbf_lo(x->q0), dbf_lo(x->q1));
	ph = dbf_strong_side(dbf_hi(x->p3), dbf_hi(x->p2), dbf_hi(x->p1),
			     dbf_hi(x->p0), dbf_hi(x->q0), dbf_hi(x->q1));
	ql = dbf_strong_side(dbf_lo(x->q3), dbf_lo(x->q2), dbf_lo(x->q1),
			     dbf_lo(x->q0), dbf_lo(x->p0), dbf_lo(x->p1));
	qh = dbf_strong_side(dbf_hi(x->q3), dbf_hi(x->q2), dbf_hi(x->q1),
			     dbf_hi(x->q0), dbf_hi(x->p0), dbf_hi(x->p1));

	dbf_strong_store(f, sp, pl, ph, &x->p0, &x->p1, &x->p2);
	dbf_strong_store(f, sq, ql, qh, &x->q0, &x->q1, &x->q2);
	return true;
}

/* chromaEdgeFlag 1, bS < 4: p0 and q0 only, tC = tC0 + 1 */
static inline bool dbf_chroma_normal(struct dbf_px *x, __m128i on,
				     __m128i tc0, const struct dbf_thresh *t)
{
	__m128i f = dbf_flag(x, on, t);

	if (!_mm_movemask_epi8(f))
		return false;
	dbf_p0q0_normal(x, _mm_and_si128(f, _mm_sub_epi8(tc0,
							 _mm_set1_epi8(-1))));
	return true;
}

/* chromaEdgeFlag 1, bS 4 (8.7.2.4): p0 and q0 only */
static inline bool dbf_chroma_strong(struct dbf_px *x,
				     const struct dbf_thresh *t)
{
	__m128i f = dbf_flag(x, _mm_set1_epi8(-1), t);
	__m128i p1l = dbf_lo(x->p1), p0l = dbf_lo(x->p0);
	__m128i q0l = dbf_lo(x->q0), q1l = dbf_lo(x->q1);
	__m128i p1h = dbf_hi(x->p1), p0h = dbf_hi(x->p0);
	__m128i q0h = dbf_hi(x->q0), q1h = dbf_hi(x->q1);

	if (!_mm_movemask_epi8(f))
		return false;
	x->p0 = dbf_select(f, _mm_packus_epi16(dbf_weak_p0(p1l, p0l, q1l),
					       dbf_weak_p0(p1h, p0h, q1h)),
			   x->p0);
	x->q0 = dbf_select(f, _mm_packus_epi16(dbf_weak_p0(q1l, q0l, p1l),
					       dbf_weak_p0(q1h, q0h, p1h)),
			   x->q0);
	return true;
}

static inline __m128i dbf_load8(const uint8_t *p)
{
	return _mm_loadl_epi64((const __m128i *)p);
}

static inline __m128i dbf_load16(const uint8_t *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

static inline void dbf_store16(uint8_t *p, __m128i v)
{
	_mm_storeu_si128((__m128i *)p, v);
}

static inline __m128i dbf_load4(const uint8_t *p)
{
	uint32_t w;

	memcpy(&w, p, sizeof(w));
	return _mm_cvtsi32_si128((int)w);
}

static inline void dbf_store4(uint8_t *p, __m128i v)
{
	uint32_t w = (uint32_t)_mm_cvtsi128_si32(v);

	memcpy(p, &w, sizeof(w));
}

/* 4 bytes of two rows, a byte of each in turn */
static inline __m128i dbf_load_rows4(const uint8_t *p, ptrdiff_t stride)
{
	return _mm_unpacklo_epi8(dbf_load4(p), dbf_load4(p + stride));
}

/* The inverse: 4 rows of 4 bytes from v */
static inline void dbf_store_rows4(uint8_t *p, ptrdiff_t stride, __m128i v)
{
	dbf_store4(p, v);
	dbf_store4(p + stride, _mm_srli_si128(v, 4));
	dbf_store4(p + 2 * stride, _mm_srli_si128(v, 8));
	dbf_store4(p + 3 * stride, _mm_srli_si128(v, 12));
}

/*
 * A vertical NV12 chroma edge: p1, p0, q0, q1 of 8 rows, each a 16-bit
 * (Cb, Cr) pair, transposed so that line i is component i % 2 of row
 * i / 2 as in the portable code.
 */
static void dbf_load_v_chroma(struct dbf_px *x, const uint8_t *pix,
			      ptrdiff_t stride)
{
	__m128i a[4], b[4];

	pix -= 4;
	/* a[i]: the pairs of rows 2i and 2i + 1, one of each in turn */
	a[0] = _mm_unpacklo_epi16(dbf_load8(pix), dbf_load8(pix + stride));
	pix += 2 * stride;
	a[1] = _mm_unpacklo_epi16(dbf_load8(pix), dbf_load8(pix + stride));
	pix += 2 * stride;
	a[2] = _mm_unpacklo_epi16(dbf_load8(pix), dbf_load8(pix + stride));
	pix += 2 * stride;
	a[3] = _mm_unpacklo_epi16(dbf_load8(pix), dbf_load8(pix + stride));
	/* b[2h]: pairs 0 and 1 of rows 4h..4h+3; b[2h + 1]: pairs 2 and 3 */
	b[0] = _mm_unpacklo_epi32(a[0], a[1]);
	b[1] = _mm_unpackhi_epi32(a[0], a[1]);
	b[2] = _mm_unpacklo_epi32(a[2], a[3]);
	b[3] = _mm_unpackhi_epi32(a[2], a[3]);
	x->p1 = _mm_unpacklo_epi64(b[0], b[2]);
	x->p0 = _mm_unpackhi_epi64(b[0], b[2]);
	x->q0 = _mm_unpacklo_epi64(b[1], b[3]);
	x->q1 = _mm_unpackhi_epi64(b[1], b[3]);
}

/* p0 and q0 back: the 4 middle bytes of each of the 8 rows */
static void dbf_store_v_chroma(const struct dbf_px *x, uint8_t *pix,
			       ptrdiff_t stride)
{
	/* rows 0..3, then 4..7: (p0, q0) pairs, 4 bytes a row */
	pix -= 2;
	dbf_store_rows4(pix, stride, _mm_unpacklo_epi16(x->p0, x->q0));
	dbf_store_rows4(pix + 4 * stride, stride,
			_mm_unpackhi_epi16(x->p0, x->q0));
}

/*
 * tC0' of each line, from the bS of each line (dbf_spread() of the
 * edge's bS word): 1..3; lines of bS 0 are not filtered, they get 0.
 */
static inline __m128i dbf_tc0_lines(__m128i bs, const struct dbf_thresh *t)
{
	__m128i tc0 = _mm_and_si128(_mm_cmpeq_epi8(bs, _mm_set1_epi8(1)),
				    t->tc0_bs[0]);

	tc0 = _mm_or_si128(tc0, _mm_and_si128(_mm_cmpeq_epi8(bs,
							     _mm_set1_epi8(2)),
					      t->tc0_bs[1]));
	return _mm_or_si128(tc0, _mm_and_si128(_mm_cmpeq_epi8(bs,
							      _mm_set1_epi8(3)),
					       t->tc0_bs[2]));
}

/* 0xff on the lines whose bS is not 0 */
static inline __m128i dbf_on_lines(__m128i bs)
{
	return _mm_xor_si128(_mm_cmpeq_epi8(bs, _mm_setzero_si128()),
			     _mm_set1_epi8(-1));
}

/*
 * false when no line of an edge can be filtered, whatever the samples. An
 * edge is either bS 4 all along (a macroblock edge next to an intra
 * macroblock) or bS < 4 all along.
 */
static bool dbf_edge_on(uint32_t bs, const struct dbf_thresh *t)
{
	return bs && t->on;
}

/*
 * Interleave a and b in runs of 8, 16, 32 or 64 bits: the low halves
 * into a, the high halves into b.
 */
static inline void dbf_zip8(__m128i *a, __m128i *b)
{
	__m128i lo = _mm_unpacklo_epi8(*a, *b);

	*b = _mm_unpackhi_epi8(*a, *b);
	*a = lo;
}

static inline void dbf_zip16(__m128i *a, __m128i *b)
{
	__m128i lo = _mm_unpacklo_epi16(*a, *b);

	*b = _mm_unpackhi_epi16(*a, *b);
	*a = lo;
}

static inline void dbf_zip32(__m128i *a, __m128i *b)
{
	__m128i lo = _mm_unpacklo_epi32(*a, *b);

	*b = _mm_unpackhi_epi32(*a, *b);
	*a = lo;
}

static inline void dbf_zip64(__m128i *a, __m128i *b)
{
	__m128i lo = _mm_unpacklo_epi64(*a, *b);

	*b = _mm_unpackhi_epi64(*a, *b);
	*a = lo;
}

/*
 * Transpose of a 16x16 block of bytes in place: r[i] row i in, column i
 * out. Each round interleaves pairs of registers in runs twice as long as
 * the one before, which doubles the run of one column in a register;
 * after four rounds register i holds column i with its 4 bits reversed,
 * which the last copy puts right.
 */
static inline void dbf_transpose16(__m128i r[16])
{
	/* 4-bit reversal of the register index */
	static const uint8_t rev4[16] = {
		0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15,
	};
	__m128i t[16];

	for (int i = 0; i < 16; i += 2)
		dbf_zip8(&r[i], &r[i + 1]);
	for (int i = 0; i < 16; i++)
		if (!(i & 2))
			dbf_zip16(&r[i], &r[i + 2]);
	for (int i = 0; i < 16; i++)
		if (!(i & 4))
			dbf_zip32(&r[i], &r[i + 4]);
	for (int i = 0; i < 8; i++)
		dbf_zip64(&r[i], &r[i + 8]);

	memcpy(t, r, sizeof(t));
	for (int i = 0; i < 16; i++)
		r[i] = t[rev4[i]];
}

/*
 * The 4 columns left of a macroblock (p3..p0 of its edge 0), 16 rows at
 * pix - 4, transposed into c[0..3]: rounds as in dbf_transpose16(), on
 * the low halves only while the rows are shorter than a register.
 */
static inline void dbf_load_left4(__m128i c[4], const uint8_t *pix,
				  ptrdiff_t stride)
{
	__m128i r[8];

	pix -= 4;
	/* r[i]: rows 2i and 2i + 1, a byte of each in turn */
	r[0] = dbf_load_rows4(pix, stride);
	r[1] = dbf_load_rows4(pix + 2 * stride, stride);
	r[2] = dbf_load_rows4(pix + 4 * stride, stride);
	r[3] = dbf_load_rows4(pix + 6 * stride, stride);
	r[4] = dbf_load_rows4(pix + 8 * stride, stride);
	r[5] = dbf_load_rows4(pix + 10 * stride, stride);
	r[6] = dbf_load_rows4(pix + 12 * stride, stride);
	r[7] = dbf_load_rows4(pix + 14 * stride, stride);
	/* r[2i]: rows 4i..4i+3, 4 bytes a column */
	r[0] = _mm_unpacklo_epi16(r[0], r[1]);
	r[2] = _mm_unpacklo_epi16(r[2], r[3]);
	r[4] = _mm_unpacklo_epi16(r[4], r[5]);
	r[6] = _mm_unpacklo_epi16(r[6], r[7]);
	/* rows 0..7 and 8..15, 8 bytes a column: columns 0, 1 then 2, 3 */
	dbf_zip32(&r[0], &r[2]);
	dbf_zip32(&r[4], &r[6]);
	c[0] = _mm_unpacklo_epi64(r[0], r[4]);
	c[1] = _mm_unpackhi_epi64(r[0], r[4]);
	c[2] = _mm_unpacklo_epi64(r[2], r[6]);
	c[3] = _mm_unpackhi_epi64(r[2], r[6]);
}

/* The inverse: c[0..3] back into 4 bytes of each of the 16 rows */
static inline void dbf_store_left4(const __m128i c[4], uint8_t *pix,
				   ptrdiff_t stride)
{
	/* rows 0..7 (a[0], a[2]) and 8..15 (a[1], a[3]), 2 bytes a row */
	__m128i a[4] = { c[0], c[1], c[2], c[3] };

	dbf_zip8(&a[0], &a[1]);
	dbf_zip8(&a[2], &a[3]);
	/* rows 0..3, 4..7, 8..11, 12..15, 4 bytes a row */
	dbf_zip16(&a[0], &a[2]);
	dbf_zip16(&a[1], &a[3]);
	pix -= 4;
	dbf_store_rows4(pix, stride, a[0]);
	dbf_store_rows4(pix + 4 * stride, stride, a[2]);
	dbf_store_rows4(pix + 8 * stride, stride, a[1]);
	dbf_store_rows4(pix + 12 * stride, stride, a[3]);
}

/*
 * Filter the luma samples c[0..7] (p3..q3) across an edge; false if no
 * line was filtered (c is left as it was).
 */
static inline bool dbf_luma_filter(__m128i c[8], uint32_t bs,
				   const struct dbf_thresh *t)
{
	struct dbf_px x;

	if (!dbf_edge_on(bs, t))
		return false;
	x = (struct dbf_px){ c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7] };
	if (dbf_bs_seg(bs, 0) == 4) {
		if (!dbf_luma_strong(&x, t))
			return false;
	} else {
		__m128i bs_lines = dbf_spread(bs);

		if (!dbf_luma_normal(&x, dbf_on_lines(bs_lines),
				     dbf_tc0_lines(bs_lines, t), t))
			return false;
	}
	c[1] = x.p2;
	c[2] = x.p1;
	c[3] = x.p0;
	c[4] = x.q0;
	c[5] = x.q1;
	c[6] = x.q2;
	return true;
}

/*
 * The luma edges of the macroblock at y (8.7: the vertical ones left to
 * right, then the horizontal ones top down), the macroblock held in
 * m[4..19]. For the vertical edges m[4 + i] is column i and m[0..3] the 4
 * columns left of the macroblock; for the horizontal ones m[4 + i] is row
 * i and m[0..3] are rows -4..-1 of the macroblock above.
 */
static void dbf_filter_luma_mb(uint8_t *y, ptrdiff_t stride,
			       const struct dbf_mb_bs *b,
			       const struct dbf_thresh *t_left,
			       const struct dbf_thresh *t_top,
			       const struct dbf_thresh *t_in)
{
	bool left = dbf_edge_on(b->bs[0][0], t_left);
	bool top = dbf_edge_on(b->bs[1][0], t_top);
	bool inner_v = dbf_edge_on(b->bs[0][1], t_in) ||
		       dbf_edge_on(b->bs[0][2], t_in) ||
		       dbf_edge_on(b->bs[0][3], t_in);
	bool inner_h = dbf_edge_on(b->bs[1][1], t_in) ||
		       dbf_edge_on(b->bs[1][2], t_in) ||
		       dbf_edge_on(b->bs[1][3], t_in);
	bool changed = false, side_changed = false;
	__m128i m[20];

	if (!left && !top && !inner_v && !inner_h)
		return;

	/* vertical edges */
	if (left || inner_v) {
		for (unsigned int i = 0; i < 16; i++)
			m[4 + i] = dbf_load16(y + i * stride);
		dbf_transpose16(&m[4]);
		if (left) {
			dbf_load_left4(m, y, stride);
			if (dbf_luma_filter(&m[0], b->bs[0][0], t_left)) {
				dbf_store_left4(m, y, stride);
				changed = true;
			}
		}
		changed |= dbf_luma_filter(&m[4], b->bs[0][1], t_in);
		changed |= dbf_luma_filter(&m[8], b->bs[0][2], t_in);
		changed |= dbf_luma_filter(&m[12], b->bs[0][3], t_in);
	}
	/* the rows: transposed back, or as they are in memory */
	if (changed) {
		dbf_transpose16(&m[4]);
	} else {
		for (unsigned int i = 0; i < 16; i++)
			m[4 + i] = dbf_load16(y + i * stride);
	}

	/* horizontal edges */
	if (top) {
		for (int i = 0; i < 4; i++)
			m[i] = dbf_load16(y + (i - 4) * stride);
		side_changed = dbf_luma_filter(&m[0], b->bs[1][0], t_top);
		if (side_changed) {
			for (int i = 1; i < 4; i++)
				dbf_store16(y + (i - 4) * stride, m[i]);
		}
	}
	changed |= side_changed;
	changed |= dbf_luma_filter(&m[4], b->bs[1][1], t_in);
	changed |= dbf_luma_filter(&m[8], b->bs[1][2], t_in);
	changed |= dbf_luma_filter(&m[12], b->bs[1][3], t_in);
	if (changed) {
		for (unsigned int i = 0; i < 16; i++)
			dbf_store16(y + i * stride, m[4 + i]);
	}
}

/*
 * One chroma edge of the NV12 plane, Cb and Cr together (the model has one
 * chroma_qp_index_offset, so both have the same QPC): 8 rows of two
 * components for a vertical edge, 16 interleaved bytes for a horizontal
 * one, where chroma column x takes its bS from luma column 2x. Only p0 and
 * q0 change.
 */
static void dbf_filter_chroma_edge(uint8_t *pix, ptrdiff_t stride,
				   enum dbf_dir dir, uint32_t bs,
				   const struct dbf_thresh *t)
{
	struct dbf_px x;

	if (!dbf_edge_on(bs, t))
		return;
	if (dir == DBF_VERTICAL) {
		dbf_load_v_chroma(&x, pix, stride);
	} else {
		x.p1 = dbf_load16(pix - 2 * stride);
		x.p0 = dbf_load16(pix - stride);
		x.q0 = dbf_load16(pix);
		x.q1 = dbf_load16(pix + stride);
	}
	if (dbf_bs_seg(bs, 0) == 4) {
		if (!dbf_chroma_strong(&x, t))
			return;
	} else {
		__m128i bs_lines = dbf_spread(bs);

		if (!dbf_chroma_normal(&x, dbf_on_lines(bs_lines),
				       dbf_tc0_lines(bs_lines, t), t))
			return;
	}
	if (dir == DBF_VERTICAL) {
		dbf_store_v_chroma(&x, pix, stride);
	} else {
		dbf_store16(pix - stride, x.p0);
		dbf_store16(pix, x.q0);
	}
}
#endif /* VE_SSE2 */

static void dbf_filter_mb(uint8_t *y, uint8_t *cbcr, size_t stride,
			  const struct dbf_slice *sl, const struct ve_mb *mb,
			  const struct ve_mb *left, const struct ve_mb *top)
{
	ptrdiff_t s = (ptrdiff_t)stride;
	int qpc = sl->qpc[mb->qp];
	/* without a neighbour, bS is 0 and the thresholds are not read */
	const struct dbf_thresh *t_in = dbf_thresh(sl, mb->qp, mb->qp);
	const struct dbf_thresh *t_left = t_in, *t_top = t_in;
	const struct dbf_thresh *c_in = dbf_thresh(sl, qpc, qpc);
	const struct dbf_thresh *c_left = c_in, *c_top = c_in;
	struct dbf_mb_bs b;

	dbf_mb_bs_prepare(&b, mb, left, top);
	if (left) {
		t_left = dbf_thresh(sl, left->qp, mb->qp);
		c_left = dbf_thresh(sl, sl->qpc[left->qp], qpc);
	}
	if (top) {
		t_top = dbf_thresh(sl, top->qp, mb->qp);
		c_top = dbf_thresh(sl, sl->qpc[top->qp], qpc);
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
	struct dbf_slice sl;

	/* disable_deblocking_filter_idc 1: the slice is not filtered */
	if (idc == 1)
		return;

	for (int qp = 0; qp < 52; qp++) {
		sl.qpc[qp] = (uint8_t)ve_chroma_qp(qp, chroma_qp_offset);
		/* here qp is qPav */
		dbf_thresh_prepare(&sl.thresh[qp], qp, alpha_div2 * 2,
				   beta_div2 * 2);
	}

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
