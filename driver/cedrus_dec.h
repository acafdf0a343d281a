/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: decoder role (stateless, request API). Picture
 * (CAPTURE) format rules, the decoder engine select (the role's
 * job_configure) and request validation.
 */
#ifndef _CEDRUS_DEC_H_
#define _CEDRUS_DEC_H_

#include <linux/types.h>

#include "cedrus_engine.h"
#include "cedrus_proc.h"

struct cedrus_context;
struct cedrus_device;
struct media_request;

/**
 * struct cedrus_dec_block - registers and bits of a decode block
 * @status_reg:		status register offset
 * @status_error:	status bits that end a job in error (running out of
 *			bitstream included: a truncated slice or picture)
 * @status_success:	status bit of a job decoded to the end
 * @status_clear:	bits written to @status_reg to acknowledge the job
 * @ctrl_reg:		control register offset
 * @ctrl_irq:		interrupt enable bits in @ctrl_reg
 * @status_busy:	status bit set while the bitstream reader works
 * @trigger_reg:	trigger register offset
 * @trigger_flush_bits:	@trigger_reg value that skips bits of the bitstream
 *			(how many goes in bits 13:8, N_BITS, on every block)
 * @sram_offset_reg:	register that sets the SRAM offset to write at
 * @sram_data_reg:	register of the SRAM data words
 *
 * An engine points its cedrus_engine.dec_block at one of these and its
 * irq_status, irq_clear and irq_disable ops at the cedrus_dec_irq_*
 * functions below. Engines sharing a block (VP8 on the H.264 one) share it.
 * The bitstream and SRAM fields are only set for blocks whose engines use
 * cedrus_dec_flush_bits() and cedrus_dec_sram_write*() (H.264, H.265).
 */
struct cedrus_dec_block {
	u32	status_reg;
	u32	status_error;
	u32	status_success;
	u32	status_clear;
	u32	ctrl_reg;
	u32	ctrl_irq;
	u32	status_busy;
	u32	trigger_reg;
	u32	trigger_flush_bits;
	u32	sram_offset_reg;
	u32	sram_data_reg;
};

/* The decode blocks: H.264 (also VP8), H.265, MPEG. */
extern const struct cedrus_dec_block cedrus_dec_block_h264;
extern const struct cedrus_dec_block cedrus_dec_block_h265;
extern const struct cedrus_dec_block cedrus_dec_block_mpeg;

extern const struct cedrus_proc_config cedrus_dec_proc_config;

int cedrus_dec_request_validate(struct media_request *req);

enum cedrus_irq_status cedrus_dec_irq_status(struct cedrus_context *ctx);
void cedrus_dec_irq_clear(struct cedrus_context *ctx);
void cedrus_dec_irq_disable(struct cedrus_context *ctx);
void cedrus_dec_irq_enable(struct cedrus_context *ctx);

int cedrus_dec_flush_bits(struct cedrus_device *dev,
			  const struct cedrus_dec_block *blk,
			  unsigned int bits);
void cedrus_dec_sram_write(struct cedrus_device *dev,
			   const struct cedrus_dec_block *blk, u32 offset,
			   const u32 *words, unsigned int count);
void cedrus_dec_sram_write_bytes(struct cedrus_device *dev,
				 const struct cedrus_dec_block *blk,
				 u32 offset, const u8 *bytes,
				 unsigned int count);

#endif /* _CEDRUS_DEC_H_ */
