/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VE model v2, the lossy coder: what its files share.
 *
 *   ve-lossy.c	 the picture loop: prediction, mode decision, transform,
 *		 quantisation, reconstruction, motion estimation
 *   ve-cavlc.c	 macroblock layer and residuals in CAVLC (9.2)
 *   ve-cabac-mb.c macroblock layer and residuals in CABAC (9.3), on the
 *		 arithmetic coder of ve-cabac.c
 *   ve-deblock.c the in-loop deblocking filter (8.7)
 *
 * Conventions (section numbers are those of ITU-T H.264):
 * - 4x4 luma blocks are numbered by luma4x4BlkIdx (6.4.3): 8x8 quadrant
 *   in raster order, then the 4x4 block inside it in raster order.
 * - 4x4 chroma blocks are numbered 0..3 in raster order within the 8x8
 *   block of each component (0 = Cb, 1 = Cr).
 * - Coefficient levels are stored in zig-zag scan order (8.5.6, frame
 *   macroblocks), as the entropy coders consume them. An AC block (I_16x16
 *   luma, chroma) leaves index 0 at 0 and holds scan positions 1..15 at
 *   indices 1..15; it is coded as a block of 15 coefficients.
 * - Chroma DC levels are c[0..3] = the 2x2 DC matrix in raster order.
 * - Motion vectors are in quarter luma samples.
 * - Every macroblock of a picture has the slice QP (mb_qp_delta is 0).
 */
#ifndef VE_LOSSY_H
#define VE_LOSSY_H

#include "ve-internal.h"

enum ve_mb_type {
	VE_MB_I16,	/* I_16x16_<mode>_<cbp> (Table 7-11) */
	VE_MB_P16,	/* P_L0_16x16, ref_idx 0 (Table 7-13) */
	VE_MB_PSKIP,	/* P_Skip */
};

/*
 * What is known about a coded macroblock: the coders and the deblocking
 * filter of later macroblocks read it as neighbour A (left) or B (above).
 */
struct ve_mb {
	enum ve_mb_type type;
	uint8_t i16_mode;	/* Intra16x16PredMode 0..3 (I16) */
	uint8_t chroma_mode;	/* intra_chroma_pred_mode 0..3 (I16) */
	/*
	 * coded_block_pattern: bits 3:0 one per 8x8 luma quadrant (I16: 0 or
	 * 15), bits 5:4 CodedBlockPatternChroma (0, 1, 2). 0 for P_Skip.
	 */
	uint8_t cbp;
	uint8_t qp;		/* QPY */
	int16_t mv[2];		/* (x, y); P16 and P_Skip; 0 for intra */
	int16_t mvd[2];		/* coded mvd_l0 (P16); 0 otherwise */
	/*
	 * TotalCoeff(coeff_token) of every 4x4 block: luma by luma4x4BlkIdx
	 * (for I16, of the AC block), chroma AC by [component][blkIdx].
	 * 0 for blocks not coded (cbp) and for P_Skip. CABAC's
	 * coded_block_flag of a block is (count != 0); the deblocking filter's
	 * "non-zero transform coefficients" of an inter block too.
	 */
	uint8_t total_coeff_y[16];
	uint8_t total_coeff_c[2][4];
	/*
	 * coded_block_flag of the DC blocks: bit 0 luma DC (I16), bit 1 Cb
	 * DC, bit 2 Cr DC (CABAC's neighbour context).
	 */
	uint8_t cbf_dc;
};

#define VE_MB_CBF_DC_LUMA	(1u << 0)
#define VE_MB_CBF_DC_CB		(1u << 1)
#define VE_MB_CBF_DC_CR		(1u << 2)

/* The quantised levels of one macroblock, as the entropy coders take them. */
struct ve_mb_coeffs {
	int16_t luma_dc[16];		/* Intra16x16DCLevel (I16) */
	int16_t luma[16][16];		/* [luma4x4BlkIdx]; AC from 1 for I16 */
	int16_t chroma_dc[2][4];	/* [component] */
	int16_t chroma_ac[2][4][16];	/* [component][blkIdx], from 1 */
};

/*
 * CAVLC (ve-cavlc.c): one macroblock of the slice data, 7.3.4 and 7.3.5.
 * A P_Skip macroblock only counts in *skip_run; a coded macroblock of a P
 * slice writes the pending mb_skip_run first and sets it to 0 (the picture
 * loop writes a final non-zero run before rbsp_trailing_bits). a and b are
 * the left and upper neighbours, NULL when not available.
 */
void ve_cavlc_put_mb(struct ve_core *s, uint32_t *skip_run, bool p_slice,
		     const struct ve_mb *mb, const struct ve_mb_coeffs *co,
		     const struct ve_mb *a, const struct ve_mb *b);

/*
 * CABAC (ve-cabac-mb.c): one macroblock, from mb_skip_flag (P slices) to
 * its last residual bin. The picture loop codes end_of_slice_flag after it
 * with ve_cabac_encode_terminate(). Contexts were initialised for the
 * slice with ve_cabac_init_contexts().
 */
void ve_cabac_put_mb(struct ve_cabac *c, bool p_slice,
		     const struct ve_mb *mb, const struct ve_mb_coeffs *co,
		     const struct ve_mb *a, const struct ve_mb *b);

/*
 * Deblocking (ve-deblock.c), 8.7, of a whole picture in place after all
 * its macroblocks were reconstructed: y and NV12 cbcr share `stride`;
 * mbs[] holds every macroblock in raster order. idc is
 * disable_deblocking_filter_idc (1: nothing to do; 0 and 2 are the same
 * for the model's single slice), alpha_div2/beta_div2 the slice offsets
 * (-6..6), chroma_qp_offset chroma_qp_index_offset.
 */
void ve_deblock_picture(uint8_t *y, uint8_t *cbcr, size_t stride,
			unsigned int width_mbs, unsigned int height_mbs,
			const struct ve_mb *mbs, int chroma_qp_offset,
			unsigned int idc, int alpha_div2, int beta_div2);

/*
 * One picture for the picture loop (ve-lossy.c), from the registers of
 * the job (ve-job.c). Every plane is in host memory, packed: width_mbs * 16
 * bytes per row; luma height_mbs * 16 rows, NV12 chroma (Cb, Cr
 * interleaved) height_mbs * 8 rows.
 */
struct ve_lossy_params {
	unsigned int width_mbs, height_mbs;
	bool p_slice;
	bool cabac;
	unsigned int cabac_init_idc;
	unsigned int qp;		/* SliceQPY */
	int chroma_qp_offset;		/* chroma_qp_index_offset */
	unsigned int deblock_idc;	/* disable_deblocking_filter_idc */
	int alpha_div2, beta_div2;	/* slice_alpha_c0/beta_offset_div2 */
	const uint8_t *src_y, *src_c;	/* the picture to code */
	const uint8_t *ref_y, *ref_c;	/* REF0 (P slices) */
	uint8_t *rec_y, *rec_c;		/* out: the deblocked reconstruction */
};

/*
 * Code the picture as one slice: slice_data() to rbsp_slice_trailing_bits
 * through the stream writer (the slice header is already there), the
 * reconstruction into rec_y/rec_c. *mad gets VE_ENC_AVC_MAD's value. Stops
 * early, leaving rec and *mad unset, when s->wr.overflow is set. False
 * when host memory ran out (nothing was written then).
 */
bool ve_lossy_encode(struct ve_core *s, const struct ve_lossy_params *p,
		     uint32_t *mad);

/* QPC from qPI = QPY + chroma_qp_index_offset clipped to 0..51 (Table 8-15) */
static inline unsigned int ve_chroma_qp(int qpy, int chroma_qp_offset)
{
	static const uint8_t qpc_from_30[22] = {
		29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36,
		36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39,
	};
	int qpi = qpy + chroma_qp_offset;

	qpi = qpi < 0 ? 0 : qpi > 51 ? 51 : qpi;
	return qpi < 30 ? (unsigned int)qpi : qpc_from_30[qpi - 30];
}

#endif /* VE_LOSSY_H */
