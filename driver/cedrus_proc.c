// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: processors (one video node per role).
 *
 * A processor keeps the engines and picture formats of its role that the SoC
 * variant supports, registers its video node and describes it to the media
 * controller as source -> proc -> sink, with the proc entity carrying the
 * MEDIA_ENT_F_PROC_VIDEO_DECODER or _ENCODER function so userspace can find
 * the node by function. A role without any usable engine registers nothing.
 */

#include <linux/device.h>
#include <linux/slab.h>
#include <media/v4l2-mem2mem.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_proc.h"

const struct cedrus_engine *cedrus_proc_engine_find(struct cedrus_proc *proc,
						    u32 pixelformat)
{
	unsigned int i;

	for (i = 0; i < proc->engines_count; i++)
		if (proc->engines[i]->pixelformat == pixelformat)
			return proc->engines[i];

	return NULL;
}

bool cedrus_proc_format_supported(struct cedrus_proc *proc, u32 pixelformat)
{
	unsigned int i;

	for (i = 0; i < proc->formats_count; i++)
		if (proc->formats[i]->pixelformat == pixelformat)
			return true;

	return false;
}

/* Role op dispatch */

static const struct cedrus_proc_ops *cedrus_proc_ops(struct cedrus_context *ctx)
{
	return ctx->proc->config->ops;
}

void cedrus_proc_format_picture_adjust(struct cedrus_context *ctx,
				       struct v4l2_pix_format_mplane *pix)
{
	if (WARN_ON(!cedrus_proc_ops(ctx)->format_picture_adjust))
		return;

	cedrus_proc_ops(ctx)->format_picture_adjust(ctx, pix);
}

void cedrus_proc_format_coded_adjust(struct cedrus_context *ctx,
				     struct v4l2_pix_format_mplane *pix)
{
	if (WARN_ON(!cedrus_proc_ops(ctx)->format_coded_adjust))
		return;

	cedrus_proc_ops(ctx)->format_coded_adjust(ctx, pix);
}

void
cedrus_proc_format_picture_propagate(struct cedrus_context *ctx,
				     const struct v4l2_pix_format_mplane *asked)
{
	if (cedrus_proc_ops(ctx)->format_picture_propagate)
		cedrus_proc_ops(ctx)->format_picture_propagate(ctx, asked);
}

void cedrus_proc_format_coded_propagate(struct cedrus_context *ctx)
{
	if (cedrus_proc_ops(ctx)->format_coded_propagate)
		cedrus_proc_ops(ctx)->format_coded_propagate(ctx);
}

/* Optional: without it, no coded format change while buffers exist. */
bool
cedrus_proc_format_coded_change_ok(struct cedrus_context *ctx,
				   const struct v4l2_pix_format_mplane *pix)
{
	if (!cedrus_proc_ops(ctx)->format_coded_change_ok)
		return false;

	return cedrus_proc_ops(ctx)->format_coded_change_ok(ctx, pix);
}

void cedrus_proc_queue_init(struct cedrus_context *ctx,
			    struct vb2_queue *src_vq, struct vb2_queue *dst_vq)
{
	if (cedrus_proc_ops(ctx)->queue_init)
		cedrus_proc_ops(ctx)->queue_init(ctx, src_vq, dst_vq);
}

int cedrus_proc_ctrls_setup(struct cedrus_context *ctx)
{
	if (!cedrus_proc_ops(ctx)->ctrls_setup)
		return 0;

	return cedrus_proc_ops(ctx)->ctrls_setup(ctx);
}

void cedrus_proc_streaming_start(struct cedrus_context *ctx,
				 struct vb2_queue *q)
{
	if (cedrus_proc_ops(ctx)->streaming_start)
		cedrus_proc_ops(ctx)->streaming_start(ctx, q);
}

void cedrus_proc_streaming_stop(struct cedrus_context *ctx,
				struct vb2_queue *q)
{
	if (cedrus_proc_ops(ctx)->streaming_stop)
		cedrus_proc_ops(ctx)->streaming_stop(ctx, q);
}

bool cedrus_proc_buf_queue(struct cedrus_context *ctx,
			   struct vb2_v4l2_buffer *vbuf)
{
	if (!cedrus_proc_ops(ctx)->buf_queue)
		return false;

	return cedrus_proc_ops(ctx)->buf_queue(ctx, vbuf);
}

void cedrus_proc_job_configure(struct cedrus_context *ctx,
			       struct cedrus_job *job)
{
	if (WARN_ON(!cedrus_proc_ops(ctx)->job_configure))
		return;

	cedrus_proc_ops(ctx)->job_configure(ctx, job);
}

bool cedrus_proc_job_done(struct cedrus_context *ctx, struct cedrus_job *job,
			  enum vb2_buffer_state state)
{
	if (!cedrus_proc_ops(ctx)->job_done)
		return false;

	return cedrus_proc_ops(ctx)->job_done(ctx, job, state);
}

static const struct v4l2_file_operations cedrus_proc_fops = {
	.owner		= THIS_MODULE,
	.open		= cedrus_context_open,
	.release	= cedrus_context_release,
	.poll		= v4l2_m2m_fop_poll,
	.unlocked_ioctl	= video_ioctl2,
	.mmap		= v4l2_m2m_fop_mmap,
};

static void cedrus_proc_capabilities_filter(struct cedrus_proc *proc)
{
	const struct cedrus_proc_config *config = proc->config;
	struct cedrus_device *dev = proc->dev;
	unsigned int i;

	for (i = 0; i < config->engines_count; i++) {
		const struct cedrus_engine *engine = config->engines[i];

		if (engine->role != config->role ||
		    !cedrus_is_capable(dev, engine->capabilities))
			continue;
		if (WARN_ON(proc->engines_count >= CEDRUS_PROC_ENGINES_MAX))
			break;
		proc->engines[proc->engines_count++] = engine;
	}

	for (i = 0; i < config->formats_count; i++) {
		const struct cedrus_format *format = &config->formats[i];

		if (!cedrus_is_capable(dev, format->capabilities))
			continue;
		if (WARN_ON(proc->formats_count >= CEDRUS_PROC_ENGINES_MAX))
			break;
		proc->formats[proc->formats_count++] = format;
	}
}

static int cedrus_proc_entity_register(struct cedrus_proc *proc,
				       struct media_entity *entity,
				       const char *suffix, u32 function,
				       unsigned int pads_count,
				       struct media_pad *pads)
{
	struct media_device *mdev = &proc->dev->media_dev;
	int ret;

	entity->obj_type = MEDIA_ENTITY_TYPE_BASE;
	entity->function = function;
	entity->name = devm_kasprintf(proc->dev->dev, GFP_KERNEL, "%s-%s",
				      proc->config->name, suffix);
	if (!entity->name)
		return -ENOMEM;

	if (function == MEDIA_ENT_F_IO_V4L) {
		entity->info.dev.major = VIDEO_MAJOR;
		entity->info.dev.minor = proc->vdev.minor;
	}

	ret = media_entity_pads_init(entity, pads_count, pads);
	if (ret)
		return ret;

	return media_device_register_entity(mdev, entity);
}

/* source (the video node's entity) -> proc -> sink, both ends on the devnode */
static int cedrus_proc_media_register(struct cedrus_proc *proc)
{
	struct media_device *mdev = &proc->dev->media_dev;
	struct media_entity *source = &proc->vdev.entity;
	struct media_link *link;
	u32 link_flags = MEDIA_LNK_FL_IMMUTABLE | MEDIA_LNK_FL_ENABLED;
	int ret;

	proc->pad_source.flags = MEDIA_PAD_FL_SOURCE;
	ret = cedrus_proc_entity_register(proc, source, "source",
					  MEDIA_ENT_F_IO_V4L, 1,
					  &proc->pad_source);
	if (ret)
		return ret;

	proc->pads_proc[0].flags = MEDIA_PAD_FL_SINK;
	proc->pads_proc[1].flags = MEDIA_PAD_FL_SOURCE;
	ret = cedrus_proc_entity_register(proc, &proc->entity_proc, "proc",
					  proc->config->function, 2,
					  proc->pads_proc);
	if (ret)
		goto error_entity_source;

	proc->pad_sink.flags = MEDIA_PAD_FL_SINK;
	ret = cedrus_proc_entity_register(proc, &proc->entity_sink, "sink",
					  MEDIA_ENT_F_IO_V4L, 1,
					  &proc->pad_sink);
	if (ret)
		goto error_entity_proc;

	ret = media_create_pad_link(source, 0, &proc->entity_proc, 0,
				    link_flags);
	if (ret)
		goto error_entity_sink;

	ret = media_create_pad_link(&proc->entity_proc, 1, &proc->entity_sink,
				    0, link_flags);
	if (ret)
		goto error_links;

	proc->intf_devnode = media_devnode_create(mdev, MEDIA_INTF_T_V4L_VIDEO,
						  0, VIDEO_MAJOR,
						  proc->vdev.minor);
	if (!proc->intf_devnode) {
		ret = -ENOMEM;
		goto error_links;
	}

	link = media_create_intf_link(source, &proc->intf_devnode->intf,
				      link_flags);
	if (!link) {
		ret = -ENOMEM;
		goto error_devnode;
	}

	link = media_create_intf_link(&proc->entity_sink,
				      &proc->intf_devnode->intf, link_flags);
	if (!link) {
		ret = -ENOMEM;
		goto error_intf_links;
	}

	return 0;

error_intf_links:
	media_remove_intf_links(&proc->intf_devnode->intf);
error_devnode:
	media_devnode_remove(proc->intf_devnode);
error_links:
	media_entity_remove_links(&proc->entity_sink);
	media_entity_remove_links(&proc->entity_proc);
	media_entity_remove_links(source);
error_entity_sink:
	media_device_unregister_entity(&proc->entity_sink);
error_entity_proc:
	media_device_unregister_entity(&proc->entity_proc);
error_entity_source:
	media_device_unregister_entity(source);

	return ret;
}

static void cedrus_proc_media_unregister(struct cedrus_proc *proc)
{
	media_remove_intf_links(&proc->intf_devnode->intf);
	media_devnode_remove(proc->intf_devnode);
	media_entity_remove_links(&proc->entity_sink);
	media_entity_remove_links(&proc->entity_proc);
	media_entity_remove_links(&proc->vdev.entity);
	media_device_unregister_entity(&proc->entity_sink);
	media_device_unregister_entity(&proc->entity_proc);
	media_device_unregister_entity(&proc->vdev.entity);
}

int cedrus_proc_setup(struct cedrus_device *dev,
		      const struct cedrus_proc_config *config,
		      struct cedrus_proc **procp)
{
	struct cedrus_proc *proc;
	struct video_device *vdev;
	int ret;

	*procp = NULL;

	proc = devm_kzalloc(dev->dev, sizeof(*proc), GFP_KERNEL);
	if (!proc)
		return -ENOMEM;

	proc->dev = dev;
	proc->config = config;
	mutex_init(&proc->lock);

	cedrus_proc_capabilities_filter(proc);
	if (!proc->engines_count || !proc->formats_count) {
		dev_dbg(dev->dev, "%s: no engine for this SoC\n", config->name);
		return 0;
	}

	vdev = &proc->vdev;
	strscpy(vdev->name, config->name, sizeof(vdev->name));
	vdev->fops = &cedrus_proc_fops;
	vdev->ioctl_ops = config->ioctl_ops;
	vdev->release = video_device_release_empty;
	vdev->lock = &proc->lock;
	vdev->v4l2_dev = &dev->v4l2_dev;
	vdev->vfl_dir = VFL_DIR_M2M;
	vdev->device_caps = V4L2_CAP_STREAMING |
			    (config->multiplanar ? V4L2_CAP_VIDEO_M2M_MPLANE :
						   V4L2_CAP_VIDEO_M2M);
	video_set_drvdata(vdev, proc);

	ret = video_register_device(vdev, VFL_TYPE_VIDEO, -1);
	if (ret) {
		dev_err(dev->dev, "%s: failed to register video device: %d\n",
			config->name, ret);
		return ret;
	}

	ret = cedrus_proc_media_register(proc);
	if (ret) {
		dev_err(dev->dev, "%s: failed to register media entities: %d\n",
			config->name, ret);
		goto error_video_device;
	}

	*procp = proc;

	return 0;

error_video_device:
	video_unregister_device(vdev);

	return ret;
}

void cedrus_proc_cleanup(struct cedrus_proc *proc)
{
	if (!proc)
		return;

	cedrus_proc_media_unregister(proc);
	video_unregister_device(&proc->vdev);
}
