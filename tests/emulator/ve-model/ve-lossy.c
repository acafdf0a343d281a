// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model v2: the lossy picture loop. One picture is one slice; every
 * macroblock, in raster order, is predicted (I_16x16, P_L0_16x16 on REF0 or
 * P_Skip), its residual transformed and quantised at the slice QP, coded by
 * ve-cavlc.c or ve-cabac-mb.c and reconstructed exactly as a decoder does
 * (8.5). After the last macroblock the picture is deblocked (8.7,
 * ve-deblock.c) and becomes REC.
 *
 * The encoder choices (mode decision, motion search, rounding offsets) are
 * the model's own; the hardware's are not known. What must be exact is the
 * reconstruction: a decoder of the stream has to produce REC bit for bit,
 * since the next P picture predicts from it.
 *
 * Section numbers are those of ITU-T H.264.
 */
#include "ve-lossy.h"

#include <stdlib.h>
#include <string.h>

/*
 * SSE2 (every x86-64) for the sums of absolute differences; the portable
 * loops stay for other hosts, and VE_NO_SIMD selects them here too (build
 * with -DVE_NO_SIMD to hold both to the same output: make bench-model's
 * hash column).
 */
#if defined(__SSE2__) && !defined(VE_NO_SIMD)
#define VE_SSE2 1
#include <emmintrin.h>
#else
#define VE_SSE2 0
#endif

/*
 * Motion vectors are kept within +-MV_MAX_PEL luma samples in both
 * directions: well inside the level limits (Table A-1: vertical
 * [-512, 511.75] for every level from 3.1). Every vector of the picture,
 * P_Skip's and predictors included, is a median or copy of such vectors,
 * so a prediction block lies at most MV_MAX_PEL samples beyond the picture
 * edge, plus 3 samples of the 6-tap filter. REF0 is padded by replicating
 * its edges (which is what the clamping of reference sample coordinates
 * in 8.4.2.2.1 and 8.4.2.2.2 amounts to) by more than that.
 */
#define MV_MAX_PEL		64
#define PAD_Y			96	/* a multiple of 16, see half_cell() */
#define PAD_C			(PAD_Y / 2)

/* The prediction planes of REF0: full, b (x + 1/2), h (y + 1/2), j. */
enum {
	PLANE_FULL,
	PLANE_H,	/* b: horizontal half sample */
	PLANE_V,	/* h: vertical half sample */
	PLANE_J,	/* j: centre half sample */
	PLANE_COUNT,
	PLANE_NONE = PLANE_COUNT,
};

struct lossy_ref {
	uint8_t *plane[PLANE_COUNT];	/* origin at (PAD_Y, PAD_Y) */
	size_t stride;
	uint8_t *cb, *cr;		/* origin at (PAD_C, PAD_C) */
	size_t cstride;
	/*
	 * The half-sample planes are computed in cells of 16x16 samples of
	 * the padded picture, when a prediction first reads them (most
	 * macroblocks are P_Skip at a full-sample vector and need none).
	 */
	uint8_t *cell_done;
	unsigned int cells_w;
};

struct quant {
	unsigned int qp_div6, qp_mod6;
	uint32_t bias;		/* rounding offset of a 4x4 coefficient */
	unsigned int shift;	/* 15 + qp / 6 */
	/* smallest |coefficient| with a non-zero level, by raster index */
	int32_t nz_min[16];
	/*
	 * A 4x4 block whose residual has a sum of absolute values below
	 * zero_sad quantises to nothing (zero_sad_ac: from scan position 1
	 * on), see quant_setup().
	 */
	uint32_t zero_sad, zero_sad_ac;
	int32_t mf[16];		/* quant_mf[qp % 6] by raster index */
	/* nz_min and mf, 16 bits wide (at most 2417 and 13107) */
	int16_t nz_min16[16], mf16[16];
	/* the scaling of dequant4x4() by raster index: v << qp / 6 */
	int16_t dq16[16];
};

struct lossy_pic {
	struct ve_core *s;
	const struct ve_lossy_params *p;
	unsigned int width, height;	/* luma samples */
	unsigned int qpc;		/* QPC of both chroma components */
	unsigned int lambda;		/* motion cost per bit, 1/16 units */
	struct quant quant_y[2];	/* luma, [intra] */
	struct quant quant_c[2];	/* chroma, [intra] */
	struct ve_mb *mbs;
	struct lossy_ref *ref;
	struct ve_cabac cabac;
	uint32_t skip_run;
	uint64_t abs_residual;		/* sum of |source - prediction|, luma */
};

/* Work of one macroblock. */
struct lossy_mb {
	unsigned int mbx, mby;
	const uint8_t *src_y, *src_c;	/* in the source picture */
	uint8_t *rec_y, *rec_c;		/* in the reconstruction */
	uint8_t pred_y[256];
	uint8_t pred_c[2][64];
	struct ve_mb mb;
	struct ve_mb_coeffs co;
};

/* ----------------------------------------------------------------------- */
/* Transform and quantisation (8.5)					   */
/* ----------------------------------------------------------------------- */

/* Zig-zag scan (8.5.6, Table 8-13) as raster index row * 4 + column */
static const uint8_t zigzag4x4[16] = {
	0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15,
};

/*
 * Position class of a raster index in the scaling tables: 0 both row and
 * column even, 1 both odd, 2 otherwise (8.5.9, normAdjust4x4).
 */
static const uint8_t pos_class[16] = {
	0, 2, 0, 2, 2, 1, 2, 1, 0, 2, 0, 2, 2, 1, 2, 1,
};

/* v of normAdjust4x4 (8-315), by QP % 6 and position class */
static const uint8_t dequant_v[6][3] = {
	{ 10, 16, 13 }, { 11, 18, 14 }, { 13, 20, 16 },
	{ 14, 23, 18 }, { 16, 25, 20 }, { 18, 29, 23 },
};

/*
 * Forward quantisation multipliers by QP % 6 and position class, the
 * encoder's side (free to choose): mf * v is 2^17 times 1, 0.64 and 0.8
 * for the three classes, which undoes the unequal norms of the forward
 * transform's rows (squared norms 4 and 10), so that a level
 * (|W| * mf) >> (15 + QP / 6) is the coefficient over the quantiser step.
 */
static const uint16_t quant_mf[6][3] = {
	{ 13107, 5243, 8066 }, { 11916, 4660, 7490 }, { 10082, 4194, 6554 },
	{ 9362, 3647, 5825 }, { 8192, 3355, 5243 }, { 7282, 2893, 4559 },
};

/* Motion cost per bit by QP, 16 * sqrt(0.85 * 2^((QP - 12) / 3)) */
static const uint16_t lambda_tab[52] = {
	4, 4, 5, 5, 6, 7, 7, 8, 9, 10, 12, 13, 15, 17, 19, 21, 23, 26, 30, 33,
	37, 42, 47, 53, 59, 66, 74, 83, 94, 105, 118, 132, 149, 167, 187, 210,
	236, 265, 297, 334, 375, 421, 472, 530, 595, 668, 749, 841, 944, 1060,
	1189, 1335,
};

static struct quant quant_setup(unsigned int qp, bool intra)
{
	struct quant q = {
		.qp_div6 = qp / 6,
		.qp_mod6 = qp % 6,
		.shift = 15 + qp / 6,
	};

	/* dead zone: round up from 2/3 (intra) or 5/6 (inter) of a step */
	q.bias = (1u << q.shift) / (intra ? 3 : 6);
	for (unsigned int r = 0; r < 16; r++) {
		uint32_t mf = quant_mf[q.qp_mod6][pos_class[r]];

		q.nz_min[r] = (int32_t)(((1u << q.shift) - q.bias + mf - 1) /
					mf);
		q.mf[r] = (int32_t)mf;
		q.nz_min16[r] = (int16_t)q.nz_min[r];
		q.mf16[r] = (int16_t)mf;
		q.dq16[r] = (int16_t)(dequant_v[q.qp_mod6][pos_class[r]] <<
				      q.qp_div6);
	}

	/*
	 * Coefficient (u, v) of the forward transform is a sum of the
	 * residuals weighted by the products of row u's and row v's
	 * entries, at most gain = max|row u| * max|row v| (1, 2 or 4) in
	 * size: |w| <= gain * SAD. So when gain * SAD < nz_min at every
	 * position, every level is 0, and the transform need not run.
	 */
	q.zero_sad = q.zero_sad_ac = ~0u;
	for (unsigned int r = 0; r < 16; r++) {
		static const uint8_t row_max[4] = { 1, 2, 1, 2 };
		uint32_t gain = row_max[r / 4] * row_max[r % 4];
		uint32_t bound = ((uint32_t)q.nz_min[r] + gain - 1) / gain;

		if (bound < q.zero_sad)
			q.zero_sad = bound;
		if (r && bound < q.zero_sad_ac)
			q.zero_sad_ac = bound;
	}
	return q;
}

static int clip_pixel(int v)
{
	return v < 0 ? 0 : v > 255 ? 255 : v;
}

#if VE_SSE2
/* Transpose of the 4x4 int16 matrix in the low halves of r0..r3 */
static inline void transpose4x4_epi16(__m128i *r0, __m128i *r1, __m128i *r2,
				      __m128i *r3)
{
	__m128i t0 = _mm_unpacklo_epi16(*r0, *r1);
	__m128i t1 = _mm_unpacklo_epi16(*r2, *r3);
	__m128i c01 = _mm_unpacklo_epi32(t0, t1);
	__m128i c23 = _mm_unpackhi_epi32(t0, t1);

	*r0 = c01;
	*r1 = _mm_unpackhi_epi64(c01, c01);
	*r2 = c23;
	*r3 = _mm_unpackhi_epi64(c23, c23);
}

/*
 * The forward 4x4 core transform (the inverse of 8.5.12.2 up to scaling,
 * fdct4x4() of the portable code) of four rows or columns at once, lane
 * by lane, 16 bits wide: residuals are within +-255, so the rows' sums are
 * within +-6 * 255 and the columns' within +-36 * 255.
 */
static inline void fdct4_epi16(__m128i *x0, __m128i *x1, __m128i *x2,
			       __m128i *x3)
{
	__m128i s0 = _mm_add_epi16(*x0, *x3), s3 = _mm_sub_epi16(*x0, *x3);
	__m128i s1 = _mm_add_epi16(*x1, *x2), s2 = _mm_sub_epi16(*x1, *x2);

	*x0 = _mm_add_epi16(s0, s1);
	*x2 = _mm_sub_epi16(s0, s1);
	*x1 = _mm_add_epi16(_mm_add_epi16(s3, s3), s2);
	*x3 = _mm_sub_epi16(s3, _mm_add_epi16(s2, s2));
}
#else
/*
 * Forward 4x4 core transform (the inverse of 8.5.12.2 up to scaling):
 * rows, then columns, of in[r * 4 + c].
 */
static void fdct4x4(const int16_t in[16], int32_t out[16])
{
	int32_t t[16];

	for (int i = 0; i < 4; i++) {
		const int16_t *x = in + i * 4;
		int32_t s0 = x[0] + x[3], s3 = x[0] - x[3];
		int32_t s1 = x[1] + x[2], s2 = x[1] - x[2];

		t[i * 4 + 0] = s0 + s1;
		t[i * 4 + 2] = s0 - s1;
		t[i * 4 + 1] = 2 * s3 + s2;
		t[i * 4 + 3] = s3 - 2 * s2;
	}
	for (int i = 0; i < 4; i++) {
		int32_t s0 = t[i] + t[12 + i], s3 = t[i] - t[12 + i];
		int32_t s1 = t[4 + i] + t[8 + i], s2 = t[4 + i] - t[8 + i];

		out[i] = s0 + s1;
		out[8 + i] = s0 - s1;
		out[4 + i] = 2 * s3 + s2;
		out[12 + i] = s3 - 2 * s2;
	}
}
#endif

#if VE_SSE2
/* Transpose of the 4x4 int32 matrix in r0..r3 */
static inline void transpose4x4_epi32(__m128i *r0, __m128i *r1, __m128i *r2,
				      __m128i *r3)
{
	__m128i t0 = _mm_unpacklo_epi32(*r0, *r1);
	__m128i t1 = _mm_unpacklo_epi32(*r2, *r3);
	__m128i t2 = _mm_unpackhi_epi32(*r0, *r1);
	__m128i t3 = _mm_unpackhi_epi32(*r2, *r3);

	*r0 = _mm_unpacklo_epi64(t0, t1);
	*r1 = _mm_unpackhi_epi64(t0, t1);
	*r2 = _mm_unpacklo_epi64(t2, t3);
	*r3 = _mm_unpackhi_epi64(t2, t3);
}

/* One 1-D pass of 8.5.12.2 on four rows or columns, lane by lane */
static inline void idct4_epi32(__m128i *x0, __m128i *x1, __m128i *x2,
			       __m128i *x3)
{
	__m128i e0 = _mm_add_epi32(*x0, *x2), e1 = _mm_sub_epi32(*x0, *x2);
	__m128i e2 = _mm_sub_epi32(_mm_srai_epi32(*x1, 1), *x3);
	__m128i e3 = _mm_add_epi32(*x1, _mm_srai_epi32(*x3, 1));

	*x0 = _mm_add_epi32(e0, e3);
	*x1 = _mm_add_epi32(e1, e2);
	*x2 = _mm_sub_epi32(e1, e2);
	*x3 = _mm_sub_epi32(e0, e3);
}

static inline __m128i load4_epu8(const uint8_t *p)
{
	int32_t v;

	memcpy(&v, p, 4);
	return _mm_unpacklo_epi8(_mm_cvtsi32_si128(v), _mm_setzero_si128());
}

static inline void store4_epu8(uint8_t *p, __m128i v)
{
	int32_t x = _mm_cvtsi128_si32(v);

	memcpy(p, &x, 4);
}

/*
 * idct4x4_add() below for a block with AC coefficients: both passes 32
 * bits wide, then (h + 32) >> 6 added to the prediction with saturation
 * at 16 bits, which clips to 0..255 as the portable code does.
 */
static void idct4x4_add_sse2(const int32_t d[16], const uint8_t *pred,
			     size_t pstride, uint8_t *dst, size_t dstride)
{
	const __m128i *dv = (const __m128i *)(const void *)d;
	__m128i x0 = _mm_loadu_si128(dv), x1 = _mm_loadu_si128(dv + 1);
	__m128i x2 = _mm_loadu_si128(dv + 2), x3 = _mm_loadu_si128(dv + 3);
	__m128i round = _mm_set1_epi32(32), r01, r23, p01, p23;

	/* columns as vectors (lane: row): the rows' pass; then the columns' */
	transpose4x4_epi32(&x0, &x1, &x2, &x3);
	idct4_epi32(&x0, &x1, &x2, &x3);
	transpose4x4_epi32(&x0, &x1, &x2, &x3);
	idct4_epi32(&x0, &x1, &x2, &x3);
	r01 = _mm_packs_epi32(_mm_srai_epi32(_mm_add_epi32(x0, round), 6),
			      _mm_srai_epi32(_mm_add_epi32(x1, round), 6));
	r23 = _mm_packs_epi32(_mm_srai_epi32(_mm_add_epi32(x2, round), 6),
			      _mm_srai_epi32(_mm_add_epi32(x3, round), 6));
	p01 = _mm_unpacklo_epi64(load4_epu8(pred), load4_epu8(pred + pstride));
	p23 = _mm_unpacklo_epi64(load4_epu8(pred + 2 * pstride),
				 load4_epu8(pred + 3 * pstride));
	r01 = _mm_packus_epi16(_mm_adds_epi16(r01, p01),
			       _mm_adds_epi16(r23, p23));
	for (int i = 0; i < 4; i++, r01 = _mm_srli_si128(r01, 4))
		store4_epu8(dst + i * dstride, r01);
}
#else
/* One row of 4 reconstructed samples: prediction + (r + 32) >> 6 (8-354) */
static void add_residual4(const int32_t *restrict h,
			  const uint8_t *restrict pred, uint8_t *restrict dst)
{
	for (int j = 0; j < 4; j++) {
		int v = pred[j] + ((h[j] + 32) >> 6);

		dst[j] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
}
#endif

/*
 * Inverse 4x4 transform (8.5.12.2) of the scaled coefficients d (raster),
 * added to the prediction (8.5.14): rows first, then columns, as the
 * decoder does; the >> 1 make the order matter.
 */
static void idct4x4_add(const int32_t d[16], const uint8_t *pred,
			size_t pstride, uint8_t *dst, size_t dstride)
{
	int32_t ac;

	ac = d[1] | d[2] | d[3];
	for (int i = 4; i < 16; i++)
		ac |= d[i];
	if (!ac) {
		/* DC only: both passes spread d[0] unchanged */
		int dc = (d[0] + 32) >> 6;

		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++)
				dst[i * dstride + j] = (uint8_t)clip_pixel(
					pred[i * pstride + j] + dc);
		return;
	}

#if VE_SSE2
	idct4x4_add_sse2(d, pred, pstride, dst, dstride);
}
#else
	int32_t f[16], h[16];

	for (int i = 0; i < 4; i++) {
		const int32_t *r = d + i * 4;
		int32_t e0 = r[0] + r[2], e1 = r[0] - r[2];
		int32_t e2 = (r[1] >> 1) - r[3], e3 = r[1] + (r[3] >> 1);

		f[i * 4 + 0] = e0 + e3;
		f[i * 4 + 1] = e1 + e2;
		f[i * 4 + 2] = e1 - e2;
		f[i * 4 + 3] = e0 - e3;
	}
	for (int j = 0; j < 4; j++) {
		int32_t g0 = f[j] + f[8 + j], g1 = f[j] - f[8 + j];
		int32_t g2 = (f[4 + j] >> 1) - f[12 + j];
		int32_t g3 = f[4 + j] + (f[12 + j] >> 1);

		h[j] = g0 + g3;
		h[4 + j] = g1 + g2;
		h[8 + j] = g1 - g2;
		h[12 + j] = g0 - g3;
	}
	for (int i = 0; i < 4; i++)
		add_residual4(h + i * 4, pred + i * pstride, dst + i * dstride);
}
#endif

#if !VE_SSE2
/*
 * Quantise w (raster) into levels in scan order from scan position
 * `first` (1 for AC blocks), and all 16 by raster index into raster[]
 * (for dequant4x4(); not written when every level is 0); returns the
 * number of non-zero levels in lev[].
 */
static unsigned int quant4x4(const int32_t w[16], int16_t lev[16],
			     int16_t raster[16], unsigned int first,
			     const struct quant *q)
{
	int32_t any = 0, l[16];
	unsigned int n = 0;

	/*
	 * Most blocks quantise to nothing: find out in one pass over the
	 * raster order first. Loops compilers vectorise: |w| * mf stays
	 * below 2^31 (|w| <= 36 * 255 for a 4x4 block of residuals).
	 */
	for (unsigned int r = 0; r < 16; r++)
		any |= (w[r] < 0 ? -w[r] : w[r]) >= q->nz_min[r];
	if (!any) {
		memset(lev, 0, 16 * sizeof(*lev));
		return 0;
	}
	for (unsigned int r = 0; r < 16; r++) {
		int32_t a = w[r] < 0 ? -w[r] : w[r];
		int32_t v = (int32_t)((a * q->mf[r] + (int32_t)q->bias) >>
				      q->shift);

		l[r] = w[r] < 0 ? -v : v;
		raster[r] = (int16_t)l[r];
	}
	for (unsigned int k = first; k < 16; k++) {
		lev[k] = (int16_t)l[zigzag4x4[k]];
		n += lev[k] != 0;
	}
	return n;
}
#endif

#if VE_SSE2
/*
 * fdct4x4() and quant4x4() (the portable code's) in one, of the residual
 * whose rows are in the low halves of x0..x3, 16 bits wide (|w| is at
 * most 36 * 255, a level at most 36 * 255 * 13107 >> 15); *w0 gets the DC
 * coefficient, l[] the levels by raster index.
 */
static inline __attribute__((always_inline)) unsigned int
fdct_quant4x4(__m128i x0, __m128i x1, __m128i x2, __m128i x3, int32_t *w0,
	      int16_t lev[16], int16_t l[16], unsigned int first,
	      const struct quant *q)
{
	const __m128i *nz = (const __m128i *)(const void *)q->nz_min16;
	const __m128i *mf = (const __m128i *)(const void *)q->mf16;
	__m128i w[2], sign[2], a[2], zero[2], bias, count;
	unsigned int n;

	transpose4x4_epi16(&x0, &x1, &x2, &x3);
	fdct4_epi16(&x0, &x1, &x2, &x3);
	transpose4x4_epi16(&x0, &x1, &x2, &x3);
	fdct4_epi16(&x0, &x1, &x2, &x3);
	w[0] = _mm_unpacklo_epi64(x0, x1);	/* raster 0..7 */
	w[1] = _mm_unpacklo_epi64(x2, x3);	/* raster 8..15 */
	*w0 = (int16_t)_mm_cvtsi128_si32(w[0]);

	for (int i = 0; i < 2; i++) {
		sign[i] = _mm_srai_epi16(w[i], 15);
		a[i] = _mm_sub_epi16(_mm_xor_si128(w[i], sign[i]), sign[i]);
	}
	/* most blocks quantise to nothing: every |w| below nz_min */
	if (_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpgt_epi16(_mm_loadu_si128(nz), a[0]),
		    _mm_cmpgt_epi16(_mm_loadu_si128(nz + 1), a[1]))) == 0xffff) {
		memset(lev, 0, 16 * sizeof(*lev));
		return 0;
	}
	bias = _mm_set1_epi32((int)q->bias);
	count = _mm_cvtsi32_si128((int)q->shift);
	for (int i = 0; i < 2; i++) {
		__m128i m = _mm_loadu_si128(mf + i);
		__m128i lo = _mm_mullo_epi16(a[i], m);
		__m128i hi = _mm_mulhi_epu16(a[i], m);
		__m128i v0 = _mm_srl_epi32(_mm_add_epi32(
			_mm_unpacklo_epi16(lo, hi), bias), count);
		__m128i v1 = _mm_srl_epi32(_mm_add_epi32(
			_mm_unpackhi_epi16(lo, hi), bias), count);
		__m128i v = _mm_packs_epi32(v0, v1);

		v = _mm_sub_epi16(_mm_xor_si128(v, sign[i]), sign[i]);
		_mm_storeu_si128((__m128i *)(void *)(l + 8 * i), v);
		zero[i] = _mm_cmpeq_epi16(v, _mm_setzero_si128());
	}
	/* unrolled, the scan is 16 moves with constant indices */
#pragma GCC unroll 16
	for (unsigned int k = first; k < 16; k++)
		lev[k] = l[zigzag4x4[k]];
	/*
	 * The non-zero levels (raster index 0 is scan position 0): a byte
	 * 1 per zero level, summed by psadbw (no popcnt in SSE2).
	 */
	{
		__m128i z = _mm_and_si128(_mm_packs_epi16(zero[0], zero[1]),
					  _mm_set1_epi8(1));

		z = _mm_sad_epu8(z, _mm_setzero_si128());
		z = _mm_add_epi32(z, _mm_srli_si128(z, 8));
		n = 16 - (unsigned int)_mm_cvtsi128_si32(z);
	}
	return n - (first && l[0]);
}
#endif

/*
 * Scaling of the levels l[] by raster index (8.5.12.1 with flat weights,
 * LevelScale4x4 = 16 * v): for flat scaling lists (c * 16 * v) << (qP / 6)
 * >> 4, exactly c * v << (qP / 6), q->dq16[] for q's QP; a product of two
 * 16-bit numbers. count: the non-zero levels (0: l[] is not read). All 16
 * are written; an AC block's caller sets d[0] after.
 */
static void dequant4x4(const int16_t l[16], int32_t d[16],
		       const struct quant *q, unsigned int count)
{
	if (!count) {
		memset(d, 0, 16 * sizeof(*d));
		return;
	}
#if VE_SSE2
	for (int i = 0; i < 2; i++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
					    (l + 8 * i));
		__m128i s = _mm_loadu_si128((const __m128i *)(const void *)
					    (q->dq16 + 8 * i));
		__m128i lo = _mm_mullo_epi16(v, s), hi = _mm_mulhi_epi16(v, s);

		_mm_storeu_si128((__m128i *)(void *)(d + 8 * i),
				 _mm_unpacklo_epi16(lo, hi));
		_mm_storeu_si128((__m128i *)(void *)(d + 8 * i + 4),
				 _mm_unpackhi_epi16(lo, hi));
	}
#else
	for (unsigned int r = 0; r < 16; r++)
		d[r] = l[r] * q->dq16[r];
#endif
}

/* 4x4 Hadamard (8-320) of m (raster), in place */
static void hadamard4x4(int32_t m[16])
{
	int32_t t[16];

	for (int i = 0; i < 4; i++) {
		const int32_t *x = m + i * 4;
		int32_t s0 = x[0] + x[1], s1 = x[2] + x[3];
		int32_t d0 = x[0] - x[1], d1 = x[2] - x[3];

		t[i * 4 + 0] = s0 + s1;
		t[i * 4 + 1] = s0 - s1;
		t[i * 4 + 2] = d0 - d1;
		t[i * 4 + 3] = d0 + d1;
	}
	for (int j = 0; j < 4; j++) {
		int32_t s0 = t[j] + t[4 + j], s1 = t[8 + j] + t[12 + j];
		int32_t d0 = t[j] - t[4 + j], d1 = t[8 + j] - t[12 + j];

		m[j] = s0 + s1;
		m[4 + j] = s0 - s1;
		m[8 + j] = d0 - d1;
		m[12 + j] = d0 + d1;
	}
}

/* ----------------------------------------------------------------------- */
/* Residual coding and reconstruction					   */
/* ----------------------------------------------------------------------- */

/* Position of luma4x4BlkIdx (6.4.3) in 4x4 blocks: x = bit 0, 2; y = 1, 3 */
static unsigned int blk_x(unsigned int blk)
{
	return (blk & 1) | ((blk >> 1) & 2);
}

static unsigned int blk_y(unsigned int blk)
{
	return ((blk >> 1) & 1) | ((blk >> 2) & 2);
}

/*
 * Residual of a 4x4 block, source (sstride, step sstep) - prediction,
 * transformed and quantised into
 * lev[] from scan position `first` and raster[] (as quant4x4(), which it
 * returns); *w0
 * gets the transform's DC coefficient, the sum of the residual. A block
 * whose SAD shows that it quantises to nothing skips the transform.
 */
static inline __attribute__((always_inline)) unsigned int
code4x4(int16_t lev[16], int16_t raster[16], int32_t *w0, const uint8_t *src,
	size_t sstride, unsigned int sstep, const uint8_t *pred,
	size_t pstride, unsigned int first, const struct quant *q)
{
#if VE_SSE2
	/* inlined: sstep, pstride and first are constants at every caller */
	__m128i x[4], a, t;
	int32_t sum;
	uint32_t sad;

	for (int i = 0; i < 4; i++) {
		const uint8_t *sr = src + i * sstride;
		__m128i sv;

		if (sstep == 1) {
			sv = load4_epu8(sr);
		} else {
			/*
			 * samples 0, 2, 4, 6 of 7 bytes (0..3 and 3..6, no
			 * wider load: the row may end there), the odd ones
			 * masked
			 */
			int32_t lo, hi;

			memcpy(&lo, sr, 4);
			memcpy(&hi, sr + 3, 4);
			sv = _mm_or_si128(_mm_cvtsi32_si128(lo), _mm_slli_si128(
				_mm_cvtsi32_si128(hi), 3));
			sv = _mm_and_si128(sv, _mm_set1_epi16(0xff));
		}
		x[i] = _mm_sub_epi16(sv, load4_epu8(pred + i * pstride));
	}
	/* SAD and sum of the 16 residuals, 8 lanes of two rows each */
	a = _mm_unpacklo_epi64(x[0], x[1]);
	t = _mm_unpacklo_epi64(x[2], x[3]);
	{
		__m128i ones = _mm_set1_epi16(1);
		__m128i abs0 = _mm_max_epi16(a, _mm_sub_epi16(
			_mm_setzero_si128(), a));
		__m128i abs1 = _mm_max_epi16(t, _mm_sub_epi16(
			_mm_setzero_si128(), t));
		__m128i vs = _mm_madd_epi16(_mm_add_epi16(a, t), ones);
		__m128i va = _mm_madd_epi16(_mm_add_epi16(abs0, abs1), ones);

		vs = _mm_add_epi32(vs, _mm_srli_si128(vs, 8));
		vs = _mm_add_epi32(vs, _mm_srli_si128(vs, 4));
		va = _mm_add_epi32(va, _mm_srli_si128(va, 8));
		va = _mm_add_epi32(va, _mm_srli_si128(va, 4));
		sum = _mm_cvtsi128_si32(vs);
		sad = (uint32_t)_mm_cvtsi128_si32(va);
	}
	if (sad < (first ? q->zero_sad_ac : q->zero_sad)) {
		*w0 = sum;
		memset(lev, 0, 16 * sizeof(*lev));
		return 0;
	}
	return fdct_quant4x4(x[0], x[1], x[2], x[3], w0, lev, raster, first,
			     q);
#else
	int16_t r[16];
	int32_t sum = 0;
	uint32_t sad = 0;

	/* inlined: sstep, pstride and first are constants at every caller */
	for (int i = 0; i < 4; i++) {
		for (int j = 0; j < 4; j++) {
			int d = src[i * sstride + j * sstep] -
				pred[i * pstride + j];

			r[i * 4 + j] = (int16_t)d;
			sad += (uint32_t)(d < 0 ? -d : d);
			sum += d;
		}
	}
	if (sad < (first ? q->zero_sad_ac : q->zero_sad)) {
		*w0 = sum;
		memset(lev, 0, 16 * sizeof(*lev));
		return 0;
	}
	{
		int32_t w[16];

		fdct4x4(r, w);
		*w0 = w[0];
		return quant4x4(w, lev, raster, first, q);
	}
#endif
}

/*
 * Luma of an I_16x16 macroblock (8.5.2 in reverse): 16 AC blocks and the
 * Hadamard-transformed DC. Luma cbp is 15 when any AC level is non-zero.
 */
static void code_luma_i16(const struct lossy_pic *pp, struct lossy_mb *m)
{
	const struct quant q = pp->quant_y[1];
	unsigned int qp = pp->p->qp;
	int32_t dc[16];
	int16_t raster[16][16];
	bool ac = false, dc_nz = false;
	const uint16_t *mf = quant_mf[q.qp_mod6];

	for (unsigned int blk = 0; blk < 16; blk++) {
		unsigned int bx = blk_x(blk) * 4, by = blk_y(blk) * 4;

		m->mb.total_coeff_y[blk] = (uint8_t)code4x4(m->co.luma[blk],
			raster[blk], &dc[blk_y(blk) * 4 + blk_x(blk)],
			m->src_y + by * pp->width + bx, pp->width, 1,
			m->pred_y + by * 16 + bx, 16, 1, &q);
		m->co.luma[blk][0] = 0;
		ac |= m->mb.total_coeff_y[blk] != 0;
	}

	/* DC: Hadamard, halved, quantised with twice the step */
	hadamard4x4(dc);
	for (unsigned int k = 0; k < 16; k++) {
		int32_t c = dc[zigzag4x4[k]];
		uint32_t a = (uint32_t)(c < 0 ? -c : c) >> 1;
		int32_t l = (int32_t)((a * mf[0] + 2 * q.bias) >>
				      (q.shift + 1));

		m->co.luma_dc[k] = (int16_t)(c < 0 ? -l : l);
		dc_nz |= l != 0;
	}

	if (!ac)
		memset(m->mb.total_coeff_y, 0, sizeof(m->mb.total_coeff_y));
	m->mb.cbp = ac ? 15 : 0;
	m->mb.cbf_dc = dc_nz ? VE_MB_CBF_DC_LUMA : 0;

	/* 8.5.10: inverse Hadamard and scaling of the DC levels */
	for (unsigned int k = 0; k < 16; k++)
		dc[zigzag4x4[k]] = m->co.luma_dc[k];
	hadamard4x4(dc);
	for (unsigned int i = 0; i < 16; i++) {
		int32_t ls = 16 * dequant_v[qp % 6][0];

		if (qp >= 36)
			dc[i] = dc[i] * ls * (1 << (qp / 6 - 6));
		else
			dc[i] = (dc[i] * ls + (1 << (5 - qp / 6))) >>
				(6 - qp / 6);
	}
	for (unsigned int blk = 0; blk < 16; blk++) {
		unsigned int bx = blk_x(blk) * 4, by = blk_y(blk) * 4;
		int32_t d[16];

		dequant4x4(raster[blk], d, &q, m->mb.total_coeff_y[blk]);
		d[0] = dc[blk_y(blk) * 4 + blk_x(blk)];
		idct4x4_add(d, m->pred_y + by * 16 + bx, 16,
			    m->rec_y + by * pp->width + bx, pp->width);
	}
}

/*
 * Is every level of an 8x8 luma quadrant only worth little? A lone +-1 far
 * down the scan costs more bits than it buys; coding none of the
 * quadrant's blocks (its cbp bit 0) keeps P_Skip possible on noise.
 * block_negligible() adds a 4x4 block's levels to the quadrant's score
 * and says whether the quadrant is still negligible (the score only
 * grows).
 */
static bool block_negligible(const int16_t l[16], unsigned int *score)
{
	for (unsigned int k = 0; k < 16; k++) {
		if (!l[k])
			continue;
		if (l[k] > 1 || l[k] < -1)
			return false;
		/* low frequencies weigh more */
		*score += k < 3 ? 3 : k < 6 ? 2 : 1;
	}
	return *score < 4;
}

static bool luma_quadrant_negligible(const struct lossy_mb *m,
				     unsigned int quad)
{
	unsigned int score = 0;

	for (unsigned int blk = quad * 4; blk < quad * 4 + 4; blk++)
		if (m->mb.total_coeff_y[blk] &&
		    !block_negligible(m->co.luma[blk], &score))
			return false;
	return true;
}

/* Luma of a P_L0_16x16 macroblock: 16 blocks of 16 coefficients. */
static void code_luma_inter(const struct lossy_pic *pp, struct lossy_mb *m)
{
	const struct quant q = pp->quant_y[0];
	int16_t raster[16][16];

	m->mb.cbp = 0;
	for (unsigned int blk = 0; blk < 16; blk++) {
		unsigned int bx = blk_x(blk) * 4, by = blk_y(blk) * 4;
		int32_t w0;

		m->mb.total_coeff_y[blk] = (uint8_t)code4x4(m->co.luma[blk],
			raster[blk], &w0, m->src_y + by * pp->width + bx,
			pp->width, 1, m->pred_y + by * 16 + bx, 16, 0, &q);
	}
	for (unsigned int quad = 0; quad < 4; quad++) {
		uint8_t *tc = m->mb.total_coeff_y + quad * 4;

		if (!(tc[0] | tc[1] | tc[2] | tc[3]))
			continue;
		if (luma_quadrant_negligible(m, quad)) {
			memset(tc, 0, 4);
			memset(m->co.luma[quad * 4], 0,
			       4 * sizeof(m->co.luma[0]));
			continue;
		}
		m->mb.cbp |= 1u << quad;
	}

	for (unsigned int blk = 0; blk < 16; blk++) {
		unsigned int bx = blk_x(blk) * 4, by = blk_y(blk) * 4;
		const uint8_t *pred = m->pred_y + by * 16 + bx;
		uint8_t *rec = m->rec_y + by * pp->width + bx;
		int32_t d[16];

		if (!m->mb.total_coeff_y[blk]) {
			for (int i = 0; i < 4; i++)
				memcpy(rec + i * pp->width, pred + i * 16, 4);
			continue;
		}
		dequant4x4(raster[blk], d, &q, m->mb.total_coeff_y[blk]);
		idct4x4_add(d, pred, 16, rec, pp->width);
	}
}

/* The 8x8 Cb and Cr samples c into the interleaved chroma plane at dst */
static void store_chroma(uint8_t *dst, size_t stride, const uint8_t c[2][64])
{
	for (int i = 0; i < 8; i++, dst += stride) {
#if VE_SSE2
		__m128i cb = _mm_loadl_epi64((const __m128i *)(const void *)
					     (c[0] + i * 8));
		__m128i cr = _mm_loadl_epi64((const __m128i *)(const void *)
					     (c[1] + i * 8));

		_mm_storeu_si128((__m128i *)(void *)dst,
				 _mm_unpacklo_epi8(cb, cr));
#else
		for (int j = 0; j < 8; j++) {
			dst[2 * j] = c[0][i * 8 + j];
			dst[2 * j + 1] = c[1][i * 8 + j];
		}
#endif
	}
}

/*
 * Chroma of any macroblock (8.5.11): per component four AC blocks and the
 * 2x2 Hadamard-transformed DC. Sets cbp bits 5:4.
 */
static void code_chroma(const struct lossy_pic *pp, struct lossy_mb *m,
			bool intra)
{
	unsigned int qp = pp->qpc;
	const struct quant q = pp->quant_c[intra];
	const uint16_t *mf = quant_mf[q.qp_mod6];
	bool ac = false, dc_nz = false;
	int32_t dcc[2][4];
	int16_t raster[2][4][16];
	uint8_t rec[2][64];

	for (unsigned int comp = 0; comp < 2; comp++) {
		for (unsigned int blk = 0; blk < 4; blk++) {
			unsigned int bx = (blk & 1) * 4, by = (blk >> 1) * 4;
			unsigned int n;

			n = code4x4(m->co.chroma_ac[comp][blk],
				    raster[comp][blk], &dcc[comp][blk],
				    m->src_c + by * pp->width + bx * 2 + comp,
				    pp->width, 2, m->pred_c[comp] + by * 8 + bx,
				    8, 1, &q);
			m->co.chroma_ac[comp][blk][0] = 0;
			m->mb.total_coeff_c[comp][blk] = (uint8_t)n;
			ac |= n != 0;
		}
		/* 2x2 Hadamard (the inverse of 8-328), twice the step */
		{
			int32_t *c = dcc[comp];
			int32_t t[4] = {
				c[0] + c[1] + c[2] + c[3],
				c[0] - c[1] + c[2] - c[3],
				c[0] + c[1] - c[2] - c[3],
				c[0] - c[1] - c[2] + c[3],
			};

			for (unsigned int i = 0; i < 4; i++) {
				int32_t a = t[i] < 0 ? -t[i] : t[i];
				int32_t l = (int32_t)(((uint32_t)a * mf[0] +
						       2 * q.bias) >>
						      (q.shift + 1));

				m->co.chroma_dc[comp][i] =
					(int16_t)(t[i] < 0 ? -l : l);
				if (l)
					m->mb.cbf_dc |= comp ? VE_MB_CBF_DC_CR :
							       VE_MB_CBF_DC_CB;
				dc_nz |= l != 0;
			}
		}
	}

	if (!ac)
		memset(m->mb.total_coeff_c, 0, sizeof(m->mb.total_coeff_c));
	m->mb.cbp |= (ac ? 2 : dc_nz ? 1 : 0) << 4;

	for (unsigned int comp = 0; comp < 2; comp++) {
		const int16_t *c = m->co.chroma_dc[comp];
		int32_t f[4] = {
			c[0] + c[1] + c[2] + c[3],
			c[0] - c[1] + c[2] - c[3],
			c[0] + c[1] - c[2] - c[3],
			c[0] - c[1] - c[2] + c[3],
		};
		int32_t ls = 16 * dequant_v[qp % 6][0];

		for (unsigned int blk = 0; blk < 4; blk++) {
			unsigned int bx = (blk & 1) * 4, by = (blk >> 1) * 4;
			int32_t d[16];

			dequant4x4(raster[comp][blk], d, &q,
				   m->mb.total_coeff_c[comp][blk]);
			/* 8.5.11.2, 4:2:0: ((f * LevelScale) << qP/6) >> 5 */
			d[0] = (f[blk] * ls * (1 << (qp / 6))) >> 5;
			idct4x4_add(d, m->pred_c[comp] + by * 8 + bx, 8,
				    rec[comp] + by * 8 + bx, 8);
		}
	}
	store_chroma(m->rec_c, pp->width, rec);
}

/* ----------------------------------------------------------------------- */
/* Costs								   */
/* ----------------------------------------------------------------------- */

#if VE_SSE2
static unsigned int sad16xn(const uint8_t *a, size_t astride,
			    const uint8_t *b, size_t bstride, unsigned int n)
{
	__m128i acc = _mm_setzero_si128();

	for (unsigned int y = 0; y < n; y++, a += astride, b += bstride)
		acc = _mm_add_epi64(acc, _mm_sad_epu8(
			_mm_loadu_si128((const __m128i *)(const void *)a),
			_mm_loadu_si128((const __m128i *)(const void *)b)));
	/* two sums of 8 samples each, in the low 16 bits of each half */
	return (unsigned int)(_mm_cvtsi128_si32(acc) +
			      _mm_cvtsi128_si32(_mm_srli_si128(acc, 8)));
}
#else
static unsigned int sad16(const uint8_t *restrict a,
			  const uint8_t *restrict b)
{
	unsigned int sum = 0;

	for (int x = 0; x < 16; x++)
		sum += (unsigned int)abs(a[x] - b[x]);
	return sum;
}

static unsigned int sad16xn(const uint8_t *a, size_t astride,
			    const uint8_t *b, size_t bstride, unsigned int n)
{
	unsigned int sum = 0;

	for (unsigned int y = 0; y < n; y++, a += astride, b += bstride)
		sum += sad16(a, b);
	return sum;
}
#endif

static unsigned int sad16x16(const uint8_t *a, size_t astride,
			     const uint8_t *b, size_t bstride)
{
	return sad16xn(a, astride, b, bstride, 16);
}

/* SAD of both 8x8 chroma components (src interleaved) against pred */
static unsigned int sad_chroma(const uint8_t *src, size_t stride,
			       const uint8_t pred[2][64])
{
	uint8_t p[8 * 16];

	store_chroma(p, 16, pred);
	return sad16xn(src, stride, p, 16, 8);
}

/* Length of se(v) (9.1.1) */
static unsigned int se_bits(int v)
{
	uint32_t k = v > 0 ? 2 * (uint32_t)v - 1 : 2 * (uint32_t)-v;

	return 2 * (31 - (unsigned int)__builtin_clz(k + 1)) + 1;
}

static unsigned int mv_cost(const struct lossy_pic *pp, int mvx, int mvy,
			    const int16_t mvp[2])
{
	return (pp->lambda * (se_bits(mvx - mvp[0]) +
			      se_bits(mvy - mvp[1]))) >> 4;
}

/* ----------------------------------------------------------------------- */
/* Intra prediction (8.3.3, 8.3.4)					   */
/* ----------------------------------------------------------------------- */

/*
 * Plane prediction (8-106, 8-142) of a w x w block (w 16 or 8, stride w):
 * clip((a + b * (x - k) + c * (y - k) + 16) >> 5), k = w / 2 - 1. The sum
 * stays within 16 bits (luma: |b|, |c| <= 717, a <= 8160; chroma: |b|,
 * |c| <= 1355), so the SSE2 code adds b once per sample in 16-bit lanes;
 * the pack clips.
 */
static void plane_predict(uint8_t *pred, unsigned int w, int a, int b, int c)
{
	int k = (int)w / 2 - 1;

	for (int y = 0; y < (int)w; y++, pred += w) {
		int base = a + c * (y - k) - b * k + 16;
#if VE_SSE2
		__m128i x0 = _mm_set_epi16(7, 6, 5, 4, 3, 2, 1, 0);
		__m128i bv = _mm_set1_epi16((int16_t)b);
		__m128i lo = _mm_add_epi16(_mm_set1_epi16((int16_t)base),
					   _mm_mullo_epi16(bv, x0));
		__m128i hi = _mm_add_epi16(lo, _mm_slli_epi16(bv, 3));
		__m128i v = _mm_packus_epi16(_mm_srai_epi16(lo, 5),
					     _mm_srai_epi16(hi, 5));

		if (w == 16)
			_mm_storeu_si128((__m128i *)(void *)pred, v);
		else
			_mm_storel_epi64((__m128i *)(void *)pred, v);
#else
		for (int x = 0; x < (int)w; x++)
			pred[x] = (uint8_t)clip_pixel((base + b * x) >> 5);
#endif
	}
}

/*
 * The four Intra16x16PredMode predictions (0 vertical, 1 horizontal, 2 DC,
 * 3 plane) from the reconstructed, not yet deblocked neighbours; false for
 * a mode whose neighbours are not available. In one slice, A (left) and B
 * (above) are available when inside the picture; D (above left) when both.
 */
static void intra16_predict(const struct lossy_pic *pp,
			    const struct lossy_mb *m, uint8_t pred[4][256],
			    bool ok[4])
{
	size_t w = pp->width;
	bool has_a = m->mbx > 0, has_b = m->mby > 0;
	const uint8_t *top = has_b ? m->rec_y - w : NULL;
	uint8_t left[16];
	int sum = 0;

	for (int i = 0; i < 16; i++)
		left[i] = has_a ? m->rec_y[i * w - 1] : 0;

	ok[0] = has_b;
	if (has_b)
		for (int y = 0; y < 16; y++)
			memcpy(pred[0] + y * 16, top, 16);
	ok[1] = has_a;
	if (has_a)
		for (int y = 0; y < 16; y++)
			memset(pred[1] + y * 16, left[y], 16);

	ok[2] = true;
	for (int i = 0; i < 16; i++)
		sum += (has_b ? top[i] : 0) + (has_a ? left[i] : 0);
	if (has_a && has_b)
		sum = (sum + 16) >> 5;
	else if (has_a || has_b)
		sum = (sum + 8) >> 4;
	else
		sum = 128;
	memset(pred[2], sum, 256);

	ok[3] = has_a && has_b;
	if (ok[3]) {
		int h = 0, v = 0, a, b, c;

		/* x' = 7 reaches p[-1, -1] on both sides */
		for (int i = 0; i < 8; i++) {
			int t = i == 7 ? top[-1] : top[6 - i];
			int l = i == 7 ? top[-1] : left[6 - i];

			h += (i + 1) * (top[8 + i] - t);
			v += (i + 1) * (left[8 + i] - l);
		}
		a = 16 * (left[15] + top[15]);
		b = (5 * h + 32) >> 6;
		c = (5 * v + 32) >> 6;
		plane_predict(pred[3], 16, a, b, c);
	}
}

/*
 * The four intra_chroma_pred_mode predictions (0 DC, 1 horizontal,
 * 2 vertical, 3 plane) of both components, 4:2:0 (8.3.4).
 */
static void intra_chroma_predict(const struct lossy_pic *pp,
				 const struct lossy_mb *m,
				 uint8_t pred[4][2][64], bool ok[4])
{
	size_t w = pp->width;
	bool has_a = m->mbx > 0, has_b = m->mby > 0;

	ok[0] = true;
	ok[1] = has_a;
	ok[2] = has_b;
	ok[3] = has_a && has_b;
	for (unsigned int comp = 0; comp < 2; comp++) {
		const uint8_t *rec = m->rec_c + comp;
		int top[9], left[9];	/* [0] is p[-1, -1] */

		for (int i = 0; i < 8; i++) {
			top[i + 1] = has_b ? rec[i * 2 - (ptrdiff_t)w] : 0;
			left[i + 1] = has_a ? rec[i * w - 2] : 0;
		}
		top[0] = left[0] = ok[3] ? rec[-(ptrdiff_t)w - 2] : 0;

		/* DC per 4x4 chroma block (8.3.4.1..3) */
		for (int blk = 0; blk < 4; blk++) {
			int xo = (blk & 1) * 4, yo = (blk >> 1) * 4;
			int st = 0, sl = 0, dc;
			bool use_t = has_b, use_l = has_a;

			for (int i = 0; i < 4; i++) {
				st += top[1 + xo + i];
				sl += left[1 + yo + i];
			}
			/* off the diagonal, one side is preferred alone */
			if (xo && !yo && has_b)
				use_l = false;
			else if (!xo && yo && has_a)
				use_t = false;
			if (use_t && use_l)
				dc = (st + sl + 4) >> 3;
			else if (use_t)
				dc = (st + 2) >> 2;
			else if (use_l)
				dc = (sl + 2) >> 2;
			else
				dc = 128;
			for (int y = 0; y < 4; y++)
				memset(pred[0][comp] + (yo + y) * 8 + xo, dc,
				       4);
		}
		if (has_a)
			for (int y = 0; y < 8; y++)
				memset(pred[1][comp] + y * 8, left[1 + y], 8);
		if (has_b)
			for (int y = 0; y < 8; y++)
				for (int x = 0; x < 8; x++)
					pred[2][comp][y * 8 + x] =
						(uint8_t)top[1 + x];
		if (ok[3]) {
			int h = 0, v = 0, a, b, c;

			for (int i = 0; i < 4; i++) {
				h += (i + 1) * (top[1 + 4 + i] -
						top[1 + 2 - i]);
				v += (i + 1) * (left[1 + 4 + i] -
						left[1 + 2 - i]);
			}
			a = 16 * (left[8] + top[8]);
			b = (34 * h + 32) >> 6;
			c = (34 * v + 32) >> 6;
			plane_predict(pred[3][comp], 8, a, b, c);
		}
	}
}

/*
 * Best I_16x16 luma mode of m by SAD (SATD would choose a little better at
 * four times the cost); its prediction in m->pred_y.
 */
static unsigned int intra16_decide(const struct lossy_pic *pp,
				   struct lossy_mb *m)
{
	uint8_t pred[4][256];
	bool ok[4];
	unsigned int best = ~0u, mode = 2;

	intra16_predict(pp, m, pred, ok);
	for (unsigned int i = 0; i < 4; i++) {
		unsigned int cost;

		if (!ok[i])
			continue;
		cost = sad16x16(m->src_y, pp->width, pred[i], 16);
		if (cost < best) {
			best = cost;
			mode = i;
		}
	}
	m->mb.i16_mode = (uint8_t)mode;
	memcpy(m->pred_y, pred[mode], 256);
	return best;
}

static void intra_chroma_decide(const struct lossy_pic *pp,
				struct lossy_mb *m)
{
	uint8_t pred[4][2][64];
	bool ok[4];
	unsigned int best = ~0u, mode = 0;

	intra_chroma_predict(pp, m, pred, ok);
	for (unsigned int i = 0; i < 4; i++) {
		unsigned int cost;

		if (!ok[i])
			continue;
		cost = sad_chroma(m->src_c, pp->width, pred[i]);
		if (cost < best) {
			best = cost;
			mode = i;
		}
	}
	m->mb.chroma_mode = (uint8_t)mode;
	memcpy(m->pred_c, pred[mode], sizeof(m->pred_c));
}

/* ----------------------------------------------------------------------- */
/* Inter prediction (8.4)						   */
/* ----------------------------------------------------------------------- */

/*
 * The half-sample planes of 8.4.2.2.1 in the 16x16 cell (cx, cy) of the
 * padded picture (half_cell()): b from horizontal taps, h from vertical
 * taps, j from the unrounded vertical intermediates h1 of its row. Cells
 * 1 .. last - 1 have the taps they need inside the padded picture (the
 * SSE2 code's vertical filters read columns -8 .. 23 of a cell, within
 * cell 0 and the last one), and no vector reads further (PAD_Y -
 * MV_MAX_PEL = 32 samples of margin).
 */
#if VE_SSE2
/*
 * The 6-tap filter (1, -5, 20, 20, -5, 1) of 8-241 on eight 16-bit lanes of
 * samples a..f, as 5 * (4 * (c + d) - (b + e)) + a + f: at most
 * 10 * 255 * 4 + 2 * 255 = 10710 and at least -2550, so 16 bits hold it.
 */
static inline __m128i tap6_epi16(__m128i a, __m128i b, __m128i c, __m128i d,
				 __m128i e, __m128i f)
{
	__m128i t = _mm_sub_epi16(_mm_slli_epi16(_mm_add_epi16(c, d), 2),
				  _mm_add_epi16(b, e));

	return _mm_add_epi16(_mm_add_epi16(_mm_slli_epi16(t, 2), t),
			     _mm_add_epi16(a, f));
}

/* The 6-tap filter of the 16 samples at p, p + step, ... p + 5 * step */
static inline void tap6_epu8(const uint8_t *p, ptrdiff_t step, __m128i *lo,
			     __m128i *hi)
{
	__m128i zero = _mm_setzero_si128(), x[2][6];

	for (int k = 0; k < 6; k++) {
		__m128i v = _mm_loadu_si128(
			(const __m128i *)(const void *)(p + k * step));

		x[0][k] = _mm_unpacklo_epi8(v, zero);
		x[1][k] = _mm_unpackhi_epi8(v, zero);
	}
	*lo = tap6_epi16(x[0][0], x[0][1], x[0][2], x[0][3], x[0][4], x[0][5]);
	*hi = tap6_epi16(x[1][0], x[1][1], x[1][2], x[1][3], x[1][4], x[1][5]);
}

/* (v + 16) >> 5 of 16 lanes, clipped to 0..255 by the pack (8-243, 8-244) */
static inline void round5_store(uint8_t *dst, __m128i lo, __m128i hi)
{
	__m128i r = _mm_set1_epi16(16);

	_mm_storeu_si128((__m128i *)(void *)dst, _mm_packus_epi16(
		_mm_srai_epi16(_mm_add_epi16(lo, r), 5),
		_mm_srai_epi16(_mm_add_epi16(hi, r), 5)));
}

/*
 * j (8-247, 8-248) of 8 lanes from the h1 at c - 2 .. c + 7 + 3, 32 bits
 * wide as the h1 reach 10710: the pairs (h1[i - 2], h1[i + 3]),
 * (h1[i - 1], h1[i + 2]) and (h1[i], h1[i + 1]) multiplied and added by
 * pmaddwd, then (x + 512) >> 10, packed to 16 bits (|j| stays far below).
 */
static inline __m128i tap6_j8(const int16_t *c)
{
	static const int16_t w[3] = { 1, -5, 20 };
	__m128i v[6], lo = _mm_set1_epi32(512), hi = lo;

	for (int k = 0; k < 6; k++)
		v[k] = _mm_loadu_si128((const __m128i *)(const void *)
				       (c + k - 2));
	for (int k = 0; k < 3; k++) {
		__m128i m = _mm_set1_epi16(w[k]);

		lo = _mm_add_epi32(lo, _mm_madd_epi16(
			_mm_unpacklo_epi16(v[k], v[5 - k]), m));
		hi = _mm_add_epi32(hi, _mm_madd_epi16(
			_mm_unpackhi_epi16(v[k], v[5 - k]), m));
	}
	return _mm_packs_epi32(_mm_srai_epi32(lo, 10), _mm_srai_epi32(hi, 10));
}

static void half_cell(struct lossy_ref *r, unsigned int cx, unsigned int cy)
{
	size_t s = r->stride;

	for (unsigned int y = cy * 16; y < cy * 16 + 16; y++) {
		size_t off = y * s + cx * 16;
		const uint8_t *c = r->plane[PLANE_FULL] + off;
		int16_t h1[32];		/* columns -8 .. 23 */
		__m128i lo, hi;

		for (int part = 0; part < 2; part++) {
			tap6_epu8(c - 8 + 16 * part - 2 * (ptrdiff_t)s,
				  (ptrdiff_t)s, &lo, &hi);
			_mm_storeu_si128((__m128i *)(void *)
					 (h1 + 16 * part), lo);
			_mm_storeu_si128((__m128i *)(void *)
					 (h1 + 16 * part + 8), hi);
		}
		round5_store(r->plane[PLANE_V] + off,
			     _mm_loadu_si128((const __m128i *)(const void *)
					     (h1 + 8)),
			     _mm_loadu_si128((const __m128i *)(const void *)
					     (h1 + 16)));
		tap6_epu8(c - 2, 1, &lo, &hi);
		round5_store(r->plane[PLANE_H] + off, lo, hi);
		_mm_storeu_si128((__m128i *)(void *)(r->plane[PLANE_J] + off),
				 _mm_packus_epi16(tap6_j8(h1 + 8),
						  tap6_j8(h1 + 16)));
	}
}
#else
static uint8_t clip_u8(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* 16 samples of h (8-242, 8-244) and their unrounded h1 (8-241) */
static void half_v16(const uint8_t *restrict c, size_t s,
		     int16_t *restrict h1, uint8_t *restrict h)
{
	const uint8_t *r0 = c - 2 * s, *r1 = c - s, *r3 = c + s;
	const uint8_t *r4 = c + 2 * s, *r5 = c + 3 * s;

	for (int i = 0; i < 16; i++) {
		int v = r0[i] - 5 * r1[i] + 20 * c[i] + 20 * r3[i] -
			5 * r4[i] + r5[i];

		h1[i] = (int16_t)v;
		h[i] = clip_u8((v + 16) >> 5);
	}
}

/* 16 samples of b (8-241, 8-243) */
static void half_h16(const uint8_t *restrict c, uint8_t *restrict b)
{
	for (int i = 0; i < 16; i++)
		b[i] = clip_u8((c[i - 2] - 5 * c[i - 1] + 20 * c[i] +
				20 * c[i + 1] - 5 * c[i + 2] + c[i + 3] +
				16) >> 5);
}

/* 16 samples of j from the h1 of their row (8-247, 8-248) */
static void half_j16(const int16_t *restrict c, uint8_t *restrict j)
{
	for (int i = 0; i < 16; i++)
		j[i] = clip_u8((c[i - 2] - 5 * c[i - 1] + 20 * c[i] +
				20 * c[i + 1] - 5 * c[i + 2] + c[i + 3] +
				512) >> 10);
}

/* h1 (8-241) of one sample */
static int16_t half_v1(const uint8_t *c, size_t s)
{
	return (int16_t)(c[-2 * (ptrdiff_t)s] - 5 * c[-(ptrdiff_t)s] +
			 20 * c[0] + 20 * c[s] - 5 * c[2 * s] + c[3 * s]);
}

static void half_cell(struct lossy_ref *r, unsigned int cx, unsigned int cy)
{
	size_t s = r->stride;
	int16_t h1[4 + 16 + 4];		/* columns -4 .. 19 of the cell */

	for (unsigned int y = cy * 16; y < cy * 16 + 16; y++) {
		size_t off = y * s + cx * 16;
		const uint8_t *row = r->plane[PLANE_FULL] + off;

		half_v16(row, s, h1 + 4, r->plane[PLANE_V] + off);
		h1[2] = half_v1(row - 2, s);
		h1[3] = half_v1(row - 1, s);
		for (int i = 16; i < 19; i++)
			h1[4 + i] = half_v1(row + i, s);
		half_h16(row, r->plane[PLANE_H] + off);
		half_j16(h1 + 4, r->plane[PLANE_J] + off);
	}
}
#endif

/* Make the half-sample planes valid in the padded area (x0..x1, y0..y1). */
static void half_ensure(struct lossy_ref *r, size_t x0, size_t y0,
			size_t x1, size_t y1)
{
	for (size_t cy = y0 / 16; cy <= y1 / 16; cy++) {
		for (size_t cx = x0 / 16; cx <= x1 / 16; cx++) {
			uint8_t *done = &r->cell_done[cy * r->cells_w + cx];

			if (!*done) {
				half_cell(r, (unsigned int)cx,
					  (unsigned int)cy);
				*done = 1;
			}
		}
	}
}

/*
 * Luma sample at quarter position (xFrac, yFrac) as the rounded average of
 * one or two samples of the full and half-sample planes (8-250..8-261);
 * dx, dy: which neighbouring full sample's half-sample plane.
 */
struct qpel_src {
	uint8_t plane;
	uint8_t dx, dy;
};

static const struct qpel_src qpel_srcs[16][2] = {
	/* yFrac 0: G, a, b, c */
	{ { PLANE_FULL, 0, 0 }, { PLANE_NONE, 0, 0 } },
	{ { PLANE_FULL, 0, 0 }, { PLANE_H, 0, 0 } },
	{ { PLANE_H, 0, 0 }, { PLANE_NONE, 0, 0 } },
	{ { PLANE_FULL, 1, 0 }, { PLANE_H, 0, 0 } },
	/* yFrac 1: d, e, f, g */
	{ { PLANE_FULL, 0, 0 }, { PLANE_V, 0, 0 } },
	{ { PLANE_H, 0, 0 }, { PLANE_V, 0, 0 } },
	{ { PLANE_H, 0, 0 }, { PLANE_J, 0, 0 } },
	{ { PLANE_H, 0, 0 }, { PLANE_V, 1, 0 } },
	/* yFrac 2: h, i, j, k */
	{ { PLANE_V, 0, 0 }, { PLANE_NONE, 0, 0 } },
	{ { PLANE_V, 0, 0 }, { PLANE_J, 0, 0 } },
	{ { PLANE_J, 0, 0 }, { PLANE_NONE, 0, 0 } },
	{ { PLANE_J, 0, 0 }, { PLANE_V, 1, 0 } },
	/* yFrac 3: n, p, q, r */
	{ { PLANE_FULL, 0, 1 }, { PLANE_V, 0, 0 } },
	{ { PLANE_V, 0, 0 }, { PLANE_H, 0, 1 } },
	{ { PLANE_J, 0, 0 }, { PLANE_H, 0, 1 } },
	{ { PLANE_V, 1, 0 }, { PLANE_H, 0, 1 } },
};

/* Rounded average of 16 samples (8-250..8-261) */
static void avg16(const uint8_t *restrict a, const uint8_t *restrict b,
		  uint8_t *restrict dst)
{
	for (int j = 0; j < 16; j++)
		dst[j] = (uint8_t)((a[j] + b[j] + 1) >> 1);
}

/*
 * The one or two rows that the 16x16 luma prediction of the MB at luma
 * (x, y) with vector mv averages (b NULL: a alone), stride r->stride.
 */
static const uint8_t *mc_luma_rows(struct lossy_ref *r, unsigned int x,
				   unsigned int y, int mvx, int mvy,
				   const uint8_t **b)
{
	const struct qpel_src *q = qpel_srcs[(mvy & 3) * 4 + (mvx & 3)];
	size_t px = (size_t)((ptrdiff_t)x + PAD_Y + (mvx >> 2));
	size_t py = (size_t)((ptrdiff_t)y + PAD_Y + (mvy >> 2));
	size_t base = py * r->stride + px;

	if ((mvx | mvy) & 3)
		half_ensure(r, px, py, px + 16, py + 16);
	*b = q[1].plane == PLANE_NONE ? NULL :
	     r->plane[q[1].plane] + base + q[1].dy * r->stride + q[1].dx;
	return r->plane[q[0].plane] + base + q[0].dy * r->stride + q[0].dx;
}

/* 16x16 luma prediction of the MB at luma (x, y) with vector mv. */
static void mc_luma(struct lossy_ref *r, unsigned int x, unsigned int y,
		    int mvx, int mvy, uint8_t *dst)
{
	const uint8_t *b, *a = mc_luma_rows(r, x, y, mvx, mvy, &b);

	if (!b) {
		for (int i = 0; i < 16; i++)
			memcpy(dst + i * 16, a + i * r->stride, 16);
	} else {
		for (int i = 0; i < 16; i++, a += r->stride, b += r->stride)
			avg16(a, b, dst + i * 16);
	}
}

/*
 * SAD of the source MB against the prediction with vector mv, without
 * writing the prediction (the quarter-sample search tries 16 vectors).
 */
static unsigned int sad_mc_luma(struct lossy_ref *r, const uint8_t *src,
				size_t sstride, unsigned int x,
				unsigned int y, int mvx, int mvy)
{
	const uint8_t *b, *a = mc_luma_rows(r, x, y, mvx, mvy, &b);
#if VE_SSE2
	__m128i acc = _mm_setzero_si128();

	if (!b)
		return sad16x16(src, sstride, a, r->stride);
	/* pavgb is the rounded average (a + b + 1) >> 1 of 8-250..8-261 */
	for (int i = 0; i < 16; i++, a += r->stride, b += r->stride,
	     src += sstride)
		acc = _mm_add_epi64(acc, _mm_sad_epu8(
			_mm_loadu_si128((const __m128i *)(const void *)src),
			_mm_avg_epu8(
			_mm_loadu_si128((const __m128i *)(const void *)a),
			_mm_loadu_si128((const __m128i *)(const void *)b))));
	return (unsigned int)(_mm_cvtsi128_si32(acc) +
			      _mm_cvtsi128_si32(_mm_srli_si128(acc, 8)));
#else
	uint8_t pred[16];
	unsigned int sum = 0;

	if (!b)
		return sad16x16(src, sstride, a, r->stride);
	for (int i = 0; i < 16; i++, a += r->stride, b += r->stride,
	     src += sstride) {
		avg16(a, b, pred);
		sum += sad16(src, pred);
	}
	return sum;
#endif
}

/* One row of 8 chroma samples (8-266) from rows a and b of REF0 */
static void bilinear8(const uint8_t *restrict a, const uint8_t *restrict b,
		      int w00, int w01, int w10, int w11,
		      uint8_t *restrict dst)
{
	for (int j = 0; j < 8; j++)
		dst[j] = (uint8_t)((w00 * a[j] + w01 * a[j + 1] + w10 * b[j] +
				    w11 * b[j + 1] + 32) >> 6);
}

/* 8x8 chroma prediction (8.4.2.2.2), vector in 1/8 chroma samples. */
static void mc_chroma(const uint8_t *plane, size_t stride, unsigned int x,
		      unsigned int y, int mvx, int mvy, uint8_t *dst)
{
	int xf = mvx & 7, yf = mvy & 7;
	int w00 = (8 - xf) * (8 - yf), w01 = xf * (8 - yf);
	int w10 = (8 - xf) * yf, w11 = xf * yf;
	ptrdiff_t py = (ptrdiff_t)y + PAD_C + (mvy >> 3);
	ptrdiff_t px = (ptrdiff_t)x + PAD_C + (mvx >> 3);
	const uint8_t *p = plane + py * (ptrdiff_t)stride + px;

	for (int i = 0; i < 8; i++, p += stride)
		bilinear8(p, p + stride, w00, w01, w10, w11, dst + i * 8);
}

/* The chroma prediction of the MB, both components. */
static void mc_mb_chroma(const struct lossy_pic *pp, struct lossy_mb *m,
			 const int16_t mv[2])
{
	unsigned int x = m->mbx * 8, y = m->mby * 8;

	mc_chroma(pp->ref->cb, pp->ref->cstride, x, y, mv[0], mv[1],
		  m->pred_c[0]);
	mc_chroma(pp->ref->cr, pp->ref->cstride, x, y, mv[0], mv[1],
		  m->pred_c[1]);
}

/* A neighbour partition for motion vector prediction (8.4.1.3.2) */
struct mv_neighbour {
	bool avail;
	int ref;		/* refIdxL0: -1 for intra or not available */
	int16_t mv[2];
};

static struct mv_neighbour mv_neighbour(const struct lossy_pic *pp, int mbx,
					int mby)
{
	struct mv_neighbour n = { .ref = -1 };
	const struct ve_mb *mb;

	if (mbx < 0 || mby < 0 || mbx >= (int)pp->p->width_mbs)
		return n;
	n.avail = true;
	mb = &pp->mbs[(unsigned int)mby * pp->p->width_mbs +
		      (unsigned int)mbx];
	if (mb->type != VE_MB_I16) {
		n.ref = 0;
		n.mv[0] = mb->mv[0];
		n.mv[1] = mb->mv[1];
	}
	return n;
}

static int16_t median3(int16_t a, int16_t b, int16_t c)
{
	int16_t lo = a < b ? a : b, hi = a < b ? b : a;

	return c < lo ? lo : c > hi ? hi : c;
}

/* mvpL0 of a 16x16 partition with refIdxL0 0 (8.4.1.3, 8.4.1.3.1) */
static void mv_predict(const struct lossy_pic *pp, const struct lossy_mb *m,
		       int16_t mvp[2])
{
	int x = (int)m->mbx, y = (int)m->mby;
	struct mv_neighbour a = mv_neighbour(pp, x - 1, y);
	struct mv_neighbour b = mv_neighbour(pp, x, y - 1);
	struct mv_neighbour c = mv_neighbour(pp, x + 1, y - 1);
	unsigned int same;

	if (!c.avail)
		c = mv_neighbour(pp, x - 1, y - 1);	/* D */
	if (!b.avail && !c.avail && a.avail)
		b = c = a;
	same = (a.ref == 0) + (b.ref == 0) + (c.ref == 0);
	if (same == 1) {
		const struct mv_neighbour *n = a.ref == 0 ? &a :
					       b.ref == 0 ? &b : &c;

		mvp[0] = n->mv[0];
		mvp[1] = n->mv[1];
		return;
	}
	mvp[0] = median3(a.mv[0], b.mv[0], c.mv[0]);
	mvp[1] = median3(a.mv[1], b.mv[1], c.mv[1]);
}

/* mvL0 of P_Skip (8.4.1.1) */
static void mv_skip(const struct lossy_pic *pp, const struct lossy_mb *m,
		    int16_t mv[2])
{
	struct mv_neighbour a = mv_neighbour(pp, (int)m->mbx - 1,
					     (int)m->mby);
	struct mv_neighbour b = mv_neighbour(pp, (int)m->mbx,
					     (int)m->mby - 1);

	if (!a.avail || !b.avail ||
	    (a.ref == 0 && !a.mv[0] && !a.mv[1]) ||
	    (b.ref == 0 && !b.mv[0] && !b.mv[1])) {
		mv[0] = mv[1] = 0;
		return;
	}
	mv_predict(pp, m, mv);
}

/* Integer-sample search window of the MB, in full samples */
struct mv_window {
	int xmin, xmax, ymin, ymax;
};

/*
 * Cost of the full-sample vector (ix, iy), or its vector cost alone when
 * that reaches limit already (the candidate is rejected either way).
 */
static unsigned int me_cost_int(const struct lossy_pic *pp,
				const struct lossy_mb *m, int ix, int iy,
				const int16_t mvp[2], unsigned int limit)
{
	const struct lossy_ref *r = pp->ref;
	const uint8_t *p = r->plane[PLANE_FULL] +
			   ((ptrdiff_t)m->mby * 16 + PAD_Y + iy) *
			   (ptrdiff_t)r->stride +
			   (ptrdiff_t)m->mbx * 16 + PAD_Y + ix;
	unsigned int cost = mv_cost(pp, ix * 4, iy * 4, mvp);

	if (cost >= limit)
		return cost;
	return cost + sad16x16(m->src_y, pp->width, p, r->stride);
}

static unsigned int me_cost_qpel(const struct lossy_pic *pp,
				 const struct lossy_mb *m, int mvx, int mvy,
				 const int16_t mvp[2])
{
	return sad_mc_luma(pp->ref, m->src_y, pp->width, m->mbx * 16,
			   m->mby * 16, mvx, mvy) +
	       mv_cost(pp, mvx, mvy, mvp);
}

/* The best full-sample vector so far and its cost */
struct me_best {
	int x, y;
	unsigned int cost;
};

/* Try the full-sample vector (x, y) if inside +-MV_MAX_PEL; true if better */
static bool me_try(const struct lossy_pic *pp, const struct lossy_mb *m,
		   int x, int y, const int16_t mvp[2], struct me_best *b)
{
	unsigned int cost;

	if (x < -MV_MAX_PEL || x > MV_MAX_PEL ||
	    y < -MV_MAX_PEL || y > MV_MAX_PEL)
		return false;
	cost = me_cost_int(pp, m, x, y, mvp, b->cost);
	if (cost >= b->cost)
		return false;
	b->cost = cost;
	b->x = x;
	b->y = y;
	return true;
}

/*
 * Are neighbours A and B both intra? There the motion field has nothing to
 * offer and the picture is seldom predicted from REF0 at all (noise that
 * changes every frame, new content): mode decision tries the candidate
 * vectors only, without the searches around them, nor the P_Skip test.
 */
static bool intra_around(const struct lossy_pic *pp, const struct lossy_mb *m)
{
	const struct ve_mb *cur = &pp->mbs[m->mby * pp->p->width_mbs + m->mbx];

	return m->mbx && m->mby && cur[-1].type == VE_MB_I16 &&
	       cur[-(ptrdiff_t)pp->p->width_mbs].type == VE_MB_I16;
}

/*
 * Motion search: the best of (0, 0), the predictor, the P_Skip vector and
 * the vectors of neighbours A, B and C at full samples; unless
 * intra_around(), a coarse search on the 8 neighbours at distances 16, 8
 * and 4 (for fast motion that the predictors miss) and a diamond descent
 * at 2 and 1; then half- and
 * quarter-sample refinement on the 8 neighbours, skipped when the best
 * full-sample cost is above give_up. SAD plus the vector's bits weighted
 * by lambda. The result is within +-MV_MAX_PEL.
 */
static unsigned int motion_search(const struct lossy_pic *pp,
				  const struct lossy_mb *m,
				  const int16_t mvp[2],
				  const int16_t mv_sk[2], unsigned int give_up,
				  int16_t mv[2])
{
	static const int8_t diamond[4][2] = {
		{ 0, -1 }, { -1, 0 }, { 1, 0 }, { 0, 1 },
	};
	static const int8_t square[8][2] = {
		{ -1, -1 }, { 0, -1 }, { 1, -1 }, { -1, 0 },
		{ 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 },
	};
	struct me_best b = { .cost = ~0u };
	struct mv_neighbour n[3] = {
		mv_neighbour(pp, (int)m->mbx - 1, (int)m->mby),
		mv_neighbour(pp, (int)m->mbx, (int)m->mby - 1),
		mv_neighbour(pp, (int)m->mbx + 1, (int)m->mby - 1),
	};
	int qx, qy;
	unsigned int best;
	bool search = !intra_around(pp, m);

	me_try(pp, m, 0, 0, mvp, &b);
	me_try(pp, m, (mvp[0] + 2) >> 2, (mvp[1] + 2) >> 2, mvp, &b);
	me_try(pp, m, (mv_sk[0] + 2) >> 2, (mv_sk[1] + 2) >> 2, mvp, &b);
	for (int i = 0; i < 3; i++)
		if (n[i].ref == 0)
			me_try(pp, m, (n[i].mv[0] + 2) >> 2,
			       (n[i].mv[1] + 2) >> 2, mvp, &b);

	for (int step = 16; step >= 4 && search; step /= 2) {
		for (int iter = 0; iter < 2; iter++) {
			int cx = b.x, cy = b.y;
			bool moved = false;

			for (int i = 0; i < 8; i++)
				moved |= me_try(pp, m, cx + square[i][0] * step,
						cy + square[i][1] * step, mvp,
						&b);
			if (!moved)
				break;
		}
	}
	for (int step = 2; step >= 1 && search; step--) {
		for (int iter = 0; iter < 16; iter++) {
			int cx = b.x, cy = b.y;
			bool moved = false;

			for (int i = 0; i < 4; i++)
				moved |= me_try(pp, m,
						cx + diamond[i][0] * step,
						cy + diamond[i][1] * step, mvp,
						&b);
			if (!moved)
				break;
		}
	}
	best = b.cost;

	/* half, then quarter samples, unless intra is far better anyway */
	if (best > give_up) {
		mv[0] = (int16_t)(b.x * 4);
		mv[1] = (int16_t)(b.y * 4);
		return best;
	}
	qx = b.x * 4;
	qy = b.y * 4;
	for (int step = 2; step >= 1; step--) {
		int cx = qx, cy = qy;

		for (int i = 0; i < 8; i++) {
			int x = cx + square[i][0] * step;
			int y = cy + square[i][1] * step;
			unsigned int cost;

			if (x < -4 * MV_MAX_PEL || x > 4 * MV_MAX_PEL ||
			    y < -4 * MV_MAX_PEL || y > 4 * MV_MAX_PEL)
				continue;
			cost = me_cost_qpel(pp, m, x, y, mvp);
			if (cost < best) {
				best = cost;
				qx = x;
				qy = y;
			}
		}
	}
	mv[0] = (int16_t)qx;
	mv[1] = (int16_t)qy;
	return best;
}

/* ----------------------------------------------------------------------- */
/* Reference picture							   */
/* ----------------------------------------------------------------------- */

/* Copy a w x h plane (step 1 or 2) into a padded one, replicating edges. */
static void pad_plane(uint8_t *dst, size_t dstride, unsigned int pad,
		      const uint8_t *src, size_t sstride, unsigned int step,
		      unsigned int w, unsigned int h)
{
	for (unsigned int y = 0; y < h; y++) {
		uint8_t *d = dst + (y + pad) * dstride;
		const uint8_t *s = src + y * sstride;

		if (step == 1)
			memcpy(d + pad, s, w);
		else
			for (unsigned int x = 0; x < w; x++)
				d[pad + x] = s[x * step];
		memset(d, d[pad], pad);
		memset(d + pad + w, d[pad + w - 1], pad);
	}
	for (unsigned int y = 0; y < pad; y++) {
		memcpy(dst + y * dstride, dst + pad * dstride, dstride);
		memcpy(dst + (pad + h + y) * dstride,
		       dst + (pad + h - 1) * dstride, dstride);
	}
}

/* REF0 in the core's scratch buffers: the padded planes, no half-sample cell done. */
static bool ref_setup(struct lossy_pic *pp)
{
	const struct ve_lossy_params *p = pp->p;
	struct lossy_ref *r = pp->ref;
	unsigned int pw = pp->width + 2 * PAD_Y, ph = pp->height + 2 * PAD_Y;
	unsigned int cw = pp->width / 2 + 2 * PAD_C;
	unsigned int ch = pp->height / 2 + 2 * PAD_C;
	size_t luma = (size_t)pw * ph, chroma = (size_t)cw * ch;
	size_t cells;
	uint8_t *buf;

	r->stride = pw;
	r->cstride = cw;
	r->cells_w = pw / 16;
	cells = (size_t)r->cells_w * (ph / 16);
	buf = ve_core_scratch(pp->s, VE_CORE_SCRATCH_REF_PLANES,
			      PLANE_COUNT * luma + 2 * chroma);
	r->cell_done = ve_core_scratch(pp->s, VE_CORE_SCRATCH_REF_CELLS,
				       cells);
	if (!buf || !r->cell_done)
		return false;
	for (int i = 0; i < PLANE_COUNT; i++)
		r->plane[i] = buf + i * luma;
	r->cb = buf + PLANE_COUNT * luma;
	r->cr = r->cb + chroma;
	memset(r->cell_done, 0, cells);
	pad_plane(r->plane[PLANE_FULL], pw, PAD_Y, p->ref_y, pp->width, 1,
		  pp->width, pp->height);
	pad_plane(r->cb, cw, PAD_C, p->ref_c, pp->width, 2,
		  pp->width / 2, pp->height / 2);
	pad_plane(r->cr, cw, PAD_C, p->ref_c + 1, pp->width, 2,
		  pp->width / 2, pp->height / 2);
	return true;
}

/* ----------------------------------------------------------------------- */
/* The picture loop							   */
/* ----------------------------------------------------------------------- */

/* I_16x16; luma_decided: intra16_decide() already ran on m. */
static void mb_code_intra(const struct lossy_pic *pp, struct lossy_mb *m,
			  bool luma_decided)
{
	uint8_t mode = m->mb.i16_mode;

	memset(&m->mb, 0, sizeof(m->mb));
	m->mb.type = VE_MB_I16;
	m->mb.qp = (uint8_t)pp->p->qp;
	if (luma_decided)
		m->mb.i16_mode = mode;
	else
		intra16_decide(pp, m);
	intra_chroma_decide(pp, m);
	code_luma_i16(pp, m);
	code_chroma(pp, m, true);
}

/*
 * Code the MB as P_L0_16x16 with vector mv, or as P_Skip when mv is the
 * P_Skip vector and no level is left (only then P_Skip's decoding equals
 * the reconstruction). Returns whether it became P_Skip.
 */
static bool mb_code_inter(const struct lossy_pic *pp, struct lossy_mb *m,
			  const int16_t mv[2], const int16_t mvp[2],
			  const int16_t mv_sk[2], const uint8_t pred_y[256])
{
	memset(&m->mb, 0, sizeof(m->mb));
	m->mb.type = VE_MB_P16;
	m->mb.qp = (uint8_t)pp->p->qp;
	m->mb.mv[0] = mv[0];
	m->mb.mv[1] = mv[1];
	m->mb.mvd[0] = (int16_t)(mv[0] - mvp[0]);
	m->mb.mvd[1] = (int16_t)(mv[1] - mvp[1]);
	memset(m->co.luma_dc, 0, sizeof(m->co.luma_dc));
	memcpy(m->pred_y, pred_y, sizeof(m->pred_y));
	mc_mb_chroma(pp, m, mv);
	code_luma_inter(pp, m);
	code_chroma(pp, m, false);
	if (m->mb.cbp || mv[0] != mv_sk[0] || mv[1] != mv_sk[1])
		return false;
	m->mb.type = VE_MB_PSKIP;
	m->mb.mvd[0] = m->mb.mvd[1] = 0;
	m->mb.cbf_dc = 0;
	return true;
}

/*
 * Code m as P_Skip if that loses nothing over coding its residual: every
 * level at the P_Skip vector quantises to 0 (the luma quadrants after the
 * negligible-level rule of code_luma_inter()). Gives up at the first
 * level that stays, so that the test is cheap for moving content too.
 */
static bool mb_try_skip(const struct lossy_pic *pp, struct lossy_mb *m,
			const int16_t mv_sk[2])
{
	const struct quant q = pp->quant_y[0];
	const struct quant qc = pp->quant_c[0];
	const uint16_t *mf = quant_mf[qc.qp_mod6];

	mc_luma(pp->ref, m->mbx * 16, m->mby * 16, mv_sk[0], mv_sk[1],
		m->pred_y);
	for (unsigned int quad = 0; quad < 4; quad++) {
		unsigned int score = 0;

		/* the quadrant's rule block by block: most fail at the first */
		for (unsigned int blk = quad * 4; blk < quad * 4 + 4; blk++) {
			unsigned int bx = blk_x(blk) * 4, by = blk_y(blk) * 4;
			int16_t raster[16];
			int32_t w0;

			if (code4x4(m->co.luma[blk], raster, &w0,
				    m->src_y + by * pp->width + bx, pp->width,
				    1, m->pred_y + by * 16 + bx, 16, 0, &q) &&
			    !block_negligible(m->co.luma[blk], &score))
				return false;
		}
	}
	/* the chroma prediction only when the luma allows P_Skip */
	mc_mb_chroma(pp, m, mv_sk);
	for (unsigned int comp = 0; comp < 2; comp++) {
		int32_t dc[4];
		int32_t t[4];

		for (unsigned int blk = 0; blk < 4; blk++) {
			unsigned int bx = (blk & 1) * 4, by = (blk >> 1) * 4;
			int16_t raster[16];

			if (code4x4(m->co.chroma_ac[comp][blk], raster,
				    &dc[blk],
				    m->src_c + by * pp->width + bx * 2 + comp,
				    pp->width, 2, m->pred_c[comp] + by * 8 + bx,
				    8, 1, &qc))
				return false;
		}
		t[0] = dc[0] + dc[1] + dc[2] + dc[3];
		t[1] = dc[0] - dc[1] + dc[2] - dc[3];
		t[2] = dc[0] + dc[1] - dc[2] - dc[3];
		t[3] = dc[0] - dc[1] - dc[2] + dc[3];
		for (unsigned int i = 0; i < 4; i++) {
			uint32_t a = (uint32_t)(t[i] < 0 ? -t[i] : t[i]);

			if ((a * mf[0] + 2 * qc.bias) >> (qc.shift + 1))
				return false;
		}
	}

	memset(&m->mb, 0, sizeof(m->mb));
	m->mb.type = VE_MB_PSKIP;
	m->mb.qp = (uint8_t)pp->p->qp;
	m->mb.mv[0] = mv_sk[0];
	m->mb.mv[1] = mv_sk[1];
	for (int i = 0; i < 16; i++)
		memcpy(m->rec_y + i * pp->width, m->pred_y + i * 16, 16);
	store_chroma(m->rec_c, pp->width, m->pred_c);
	return true;
}

/* Mode decision and coding of one MB of a P slice. */
static void mb_code_p(const struct lossy_pic *pp, struct lossy_mb *m)
{
	int16_t mvp[2], mv_sk[2], mv[2];
	unsigned int inter_cost, intra_cost, intra_sad;
	uint8_t inter_pred[256];

	mv_predict(pp, m, mvp);
	mv_skip(pp, m, mv_sk);

	/*
	 * P_Skip whenever its vector leaves nothing to code (between intra
	 * neighbours, only if the inter coding below finds that vector
	 * leaves nothing)
	 */
	if (!intra_around(pp, m) && mb_try_skip(pp, m, mv_sk))
		return;

	/*
	 * Intra first: where its SAD is below the best full-sample inter
	 * cost, refining to quarter samples seldom turns the decision (noise
	 * that changes every frame). Then both on SAD (SATD chose no better
	 * on the test clips, at twice the time), intra with about 6 more
	 * bits of mb_type and modes.
	 */
	intra_sad = intra16_decide(pp, m);
	motion_search(pp, m, mvp, mv_sk, intra_sad, mv);
	mc_luma(pp->ref, m->mbx * 16, m->mby * 16, mv[0], mv[1], inter_pred);
	inter_cost = sad16x16(m->src_y, pp->width, inter_pred, 16) +
		     mv_cost(pp, mv[0], mv[1], mvp);
	intra_cost = intra_sad + ((pp->lambda * 6) >> 4);
	if (intra_cost < inter_cost)
		mb_code_intra(pp, m, true);
	else
		mb_code_inter(pp, m, mv, mvp, mv_sk, inter_pred);
}

static void mb_put(struct lossy_pic *pp, const struct lossy_mb *m, bool last)
{
	const struct ve_lossy_params *p = pp->p;
	const struct ve_mb *cur = &pp->mbs[m->mby * p->width_mbs + m->mbx];
	const struct ve_mb *a = m->mbx ? cur - 1 : NULL;
	const struct ve_mb *b = m->mby ? cur - p->width_mbs : NULL;

	if (p->cabac) {
		ve_cabac_put_mb(&pp->cabac, p->p_slice, cur, &m->co, a, b);
		ve_cabac_encode_terminate(&pp->cabac, last);
	} else {
		ve_cavlc_put_mb(pp->s, &pp->skip_run, p->p_slice, cur, &m->co,
				a, b);
	}
}

static unsigned int sad_src_pred(const struct lossy_pic *pp,
				 const struct lossy_mb *m)
{
	return sad16x16(m->src_y, pp->width, m->pred_y, 16);
}

bool ve_lossy_encode(struct ve_core *s, const struct ve_lossy_params *p,
		     uint32_t *mad)
{
	struct lossy_pic pp = {
		.s = s,
		.p = p,
		.width = p->width_mbs * 16,
		.height = p->height_mbs * 16,
		.qpc = ve_chroma_qp((int)p->qp, p->chroma_qp_offset),
		.lambda = lambda_tab[p->qp],
	};
	unsigned int mb_count = p->width_mbs * p->height_mbs;
	struct lossy_ref ref = { 0 };
	struct lossy_mb m;

	pp.ref = &ref;
	for (int intra = 0; intra < 2; intra++) {
		pp.quant_y[intra] = quant_setup(p->qp, intra);
		pp.quant_c[intra] = quant_setup(pp.qpc, intra);
	}

	/* every entry is written before it is read (as neighbour A or B) */
	pp.mbs = ve_core_scratch(s, VE_CORE_SCRATCH_MBS,
				 mb_count * sizeof(*pp.mbs));
	if (!pp.mbs || (p->p_slice && !ref_setup(&pp)))
		return false;

	pp.cabac.s = s;
	if (p->cabac) {
		ve_writer_align(s, 1);	/* cabac_alignment_one_bit */
		ve_cabac_init_contexts(&pp.cabac, p->p_slice,
				       p->cabac_init_idc, p->qp);
		ve_cabac_init_engine(&pp.cabac);
	}

	for (unsigned int mby = 0; mby < p->height_mbs; mby++) {
		for (unsigned int mbx = 0; mbx < p->width_mbs; mbx++) {
			size_t yoff = (size_t)mby * 16 * pp.width + mbx * 16;
			size_t coff = (size_t)mby * 8 * pp.width + mbx * 16;

			m.mbx = mbx;
			m.mby = mby;
			m.src_y = p->src_y + yoff;
			m.src_c = p->src_c + coff;
			m.rec_y = p->rec_y + yoff;
			m.rec_c = p->rec_c + coff;
			if (p->p_slice)
				mb_code_p(&pp, &m);
			else
				mb_code_intra(&pp, &m, false);
			pp.abs_residual += sad_src_pred(&pp, &m);
			pp.mbs[mby * p->width_mbs + mbx] = m.mb;
			mb_put(&pp, &m, mby * p->width_mbs + mbx + 1 ==
					mb_count);
			if (s->wr.overflow)
				return true;
		}
	}

	if (p->cabac) {
		/* the flush of end_of_slice_flag wrote rbsp_stop_one_bit */
		ve_writer_align(s, 0);
	} else {
		if (pp.skip_run)
			ve_writer_ue(s, pp.skip_run);
		ve_writer_put(s, 1, 1);	/* rbsp_stop_one_bit */
		ve_writer_align(s, 0);
	}

	ve_deblock_picture(p->rec_y, p->rec_c, pp.width, p->width_mbs,
			   p->height_mbs, pp.mbs, p->chroma_qp_offset,
			   p->deblock_idc, p->alpha_div2, p->beta_div2);

	/*
	 * VE_ENC_AVC_MAD: the sum over all luma samples of |source -
	 * prediction|, prediction being that of the mode the MB was coded
	 * with (P_Skip's included), divided by the number of MBs (rounded
	 * down): the mean absolute luma residual of a macroblock.
	 */
	*mad = (uint32_t)(pp.abs_residual / mb_count);
	return true;
}
