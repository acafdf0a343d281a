// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: engine dispatch.
 *
 * One wrapper per engine op, with the op's own return type. Mandatory ops
 * (job_configure, job_trigger, irq_status, irq_clear, irq_disable) WARN when
 * missing; every other op is optional and a NULL op means success.
 *
 * The control wrappers dispatch to the engine that declared the control
 * (stored in ctrl->priv when the context instantiates it), not to the
 * context's current engine: a decoder context holds the controls of every
 * decode engine of its processor.
 */

#include <linux/bug.h>

#include "cedrus_context.h"
#include "cedrus_engine.h"

/* The picture (raw format) sizes of @engine: see struct cedrus_engine. */
const struct v4l2_frmsize_stepwise *
cedrus_engine_frmsize_picture(const struct cedrus_engine *engine)
{
	if (engine->frmsize_picture.step_width &&
	    engine->frmsize_picture.step_height)
		return &engine->frmsize_picture;

	return &engine->frmsize;
}

static const struct cedrus_engine_ops *
cedrus_engine_ctrl_ops(struct cedrus_context *ctx, struct v4l2_ctrl *ctrl)
{
	const struct cedrus_engine *engine = ctrl->priv;

	if (!engine)
		engine = ctx->engine;

	return engine ? engine->ops : NULL;
}

int cedrus_engine_ctrl_validate(struct cedrus_context *ctx,
				struct v4l2_ctrl *ctrl)
{
	const struct cedrus_engine_ops *ops = cedrus_engine_ctrl_ops(ctx, ctrl);

	if (!ops || !ops->ctrl_validate)
		return 0;

	return ops->ctrl_validate(ctx, ctrl);
}

int cedrus_engine_ctrl_prepare(struct cedrus_context *ctx,
			       struct v4l2_ctrl *ctrl)
{
	const struct cedrus_engine_ops *ops = cedrus_engine_ctrl_ops(ctx, ctrl);

	if (!ops || !ops->ctrl_prepare)
		return 0;

	return ops->ctrl_prepare(ctx, ctrl);
}

int cedrus_engine_setup(struct cedrus_context *ctx)
{
	if (!ctx->engine->ops->setup)
		return 0;

	return ctx->engine->ops->setup(ctx);
}

void cedrus_engine_cleanup(struct cedrus_context *ctx)
{
	if (ctx->engine->ops->cleanup)
		ctx->engine->ops->cleanup(ctx);
}

int cedrus_engine_buffer_setup(struct cedrus_context *ctx,
			       struct cedrus_buffer *buf)
{
	if (!ctx->engine->ops->buffer_setup)
		return 0;

	return ctx->engine->ops->buffer_setup(ctx, buf);
}

void cedrus_engine_buffer_cleanup(struct cedrus_context *ctx,
				  struct cedrus_buffer *buf)
{
	if (ctx->engine->ops->buffer_cleanup)
		ctx->engine->ops->buffer_cleanup(ctx, buf);
}

u32 cedrus_engine_picture_extra_size(struct cedrus_context *ctx,
				     const struct v4l2_pix_format_mplane *pix)
{
	if (!ctx->engine->ops->picture_extra_size)
		return 0;

	return ctx->engine->ops->picture_extra_size(ctx, pix);
}

int cedrus_engine_job_prepare(struct cedrus_context *ctx,
			      struct cedrus_job *job)
{
	if (!ctx->engine->ops->job_prepare)
		return 0;

	return ctx->engine->ops->job_prepare(ctx, job);
}

int cedrus_engine_job_configure(struct cedrus_context *ctx,
				struct cedrus_job *job)
{
	if (WARN_ON(!ctx->engine->ops->job_configure))
		return -EINVAL;

	return ctx->engine->ops->job_configure(ctx, job);
}

void cedrus_engine_job_trigger(struct cedrus_context *ctx,
			       struct cedrus_job *job)
{
	if (WARN_ON(!ctx->engine->ops->job_trigger))
		return;

	ctx->engine->ops->job_trigger(ctx, job);
}

void cedrus_engine_job_finish(struct cedrus_context *ctx,
			      struct cedrus_job *job,
			      enum vb2_buffer_state state)
{
	if (ctx->engine->ops->job_finish)
		ctx->engine->ops->job_finish(ctx, job, state);
}

enum cedrus_irq_status cedrus_engine_irq_status(struct cedrus_context *ctx)
{
	if (WARN_ON(!ctx->engine->ops->irq_status))
		return CEDRUS_IRQ_NONE;

	return ctx->engine->ops->irq_status(ctx);
}

void cedrus_engine_irq_clear(struct cedrus_context *ctx)
{
	if (WARN_ON(!ctx->engine->ops->irq_clear))
		return;

	ctx->engine->ops->irq_clear(ctx);
}

void cedrus_engine_irq_disable(struct cedrus_context *ctx)
{
	if (WARN_ON(!ctx->engine->ops->irq_disable))
		return;

	ctx->engine->ops->irq_disable(ctx);
}
