// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Register-level model of the Allwinner VE H.264 encoder (lossy, or
 * I_PCM and P_Skip only: ve-core.h). See ve-core.h for the API, FACTS.md
 * for what is assumed about the hardware without having been measured on
 * it.
 *
 * This file is the register interface: reads, writes and the triggers they
 * start. The encode job runs in ve-job.c (its lossy macroblocks in
 * ve-lossy.c, ve-deblock.c, ve-cavlc.c and ve-cabac-mb.c), its bits go
 * through ve-writer.c (and ve-cabac.c); the decoders' triggers and jobs are in ve-dec.c;
 * ve-internal.h is what they share.
 *
 * H.264 clause numbers in the model's files refer to ITU-T H.264; the
 * tables were checked against the reference notes (h264-model-and-qemu.md
 * section 1).
 */
#include "ve-internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void ve_event(struct ve_core *s, enum ve_core_event ev, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!s->hooks || !s->hooks->event)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->hooks->event(s->opaque, ev, msg);
}

/* ------------------------------------------------------------------------
 * Register interface
 */

/* The bit above NUM_BITS: set by a count of 32 or more (13:8 is wrong). */
#define VE_CORE_NUM_BITS_OVERFLOW	VE_BIT(13)

static void ve_core_put_bits(struct ve_core *s, uint32_t trig)
{
	unsigned int n = VE_FIELD_GET(VE_ENC_AVC_STARTTRIG_NUM_BITS, trig);

	if (s->wr.overflow) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "put-bits after the stream buffer filled up");
		REG(s, VE_ENC_AVC_STATUS_REG) |= VE_ENC_AVC_STATUS_STALL;
		return;
	}
	if (!n || (trig & VE_CORE_NUM_BITS_OVERFLOW)) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "put-bits trigger 0x%x: NUM_BITS (12:8) takes 1 to 31 bits",
			 trig);
		return;
	}
	ve_writer_begin(s);
	ve_writer_put(s, REG(s, VE_ENC_AVC_PUTBITSDATA_REG), n);
	ve_writer_flush(s);
	if (s->wr.overflow) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "put-bits past the end of the stream buffer");
		REG(s, VE_ENC_AVC_STATUS_REG) |= VE_ENC_AVC_STATUS_STALL;
	}
}

static enum ve_core_action ve_core_trigger(struct ve_core *s, uint32_t trig)
{
	uint32_t type = trig & VE_ENC_AVC_STARTTRIG_TYPE;
	uint32_t mode = REG(s, VE_MODE_REG);

	if (type == 0)
		return VE_CORE_ACTION_NONE;	/* drivers clear it first */
	if (s->job_pending) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "trigger 0x%x while a job is running", trig);
		return VE_CORE_ACTION_NONE;
	}
	switch (type) {
	case VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS:
		ve_core_put_bits(s, trig);
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STARTTRIG_TYPE_ENC_START:
		if (!(mode & VE_MODE_ENC_ENABLE) &&
		    (mode & VE_MODE_ENGINE) != VE_MODE_ENGINE_AVC_ENC) {
			ve_event(s, VE_CORE_EV_GUEST_ERROR,
				 "encode start with VE_MODE 0x%08x: encoder not selected",
				 mode);
			return VE_CORE_ACTION_NONE;
		}
		if ((trig & VE_ENC_AVC_STARTTRIG_ENCODE_MODE) !=
		    VE_ENC_AVC_STARTTRIG_ENCODE_MODE_H264) {
			ve_event(s, VE_CORE_EV_UNIMP,
				 "encode mode %u (only H.264)",
				 VE_FIELD_GET(VE_ENC_AVC_STARTTRIG_ENCODE_MODE,
					      trig));
			REG(s, VE_ENC_AVC_STATUS_REG) |= VE_ENC_AVC_STATUS_STALL;
			return VE_CORE_ACTION_NONE;
		}
		s->job_pending = true;
		s->job_engine = VE_CORE_ENGINE_ENC;
		return VE_CORE_ACTION_START_JOB;
	default:
		ve_event(s, VE_CORE_EV_UNIMP, "trigger type %u", type);
		return VE_CORE_ACTION_NONE;
	}
}

void ve_core_init(struct ve_core *s, uint32_t version,
		  const struct ve_core_dma_ops *dma,
		  const struct ve_core_hooks *hooks, void *opaque)
{
	memset(s, 0, sizeof(*s));
	s->version = version;
	s->dma = dma;
	s->hooks = hooks;
	s->opaque = opaque;
	ve_core_reset(s);
}

void ve_core_free(struct ve_core *s)
{
	for (unsigned int i = 0; i < VE_CORE_SCRATCH_COUNT; i++) {
		free(s->scratch[i].buf);
		s->scratch[i].buf = NULL;
		s->scratch[i].size = 0;
	}
}

void *ve_core_scratch(struct ve_core *s, enum ve_core_scratch_slot slot,
		      size_t size)
{
	struct ve_core_scratch *sc = &s->scratch[slot];

	if (sc->size < size) {
		/* the old contents need not survive: no realloc copy */
		free(sc->buf);
		sc->buf = malloc(size);
		sc->size = sc->buf ? size : 0;
	}
	return sc->buf;
}

const char *ve_core_engine_name(enum ve_core_engine engine)
{
	switch (engine) {
	case VE_CORE_ENGINE_ENC:
		return "H.264 encode";
	case VE_CORE_ENGINE_DEC_MPEG2:
		return "MPEG-2 decode";
	case VE_CORE_ENGINE_DEC_H264:
		return "H.264 decode";
	case VE_CORE_ENGINE_DEC_VP8:
		return "VP8 decode";
	case VE_CORE_ENGINE_DEC_H265:
		return "H.265 decode";
	default:
		return "no job";
	}
}

bool ve_core_job_hangs(struct ve_core *s)
{
	if (s->fault == VE_CORE_FAULT_HANG ||
	    (s->fault == VE_CORE_FAULT_HANG_ONCE && !s->hang_once_spent)) {
		s->job_hung = true;
		return true;
	}
	return false;
}

/* End the pending job without status; a reset hang-once fault is spent. */
static void ve_core_abort_job(struct ve_core *s)
{
	if (s->job_hung && s->fault == VE_CORE_FAULT_HANG_ONCE)
		s->hang_once_spent = true;
	s->job_hung = false;
	s->job_pending = false;
	s->job_engine = VE_CORE_ENGINE_NONE;
}

/* The abort of a pending job, with the event of its kind. */
static void ve_core_abort_job_by(struct ve_core *s, const char *what)
{
	enum ve_core_engine engine = s->job_engine;

	ve_core_abort_job(s);
	if (ve_dec_is_engine(engine))
		ve_event(s, VE_CORE_EV_DEC_JOB_DONE, "%s: aborted by %s",
			 ve_core_engine_name(engine), what);
	else
		ve_event(s, VE_CORE_EV_JOB_DONE, "aborted by %s", what);
}

void ve_core_reset(struct ve_core *s)
{
	memset(s->regs, 0, sizeof(s->regs));
	memset(&s->wr, 0, sizeof(s->wr));
	s->h265_bit_pos = 0;
	ve_core_abort_job(s);
}

uint32_t ve_core_read(struct ve_core *s, uint32_t offset)
{
	uint32_t idle = s->job_pending ? 0 : ~0u;

	if (offset >= VE_CORE_MMIO_SIZE || offset % 4) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "bad read offset 0x%x",
			 offset);
		return 0;
	}
	switch (offset) {
	case VE_VERSION_REG:
		return s->version;
	case VE_RESET_REG:
		return REG(s, offset) | (idle & (VE_RESET_SYNC_IDLE |
						 VE_RESET_CACHE_SYNC_IDLE));
	case VE_ENC_AVC_STATUS_REG:
		return REG(s, offset) |
		       (idle & VE_ENC_AVC_STATUS_PUT_BITS_READY);
	case VE_ENC_AVC_STM_BIT_LEN_REG:
		return (uint32_t)s->wr.bit_len;
	default:
		return REG(s, offset);
	}
}

enum ve_core_action ve_core_write(struct ve_core *s, uint32_t offset,
				  uint32_t value)
{
	if (offset >= VE_CORE_MMIO_SIZE || offset % 4) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "bad write offset 0x%x",
			 offset);
		return VE_CORE_ACTION_NONE;
	}
	switch (offset) {
	case VE_VERSION_REG:
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "write to VE_VERSION");
		return VE_CORE_ACTION_NONE;
	case VE_MODE_REG:
		/*
		 * The next job's engine selection ends a hung job: it
		 * stands in for the watchdog's CCU reset, which the model
		 * does not see (FACTS.md).
		 */
		if (s->job_hung)
			ve_core_abort_job_by(s, "a VE_MODE write");
		REG(s, offset) = value;
		return VE_CORE_ACTION_NONE;
	case VE_RESET_REG:
		/* the idle bits are read-only */
		value &= ~(VE_RESET_SYNC_IDLE | VE_RESET_CACHE_SYNC_IDLE);
		if ((value & VE_RESET_ENCODER) && s->job_pending)
			/* the only way out of a hung encode */
			ve_core_abort_job_by(s, "encoder reset");
		REG(s, offset) = value;
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STATUS_REG:
		REG(s, offset) &= ~(value & VE_ENC_AVC_STATUS_INT_MASK);
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STM_BIT_LEN_REG:
		if (s->job_pending) {
			ve_event(s, VE_CORE_EV_GUEST_ERROR,
				 "STM_BIT_LEN write while encoding");
			return VE_CORE_ACTION_NONE;
		}
		ve_writer_seek(s, value);
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STM_BIT_OFFSET_REG:
		if (value)
			ve_event(s, VE_CORE_EV_UNIMP,
				 "STM_BIT_OFFSET %u (only 0)", value);
		REG(s, offset) = value;
		return VE_CORE_ACTION_NONE;
	case VE_ENC_AVC_STARTTRIG_REG:
		REG(s, offset) = value;
		return ve_core_trigger(s, value);
	case VE_DEC_MPEG_TRIGGER_REG:
	case VE_DEC_H264_TRIGGER_TYPE_REG:
	case VE_DEC_H265_TRIGGER_REG:
		REG(s, offset) = value;
		return ve_dec_trigger(s, offset, value);
	case VE_DEC_MPEG_STATUS_REG:
	case VE_DEC_H264_STATUS_REG:
	case VE_DEC_H265_STATUS_REG:
		ve_dec_clear_status(s, offset, value);
		return VE_CORE_ACTION_NONE;
	default:
		REG(s, offset) = value;
		return VE_CORE_ACTION_NONE;
	}
}

bool ve_core_irq_level(const struct ve_core *s)
{
	return (REG(s, VE_ENC_AVC_STATUS_REG) & REG(s, VE_ENC_AVC_INT_EN_REG) &
		VE_ENC_AVC_STATUS_INT_MASK) != 0 || ve_dec_irq_level(s);
}
