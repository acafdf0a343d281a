/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: processors. A processor is one role of the VE (decoder
 * or encoder) exposed as one video node with its media controller entities
 * (source -> proc -> sink). Both processors share the device's single
 * v4l2_m2m_dev, so jobs of all contexts are serialised on the one VE.
 */
#ifndef _CEDRUS_PROC_H_
#define _CEDRUS_PROC_H_

#include <linux/mutex.h>
#include <media/media-entity.h>
#include <media/v4l2-dev.h>
#include <media/v4l2-ioctl.h>

#include "cedrus_engine.h"

struct cedrus_context;
struct cedrus_device;

#define CEDRUS_PROC_ENGINES_MAX		4

/**
 * struct cedrus_format - a raw picture format of a role
 * @pixelformat:	V4L2 fourcc
 * @capabilities:	CEDRUS_CAPABILITY_* bits the variant must have
 */
struct cedrus_format {
	u32		pixelformat;
	unsigned int	capabilities;
};

/**
 * struct cedrus_proc_ops - role rules, grouped by phase
 *
 * The context code calls them through the cedrus_proc_*() wrappers of
 * cedrus_proc.c, one per op. Mandatory: format_picture_adjust,
 * format_coded_adjust, job_configure. Every other op is optional; NULL
 * means "nothing to do" (success, nothing completed, no EOS).
 *
 * @format_picture_adjust: clamp/align a picture format (TRY_FMT)
 * @format_coded_adjust: clamp/align a coded format (TRY_FMT)
 * @format_picture_propagate: after S_FMT of the picture format: derive the
 *			coded format, reset selections; @asked is the format
 *			as the client gave it, before format_picture_adjust
 * @format_coded_propagate: after S_FMT of the coded format: derive the
 *			picture format
 * @format_coded_change_ok: S_FMT of the coded format @pix (adjusted) while
 *			a queue has buffers: true when the role allows it;
 *			NULL: never (EBUSY)
 * @queue_init:		role-specific vb2 queue settings (requests, flags)
 * @ctrls_setup:	role controls (added to the context handler)
 * @streaming_start:	STREAMON of @q, before the engine is set up
 * @streaming_stop:	STREAMOFF of @q, after its buffers were returned
 * @buf_queue:		a buffer is queued: true when the role completed it
 *			itself (it then never reaches the scheduler)
 * @job_configure:	select the engine (VE_MODE) and program the role's
 *			registers for a job (picture input or output); called
 *			between the engine's job_prepare and job_configure
 * @job_done:		the job's buffers are about to be returned with
 *			@state: flag them; true when an EOS event must follow
 */
struct cedrus_proc_ops {
	void	(*format_picture_adjust)(struct cedrus_context *ctx,
					 struct v4l2_pix_format_mplane *pix);
	void	(*format_coded_adjust)(struct cedrus_context *ctx,
				       struct v4l2_pix_format_mplane *pix);
	void	(*format_picture_propagate)
			(struct cedrus_context *ctx,
			 const struct v4l2_pix_format_mplane *asked);
	void	(*format_coded_propagate)(struct cedrus_context *ctx);

	bool	(*format_coded_change_ok)
			(struct cedrus_context *ctx,
			 const struct v4l2_pix_format_mplane *pix);

	void	(*queue_init)(struct cedrus_context *ctx,
			      struct vb2_queue *src_vq,
			      struct vb2_queue *dst_vq);
	int	(*ctrls_setup)(struct cedrus_context *ctx);
	void	(*streaming_start)(struct cedrus_context *ctx,
				   struct vb2_queue *q);
	void	(*streaming_stop)(struct cedrus_context *ctx,
				  struct vb2_queue *q);
	bool	(*buf_queue)(struct cedrus_context *ctx,
			     struct vb2_v4l2_buffer *vbuf);

	void	(*job_configure)(struct cedrus_context *ctx,
				 struct cedrus_job *job);
	bool	(*job_done)(struct cedrus_context *ctx, struct cedrus_job *job,
			    enum vb2_buffer_state state);
};

/**
 * struct cedrus_proc_config - static description of a role
 * @role:		decoder or encoder
 * @name:		video node and entity name prefix
 * @function:		MEDIA_ENT_F_PROC_VIDEO_{DECODER,ENCODER}
 * @ops:		role rules
 * @coded_on_capture:	the coded queue is CAPTURE (encoder), else OUTPUT
 *			(decoder). Either way the OUTPUT format is the
 *			master: setting it derives the CAPTURE format.
 * @ioctl_ops:		the node's ioctls
 * @engines:		candidate engines (filtered by capabilities)
 * @engines_count:	entries in @engines
 * @formats:		raw picture formats (filtered by capabilities)
 * @formats_count:	entries in @formats
 * @multiplanar:	the node uses the multi-planar API (_MPLANE buffer
 *			types, V4L2_CAP_VIDEO_M2M_MPLANE); otherwise the
 *			single-planar one, and every format has one plane
 * @mmap_budget_output:	bytes of buffers REQBUFS grants the OUTPUT queue of
 *			a context, MMAP or DMABUF (at least two buffers
 *			whatever their size); 0: no limit but vb2's
 * @mmap_budget_capture: the same for the CAPTURE queue
 */
struct cedrus_proc_config {
	enum cedrus_role			role;
	const char				*name;
	u32					function;
	const struct cedrus_proc_ops		*ops;
	bool					coded_on_capture;
	const struct v4l2_ioctl_ops		*ioctl_ops;
	const struct cedrus_engine * const	*engines;
	unsigned int				engines_count;
	const struct cedrus_format		*formats;
	unsigned int				formats_count;
	bool					multiplanar;
	size_t					mmap_budget_output;
	size_t					mmap_budget_capture;
};

/**
 * struct cedrus_proc - one role of the VE, one video node
 * @dev:		the VE
 * @config:		static role description
 * @engines:		engines usable on this SoC
 * @engines_count:	entries in @engines
 * @formats:		picture formats usable on this SoC
 * @formats_count:	entries in @formats
 * @lock:		serialises the ioctls of the node and its queues
 * @vdev:		the video node (its entity is the source entity)
 * @entity_proc:	processing entity (encoder/decoder function)
 * @entity_sink:	sink entity
 * @pad_source:		pad of the source entity
 * @pads_proc:		sink and source pads of the processing entity
 * @pad_sink:		pad of the sink entity
 * @intf_devnode:	V4L interface of the node
 */
struct cedrus_proc {
	struct cedrus_device			*dev;
	const struct cedrus_proc_config		*config;
	const struct cedrus_engine	*engines[CEDRUS_PROC_ENGINES_MAX];
	unsigned int				engines_count;
	const struct cedrus_format	*formats[CEDRUS_PROC_ENGINES_MAX];
	unsigned int				formats_count;

	struct mutex				lock; /* node ioctls, queues */
	struct video_device			vdev;
	struct media_entity			entity_proc;
	struct media_entity			entity_sink;
	struct media_pad			pad_source;
	struct media_pad			pads_proc[2];
	struct media_pad			pad_sink;
	struct media_intf_devnode		*intf_devnode;
};

const struct cedrus_engine *cedrus_proc_engine_find(struct cedrus_proc *proc,
						    u32 pixelformat);
bool cedrus_proc_format_supported(struct cedrus_proc *proc, u32 pixelformat);

/* Role op dispatch: one wrapper per op (see struct cedrus_proc_ops). */
void cedrus_proc_format_picture_adjust(struct cedrus_context *ctx,
				       struct v4l2_pix_format_mplane *pix);
void cedrus_proc_format_coded_adjust(struct cedrus_context *ctx,
				     struct v4l2_pix_format_mplane *pix);
void
cedrus_proc_format_picture_propagate(struct cedrus_context *ctx,
				     const struct v4l2_pix_format_mplane *pix);
void cedrus_proc_format_coded_propagate(struct cedrus_context *ctx);
bool
cedrus_proc_format_coded_change_ok(struct cedrus_context *ctx,
				   const struct v4l2_pix_format_mplane *pix);
void cedrus_proc_queue_init(struct cedrus_context *ctx,
			    struct vb2_queue *src_vq, struct vb2_queue *dst_vq);
int cedrus_proc_ctrls_setup(struct cedrus_context *ctx);
void cedrus_proc_streaming_start(struct cedrus_context *ctx,
				 struct vb2_queue *q);
void cedrus_proc_streaming_stop(struct cedrus_context *ctx,
				struct vb2_queue *q);
bool cedrus_proc_buf_queue(struct cedrus_context *ctx,
			   struct vb2_v4l2_buffer *vbuf);
void cedrus_proc_job_configure(struct cedrus_context *ctx,
			       struct cedrus_job *job);
bool cedrus_proc_job_done(struct cedrus_context *ctx, struct cedrus_job *job,
			  enum vb2_buffer_state state);

int cedrus_proc_setup(struct cedrus_device *dev,
		      const struct cedrus_proc_config *config,
		      struct cedrus_proc **procp);
void cedrus_proc_cleanup(struct cedrus_proc *proc);

#endif /* _CEDRUS_PROC_H_ */
