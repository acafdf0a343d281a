// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: stateless H.265 (HEVC) decode engine.
 *
 * One job decodes one slice segment (V4L2 slice-based decode mode); the
 * slice segments of a picture arrive as consecutive requests that share the
 * CAPTURE buffer (V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF). Userspace parsed the
 * parameter sets and the slice segment header into the stateless controls;
 * the VE parses slice_segment_data() only. The coded buffer holds the NAL
 * unit without a start code, and data_byte_offset locates the slice data.
 *
 * What the VE needs beyond registers:
 * - a frame info table in its SRAM, indexed by DPB index (the reference
 *   lists name DPB indices), with the picture being decoded at index 16;
 * - reference picture lists, explicit prediction weights and scaling
 *   lists, in SRAM;
 * - a per-context neighbour info buffer, and an entry point table for
 *   slice segments coded with tiles or wavefronts (WPP);
 * - per-picture co-located motion vector buffers, read back when the
 *   picture is the collocated picture of a later one;
 * - on the H6, for 10-bit streams, an area after the 8-bit picture in the
 *   CAPTURE buffer for the two low bits of every sample.
 *
 * Every control value that sizes a VE access or indexes a table is checked
 * in ctrl_validate, or in job_prepare when it depends on another control or
 * on the buffers: a job that would make the VE read or write outside the
 * buffers it was given fails before the hardware runs.
 */

#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/sizes.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-mem2mem.h>
#include <media/videobuf2-dma-contig.h>
#include <media/videobuf2-v4l2.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_dec.h"
#include "cedrus_dec_h265.h"
#include "cedrus_engine.h"
#include "cedrus_proc.h"
#include "cedrus_regs.h"

/*
 * Neighbour info and entry point buffer sizes of the vendor library, as
 * used by mainline (later vendor releases double the neighbour info
 * buffer on the H6; 10-bit decoding may need it, unverified).
 */
#define CEDRUS_DEC_H265_NEIGHBOR_INFO_SIZE	(794 * SZ_1K)
#define CEDRUS_DEC_H265_ENTRY_POINTS_SIZE	SZ_4K

/* Entry point table: one word per entry with WPP, four with tiles. */
#define CEDRUS_DEC_H265_ENTRY_TILE_WORDS	4

/*
 * Co-located motion vectors: 160 bytes per CTB (vendor formula). Buffers
 * are sized for the smallest CTB (16x16), so that any SPS fitting the
 * format fits them: the SPS is only known at job time.
 */
#define CEDRUS_DEC_H265_MV_COL_CTB_BYTES	160
#define CEDRUS_DEC_H265_CTB_LOG2_MIN		4
#define CEDRUS_DEC_H265_CTB_LOG2_MAX		6

/* Largest picture, as mainline; the VE's CTB address fields hold 10 bits. */
#define CEDRUS_DEC_H265_WIDTH_MAX		4096
#define CEDRUS_DEC_H265_HEIGHT_MAX		2304

/* The VE takes DRAM addresses >> 8: 256-byte aligned. */
#define CEDRUS_DEC_H265_ADDR_ALIGN		256

/* Frame info entry: word index of each field. */
enum cedrus_dec_h265_frame_info_word {
	CEDRUS_DEC_H265_FI_TOP_POC,
	CEDRUS_DEC_H265_FI_BOTTOM_POC,
	CEDRUS_DEC_H265_FI_MV_COL_TOP_ADDR,
	CEDRUS_DEC_H265_FI_MV_COL_BOTTOM_ADDR,
	CEDRUS_DEC_H265_FI_LUMA_ADDR,
	CEDRUS_DEC_H265_FI_CHROMA_ADDR,
};

/*
 * The controls one job reads, and their current values (request applied).
 * The values are read under the handler lock: a dynamic array's storage
 * moves when a larger value is set.
 */
struct cedrus_dec_h265_params {
	struct v4l2_ctrl				*sps_ctrl;
	struct v4l2_ctrl				*pps_ctrl;
	struct v4l2_ctrl				*slice_ctrl;
	struct v4l2_ctrl				*decode_ctrl;
	struct v4l2_ctrl				*scaling_ctrl;
	struct v4l2_ctrl				*entry_points_ctrl;
	const struct v4l2_ctrl_hevc_sps			*sps;
	const struct v4l2_ctrl_hevc_pps			*pps;
	const struct v4l2_ctrl_hevc_slice_params	*slice;
	const struct v4l2_ctrl_hevc_decode_params	*decode;
	const struct v4l2_ctrl_hevc_scaling_matrix	*scaling;
	const u32					*entry_points;
};

/* Geometry of the picture in CTBs, from a validated SPS. */
struct cedrus_dec_h265_ctbs {
	unsigned int	log2_size;
	unsigned int	width;
	unsigned int	height;
};

static unsigned int
cedrus_dec_h265_bit_depth(const struct v4l2_ctrl_hevc_sps *sps)
{
	return max(sps->bit_depth_luma_minus8,
		   sps->bit_depth_chroma_minus8) + 8;
}

static void cedrus_dec_h265_ctbs_get(const struct v4l2_ctrl_hevc_sps *sps,
				     struct cedrus_dec_h265_ctbs *ctbs)
{
	ctbs->log2_size = sps->log2_min_luma_coding_block_size_minus3 + 3 +
			  sps->log2_diff_max_min_luma_coding_block_size;
	ctbs->width = DIV_ROUND_UP(sps->pic_width_in_luma_samples,
				   1U << ctbs->log2_size);
	ctbs->height = DIV_ROUND_UP(sps->pic_height_in_luma_samples,
				    1U << ctbs->log2_size);
}

/*
 * H6 10-bit output: the VE writes the 8 high bits of each sample in the
 * CAPTURE format's layout and the 2 low bits, four samples a byte, in an
 * area after it, whose lines are a quarter of the width rounded up to 32
 * bytes (4:2:0: 1.5 times the luma lines). Vendor formula, as mainline.
 */
static u32 cedrus_dec_h265_two_bit_stride(unsigned int width)
{
	return ALIGN(width / 4, 32);
}

static u32 cedrus_dec_h265_two_bit_size(unsigned int width,
					unsigned int height)
{
	return cedrus_dec_h265_two_bit_stride(width) * height * 3 / 2;
}

static u32
cedrus_dec_h265_picture_extra_size(struct cedrus_context *ctx,
				   const struct v4l2_pix_format_mplane *pix)
{
	if (ctx->bit_depth <= 8)
		return 0;

	return cedrus_dec_h265_two_bit_size(pix->width, pix->height);
}

/* Setup and cleanup */

static int cedrus_dec_h265_setup(struct cedrus_context *ctx)
{
	struct cedrus_dec_h265_context *h265_ctx = ctx->engine_ctx;
	int ret;

	ret = cedrus_dma_buf_alloc(ctx->dev, &h265_ctx->neighbor_info,
				   CEDRUS_DEC_H265_NEIGHBOR_INFO_SIZE);
	if (ret)
		return ret;

	/* The CPU fills this one: a coherent mapping. */
	h265_ctx->entry_points =
		dma_alloc_coherent(ctx->dev->dev,
				   CEDRUS_DEC_H265_ENTRY_POINTS_SIZE,
				   &h265_ctx->entry_points_addr, GFP_KERNEL);
	if (!h265_ctx->entry_points) {
		cedrus_dma_buf_free(ctx->dev, &h265_ctx->neighbor_info);
		return -ENOMEM;
	}

	return 0;
}

static void cedrus_dec_h265_cleanup(struct cedrus_context *ctx)
{
	struct cedrus_dec_h265_context *h265_ctx = ctx->engine_ctx;

	if (h265_ctx->entry_points)
		dma_free_coherent(ctx->dev->dev,
				  CEDRUS_DEC_H265_ENTRY_POINTS_SIZE,
				  h265_ctx->entry_points,
				  h265_ctx->entry_points_addr);
	h265_ctx->entry_points = NULL;
	cedrus_dma_buf_free(ctx->dev, &h265_ctx->neighbor_info);
}

static size_t cedrus_dec_h265_mv_col_size(unsigned int width,
					  unsigned int height,
					  unsigned int ctb_log2)
{
	return DIV_ROUND_UP(width, 1U << ctb_log2) *
	       DIV_ROUND_UP(height, 1U << ctb_log2) *
	       CEDRUS_DEC_H265_MV_COL_CTB_BYTES;
}

static int cedrus_dec_h265_buffer_setup(struct cedrus_context *ctx,
					struct cedrus_buffer *buf)
{
	struct cedrus_dec_h265_buffer *h265_buf = buf->engine_buffer;
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;

	return cedrus_dma_buf_alloc(ctx->dev, &h265_buf->mv_col,
				    cedrus_dec_h265_mv_col_size(pix->width,
								pix->height,
						CEDRUS_DEC_H265_CTB_LOG2_MIN));
}

static void cedrus_dec_h265_buffer_cleanup(struct cedrus_context *ctx,
					   struct cedrus_buffer *buf)
{
	struct cedrus_dec_h265_buffer *h265_buf = buf->engine_buffer;

	cedrus_dma_buf_free(ctx->dev, &h265_buf->mv_col);
}

/* Controls */

/*
 * The VE decodes 4:2:0 in 8 bits, and in 10 bits on the H6. The size and
 * block size fields are checked against H.265 7.4.3.2 and against the
 * width of the VE's register fields.
 */
static int cedrus_dec_h265_sps_validate(struct cedrus_context *ctx,
					const struct v4l2_ctrl_hevc_sps *sps)
{
	unsigned int max_depth = 8, depth, min_cb_log2, ctb_log2, min_tb_log2;
	unsigned int max_tb_log2, pcm_min_log2, pcm_max_log2;
	struct vb2_queue *capture;

	if (sps->chroma_format_idc != 1)
		return -EINVAL;
	if (sps->flags & V4L2_HEVC_SPS_FLAG_SEPARATE_COLOUR_PLANE)
		return -EINVAL;

	if (cedrus_is_capable(ctx->dev, CEDRUS_CAPABILITY_H265_10_DEC))
		max_depth = 10;
	depth = cedrus_dec_h265_bit_depth(sps);
	if (sps->bit_depth_luma_minus8 != sps->bit_depth_chroma_minus8 ||
	    depth > max_depth)
		return -EINVAL;

	/* CAPTURE buffers hold the 2-bit area only if sized for it. */
	if (depth > 8 && ctx->v4l2.fh.m2m_ctx) {
		capture = v4l2_m2m_get_dst_vq(ctx->v4l2.fh.m2m_ctx);
		if (vb2_is_busy(capture) && ctx->bit_depth < depth)
			return -EINVAL;
	}

	if (!sps->pic_width_in_luma_samples ||
	    !sps->pic_height_in_luma_samples ||
	    sps->pic_width_in_luma_samples > CEDRUS_DEC_H265_WIDTH_MAX ||
	    sps->pic_height_in_luma_samples > CEDRUS_DEC_H265_HEIGHT_MAX)
		return -EINVAL;

	/* CtbLog2SizeY 4..6, MinCbLog2SizeY 3..CtbLog2SizeY (7-10, 7-11). */
	min_cb_log2 = sps->log2_min_luma_coding_block_size_minus3 + 3;
	ctb_log2 = min_cb_log2 + sps->log2_diff_max_min_luma_coding_block_size;
	if (ctb_log2 < CEDRUS_DEC_H265_CTB_LOG2_MIN ||
	    ctb_log2 > CEDRUS_DEC_H265_CTB_LOG2_MAX)
		return -EINVAL;
	if (sps->pic_width_in_luma_samples % (1U << min_cb_log2) ||
	    sps->pic_height_in_luma_samples % (1U << min_cb_log2))
		return -EINVAL;

	/* Transform blocks: 4x4 up to min(CtbSizeY, 32), below MinCbSizeY. */
	min_tb_log2 = sps->log2_min_luma_transform_block_size_minus2 + 2;
	max_tb_log2 = min_tb_log2 +
		      sps->log2_diff_max_min_luma_transform_block_size;
	if (min_tb_log2 >= min_cb_log2 || max_tb_log2 > min(ctb_log2, 5U))
		return -EINVAL;
	if (sps->max_transform_hierarchy_depth_inter > ctb_log2 - min_tb_log2 ||
	    sps->max_transform_hierarchy_depth_intra > ctb_log2 - min_tb_log2)
		return -EINVAL;

	if (sps->flags & V4L2_HEVC_SPS_FLAG_PCM_ENABLED) {
		pcm_min_log2 =
			sps->log2_min_pcm_luma_coding_block_size_minus3 + 3;
		pcm_max_log2 = pcm_min_log2 +
			sps->log2_diff_max_min_pcm_luma_coding_block_size;
		if (sps->pcm_sample_bit_depth_luma_minus1 + 1U > depth ||
		    sps->pcm_sample_bit_depth_chroma_minus1 + 1U > depth ||
		    pcm_min_log2 < min_cb_log2 ||
		    pcm_max_log2 > min(ctb_log2, 5U))
			return -EINVAL;
	}

	return 0;
}

/* H.265 7.4.3.3, and the register fields the values go to. */
static int cedrus_dec_h265_pps_validate(const struct v4l2_ctrl_hevc_pps *pps)
{
	/* -(26 + QpBdOffsetY) for 10-bit; 8-bit is checked at job time. */
	if (pps->init_qp_minus26 < -(26 + 12) || pps->init_qp_minus26 > 25)
		return -EINVAL;
	if (pps->diff_cu_qp_delta_depth > 3)
		return -EINVAL;
	if (abs(pps->pps_cb_qp_offset) > 12 || abs(pps->pps_cr_qp_offset) > 12)
		return -EINVAL;
	if (abs(pps->pps_beta_offset_div2) > 6 ||
	    abs(pps->pps_tc_offset_div2) > 6)
		return -EINVAL;
	if (pps->log2_parallel_merge_level_minus2 > 4)
		return -EINVAL;
	/* The tile loops index column_width_minus1[], row_height_minus1[]. */
	if (pps->num_tile_columns_minus1 >=
	    ARRAY_SIZE(pps->column_width_minus1) ||
	    pps->num_tile_rows_minus1 >= ARRAY_SIZE(pps->row_height_minus1))
		return -EINVAL;

	return 0;
}

/* H.265 7.4.7.1 and 7.4.7.3, for the fields that need no other control. */
static int
cedrus_dec_h265_slice_validate(const struct v4l2_ctrl_hevc_slice_params *slice)
{
	const struct v4l2_hevc_pred_weight_table *pwt =
		&slice->pred_weight_table;
	int chroma_denom;

	if (slice->slice_type > V4L2_HEVC_SLICE_TYPE_I)
		return -EINVAL;
	if (slice->num_ref_idx_l0_active_minus1 >=
	    V4L2_HEVC_DPB_ENTRIES_NUM_MAX ||
	    slice->num_ref_idx_l1_active_minus1 >=
	    V4L2_HEVC_DPB_ENTRIES_NUM_MAX)
		return -EINVAL;
	if (slice->five_minus_max_num_merge_cand > 4)
		return -EINVAL;
	if (slice->colour_plane_id)
		return -EINVAL;
	if (abs(slice->slice_cb_qp_offset) > 12 ||
	    abs(slice->slice_cr_qp_offset) > 12 ||
	    abs(slice->slice_beta_offset_div2) > 6 ||
	    abs(slice->slice_tc_offset_div2) > 6)
		return -EINVAL;
	/* Table D.2 of the picture timing SEI. */
	if (slice->pic_struct > 12)
		return -EINVAL;
	/* The entry point table has room for the control's 256 entries. */
	if (slice->num_entry_point_offsets > CEDRUS_DEC_H265_ENTRY_POINTS_MAX)
		return -EINVAL;

	chroma_denom = pwt->luma_log2_weight_denom +
		       pwt->delta_chroma_log2_weight_denom;
	if (pwt->luma_log2_weight_denom > 7 || chroma_denom < 0 ||
	    chroma_denom > 7)
		return -EINVAL;

	return 0;
}

static int cedrus_dec_h265_ctrl_validate(struct cedrus_context *ctx,
					 struct v4l2_ctrl *ctrl)
{
	const struct v4l2_ctrl_hevc_slice_params *slices;
	unsigned int i;
	int ret;

	switch (ctrl->id) {
	case V4L2_CID_STATELESS_HEVC_SPS:
		return cedrus_dec_h265_sps_validate(ctx,
						    ctrl->p_new.p_hevc_sps);
	case V4L2_CID_STATELESS_HEVC_PPS:
		return cedrus_dec_h265_pps_validate(ctrl->p_new.p_hevc_pps);
	case V4L2_CID_STATELESS_HEVC_SLICE_PARAMS:
		slices = ctrl->p_new.p_hevc_slice_params;
		for (i = 0; i < ctrl->new_elems; i++) {
			ret = cedrus_dec_h265_slice_validate(&slices[i]);
			if (ret)
				return ret;
		}
		return 0;
	default:
		return 0;
	}
}

/*
 * An SPS set outside a request while no CAPTURE buffer exists gives the
 * bit depth the CAPTURE format is sized for (the 10-bit LSB area).
 */
static int cedrus_dec_h265_ctrl_prepare(struct cedrus_context *ctx,
					struct v4l2_ctrl *ctrl)
{
	struct vb2_queue *capture;
	unsigned int depth;

	if (ctrl->id != V4L2_CID_STATELESS_HEVC_SPS)
		return 0;

	if (!ctx->v4l2.fh.m2m_ctx)
		return 0;

	capture = v4l2_m2m_get_dst_vq(ctx->v4l2.fh.m2m_ctx);
	depth = cedrus_dec_h265_bit_depth(ctrl->p_new.p_hevc_sps);
	if (vb2_is_busy(capture) || depth == max(ctx->bit_depth, 8U))
		return 0;

	ctx->bit_depth = depth;
	cedrus_proc_format_coded_propagate(ctx);

	return 0;
}

static struct v4l2_ctrl *cedrus_dec_h265_ctrl(struct cedrus_context *ctx,
					      u32 id)
{
	struct v4l2_ctrl *ctrl = cedrus_context_ctrl_find(ctx, id);

	WARN_ON(!ctrl);
	return ctrl;
}

/* Find the job's controls: v4l2_ctrl_find() takes the handler lock. */
static int cedrus_dec_h265_params_find(struct cedrus_context *ctx,
				       struct cedrus_dec_h265_params *p)
{
	u32 id;

	p->sps_ctrl = cedrus_dec_h265_ctrl(ctx, V4L2_CID_STATELESS_HEVC_SPS);
	p->pps_ctrl = cedrus_dec_h265_ctrl(ctx, V4L2_CID_STATELESS_HEVC_PPS);
	id = V4L2_CID_STATELESS_HEVC_DECODE_PARAMS;
	p->decode_ctrl = cedrus_dec_h265_ctrl(ctx, id);
	id = V4L2_CID_STATELESS_HEVC_SCALING_MATRIX;
	p->scaling_ctrl = cedrus_dec_h265_ctrl(ctx, id);
	id = V4L2_CID_STATELESS_HEVC_SLICE_PARAMS;
	p->slice_ctrl = cedrus_dec_h265_ctrl(ctx, id);
	id = V4L2_CID_STATELESS_HEVC_ENTRY_POINT_OFFSETS;
	p->entry_points_ctrl = cedrus_dec_h265_ctrl(ctx, id);

	if (!p->sps_ctrl || !p->pps_ctrl || !p->decode_ctrl ||
	    !p->scaling_ctrl || !p->slice_ctrl || !p->entry_points_ctrl)
		return -EINVAL;

	return 0;
}

/* Their current values; called with the handler lock held. */
static void cedrus_dec_h265_params_sample(struct cedrus_dec_h265_params *p)
{
	p->sps = p->sps_ctrl->p_cur.p;
	p->pps = p->pps_ctrl->p_cur.p;
	p->decode = p->decode_ctrl->p_cur.p;
	p->scaling = p->scaling_ctrl->p_cur.p;
	p->slice = p->slice_ctrl->p_cur.p;
	p->entry_points = p->entry_points_ctrl->p_cur.p;
}

/* Job: prepare (RAM only) */

static struct cedrus_dec_h265_buffer *
cedrus_dec_h265_buffer_from_vb2(struct vb2_buffer *vb)
{
	return cedrus_buffer_from_vb2(to_vb2_v4l2_buffer(vb))->engine_buffer;
}

/* Both picture formats are single-planar: chroma follows the luma plane. */
static dma_addr_t cedrus_dec_h265_chroma_addr(struct cedrus_context *ctx,
					      struct vb2_v4l2_buffer *vbuf,
					      dma_addr_t luma)
{
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;

	if (vbuf->vb2_buf.num_planes > 1)
		return cedrus_buffer_addr(vbuf, 1);

	return luma + pix->plane_fmt[0].bytesperline * pix->height;
}

/*
 * A CAPTURE buffer the VE may touch (output or reference) must hold the
 * picture, the 10-bit area if any, and a large enough MV buffer.
 */
static bool cedrus_dec_h265_buffer_fits(struct cedrus_context *ctx,
					struct vb2_buffer *vb,
					size_t picture_size,
					size_t mv_col_size)
{
	struct cedrus_dec_h265_buffer *h265_buf =
		cedrus_dec_h265_buffer_from_vb2(vb);

	return h265_buf && h265_buf->mv_col.size >= mv_col_size &&
	       vb2_plane_size(vb, 0) >= picture_size;
}

static void cedrus_dec_h265_frame_info_fill(struct cedrus_context *ctx,
					    struct cedrus_dec_h265_job *job,
					    unsigned int index,
					    struct vb2_buffer *vb,
					    s32 poc, bool field_pic)
{
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);
	struct cedrus_dec_h265_buffer *h265_buf =
		cedrus_dec_h265_buffer_from_vb2(vb);
	dma_addr_t luma = cedrus_buffer_addr(vbuf, 0);
	dma_addr_t mv_top = h265_buf->mv_col.addr;
	dma_addr_t mv_bottom = mv_top;
	u32 *info = job->frame_info[index];

	if (field_pic)
		mv_bottom += h265_buf->mv_col.size / 2;

	/* A frame's bottom POC is its POC: both fields are in the frame. */
	info[CEDRUS_DEC_H265_FI_TOP_POC] = poc;
	info[CEDRUS_DEC_H265_FI_BOTTOM_POC] = poc;
	info[CEDRUS_DEC_H265_FI_MV_COL_TOP_ADDR] = mv_top >> 8;
	info[CEDRUS_DEC_H265_FI_MV_COL_BOTTOM_ADDR] = mv_bottom >> 8;
	info[CEDRUS_DEC_H265_FI_LUMA_ADDR] = luma >> 8;
	info[CEDRUS_DEC_H265_FI_CHROMA_ADDR] =
		cedrus_dec_h265_chroma_addr(ctx, vbuf, luma) >> 8;
	job->frame_valid |= BIT(index);
}

/*
 * Picture timing SEI pic_struct 1 and 2 are the top and bottom field; the
 * other values are frames (shown once, twice, ...) for the VE.
 */
static bool cedrus_dec_h265_is_field(u8 pic_struct)
{
	return pic_struct == 1 || pic_struct == 2;
}

/*
 * Frame info table: the output picture at index 16, every DPB entry at its
 * index. A DPB entry whose buffer is gone (dropped picture, broken stream)
 * or too small points at the output picture: the VE then predicts from
 * wrong pixels, but only reads buffers it was given (a stale SRAM entry
 * could name a freed buffer).
 */
static int
cedrus_dec_h265_job_prepare_frames(struct cedrus_context *ctx,
				   struct cedrus_job *job,
				   const struct cedrus_dec_h265_params *p,
				   size_t picture_size, size_t mv_col_size)
{
	const struct v4l2_ctrl_hevc_decode_params *decode = p->decode;
	struct cedrus_dec_h265_job *h265_job = job->engine_job;
	struct vb2_buffer *output = &job->picture->vb2_buf;
	unsigned int i;
	bool field;

	if (!cedrus_dec_h265_buffer_fits(ctx, output, picture_size,
					 mv_col_size)) {
		dev_dbg(ctx->dev->dev, "CAPTURE buffer too small\n");
		return -EINVAL;
	}

	field = cedrus_dec_h265_is_field(p->slice->pic_struct);
	cedrus_dec_h265_frame_info_fill(ctx, h265_job,
					CEDRUS_DEC_H265_OUTPUT_INDEX, output,
					p->slice->slice_pic_order_cnt, field);

	for (i = 0; i < decode->num_active_dpb_entries; i++) {
		const struct v4l2_hevc_dpb_entry *dpb = &decode->dpb[i];
		struct vb2_buffer *vb;

		vb = vb2_find_buffer(output->vb2_queue, dpb->timestamp);
		if (!vb || !cedrus_dec_h265_buffer_fits(ctx, vb, picture_size,
							mv_col_size))
			vb = output;

		cedrus_dec_h265_frame_info_fill(ctx, h265_job, i, vb,
						dpb->pic_order_cnt_val,
						dpb->field_pic);
	}

	return 0;
}

/*
 * Reference lists name DPB entries: each index must be one of the
 * num_active_dpb_entries the decode parameters describe (the frame info
 * table has nothing else). Also the low delay test of H.265 8.5.3.2.2
 * (no reference after the current picture in output order).
 */
static int
cedrus_dec_h265_job_prepare_ref_lists(struct cedrus_context *ctx,
				      struct cedrus_dec_h265_job *h265_job,
				      const struct cedrus_dec_h265_params *p,
				      bool *no_backward_pred)
{
	const struct v4l2_ctrl_hevc_slice_params *slice = p->slice;
	const struct v4l2_ctrl_hevc_decode_params *decode = p->decode;
	u64 tmvp = V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_TEMPORAL_MVP_ENABLED;
	u64 from_l0 = V4L2_HEVC_SLICE_PARAMS_FLAG_COLLOCATED_FROM_L0;
	unsigned int lists, list, i;

	*no_backward_pred = true;

	if (slice->slice_type == V4L2_HEVC_SLICE_TYPE_I)
		return 0;
	lists = slice->slice_type == V4L2_HEVC_SLICE_TYPE_B ? 2 : 1;

	for (list = 0; list < lists; list++) {
		const u8 *refs = list ? slice->ref_idx_l1 : slice->ref_idx_l0;
		unsigned int count = 1 + (list ?
			slice->num_ref_idx_l1_active_minus1 :
			slice->num_ref_idx_l0_active_minus1);

		for (i = 0; i < count; i++) {
			const struct v4l2_hevc_dpb_entry *dpb;
			u8 entry;

			if (refs[i] >= decode->num_active_dpb_entries) {
				dev_dbg(ctx->dev->dev,
					"list %u entry %u: DPB index %u of %u\n",
					list, i, refs[i],
					decode->num_active_dpb_entries);
				return -EINVAL;
			}

			dpb = &decode->dpb[refs[i]];
			if (dpb->pic_order_cnt_val > decode->pic_order_cnt_val)
				*no_backward_pred = false;

			entry = FIELD_PREP(VE_DEC_H265_SRAM_REF_DPB_INDEX,
					   refs[i]);
			if (dpb->flags &
			    V4L2_HEVC_DPB_ENTRY_LONG_TERM_REFERENCE)
				entry |= VE_DEC_H265_SRAM_REF_LONG_TERM;
			h265_job->ref_list[list][i] = entry;
		}

		h265_job->ref_count[list] = count;
	}

	/* collocated_ref_idx names an entry of the collocated list. */
	if (slice->flags & tmvp) {
		list = lists == 1 || (slice->flags & from_l0) ? 0 : 1;
		if (slice->collocated_ref_idx >= h265_job->ref_count[list])
			return -EINVAL;
	}

	return 0;
}

/* One 16-bit weight entry: delta weight (low byte), offset (high byte). */
static u32 cedrus_dec_h265_weight(s8 delta, s8 offset)
{
	return FIELD_PREP(VE_DEC_H265_SRAM_PRED_WEIGHT_OFFSET, (u8)offset) |
	       FIELD_PREP(VE_DEC_H265_SRAM_PRED_WEIGHT_DELTA, (u8)delta);
}

static void
cedrus_dec_h265_job_prepare_weights(struct cedrus_dec_h265_job *h265_job,
				    const struct cedrus_dec_h265_params *p)
{
	const struct v4l2_hevc_pred_weight_table *pwt =
		&p->slice->pred_weight_table;
	u64 pps_flags = p->pps->flags;
	unsigned int list, i;

	/*
	 * As mainline: list 0 tables with either weighted prediction flag,
	 * list 1 tables with weighted bi-prediction (unused lists have no
	 * entries).
	 */
	h265_job->pred_weights[0] = pps_flags &
		(V4L2_HEVC_PPS_FLAG_WEIGHTED_PRED |
		 V4L2_HEVC_PPS_FLAG_WEIGHTED_BIPRED);
	h265_job->pred_weights[1] = pps_flags &
		V4L2_HEVC_PPS_FLAG_WEIGHTED_BIPRED;

	for (list = 0; list < 2; list++) {
		const s8 *luma_delta = list ? pwt->delta_luma_weight_l1 :
					      pwt->delta_luma_weight_l0;
		const s8 *luma_offset = list ? pwt->luma_offset_l1 :
					       pwt->luma_offset_l0;
		const s8 (*chroma_delta)[2] = list ?
			pwt->delta_chroma_weight_l1 :
			pwt->delta_chroma_weight_l0;
		const s8 (*chroma_offset)[2] = list ? pwt->chroma_offset_l1 :
						      pwt->chroma_offset_l0;

		if (!h265_job->pred_weights[list])
			continue;

		/* Luma: two references a word, the even one in bits 15:0. */
		for (i = 0; i < h265_job->ref_count[list]; i++)
			h265_job->pred_weight_luma[list][i / 2] |=
				cedrus_dec_h265_weight(luma_delta[i],
						       luma_offset[i]) <<
				(16 * (i % 2));

		/* Chroma: one word a reference, Cb in bits 15:0, Cr above. */
		for (i = 0; i < h265_job->ref_count[list]; i++) {
			u32 cb = cedrus_dec_h265_weight(chroma_delta[i][0],
							chroma_offset[i][0]);
			u32 cr = cedrus_dec_h265_weight(chroma_delta[i][1],
							chroma_offset[i][1]);

			h265_job->pred_weight_chroma[list][i] = cb | cr << 16;
		}
	}
}

/*
 * The VE takes each list column by column (the transpose of the raster
 * order of the control), four coefficients a word, the first in bits 7:0.
 */
static u32 *cedrus_dec_h265_scaling_put(u32 *words, const u8 *list,
					unsigned int n)
{
	unsigned int col, row;

	for (col = 0; col < n; col++)
		for (row = 0; row < n; row += 4)
			*words++ = list[row * n + col] |
				   list[(row + 1) * n + col] << 8 |
				   list[(row + 2) * n + col] << 16 |
				   (u32)list[(row + 3) * n + col] << 24;

	return words;
}

static void
cedrus_dec_h265_job_prepare_scaling(struct cedrus_dec_h265_job *h265_job,
				    const struct cedrus_dec_h265_params *p)
{
	const struct v4l2_ctrl_hevc_scaling_matrix *m = p->scaling;
	u32 *words = h265_job->scaling;
	unsigned int i;

	if (!(p->sps->flags & V4L2_HEVC_SPS_FLAG_SCALING_LIST_ENABLED))
		return;

	h265_job->scaling_present = true;
	h265_job->scaling_dc[0] = m->scaling_list_dc_coef_16x16[0] |
				  m->scaling_list_dc_coef_16x16[1] << 8 |
				  m->scaling_list_dc_coef_32x32[0] << 16 |
				  (u32)m->scaling_list_dc_coef_32x32[1] << 24;
	h265_job->scaling_dc[1] = m->scaling_list_dc_coef_16x16[2] |
				  m->scaling_list_dc_coef_16x16[3] << 8 |
				  m->scaling_list_dc_coef_16x16[4] << 16 |
				  (u32)m->scaling_list_dc_coef_16x16[5] << 24;

	/* SRAM order: 8x8, 32x32, 16x16 (8x8 coefficients each), 4x4. */
	for (i = 0; i < ARRAY_SIZE(m->scaling_list_8x8); i++)
		words = cedrus_dec_h265_scaling_put(words,
						    m->scaling_list_8x8[i], 8);
	for (i = 0; i < ARRAY_SIZE(m->scaling_list_32x32); i++)
		words = cedrus_dec_h265_scaling_put(words,
						    m->scaling_list_32x32[i],
						    8);
	for (i = 0; i < ARRAY_SIZE(m->scaling_list_16x16); i++)
		words = cedrus_dec_h265_scaling_put(words,
						    m->scaling_list_16x16[i],
						    8);
	for (i = 0; i < ARRAY_SIZE(m->scaling_list_4x4); i++)
		words = cedrus_dec_h265_scaling_put(words,
						    m->scaling_list_4x4[i], 4);
}

/*
 * Tile column (or row) holding CTB @ctb among @count, and its first CTB in
 * *start. Past the last one (WPP without tiles: one tile of size 1, the
 * sizes being zero), the index @count and the CTB after the last tile, as
 * mainline computes them; the VE ignores the tile registers without tiles.
 */
static unsigned int cedrus_dec_h265_tile_find(const u8 *sizes_minus1,
					      unsigned int count,
					      unsigned int ctb,
					      unsigned int *start)
{
	unsigned int i, first = 0;

	for (i = 0; i < count; i++) {
		if (ctb < first + sizes_minus1[i] + 1)
			break;
		first += sizes_minus1[i] + 1;
	}

	*start = first;
	return i;
}

/* Size minus 1 of tile column or row @i of @count, 0 past the array. */
static unsigned int cedrus_dec_h265_tile_size(const u8 *sizes_minus1,
					      size_t array_size,
					      unsigned int i)
{
	return i < array_size ? sizes_minus1[i] : 0;
}

static u32 cedrus_dec_h265_tile_ctb(unsigned int x, unsigned int y)
{
	return FIELD_PREP(VE_DEC_H265_TILE_CTB_Y, y) |
	       FIELD_PREP(VE_DEC_H265_TILE_CTB_X, x);
}

/*
 * Tiles and WPP: the tile of the first CTB in TILE_START/END (with tiles,
 * the tile grid is checked against the picture first), and the entry
 * point table. With WPP each entry is the offset alone; with tiles only,
 * each entry also names the tile that starts there (offset, 0, first CTB,
 * last CTB), tiles following in raster order.
 */
static int
cedrus_dec_h265_job_prepare_tiles(struct cedrus_context *ctx,
				  struct cedrus_dec_h265_job *h265_job,
				  const struct cedrus_dec_h265_params *p,
				  const struct cedrus_dec_h265_ctbs *ctbs,
				  unsigned int ctb_x, unsigned int ctb_y)
{
	struct cedrus_dec_h265_context *h265_ctx = ctx->engine_ctx;
	const struct v4l2_ctrl_hevc_pps *pps = p->pps;
	const u8 *widths = pps->column_width_minus1;
	const u8 *heights = pps->row_height_minus1;
	size_t widths_size = ARRAY_SIZE(pps->column_width_minus1);
	size_t heights_size = ARRAY_SIZE(pps->row_height_minus1);
	unsigned int cols = pps->num_tile_columns_minus1 + 1;
	unsigned int rows = pps->num_tile_rows_minus1 + 1;
	unsigned int entries = p->slice->num_entry_point_offsets;
	unsigned int tx, ty, x, y, end_x, end_y, i, sum;
	u32 *table = h265_ctx->entry_points;

	if (!(pps->flags & (V4L2_HEVC_PPS_FLAG_TILES_ENABLED |
			    V4L2_HEVC_PPS_FLAG_ENTROPY_CODING_SYNC_ENABLED)))
		return entries ? -EINVAL : 0;

	/* Tile columns and rows must cover the picture exactly. */
	if (pps->flags & V4L2_HEVC_PPS_FLAG_TILES_ENABLED) {
		for (i = 0, sum = 0; i < cols; i++)
			sum += widths[i] + 1;
		if (sum != ctbs->width)
			return -EINVAL;
		for (i = 0, sum = 0; i < rows; i++)
			sum += heights[i] + 1;
		if (sum != ctbs->height)
			return -EINVAL;
	}

	tx = cedrus_dec_h265_tile_find(widths, cols, ctb_x, &x);
	ty = cedrus_dec_h265_tile_find(heights, rows, ctb_y, &y);
	end_x = x + cedrus_dec_h265_tile_size(widths, widths_size, tx);
	end_y = y + cedrus_dec_h265_tile_size(heights, heights_size, ty);
	h265_job->tile_start = cedrus_dec_h265_tile_ctb(x, y);
	h265_job->tile_end = cedrus_dec_h265_tile_ctb(end_x, end_y);

	if (pps->flags & V4L2_HEVC_PPS_FLAG_ENTROPY_CODING_SYNC_ENABLED) {
		/* One entry per CTB row of each tile after the first. */
		if (entries >= ctbs->height * cols)
			return -EINVAL;
		memcpy(table, p->entry_points, entries * sizeof(u32));
		return 0;
	}

	/*
	 * One entry per tile after the first: the tiles must exist (the grid
	 * covers the picture, so the first CTB's tile was found).
	 */
	if (ty * cols + tx + entries >= cols * rows)
		return -EINVAL;

	for (i = 0; i < entries; i++) {
		u32 *entry = &table[i * CEDRUS_DEC_H265_ENTRY_TILE_WORDS];

		if (tx + 1 < cols) {
			x += widths[tx++] + 1;
		} else {
			x = 0;
			tx = 0;
			y += heights[ty++] + 1;
		}

		entry[0] = p->entry_points[i];
		entry[1] = 0;
		entry[2] = cedrus_dec_h265_tile_ctb(x, y);
		entry[3] = cedrus_dec_h265_tile_ctb(x + widths[tx],
						    y + heights[ty]);
	}

	return 0;
}

/*
 * Slice segment fields checked against the SPS, the PPS, the decode
 * parameters and the buffers: all known only now.
 */
static int
cedrus_dec_h265_job_prepare_check(struct cedrus_context *ctx,
				  struct cedrus_job *job,
				  const struct cedrus_dec_h265_params *p,
				  const struct cedrus_dec_h265_ctbs *ctbs)
{
	const struct v4l2_pix_format_mplane *coded = &ctx->v4l2.format_coded;
	const struct v4l2_ctrl_hevc_slice_params *slice = p->slice;
	unsigned int payload = vb2_get_plane_payload(&job->coded->vb2_buf, 0);
	int qp_bd_offset = 6 * (cedrus_dec_h265_bit_depth(p->sps) - 8);
	int qp;

	/* One slice segment per request (slice-based decoding). */
	if (p->slice_ctrl->elems != 1)
		return -EINVAL;

	/* The VE writes a picture of the format's size, CTBs of the SPS's. */
	if (p->sps->pic_width_in_luma_samples > coded->width ||
	    p->sps->pic_height_in_luma_samples > coded->height) {
		dev_dbg(ctx->dev->dev, "SPS %ux%u larger than format %ux%u\n",
			p->sps->pic_width_in_luma_samples,
			p->sps->pic_height_in_luma_samples, coded->width,
			coded->height);
		return -EINVAL;
	}

	/* A bit depth the CAPTURE buffers were not sized for. */
	if (cedrus_dec_h265_bit_depth(p->sps) > max(ctx->bit_depth, 8U))
		return -EINVAL;

	if (slice->slice_segment_addr >= ctbs->width * ctbs->height) {
		dev_dbg(ctx->dev->dev, "slice_segment_addr %u past %u CTBs\n",
			slice->slice_segment_addr, ctbs->width * ctbs->height);
		return -EINVAL;
	}

	/*
	 * The byte holding the alignment bits (data_byte_offset - 1) lies
	 * inside the payload, after the 2-byte NAL unit header; the slice
	 * data may be empty, as mainline takes it. Checked here, not in
	 * ctrl_validate: the control's default (all zero) must stay valid.
	 */
	if (slice->data_byte_offset < 2 || slice->data_byte_offset > payload) {
		dev_dbg(ctx->dev->dev, "data_byte_offset %u, payload %u\n",
			slice->data_byte_offset, payload);
		return -EINVAL;
	}

	/* Exactly the offsets the slice header announces (mainline rule). */
	if (slice->num_entry_point_offsets &&
	    slice->num_entry_point_offsets != p->entry_points_ctrl->elems)
		return -EINVAL;

	/* SliceQpY in -QpBdOffsetY..51 (7-54). */
	qp = 26 + p->pps->init_qp_minus26 + slice->slice_qp_delta;
	if (qp < -qp_bd_offset || qp > 51) {
		dev_dbg(ctx->dev->dev, "SliceQpY %d\n", qp);
		return -EINVAL;
	}

	if (p->pps->diff_cu_qp_delta_depth >
	    p->sps->log2_diff_max_min_luma_coding_block_size)
		return -EINVAL;
	if (p->pps->log2_parallel_merge_level_minus2 + 2U > ctbs->log2_size)
		return -EINVAL;

	return 0;
}

static int
cedrus_dec_h265_job_prepare_stream(struct cedrus_context *ctx,
				   struct cedrus_job *job,
				   const struct cedrus_dec_h265_params *p)
{
	struct cedrus_dec_h265_job *h265_job = job->engine_job;
	struct vb2_buffer *vb = &job->coded->vb2_buf;
	dma_addr_t addr = vb2_dma_contig_plane_dma_addr(vb, 0);

	/* The VE takes the NAL unit's address without its low 8 bits. */
	if (!IS_ALIGNED(addr, CEDRUS_DEC_H265_ADDR_ALIGN))
		return -EINVAL;

	h265_job->bitstream_addr = addr;
	h265_job->bitstream_size = vb2_get_plane_payload(vb, 0);
	h265_job->header_bytes = p->slice->data_byte_offset - 1;

	return 0;
}

/* A V4L2 control flag and the register bit it sets. */
struct cedrus_dec_h265_flag {
	u64	v4l2;
	u32	reg;
};

#define CEDRUS_DEC_H265_FLAG(v4l2_flag, reg_bit) \
	{ .v4l2 = V4L2_HEVC_##v4l2_flag, .reg = VE_DEC_H265_##reg_bit }

static const struct cedrus_dec_h265_flag cedrus_dec_h265_sps_flags[] = {
	CEDRUS_DEC_H265_FLAG(SPS_FLAG_STRONG_INTRA_SMOOTHING_ENABLED,
			     SPS_STRONG_INTRA_SMOOTHING),
	CEDRUS_DEC_H265_FLAG(SPS_FLAG_SPS_TEMPORAL_MVP_ENABLED,
			     SPS_TEMPORAL_MVP),
	CEDRUS_DEC_H265_FLAG(SPS_FLAG_SAMPLE_ADAPTIVE_OFFSET, SPS_SAO),
	CEDRUS_DEC_H265_FLAG(SPS_FLAG_AMP_ENABLED, SPS_AMP),
};

static const struct cedrus_dec_h265_flag cedrus_dec_h265_pcm_flags[] = {
	CEDRUS_DEC_H265_FLAG(SPS_FLAG_PCM_ENABLED, PCM_CTRL_ENABLED),
	CEDRUS_DEC_H265_FLAG(SPS_FLAG_PCM_LOOP_FILTER_DISABLED,
			     PCM_CTRL_LOOP_FILTER_DISABLED),
};

static const struct cedrus_dec_h265_flag cedrus_dec_h265_pps0_flags[] = {
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_CU_QP_DELTA_ENABLED, PPS0_CU_QP_DELTA),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_TRANSFORM_SKIP_ENABLED,
			     PPS0_TRANSFORM_SKIP),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_CONSTRAINED_INTRA_PRED,
			     PPS0_CONSTRAINED_INTRA_PRED),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_SIGN_DATA_HIDING_ENABLED,
			     PPS0_SIGN_DATA_HIDING),
};

static const struct cedrus_dec_h265_flag cedrus_dec_h265_pps1_flags[] = {
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_PPS_LOOP_FILTER_ACROSS_SLICES_ENABLED,
			     PPS1_LF_ACROSS_SLICES),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_LOOP_FILTER_ACROSS_TILES_ENABLED,
			     PPS1_LF_ACROSS_TILES),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_ENTROPY_CODING_SYNC_ENABLED,
			     PPS1_ENTROPY_CODING_SYNC),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_TILES_ENABLED, PPS1_TILES),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_TRANSQUANT_BYPASS_ENABLED,
			     PPS1_TRANSQUANT_BYPASS),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_WEIGHTED_BIPRED, PPS1_WEIGHTED_BIPRED),
	CEDRUS_DEC_H265_FLAG(PPS_FLAG_WEIGHTED_PRED, PPS1_WEIGHTED_PRED),
};

static const struct cedrus_dec_h265_flag cedrus_dec_h265_shs0_flags[] = {
	CEDRUS_DEC_H265_FLAG(SLICE_PARAMS_FLAG_COLLOCATED_FROM_L0,
			     SHS0_COLLOCATED_FROM_L0),
	CEDRUS_DEC_H265_FLAG(SLICE_PARAMS_FLAG_CABAC_INIT, SHS0_CABAC_INIT),
	CEDRUS_DEC_H265_FLAG(SLICE_PARAMS_FLAG_MVD_L1_ZERO, SHS0_MVD_L1_ZERO),
	CEDRUS_DEC_H265_FLAG(SLICE_PARAMS_FLAG_SLICE_SAO_CHROMA,
			     SHS0_SAO_CHROMA),
	CEDRUS_DEC_H265_FLAG(SLICE_PARAMS_FLAG_SLICE_SAO_LUMA, SHS0_SAO_LUMA),
	CEDRUS_DEC_H265_FLAG(SLICE_PARAMS_FLAG_SLICE_TEMPORAL_MVP_ENABLED,
			     SHS0_TEMPORAL_MVP),
	CEDRUS_DEC_H265_FLAG(SLICE_PARAMS_FLAG_DEPENDENT_SLICE_SEGMENT,
			     SHS0_DEPENDENT_SLICE_SEGMENT),
};

static const struct cedrus_dec_h265_flag cedrus_dec_h265_shs1_flags[] = {
	CEDRUS_DEC_H265_FLAG(SLICE_PARAMS_FLAG_SLICE_DEBLOCKING_FILTER_DISABLED,
			     SHS1_DEBLOCKING_FILTER_DISABLED),
	{ V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_LOOP_FILTER_ACROSS_SLICES_ENABLED,
	  VE_DEC_H265_SHS1_LF_ACROSS_SLICES },
};

static u32 cedrus_dec_h265_flags(u64 flags,
				 const struct cedrus_dec_h265_flag *map,
				 unsigned int count)
{
	u32 reg = 0;
	unsigned int i;

	for (i = 0; i < count; i++)
		if (flags & map[i].v4l2)
			reg |= map[i].reg;

	return reg;
}

/*
 * Signed syntax elements go to their fields in two's complement:
 * FIELD_PREP() drops the sign bits above the field.
 */
#define CEDRUS_DEC_H265_SFIELD(field, val) \
	FIELD_PREP(field, (u32)(s32)(val))

static void
cedrus_dec_h265_job_prepare_regs(struct cedrus_context *ctx,
				 struct cedrus_dec_h265_job *h265_job,
				 const struct cedrus_dec_h265_params *p,
				 bool no_backward_pred)
{
	const struct v4l2_pix_format_mplane *coded = &ctx->v4l2.format_coded;
	const struct v4l2_ctrl_hevc_sps *sps = p->sps;
	const struct v4l2_ctrl_hevc_pps *pps = p->pps;
	const struct v4l2_ctrl_hevc_slice_params *slice = p->slice;
	const struct v4l2_hevc_pred_weight_table *pwt =
		&slice->pred_weight_table;
	bool field = cedrus_dec_h265_is_field(slice->pic_struct);

	h265_job->nal_hdr =
		FIELD_PREP(VE_DEC_H265_NAL_HDR_NUH_TEMPORAL_ID_PLUS1,
			   slice->nuh_temporal_id_plus1) |
		FIELD_PREP(VE_DEC_H265_NAL_HDR_NAL_UNIT_TYPE,
			   slice->nal_unit_type);

	h265_job->sps =
		cedrus_dec_h265_flags(sps->flags, cedrus_dec_h265_sps_flags,
				      ARRAY_SIZE(cedrus_dec_h265_sps_flags)) |
		FIELD_PREP(VE_DEC_H265_SPS_MAX_TH_DEPTH_INTRA,
			   sps->max_transform_hierarchy_depth_intra) |
		FIELD_PREP(VE_DEC_H265_SPS_MAX_TH_DEPTH_INTER,
			   sps->max_transform_hierarchy_depth_inter) |
		FIELD_PREP(VE_DEC_H265_SPS_LOG2_DIFF_MAX_MIN_TB,
			   sps->log2_diff_max_min_luma_transform_block_size) |
		FIELD_PREP(VE_DEC_H265_SPS_LOG2_MIN_TB_MINUS2,
			   sps->log2_min_luma_transform_block_size_minus2) |
		FIELD_PREP(VE_DEC_H265_SPS_LOG2_DIFF_MAX_MIN_CB,
			   sps->log2_diff_max_min_luma_coding_block_size) |
		FIELD_PREP(VE_DEC_H265_SPS_LOG2_MIN_CB_MINUS3,
			   sps->log2_min_luma_coding_block_size_minus3) |
		FIELD_PREP(VE_DEC_H265_SPS_BIT_DEPTH_CHROMA_MINUS8,
			   sps->bit_depth_chroma_minus8) |
		FIELD_PREP(VE_DEC_H265_SPS_BIT_DEPTH_LUMA_MINUS8,
			   sps->bit_depth_luma_minus8) |
		FIELD_PREP(VE_DEC_H265_SPS_CHROMA_FORMAT_IDC,
			   sps->chroma_format_idc);

	h265_job->pcm =
		cedrus_dec_h265_flags(sps->flags, cedrus_dec_h265_pcm_flags,
				      ARRAY_SIZE(cedrus_dec_h265_pcm_flags)) |
		FIELD_PREP(VE_DEC_H265_PCM_CTRL_LOG2_DIFF_MAX_MIN_CB,
			   sps->log2_diff_max_min_pcm_luma_coding_block_size) |
		FIELD_PREP(VE_DEC_H265_PCM_CTRL_LOG2_MIN_CB_MINUS3,
			   sps->log2_min_pcm_luma_coding_block_size_minus3) |
		FIELD_PREP(VE_DEC_H265_PCM_CTRL_BIT_DEPTH_CHROMA_MINUS1,
			   sps->pcm_sample_bit_depth_chroma_minus1) |
		FIELD_PREP(VE_DEC_H265_PCM_CTRL_BIT_DEPTH_LUMA_MINUS1,
			   sps->pcm_sample_bit_depth_luma_minus1);

	h265_job->pps0 =
		cedrus_dec_h265_flags(pps->flags, cedrus_dec_h265_pps0_flags,
				      ARRAY_SIZE(cedrus_dec_h265_pps0_flags)) |
		CEDRUS_DEC_H265_SFIELD(VE_DEC_H265_PPS0_CR_QP_OFFSET,
				       pps->pps_cr_qp_offset) |
		CEDRUS_DEC_H265_SFIELD(VE_DEC_H265_PPS0_CB_QP_OFFSET,
				       pps->pps_cb_qp_offset) |
		CEDRUS_DEC_H265_SFIELD(VE_DEC_H265_PPS0_INIT_QP_MINUS26,
				       pps->init_qp_minus26) |
		FIELD_PREP(VE_DEC_H265_PPS0_DIFF_CU_QP_DELTA_DEPTH,
			   pps->diff_cu_qp_delta_depth);

	h265_job->pps1 =
		cedrus_dec_h265_flags(pps->flags, cedrus_dec_h265_pps1_flags,
				      ARRAY_SIZE(cedrus_dec_h265_pps1_flags)) |
		FIELD_PREP(VE_DEC_H265_PPS1_LOG2_PAR_MRG_LEVEL_MINUS2,
			   pps->log2_parallel_merge_level_minus2);

	h265_job->shs0 =
		cedrus_dec_h265_flags(slice->flags, cedrus_dec_h265_shs0_flags,
				      ARRAY_SIZE(cedrus_dec_h265_shs0_flags)) |
		FIELD_PREP(VE_DEC_H265_SHS0_PICTURE_TYPE,
			   field ? slice->pic_struct : 0) |
		FIELD_PREP(VE_DEC_H265_SHS0_FIVE_MINUS_MAX_MERGE_CAND,
			   slice->five_minus_max_num_merge_cand) |
		FIELD_PREP(VE_DEC_H265_SHS0_NUM_REF_IDX_L1_ACTIVE_MINUS1,
			   slice->num_ref_idx_l1_active_minus1) |
		FIELD_PREP(VE_DEC_H265_SHS0_NUM_REF_IDX_L0_ACTIVE_MINUS1,
			   slice->num_ref_idx_l0_active_minus1) |
		FIELD_PREP(VE_DEC_H265_SHS0_COLLOCATED_REF_IDX,
			   slice->collocated_ref_idx) |
		FIELD_PREP(VE_DEC_H265_SHS0_SLICE_TYPE, slice->slice_type) |
		(h265_job->first_slice ?
		 VE_DEC_H265_SHS0_FIRST_SLICE_SEGMENT_IN_PIC : 0);

	/*
	 * The bit mainline calls NOT_LOW_DELAY is set when no reference
	 * follows the picture in output order (what H.265 calls low delay).
	 */
	h265_job->shs1 =
		cedrus_dec_h265_flags(slice->flags, cedrus_dec_h265_shs1_flags,
				      ARRAY_SIZE(cedrus_dec_h265_shs1_flags)) |
		CEDRUS_DEC_H265_SFIELD(VE_DEC_H265_SHS1_TC_OFFSET_DIV2,
				       slice->slice_tc_offset_div2) |
		CEDRUS_DEC_H265_SFIELD(VE_DEC_H265_SHS1_BETA_OFFSET_DIV2,
				       slice->slice_beta_offset_div2) |
		(slice->slice_type != V4L2_HEVC_SLICE_TYPE_I &&
		 no_backward_pred ? VE_DEC_H265_SHS1_NOT_LOW_DELAY : 0) |
		CEDRUS_DEC_H265_SFIELD(VE_DEC_H265_SHS1_CR_QP_OFFSET,
				       slice->slice_cr_qp_offset) |
		CEDRUS_DEC_H265_SFIELD(VE_DEC_H265_SHS1_CB_QP_OFFSET,
				       slice->slice_cb_qp_offset) |
		CEDRUS_DEC_H265_SFIELD(VE_DEC_H265_SHS1_QP_DELTA,
				       slice->slice_qp_delta);

	h265_job->shs2 =
		FIELD_PREP(VE_DEC_H265_SHS2_NUM_ENTRY_POINT_OFFSETS,
			   slice->num_entry_point_offsets) |
		FIELD_PREP(VE_DEC_H265_SHS2_CHROMA_LOG2_WEIGHT_DENOM,
			   pwt->luma_log2_weight_denom +
			   pwt->delta_chroma_log2_weight_denom) |
		FIELD_PREP(VE_DEC_H265_SHS2_LUMA_LOG2_WEIGHT_DENOM,
			   pwt->luma_log2_weight_denom);

	h265_job->pic_size =
		FIELD_PREP(VE_DEC_H265_PIC_SIZE_HEIGHT, coded->height) |
		FIELD_PREP(VE_DEC_H265_PIC_SIZE_WIDTH, coded->width);
}

static int cedrus_dec_h265_job_prepare(struct cedrus_context *ctx,
				       struct cedrus_job *job)
{
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	struct cedrus_dec_h265_job *h265_job = job->engine_job;
	struct cedrus_dec_h265_params p;
	struct cedrus_dec_h265_ctbs ctbs;
	unsigned int ctb_x, ctb_y;
	size_t picture_size, mv_col_size;
	bool no_backward_pred;
	int ret;

	/* DO NOT hold the handler lock here: v4l2_ctrl_find() takes it. */
	ret = cedrus_dec_h265_params_find(ctx, &p);
	if (ret)
		return ret;

	/*
	 * DO NOT drop the handler lock before the job is fully computed: a
	 * concurrent S_CTRL could change the SPS between checks and use.
	 */
	mutex_lock(ctx->v4l2.hdl.lock);
	cedrus_dec_h265_params_sample(&p);

	cedrus_dec_h265_ctbs_get(p.sps, &ctbs);

	ret = cedrus_dec_h265_job_prepare_check(ctx, job, &p, &ctbs);
	if (ret)
		goto out_unlock;

	ret = cedrus_dec_h265_job_prepare_stream(ctx, job, &p);
	if (ret)
		goto out_unlock;

	/* The format's picture plus, for 10-bit, the 2-bit area. */
	picture_size = pix->plane_fmt[0].sizeimage;
	if (cedrus_dec_h265_bit_depth(p.sps) > 8) {
		h265_job->two_bit_stride =
			cedrus_dec_h265_two_bit_stride(pix->width);
		h265_job->two_bit_offset = picture_size -
			cedrus_dec_h265_picture_extra_size(ctx, pix);
	}
	mv_col_size = cedrus_dec_h265_mv_col_size(pix->width, pix->height,
						  ctbs.log2_size);

	ret = cedrus_dec_h265_job_prepare_frames(ctx, job, &p, picture_size,
						 mv_col_size);
	if (ret)
		goto out_unlock;

	ret = cedrus_dec_h265_job_prepare_ref_lists(ctx, h265_job, &p,
						    &no_backward_pred);
	if (ret)
		goto out_unlock;

	ctb_x = p.slice->slice_segment_addr % ctbs.width;
	ctb_y = p.slice->slice_segment_addr / ctbs.width;
	h265_job->ctb_addr = FIELD_PREP(VE_DEC_H265_CTB_ADDR_Y, ctb_y) |
			     FIELD_PREP(VE_DEC_H265_CTB_ADDR_X, ctb_x);

	ret = cedrus_dec_h265_job_prepare_tiles(ctx, h265_job, &p, &ctbs,
						ctb_x, ctb_y);
	if (ret)
		goto out_unlock;

	cedrus_dec_h265_job_prepare_weights(h265_job, &p);
	cedrus_dec_h265_job_prepare_scaling(h265_job, &p);

	h265_job->first_slice = ctx->v4l2.fh.m2m_ctx->new_frame;
	cedrus_dec_h265_job_prepare_regs(ctx, h265_job, &p, no_backward_pred);

out_unlock:
	mutex_unlock(ctx->v4l2.hdl.lock);
	return ret;
}

/* Job: configure (registers) */

/*
 * The VE expects its reader at the end of the slice segment header, on
 * the alignment bit that precedes slice_segment_data() (a one, then zeros
 * up to the byte boundary: 7.3.2.11), not at the slice data: skip the
 * whole bytes before the byte holding it, read that byte with SHOW_BITS,
 * and skip the header bits above its lowest set bit.
 */
static int
cedrus_dec_h265_configure_reader(struct cedrus_device *dev,
				 struct cedrus_dec_h265_job *h265_job)
{
	const struct cedrus_dec_block *blk = &cedrus_dec_block_h265;
	u32 last_byte;
	int ret;

	cedrus_write(dev, VE_DEC_H265_TRIGGER_REG,
		     VE_DEC_H265_TRIGGER_TYPE_INIT_SWDEC);

	ret = cedrus_dec_flush_bits(dev, blk, h265_job->header_bytes * 8);
	if (ret)
		return ret;

	cedrus_write(dev, VE_DEC_H265_TRIGGER_REG,
		     FIELD_PREP(VE_DEC_H265_TRIGGER_N_BITS, 8) |
		     VE_DEC_H265_TRIGGER_TYPE_SHOW_BITS);
	ret = cedrus_poll_cleared(dev, VE_DEC_H265_STATUS_REG,
				  VE_DEC_H265_STATUS_VLD_BUSY);
	if (ret)
		return ret;

	last_byte = cedrus_read(dev, VE_DEC_H265_BITS_READ_REG) & 0xff;
	if (!last_byte) {
		dev_dbg(dev->dev, "no alignment bit before slice data\n");
		return -EINVAL;
	}

	/* The header bits above the lowest set one. */
	return cedrus_dec_flush_bits(dev, blk, 7 - __ffs(last_byte));
}

static void
cedrus_dec_h265_configure_bitstream(struct cedrus_device *dev,
				    struct cedrus_dec_h265_job *h265_job)
{
	dma_addr_t addr = h265_job->bitstream_addr;

	cedrus_write(dev, VE_DEC_H265_BITS_OFFSET_REG, 0);
	cedrus_write(dev, VE_DEC_H265_BITS_LEN_REG,
		     h265_job->bitstream_size * 8);
	/* One buffer holds the whole slice segment: first, last, valid. */
	cedrus_write(dev, VE_DEC_H265_BITS_ADDR_REG,
		     VE_DEC_H265_BITS_ADDR_FIRST | VE_DEC_H265_BITS_ADDR_LAST |
		     VE_DEC_H265_BITS_ADDR_VALID |
		     FIELD_PREP(VE_DEC_H265_BITS_ADDR_BASE, addr >> 8));
	cedrus_write(dev, VE_DEC_H265_BITS_END_ADDR_REG,
		     (addr + h265_job->bitstream_size) >> 8);
}

static void
cedrus_dec_h265_configure_tables(struct cedrus_context *ctx,
				 struct cedrus_dec_h265_job *h265_job)
{
	static const u32 ref_list_offset[2] = {
		VE_DEC_H265_SRAM_REF_LIST0, VE_DEC_H265_SRAM_REF_LIST1,
	};
	static const u32 luma_offset[2] = {
		VE_DEC_H265_SRAM_PRED_WEIGHT_LUMA_L0,
		VE_DEC_H265_SRAM_PRED_WEIGHT_LUMA_L1,
	};
	static const u32 chroma_offset[2] = {
		VE_DEC_H265_SRAM_PRED_WEIGHT_CHROMA_L0,
		VE_DEC_H265_SRAM_PRED_WEIGHT_CHROMA_L1,
	};
	const struct cedrus_dec_block *blk = ctx->engine->dec_block;
	struct cedrus_device *dev = ctx->dev;
	unsigned int i, list;

	for (i = 0; i < CEDRUS_DEC_H265_FRAME_COUNT; i++) {
		if (!(h265_job->frame_valid & BIT(i)))
			continue;
		cedrus_dec_sram_write(dev, blk, VE_DEC_H265_SRAM_FRAME_INFO +
				      i * VE_DEC_H265_SRAM_FRAME_INFO_UNIT,
				      h265_job->frame_info[i],
				      CEDRUS_DEC_H265_FRAME_INFO_WORDS);
	}
	cedrus_write(dev, VE_DEC_H265_OUTPUT_FRAME_IDX_REG,
		     CEDRUS_DEC_H265_OUTPUT_INDEX);

	for (list = 0; list < 2; list++) {
		unsigned int count = h265_job->ref_count[list];

		if (!count)
			continue;

		cedrus_dec_sram_write_bytes(dev, blk, ref_list_offset[list],
					    h265_job->ref_list[list], count);
		if (!h265_job->pred_weights[list])
			continue;

		cedrus_dec_sram_write(dev, blk, luma_offset[list],
				      h265_job->pred_weight_luma[list],
				      DIV_ROUND_UP(count, 2));
		cedrus_dec_sram_write(dev, blk, chroma_offset[list],
				      h265_job->pred_weight_chroma[list],
				      count);
	}
}

static int cedrus_dec_h265_job_configure(struct cedrus_context *ctx,
					 struct cedrus_job *job)
{
	struct cedrus_dec_h265_context *h265_ctx = ctx->engine_ctx;
	struct cedrus_dec_h265_job *h265_job = job->engine_job;
	const struct cedrus_dec_block *blk = ctx->engine->dec_block;
	struct cedrus_device *dev = ctx->dev;
	int ret;

	/*
	 * The steps follow mainline's order. Step 0, the H.265 decoder mode
	 * (ve_mode) with the width flags and the picture output layout, is
	 * the role's: cedrus_dec.c did it before this op.
	 */

	/* Step 1: the slice segment NAL unit and its first CTB. */
	cedrus_dec_h265_configure_bitstream(dev, h265_job);
	cedrus_write(dev, VE_DEC_H265_CTB_ADDR_REG, h265_job->ctb_addr);
	cedrus_write(dev, VE_DEC_H265_TILE_START_CTB_REG, h265_job->tile_start);
	cedrus_write(dev, VE_DEC_H265_TILE_END_CTB_REG, h265_job->tile_end);

	/* A new picture: no CTB decoded yet. */
	if (h265_job->first_slice)
		cedrus_write(dev, VE_DEC_H265_CTB_NUM_REG, 0);

	/* Step 2: move the reader to slice_segment_data(). */
	ret = cedrus_dec_h265_configure_reader(dev, h265_job);
	if (ret)
		return ret;

	/* Step 3: parameter sets and slice segment header. */
	cedrus_write(dev, VE_DEC_H265_NAL_HDR_REG, h265_job->nal_hdr);
	cedrus_write(dev, VE_DEC_H265_SPS_REG, h265_job->sps);
	cedrus_write(dev, VE_DEC_H265_PCM_CTRL_REG, h265_job->pcm);
	cedrus_write(dev, VE_DEC_H265_PPS0_REG, h265_job->pps0);
	cedrus_write(dev, VE_DEC_H265_PPS1_REG, h265_job->pps1);
	cedrus_write(dev, VE_DEC_H265_SHS0_REG, h265_job->shs0);
	cedrus_write(dev, VE_DEC_H265_SHS1_REG, h265_job->shs1);
	cedrus_write(dev, VE_DEC_H265_SHS2_REG, h265_job->shs2);
	cedrus_write(dev, VE_DEC_H265_ENTRY_POINTS_ADDR_REG,
		     h265_ctx->entry_points_addr >> 8);
	cedrus_write(dev, VE_DEC_H265_PIC_SIZE_REG, h265_job->pic_size);

	/* Step 4: scaling lists, else the default ones. */
	if (h265_job->scaling_present) {
		cedrus_write(dev, VE_DEC_H265_SCALING_DC0_REG,
			     h265_job->scaling_dc[0]);
		cedrus_write(dev, VE_DEC_H265_SCALING_DC1_REG,
			     h265_job->scaling_dc[1]);
		cedrus_dec_sram_write(dev, blk, VE_DEC_H265_SRAM_SCALING_LISTS,
				      h265_job->scaling,
				      CEDRUS_DEC_H265_SCALING_WORDS);
		cedrus_write(dev, VE_DEC_H265_SCALING_LIST_CTRL_REG,
			     VE_DEC_H265_SCALING_LIST_CTRL_ENABLED |
			     VE_DEC_H265_SCALING_LIST_CTRL_SOURCE_SRAM);
	} else {
		cedrus_write(dev, VE_DEC_H265_SCALING_LIST_CTRL_REG,
			     VE_DEC_H265_SCALING_LIST_CTRL_SOURCE_DEFAULT);
	}

	/* Step 5: scratch buffer, pictures, reference lists and weights. */
	cedrus_write(dev, VE_DEC_H265_NEIGHBOR_INFO_ADDR_REG,
		     h265_ctx->neighbor_info.addr >> 8);
	cedrus_dec_h265_configure_tables(ctx, h265_job);

	/* Step 6: 10-bit output, the 2-bit area after the picture. */
	if (h265_job->two_bit_stride) {
		u32 stride = h265_job->two_bit_stride;

		cedrus_write(dev, VE_DEC_H265_FIRST_OUT_2BIT_OFFSET_REG,
			     h265_job->two_bit_offset);
		cedrus_write(dev, VE_DEC_H265_10BIT_CONFIG_REG,
			     FIELD_PREP(VE_DEC_H265_10BIT_CONFIG_2BIT_STRIDE,
					stride));
	}

	return 0;
}

/* Job: trigger and IRQ */

static void cedrus_dec_h265_job_trigger(struct cedrus_context *ctx,
					struct cedrus_job *job)
{
	struct cedrus_device *dev = ctx->dev;

	cedrus_dec_irq_enable(ctx);
	cedrus_write(dev, VE_DEC_H265_TRIGGER_REG,
		     VE_DEC_H265_TRIGGER_TYPE_DEC_SLICE);
}

/* Engine description */

/*
 * Default SPS: a valid one (an all-zero SPS is not: no chroma format, no
 * size), for the format's default size, so that the control's default
 * value passes ctrl_validate. Userspace sets the stream's before a job.
 */
static const struct v4l2_ctrl_hevc_sps cedrus_dec_h265_sps_default = {
	.pic_width_in_luma_samples			= 1280,
	.pic_height_in_luma_samples			= 720,
	.chroma_format_idc				= 1,
	.log2_diff_max_min_luma_coding_block_size	= 1,
	.log2_diff_max_min_luma_transform_block_size	= 2,
};

static const struct v4l2_ctrl_config cedrus_dec_h265_ctrls[] = {
	{
		.id		= V4L2_CID_STATELESS_HEVC_SPS,
		.p_def.p_const	= &cedrus_dec_h265_sps_default,
	}, {
		.id	= V4L2_CID_STATELESS_HEVC_PPS,
	}, {
		/* Slice-based decoding: one slice segment per request. */
		.id	= V4L2_CID_STATELESS_HEVC_SLICE_PARAMS,
		.dims	= { 1 },
	}, {
		.id	= V4L2_CID_STATELESS_HEVC_SCALING_MATRIX,
	}, {
		.id	= V4L2_CID_STATELESS_HEVC_DECODE_PARAMS,
	}, {
		.id	= V4L2_CID_STATELESS_HEVC_ENTRY_POINT_OFFSETS,
		.dims	= { CEDRUS_DEC_H265_ENTRY_POINTS_MAX },
		.max	= 0xffffffff,
		.step	= 1,
	}, {
		.id	= V4L2_CID_STATELESS_HEVC_DECODE_MODE,
		.min	= V4L2_STATELESS_HEVC_DECODE_MODE_SLICE_BASED,
		.max	= V4L2_STATELESS_HEVC_DECODE_MODE_SLICE_BASED,
		.def	= V4L2_STATELESS_HEVC_DECODE_MODE_SLICE_BASED,
	}, {
		/* The NAL unit without start code: data_byte_offset counts. */
		.id	= V4L2_CID_STATELESS_HEVC_START_CODE,
		.min	= V4L2_STATELESS_HEVC_START_CODE_NONE,
		.max	= V4L2_STATELESS_HEVC_START_CODE_NONE,
		.def	= V4L2_STATELESS_HEVC_START_CODE_NONE,
	},
};

static const struct cedrus_engine_ops cedrus_dec_h265_ops = {
	.ctrl_validate		= cedrus_dec_h265_ctrl_validate,
	.ctrl_prepare		= cedrus_dec_h265_ctrl_prepare,

	.setup			= cedrus_dec_h265_setup,
	.cleanup		= cedrus_dec_h265_cleanup,
	.buffer_setup		= cedrus_dec_h265_buffer_setup,
	.buffer_cleanup		= cedrus_dec_h265_buffer_cleanup,
	.picture_extra_size	= cedrus_dec_h265_picture_extra_size,

	.job_prepare		= cedrus_dec_h265_job_prepare,
	.job_configure		= cedrus_dec_h265_job_configure,
	.job_trigger		= cedrus_dec_h265_job_trigger,

	.irq_status		= cedrus_dec_irq_status,
	.irq_clear		= cedrus_dec_irq_clear,
	.irq_disable		= cedrus_dec_irq_disable,
};

const struct cedrus_engine cedrus_dec_h265 = {
	.name			= "h265-dec",
	.role			= CEDRUS_ROLE_DECODER,
	.capabilities		= CEDRUS_CAPABILITY_H265_DEC,
	.pixelformat		= V4L2_PIX_FMT_HEVC_SLICE,
	.ve_mode		= VE_MODE_DEC_H265,
	.ops			= &cedrus_dec_h265_ops,
	.ctrls			= cedrus_dec_h265_ctrls,
	.ctrls_count		= ARRAY_SIZE(cedrus_dec_h265_ctrls),
	.frmsize		= {
		.min_width	= 16,
		.max_width	= CEDRUS_DEC_H265_WIDTH_MAX,
		.step_width	= 8,
		.min_height	= 16,
		.max_height	= CEDRUS_DEC_H265_HEIGHT_MAX,
		.step_height	= 8,
	},
	.dec_block		= &cedrus_dec_block_h265,
	.requires_requests	= true,
	.ctx_size		= sizeof(struct cedrus_dec_h265_context),
	.job_size		= sizeof(struct cedrus_dec_h265_job),
	.buffer_size		= sizeof(struct cedrus_dec_h265_buffer),
};
