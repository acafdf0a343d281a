// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: platform device.
 *
 * Probes the Video Engine (registers, clocks, reset, SRAM, IRQ), creates the
 * V4L2 and media devices, the single mem2mem scheduler shared by both roles,
 * and one processor (video node) per role that has at least one engine on
 * this SoC. Also hosts the IRQ handler and the job watchdog.
 */

#include <linux/clk.h>
#include <linux/debugfs.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/reset.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/soc/sunxi/sunxi_sram.h>
#include <media/v4l2-mem2mem.h>

#include "cedrus.h"
#include "cedrus_context.h"
#include "cedrus_dec.h"
#include "cedrus_enc.h"
#include "cedrus_trace.h"
#include "cedrus_engine.h"
#include "cedrus_proc.h"

/* Register polling: 1 us period, 1 ms budget (put-bits takes a few cycles). */
#define CEDRUS_POLL_PERIOD_US		1
#define CEDRUS_POLL_TIMEOUT_US		1000

u32 cedrus_read(struct cedrus_device *dev, u32 reg)
{
	return readl(dev->base + reg);
}

void cedrus_write(struct cedrus_device *dev, u32 reg, u32 val)
{
	writel(val, dev->base + reg);
}

/* Wait until all @bits of @reg are set; -ETIMEDOUT otherwise. */
int cedrus_poll(struct cedrus_device *dev, u32 reg, u32 bits)
{
	u32 val;

	return readl_poll_timeout_atomic(dev->base + reg, val,
					 (val & bits) == bits,
					 CEDRUS_POLL_PERIOD_US,
					 CEDRUS_POLL_TIMEOUT_US);
}

/* Wait until all @bits of @reg are clear; -ETIMEDOUT otherwise. */
int cedrus_poll_cleared(struct cedrus_device *dev, u32 reg, u32 bits)
{
	u32 val;

	return readl_poll_timeout_atomic(dev->base + reg, val, !(val & bits),
					 CEDRUS_POLL_PERIOD_US,
					 CEDRUS_POLL_TIMEOUT_US);
}

/*
 * Only the VE touches these buffers: no kernel mapping. On ARM the cookie
 * of such an allocation is its first struct page, which DMA-API debugging
 * takes for the buffer's address: two allocations whose struct pages share
 * a cache line then look like overlapping mappings (a false "cacheline
 * tracking EEXIST"). DMA_ATTR_SKIP_CPU_SYNC, meaningless for a coherent
 * allocation, is what makes it skip that report.
 */
#define CEDRUS_DMA_BUF_ATTRS	(DMA_ATTR_NO_KERNEL_MAPPING | \
				 DMA_ATTR_SKIP_CPU_SYNC)

/* Buffers of the engines' own (MV, reconstruction, line buffers). */
int cedrus_dma_buf_alloc(struct cedrus_device *dev, struct cedrus_dma_buf *buf,
			 size_t size)
{
	/* Sizes follow the client's format: failing is an answer, not a bug. */
	buf->cookie = dma_alloc_attrs(dev->dev, size, &buf->addr,
				      GFP_KERNEL | __GFP_NOWARN,
				      CEDRUS_DMA_BUF_ATTRS);
	if (!buf->cookie)
		return -ENOMEM;

	buf->size = size;
	cedrus_mem_account(dev, CEDRUS_MEM_PRIVATE, PAGE_ALIGN(size), 1);

	return 0;
}

/* Free a buffer of cedrus_dma_buf_alloc(); one never allocated is skipped. */
void cedrus_dma_buf_free(struct cedrus_device *dev, struct cedrus_dma_buf *buf)
{
	if (!buf->cookie)
		return;

	dma_free_attrs(dev->dev, buf->size, buf->cookie, buf->addr,
		       CEDRUS_DMA_BUF_ATTRS);
	cedrus_mem_account(dev, CEDRUS_MEM_PRIVATE, -PAGE_ALIGN(buf->size), -1);
	*buf = (struct cedrus_dma_buf) { };
}

static void cedrus_mem_peak_update(atomic_long_t *peak, long now)
{
	long old = atomic_long_read(peak);

	while (now > old && !atomic_long_try_cmpxchg(peak, &old, now))
		;
}

/*
 * Count @bytes (whole pages) in @buffers buffers allocated (positive) or
 * freed (negative) for @owner, and in the total unless imported.
 */
void cedrus_mem_account(struct cedrus_device *dev, enum cedrus_mem_owner owner,
			long bytes, long buffers)
{
	enum cedrus_mem_owner sums[] = { owner, CEDRUS_MEM_TOTAL };
	struct cedrus_mem_stat *stat;
	unsigned int i;

	for (i = 0; i < (owner == CEDRUS_MEM_IMPORTED ? 1 : 2); i++) {
		stat = &dev->mem[sums[i]];
		cedrus_mem_peak_update(&stat->bytes_peak,
				       atomic_long_add_return(bytes,
							      &stat->bytes));
		cedrus_mem_peak_update(&stat->buffers_peak,
				       atomic_long_add_return(buffers,
							      &stat->buffers));
	}
}

/*
 * debugfs cedrus-ve/memory: one line per owner, "NAME BYTES PEAK_BYTES
 * BUFFERS PEAK_BUFFERS". Writing anything starts the peaks again from the
 * current figures (a test measuring one client's pipeline does so first).
 */
static const char * const cedrus_mem_owner_names[CEDRUS_MEM_OWNERS] = {
	[CEDRUS_MEM_PRIVATE]	= "private",
	[CEDRUS_MEM_OUTPUT]	= "output",
	[CEDRUS_MEM_CAPTURE]	= "capture",
	[CEDRUS_MEM_TOTAL]	= "total",
	[CEDRUS_MEM_IMPORTED]	= "imported",
};

static int cedrus_mem_show(struct seq_file *s, void *data)
{
	struct cedrus_device *dev = s->private;
	const struct cedrus_mem_stat *stat;
	unsigned int i;

	for (i = 0; i < CEDRUS_MEM_OWNERS; i++) {
		stat = &dev->mem[i];
		seq_printf(s, "%s %ld %ld %ld %ld\n", cedrus_mem_owner_names[i],
			   atomic_long_read(&stat->bytes),
			   atomic_long_read(&stat->bytes_peak),
			   atomic_long_read(&stat->buffers),
			   atomic_long_read(&stat->buffers_peak));
	}

	return 0;
}

static int cedrus_mem_open(struct inode *inode, struct file *file)
{
	return single_open(file, cedrus_mem_show, inode->i_private);
}

static ssize_t cedrus_mem_write(struct file *file, const char __user *buf,
				size_t count, loff_t *ppos)
{
	struct cedrus_device *dev = file_inode(file)->i_private;
	struct cedrus_mem_stat *stat;
	unsigned int i;

	for (i = 0; i < CEDRUS_MEM_OWNERS; i++) {
		stat = &dev->mem[i];
		atomic_long_set(&stat->bytes_peak,
				atomic_long_read(&stat->bytes));
		atomic_long_set(&stat->buffers_peak,
				atomic_long_read(&stat->buffers));
	}

	return count;
}

static const struct file_operations cedrus_mem_fops = {
	.owner		= THIS_MODULE,
	.open		= cedrus_mem_open,
	.read		= seq_read,
	.write		= cedrus_mem_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

void cedrus_watchdog_schedule(struct cedrus_device *dev)
{
	schedule_delayed_work(&dev->watchdog_work,
			      msecs_to_jiffies(CEDRUS_WATCHDOG_TIMEOUT_MS));
}

/* Reset the whole VE (registers and internal state) through its reset line. */
static void cedrus_ve_reset(struct cedrus_device *dev, const char *reason)
{
	int ret;

	trace_cedrus_ve_reset(reason);
	ret = reset_control_reset(dev->rstc);
	if (ret)
		dev_err(dev->dev, "failed to reset the VE (%s): %d\n", reason,
			ret);
	dev->ve_owner = NULL;
}

/*
 * A job of proc is about to program the VE. The VE keeps state of the role
 * that used it last, and a later port of this IP needed a reset between
 * encoding and decoding (driver README): reset when the role changes.
 * Called from job_run only, so never concurrently.
 */
void cedrus_ve_claim(struct cedrus_device *dev,
		     const struct cedrus_proc *proc)
{
	if (dev->ve_owner && dev->ve_owner != proc)
		cedrus_ve_reset(dev, "role switch");
	dev->ve_owner = proc;
}

/*
 * A job never raised its interrupt: mask the engine, reset the whole VE and
 * return the job's buffers with an error so that the next job can run. The
 * IRQ handler only finishes a job when it could cancel this work, so exactly
 * one of the two finishes each job.
 */
static void cedrus_watchdog(struct work_struct *work)
{
	struct cedrus_device *dev = container_of(to_delayed_work(work),
						 struct cedrus_device,
						 watchdog_work);
	struct cedrus_context *ctx;

	ctx = v4l2_m2m_get_curr_priv(dev->m2m_dev);
	if (!ctx)
		return;

	dev_err(dev->dev, "%s job timed out after %u ms, resetting the VE\n",
		ctx->engine->name, CEDRUS_WATCHDOG_TIMEOUT_MS);

	cedrus_engine_irq_disable(ctx);
	cedrus_ve_reset(dev, "watchdog");

	cedrus_context_job_finish(ctx, VB2_BUF_STATE_ERROR);
}

/* Classify, clear, finish; the watchdog owns the job if it already fired. */
static irqreturn_t cedrus_irq(int irq, void *data)
{
	struct cedrus_device *dev = data;
	enum cedrus_irq_status status;
	struct cedrus_context *ctx;

	ctx = v4l2_m2m_get_curr_priv(dev->m2m_dev);
	if (!ctx) {
		dev_err_ratelimited(dev->dev, "interrupt without a job\n");
		return IRQ_NONE;
	}

	status = cedrus_engine_irq_status(ctx);
	if (status == CEDRUS_IRQ_NONE)
		return IRQ_NONE;

	cedrus_engine_irq_disable(ctx);
	cedrus_engine_irq_clear(ctx);

	if (!cancel_delayed_work(&dev->watchdog_work))
		return IRQ_HANDLED;

	cedrus_context_job_finish(ctx, status == CEDRUS_IRQ_SUCCESS ?
				  VB2_BUF_STATE_DONE : VB2_BUF_STATE_ERROR);

	return IRQ_HANDLED;
}

static int cedrus_runtime_resume(struct device *device)
{
	struct cedrus_device *dev = dev_get_drvdata(device);
	int ret;

	ret = clk_prepare_enable(dev->clk_ahb);
	if (ret) {
		dev_err(dev->dev, "failed to enable the bus clock: %d\n", ret);
		return ret;
	}

	ret = clk_prepare_enable(dev->clk_mod);
	if (ret) {
		dev_err(dev->dev, "failed to enable the module clock: %d\n",
			ret);
		goto error_clock_ahb;
	}

	ret = clk_prepare_enable(dev->clk_ram);
	if (ret) {
		dev_err(dev->dev, "failed to enable the RAM clock: %d\n", ret);
		goto error_clock_mod;
	}

	ret = reset_control_reset(dev->rstc);
	if (ret) {
		dev_err(dev->dev, "failed to reset the VE: %d\n", ret);
		goto error_clock_ram;
	}
	dev->ve_owner = NULL;

	return 0;

error_clock_ram:
	clk_disable_unprepare(dev->clk_ram);
error_clock_mod:
	clk_disable_unprepare(dev->clk_mod);
error_clock_ahb:
	clk_disable_unprepare(dev->clk_ahb);

	return ret;
}

static int cedrus_runtime_suspend(struct device *device)
{
	struct cedrus_device *dev = dev_get_drvdata(device);

	reset_control_assert(dev->rstc);
	clk_disable_unprepare(dev->clk_ram);
	clk_disable_unprepare(dev->clk_mod);
	clk_disable_unprepare(dev->clk_ahb);

	return 0;
}

static const struct v4l2_m2m_ops cedrus_m2m_ops = {
	.device_run	= cedrus_context_job_run,
};

static const struct media_device_ops cedrus_media_ops = {
	.req_validate	= cedrus_dec_request_validate,
	.req_queue	= v4l2_m2m_request_queue,
};

static int cedrus_resources_get(struct platform_device *pdev,
				struct cedrus_device *dev)
{
	struct device *device = &pdev->dev;

	dev->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(dev->base))
		return dev_err_probe(device, PTR_ERR(dev->base),
				     "failed to map registers\n");

	dev->clk_ahb = devm_clk_get(device, "ahb");
	if (IS_ERR(dev->clk_ahb))
		return dev_err_probe(device, PTR_ERR(dev->clk_ahb),
				     "failed to get the bus clock\n");

	dev->clk_mod = devm_clk_get(device, "mod");
	if (IS_ERR(dev->clk_mod))
		return dev_err_probe(device, PTR_ERR(dev->clk_mod),
				     "failed to get the module clock\n");

	dev->clk_ram = devm_clk_get(device, "ram");
	if (IS_ERR(dev->clk_ram))
		return dev_err_probe(device, PTR_ERR(dev->clk_ram),
				     "failed to get the RAM clock\n");

	dev->rstc = devm_reset_control_get_exclusive(device, NULL);
	if (IS_ERR(dev->rstc))
		return dev_err_probe(device, PTR_ERR(dev->rstc),
				     "failed to get the reset line\n");

	dev->irq = platform_get_irq(pdev, 0);
	if (dev->irq < 0)
		return dev->irq;

	return 0;
}

/*
 * Where the VE masters DRAM through the MBUS, the bus sees DRAM at address 0
 * while the CPU sees it at PHYS_OFFSET. A device tree that links the VE to
 * the MBUS ("interconnects") gets that offset from of_dma_configure() at
 * every probe. Without that link, sunxi_mbus sets it only once, when the
 * device is added, and the driver core drops it when a driver unbinds: a
 * second probe would hand the VE CPU physical addresses, and the VE would
 * read and write the wrong memory. Put the offset back when it is missing,
 * then refuse to probe unless DRAM translates to bus address 0.
 *
 * The map is freed by the driver core at unbind, as the one sunxi_mbus
 * allocates (dma_direct_set_offset() is not exported to modules).
 */
static int cedrus_dma_offset_setup(struct cedrus_device *dev)
{
	struct device *device = dev->dev;
	struct bus_dma_region *map;

	if (!dev->variant->mbus_dma)
		return 0;

	if (!device->dma_range_map &&
	    !of_property_present(device->of_node, "interconnects")) {
		map = kcalloc(2, sizeof(*map), GFP_KERNEL);
		if (!map)
			return -ENOMEM;

		/* One region and the zeroed terminator. */
		map[0].cpu_start = PHYS_OFFSET;
		map[0].dma_start = 0;
		map[0].size = SZ_4G;
		device->dma_range_map = map;
		dev_dbg(device, "MBUS DMA offset %pa restored\n",
			&map[0].cpu_start);
	}

	if (phys_to_dma(device, PHYS_OFFSET))
		return dev_err_probe(device, -EINVAL,
				     "DRAM is not at bus address 0 for the VE (no MBUS DMA offset)\n");

	return 0;
}

static int cedrus_probe(struct platform_device *pdev)
{
	struct device *device = &pdev->dev;
	struct cedrus_device *dev;
	int ret;

	dev = devm_kzalloc(device, sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;

	dev->dev = device;
	dev->variant = of_device_get_match_data(device);
	if (!dev->variant)
		return -EINVAL;

	platform_set_drvdata(pdev, dev);
	INIT_DELAYED_WORK(&dev->watchdog_work, cedrus_watchdog);
	spin_lock_init(&dev->drain_lock);

	ret = cedrus_resources_get(pdev, dev);
	if (ret)
		return ret;

	/* DO NOT allocate or map any buffer before the offset is right. */
	ret = cedrus_dma_offset_setup(dev);
	if (ret)
		return ret;

	/*
	 * An imported dma-buf is one contiguous segment (dma-contig refuses
	 * any other), however long: say so, or the DMA API takes a 1080p
	 * picture for a segment longer than the device supports (64 KiB).
	 */
	dma_set_max_seg_size(device, UINT_MAX);

	/* Older SoCs reach DRAM only below 256 MiB: a dedicated CMA pool. */
	ret = of_reserved_mem_device_init(device);
	if (ret && ret != -ENODEV)
		return dev_err_probe(device, ret,
				     "failed to set up the reserved memory\n");

	ret = sunxi_sram_claim(device);
	if (ret) {
		dev_err_probe(device, ret, "failed to claim the SRAM\n");
		goto error_reserved_mem;
	}

	ret = clk_set_rate(dev->clk_mod, dev->variant->mod_rate);
	if (ret) {
		dev_err_probe(device, ret, "failed to set the clock rate\n");
		goto error_sram;
	}

	pm_runtime_enable(device);
	if (!pm_runtime_enabled(device)) {
		ret = cedrus_runtime_resume(device);
		if (ret)
			goto error_pm_runtime;
	}

	ret = v4l2_device_register(device, &dev->v4l2_dev);
	if (ret) {
		dev_err_probe(device, ret, "failed to register V4L2 device\n");
		goto error_pm_runtime;
	}

	dev->media_dev.dev = device;
	strscpy(dev->media_dev.model, CEDRUS_NAME,
		sizeof(dev->media_dev.model));
	strscpy(dev->media_dev.bus_info, "platform:" CEDRUS_NAME,
		sizeof(dev->media_dev.bus_info));
	dev->media_dev.ops = &cedrus_media_ops;
	media_device_init(&dev->media_dev);
	dev->v4l2_dev.mdev = &dev->media_dev;

	dev->m2m_dev = v4l2_m2m_init(&cedrus_m2m_ops);
	if (IS_ERR(dev->m2m_dev)) {
		ret = PTR_ERR(dev->m2m_dev);
		dev_err_probe(device, ret, "failed to create mem2mem device\n");
		goto error_media_device;
	}

	/* Only now: the handler looks up the running job in m2m_dev. */
	ret = request_irq(dev->irq, cedrus_irq, 0, dev_name(device), dev);
	if (ret) {
		dev_err_probe(device, ret, "failed to request IRQ %d\n",
			      dev->irq);
		goto error_m2m;
	}

	ret = cedrus_proc_setup(dev, &cedrus_dec_proc_config, &dev->dec);
	if (ret)
		goto error_irq;

	ret = cedrus_proc_setup(dev, &cedrus_enc_proc_config, &dev->enc);
	if (ret)
		goto error_proc_dec;

	ret = media_device_register(&dev->media_dev);
	if (ret) {
		dev_err_probe(device, ret, "failed to register media device\n");
		goto error_proc_enc;
	}

	dev_info(device, "decoder %s, encoder %s\n",
		 dev->dec ? video_device_node_name(&dev->dec->vdev) : "none",
		 dev->enc ? video_device_node_name(&dev->enc->vdev) : "none");

	/* Debugging aid only: a failure is no reason to fail the probe. */
	dev->debugfs = debugfs_create_dir("cedrus-ve", NULL);
	debugfs_create_file("memory", 0600, dev->debugfs, dev,
			    &cedrus_mem_fops);

	return 0;

error_proc_enc:
	cedrus_proc_cleanup(dev->enc);
error_proc_dec:
	cedrus_proc_cleanup(dev->dec);
error_irq:
	free_irq(dev->irq, dev);
error_m2m:
	v4l2_m2m_release(dev->m2m_dev);
error_media_device:
	media_device_cleanup(&dev->media_dev);
	v4l2_device_unregister(&dev->v4l2_dev);
error_pm_runtime:
	if (!pm_runtime_enabled(device))
		cedrus_runtime_suspend(device);
	pm_runtime_disable(device);
error_sram:
	sunxi_sram_release(device);
error_reserved_mem:
	of_reserved_mem_device_release(device);

	return ret;
}

static void cedrus_remove(struct platform_device *pdev)
{
	struct cedrus_device *dev = platform_get_drvdata(pdev);
	struct device *device = &pdev->dev;

	debugfs_remove_recursive(dev->debugfs);
	cancel_delayed_work_sync(&dev->watchdog_work);

	media_device_unregister(&dev->media_dev);
	cedrus_proc_cleanup(dev->enc);
	cedrus_proc_cleanup(dev->dec);
	free_irq(dev->irq, dev);
	v4l2_m2m_release(dev->m2m_dev);
	media_device_cleanup(&dev->media_dev);
	v4l2_device_unregister(&dev->v4l2_dev);

	if (!pm_runtime_enabled(device))
		cedrus_runtime_suspend(device);
	pm_runtime_disable(device);

	sunxi_sram_release(device);
	of_reserved_mem_device_release(device);
}

/*
 * SoC variants. Decode capabilities and clock rates are those the mainline
 * staging driver uses; H.264 encoding is enabled where it has been brought up
 * (V3/V3s/S3 share the V3s VE, IP 0x1681; H3 is IP 0x1680). mbus_dma marks
 * the VEs that sunxi_mbus lists as reaching DRAM through the MBUS.
 */
static const struct cedrus_variant cedrus_variant_sun4i_a10 = {
	.capabilities	= CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC,
	.mod_rate	= 320000000,
	.mbus_dma	= true,
};

static const struct cedrus_variant cedrus_variant_sun5i_a13 = {
	.capabilities	= CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC,
	.mod_rate	= 320000000,
	.mbus_dma	= true,
};

static const struct cedrus_variant cedrus_variant_sun7i_a20 = {
	.capabilities	= CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC,
	.mod_rate	= 320000000,
	.mbus_dma	= true,
};

static const struct cedrus_variant cedrus_variant_sun8i_a33 = {
	.capabilities	= CEDRUS_CAPABILITY_UNTILED |
			  CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC,
	.mod_rate	= 320000000,
	.mbus_dma	= true,
};

static const struct cedrus_variant cedrus_variant_sun8i_h3 = {
	.capabilities	= CEDRUS_CAPABILITY_UNTILED |
			  CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_H265_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC |
			  CEDRUS_CAPABILITY_H264_ENC,
	.mod_rate	= 402000000,
	.mbus_dma	= true,
};

static const struct cedrus_variant cedrus_variant_sun8i_v3s = {
	.capabilities	= CEDRUS_CAPABILITY_UNTILED |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_H264_ENC,
	.mod_rate	= 297000000,
	.mbus_dma	= true,
};

static const struct cedrus_variant cedrus_variant_sun8i_r40 = {
	.capabilities	= CEDRUS_CAPABILITY_UNTILED |
			  CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC,
	.mod_rate	= 297000000,
};

static const struct cedrus_variant cedrus_variant_sun20i_d1 = {
	.capabilities	= CEDRUS_CAPABILITY_UNTILED |
			  CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_H265_DEC,
	.mod_rate	= 432000000,
};

static const struct cedrus_variant cedrus_variant_sun50i_a64 = {
	.capabilities	= CEDRUS_CAPABILITY_UNTILED |
			  CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_H265_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC,
	.mod_rate	= 402000000,
	.mbus_dma	= true,
};

static const struct cedrus_variant cedrus_variant_sun50i_h5 = {
	.capabilities	= CEDRUS_CAPABILITY_UNTILED |
			  CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_H265_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC,
	.mod_rate	= 402000000,
	.mbus_dma	= true,
};

static const struct cedrus_variant cedrus_variant_sun50i_h6 = {
	.capabilities	= CEDRUS_CAPABILITY_UNTILED |
			  CEDRUS_CAPABILITY_MPEG2_DEC |
			  CEDRUS_CAPABILITY_H264_DEC |
			  CEDRUS_CAPABILITY_H265_DEC |
			  CEDRUS_CAPABILITY_H265_10_DEC |
			  CEDRUS_CAPABILITY_VP8_DEC,
	.mod_rate	= 600000000,
};

static const struct of_device_id cedrus_of_match[] = {
	{
		.compatible	= "allwinner,sun4i-a10-video-engine",
		.data		= &cedrus_variant_sun4i_a10,
	},
	{
		.compatible	= "allwinner,sun5i-a13-video-engine",
		.data		= &cedrus_variant_sun5i_a13,
	},
	{
		.compatible	= "allwinner,sun7i-a20-video-engine",
		.data		= &cedrus_variant_sun7i_a20,
	},
	{
		.compatible	= "allwinner,sun8i-a33-video-engine",
		.data		= &cedrus_variant_sun8i_a33,
	},
	{
		.compatible	= "allwinner,sun8i-h3-video-engine",
		.data		= &cedrus_variant_sun8i_h3,
	},
	{
		.compatible	= "allwinner,sun8i-v3s-video-engine",
		.data		= &cedrus_variant_sun8i_v3s,
	},
	{
		.compatible	= "allwinner,sun8i-r40-video-engine",
		.data		= &cedrus_variant_sun8i_r40,
	},
	{
		.compatible	= "allwinner,sun20i-d1-video-engine",
		.data		= &cedrus_variant_sun20i_d1,
	},
	{
		.compatible	= "allwinner,sun50i-a64-video-engine",
		.data		= &cedrus_variant_sun50i_a64,
	},
	{
		.compatible	= "allwinner,sun50i-h5-video-engine",
		.data		= &cedrus_variant_sun50i_h5,
	},
	{
		.compatible	= "allwinner,sun50i-h6-video-engine",
		.data		= &cedrus_variant_sun50i_h6,
	},
	{ /* sentinel */ }
};
MODULE_DEVICE_TABLE(of, cedrus_of_match);

static const struct dev_pm_ops cedrus_pm_ops = {
	SET_RUNTIME_PM_OPS(cedrus_runtime_suspend, cedrus_runtime_resume, NULL)
};

static struct platform_driver cedrus_driver = {
	.probe		= cedrus_probe,
	.remove		= cedrus_remove,
	.driver		= {
		.name			= CEDRUS_NAME,
		.of_match_table		= cedrus_of_match,
		.pm			= &cedrus_pm_ops,
	},
};
module_platform_driver(cedrus_driver);

MODULE_DESCRIPTION("Allwinner Video Engine (cedrus) decoder and H.264 encoder");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);
