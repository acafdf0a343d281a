// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: decoder role (V4L2 stateless decoder, request API).
 *
 * OUTPUT carries coded slices or frames with their controls in a media
 * request, CAPTURE the decoded pictures: NV12_32L32 (32x32 tiles) on every
 * VE, plain NV12 on VEs that can write untiled output. The coded format is
 * the master: the picture size follows the coded size.
 */

#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <media/media-request.h>
#include <media/v4l2-event.h>
#include <media/v4l2-ioctl.h>
#include <media/v4l2-mem2mem.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_dec.h"
#include "cedrus_regs.h"

/* The bit count of FLUSH_BITS: the same field in every block's trigger. */
#define CEDRUS_DEC_TRIGGER_N_BITS	VE_DEC_H264_TRIGGER_TYPE_N_BITS
static_assert(CEDRUS_DEC_TRIGGER_N_BITS == VE_DEC_H265_TRIGGER_N_BITS);

/* Smallest coded buffer: a slice header needs some room. */
#define CEDRUS_DEC_CODED_SIZE_MIN	SZ_1K
#define CEDRUS_DEC_CODED_SIZE_MAX	SZ_32M

static void cedrus_dec_format_coded_adjust(struct cedrus_context *ctx,
					   struct v4l2_pix_format_mplane *pix)
{
	const struct cedrus_engine *engine =
		cedrus_proc_engine_find(ctx->proc, pix->pixelformat);
	u32 sizeimage = pix->plane_fmt[0].sizeimage;

	v4l2_apply_frmsize_constraints(&pix->width, &pix->height,
				       &engine->frmsize);

	pix->num_planes = 1;
	memset(pix->plane_fmt, 0, sizeof(pix->plane_fmt));
	pix->plane_fmt[0].sizeimage = clamp_t(u32, sizeimage,
					      CEDRUS_DEC_CODED_SIZE_MIN,
					      CEDRUS_DEC_CODED_SIZE_MAX);
	pix->field = V4L2_FIELD_NONE;

	if (pix->colorspace == V4L2_COLORSPACE_DEFAULT)
		pix->colorspace = V4L2_COLORSPACE_REC709;
}

/*
 * The VE writes whole macroblocks. Tiled output: 32x32 tiles for luma and
 * for chroma (half height). Untiled: 16-byte stride, 16-line luma height.
 */
static void cedrus_dec_format_picture_adjust(struct cedrus_context *ctx,
					     struct v4l2_pix_format_mplane *pix)
{
	const struct v4l2_pix_format_mplane *coded = &ctx->v4l2.format_coded;
	struct v4l2_plane_pix_format *plane = &pix->plane_fmt[0];
	u32 width, height;

	width = coded->width;
	height = coded->height;

	pix->num_planes = 1;
	memset(pix->plane_fmt, 0, sizeof(pix->plane_fmt));

	switch (pix->pixelformat) {
	case V4L2_PIX_FMT_NV12_32L32:
		width = ALIGN(width, 32);
		height = ALIGN(height, 32);
		plane->bytesperline = width;
		plane->sizeimage = width * height +
				   width * ALIGN(height / 2, 32);
		break;
	case V4L2_PIX_FMT_NV12:
	default:
		width = ALIGN(width, 16);
		height = ALIGN(height, 16);
		plane->bytesperline = width;
		plane->sizeimage = width * height * 3 / 2;
		break;
	}

	pix->width = width;
	pix->height = height;
	/* Room the engine needs after the picture (H.265 10-bit LSBs). */
	plane->sizeimage += cedrus_engine_picture_extra_size(ctx, pix);
	pix->field = V4L2_FIELD_NONE;
	pix->colorspace = coded->colorspace;
	pix->xfer_func = coded->xfer_func;
	pix->ycbcr_enc = coded->ycbcr_enc;
	pix->quantization = coded->quantization;
}

static void cedrus_dec_format_coded_propagate(struct cedrus_context *ctx)
{
	cedrus_dec_format_picture_adjust(ctx, &ctx->v4l2.format_picture);
}

/*
 * A resolution change with OUTPUT buffers allocated, which mainline cedrus
 * allows too: OUTPUT must not stream, the coded pixelformat must stay (the
 * context's engine and its buffers stay with it) and CAPTURE must have no
 * buffers (the picture format follows the new size). An OUTPUT buffer
 * smaller than the new sizeimage is refused when queued (buf_prepare).
 */
static bool
cedrus_dec_format_coded_change_ok(struct cedrus_context *ctx,
				  const struct v4l2_pix_format_mplane *pix)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;

	return !vb2_is_streaming(v4l2_m2m_get_src_vq(m2m_ctx)) &&
	       pix->pixelformat == ctx->v4l2.format_coded.pixelformat &&
	       !vb2_is_busy(v4l2_m2m_get_dst_vq(m2m_ctx));
}

static void cedrus_dec_queue_init(struct cedrus_context *ctx,
				  struct vb2_queue *src_vq,
				  struct vb2_queue *dst_vq)
{
	src_vq->supports_requests = true;
	src_vq->requires_requests = ctx->engine->requires_requests;
	/* Slices of one picture share its CAPTURE buffer. */
	src_vq->subsystem_flags |= VB2_V4L2_FL_SUPPORTS_M2M_HOLD_CAPTURE_BUF;
}

/*
 * Layout the VE writes decoded pictures in: it must match the CAPTURE
 * format, else the VE writes 32x32 tiles (the reset default) into an NV12
 * buffer, whose tile-aligned height can exceed it.
 */
static void cedrus_dec_picture_configure(struct cedrus_context *ctx)
{
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	u32 bytesperline = pix->plane_fmt[0].bytesperline;
	struct cedrus_device *dev = ctx->dev;
	u32 chroma_size;

	switch (pix->pixelformat) {
	case V4L2_PIX_FMT_NV12:
		/* Width and height are already 16-aligned (format rules). */
		chroma_size = bytesperline * pix->height / 2;

		cedrus_write(dev, VE_PRIMARY_OUT_FMT_REG,
			     VE_PRIMARY_OUT_FMT_NV12);
		/* Length of one chroma component: half the CbCr plane. */
		cedrus_write(dev, VE_PRIMARY_CHROMA_BUF_LEN_REG,
			     chroma_size / 2);
		cedrus_write(dev, VE_PRIMARY_FB_LINE_STRIDE_REG,
			     FIELD_PREP(VE_PRIMARY_FB_LINE_STRIDE_CHROMA,
					bytesperline / 2) |
			     FIELD_PREP(VE_PRIMARY_FB_LINE_STRIDE_LUMA,
					bytesperline));
		break;
	case V4L2_PIX_FMT_NV12_32L32:
	default:
		cedrus_write(dev, VE_PRIMARY_OUT_FMT_REG,
			     VE_PRIMARY_OUT_FMT_TILED_32_NV12);
		cedrus_write(dev, VE_CHROMA_BUF_LEN_REG,
			     VE_CHROMA_BUF_LEN_SECONDARY_OUT_FMT_TILED_32_NV12);
		break;
	}
}

/*
 * Select the engine's decoder (VE_MODE_DEC_*) and the picture output
 * layout, before the engine programs its block. Wide pictures need the
 * width flags for the line buffers.
 */
static void cedrus_dec_job_configure(struct cedrus_context *ctx,
				     struct cedrus_job *job)
{
	u32 width = ctx->v4l2.format_coded.width;
	u32 val = VE_MODE_REC_WR_MODE_2MB | VE_MODE_DDR_MODE_BW_128 |
		  ctx->engine->ve_mode;

	if (width == 4096)
		val |= VE_MODE_PIC_WIDTH_IS_4096;
	if (width > 2048)
		val |= VE_MODE_PIC_WIDTH_MORE_2048;

	cedrus_write(ctx->dev, VE_MODE_REG, val);

	cedrus_dec_picture_configure(ctx);
}

/* A decode request carries exactly one OUTPUT buffer and its controls. */
int cedrus_dec_request_validate(struct media_request *req)
{
	struct v4l2_ctrl_handler *hdl;
	struct cedrus_context *ctx = NULL;
	struct media_request_object *obj;
	unsigned int count;

	list_for_each_entry(obj, &req->objects, list) {
		if (vb2_request_object_is_buffer(obj)) {
			struct vb2_buffer *vb =
				container_of(obj, struct vb2_buffer, req_obj);

			ctx = vb2_get_drv_priv(vb->vb2_queue);
			break;
		}
	}

	if (!ctx)
		return -ENOENT;

	count = vb2_request_buffer_cnt(req);
	if (count != 1) {
		dev_dbg(ctx->dev->dev, "request has %u buffers, needs 1\n",
			count);
		return -EINVAL;
	}

	hdl = v4l2_ctrl_request_hdl_find(req, &ctx->v4l2.hdl);
	if (!hdl) {
		dev_dbg(ctx->dev->dev, "request has no controls\n");
		return -ENOENT;
	}
	v4l2_ctrl_request_hdl_put(hdl);

	return vb2_request_validate(req);
}

/* The decode blocks. H.264: in both its H.264 and VP8 modes. */
const struct cedrus_dec_block cedrus_dec_block_h264 = {
	.status_reg	= VE_DEC_H264_STATUS_REG,
	.status_error	= VE_DEC_H264_STATUS_DECODE_ERR_INT |
			  VE_DEC_H264_STATUS_VLD_DATA_REQ_INT,
	.status_success	= VE_DEC_H264_STATUS_SLICE_DECODE_INT,
	.status_clear	= VE_DEC_H264_STATUS_INT_MASK,
	.ctrl_reg	= VE_DEC_H264_CTRL_REG,
	.ctrl_irq	= VE_DEC_H264_CTRL_INT_MASK,
	.status_busy	= VE_DEC_H264_STATUS_VLD_BUSY,
	.trigger_reg	= VE_DEC_H264_TRIGGER_TYPE_REG,
	.trigger_flush_bits = VE_DEC_H264_TRIGGER_TYPE_FLUSH_BITS,
	.sram_offset_reg = VE_DEC_H264_SRAM_OFFSET_REG,
	.sram_data_reg	= VE_DEC_H264_SRAM_DATA_REG,
};

const struct cedrus_dec_block cedrus_dec_block_h265 = {
	.status_reg	= VE_DEC_H265_STATUS_REG,
	.status_error	= VE_DEC_H265_STATUS_ERROR |
			  VE_DEC_H265_STATUS_VLD_DATA_REQ,
	.status_success	= VE_DEC_H265_STATUS_SUCCESS,
	.status_clear	= VE_DEC_H265_STATUS_INT_MASK,
	.ctrl_reg	= VE_DEC_H265_CTRL_REG,
	.ctrl_irq	= VE_DEC_H265_CTRL_IRQ_MASK,
	.status_busy	= VE_DEC_H265_STATUS_VLD_BUSY,
	.trigger_reg	= VE_DEC_H265_TRIGGER_REG,
	.trigger_flush_bits = VE_DEC_H265_TRIGGER_TYPE_FLUSH_BITS,
	.sram_offset_reg = VE_DEC_H265_SRAM_OFFSET_REG,
	.sram_data_reg	= VE_DEC_H265_SRAM_DATA_REG,
};

const struct cedrus_dec_block cedrus_dec_block_mpeg = {
	.status_reg	= VE_DEC_MPEG_STATUS_REG,
	.status_error	= VE_DEC_MPEG_STATUS_ERROR |
			  VE_DEC_MPEG_STATUS_VLD_DATA_REQ,
	.status_success	= VE_DEC_MPEG_STATUS_SUCCESS,
	.status_clear	= VE_DEC_MPEG_STATUS_JOB_MASK,
	.ctrl_reg	= VE_DEC_MPEG_CTRL_REG,
	.ctrl_irq	= VE_DEC_MPEG_CTRL_IRQ_MASK,
};

/*
 * Interrupts of the decode engines: the same logic on every decode block,
 * with the registers and bits of the engine's (engine->dec_block).
 */
enum cedrus_irq_status cedrus_dec_irq_status(struct cedrus_context *ctx)
{
	const struct cedrus_dec_block *blk = ctx->engine->dec_block;
	u32 status = cedrus_read(ctx->dev, blk->status_reg);

	if (status & blk->status_error)
		return CEDRUS_IRQ_ERROR;

	if (status & blk->status_success)
		return CEDRUS_IRQ_SUCCESS;

	return CEDRUS_IRQ_NONE;
}

void cedrus_dec_irq_clear(struct cedrus_context *ctx)
{
	const struct cedrus_dec_block *blk = ctx->engine->dec_block;

	cedrus_write(ctx->dev, blk->status_reg, blk->status_clear);
}

void cedrus_dec_irq_disable(struct cedrus_context *ctx)
{
	const struct cedrus_dec_block *blk = ctx->engine->dec_block;
	u32 ctrl = cedrus_read(ctx->dev, blk->ctrl_reg);

	cedrus_write(ctx->dev, blk->ctrl_reg, ctrl & ~blk->ctrl_irq);
}

/* Writes the whole control register: its other bits end up cleared. */
void cedrus_dec_irq_enable(struct cedrus_context *ctx)
{
	const struct cedrus_dec_block *blk = ctx->engine->dec_block;

	cedrus_write(ctx->dev, blk->ctrl_reg, blk->ctrl_irq);
}

/*
 * Skips @bits of the bitstream with FLUSH_BITS triggers, 32 bits at most
 * each, waiting for the reader after each.
 */
int cedrus_dec_flush_bits(struct cedrus_device *dev,
			  const struct cedrus_dec_block *blk,
			  unsigned int bits)
{
	int ret;

	while (bits) {
		unsigned int count = min(bits, 32U);

		cedrus_write(dev, blk->trigger_reg,
			     FIELD_PREP(CEDRUS_DEC_TRIGGER_N_BITS, count) |
			     blk->trigger_flush_bits);

		ret = cedrus_poll_cleared(dev, blk->status_reg,
					  blk->status_busy);
		if (ret)
			return ret;

		bits -= count;
	}

	return 0;
}

/* The SRAM offset auto-increments with every data word. */
void cedrus_dec_sram_write(struct cedrus_device *dev,
			   const struct cedrus_dec_block *blk, u32 offset,
			   const u32 *words, unsigned int count)
{
	cedrus_write(dev, blk->sram_offset_reg, offset);

	while (count--)
		cedrus_write(dev, blk->sram_data_reg, *words++);
}

/* Byte tables go four bytes a word, the first byte in bits 7:0. */
void cedrus_dec_sram_write_bytes(struct cedrus_device *dev,
				 const struct cedrus_dec_block *blk,
				 u32 offset, const u8 *bytes,
				 unsigned int count)
{
	unsigned int i, j;

	cedrus_write(dev, blk->sram_offset_reg, offset);

	for (i = 0; i < count; i += 4) {
		u32 word = 0;

		for (j = 0; j < 4 && i + j < count; j++)
			word |= (u32)bytes[i + j] << (8 * j);

		cedrus_write(dev, blk->sram_data_reg, word);
	}
}

static int cedrus_dec_subscribe_event(struct v4l2_fh *fh,
				      const struct v4l2_event_subscription *sub)
{
	if (sub->type == V4L2_EVENT_CTRL)
		return v4l2_ctrl_subscribe_event(fh, sub);

	return -EINVAL;
}

static const struct v4l2_ioctl_ops cedrus_dec_ioctl_ops = {
	.vidioc_querycap		= cedrus_context_querycap,

	.vidioc_enum_fmt_vid_cap	= cedrus_context_enum_fmt_picture,
	.vidioc_g_fmt_vid_cap		= cedrus_context_g_fmt_picture,
	.vidioc_try_fmt_vid_cap		= cedrus_context_try_fmt_picture,
	.vidioc_s_fmt_vid_cap		= cedrus_context_s_fmt_picture,

	.vidioc_enum_fmt_vid_out	= cedrus_context_enum_fmt_coded,
	.vidioc_g_fmt_vid_out		= cedrus_context_g_fmt_coded,
	.vidioc_try_fmt_vid_out		= cedrus_context_try_fmt_coded,
	.vidioc_s_fmt_vid_out		= cedrus_context_s_fmt_coded,

	.vidioc_enum_framesizes		= cedrus_context_enum_framesizes,

	.vidioc_reqbufs			= v4l2_m2m_ioctl_reqbufs,
	.vidioc_querybuf		= v4l2_m2m_ioctl_querybuf,
	.vidioc_qbuf			= v4l2_m2m_ioctl_qbuf,
	.vidioc_dqbuf			= v4l2_m2m_ioctl_dqbuf,
	.vidioc_prepare_buf		= v4l2_m2m_ioctl_prepare_buf,
	.vidioc_create_bufs		= v4l2_m2m_ioctl_create_bufs,
	.vidioc_expbuf			= v4l2_m2m_ioctl_expbuf,
	.vidioc_streamon		= v4l2_m2m_ioctl_streamon,
	.vidioc_streamoff		= v4l2_m2m_ioctl_streamoff,

	.vidioc_try_decoder_cmd	= v4l2_m2m_ioctl_stateless_try_decoder_cmd,
	.vidioc_decoder_cmd		= v4l2_m2m_ioctl_stateless_decoder_cmd,

	.vidioc_subscribe_event		= cedrus_dec_subscribe_event,
	.vidioc_unsubscribe_event	= v4l2_event_unsubscribe,
};

static const struct cedrus_proc_ops cedrus_dec_proc_ops = {
	.format_picture_adjust		= cedrus_dec_format_picture_adjust,
	.format_coded_adjust		= cedrus_dec_format_coded_adjust,
	.format_coded_propagate		= cedrus_dec_format_coded_propagate,
	.format_coded_change_ok		= cedrus_dec_format_coded_change_ok,

	.queue_init			= cedrus_dec_queue_init,

	.job_configure			= cedrus_dec_job_configure,
};

/* One entry per decode engine: adding a codec is one engine file. */
static const struct cedrus_engine * const cedrus_dec_engines[] = {
	&cedrus_dec_h264,
	&cedrus_dec_h265,
	&cedrus_dec_mpeg2,
	&cedrus_dec_vp8,
};

/* Untiled NV12 first where available: what most userspace expects. */
static const struct cedrus_format cedrus_dec_formats[] = {
	{
		.pixelformat	= V4L2_PIX_FMT_NV12,
		.capabilities	= CEDRUS_CAPABILITY_UNTILED,
	},
	{
		.pixelformat	= V4L2_PIX_FMT_NV12_32L32,
	},
};

const struct cedrus_proc_config cedrus_dec_proc_config = {
	.role		= CEDRUS_ROLE_DECODER,
	.name		= CEDRUS_NAME "-dec",
	.function	= MEDIA_ENT_F_PROC_VIDEO_DECODER,
	.ops		= &cedrus_dec_proc_ops,
	.ioctl_ops	= &cedrus_dec_ioctl_ops,
	.engines	= cedrus_dec_engines,
	.engines_count	= ARRAY_SIZE(cedrus_dec_engines),
	.formats	= cedrus_dec_formats,
	.formats_count	= ARRAY_SIZE(cedrus_dec_formats),
};
