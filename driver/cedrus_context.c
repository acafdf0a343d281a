// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: per-open contexts.
 *
 * A context owns a V4L2 file handle, a mem2mem context on the device-wide
 * scheduler, a control handler with the controls of every engine of its
 * processor, the coded and picture formats, and the two vb2 queues. The
 * coded queue is OUTPUT for the decoder and CAPTURE for the encoder; the
 * engine's private context lives from STREAMON to STREAMOFF of that queue.
 *
 * A job runs as: engine job_prepare (RAM only), role job_configure (engine
 * select, picture input or output), engine job_configure (codec
 * registers), watchdog armed, engine job_trigger. It ends from the IRQ
 * handler or the watchdog in cedrus_context_job_finish().
 *
 * Nothing here depends on the role but through the processor: its config
 * says which queue is the coded one, its ops (cedrus_proc_*()) hold the
 * role's rules (formats, drain).
 */

#include <linux/dma-buf.h>
#include <linux/mm.h>
#include <linux/pm_runtime.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <media/v4l2-event.h>
#include <media/v4l2-ioctl.h>
#include <media/videobuf2-dma-contig.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_engine.h"
#include "cedrus_proc.h"

#define CREATE_TRACE_POINTS
#include "cedrus_trace.h"

static const struct v4l2_event cedrus_context_eos_event = {
	.type = V4L2_EVENT_EOS,
};

struct v4l2_ctrl *cedrus_context_ctrl_find(struct cedrus_context *ctx, u32 id)
{
	return v4l2_ctrl_find(&ctx->v4l2.hdl, id);
}

dma_addr_t cedrus_buffer_addr(struct vb2_v4l2_buffer *vbuf,
			      unsigned int plane)
{
	return vb2_dma_contig_plane_dma_addr(&vbuf->vb2_buf, plane);
}

static bool cedrus_context_coded_on_capture(struct cedrus_context *ctx)
{
	return ctx->proc->config->coded_on_capture;
}

struct vb2_queue *cedrus_context_queue_coded(struct cedrus_context *ctx)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;

	return cedrus_context_coded_on_capture(ctx) ?
	       v4l2_m2m_get_dst_vq(m2m_ctx) : v4l2_m2m_get_src_vq(m2m_ctx);
}

static struct vb2_queue *
cedrus_context_queue_picture(struct cedrus_context *ctx)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;

	return cedrus_context_coded_on_capture(ctx) ?
	       v4l2_m2m_get_src_vq(m2m_ctx) : v4l2_m2m_get_dst_vq(m2m_ctx);
}

static bool cedrus_context_queue_is_coded(struct cedrus_context *ctx,
					  struct vb2_queue *q)
{
	return V4L2_TYPE_IS_CAPTURE(q->type) ==
	       cedrus_context_coded_on_capture(ctx);
}

/* True while either queue streams: engines refuse some changes (EBUSY). */
bool cedrus_context_is_streaming(struct cedrus_context *ctx)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;

	if (!m2m_ctx)
		return false;

	return vb2_is_streaming(v4l2_m2m_get_src_vq(m2m_ctx)) ||
	       vb2_is_streaming(v4l2_m2m_get_dst_vq(m2m_ctx));
}

void cedrus_context_eos(struct cedrus_context *ctx)
{
	v4l2_event_queue_fh(&ctx->v4l2.fh, &cedrus_context_eos_event);
}

/* Controls */

static struct cedrus_context *cedrus_context_from_ctrl(struct v4l2_ctrl *ctrl)
{
	return container_of(ctrl->handler, struct cedrus_context, v4l2.hdl);
}

static int cedrus_context_try_ctrl(struct v4l2_ctrl *ctrl)
{
	return cedrus_engine_ctrl_validate(cedrus_context_from_ctrl(ctrl),
					   ctrl);
}

static int cedrus_context_s_ctrl(struct v4l2_ctrl *ctrl)
{
	return cedrus_engine_ctrl_prepare(cedrus_context_from_ctrl(ctrl),
					  ctrl);
}

static const struct v4l2_ctrl_ops cedrus_context_ctrl_ops = {
	.try_ctrl	= cedrus_context_try_ctrl,
	.s_ctrl		= cedrus_context_s_ctrl,
};

/* The engine's config of control @id, NULL when it has none. */
static const struct v4l2_ctrl_config *
cedrus_context_ctrl_config(const struct cedrus_engine *engine, u32 id)
{
	unsigned int i;

	for (i = 0; i < engine->ctrls_count; i++)
		if (engine->ctrls[i].id == id)
			return &engine->ctrls[i];

	return NULL;
}

static bool cedrus_context_ctrl_is_clustered(const struct cedrus_engine *engine,
					     u32 id)
{
	unsigned int i, j;

	for (i = 0; i < engine->ctrl_clusters_count; i++)
		for (j = 0; j < engine->ctrl_clusters[i].count; j++)
			if (engine->ctrl_clusters[i].ids[j] == id)
				return true;

	return false;
}

/* One control of @engine: the engine is its priv (see cedrus_engine.c). */
static struct v4l2_ctrl *
cedrus_context_ctrl_new(struct cedrus_context *ctx,
			const struct cedrus_engine *engine,
			const struct v4l2_ctrl_config *config)
{
	struct v4l2_ctrl_config cfg = *config;

	cfg.ops = &cedrus_context_ctrl_ops;

	return v4l2_ctrl_new_custom(&ctx->v4l2.hdl, &cfg, (void *)engine);
}

/*
 * Instantiate @engine's controls into @ctrls, which has room for
 * engine->ctrls_count: the members of each cluster first, side by side,
 * since v4l2_ctrl_cluster() keeps a pointer to that slice of
 * ctx->v4l2.ctrls; then the others. Returns the number of entries used.
 */
static unsigned int
cedrus_context_engine_ctrls_add(struct cedrus_context *ctx,
				const struct cedrus_engine *engine,
				struct v4l2_ctrl **ctrls)
{
	const struct cedrus_ctrl_cluster *cluster;
	const struct v4l2_ctrl_config *config;
	unsigned int n = 0, first, i, j;

	for (i = 0; i < engine->ctrl_clusters_count; i++) {
		cluster = &engine->ctrl_clusters[i];
		if (WARN_ON(cluster->count > CEDRUS_CTRL_CLUSTER_MAX))
			return n;

		first = n;
		for (j = 0; j < cluster->count; j++) {
			config = cedrus_context_ctrl_config(engine,
							    cluster->ids[j]);
			if (WARN_ON(!config || n >= engine->ctrls_count))
				return n;
			ctrls[n++] = cedrus_context_ctrl_new(ctx, engine,
							     config);
		}
		v4l2_ctrl_cluster(cluster->count, &ctrls[first]);
	}

	for (j = 0; j < engine->ctrls_count; j++) {
		config = &engine->ctrls[j];
		if (cedrus_context_ctrl_is_clustered(engine, config->id))
			continue;
		if (WARN_ON(n >= engine->ctrls_count))
			return n;
		ctrls[n++] = cedrus_context_ctrl_new(ctx, engine, config);
	}

	return n;
}

static void cedrus_context_ctrls_cleanup(struct cedrus_context *ctx)
{
	v4l2_ctrl_handler_free(&ctx->v4l2.hdl);
	kfree(ctx->v4l2.ctrls);
	ctx->v4l2.ctrls = NULL;
}

static int cedrus_context_ctrls_setup(struct cedrus_context *ctx)
{
	struct v4l2_ctrl_handler *hdl = &ctx->v4l2.hdl;
	struct cedrus_proc *proc = ctx->proc;
	struct v4l2_ctrl **ctrls;
	unsigned int count = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < proc->engines_count; i++)
		count += proc->engines[i]->ctrls_count;

	ctx->v4l2.ctrls = kcalloc(count, sizeof(*ctx->v4l2.ctrls), GFP_KERNEL);
	if (count && !ctx->v4l2.ctrls)
		return -ENOMEM;

	/* One more for the role's own control */
	ret = v4l2_ctrl_handler_init(hdl, count + 1);
	if (ret) {
		kfree(ctx->v4l2.ctrls);
		ctx->v4l2.ctrls = NULL;
		return ret;
	}

	ctrls = ctx->v4l2.ctrls;
	for (i = 0; i < proc->engines_count && !hdl->error; i++)
		ctrls += cedrus_context_engine_ctrls_add(ctx, proc->engines[i],
							 ctrls);

	if (!hdl->error)
		cedrus_proc_ctrls_setup(ctx);

	if (hdl->error) {
		ret = hdl->error;
		dev_err(ctx->dev->dev, "failed to create controls: %d\n", ret);
		cedrus_context_ctrls_cleanup(ctx);
		return ret;
	}

	ctx->v4l2.fh.ctrl_handler = hdl;

	return 0;
}

/* Formats */

static void cedrus_context_format_coded_try(struct cedrus_context *ctx,
					    struct v4l2_pix_format_mplane *pix)
{
	if (!cedrus_proc_engine_find(ctx->proc, pix->pixelformat))
		pix->pixelformat = ctx->proc->engines[0]->pixelformat;

	cedrus_proc_format_coded_adjust(ctx, pix);
}

static void
cedrus_context_format_picture_try(struct cedrus_context *ctx,
				  struct v4l2_pix_format_mplane *pix)
{
	if (!cedrus_proc_format_supported(ctx->proc, pix->pixelformat))
		pix->pixelformat = ctx->proc->formats[0]->pixelformat;

	cedrus_proc_format_picture_adjust(ctx, pix);
}

/*
 * Defaults: first engine, first picture format, 1280x720 at 25 fps. The
 * OUTPUT format is the master: it is set, the CAPTURE one derived.
 */
static void cedrus_context_formats_reset(struct cedrus_context *ctx)
{
	struct v4l2_pix_format_mplane *coded = &ctx->v4l2.format_coded;
	struct v4l2_pix_format_mplane *picture = &ctx->v4l2.format_picture;
	struct v4l2_pix_format_mplane asked;

	ctx->engine = ctx->proc->engines[0];

	*coded = (struct v4l2_pix_format_mplane) {
		.pixelformat	= ctx->engine->pixelformat,
		.width		= 1280,
		.height		= 720,
		.colorspace	= V4L2_COLORSPACE_REC709,
	};
	*picture = *coded;
	picture->pixelformat = ctx->proc->formats[0]->pixelformat;

	ctx->v4l2.timeperframe = (struct v4l2_fract) { 1, 25 };

	if (cedrus_context_coded_on_capture(ctx)) {
		asked = *picture;
		cedrus_context_format_picture_try(ctx, picture);
		cedrus_proc_format_picture_propagate(ctx, &asked);
	} else {
		cedrus_context_format_coded_try(ctx, coded);
		cedrus_proc_format_coded_propagate(ctx);
	}
}

/*
 * The ioctl side of a format. On a single-planar node every format has one
 * plane: its bytesperline and sizeimage are plane 0's.
 */
static void cedrus_context_format_from_user(const struct v4l2_format *f,
					    struct v4l2_pix_format_mplane *mp)
{
	const struct v4l2_pix_format *pix = &f->fmt.pix;

	if (V4L2_TYPE_IS_MULTIPLANAR(f->type)) {
		*mp = f->fmt.pix_mp;
		return;
	}

	*mp = (struct v4l2_pix_format_mplane) {
		.width		= pix->width,
		.height		= pix->height,
		.pixelformat	= pix->pixelformat,
		.field		= pix->field,
		.colorspace	= pix->colorspace,
		.num_planes	= 1,
		.flags		= pix->flags,
		.ycbcr_enc	= pix->ycbcr_enc,
		.quantization	= pix->quantization,
		.xfer_func	= pix->xfer_func,
	};
	mp->plane_fmt[0].bytesperline = pix->bytesperline;
	mp->plane_fmt[0].sizeimage = pix->sizeimage;
}

static void
cedrus_context_format_to_user(struct v4l2_format *f,
			      const struct v4l2_pix_format_mplane *mp)
{
	if (V4L2_TYPE_IS_MULTIPLANAR(f->type)) {
		f->fmt.pix_mp = *mp;
		return;
	}

	f->fmt.pix = (struct v4l2_pix_format) {
		.width		= mp->width,
		.height		= mp->height,
		.pixelformat	= mp->pixelformat,
		.field		= mp->field,
		.bytesperline	= mp->plane_fmt[0].bytesperline,
		.sizeimage	= mp->plane_fmt[0].sizeimage,
		.colorspace	= mp->colorspace,
		.flags		= mp->flags,
		.ycbcr_enc	= mp->ycbcr_enc,
		.quantization	= mp->quantization,
		.xfer_func	= mp->xfer_func,
	};
}

int cedrus_context_querycap(struct file *file, void *priv,
			    struct v4l2_capability *cap)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);

	strscpy(cap->driver, CEDRUS_NAME, sizeof(cap->driver));
	strscpy(cap->card, ctx->proc->config->name, sizeof(cap->card));
	strscpy(cap->bus_info, "platform:" CEDRUS_NAME, sizeof(cap->bus_info));

	return 0;
}

int cedrus_context_enum_fmt_coded(struct file *file, void *priv,
				  struct v4l2_fmtdesc *f)
{
	struct cedrus_proc *proc = cedrus_context_from_file(file)->proc;

	if (f->index >= proc->engines_count)
		return -EINVAL;

	f->pixelformat = proc->engines[f->index]->pixelformat;

	return 0;
}

int cedrus_context_enum_fmt_picture(struct file *file, void *priv,
				    struct v4l2_fmtdesc *f)
{
	struct cedrus_proc *proc = cedrus_context_from_file(file)->proc;

	if (f->index >= proc->formats_count)
		return -EINVAL;

	f->pixelformat = proc->formats[f->index]->pixelformat;

	return 0;
}

int cedrus_context_g_fmt_coded(struct file *file, void *priv,
			       struct v4l2_format *f)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);

	cedrus_context_format_to_user(f, &ctx->v4l2.format_coded);

	return 0;
}

int cedrus_context_g_fmt_picture(struct file *file, void *priv,
				 struct v4l2_format *f)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);

	cedrus_context_format_to_user(f, &ctx->v4l2.format_picture);

	return 0;
}

int cedrus_context_try_fmt_coded(struct file *file, void *priv,
				 struct v4l2_format *f)
{
	struct v4l2_pix_format_mplane mp;

	cedrus_context_format_from_user(f, &mp);
	cedrus_context_format_coded_try(cedrus_context_from_file(file), &mp);
	cedrus_context_format_to_user(f, &mp);

	return 0;
}

int cedrus_context_try_fmt_picture(struct file *file, void *priv,
				   struct v4l2_format *f)
{
	struct v4l2_pix_format_mplane mp;

	cedrus_context_format_from_user(f, &mp);
	cedrus_context_format_picture_try(cedrus_context_from_file(file), &mp);
	cedrus_context_format_to_user(f, &mp);

	return 0;
}

/*
 * A format change that also changes the other format (the master, OUTPUT
 * format: coded for the decoder, picture for the encoder) is refused while
 * either queue has buffers: buffers sized for the old format could be too
 * small for what the VE reads or writes. dev-encoder.rst asks the same of
 * the encoder's CAPTURE format, so the coded format always needs both,
 * unless the role allows the change (the decoder's resolution change).
 */
static bool cedrus_context_busy(struct cedrus_context *ctx)
{
	return vb2_is_busy(cedrus_context_queue_coded(ctx)) ||
	       vb2_is_busy(cedrus_context_queue_picture(ctx));
}

int cedrus_context_s_fmt_coded(struct file *file, void *priv,
			       struct v4l2_format *f)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	struct v4l2_pix_format_mplane mp;

	cedrus_context_format_from_user(f, &mp);
	cedrus_context_format_coded_try(ctx, &mp);

	if (cedrus_context_busy(ctx) &&
	    !cedrus_proc_format_coded_change_ok(ctx, &mp))
		return -EBUSY;

	cedrus_context_format_to_user(f, &mp);

	ctx->engine = cedrus_proc_engine_find(ctx->proc, mp.pixelformat);
	ctx->v4l2.format_coded = mp;

	cedrus_proc_format_coded_propagate(ctx);

	return 0;
}

int cedrus_context_s_fmt_picture(struct file *file, void *priv,
				 struct v4l2_format *f)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	struct v4l2_pix_format_mplane mp, asked;

	if (V4L2_TYPE_IS_OUTPUT(f->type) ? cedrus_context_busy(ctx) :
	    vb2_is_busy(cedrus_context_queue_picture(ctx)))
		return -EBUSY;

	cedrus_context_format_from_user(f, &mp);
	asked = mp;
	cedrus_context_format_picture_try(ctx, &mp);
	cedrus_context_format_to_user(f, &mp);
	ctx->v4l2.format_picture = mp;

	cedrus_proc_format_picture_propagate(ctx, &asked);

	return 0;
}

/*
 * A coded format has the sizes of its engine, a picture format those of
 * the current engine's pictures.
 */
int cedrus_context_enum_framesizes(struct file *file, void *priv,
				   struct v4l2_frmsizeenum *fsize)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	const struct cedrus_engine *engine;

	if (fsize->index)
		return -EINVAL;

	engine = cedrus_proc_engine_find(ctx->proc, fsize->pixel_format);
	if (!engine) {
		if (!cedrus_proc_format_supported(ctx->proc,
						  fsize->pixel_format))
			return -EINVAL;
		engine = ctx->engine;
	}

	fsize->type = V4L2_FRMSIZE_TYPE_STEPWISE;
	fsize->stepwise = engine->pixelformat == fsize->pixel_format ?
			  engine->frmsize :
			  *cedrus_engine_frmsize_picture(engine);

	return 0;
}

/* vb2 queues */

static struct v4l2_pix_format_mplane *
cedrus_context_queue_format(struct cedrus_context *ctx, struct vb2_queue *q)
{
	return cedrus_context_queue_is_coded(ctx, q) ?
	       &ctx->v4l2.format_coded : &ctx->v4l2.format_picture;
}

/*
 * Engine buffers belong to picture buffers in both roles: the encoder keeps
 * a reconstruction per source picture, the decoder a co-located MV buffer
 * per decoded (reference) picture.
 */
static bool cedrus_context_queue_has_engine_buffers(struct cedrus_context *ctx,
						    struct vb2_queue *q)
{
	return !cedrus_context_queue_is_coded(ctx, q);
}

/*
 * No buffer of either node needs more: the coded formats are capped at
 * 32 MiB, and the largest picture (a 4096x2304 NV12 decode) is 14 MiB.
 * CREATE_BUFS may ask for more than the format's sizeimage, but not more
 * than this: the size is the client's, and the allocation is contiguous.
 */
#define CEDRUS_BUFFER_SIZE_MAX	SZ_32M

/*
 * Buffers come out of the board's CMA pool, which on the smallest boards
 * is a few tens of MiB: a role may cap what one queue allocates (struct
 * cedrus_proc_config). The cap counts buffers of the size being allocated
 * and never goes below CEDRUS_MMAP_BUFFERS_MIN, so that the VE can work on
 * one buffer while the client holds another. Imported (DMABUF) buffers
 * cost the driver nothing, but a client that hands the encoder a camera's
 * buffers allocates as many as REQBUFS grants: they get the same count.
 *
 * Only REQBUFS, where clients ask for many buffers at once (FFmpeg: 16),
 * is capped. CREATE_BUFS is not: a client adding buffers one by one as it
 * needs them (GStreamer's pool, when the buffers REQBUFS granted are all
 * in use) gets them. GStreamer's v4l2src importing the encoder's buffers
 * asks REQBUFS for 4 and grows its pool to 5 or 6 when the encoder lags;
 * refused even past the 4, its camera waits forever for a buffer.
 */
#define CEDRUS_MMAP_BUFFERS_MIN	2

static int cedrus_context_buffers_limit(struct cedrus_context *ctx,
					struct vb2_queue *q,
					unsigned int *buffers_count,
					unsigned int planes_count,
					const unsigned int sizes[])
{
	const struct cedrus_proc_config *config = ctx->proc->config;
	unsigned int have = vb2_get_num_buffers(q);
	size_t budget, size = 0;
	unsigned int i, max;

	budget = V4L2_TYPE_IS_OUTPUT(q->type) ? config->mmap_budget_output :
						config->mmap_budget_capture;
	if (!budget)
		return 0;

	for (i = 0; i < planes_count; i++)
		size += PAGE_ALIGN(sizes[i]);
	max = max_t(size_t, CEDRUS_MMAP_BUFFERS_MIN, budget / max(size, 1));

	*buffers_count = min(*buffers_count, max > have ? max - have : 0);
	if (!*buffers_count)
		return -ENOBUFS;

	return 0;
}

static int cedrus_context_queue_setup(struct vb2_queue *q,
				      unsigned int *buffers_count,
				      unsigned int *planes_count,
				      unsigned int sizes[],
				      struct device *alloc_devs[])
{
	struct cedrus_context *ctx = vb2_get_drv_priv(q);
	bool create = *planes_count;
	struct v4l2_pix_format_mplane *pix;
	unsigned int i;

	pix = cedrus_context_queue_format(ctx, q);
	if (*planes_count) {
		/* CREATE_BUFS: see cedrus_context_buffers_limit() */
		if (*planes_count != pix->num_planes)
			return -EINVAL;
		for (i = 0; i < pix->num_planes; i++)
			if (sizes[i] < pix->plane_fmt[i].sizeimage ||
			    sizes[i] > max_t(u32, pix->plane_fmt[i].sizeimage,
					     CEDRUS_BUFFER_SIZE_MAX))
				return -EINVAL;
	} else {
		*planes_count = pix->num_planes;
		for (i = 0; i < pix->num_planes; i++)
			sizes[i] = pix->plane_fmt[i].sizeimage;
	}

	if (create)
		return 0;

	return cedrus_context_buffers_limit(ctx, q, buffers_count,
					    *planes_count, sizes);
}

/*
 * MMAP buffers are the driver's DMA memory, attached dma-bufs the client's
 * (debugfs cedrus-ve/memory).
 */
static void cedrus_context_buf_account(struct vb2_buffer *vb, long sign)
{
	struct vb2_queue *q = vb->vb2_queue;
	struct cedrus_context *ctx = vb2_get_drv_priv(q);
	enum cedrus_mem_owner owner;
	long bytes = 0;
	unsigned int i;

	if (q->memory == VB2_MEMORY_DMABUF)
		owner = CEDRUS_MEM_IMPORTED;
	else if (V4L2_TYPE_IS_OUTPUT(q->type))
		owner = CEDRUS_MEM_OUTPUT;
	else
		owner = CEDRUS_MEM_CAPTURE;

	for (i = 0; i < vb->num_planes; i++)
		bytes += PAGE_ALIGN(vb2_plane_size(vb, i));
	cedrus_mem_account(ctx->dev, owner, sign * bytes, sign);
}

static int cedrus_context_buf_init(struct vb2_buffer *vb)
{
	struct vb2_queue *q = vb->vb2_queue;
	struct cedrus_context *ctx = vb2_get_drv_priv(q);
	struct cedrus_buffer *buf =
		cedrus_buffer_from_vb2(to_vb2_v4l2_buffer(vb));
	int ret;

	if (!cedrus_context_queue_has_engine_buffers(ctx, q)) {
		cedrus_context_buf_account(vb, 1);
		return 0;
	}

	if (ctx->engine->buffer_size) {
		buf->engine_buffer = kzalloc(ctx->engine->buffer_size,
					     GFP_KERNEL);
		if (!buf->engine_buffer)
			return -ENOMEM;
	}

	ret = cedrus_engine_buffer_setup(ctx, buf);
	if (ret) {
		kfree(buf->engine_buffer);
		buf->engine_buffer = NULL;
		return ret;
	}

	cedrus_context_buf_account(vb, 1);

	return 0;
}

static void cedrus_context_buf_cleanup(struct vb2_buffer *vb)
{
	struct vb2_queue *q = vb->vb2_queue;
	struct cedrus_context *ctx = vb2_get_drv_priv(q);
	struct cedrus_buffer *buf =
		cedrus_buffer_from_vb2(to_vb2_v4l2_buffer(vb));

	cedrus_context_buf_account(vb, -1);
	if (!cedrus_context_queue_has_engine_buffers(ctx, q))
		return;

	cedrus_engine_buffer_cleanup(ctx, buf);
	kfree(buf->engine_buffer);
	buf->engine_buffer = NULL;
}

/* Bytes of an imported dma-buf plane: its length, else the whole dma-buf. */
static unsigned long cedrus_context_dmabuf_size(const struct vb2_plane *plane)
{
	struct dma_buf *dbuf;
	unsigned long size;

	if (plane->length)
		return plane->length;

	dbuf = dma_buf_get(plane->m.fd);
	if (IS_ERR(dbuf))
		return ULONG_MAX;	/* not a dma-buf: vb2 refuses it */

	size = dbuf->size;
	dma_buf_put(dbuf);

	return size;
}

/*
 * QBUF of an imported OUTPUT buffer, before vb2 attaches it: say why a
 * dma-buf smaller than what the VE reads is refused (vb2 would refuse it
 * silently). vbuf->planes holds the fd and length the caller passed.
 */
static int cedrus_context_buf_out_validate(struct vb2_buffer *vb)
{
	struct vb2_queue *q = vb->vb2_queue;
	struct cedrus_context *ctx = vb2_get_drv_priv(q);
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);
	struct v4l2_pix_format_mplane *pix;
	unsigned long size;
	unsigned int i;

	pix = cedrus_context_queue_format(ctx, q);
	if (q->memory == VB2_MEMORY_DMABUF) {
		for (i = 0; i < vb->num_planes; i++) {
			size = cedrus_context_dmabuf_size(&vbuf->planes[i]);
			if (size >= pix->plane_fmt[i].sizeimage)
				continue;

			dev_warn_ratelimited(ctx->dev->dev,
					     "%s: OUTPUT buffer %u plane %u: dma-buf of %lu bytes, the VE reads %u\n",
					     ctx->proc->config->name, vb->index,
					     i, size,
					     pix->plane_fmt[i].sizeimage);
			return -EINVAL;
		}
	}

	vbuf->field = V4L2_FIELD_NONE;

	return 0;
}

/*
 * The VE reads or writes the whole format size: refuse smaller buffers here
 * (QBUF/PREPARE_BUF) so that no job ever runs past the end of one.
 *
 * The payload of a coded OUTPUT buffer (the decoder's bitstream) sizes the
 * VE's read window and the CPU's start code scan, so it must lie inside the
 * plane. vb2 does not guarantee it: on a single-planar queue it checks
 * bytesused against the length of the dma-buf attached before, not the one
 * this QBUF attaches, which may be smaller.
 */
/*
 * Bytes a client fills for plane @plane of an NV12 (luma, then chroma of
 * half the lines) or NV12M (one of them per plane) picture, the only
 * picture formats an OUTPUT queue takes (the encoder's). A smaller payload
 * means the client laid its lines out closer than bytesperline, e.g.
 * FFmpeg 7.1, which copies frames with its own line size, 1366 bytes for a
 * 1366-wide file while the VE needs lines a multiple of 16 apart: the VE
 * would encode a sheared picture.
 */
static unsigned long
cedrus_context_picture_payload_min(const struct v4l2_pix_format_mplane *pix,
				   unsigned int plane)
{
	unsigned long luma = pix->height, chroma = DIV_ROUND_UP(pix->height, 2);
	unsigned long lines;

	if (pix->num_planes == 1)
		lines = luma + chroma;
	else
		lines = plane ? chroma : luma;

	return lines * pix->plane_fmt[plane].bytesperline;
}

static bool
cedrus_context_picture_payload_ok(struct cedrus_context *ctx,
				  struct vb2_buffer *vb,
				  const struct v4l2_pix_format_mplane *pix,
				  unsigned int plane)
{
	unsigned long payload = vb2_get_plane_payload(vb, plane);
	unsigned long min = cedrus_context_picture_payload_min(pix, plane);

	if (payload >= min)
		return true;

	dev_err_ratelimited(ctx->dev->dev,
			    "OUTPUT buffer %u plane %u: payload of %lu bytes, a %ux%u picture with lines %u bytes apart takes %lu\n",
			    vb->index, plane, payload, pix->width, pix->height,
			    pix->plane_fmt[plane].bytesperline, min);
	return false;
}

static int cedrus_context_buf_prepare(struct vb2_buffer *vb)
{
	struct vb2_queue *q = vb->vb2_queue;
	struct cedrus_context *ctx = vb2_get_drv_priv(q);
	const char *name = V4L2_TYPE_IS_OUTPUT(q->type) ? "OUTPUT" : "CAPTURE";
	struct v4l2_pix_format_mplane *pix;
	unsigned long size, payload;
	unsigned int i;

	pix = cedrus_context_queue_format(ctx, q);
	for (i = 0; i < vb->num_planes; i++) {
		size = vb2_plane_size(vb, i);
		if (size < pix->plane_fmt[i].sizeimage) {
			dev_err_ratelimited(ctx->dev->dev,
					    "%s buffer %u plane %u too small: %lu bytes, format needs %u\n",
					    name, vb->index, i, size,
					    pix->plane_fmt[i].sizeimage);
			return -EINVAL;
		}

		if (!cedrus_context_queue_is_coded(ctx, q)) {
			if (V4L2_TYPE_IS_OUTPUT(q->type) &&
			    !cedrus_context_picture_payload_ok(ctx, vb, pix, i))
				return -EINVAL;
			vb2_set_plane_payload(vb, i,
					      pix->plane_fmt[i].sizeimage);
			continue;
		}

		payload = vb2_get_plane_payload(vb, i);
		if (V4L2_TYPE_IS_OUTPUT(q->type) && payload > size) {
			dev_err_ratelimited(ctx->dev->dev,
					    "%s buffer %u plane %u: payload of %lu bytes in a plane of %lu\n",
					    name, vb->index, i, payload, size);
			return -EINVAL;
		}
	}

	to_vb2_v4l2_buffer(vb)->field = V4L2_FIELD_NONE;

	return 0;
}

static void cedrus_context_buf_queue(struct vb2_buffer *vb)
{
	struct cedrus_context *ctx = vb2_get_drv_priv(vb->vb2_queue);
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);

	if (V4L2_TYPE_IS_OUTPUT(vb->vb2_queue->type))
		WRITE_ONCE(ctx->v4l2.queued_out, ctx->v4l2.queued_out + 1);

	if (cedrus_proc_buf_queue(ctx, vbuf))
		return;

	v4l2_m2m_buf_queue(ctx->v4l2.fh.m2m_ctx, vbuf);
}

static void cedrus_context_buf_request_complete(struct vb2_buffer *vb)
{
	struct cedrus_context *ctx = vb2_get_drv_priv(vb->vb2_queue);

	v4l2_ctrl_request_complete(vb->req_obj.req, &ctx->v4l2.hdl);
}

static void cedrus_context_queue_return(struct cedrus_context *ctx,
					struct vb2_queue *q,
					enum vb2_buffer_state state)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;
	struct vb2_v4l2_buffer *vbuf;

	for (;;) {
		if (V4L2_TYPE_IS_OUTPUT(q->type))
			vbuf = v4l2_m2m_src_buf_remove(m2m_ctx);
		else
			vbuf = v4l2_m2m_dst_buf_remove(m2m_ctx);
		if (!vbuf)
			break;

		v4l2_ctrl_request_complete(vbuf->vb2_buf.req_obj.req,
					   &ctx->v4l2.hdl);
		v4l2_m2m_buf_done(vbuf, state);
	}
}

/* Engine context: created at STREAMON of the coded queue. */
static int cedrus_context_engine_setup(struct cedrus_context *ctx)
{
	const struct cedrus_engine *engine = ctx->engine;
	struct device *device = ctx->dev->dev;
	int ret;

	ret = pm_runtime_resume_and_get(device);
	if (ret < 0) {
		dev_err(device, "failed to power the VE: %d\n", ret);
		return ret;
	}

	if (engine->ctx_size) {
		ctx->engine_ctx = kzalloc(engine->ctx_size, GFP_KERNEL);
		if (!ctx->engine_ctx) {
			ret = -ENOMEM;
			goto error_pm;
		}
	}

	if (engine->job_size) {
		ctx->job.engine_job = kzalloc(engine->job_size, GFP_KERNEL);
		if (!ctx->job.engine_job) {
			ret = -ENOMEM;
			goto error_engine_ctx;
		}
	}

	/* A client can cause this (a level too low, CMA exhausted). */
	ret = cedrus_engine_setup(ctx);
	if (ret) {
		dev_err_ratelimited(device, "%s setup failed: %d\n",
				    engine->name, ret);
		goto error_engine_job;
	}

	/* Hand every control value to the new engine context. */
	ret = v4l2_ctrl_handler_setup(&ctx->v4l2.hdl);
	if (ret)
		goto error_engine;

	return 0;

error_engine:
	cedrus_engine_cleanup(ctx);
error_engine_job:
	kfree(ctx->job.engine_job);
	ctx->job.engine_job = NULL;
error_engine_ctx:
	kfree(ctx->engine_ctx);
	ctx->engine_ctx = NULL;
error_pm:
	pm_runtime_put(device);

	return ret;
}

static void cedrus_context_engine_cleanup(struct cedrus_context *ctx)
{
	cedrus_engine_cleanup(ctx);

	kfree(ctx->job.engine_job);
	ctx->job.engine_job = NULL;
	kfree(ctx->engine_ctx);
	ctx->engine_ctx = NULL;

	pm_runtime_put(ctx->dev->dev);
}

static int cedrus_context_start_streaming(struct vb2_queue *q,
					  unsigned int count)
{
	struct cedrus_context *ctx = vb2_get_drv_priv(q);
	int ret;

	if (V4L2_TYPE_IS_OUTPUT(q->type))
		ctx->v4l2.sequence_out = 0;
	else
		ctx->v4l2.sequence_cap = 0;

	cedrus_proc_streaming_start(ctx, q);

	if (!cedrus_context_queue_is_coded(ctx, q))
		return 0;

	ret = cedrus_context_engine_setup(ctx);
	if (ret)
		cedrus_context_queue_return(ctx, q, VB2_BUF_STATE_QUEUED);

	return ret;
}

static void cedrus_context_stop_streaming(struct vb2_queue *q)
{
	struct cedrus_context *ctx = vb2_get_drv_priv(q);

	cedrus_context_queue_return(ctx, q, VB2_BUF_STATE_ERROR);
	if (V4L2_TYPE_IS_OUTPUT(q->type))
		WRITE_ONCE(ctx->v4l2.queued_out, 0);
	cedrus_proc_streaming_stop(ctx, q);

	if (cedrus_context_queue_is_coded(ctx, q))
		cedrus_context_engine_cleanup(ctx);
}

static const struct vb2_ops cedrus_context_qops = {
	.queue_setup		= cedrus_context_queue_setup,
	.buf_init		= cedrus_context_buf_init,
	.buf_cleanup		= cedrus_context_buf_cleanup,
	.buf_out_validate	= cedrus_context_buf_out_validate,
	.buf_prepare		= cedrus_context_buf_prepare,
	.buf_queue		= cedrus_context_buf_queue,
	.buf_request_complete	= cedrus_context_buf_request_complete,
	.start_streaming	= cedrus_context_start_streaming,
	.stop_streaming		= cedrus_context_stop_streaming,
	.wait_prepare		= vb2_ops_wait_prepare,
	.wait_finish		= vb2_ops_wait_finish,
};

static void cedrus_context_queue_fill(struct cedrus_context *ctx,
				      struct vb2_queue *q,
				      enum v4l2_buf_type type)
{
	q->type = type;
	q->io_modes = VB2_MMAP | VB2_DMABUF;
	q->drv_priv = ctx;
	q->buf_struct_size = sizeof(struct cedrus_buffer);
	q->ops = &cedrus_context_qops;
	q->mem_ops = &vb2_dma_contig_memops;
	q->timestamp_flags = V4L2_BUF_FLAG_TIMESTAMP_COPY;
	q->lock = &ctx->proc->lock;
	q->dev = ctx->dev->dev;
}

static int cedrus_context_queue_init(void *priv, struct vb2_queue *src_vq,
				     struct vb2_queue *dst_vq)
{
	struct cedrus_context *ctx = priv;
	bool mplane = ctx->proc->config->multiplanar;
	int ret;

	cedrus_context_queue_fill(ctx, src_vq,
				  mplane ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE :
					   V4L2_BUF_TYPE_VIDEO_OUTPUT);
	cedrus_context_queue_fill(ctx, dst_vq,
				  mplane ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE :
					   V4L2_BUF_TYPE_VIDEO_CAPTURE);

	cedrus_proc_queue_init(ctx, src_vq, dst_vq);

	ret = vb2_queue_init(src_vq);
	if (ret)
		return ret;

	return vb2_queue_init(dst_vq);
}

/* File operations */

int cedrus_context_open(struct file *file)
{
	struct cedrus_proc *proc = video_drvdata(file);
	struct cedrus_context *ctx;
	int ret;

	if (mutex_lock_interruptible(&proc->lock))
		return -ERESTARTSYS;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx) {
		ret = -ENOMEM;
		goto error_unlock;
	}

	ctx->dev = proc->dev;
	ctx->proc = proc;

	v4l2_fh_init(&ctx->v4l2.fh, video_devdata(file));
	file->private_data = &ctx->v4l2.fh;

	ret = cedrus_context_ctrls_setup(ctx);
	if (ret)
		goto error_fh;

	/* Before the queues: their setup depends on the engine. */
	cedrus_context_formats_reset(ctx);

	ctx->v4l2.fh.m2m_ctx = v4l2_m2m_ctx_init(proc->dev->m2m_dev, ctx,
						 cedrus_context_queue_init);
	if (IS_ERR(ctx->v4l2.fh.m2m_ctx)) {
		ret = PTR_ERR(ctx->v4l2.fh.m2m_ctx);
		goto error_ctrls;
	}

	v4l2_fh_add(&ctx->v4l2.fh);
	mutex_unlock(&proc->lock);

	return 0;

error_ctrls:
	cedrus_context_ctrls_cleanup(ctx);
error_fh:
	v4l2_fh_exit(&ctx->v4l2.fh);
	kfree(ctx);
error_unlock:
	mutex_unlock(&proc->lock);

	return ret;
}

int cedrus_context_release(struct file *file)
{
	struct cedrus_context *ctx = cedrus_context_from_file(file);
	struct cedrus_proc *proc = ctx->proc;

	mutex_lock(&proc->lock);

	v4l2_fh_del(&ctx->v4l2.fh);
	v4l2_m2m_ctx_release(ctx->v4l2.fh.m2m_ctx);
	cedrus_context_ctrls_cleanup(ctx);
	v4l2_fh_exit(&ctx->v4l2.fh);
	kfree(ctx);

	mutex_unlock(&proc->lock);

	return 0;
}

/* Jobs */

void cedrus_context_job_run(void *priv)
{
	struct cedrus_context *ctx = priv;
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;
	struct cedrus_job *job = &ctx->job;
	struct vb2_v4l2_buffer *src, *dst;
	struct media_request *req;
	int ret;

	src = v4l2_m2m_next_src_buf(m2m_ctx);
	dst = v4l2_m2m_next_dst_buf(m2m_ctx);

	if (cedrus_context_coded_on_capture(ctx)) {
		job->picture = src;
		job->coded = dst;
	} else {
		job->coded = src;
		job->picture = dst;
	}

	if (ctx->engine->job_size)
		memset(job->engine_job, 0, ctx->engine->job_size);

	req = src->vb2_buf.req_obj.req;
	if (req)
		v4l2_ctrl_request_setup(req, &ctx->v4l2.hdl);

	v4l2_m2m_buf_copy_metadata(src, dst, true);

	/* Slices of one picture (held CAPTURE buffer) share its number. */
	src->sequence = ctx->v4l2.sequence_out++;
	if (m2m_ctx->new_frame)
		dst->sequence = ctx->v4l2.sequence_cap++;

	ret = cedrus_engine_job_prepare(ctx, job);
	if (!ret) {
		cedrus_ve_claim(ctx->dev, ctx->proc);
		cedrus_proc_job_configure(ctx, job);
		ret = cedrus_engine_job_configure(ctx, job);
	}

	if (req)
		v4l2_ctrl_request_complete(req, &ctx->v4l2.hdl);

	if (ret) {
		dev_err(ctx->dev->dev, "%s job setup failed: %d\n",
			ctx->engine->name, ret);
		cedrus_context_job_finish(ctx, VB2_BUF_STATE_ERROR);
		return;
	}

	trace_cedrus_job_run(ctx->engine->name, ctx, src->sequence,
			     dst->sequence);

	/* DO NOT trigger before arming the watchdog: the IRQ cancels it. */
	cedrus_watchdog_schedule(ctx->dev);
	cedrus_engine_job_trigger(ctx, job);
}

/*
 * Return the job's buffers, after the engine read its results back and the
 * role flagged them (the encoder's drain ends with LAST and an EOS event).
 * Called from the IRQ handler, the watchdog or job_run.
 */
void cedrus_context_job_finish(struct cedrus_context *ctx,
			       enum vb2_buffer_state state)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->v4l2.fh.m2m_ctx;
	struct cedrus_device *dev = ctx->dev;
	struct cedrus_job *job = &ctx->job;
	unsigned long flags;
	bool eos;

	cedrus_engine_job_finish(ctx, job, state);

	/*
	 * From the drain check to the buffers leaving the ready queue, STOP
	 * must not run: it would pick this OUTPUT buffer as the drain's last
	 * after the check missed it, and the drain would never end.
	 */
	spin_lock_irqsave(&dev->drain_lock, flags);
	eos = cedrus_proc_job_done(ctx, job, state);

	job->picture = NULL;
	job->coded = NULL;

	trace_cedrus_job_finish(ctx->engine->name, ctx, state, eos);

	/* DO NOT touch ctx after this: a pending release may free it. */
	if (eos)
		cedrus_context_eos(ctx);

	v4l2_m2m_buf_done_and_job_finish(dev->m2m_dev, m2m_ctx, state);
	spin_unlock_irqrestore(&dev->drain_lock, flags);
}
