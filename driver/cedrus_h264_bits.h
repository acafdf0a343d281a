/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: H.264 encoder bitstream syntax and bookkeeping.
 *
 * Pure logic with no register access, so that it can be unit tested
 * (tests/cedrus_h264_bits_test.c): a bit writer with exp-Golomb codes that
 * emits through an abstract sink, the SPS/PPS/slice header writers, the
 * V4L2 profile/level maps, the GOP (frame type) sequencer, QP selection and
 * the sizes of the encoder's private buffers.
 *
 * Glossary: NAL = network abstraction layer unit, RBSP = raw byte sequence
 * payload, EP = emulation prevention (0x03 insertion), MB = macroblock
 * (16x16 luma samples), SPS/PPS = sequence/picture parameter set, IDR =
 * instantaneous decoder refresh picture, POC = picture order count, SAR =
 * sample aspect ratio, VUI = video usability information.
 */
#ifndef _CEDRUS_H264_BITS_H_
#define _CEDRUS_H264_BITS_H_

#include <linux/types.h>

/* Syntax element sizes fixed by this encoder (SPS log2_max_*_minus4 + 4). */
#define CEDRUS_H264_LOG2_MAX_FRAME_NUM	8
#define CEDRUS_H264_LOG2_MAX_POC_LSB	8
/* PPS pic_init_qp: slices carry slice_qp_delta relative to it. */
#define CEDRUS_H264_PIC_INIT_QP		26
#define CEDRUS_H264_QP_MAX		51

/* nal_unit_type values used by the encoder (Table 7-1). */
#define CEDRUS_H264_NAL_SLICE		1
#define CEDRUS_H264_NAL_SLICE_IDR	5
#define CEDRUS_H264_NAL_SPS		7
#define CEDRUS_H264_NAL_PPS		8

/*
 * Most bytes a macroblock takes in a conforming stream: A.3.1 and A.3.3 cap
 * macroblock_layer() at 128 + RawMbBits bits, RawMbBits being 256 luma and
 * 2 × 64 chroma samples of 8 bits for 8-bit 4:2:0 (3072), so 3200 bits. An
 * I_PCM macroblock (384 bytes of samples, mb_type, alignment) is below it.
 * Emulation prevention bytes are not part of macroblock_layer(): they come
 * on top, in the NAL unit.
 */
#define CEDRUS_H264_MB_BYTES_MAX	((128 + (256 + 2 * 64) * 8) / 8)

/*
 * Bytes a macroblock takes, on average over a frame, in the coded buffer
 * the encoder offers by default: what a frame of heavily noisy content
 * takes at the default QP (26), with room to spare, rather than the
 * conformance bound above, which only a picture of noise coded near QP 0
 * reaches. At 1920x1080 the buffer is 1 MiB instead of 3.12 MiB. A frame
 * that does not fit ends in V4L2_BUF_FLAG_ERROR (the rate controller
 * raises its QP); a client that encodes at very low QPs asks for a larger
 * sizeimage (up to the bound).
 */
#define CEDRUS_H264_MB_BYTES_CODED	128

/* Most bits the writer hands the sink at once (see cedrus_h264_put_u()). */
#define CEDRUS_H264_BW_BATCH_BITS	16

/**
 * struct cedrus_h264_sink_ops - where the bit writer sends its bits
 * @put_bits:	append the @count (1..CEDRUS_H264_BW_BATCH_BITS) low bits of
 *		@bits, most significant first; return 0 or a negative errno
 * @set_ep:	enable or disable emulation prevention for the bytes completed
 *		from now on (only ever called on a byte boundary, between two
 *		NAL parts); return 0 or a negative errno
 */
struct cedrus_h264_sink_ops {
	int	(*put_bits)(void *priv, u32 bits, unsigned int count);
	int	(*set_ep)(void *priv, bool enable);
};

/**
 * struct cedrus_h264_bw - bit writer batching up to 16 bits per sink call
 * @ops:	sink operations
 * @priv:	sink private data
 * @acc:	pending bits, right aligned
 * @acc_bits:	number of pending bits (0..15 between calls)
 * @bits:	bits written since init (sink EP bytes excluded; they are whole
 *		bytes, so @bits % 8 is the position in the current byte)
 * @sink_calls:	number of put_bits calls made to the sink
 * @error:	first error returned by the sink; later writes are dropped
 */
struct cedrus_h264_bw {
	const struct cedrus_h264_sink_ops	*ops;
	void					*priv;
	u64					acc;
	unsigned int				acc_bits;
	u64					bits;
	unsigned int				sink_calls;
	int					error;
};

void cedrus_h264_bw_init(struct cedrus_h264_bw *bw,
			 const struct cedrus_h264_sink_ops *ops, void *priv);
void cedrus_h264_put_u(struct cedrus_h264_bw *bw, u32 value,
		       unsigned int bits);
void cedrus_h264_put_flag(struct cedrus_h264_bw *bw, bool flag);
void cedrus_h264_put_ue(struct cedrus_h264_bw *bw, u32 value);
void cedrus_h264_put_se(struct cedrus_h264_bw *bw, s32 value);
int cedrus_h264_bw_flush(struct cedrus_h264_bw *bw);
int cedrus_h264_put_nal_header(struct cedrus_h264_bw *bw,
			       unsigned int nal_ref_idc,
			       unsigned int nal_unit_type);

/**
 * struct cedrus_h264_sps - sequence parameter set contents
 * @profile_idc:	profile_idc (66, 77, 100)
 * @constraint_flags:	constraint_set0_flag in bit 7 down to
 *			constraint_set5_flag in bit 2 (bits 1:0 reserved, 0)
 * @level_idc:		level_idc (10 × level, 9 for level 1b in High)
 * @width_mbs:		picture width in macroblocks
 * @height_mbs:		picture height in macroblocks
 * @crop_left:		frame cropping, in luma samples (even values)
 * @crop_right:		see @crop_left
 * @crop_top:		see @crop_left
 * @crop_bottom:	see @crop_left
 * @sar_present:	write aspect_ratio_info in the VUI
 * @aspect_ratio_idc:	aspect_ratio_idc (Table E-1, 255 = extended SAR)
 * @sar_width:		sar_width when @aspect_ratio_idc is 255
 * @sar_height:		sar_height when @aspect_ratio_idc is 255
 * @colour:		write video_signal_type in the VUI, with
 *			@full_range and a colour description
 * @full_range:		video_full_range_flag
 * @colour_primaries:	colour_primaries (Table E-3)
 * @transfer:		transfer_characteristics (Table E-4)
 * @matrix:		matrix_coefficients (Table E-5)
 * @num_units_in_tick:	VUI timing; 0 leaves timing_info out
 * @time_scale:		VUI timing: time_scale / (2 × num_units_in_tick) is
 *			the frame rate
 */
struct cedrus_h264_sps {
	u8	profile_idc;
	u8	constraint_flags;
	u8	level_idc;
	u32	width_mbs;
	u32	height_mbs;
	u32	crop_left;
	u32	crop_right;
	u32	crop_top;
	u32	crop_bottom;
	bool	sar_present;
	u8	aspect_ratio_idc;
	u16	sar_width;
	u16	sar_height;
	bool	colour;
	bool	full_range;
	u8	colour_primaries;
	u8	transfer;
	u8	matrix;
	u32	num_units_in_tick;
	u32	time_scale;
};

/**
 * struct cedrus_h264_pps - picture parameter set contents
 * @cabac:			entropy_coding_mode_flag
 * @pic_init_qp:		pic_init_qp_minus26 + 26
 * @chroma_qp_index_offset:	chroma_qp_index_offset (-12..12)
 */
struct cedrus_h264_pps {
	bool	cabac;
	u8	pic_init_qp;
	s8	chroma_qp_index_offset;
};

enum cedrus_h264_frame_type {
	CEDRUS_H264_FRAME_IDR,
	CEDRUS_H264_FRAME_I,
	CEDRUS_H264_FRAME_P,
};

/**
 * struct cedrus_h264_slice - slice header contents (one slice per picture)
 * @type:		IDR, I or P
 * @cabac:		the PPS selects CABAC (cabac_init_idc is present in P)
 * @cabac_init_idc:	cabac_init_idc (0..2)
 * @frame_num:		frame_num (CEDRUS_H264_LOG2_MAX_FRAME_NUM bits)
 * @idr_pic_id:		idr_pic_id (IDR only)
 * @poc_lsb:		pic_order_cnt_lsb (CEDRUS_H264_LOG2_MAX_POC_LSB bits)
 * @qp:			SliceQPY; slice_qp_delta = @qp - @pic_init_qp
 * @pic_init_qp:	pic_init_qp of the PPS in use
 * @deblock_idc:	disable_deblocking_filter_idc (0..2)
 * @alpha_div2:		slice_alpha_c0_offset_div2 (-6..6)
 * @beta_div2:		slice_beta_offset_div2 (-6..6)
 */
struct cedrus_h264_slice {
	enum cedrus_h264_frame_type	type;
	bool				cabac;
	u8				cabac_init_idc;
	u32				frame_num;
	u32				idr_pic_id;
	u32				poc_lsb;
	u8				qp;
	u8				pic_init_qp;
	u8				deblock_idc;
	s8				alpha_div2;
	s8				beta_div2;
};

int cedrus_h264_write_sps(struct cedrus_h264_bw *bw,
			  const struct cedrus_h264_sps *sps);
int cedrus_h264_write_pps(struct cedrus_h264_bw *bw,
			  const struct cedrus_h264_pps *pps);
int cedrus_h264_write_slice_header(struct cedrus_h264_bw *bw,
				   const struct cedrus_h264_slice *slice);

/* V4L2 menu values -> syntax values. */
int cedrus_h264_profile_map(u32 v4l2_profile, u8 *profile_idc,
			    u8 *constraint_flags);
u8 cedrus_h264_level_idc(u32 v4l2_level, u8 profile_idc,
			 u8 *constraint_flags);
u32 cedrus_h264_level_min(u32 width_mbs, u32 height_mbs, u32 fps_num,
			  u32 fps_den);
bool cedrus_h264_level_fits(u32 v4l2_level, u32 width_mbs, u32 height_mbs,
			    u32 fps_num, u32 fps_den);
const char *cedrus_h264_level_name(u32 v4l2_level);
u8 cedrus_h264_sar_idc(u32 v4l2_sar_idc);

/**
 * struct cedrus_h264_colour - VUI colour fields (E.2.1)
 * @full_range:		video_full_range_flag
 * @primaries:		colour_primaries (Table E-3)
 * @transfer:		transfer_characteristics (Table E-4)
 * @matrix:		matrix_coefficients (Table E-5)
 */
struct cedrus_h264_colour {
	bool	full_range;
	u8	primaries;
	u8	transfer;
	u8	matrix;
};

void cedrus_h264_colour_map(u32 colorspace, u32 xfer_func, u32 ycbcr_enc,
			    u32 quantization,
			    struct cedrus_h264_colour *colour);

/**
 * struct cedrus_h264_gop_params - the GOP controls sampled for a frame
 * @closure:	GOP_CLOSURE: every key frame is an IDR
 * @gop_size:	GOP_SIZE: frames from one IDR to the next (closure = 1)
 * @i_period:	H264_I_PERIOD: frames from one I frame to the next
 *		(closure = 0; only the first frame is an IDR)
 * @force_key:	FORCE_KEY_FRAME was pressed: this frame is an IDR
 */
struct cedrus_h264_gop_params {
	bool	closure;
	u32	gop_size;
	u32	i_period;
	bool	force_key;
};

/**
 * struct cedrus_h264_gop - GOP sequencer state, zero = before the first frame
 * @started:	a frame was sequenced since the last reset
 * @index:	position in the GOP (closure) or in the I period (no closure)
 * @frame_num:	frame_num of the next frame
 * @idr_count:	IDR frames sequenced (idr_pic_id alternates with it)
 */
struct cedrus_h264_gop {
	bool	started;
	u32	index;
	u32	frame_num;
	u32	idr_count;
};

/**
 * struct cedrus_h264_frame - what the sequencer decided for one frame
 * @type:	IDR, I or P
 * @frame_num:	frame_num
 * @poc_lsb:	pic_order_cnt_lsb
 * @idr_pic_id:	idr_pic_id (0/1, differs between consecutive IDRs)
 */
struct cedrus_h264_frame {
	enum cedrus_h264_frame_type	type;
	u32				frame_num;
	u32				poc_lsb;
	u32				idr_pic_id;
};

void cedrus_h264_gop_next(struct cedrus_h264_gop *gop,
			  const struct cedrus_h264_gop_params *params,
			  struct cedrus_h264_frame *frame);
void cedrus_h264_gop_frame_lost(struct cedrus_h264_gop *gop,
				const struct cedrus_h264_frame *frame);

u8 cedrus_h264_qp_select(enum cedrus_h264_frame_type type, u8 i_qp, u8 p_qp,
			 u8 min_qp, u8 max_qp);

/**
 * struct cedrus_h264_buf_sizes - encoder private buffer sizes, in bytes
 * @rec_luma:	reconstruction luma plane (chroma follows at this offset)
 * @rec_chroma:	reconstruction interleaved CbCr plane
 * @rec:	whole reconstruction allocation (luma + chroma, 4 KiB aligned)
 * @subpix:	sub-pixel (quarter-size luma) buffer
 * @mb_info:	macroblock info buffer
 */
struct cedrus_h264_buf_sizes {
	size_t	rec_luma;
	size_t	rec_chroma;
	size_t	rec;
	size_t	subpix;
	size_t	mb_info;
};

void cedrus_h264_buf_sizes(u32 width_mbs, u32 height_mbs,
			   struct cedrus_h264_buf_sizes *sizes);
size_t cedrus_h264_ctx_memory(const struct cedrus_h264_buf_sizes *sizes);

#endif /* _CEDRUS_H264_BITS_H_ */
