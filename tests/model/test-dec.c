// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Decode jobs (ve-dec.c): each decoder's trigger, programmed as mainline
 * cedrus programs it, completes with its success status and interrupt and
 * writes nothing; the interrupt enables, the W1C status, the engine
 * selection, the bitstream window, the faults, and H.265's bit reads.
 */
#include <string.h>

#include "harness.h"
#include "test-driver.h"

#define MEM_SIZE	0x10000
#define GUARD_BYTE	0x5a
/* The bitstream: 256-byte aligned (H.265's BITS_ADDR unit), 64 bytes. */
#define BS_ADDR		0x1000u
#define BS_BYTES	64u

/* One decoder as a driver sees it: registers and the values it writes. */
struct dec {
	const char *name;
	uint32_t mode;		/* VE_MODE engine field */
	uint32_t ctrl_reg;
	uint32_t ctrl;		/* interrupts on, as the driver sets them */
	uint32_t trigger_reg;
	uint32_t trigger;	/* the picture/slice decode trigger */
	uint32_t status_reg;
	uint32_t status_int;	/* the interrupt bits of the status */
	uint32_t success, error, vld_data_req;
	uint32_t addr_reg, offset_reg, len_reg;
	uint32_t (*addr)(uint32_t bus, bool valid);
};

/* MPEG and H.264: bits 27:4 in place, 31:28 in 3:0, first/last/valid. */
static uint32_t vld_addr(uint32_t bus, bool valid)
{
	return (bus & VE_DEC_H264_VLD_ADDR_LOW) | (bus >> 28) |
	       (valid ? VE_DEC_H264_VLD_ADDR_VALID | VE_BIT(29) | VE_BIT(30) :
		0);
}

static uint32_t h265_addr(uint32_t bus, bool valid)
{
	return VE_FIELD_PREP(VE_DEC_H265_BITS_ADDR_BASE, bus >> 8) |
	       (valid ? VE_DEC_H265_BITS_ADDR_VALID | VE_BIT(29) | VE_BIT(30) :
		0);
}

static const struct dec dec_mpeg2 = {
	.name = "MPEG-2",
	.mode = VE_MODE_DEC_MPEG,
	.ctrl_reg = VE_DEC_MPEG_CTRL_REG,
	.ctrl = VE_DEC_MPEG_CTRL_IRQ_MASK,
	.trigger_reg = VE_DEC_MPEG_TRIGGER_REG,
	.trigger = VE_DEC_MPEG_TRIGGER_TYPE_HW_MPEG_VLD |
		   VE_DEC_MPEG_TRIGGER_FORMAT_MPEG2 |
		   VE_DEC_MPEG_TRIGGER_MB_BOUNDARY,
	.status_reg = VE_DEC_MPEG_STATUS_REG,
	.status_int = VE_DEC_MPEG_STATUS_INT_MASK,
	.success = VE_DEC_MPEG_STATUS_SUCCESS,
	.error = VE_DEC_MPEG_STATUS_ERROR,
	.vld_data_req = VE_DEC_MPEG_STATUS_VLD_DATA_REQ,
	.addr_reg = VE_DEC_MPEG_VLD_ADDR_REG,
	.offset_reg = VE_DEC_MPEG_VLD_OFFSET_REG,
	.len_reg = VE_DEC_MPEG_VLD_LEN_REG,
	.addr = vld_addr,
};

static const struct dec dec_h264 = {
	.name = "H.264",
	.mode = VE_MODE_DEC_H264,
	.ctrl_reg = VE_DEC_H264_CTRL_REG,
	.ctrl = VE_DEC_H264_CTRL_INT_MASK,
	.trigger_reg = VE_DEC_H264_TRIGGER_TYPE_REG,
	.trigger = VE_DEC_H264_TRIGGER_TYPE_AVC_SLICE_DECODE,
	.status_reg = VE_DEC_H264_STATUS_REG,
	.status_int = VE_DEC_H264_STATUS_INT_MASK,
	.success = VE_DEC_H264_STATUS_SLICE_DECODE_INT,
	.error = VE_DEC_H264_STATUS_DECODE_ERR_INT,
	.vld_data_req = VE_DEC_H264_STATUS_VLD_DATA_REQ_INT,
	.addr_reg = VE_DEC_H264_VLD_ADDR_REG,
	.offset_reg = VE_DEC_H264_VLD_OFFSET_REG,
	.len_reg = VE_DEC_H264_VLD_LEN_REG,
	.addr = vld_addr,
};

/* mainline enables no VLD_DATA_REQ interrupt for VP8 */
static const struct dec dec_vp8 = {
	.name = "VP8",
	.mode = VE_MODE_DEC_VP8,
	.ctrl_reg = VE_DEC_H264_CTRL_REG,
	.ctrl = VE_DEC_H264_CTRL_VP8 | VE_DEC_H264_CTRL_DECODE_ERR_INT |
		VE_DEC_H264_CTRL_SLICE_DECODE_INT,
	.trigger_reg = VE_DEC_H264_TRIGGER_TYPE_REG,
	.trigger = VE_DEC_H264_TRIGGER_TYPE_VP8_SLICE_DECODE,
	.status_reg = VE_DEC_H264_STATUS_REG,
	.status_int = VE_DEC_H264_STATUS_INT_MASK,
	.success = VE_DEC_H264_STATUS_SLICE_DECODE_INT,
	.error = VE_DEC_H264_STATUS_DECODE_ERR_INT,
	.vld_data_req = VE_DEC_H264_STATUS_VLD_DATA_REQ_INT,
	.addr_reg = VE_DEC_H264_VLD_ADDR_REG,
	.offset_reg = VE_DEC_H264_VLD_OFFSET_REG,
	.len_reg = VE_DEC_H264_VLD_LEN_REG,
	.addr = vld_addr,
};

static const struct dec dec_h265 = {
	.name = "H.265",
	.mode = VE_MODE_DEC_H265,
	.ctrl_reg = VE_DEC_H265_CTRL_REG,
	.ctrl = VE_DEC_H265_CTRL_IRQ_MASK,
	.trigger_reg = VE_DEC_H265_TRIGGER_REG,
	.trigger = VE_DEC_H265_TRIGGER_TYPE_DEC_SLICE,
	.status_reg = VE_DEC_H265_STATUS_REG,
	.status_int = VE_DEC_H265_STATUS_W1C_MASK,
	.success = VE_DEC_H265_STATUS_SUCCESS,
	.error = VE_DEC_H265_STATUS_ERROR,
	.vld_data_req = VE_DEC_H265_STATUS_VLD_DATA_REQ,
	.addr_reg = VE_DEC_H265_BITS_ADDR_REG,
	.offset_reg = VE_DEC_H265_BITS_OFFSET_REG,
	.len_reg = VE_DEC_H265_BITS_LEN_REG,
	.addr = h265_addr,
};

static const struct dec *const decs[] = {
	&dec_mpeg2, &dec_h264, &dec_vp8, &dec_h265,
};

#define N_DECS	(sizeof(decs) / sizeof(decs[0]))

/* Memory of guard bytes; the encoder selection of tenv_init() undone. */
static void dec_env(struct tenv *t, enum ve_core_fault fault)
{
	tenv_init(t, MEM_SIZE);
	memset(t->mem, GUARD_BYTE, MEM_SIZE);
	t->core.fault = fault;
	wr(t, VE_MODE_REG, VE_MODE_DEC_DISABLED);
}

static void check_guard(struct tenv *t)
{
	for (size_t i = 0; i < MEM_SIZE; i++)
		if (t->mem[i] != GUARD_BYTE)
			FAIL("byte at 0x%zx written by a decode job", i);
}

/*
 * What a driver programs before the trigger: the engine in VE_MODE (with
 * mainline's DDR and write mode bits), the bitstream window and the
 * interrupt enables; then the status cleared.
 */
static void dec_program(struct tenv *t, const struct dec *d, uint32_t addr,
			bool valid, uint32_t offset, uint32_t len)
{
	wr(t, VE_MODE_REG, VE_BIT(20) | VE_FIELD_PREP(VE_GENMASK(17, 16), 3) |
	   d->mode);
	wr(t, d->len_reg, len);
	wr(t, d->offset_reg, offset);
	wr(t, d->addr_reg, d->addr(addr, valid));
	wr(t, d->status_reg, d->status_int);
	wr(t, d->ctrl_reg, d->ctrl);
}

/* The trigger; returns whether it started a job. */
static bool dec_trigger(struct tenv *t, const struct dec *d)
{
	enum ve_core_action a = ve_core_write(&t->core, d->trigger_reg,
					      d->trigger);

	CHECK(a == VE_CORE_ACTION_NONE || a == VE_CORE_ACTION_START_DEC_JOB);
	return a == VE_CORE_ACTION_START_DEC_JOB;
}

/* A valid job of d up to its trigger, which must start it. */
static void dec_start(struct tenv *t, const struct dec *d)
{
	dec_program(t, d, BS_ADDR, true, 0, BS_BYTES * 8);
	CHECK(dec_trigger(t, d));
	CHECK(t->core.job_pending);
	/* nothing before the embedder runs the job */
	CHECK_EQ(rd(t, d->status_reg), 0);
	CHECK(!ve_core_irq_level(&t->core));
	CHECK_EQ(rd(t, VE_RESET_REG) & RESET_IDLE_BITS, 0);
}

/* How a driver ends a job: clear its status bits; the line drops. */
static void dec_clear(struct tenv *t, const struct dec *d)
{
	wr(t, d->status_reg, rd(t, d->status_reg));
	CHECK_EQ(rd(t, d->status_reg), 0);
	CHECK(!ve_core_irq_level(&t->core));
}

/* Every decoder: SUCCESS and the interrupt, then idle; no byte written. */
static void test_dec_completes(void)
{
	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];
		struct tenv t;

		dec_env(&t, VE_CORE_FAULT_NONE);
		dec_start(&t, d);
		ve_core_run_job(&t.core);
		if (rd(&t, d->status_reg) != d->success)
			FAIL("%s: status 0x%x, want 0x%x", d->name,
			     rd(&t, d->status_reg), d->success);
		CHECK(ve_core_irq_level(&t.core));
		CHECK(!t.core.job_pending);
		CHECK_EQ(t.core.job_engine, VE_CORE_ENGINE_NONE);
		CHECK_EQ(rd(&t, VE_RESET_REG) & RESET_IDLE_BITS,
			 RESET_IDLE_BITS);
		CHECK_EQ(t.events[VE_CORE_EV_DEC_JOB], 1);
		CHECK_EQ(t.events[VE_CORE_EV_DEC_JOB_DONE], 1);
		CHECK_EQ(t.events[VE_CORE_EV_JOB], 0);
		CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
		CHECK_EQ(t.events[VE_CORE_EV_UNIMP], 0);
		/* the encoder's status is not the decoder's */
		CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) &
			 VE_ENC_AVC_STATUS_INT_MASK, 0);
		/* a second run does nothing */
		ve_core_run_job(&t.core);
		CHECK_EQ(t.events[VE_CORE_EV_DEC_JOB_DONE], 1);
		dec_clear(&t, d);
		/* and the next job runs the same way */
		dec_start(&t, d);
		ve_core_run_job(&t.core);
		CHECK_EQ(rd(&t, d->status_reg), d->success);
		check_guard(&t);
		tenv_free(&t);
	}
}

/*
 * The bitstream operations a driver runs while it prepares a job
 * complete at once: no job, no status, VLD_BUSY reads 0.
 */
static void test_dec_bitstream_ops(void)
{
	static const uint32_t h264_ops[] = {
		VE_DEC_H264_TRIGGER_TYPE_INIT_SWDEC,
		VE_DEC_H264_TRIGGER_TYPE_FLUSH_BITS |
			VE_FIELD_PREP(VE_DEC_H264_TRIGGER_TYPE_N_BITS, 32),
	};
	static const uint32_t vp8_ops[] = {
		VE_DEC_H264_TRIGGER_TYPE_INIT_SWDEC,
		/* 1 bit at probability 128: mainline's header reads */
		VE_DEC_H264_TRIGGER_TYPE_VP8_GET_BITS | VE_BIT(31),
		VE_DEC_H264_TRIGGER_TYPE_VP8_UPDATE_COEF,
	};
	struct tenv t;

	dec_env(&t, VE_CORE_FAULT_NONE);
	dec_program(&t, &dec_h264, BS_ADDR, true, 0, BS_BYTES * 8);
	for (size_t i = 0; i < sizeof(h264_ops) / sizeof(h264_ops[0]); i++) {
		wr(&t, VE_DEC_H264_TRIGGER_TYPE_REG, h264_ops[i]);
		CHECK_EQ(rd(&t, VE_DEC_H264_STATUS_REG), 0);
	}
	wr(&t, VE_DEC_H264_CTRL_REG, VE_DEC_H264_CTRL_VP8);
	for (size_t i = 0; i < sizeof(vp8_ops) / sizeof(vp8_ops[0]); i++) {
		wr(&t, VE_DEC_H264_TRIGGER_TYPE_REG, vp8_ops[i]);
		CHECK_EQ(rd(&t, VE_DEC_H264_STATUS_REG), 0);
	}
	CHECK(!t.core.job_pending);
	CHECK(!ve_core_irq_level(&t.core));
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
	CHECK_EQ(t.events[VE_CORE_EV_UNIMP], 0);
	check_guard(&t);
	tenv_free(&t);
}

/* H.265: INIT_SWDEC, FLUSH_BITS, SHOW_BITS and GET_BITS read the window. */
static void test_dec_h265_bit_reads(void)
{
	static const uint8_t slice[] = { 0x26, 0x01, 0xaf, 0x80, 0x12, 0x34 };
	struct tenv t;

	dec_env(&t, VE_CORE_FAULT_NONE);
	memcpy(t.mem + BS_ADDR, slice, sizeof(slice));
	dec_program(&t, &dec_h265, BS_ADDR, true, 0, sizeof(slice) * 8);
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_INIT_SWDEC);
	/* mainline: skip to the byte before the slice data, show 8 bits */
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_FLUSH_BITS |
	   VE_FIELD_PREP(VE_DEC_H265_TRIGGER_N_BITS, 24));
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_SHOW_BITS |
	   VE_FIELD_PREP(VE_DEC_H265_TRIGGER_N_BITS, 8));
	CHECK_EQ(rd(&t, VE_DEC_H265_BITS_READ_REG), 0x80);
	/* SHOW_BITS does not advance; GET_BITS does */
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_GET_BITS |
	   VE_FIELD_PREP(VE_DEC_H265_TRIGGER_N_BITS, 1));
	CHECK_EQ(rd(&t, VE_DEC_H265_BITS_READ_REG), 1);
	/* 12 bits across three bytes: 0000000 0001 0 (0x80 0x12 0x34) */
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_SHOW_BITS |
	   VE_FIELD_PREP(VE_DEC_H265_TRIGGER_N_BITS, 12));
	CHECK_EQ(rd(&t, VE_DEC_H265_BITS_READ_REG), 0x002);
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_SHOW_BITS |
	   VE_FIELD_PREP(VE_DEC_H265_TRIGGER_N_BITS, 23));
	CHECK_EQ(rd(&t, VE_DEC_H265_BITS_READ_REG), 0x1234);
	/* INIT_SWDEC starts again at BITS_OFFSET */
	wr(&t, VE_DEC_H265_BITS_OFFSET_REG, 12);
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_INIT_SWDEC);
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_SHOW_BITS |
	   VE_FIELD_PREP(VE_DEC_H265_TRIGGER_N_BITS, 32));
	CHECK_EQ(rd(&t, VE_DEC_H265_BITS_READ_REG), 0x1af80123);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
	CHECK(!t.core.job_pending);
	/* 33 bits do not fit BITS_READ */
	wr(&t, VE_DEC_H265_TRIGGER_REG, VE_DEC_H265_TRIGGER_TYPE_SHOW_BITS |
	   VE_FIELD_PREP(VE_DEC_H265_TRIGGER_N_BITS, 33));
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
	tenv_free(&t);
}

/*
 * The line follows STATUS & enables, per decoder: MPEG's enables sit
 * three bits above their status bits, H.264's and H.265's on them.
 */
static void test_dec_irq_enable(void)
{
	struct tenv t;

	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];
		uint32_t finish_en = d == &dec_mpeg2 ?
				     VE_DEC_MPEG_CTRL_FINISH_IRQ_EN :
				     d->success;
		uint32_t vp8 = d->ctrl & VE_DEC_H264_CTRL_VP8;

		dec_env(&t, VE_CORE_FAULT_NONE);
		dec_start(&t, d);
		/* only the error interrupt enabled: success latches quietly */
		wr(&t, d->ctrl_reg, vp8 | (d->ctrl & ~vp8 & ~finish_en));
		ve_core_run_job(&t.core);
		CHECK_EQ(rd(&t, d->status_reg), d->success);
		CHECK(!ve_core_irq_level(&t.core));
		/* enabling it raises the line: a level, not an edge */
		wr(&t, d->ctrl_reg, vp8 | finish_en);
		CHECK(ve_core_irq_level(&t.core));
		/* mainline's irq_disable: the enables cleared, status kept */
		wr(&t, d->ctrl_reg, vp8);
		CHECK(!ve_core_irq_level(&t.core));
		CHECK_EQ(rd(&t, d->status_reg), d->success);
		tenv_free(&t);
	}
}

/*
 * The status bits are W1C: writing 0 or bits that are not set changes
 * nothing; bits beyond the interrupt bits (VLD_BUSY) are not stored.
 */
static void test_dec_status_w1c(void)
{
	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];
		struct tenv t;

		dec_env(&t, VE_CORE_FAULT_ERROR);
		dec_start(&t, d);
		ve_core_run_job(&t.core);
		CHECK_EQ(rd(&t, d->status_reg), d->error);
		wr(&t, d->status_reg, 0);
		wr(&t, d->status_reg, d->success | VE_BIT(8));
		CHECK_EQ(rd(&t, d->status_reg), d->error);
		wr(&t, d->status_reg, ~0u);
		CHECK_EQ(rd(&t, d->status_reg), 0);
		tenv_free(&t);
	}
}

/*
 * A trigger with its decoder not selected in VE_MODE (another decoder,
 * the encoder, or decoding disabled) starts nothing and is a guest error;
 * so is H.264's slice decode with CTRL.VP8 set, and VP8's without it.
 */
static void test_dec_not_selected(void)
{
	static const uint32_t modes[] = {
		VE_MODE_DEC_MPEG, VE_MODE_DEC_H264, VE_MODE_DEC_H265,
		VE_MODE_DEC_DISABLED,
		VE_MODE_ENC_ENABLE | VE_MODE_ENC_ISP_ENABLE |
			VE_MODE_DEC_DISABLED,
		VE_MODE_ENGINE_AVC_ENC,
	};

	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];

		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			struct tenv t;

			if (modes[m] == d->mode)
				continue;
			dec_env(&t, VE_CORE_FAULT_NONE);
			dec_program(&t, d, BS_ADDR, true, 0, BS_BYTES * 8);
			wr(&t, VE_MODE_REG, modes[m]);
			CHECK(!dec_trigger(&t, d));
			CHECK(!t.core.job_pending);
			CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
			ve_core_run_job(&t.core);
			CHECK_EQ(rd(&t, d->status_reg), 0);
			CHECK(!ve_core_irq_level(&t.core));
			CHECK_EQ(t.events[VE_CORE_EV_DEC_JOB], 0);
			tenv_free(&t);
		}
	}

	for (int vp8 = 0; vp8 < 2; vp8++) {
		const struct dec *d = vp8 ? &dec_vp8 : &dec_h264;
		struct tenv t;

		dec_env(&t, VE_CORE_FAULT_NONE);
		dec_program(&t, d, BS_ADDR, true, 0, BS_BYTES * 8);
		wr(&t, VE_DEC_H264_CTRL_REG, d->ctrl ^ VE_DEC_H264_CTRL_VP8);
		CHECK(!dec_trigger(&t, d));
		CHECK(!t.core.job_pending);
		CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
		tenv_free(&t);
	}
}

/* Other decoder triggers are logged as unimplemented and start nothing. */
static void test_dec_unimplemented(void)
{
	struct tenv t;

	dec_env(&t, VE_CORE_FAULT_NONE);
	dec_program(&t, &dec_mpeg2, BS_ADDR, true, 0, BS_BYTES * 8);
	/* MPEG-1, then the JPEG VLD */
	wr(&t, VE_DEC_MPEG_TRIGGER_REG, VE_DEC_MPEG_TRIGGER_TYPE_HW_MPEG_VLD |
	   VE_FIELD_PREP(VE_DEC_MPEG_TRIGGER_FORMAT, 1));
	wr(&t, VE_DEC_MPEG_TRIGGER_REG, VE_FIELD_PREP(VE_DEC_MPEG_TRIGGER_TYPE,
						    0xe));
	/* trigger type 0 does nothing at all */
	wr(&t, VE_DEC_MPEG_TRIGGER_REG, 0);
	CHECK_EQ(t.events[VE_CORE_EV_UNIMP], 2);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
	CHECK(!t.core.job_pending);
	tenv_free(&t);
}

/* ERROR: every decoder ends with its error bit and the interrupt. */
static void test_dec_fault_error(void)
{
	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];
		struct tenv t;

		dec_env(&t, VE_CORE_FAULT_ERROR);
		dec_start(&t, d);
		ve_core_run_job(&t.core);
		CHECK_EQ(rd(&t, d->status_reg), d->error);
		CHECK(ve_core_irq_level(&t.core));
		CHECK(!t.core.job_pending);
		CHECK_EQ(t.events[VE_CORE_EV_DEC_JOB_DONE], 1);
		dec_clear(&t, d);
		check_guard(&t);
		tenv_free(&t);
	}
}

/*
 * HANG: the job stays pending with no status; the next VE_MODE write (the
 * next job's engine selection) aborts it, and the next job hangs too.
 */
static void test_dec_fault_hang(void)
{
	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];
		struct tenv t;

		dec_env(&t, VE_CORE_FAULT_HANG);
		dec_start(&t, d);
		for (int r = 0; r < 3; r++)
			ve_core_run_job(&t.core);
		CHECK(t.core.job_pending);
		CHECK_EQ(rd(&t, d->status_reg), 0);
		CHECK(!ve_core_irq_level(&t.core));
		CHECK_EQ(rd(&t, VE_RESET_REG) & RESET_IDLE_BITS, 0);
		CHECK_EQ(t.events[VE_CORE_EV_DEC_JOB_DONE], 0);

		/* a trigger while it hangs is a guest error, ignored */
		CHECK(!dec_trigger(&t, d));
		CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);

		/* the irq_disable of the watchdog does not end it */
		wr(&t, d->ctrl_reg, 0);
		CHECK(t.core.job_pending);

		/* the next job's VE_MODE write does */
		dec_start(&t, d);
		CHECK_EQ(t.events[VE_CORE_EV_DEC_JOB_DONE], 1);
		ve_core_run_job(&t.core);
		CHECK(t.core.job_pending);
		CHECK_EQ(rd(&t, d->status_reg), 0);

		/* so does an encoder reset */
		drv_encoder_reset(&t);
		CHECK(!t.core.job_pending);
		CHECK_EQ(rd(&t, VE_RESET_REG) & RESET_IDLE_BITS,
			 RESET_IDLE_BITS);
		CHECK_EQ(t.events[VE_CORE_EV_DEC_JOB_DONE], 2);
		CHECK_EQ(t.events[VE_CORE_EV_JOB_DONE], 0);
		tenv_free(&t);
	}
}

/*
 * HANG_ONCE: the first decode hangs; VE_MODE writes before it leave the
 * fault armed; the write that aborts the hung job spends it, and every
 * later job completes.
 */
static void test_dec_fault_hang_once(void)
{
	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];
		struct tenv t;

		dec_env(&t, VE_CORE_FAULT_HANG_ONCE);
		wr(&t, VE_MODE_REG, d->mode);
		drv_encoder_reset(&t);
		dec_start(&t, d);
		ve_core_run_job(&t.core);
		CHECK(t.core.job_pending);
		CHECK(t.core.job_hung);
		for (int job = 0; job < 3; job++) {
			dec_start(&t, d);
			ve_core_run_job(&t.core);
			CHECK_EQ(rd(&t, d->status_reg), d->success);
			CHECK(ve_core_irq_level(&t.core));
			dec_clear(&t, d);
		}
		CHECK(t.core.hang_once_spent);
		tenv_free(&t);
	}
}

/*
 * FINISH_OVERTIME: H.265 latches OVER_TIME with SUCCESS (no interrupt of
 * its own); the other decoders have no such bit and just finish.
 */
static void test_dec_fault_finish_overtime(void)
{
	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];
		uint32_t want = d->success;
		struct tenv t;

		if (d == &dec_h265)
			want |= VE_DEC_H265_STATUS_OVER_TIME;
		dec_env(&t, VE_CORE_FAULT_FINISH_OVERTIME);
		dec_start(&t, d);
		ve_core_run_job(&t.core);
		CHECK_EQ(rd(&t, d->status_reg), want);
		CHECK(ve_core_irq_level(&t.core));
		/* the driver's clear of its check mask leaves OVER_TIME */
		wr(&t, d->status_reg, d->success | d->error | d->vld_data_req);
		CHECK_EQ(rd(&t, d->status_reg), want & ~d->success);
		CHECK(!ve_core_irq_level(&t.core));
		CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
		tenv_free(&t);
	}
}

/*
 * The bitstream window: without VALID, with length 0 or an offset past
 * the length, the decoder asks for data (VLD_DATA_REQ); a window outside
 * memory is a bus error (ERROR). Both are guest errors.
 */
static void test_dec_bitstream_window(void)
{
	for (size_t i = 0; i < N_DECS; i++) {
		const struct dec *d = decs[i];

		for (int c = 0; c < 4; c++) {
			bool valid = c != 0;
			uint32_t addr = c == 3 ? MEM_SIZE - 0x100 : BS_ADDR;
			uint32_t len = c == 1 ? 0 : c == 3 ? 0x200 * 8 :
				       BS_BYTES * 8;
			uint32_t offset = c == 2 ? len : 0;
			struct tenv t;

			dec_env(&t, VE_CORE_FAULT_NONE);
			dec_program(&t, d, addr, valid, offset, len);
			CHECK(dec_trigger(&t, d));
			ve_core_run_job(&t.core);
			CHECK_EQ(rd(&t, d->status_reg),
				 c == 3 ? d->error : d->vld_data_req);
			CHECK(!t.core.job_pending);
			CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
			/* VP8's driver enables no VLD_DATA_REQ interrupt */
			CHECK_EQ(ve_core_irq_level(&t.core),
				 c == 3 || d != &dec_vp8);
			CHECK_EQ(t.bad_dma, c == 3 ? 1 : 0);
			t.bad_dma = 0;
			check_guard(&t);
			tenv_free(&t);
		}
	}
}

/*
 * A hung encode (hang-once) ends at the next VE_MODE write, here a
 * decoder's selection, which spends the fault: the decode completes.
 */
static void test_dec_after_hung_encode(void)
{
	struct tenv t;

	dec_env(&t, VE_CORE_FAULT_HANG_ONCE);
	wr(&t, VE_MODE_REG, VE_MODE_ENC_ENABLE | VE_MODE_ENC_ISP_ENABLE |
	   VE_MODE_DEC_DISABLED);
	CHECK_EQ(ve_core_write(&t.core, VE_ENC_AVC_STARTTRIG_REG,
			       VE_ENC_AVC_STARTTRIG_TYPE_ENC_START),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK(t.core.job_hung);
	dec_start(&t, &dec_h264);
	CHECK_EQ(t.events[VE_CORE_EV_JOB_DONE], 1);	/* the abort */
	CHECK(t.core.hang_once_spent);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_DEC_H264_STATUS_REG),
		 VE_DEC_H264_STATUS_SLICE_DECODE_INT);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK, 0);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
	tenv_free(&t);
}

/* A decode job between two encode triggers: each completes on its own. */
static void test_dec_between_encodes(void)
{
	struct tenv t;

	dec_env(&t, VE_CORE_FAULT_NONE);
	dec_start(&t, &dec_h264);
	/* an encode trigger while the decode is pending: ignored */
	wr(&t, VE_MODE_REG, VE_MODE_ENC_ENABLE | VE_MODE_ENC_ISP_ENABLE |
	   VE_MODE_DEC_DISABLED);
	CHECK_EQ(ve_core_write(&t.core, VE_ENC_AVC_STARTTRIG_REG,
			       VE_ENC_AVC_STARTTRIG_TYPE_ENC_START),
		 VE_CORE_ACTION_NONE);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_DEC_H264_STATUS_REG),
		 VE_DEC_H264_STATUS_SLICE_DECODE_INT);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK, 0);
	CHECK_EQ(t.events[VE_CORE_EV_JOB], 0);
	dec_clear(&t, &dec_h264);
	tenv_free(&t);
}

const struct test_case dec_tests[] = {
	{ "dec_completes", test_dec_completes },
	{ "dec_bitstream_ops", test_dec_bitstream_ops },
	{ "dec_h265_bit_reads", test_dec_h265_bit_reads },
	{ "dec_irq_enable", test_dec_irq_enable },
	{ "dec_status_w1c", test_dec_status_w1c },
	{ "dec_not_selected", test_dec_not_selected },
	{ "dec_unimplemented", test_dec_unimplemented },
	{ "dec_fault_error", test_dec_fault_error },
	{ "dec_fault_hang", test_dec_fault_hang },
	{ "dec_fault_hang_once", test_dec_fault_hang_once },
	{ "dec_fault_finish_overtime", test_dec_fault_finish_overtime },
	{ "dec_bitstream_window", test_dec_bitstream_window },
	{ "dec_between_encodes", test_dec_between_encodes },
	{ "dec_after_hung_encode", test_dec_after_hung_encode },
	{ NULL, NULL },
};
