// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: stateless MPEG-2 decode engine.
 *
 * One job decodes one picture (a frame, or one field of a field pair):
 * the OUTPUT buffer holds every slice of it, start codes included, and the
 * VE's MPEG block parses slice() and below by itself. Userspace parses the
 * sequence header, the picture header and their extensions and hands them
 * over in three controls (sequence, picture, quantisation matrices).
 *
 * Unlike H.264 the block needs no scratch memory: only the picture being
 * decoded, at most two reference pictures (found by their CAPTURE
 * timestamps) and the bitstream window. So the engine has no context and
 * no per-buffer state, only the job computed in job_prepare().
 *
 * What a malformed stream cannot do here: every value that sizes what the
 * VE writes (the coded size) is checked against the picture format, every
 * reference the picture type uses must name a CAPTURE buffer that holds a
 * picture of the format, and the header fields are checked against their
 * syntax ranges before they are packed into register fields.
 */

#include <linux/bitfield.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-mem2mem.h>
#include <media/videobuf2-dma-contig.h>
#include <media/videobuf2-v4l2.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_dec.h"
#include "cedrus_engine.h"
#include "cedrus_regs.h"

/*
 * Largest picture: the coded size register holds the width and height in
 * macroblocks in 8 bits each (255 MBs, 4080 pixels); the height is capped
 * as for the other decode engines.
 */
#define CEDRUS_DEC_MPEG2_WIDTH_MAX	(255 * 16)
#define CEDRUS_DEC_MPEG2_HEIGHT_MAX	2304

/* Entries of one quantiser matrix (8x8, zigzag scan order). */
#define CEDRUS_DEC_MPEG2_MATRIX_SIZE	64

/* f_code values (ISO/IEC 13818-2, 6.3.10): 1 to 9, 15 when unused. */
#define CEDRUS_DEC_MPEG2_F_CODE_MIN	1
#define CEDRUS_DEC_MPEG2_F_CODE_MAX	9
#define CEDRUS_DEC_MPEG2_F_CODE_UNUSED	15

/**
 * struct cedrus_dec_mpeg2_addr - luma and chroma of one picture
 * @luma:	bus address of the luma plane
 * @chroma:	bus address of the interleaved CbCr plane
 */
struct cedrus_dec_mpeg2_addr {
	dma_addr_t	luma;
	dma_addr_t	chroma;
};

/**
 * struct cedrus_dec_mpeg2_job - everything job_prepare() computes for one
 *	picture, in the form job_configure() writes it to the VE
 * @intra_matrix:	intra quantiser matrix, zigzag order (IQMINPUT)
 * @non_intra_matrix:	non-intra quantiser matrix, zigzag order
 * @mp12hdr:		VE_DEC_MPEG_MP12HDR_REG value
 * @coded_size:		VE_DEC_MPEG_PICCODEDSIZE_REG value
 * @bound_size:		VE_DEC_MPEG_PICBOUNDSIZE_REG value
 * @output:		the picture being decoded
 * @forward:		forward reference (see cedrus_dec_mpeg2_reference())
 * @backward:		backward reference
 * @bitstream_addr:	bus address of the coded buffer
 * @bitstream_size:	bytes of picture data in the coded buffer
 */
struct cedrus_dec_mpeg2_job {
	u8	intra_matrix[CEDRUS_DEC_MPEG2_MATRIX_SIZE];
	u8	non_intra_matrix[CEDRUS_DEC_MPEG2_MATRIX_SIZE];
	u32	mp12hdr;
	u32	coded_size;
	u32	bound_size;

	struct cedrus_dec_mpeg2_addr	output;
	struct cedrus_dec_mpeg2_addr	forward;
	struct cedrus_dec_mpeg2_addr	backward;

	dma_addr_t	bitstream_addr;
	unsigned int	bitstream_size;
};

/* Controls */

/*
 * The sequence must describe 4:2:0 (both picture formats are) and a
 * picture that fits the coded format, once the context decodes MPEG-2: the
 * VE writes as many macroblocks as the sequence says into buffers sized
 * from the format. Zero sizes (the control's default) pass here and fail
 * the job.
 */
static int
cedrus_dec_mpeg2_sequence_check(struct cedrus_context *ctx,
				const struct v4l2_ctrl_mpeg2_sequence *seq)
{
	const struct v4l2_pix_format_mplane *coded = &ctx->v4l2.format_coded;

	if (seq->chroma_format != 1) {
		dev_dbg(ctx->dev->dev, "MPEG-2 chroma_format %u, only 4:2:0\n",
			seq->chroma_format);
		return -EINVAL;
	}

	if (ctx->engine != &cedrus_dec_mpeg2)
		return 0;

	if (seq->horizontal_size > coded->width ||
	    seq->vertical_size > coded->height) {
		dev_dbg(ctx->dev->dev,
			"MPEG-2 sequence of %ux%u, the format is %ux%u\n",
			seq->horizontal_size, seq->vertical_size,
			coded->width, coded->height);
		return -EINVAL;
	}

	return 0;
}

/*
 * A used f_code must be one of the syntax's values, an unused one must at
 * least fit its 4-bit field (the VE ignores it).
 */
static bool cedrus_dec_mpeg2_f_code_ok(u8 f_code, bool used)
{
	if (!used)
		return f_code <= CEDRUS_DEC_MPEG2_F_CODE_UNUSED;

	return f_code >= CEDRUS_DEC_MPEG2_F_CODE_MIN &&
	       f_code <= CEDRUS_DEC_MPEG2_F_CODE_MAX;
}

/*
 * The forward f_codes serve P and B pictures, and I pictures that carry
 * concealment motion vectors; the backward ones serve B pictures only.
 */
static bool
cedrus_dec_mpeg2_uses_forward(const struct v4l2_ctrl_mpeg2_picture *pic)
{
	return pic->picture_coding_type != V4L2_MPEG2_PIC_CODING_TYPE_I ||
	       (pic->flags & V4L2_MPEG2_PIC_FLAG_CONCEALMENT_MV);
}

/*
 * The control framework already refuses picture coding types other than
 * I, P and B, structures other than the three, and intra_dc_precision
 * past 3; they are checked again because each is packed into a register
 * field of its width.
 */
static int
cedrus_dec_mpeg2_picture_check(struct cedrus_context *ctx,
			       const struct v4l2_ctrl_mpeg2_picture *pic)
{
	bool forward = cedrus_dec_mpeg2_uses_forward(pic);
	bool backward = pic->picture_coding_type ==
			V4L2_MPEG2_PIC_CODING_TYPE_B;

	switch (pic->picture_coding_type) {
	case V4L2_MPEG2_PIC_CODING_TYPE_I:
	case V4L2_MPEG2_PIC_CODING_TYPE_P:
	case V4L2_MPEG2_PIC_CODING_TYPE_B:
		break;
	default:
		dev_dbg(ctx->dev->dev, "MPEG-2 picture_coding_type %u\n",
			pic->picture_coding_type);
		return -EINVAL;
	}

	switch (pic->picture_structure) {
	case V4L2_MPEG2_PIC_TOP_FIELD:
	case V4L2_MPEG2_PIC_BOTTOM_FIELD:
	case V4L2_MPEG2_PIC_FRAME:
		break;
	default:
		dev_dbg(ctx->dev->dev, "MPEG-2 picture_structure %u\n",
			pic->picture_structure);
		return -EINVAL;
	}

	if (pic->intra_dc_precision > 3) {
		dev_dbg(ctx->dev->dev, "MPEG-2 intra_dc_precision %u\n",
			pic->intra_dc_precision);
		return -EINVAL;
	}

	if (!cedrus_dec_mpeg2_f_code_ok(pic->f_code[0][0], forward) ||
	    !cedrus_dec_mpeg2_f_code_ok(pic->f_code[0][1], forward) ||
	    !cedrus_dec_mpeg2_f_code_ok(pic->f_code[1][0], backward) ||
	    !cedrus_dec_mpeg2_f_code_ok(pic->f_code[1][1], backward)) {
		dev_dbg(ctx->dev->dev,
			"MPEG-2 type %u picture with f_codes %u %u %u %u\n",
			pic->picture_coding_type, pic->f_code[0][0],
			pic->f_code[0][1], pic->f_code[1][0],
			pic->f_code[1][1]);
		return -EINVAL;
	}

	return 0;
}

static int cedrus_dec_mpeg2_ctrl_validate(struct cedrus_context *ctx,
					  struct v4l2_ctrl *ctrl)
{
	switch (ctrl->id) {
	case V4L2_CID_STATELESS_MPEG2_SEQUENCE:
		return cedrus_dec_mpeg2_sequence_check(ctx,
				ctrl->p_new.p_mpeg2_sequence);
	case V4L2_CID_STATELESS_MPEG2_PICTURE:
		return cedrus_dec_mpeg2_picture_check(ctx,
				ctrl->p_new.p_mpeg2_picture);
	default:
		return 0;
	}
}

/* Job: prepare (RAM only) */

/*
 * Both decoder picture formats are single-planar: chroma starts
 * bytesperline * height bytes after luma (the height is already macroblock
 * or tile aligned by the decoder format rules).
 */
static struct cedrus_dec_mpeg2_addr
cedrus_dec_mpeg2_picture_addr(struct cedrus_context *ctx,
			      struct vb2_buffer *vb)
{
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	struct cedrus_dec_mpeg2_addr addr;

	addr.luma = vb2_dma_contig_plane_dma_addr(vb, 0);
	addr.chroma = addr.luma + pix->plane_fmt[0].bytesperline * pix->height;

	return addr;
}

/*
 * The reference picture of timestamp @ts: a CAPTURE buffer that holds a
 * whole picture of the format. A reference the picture type uses (@used)
 * must be one. An unused one is what the timestamp names if it names such
 * a buffer (what mainline programs), else the output picture: the VE never
 * holds an address outside the buffers of the job, not even bus address 0.
 */
static int cedrus_dec_mpeg2_reference(struct cedrus_context *ctx,
				      struct cedrus_job *job, u64 ts,
				      bool used,
				      struct cedrus_dec_mpeg2_addr *addr)
{
	const struct v4l2_pix_format_mplane *pix = &ctx->v4l2.format_picture;
	struct vb2_buffer *output = &job->picture->vb2_buf;
	struct vb2_buffer *vb;

	vb = vb2_find_buffer(output->vb2_queue, ts);
	if (vb && vb2_plane_size(vb, 0) < pix->plane_fmt[0].sizeimage)
		vb = NULL;

	if (!vb && used) {
		dev_dbg(ctx->dev->dev,
			"MPEG-2 reference timestamp %llu names no picture\n",
			ts);
		return -EINVAL;
	}

	*addr = cedrus_dec_mpeg2_picture_addr(ctx, vb ? vb : output);

	return 0;
}

static int
cedrus_dec_mpeg2_job_prepare_refs(struct cedrus_context *ctx,
				  struct cedrus_job *job,
				  const struct v4l2_ctrl_mpeg2_picture *pic)
{
	struct cedrus_dec_mpeg2_job *mpeg2_job = job->engine_job;
	bool forward = pic->picture_coding_type !=
		       V4L2_MPEG2_PIC_CODING_TYPE_I;
	bool backward = pic->picture_coding_type ==
			V4L2_MPEG2_PIC_CODING_TYPE_B;
	int ret;

	mpeg2_job->output =
		cedrus_dec_mpeg2_picture_addr(ctx, &job->picture->vb2_buf);

	ret = cedrus_dec_mpeg2_reference(ctx, job, pic->forward_ref_ts,
					 forward, &mpeg2_job->forward);
	if (ret)
		return ret;

	return cedrus_dec_mpeg2_reference(ctx, job, pic->backward_ref_ts,
					  backward, &mpeg2_job->backward);
}

static u32
cedrus_dec_mpeg2_mp12hdr(const struct v4l2_ctrl_mpeg2_picture *pic)
{
	u32 flags = pic->flags;

	/* MPEG-2 has no full_pel_*_vector (MPEG-1 only): both stay 0. */
	return FIELD_PREP(VE_DEC_MPEG_MP12HDR_PICTURE_CODING_TYPE,
			  pic->picture_coding_type) |
	       FIELD_PREP(VE_DEC_MPEG_MP12HDR_FWD_H_F_CODE, pic->f_code[0][0]) |
	       FIELD_PREP(VE_DEC_MPEG_MP12HDR_FWD_V_F_CODE, pic->f_code[0][1]) |
	       FIELD_PREP(VE_DEC_MPEG_MP12HDR_BWD_H_F_CODE, pic->f_code[1][0]) |
	       FIELD_PREP(VE_DEC_MPEG_MP12HDR_BWD_V_F_CODE, pic->f_code[1][1]) |
	       FIELD_PREP(VE_DEC_MPEG_MP12HDR_INTRA_DC_PRECISION,
			  pic->intra_dc_precision) |
	       FIELD_PREP(VE_DEC_MPEG_MP12HDR_PICTURE_STRUCTURE,
			  pic->picture_structure) |
	       (flags & V4L2_MPEG2_PIC_FLAG_TOP_FIELD_FIRST ?
		VE_DEC_MPEG_MP12HDR_TOP_FIELD_FIRST : 0) |
	       (flags & V4L2_MPEG2_PIC_FLAG_FRAME_PRED_DCT ?
		VE_DEC_MPEG_MP12HDR_FRAME_PRED_FRAME_DCT : 0) |
	       (flags & V4L2_MPEG2_PIC_FLAG_CONCEALMENT_MV ?
		VE_DEC_MPEG_MP12HDR_CONCEALMENT_MOTION_VECTORS : 0) |
	       (flags & V4L2_MPEG2_PIC_FLAG_Q_SCALE_TYPE ?
		VE_DEC_MPEG_MP12HDR_Q_SCALE_TYPE : 0) |
	       (flags & V4L2_MPEG2_PIC_FLAG_INTRA_VLC ?
		VE_DEC_MPEG_MP12HDR_INTRA_VLC_FORMAT : 0) |
	       (flags & V4L2_MPEG2_PIC_FLAG_ALT_SCAN ?
		VE_DEC_MPEG_MP12HDR_ALTERNATE_SCAN : 0);
}

/* The control's current value: the request's, once the core applied it. */
static struct v4l2_ctrl *cedrus_dec_mpeg2_ctrl(struct cedrus_context *ctx,
					       u32 id)
{
	struct v4l2_ctrl *ctrl = cedrus_context_ctrl_find(ctx, id);

	WARN_ON(!ctrl);

	return ctrl;
}

static int cedrus_dec_mpeg2_job_prepare(struct cedrus_context *ctx,
					struct cedrus_job *job)
{
	struct cedrus_dec_mpeg2_job *mpeg2_job = job->engine_job;
	struct vb2_buffer *src = &job->coded->vb2_buf;
	const struct v4l2_ctrl_mpeg2_quantisation *quant;
	struct v4l2_ctrl *seq_ctrl, *pic_ctrl, *qm_ctrl;
	struct v4l2_ctrl_mpeg2_sequence seq;
	struct v4l2_ctrl_mpeg2_picture pic;
	int ret;

	/* DO NOT hold the handler lock here: v4l2_ctrl_find() takes it. */
	seq_ctrl = cedrus_dec_mpeg2_ctrl(ctx,
					 V4L2_CID_STATELESS_MPEG2_SEQUENCE);
	pic_ctrl = cedrus_dec_mpeg2_ctrl(ctx, V4L2_CID_STATELESS_MPEG2_PICTURE);
	qm_ctrl = cedrus_dec_mpeg2_ctrl(ctx,
					V4L2_CID_STATELESS_MPEG2_QUANTISATION);
	if (!seq_ctrl || !pic_ctrl || !qm_ctrl)
		return -EINVAL;

	/*
	 * Copy the values under the lock: a concurrent S_CTRL must not
	 * change them between the checks below and their use.
	 */
	mutex_lock(ctx->v4l2.hdl.lock);
	seq = *seq_ctrl->p_cur.p_mpeg2_sequence;
	pic = *pic_ctrl->p_cur.p_mpeg2_picture;
	quant = qm_ctrl->p_cur.p_mpeg2_quantisation;
	memcpy(mpeg2_job->intra_matrix, quant->intra_quantiser_matrix,
	       sizeof(mpeg2_job->intra_matrix));
	memcpy(mpeg2_job->non_intra_matrix, quant->non_intra_quantiser_matrix,
	       sizeof(mpeg2_job->non_intra_matrix));
	mutex_unlock(ctx->v4l2.hdl.lock);

	/*
	 * The format may have changed since the controls were checked, and
	 * a control that failed its check when the request was applied kept
	 * its previous value: check everything again.
	 */
	ret = cedrus_dec_mpeg2_sequence_check(ctx, &seq);
	if (ret)
		return ret;
	if (!seq.horizontal_size || !seq.vertical_size) {
		dev_dbg(ctx->dev->dev, "MPEG-2 sequence without a size\n");
		return -EINVAL;
	}

	ret = cedrus_dec_mpeg2_picture_check(ctx, &pic);
	if (ret)
		return ret;

	/* The VE must find picture data; its end lies in the plane (core). */
	mpeg2_job->bitstream_size = vb2_get_plane_payload(src, 0);
	if (!mpeg2_job->bitstream_size) {
		dev_dbg(ctx->dev->dev, "MPEG-2 picture without data\n");
		return -EINVAL;
	}
	mpeg2_job->bitstream_addr = vb2_dma_contig_plane_dma_addr(src, 0);

	ret = cedrus_dec_mpeg2_job_prepare_refs(ctx, job, &pic);
	if (ret)
		return ret;

	mpeg2_job->mp12hdr = cedrus_dec_mpeg2_mp12hdr(&pic);
	mpeg2_job->coded_size =
		FIELD_PREP(VE_DEC_MPEG_PICCODEDSIZE_WIDTH_MBS,
			   DIV_ROUND_UP(seq.horizontal_size, 16)) |
		FIELD_PREP(VE_DEC_MPEG_PICCODEDSIZE_HEIGHT_MBS,
			   DIV_ROUND_UP(seq.vertical_size, 16));
	/*
	 * Mainline programs the OUTPUT format's size, which clients set to
	 * the sequence's; this driver's format is whole macroblocks, so the
	 * sequence gives that value (1080, not 1088 lines), and it fits.
	 */
	mpeg2_job->bound_size =
		FIELD_PREP(VE_DEC_MPEG_PICBOUNDSIZE_WIDTH,
			   seq.horizontal_size) |
		FIELD_PREP(VE_DEC_MPEG_PICBOUNDSIZE_HEIGHT, seq.vertical_size);

	return 0;
}

/* Job: configure (registers) */

static void cedrus_dec_mpeg2_configure_matrix(struct cedrus_device *dev,
					      const u8 *matrix, u32 flags)
{
	unsigned int i;

	for (i = 0; i < CEDRUS_DEC_MPEG2_MATRIX_SIZE; i++)
		cedrus_write(dev, VE_DEC_MPEG_IQMINPUT_REG,
			     flags | FIELD_PREP(VE_DEC_MPEG_IQMINPUT_INDEX, i) |
			     FIELD_PREP(VE_DEC_MPEG_IQMINPUT_WEIGHT,
					matrix[i]));
}

static void
cedrus_dec_mpeg2_configure_picture(struct cedrus_device *dev, u32 luma_reg,
				   u32 chroma_reg,
				   const struct cedrus_dec_mpeg2_addr *addr)
{
	cedrus_write(dev, luma_reg, addr->luma);
	cedrus_write(dev, chroma_reg, addr->chroma);
}

static int cedrus_dec_mpeg2_job_configure(struct cedrus_context *ctx,
					  struct cedrus_job *job)
{
	struct cedrus_dec_mpeg2_job *mpeg2_job = job->engine_job;
	struct cedrus_device *dev = ctx->dev;
	u32 addr = lower_32_bits(mpeg2_job->bitstream_addr);

	/*
	 * The steps follow mainline's order. Step 0, the MPEG decoder mode
	 * (ve_mode) with the width flags and the output layout, is the
	 * role's: cedrus_dec.c did it before this op.
	 */

	/* Step 1: quantiser matrices, one entry a write, intra first. */
	cedrus_dec_mpeg2_configure_matrix(dev, mpeg2_job->intra_matrix,
					  VE_DEC_MPEG_IQMINPUT_INTRA);
	cedrus_dec_mpeg2_configure_matrix(dev, mpeg2_job->non_intra_matrix, 0);

	/* Step 2: picture header and sizes. */
	cedrus_write(dev, VE_DEC_MPEG_MP12HDR_REG, mpeg2_job->mp12hdr);
	cedrus_write(dev, VE_DEC_MPEG_PICCODEDSIZE_REG, mpeg2_job->coded_size);
	cedrus_write(dev, VE_DEC_MPEG_PICBOUNDSIZE_REG, mpeg2_job->bound_size);

	/* Step 3: references, then the picture being decoded. */
	cedrus_dec_mpeg2_configure_picture(dev,
					   VE_DEC_MPEG_FWD_REF_LUMA_ADDR_REG,
					   VE_DEC_MPEG_FWD_REF_CHROMA_ADDR_REG,
					   &mpeg2_job->forward);
	cedrus_dec_mpeg2_configure_picture(dev,
					   VE_DEC_MPEG_BWD_REF_LUMA_ADDR_REG,
					   VE_DEC_MPEG_BWD_REF_CHROMA_ADDR_REG,
					   &mpeg2_job->backward);
	cedrus_dec_mpeg2_configure_picture(dev, VE_DEC_MPEG_REC_LUMA_REG,
					   VE_DEC_MPEG_REC_CHROMA_REG,
					   &mpeg2_job->output);

	/* Step 4: the bitstream window, all of the payload, in one piece. */
	cedrus_write(dev, VE_DEC_MPEG_VLD_OFFSET_REG, 0);
	cedrus_write(dev, VE_DEC_MPEG_VLD_LEN_REG,
		     mpeg2_job->bitstream_size * 8);
	cedrus_write(dev, VE_DEC_MPEG_VLD_ADDR_REG,
		     VE_DEC_MPEG_VLD_ADDR_FIRST | VE_DEC_MPEG_VLD_ADDR_LAST |
		     VE_DEC_MPEG_VLD_ADDR_VALID |
		     (addr & VE_DEC_MPEG_VLD_ADDR_LOW) |
		     FIELD_PREP(VE_DEC_MPEG_VLD_ADDR_HIGH, addr >> 28));
	cedrus_write(dev, VE_DEC_MPEG_VLD_END_ADDR_REG,
		     addr + mpeg2_job->bitstream_size);

	/* Step 5: start at the first macroblock, no error left over. */
	cedrus_write(dev, VE_DEC_MPEG_MBADDR_REG,
		     FIELD_PREP(VE_DEC_MPEG_MBADDR_X, 0) |
		     FIELD_PREP(VE_DEC_MPEG_MBADDR_Y, 0));
	cedrus_write(dev, VE_DEC_MPEG_ERROR_REG, 0);
	cedrus_write(dev, VE_DEC_MPEG_CRTMBADDR_REG, 0);

	/* Step 6: the job's interrupts, motion compensation cache on. */
	cedrus_write(dev, VE_DEC_MPEG_CTRL_REG,
		     VE_DEC_MPEG_CTRL_MC_CACHE_EN |
		     VE_DEC_MPEG_CTRL_MC_NO_WRITEBACK |
		     VE_DEC_MPEG_CTRL_IRQ_MASK);

	return 0;
}

/* Job: trigger and IRQ */

static void cedrus_dec_mpeg2_job_trigger(struct cedrus_context *ctx,
					 struct cedrus_job *job)
{
	cedrus_write(ctx->dev, VE_DEC_MPEG_TRIGGER_REG,
		     VE_DEC_MPEG_TRIGGER_MB_BOUNDARY |
		     VE_DEC_MPEG_TRIGGER_CHROMA_FMT_420 |
		     VE_DEC_MPEG_TRIGGER_FORMAT_MPEG2 |
		     VE_DEC_MPEG_TRIGGER_TYPE_HW_MPEG_VLD);
}

/* Engine description */

static const struct v4l2_ctrl_config cedrus_dec_mpeg2_ctrls[] = {
	{
		.id	= V4L2_CID_STATELESS_MPEG2_SEQUENCE,
	}, {
		.id	= V4L2_CID_STATELESS_MPEG2_PICTURE,
	}, {
		.id	= V4L2_CID_STATELESS_MPEG2_QUANTISATION,
	},
};

static const struct cedrus_engine_ops cedrus_dec_mpeg2_ops = {
	.ctrl_validate	= cedrus_dec_mpeg2_ctrl_validate,

	.job_prepare	= cedrus_dec_mpeg2_job_prepare,
	.job_configure	= cedrus_dec_mpeg2_job_configure,
	.job_trigger	= cedrus_dec_mpeg2_job_trigger,

	.irq_status	= cedrus_dec_irq_status,
	.irq_clear	= cedrus_dec_irq_clear,
	.irq_disable	= cedrus_dec_irq_disable,
};

const struct cedrus_engine cedrus_dec_mpeg2 = {
	.name			= "mpeg2-dec",
	.role			= CEDRUS_ROLE_DECODER,
	.capabilities		= CEDRUS_CAPABILITY_MPEG2_DEC,
	.pixelformat		= V4L2_PIX_FMT_MPEG2_SLICE,
	.ve_mode		= VE_MODE_DEC_MPEG,
	.ops			= &cedrus_dec_mpeg2_ops,
	.ctrls			= cedrus_dec_mpeg2_ctrls,
	.ctrls_count		= ARRAY_SIZE(cedrus_dec_mpeg2_ctrls),
	.frmsize		= {
		.min_width	= 16,
		.max_width	= CEDRUS_DEC_MPEG2_WIDTH_MAX,
		.step_width	= 16,
		.min_height	= 16,
		.max_height	= CEDRUS_DEC_MPEG2_HEIGHT_MAX,
		.step_height	= 16,
	},
	.dec_block		= &cedrus_dec_block_mpeg,
	.requires_requests	= true,
	.job_size		= sizeof(struct cedrus_dec_mpeg2_job),
};
