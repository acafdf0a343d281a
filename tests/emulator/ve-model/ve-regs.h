/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Registers of the Allwinner Video Engine (VE) that the model interprets or
 * its tests program, under the names the driver gives them
 * (driver/cedrus_regs.h): one grep finds a register or field in both. The
 * model is not kernel code and does not include the driver's header; it
 * has its own VE_GENMASK()/VE_FIELD_*() below.
 *
 * Glossary:
 *   VE	   Video Engine, the whole block at 0x01c0e000 (4 KiB of registers)
 *   AVC   Advanced Video Coding (H.264); the encoder block lives at 0xb00
 *   ISP   Image Signal Processor: the encoder's picture input block (0xa00)
 *   MB	   macroblock, 16x16 luma samples
 *   STM   stream: the bitstream (coded) buffer written by the encoder
 *   REC   reconstruction: the decoded copy of the picture being encoded
 *   REF   reference picture used for inter prediction
 *   SUBPIX sub-pixel (quarter-scale luma) companion of a REC picture
 *   EPTB  emulation_prevention_three_byte (H.264 7.4.1); EP = its insertion
 *   ME	   motion estimation
 *   VLD   variable-length decoder: the bitstream reader of a decoder
 *   SWDEC software-assisted decoding: bit reads and skips the CPU triggers
 *   HEVC  High Efficiency Video Coding (H.265); its decoder is at 0x500
 *   MPEG  the decoder block at 0x100 (MPEG-1/2/4, JPEG, VP6); MPEG-2 only
 *   W1C   write 1 to clear
 *
 * Layout as in the driver: one section per block, in address order; each
 * register is an offset with the _REG suffix followed by its fields, high
 * bit to low. Enumerated field values are named <FIELD>_<VALUE> and are
 * already shifted into place, so they compare with (reg & FIELD) directly.
 * Where the model reads a field differently from the driver's declaration,
 * the field's comment says so. What the model does with each field, and on
 * which evidence: FACTS.md.
 *
 * make check-model (tests/model/check-reg-names.sh) fails when a name here
 * is missing from the driver's header or has other bits there.
 */
#ifndef VE_REGS_H
#define VE_REGS_H

#include <stdint.h>

/* Bit N, and the mask of bits H down to L, of a 32-bit register. */
#define VE_BIT(n)		(1u << (n))
#define VE_GENMASK(h, l)	((~0u >> (31 - (h))) & (~0u << (l)))

/* Lowest set bit of a field mask: the field's unit. */
#define VE_FIELD_LSB(mask)	((mask) & (~(mask) + 1u))
/* Value of the field MASK in the register value REG. */
#define VE_FIELD_GET(mask, reg)	(((reg) & (mask)) / VE_FIELD_LSB(mask))
/* VAL placed in the field MASK (a constant expression for constants). */
#define VE_FIELD_PREP(mask, val) \
	(((uint32_t)(val) * VE_FIELD_LSB(mask)) & (mask))

/* ----------------------------------------------------------------------- */
/* Top level (0x000)							   */
/* ----------------------------------------------------------------------- */

#define VE_MODE_REG				0x000
#define VE_MODE_ENC_ENABLE			VE_BIT(7)
#define VE_MODE_ENC_ISP_ENABLE			VE_BIT(6)
/*
 * Engine select of older SoCs (jemk): 0xb in bits 3:0 selects the AVC
 * encoder, as ENC_ENABLE does. The driver declares bits 2:0 of it as
 * VE_MODE_DEC and never writes 0xb; the model compares the decoder values
 * below with bits 3:0, so 0xb selects no decoder.
 */
#define VE_MODE_ENGINE				VE_GENMASK(3, 0)
#define VE_MODE_ENGINE_AVC_ENC			VE_FIELD_PREP(VE_MODE_ENGINE, 0xb)
#define VE_MODE_DEC				VE_GENMASK(2, 0)
#define VE_MODE_DEC_MPEG			VE_FIELD_PREP(VE_MODE_DEC, 0)
#define VE_MODE_DEC_H264			VE_FIELD_PREP(VE_MODE_DEC, 1)
#define VE_MODE_DEC_VP8				VE_FIELD_PREP(VE_MODE_DEC, 1)
#define VE_MODE_DEC_H265			VE_FIELD_PREP(VE_MODE_DEC, 4)
#define VE_MODE_DEC_DISABLED			VE_FIELD_PREP(VE_MODE_DEC, 7)

/* Block resets and idle status (the idle bits are read-only in the model). */
#define VE_RESET_REG				0x004
#define VE_RESET_ENCODER			VE_BIT(24)
#define VE_RESET_SYNC_IDLE			VE_BIT(9)
#define VE_RESET_CACHE_SYNC_IDLE		VE_BIT(8)

#define VE_BUF_CTRL_REG				0x050

#define VE_VERSION_REG				0x0f0

/* ----------------------------------------------------------------------- */
/* MPEG decoder (0x100)							   */
/* ----------------------------------------------------------------------- */
/*
 * The names of the driver's MPEG-2 engine (cedrus_dec_mpeg2.c), which
 * check-reg-names.sh compares. Offsets and bits as mainline cedrus
 * programs them; what the model does with them: FACTS.md "Decode jobs".
 */

#define VE_DEC_MPEG_PICCODEDSIZE_REG		0x108

/* Interrupt enables: status bit N interrupts when bit N + 3 is set. */
#define VE_DEC_MPEG_CTRL_REG			0x114
#define VE_DEC_MPEG_CTRL_VLD_DATA_REQ_IRQ_EN	VE_BIT(5)
#define VE_DEC_MPEG_CTRL_ERROR_IRQ_EN		VE_BIT(4)
#define VE_DEC_MPEG_CTRL_FINISH_IRQ_EN		VE_BIT(3)
#define VE_DEC_MPEG_CTRL_IRQ_MASK		VE_GENMASK(5, 3)

#define VE_DEC_MPEG_TRIGGER_REG			0x118
#define VE_DEC_MPEG_TRIGGER_MB_BOUNDARY		VE_BIT(31)
#define VE_DEC_MPEG_TRIGGER_FORMAT		VE_GENMASK(26, 24)
#define VE_DEC_MPEG_TRIGGER_FORMAT_MPEG2 \
	VE_FIELD_PREP(VE_DEC_MPEG_TRIGGER_FORMAT, 2)
#define VE_DEC_MPEG_TRIGGER_TYPE		VE_GENMASK(3, 0)
#define VE_DEC_MPEG_TRIGGER_TYPE_HW_MPEG_VLD \
	VE_FIELD_PREP(VE_DEC_MPEG_TRIGGER_TYPE, 0xf)

/* The interrupt bits (3:0) are W1C. */
#define VE_DEC_MPEG_STATUS_REG			0x11c
#define VE_DEC_MPEG_STATUS_VLD_BUSY		VE_BIT(8)
#define VE_DEC_MPEG_STATUS_ROTATE_SUCCESS	VE_BIT(3)
#define VE_DEC_MPEG_STATUS_VLD_DATA_REQ		VE_BIT(2)
#define VE_DEC_MPEG_STATUS_ERROR		VE_BIT(1)
#define VE_DEC_MPEG_STATUS_SUCCESS		VE_BIT(0)
#define VE_DEC_MPEG_STATUS_INT_MASK		VE_GENMASK(3, 0)

/* Picture data: bits 27:4 of the address in place, 31:28 in bits 3:0. */
#define VE_DEC_MPEG_VLD_ADDR_REG		0x128
#define VE_DEC_MPEG_VLD_ADDR_VALID		VE_BIT(28)
#define VE_DEC_MPEG_VLD_OFFSET_REG		0x12c
#define VE_DEC_MPEG_VLD_LEN_REG			0x130
#define VE_DEC_MPEG_VLD_END_ADDR_REG		0x134
#define VE_DEC_MPEG_REC_LUMA_REG		0x148

/* ----------------------------------------------------------------------- */
/* H.264 decoder (0x200), also VP8's					   */
/* ----------------------------------------------------------------------- */

#define VE_DEC_H264_SPS_REG			0x200
#define VE_DEC_H264_SHS_REG			0x208

/* VP8 selects VP8 decoding in this block; the INT bits enable status bits. */
#define VE_DEC_H264_CTRL_REG			0x220
#define VE_DEC_H264_CTRL_VP8			VE_BIT(29)
#define VE_DEC_H264_CTRL_VLD_DATA_REQ_INT	VE_BIT(2)
#define VE_DEC_H264_CTRL_DECODE_ERR_INT		VE_BIT(1)
#define VE_DEC_H264_CTRL_SLICE_DECODE_INT	VE_BIT(0)
#define VE_DEC_H264_CTRL_INT_MASK		VE_GENMASK(2, 0)

/*
 * The VP8 types are the model's names (the driver has no VP8 engine yet),
 * with the values mainline cedrus writes.
 */
#define VE_DEC_H264_TRIGGER_TYPE_REG		0x224
#define VE_DEC_H264_TRIGGER_TYPE_N_BITS		VE_GENMASK(13, 8)
#define VE_DEC_H264_TRIGGER_TYPE		VE_GENMASK(3, 0)
#define VE_DEC_H264_TRIGGER_TYPE_FLUSH_BITS \
	VE_FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE, 3)
#define VE_DEC_H264_TRIGGER_TYPE_INIT_SWDEC \
	VE_FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE, 7)
#define VE_DEC_H264_TRIGGER_TYPE_AVC_SLICE_DECODE \
	VE_FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE, 8)
#define VE_DEC_H264_TRIGGER_TYPE_VP8_SLICE_DECODE \
	VE_FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE, 10)
#define VE_DEC_H264_TRIGGER_TYPE_VP8_UPDATE_COEF \
	VE_FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE, 14)
#define VE_DEC_H264_TRIGGER_TYPE_VP8_GET_BITS \
	VE_FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE, 15)

/* The interrupt bits (2:0) are W1C; VLD_BUSY reads 0 (FACTS.md). */
#define VE_DEC_H264_STATUS_REG			0x228
#define VE_DEC_H264_STATUS_VLD_BUSY		VE_BIT(8)
#define VE_DEC_H264_STATUS_VLD_DATA_REQ_INT	VE_BIT(2)
#define VE_DEC_H264_STATUS_DECODE_ERR_INT	VE_BIT(1)
#define VE_DEC_H264_STATUS_SLICE_DECODE_INT	VE_BIT(0)
#define VE_DEC_H264_STATUS_INT_MASK		VE_GENMASK(2, 0)

/* Slice data address: bits 27:4 in place, bits 31:28 in bits 3:0. */
#define VE_DEC_H264_VLD_ADDR_REG		0x230
#define VE_DEC_H264_VLD_ADDR_VALID		VE_BIT(28)
#define VE_DEC_H264_VLD_ADDR_LOW		VE_GENMASK(27, 4)
#define VE_DEC_H264_VLD_ADDR_HIGH		VE_GENMASK(3, 0)
#define VE_DEC_H264_VLD_OFFSET_REG		0x234
#define VE_DEC_H264_VLD_LEN_REG			0x238
#define VE_DEC_H264_VLD_END_REG			0x23c
#define VE_DEC_H264_OUTPUT_FRAME_IDX_REG	0x24c
#define VE_DEC_H264_BASIC_BITS_REG		0x2dc

/* VP8 frame size in pixels: width in bits 27:16, height in bits 11:0. */
#define VE_DEC_VP8_PICSIZE_REG			0x25c

/* ----------------------------------------------------------------------- */
/* H.265 (HEVC) decoder (0x500)						   */
/* ----------------------------------------------------------------------- */
/*
 * The model's names, as for the MPEG block (prefix VE_DEC_H265_), with the
 * offsets and bits mainline cedrus programs.
 */

#define VE_DEC_H265_PIC_SIZE_REG		0x508

/* The IRQ_EN bits enable the status bits of the same number. */
#define VE_DEC_H265_CTRL_REG			0x530
#define VE_DEC_H265_CTRL_VLD_DATA_REQ_IRQ_EN	VE_BIT(2)
#define VE_DEC_H265_CTRL_ERROR_IRQ_EN		VE_BIT(1)
#define VE_DEC_H265_CTRL_FINISH_IRQ_EN		VE_BIT(0)
#define VE_DEC_H265_CTRL_IRQ_MASK		VE_GENMASK(2, 0)

/* N_BITS: the bit count of SHOW_BITS, GET_BITS and FLUSH_BITS. */
#define VE_DEC_H265_TRIGGER_REG			0x534
#define VE_DEC_H265_TRIGGER_N_BITS		VE_GENMASK(13, 8)
#define VE_DEC_H265_TRIGGER_TYPE		VE_GENMASK(3, 0)
#define VE_DEC_H265_TRIGGER_TYPE_SHOW_BITS \
	VE_FIELD_PREP(VE_DEC_H265_TRIGGER_TYPE, 1)
#define VE_DEC_H265_TRIGGER_TYPE_GET_BITS \
	VE_FIELD_PREP(VE_DEC_H265_TRIGGER_TYPE, 2)
#define VE_DEC_H265_TRIGGER_TYPE_FLUSH_BITS \
	VE_FIELD_PREP(VE_DEC_H265_TRIGGER_TYPE, 3)
#define VE_DEC_H265_TRIGGER_TYPE_INIT_SWDEC \
	VE_FIELD_PREP(VE_DEC_H265_TRIGGER_TYPE, 7)
#define VE_DEC_H265_TRIGGER_TYPE_DEC_SLICE \
	VE_FIELD_PREP(VE_DEC_H265_TRIGGER_TYPE, 8)

/*
 * The interrupt bits (3:0) are W1C; OVER_TIME enables no interrupt. The
 * driver, as mainline, clears bits 2:0 only; OVER_TIME and the 3:0 W1C mask
 * are the model's (FACTS.md).
 */
#define VE_DEC_H265_STATUS_REG			0x538
#define VE_DEC_H265_STATUS_VLD_BUSY		VE_BIT(8)
#define VE_DEC_H265_STATUS_OVER_TIME		VE_BIT(3)
#define VE_DEC_H265_STATUS_VLD_DATA_REQ		VE_BIT(2)
#define VE_DEC_H265_STATUS_ERROR		VE_BIT(1)
#define VE_DEC_H265_STATUS_SUCCESS		VE_BIT(0)
#define VE_DEC_H265_STATUS_W1C_MASK		VE_GENMASK(3, 0)

/* Slice data: bits 35:8 of the address in bits 27:0. */
#define VE_DEC_H265_BITS_ADDR_REG		0x540
#define VE_DEC_H265_BITS_ADDR_VALID		VE_BIT(28)
#define VE_DEC_H265_BITS_ADDR_BASE		VE_GENMASK(27, 0)
#define VE_DEC_H265_BITS_OFFSET_REG		0x544
#define VE_DEC_H265_BITS_LEN_REG		0x548
#define VE_DEC_H265_BITS_END_ADDR_REG		0x54c
/* The bits SHOW_BITS or GET_BITS read, right-aligned. */
#define VE_DEC_H265_BITS_READ_REG		0x5dc

/* ----------------------------------------------------------------------- */
/* ISP: encoder picture input (0xa00)					   */
/* ----------------------------------------------------------------------- */

#define VE_ISP_PIC_INFO_REG			0xa00
#define VE_ISP_PIC_INFO_WIDTH_MBS		VE_GENMASK(26, 16)
#define VE_ISP_PIC_INFO_HEIGHT_MBS		VE_GENMASK(10, 0)

/* The model uses the input stride for both NV12 planes. */
#define VE_ISP_PIC_STRIDE0_REG			0xa04
#define VE_ISP_PIC_STRIDE0_INPUT_STRIDE_MBS	VE_GENMASK(26, 16)

/*
 * The driver's VE_ISP_CTRL_FORMAT is bits 31:27 (the BR headers), with
 * YUV420SP (NV12) = 0. The model decodes bits 31:29 only, as jemk writes
 * its format (0 NV12, 1 NV16) shifted by 29: VE_ISP_CTRL_FORMAT_MODEL. Both
 * agree on every format the driver names; bits 28:27 are ignored.
 */
#define VE_ISP_CTRL_REG				0xa08
#define VE_ISP_CTRL_FORMAT			VE_GENMASK(31, 27)
#define VE_ISP_CTRL_FORMAT_YUV420SP \
	VE_FIELD_PREP(VE_ISP_CTRL_FORMAT, 0)
#define VE_ISP_CTRL_FORMAT_MODEL		VE_GENMASK(31, 29)

#define VE_ISP_SCALER_SIZE_REG			0xa2c
#define VE_ISP_SCALER_SIZE_HEIGHT_MBS		VE_GENMASK(26, 16)
#define VE_ISP_SCALER_SIZE_WIDTH_MBS		VE_GENMASK(10, 0)

#define VE_ISP_INPUT_LUMA_REG			0xa78
#define VE_ISP_INPUT_CHROMA0_REG		0xa7c
#define VE_ISP_INPUT_CHROMA1_REG		0xa80

/* ----------------------------------------------------------------------- */
/* AVC encoder (0xb00)							   */
/* ----------------------------------------------------------------------- */

#define VE_ENC_AVC_PARA0_REG			0xb04
#define VE_ENC_AVC_PARA0_EPTB_DIS		VE_BIT(31)
/* slice_beta/alpha_c0_offset_div2, 4-bit two's complement (-6..6) */
#define VE_ENC_AVC_PARA0_BETA_OFFSET_DIV2	VE_GENMASK(23, 20)
#define VE_ENC_AVC_PARA0_ALPHA_OFFSET_DIV2	VE_GENMASK(19, 16)
/* disable_deblocking_filter_idc (0 on, 1 off, 2 off at slice edges) */
#define VE_ENC_AVC_PARA0_DEBLOCK_IDC		VE_GENMASK(13, 12)
/* The driver puts cabac_init_idc here; the model reads it as such. */
#define VE_ENC_AVC_PARA0_FIX_MODE_NUM		VE_GENMASK(11, 10)
#define VE_ENC_AVC_PARA0_ENTROPY_CODING_CABAC	VE_BIT(8)
#define VE_ENC_AVC_PARA0_SLICE_TYPE		VE_GENMASK(5, 4)
#define VE_ENC_AVC_PARA0_SLICE_TYPE_I \
	VE_FIELD_PREP(VE_ENC_AVC_PARA0_SLICE_TYPE, 0)
#define VE_ENC_AVC_PARA0_SLICE_TYPE_P \
	VE_FIELD_PREP(VE_ENC_AVC_PARA0_SLICE_TYPE, 1)

/*
 * FIXED_QP acts (CABAC initialisation; it must be the slice QP), and
 * STRIDE_MBS_DIV_48 must hold the input stride in 48-MB units.
 */
#define VE_ENC_AVC_PARA1_REG			0xb08
#define VE_ENC_AVC_PARA1_QP_CHROMA_OFFSET0	VE_GENMASK(18, 16)
#define VE_ENC_AVC_PARA1_STRIDE_MBS_DIV_48	VE_GENMASK(13, 10)
#define VE_ENC_AVC_PARA1_FIXED_QP		VE_GENMASK(5, 0)

#define VE_ENC_AVC_PARA2_REG			0xb0c

#define VE_ENC_AVC_ME_PARA_REG			0xb10

#define VE_ENC_AVC_INT_EN_REG			0xb14
#define VE_ENC_AVC_INT_EN_MB_OVERTIME		VE_BIT(2)
#define VE_ENC_AVC_INT_EN_STALL			VE_BIT(1)
#define VE_ENC_AVC_INT_EN_FINISH		VE_BIT(0)

/*
 * NUM_BITS: 1..31 bits of PUTBITSDATA, in bits 12:8 as the register guide
 * documents (0-31; the reverse-engineered encoder masks the count with
 * 0x1f). A count with bit 13 set, or 0, does not fit: guest error, nothing
 * is appended (see FACTS.md).
 */
#define VE_ENC_AVC_STARTTRIG_REG		0xb18
#define VE_ENC_AVC_STARTTRIG_ENCODE_MODE	VE_GENMASK(17, 16)
#define VE_ENC_AVC_STARTTRIG_ENCODE_MODE_H264 \
	VE_FIELD_PREP(VE_ENC_AVC_STARTTRIG_ENCODE_MODE, 0)
#define VE_ENC_AVC_STARTTRIG_NUM_BITS		VE_GENMASK(12, 8)
#define VE_ENC_AVC_STARTTRIG_TYPE		VE_GENMASK(3, 0)
#define VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS \
	VE_FIELD_PREP(VE_ENC_AVC_STARTTRIG_TYPE, 1)
#define VE_ENC_AVC_STARTTRIG_TYPE_ENC_START \
	VE_FIELD_PREP(VE_ENC_AVC_STARTTRIG_TYPE, 8)

/* The interrupt bits (3:0) are W1C; PUT_BITS_READY reads 1 when idle. */
#define VE_ENC_AVC_STATUS_REG			0xb1c
#define VE_ENC_AVC_STATUS_PUT_BITS_READY	VE_BIT(9)
#define VE_ENC_AVC_STATUS_OVERTIME		VE_BIT(3)
#define VE_ENC_AVC_STATUS_OVERTIME_MB		VE_BIT(2)
#define VE_ENC_AVC_STATUS_STALL			VE_BIT(1)
#define VE_ENC_AVC_STATUS_FINISH		VE_BIT(0)
#define VE_ENC_AVC_STATUS_INT_MASK		VE_GENMASK(3, 0)

#define VE_ENC_AVC_PUTBITSDATA_REG		0xb20
/*
 * Written by the model after each job: an activity figure of its own
 * definition (FACTS.md), the mean absolute luma residual per macroblock.
 */
#define VE_ENC_AVC_MAD_REG			0xb50
#define VE_ENC_AVC_RESIDUAL_BITS_REG		0xb54
#define VE_ENC_AVC_HEADER_BITS_REG		0xb58

/* Bitstream window: [START, END] bytes, at most BIT_MAX bits. */
#define VE_ENC_AVC_STM_START_ADDR_REG		0xb80
#define VE_ENC_AVC_STM_END_ADDR_REG		0xb84
#define VE_ENC_AVC_STM_BIT_OFFSET_REG		0xb88
#define VE_ENC_AVC_STM_BIT_MAX_REG		0xb8c
#define VE_ENC_AVC_STM_BIT_LEN_REG		0xb90

#define VE_ENC_AVC_REF0_ADDR_Y_REG		0xba0
#define VE_ENC_AVC_REF0_ADDR_C_REG		0xba4
#define VE_ENC_AVC_REC_ADDR_Y_REG		0xbb0
#define VE_ENC_AVC_REC_ADDR_C_REG		0xbb4
#define VE_ENC_AVC_SUBPIX_ADDR_LAST_REG		0xbb8
#define VE_ENC_AVC_SUBPIX_ADDR_NEW_REG		0xbbc
#define VE_ENC_AVC_MB_INFO_ADDR_REG		0xbc0

#endif /* VE_REGS_H */
