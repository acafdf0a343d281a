// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: stateless H.264 decode engine.
 *
 * One job decodes one slice (V4L2 slice-based decode mode); the slices of a
 * picture arrive as consecutive requests that share the CAPTURE buffer
 * (V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF). The engine works from the V4L2
 * stateless controls: userspace has parsed the SPS, PPS and slice header,
 * the VE parses slice_data() only.
 *
 * What the VE needs beyond registers:
 * - a table in its SRAM describing every picture it may touch (the frame
 *   info table: picture order counts, buffer addresses), in which each
 *   picture keeps the same index ("position") for as long as it is in the
 *   DPB, because the VE's own picture info buffer is indexed by position;
 * - reference picture lists 0 and 1 as lists of positions, in SRAM;
 * - scaling lists and the explicit prediction weight table, in SRAM;
 * - per-context DRAM scratch buffers (picture info, neighbour info, and the
 *   deblocking/intra-prediction line buffers for pictures wider than 2048);
 * - per-picture co-located motion vector buffers, read back when the
 *   picture is the co-located picture of a B slice in direct mode.
 */

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/dma-mapping.h>
#include <linux/sizes.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-mem2mem.h>
#include <media/videobuf2-dma-contig.h>
#include <media/videobuf2-v4l2.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_dec.h"
#include "cedrus_dec_h264.h"
#include "cedrus_engine.h"
#include "cedrus_regs.h"

/* Neighbour info buffer: 32 KiB, the VE needs it 16 KiB aligned. */
#define CEDRUS_DEC_H264_NEIGHBOR_INFO_SIZE	SZ_32K

/*
 * Picture info buffer: per position 4 KiB (16 KiB for pictures wider than
 * 2048), plus 2 x 64 bytes per line of the picture (both fields), at least
 * 130 KiB. Sizes from the vendor library (CedarX), as used by mainline.
 */
#define CEDRUS_DEC_H264_PIC_INFO_UNIT		SZ_4K
#define CEDRUS_DEC_H264_PIC_INFO_UNIT_WIDE	SZ_16K
#define CEDRUS_DEC_H264_PIC_INFO_LINE		(2 * 64)
#define CEDRUS_DEC_H264_PIC_INFO_MIN		(130 * SZ_1K)

/* Above this width the line buffers no longer fit in the VE SRAM. */
#define CEDRUS_DEC_H264_WIDE_WIDTH		2048

/*
 * Co-located motion vectors (vendor formula): 16 bytes per macroblock and
 * field, doubled without direct_8x8_inference, doubled again when the
 * stream may code field macroblocks (frame_mbs_only_flag clear).
 */
#define CEDRUS_DEC_H264_MV_COL_MB_BYTES		16

/* Largest picture: level 5.1 frame size (36864 MBs), 4096 x 2304. */
#define CEDRUS_DEC_H264_WIDTH_MAX		4096
#define CEDRUS_DEC_H264_HEIGHT_MAX		2304

/* Frame info table entry: word index of each field. */
enum cedrus_dec_h264_frame_info_word {
	CEDRUS_DEC_H264_FI_TOP_POC,
	CEDRUS_DEC_H264_FI_BOTTOM_POC,
	CEDRUS_DEC_H264_FI_INFO,
	CEDRUS_DEC_H264_FI_LUMA_ADDR,
	CEDRUS_DEC_H264_FI_CHROMA_ADDR,
	CEDRUS_DEC_H264_FI_MV_COL_TOP_ADDR,
	CEDRUS_DEC_H264_FI_MV_COL_BOTTOM_ADDR,
};

/*
 * The controls one job reads: pointers to their current values, found
 * without the control handler lock and read with it.
 */
struct cedrus_dec_h264_params {
	const struct v4l2_ctrl_h264_decode_params	*decode;
	const struct v4l2_ctrl_h264_slice_params	*slice;
	const struct v4l2_ctrl_h264_sps			*sps;
	const struct v4l2_ctrl_h264_pps			*pps;
	const struct v4l2_ctrl_h264_scaling_matrix	*scaling;
	const struct v4l2_ctrl_h264_pred_weights	*weights;
	const s32					*start_code_value;
	s32						start_code;
};

static bool cedrus_dec_h264_is_wide(struct cedrus_context *ctx)
{
	return ctx->v4l2.format_coded.width > CEDRUS_DEC_H264_WIDE_WIDTH;
}

static size_t cedrus_dec_h264_pic_info_size(unsigned int height, bool wide)
{
	size_t size;

	size = CEDRUS_DEC_H264_FRAME_COUNT *
	       (wide ? CEDRUS_DEC_H264_PIC_INFO_UNIT_WIDE :
		       CEDRUS_DEC_H264_PIC_INFO_UNIT);
	/* FIXME: progressive streams need only half of the per-line part. */
	size += height * CEDRUS_DEC_H264_PIC_INFO_LINE;

	return max_t(size_t, size, CEDRUS_DEC_H264_PIC_INFO_MIN);
}

/*
 * Size of the co-located MV buffer of a picture of width_mbs x height_mbs
 * macroblocks (frame height), both fields.
 */
static size_t cedrus_dec_h264_mv_col_size(unsigned int width_mbs,
					  unsigned int height_mbs,
					  bool direct_8x8_inference,
					  bool frame_mbs_only)
{
	size_t field_size;

	field_size = width_mbs * height_mbs * CEDRUS_DEC_H264_MV_COL_MB_BYTES;
	if (!direct_8x8_inference)
		field_size *= 2;
	if (!frame_mbs_only)
		field_size *= 2;

	return field_size * 2;
}

static unsigned int cedrus_dec_h264_width_mbs(struct cedrus_context *ctx)
{
	return DIV_ROUND_UP(ctx->v4l2.format_picture.width, 16);
}

static unsigned int cedrus_dec_h264_height_mbs(struct cedrus_context *ctx)
{
	return DIV_ROUND_UP(ctx->v4l2.format_picture.height, 16);
}

static int cedrus_dec_h264_setup(struct cedrus_context *ctx)
{
	struct cedrus_dec_h264_context *h264_ctx = ctx->engine_ctx;
	/* Room for the largest picture format derived from the coded one. */
	unsigned int width = ALIGN(ctx->v4l2.format_coded.width, 32);
	unsigned int height = ALIGN(ctx->v4l2.format_coded.height, 32);
	bool wide = cedrus_dec_h264_is_wide(ctx);
	int ret;

	ret = cedrus_dma_buf_alloc(ctx->dev, &h264_ctx->pic_info,
				   cedrus_dec_h264_pic_info_size(height, wide));
	if (ret)
		return ret;

	/*
	 * dma_alloc_attrs() aligns the bus address on the allocation order,
	 * so 32 KiB gives the 16 KiB alignment the VE needs.
	 */
	ret = cedrus_dma_buf_alloc(ctx->dev, &h264_ctx->neighbor_info,
				   CEDRUS_DEC_H264_NEIGHBOR_INFO_SIZE);
	if (ret)
		goto error_pic_info;

	if (!wide)
		return 0;

	/* Line buffer sizes from the vendor library (CedarX). */
	ret = cedrus_dma_buf_alloc(ctx->dev, &h264_ctx->deblock,
				   ALIGN(width, 32) * 12);
	if (ret)
		goto error_neighbor_info;

	/* Twice the vendor size: 4K decoding on the H6 needs it. */
	ret = cedrus_dma_buf_alloc(ctx->dev, &h264_ctx->intra_pred,
				   ALIGN(width, 64) * 5 * 2);
	if (ret)
		goto error_deblock;

	return 0;

error_deblock:
	cedrus_dma_buf_free(ctx->dev, &h264_ctx->deblock);
error_neighbor_info:
	cedrus_dma_buf_free(ctx->dev, &h264_ctx->neighbor_info);
error_pic_info:
	cedrus_dma_buf_free(ctx->dev, &h264_ctx->pic_info);
	return ret;
}

static void cedrus_dec_h264_cleanup(struct cedrus_context *ctx)
{
	struct cedrus_dec_h264_context *h264_ctx = ctx->engine_ctx;

	cedrus_dma_buf_free(ctx->dev, &h264_ctx->intra_pred);
	cedrus_dma_buf_free(ctx->dev, &h264_ctx->deblock);
	cedrus_dma_buf_free(ctx->dev, &h264_ctx->neighbor_info);
	cedrus_dma_buf_free(ctx->dev, &h264_ctx->pic_info);
}

/*
 * Called for CAPTURE (picture) buffers. The co-located MV buffer is sized
 * for the worst case the picture format allows (no direct_8x8_inference,
 * interlaced), so that any SPS that fits the format fits the buffer: the
 * SPS is only known at job time.
 */
static int cedrus_dec_h264_buffer_setup(struct cedrus_context *ctx,
					struct cedrus_buffer *buf)
{
	struct cedrus_dec_h264_buffer *h264_buf = buf->engine_buffer;
	size_t size;

	size = cedrus_dec_h264_mv_col_size(cedrus_dec_h264_width_mbs(ctx),
					   cedrus_dec_h264_height_mbs(ctx),
					   false, false);

	return cedrus_dma_buf_alloc(ctx->dev, &h264_buf->mv_col, size);
}

static void cedrus_dec_h264_buffer_cleanup(struct cedrus_context *ctx,
					   struct cedrus_buffer *buf)
{
	struct cedrus_dec_h264_buffer *h264_buf = buf->engine_buffer;

	cedrus_dma_buf_free(ctx->dev, &h264_buf->mv_col);
}

/* Controls */

static int cedrus_dec_h264_sps_validate(const struct v4l2_ctrl_h264_sps *sps)
{
	unsigned int width_mbs = sps->pic_width_in_mbs_minus1 + 1;
	unsigned int height_mbs = sps->pic_height_in_map_units_minus1 + 1;

	/* The VE decodes 8-bit 4:2:0 only. */
	if (sps->chroma_format_idc != 1)
		return -EINVAL;
	if (sps->bit_depth_luma_minus8 || sps->bit_depth_chroma_minus8)
		return -EINVAL;

	/* Map units are macroblock pairs unless frame_mbs_only_flag. */
	if (!(sps->flags & V4L2_H264_SPS_FLAG_FRAME_MBS_ONLY))
		height_mbs *= 2;

	if (width_mbs * 16 > CEDRUS_DEC_H264_WIDTH_MAX ||
	    height_mbs * 16 > CEDRUS_DEC_H264_HEIGHT_MAX)
		return -EINVAL;

	return 0;
}

static int cedrus_dec_h264_ctrl_validate(struct cedrus_context *ctx,
					 struct v4l2_ctrl *ctrl)
{
	switch (ctrl->id) {
	case V4L2_CID_STATELESS_H264_SPS:
		return cedrus_dec_h264_sps_validate(ctrl->p_new.p_h264_sps);
	default:
		return 0;
	}
}

/* Current value of a control: the request's, once the core applied it. */
static const void *cedrus_dec_h264_ctrl_data(struct cedrus_context *ctx,
					     u32 id)
{
	struct v4l2_ctrl *ctrl = cedrus_context_ctrl_find(ctx, id);

	if (WARN_ON(!ctrl))
		return NULL;

	return ctrl->p_cur.p;
}

static int cedrus_dec_h264_params_sample(struct cedrus_context *ctx,
					 struct cedrus_dec_h264_params *params)
{
	u32 id;

	id = V4L2_CID_STATELESS_H264_DECODE_PARAMS;
	params->decode = cedrus_dec_h264_ctrl_data(ctx, id);
	id = V4L2_CID_STATELESS_H264_SLICE_PARAMS;
	params->slice = cedrus_dec_h264_ctrl_data(ctx, id);
	id = V4L2_CID_STATELESS_H264_SPS;
	params->sps = cedrus_dec_h264_ctrl_data(ctx, id);
	id = V4L2_CID_STATELESS_H264_PPS;
	params->pps = cedrus_dec_h264_ctrl_data(ctx, id);
	id = V4L2_CID_STATELESS_H264_SCALING_MATRIX;
	params->scaling = cedrus_dec_h264_ctrl_data(ctx, id);
	id = V4L2_CID_STATELESS_H264_PRED_WEIGHTS;
	params->weights = cedrus_dec_h264_ctrl_data(ctx, id);
	id = V4L2_CID_STATELESS_H264_START_CODE;
	params->start_code_value = cedrus_dec_h264_ctrl_data(ctx, id);

	if (!params->decode || !params->slice || !params->sps ||
	    !params->pps || !params->scaling || !params->weights ||
	    !params->start_code_value)
		return -EINVAL;

	return 0;
}

/* Job: prepare (RAM only) */

static struct cedrus_dec_h264_buffer *
cedrus_dec_h264_buffer_from_vb2(struct vb2_buffer *vb)
{
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);

	return cedrus_buffer_from_vb2(vbuf)->engine_buffer;
}

/*
 * The VE writes width_mbs x height_mbs macroblocks into the picture buffer
 * and its co-located MV buffer, both sized from the picture format: the SPS
 * must not describe a larger picture. Returns the MV buffer size the SPS
 * needs.
 */
static int
cedrus_dec_h264_job_prepare_check(struct cedrus_context *ctx,
				  const struct v4l2_ctrl_h264_sps *sps,
				  size_t *mv_col_size)
{
	unsigned int width_mbs = sps->pic_width_in_mbs_minus1 + 1;
	unsigned int height_mbs = sps->pic_height_in_map_units_minus1 + 1;
	bool frame_mbs_only = sps->flags & V4L2_H264_SPS_FLAG_FRAME_MBS_ONLY;
	bool direct_8x8 = sps->flags & V4L2_H264_SPS_FLAG_DIRECT_8X8_INFERENCE;

	if (!frame_mbs_only)
		height_mbs *= 2;

	if (width_mbs > cedrus_dec_h264_width_mbs(ctx) ||
	    height_mbs > cedrus_dec_h264_height_mbs(ctx)) {
		dev_dbg(ctx->dev->dev, "SPS %ux%u MBs larger than format\n",
			width_mbs, height_mbs);
		return -EINVAL;
	}

	*mv_col_size = cedrus_dec_h264_mv_col_size(width_mbs, height_mbs,
						   direct_8x8, frame_mbs_only);

	return 0;
}

/*
 * Slice fields the VE takes as positions or register fields that the
 * control framework leaves unchecked: the first macroblock must lie inside
 * the picture (the VE would otherwise write rows past the picture buffer),
 * the slice type must be one of H.264's five and SliceQPY must be in
 * 0..51 (7-30, 8-bit video).
 */
static int
cedrus_dec_h264_slice_check(struct cedrus_context *ctx,
			    const struct cedrus_dec_h264_params *params)
{
	const struct v4l2_ctrl_h264_slice_params *slice = params->slice;
	const struct v4l2_ctrl_h264_sps *sps = params->sps;
	unsigned int width_mbs = sps->pic_width_in_mbs_minus1 + 1;
	unsigned int height_mbs = sps->pic_height_in_map_units_minus1 + 1;
	bool field_pic = params->decode->flags &
			 V4L2_H264_DECODE_PARAM_FLAG_FIELD_PIC;
	bool mbaff = !field_pic &&
		(sps->flags & V4L2_H264_SPS_FLAG_MB_ADAPTIVE_FRAME_FIELD);
	unsigned int pic_size_mbs;
	int qp;

	/*
	 * Map units are macroblock pairs in a frame without
	 * frame_mbs_only_flag, single macroblocks in one of its fields; MBAFF
	 * frames count first_mb_in_slice in pairs (7.4.3).
	 */
	pic_size_mbs = width_mbs * height_mbs;
	if (!(sps->flags & V4L2_H264_SPS_FLAG_FRAME_MBS_ONLY) && !field_pic &&
	    !mbaff)
		pic_size_mbs *= 2;

	if (slice->first_mb_in_slice >= pic_size_mbs) {
		dev_dbg(ctx->dev->dev, "first_mb_in_slice %u past %u MBs\n",
			slice->first_mb_in_slice, pic_size_mbs);
		return -EINVAL;
	}

	if (slice->slice_type > V4L2_H264_SLICE_TYPE_SI) {
		dev_dbg(ctx->dev->dev, "slice_type %u\n", slice->slice_type);
		return -EINVAL;
	}

	qp = 26 + params->pps->pic_init_qp_minus26 + slice->slice_qp_delta;
	if (qp < 0 || qp > 51) {
		dev_dbg(ctx->dev->dev, "SliceQPY %d\n", qp);
		return -EINVAL;
	}

	return 0;
}

/*
 * Annex B: the slice NAL unit is preceded by zero bytes and a 0x000001
 * start code. The VE reads from the start of the buffer, so the start code
 * is flushed together with the NAL and slice headers.
 */
static int cedrus_dec_h264_start_code_bytes(struct vb2_buffer *vb,
					    unsigned int size)
{
	const u8 *data = vb2_plane_vaddr(vb, 0);
	unsigned int zeros = 0;

	if (!data)
		return -EINVAL;

	while (zeros < size && !data[zeros])
		zeros++;

	if (zeros < 2 || zeros >= size || data[zeros] != 0x01)
		return -EINVAL;

	return zeros + 1;
}

static int
cedrus_dec_h264_job_prepare_stream(struct cedrus_job *job,
				   const struct cedrus_dec_h264_params *params)
{
	struct cedrus_dec_h264_job *h264_job = job->engine_job;
	struct vb2_buffer *vb = &job->coded->vb2_buf;
	unsigned int size = vb2_get_plane_payload(vb, 0);
	unsigned int skip_bits = params->slice->header_bit_size;
	int start_code_bytes;

	if (params->start_code == V4L2_STATELESS_H264_START_CODE_ANNEX_B) {
		start_code_bytes = cedrus_dec_h264_start_code_bytes(vb, size);
		if (start_code_bytes < 0)
			return start_code_bytes;

		skip_bits += start_code_bytes * 8;
	}

	/* The VE must find slice data before the end of the buffer. */
	if (!size || skip_bits >= size * 8)
		return -EINVAL;

	h264_job->bitstream_addr = vb2_dma_contig_plane_dma_addr(vb, 0);
	h264_job->bitstream_size = size;
	h264_job->skip_bits = skip_bits;

	return 0;
}

/*
 * Both decoder picture formats are single-planar: chroma starts
 * bytesperline * height bytes after luma (the height is already macroblock
 * or tile aligned by the decoder format rules).
 */
static dma_addr_t cedrus_dec_h264_chroma_addr(struct cedrus_context *ctx,
					      struct vb2_v4l2_buffer *vbuf,
					      dma_addr_t luma)
{
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;

	if (vbuf->vb2_buf.num_planes > 1)
		return cedrus_buffer_addr(vbuf, 1);

	return luma + pix->plane_fmt[0].bytesperline * pix->height;
}

/*
 * The co-located MVs of the bottom field follow the top field's area as
 * the job's SPS sizes it (mv_col_size covers both fields), not the half of
 * the buffer, which is sized for the worst case: mainline lays them out so
 * on the boards it runs on.
 */
static void
cedrus_dec_h264_frame_info_fill(struct cedrus_context *ctx,
				struct cedrus_dec_h264_job *h264_job,
				struct vb2_buffer *vb, size_t mv_col_size,
				s32 top_field_order_cnt,
				s32 bottom_field_order_cnt)
{
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);
	struct cedrus_dec_h264_buffer *h264_buf =
		cedrus_dec_h264_buffer_from_vb2(vb);
	u32 *info = h264_job->frame_info[h264_buf->position];
	dma_addr_t mv_col = h264_buf->mv_col.addr;
	dma_addr_t luma = cedrus_buffer_addr(vbuf, 0);

	info[CEDRUS_DEC_H264_FI_TOP_POC] = top_field_order_cnt;
	info[CEDRUS_DEC_H264_FI_BOTTOM_POC] = bottom_field_order_cnt;
	info[CEDRUS_DEC_H264_FI_INFO] =
		FIELD_PREP(VE_DEC_H264_SRAM_FRAME_INFO_PIC_TYPE,
			   h264_buf->pic_type);
	info[CEDRUS_DEC_H264_FI_LUMA_ADDR] = luma;
	info[CEDRUS_DEC_H264_FI_CHROMA_ADDR] =
		cedrus_dec_h264_chroma_addr(ctx, vbuf, luma);
	info[CEDRUS_DEC_H264_FI_MV_COL_TOP_ADDR] = mv_col;
	info[CEDRUS_DEC_H264_FI_MV_COL_BOTTOM_ADDR] = mv_col + mv_col_size / 2;
}

/*
 * Every CAPTURE buffer the job can touch (the output picture and the DPB
 * pictures the lists may name) must hold the picture and carry a large
 * enough co-located MV buffer, else the VE would access memory it was not
 * given (address 0 for a missing MV buffer).
 */
static bool cedrus_dec_h264_buffer_fits(struct cedrus_context *ctx,
					struct vb2_buffer *vb,
					size_t mv_col_size)
{
	struct cedrus_dec_h264_buffer *h264_buf =
		cedrus_dec_h264_buffer_from_vb2(vb);

	return h264_buf && h264_buf->mv_col.size >= mv_col_size &&
	       vb2_plane_size(vb, 0) >=
	       ctx->v4l2.format_picture.plane_fmt[0].sizeimage;
}

/*
 * Build the frame info table from the DPB and assign the output picture a
 * position. dpb_position[i] receives the position of DPB entry i, or -1
 * when the entry cannot be used as a reference.
 */
static int
cedrus_dec_h264_job_prepare_frames(struct cedrus_context *ctx,
				   struct cedrus_job *job,
				   const struct cedrus_dec_h264_params *params,
				   size_t mv_col_size, int *dpb_position)
{
	const struct v4l2_ctrl_h264_decode_params *decode = params->decode;
	struct cedrus_dec_h264_job *h264_job = job->engine_job;
	struct vb2_buffer *output = &job->picture->vb2_buf;
	struct cedrus_dec_h264_buffer *output_buf;
	u32 sps_flags = params->sps->flags;
	DECLARE_BITMAP(used, CEDRUS_DEC_H264_FRAME_COUNT);
	bool output_in_dpb = false;
	unsigned int i;

	if (!cedrus_dec_h264_buffer_fits(ctx, output, mv_col_size))
		return -EINVAL;

	output_buf = cedrus_dec_h264_buffer_from_vb2(output);
	bitmap_zero(used, CEDRUS_DEC_H264_FRAME_COUNT);

	for (i = 0; i < V4L2_H264_NUM_DPB_ENTRIES; i++) {
		const struct v4l2_h264_dpb_entry *dpb = &decode->dpb[i];
		struct cedrus_dec_h264_buffer *h264_buf;
		struct vb2_buffer *vb;

		dpb_position[i] = -1;

		if (!(dpb->flags & V4L2_H264_DPB_ENTRY_FLAG_VALID))
			continue;

		vb = vb2_find_buffer(output->vb2_queue, dpb->reference_ts);
		if (!vb || !cedrus_dec_h264_buffer_fits(ctx, vb, mv_col_size))
			continue;

		h264_buf = cedrus_dec_h264_buffer_from_vb2(vb);

		/* Second field of a pair: keep the first field's position. */
		if (vb == output) {
			output_in_dpb = true;
			continue;
		}

		/* Occupied, even if not used for reference by this picture. */
		__set_bit(h264_buf->position, used);

		if (!(dpb->flags & V4L2_H264_DPB_ENTRY_FLAG_ACTIVE))
			continue;

		dpb_position[i] = h264_buf->position;
		cedrus_dec_h264_frame_info_fill(ctx, h264_job, vb, mv_col_size,
						dpb->top_field_order_cnt,
						dpb->bottom_field_order_cnt);
	}

	/*
	 * 16 DPB entries at most: one of the 18 positions is always free. A
	 * stream whose DPB names the output picture at a position another
	 * picture holds is broken; give the output a free one then.
	 */
	if (!output_in_dpb || test_bit(output_buf->position, used))
		output_buf->position =
			find_first_zero_bit(used, CEDRUS_DEC_H264_FRAME_COUNT);

	/* The first field of the pair is a reference for the second. */
	for (i = 0; i < V4L2_H264_NUM_DPB_ENTRIES; i++) {
		const struct v4l2_h264_dpb_entry *dpb = &decode->dpb[i];

		if ((dpb->flags & V4L2_H264_DPB_ENTRY_FLAG_VALID) &&
		    dpb->reference_ts == output->timestamp)
			dpb_position[i] = output_buf->position;
	}

	if (decode->flags & V4L2_H264_DECODE_PARAM_FLAG_FIELD_PIC)
		output_buf->pic_type = CEDRUS_DEC_H264_PIC_FIELD;
	else if (sps_flags & V4L2_H264_SPS_FLAG_MB_ADAPTIVE_FRAME_FIELD)
		output_buf->pic_type = CEDRUS_DEC_H264_PIC_MBAFF;
	else
		output_buf->pic_type = CEDRUS_DEC_H264_PIC_FRAME;

	cedrus_dec_h264_frame_info_fill(ctx, h264_job, output, mv_col_size,
					decode->top_field_order_cnt,
					decode->bottom_field_order_cnt);
	h264_job->output_position = output_buf->position;

	return 0;
}

/*
 * A list entry naming a missing or inactive DPB entry (broken stream,
 * dropped frame) points at the picture being decoded: the VE then reads
 * wrong pixels, but only from a buffer it was given.
 */
static void
cedrus_dec_h264_job_prepare_ref_list(struct cedrus_dec_h264_job *h264_job,
				     unsigned int list,
				     const struct v4l2_h264_reference *refs,
				     unsigned int count,
				     const int *dpb_position)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		unsigned int position = h264_job->output_position;
		u8 entry;

		if (refs[i].index < V4L2_H264_NUM_DPB_ENTRIES &&
		    dpb_position[refs[i].index] >= 0)
			position = dpb_position[refs[i].index];

		entry = FIELD_PREP(VE_DEC_H264_SRAM_REF_POSITION, position);
		if (refs[i].fields == V4L2_H264_BOTTOM_FIELD_REF)
			entry |= VE_DEC_H264_SRAM_REF_BOTTOM_FIELD;

		h264_job->ref_list[list][i] = entry;
	}

	h264_job->ref_count[list] = count;
}

/* Weights and offsets are stored as 9-bit two's complement. */
static u32 cedrus_dec_h264_weight(s16 weight, s16 offset)
{
	return FIELD_PREP(VE_DEC_H264_SRAM_PRED_WEIGHT_OFFSET, offset) |
	       FIELD_PREP(VE_DEC_H264_SRAM_PRED_WEIGHT_WEIGHT, weight);
}

static void
cedrus_dec_h264_job_prepare_tables(struct cedrus_dec_h264_job *h264_job,
				   const struct cedrus_dec_h264_params *params)
{
	const struct v4l2_ctrl_h264_pred_weights *weights = params->weights;
	unsigned int list, i;

	if (params->pps->flags & V4L2_H264_PPS_FLAG_SCALING_MATRIX_PRESENT) {
		h264_job->scaling_present = true;
		/* The VE takes the luma 8x8 lists only: 4:2:0 streams. */
		memcpy(h264_job->scaling_8x8, params->scaling->scaling_list_8x8,
		       sizeof(h264_job->scaling_8x8));
		memcpy(h264_job->scaling_4x4, params->scaling->scaling_list_4x4,
		       sizeof(h264_job->scaling_4x4));
	}

	if (!V4L2_H264_CTRL_PRED_WEIGHTS_REQUIRED(params->pps, params->slice))
		return;

	h264_job->pred_weights_present = true;
	h264_job->shs_wp =
		FIELD_PREP(VE_DEC_H264_SHS_WP_CHROMA_LOG2_WEIGHT_DENOM,
			   weights->chroma_log2_weight_denom) |
		FIELD_PREP(VE_DEC_H264_SHS_WP_LUMA_LOG2_WEIGHT_DENOM,
			   weights->luma_log2_weight_denom);

	/* Per list: 32 luma words, then 32 (Cb, Cr) word pairs. */
	for (list = 0; list < 2; list++) {
		const struct v4l2_h264_weight_factors *f =
			&weights->weight_factors[list];
		const s16 *chroma_weight = &f->chroma_weight[0][0];
		const s16 *chroma_offset = &f->chroma_offset[0][0];
		u32 *table = h264_job->pred_weight_table[list];

		for (i = 0; i < 32; i++)
			*table++ = cedrus_dec_h264_weight(f->luma_weight[i],
							  f->luma_offset[i]);

		for (i = 0; i < 32 * 2; i++)
			*table++ = cedrus_dec_h264_weight(chroma_weight[i],
							  chroma_offset[i]);
	}
}

static void
cedrus_dec_h264_job_prepare_regs(struct cedrus_context *ctx,
				 struct cedrus_dec_h264_job *h264_job,
				 const struct cedrus_dec_h264_params *params)
{
	const struct v4l2_ctrl_h264_decode_params *decode = params->decode;
	const struct v4l2_ctrl_h264_slice_params *slice = params->slice;
	const struct v4l2_ctrl_h264_sps *sps = params->sps;
	const struct v4l2_ctrl_h264_pps *pps = params->pps;
	unsigned int width_mbs = sps->pic_width_in_mbs_minus1 + 1;
	bool field_pic = decode->flags & V4L2_H264_DECODE_PARAM_FLAG_FIELD_PIC;
	bool mbaff = !field_pic &&
		(sps->flags & V4L2_H264_SPS_FLAG_MB_ADAPTIVE_FRAME_FIELD);
	unsigned int first_mb_y;
	int qp;

	h264_job->sps =
		FIELD_PREP(VE_DEC_H264_SPS_CHROMA_FORMAT_IDC,
			   sps->chroma_format_idc) |
		(sps->flags & V4L2_H264_SPS_FLAG_FRAME_MBS_ONLY ?
		 VE_DEC_H264_SPS_MBS_ONLY : 0) |
		(sps->flags & V4L2_H264_SPS_FLAG_MB_ADAPTIVE_FRAME_FIELD ?
		 VE_DEC_H264_SPS_MB_ADAPTIVE_FRAME_FIELD : 0) |
		(sps->flags & V4L2_H264_SPS_FLAG_DIRECT_8X8_INFERENCE ?
		 VE_DEC_H264_SPS_DIRECT_8X8_INFERENCE : 0) |
		FIELD_PREP(VE_DEC_H264_SPS_PIC_WIDTH_IN_MBS_MINUS1,
			   sps->pic_width_in_mbs_minus1) |
		FIELD_PREP(VE_DEC_H264_SPS_PIC_HEIGHT_IN_MAP_UNITS_MINUS1,
			   sps->pic_height_in_map_units_minus1);

	/*
	 * The PPS register gets the active reference counts of the slice
	 * rather than the PPS defaults: they are the effective values either
	 * way, and not every userspace stack fills the PPS defaults.
	 */
	h264_job->pps =
		(pps->flags & V4L2_H264_PPS_FLAG_ENTROPY_CODING_MODE ?
		 VE_DEC_H264_PPS_ENTROPY_CODING_MODE : 0) |
		FIELD_PREP(VE_DEC_H264_PPS_NUM_REF_IDX_L0_ACTIVE_MINUS1,
			   slice->num_ref_idx_l0_active_minus1) |
		FIELD_PREP(VE_DEC_H264_PPS_NUM_REF_IDX_L1_ACTIVE_MINUS1,
			   slice->num_ref_idx_l1_active_minus1) |
		(pps->flags & V4L2_H264_PPS_FLAG_WEIGHTED_PRED ?
		 VE_DEC_H264_PPS_WEIGHTED_PRED : 0) |
		FIELD_PREP(VE_DEC_H264_PPS_WEIGHTED_BIPRED_IDC,
			   pps->weighted_bipred_idc) |
		(pps->flags & V4L2_H264_PPS_FLAG_CONSTRAINED_INTRA_PRED ?
		 VE_DEC_H264_PPS_CONSTRAINED_INTRA_PRED : 0) |
		(pps->flags & V4L2_H264_PPS_FLAG_TRANSFORM_8X8_MODE ?
		 VE_DEC_H264_PPS_TRANSFORM_8X8_MODE : 0);

	/* In MBAFF frames first_mb_in_slice counts macroblock pairs. */
	first_mb_y = slice->first_mb_in_slice / width_mbs;
	if (mbaff)
		first_mb_y *= 2;

	h264_job->shs =
		FIELD_PREP(VE_DEC_H264_SHS_FIRST_MB_X,
			   slice->first_mb_in_slice % width_mbs) |
		FIELD_PREP(VE_DEC_H264_SHS_FIRST_MB_Y, first_mb_y) |
		(decode->nal_ref_idc ? VE_DEC_H264_SHS_NAL_REF : 0) |
		FIELD_PREP(VE_DEC_H264_SHS_SLICE_TYPE, slice->slice_type) |
		(ctx->v4l2.fh.m2m_ctx->new_frame ?
		 VE_DEC_H264_SHS_FIRST_SLICE_IN_PIC : 0) |
		(field_pic ? VE_DEC_H264_SHS_FIELD_PIC : 0) |
		(decode->flags & V4L2_H264_DECODE_PARAM_FLAG_BOTTOM_FIELD ?
		 VE_DEC_H264_SHS_BOTTOM_FIELD : 0) |
		(slice->flags & V4L2_H264_SLICE_FLAG_DIRECT_SPATIAL_MV_PRED ?
		 VE_DEC_H264_SHS_DIRECT_SPATIAL_MV_PRED : 0) |
		FIELD_PREP(VE_DEC_H264_SHS_CABAC_INIT_IDC,
			   slice->cabac_init_idc);

	h264_job->shs2 =
		FIELD_PREP(VE_DEC_H264_SHS2_NUM_REF_IDX_L0_ACTIVE_MINUS1,
			   slice->num_ref_idx_l0_active_minus1) |
		FIELD_PREP(VE_DEC_H264_SHS2_NUM_REF_IDX_L1_ACTIVE_MINUS1,
			   slice->num_ref_idx_l1_active_minus1) |
		VE_DEC_H264_SHS2_NUM_REF_IDX_ACTIVE_OVRD |
		FIELD_PREP(VE_DEC_H264_SHS2_DISABLE_DEBLOCKING_FILTER_IDC,
			   slice->disable_deblocking_filter_idc) |
		FIELD_PREP(VE_DEC_H264_SHS2_SLICE_ALPHA_C0_OFFSET_DIV2,
			   slice->slice_alpha_c0_offset_div2) |
		FIELD_PREP(VE_DEC_H264_SHS2_SLICE_BETA_OFFSET_DIV2,
			   slice->slice_beta_offset_div2);

	/* SliceQPY = 26 + pic_init_qp_minus26 + slice_qp_delta (7-30). */
	qp = 26 + pps->pic_init_qp_minus26 + slice->slice_qp_delta;

	h264_job->shs_qp =
		(h264_job->scaling_present ?
		 0 : VE_DEC_H264_SHS_QP_SCALING_MATRIX_DEFAULT) |
		FIELD_PREP(VE_DEC_H264_SHS_QP_SECOND_CHROMA_QP_INDEX_OFFSET,
			   pps->second_chroma_qp_index_offset) |
		FIELD_PREP(VE_DEC_H264_SHS_QP_CHROMA_QP_INDEX_OFFSET,
			   pps->chroma_qp_index_offset) |
		FIELD_PREP(VE_DEC_H264_SHS_QP_SLICE_QP, qp);
}

static int cedrus_dec_h264_job_prepare(struct cedrus_context *ctx,
				       struct cedrus_job *job)
{
	struct cedrus_dec_h264_job *h264_job = job->engine_job;
	struct cedrus_dec_h264_params params;
	int dpb_position[V4L2_H264_NUM_DPB_ENTRIES];
	const struct v4l2_ctrl_h264_slice_params *slice;
	unsigned int count;
	size_t mv_col_size;
	int ret;

	/* DO NOT hold the handler lock here: v4l2_ctrl_find() takes it. */
	ret = cedrus_dec_h264_params_sample(ctx, &params);
	if (ret)
		return ret;

	/*
	 * DO NOT drop the handler lock before the job is fully computed: a
	 * concurrent S_CTRL could otherwise change the SPS between the size
	 * checks and its use.
	 */
	mutex_lock(ctx->v4l2.hdl.lock);
	params.start_code = *params.start_code_value;

	slice = params.slice;

	ret = cedrus_dec_h264_job_prepare_check(ctx, params.sps, &mv_col_size);
	if (ret)
		goto out_unlock;

	ret = cedrus_dec_h264_slice_check(ctx, &params);
	if (ret)
		goto out_unlock;

	ret = cedrus_dec_h264_job_prepare_stream(job, &params);
	if (ret)
		goto out_unlock;

	ret = cedrus_dec_h264_job_prepare_frames(ctx, job, &params,
						 mv_col_size, dpb_position);
	if (ret)
		goto out_unlock;

	/* P and SP slices use list 0, B slices both lists. */
	if (slice->slice_type == V4L2_H264_SLICE_TYPE_P ||
	    slice->slice_type == V4L2_H264_SLICE_TYPE_SP ||
	    slice->slice_type == V4L2_H264_SLICE_TYPE_B) {
		count = slice->num_ref_idx_l0_active_minus1 + 1;
		cedrus_dec_h264_job_prepare_ref_list(h264_job, 0,
						     slice->ref_pic_list0,
						     count, dpb_position);
	}

	if (slice->slice_type == V4L2_H264_SLICE_TYPE_B) {
		count = slice->num_ref_idx_l1_active_minus1 + 1;
		cedrus_dec_h264_job_prepare_ref_list(h264_job, 1,
						     slice->ref_pic_list1,
						     count, dpb_position);
	}

	cedrus_dec_h264_job_prepare_tables(h264_job, &params);
	cedrus_dec_h264_job_prepare_regs(ctx, h264_job, &params);
	h264_job->wide = cedrus_dec_h264_is_wide(ctx);

out_unlock:
	mutex_unlock(ctx->v4l2.hdl.lock);
	return ret;
}

/* Job: configure (registers) */

static void
cedrus_dec_h264_configure_tables(struct cedrus_device *dev,
				 struct cedrus_dec_h264_job *h264_job)
{
	const struct cedrus_dec_block *blk = &cedrus_dec_block_h264;
	u32 offset;

	if (h264_job->scaling_present) {
		/* Intra then inter: the two 8x8 lists are adjacent in SRAM. */
		offset = VE_DEC_H264_SRAM_SCALING_LIST_8X8_INTRA_Y;
		cedrus_dec_sram_write_bytes(dev, blk, offset,
					    &h264_job->scaling_8x8[0][0],
					    sizeof(h264_job->scaling_8x8));
		offset = VE_DEC_H264_SRAM_SCALING_LIST_4X4;
		cedrus_dec_sram_write_bytes(dev, blk, offset,
					    &h264_job->scaling_4x4[0][0],
					    sizeof(h264_job->scaling_4x4));
	}

	cedrus_dec_sram_write(dev, blk, VE_DEC_H264_SRAM_FRAME_INFO,
			      &h264_job->frame_info[0][0],
			      CEDRUS_DEC_H264_FRAME_COUNT *
			      CEDRUS_DEC_H264_FRAME_INFO_WORDS);
	cedrus_write(dev, VE_DEC_H264_OUTPUT_FRAME_IDX_REG,
		     h264_job->output_position);
}

static void
cedrus_dec_h264_configure_bitstream(struct cedrus_device *dev,
				    struct cedrus_dec_h264_job *h264_job)
{
	u32 addr = lower_32_bits(h264_job->bitstream_addr);

	cedrus_write(dev, VE_DEC_H264_VLD_LEN_REG,
		     h264_job->bitstream_size * 8);
	cedrus_write(dev, VE_DEC_H264_VLD_OFFSET_REG, 0);
	cedrus_write(dev, VE_DEC_H264_VLD_END_REG,
		     addr + h264_job->bitstream_size);
	/* One buffer holds the whole slice: first, last and valid. */
	cedrus_write(dev, VE_DEC_H264_VLD_ADDR_REG,
		     VE_DEC_H264_VLD_ADDR_FIRST | VE_DEC_H264_VLD_ADDR_LAST |
		     VE_DEC_H264_VLD_ADDR_VALID |
		     (addr & VE_DEC_H264_VLD_ADDR_LOW) |
		     FIELD_PREP(VE_DEC_H264_VLD_ADDR_HIGH, addr >> 28));
}

static void
cedrus_dec_h264_configure_line_buffers(struct cedrus_context *ctx,
				       struct cedrus_dec_h264_job *h264_job)
{
	struct cedrus_dec_h264_context *h264_ctx = ctx->engine_ctx;
	struct cedrus_device *dev = ctx->dev;

	if (!h264_job->wide) {
		cedrus_write(dev, VE_BUF_CTRL_REG,
			     VE_BUF_CTRL_INTRAPRED_INT_SRAM |
			     VE_BUF_CTRL_DBLK_INT_SRAM);
		return;
	}

	/* Mixed: the left 1280 pixels in SRAM, the rest in DRAM. */
	cedrus_write(dev, VE_BUF_CTRL_REG,
		     VE_BUF_CTRL_INTRAPRED_MIXED_RAM |
		     VE_BUF_CTRL_DBLK_MIXED_RAM);
	cedrus_write(dev, VE_DBLK_DRAM_BUF_ADDR_REG, h264_ctx->deblock.addr);
	cedrus_write(dev, VE_INTRAPRED_DRAM_BUF_ADDR_REG,
		     h264_ctx->intra_pred.addr);
}

static int cedrus_dec_h264_job_configure(struct cedrus_context *ctx,
					 struct cedrus_job *job)
{
	struct cedrus_dec_h264_context *h264_ctx = ctx->engine_ctx;
	struct cedrus_dec_h264_job *h264_job = job->engine_job;
	const struct cedrus_dec_block *blk = ctx->engine->dec_block;
	struct cedrus_device *dev = ctx->dev;
	int ret;

	/*
	 * The steps follow the order of the vendor library (CedarX). Step 0,
	 * the H.264 decoder mode (ve_mode) with the width flags, is the
	 * role's: cedrus_dec.c did it before this op.
	 */

	/* Step 1: no secondary (rotated/scaled) output, scratch buffers. */
	cedrus_write(dev, VE_DEC_H264_SDROT_CTRL_REG, 0);
	cedrus_write(dev, VE_DEC_H264_PIC_INFO_ADDR_REG,
		     h264_ctx->pic_info.addr);
	cedrus_write(dev, VE_DEC_H264_NEIGHBOR_INFO_ADDR_REG,
		     h264_ctx->neighbor_info.addr);

	/* Step 2: scaling lists, frame info table, output position. */
	cedrus_dec_h264_configure_tables(dev, h264_job);

	/* Step 3: slice NAL unit and line buffers. */
	cedrus_dec_h264_configure_bitstream(dev, h264_job);
	cedrus_dec_h264_configure_line_buffers(ctx, h264_job);

	/*
	 * Step 4: reset the bitstream reader, then skip to slice_data().
	 * FIXME: the headers are parsed by userspace, so INIT_SWDEC should
	 * not be needed, yet decoding fails without it (reason unknown).
	 * The headers are skipped with FLUSH_BITS rather than with
	 * VE_DEC_H264_VLD_OFFSET_REG: a bit offset there is known to make
	 * the VE misdecode some slices.
	 */
	cedrus_write(dev, VE_DEC_H264_TRIGGER_TYPE_REG,
		     VE_DEC_H264_TRIGGER_TYPE_INIT_SWDEC);

	ret = cedrus_dec_flush_bits(dev, blk, h264_job->skip_bits);
	if (ret) {
		dev_dbg(dev->dev, "timeout skipping slice header\n");
		return ret;
	}

	/* Step 5: explicit weights and reference lists. */
	if (h264_job->pred_weights_present) {
		const u32 *table = &h264_job->pred_weight_table[0][0];
		unsigned int words = 2 * CEDRUS_DEC_H264_PRED_WEIGHT_WORDS;
		u32 offset = VE_DEC_H264_SRAM_PRED_WEIGHT_TABLE;

		cedrus_write(dev, VE_DEC_H264_SHS_WP_REG, h264_job->shs_wp);
		cedrus_dec_sram_write(dev, blk, offset, table, words);
	}

	if (h264_job->ref_count[0])
		cedrus_dec_sram_write_bytes(dev, blk,
					    VE_DEC_H264_SRAM_REF_LIST0,
					    h264_job->ref_list[0],
					    h264_job->ref_count[0]);

	if (h264_job->ref_count[1])
		cedrus_dec_sram_write_bytes(dev, blk,
					    VE_DEC_H264_SRAM_REF_LIST1,
					    h264_job->ref_list[1],
					    h264_job->ref_count[1]);

	/* Step 6: parameter sets and slice header. */
	cedrus_write(dev, VE_DEC_H264_PPS_REG, h264_job->pps);
	cedrus_write(dev, VE_DEC_H264_SPS_REG, h264_job->sps);
	cedrus_write(dev, VE_DEC_H264_SHS_REG, h264_job->shs);
	cedrus_write(dev, VE_DEC_H264_SHS2_REG, h264_job->shs2);
	cedrus_write(dev, VE_DEC_H264_SHS_QP_REG, h264_job->shs_qp);

	return 0;
}

/* Job: trigger and IRQ */

static void cedrus_dec_h264_job_trigger(struct cedrus_context *ctx,
					struct cedrus_job *job)
{
	struct cedrus_device *dev = ctx->dev;

	/* Drop stale status, enable the IRQs (and leave VP8 mode). */
	cedrus_dec_irq_clear(ctx);
	cedrus_dec_irq_enable(ctx);

	cedrus_write(dev, VE_DEC_H264_TRIGGER_TYPE_REG,
		     VE_DEC_H264_TRIGGER_TYPE_AVC_SLICE_DECODE);
}

/* Engine description */

static const struct v4l2_ctrl_config cedrus_dec_h264_ctrls[] = {
	{
		.id	= V4L2_CID_STATELESS_H264_DECODE_PARAMS,
	}, {
		.id	= V4L2_CID_STATELESS_H264_SLICE_PARAMS,
	}, {
		.id	= V4L2_CID_STATELESS_H264_SPS,
	}, {
		.id	= V4L2_CID_STATELESS_H264_PPS,
	}, {
		.id	= V4L2_CID_STATELESS_H264_SCALING_MATRIX,
	}, {
		.id	= V4L2_CID_STATELESS_H264_PRED_WEIGHTS,
	}, {
		/* One slice per request: the VE decodes slice by slice. */
		.id	= V4L2_CID_STATELESS_H264_DECODE_MODE,
		.min	= V4L2_STATELESS_H264_DECODE_MODE_SLICE_BASED,
		.max	= V4L2_STATELESS_H264_DECODE_MODE_SLICE_BASED,
		.def	= V4L2_STATELESS_H264_DECODE_MODE_SLICE_BASED,
	}, {
		.id	= V4L2_CID_STATELESS_H264_START_CODE,
		.min	= V4L2_STATELESS_H264_START_CODE_NONE,
		.max	= V4L2_STATELESS_H264_START_CODE_ANNEX_B,
		.def	= V4L2_STATELESS_H264_START_CODE_NONE,
	}, {
		/* 8-bit 4:2:0 profiles; Extended needs data partitioning. */
		.id		= V4L2_CID_MPEG_VIDEO_H264_PROFILE,
		.min		= V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE,
		.max		= V4L2_MPEG_VIDEO_H264_PROFILE_HIGH,
		.def		= V4L2_MPEG_VIDEO_H264_PROFILE_MAIN,
		.menu_skip_mask	= BIT(V4L2_MPEG_VIDEO_H264_PROFILE_EXTENDED),
	}, {
		/*
		 * Level 5.1 is the lowest level whose frame size limit
		 * (36864 MBs) admits the largest picture accepted here.
		 */
		.id	= V4L2_CID_MPEG_VIDEO_H264_LEVEL,
		.min	= V4L2_MPEG_VIDEO_H264_LEVEL_1_0,
		.max	= V4L2_MPEG_VIDEO_H264_LEVEL_5_1,
		.def	= V4L2_MPEG_VIDEO_H264_LEVEL_5_1,
	},
};

static const struct cedrus_engine_ops cedrus_dec_h264_ops = {
	.ctrl_validate	= cedrus_dec_h264_ctrl_validate,

	.setup		= cedrus_dec_h264_setup,
	.cleanup	= cedrus_dec_h264_cleanup,
	.buffer_setup	= cedrus_dec_h264_buffer_setup,
	.buffer_cleanup	= cedrus_dec_h264_buffer_cleanup,

	.job_prepare	= cedrus_dec_h264_job_prepare,
	.job_configure	= cedrus_dec_h264_job_configure,
	.job_trigger	= cedrus_dec_h264_job_trigger,

	.irq_status	= cedrus_dec_irq_status,
	.irq_clear	= cedrus_dec_irq_clear,
	.irq_disable	= cedrus_dec_irq_disable,
};

const struct cedrus_engine cedrus_dec_h264 = {
	.name			= "h264-dec",
	.role			= CEDRUS_ROLE_DECODER,
	.capabilities		= CEDRUS_CAPABILITY_H264_DEC,
	.pixelformat		= V4L2_PIX_FMT_H264_SLICE,
	.ve_mode		= VE_MODE_DEC_H264,
	.ops			= &cedrus_dec_h264_ops,
	.ctrls			= cedrus_dec_h264_ctrls,
	.ctrls_count		= ARRAY_SIZE(cedrus_dec_h264_ctrls),
	.frmsize		= {
		.min_width	= 16,
		.max_width	= CEDRUS_DEC_H264_WIDTH_MAX,
		.step_width	= 16,
		.min_height	= 16,
		.max_height	= CEDRUS_DEC_H264_HEIGHT_MAX,
		.step_height	= 16,
	},
	.dec_block		= &cedrus_dec_block_h264,
	.requires_requests	= true,
	.ctx_size		= sizeof(struct cedrus_dec_h264_context),
	.job_size		= sizeof(struct cedrus_dec_h264_job),
	.buffer_size		= sizeof(struct cedrus_dec_h264_buffer),
};
