/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: stateless H.265 (HEVC) decode engine.
 *
 * The engine decodes one slice segment per job (V4L2 slice-based decode
 * mode). All its state lives in the three typed objects below, which the
 * core allocates from the ctx_size, job_size and buffer_size fields of
 * cedrus_dec_h265.
 */
#ifndef _CEDRUS_DEC_H265_H_
#define _CEDRUS_DEC_H265_H_

#include <linux/types.h>
#include <linux/videodev2.h>

#include "cedrus.h"
#include "cedrus_engine.h"

/*
 * Frame info table in the VE SRAM: one entry per DPB index (16), then the
 * picture being decoded at index 16.
 */
#define CEDRUS_DEC_H265_FRAME_COUNT	(V4L2_HEVC_DPB_ENTRIES_NUM_MAX + 1)
#define CEDRUS_DEC_H265_OUTPUT_INDEX	V4L2_HEVC_DPB_ENTRIES_NUM_MAX

/* Words (u32) the driver writes per frame info entry. */
#define CEDRUS_DEC_H265_FRAME_INFO_WORDS	6

/* Most entry point offsets of one slice segment (the control's size). */
#define CEDRUS_DEC_H265_ENTRY_POINTS_MAX	256

/*
 * Scaling lists in the VE SRAM, in words: 6 8x8, 2 32x32 and 6 16x16
 * lists of 64 coefficients (16 words each), then 6 4x4 lists (4 words).
 */
#define CEDRUS_DEC_H265_SCALING_WORDS	((6 + 2 + 6) * 16 + 6 * 4)

/* Prediction weight words per list: luma (2 refs a word), chroma. */
#define CEDRUS_DEC_H265_PRED_WEIGHT_LUMA_WORDS	\
	(V4L2_HEVC_DPB_ENTRIES_NUM_MAX / 2)
#define CEDRUS_DEC_H265_PRED_WEIGHT_CHROMA_WORDS	\
	V4L2_HEVC_DPB_ENTRIES_NUM_MAX

/**
 * struct cedrus_dec_h265_context - per streaming context state
 * @neighbor_info:	neighbour info buffer the VE fills while decoding
 *			(VE_DEC_H265_NEIGHBOR_INFO_ADDR_REG)
 * @entry_points:	entry point table the VE reads for slice segments
 *			with tiles or WPP (VE_DEC_H265_ENTRY_POINTS_ADDR_REG),
 *			written by the CPU
 * @entry_points_addr:	bus address of @entry_points
 */
struct cedrus_dec_h265_context {
	struct cedrus_dma_buf	neighbor_info;
	u32			*entry_points;
	dma_addr_t		entry_points_addr;
};

/**
 * struct cedrus_dec_h265_buffer - per picture (CAPTURE) buffer state
 * @mv_col:	co-located motion vector buffer the VE writes while decoding
 *		into this picture and reads when the picture is the
 *		collocated picture of a later one (TMVP); the second half
 *		holds the bottom field of a field picture
 */
struct cedrus_dec_h265_buffer {
	struct cedrus_dma_buf	mv_col;
};

/**
 * struct cedrus_dec_h265_job - everything job_prepare() computes for one
 *	slice segment, in the form job_configure() writes it to the VE
 * @frame_info:		frame info entries (VE SRAM) by DPB index, the
 *			output picture at CEDRUS_DEC_H265_OUTPUT_INDEX
 * @frame_valid:	bit i set: @frame_info[i] is written
 * @ref_list:		reference picture lists 0 and 1 (VE SRAM), one byte
 *			per reference
 * @ref_count:		active entries in each @ref_list (0: list unused)
 * @pred_weights:	explicit weighted prediction tables of each list are
 *			written
 * @pred_weight_luma:	luma weights of lists 0 and 1
 * @pred_weight_chroma:	chroma weights of lists 0 and 1
 * @scaling_present:	the SPS enables scaling lists: @scaling is written
 * @scaling:		scaling lists, in the VE SRAM layout
 * @scaling_dc:		VE_DEC_H265_SCALING_DC0_REG, DC1_REG values
 * @bitstream_addr:	bus address of the coded buffer
 * @bitstream_size:	bytes of the slice segment NAL unit
 * @header_bytes:	whole bytes before slice_segment_data() minus the
 *			last one, which holds the alignment bits and is
 *			inspected by the VE (data_byte_offset - 1)
 * @first_slice:	first slice segment of the picture (new CAPTURE)
 * @two_bit_offset:	10-bit output: offset of the 2-bit LSB area in the
 *			CAPTURE buffer, 0 for 8-bit output
 * @two_bit_stride:	10-bit output: bytes per line of the 2-bit area
 * @nal_hdr:		VE_DEC_H265_NAL_HDR_REG value
 * @sps:		VE_DEC_H265_SPS_REG value
 * @pcm:		VE_DEC_H265_PCM_CTRL_REG value
 * @pps0:		VE_DEC_H265_PPS0_REG value
 * @pps1:		VE_DEC_H265_PPS1_REG value
 * @shs0:		VE_DEC_H265_SHS0_REG value
 * @shs1:		VE_DEC_H265_SHS1_REG value
 * @shs2:		VE_DEC_H265_SHS2_REG value
 * @pic_size:		VE_DEC_H265_PIC_SIZE_REG value
 * @ctb_addr:		VE_DEC_H265_CTB_ADDR_REG value
 * @tile_start:		VE_DEC_H265_TILE_START_CTB_REG value
 * @tile_end:		VE_DEC_H265_TILE_END_CTB_REG value
 */
struct cedrus_dec_h265_job {
	u32	frame_info[CEDRUS_DEC_H265_FRAME_COUNT]
			  [CEDRUS_DEC_H265_FRAME_INFO_WORDS];
	u32	frame_valid;
	u8	ref_list[2][V4L2_HEVC_DPB_ENTRIES_NUM_MAX];
	unsigned int	ref_count[2];

	bool	pred_weights[2];
	u32	pred_weight_luma[2][CEDRUS_DEC_H265_PRED_WEIGHT_LUMA_WORDS];
	u32	pred_weight_chroma[2][CEDRUS_DEC_H265_PRED_WEIGHT_CHROMA_WORDS];

	bool	scaling_present;
	u32	scaling[CEDRUS_DEC_H265_SCALING_WORDS];
	u32	scaling_dc[2];

	dma_addr_t	bitstream_addr;
	unsigned int	bitstream_size;
	unsigned int	header_bytes;
	bool		first_slice;

	u32	two_bit_offset;
	u32	two_bit_stride;

	u32	nal_hdr;
	u32	sps;
	u32	pcm;
	u32	pps0;
	u32	pps1;
	u32	shs0;
	u32	shs1;
	u32	shs2;
	u32	pic_size;
	u32	ctb_addr;
	u32	tile_start;
	u32	tile_end;
};

#endif /* _CEDRUS_DEC_H265_H_ */
