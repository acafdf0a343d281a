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
 * VE_MODE_DEC and never writes 0xb.
 */
#define VE_MODE_ENGINE				VE_GENMASK(3, 0)
#define VE_MODE_ENGINE_AVC_ENC			VE_FIELD_PREP(VE_MODE_ENGINE, 0xb)

/* Block resets and idle status (the idle bits are read-only in the model). */
#define VE_RESET_REG				0x004
#define VE_RESET_ENCODER			VE_BIT(24)
#define VE_RESET_SYNC_IDLE			VE_BIT(9)
#define VE_RESET_CACHE_SYNC_IDLE		VE_BIT(8)

#define VE_BUF_CTRL_REG				0x050

#define VE_VERSION_REG				0x0f0

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
