// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: encoder role (V4L2 stateful encoder, dev-encoder.rst).
 *
 * OUTPUT carries NV12 pictures, CAPTURE the coded stream of the engine
 * (H.264), both through the multi-planar API. NV12 has one plane, chroma
 * right after bytesperline x height luma bytes (as FFmpeg and GStreamer lay
 * it out); NV12M has the luma and chroma planes in separate buffers. The
 * picture format is the master: its width and height are the visible size
 * the client gives (in the engine's cropping steps; NV12M pads the height
 * to 16 lines), the coded size is that rounded up to macroblocks, and the
 * crop rectangle on OUTPUT, by default the visible size, is what the
 * stream shows (SPS frame cropping).
 *
 * What the VE reads: luma of height_mbs x 16 lines and chroma of
 * height_mbs x 8 lines, both bytesperline apart, from the start of their
 * plane (data_offset is not used). sizeimage is exactly that extent: for
 * NV12 the end of the chroma lines, bytesperline x (height + height_mbs x 8),
 * or of the luma lines if those reach further (pictures under 8 lines).
 */

#include <linux/kernel.h>
#include <linux/sizes.h>
#include <media/v4l2-event.h>
#include <media/v4l2-ioctl.h>
#include <media/v4l2-mem2mem.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_enc.h"
#include "cedrus_regs.h"

#define CEDRUS_ENC_MB_SIZE		16
/*
 * Largest input stride the VE can express, in bytes: the ISP takes it in
 * macroblocks, the AVC encoder (PARA1) in units of 48 macroblocks.
 */
#define CEDRUS_ENC_STRIDE_MAX \
	(min_t(u32, FIELD_MAX(VE_ISP_PIC_STRIDE0_INPUT_STRIDE_MBS), \
	       FIELD_MAX(VE_ENC_AVC_PARA1_STRIDE_MBS_DIV_48) * 48) * \
	 CEDRUS_ENC_MB_SIZE)
/* A coded buffer larger than this is not useful (4096x4096 PCM fits). */
#define CEDRUS_ENC_CODED_SIZE_MAX	SZ_32M

#define CEDRUS_ENC_INTERVAL_MAX		65535

/*
 * Buffers REQBUFS grants a context, per queue, in bytes of buffers of the
 * format's size (see README.md, "H.264 encoder memory footprint"). At
 * 1920x1080: 2 OUTPUT pictures of 2.98 MiB, enough for the VE to read one
 * while the client fills the other, whoever allocates them (a client
 * importing camera buffers allocates as many as the encoder takes), and
 * up to 6 CAPTURE buffers of 1 MiB, as clients hold coded buffers longer
 * (FFmpeg hands them to the muxer without a copy, and asks for 4 of
 * 1.5 MiB). With the 6.45 MiB of the engine's own buffers, FFmpeg's
 * encode (16 OUTPUT and 4 CAPTURE buffers asked) takes 18.4 MiB of CMA, a
 * camera pipeline 15.4 MiB. Smaller pictures get more buffers (vb2 allows
 * 32).
 */
#define CEDRUS_ENC_MMAP_BUDGET_OUTPUT	(6 * SZ_1M)
#define CEDRUS_ENC_MMAP_BUDGET_CAPTURE	(6 * SZ_1M)

static u32 cedrus_enc_coded_size_min(struct cedrus_context *ctx,
				     unsigned int width, unsigned int height)
{
	u32 mbs = DIV_ROUND_UP(width, CEDRUS_ENC_MB_SIZE) *
		  DIV_ROUND_UP(height, CEDRUS_ENC_MB_SIZE);

	return ALIGN(mbs * ctx->engine->coded_mb_bytes +
		     CEDRUS_ENC_CODED_HEADER_BYTES, CEDRUS_ENC_CODED_ALIGN);
}

static void
cedrus_enc_colorimetry_copy(struct v4l2_pix_format_mplane *to,
			    const struct v4l2_pix_format_mplane *from)
{
	to->colorspace = from->colorspace;
	to->xfer_func = from->xfer_func;
	to->ycbcr_enc = from->ycbcr_enc;
	to->quantization = from->quantization;
}

/*
 * Colorimetry is the client's (it goes into the SPS VUI), but only values
 * V4L2 defines: anything else becomes the default.
 */
static void cedrus_enc_colorimetry_adjust(struct v4l2_pix_format_mplane *pix)
{
	if (pix->colorspace == V4L2_COLORSPACE_DEFAULT ||
	    pix->colorspace > V4L2_COLORSPACE_DCI_P3)
		pix->colorspace = V4L2_COLORSPACE_REC709;
	if (pix->xfer_func > V4L2_XFER_FUNC_SMPTE2084)
		pix->xfer_func = V4L2_XFER_FUNC_DEFAULT;
	if (pix->ycbcr_enc > V4L2_YCBCR_ENC_SMPTE240M)
		pix->ycbcr_enc = V4L2_YCBCR_ENC_DEFAULT;
	if (pix->quantization > V4L2_QUANTIZATION_LIM_RANGE)
		pix->quantization = V4L2_QUANTIZATION_DEFAULT;
}

/*
 * A visible size within the engine's picture sizes and in its steps
 * (ENUM_FRAMESIZES reports exactly these). The range ends are multiples of
 * the steps: no rounding past them.
 */
static void cedrus_enc_size_visible(struct cedrus_context *ctx,
				    u32 *width, u32 *height)
{
	const struct v4l2_frmsize_stepwise *frmsize =
		cedrus_engine_frmsize_picture(ctx->engine);

	*width = ALIGN(clamp(*width, frmsize->min_width, frmsize->max_width),
		       frmsize->step_width);
	*height = ALIGN(clamp(*height, frmsize->min_height,
			      frmsize->max_height), frmsize->step_height);
}

/*
 * The visible size as asked (cedrus_enc_size_visible()). The VE reads
 * whole macroblocks: bytesperline covers the width rounded up to 16 and
 * sizeimage the height rounded up to 16, so that a client laying out the
 * visible picture with a 16-aligned stride (FFmpeg) feeds the VE directly.
 *
 * NV12M reports the height rounded up to 16 as well, and the crop
 * rectangle keeps the visible size (cedrus_enc_format_picture_propagate()).
 * GStreamer 1.26 lays out and copies the planes of an NV12M picture as if
 * they were contiguous, chroma at bytesperline x height: with the visible
 * height of a picture such as 640x360 its chroma lands in the luma buffer
 * and its last lines past it, and GStreamer crashes. The padded height
 * makes both planes the size GStreamer computes; it then crops.
 */
static void
cedrus_enc_format_picture_adjust(struct cedrus_context *ctx,
				 struct v4l2_pix_format_mplane *pix)
{
	struct v4l2_plane_pix_format *planes = pix->plane_fmt;
	u32 bytesperline = planes[0].bytesperline;
	u32 luma_lines, chroma_lines, width_coded;

	cedrus_enc_size_visible(ctx, &pix->width, &pix->height);
	if (pix->pixelformat == V4L2_PIX_FMT_NV12M)
		pix->height = ALIGN(pix->height, CEDRUS_ENC_MB_SIZE);
	width_coded = ALIGN(pix->width, CEDRUS_ENC_MB_SIZE);

	/* The ISP takes a stride in macroblocks: round up to 16 bytes. */
	if (bytesperline < width_coded ||
	    bytesperline > CEDRUS_ENC_STRIDE_MAX)
		bytesperline = width_coded;
	bytesperline = ALIGN(bytesperline, CEDRUS_ENC_MB_SIZE);

	luma_lines = ALIGN(pix->height, CEDRUS_ENC_MB_SIZE);
	chroma_lines = luma_lines / 2;

	memset(planes, 0, sizeof(pix->plane_fmt));
	if (pix->pixelformat == V4L2_PIX_FMT_NV12M) {
		pix->num_planes = 2;
		planes[0].bytesperline = bytesperline;
		planes[0].sizeimage = bytesperline * luma_lines;
		planes[1].bytesperline = bytesperline;
		planes[1].sizeimage = bytesperline * chroma_lines;
	} else {
		pix->num_planes = 1;
		planes[0].bytesperline = bytesperline;
		planes[0].sizeimage = bytesperline *
				      max(luma_lines,
					  pix->height + chroma_lines);
	}
	pix->field = V4L2_FIELD_NONE;

	cedrus_enc_colorimetry_adjust(pix);
}

/* Size and colorimetry come from OUTPUT: only sizeimage is the client's. */
static void cedrus_enc_format_coded_adjust(struct cedrus_context *ctx,
					   struct v4l2_pix_format_mplane *pix)
{
	const struct v4l2_pix_format_mplane *picture =
		&ctx->v4l2.format_picture;
	u32 size_min, sizeimage = pix->plane_fmt[0].sizeimage;

	pix->width = ALIGN(picture->width, CEDRUS_ENC_MB_SIZE);
	pix->height = ALIGN(picture->height, CEDRUS_ENC_MB_SIZE);
	pix->field = V4L2_FIELD_NONE;
	cedrus_enc_colorimetry_copy(pix, picture);

	/* Whole 8 KiB units: the VE cannot use a partial one. */
	size_min = cedrus_enc_coded_size_min(ctx, pix->width, pix->height);
	pix->num_planes = 1;
	memset(pix->plane_fmt, 0, sizeof(pix->plane_fmt));
	pix->plane_fmt[0].sizeimage =
		ALIGN(clamp_t(u32, sizeimage, size_min,
			      max_t(u32, size_min, CEDRUS_ENC_CODED_SIZE_MAX)),
		      CEDRUS_ENC_CODED_ALIGN);
}

/*
 * New picture format: new coded size, and the crop rectangle reset to the
 * visible size asked, which is the whole picture but for NV12M's padding.
 */
static void
cedrus_enc_format_picture_propagate(struct cedrus_context *ctx,
				    const struct v4l2_pix_format_mplane *asked)
{
	const struct v4l2_pix_format_mplane *picture =
		&ctx->v4l2.format_picture;
	u32 width = asked->width, height = asked->height;

	cedrus_enc_format_coded_adjust(ctx, &ctx->v4l2.format_coded);

	cedrus_enc_size_visible(ctx, &width, &height);
	ctx->v4l2.crop = (struct v4l2_rect) {
		.width	= picture->width,
		.height	= min(height, picture->height),
	};
}

static int cedrus_enc_ctrls_setup(struct cedrus_context *ctx)
{
	/* The encoder holds no OUTPUT buffer beyond the job in flight. */
	v4l2_ctrl_new_std(&ctx->v4l2.hdl, NULL, V4L2_CID_MIN_BUFFERS_FOR_OUTPUT,
			  1, 1, 1, 1);

	return ctx->v4l2.hdl.error;
}

/*
 * Select the encoder: the engine's decoder field (off), encoder and ISP on,
 * after a reset of the encoder block. Done at every job since decode jobs
 * may run in between. DO NOT enable ENC/ISP before the reset pulse: the
 * reset only takes with the encoder disabled.
 */
static void cedrus_enc_engine_select(struct cedrus_context *ctx)
{
	struct cedrus_device *dev = ctx->dev;
	u32 mode, reset;

	mode = cedrus_read(dev, VE_MODE_REG);
	mode &= ~(VE_MODE_ENC_ENABLE | VE_MODE_ENC_ISP_ENABLE | VE_MODE_DEC);
	mode |= ctx->engine->ve_mode;
	cedrus_write(dev, VE_MODE_REG, mode);

	reset = cedrus_read(dev, VE_RESET_REG);
	cedrus_write(dev, VE_RESET_REG, reset | VE_RESET_ENCODER);
	cedrus_write(dev, VE_RESET_REG, reset & ~VE_RESET_ENCODER);

	mode |= VE_MODE_ENC_ENABLE | VE_MODE_ENC_ISP_ENABLE;
	cedrus_write(dev, VE_MODE_REG, mode);
}

/*
 * ISP input: picture size and stride in macroblocks, NV12, luma and chroma
 * addresses. The format rules guarantee a 16-byte multiple stride and
 * planes of at least sizeimage bytes (checked at QBUF).
 */
static void cedrus_enc_picture_configure(struct cedrus_context *ctx,
					 struct vb2_v4l2_buffer *picture)
{
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	const struct v4l2_pix_format_mplane *coded = &ctx->v4l2.format_coded;
	u32 bytesperline = pix->plane_fmt[0].bytesperline;
	struct cedrus_device *dev = ctx->dev;
	u32 width_mbs = coded->width / CEDRUS_ENC_MB_SIZE;
	u32 height_mbs = coded->height / CEDRUS_ENC_MB_SIZE;
	dma_addr_t luma, chroma;

	luma = cedrus_buffer_addr(picture, 0);
	if (pix->num_planes > 1)
		chroma = cedrus_buffer_addr(picture, 1);
	else
		chroma = luma + bytesperline * pix->height;

	cedrus_write(dev, VE_ISP_PIC_INFO_REG,
		     FIELD_PREP(VE_ISP_PIC_INFO_WIDTH_MBS, width_mbs) |
		     FIELD_PREP(VE_ISP_PIC_INFO_HEIGHT_MBS, height_mbs));
	cedrus_write(dev, VE_ISP_SCALER_SIZE_REG,
		     FIELD_PREP(VE_ISP_SCALER_SIZE_WIDTH_MBS, width_mbs) |
		     FIELD_PREP(VE_ISP_SCALER_SIZE_HEIGHT_MBS, height_mbs));
	cedrus_write(dev, VE_ISP_PIC_STRIDE0_REG,
		     FIELD_PREP(VE_ISP_PIC_STRIDE0_INPUT_STRIDE_MBS,
				bytesperline / CEDRUS_ENC_MB_SIZE));
	cedrus_write(dev, VE_ISP_CTRL_REG,
		     VE_ISP_CTRL_FORMAT_YUV420SP | VE_ISP_CTRL_ROTATION_0 |
		     VE_ISP_CTRL_COLORSPACE_BT601);
	cedrus_write(dev, VE_ISP_INPUT_LUMA_REG, luma);
	cedrus_write(dev, VE_ISP_INPUT_CHROMA0_REG, chroma);
}

static void cedrus_enc_job_configure(struct cedrus_context *ctx,
				     struct cedrus_job *job)
{
	cedrus_enc_engine_select(ctx);
	cedrus_enc_picture_configure(ctx, job->picture);
}

/* Drain (dev-encoder.rst "Drain"): the m2m drain state, LAST and EOS */

/*
 * An EOS the client has not dequeued belongs to a drain that is over once
 * the encoder resumes or is reset: left pending, it would look like the
 * end of the next drain. Subscribing again drops it.
 */
static void cedrus_enc_eos_drop(struct cedrus_context *ctx)
{
	const struct v4l2_event_subscription sub = { .type = V4L2_EVENT_EOS };

	if (!ctx->v4l2.eos_subscribed)
		return;

	v4l2_event_unsubscribe(&ctx->v4l2.fh, &sub);
	if (v4l2_event_subscribe(&ctx->v4l2.fh, &sub, 0, NULL))
		ctx->v4l2.eos_subscribed = false;
}

/*
 * STREAMON(OUTPUT) resumes a stopped (drained) encoder, like START: DQBUF
 * on CAPTURE must wait for the next frame again instead of giving EPIPE.
 */
static void cedrus_enc_streaming_start(struct cedrus_context *ctx,
				       struct vb2_queue *q)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;

	v4l2_m2m_update_start_streaming_state(m2m_ctx, q);
	if (V4L2_TYPE_IS_OUTPUT(q->type) && v4l2_m2m_has_stopped(m2m_ctx)) {
		v4l2_m2m_clear_state(m2m_ctx);
		vb2_clear_last_buffer_dequeued(v4l2_m2m_get_dst_vq(m2m_ctx));
		cedrus_enc_eos_drop(ctx);
	}
}

/* STREAMOFF(OUTPUT) during a drain completes it; STREAMOFF(CAPTURE) resets. */
static void cedrus_enc_streaming_stop(struct cedrus_context *ctx,
				      struct vb2_queue *q)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;
	bool draining = m2m_ctx->is_draining;

	if (V4L2_TYPE_IS_CAPTURE(q->type))
		cedrus_enc_eos_drop(ctx);
	v4l2_m2m_update_stop_streaming_state(m2m_ctx, q);
	if (V4L2_TYPE_IS_OUTPUT(q->type) && draining &&
	    v4l2_m2m_has_stopped(m2m_ctx))
		cedrus_context_eos(ctx);
}

/* Drain finished before this CAPTURE buffer came: it is the LAST. */
static bool cedrus_enc_buf_queue(struct cedrus_context *ctx,
				 struct vb2_v4l2_buffer *vbuf)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;

	if (!V4L2_TYPE_IS_CAPTURE(vbuf->vb2_buf.vb2_queue->type) ||
	    !v4l2_m2m_dst_buf_is_last(m2m_ctx))
		return false;

	vb2_set_plane_payload(&vbuf->vb2_buf, 0, 0);
	vbuf->sequence = ctx->v4l2.sequence_cap++;
	v4l2_m2m_last_buffer_done(m2m_ctx, vbuf);
	cedrus_context_eos(ctx);

	return true;
}

/*
 * The OUTPUT buffer queued last before ENC_CMD_STOP ends the drain: its
 * CAPTURE buffer carries LAST and the EOS event follows.
 */
static bool cedrus_enc_job_done(struct cedrus_context *ctx,
				struct cedrus_job *job,
				enum vb2_buffer_state state)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;

	if (!v4l2_m2m_is_last_draining_src_buf(m2m_ctx, job->picture))
		return false;

	job->coded->flags |= V4L2_BUF_FLAG_LAST;
	v4l2_m2m_mark_stopped(m2m_ctx);

	return true;
}

/* ioctls */

static int cedrus_enc_g_parm(struct file *file, void *priv,
			     struct v4l2_streamparm *parm)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);

	if (parm->type != V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE)
		return -EINVAL;

	parm->parm.output.capability = V4L2_CAP_TIMEPERFRAME;
	parm->parm.output.timeperframe = ctx->v4l2.timeperframe;

	return 0;
}

static int cedrus_enc_s_parm(struct file *file, void *priv,
			     struct v4l2_streamparm *parm)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	struct v4l2_fract *tpf = &parm->parm.output.timeperframe;

	if (parm->type != V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE)
		return -EINVAL;

	/* Zero means "keep": report the current interval back. */
	if (tpf->numerator && tpf->denominator) {
		ctx->v4l2.timeperframe.numerator =
			min_t(u32, tpf->numerator, CEDRUS_ENC_INTERVAL_MAX);
		ctx->v4l2.timeperframe.denominator =
			min_t(u32, tpf->denominator, CEDRUS_ENC_INTERVAL_MAX);
	}

	return cedrus_enc_g_parm(file, priv, parm);
}

static int cedrus_enc_enum_frameintervals(struct file *file, void *priv,
					  struct v4l2_frmivalenum *fival)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	const struct v4l2_frmsize_stepwise *frmsize;
	const struct cedrus_engine *engine;

	if (fival->index)
		return -EINVAL;

	engine = cedrus_proc_engine_find(ctx->proc, fival->pixel_format);
	if (engine)
		frmsize = &engine->frmsize;
	else if (cedrus_proc_format_supported(ctx->proc, fival->pixel_format))
		frmsize = cedrus_engine_frmsize_picture(ctx->engine);
	else
		return -EINVAL;

	if (fival->width < frmsize->min_width ||
	    fival->width > frmsize->max_width ||
	    fival->height < frmsize->min_height ||
	    fival->height > frmsize->max_height)
		return -EINVAL;

	fival->type = V4L2_FRMIVAL_TYPE_CONTINUOUS;
	fival->stepwise.min = (struct v4l2_fract) {
		1, CEDRUS_ENC_INTERVAL_MAX
	};
	fival->stepwise.max = (struct v4l2_fract) {
		CEDRUS_ENC_INTERVAL_MAX, 1
	};
	fival->stepwise.step = (struct v4l2_fract) { 1, 1 };

	return 0;
}

/* Crop is the only selection, on OUTPUT only. */
static int cedrus_enc_g_selection(struct file *file, void *priv,
				  struct v4l2_selection *sel)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;

	/* The core maps the _MPLANE types to these (selection API rule). */
	if (sel->type != V4L2_BUF_TYPE_VIDEO_OUTPUT)
		return -EINVAL;

	switch (sel->target) {
	case V4L2_SEL_TGT_CROP:
		sel->r = ctx->v4l2.crop;
		return 0;
	case V4L2_SEL_TGT_CROP_DEFAULT:
	case V4L2_SEL_TGT_CROP_BOUNDS:
		sel->r = (struct v4l2_rect) {
			.width	= pix->width,
			.height	= pix->height,
		};
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * H.264 frame cropping counts in chroma samples (2 pixels for 4:2:0): keep
 * every edge on an even pixel, inside the picture.
 */
static int cedrus_enc_s_selection(struct file *file, void *priv,
				  struct v4l2_selection *sel)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	struct v4l2_rect *r = &sel->r;

	if (sel->type != V4L2_BUF_TYPE_VIDEO_OUTPUT ||
	    sel->target != V4L2_SEL_TGT_CROP)
		return -EINVAL;

	if (vb2_is_streaming(cedrus_context_queue_coded(ctx)))
		return -EBUSY;

	r->left = clamp_t(s32, ALIGN_DOWN(r->left, 2), 0, pix->width - 2);
	r->top = clamp_t(s32, ALIGN_DOWN(r->top, 2), 0, pix->height - 2);
	r->width = clamp_t(u32, ALIGN_DOWN(r->width, 2), 2,
			   pix->width - r->left);
	r->height = clamp_t(u32, ALIGN_DOWN(r->height, 2), 2,
			    pix->height - r->top);

	ctx->v4l2.crop = *r;

	return 0;
}

/*
 * Drain (dev-encoder.rst "Drain"): STOP only starts a drain when both queues
 * stream, otherwise it succeeds and does nothing. A drain with no OUTPUT
 * buffer pending completes at once (LAST set on the next CAPTURE buffer).
 * START resumes a stopped encoder whatever the queues do.
 */
static int cedrus_enc_encoder_cmd(struct file *file, void *priv,
				  struct v4l2_encoder_cmd *cmd)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;
	struct vb2_queue *dst_vq = v4l2_m2m_get_dst_vq(m2m_ctx);
	unsigned long flags;
	bool was_stopped;
	int ret;

	ret = v4l2_m2m_ioctl_try_encoder_cmd(file, priv, cmd);
	if (ret)
		return ret;

	if (cmd->cmd == V4L2_ENC_CMD_STOP &&
	    (!vb2_is_streaming(v4l2_m2m_get_src_vq(m2m_ctx)) ||
	     !vb2_is_streaming(dst_vq)))
		return 0;

	/*
	 * A job finishing meanwhile either ended the drain before STOP looks
	 * (no OUTPUT buffer left: LAST goes on a CAPTURE buffer here) or
	 * finds the drain started (LAST and EOS come with it): never both,
	 * never neither.
	 */
	spin_lock_irqsave(&ctx->dev->drain_lock, flags);
	was_stopped = v4l2_m2m_has_stopped(m2m_ctx);
	ret = v4l2_m2m_ioctl_encoder_cmd(file, priv, cmd);
	if (!ret && cmd->cmd == V4L2_ENC_CMD_STOP && !was_stopped &&
	    v4l2_m2m_has_stopped(m2m_ctx))
		cedrus_context_eos(ctx);
	spin_unlock_irqrestore(&ctx->dev->drain_lock, flags);
	if (ret)
		return ret;

	if (cmd->cmd == V4L2_ENC_CMD_START) {
		if (was_stopped)
			cedrus_enc_eos_drop(ctx);
		vb2_clear_last_buffer_dequeued(dst_vq);
		v4l2_m2m_try_schedule(m2m_ctx);
	}

	return 0;
}

static int cedrus_enc_subscribe_event(struct v4l2_fh *fh,
				      const struct v4l2_event_subscription *sub)
{
	struct cedrus_context *ctx = cedrus_context_from_fh(fh);
	int ret;

	switch (sub->type) {
	case V4L2_EVENT_EOS:
		ret = v4l2_event_subscribe(fh, sub, 0, NULL);
		if (!ret)
			ctx->v4l2.eos_subscribed = true;
		return ret;
	case V4L2_EVENT_CTRL:
		return v4l2_ctrl_subscribe_event(fh, sub);
	default:
		return -EINVAL;
	}
}

static int
cedrus_enc_unsubscribe_event(struct v4l2_fh *fh,
			     const struct v4l2_event_subscription *sub)
{
	struct cedrus_context *ctx = cedrus_context_from_fh(fh);

	if (sub->type == V4L2_EVENT_EOS || sub->type == V4L2_EVENT_ALL)
		ctx->v4l2.eos_subscribed = false;

	return v4l2_event_unsubscribe(fh, sub);
}

static const struct v4l2_ioctl_ops cedrus_enc_ioctl_ops = {
	.vidioc_querycap		= cedrus_context_querycap,

	.vidioc_enum_fmt_vid_cap	= cedrus_context_enum_fmt_coded,
	.vidioc_g_fmt_vid_cap_mplane	= cedrus_context_g_fmt_coded,
	.vidioc_try_fmt_vid_cap_mplane	= cedrus_context_try_fmt_coded,
	.vidioc_s_fmt_vid_cap_mplane	= cedrus_context_s_fmt_coded,

	.vidioc_enum_fmt_vid_out	= cedrus_context_enum_fmt_picture,
	.vidioc_g_fmt_vid_out_mplane	= cedrus_context_g_fmt_picture,
	.vidioc_try_fmt_vid_out_mplane	= cedrus_context_try_fmt_picture,
	.vidioc_s_fmt_vid_out_mplane	= cedrus_context_s_fmt_picture,

	.vidioc_enum_framesizes		= cedrus_context_enum_framesizes,
	.vidioc_enum_frameintervals	= cedrus_enc_enum_frameintervals,
	.vidioc_g_parm			= cedrus_enc_g_parm,
	.vidioc_s_parm			= cedrus_enc_s_parm,
	.vidioc_g_selection		= cedrus_enc_g_selection,
	.vidioc_s_selection		= cedrus_enc_s_selection,

	.vidioc_reqbufs			= v4l2_m2m_ioctl_reqbufs,
	.vidioc_querybuf		= v4l2_m2m_ioctl_querybuf,
	.vidioc_qbuf			= v4l2_m2m_ioctl_qbuf,
	.vidioc_dqbuf			= v4l2_m2m_ioctl_dqbuf,
	.vidioc_prepare_buf		= v4l2_m2m_ioctl_prepare_buf,
	.vidioc_create_bufs		= v4l2_m2m_ioctl_create_bufs,
	.vidioc_expbuf			= v4l2_m2m_ioctl_expbuf,
	.vidioc_streamon		= v4l2_m2m_ioctl_streamon,
	.vidioc_streamoff		= v4l2_m2m_ioctl_streamoff,

	.vidioc_try_encoder_cmd		= v4l2_m2m_ioctl_try_encoder_cmd,
	.vidioc_encoder_cmd		= cedrus_enc_encoder_cmd,

	.vidioc_subscribe_event		= cedrus_enc_subscribe_event,
	.vidioc_unsubscribe_event	= cedrus_enc_unsubscribe_event,
};

static const struct cedrus_proc_ops cedrus_enc_proc_ops = {
	.format_picture_adjust		= cedrus_enc_format_picture_adjust,
	.format_coded_adjust		= cedrus_enc_format_coded_adjust,
	.format_picture_propagate	= cedrus_enc_format_picture_propagate,

	.ctrls_setup			= cedrus_enc_ctrls_setup,
	.streaming_start		= cedrus_enc_streaming_start,
	.streaming_stop			= cedrus_enc_streaming_stop,
	.buf_queue			= cedrus_enc_buf_queue,

	.job_configure			= cedrus_enc_job_configure,
	.job_done			= cedrus_enc_job_done,
};

static const struct cedrus_engine * const cedrus_enc_engines[] = {
	&cedrus_enc_h264,
};

static const struct cedrus_format cedrus_enc_formats[] = {
	{
		.pixelformat	= V4L2_PIX_FMT_NV12,
	}, {
		.pixelformat	= V4L2_PIX_FMT_NV12M,
	},
};

const struct cedrus_proc_config cedrus_enc_proc_config = {
	.role		= CEDRUS_ROLE_ENCODER,
	.name		= CEDRUS_NAME "-enc",
	.function	= MEDIA_ENT_F_PROC_VIDEO_ENCODER,
	.ops		= &cedrus_enc_proc_ops,
	.coded_on_capture = true,
	.ioctl_ops	= &cedrus_enc_ioctl_ops,
	.engines	= cedrus_enc_engines,
	.engines_count	= ARRAY_SIZE(cedrus_enc_engines),
	.formats	= cedrus_enc_formats,
	.formats_count	= ARRAY_SIZE(cedrus_enc_formats),
	.multiplanar	= true,
	.mmap_budget_output = CEDRUS_ENC_MMAP_BUDGET_OUTPUT,
	.mmap_budget_capture = CEDRUS_ENC_MMAP_BUDGET_CAPTURE,
};
