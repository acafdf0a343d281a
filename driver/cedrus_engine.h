/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: codec engines and their dispatch.
 *
 * An engine implements one codec for one role (decoder or encoder). The core
 * (cedrus_context.c) drives it through the ops below, always in this order for
 * a job: job_prepare (compute in RAM, no register access), job_configure
 * (program registers), job_trigger (start the hardware); then, from the IRQ
 * handler, irq_status, irq_disable, irq_clear and finally job_finish.
 *
 * Engine private state is typed and sized: the core allocates ctx_size bytes
 * (zeroed) at STREAMON of the coded queue before calling setup(), job_size
 * bytes per context for the job in flight, and buffer_size bytes per vb2
 * buffer of the picture queue (decoder CAPTURE, encoder OUTPUT) around
 * buffer_setup()/buffer_cleanup().
 */
#ifndef _CEDRUS_ENGINE_H_
#define _CEDRUS_ENGINE_H_

#include <linux/types.h>
#include <linux/videodev2.h>
#include <media/v4l2-ctrls.h>
#include <media/videobuf2-v4l2.h>

struct cedrus_context;
struct cedrus_buffer;
struct cedrus_dec_block;

enum cedrus_role {
	CEDRUS_ROLE_DECODER,
	CEDRUS_ROLE_ENCODER,
};

enum cedrus_irq_status {
	CEDRUS_IRQ_NONE,	/* not ours: spurious */
	CEDRUS_IRQ_SUCCESS,
	CEDRUS_IRQ_ERROR,
};

/**
 * struct cedrus_job - the buffers of the job in flight
 * @picture:	raw picture buffer (encoder: OUTPUT/source, decoder: CAPTURE)
 * @coded:	bitstream buffer (encoder: CAPTURE/destination, decoder: OUTPUT)
 * @engine_job:	engine private job state (engine->job_size bytes, zeroed
 *		per job)
 */
struct cedrus_job {
	struct vb2_v4l2_buffer *picture;
	struct vb2_v4l2_buffer *coded;
	void *engine_job;
};

/**
 * struct cedrus_engine_ops - codec engine operations, grouped by phase
 *
 * Mandatory: job_configure, job_trigger, irq_status, irq_clear, irq_disable.
 * Every other op is optional; NULL means "nothing to do, success".
 *
 * @ctrl_validate:	try_ctrl: reject invalid values before any job runs
 * @ctrl_prepare:	s_ctrl: cache a control value in the engine context;
 *			may be called before setup() (engine_ctx is NULL then)
 * @setup:		STREAMON of the coded queue: allocate engine resources
 * @cleanup:		STREAMOFF of the coded queue: free them
 * @buffer_setup:	vb2 buf_init of a buffer (see header comment)
 * @buffer_cleanup:	vb2 buf_cleanup of that buffer
 * @picture_extra_size:	decoder: bytes the engine needs in every CAPTURE
 *			buffer after the picture of format @pix (H.265 on
 *			the H6: the 2-bit area of 10-bit pictures); added to
 *			its sizeimage
 * @job_prepare:	pick parameters for the job, no register access
 * @job_configure:	write the codec registers for the job
 * @job_trigger:	start the hardware
 * @job_finish:		read results back (payload, flags) before buffers
 *			are returned with @state
 * @irq_status:		classify the interrupt (hard IRQ context)
 * @irq_clear:		acknowledge it (hard IRQ context)
 * @irq_disable:	mask the engine interrupts (hard IRQ context)
 */
struct cedrus_engine_ops {
	int	(*ctrl_validate)(struct cedrus_context *ctx,
				 struct v4l2_ctrl *ctrl);
	int	(*ctrl_prepare)(struct cedrus_context *ctx,
				struct v4l2_ctrl *ctrl);

	int	(*setup)(struct cedrus_context *ctx);
	void	(*cleanup)(struct cedrus_context *ctx);
	int	(*buffer_setup)(struct cedrus_context *ctx,
				struct cedrus_buffer *buf);
	void	(*buffer_cleanup)(struct cedrus_context *ctx,
				  struct cedrus_buffer *buf);
	u32	(*picture_extra_size)(struct cedrus_context *ctx,
				      const struct v4l2_pix_format_mplane *pix);

	int	(*job_prepare)(struct cedrus_context *ctx,
			       struct cedrus_job *job);
	int	(*job_configure)(struct cedrus_context *ctx,
				 struct cedrus_job *job);
	void	(*job_trigger)(struct cedrus_context *ctx,
			       struct cedrus_job *job);
	void	(*job_finish)(struct cedrus_context *ctx,
			      struct cedrus_job *job,
			      enum vb2_buffer_state state);

	enum cedrus_irq_status	(*irq_status)(struct cedrus_context *ctx);
	void	(*irq_clear)(struct cedrus_context *ctx);
	void	(*irq_disable)(struct cedrus_context *ctx);
};

#define CEDRUS_CTRL_CLUSTER_MAX		4

/**
 * struct cedrus_ctrl_cluster - controls validated together
 * @ids:	IDs of the controls (each in the engine's @ctrls), the
 *		cluster master first
 * @count:	number of entries in @ids
 *
 * The engine's ctrl_validate and ctrl_prepare are called once for the
 * cluster, with the master, and see the new value of every member
 * (ctrl->cluster[]).
 */
struct cedrus_ctrl_cluster {
	u32		ids[CEDRUS_CTRL_CLUSTER_MAX];
	unsigned int	count;
};

/**
 * struct cedrus_engine - static description of a codec engine
 * @name:		short name, e.g. "h264-enc"
 * @role:		decoder or encoder
 * @capabilities:	CEDRUS_CAPABILITY_* bits the SoC variant must have
 * @pixelformat:	coded pixel format (V4L2_PIX_FMT_H264, ...)
 * @ve_mode:		VE_MODE_DEC field value that selects the engine's
 *			block (VE_MODE_DEC_DISABLED for an encoder); the
 *			role writes it in its job_configure
 * @ops:		operations
 * @ctrls:		control configs instantiated in every context
 * @ctrls_count:	number of entries in @ctrls
 * @ctrl_clusters:	clusters among @ctrls
 * @ctrl_clusters_count: number of entries in @ctrl_clusters
 * @frmsize:		supported coded sizes (and picture sizes, unless
 *			@frmsize_picture is set)
 * @frmsize_picture:	supported picture sizes when they differ from the
 *			coded ones (an encoder that crops in its headers
 *			takes visible sizes in finer steps); zero steps:
 *			those of @frmsize
 * @dec_block:		decoder: the registers and bits of the engine's
 *			decode block, for the shared cedrus_dec_* helpers
 *			and ops (see cedrus_dec.h)
 * @coded_mb_bytes:	encoder: bytes a macroblock may take, on average over a
 *			frame, in the default coded buffer (its size is
 *			derived from it)
 * @requires_requests:	OUTPUT buffers must come with a media request
 * @ctx_size:		bytes of engine context (per streaming context)
 * @job_size:		bytes of engine job state
 * @buffer_size:	bytes of engine state per vb2 buffer
 */
struct cedrus_engine {
	const char				*name;
	enum cedrus_role			role;
	unsigned int				capabilities;
	u32					pixelformat;
	u32					ve_mode;
	const struct cedrus_engine_ops		*ops;
	const struct v4l2_ctrl_config		*ctrls;
	unsigned int				ctrls_count;
	const struct cedrus_ctrl_cluster	*ctrl_clusters;
	unsigned int				ctrl_clusters_count;
	struct v4l2_frmsize_stepwise		frmsize;
	struct v4l2_frmsize_stepwise		frmsize_picture;
	const struct cedrus_dec_block		*dec_block;
	unsigned int				coded_mb_bytes;
	bool					requires_requests;
	size_t					ctx_size;
	size_t					job_size;
	size_t					buffer_size;
};

extern const struct cedrus_engine cedrus_dec_h264;
extern const struct cedrus_engine cedrus_dec_h265;
extern const struct cedrus_engine cedrus_dec_mpeg2;
extern const struct cedrus_engine cedrus_dec_vp8;
extern const struct cedrus_engine cedrus_enc_h264;

const struct v4l2_frmsize_stepwise *
cedrus_engine_frmsize_picture(const struct cedrus_engine *engine);

/* Dispatch wrappers: one per op, same return type as the op. */
int cedrus_engine_ctrl_validate(struct cedrus_context *ctx,
				struct v4l2_ctrl *ctrl);
int cedrus_engine_ctrl_prepare(struct cedrus_context *ctx,
			       struct v4l2_ctrl *ctrl);
int cedrus_engine_setup(struct cedrus_context *ctx);
void cedrus_engine_cleanup(struct cedrus_context *ctx);
int cedrus_engine_buffer_setup(struct cedrus_context *ctx,
			       struct cedrus_buffer *buf);
void cedrus_engine_buffer_cleanup(struct cedrus_context *ctx,
				  struct cedrus_buffer *buf);
u32 cedrus_engine_picture_extra_size(struct cedrus_context *ctx,
				     const struct v4l2_pix_format_mplane *pix);
int cedrus_engine_job_prepare(struct cedrus_context *ctx,
			      struct cedrus_job *job);
int cedrus_engine_job_configure(struct cedrus_context *ctx,
				struct cedrus_job *job);
void cedrus_engine_job_trigger(struct cedrus_context *ctx,
			       struct cedrus_job *job);
void cedrus_engine_job_finish(struct cedrus_context *ctx,
			      struct cedrus_job *job,
			      enum vb2_buffer_state state);
enum cedrus_irq_status cedrus_engine_irq_status(struct cedrus_context *ctx);
void cedrus_engine_irq_clear(struct cedrus_context *ctx);
void cedrus_engine_irq_disable(struct cedrus_context *ctx);

#endif /* _CEDRUS_ENGINE_H_ */
