/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: stateless VP8 decode engine.
 *
 * One job decodes one frame. The engine's state lives in the two typed
 * objects below, which the core allocates from the ctx_size and job_size
 * fields of cedrus_dec_vp8; pictures need no per-buffer state.
 */
#ifndef _CEDRUS_DEC_VP8_H_
#define _CEDRUS_DEC_VP8_H_

#include <linux/types.h>
#include <linux/videodev2.h>
#include <media/v4l2-ctrls.h>

/* Index of a picture in cedrus_dec_vp8_job's address arrays. */
enum cedrus_dec_vp8_picture {
	CEDRUS_DEC_VP8_PIC_OUTPUT,
	CEDRUS_DEC_VP8_PIC_LAST,
	CEDRUS_DEC_VP8_PIC_GOLDEN,
	CEDRUS_DEC_VP8_PIC_ALTREF,
	CEDRUS_DEC_VP8_PIC_COUNT,
};

/**
 * struct cedrus_dec_vp8_context - per streaming context state
 * @probs:		CPU address of the probability buffer the VE reads
 *			(VE_DEC_VP8_ENTROPY_PROBS_ADDR_REG): the constant
 *			tables written at setup, the frame's probabilities
 *			at every job
 * @probs_addr:		its bus address
 * @last_filter_simple:	the last frame decoded with a loop filter used
 *			the simple filter
 * @last_p_frame:	that frame was an inter frame
 * @last_sharpness:	its sharpness level
 */
struct cedrus_dec_vp8_context {
	u8		*probs;
	dma_addr_t	probs_addr;
	bool		last_filter_simple;
	bool		last_p_frame;
	u8		last_sharpness;
};

/**
 * struct cedrus_dec_vp8_job - what job_prepare() computes for one frame
 * @frame:		the frame parameters, copied under the control
 *			handler lock once validated
 * @key_frame:		the frame is a key frame (intra only)
 * @header_bytes:	bytes of the uncompressed frame tag before the first
 *			partition: 10 for a key frame, 3 otherwise
 * @bitstream_addr:	bus address of the coded buffer
 * @bitstream_size:	its payload in bytes
 * @plane_size:		its plane size in bytes
 * @luma:		luma address of the frame being decoded, then of the
 *			last, golden and altref references
 * @chroma:		the matching chroma addresses
 */
struct cedrus_dec_vp8_job {
	struct v4l2_ctrl_vp8_frame	frame;
	bool				key_frame;
	unsigned int			header_bytes;
	dma_addr_t			bitstream_addr;
	unsigned int			bitstream_size;
	unsigned int			plane_size;
	dma_addr_t			luma[CEDRUS_DEC_VP8_PIC_COUNT];
	dma_addr_t			chroma[CEDRUS_DEC_VP8_PIC_COUNT];
};

#endif /* _CEDRUS_DEC_VP8_H_ */
