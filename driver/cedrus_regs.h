/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: register map of the Allwinner Video Engine.
 *
 * Glossary:
 *   VE	   Video Engine, the whole block at 0x01c0e000 (4 KiB of registers)
 *   AVC   Advanced Video Coding (H.264); the encoder block lives at 0xb00
 *   ISP   Image Signal Processor: the encoder's picture input block (0xa00)
 *   MB	   macroblock, 16x16 luma samples
 *   STM   stream: the bitstream (coded) buffer written by the encoder
 *   VLD   variable-length decoder: the decoder's bitstream reader
 *   REC   reconstruction: the decoded copy of the picture being encoded
 *   REF   reference picture used for inter prediction
 *   MP12HDR MPEG-1/2 picture header; IQM: inverse quantisation matrix;
 *	   REC, FWD, BWD (MPEG decoder): the picture being decoded, its
 *	   forward and backward references
 *   SUBPIX sub-pixel (quarter-scale luma) companion of a REC picture
 *   EPTB  emulation_prevention_three_byte (H.264 7.4.1)
 *   RC	   rate control; MAD: mean absolute difference
 *   ME	   motion estimation; FME: fractional-pel ME
 *   SHS   slice header syntax; SPS/PPS: sequence/picture parameter set
 *   IDC   indicator (H.264 naming)
 *
 * Layout: one section per block, in address order. Each register is an
 * offset with the _REG suffix, followed by its fields (high bit to low)
 * declared with BIT()/GENMASK() and written with FIELD_PREP(). Enumerated
 * field values are named <FIELD>_<VALUE> and are already shifted with
 * FIELD_PREP_CONST() so they can be OR-ed directly.
 *
 * Sections used by one codec engine name it in their heading; a field only
 * that engine uses belongs in its section, not in the top-level one.
 */
#ifndef _CEDRUS_REGS_H_
#define _CEDRUS_REGS_H_

#include <linux/bitfield.h>
#include <linux/bits.h>

/* ----------------------------------------------------------------------- */
/* Top level (0x000)							   */
/* ----------------------------------------------------------------------- */

/*
 * Engine select. The decoder writes the whole value at every job; the
 * encoder sets ENC_ENABLE | ENC_ISP_ENABLE on top of DEC_MODE = DISABLED.
 */
#define VE_MODE_REG				0x000
#define VE_MODE_RAMPD				BIT(31)
#define VE_MODE_PIC_WIDTH_IS_4096		BIT(22)
#define VE_MODE_PIC_WIDTH_MORE_2048		BIT(21)
#define VE_MODE_REC_WR_MODE			BIT(20)
#define VE_MODE_REC_WR_MODE_2MB			VE_MODE_REC_WR_MODE
#define VE_MODE_DDR_MODE			GENMASK(17, 16)
#define VE_MODE_DDR_MODE_BW_256 \
	FIELD_PREP_CONST(VE_MODE_DDR_MODE, 2)
#define VE_MODE_DDR_MODE_BW_128 \
	FIELD_PREP_CONST(VE_MODE_DDR_MODE, 3)
#define VE_MODE_ENC_ENABLE			BIT(7)
#define VE_MODE_ENC_ISP_ENABLE			BIT(6)
#define VE_MODE_DEC				GENMASK(2, 0)
#define VE_MODE_DEC_MPEG			FIELD_PREP_CONST(VE_MODE_DEC, 0)
#define VE_MODE_DEC_H264			FIELD_PREP_CONST(VE_MODE_DEC, 1)
#define VE_MODE_DEC_VP8				FIELD_PREP_CONST(VE_MODE_DEC, 1)
#define VE_MODE_DEC_H265			FIELD_PREP_CONST(VE_MODE_DEC, 4)
#define VE_MODE_DEC_DISABLED			FIELD_PREP_CONST(VE_MODE_DEC, 7)

/* Block resets and idle status. The reset bits are set then cleared. */
#define VE_RESET_REG				0x004
#define VE_RESET_ENC_REQ_MASK_EN		BIT(25)
#define VE_RESET_ENCODER			BIT(24)
#define VE_RESET_DEC_VEBK			BIT(18)
#define VE_RESET_DEC_REQ_MASK_EN		BIT(17)
#define VE_RESET_DECODER			BIT(16)
#define VE_RESET_SYNC_IDLE			BIT(9)
#define VE_RESET_CACHE_SYNC_IDLE		BIT(8)
#define VE_RESET_WDRAM_CLR			BIT(5)
#define VE_RESET_MEM_SYNC_MASK			BIT(4)
#define VE_RESET_GLOBAL				BIT(0)

/* Where the decoder keeps its deblocking and intra-prediction lines. */
#define VE_BUF_CTRL_REG				0x050
#define VE_BUF_CTRL_INTRAPRED			GENMASK(3, 2)
#define VE_BUF_CTRL_INTRAPRED_INT_SRAM \
	FIELD_PREP_CONST(VE_BUF_CTRL_INTRAPRED, 0)
#define VE_BUF_CTRL_INTRAPRED_MIXED_RAM \
	FIELD_PREP_CONST(VE_BUF_CTRL_INTRAPRED, 1)
#define VE_BUF_CTRL_INTRAPRED_EXT_RAM \
	FIELD_PREP_CONST(VE_BUF_CTRL_INTRAPRED, 2)
#define VE_BUF_CTRL_DBLK			GENMASK(1, 0)
#define VE_BUF_CTRL_DBLK_INT_SRAM \
	FIELD_PREP_CONST(VE_BUF_CTRL_DBLK, 0)
#define VE_BUF_CTRL_DBLK_MIXED_RAM \
	FIELD_PREP_CONST(VE_BUF_CTRL_DBLK, 1)
#define VE_BUF_CTRL_DBLK_EXT_RAM \
	FIELD_PREP_CONST(VE_BUF_CTRL_DBLK, 2)

#define VE_DBLK_DRAM_BUF_ADDR_REG		0x054
#define VE_INTRAPRED_DRAM_BUF_ADDR_REG		0x058

/* Decoder output (primary = reference-sized frame buffer). */
#define VE_PRIMARY_CHROMA_BUF_LEN_REG		0x0c4
#define VE_PRIMARY_FB_LINE_STRIDE_REG		0x0c8
#define VE_PRIMARY_FB_LINE_STRIDE_CHROMA	GENMASK(31, 16)
#define VE_PRIMARY_FB_LINE_STRIDE_LUMA		GENMASK(15, 0)

#define VE_CHROMA_BUF_LEN_REG			0x0e8
#define VE_CHROMA_BUF_LEN_SECONDARY_OUT_FMT	GENMASK(31, 30)
#define VE_CHROMA_BUF_LEN_SECONDARY_OUT_FMT_TILED_32_NV12 \
	FIELD_PREP_CONST(VE_CHROMA_BUF_LEN_SECONDARY_OUT_FMT, 0)
#define VE_CHROMA_BUF_LEN_SECONDARY_OUT_FMT_EXT \
	FIELD_PREP_CONST(VE_CHROMA_BUF_LEN_SECONDARY_OUT_FMT, 1)
#define VE_CHROMA_BUF_LEN_SDRT			GENMASK(27, 0)

#define VE_PRIMARY_OUT_FMT_REG			0x0ec
#define VE_PRIMARY_OUT_FMT			GENMASK(6, 4)
#define VE_PRIMARY_OUT_FMT_TILED_32_NV12 \
	FIELD_PREP_CONST(VE_PRIMARY_OUT_FMT, 0)
#define VE_PRIMARY_OUT_FMT_TILED_128_NV12 \
	FIELD_PREP_CONST(VE_PRIMARY_OUT_FMT, 1)
#define VE_PRIMARY_OUT_FMT_YU12 \
	FIELD_PREP_CONST(VE_PRIMARY_OUT_FMT, 2)
#define VE_PRIMARY_OUT_FMT_YV12 \
	FIELD_PREP_CONST(VE_PRIMARY_OUT_FMT, 3)
#define VE_PRIMARY_OUT_FMT_NV12 \
	FIELD_PREP_CONST(VE_PRIMARY_OUT_FMT, 4)
#define VE_PRIMARY_OUT_FMT_NV21 \
	FIELD_PREP_CONST(VE_PRIMARY_OUT_FMT, 5)
#define VE_SECONDARY_OUT_FMT_EXT		GENMASK(2, 0)
#define VE_SECONDARY_OUT_FMT_EXT_TILED_32_NV12 \
	FIELD_PREP_CONST(VE_SECONDARY_OUT_FMT_EXT, 0)
#define VE_SECONDARY_OUT_FMT_EXT_NV12 \
	FIELD_PREP_CONST(VE_SECONDARY_OUT_FMT_EXT, 4)

/* IP version: 0x1680 H3, 0x1681 V3/V3s/S3 (bits 31:16). */
#define VE_VERSION_REG				0x0f0
#define VE_VERSION_IP				GENMASK(31, 16)

/* ----------------------------------------------------------------------- */
/* MPEG decoder block (0x100), used by cedrus_dec_mpeg2.c		   */
/* ----------------------------------------------------------------------- */

/* Picture header and picture coding extension of the picture to decode. */
#define VE_DEC_MPEG_MP12HDR_REG			0x100
#define VE_DEC_MPEG_MP12HDR_PICTURE_CODING_TYPE	GENMASK(30, 28)
#define VE_DEC_MPEG_MP12HDR_FWD_H_F_CODE	GENMASK(27, 24)
#define VE_DEC_MPEG_MP12HDR_FWD_V_F_CODE	GENMASK(23, 20)
#define VE_DEC_MPEG_MP12HDR_BWD_H_F_CODE	GENMASK(19, 16)
#define VE_DEC_MPEG_MP12HDR_BWD_V_F_CODE	GENMASK(15, 12)
#define VE_DEC_MPEG_MP12HDR_INTRA_DC_PRECISION	GENMASK(11, 10)
#define VE_DEC_MPEG_MP12HDR_PICTURE_STRUCTURE	GENMASK(9, 8)
#define VE_DEC_MPEG_MP12HDR_TOP_FIELD_FIRST	BIT(7)
#define VE_DEC_MPEG_MP12HDR_FRAME_PRED_FRAME_DCT	BIT(6)
#define VE_DEC_MPEG_MP12HDR_CONCEALMENT_MOTION_VECTORS	BIT(5)
#define VE_DEC_MPEG_MP12HDR_Q_SCALE_TYPE	BIT(4)
#define VE_DEC_MPEG_MP12HDR_INTRA_VLC_FORMAT	BIT(3)
#define VE_DEC_MPEG_MP12HDR_ALTERNATE_SCAN	BIT(2)
#define VE_DEC_MPEG_MP12HDR_FULL_PEL_FORWARD_VECTOR	BIT(1)
#define VE_DEC_MPEG_MP12HDR_FULL_PEL_BACKWARD_VECTOR	BIT(0)

/* Coded picture size in macroblocks. */
#define VE_DEC_MPEG_PICCODEDSIZE_REG		0x108
#define VE_DEC_MPEG_PICCODEDSIZE_WIDTH_MBS	GENMASK(15, 8)
#define VE_DEC_MPEG_PICCODEDSIZE_HEIGHT_MBS	GENMASK(7, 0)

/* Size of the frame buffers in pixels (the coded format's). */
#define VE_DEC_MPEG_PICBOUNDSIZE_REG		0x10c
#define VE_DEC_MPEG_PICBOUNDSIZE_WIDTH		GENMASK(27, 16)
#define VE_DEC_MPEG_PICBOUNDSIZE_HEIGHT		GENMASK(11, 0)

/* Macroblock the decode starts at. */
#define VE_DEC_MPEG_MBADDR_REG			0x110
#define VE_DEC_MPEG_MBADDR_X			GENMASK(15, 8)
#define VE_DEC_MPEG_MBADDR_Y			GENMASK(7, 0)

/* Interrupt enables: status bit N interrupts when bit N + 3 is set. */
#define VE_DEC_MPEG_CTRL_REG			0x114
#define VE_DEC_MPEG_CTRL_MC_CACHE_EN		BIT(31)
#define VE_DEC_MPEG_CTRL_MC_NO_WRITEBACK	BIT(7)
#define VE_DEC_MPEG_CTRL_VLD_DATA_REQ_IRQ_EN	BIT(5)
#define VE_DEC_MPEG_CTRL_ERROR_IRQ_EN		BIT(4)
#define VE_DEC_MPEG_CTRL_FINISH_IRQ_EN		BIT(3)
#define VE_DEC_MPEG_CTRL_IRQ_MASK		GENMASK(5, 3)

#define VE_DEC_MPEG_TRIGGER_REG			0x118
#define VE_DEC_MPEG_TRIGGER_MB_BOUNDARY		BIT(31)
#define VE_DEC_MPEG_TRIGGER_CHROMA_FMT		GENMASK(29, 27)
#define VE_DEC_MPEG_TRIGGER_CHROMA_FMT_420 \
	FIELD_PREP_CONST(VE_DEC_MPEG_TRIGGER_CHROMA_FMT, 0)
#define VE_DEC_MPEG_TRIGGER_FORMAT		GENMASK(26, 24)
#define VE_DEC_MPEG_TRIGGER_FORMAT_MPEG2 \
	FIELD_PREP_CONST(VE_DEC_MPEG_TRIGGER_FORMAT, 2)
#define VE_DEC_MPEG_TRIGGER_TYPE		GENMASK(3, 0)
#define VE_DEC_MPEG_TRIGGER_TYPE_HW_MPEG_VLD \
	FIELD_PREP_CONST(VE_DEC_MPEG_TRIGGER_TYPE, 0xf)

/*
 * The interrupt bits (3:0) are W1C; a job ends with SUCCESS, ERROR or
 * VLD_DATA_REQ (JOB_MASK), ROTATE_SUCCESS belongs to the rotation unit.
 */
#define VE_DEC_MPEG_STATUS_REG			0x11c
#define VE_DEC_MPEG_STATUS_VLD_BUSY		BIT(8)
#define VE_DEC_MPEG_STATUS_ROTATE_SUCCESS	BIT(3)
#define VE_DEC_MPEG_STATUS_VLD_DATA_REQ		BIT(2)
#define VE_DEC_MPEG_STATUS_ERROR		BIT(1)
#define VE_DEC_MPEG_STATUS_SUCCESS		BIT(0)
#define VE_DEC_MPEG_STATUS_INT_MASK		GENMASK(3, 0)
#define VE_DEC_MPEG_STATUS_JOB_MASK		GENMASK(2, 0)

/* Picture data: bits 27:4 of the address in place, 31:28 in bits 3:0. */
#define VE_DEC_MPEG_VLD_ADDR_REG		0x128
#define VE_DEC_MPEG_VLD_ADDR_FIRST		BIT(30)
#define VE_DEC_MPEG_VLD_ADDR_LAST		BIT(29)
#define VE_DEC_MPEG_VLD_ADDR_VALID		BIT(28)
#define VE_DEC_MPEG_VLD_ADDR_LOW		GENMASK(27, 4)
#define VE_DEC_MPEG_VLD_ADDR_HIGH		GENMASK(3, 0)
#define VE_DEC_MPEG_VLD_OFFSET_REG		0x12c
#define VE_DEC_MPEG_VLD_LEN_REG			0x130
#define VE_DEC_MPEG_VLD_END_ADDR_REG		0x134

/* The picture being decoded and its references (luma, chroma). */
#define VE_DEC_MPEG_REC_LUMA_REG		0x148
#define VE_DEC_MPEG_REC_CHROMA_REG		0x14c
#define VE_DEC_MPEG_FWD_REF_LUMA_ADDR_REG	0x150
#define VE_DEC_MPEG_FWD_REF_CHROMA_ADDR_REG	0x154
#define VE_DEC_MPEG_BWD_REF_LUMA_ADDR_REG	0x158
#define VE_DEC_MPEG_BWD_REF_CHROMA_ADDR_REG	0x15c

/* One quantiser matrix entry a write: which matrix, index, weight. */
#define VE_DEC_MPEG_IQMINPUT_REG		0x180
#define VE_DEC_MPEG_IQMINPUT_INTRA		BIT(14)
#define VE_DEC_MPEG_IQMINPUT_INDEX		GENMASK(13, 8)
#define VE_DEC_MPEG_IQMINPUT_WEIGHT		GENMASK(7, 0)

#define VE_DEC_MPEG_ERROR_REG			0x1c4
#define VE_DEC_MPEG_CRTMBADDR_REG		0x1c8

/* ----------------------------------------------------------------------- */
/* H.264 decoder block (0x200), used by cedrus_dec_h264.c */
/* ----------------------------------------------------------------------- */

#define VE_DEC_H264_SPS_REG				0x200
#define VE_DEC_H264_SPS_CHROMA_FORMAT_IDC		GENMASK(21, 19)
#define VE_DEC_H264_SPS_MBS_ONLY			BIT(18)
#define VE_DEC_H264_SPS_MB_ADAPTIVE_FRAME_FIELD	BIT(17)
#define VE_DEC_H264_SPS_DIRECT_8X8_INFERENCE	BIT(16)
#define VE_DEC_H264_SPS_PIC_WIDTH_IN_MBS_MINUS1	GENMASK(15, 8)
#define VE_DEC_H264_SPS_PIC_HEIGHT_IN_MAP_UNITS_MINUS1	GENMASK(7, 0)

#define VE_DEC_H264_PPS_REG				0x204
#define VE_DEC_H264_PPS_ENTROPY_CODING_MODE		BIT(15)
#define VE_DEC_H264_PPS_NUM_REF_IDX_L0_ACTIVE_MINUS1	GENMASK(14, 10)
#define VE_DEC_H264_PPS_NUM_REF_IDX_L1_ACTIVE_MINUS1	GENMASK(9, 5)
#define VE_DEC_H264_PPS_WEIGHTED_PRED		BIT(4)
#define VE_DEC_H264_PPS_WEIGHTED_BIPRED_IDC		GENMASK(3, 2)
#define VE_DEC_H264_PPS_CONSTRAINED_INTRA_PRED	BIT(1)
#define VE_DEC_H264_PPS_TRANSFORM_8X8_MODE		BIT(0)

#define VE_DEC_H264_SHS_REG				0x208
#define VE_DEC_H264_SHS_FIRST_MB_X			GENMASK(31, 24)
#define VE_DEC_H264_SHS_FIRST_MB_Y			GENMASK(23, 16)
#define VE_DEC_H264_SHS_NAL_REF			BIT(12)
#define VE_DEC_H264_SHS_SLICE_TYPE			GENMASK(11, 8)
#define VE_DEC_H264_SHS_FIRST_SLICE_IN_PIC		BIT(5)
#define VE_DEC_H264_SHS_FIELD_PIC			BIT(4)
#define VE_DEC_H264_SHS_BOTTOM_FIELD		BIT(3)
#define VE_DEC_H264_SHS_DIRECT_SPATIAL_MV_PRED	BIT(2)
#define VE_DEC_H264_SHS_CABAC_INIT_IDC		GENMASK(1, 0)

#define VE_DEC_H264_SHS2_REG			0x20c
#define VE_DEC_H264_SHS2_NUM_REF_IDX_L0_ACTIVE_MINUS1	GENMASK(28, 24)
#define VE_DEC_H264_SHS2_NUM_REF_IDX_L1_ACTIVE_MINUS1	GENMASK(20, 16)
#define VE_DEC_H264_SHS2_NUM_REF_IDX_ACTIVE_OVRD	BIT(12)
#define VE_DEC_H264_SHS2_DISABLE_DEBLOCKING_FILTER_IDC	GENMASK(9, 8)
#define VE_DEC_H264_SHS2_SLICE_ALPHA_C0_OFFSET_DIV2	GENMASK(7, 4)
#define VE_DEC_H264_SHS2_SLICE_BETA_OFFSET_DIV2	GENMASK(3, 0)

#define VE_DEC_H264_SHS_WP_REG			0x210
#define VE_DEC_H264_SHS_WP_CHROMA_LOG2_WEIGHT_DENOM	GENMASK(6, 4)
#define VE_DEC_H264_SHS_WP_LUMA_LOG2_WEIGHT_DENOM	GENMASK(2, 0)

#define VE_DEC_H264_SHS_QP_REG			0x21c
#define VE_DEC_H264_SHS_QP_SCALING_MATRIX_DEFAULT	BIT(24)
#define VE_DEC_H264_SHS_QP_SECOND_CHROMA_QP_INDEX_OFFSET	GENMASK(21, 16)
#define VE_DEC_H264_SHS_QP_CHROMA_QP_INDEX_OFFSET	GENMASK(13, 8)
#define VE_DEC_H264_SHS_QP_SLICE_QP			GENMASK(5, 0)

#define VE_DEC_H264_CTRL_REG			0x220
#define VE_DEC_H264_CTRL_VP8			BIT(29)
#define VE_DEC_H264_CTRL_VLD_DATA_REQ_INT		BIT(2)
#define VE_DEC_H264_CTRL_DECODE_ERR_INT		BIT(1)
#define VE_DEC_H264_CTRL_SLICE_DECODE_INT		BIT(0)
#define VE_DEC_H264_CTRL_INT_MASK			GENMASK(2, 0)

#define VE_DEC_H264_TRIGGER_TYPE_REG		0x224
#define VE_DEC_H264_TRIGGER_TYPE_N_BITS		GENMASK(13, 8)
#define VE_DEC_H264_TRIGGER_TYPE			GENMASK(3, 0)
#define VE_DEC_H264_TRIGGER_TYPE_FLUSH_BITS \
	FIELD_PREP_CONST(VE_DEC_H264_TRIGGER_TYPE, 3)
#define VE_DEC_H264_TRIGGER_TYPE_INIT_SWDEC \
	FIELD_PREP_CONST(VE_DEC_H264_TRIGGER_TYPE, 7)
#define VE_DEC_H264_TRIGGER_TYPE_AVC_SLICE_DECODE \
	FIELD_PREP_CONST(VE_DEC_H264_TRIGGER_TYPE, 8)

#define VE_DEC_H264_STATUS_REG			0x228
#define VE_DEC_H264_STATUS_VLD_BUSY			BIT(8)
#define VE_DEC_H264_STATUS_VLD_DATA_REQ_INT		BIT(2)
#define VE_DEC_H264_STATUS_DECODE_ERR_INT		BIT(1)
#define VE_DEC_H264_STATUS_SLICE_DECODE_INT		BIT(0)
#define VE_DEC_H264_STATUS_INT_MASK			GENMASK(2, 0)

#define VE_DEC_H264_CUR_MB_NUM_REG			0x22c

/* Slice data address: bits 27:4 in place, bits 31:28 in bits 3:0. */
#define VE_DEC_H264_VLD_ADDR_REG			0x230
#define VE_DEC_H264_VLD_ADDR_FIRST			BIT(30)
#define VE_DEC_H264_VLD_ADDR_LAST			BIT(29)
#define VE_DEC_H264_VLD_ADDR_VALID			BIT(28)
#define VE_DEC_H264_VLD_ADDR_LOW			GENMASK(27, 4)
#define VE_DEC_H264_VLD_ADDR_HIGH			GENMASK(3, 0)

#define VE_DEC_H264_VLD_OFFSET_REG			0x234
#define VE_DEC_H264_VLD_LEN_REG			0x238
#define VE_DEC_H264_VLD_END_REG			0x23c
#define VE_DEC_H264_SDROT_CTRL_REG			0x240
#define VE_DEC_H264_OUTPUT_FRAME_IDX_REG		0x24c
#define VE_DEC_H264_PIC_INFO_ADDR_REG		0x250
#define VE_DEC_H264_NEIGHBOR_INFO_ADDR_REG	0x254
#define VE_DEC_H264_MB_ADDR_REG			0x260
#define VE_DEC_H264_ERROR_CASE_REG			0x2b8
#define VE_DEC_H264_BASIC_BITS_REG			0x2dc
#define VE_DEC_H264_SRAM_OFFSET_REG		0x2e0
#define VE_DEC_H264_SRAM_DATA_REG		0x2e4

/*
 * Decoder SRAM, reached through SRAM_OFFSET (a byte offset, which then
 * advances by 4 with every word written to SRAM_DATA). Byte offsets:
 */
#define VE_DEC_H264_SRAM_PRED_WEIGHT_TABLE		0x000
#define VE_DEC_H264_SRAM_FRAME_INFO			0x400
#define VE_DEC_H264_SRAM_REF_LIST0			0x640
#define VE_DEC_H264_SRAM_REF_LIST1			0x664
#define VE_DEC_H264_SRAM_SCALING_LIST_8X8_INTRA_Y	0x800
#define VE_DEC_H264_SRAM_SCALING_LIST_8X8_INTER_Y	0x840
#define VE_DEC_H264_SRAM_SCALING_LIST_4X4		0x880

/*
 * Prediction weight table, per list: 32 luma words, then 32 (Cb, Cr) word
 * pairs; each word holds a 9-bit signed offset and a 9-bit signed weight.
 */
#define VE_DEC_H264_SRAM_PRED_WEIGHT_OFFSET		GENMASK(24, 16)
#define VE_DEC_H264_SRAM_PRED_WEIGHT_WEIGHT		GENMASK(8, 0)

/*
 * Frame info table: 18 entries of 8 words (top POC, bottom POC, info, luma
 * address, chroma address, top and bottom field co-located MV addresses,
 * reserved). Field of the info word:
 */
#define VE_DEC_H264_SRAM_FRAME_INFO_PIC_TYPE		GENMASK(9, 8)

/* Reference picture lists: one byte per entry. */
#define VE_DEC_H264_SRAM_REF_POSITION			GENMASK(7, 1)
#define VE_DEC_H264_SRAM_REF_BOTTOM_FIELD		BIT(0)

/* ----------------------------------------------------------------------- */
/* VP8 decoder (the H.264 block, 0x200), used by cedrus_dec_vp8.c	   */
/* ----------------------------------------------------------------------- */

/*
 * VP8 shares the H.264 block: VE_MODE_DEC_VP8 selects it and
 * VE_DEC_H264_CTRL_VP8 switches it to VP8. Some offsets then hold VP8
 * registers; the bitstream window (VLD_*), the trigger, the status and
 * BASIC_BITS keep their H.264 meaning.
 *
 * VP8 fields of the H.264 block's trigger and status: GET_BITS reads
 * BIN_LENS + 1 bits (1 to 8) from the first partition with the boolean
 * decoder, each with probability PROBABILITY, into BASIC_BITS;
 * UPDATE_COEF reads the coefficient probability updates of the frame
 * header into the probability buffer (UPPROB_BUSY while it runs).
 */
#define VE_DEC_H264_TRIGGER_TYPE_VP8_PROBABILITY	GENMASK(31, 24)
#define VE_DEC_H264_TRIGGER_TYPE_VP8_BIN_LENS	GENMASK(18, 16)
#define VE_DEC_H264_TRIGGER_TYPE_VP8_SLICE_DECODE \
	FIELD_PREP_CONST(VE_DEC_H264_TRIGGER_TYPE, 10)
#define VE_DEC_H264_TRIGGER_TYPE_VP8_UPDATE_COEF \
	FIELD_PREP_CONST(VE_DEC_H264_TRIGGER_TYPE, 14)
#define VE_DEC_H264_TRIGGER_TYPE_VP8_GET_BITS \
	FIELD_PREP_CONST(VE_DEC_H264_TRIGGER_TYPE, 15)

#define VE_DEC_H264_STATUS_VP8_UPPROB_BUSY		BIT(17)

/* Frame header fields (LAST_*: those of the last loop-filtered frame). */
#define VE_DEC_VP8_PPS_REG				0x214
#define VE_DEC_VP8_PPS_PIC_TYPE_P_FRAME		BIT(31)
#define VE_DEC_VP8_PPS_LAST_SHARPNESS_LEVEL		GENMASK(30, 28)
#define VE_DEC_VP8_PPS_LAST_PIC_TYPE_P_FRAME	BIT(27)
#define VE_DEC_VP8_PPS_ALTREF_SIGN_BIAS		BIT(26)
#define VE_DEC_VP8_PPS_GOLDEN_SIGN_BIAS		BIT(25)
#define VE_DEC_VP8_PPS_RELOAD_ENTROPY_PROBS		BIT(24)
#define VE_DEC_VP8_PPS_REFRESH_ENTROPY_PROBS	BIT(23)
#define VE_DEC_VP8_PPS_MB_NO_COEFF_SKIP		BIT(22)
#define VE_DEC_VP8_PPS_TOKEN_PARTITION		GENMASK(21, 20)
#define VE_DEC_VP8_PPS_MODE_REF_LF_DELTA_UPDATE	BIT(19)
#define VE_DEC_VP8_PPS_MODE_REF_LF_DELTA_ENABLE	BIT(18)
#define VE_DEC_VP8_PPS_LOOP_FILTER_LEVEL		GENMASK(17, 12)
#define VE_DEC_VP8_PPS_LOOP_FILTER_SIMPLE		BIT(11)
#define VE_DEC_VP8_PPS_SHARPNESS_LEVEL		GENMASK(10, 8)
#define VE_DEC_VP8_PPS_LAST_LOOP_FILTER_SIMPLE	BIT(7)
#define VE_DEC_VP8_PPS_SEGMENTATION_ENABLE		BIT(6)
#define VE_DEC_VP8_PPS_MB_SEGMENT_ABS_DELTA		BIT(5)
#define VE_DEC_VP8_PPS_UPDATE_MB_SEGMENTATION_MAP	BIT(4)
#define VE_DEC_VP8_PPS_FULL_PIXEL			BIT(3)
#define VE_DEC_VP8_PPS_BILINEAR_MC_FILTER		BIT(2)
#define VE_DEC_VP8_PPS_FILTER_TYPE_SIMPLE		BIT(1)
#define VE_DEC_VP8_PPS_LPF_DISABLE			BIT(0)

/* Quantiser: base index (0..127) and the deltas, two's complement. */
#define VE_DEC_VP8_QP_INDEX_DELTA_REG		0x218
#define VE_DEC_VP8_QP_INDEX_DELTA_UVAC		GENMASK(31, 27)
#define VE_DEC_VP8_QP_INDEX_DELTA_UVDC		GENMASK(26, 22)
#define VE_DEC_VP8_QP_INDEX_DELTA_Y2AC		GENMASK(21, 17)
#define VE_DEC_VP8_QP_INDEX_DELTA_Y2DC		GENMASK(16, 12)
#define VE_DEC_VP8_QP_INDEX_DELTA_Y1DC		GENMASK(11, 7)
#define VE_DEC_VP8_QP_INDEX_DELTA_BASE_QINDEX	GENMASK(6, 0)

/* Byte offset of the DCT partition sizes: frame tag + first partition. */
#define VE_DEC_VP8_PART_SIZE_OFFSET_REG		0x21c
#define VE_DEC_VP8_ENTROPY_PROBS_ADDR_REG		0x250
/* Size of the first partition, in bits. */
#define VE_DEC_VP8_FIRST_DATA_PART_LEN_REG		0x254

/* Frame size in macroblocks, and in pixels. */
#define VE_DEC_VP8_FSIZE_REG			0x258
#define VE_DEC_VP8_FSIZE_WIDTH_MBS			GENMASK(15, 8)
#define VE_DEC_VP8_FSIZE_HEIGHT_MBS			GENMASK(7, 0)
#define VE_DEC_VP8_PICSIZE_REG			0x25c
#define VE_DEC_VP8_PICSIZE_WIDTH			GENMASK(27, 16)
#define VE_DEC_VP8_PICSIZE_HEIGHT			GENMASK(11, 0)

/*
 * Picture addresses: the frame being decoded (REC) and the references,
 * FWD the last frame, BWD the golden frame, ALT the altref frame.
 */
#define VE_DEC_VP8_REC_LUMA_REG			0x2ac
#define VE_DEC_VP8_FWD_LUMA_REG			0x2b0
#define VE_DEC_VP8_BWD_LUMA_REG			0x2b4
#define VE_DEC_VP8_REC_CHROMA_REG			0x2d0
#define VE_DEC_VP8_FWD_CHROMA_REG			0x2d4
#define VE_DEC_VP8_BWD_CHROMA_REG			0x2d8
#define VE_DEC_VP8_ALT_LUMA_REG			0x2e8
#define VE_DEC_VP8_ALT_CHROMA_REG			0x2ec

/* Segment features, one byte per segment, two's complement. */
#define VE_DEC_VP8_SEGMENT_FEAT_MB_LV0_REG		0x2f0	/* quantiser */
#define VE_DEC_VP8_SEGMENT_FEAT_MB_LV1_REG		0x2f4	/* filter */
#define VE_DEC_VP8_SEGMENT3				GENMASK(31, 24)
#define VE_DEC_VP8_SEGMENT2				GENMASK(23, 16)
#define VE_DEC_VP8_SEGMENT1				GENMASK(15, 8)
#define VE_DEC_VP8_SEGMENT0				GENMASK(7, 0)

/* Loop filter deltas (reference frame, mode), 7-bit two's complement. */
#define VE_DEC_VP8_REF_LF_DELTA_REG			0x2f8
#define VE_DEC_VP8_MODE_LF_DELTA_REG		0x2fc
#define VE_DEC_VP8_LF_DELTA3			GENMASK(30, 24)
#define VE_DEC_VP8_LF_DELTA2			GENMASK(22, 16)
#define VE_DEC_VP8_LF_DELTA1			GENMASK(14, 8)
#define VE_DEC_VP8_LF_DELTA0			GENMASK(6, 0)

/*
 * Probability buffer (VE_DEC_VP8_ENTROPY_PROBS_ADDR_REG, in DRAM): byte
 * offsets of its tables, as the VE reads them. Coefficient tables are
 * indexed [block type][band][context], 11 probabilities each in 16 bytes,
 * 64 bytes a band; the motion vector tables are 32 bytes apart. Trees
 * hold the RFC 6386 trees with a leaf as 0x80 | value.
 */
#define VE_DEC_VP8_PROBS_SIZE			0x2400
#define VE_DEC_VP8_PROBS_COEFF			0x0000
#define VE_DEC_VP8_PROBS_COEFF_UPDATE		0x0800
#define VE_DEC_VP8_PROBS_COEFF_CTX_STRIDE		16
#define VE_DEC_VP8_PROBS_COEFF_BAND_STRIDE		64
#define VE_DEC_VP8_PROBS_COEFF_BLOCK_STRIDE		512
#define VE_DEC_VP8_PROBS_KF_YMODE			0x1000
#define VE_DEC_VP8_PROBS_YMODE			0x1008
#define VE_DEC_VP8_PROBS_UV_MODE			0x1010
#define VE_DEC_VP8_PROBS_SEGMENT_ID			0x1018
#define VE_DEC_VP8_PROBS_SKIP_FALSE			0x101c
#define VE_DEC_VP8_PROBS_INTRA			0x101d
#define VE_DEC_VP8_PROBS_LAST			0x101e
#define VE_DEC_VP8_PROBS_GOLDEN			0x101f
#define VE_DEC_VP8_PROBS_MV				0x1020
#define VE_DEC_VP8_PROBS_MV_STRIDE			0x20
#define VE_DEC_VP8_PROBS_SPLIT_MV			0x1060
#define VE_DEC_VP8_PROBS_BMODE			0x1068
#define VE_DEC_VP8_PROBS_SUB_MV_REF			0x1088
#define VE_DEC_VP8_PROBS_MODE_CONTEXTS		0x10a8
#define VE_DEC_VP8_PROBS_ROW_STRIDE			4
#define VE_DEC_VP8_PROBS_KF_YMODE_TREE		0x1100
#define VE_DEC_VP8_PROBS_YMODE_TREE			0x1108
#define VE_DEC_VP8_PROBS_UV_MODE_TREE		0x1110
#define VE_DEC_VP8_PROBS_SMALL_MV_TREE		0x1122
#define VE_DEC_VP8_PROBS_SMALL_MV_TREE2		0x1142
#define VE_DEC_VP8_PROBS_SPLIT_MV_TREE		0x1160
#define VE_DEC_VP8_PROBS_BMODE_TREE			0x1168
#define VE_DEC_VP8_PROBS_SUB_MV_REF_TREE		0x1188
#define VE_DEC_VP8_PROBS_MV_REF_TREE		0x11a8
#define VE_DEC_VP8_PROBS_TREE_LEAF			BIT(7)

/* ----------------------------------------------------------------------- */
/* ISP: encoder picture input (0xa00), programmed by cedrus_enc.c	   */
/* ----------------------------------------------------------------------- */

/* Picture size in macroblocks. */
#define VE_ISP_PIC_INFO_REG			0xa00
#define VE_ISP_PIC_INFO_WIDTH_MBS		GENMASK(26, 16)
#define VE_ISP_PIC_INFO_HEIGHT_MBS		GENMASK(10, 0)

/* Input line stride in macroblocks (the VE cannot express other strides). */
#define VE_ISP_PIC_STRIDE0_REG			0xa04
#define VE_ISP_PIC_STRIDE0_INPUT_STRIDE_MBS	GENMASK(26, 16)
#define VE_ISP_PIC_STRIDE0_THUMB_STRIDE_MBS	GENMASK(9, 0)

#define VE_ISP_CTRL_REG				0xa08
#define VE_ISP_CTRL_FORMAT			GENMASK(31, 27)
#define VE_ISP_CTRL_FORMAT_YUV420SP \
	FIELD_PREP_CONST(VE_ISP_CTRL_FORMAT, 0)
#define VE_ISP_CTRL_FORMAT_YVU420SP \
	FIELD_PREP_CONST(VE_ISP_CTRL_FORMAT, 4)
#define VE_ISP_CTRL_FORMAT_YUV420P \
	FIELD_PREP_CONST(VE_ISP_CTRL_FORMAT, 24)
#define VE_ISP_CTRL_FORMAT_YVU420P \
	FIELD_PREP_CONST(VE_ISP_CTRL_FORMAT, 26)
#define VE_ISP_CTRL_HFLIP_EN			BIT(22)
#define VE_ISP_CTRL_ROTATION			GENMASK(21, 20)
#define VE_ISP_CTRL_ROTATION_0 \
	FIELD_PREP_CONST(VE_ISP_CTRL_ROTATION, 0)
#define VE_ISP_CTRL_THUMB_EN			BIT(19)
#define VE_ISP_CTRL_SCALER_EN			BIT(16)
#define VE_ISP_CTRL_COLORSPACE			GENMASK(2, 1)
#define VE_ISP_CTRL_COLORSPACE_BT601 \
	FIELD_PREP_CONST(VE_ISP_CTRL_COLORSPACE, 0)
#define VE_ISP_CTRL_COLORSPACE_BT709 \
	FIELD_PREP_CONST(VE_ISP_CTRL_COLORSPACE, 1)
#define VE_ISP_CTRL_COLORSPACE_YCC \
	FIELD_PREP_CONST(VE_ISP_CTRL_COLORSPACE, 2)
#define VE_ISP_CTRL_INT_EN			BIT(0)

#define VE_ISP_TRIG_REG				0xa0c

#define VE_ISP_SCALER_SIZE_REG			0xa2c
#define VE_ISP_SCALER_SIZE_HEIGHT_MBS		GENMASK(26, 16)
#define VE_ISP_SCALER_SIZE_WIDTH_MBS		GENMASK(10, 0)

#define VE_ISP_OUTPUT_LUMA_REG			0xa70
#define VE_ISP_OUTPUT_CHROMA_REG		0xa74
#define VE_ISP_INPUT_LUMA_REG			0xa78
#define VE_ISP_INPUT_CHROMA0_REG		0xa7c
#define VE_ISP_INPUT_CHROMA1_REG		0xa80

/* ----------------------------------------------------------------------- */
/* AVC encoder (0xb00), used by cedrus_enc_h264.c			   */
/* ----------------------------------------------------------------------- */

#define VE_ENC_AVC_PARA0_REG			0xb04
#define VE_ENC_AVC_PARA0_EPTB_DIS		BIT(31)
#define VE_ENC_AVC_PARA0_STUFF_ZERO_AFTER_FF_EN	BIT(30)
#define VE_ENC_AVC_PARA0_SLICE_MODE_EN		BIT(29)
#define VE_ENC_AVC_PARA0_REF_PIC_REORDER_FLAG	BIT(28)
#define VE_ENC_AVC_PARA0_FRAME_NUM		GENMASK(27, 24)
#define VE_ENC_AVC_PARA0_BETA_OFFSET_DIV2	GENMASK(23, 20)
#define VE_ENC_AVC_PARA0_ALPHA_OFFSET_DIV2	GENMASK(19, 16)
#define VE_ENC_AVC_PARA0_IDR_PIC_ID		BIT(15)
#define VE_ENC_AVC_PARA0_DEBLOCK_IDC		GENMASK(13, 12)
#define VE_ENC_AVC_PARA0_FIX_MODE_NUM		GENMASK(11, 10)
#define VE_ENC_AVC_PARA0_CTX_INIT_METHOD	BIT(9)
#define VE_ENC_AVC_PARA0_ENTROPY_CODING_CABAC	BIT(8)
#define VE_ENC_AVC_PARA0_SLICE_TYPE		GENMASK(5, 4)
#define VE_ENC_AVC_PARA0_SLICE_TYPE_I \
	FIELD_PREP_CONST(VE_ENC_AVC_PARA0_SLICE_TYPE, 0)
#define VE_ENC_AVC_PARA0_SLICE_TYPE_P \
	FIELD_PREP_CONST(VE_ENC_AVC_PARA0_SLICE_TYPE, 1)
#define VE_ENC_AVC_PARA0_REF_PIC_TYPE		GENMASK(3, 2)
#define VE_ENC_AVC_PARA0_PIC_TYPE		GENMASK(1, 0)

#define VE_ENC_AVC_PARA1_REG			0xb08
#define VE_ENC_AVC_PARA1_MODE_OPTIMIZE_EN	BIT(31)
#define VE_ENC_AVC_PARA1_MODE_OPTIMIZE_PAR	GENMASK(30, 28)
#define VE_ENC_AVC_PARA1_CLIP_MV_EN		BIT(26)
#define VE_ENC_AVC_PARA1_CLIP_MV_PAR		GENMASK(25, 24)
#define VE_ENC_AVC_PARA1_TEMP_FILTER_HIS_OUT_DIS BIT(19)
#define VE_ENC_AVC_PARA1_QP_CHROMA_OFFSET0	GENMASK(18, 16)
#define VE_ENC_AVC_PARA1_STRIDE_MBS_DIV_48	GENMASK(13, 10)
#define VE_ENC_AVC_PARA1_TILE32_OUTPUT_EN	BIT(9)
#define VE_ENC_AVC_PARA1_DYNAMIC_ME_EN		BIT(8)
#define VE_ENC_AVC_PARA1_RC_MODE		GENMASK(7, 6)
#define VE_ENC_AVC_PARA1_RC_MODE_FIXED_QP \
	FIELD_PREP_CONST(VE_ENC_AVC_PARA1_RC_MODE, 0)
#define VE_ENC_AVC_PARA1_FIXED_QP		GENMASK(5, 0)

#define VE_ENC_AVC_PARA2_REG			0xb0c

#define VE_ENC_AVC_ME_PARA_REG			0xb10
#define VE_ENC_AVC_ME_PARA_QPIX_SPLIT_OFF	BIT(21)
#define VE_ENC_AVC_ME_PARA_QPIX_SMART_OFF	BIT(20)
#define VE_ENC_AVC_ME_PARA_TPIX_TO_DRAM		BIT(19)
#define VE_ENC_AVC_ME_PARA_DEBLK_TO_DRAM	BIT(18)
#define VE_ENC_AVC_ME_PARA_ROI_EN		BIT(17)
#define VE_ENC_AVC_ME_PARA_WB_MV_INFO_DIS	BIT(16)
#define VE_ENC_AVC_ME_PARA_SPLIT_MB_DIS		BIT(15)
#define VE_ENC_AVC_ME_PARA_INTRA_4X4_DIS	BIT(14)
#define VE_ENC_AVC_ME_PARA_INTRA_PLAN_DIS	BIT(13)
#define VE_ENC_AVC_ME_PARA_QUANT_THRESHOLD_DIS	BIT(12)
#define VE_ENC_AVC_ME_PARA_QPIX_16X16_OFF_EN	BIT(11)
#define VE_ENC_AVC_ME_PARA_SKIP_MB_DIS		BIT(9)
#define VE_ENC_AVC_ME_PARA_ME_DIS		BIT(8)
#define VE_ENC_AVC_ME_PARA_COARSE_COST_CTRL	GENMASK(7, 6)
#define VE_ENC_AVC_ME_PARA_IME_TIME_PRIO	BIT(5)
#define VE_ENC_AVC_ME_PARA_QSMTSS_REFINE_DIS	BIT(4)
#define VE_ENC_AVC_ME_PARA_QSMTSS_DIS		BIT(3)
#define VE_ENC_AVC_ME_PARA_FME_SEARCH_LEVEL	GENMASK(2, 1)
#define VE_ENC_AVC_ME_PARA_INTRA_PRED_DIS	BIT(0)

#define VE_ENC_AVC_INT_EN_REG			0xb14
#define VE_ENC_AVC_INT_EN_MB_OVERTIME		BIT(2)
#define VE_ENC_AVC_INT_EN_STALL			BIT(1)
#define VE_ENC_AVC_INT_EN_FINISH		BIT(0)

#define VE_ENC_AVC_STARTTRIG_REG		0xb18
#define VE_ENC_AVC_STARTTRIG_ENCODE_MODE	GENMASK(17, 16)
#define VE_ENC_AVC_STARTTRIG_ENCODE_MODE_H264 \
	FIELD_PREP_CONST(VE_ENC_AVC_STARTTRIG_ENCODE_MODE, 0)
/*
 * NUM_BITS: the register guide documents bits 12:8 (0-31) and the
 * reverse-engineered encoder masks the count with 0x1f; the published
 * rework declared 13:8. The driver never sends more than 16 bits.
 */
#define VE_ENC_AVC_STARTTRIG_NUM_BITS		GENMASK(12, 8)
#define VE_ENC_AVC_STARTTRIG_TYPE		GENMASK(3, 0)
#define VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS \
	FIELD_PREP_CONST(VE_ENC_AVC_STARTTRIG_TYPE, 1)
#define VE_ENC_AVC_STARTTRIG_TYPE_BYTE_ALIGN \
	FIELD_PREP_CONST(VE_ENC_AVC_STARTTRIG_TYPE, 2)
#define VE_ENC_AVC_STARTTRIG_TYPE_PUT_VLCSE \
	FIELD_PREP_CONST(VE_ENC_AVC_STARTTRIG_TYPE, 4)
#define VE_ENC_AVC_STARTTRIG_TYPE_PUT_VLCUE \
	FIELD_PREP_CONST(VE_ENC_AVC_STARTTRIG_TYPE, 5)
#define VE_ENC_AVC_STARTTRIG_TYPE_ENC_START \
	FIELD_PREP_CONST(VE_ENC_AVC_STARTTRIG_TYPE, 8)
#define VE_ENC_AVC_STARTTRIG_TYPE_ENC_CONTINUE \
	FIELD_PREP_CONST(VE_ENC_AVC_STARTTRIG_TYPE, 9)

/* Write 1 to clear the interrupt bits (3:0). */
#define VE_ENC_AVC_STATUS_REG			0xb1c
#define VE_ENC_AVC_STATUS_PUT_BITS_READY	BIT(9)
#define VE_ENC_AVC_STATUS_OVERTIME		BIT(3)
#define VE_ENC_AVC_STATUS_OVERTIME_MB		BIT(2)
#define VE_ENC_AVC_STATUS_STALL			BIT(1)
#define VE_ENC_AVC_STATUS_FINISH		BIT(0)
#define VE_ENC_AVC_STATUS_INT_MASK		GENMASK(3, 0)

#define VE_ENC_AVC_PUTBITSDATA_REG		0xb20
#define VE_ENC_AVC_OVERTIME_MB_REG		0xb24

#define VE_ENC_AVC_CYCLIC_INTRA_REFRESH_REG	0xb28
#define VE_ENC_AVC_CYCLIC_INTRA_REFRESH_EN	BIT(31)
#define VE_ENC_AVC_CYCLIC_INTRA_REFRESH_COL_START_MB GENMASK(23, 16)
#define VE_ENC_AVC_CYCLIC_INTRA_REFRESH_COL_END_MB GENMASK(7, 0)

#define VE_ENC_AVC_RC_INIT_REG			0xb2c
#define VE_ENC_AVC_RC_MAD_TH0_REG		0xb30
#define VE_ENC_AVC_RC_MAD_TH1_REG		0xb34
#define VE_ENC_AVC_RC_MAD_TH2_REG		0xb38
#define VE_ENC_AVC_RC_MAD_TH3_REG		0xb3c
#define VE_ENC_AVC_RC_MAD_SUM_REG		0xb40

#define VE_ENC_AVC_TEMPORAL_FILTER_PAR_REG	0xb44
#define VE_ENC_AVC_TEMPORAL_FILTER_PAR_EN	BIT(31)

#define VE_ENC_AVC_DYNAMIC_ME_PAR0_REG		0xb48
#define VE_ENC_AVC_DYNAMIC_ME_PAR1_REG		0xb4c
#define VE_ENC_AVC_MAD_REG			0xb50
#define VE_ENC_AVC_RESIDUAL_BITS_REG		0xb54
#define VE_ENC_AVC_HEADER_BITS_REG		0xb58
#define VE_ENC_AVC_ME_INFO_REG			0xb5c
#define VE_ENC_AVC_MV_BUF_ADDR_REG		0xb60

/* Bitstream window: [START, END] bytes, at most BIT_MAX bits. */
#define VE_ENC_AVC_STM_START_ADDR_REG		0xb80
#define VE_ENC_AVC_STM_END_ADDR_REG		0xb84
#define VE_ENC_AVC_STM_BIT_OFFSET_REG		0xb88
#define VE_ENC_AVC_STM_BIT_MAX_REG		0xb8c
#define VE_ENC_AVC_STM_BIT_LEN_REG		0xb90

#define VE_ENC_AVC_REF0_ADDR_Y_REG		0xba0
#define VE_ENC_AVC_REF0_ADDR_C_REG		0xba4
#define VE_ENC_AVC_REF1_ADDR_Y_REG		0xba8
#define VE_ENC_AVC_REF1_ADDR_C_REG		0xbac
#define VE_ENC_AVC_REC_ADDR_Y_REG		0xbb0
#define VE_ENC_AVC_REC_ADDR_C_REG		0xbb4
#define VE_ENC_AVC_SUBPIX_ADDR_LAST_REG		0xbb8
#define VE_ENC_AVC_SUBPIX_ADDR_NEW_REG		0xbbc
#define VE_ENC_AVC_MB_INFO_ADDR_REG		0xbc0
#define VE_ENC_AVC_DEBLK_ADDR_REG		0xbc4
#define VE_ENC_AVC_TFCNT_ADDR_REG		0xbc8
#define VE_ENC_AVC_ROI_QP_OFFSET_REG		0xbcc
#define VE_ENC_AVC_ROI_0_AREA_REG		0xbd0
#define VE_ENC_AVC_ROI_1_AREA_REG		0xbd4
#define VE_ENC_AVC_ROI_2_AREA_REG		0xbd8
#define VE_ENC_AVC_ROI_3_AREA_REG		0xbdc

#endif /* _CEDRUS_REGS_H_ */
