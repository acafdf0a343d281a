/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: per-open context (file handle, mem2mem context,
 * controls, formats, vb2 queues) and the job flow that drives the engines.
 */
#ifndef _CEDRUS_CONTEXT_H_
#define _CEDRUS_CONTEXT_H_

#include <linux/videodev2.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-fh.h>
#include <media/v4l2-mem2mem.h>
#include <media/videobuf2-v4l2.h>

#include "cedrus_engine.h"

struct cedrus_device;
struct cedrus_proc;

/**
 * struct cedrus_context_v4l2 - V4L2 state of a context
 * @fh:			file handle (holds the m2m context)
 * @hdl:		controls of every engine of the processor, plus the
 *			role's own (MIN_BUFFERS_FOR_OUTPUT for the encoder)
 * @ctrls:		the engine controls of @hdl, in the order of the
 *			engines and of their config arrays (cluster storage)
 * @format_coded:	bitstream format (encoder CAPTURE, decoder OUTPUT)
 * @format_picture:	raw picture format (encoder OUTPUT, decoder CAPTURE)
 * @timeperframe:	encoder OUTPUT frame interval (S_PARM)
 * @crop:		encoder OUTPUT crop: visible part of the picture
 * @sequence_out:	sequence number of the next OUTPUT buffer
 * @sequence_cap:	sequence number of the next CAPTURE buffer
 * @queued_out:		OUTPUT buffers handed to the driver since OUTPUT last
 *			stopped streaming: the Nth of them is the job with
 *			sequence N (the encoder orders FORCE_KEY_FRAME by it)
 * @eos_subscribed:	the file handle subscribed to V4L2_EVENT_EOS (the
 *			encoder drops a stale EOS by subscribing again)
 *
 * Formats are kept in the multi-planar layout whatever the node's API: a
 * single-planar node (the decoder) converts at the ioctl boundary, and its
 * formats always have one plane.
 */
struct cedrus_context_v4l2 {
	struct v4l2_fh			fh;
	struct v4l2_ctrl_handler	hdl;
	struct v4l2_ctrl		**ctrls;
	struct v4l2_pix_format_mplane	format_coded;
	struct v4l2_pix_format_mplane	format_picture;
	struct v4l2_fract		timeperframe;
	struct v4l2_rect		crop;
	u32				sequence_out;
	u32				sequence_cap;
	u32				queued_out;
	bool				eos_subscribed;
};

/**
 * struct cedrus_context - one open file of a video node
 * @dev:		the VE
 * @proc:		the processor (role) of the node that was opened
 * @engine:		engine selected by the coded format
 * @engine_ctx:		engine private context (engine->ctx_size bytes),
 *			allocated at STREAMON of the coded queue, else NULL
 * @job:		buffers of the job in flight (valid from device_run
 *			to job finish)
 * @bit_depth:		decoder: sample bit depth the CAPTURE format is
 *			sized for, set by an engine from a sequence header
 *			given while no CAPTURE buffer exists (0: 8 bits)
 * @v4l2:		V4L2 state
 */
struct cedrus_context {
	struct cedrus_device		*dev;
	struct cedrus_proc		*proc;
	const struct cedrus_engine	*engine;
	void				*engine_ctx;
	struct cedrus_job		job;
	unsigned int			bit_depth;
	struct cedrus_context_v4l2	v4l2;
};

/**
 * struct cedrus_buffer - a vb2 buffer of either queue
 * @m2m:		mem2mem buffer, must stay first
 * @engine_buffer:	engine private data (engine->buffer_size bytes) for
 *			picture buffers (both roles), NULL for coded buffers
 */
struct cedrus_buffer {
	struct v4l2_m2m_buffer		m2m;
	void				*engine_buffer;
};

static inline struct cedrus_buffer *
cedrus_buffer_from_vb2(struct vb2_v4l2_buffer *vbuf)
{
	return container_of(vbuf, struct cedrus_buffer, m2m.vb);
}

static inline struct cedrus_context *cedrus_context_from_fh(struct v4l2_fh *fh)
{
	return container_of(fh, struct cedrus_context, v4l2.fh);
}

static inline struct cedrus_context *cedrus_context_from_file(struct file *file)
{
	return cedrus_context_from_fh(file->private_data);
}

struct v4l2_ctrl *cedrus_context_ctrl_find(struct cedrus_context *ctx, u32 id);
dma_addr_t cedrus_buffer_addr(struct vb2_v4l2_buffer *vbuf,
			      unsigned int plane);
bool cedrus_context_is_streaming(struct cedrus_context *ctx);
void cedrus_context_eos(struct cedrus_context *ctx);

struct vb2_queue *cedrus_context_queue_coded(struct cedrus_context *ctx);

int cedrus_context_open(struct file *file);
int cedrus_context_release(struct file *file);

void cedrus_context_job_run(void *priv);
void cedrus_context_job_finish(struct cedrus_context *ctx,
			       enum vb2_buffer_state state);

/* ioctl handlers shared by both roles */
int cedrus_context_querycap(struct file *file, void *priv,
			    struct v4l2_capability *cap);
int cedrus_context_enum_fmt_coded(struct file *file, void *priv,
				  struct v4l2_fmtdesc *f);
int cedrus_context_enum_fmt_picture(struct file *file, void *priv,
				    struct v4l2_fmtdesc *f);
int cedrus_context_g_fmt_coded(struct file *file, void *priv,
			       struct v4l2_format *f);
int cedrus_context_g_fmt_picture(struct file *file, void *priv,
				 struct v4l2_format *f);
int cedrus_context_try_fmt_coded(struct file *file, void *priv,
				 struct v4l2_format *f);
int cedrus_context_try_fmt_picture(struct file *file, void *priv,
				   struct v4l2_format *f);
int cedrus_context_s_fmt_coded(struct file *file, void *priv,
			       struct v4l2_format *f);
int cedrus_context_s_fmt_picture(struct file *file, void *priv,
				 struct v4l2_format *f);
int cedrus_context_enum_framesizes(struct file *file, void *priv,
				   struct v4l2_frmsizeenum *fsize);

#endif /* _CEDRUS_CONTEXT_H_ */
