/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: platform device (clocks, reset, SRAM, IRQ, runtime PM),
 * SoC variants and register accessors.
 */
#ifndef _CEDRUS_H_
#define _CEDRUS_H_

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <media/media-device.h>
#include <media/v4l2-device.h>
#include <media/v4l2-mem2mem.h>

#include "cedrus_engine.h"

#define CEDRUS_NAME			"cedrus"

/* What a SoC's VE can do; engines list the bits they need. */
#define CEDRUS_CAPABILITY_UNTILED	BIT(0)
#define CEDRUS_CAPABILITY_MPEG2_DEC	BIT(1)
#define CEDRUS_CAPABILITY_H264_DEC	BIT(2)
#define CEDRUS_CAPABILITY_H265_DEC	BIT(3)
#define CEDRUS_CAPABILITY_H265_10_DEC	BIT(4)
#define CEDRUS_CAPABILITY_VP8_DEC	BIT(5)
#define CEDRUS_CAPABILITY_H264_ENC	BIT(6)

/* A job that has not raised its IRQ after this long is reset. */
#define CEDRUS_WATCHDOG_TIMEOUT_MS	2000

struct cedrus_proc;
struct dentry;

/*
 * DMA memory the driver allocates, by owner: engine-private buffers
 * (cedrus_dma_buf_alloc()), and the MMAP buffers of OUTPUT and of CAPTURE
 * queues; CEDRUS_MEM_TOTAL sums them. CEDRUS_MEM_IMPORTED counts the
 * dma-bufs attached to the queues, which are the client's memory (a
 * camera's buffers, say), not in the total. Read through debugfs
 * (cedrus-ve/memory).
 */
enum cedrus_mem_owner {
	CEDRUS_MEM_PRIVATE,
	CEDRUS_MEM_OUTPUT,
	CEDRUS_MEM_CAPTURE,
	CEDRUS_MEM_TOTAL,
	CEDRUS_MEM_IMPORTED,
	CEDRUS_MEM_OWNERS,
};

/**
 * struct cedrus_mem_stat - DMA memory of one owner, now and at its peak
 * @bytes:		bytes allocated (whole pages)
 * @bytes_peak:		most @bytes since probe or the last reset
 * @buffers:		buffers allocated
 * @buffers_peak:	most @buffers since probe or the last reset
 */
struct cedrus_mem_stat {
	atomic_long_t	bytes;
	atomic_long_t	bytes_peak;
	atomic_long_t	buffers;
	atomic_long_t	buffers_peak;
};

/**
 * struct cedrus_variant - what differs between SoC generations
 * @capabilities:	CEDRUS_CAPABILITY_* bits
 * @mod_rate:		VE module clock rate in Hz
 * @mbus_dma:		the VE masters DRAM through the MBUS, at bus address
 *			0: its DMA addresses are CPU physical minus
 *			PHYS_OFFSET
 */
struct cedrus_variant {
	unsigned int	capabilities;
	unsigned long	mod_rate;
	bool		mbus_dma;
};

/**
 * struct cedrus_device - one Video Engine
 * @dev:		the platform device's struct device
 * @base:		registers (VE_*_REG offsets from cedrus_regs.h)
 * @variant:		SoC variant (capabilities, clock rate)
 * @clk_ahb:		bus clock
 * @clk_mod:		module clock
 * @clk_ram:		DRAM gate of the VE
 * @rstc:		reset line of the VE
 * @irq:		interrupt line of the VE
 * @v4l2_dev:		V4L2 device shared by both video nodes
 * @media_dev:		the single media device ("cedrus")
 * @m2m_dev:		the single mem2mem scheduler: jobs of every context of
 *			both roles run one at a time on the VE
 * @dec:		decoder processor, NULL when no decode engine fits
 * @enc:		encoder processor, NULL when no encode engine fits
 * @watchdog_work:	resets the VE when a job never raises its IRQ
 * @ve_owner:		processor whose job ran last on the VE since its last
 *			reset, NULL if none (see cedrus_ve_claim())
 * @drain_lock:		makes a job's completion (is its OUTPUT buffer the
 *			drain's last? then return both buffers) atomic with
 *			respect to ENC_CMD_STOP choosing that last buffer
 * @mem:		DMA memory the driver holds, per enum cedrus_mem_owner
 * @debugfs:		the driver's debugfs directory
 */
struct cedrus_device {
	struct device			*dev;
	void __iomem			*base;
	const struct cedrus_variant	*variant;

	struct clk			*clk_ahb;
	struct clk			*clk_mod;
	struct clk			*clk_ram;
	struct reset_control		*rstc;
	int				irq;

	struct v4l2_device		v4l2_dev;
	struct media_device		media_dev;
	struct v4l2_m2m_dev		*m2m_dev;

	struct cedrus_proc		*dec;
	struct cedrus_proc		*enc;

	struct delayed_work		watchdog_work;
	const struct cedrus_proc	*ve_owner;
	spinlock_t			drain_lock; /* see above */

	struct cedrus_mem_stat		mem[CEDRUS_MEM_OWNERS];
	struct dentry			*debugfs;
};

/**
 * struct cedrus_dma_buf - a driver-private buffer only the VE accesses
 * @cookie:	dma_alloc_attrs() handle (no kernel mapping), NULL when not
 *		allocated
 * @addr:	bus address programmed into the VE
 * @size:	size in bytes, as requested
 */
struct cedrus_dma_buf {
	void		*cookie;
	dma_addr_t	addr;
	size_t		size;
};

static inline bool cedrus_is_capable(struct cedrus_device *dev,
				     unsigned int capabilities)
{
	return (dev->variant->capabilities & capabilities) == capabilities;
}

u32 cedrus_read(struct cedrus_device *dev, u32 reg);
void cedrus_write(struct cedrus_device *dev, u32 reg, u32 val);
int cedrus_poll(struct cedrus_device *dev, u32 reg, u32 bits);
int cedrus_poll_cleared(struct cedrus_device *dev, u32 reg, u32 bits);

void cedrus_watchdog_schedule(struct cedrus_device *dev);
void cedrus_ve_claim(struct cedrus_device *dev,
		     const struct cedrus_proc *proc);

int cedrus_dma_buf_alloc(struct cedrus_device *dev, struct cedrus_dma_buf *buf,
			 size_t size);
void cedrus_dma_buf_free(struct cedrus_device *dev, struct cedrus_dma_buf *buf);
void cedrus_mem_account(struct cedrus_device *dev, enum cedrus_mem_owner owner,
			long bytes, long buffers);

#endif /* _CEDRUS_H_ */
