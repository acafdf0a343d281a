// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: H.264 encode engine.
 *
 * Per frame, job_prepare() picks the frame type (GOP sequencer), the QP and
 * the header contents from the controls; job_configure() points the VE at
 * the bitstream buffer, writes the headers through the put-bits unit and
 * programs the AVC encoder registers; job_trigger() starts the encode. The
 * ISP (picture input) and engine select are programmed by cedrus_enc.c.
 *
 * Private buffers: two reconstruction + sub-pixel sets per context, used in
 * turn as "current" and "reference" (the reconstruction of frame n is the
 * reference of frame n + 1), and one MB info buffer. They are allocated at
 * STREAMON whatever the number of OUTPUT buffers (see README.md for sizes).
 */

#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-mem2mem.h>
#include <media/videobuf2-v4l2.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_enc_rc.h"
#include "cedrus_h264_bits.h"
#include "cedrus_regs.h"

/* Last value of the LOOP_FILTER_MODE menu (disable_deblocking_filter_idc 2) */
#define CEDRUS_ENC_H264_LOOP_FILTER_MODE_MAX \
	V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED_AT_SLICE_BOUNDARY

/*
 * Largest picture: 1080p, what the V3s and H3 datasheets promise. Up to
 * 2048 pixels wide the VE keeps its deblocking and MV lines in internal
 * SRAM (DEBLK_ADDR and MV_BUF_ADDR stay 0); wider pictures would need
 * VE_MODE width bits and DRAM line buffers this driver does not program.
 */
#define CEDRUS_ENC_H264_WIDTH_MAX		1920
#define CEDRUS_ENC_H264_HEIGHT_MAX		1088

/* cabac_init_idc of CABAC P slices (I slices have none) */
#define CEDRUS_ENC_H264_CABAC_INIT_IDC_P	0
/*
 * STM_BIT_MAX ignores its low 16 bits on some VE versions (the limit counts
 * 8 KiB units), so the bitstream window is the plane size rounded down to
 * 8 KiB: the VE can never write past the plane.
 */
#define CEDRUS_ENC_H264_STM_GRANULE		SZ_8K

/**
 * struct cedrus_enc_h264_ctrls - the control values the jobs use
 * @profile:		V4L2_CID_MPEG_VIDEO_H264_PROFILE
 * @entropy:		..._H264_ENTROPY_MODE
 * @level:		..._H264_LEVEL
 * @i_qp:		..._H264_I_FRAME_QP
 * @p_qp:		..._H264_P_FRAME_QP
 * @min_qp:		..._H264_MIN_QP
 * @max_qp:		..._H264_MAX_QP
 * @chroma_qp_offset:	..._H264_CHROMA_QP_INDEX_OFFSET
 * @loop_filter:	..._H264_LOOP_FILTER_MODE
 * @alpha:		..._H264_LOOP_FILTER_ALPHA
 * @beta:		..._H264_LOOP_FILTER_BETA
 * @gop_size:		V4L2_CID_MPEG_VIDEO_GOP_SIZE
 * @gop_closure:	..._GOP_CLOSURE
 * @i_period:		..._H264_I_PERIOD
 * @prepend_spspps:	..._PREPEND_SPSPPS_TO_IDR
 * @sar_enable:		..._H264_VUI_SAR_ENABLE
 * @sar_idc:		..._H264_VUI_SAR_IDC
 * @sar_width:		..._H264_VUI_EXT_SAR_WIDTH
 * @sar_height:		..._H264_VUI_EXT_SAR_HEIGHT
 * @rc_enable:		V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE
 * @bitrate_mode:	..._BITRATE_MODE
 * @bitrate:		..._BITRATE (0: no target, fixed QPs)
 * @bitrate_peak:	..._BITRATE_PEAK
 * @cpb_size:		..._H264_CPB_SIZE, in units of 1000 bytes
 */
struct cedrus_enc_h264_ctrls {
	s32	profile;
	s32	entropy;
	s32	level;
	s32	i_qp;
	s32	p_qp;
	s32	min_qp;
	s32	max_qp;
	s32	chroma_qp_offset;
	s32	loop_filter;
	s32	alpha;
	s32	beta;
	s32	gop_size;
	s32	gop_closure;
	s32	i_period;
	s32	prepend_spspps;
	s32	sar_enable;
	s32	sar_idc;
	s32	sar_width;
	s32	sar_height;
	s32	rc_enable;
	s32	bitrate_mode;
	s32	bitrate;
	s32	bitrate_peak;
	s32	cpb_size;
};

/**
 * struct cedrus_enc_h264_context - engine state of a streaming context
 * @sizes:		private buffer sizes for the streaming picture size
 * @rec:		reconstruction buffers (luma, then CbCr at rec_luma)
 * @subpix:		sub-pixel buffers, paired with @rec
 * @mb_info:		MB info buffer
 * @current_set:	index of the @rec/@subpix set the next frame writes;
 *			the other set holds the reference picture
 * @width_mbs:		picture width in macroblocks
 * @height_mbs:		picture height in macroblocks
 * @timeperframe:	the OUTPUT frame interval at STREAMON, which the level
 *			was checked against and the VUI timing states
 * @gop:		GOP sequencer state
 * @headers_pending:	SPS and PPS must go with the next frame (set at
 *			STREAMON, cleared once a frame carrying them is done)
 * @force_key:		the last encode failed: the next frame is an IDR
 * @key_requested:	FORCE_KEY_FRAME was pressed: the frame with sequence
 *			@key_from (the next OUTPUT buffer queued after it) or
 *			the first job after it is an IDR
 * @key_from:		see @key_requested
 * @ctrls_lock:		protects @ctrls, @key_requested and @key_from:
 *			ctrl_prepare writes them under the control handler's
 *			lock, job_prepare reads them
 * @ctrls:		control values, handed over at STREAMON (after
 *			setup) and at every change
 * @rc:			rate controller state (with @rc_active)
 * @rc_active:		@rc was started for this stream (first frame with
 *			rate control on)
 * @stalled:		the last encode stopped on a full bitstream window
 *			(set by irq_status, read by job_finish)
 */
struct cedrus_enc_h264_context {
	struct cedrus_h264_buf_sizes	sizes;
	struct cedrus_dma_buf		rec[2];
	struct cedrus_dma_buf		subpix[2];
	struct cedrus_dma_buf		mb_info;
	unsigned int			current_set;
	u32				width_mbs;
	u32				height_mbs;
	struct v4l2_fract		timeperframe;
	struct cedrus_h264_gop		gop;
	bool				headers_pending;
	bool				force_key;
	bool				key_requested;
	u32				key_from;
	spinlock_t			ctrls_lock; /* see above */
	struct cedrus_enc_h264_ctrls	ctrls;
	struct cedrus_enc_rc		rc;
	bool				rc_active;
	bool				stalled;
};

/**
 * struct cedrus_enc_h264_job - parameters of the frame in flight
 * @frame:		type, frame_num, POC, idr_pic_id
 * @headers:		SPS and PPS go before the slice
 * @sps:		SPS contents (valid with @headers)
 * @pps:		PPS contents
 * @slice:		slice header contents
 * @para0:		VE_ENC_AVC_PARA0 with EPTB_DIS clear
 * @para1:		VE_ENC_AVC_PARA1
 * @stm_addr:		bitstream window start
 * @stm_size:		bitstream window size in bytes (≤ the plane size)
 * @rc:			the QP comes from the rate controller
 * @mmio_writes:	register writes made for the job (debug statistics)
 * @header_bits:	bits of the headers written by the kernel
 */
struct cedrus_enc_h264_job {
	struct cedrus_h264_frame	frame;
	bool				headers;
	struct cedrus_h264_sps		sps;
	struct cedrus_h264_pps		pps;
	struct cedrus_h264_slice	slice;
	u32				para0;
	u32				para1;
	dma_addr_t			stm_addr;
	u32				stm_size;
	bool				rc;
	unsigned int			mmio_writes;
	unsigned int			header_bits;
};

/* Controls */

/*
 * Controls that shape the stream structure cannot change while the coded
 * queue streams; QPs, bit rates and FORCE_KEY_FRAME can (rate control mode
 * and CPB size cannot: they are the stream's contract with its decoder).
 */
static bool cedrus_enc_h264_ctrl_is_static(u32 id)
{
	switch (id) {
	case V4L2_CID_MPEG_VIDEO_BITRATE:
	case V4L2_CID_MPEG_VIDEO_BITRATE_PEAK:
	case V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP:
	case V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP:
	case V4L2_CID_MPEG_VIDEO_H264_MIN_QP:
	case V4L2_CID_MPEG_VIDEO_H264_MAX_QP:
	case V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME:
		return false;
	default:
		return true;
	}
}

/* Where the value of control @id is kept, NULL for a control not cached. */
static s32 *cedrus_enc_h264_ctrl_slot(struct cedrus_enc_h264_ctrls *c, u32 id)
{
	switch (id) {
	case V4L2_CID_MPEG_VIDEO_H264_PROFILE:
		return &c->profile;
	case V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE:
		return &c->entropy;
	case V4L2_CID_MPEG_VIDEO_H264_LEVEL:
		return &c->level;
	case V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP:
		return &c->i_qp;
	case V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP:
		return &c->p_qp;
	case V4L2_CID_MPEG_VIDEO_H264_MIN_QP:
		return &c->min_qp;
	case V4L2_CID_MPEG_VIDEO_H264_MAX_QP:
		return &c->max_qp;
	case V4L2_CID_MPEG_VIDEO_H264_CHROMA_QP_INDEX_OFFSET:
		return &c->chroma_qp_offset;
	case V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE:
		return &c->loop_filter;
	case V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_ALPHA:
		return &c->alpha;
	case V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_BETA:
		return &c->beta;
	case V4L2_CID_MPEG_VIDEO_GOP_SIZE:
		return &c->gop_size;
	case V4L2_CID_MPEG_VIDEO_GOP_CLOSURE:
		return &c->gop_closure;
	case V4L2_CID_MPEG_VIDEO_H264_I_PERIOD:
		return &c->i_period;
	case V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR:
		return &c->prepend_spspps;
	case V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_ENABLE:
		return &c->sar_enable;
	case V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_IDC:
		return &c->sar_idc;
	case V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_WIDTH:
		return &c->sar_width;
	case V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_HEIGHT:
		return &c->sar_height;
	case V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE:
		return &c->rc_enable;
	case V4L2_CID_MPEG_VIDEO_BITRATE_MODE:
		return &c->bitrate_mode;
	case V4L2_CID_MPEG_VIDEO_BITRATE:
		return &c->bitrate;
	case V4L2_CID_MPEG_VIDEO_BITRATE_PEAK:
		return &c->bitrate_peak;
	case V4L2_CID_MPEG_VIDEO_H264_CPB_SIZE:
		return &c->cpb_size;
	default:
		return NULL;
	}
}

static bool cedrus_enc_h264_profile_is_baseline(s32 profile)
{
	return profile == V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE ||
	       profile == V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE;
}

/*
 * PROFILE and ENTROPY_MODE form a cluster (PROFILE first): CABAC is not
 * part of the Baseline profiles (A.2.1). Asking for both is refused; a
 * Baseline profile alone turns CABAC off, as the entropy mode is only
 * meaningful within the profile.
 */
static int cedrus_enc_h264_ctrl_entropy_validate(struct v4l2_ctrl *profile)
{
	struct v4l2_ctrl *entropy = profile->cluster[1];

	if (WARN_ON(profile->ncontrols != 2 || !entropy ||
		    entropy->id != V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE))
		return -EINVAL;

	if (!cedrus_enc_h264_profile_is_baseline(profile->val) ||
	    entropy->val != V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CABAC)
		return 0;

	if (entropy->is_new)
		return -EINVAL;

	entropy->val = V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CAVLC;

	return 0;
}

/* Called with the master of a cluster: every member has its new value. */
static int cedrus_enc_h264_ctrl_validate(struct cedrus_context *ctx,
					 struct v4l2_ctrl *ctrl)
{
	struct v4l2_ctrl *member;
	unsigned int i;
	int ret;

	if (ctrl->id == V4L2_CID_MPEG_VIDEO_H264_PROFILE) {
		ret = cedrus_enc_h264_ctrl_entropy_validate(ctrl);
		if (ret)
			return ret;
	}

	if (!cedrus_context_is_streaming(ctx))
		return 0;

	/* BITRATE 0 is fixed QPs: turning rate control on or off is a mode. */
	if (ctrl->id == V4L2_CID_MPEG_VIDEO_BITRATE &&
	    !ctrl->val != !ctrl->cur.val)
		return -EBUSY;

	for (i = 0; i < ctrl->ncontrols; i++) {
		member = ctrl->cluster[i];
		if (member && cedrus_enc_h264_ctrl_is_static(member->id) &&
		    member->val != member->cur.val)
			return -EBUSY;
	}

	return 0;
}

/*
 * Cache the new values (of every member, for a cluster's master). Before
 * STREAMON there is no engine context: setup() is followed by a handover
 * of every value, and the first frame is an IDR anyway.
 */
static int cedrus_enc_h264_ctrl_prepare(struct cedrus_context *ctx,
					struct v4l2_ctrl *ctrl)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	struct v4l2_ctrl *member;
	unsigned int i;
	s32 *slot;

	if (!ectx)
		return 0;

	/* The next OUTPUT buffer queued, not the next job, is the key. */
	if (ctrl->id == V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME) {
		spin_lock(&ectx->ctrls_lock);
		ectx->key_requested = true;
		ectx->key_from = READ_ONCE(ctx->v4l2.queued_out);
		spin_unlock(&ectx->ctrls_lock);
		return 0;
	}

	spin_lock(&ectx->ctrls_lock);
	for (i = 0; i < ctrl->ncontrols; i++) {
		member = ctrl->cluster[i];
		slot = member ? cedrus_enc_h264_ctrl_slot(&ectx->ctrls,
							  member->id) : NULL;
		if (slot)
			*slot = member->val;
	}
	spin_unlock(&ectx->ctrls_lock);

	return 0;
}

/* Resources */

static void cedrus_enc_h264_cleanup(struct cedrus_context *ctx)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ectx->rec); i++) {
		cedrus_dma_buf_free(ctx->dev, &ectx->rec[i]);
		cedrus_dma_buf_free(ctx->dev, &ectx->subpix[i]);
	}
	cedrus_dma_buf_free(ctx->dev, &ectx->mb_info);
}

/*
 * The SPS states the LEVEL control as it is, so the stream must keep within
 * that level: its frame size and, at the frame rate the VUI timing states,
 * its macroblock rate (Table A-1). A level too low is the client's error,
 * reported here rather than written into a stream that lies about itself.
 */
static int cedrus_enc_h264_level_check(struct cedrus_context *ctx)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	u32 fps_num = ectx->timeperframe.denominator;
	u32 fps_den = ectx->timeperframe.numerator;
	u32 w = ectx->width_mbs, h = ectx->height_mbs;
	struct v4l2_ctrl *ctrl;
	u32 level, needed;
	bool any;

	ctrl = cedrus_context_ctrl_find(ctx, V4L2_CID_MPEG_VIDEO_H264_LEVEL);
	if (WARN_ON(!ctrl))
		return -EINVAL;

	level = v4l2_ctrl_g_ctrl(ctrl);
	if (cedrus_h264_level_fits(level, w, h, fps_num, fps_den))
		return 0;

	/* Above 6.2's limits no level admits the stream. */
	needed = cedrus_h264_level_min(w, h, fps_num, fps_den);
	any = cedrus_h264_level_fits(needed, w, h, fps_num, fps_den);
	dev_err_ratelimited(ctx->dev->dev,
			    "h264-enc: level %s is too low for %ux%u at %u/%u fps (%s level %s)\n",
			    cedrus_h264_level_name(level), w * 16, h * 16,
			    fps_num, fps_den, any ? "needs" : "beyond",
			    cedrus_h264_level_name(needed));

	return -EINVAL;
}

static int cedrus_enc_h264_setup(struct cedrus_context *ctx)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	unsigned int i;
	int ret;

	ectx->width_mbs = DIV_ROUND_UP(pix->width, 16);
	ectx->height_mbs = DIV_ROUND_UP(pix->height, 16);
	ectx->timeperframe = ctx->v4l2.timeperframe;

	ret = cedrus_enc_h264_level_check(ctx);
	if (ret)
		return ret;

	cedrus_h264_buf_sizes(ectx->width_mbs, ectx->height_mbs, &ectx->sizes);

	for (i = 0; i < ARRAY_SIZE(ectx->rec); i++) {
		ret = cedrus_dma_buf_alloc(ctx->dev, &ectx->rec[i],
					   ectx->sizes.rec);
		if (ret)
			goto error_buffers;

		ret = cedrus_dma_buf_alloc(ctx->dev, &ectx->subpix[i],
					   ectx->sizes.subpix);
		if (ret)
			goto error_buffers;
	}

	ret = cedrus_dma_buf_alloc(ctx->dev, &ectx->mb_info,
				   ectx->sizes.mb_info);
	if (ret)
		goto error_buffers;

	spin_lock_init(&ectx->ctrls_lock);
	memset(&ectx->gop, 0, sizeof(ectx->gop));
	ectx->current_set = 0;
	ectx->headers_pending = true;
	ectx->force_key = false;
	ectx->key_requested = false;
	ectx->rc_active = false;
	ectx->stalled = false;

	dev_dbg(ctx->dev->dev, "h264-enc: %ux%u MBs, %zu bytes of buffers\n",
		ectx->width_mbs, ectx->height_mbs,
		cedrus_h264_ctx_memory(&ectx->sizes));

	return 0;

error_buffers:
	cedrus_enc_h264_cleanup(ctx);
	return ret;
}

/* Job: prepare */

static void cedrus_enc_h264_sps_prepare(struct cedrus_context *ctx,
					const struct cedrus_enc_h264_ctrls *c,
					struct cedrus_enc_h264_job *job)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	struct cedrus_h264_sps *sps = &job->sps;
	const struct v4l2_fract *tpf = &ectx->timeperframe;
	const struct v4l2_rect *crop = &ctx->v4l2.crop;
	u32 width = ectx->width_mbs * 16;
	u32 height = ectx->height_mbs * 16;
	struct cedrus_h264_colour colour;

	if (cedrus_h264_profile_map(c->profile, &sps->profile_idc,
				    &sps->constraint_flags))
		cedrus_h264_profile_map(V4L2_MPEG_VIDEO_H264_PROFILE_MAIN,
					&sps->profile_idc,
					&sps->constraint_flags);

	/* The LEVEL control as it is: setup() checked that it fits. */
	sps->level_idc = cedrus_h264_level_idc(c->level, sps->profile_idc,
					       &sps->constraint_flags);

	sps->width_mbs = ectx->width_mbs;
	sps->height_mbs = ectx->height_mbs;

	/* Visible rectangle; cropping counts pairs of luma samples. */
	if (crop->width && crop->height &&
	    crop->left + crop->width <= width &&
	    crop->top + crop->height <= height) {
		sps->crop_left = ALIGN_DOWN(crop->left, 2);
		sps->crop_top = ALIGN_DOWN(crop->top, 2);
		sps->crop_right = ALIGN_DOWN(width - crop->left - crop->width,
					     2);
		sps->crop_bottom = ALIGN_DOWN(height - crop->top -
					      crop->height, 2);
	}

	/* The OUTPUT format's colorimetry, so that players show it right. */
	cedrus_h264_colour_map(pix->colorspace, pix->xfer_func, pix->ycbcr_enc,
			       pix->quantization, &colour);
	sps->colour = true;
	sps->full_range = colour.full_range;
	sps->colour_primaries = colour.primaries;
	sps->transfer = colour.transfer;
	sps->matrix = colour.matrix;

	sps->sar_present = c->sar_enable;
	if (sps->sar_present) {
		sps->aspect_ratio_idc = cedrus_h264_sar_idc(c->sar_idc);
		sps->sar_width = c->sar_width;
		sps->sar_height = c->sar_height;
	}

	/*
	 * timeperframe is num/den seconds per frame and a frame lasts two
	 * ticks (E.2.1): num_units_in_tick = num, time_scale = 2 × den gives
	 * time_scale / (2 × num_units_in_tick) = den / num frames per second.
	 */
	if (tpf->numerator && tpf->denominator &&
	    tpf->denominator <= U32_MAX / 2) {
		sps->num_units_in_tick = tpf->numerator;
		sps->time_scale = 2 * tpf->denominator;
	}
}

/*
 * The QP of the next frame from the rate controller, started with the
 * first frame of the stream (the controls are all handed over by then)
 * and told of every change of the bit rates.
 */
static u8 cedrus_enc_h264_rc_prepare(struct cedrus_context *ctx,
				     const struct cedrus_enc_h264_ctrls *c,
				     bool intra)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	struct cedrus_enc_rc_params params;

	if (ectx->rc_active) {
		cedrus_enc_rc_set_rates(&ectx->rc, c->bitrate, c->bitrate_peak);
		return cedrus_enc_rc_frame_qp(&ectx->rc, intra);
	}

	params = (struct cedrus_enc_rc_params) {
		.mode		= c->bitrate_mode ==
				  V4L2_MPEG_VIDEO_BITRATE_MODE_VBR ?
				  CEDRUS_ENC_RC_VBR : CEDRUS_ENC_RC_CBR,
		.bitrate	= c->bitrate,
		.peak		= c->bitrate_peak,
		/* the control's range keeps this within u32 */
		.cpb_bits	= c->cpb_size * 8000U,
		.fps_num	= ectx->timeperframe.denominator,
		.fps_den	= ectx->timeperframe.numerator,
		.i_qp		= c->i_qp,
		.p_qp		= c->p_qp,
		.min_qp		= c->min_qp,
		.max_qp		= c->max_qp,
		.key_period	= c->gop_closure ? c->gop_size :
				  min(c->gop_size, c->i_period),
		.mbs		= ectx->width_mbs * ectx->height_mbs,
	};
	cedrus_enc_rc_init(&ectx->rc, &params);
	ectx->rc_active = true;

	return cedrus_enc_rc_frame_qp(&ectx->rc, intra);
}

static int cedrus_enc_h264_job_prepare(struct cedrus_context *ctx,
				       struct cedrus_job *job)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	struct cedrus_enc_h264_job *ejob = job->engine_job;
	struct cedrus_h264_slice *slice = &ejob->slice;
	struct cedrus_h264_gop_params gop = {};
	u32 sequence = job->picture->sequence;
	struct cedrus_enc_h264_ctrls c;
	bool requested_key = false;
	size_t plane_size;
	u32 stride_mbs;
	bool p;

	/* One consistent set of control values for the whole frame. */
	spin_lock(&ectx->ctrls_lock);
	c = ectx->ctrls;
	if (ectx->key_requested && (s32)(sequence - ectx->key_from) >= 0) {
		ectx->key_requested = false;
		requested_key = true;
	}
	spin_unlock(&ectx->ctrls_lock);

	/* Frame type (first: a failed job gives it back in job_finish) */
	gop.closure = c.gop_closure;
	gop.gop_size = c.gop_size;
	gop.i_period = c.i_period;
	gop.force_key = xchg(&ectx->force_key, false) || requested_key;
	cedrus_h264_gop_next(&ectx->gop, &gop, &ejob->frame);
	p = ejob->frame.type == CEDRUS_H264_FRAME_P;

	/* Bitstream window: the CAPTURE plane, never more. */
	plane_size = vb2_plane_size(&job->coded->vb2_buf, 0);
	ejob->stm_addr = cedrus_buffer_addr(job->coded, 0);
	ejob->stm_size = ALIGN_DOWN(min_t(size_t, plane_size, SZ_256M),
				    CEDRUS_ENC_H264_STM_GRANULE);
	if (!ejob->stm_size)
		return -EINVAL;

	ejob->headers = ectx->headers_pending ||
			(ejob->frame.type == CEDRUS_H264_FRAME_IDR &&
			 c.prepend_spspps);

	/* Entropy coding: Baseline profiles never get CABAC. */
	ejob->pps.cabac = !cedrus_enc_h264_profile_is_baseline(c.profile) &&
			  c.entropy == V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CABAC;
	ejob->pps.pic_init_qp = CEDRUS_H264_PIC_INIT_QP;
	ejob->pps.chroma_qp_index_offset = c.chroma_qp_offset;

	if (ejob->headers)
		cedrus_enc_h264_sps_prepare(ctx, &c, ejob);

	/* Slice header */
	slice->type = ejob->frame.type;
	slice->cabac = ejob->pps.cabac;
	slice->cabac_init_idc = p && slice->cabac ?
				CEDRUS_ENC_H264_CABAC_INIT_IDC_P : 0;
	slice->frame_num = ejob->frame.frame_num;
	slice->idr_pic_id = ejob->frame.idr_pic_id;
	slice->poc_lsb = ejob->frame.poc_lsb;
	slice->pic_init_qp = ejob->pps.pic_init_qp;
	ejob->rc = c.rc_enable && c.bitrate > 0;
	if (ejob->rc)
		slice->qp = cedrus_enc_h264_rc_prepare(ctx, &c, !p);
	else
		slice->qp = cedrus_h264_qp_select(ejob->frame.type, c.i_qp,
						  c.p_qp, c.min_qp, c.max_qp);

	/* The menu values are disable_deblocking_filter_idc (7.4.3). */
	slice->deblock_idc = c.loop_filter;
	if (c.loop_filter != V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED) {
		slice->alpha_div2 = c.alpha;
		slice->beta_div2 = c.beta;
	}

	/*
	 * The VE filters its reconstruction as the slice header tells the
	 * decoder to: the same idc and offsets (4-bit two's complement).
	 * IDR_PIC_ID stays 0, as in both prior drivers: the kernel writes
	 * the slice header with its idr_pic_id, the VE only codes the data.
	 */
	ejob->para0 = FIELD_PREP(VE_ENC_AVC_PARA0_BETA_OFFSET_DIV2,
				 slice->beta_div2 & 0xf) |
		      FIELD_PREP(VE_ENC_AVC_PARA0_ALPHA_OFFSET_DIV2,
				 slice->alpha_div2 & 0xf) |
		      FIELD_PREP(VE_ENC_AVC_PARA0_DEBLOCK_IDC,
				 slice->deblock_idc) |
		      FIELD_PREP(VE_ENC_AVC_PARA0_FIX_MODE_NUM,
				 slice->cabac_init_idc) |
		      (p ? VE_ENC_AVC_PARA0_SLICE_TYPE_P :
			   VE_ENC_AVC_PARA0_SLICE_TYPE_I);
	if (slice->cabac)
		ejob->para0 |= VE_ENC_AVC_PARA0_ENTROPY_CODING_CABAC;

	/*
	 * The input stride in units of 48 macroblocks, rounded up, as the
	 * silicon-proven rework writes it (the format rules keep it within
	 * the field).
	 */
	stride_mbs = ctx->v4l2.format_picture.plane_fmt[0].bytesperline / 16;
	ejob->para1 = FIELD_PREP(VE_ENC_AVC_PARA1_QP_CHROMA_OFFSET0,
				 c.chroma_qp_offset) |
		      FIELD_PREP(VE_ENC_AVC_PARA1_STRIDE_MBS_DIV_48,
				 DIV_ROUND_UP(stride_mbs, 48)) |
		      VE_ENC_AVC_PARA1_RC_MODE_FIXED_QP |
		      FIELD_PREP(VE_ENC_AVC_PARA1_FIXED_QP, slice->qp);

	return 0;
}

/* Job: configure */

/* Every register write of a job goes through here to be counted. */
static void cedrus_enc_h264_write(struct cedrus_context *ctx,
				  struct cedrus_enc_h264_job *ejob,
				  u32 reg, u32 val)
{
	cedrus_write(ctx->dev, reg, val);
	ejob->mmio_writes++;
}

/**
 * struct cedrus_enc_h264_putbits - put-bits sink state
 * @ctx:	context of the job
 * @ejob:	the job (PARA0 value, write counter)
 */
struct cedrus_enc_h264_putbits {
	struct cedrus_context		*ctx;
	struct cedrus_enc_h264_job	*ejob;
};

/*
 * One put-bits operation: wait until the unit is ready, then hand it up to
 * CEDRUS_H264_BW_BATCH_BITS (16) bits (the low NUM_BITS bits of
 * PUTBITSDATA, most significant first).
 * The VE appends them at STM_BIT_LEN and applies emulation prevention to
 * every byte it completes unless PARA0.EPTB_DIS is set.
 */
static int cedrus_enc_h264_putbits_put(void *priv, u32 bits,
				       unsigned int count)
{
	struct cedrus_enc_h264_putbits *pb = priv;
	struct cedrus_context *ctx = pb->ctx;
	int ret;

	ret = cedrus_poll(ctx->dev, VE_ENC_AVC_STATUS_REG,
			  VE_ENC_AVC_STATUS_PUT_BITS_READY);
	if (ret)
		return ret;

	cedrus_enc_h264_write(ctx, pb->ejob, VE_ENC_AVC_PUTBITSDATA_REG, bits);
	cedrus_enc_h264_write(ctx, pb->ejob, VE_ENC_AVC_STARTTRIG_REG,
			      FIELD_PREP(VE_ENC_AVC_STARTTRIG_NUM_BITS, count) |
			      VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS);

	return 0;
}

/*
 * PARA0 carries the whole frame configuration, so switching emulation
 * prevention rewrites it: the last write (EP on, before the slice header
 * payload) leaves the final job value in place.
 */
static int cedrus_enc_h264_putbits_set_ep(void *priv, bool enable)
{
	struct cedrus_enc_h264_putbits *pb = priv;
	struct cedrus_context *ctx = pb->ctx;
	int ret;

	/* the unit may still be busy with the previous bits */
	ret = cedrus_poll(ctx->dev, VE_ENC_AVC_STATUS_REG,
			  VE_ENC_AVC_STATUS_PUT_BITS_READY);
	if (ret)
		return ret;

	cedrus_enc_h264_write(ctx, pb->ejob, VE_ENC_AVC_PARA0_REG,
			      pb->ejob->para0 |
			      (enable ? 0 : VE_ENC_AVC_PARA0_EPTB_DIS));

	return 0;
}

static const struct cedrus_h264_sink_ops cedrus_enc_h264_putbits_ops = {
	.put_bits	= cedrus_enc_h264_putbits_put,
	.set_ep		= cedrus_enc_h264_putbits_set_ep,
};

static int cedrus_enc_h264_headers_configure(struct cedrus_context *ctx,
					     struct cedrus_enc_h264_job *ejob)
{
	struct cedrus_enc_h264_putbits pb = { .ctx = ctx, .ejob = ejob };
	struct cedrus_h264_bw bw;
	u32 bit_len;
	int ret;

	cedrus_h264_bw_init(&bw, &cedrus_enc_h264_putbits_ops, &pb);

	if (ejob->headers) {
		ret = cedrus_h264_write_sps(&bw, &ejob->sps);
		if (ret)
			return ret;

		ret = cedrus_h264_write_pps(&bw, &ejob->pps);
		if (ret)
			return ret;
	}

	ret = cedrus_h264_write_slice_header(&bw, &ejob->slice);
	if (ret)
		return ret;

	/*
	 * The VE counts the bytes it inserted for emulation prevention, so
	 * its length is ours plus whole bytes: anything else means bits were
	 * lost and the slice data would start at the wrong place.
	 */
	ret = cedrus_poll(ctx->dev, VE_ENC_AVC_STATUS_REG,
			  VE_ENC_AVC_STATUS_PUT_BITS_READY);
	if (ret)
		return ret;

	/*
	 * DO NOT start the encode while the header writes drain to memory:
	 * wait for the VE's sync and cache-sync idle bits, as the
	 * silicon-proven rework does after its headers.
	 */
	ret = cedrus_poll(ctx->dev, VE_RESET_REG,
			  VE_RESET_SYNC_IDLE | VE_RESET_CACHE_SYNC_IDLE);
	if (ret)
		return ret;

	bit_len = cedrus_read(ctx->dev, VE_ENC_AVC_STM_BIT_LEN_REG);
	if (bit_len < bw.bits || (bit_len - bw.bits) % 8) {
		dev_err(ctx->dev->dev,
			"h264-enc: header length %u bits, wrote %llu\n",
			bit_len, bw.bits);
		return -EIO;
	}
	ejob->header_bits = bit_len;

	return 0;
}

static int cedrus_enc_h264_job_configure(struct cedrus_context *ctx,
					 struct cedrus_job *job)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	struct cedrus_enc_h264_job *ejob = job->engine_job;
	const struct cedrus_dma_buf *rec = &ectx->rec[ectx->current_set];
	const struct cedrus_dma_buf *ref = &ectx->rec[!ectx->current_set];
	int ret;

	/* Bitstream window, empty */
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_STARTTRIG_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_STM_BIT_OFFSET_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_STM_START_ADDR_REG,
			      ejob->stm_addr);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_STM_END_ADDR_REG,
			      ejob->stm_addr + ejob->stm_size - 1);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_STM_BIT_MAX_REG,
			      ejob->stm_size * 8);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_STM_BIT_LEN_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_HEADER_BITS_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_RESIDUAL_BITS_REG, 0);

	/* Headers. This also leaves the final PARA0 value (EP enabled). */
	ret = cedrus_enc_h264_headers_configure(ctx, ejob);
	if (ret) {
		/* the GOP moved on without this frame: restart it */
		WRITE_ONCE(ectx->force_key, true);
		return ret;
	}

	/*
	 * Picture buffers: the reconstruction of this frame goes to the
	 * current set; the reference (P frames; unused by I frames) is the
	 * other set, holding the previous frame's reconstruction.
	 */
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_MB_INFO_ADDR_REG,
			      ectx->mb_info.addr);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_MV_BUF_ADDR_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_REC_ADDR_Y_REG, rec->addr);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_REC_ADDR_C_REG,
			      rec->addr + ectx->sizes.rec_luma);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_REF0_ADDR_Y_REG, ref->addr);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_REF0_ADDR_C_REG,
			      ref->addr + ectx->sizes.rec_luma);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_SUBPIX_ADDR_NEW_REG,
			      ectx->subpix[ectx->current_set].addr);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_SUBPIX_ADDR_LAST_REG,
			      ectx->subpix[!ectx->current_set].addr);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_DEBLK_ADDR_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_CYCLIC_INTRA_REFRESH_REG,
			      0);

	/* Coding parameters: fixed QP, no rate control */
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_PARA1_REG, ejob->para1);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_PARA2_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_DYNAMIC_ME_PAR0_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_DYNAMIC_ME_PAR1_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_RC_INIT_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_RC_MAD_TH0_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_RC_MAD_TH1_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_RC_MAD_TH2_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_RC_MAD_TH3_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_ME_PARA_REG,
			      VE_ENC_AVC_ME_PARA_WB_MV_INFO_DIS |
			      FIELD_PREP(VE_ENC_AVC_ME_PARA_FME_SEARCH_LEVEL,
					 2));

	/* Statistics of the previous frame */
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_MAD_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_OVERTIME_MB_REG, 0);
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_ME_INFO_REG, 0);

	return 0;
}

/* Job: trigger, IRQ, finish */

static void cedrus_enc_h264_job_trigger(struct cedrus_context *ctx,
					struct cedrus_job *job)
{
	struct cedrus_enc_h264_job *ejob = job->engine_job;

	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_INT_EN_REG,
			      VE_ENC_AVC_INT_EN_STALL |
			      VE_ENC_AVC_INT_EN_FINISH);
	/* DO NOT write anything to the encoder after this: it is running. */
	cedrus_enc_h264_write(ctx, ejob, VE_ENC_AVC_STARTTRIG_REG,
			      VE_ENC_AVC_STARTTRIG_ENCODE_MODE_H264 |
			      VE_ENC_AVC_STARTTRIG_TYPE_ENC_START);

	dev_dbg(ctx->dev->dev,
		"h264-enc: frame %u type %d qp %u headers %d: %u header bits, %u register writes\n",
		ejob->frame.frame_num, ejob->frame.type, ejob->slice.qp,
		ejob->headers, ejob->header_bits, ejob->mmio_writes);
}

static enum cedrus_irq_status
cedrus_enc_h264_irq_status(struct cedrus_context *ctx)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	u32 status = cedrus_read(ctx->dev, VE_ENC_AVC_STATUS_REG) &
		     VE_ENC_AVC_STATUS_INT_MASK;

	if (!status)
		return CEDRUS_IRQ_NONE;

	/*
	 * FINISH is success whatever else latched (an OVERTIME bit may come
	 * with a frame that did finish), as both prior drivers treat it.
	 * STALL (bitstream window full, bad parameters) or no FINISH at all
	 * (an overtime alone) is a failed frame.
	 */
	if (!(status & VE_ENC_AVC_STATUS_FINISH) ||
	    (status & VE_ENC_AVC_STATUS_STALL)) {
		/* a full bitstream window is a rate control event */
		WRITE_ONCE(ectx->stalled,
			   !!(status & VE_ENC_AVC_STATUS_STALL));
		dev_warn_ratelimited(ctx->dev->dev,
				     "h264-enc: encode failed, status %#x\n",
				     status);
		return CEDRUS_IRQ_ERROR;
	}

	return CEDRUS_IRQ_SUCCESS;
}

static void cedrus_enc_h264_irq_clear(struct cedrus_context *ctx)
{
	cedrus_write(ctx->dev, VE_ENC_AVC_STATUS_REG,
		     VE_ENC_AVC_STATUS_INT_MASK);
}

static void cedrus_enc_h264_irq_disable(struct cedrus_context *ctx)
{
	cedrus_write(ctx->dev, VE_ENC_AVC_INT_EN_REG, 0);
}

/*
 * The rate controller learns every frame's size; a frame lost to a full
 * bitstream window raises its QPs (the next frame is still encoded).
 */
static void cedrus_enc_h264_rc_finish(struct cedrus_enc_h264_context *ectx,
				      const struct cedrus_enc_h264_job *ejob,
				      u32 bit_len)
{
	bool intra = ejob->frame.type != CEDRUS_H264_FRAME_P;
	bool stalled = xchg(&ectx->stalled, false);

	if (!ejob->rc || !ectx->rc_active)
		return;

	if (bit_len)
		cedrus_enc_rc_frame_done(&ectx->rc, intra, ejob->slice.qp,
					 bit_len);
	else if (stalled)
		cedrus_enc_rc_frame_overflow(&ectx->rc, intra, ejob->slice.qp,
					     ejob->stm_size * 8);
}

static void cedrus_enc_h264_job_finish(struct cedrus_context *ctx,
				       struct cedrus_job *job,
				       enum vb2_buffer_state state)
{
	struct cedrus_enc_h264_context *ectx = ctx->engine_ctx;
	struct cedrus_enc_h264_job *ejob = job->engine_job;
	struct vb2_v4l2_buffer *coded = job->coded;
	u32 bit_len = 0;

	coded->flags &= ~(V4L2_BUF_FLAG_KEYFRAME | V4L2_BUF_FLAG_PFRAME |
			  V4L2_BUF_FLAG_BFRAME);

	if (state == VB2_BUF_STATE_DONE) {
		bit_len = cedrus_read(ctx->dev, VE_ENC_AVC_STM_BIT_LEN_REG);
		if (bit_len % 8 || bit_len / 8 > ejob->stm_size) {
			dev_err(ctx->dev->dev,
				"h264-enc: bad bitstream length %u bits\n",
				bit_len);
			bit_len = 0;
		}
	}

	vb2_set_plane_payload(&coded->vb2_buf, 0, bit_len / 8);

	cedrus_enc_h264_rc_finish(ectx, ejob, bit_len);

	if (!bit_len) {
		/*
		 * The decoder will not see this frame: restart from an IDR
		 * and keep SPS/PPS pending if they were lost with it.
		 */
		cedrus_h264_gop_frame_lost(&ectx->gop, &ejob->frame);
		WRITE_ONCE(ectx->force_key, true);
		return;
	}

	/*
	 * KEYFRAME marks the random access points: IDR pictures only. A
	 * non-IDR I picture (the I period of an open GOP) carries no frame
	 * type flag: a decoder cannot start there (no recovery point SEI is
	 * written), and clients turn KEYFRAME into sync samples.
	 */
	if (ejob->frame.type == CEDRUS_H264_FRAME_P)
		coded->flags |= V4L2_BUF_FLAG_PFRAME;
	else if (ejob->frame.type == CEDRUS_H264_FRAME_IDR)
		coded->flags |= V4L2_BUF_FLAG_KEYFRAME;

	if (ejob->headers)
		ectx->headers_pending = false;

	/* This frame's reconstruction is the next frame's reference. */
	ectx->current_set = !ectx->current_set;
}

static const struct cedrus_engine_ops cedrus_enc_h264_ops = {
	.ctrl_validate	= cedrus_enc_h264_ctrl_validate,
	.ctrl_prepare	= cedrus_enc_h264_ctrl_prepare,

	.setup		= cedrus_enc_h264_setup,
	.cleanup	= cedrus_enc_h264_cleanup,

	.job_prepare	= cedrus_enc_h264_job_prepare,
	.job_configure	= cedrus_enc_h264_job_configure,
	.job_trigger	= cedrus_enc_h264_job_trigger,
	.job_finish	= cedrus_enc_h264_job_finish,

	.irq_status	= cedrus_enc_h264_irq_status,
	.irq_clear	= cedrus_enc_h264_irq_clear,
	.irq_disable	= cedrus_enc_h264_irq_disable,
};

/*
 * Standard controls: a NULL name lets the control framework fill in the
 * name and type, the ranges below are this encoder's.
 */
static const struct v4l2_ctrl_config cedrus_enc_h264_ctrls[] = {
	{
		.id	= V4L2_CID_MPEG_VIDEO_H264_PROFILE,
		.min	= V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE,
		.max	= V4L2_MPEG_VIDEO_H264_PROFILE_HIGH,
		.def	= V4L2_MPEG_VIDEO_H264_PROFILE_MAIN,
		.menu_skip_mask = BIT(V4L2_MPEG_VIDEO_H264_PROFILE_EXTENDED),
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE,
		.min	= V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CAVLC,
		.max	= V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CABAC,
		.def	= V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CAVLC,
	}, {
		/*
		 * Written into the SPS as it is. 4.0 admits every picture size
		 * the encoder takes, up to 30 fps at 1920x1088; a level too low
		 * for the size and frame rate fails STREAMON(CAPTURE).
		 */
		/*
		 * GStreamer's v4l2h264enc sets the level before the OUTPUT
		 * format and keeps the lowest one S_CTRL takes, which the
		 * stream must then state. From 4.0 up every level admits
		 * every size the encoder takes at 30 fps; a frame rate
		 * beyond a level's MaxMBPS fails STREAMON.
		 */
		.id	= V4L2_CID_MPEG_VIDEO_H264_LEVEL,
		.min	= V4L2_MPEG_VIDEO_H264_LEVEL_4_0,
		.max	= V4L2_MPEG_VIDEO_H264_LEVEL_6_2,
		.def	= V4L2_MPEG_VIDEO_H264_LEVEL_4_0,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP,
		.min	= 0,
		.max	= CEDRUS_H264_QP_MAX,
		.step	= 1,
		.def	= 26,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP,
		.min	= 0,
		.max	= CEDRUS_H264_QP_MAX,
		.step	= 1,
		.def	= 28,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_MIN_QP,
		.min	= 0,
		.max	= CEDRUS_H264_QP_MAX,
		.step	= 1,
		.def	= 0,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_MAX_QP,
		.min	= 0,
		.max	= CEDRUS_H264_QP_MAX,
		.step	= 1,
		.def	= CEDRUS_H264_QP_MAX,
	}, {
		/* PARA1.QP_CHROMA_OFFSET0 is 3 bits wide */
		.id	= V4L2_CID_MPEG_VIDEO_H264_CHROMA_QP_INDEX_OFFSET,
		.min	= 0,
		.max	= 7,
		.step	= 1,
		.def	= 0,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE,
		.min	= V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_ENABLED,
		.max	= CEDRUS_ENC_H264_LOOP_FILTER_MODE_MAX,
		.def	= V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_ENABLED,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_ALPHA,
		.min	= -6,
		.max	= 6,
		.step	= 1,
		.def	= 0,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_BETA,
		.min	= -6,
		.max	= 6,
		.step	= 1,
		.def	= 0,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_GOP_SIZE,
		.min	= 1,
		.max	= U16_MAX,
		.step	= 1,
		.def	= 12,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_GOP_CLOSURE,
		.min	= 0,
		.max	= 1,
		.step	= 1,
		.def	= 1,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_I_PERIOD,
		.min	= 1,
		.max	= U16_MAX,
		.step	= 1,
		.def	= 12,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME,
	}, {
		/*
		 * On by default: a streaming client (RTSP) that joins late
		 * needs SPS and PPS with the next IDR, and FFmpeg cannot set
		 * this control.
		 */
		.id	= V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR,
		.min	= 0,
		.max	= 1,
		.step	= 1,
		.def	= 1,
	}, {
		/*
		 * SPS and PPS always come with the first frame, never as a
		 * CAPTURE buffer of their own: a muxer without extradata
		 * (FFmpeg's mp4) takes them from the first packet, which must
		 * then be a picture too. SEPARATE stays in the menu but
		 * skipped, so that asking for it fails with EINVAL, which
		 * FFmpeg logs at debug level only.
		 */
		.id	= V4L2_CID_MPEG_VIDEO_HEADER_MODE,
		.min	= V4L2_MPEG_VIDEO_HEADER_MODE_SEPARATE,
		.max	= V4L2_MPEG_VIDEO_HEADER_MODE_JOINED_WITH_1ST_FRAME,
		.def	= V4L2_MPEG_VIDEO_HEADER_MODE_JOINED_WITH_1ST_FRAME,
		.menu_skip_mask = BIT(V4L2_MPEG_VIDEO_HEADER_MODE_SEPARATE),
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_MULTI_SLICE_MODE,
		.min	= V4L2_MPEG_VIDEO_MULTI_SLICE_MODE_SINGLE,
		.max	= V4L2_MPEG_VIDEO_MULTI_SLICE_MODE_SINGLE,
		.def	= V4L2_MPEG_VIDEO_MULTI_SLICE_MODE_SINGLE,
	}, {
		/*
		 * On by default, and effective once BITRATE is set: FFmpeg
		 * sets BITRATE always (200 kbit/s without -b:v) and this
		 * control to 1; GStreamer users set only video_bitrate in
		 * extra-controls. With BITRATE 0 the QPs are fixed.
		 */
		.id	= V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE,
		.min	= 0,
		.max	= 1,
		.step	= 1,
		.def	= 1,
	}, {
		/* CBR: FFmpeg sets no mode, and -b:v asks for that average */
		.id	= V4L2_CID_MPEG_VIDEO_BITRATE_MODE,
		.min	= V4L2_MPEG_VIDEO_BITRATE_MODE_VBR,
		.max	= V4L2_MPEG_VIDEO_BITRATE_MODE_CBR,
		.def	= V4L2_MPEG_VIDEO_BITRATE_MODE_CBR,
	}, {
		/* bit/s; 0 = no target, the I/P QPs as they are */
		.id	= V4L2_CID_MPEG_VIDEO_BITRATE,
		.min	= 0,
		.max	= CEDRUS_ENC_RC_BITRATE_MAX,
		.step	= 1,
		.def	= 0,
	}, {
		/* VBR, bit/s; below BITRATE (0 by default) = 2 x BITRATE */
		.id	= V4L2_CID_MPEG_VIDEO_BITRATE_PEAK,
		.min	= 0,
		.max	= CEDRUS_ENC_RC_BITRATE_MAX,
		.step	= 1,
		.def	= 0,
	}, {
		/*
		 * Units of 1000 bytes; 0 = one second at BITRATE (CBR) or
		 * at the peak (VBR). Neither FFmpeg nor GStreamer sets it.
		 */
		.id	= V4L2_CID_MPEG_VIDEO_H264_CPB_SIZE,
		.min	= 0,
		.max	= CEDRUS_ENC_RC_CPB_BITS_MAX / 8000,
		.step	= 1,
		.def	= 0,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_ENABLE,
		.min	= 0,
		.max	= 1,
		.step	= 1,
		.def	= 0,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_IDC,
		.min	= V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_UNSPECIFIED,
		.max	= V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_EXTENDED,
		.def	= V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_UNSPECIFIED,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_WIDTH,
		.min	= 1,
		.max	= U16_MAX,
		.step	= 1,
		.def	= 1,
	}, {
		.id	= V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_HEIGHT,
		.min	= 1,
		.max	= U16_MAX,
		.step	= 1,
		.def	= 1,
	},
};

/* PROFILE (master) and ENTROPY_MODE: see cedrus_enc_h264_ctrl_validate() */
static const struct cedrus_ctrl_cluster cedrus_enc_h264_ctrl_clusters[] = {
	{
		.ids	= {
			V4L2_CID_MPEG_VIDEO_H264_PROFILE,
			V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE,
		},
		.count	= 2,
	},
};

const struct cedrus_engine cedrus_enc_h264 = {
	.name		= "h264-enc",
	.role		= CEDRUS_ROLE_ENCODER,
	.capabilities	= CEDRUS_CAPABILITY_H264_ENC,
	.pixelformat	= V4L2_PIX_FMT_H264,
	.ve_mode	= VE_MODE_DEC_DISABLED,
	.ops		= &cedrus_enc_h264_ops,
	.ctrls		= cedrus_enc_h264_ctrls,
	.ctrls_count	= ARRAY_SIZE(cedrus_enc_h264_ctrls),
	.ctrl_clusters	= cedrus_enc_h264_ctrl_clusters,
	.ctrl_clusters_count = ARRAY_SIZE(cedrus_enc_h264_ctrl_clusters),
	.frmsize	= {
		.min_width	= 16,
		.max_width	= CEDRUS_ENC_H264_WIDTH_MAX,
		.step_width	= 16,
		.min_height	= 16,
		.max_height	= CEDRUS_ENC_H264_HEIGHT_MAX,
		.step_height	= 16,
	},
	/*
	 * Any visible size within the coded ones, in steps of the SPS frame
	 * cropping unit (two samples each way in 4:2:0 frames, 7.4.2.1.1).
	 */
	.frmsize_picture = {
		.min_width	= 16,
		.max_width	= CEDRUS_ENC_H264_WIDTH_MAX,
		.step_width	= 2,
		.min_height	= 16,
		.max_height	= CEDRUS_ENC_H264_HEIGHT_MAX,
		.step_height	= 2,
	},
	.coded_mb_bytes	= CEDRUS_H264_MB_BYTES_CODED,
	.ctx_size	= sizeof(struct cedrus_enc_h264_context),
	.job_size	= sizeof(struct cedrus_enc_h264_job),
};
