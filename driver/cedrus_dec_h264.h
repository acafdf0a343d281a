/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: stateless H.264 decode engine.
 *
 * The engine decodes one slice per job (V4L2 slice-based decode mode). All
 * its state lives in the three typed objects below, which the core allocates
 * from the ctx_size, job_size and buffer_size fields of cedrus_dec_h264.
 */
#ifndef _CEDRUS_DEC_H264_H_
#define _CEDRUS_DEC_H264_H_

#include <linux/types.h>
#include <linux/videodev2.h>

#include "cedrus.h"
#include "cedrus_engine.h"

/*
 * Pictures the hardware knows about in one job: the frame info table in the
 * VE SRAM has room for 18 entries, enough for the 16 DPB entries, the
 * picture being decoded and one spare.
 */
#define CEDRUS_DEC_H264_FRAME_COUNT	18

/* Words (u32) of one frame info table entry in the VE SRAM. */
#define CEDRUS_DEC_H264_FRAME_INFO_WORDS	8

/**
 * struct cedrus_dec_h264_context - per streaming context state
 * @pic_info:		picture info buffer the VE fills while decoding
 *			(VE_DEC_H264_PIC_INFO_ADDR_REG)
 * @neighbor_info:	macroblock neighbour info buffer
 *			(VE_DEC_H264_NEIGHBOR_INFO_ADDR_REG), 16 KiB aligned
 * @deblock:		deblocking line buffer in DRAM, only for pictures
 *			wider than 2048 pixels (VE_DBLK_DRAM_BUF_ADDR_REG)
 * @intra_pred:		intra prediction line buffer in DRAM, only for
 *			pictures wider than 2048 pixels
 *			(VE_INTRAPRED_DRAM_BUF_ADDR_REG)
 */
struct cedrus_dec_h264_context {
	struct cedrus_dma_buf		pic_info;
	struct cedrus_dma_buf		neighbor_info;
	struct cedrus_dma_buf		deblock;
	struct cedrus_dma_buf		intra_pred;
};

/**
 * enum cedrus_dec_h264_pic_type - structure of a decoded picture, as the
 *	frame info table records it for later use as a reference
 * @CEDRUS_DEC_H264_PIC_FRAME:	progressive frame
 * @CEDRUS_DEC_H264_PIC_FIELD:	field pair decoded as two field pictures
 * @CEDRUS_DEC_H264_PIC_MBAFF:	frame with macroblock-adaptive frame/field
 */
enum cedrus_dec_h264_pic_type {
	CEDRUS_DEC_H264_PIC_FRAME	= 0,
	CEDRUS_DEC_H264_PIC_FIELD	= 1,
	CEDRUS_DEC_H264_PIC_MBAFF	= 2,
};

/**
 * struct cedrus_dec_h264_buffer - per picture (CAPTURE) buffer state
 * @mv_col:	co-located motion vector buffer the VE writes while
 *		decoding into this picture and reads back when the picture
 *		is the co-located reference of a B slice (direct mode); the
 *		first half holds the top field, the second the bottom field
 * @position:	index of the picture in the frame info table; kept as long
 *		as the picture stays in the DPB so the VE's picture info
 *		(indexed by position) stays valid
 * @pic_type:	structure the picture was decoded with
 */
struct cedrus_dec_h264_buffer {
	struct cedrus_dma_buf		mv_col;
	unsigned int			position;
	enum cedrus_dec_h264_pic_type	pic_type;
};

/* Sizes of the tables job_prepare() builds for the VE SRAM. */
#define CEDRUS_DEC_H264_PRED_WEIGHT_WORDS	(32 + 32 * 2)
#define CEDRUS_DEC_H264_SCALING_8X8_LISTS	2
#define CEDRUS_DEC_H264_SCALING_4X4_LISTS	6

/**
 * struct cedrus_dec_h264_job - everything job_prepare() computes for one
 *	slice, in the form job_configure() writes it to the VE
 * @frame_info:		frame info table (VE SRAM), one entry per position
 * @ref_list:		reference picture lists 0 and 1 (VE SRAM), one byte
 *			per reference: position << 1 | bottom field
 * @ref_count:		number of active entries in each @ref_list
 * @output_position:	position of the picture being decoded
 * @scaling_present:	the stream carries scaling lists (else flat lists)
 * @scaling_8x8:	8x8 lists for intra and inter luma, raster order
 * @scaling_4x4:	4x4 lists (intra Y/Cb/Cr, inter Y/Cb/Cr), raster order
 * @pred_weights_present: explicit weighted prediction is used
 * @pred_weight_table:	prediction weight table (VE SRAM) for lists 0 and 1
 * @bitstream_addr:	bus address of the coded buffer
 * @bitstream_size:	bytes of slice data in the coded buffer
 * @skip_bits:		bits to flush before slice_data(): start code (Annex
 *			B only), NAL header and slice header
 * @wide:		picture wider than 2048 pixels (line buffers in DRAM)
 * @sps:		VE_DEC_H264_SPS_REG value
 * @pps:		VE_DEC_H264_PPS_REG value
 * @shs:		VE_DEC_H264_SHS_REG value
 * @shs2:		VE_DEC_H264_SHS2_REG value
 * @shs_qp:		VE_DEC_H264_SHS_QP_REG value
 * @shs_wp:		VE_DEC_H264_SHS_WP_REG value
 */
struct cedrus_dec_h264_job {
	u32	frame_info[CEDRUS_DEC_H264_FRAME_COUNT]
			  [CEDRUS_DEC_H264_FRAME_INFO_WORDS];
	u8	ref_list[2][V4L2_H264_REF_LIST_LEN];
	unsigned int	ref_count[2];
	unsigned int	output_position;

	bool	scaling_present;
	u8	scaling_8x8[CEDRUS_DEC_H264_SCALING_8X8_LISTS][64];
	u8	scaling_4x4[CEDRUS_DEC_H264_SCALING_4X4_LISTS][16];

	bool	pred_weights_present;
	u32	pred_weight_table[2][CEDRUS_DEC_H264_PRED_WEIGHT_WORDS];

	dma_addr_t	bitstream_addr;
	unsigned int	bitstream_size;
	unsigned int	skip_bits;
	bool		wide;

	u32	sps;
	u32	pps;
	u32	shs;
	u32	shs2;
	u32	shs_qp;
	u32	shs_wp;
};

#endif /* _CEDRUS_DEC_H264_H_ */
