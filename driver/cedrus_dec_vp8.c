// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: stateless VP8 decode engine.
 *
 * One job decodes one frame (V4L2_PIX_FMT_VP8_FRAME, with
 * V4L2_CID_STATELESS_VP8_FRAME in its request). VP8 runs on the H.264
 * block, switched to VP8 by VE_DEC_H264_CTRL_VP8.
 *
 * What the VE needs beyond registers:
 * - a probability buffer in DRAM: constant tables (coefficient update
 *   probabilities, default mode and motion vector probabilities, the
 *   decoding trees of RFC 6386) written once at setup, and the frame's
 *   probabilities (from the control) written before every job;
 * - the frame header read through the VE's own boolean decoder: the
 *   userspace-parsed header is in the control, yet the VE decodes
 *   garbage unless the driver walks the header with GET_BITS triggers
 *   and lets it parse the coefficient probability updates (UPDATE_COEF).
 *   Which internal state this sets is not known; the walk follows the
 *   bits the VE returns, as RFC 6386 section 19.2 lays them out.
 * - the addresses of the frame being decoded and of the last, golden and
 *   altref references, found by their CAPTURE timestamps.
 */

#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-mem2mem.h>
#include <media/videobuf2-dma-contig.h>
#include <media/videobuf2-v4l2.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_dec.h"
#include "cedrus_dec_vp8.h"
#include "cedrus_engine.h"
#include "cedrus_regs.h"

/*
 * Largest frame: the frame size register holds 8 bits of macroblocks
 * (4080 pixels); 2304 lines as for the other decoders.
 */
#define CEDRUS_DEC_VP8_WIDTH_MAX	4080
#define CEDRUS_DEC_VP8_HEIGHT_MAX	2304

/* Frame tag (3 bytes), then on key frames start code and size (7 bytes). */
#define CEDRUS_DEC_VP8_TAG_BYTES	3
#define CEDRUS_DEC_VP8_KEY_TAG_BYTES	10
/* Each DCT partition but the last has its size in 3 bytes. */
#define CEDRUS_DEC_VP8_PART_SIZE_BYTES	3

/* Limits of the frame header fields (RFC 6386 section 19.2). */
#define CEDRUS_DEC_VP8_VERSION_MAX	3
#define CEDRUS_DEC_VP8_SCALE_MAX	3
#define CEDRUS_DEC_VP8_LF_LEVEL_MAX	63
#define CEDRUS_DEC_VP8_SHARPNESS_MAX	7
#define CEDRUS_DEC_VP8_QINDEX_MAX	127
#define CEDRUS_DEC_VP8_Q_DELTA_MAX	15
#define CEDRUS_DEC_VP8_SEG_Q_MAX	127
#define CEDRUS_DEC_VP8_SEG_LF_MAX	63
#define CEDRUS_DEC_VP8_LF_DELTA_MAX	63

/* The even probability the VE reads plain (L(n)) header fields with. */
#define CEDRUS_DEC_VP8_PROB_HALF	128

/* Constant tables of the probability buffer: RFC 6386 values. */

/* Probability that each coefficient probability is updated (13.4). */
static const u8 cedrus_dec_vp8_coeff_update_probs[4][8][3][11] = {
	/* block type 0: Y after Y2 (from coefficient 1) */
	{ {
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 176, 246, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 223, 241, 252, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 249, 253, 253, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 244, 252, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 234, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 253, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 246, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 239, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 254, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 248, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 251, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 251, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 254, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 254, 253, 255, 254, 255, 255, 255, 255, 255, 255 },
		{ 250, 255, 254, 255, 254, 255, 255, 255, 255, 255, 255 },
		{ 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	} },
	/* block type 1: Y2 */
	{ {
		{ 217, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 225, 252, 241, 253, 255, 255, 254, 255, 255, 255, 255 },
		{ 234, 250, 241, 250, 253, 255, 253, 254, 255, 255, 255 },
	}, {
		{ 255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 223, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 238, 253, 254, 254, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 248, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 249, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 253, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 247, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 252, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 253, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 254, 253, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 250, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	} },
	/* block type 2: chroma */
	{ {
		{ 186, 251, 250, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 234, 251, 244, 254, 255, 255, 255, 255, 255, 255, 255 },
		{ 251, 251, 243, 253, 254, 255, 254, 255, 255, 255, 255 },
	}, {
		{ 255, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 236, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 251, 253, 253, 254, 254, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 254, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 254, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	} },
	/* block type 3: Y with DC (no Y2) */
	{ {
		{ 248, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 250, 254, 252, 254, 255, 255, 255, 255, 255, 255, 255 },
		{ 248, 254, 249, 253, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 253, 253, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 246, 253, 253, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 252, 254, 251, 254, 254, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 254, 252, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 248, 254, 253, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 253, 255, 254, 254, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 251, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 245, 251, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 253, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 251, 253, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 252, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 252, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 249, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 255, 253, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 250, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	}, {
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
		{ 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 },
	} },
};

/* Probability that each motion vector probability is updated (17.2). */
static const u8 cedrus_dec_vp8_mv_update_probs[2][V4L2_VP8_MV_PROB_CNT] = {
	{
		237, 246, 253, 253, 254, 254, 254, 254, 254, 254,
		254, 254, 254, 254, 250, 250, 252, 254, 254,
	}, {
		231, 243, 245, 253, 254, 254, 254, 254, 254, 254,
		254, 254, 254, 254, 251, 251, 254, 254, 254,
	},
};

/* Key frame luma mode probabilities (11.2). */
static const u8 cedrus_dec_vp8_kf_ymode_probs[] = { 145, 156, 163, 128 };

/* Split motion vector partitioning probabilities (17.1). */
static const u8 cedrus_dec_vp8_split_mv_probs[] = { 110, 111, 150 };

/* Subblock intra mode probabilities of inter frames (16.2). */
static const u8 cedrus_dec_vp8_bmode_probs[] = {
	120, 90, 79, 133, 87, 85, 80, 111, 151,
};

/* Subblock motion vector reference probabilities, by context (17.1). */
static const u8 cedrus_dec_vp8_sub_mv_ref_probs[5][3] = {
	{ 147, 136, 18 },
	{ 106, 145, 1 },
	{ 179, 121, 1 },
	{ 223, 1, 34 },
	{ 208, 1, 1 },
};

/* Motion vector reference mode probabilities, by context (16.3). */
static const u8 cedrus_dec_vp8_mode_contexts[6][4] = {
	{ 7, 1, 1, 143 },
	{ 14, 18, 14, 107 },
	{ 135, 64, 57, 68 },
	{ 60, 56, 128, 65 },
	{ 159, 134, 128, 34 },
	{ 234, 188, 128, 28 },
};

/*
 * Values the decoding trees end in: macroblock modes, subblock modes,
 * split partitionings (RFC 6386 enums, in their order).
 */
enum cedrus_dec_vp8_value {
	/* macroblock modes: intra, then inter */
	CEDRUS_DEC_VP8_DC_PRED = 0,
	CEDRUS_DEC_VP8_V_PRED,
	CEDRUS_DEC_VP8_H_PRED,
	CEDRUS_DEC_VP8_TM_PRED,
	CEDRUS_DEC_VP8_B_PRED,
	CEDRUS_DEC_VP8_MV_NEAREST,
	CEDRUS_DEC_VP8_MV_NEAR,
	CEDRUS_DEC_VP8_MV_ZERO,
	CEDRUS_DEC_VP8_MV_NEW,
	CEDRUS_DEC_VP8_MV_SPLIT,
};

enum cedrus_dec_vp8_sub_value {
	/* subblock modes: intra, then inter */
	CEDRUS_DEC_VP8_B_DC_PRED = 0,
	CEDRUS_DEC_VP8_B_TM_PRED,
	CEDRUS_DEC_VP8_B_VE_PRED,
	CEDRUS_DEC_VP8_B_HE_PRED,
	CEDRUS_DEC_VP8_B_LD_PRED,
	CEDRUS_DEC_VP8_B_RD_PRED,
	CEDRUS_DEC_VP8_B_VR_PRED,
	CEDRUS_DEC_VP8_B_VL_PRED,
	CEDRUS_DEC_VP8_B_HD_PRED,
	CEDRUS_DEC_VP8_B_HU_PRED,
	CEDRUS_DEC_VP8_LEFT_4X4,
	CEDRUS_DEC_VP8_ABOVE_4X4,
	CEDRUS_DEC_VP8_ZERO_4X4,
	CEDRUS_DEC_VP8_NEW_4X4,
};

enum cedrus_dec_vp8_split {
	CEDRUS_DEC_VP8_SPLIT_TOP_BOTTOM = 0,
	CEDRUS_DEC_VP8_SPLIT_LEFT_RIGHT,
	CEDRUS_DEC_VP8_SPLIT_QUARTERS,
	CEDRUS_DEC_VP8_SPLIT_16,
};

/* A tree entry: the index of a branch pair, or a leaf holding a value. */
#define LEAF(value)	(VE_DEC_VP8_PROBS_TREE_LEAF | (value))

static const u8 cedrus_dec_vp8_kf_ymode_tree[] = {
	LEAF(CEDRUS_DEC_VP8_B_PRED), 2,
	4, 6,
	LEAF(CEDRUS_DEC_VP8_DC_PRED), LEAF(CEDRUS_DEC_VP8_V_PRED),
	LEAF(CEDRUS_DEC_VP8_H_PRED), LEAF(CEDRUS_DEC_VP8_TM_PRED),
};

static const u8 cedrus_dec_vp8_ymode_tree[] = {
	LEAF(CEDRUS_DEC_VP8_DC_PRED), 2,
	4, 6,
	LEAF(CEDRUS_DEC_VP8_V_PRED), LEAF(CEDRUS_DEC_VP8_H_PRED),
	LEAF(CEDRUS_DEC_VP8_TM_PRED), LEAF(CEDRUS_DEC_VP8_B_PRED),
};

static const u8 cedrus_dec_vp8_uv_mode_tree[] = {
	LEAF(CEDRUS_DEC_VP8_DC_PRED), 2,
	LEAF(CEDRUS_DEC_VP8_V_PRED), 4,
	LEAF(CEDRUS_DEC_VP8_H_PRED), LEAF(CEDRUS_DEC_VP8_TM_PRED),
};

/* Short motion vector magnitudes 0..7. */
static const u8 cedrus_dec_vp8_small_mv_tree[] = {
	2, 8,
	4, 6,
	LEAF(0), LEAF(1),
	LEAF(2), LEAF(3),
	10, 12,
	LEAF(4), LEAF(5),
	LEAF(6), LEAF(7),
};

static const u8 cedrus_dec_vp8_split_mv_tree[] = {
	LEAF(CEDRUS_DEC_VP8_SPLIT_16), 2,
	LEAF(CEDRUS_DEC_VP8_SPLIT_QUARTERS), 4,
	LEAF(CEDRUS_DEC_VP8_SPLIT_TOP_BOTTOM),
	LEAF(CEDRUS_DEC_VP8_SPLIT_LEFT_RIGHT),
};

static const u8 cedrus_dec_vp8_bmode_tree[] = {
	LEAF(CEDRUS_DEC_VP8_B_DC_PRED), 2,
	LEAF(CEDRUS_DEC_VP8_B_TM_PRED), 4,
	LEAF(CEDRUS_DEC_VP8_B_VE_PRED), 6,
	8, 12,
	LEAF(CEDRUS_DEC_VP8_B_HE_PRED), 10,
	LEAF(CEDRUS_DEC_VP8_B_RD_PRED), LEAF(CEDRUS_DEC_VP8_B_VR_PRED),
	LEAF(CEDRUS_DEC_VP8_B_LD_PRED), 14,
	LEAF(CEDRUS_DEC_VP8_B_VL_PRED), 16,
	LEAF(CEDRUS_DEC_VP8_B_HD_PRED), LEAF(CEDRUS_DEC_VP8_B_HU_PRED),
};

static const u8 cedrus_dec_vp8_sub_mv_ref_tree[] = {
	LEAF(CEDRUS_DEC_VP8_LEFT_4X4), 2,
	LEAF(CEDRUS_DEC_VP8_ABOVE_4X4), 4,
	LEAF(CEDRUS_DEC_VP8_ZERO_4X4), LEAF(CEDRUS_DEC_VP8_NEW_4X4),
};

static const u8 cedrus_dec_vp8_mv_ref_tree[] = {
	LEAF(CEDRUS_DEC_VP8_MV_ZERO), 2,
	LEAF(CEDRUS_DEC_VP8_MV_NEAREST), 4,
	LEAF(CEDRUS_DEC_VP8_MV_NEAR), 6,
	LEAF(CEDRUS_DEC_VP8_MV_NEW), LEAF(CEDRUS_DEC_VP8_MV_SPLIT),
};

#undef LEAF

/* A constant table and where it goes in the probability buffer. */
struct cedrus_dec_vp8_probs_table {
	unsigned int	offset;
	const u8	*data;
	unsigned int	size;
};

#define CEDRUS_DEC_VP8_TABLE(where, table) \
	{ VE_DEC_VP8_PROBS_ ## where, (const u8 *)(table), sizeof(table) }

static const struct cedrus_dec_vp8_probs_table cedrus_dec_vp8_tables[] = {
	CEDRUS_DEC_VP8_TABLE(KF_YMODE, cedrus_dec_vp8_kf_ymode_probs),
	CEDRUS_DEC_VP8_TABLE(SPLIT_MV, cedrus_dec_vp8_split_mv_probs),
	CEDRUS_DEC_VP8_TABLE(BMODE, cedrus_dec_vp8_bmode_probs),
	CEDRUS_DEC_VP8_TABLE(MODE_CONTEXTS, cedrus_dec_vp8_mode_contexts),
	CEDRUS_DEC_VP8_TABLE(KF_YMODE_TREE, cedrus_dec_vp8_kf_ymode_tree),
	CEDRUS_DEC_VP8_TABLE(YMODE_TREE, cedrus_dec_vp8_ymode_tree),
	CEDRUS_DEC_VP8_TABLE(UV_MODE_TREE, cedrus_dec_vp8_uv_mode_tree),
	/* the VE reads the short vector tree twice, once per component */
	CEDRUS_DEC_VP8_TABLE(SMALL_MV_TREE, cedrus_dec_vp8_small_mv_tree),
	CEDRUS_DEC_VP8_TABLE(SMALL_MV_TREE2, cedrus_dec_vp8_small_mv_tree),
	CEDRUS_DEC_VP8_TABLE(SPLIT_MV_TREE, cedrus_dec_vp8_split_mv_tree),
	CEDRUS_DEC_VP8_TABLE(BMODE_TREE, cedrus_dec_vp8_bmode_tree),
	CEDRUS_DEC_VP8_TABLE(SUB_MV_REF_TREE, cedrus_dec_vp8_sub_mv_ref_tree),
	CEDRUS_DEC_VP8_TABLE(MV_REF_TREE, cedrus_dec_vp8_mv_ref_tree),
};

/* Offset of coefficient probabilities [block type][band][context]. */
static unsigned int cedrus_dec_vp8_coeff_offset(unsigned int block,
						unsigned int band,
						unsigned int ctx)
{
	return block * VE_DEC_VP8_PROBS_COEFF_BLOCK_STRIDE +
	       band * VE_DEC_VP8_PROBS_COEFF_BAND_STRIDE +
	       ctx * VE_DEC_VP8_PROBS_COEFF_CTX_STRIDE;
}

/* The constant part of the buffer (zeroed by the allocator). */
static void cedrus_dec_vp8_probs_init(u8 *probs)
{
	const struct cedrus_dec_vp8_probs_table *table;
	const u8 (*update)[8][3][11] = cedrus_dec_vp8_coeff_update_probs;
	unsigned int i, j, k;

	for (i = 0; i < ARRAY_SIZE(cedrus_dec_vp8_coeff_update_probs); i++)
		for (j = 0; j < 8; j++)
			for (k = 0; k < 3; k++)
				memcpy(probs + VE_DEC_VP8_PROBS_COEFF_UPDATE +
				       cedrus_dec_vp8_coeff_offset(i, j, k),
				       update[i][j][k],
				       V4L2_VP8_COEFF_PROB_CNT);

	/* Three probabilities a context, in rows of four bytes. */
	for (i = 0; i < ARRAY_SIZE(cedrus_dec_vp8_sub_mv_ref_probs); i++)
		memcpy(probs + VE_DEC_VP8_PROBS_SUB_MV_REF +
		       i * VE_DEC_VP8_PROBS_ROW_STRIDE,
		       cedrus_dec_vp8_sub_mv_ref_probs[i],
		       sizeof(cedrus_dec_vp8_sub_mv_ref_probs[i]));

	for (i = 0; i < ARRAY_SIZE(cedrus_dec_vp8_tables); i++) {
		table = &cedrus_dec_vp8_tables[i];
		memcpy(probs + table->offset, table->data, table->size);
	}
}

static int cedrus_dec_vp8_setup(struct cedrus_context *ctx)
{
	struct cedrus_dec_vp8_context *vp8_ctx = ctx->engine_ctx;

	/* Coherent and mapped: the CPU fills it before every job. */
	vp8_ctx->probs = dma_alloc_coherent(ctx->dev->dev,
					    VE_DEC_VP8_PROBS_SIZE,
					    &vp8_ctx->probs_addr,
					    GFP_KERNEL | __GFP_NOWARN);
	if (!vp8_ctx->probs)
		return -ENOMEM;

	/* The driver's own DMA memory, as cedrus_dma_buf_alloc() counts it. */
	cedrus_mem_account(ctx->dev, CEDRUS_MEM_PRIVATE,
			   PAGE_ALIGN(VE_DEC_VP8_PROBS_SIZE), 1);
	cedrus_dec_vp8_probs_init(vp8_ctx->probs);

	return 0;
}

static void cedrus_dec_vp8_cleanup(struct cedrus_context *ctx)
{
	struct cedrus_dec_vp8_context *vp8_ctx = ctx->engine_ctx;

	if (!vp8_ctx->probs)
		return;

	dma_free_coherent(ctx->dev->dev, VE_DEC_VP8_PROBS_SIZE,
			  vp8_ctx->probs, vp8_ctx->probs_addr);
	cedrus_mem_account(ctx->dev, CEDRUS_MEM_PRIVATE,
			   -PAGE_ALIGN(VE_DEC_VP8_PROBS_SIZE), -1);
	vp8_ctx->probs = NULL;
}

/* Controls */

static bool cedrus_dec_vp8_in_range(const s8 *values, unsigned int count,
				    int max)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		if (abs(values[i]) > max)
			return false;

	return true;
}

/*
 * Fields the VE takes in register fields narrower than the control's, or
 * that describe more than the coded format holds. A zero frame size (the
 * control's default) is accepted here and refused at job time, so that a
 * client may set the default value back. What depends on the payload
 * (partition sizes) is checked at job time too.
 */
static int cedrus_dec_vp8_frame_validate(struct cedrus_context *ctx,
					 const struct v4l2_ctrl_vp8_frame *f)
{
	const struct v4l2_pix_format_mplane *coded = &ctx->v4l2.format_coded;
	const struct v4l2_vp8_quantization *q = &f->quant;
	const s8 q_deltas[] = {
		q->y_dc_delta, q->y2_dc_delta, q->y2_ac_delta,
		q->uv_dc_delta, q->uv_ac_delta,
	};

	if (f->width > coded->width || f->height > coded->height) {
		dev_dbg(ctx->dev->dev, "frame %ux%u larger than format %ux%u\n",
			f->width, f->height, coded->width, coded->height);
		return -EINVAL;
	}

	/* The control framework allows 1, 2, 4 or 8 (TOKEN_PARTITION). */
	if (!is_power_of_2(f->num_dct_parts) ||
	    f->num_dct_parts > ARRAY_SIZE(f->dct_part_sizes))
		return -EINVAL;

	if (f->version > CEDRUS_DEC_VP8_VERSION_MAX ||
	    f->horizontal_scale > CEDRUS_DEC_VP8_SCALE_MAX ||
	    f->vertical_scale > CEDRUS_DEC_VP8_SCALE_MAX)
		return -EINVAL;

	if (f->lf.level > CEDRUS_DEC_VP8_LF_LEVEL_MAX ||
	    f->lf.sharpness_level > CEDRUS_DEC_VP8_SHARPNESS_MAX ||
	    !cedrus_dec_vp8_in_range(f->lf.ref_frm_delta, 4,
				     CEDRUS_DEC_VP8_LF_DELTA_MAX) ||
	    !cedrus_dec_vp8_in_range(f->lf.mb_mode_delta, 4,
				     CEDRUS_DEC_VP8_LF_DELTA_MAX))
		return -EINVAL;

	if (q->y_ac_qi > CEDRUS_DEC_VP8_QINDEX_MAX ||
	    !cedrus_dec_vp8_in_range(q_deltas, ARRAY_SIZE(q_deltas),
				     CEDRUS_DEC_VP8_Q_DELTA_MAX))
		return -EINVAL;

	if (!cedrus_dec_vp8_in_range(f->segment.quant_update, 4,
				     CEDRUS_DEC_VP8_SEG_Q_MAX) ||
	    !cedrus_dec_vp8_in_range(f->segment.lf_update, 4,
				     CEDRUS_DEC_VP8_SEG_LF_MAX))
		return -EINVAL;

	/* The header lies in the first partition. */
	if (f->first_part_header_bits > (u64)f->first_part_size * 8)
		return -EINVAL;

	return 0;
}

static int cedrus_dec_vp8_ctrl_validate(struct cedrus_context *ctx,
					struct v4l2_ctrl *ctrl)
{
	switch (ctrl->id) {
	case V4L2_CID_STATELESS_VP8_FRAME:
		return cedrus_dec_vp8_frame_validate(ctx,
						     ctrl->p_new.p_vp8_frame);
	default:
		return 0;
	}
}

/* Job: prepare (RAM only) */

/*
 * The bitstream: frame tag, first partition, the sizes of the DCT
 * partitions but the last, the partitions. All of it must lie in the
 * payload, else the VE would read past what the client wrote.
 */
static int cedrus_dec_vp8_job_prepare_stream(struct cedrus_context *ctx,
					     struct cedrus_job *job)
{
	struct cedrus_dec_vp8_job *vp8_job = job->engine_job;
	const struct v4l2_ctrl_vp8_frame *f = &vp8_job->frame;
	struct vb2_buffer *vb = &job->coded->vb2_buf;
	u64 size = vb2_get_plane_payload(vb, 0);
	u64 used, parts = 0;
	unsigned int i;

	used = (u64)vp8_job->header_bytes + f->first_part_size +
	       (f->num_dct_parts - 1) * CEDRUS_DEC_VP8_PART_SIZE_BYTES;
	for (i = 0; i < f->num_dct_parts; i++)
		parts += f->dct_part_sizes[i];

	if (!f->first_part_size || used > size || parts > size - used) {
		dev_dbg(ctx->dev->dev,
			"partitions (%llu + %llu bytes) past the payload of %llu\n",
			used, parts, size);
		return -EINVAL;
	}

	vp8_job->bitstream_addr = vb2_dma_contig_plane_dma_addr(vb, 0);
	vp8_job->bitstream_size = size;
	vp8_job->plane_size = vb2_plane_size(vb, 0);

	return 0;
}

/* A picture buffer the VE may read or write: it holds the format. */
static bool cedrus_dec_vp8_buffer_fits(struct cedrus_context *ctx,
				       struct vb2_buffer *vb)
{
	return vb2_plane_size(vb, 0) >=
	       ctx->v4l2.format_picture.plane_fmt[0].sizeimage;
}

/* Both picture formats are single-planar: chroma follows luma. */
static void cedrus_dec_vp8_picture_addr(struct cedrus_context *ctx,
					struct cedrus_dec_vp8_job *vp8_job,
					enum cedrus_dec_vp8_picture pic,
					struct vb2_buffer *vb)
{
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	dma_addr_t luma = vb2_dma_contig_plane_dma_addr(vb, 0);

	vp8_job->luma[pic] = luma;
	vp8_job->chroma[pic] = luma + pix->plane_fmt[0].bytesperline *
				      pix->height;
}

/*
 * The output picture and the references. A key frame reads no reference:
 * the VE gets the output picture for each. An inter frame's references
 * must each name a CAPTURE buffer by its timestamp (the buffers of frames
 * decoded before it, which carry their OUTPUT buffer's timestamp since
 * their job ran); one that names none fails the job.
 */
static int cedrus_dec_vp8_job_prepare_pictures(struct cedrus_context *ctx,
					       struct cedrus_job *job)
{
	struct cedrus_dec_vp8_job *vp8_job = job->engine_job;
	const struct v4l2_ctrl_vp8_frame *f = &vp8_job->frame;
	struct vb2_buffer *output = &job->picture->vb2_buf;
	const u64 ts[] = {
		[CEDRUS_DEC_VP8_PIC_LAST]	= f->last_frame_ts,
		[CEDRUS_DEC_VP8_PIC_GOLDEN]	= f->golden_frame_ts,
		[CEDRUS_DEC_VP8_PIC_ALTREF]	= f->alt_frame_ts,
	};
	unsigned int pic;

	if (!cedrus_dec_vp8_buffer_fits(ctx, output))
		return -EINVAL;

	cedrus_dec_vp8_picture_addr(ctx, vp8_job, CEDRUS_DEC_VP8_PIC_OUTPUT,
				    output);

	for (pic = CEDRUS_DEC_VP8_PIC_LAST; pic < CEDRUS_DEC_VP8_PIC_COUNT;
	     pic++) {
		struct vb2_buffer *vb = output;

		if (!vp8_job->key_frame) {
			vb = vb2_find_buffer(output->vb2_queue, ts[pic]);
			if (!vb || !cedrus_dec_vp8_buffer_fits(ctx, vb)) {
				dev_dbg(ctx->dev->dev,
					"reference %u (timestamp %llu): no buffer\n",
					pic, ts[pic]);
				return -EINVAL;
			}
		}

		cedrus_dec_vp8_picture_addr(ctx, vp8_job, pic, vb);
	}

	return 0;
}

static int cedrus_dec_vp8_job_prepare(struct cedrus_context *ctx,
				      struct cedrus_job *job)
{
	struct cedrus_dec_vp8_job *vp8_job = job->engine_job;
	const struct v4l2_ctrl_vp8_frame *f = &vp8_job->frame;
	struct v4l2_ctrl *ctrl;
	int ret;

	/* DO NOT hold the handler lock here: v4l2_ctrl_find() takes it. */
	ctrl = cedrus_context_ctrl_find(ctx, V4L2_CID_STATELESS_VP8_FRAME);
	if (WARN_ON(!ctrl))
		return -EINVAL;

	/* A copy: a concurrent S_CTRL cannot change it after the checks. */
	mutex_lock(ctx->v4l2.hdl.lock);
	vp8_job->frame = *ctrl->p_cur.p_vp8_frame;
	mutex_unlock(ctx->v4l2.hdl.lock);

	/* Validated when set; the format may have changed since. */
	ret = cedrus_dec_vp8_frame_validate(ctx, f);
	if (ret)
		return ret;

	if (!f->width || !f->height) {
		dev_dbg(ctx->dev->dev, "frame size %ux%u\n", f->width,
			f->height);
		return -EINVAL;
	}

	vp8_job->key_frame = V4L2_VP8_FRAME_IS_KEY_FRAME(f);
	vp8_job->header_bytes = vp8_job->key_frame ?
				CEDRUS_DEC_VP8_KEY_TAG_BYTES :
				CEDRUS_DEC_VP8_TAG_BYTES;

	ret = cedrus_dec_vp8_job_prepare_stream(ctx, job);
	if (ret)
		return ret;

	return cedrus_dec_vp8_job_prepare_pictures(ctx, job);
}

/* Job: configure (registers) */

/* The frame's probabilities, where the VE reads them this job. */
static void cedrus_dec_vp8_configure_probs(u8 *probs,
					   const struct v4l2_ctrl_vp8_frame *f)
{
	const struct v4l2_vp8_entropy *e = &f->entropy;
	unsigned int i, j, k;

	for (i = 0; i < ARRAY_SIZE(e->coeff_probs); i++)
		for (j = 0; j < ARRAY_SIZE(e->coeff_probs[0]); j++)
			for (k = 0; k < ARRAY_SIZE(e->coeff_probs[0][0]); k++)
				memcpy(probs + VE_DEC_VP8_PROBS_COEFF +
				       cedrus_dec_vp8_coeff_offset(i, j, k),
				       e->coeff_probs[i][j][k],
				       V4L2_VP8_COEFF_PROB_CNT);

	memcpy(probs + VE_DEC_VP8_PROBS_YMODE, e->y_mode_probs,
	       sizeof(e->y_mode_probs));
	memcpy(probs + VE_DEC_VP8_PROBS_UV_MODE, e->uv_mode_probs,
	       sizeof(e->uv_mode_probs));
	memcpy(probs + VE_DEC_VP8_PROBS_SEGMENT_ID, f->segment.segment_probs,
	       sizeof(f->segment.segment_probs));
	probs[VE_DEC_VP8_PROBS_SKIP_FALSE] = f->prob_skip_false;
	probs[VE_DEC_VP8_PROBS_INTRA] = f->prob_intra;
	probs[VE_DEC_VP8_PROBS_LAST] = f->prob_last;
	probs[VE_DEC_VP8_PROBS_GOLDEN] = f->prob_gf;

	for (i = 0; i < ARRAY_SIZE(e->mv_probs); i++)
		memcpy(probs + VE_DEC_VP8_PROBS_MV +
		       i * VE_DEC_VP8_PROBS_MV_STRIDE,
		       e->mv_probs[i], sizeof(e->mv_probs[i]));
}

/*
 * The VE's boolean decoder over the frame header. The first error (a
 * read that never completes) is kept and every later read skipped, so a
 * broken VE costs one poll timeout, not one per header field.
 */
struct cedrus_dec_vp8_header {
	struct cedrus_device	*dev;
	int			error;
};

/* GET_BITS: @bits bits (1 to 8), each with probability @prob. */
static unsigned int cedrus_dec_vp8_header_read(struct cedrus_dec_vp8_header *h,
					       unsigned int bits, u8 prob)
{
	struct cedrus_device *dev = h->dev;

	if (h->error)
		return 0;

	cedrus_write(dev, VE_DEC_H264_TRIGGER_TYPE_REG,
		     FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE_VP8_PROBABILITY,
				prob) |
		     FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE_VP8_BIN_LENS,
				bits - 1) |
		     VE_DEC_H264_TRIGGER_TYPE_VP8_GET_BITS);

	h->error = cedrus_poll_cleared(dev, VE_DEC_H264_STATUS_REG,
				       VE_DEC_H264_STATUS_VLD_BUSY);
	if (h->error)
		return 0;

	return cedrus_read(dev, VE_DEC_H264_BASIC_BITS_REG) &
	       GENMASK(bits - 1, 0);
}

/* L(n): an n-bit field. */
static unsigned int cedrus_dec_vp8_header_get(struct cedrus_dec_vp8_header *h,
					      unsigned int bits)
{
	return cedrus_dec_vp8_header_read(h, bits, CEDRUS_DEC_VP8_PROB_HALF);
}

/* A flag, then when set an n-bit value and, if @sign, its sign bit. */
static void cedrus_dec_vp8_header_skip_opt(struct cedrus_dec_vp8_header *h,
					   unsigned int bits, bool sign)
{
	if (!cedrus_dec_vp8_header_get(h, 1))
		return;

	cedrus_dec_vp8_header_get(h, bits);
	if (sign)
		cedrus_dec_vp8_header_get(h, 1);
}

/* @count optional values, e.g. the four segments' quantisers. */
static void cedrus_dec_vp8_header_skip_opts(struct cedrus_dec_vp8_header *h,
					    unsigned int count,
					    unsigned int bits, bool sign)
{
	while (count--)
		cedrus_dec_vp8_header_skip_opt(h, bits, sign);
}

/* @count plain bytes, e.g. new mode probabilities. */
static void cedrus_dec_vp8_header_skip_bytes(struct cedrus_dec_vp8_header *h,
					     unsigned int count)
{
	while (count--)
		cedrus_dec_vp8_header_get(h, 8);
}

/* update_segmentation() */
static void cedrus_dec_vp8_header_segmentation(struct cedrus_dec_vp8_header *h)
{
	bool update_map = cedrus_dec_vp8_header_get(h, 1);

	/* update_segment_feature_data */
	if (cedrus_dec_vp8_header_get(h, 1)) {
		/* segment_feature_mode, quantiser and loop filter levels */
		cedrus_dec_vp8_header_get(h, 1);
		cedrus_dec_vp8_header_skip_opts(h, 4, 7, true);
		cedrus_dec_vp8_header_skip_opts(h, 4, 6, true);
	}

	if (update_map)
		cedrus_dec_vp8_header_skip_opts(h, 3, 8, false);
}

/* mv_prob_update(): each probability updated with its own probability. */
static void cedrus_dec_vp8_header_mv_probs(struct cedrus_dec_vp8_header *h)
{
	unsigned int i, j;
	u8 prob;

	for (i = 0; i < ARRAY_SIZE(cedrus_dec_vp8_mv_update_probs); i++) {
		for (j = 0; j < V4L2_VP8_MV_PROB_CNT; j++) {
			prob = cedrus_dec_vp8_mv_update_probs[i][j];
			if (cedrus_dec_vp8_header_read(h, 1, prob))
				cedrus_dec_vp8_header_get(h, 7);
		}
	}
}

/*
 * Walk the frame header of the first partition (RFC 6386 19.2) on the
 * VE, following the values it decodes. The VE parses token_prob_update()
 * itself (UPDATE_COEF) into the probability buffer.
 */
static int cedrus_dec_vp8_header_walk(struct cedrus_device *dev, bool key)
{
	struct cedrus_dec_vp8_header h = { .dev = dev };
	int ret;

	if (key) {
		cedrus_dec_vp8_header_get(&h, 1);	/* color_space */
		cedrus_dec_vp8_header_get(&h, 1);	/* clamping_type */
	}

	/* segmentation_enabled */
	if (cedrus_dec_vp8_header_get(&h, 1))
		cedrus_dec_vp8_header_segmentation(&h);

	/* filter_type, loop_filter_level, sharpness_level */
	cedrus_dec_vp8_header_get(&h, 1);
	cedrus_dec_vp8_header_get(&h, 6);
	cedrus_dec_vp8_header_get(&h, 3);

	/* loop_filter_adj_enable, mode_ref_lf_delta_update, the deltas */
	if (cedrus_dec_vp8_header_get(&h, 1) &&
	    cedrus_dec_vp8_header_get(&h, 1)) {
		cedrus_dec_vp8_header_skip_opts(&h, 4, 6, true);
		cedrus_dec_vp8_header_skip_opts(&h, 4, 6, true);
	}

	cedrus_dec_vp8_header_get(&h, 2);	/* log2_nbr_of_dct_partitions */

	/* quant_indices(): y_ac_qi, then five optional deltas */
	cedrus_dec_vp8_header_get(&h, 7);
	cedrus_dec_vp8_header_skip_opts(&h, 5, 4, true);

	if (!key) {
		bool refresh_golden = cedrus_dec_vp8_header_get(&h, 1);
		bool refresh_alt = cedrus_dec_vp8_header_get(&h, 1);

		/* copy_buffer_to_golden, copy_buffer_to_alternate */
		if (!refresh_golden)
			cedrus_dec_vp8_header_get(&h, 2);
		if (!refresh_alt)
			cedrus_dec_vp8_header_get(&h, 2);
		/* sign_bias_golden, sign_bias_alternate */
		cedrus_dec_vp8_header_get(&h, 1);
		cedrus_dec_vp8_header_get(&h, 1);
	}

	cedrus_dec_vp8_header_get(&h, 1);	/* refresh_entropy_probs */
	if (!key)
		cedrus_dec_vp8_header_get(&h, 1);	/* refresh_last */

	if (h.error)
		return h.error;

	/* token_prob_update(), by the VE; it flags the block's status. */
	cedrus_write(dev, VE_DEC_H264_TRIGGER_TYPE_REG,
		     VE_DEC_H264_TRIGGER_TYPE_VP8_UPDATE_COEF);
	ret = cedrus_poll_cleared(dev, VE_DEC_H264_STATUS_REG,
				  VE_DEC_H264_STATUS_VP8_UPPROB_BUSY);
	cedrus_write(dev, VE_DEC_H264_STATUS_REG, VE_DEC_H264_STATUS_INT_MASK);
	if (ret)
		return ret;

	/* mb_no_coeff_skip, prob_skip_false */
	if (cedrus_dec_vp8_header_get(&h, 1))
		cedrus_dec_vp8_header_get(&h, 8);

	if (!key) {
		/* prob_intra, prob_last, prob_gf */
		cedrus_dec_vp8_header_get(&h, 8);
		cedrus_dec_vp8_header_get(&h, 8);
		cedrus_dec_vp8_header_get(&h, 8);

		/* intra_16x16_prob, intra_chroma_prob */
		if (cedrus_dec_vp8_header_get(&h, 1))
			cedrus_dec_vp8_header_skip_bytes(&h, 4);
		if (cedrus_dec_vp8_header_get(&h, 1))
			cedrus_dec_vp8_header_skip_bytes(&h, 3);

		cedrus_dec_vp8_header_mv_probs(&h);
	}

	return h.error;
}

/* The VP8 frame header register, from the frame and the last filtered one. */
static u32 cedrus_dec_vp8_pps(struct cedrus_dec_vp8_context *vp8_ctx,
			      const struct cedrus_dec_vp8_job *vp8_job)
{
	const struct v4l2_ctrl_vp8_frame *f = &vp8_job->frame;
	u32 pps = VE_DEC_VP8_PPS_RELOAD_ENTROPY_PROBS;

	/* Version: reconstruction filter and loop filter type (9.1). */
	switch (f->version) {
	case 1:
		pps |= VE_DEC_VP8_PPS_FILTER_TYPE_SIMPLE |
		       VE_DEC_VP8_PPS_BILINEAR_MC_FILTER;
		break;
	case 2:
		pps |= VE_DEC_VP8_PPS_LPF_DISABLE |
		       VE_DEC_VP8_PPS_BILINEAR_MC_FILTER;
		break;
	case 3:
		pps |= VE_DEC_VP8_PPS_LPF_DISABLE | VE_DEC_VP8_PPS_FULL_PIXEL;
		break;
	default:
		break;
	}

	if (f->segment.flags & V4L2_VP8_SEGMENT_FLAG_ENABLED)
		pps |= VE_DEC_VP8_PPS_SEGMENTATION_ENABLE;
	if (f->segment.flags & V4L2_VP8_SEGMENT_FLAG_UPDATE_MAP)
		pps |= VE_DEC_VP8_PPS_UPDATE_MB_SEGMENTATION_MAP;
	if (!(f->segment.flags & V4L2_VP8_SEGMENT_FLAG_DELTA_VALUE_MODE))
		pps |= VE_DEC_VP8_PPS_MB_SEGMENT_ABS_DELTA;

	pps |= FIELD_PREP(VE_DEC_VP8_PPS_LOOP_FILTER_LEVEL, f->lf.level) |
	       FIELD_PREP(VE_DEC_VP8_PPS_SHARPNESS_LEVEL,
			  f->lf.sharpness_level);
	if (f->lf.flags & V4L2_VP8_LF_FILTER_TYPE_SIMPLE)
		pps |= VE_DEC_VP8_PPS_LOOP_FILTER_SIMPLE;
	if (f->lf.flags & V4L2_VP8_LF_ADJ_ENABLE)
		pps |= VE_DEC_VP8_PPS_MODE_REF_LF_DELTA_ENABLE;
	if (f->lf.flags & V4L2_VP8_LF_DELTA_UPDATE)
		pps |= VE_DEC_VP8_PPS_MODE_REF_LF_DELTA_UPDATE;

	pps |= FIELD_PREP(VE_DEC_VP8_PPS_TOKEN_PARTITION,
			  ilog2(f->num_dct_parts));
	if (f->flags & V4L2_VP8_FRAME_FLAG_MB_NO_SKIP_COEFF)
		pps |= VE_DEC_VP8_PPS_MB_NO_COEFF_SKIP;
	if (f->flags & V4L2_VP8_FRAME_FLAG_SIGN_BIAS_GOLDEN)
		pps |= VE_DEC_VP8_PPS_GOLDEN_SIGN_BIAS;
	if (f->flags & V4L2_VP8_FRAME_FLAG_SIGN_BIAS_ALT)
		pps |= VE_DEC_VP8_PPS_ALTREF_SIGN_BIAS;
	if (!vp8_job->key_frame)
		pps |= VE_DEC_VP8_PPS_PIC_TYPE_P_FRAME;

	if (vp8_ctx->last_filter_simple)
		pps |= VE_DEC_VP8_PPS_LAST_LOOP_FILTER_SIMPLE;
	if (vp8_ctx->last_p_frame)
		pps |= VE_DEC_VP8_PPS_LAST_PIC_TYPE_P_FRAME;
	pps |= FIELD_PREP(VE_DEC_VP8_PPS_LAST_SHARPNESS_LEVEL,
			  vp8_ctx->last_sharpness);

	return pps;
}

/* Four signed per-segment (or per-reference, per-mode) values. */
static u32 cedrus_dec_vp8_segments(const s8 *values)
{
	return FIELD_PREP(VE_DEC_VP8_SEGMENT3, (u8)values[3]) |
	       FIELD_PREP(VE_DEC_VP8_SEGMENT2, (u8)values[2]) |
	       FIELD_PREP(VE_DEC_VP8_SEGMENT1, (u8)values[1]) |
	       FIELD_PREP(VE_DEC_VP8_SEGMENT0, (u8)values[0]);
}

static u32 cedrus_dec_vp8_lf_deltas(const s8 *values)
{
	return FIELD_PREP(VE_DEC_VP8_LF_DELTA3, values[3] & 0x7f) |
	       FIELD_PREP(VE_DEC_VP8_LF_DELTA2, values[2] & 0x7f) |
	       FIELD_PREP(VE_DEC_VP8_LF_DELTA1, values[1] & 0x7f) |
	       FIELD_PREP(VE_DEC_VP8_LF_DELTA0, values[0] & 0x7f);
}

/* A 5-bit two's complement quantiser delta. */
#define CEDRUS_DEC_VP8_Q_DELTA(field, delta) \
	FIELD_PREP(VE_DEC_VP8_QP_INDEX_DELTA_ ## field, (delta) & 0x1f)

static u32 cedrus_dec_vp8_quant(const struct v4l2_vp8_quantization *q)
{
	return CEDRUS_DEC_VP8_Q_DELTA(UVAC, q->uv_ac_delta) |
	       CEDRUS_DEC_VP8_Q_DELTA(UVDC, q->uv_dc_delta) |
	       CEDRUS_DEC_VP8_Q_DELTA(Y2AC, q->y2_ac_delta) |
	       CEDRUS_DEC_VP8_Q_DELTA(Y2DC, q->y2_dc_delta) |
	       CEDRUS_DEC_VP8_Q_DELTA(Y1DC, q->y_dc_delta) |
	       FIELD_PREP(VE_DEC_VP8_QP_INDEX_DELTA_BASE_QINDEX, q->y_ac_qi);
}

static void
cedrus_dec_vp8_configure_bitstream(struct cedrus_device *dev,
				   const struct cedrus_dec_vp8_job *vp8_job)
{
	const struct v4l2_ctrl_vp8_frame *f = &vp8_job->frame;
	u32 addr = lower_32_bits(vp8_job->bitstream_addr);

	cedrus_write(dev, VE_DEC_VP8_FIRST_DATA_PART_LEN_REG,
		     f->first_part_size * 8);
	cedrus_write(dev, VE_DEC_VP8_PART_SIZE_OFFSET_REG,
		     vp8_job->header_bytes + f->first_part_size);

	/*
	 * The window: the plane, read from the first partition on, and
	 * ending at the payload (VLD_END). The header walk starts there.
	 */
	cedrus_write(dev, VE_DEC_H264_VLD_LEN_REG, vp8_job->plane_size * 8);
	cedrus_write(dev, VE_DEC_H264_VLD_OFFSET_REG,
		     vp8_job->header_bytes * 8);
	cedrus_write(dev, VE_DEC_H264_VLD_END_REG,
		     addr + vp8_job->bitstream_size);
	cedrus_write(dev, VE_DEC_H264_VLD_ADDR_REG,
		     VE_DEC_H264_VLD_ADDR_FIRST | VE_DEC_H264_VLD_ADDR_LAST |
		     VE_DEC_H264_VLD_ADDR_VALID |
		     (addr & VE_DEC_H264_VLD_ADDR_LOW) |
		     FIELD_PREP(VE_DEC_H264_VLD_ADDR_HIGH, addr >> 28));

	cedrus_write(dev, VE_DEC_H264_TRIGGER_TYPE_REG,
		     VE_DEC_H264_TRIGGER_TYPE_INIT_SWDEC);
}

static void
cedrus_dec_vp8_configure_pictures(struct cedrus_device *dev,
				  const struct cedrus_dec_vp8_job *vp8_job)
{
	static const u32 luma_reg[CEDRUS_DEC_VP8_PIC_COUNT] = {
		[CEDRUS_DEC_VP8_PIC_OUTPUT]	= VE_DEC_VP8_REC_LUMA_REG,
		[CEDRUS_DEC_VP8_PIC_LAST]	= VE_DEC_VP8_FWD_LUMA_REG,
		[CEDRUS_DEC_VP8_PIC_GOLDEN]	= VE_DEC_VP8_BWD_LUMA_REG,
		[CEDRUS_DEC_VP8_PIC_ALTREF]	= VE_DEC_VP8_ALT_LUMA_REG,
	};
	static const u32 chroma_reg[CEDRUS_DEC_VP8_PIC_COUNT] = {
		[CEDRUS_DEC_VP8_PIC_OUTPUT]	= VE_DEC_VP8_REC_CHROMA_REG,
		[CEDRUS_DEC_VP8_PIC_LAST]	= VE_DEC_VP8_FWD_CHROMA_REG,
		[CEDRUS_DEC_VP8_PIC_GOLDEN]	= VE_DEC_VP8_BWD_CHROMA_REG,
		[CEDRUS_DEC_VP8_PIC_ALTREF]	= VE_DEC_VP8_ALT_CHROMA_REG,
	};
	unsigned int pic;

	for (pic = 0; pic < CEDRUS_DEC_VP8_PIC_COUNT; pic++) {
		cedrus_write(dev, luma_reg[pic], vp8_job->luma[pic]);
		cedrus_write(dev, chroma_reg[pic], vp8_job->chroma[pic]);
	}
}

static int cedrus_dec_vp8_job_configure(struct cedrus_context *ctx,
					struct cedrus_job *job)
{
	struct cedrus_dec_vp8_context *vp8_ctx = ctx->engine_ctx;
	struct cedrus_dec_vp8_job *vp8_job = job->engine_job;
	const struct v4l2_ctrl_vp8_frame *f = &vp8_job->frame;
	struct cedrus_device *dev = ctx->dev;
	int ret;

	/*
	 * The steps follow the order of mainline's staging driver. Step 0,
	 * the decoder mode (ve_mode), is the role's: cedrus_dec.c did it.
	 */

	/* Step 1: the H.264 block in VP8 mode, interrupts off. */
	cedrus_write(dev, VE_DEC_H264_CTRL_REG, VE_DEC_H264_CTRL_VP8);

	/*
	 * Line buffers in SRAM: an H.264 job of another context may have
	 * left the block on DRAM buffers it has freed since.
	 */
	cedrus_write(dev, VE_BUF_CTRL_REG,
		     VE_BUF_CTRL_INTRAPRED_INT_SRAM |
		     VE_BUF_CTRL_DBLK_INT_SRAM);

	/* Step 2: the frame's probabilities, the bitstream window. */
	cedrus_dec_vp8_configure_probs(vp8_ctx->probs, f);
	cedrus_dec_vp8_configure_bitstream(dev, vp8_job);
	cedrus_write(dev, VE_DEC_VP8_ENTROPY_PROBS_ADDR_REG,
		     vp8_ctx->probs_addr);
	cedrus_write(dev, VE_DEC_VP8_PPS_REG,
		     cedrus_dec_vp8_pps(vp8_ctx, vp8_job));

	/* Step 3: the header, read by the VE (see the top of the file). */
	ret = cedrus_dec_vp8_header_walk(dev, vp8_job->key_frame);
	if (ret) {
		dev_dbg(dev->dev, "timeout reading the frame header\n");
		return ret;
	}

	/* Step 4: the position and error registers the walk moved. */
	cedrus_write(dev, VE_DEC_H264_CUR_MB_NUM_REG, 0);
	cedrus_write(dev, VE_DEC_H264_MB_ADDR_REG, 0);
	cedrus_write(dev, VE_DEC_H264_ERROR_CASE_REG, 0);

	/* Step 5: frame parameters and pictures. */
	cedrus_write(dev, VE_DEC_VP8_QP_INDEX_DELTA_REG,
		     cedrus_dec_vp8_quant(&f->quant));
	cedrus_write(dev, VE_DEC_VP8_FSIZE_REG,
		     FIELD_PREP(VE_DEC_VP8_FSIZE_WIDTH_MBS,
				DIV_ROUND_UP(f->width, 16)) |
		     FIELD_PREP(VE_DEC_VP8_FSIZE_HEIGHT_MBS,
				DIV_ROUND_UP(f->height, 16)));
	cedrus_write(dev, VE_DEC_VP8_PICSIZE_REG,
		     FIELD_PREP(VE_DEC_VP8_PICSIZE_WIDTH, f->width) |
		     FIELD_PREP(VE_DEC_VP8_PICSIZE_HEIGHT, f->height));
	cedrus_write(dev, VE_DEC_VP8_SEGMENT_FEAT_MB_LV0_REG,
		     cedrus_dec_vp8_segments(f->segment.quant_update));
	cedrus_write(dev, VE_DEC_VP8_SEGMENT_FEAT_MB_LV1_REG,
		     cedrus_dec_vp8_segments(f->segment.lf_update));
	cedrus_write(dev, VE_DEC_VP8_REF_LF_DELTA_REG,
		     cedrus_dec_vp8_lf_deltas(f->lf.ref_frm_delta));
	cedrus_write(dev, VE_DEC_VP8_MODE_LF_DELTA_REG,
		     cedrus_dec_vp8_lf_deltas(f->lf.mb_mode_delta));
	cedrus_dec_vp8_configure_pictures(dev, vp8_job);

	return 0;
}

/* Job: trigger, IRQ and finish */

static void cedrus_dec_vp8_job_trigger(struct cedrus_context *ctx,
				       struct cedrus_job *job)
{
	struct cedrus_device *dev = ctx->dev;

	/*
	 * DO NOT enable VLD_DATA_REQ: mainline leaves it off for VP8, and
	 * whether the VE raises it at the end of a good frame is not known.
	 * A frame that runs out of data ends through the watchdog.
	 */
	cedrus_write(dev, VE_DEC_H264_CTRL_REG,
		     VE_DEC_H264_CTRL_VP8 | VE_DEC_H264_CTRL_DECODE_ERR_INT |
		     VE_DEC_H264_CTRL_SLICE_DECODE_INT);
	cedrus_write(dev, VE_DEC_H264_TRIGGER_TYPE_REG,
		     VE_DEC_H264_TRIGGER_TYPE_VP8_SLICE_DECODE);
}

/* The next frame's LAST_* fields describe the last loop-filtered one. */
static void cedrus_dec_vp8_job_finish(struct cedrus_context *ctx,
				      struct cedrus_job *job,
				      enum vb2_buffer_state state)
{
	struct cedrus_dec_vp8_context *vp8_ctx = ctx->engine_ctx;
	struct cedrus_dec_vp8_job *vp8_job = job->engine_job;
	const struct v4l2_ctrl_vp8_frame *f = &vp8_job->frame;

	if (state != VB2_BUF_STATE_DONE || !f->lf.level)
		return;

	vp8_ctx->last_filter_simple = f->lf.flags &
				      V4L2_VP8_LF_FILTER_TYPE_SIMPLE;
	vp8_ctx->last_p_frame = !vp8_job->key_frame;
	vp8_ctx->last_sharpness = f->lf.sharpness_level;
}

/* Engine description */

static const struct v4l2_ctrl_config cedrus_dec_vp8_ctrls[] = {
	{
		.id	= V4L2_CID_STATELESS_VP8_FRAME,
	},
};

static const struct cedrus_engine_ops cedrus_dec_vp8_ops = {
	.ctrl_validate	= cedrus_dec_vp8_ctrl_validate,

	.setup		= cedrus_dec_vp8_setup,
	.cleanup	= cedrus_dec_vp8_cleanup,

	.job_prepare	= cedrus_dec_vp8_job_prepare,
	.job_configure	= cedrus_dec_vp8_job_configure,
	.job_trigger	= cedrus_dec_vp8_job_trigger,
	.job_finish	= cedrus_dec_vp8_job_finish,

	.irq_status	= cedrus_dec_irq_status,
	.irq_clear	= cedrus_dec_irq_clear,
	.irq_disable	= cedrus_dec_irq_disable,
};

const struct cedrus_engine cedrus_dec_vp8 = {
	.name			= "vp8-dec",
	.role			= CEDRUS_ROLE_DECODER,
	.capabilities		= CEDRUS_CAPABILITY_VP8_DEC,
	.pixelformat		= V4L2_PIX_FMT_VP8_FRAME,
	.ve_mode		= VE_MODE_DEC_VP8,
	.ops			= &cedrus_dec_vp8_ops,
	.ctrls			= cedrus_dec_vp8_ctrls,
	.ctrls_count		= ARRAY_SIZE(cedrus_dec_vp8_ctrls),
	/* Frame sizes in pixels; pictures are macroblock (or tile) aligned. */
	.frmsize		= {
		.min_width	= 16,
		.max_width	= CEDRUS_DEC_VP8_WIDTH_MAX,
		.step_width	= 1,
		.min_height	= 16,
		.max_height	= CEDRUS_DEC_VP8_HEIGHT_MAX,
		.step_height	= 1,
	},
	.frmsize_picture	= {
		.min_width	= 16,
		.max_width	= ALIGN(CEDRUS_DEC_VP8_WIDTH_MAX, 32),
		.step_width	= 16,
		.min_height	= 16,
		.max_height	= ALIGN(CEDRUS_DEC_VP8_HEIGHT_MAX, 32),
		.step_height	= 16,
	},
	.dec_block		= &cedrus_dec_block_h264,
	.requires_requests	= true,
	.ctx_size		= sizeof(struct cedrus_dec_vp8_context),
	.job_size		= sizeof(struct cedrus_dec_vp8_job),
};
