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
 *
 * An engine points its cedrus_engine.dec_block at one of these and its
 * irq_status, irq_clear and irq_disable ops at the cedrus_dec_irq_*
 * functions below. Engines sharing a block (VP8 on the H.264 one) share it.
 */
struct cedrus_dec_block {
	u32	status_reg;
	u32	status_error;
	u32	status_success;
	u32	status_clear;
	u32	ctrl_reg;
	u32	ctrl_irq;
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

#endif /* _CEDRUS_DEC_H_ */
