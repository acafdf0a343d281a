// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model: decode jobs. The MPEG-2, H.264, VP8 and H.265 decoders are
 * recognised by the trigger that starts a picture or slice, written as a
 * decoder driver programs them, and the job completes: when the embedder
 * runs it (after its job delay), the engine's status register gets SUCCESS
 * or an error bit and the interrupt follows that engine's enable bits.
 * Nothing is decoded and no pixel is written.
 *
 * The bitstream operations a driver triggers while it prepares a job
 * (INIT_SWDEC, FLUSH_BITS, the VP8 header reads) complete at once. Only
 * H.265's bit reads return bitstream data, because a driver acts on them
 * (it looks for the slice header's alignment bit).
 *
 * What this assumes about the hardware: FACTS.md, "Decode jobs".
 */
#include "ve-internal.h"

#include <stdio.h>

/* Every decoder block keeps its trigger type in bits 3:0; 0 starts nothing. */
#define VE_DEC_TRIGGER_TYPE	VE_GENMASK(3, 0)

/* A decoder block: its registers, and what its status bits mean. */
struct ve_dec_block {
	const char *name;
	uint32_t mode;		/* VE_MODE bits 3:0 that select the block */
	uint32_t ctrl_reg;
	uint32_t trigger_reg;
	uint32_t status_reg;
	uint32_t status_w1c;	/* the interrupt bits of the status */
	/* CTRL bit (N + irq_en_shift) enables status bit N, N in irq_mask */
	unsigned int irq_en_shift;
	uint32_t irq_mask;
	uint32_t success, error, vld_data_req;
	uint32_t overtime;	/* 0: the block has no overtime bit */
	/* the bitstream window */
	uint32_t addr_reg, offset_reg, len_reg, end_reg;
	uint32_t addr_valid;	/* the VALID bit of addr_reg */
	uint64_t (*addr)(uint32_t addr_reg);	/* its bus address */
	/* one register of picture parameters, for the trace */
	uint32_t info_reg;
	const char *info_name;
	/* the job a trigger value starts, or NONE (ve_dec_trigger()) */
	enum ve_core_engine (*trigger)(struct ve_core *s, uint32_t value);
};

/* MPEG and H.264: bits 27:4 of the address in place, 31:28 in bits 3:0. */
static uint64_t ve_dec_vld_addr(uint32_t reg)
{
	return (reg & VE_DEC_H264_VLD_ADDR_LOW) |
	       ((uint64_t)VE_FIELD_GET(VE_DEC_H264_VLD_ADDR_HIGH, reg) << 28);
}

/* H.265: bits 35:8 of the address in bits 27:0. */
static uint64_t ve_dec_h265_addr(uint32_t reg)
{
	return (uint64_t)VE_FIELD_GET(VE_DEC_H265_BITS_ADDR_BASE, reg) << 8;
}

static enum ve_core_engine ve_dec_mpeg_trigger(struct ve_core *s,
					       uint32_t value)
{
	uint32_t type = value & VE_DEC_MPEG_TRIGGER_TYPE;

	if (type != VE_DEC_MPEG_TRIGGER_TYPE_HW_MPEG_VLD) {
		ve_event(s, VE_CORE_EV_UNIMP, "MPEG decoder trigger type %u",
			 type);
		return VE_CORE_ENGINE_NONE;
	}
	if ((value & VE_DEC_MPEG_TRIGGER_FORMAT) !=
	    VE_DEC_MPEG_TRIGGER_FORMAT_MPEG2) {
		ve_event(s, VE_CORE_EV_UNIMP,
			 "MPEG decoder format %u (only 2, MPEG-2)",
			 VE_FIELD_GET(VE_DEC_MPEG_TRIGGER_FORMAT, value));
		return VE_CORE_ENGINE_NONE;
	}
	return VE_CORE_ENGINE_DEC_MPEG2;
}

/* H.264 and VP8 share the block; CTRL.VP8 says which one decodes. */
static enum ve_core_engine ve_dec_h264_trigger(struct ve_core *s,
					       uint32_t value)
{
	uint32_t type = value & VE_DEC_H264_TRIGGER_TYPE;
	bool vp8 = REG(s, VE_DEC_H264_CTRL_REG) & VE_DEC_H264_CTRL_VP8;

	switch (type) {
	case VE_DEC_H264_TRIGGER_TYPE_FLUSH_BITS:
	case VE_DEC_H264_TRIGGER_TYPE_INIT_SWDEC:
	case VE_DEC_H264_TRIGGER_TYPE_VP8_UPDATE_COEF:
	case VE_DEC_H264_TRIGGER_TYPE_VP8_GET_BITS:
		/* done at once; BASIC_BITS keeps reading what it holds */
		return VE_CORE_ENGINE_NONE;
	case VE_DEC_H264_TRIGGER_TYPE_AVC_SLICE_DECODE:
		if (vp8) {
			ve_event(s, VE_CORE_EV_GUEST_ERROR,
				 "H.264 slice decode with VE_DEC_H264_CTRL_VP8 set");
			return VE_CORE_ENGINE_NONE;
		}
		return VE_CORE_ENGINE_DEC_H264;
	case VE_DEC_H264_TRIGGER_TYPE_VP8_SLICE_DECODE:
		if (!vp8) {
			ve_event(s, VE_CORE_EV_GUEST_ERROR,
				 "VP8 slice decode without VE_DEC_H264_CTRL_VP8");
			return VE_CORE_ENGINE_NONE;
		}
		return VE_CORE_ENGINE_DEC_VP8;
	default:
		ve_event(s, VE_CORE_EV_UNIMP, "H.264 decoder trigger type %u",
			 type);
		return VE_CORE_ENGINE_NONE;
	}
}

/*
 * SHOW_BITS (advance false) or GET_BITS: the n bits at the read position,
 * MSB first, right-aligned in BITS_READ.
 */
static void ve_dec_h265_read_bits(struct ve_core *s, unsigned int n,
				  bool advance)
{
	uint64_t base = ve_dec_h265_addr(REG(s, VE_DEC_H265_BITS_ADDR_REG));
	uint32_t pos = s->h265_bit_pos;
	unsigned int skip = pos % 8, len = (skip + n + 7) / 8;
	uint64_t bits = 0;
	uint8_t bytes[5];

	if (!n || n > 32) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "H.265 bit read of %u bits (1 to 32)", n);
		return;
	}
	if (!s->dma || s->dma->read(s->opaque, base + pos / 8, bytes, len)) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "H.265 bit read at bus 0x%llx: bus error",
			 (unsigned long long)(base + pos / 8));
		REG(s, VE_DEC_H265_BITS_READ_REG) = 0;
		return;
	}
	for (unsigned int i = 0; i < len; i++)
		bits = bits << 8 | bytes[i];
	bits >>= len * 8 - skip - n;
	REG(s, VE_DEC_H265_BITS_READ_REG) =
		(uint32_t)(bits & (VE_GENMASK(n - 1, 0)));
	if (advance)
		s->h265_bit_pos += n;
}

/*
 * The read position counts bits from the BITS_ADDR base: INIT_SWDEC sets
 * it to BITS_OFFSET, FLUSH_BITS and GET_BITS advance it by N_BITS.
 */
static enum ve_core_engine ve_dec_h265_trigger(struct ve_core *s,
					       uint32_t value)
{
	uint32_t type = value & VE_DEC_H265_TRIGGER_TYPE;
	unsigned int n = VE_FIELD_GET(VE_DEC_H265_TRIGGER_N_BITS, value);

	switch (type) {
	case VE_DEC_H265_TRIGGER_TYPE_INIT_SWDEC:
		s->h265_bit_pos = REG(s, VE_DEC_H265_BITS_OFFSET_REG);
		return VE_CORE_ENGINE_NONE;
	case VE_DEC_H265_TRIGGER_TYPE_FLUSH_BITS:
		s->h265_bit_pos += n;
		return VE_CORE_ENGINE_NONE;
	case VE_DEC_H265_TRIGGER_TYPE_SHOW_BITS:
		ve_dec_h265_read_bits(s, n, false);
		return VE_CORE_ENGINE_NONE;
	case VE_DEC_H265_TRIGGER_TYPE_GET_BITS:
		ve_dec_h265_read_bits(s, n, true);
		return VE_CORE_ENGINE_NONE;
	case VE_DEC_H265_TRIGGER_TYPE_DEC_SLICE:
		return VE_CORE_ENGINE_DEC_H265;
	default:
		ve_event(s, VE_CORE_EV_UNIMP, "H.265 decoder trigger type %u",
			 type);
		return VE_CORE_ENGINE_NONE;
	}
}

static const struct ve_dec_block ve_dec_mpeg = {
	.name		= "MPEG",
	.mode		= VE_MODE_DEC_MPEG,
	.ctrl_reg	= VE_DEC_MPEG_CTRL_REG,
	.trigger_reg	= VE_DEC_MPEG_TRIGGER_REG,
	.status_reg	= VE_DEC_MPEG_STATUS_REG,
	.status_w1c	= VE_DEC_MPEG_STATUS_INT_MASK,
	.irq_en_shift	= 3,
	.irq_mask	= VE_GENMASK(2, 0),
	.success	= VE_DEC_MPEG_STATUS_SUCCESS,
	.error		= VE_DEC_MPEG_STATUS_ERROR,
	.vld_data_req	= VE_DEC_MPEG_STATUS_VLD_DATA_REQ,
	.addr_reg	= VE_DEC_MPEG_VLD_ADDR_REG,
	.offset_reg	= VE_DEC_MPEG_VLD_OFFSET_REG,
	.len_reg	= VE_DEC_MPEG_VLD_LEN_REG,
	.end_reg	= VE_DEC_MPEG_VLD_END_ADDR_REG,
	.addr_valid	= VE_DEC_MPEG_VLD_ADDR_VALID,
	.addr		= ve_dec_vld_addr,
	.info_reg	= VE_DEC_MPEG_PICCODEDSIZE_REG,
	.info_name	= "coded size",
	.trigger	= ve_dec_mpeg_trigger,
};

static const struct ve_dec_block ve_dec_h264 = {
	.name		= "H.264",
	.mode		= VE_MODE_DEC_H264,
	.ctrl_reg	= VE_DEC_H264_CTRL_REG,
	.trigger_reg	= VE_DEC_H264_TRIGGER_TYPE_REG,
	.status_reg	= VE_DEC_H264_STATUS_REG,
	.status_w1c	= VE_DEC_H264_STATUS_INT_MASK,
	.irq_en_shift	= 0,
	.irq_mask	= VE_DEC_H264_CTRL_INT_MASK,
	.success	= VE_DEC_H264_STATUS_SLICE_DECODE_INT,
	.error		= VE_DEC_H264_STATUS_DECODE_ERR_INT,
	.vld_data_req	= VE_DEC_H264_STATUS_VLD_DATA_REQ_INT,
	.addr_reg	= VE_DEC_H264_VLD_ADDR_REG,
	.offset_reg	= VE_DEC_H264_VLD_OFFSET_REG,
	.len_reg	= VE_DEC_H264_VLD_LEN_REG,
	.end_reg	= VE_DEC_H264_VLD_END_REG,
	.addr_valid	= VE_DEC_H264_VLD_ADDR_VALID,
	.addr		= ve_dec_vld_addr,
	.info_reg	= VE_DEC_H264_SHS_REG,
	.info_name	= "slice header",
	.trigger	= ve_dec_h264_trigger,
};

/*
 * VP8 runs on the H.264 block (same registers, status and interrupt);
 * only the picture register the trace shows differs: the frame size.
 */
static const struct ve_dec_block ve_dec_vp8 = {
	.name		= "VP8",
	.mode		= VE_MODE_DEC_VP8,
	.ctrl_reg	= VE_DEC_H264_CTRL_REG,
	.trigger_reg	= VE_DEC_H264_TRIGGER_TYPE_REG,
	.status_reg	= VE_DEC_H264_STATUS_REG,
	.status_w1c	= VE_DEC_H264_STATUS_INT_MASK,
	.irq_en_shift	= 0,
	.irq_mask	= VE_DEC_H264_CTRL_INT_MASK,
	.success	= VE_DEC_H264_STATUS_SLICE_DECODE_INT,
	.error		= VE_DEC_H264_STATUS_DECODE_ERR_INT,
	.vld_data_req	= VE_DEC_H264_STATUS_VLD_DATA_REQ_INT,
	.addr_reg	= VE_DEC_H264_VLD_ADDR_REG,
	.offset_reg	= VE_DEC_H264_VLD_OFFSET_REG,
	.len_reg	= VE_DEC_H264_VLD_LEN_REG,
	.end_reg	= VE_DEC_H264_VLD_END_REG,
	.addr_valid	= VE_DEC_H264_VLD_ADDR_VALID,
	.addr		= ve_dec_vld_addr,
	.info_reg	= VE_DEC_VP8_PICSIZE_REG,
	.info_name	= "frame size",
	.trigger	= ve_dec_h264_trigger,
};

static const struct ve_dec_block ve_dec_h265 = {
	.name		= "H.265",
	.mode		= VE_MODE_DEC_H265,
	.ctrl_reg	= VE_DEC_H265_CTRL_REG,
	.trigger_reg	= VE_DEC_H265_TRIGGER_REG,
	.status_reg	= VE_DEC_H265_STATUS_REG,
	.status_w1c	= VE_DEC_H265_STATUS_W1C_MASK,
	.irq_en_shift	= 0,
	.irq_mask	= VE_DEC_H265_CTRL_IRQ_MASK,
	.success	= VE_DEC_H265_STATUS_SUCCESS,
	.error		= VE_DEC_H265_STATUS_ERROR,
	.vld_data_req	= VE_DEC_H265_STATUS_VLD_DATA_REQ,
	.overtime	= VE_DEC_H265_STATUS_OVER_TIME,
	.addr_reg	= VE_DEC_H265_BITS_ADDR_REG,
	.offset_reg	= VE_DEC_H265_BITS_OFFSET_REG,
	.len_reg	= VE_DEC_H265_BITS_LEN_REG,
	.end_reg	= VE_DEC_H265_BITS_END_ADDR_REG,
	.addr_valid	= VE_DEC_H265_BITS_ADDR_VALID,
	.addr		= ve_dec_h265_addr,
	.info_reg	= VE_DEC_H265_PIC_SIZE_REG,
	.info_name	= "picture size",
	.trigger	= ve_dec_h265_trigger,
};

/* Each block once (VP8 is the H.264 block): triggers, status, IRQ. */
static const struct ve_dec_block *const ve_dec_blocks[] = {
	&ve_dec_mpeg, &ve_dec_h264, &ve_dec_h265,
};

#define VE_DEC_BLOCKS	(sizeof(ve_dec_blocks) / sizeof(ve_dec_blocks[0]))

bool ve_dec_is_engine(enum ve_core_engine engine)
{
	switch (engine) {
	case VE_CORE_ENGINE_DEC_MPEG2:
	case VE_CORE_ENGINE_DEC_H264:
	case VE_CORE_ENGINE_DEC_VP8:
	case VE_CORE_ENGINE_DEC_H265:
		return true;
	default:
		return false;
	}
}

static const struct ve_dec_block *ve_dec_block_of(enum ve_core_engine engine)
{
	switch (engine) {
	case VE_CORE_ENGINE_DEC_MPEG2:
		return &ve_dec_mpeg;
	case VE_CORE_ENGINE_DEC_H264:
		return &ve_dec_h264;
	case VE_CORE_ENGINE_DEC_VP8:
		return &ve_dec_vp8;
	case VE_CORE_ENGINE_DEC_H265:
		return &ve_dec_h265;
	default:
		return NULL;
	}
}

enum ve_core_action ve_dec_trigger(struct ve_core *s, uint32_t offset,
				   uint32_t value)
{
	const struct ve_dec_block *b = NULL;
	uint32_t mode = REG(s, VE_MODE_REG);
	enum ve_core_engine engine;

	for (size_t i = 0; i < VE_DEC_BLOCKS; i++)
		if (ve_dec_blocks[i]->trigger_reg == offset)
			b = ve_dec_blocks[i];
	if (!b || !(value & VE_DEC_TRIGGER_TYPE))
		return VE_CORE_ACTION_NONE;	/* drivers may clear it first */
	if (s->job_pending) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "%s decoder trigger 0x%x while a job is running",
			 b->name, value);
		return VE_CORE_ACTION_NONE;
	}
	if ((mode & VE_MODE_ENC_ENABLE) || (mode & VE_MODE_ENGINE) != b->mode) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "%s decoder trigger 0x%x with VE_MODE 0x%08x: decoder not selected",
			 b->name, value, mode);
		return VE_CORE_ACTION_NONE;
	}
	engine = b->trigger(s, value);
	if (engine == VE_CORE_ENGINE_NONE)
		return VE_CORE_ACTION_NONE;
	s->job_pending = true;
	s->job_engine = engine;
	return VE_CORE_ACTION_START_DEC_JOB;
}

void ve_dec_clear_status(struct ve_core *s, uint32_t offset, uint32_t value)
{
	for (size_t i = 0; i < VE_DEC_BLOCKS; i++)
		if (ve_dec_blocks[i]->status_reg == offset)
			REG(s, offset) &= ~(value &
					    ve_dec_blocks[i]->status_w1c);
}

/*
 * The first and the last byte of the bitstream window must be readable:
 * [addr + offset / 8, addr + len / 8), len counted from addr.
 */
static bool ve_dec_bitstream_readable(struct ve_core *s, uint64_t addr,
				      uint32_t offset, uint32_t len)
{
	uint8_t byte;

	return s->dma &&
	       !s->dma->read(s->opaque, addr + offset / 8, &byte, 1) &&
	       !s->dma->read(s->opaque, addr + (len - 1) / 8, &byte, 1);
}

void ve_dec_run_job(struct ve_core *s)
{
	enum ve_core_engine engine = s->job_engine;
	const struct ve_dec_block *b = ve_dec_block_of(engine);
	uint32_t addr_reg, offset, len, status;
	const char *result;
	uint64_t addr;

	if (!b)
		return;
	addr_reg = REG(s, b->addr_reg);
	addr = b->addr(addr_reg);
	offset = REG(s, b->offset_reg);
	len = REG(s, b->len_reg);
	ve_event(s, VE_CORE_EV_DEC_JOB,
		 "%s: VE_MODE 0x%08x, ctrl 0x%08x, %s 0x%08x, bitstream 0x%llx%s offset %u len %u bits end 0x%08x",
		 ve_core_engine_name(engine), REG(s, VE_MODE_REG),
		 REG(s, b->ctrl_reg), b->info_name, REG(s, b->info_reg),
		 (unsigned long long)addr,
		 addr_reg & b->addr_valid ? "" : " (not valid)", offset, len,
		 REG(s, b->end_reg));
	if (ve_core_job_hangs(s))
		return;	/* no status: only an abort ends it */

	if (s->fault == VE_CORE_FAULT_ERROR) {
		status = b->error;
		result = "error (injected fault)";
	} else if (!(addr_reg & b->addr_valid) || !len || offset >= len) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "%s decode without a bitstream: address 0x%08x, offset %u, len %u bits",
			 ve_core_engine_name(engine), addr_reg, offset, len);
		status = b->vld_data_req;
		result = "VLD data request (no bitstream)";
	} else if (!ve_dec_bitstream_readable(s, addr, offset, len)) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "%s decode: bitstream 0x%llx + %u bits outside memory",
			 ve_core_engine_name(engine), (unsigned long long)addr,
			 len);
		status = b->error;
		result = "error (bus error)";
	} else if (s->fault == VE_CORE_FAULT_FINISH_OVERTIME && b->overtime) {
		status = b->success | b->overtime;
		result = "finished, overtime";
	} else {
		status = b->success;
		result = "finished";
	}
	REG(s, b->status_reg) |= status;
	s->job_pending = false;
	s->job_engine = VE_CORE_ENGINE_NONE;
	ve_event(s, VE_CORE_EV_DEC_JOB_DONE, "%s: %s",
		 ve_core_engine_name(engine), result);
}

bool ve_dec_irq_level(const struct ve_core *s)
{
	for (size_t i = 0; i < VE_DEC_BLOCKS; i++) {
		const struct ve_dec_block *b = ve_dec_blocks[i];
		uint32_t enabled = (REG(s, b->ctrl_reg) >> b->irq_en_shift) &
				   b->irq_mask;

		if (REG(s, b->status_reg) & enabled)
			return true;
	}
	return false;
}
