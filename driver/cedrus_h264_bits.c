// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: H.264 encoder bitstream syntax and bookkeeping.
 *
 * No register access here (see cedrus_h264_bits.h). Clause numbers refer to
 * ITU-T H.264 (08/2021).
 */

#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/v4l2-controls.h>
#include <linux/videodev2.h>

#include "cedrus_h264_bits.h"

/* Bit writer */

void cedrus_h264_bw_init(struct cedrus_h264_bw *bw,
			 const struct cedrus_h264_sink_ops *ops, void *priv)
{
	*bw = (struct cedrus_h264_bw) { .ops = ops, .priv = priv };
}

static void cedrus_h264_bw_emit(struct cedrus_h264_bw *bw, u32 bits,
				unsigned int count)
{
	int ret;

	if (bw->error)
		return;

	bw->sink_calls++;
	ret = bw->ops->put_bits(bw->priv, bits, count);
	if (ret)
		bw->error = ret;
}

/*
 * Append the @count (1..32) low bits of @value. Bits gather in a 64-bit
 * accumulator and go to the sink CEDRUS_H264_BW_BATCH_BITS at a time: the
 * VE's put-bits count field is 5 bits wide (0-31), so a batch of 16 is the
 * largest power of two it takes, and a 32-bit start code always splits.
 */
void cedrus_h264_put_u(struct cedrus_h264_bw *bw, u32 value,
		       unsigned int count)
{
	if (WARN_ON(count == 0 || count > 32))
		return;

	if (count < 32)
		value &= GENMASK(count - 1, 0);

	bw->acc = (bw->acc << count) | value;
	bw->acc_bits += count;
	bw->bits += count;

	while (bw->acc_bits >= CEDRUS_H264_BW_BATCH_BITS) {
		bw->acc_bits -= CEDRUS_H264_BW_BATCH_BITS;
		cedrus_h264_bw_emit(bw, bw->acc >> bw->acc_bits,
				    CEDRUS_H264_BW_BATCH_BITS);
		bw->acc &= BIT_ULL(bw->acc_bits) - 1;
	}
}

void cedrus_h264_put_flag(struct cedrus_h264_bw *bw, bool flag)
{
	cedrus_h264_put_u(bw, flag, 1);
}

/*
 * ue(v), 9.1: codeNum v is sent as v + 1 in binary, preceded by as many
 * zeros as that binary number has bits after its leading one:
 * 0 -> 1, 1 -> 010, 2 -> 011, 3 -> 00100, ...
 */
static void cedrus_h264_put_ue64(struct cedrus_h264_bw *bw, u64 value)
{
	u64 code = value + 1;
	unsigned int len = fls64(code);	/* bits of code, leading one included */
	unsigned int zeros = len - 1;

	while (zeros > 0) {
		unsigned int n = min(zeros, 32U);

		cedrus_h264_put_u(bw, 0, n);
		zeros -= n;
	}

	if (len > 32) {
		cedrus_h264_put_u(bw, code >> 32, len - 32);
		len = 32;
	}
	cedrus_h264_put_u(bw, (u32)code, len);
}

void cedrus_h264_put_ue(struct cedrus_h264_bw *bw, u32 value)
{
	cedrus_h264_put_ue64(bw, value);
}

/*
 * se(v), 9.1.1: signed values map to codeNum by alternating sign,
 * 1 -> 1, -1 -> 2, 2 -> 3, -2 -> 4, ..., then use ue(v).
 */
void cedrus_h264_put_se(struct cedrus_h264_bw *bw, s32 value)
{
	if (value > 0)
		cedrus_h264_put_ue64(bw, 2 * (u64)value - 1);
	else
		cedrus_h264_put_ue64(bw, -2 * (s64)value);
}

/* rbsp_trailing_bits(), 7.3.2.11: a one, then zeros to the byte boundary. */
static void cedrus_h264_put_trailing_bits(struct cedrus_h264_bw *bw)
{
	unsigned int pad;

	cedrus_h264_put_flag(bw, true);
	pad = (8 - bw->bits % 8) % 8;
	if (pad)
		cedrus_h264_put_u(bw, 0, pad);
}

/* Send the pending bits to the sink; return the first error so far. */
int cedrus_h264_bw_flush(struct cedrus_h264_bw *bw)
{
	if (bw->acc_bits) {
		cedrus_h264_bw_emit(bw, bw->acc, bw->acc_bits);
		bw->acc = 0;
		bw->acc_bits = 0;
	}

	return bw->error;
}

static void cedrus_h264_bw_set_ep(struct cedrus_h264_bw *bw, bool enable)
{
	int ret;

	if (bw->error || !bw->ops->set_ep)
		return;

	ret = bw->ops->set_ep(bw->priv, enable);
	if (ret)
		bw->error = ret;
}

/*
 * Annex B start code (zero_byte + 0x000001) and the NAL header, 7.3.1.
 * DO NOT let emulation prevention see the start code: it would escape it.
 * EP is switched back on right after it, for the NAL header and the whole
 * payload (7.4.1 applies to every payload byte, SPS and PPS included). The
 * header byte can never be escaped (it follows 0x01), so it shares its
 * batch with the payload bits.
 */
int cedrus_h264_put_nal_header(struct cedrus_h264_bw *bw,
			       unsigned int nal_ref_idc,
			       unsigned int nal_unit_type)
{
	if (WARN_ON(bw->bits % 8))
		return -EINVAL;

	cedrus_h264_bw_flush(bw);
	cedrus_h264_bw_set_ep(bw, false);
	/* two whole batches: nothing stays in the accumulator */
	cedrus_h264_put_u(bw, 0x00000001, 32);
	cedrus_h264_bw_set_ep(bw, true);
	/* forbidden_zero_bit, nal_ref_idc, nal_unit_type */
	cedrus_h264_put_u(bw, (nal_ref_idc & 3) << 5 | (nal_unit_type & 31), 8);

	return bw->error;
}

/* Parameter sets and slice header */

static bool cedrus_h264_profile_has_chroma_format(u8 profile_idc)
{
	/* 7.3.2.1.1: the profiles carrying chroma_format_idc and bit depths */
	switch (profile_idc) {
	case 100: case 110: case 122: case 244: case 44:
	case 83: case 86: case 118: case 128: case 138:
	case 139: case 134: case 135:
		return true;
	default:
		return false;
	}
}

/* vui_parameters(), E.1.1 */
static void cedrus_h264_put_vui(struct cedrus_h264_bw *bw,
				const struct cedrus_h264_sps *sps)
{
	bool timing = sps->num_units_in_tick && sps->time_scale;

	cedrus_h264_put_flag(bw, sps->sar_present);
	if (sps->sar_present) {
		cedrus_h264_put_u(bw, sps->aspect_ratio_idc, 8);
		if (sps->aspect_ratio_idc == 255) {
			cedrus_h264_put_u(bw, sps->sar_width, 16);
			cedrus_h264_put_u(bw, sps->sar_height, 16);
		}
	}

	cedrus_h264_put_flag(bw, false);	/* overscan_info_present_flag */
	/* video_signal_type_present_flag */
	cedrus_h264_put_flag(bw, sps->colour);
	if (sps->colour) {
		cedrus_h264_put_u(bw, 5, 3);	/* video_format: unspecified */
		cedrus_h264_put_flag(bw, sps->full_range);
		/* colour_description_present_flag */
		cedrus_h264_put_flag(bw, true);
		cedrus_h264_put_u(bw, sps->colour_primaries, 8);
		cedrus_h264_put_u(bw, sps->transfer, 8);
		cedrus_h264_put_u(bw, sps->matrix, 8);
	}
	/* chroma_loc_info_present_flag */
	cedrus_h264_put_flag(bw, false);

	cedrus_h264_put_flag(bw, timing);	/* timing_info_present_flag */
	if (timing) {
		cedrus_h264_put_u(bw, sps->num_units_in_tick, 32);
		cedrus_h264_put_u(bw, sps->time_scale, 32);
		cedrus_h264_put_flag(bw, true);	/* fixed_frame_rate_flag */
	}

	/* nal_hrd_parameters_present_flag */
	cedrus_h264_put_flag(bw, false);
	/* vcl_hrd_parameters_present_flag */
	cedrus_h264_put_flag(bw, false);
	cedrus_h264_put_flag(bw, false);	/* pic_struct_present_flag */

	/*
	 * Bitstream restriction: no reordering and a one-picture DPB, so a
	 * decoder may output every picture as soon as it is decoded.
	 */
	cedrus_h264_put_flag(bw, true);	/* bitstream_restriction_flag */
	cedrus_h264_put_flag(bw, true);	/* motion_vectors_over_pic_boundaries */
	cedrus_h264_put_ue(bw, 2);	/* max_bytes_per_pic_denom */
	cedrus_h264_put_ue(bw, 1);	/* max_bits_per_mb_denom */
	/* 15: no limit, and the most E.2.1 allows since its 2016 edition */
	cedrus_h264_put_ue(bw, 15);	/* log2_max_mv_length_horizontal */
	cedrus_h264_put_ue(bw, 15);	/* log2_max_mv_length_vertical */
	cedrus_h264_put_ue(bw, 0);	/* max_num_reorder_frames */
	cedrus_h264_put_ue(bw, 1);	/* max_dec_frame_buffering */
}

/* seq_parameter_set_rbsp(), 7.3.2.1.1, as a whole NAL unit */
int cedrus_h264_write_sps(struct cedrus_h264_bw *bw,
			  const struct cedrus_h264_sps *sps)
{
	bool crop = sps->crop_left || sps->crop_right || sps->crop_top ||
		    sps->crop_bottom;

	cedrus_h264_put_nal_header(bw, 3, CEDRUS_H264_NAL_SPS);

	cedrus_h264_put_u(bw, sps->profile_idc, 8);
	/* constraint_set0..5_flag and reserved_zero_2bits */
	cedrus_h264_put_u(bw, sps->constraint_flags & 0xfc, 8);
	cedrus_h264_put_u(bw, sps->level_idc, 8);
	cedrus_h264_put_ue(bw, 0);		/* seq_parameter_set_id */

	if (cedrus_h264_profile_has_chroma_format(sps->profile_idc)) {
		cedrus_h264_put_ue(bw, 1);	/* chroma_format_idc: 4:2:0 */
		cedrus_h264_put_ue(bw, 0);	/* bit_depth_luma_minus8 */
		cedrus_h264_put_ue(bw, 0);	/* bit_depth_chroma_minus8 */
		/* qpprime_y_zero_transform_bypass */
		cedrus_h264_put_flag(bw, false);
		/* seq_scaling_matrix_present */
		cedrus_h264_put_flag(bw, false);
	}

	cedrus_h264_put_ue(bw, CEDRUS_H264_LOG2_MAX_FRAME_NUM - 4);
	cedrus_h264_put_ue(bw, 0);		/* pic_order_cnt_type */
	cedrus_h264_put_ue(bw, CEDRUS_H264_LOG2_MAX_POC_LSB - 4);
	cedrus_h264_put_ue(bw, 1);		/* max_num_ref_frames */
	cedrus_h264_put_flag(bw, false);	/* gaps_in_frame_num_allowed */
	cedrus_h264_put_ue(bw, sps->width_mbs - 1);
	cedrus_h264_put_ue(bw, sps->height_mbs - 1);
	cedrus_h264_put_flag(bw, true);		/* frame_mbs_only_flag */
	cedrus_h264_put_flag(bw, true);		/* direct_8x8_inference_flag */

	/* Offsets count chroma samples: 2 luma samples in 4:2:0 (7-19..7-22) */
	cedrus_h264_put_flag(bw, crop);		/* frame_cropping_flag */
	if (crop) {
		cedrus_h264_put_ue(bw, sps->crop_left / 2);
		cedrus_h264_put_ue(bw, sps->crop_right / 2);
		cedrus_h264_put_ue(bw, sps->crop_top / 2);
		cedrus_h264_put_ue(bw, sps->crop_bottom / 2);
	}

	/* vui_parameters_present_flag */
	cedrus_h264_put_flag(bw, true);
	cedrus_h264_put_vui(bw, sps);

	cedrus_h264_put_trailing_bits(bw);

	return cedrus_h264_bw_flush(bw);
}

/* pic_parameter_set_rbsp(), 7.3.2.2, as a whole NAL unit */
int cedrus_h264_write_pps(struct cedrus_h264_bw *bw,
			  const struct cedrus_h264_pps *pps)
{
	cedrus_h264_put_nal_header(bw, 3, CEDRUS_H264_NAL_PPS);

	cedrus_h264_put_ue(bw, 0);		/* pic_parameter_set_id */
	cedrus_h264_put_ue(bw, 0);		/* seq_parameter_set_id */
	cedrus_h264_put_flag(bw, pps->cabac);	/* entropy_coding_mode_flag */
	cedrus_h264_put_flag(bw, false);	/* bottom_field_pic_order... */
	cedrus_h264_put_ue(bw, 0);		/* num_slice_groups_minus1 */
	/* num_ref_idx_l0_default_minus1 */
	cedrus_h264_put_ue(bw, 0);
	/* num_ref_idx_l1_default_minus1 */
	cedrus_h264_put_ue(bw, 0);
	cedrus_h264_put_flag(bw, false);	/* weighted_pred_flag */
	cedrus_h264_put_u(bw, 0, 2);		/* weighted_bipred_idc */
	/* pic_init_qp_minus26 */
	cedrus_h264_put_se(bw, pps->pic_init_qp - 26);
	cedrus_h264_put_se(bw, 0);		/* pic_init_qs_minus26 */
	cedrus_h264_put_se(bw, pps->chroma_qp_index_offset);
	/* deblocking_filter_control_present */
	cedrus_h264_put_flag(bw, true);
	/* constrained_intra_pred_flag */
	cedrus_h264_put_flag(bw, false);
	/* redundant_pic_cnt_present_flag */
	cedrus_h264_put_flag(bw, false);

	cedrus_h264_put_trailing_bits(bw);

	return cedrus_h264_bw_flush(bw);
}

/*
 * NAL header and slice_header(), 7.3.3, for one slice covering the picture.
 * The slice data follows from the hardware at the current bit position, so
 * there are no trailing bits here.
 */
int cedrus_h264_write_slice_header(struct cedrus_h264_bw *bw,
				   const struct cedrus_h264_slice *slice)
{
	bool idr = slice->type == CEDRUS_H264_FRAME_IDR;
	bool p = slice->type == CEDRUS_H264_FRAME_P;

	/* Every picture is used as the reference of the next one. */
	cedrus_h264_put_nal_header(bw, idr ? 3 : 2,
				   idr ? CEDRUS_H264_NAL_SLICE_IDR :
					 CEDRUS_H264_NAL_SLICE);

	cedrus_h264_put_ue(bw, 0);		/* first_mb_in_slice */
	cedrus_h264_put_ue(bw, p ? 0 : 2);	/* slice_type: P or I */
	cedrus_h264_put_ue(bw, 0);		/* pic_parameter_set_id */
	cedrus_h264_put_u(bw, slice->frame_num, CEDRUS_H264_LOG2_MAX_FRAME_NUM);
	if (idr)
		cedrus_h264_put_ue(bw, slice->idr_pic_id);
	cedrus_h264_put_u(bw, slice->poc_lsb, CEDRUS_H264_LOG2_MAX_POC_LSB);

	if (p) {
		/* num_ref_idx_active_override */
		cedrus_h264_put_flag(bw, false);
		/* ref_pic_list_modification_l0 */
		cedrus_h264_put_flag(bw, false);
	}

	/* dec_ref_pic_marking(), 7.3.3.3 */
	if (idr) {
		cedrus_h264_put_flag(bw, false); /* no_output_of_prior_pics */
		cedrus_h264_put_flag(bw, false); /* long_term_reference_flag */
	} else {
		cedrus_h264_put_flag(bw, false); /* adaptive_ref_pic_marking */
	}

	if (slice->cabac && p)
		cedrus_h264_put_ue(bw, slice->cabac_init_idc);

	cedrus_h264_put_se(bw, (int)slice->qp - slice->pic_init_qp);

	cedrus_h264_put_ue(bw, slice->deblock_idc);
	if (slice->deblock_idc != 1) {
		cedrus_h264_put_se(bw, slice->alpha_div2);
		cedrus_h264_put_se(bw, slice->beta_div2);
	}

	return cedrus_h264_bw_flush(bw);
}

/* V4L2 menus */

/*
 * profile_idc and the constraint flags this encoder can truthfully set
 * (A.2): its streams have no B slices, no interlace, no FMO/ASO, no 8x8
 * transform, so any stream also conforms to the profiles flagged here.
 */
int cedrus_h264_profile_map(u32 v4l2_profile, u8 *profile_idc,
			    u8 *constraint_flags)
{
	switch (v4l2_profile) {
	case V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE:
		*profile_idc = 66;
		*constraint_flags = BIT(7);		/* set0 */
		return 0;
	case V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE:
		*profile_idc = 66;
		*constraint_flags = BIT(7) | BIT(6);	/* set0, set1 */
		return 0;
	case V4L2_MPEG_VIDEO_H264_PROFILE_MAIN:
		*profile_idc = 77;
		*constraint_flags = BIT(6);		/* set1 */
		return 0;
	case V4L2_MPEG_VIDEO_H264_PROFILE_HIGH:
		*profile_idc = 100;
		*constraint_flags = 0;
		return 0;
	default:
		return -EINVAL;
	}
}

static const u8 cedrus_h264_level_idcs[] = {
	[V4L2_MPEG_VIDEO_H264_LEVEL_1_0] = 10,
	[V4L2_MPEG_VIDEO_H264_LEVEL_1B] = 11,	/* see below */
	[V4L2_MPEG_VIDEO_H264_LEVEL_1_1] = 11,
	[V4L2_MPEG_VIDEO_H264_LEVEL_1_2] = 12,
	[V4L2_MPEG_VIDEO_H264_LEVEL_1_3] = 13,
	[V4L2_MPEG_VIDEO_H264_LEVEL_2_0] = 20,
	[V4L2_MPEG_VIDEO_H264_LEVEL_2_1] = 21,
	[V4L2_MPEG_VIDEO_H264_LEVEL_2_2] = 22,
	[V4L2_MPEG_VIDEO_H264_LEVEL_3_0] = 30,
	[V4L2_MPEG_VIDEO_H264_LEVEL_3_1] = 31,
	[V4L2_MPEG_VIDEO_H264_LEVEL_3_2] = 32,
	[V4L2_MPEG_VIDEO_H264_LEVEL_4_0] = 40,
	[V4L2_MPEG_VIDEO_H264_LEVEL_4_1] = 41,
	[V4L2_MPEG_VIDEO_H264_LEVEL_4_2] = 42,
	[V4L2_MPEG_VIDEO_H264_LEVEL_5_0] = 50,
	[V4L2_MPEG_VIDEO_H264_LEVEL_5_1] = 51,
	[V4L2_MPEG_VIDEO_H264_LEVEL_5_2] = 52,
	[V4L2_MPEG_VIDEO_H264_LEVEL_6_0] = 60,
	[V4L2_MPEG_VIDEO_H264_LEVEL_6_1] = 61,
	[V4L2_MPEG_VIDEO_H264_LEVEL_6_2] = 62,
};

/*
 * level_idc for a V4L2 level. Level 1b is level_idc 11 with
 * constraint_set3_flag in Baseline and Main, level_idc 9 in High (7.4.2.1.1).
 */
u8 cedrus_h264_level_idc(u32 v4l2_level, u8 profile_idc,
			 u8 *constraint_flags)
{
	if (v4l2_level >= ARRAY_SIZE(cedrus_h264_level_idcs))
		v4l2_level = V4L2_MPEG_VIDEO_H264_LEVEL_6_2;

	if (v4l2_level == V4L2_MPEG_VIDEO_H264_LEVEL_1B) {
		if (profile_idc == 66 || profile_idc == 77) {
			*constraint_flags |= BIT(4);	/* set3 */
			return 11;
		}
		return 9;
	}

	return cedrus_h264_level_idcs[v4l2_level];
}

/*
 * Table A-1: MaxMBPS (macroblocks per second) and MaxFS (frame size), in
 * level order. 1b, 2.0 and 4.1 repeat the limits of the level before them
 * (4.1 differs from 4.0 in bit rates only).
 */
static const struct {
	u32		level;
	const char	*name;
	u32		max_mbps;
	u32		max_fs;
} cedrus_h264_level_limits[] = {
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1_0, "1.0", 1485, 99 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1B, "1b", 1485, 99 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1_1, "1.1", 3000, 396 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1_2, "1.2", 6000, 396 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1_3, "1.3", 11880, 396 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_2_0, "2.0", 11880, 396 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_2_1, "2.1", 19800, 792 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_2_2, "2.2", 20250, 1620 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_3_0, "3.0", 40500, 1620 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_3_1, "3.1", 108000, 3600 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_3_2, "3.2", 216000, 5120 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_4_0, "4.0", 245760, 8192 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_4_1, "4.1", 245760, 8192 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_4_2, "4.2", 522240, 8704 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_5_0, "5.0", 589824, 22080 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_5_1, "5.1", 983040, 36864 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_5_2, "5.2", 2073600, 36864 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_6_0, "6.0", 4177920, 139264 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_6_1, "6.1", 8355840, 139264 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_6_2, "6.2", 16711680, 139264 },
};

/*
 * Does row @i of the table admit @width_mbs x @height_mbs at @fps_num /
 * @fps_den frames per second? Frame size (MaxFS), each dimension at most
 * sqrt(8 × MaxFS) macroblocks (A.3.1 item h) and macroblock rate (MaxMBPS,
 * from the frame rate the VUI timing states; none when @fps_den is 0).
 */
static bool cedrus_h264_level_row_fits(unsigned int i, u32 width_mbs,
				       u32 height_mbs, u32 fps_num,
				       u32 fps_den)
{
	u64 max_fs = cedrus_h264_level_limits[i].max_fs;
	u64 fs = (u64)width_mbs * height_mbs;
	u64 side = max(width_mbs, height_mbs);

	if (fs > max_fs || side * side > 8 * max_fs)
		return false;

	/* fs × fps_num / fps_den <= MaxMBPS, without rounding */
	return !fps_den ||
	       fs * fps_num <=
	       (u64)cedrus_h264_level_limits[i].max_mbps * fps_den;
}

static int cedrus_h264_level_row(u32 v4l2_level)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cedrus_h264_level_limits); i++)
		if (cedrus_h264_level_limits[i].level == v4l2_level)
			return i;

	return -EINVAL;
}

/*
 * Lowest V4L2 level that admits @width_mbs x @height_mbs at @fps_num /
 * @fps_den frames per second (see cedrus_h264_level_row_fits()). Levels with
 * the same limits as a lower one (1b, 2.0, 4.1) are never returned. Beyond
 * 6.2 the answer is 6.2.
 */
u32 cedrus_h264_level_min(u32 width_mbs, u32 height_mbs, u32 fps_num,
			  u32 fps_den)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cedrus_h264_level_limits); i++)
		if (cedrus_h264_level_row_fits(i, width_mbs, height_mbs,
					       fps_num, fps_den))
			return cedrus_h264_level_limits[i].level;

	return V4L2_MPEG_VIDEO_H264_LEVEL_6_2;
}

/* Does V4L2 level @v4l2_level admit the stream? An unknown level does not. */
bool cedrus_h264_level_fits(u32 v4l2_level, u32 width_mbs, u32 height_mbs,
			    u32 fps_num, u32 fps_den)
{
	int i = cedrus_h264_level_row(v4l2_level);

	return i >= 0 && cedrus_h264_level_row_fits(i, width_mbs, height_mbs,
						    fps_num, fps_den);
}

/* "3.1", "1b": the level as the standard names it, "?" if unknown. */
const char *cedrus_h264_level_name(u32 v4l2_level)
{
	int i = cedrus_h264_level_row(v4l2_level);

	return i >= 0 ? cedrus_h264_level_limits[i].name : "?";
}

/* aspect_ratio_idc (Table E-1): the V4L2 menu follows it, EXTENDED is 255. */
u8 cedrus_h264_sar_idc(u32 v4l2_sar_idc)
{
	if (v4l2_sar_idc == V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_EXTENDED)
		return 255;
	if (v4l2_sar_idc > V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_2x1)
		return 0;

	return v4l2_sar_idc;
}

/*
 * The VUI colour fields of a picture format (E.2.1), the V4L2 defaults
 * resolved first as videodev2.h maps them (a transfer function and a
 * Y'CbCr encoding per colorspace; full range for JPEG only, as the picture
 * is Y'CbCr). Each field has its own table: Table E-3 (colour_primaries),
 * E-4 (transfer_characteristics), E-5 (matrix_coefficients); 2 says
 * "unspecified" where H.264 has no code for the V4L2 value (opRGB, the
 * DCI-P3 transfer, RAW).
 */
void cedrus_h264_colour_map(u32 colorspace, u32 xfer_func, u32 ycbcr_enc,
			    u32 quantization,
			    struct cedrus_h264_colour *colour)
{
	if (xfer_func == V4L2_XFER_FUNC_DEFAULT)
		xfer_func = V4L2_MAP_XFER_FUNC_DEFAULT(colorspace);
	if (ycbcr_enc == V4L2_YCBCR_ENC_DEFAULT)
		ycbcr_enc = V4L2_MAP_YCBCR_ENC_DEFAULT(colorspace);
	if (quantization == V4L2_QUANTIZATION_DEFAULT)
		quantization = V4L2_MAP_QUANTIZATION_DEFAULT(false, colorspace,
							     ycbcr_enc);

	colour->full_range = quantization == V4L2_QUANTIZATION_FULL_RANGE;

	switch (colorspace) {
	case V4L2_COLORSPACE_REC709:
	case V4L2_COLORSPACE_SRGB:
	case V4L2_COLORSPACE_JPEG:
		colour->primaries = 1;		/* BT.709, sRGB */
		break;
	case V4L2_COLORSPACE_470_SYSTEM_M:
		colour->primaries = 4;
		break;
	case V4L2_COLORSPACE_470_SYSTEM_BG:
		colour->primaries = 5;		/* BT.601 625 */
		break;
	case V4L2_COLORSPACE_SMPTE170M:
	case V4L2_COLORSPACE_BT878:
		colour->primaries = 6;		/* BT.601 525 */
		break;
	case V4L2_COLORSPACE_SMPTE240M:
		colour->primaries = 7;
		break;
	case V4L2_COLORSPACE_BT2020:
		colour->primaries = 9;
		break;
	case V4L2_COLORSPACE_DCI_P3:
		colour->primaries = 11;		/* SMPTE RP 431-2 */
		break;
	default:
		colour->primaries = 2;
		break;
	}

	switch (xfer_func) {
	case V4L2_XFER_FUNC_709:
		colour->transfer = 1;
		break;
	case V4L2_XFER_FUNC_SMPTE240M:
		colour->transfer = 7;
		break;
	case V4L2_XFER_FUNC_NONE:
		colour->transfer = 8;		/* linear */
		break;
	case V4L2_XFER_FUNC_SRGB:
		colour->transfer = 13;		/* IEC 61966-2-1 */
		break;
	case V4L2_XFER_FUNC_SMPTE2084:
		colour->transfer = 16;
		break;
	default:
		colour->transfer = 2;
		break;
	}

	/* 601: the 525-line code; the 625-line one (5) is the same matrix */
	switch (ycbcr_enc) {
	case V4L2_YCBCR_ENC_709:
	case V4L2_YCBCR_ENC_XV709:
		colour->matrix = 1;
		break;
	case V4L2_YCBCR_ENC_601:
	case V4L2_YCBCR_ENC_XV601:
		colour->matrix = 6;
		break;
	case V4L2_YCBCR_ENC_SMPTE240M:
		colour->matrix = 7;
		break;
	case V4L2_YCBCR_ENC_BT2020:
		colour->matrix = 9;
		break;
	case V4L2_YCBCR_ENC_BT2020_CONST_LUM:
		colour->matrix = 10;
		break;
	default:
		colour->matrix = 2;
		break;
	}
}

/* GOP sequencer */

/*
 * Decide the type of the next frame. The first frame after a reset is an
 * IDR, and so is a frame with force_key. With closure, an IDR starts every
 * gop_size frames; without, only the first frame is an IDR and a non-IDR I
 * frame comes every i_period frames. Every frame is a reference: frame_num
 * counts frames since the IDR (modulo 2^8), POC advances by 2 per frame.
 */
void cedrus_h264_gop_next(struct cedrus_h264_gop *gop,
			  const struct cedrus_h264_gop_params *params,
			  struct cedrus_h264_frame *frame)
{
	u32 gop_size = max(params->gop_size, 1U);
	u32 i_period = max(params->i_period, 1U);
	bool idr = !gop->started || params->force_key ||
		   (params->closure && gop->index >= gop_size);

	if (idr) {
		gop->started = true;
		gop->index = 0;
		gop->frame_num = 0;
		frame->type = CEDRUS_H264_FRAME_IDR;
		frame->idr_pic_id = gop->idr_count & 1;
		gop->idr_count++;
	} else if (!params->closure && gop->index % i_period == 0) {
		frame->type = CEDRUS_H264_FRAME_I;
		frame->idr_pic_id = 0;
	} else {
		frame->type = CEDRUS_H264_FRAME_P;
		frame->idr_pic_id = 0;
	}

	frame->frame_num = gop->frame_num;
	frame->poc_lsb = (2 * gop->frame_num) %
			 (1U << CEDRUS_H264_LOG2_MAX_POC_LSB);
	gop->frame_num = (gop->frame_num + 1) %
			 (1U << CEDRUS_H264_LOG2_MAX_FRAME_NUM);

	/* The index only places key frames: keep it within the period. */
	gop->index++;
	if (params->closure)
		gop->index = min(gop->index, gop_size);
	else
		gop->index %= i_period;
}

/*
 * The frame the sequencer gave never reached the stream (the encode
 * failed): an IDR gives its idr_pic_id back, so that the next IDR differs
 * from the last IDR the decoder saw, not from the lost one (7.4.3).
 */
void cedrus_h264_gop_frame_lost(struct cedrus_h264_gop *gop,
				const struct cedrus_h264_frame *frame)
{
	if (frame->type == CEDRUS_H264_FRAME_IDR && gop->idr_count)
		gop->idr_count--;
}

/*
 * Fixed QP of a frame: I_FRAME_QP for IDR and I frames, P_FRAME_QP for P
 * frames, clamped to [min_qp, max_qp]; if min_qp > max_qp, max_qp wins.
 */
u8 cedrus_h264_qp_select(enum cedrus_h264_frame_type type, u8 i_qp, u8 p_qp,
			 u8 min_qp, u8 max_qp)
{
	u8 qp = type == CEDRUS_H264_FRAME_P ? p_qp : i_qp;

	qp = max(qp, min_qp);
	qp = min(qp, max_qp);

	return min_t(u8, qp, CEDRUS_H264_QP_MAX);
}

/* Private buffers */

/*
 * Sizes from the hardware reference (1.7):
 * - reconstruction: luma ALIGN(w, 2) × 16 bytes per row, ALIGN(h + 1, 4) × 16
 *   rows; interleaved CbCr with the same stride and ALIGN(ceil(h / 2), 4) ×
 *   16 rows; chroma right after luma; the whole rounded up to 4 KiB,
 * - sub-pixel: (ALIGN_DOWN((w + 47) × 2 / 3, 32) + ALIGN(w, 32) × 2) bytes
 *   per row, (h × 16 + 72) / 8 rows,
 * - MB info: 4 KiB per 32 macroblock columns,
 * with w, h the picture size in macroblocks.
 */
void cedrus_h264_buf_sizes(u32 width_mbs, u32 height_mbs,
			   struct cedrus_h264_buf_sizes *sizes)
{
	size_t stride = (size_t)ALIGN(width_mbs, 2) * 16;
	size_t subpix_stride = ALIGN_DOWN((width_mbs + 47) * 2 / 3, 32) +
			       (size_t)ALIGN(width_mbs, 32) * 2;

	sizes->rec_luma = stride * ALIGN(height_mbs + 1, 4) * 16;
	sizes->rec_chroma = stride * ALIGN(DIV_ROUND_UP(height_mbs, 2), 4) * 16;
	sizes->rec = ALIGN(sizes->rec_luma + sizes->rec_chroma, SZ_4K);
	sizes->subpix = subpix_stride * ((height_mbs * 16 + 72) / 8);
	sizes->mb_info = (size_t)DIV_ROUND_UP(width_mbs, 32) * SZ_4K;
}

/*
 * Private DMA memory of one encoding context: two reconstruction and two
 * sub-pixel buffers (the reference and the current picture swap roles every
 * frame) and one MB info buffer, each allocation page aligned.
 */
size_t cedrus_h264_ctx_memory(const struct cedrus_h264_buf_sizes *sizes)
{
	return 2 * PAGE_ALIGN(sizes->rec) + 2 * PAGE_ALIGN(sizes->subpix) +
	       PAGE_ALIGN(sizes->mb_info);
}
