// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Error paths: stream buffer overflow (STM_END, STM_BIT_MAX, stream_limit),
 * fault injection, encoder not selected, unsupported input format.
 */
#include <string.h>

#include "harness.h"
#include "test-driver.h"

#define GUARD_BYTE	0xa5
#define GUARD_SIZE	4096

static const struct enc_cfg qcif_cavlc = {
	.width = 176, .height = 144, .qp = 26, .deblock_idc = 1,
	.log2_max_frame_num = 4, .profile_idc = 100,
};

static void check_guard(struct tenv *t, uint32_t addr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t->mem[addr + i] != GUARD_BYTE)
			FAIL("guard byte %zu at 0x%x overwritten", i, addr);
}

enum limit_kind { LIMIT_STM_END, LIMIT_BIT_MAX, LIMIT_STREAM_LIMIT };

/*
 * A QCIF I frame (~38 KB of PCM) into a 1000-byte window: the job must end
 * with STALL and no FINISH, write exactly up to the window and not beyond.
 */
static void run_overflow(enum limit_kind kind)
{
	const struct enc_cfg *c = &qcif_cavlc;
	struct enc_bufs b = enc_layout(c);
	const uint32_t window = 1000;
	struct tenv t;
	uint32_t bits;

	tenv_init(&t, b.mem_size);
	gen_frame(&t, c, &b, 0, PATTERN_MOVING);
	memset(t.mem + b.stream, GUARD_BYTE, b.stream_size);
	drv_stream_setup(&t, b.stream, b.stream_size);
	switch (kind) {
	case LIMIT_STM_END:
		wr(&t, VE_ENC_AVC_STM_END_ADDR_REG, b.stream + window - 1);
		break;
	case LIMIT_BIT_MAX:
		wr(&t, VE_ENC_AVC_STM_BIT_MAX_REG, window * 8 + 7);
		break;
	case LIMIT_STREAM_LIMIT:
		t.core.stream_limit = window;
		break;
	}
	drv_write_sps(&t, c);
	drv_write_pps(&t, c);
	drv_write_slice_header(&t, c, true, 0);
	CHECK_EQ(drv_configure_and_start(&t, c, &b, 0),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG),
		 VE_ENC_AVC_STATUS_PUT_BITS_READY | VE_ENC_AVC_STATUS_STALL);
	CHECK(ve_core_irq_level(&t.core));
	bits = rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG);
	CHECK_EQ(bits, window * 8);
	/* the window is full: its last bytes are PCM of MB 2, not guard */
	CHECK(t.mem[b.stream + window - 1] != GUARD_BYTE ||
	      t.mem[b.stream + window - 2] != GUARD_BYTE);
	check_guard(&t, b.stream + window, GUARD_SIZE);

	/* put-bits after the overflow is refused too */
	wr(&t, VE_ENC_AVC_STATUS_REG, VE_ENC_AVC_STATUS_INT_MASK);
	drv_put(&t, 0xffffffff, 32);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_STALL);
	check_guard(&t, b.stream + window, GUARD_SIZE);

	/* rewinding (a new frame) recovers */
	wr(&t, VE_ENC_AVC_STATUS_REG, VE_ENC_AVC_STATUS_INT_MASK);
	wr(&t, VE_ENC_AVC_STM_BIT_LEN_REG, 0);
	drv_put(&t, 0x12, 8);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK, 0);
	CHECK_EQ(t.mem[b.stream], 0x12);
	tenv_free(&t);
}

static void test_overflow_stm_end(void)
{
	run_overflow(LIMIT_STM_END);
}

static void test_overflow_bit_max(void)
{
	run_overflow(LIMIT_BIT_MAX);
}

static void test_overflow_stream_limit(void)
{
	run_overflow(LIMIT_STREAM_LIMIT);
}

/* Put-bits into a 3-byte buffer: the fourth byte is never written. */
static void test_overflow_put_bits(void)
{
	struct tenv t;

	tenv_init(&t, 0x4000);
	memset(t.mem + 0x1000, GUARD_BYTE, 0x1000);
	drv_stream_setup(&t, 0x1000, 3);
	wr(&t, VE_ENC_AVC_INT_EN_REG, VE_ENC_AVC_INT_EN_STALL);
	drv_put(&t, 0x010203, 24);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK, 0);
	CHECK(!ve_core_irq_level(&t.core));
	drv_put(&t, 0x04, 8);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_STALL);
	CHECK(ve_core_irq_level(&t.core));
	CHECK_EQ(t.mem[0x1000], 0x01);
	CHECK_EQ(t.mem[0x1002], 0x03);
	check_guard(&t, 0x1003, 0x100);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 24);
	tenv_free(&t);
}

/*
 * A QCIF I frame under @fault, up to its ENC_START: the moving source,
 * guard bytes over the stream buffer and the reconstruction, the slice
 * header. Returns the header bits (STM_BIT_LEN at ENC_START).
 */
static uint32_t qcif_job_start(struct tenv *t, struct enc_bufs *b,
			       enum ve_core_fault fault)
{
	const struct enc_cfg *c = &qcif_cavlc;
	uint32_t bits;

	*b = enc_layout(c);
	tenv_init(t, b->mem_size);
	t->core.fault = fault;
	gen_frame(t, c, b, 0, PATTERN_MOVING);
	memset(t->mem + b->stream, GUARD_BYTE, b->stream_size);
	memset(t->mem + b->rec_y[0], GUARD_BYTE, b->stream - b->rec_y[0]);
	drv_stream_setup(t, b->stream, b->stream_size);
	drv_write_slice_header(t, c, true, 0);
	bits = rd(t, VE_ENC_AVC_STM_BIT_LEN_REG);
	CHECK_EQ(drv_configure_and_start(t, c, b, 0),
		 VE_CORE_ACTION_START_JOB);
	return bits;
}

/* ERROR: STALL, no FINISH, no slice data, reconstruction untouched. */
static void test_fault_error(void)
{
	struct enc_bufs b;
	struct tenv t;
	uint32_t bits;

	bits = qcif_job_start(&t, &b, VE_CORE_FAULT_ERROR);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG),
		 VE_ENC_AVC_STATUS_PUT_BITS_READY | VE_ENC_AVC_STATUS_STALL);
	CHECK(ve_core_irq_level(&t.core));
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), bits);
	check_guard(&t, b.stream + bits / 8, GUARD_SIZE);
	check_guard(&t, b.rec_y[0], b.stream - b.rec_y[0]);
	CHECK_EQ(t.events[VE_CORE_EV_JOB_DONE], 1);
	tenv_free(&t);
}

/* FINISH_OVERTIME: the frame is coded whole; STATUS has FINISH and OVERTIME. */
static void test_fault_finish_overtime(void)
{
	struct enc_bufs b;
	struct tenv t;
	uint32_t bits;

	bits = qcif_job_start(&t, &b, VE_CORE_FAULT_FINISH_OVERTIME);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG),
		 VE_ENC_AVC_STATUS_PUT_BITS_READY | VE_ENC_AVC_STATUS_OVERTIME |
		 VE_ENC_AVC_STATUS_FINISH);
	CHECK(ve_core_irq_level(&t.core));
	/* slice data follows the header: the frame was coded */
	CHECK(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG) > bits);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
	tenv_free(&t);
}

/*
 * PARA1.STRIDE_MBS_DIV_48 must repeat the ISP stride in 48-MB units: a
 * driver that leaves it 0 gets a guest error and STALL, no slice data.
 */
static void test_stride_div_48(void)
{
	struct enc_bufs b;
	struct tenv t;
	uint32_t bits;

	bits = qcif_job_start(&t, &b, VE_CORE_FAULT_NONE);
	/* the configured PARA1, with the stride field cleared */
	t.core.regs[VE_ENC_AVC_PARA1_REG / 4] &=
		~VE_ENC_AVC_PARA1_STRIDE_MBS_DIV_48;
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG),
		 VE_ENC_AVC_STATUS_PUT_BITS_READY | VE_ENC_AVC_STATUS_STALL);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), bits);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
	tenv_free(&t);
}

/* HANG: the job stays pending with no status until an encoder reset. */
static void test_fault_hang(void)
{
	struct enc_bufs b;
	struct tenv t;
	uint32_t bits;

	bits = qcif_job_start(&t, &b, VE_CORE_FAULT_HANG);
	for (int i = 0; i < 3; i++)
		ve_core_run_job(&t.core);
	CHECK(t.core.job_pending);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG), 0);	/* busy, nothing done */
	CHECK_EQ(rd(&t, VE_RESET_REG) & RESET_IDLE_BITS, 0);
	CHECK(!ve_core_irq_level(&t.core));
	check_guard(&t, b.stream + bits / 8, GUARD_SIZE);

	/* a second start while busy is a guest error and is ignored */
	CHECK_EQ(ve_core_write(&t.core, VE_ENC_AVC_STARTTRIG_REG,
			       VE_ENC_AVC_STARTTRIG_TYPE_ENC_START),
		 VE_CORE_ACTION_NONE);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);

	/* the watchdog's encoder reset makes the VE idle again */
	wr(&t, VE_RESET_REG, VE_RESET_ENCODER);
	wr(&t, VE_RESET_REG, 0);
	CHECK(!t.core.job_pending);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG), VE_ENC_AVC_STATUS_PUT_BITS_READY);
	CHECK_EQ(rd(&t, VE_RESET_REG) & RESET_IDLE_BITS, RESET_IDLE_BITS);
	tenv_free(&t);
}

/* ENC_START without the encoder selected in VE_MODE: no job, no status. */
static void test_mode_not_selected(void)
{
	const struct enc_cfg *c = &qcif_cavlc;
	struct enc_bufs b = enc_layout(c);
	struct tenv t;

	tenv_init(&t, b.mem_size);
	gen_frame(&t, c, &b, 0, PATTERN_MOVING);
	drv_stream_setup(&t, b.stream, b.stream_size);
	drv_write_slice_header(&t, c, true, 0);
	wr(&t, VE_MODE_REG, 0x00130007);	/* VE released (jemk) */
	CHECK_EQ(drv_configure_and_start(&t, c, &b, 0), VE_CORE_ACTION_NONE);
	ve_core_run_job(&t.core);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
	CHECK_EQ(t.events[VE_CORE_EV_JOB], 0);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG), VE_ENC_AVC_STATUS_PUT_BITS_READY);

	/* the older selection, engine 0xb in bits 3:0 (jemk), is accepted */
	wr(&t, VE_MODE_REG, 0x0013000b);
	CHECK_EQ(drv_configure_and_start(&t, c, &b, 0),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_FINISH);
	tenv_free(&t);
}

/* Anything but NV12 input is unimplemented and ends the job with STALL. */
static void test_unsupported_format(void)
{
	const struct enc_cfg *c = &qcif_cavlc;
	struct enc_bufs b = enc_layout(c);
	struct tenv t;

	tenv_init(&t, b.mem_size);
	drv_stream_setup(&t, b.stream, b.stream_size);
	drv_write_slice_header(&t, c, true, 0);
	CHECK_EQ(drv_configure_and_start(&t, c, &b, 0),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_FINISH);
	wr(&t, VE_ENC_AVC_STATUS_REG, VE_ENC_AVC_STATUS_INT_MASK);

	wr(&t, VE_ENC_AVC_STM_BIT_LEN_REG, 0);
	drv_write_slice_header(&t, c, true, 0);
	wr(&t, VE_ISP_CTRL_REG, 1u << 29);	/* NV16 */
	CHECK_EQ(ve_core_write(&t.core, VE_ENC_AVC_STARTTRIG_REG,
			       VE_ENC_AVC_STARTTRIG_TYPE_ENC_START),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_STALL);
	CHECK_EQ(t.events[VE_CORE_EV_UNIMP], 1);
	tenv_free(&t);
}

/* The encoder reads and writes only inside the buffers it was given. */
static void test_bus_error(void)
{
	const struct enc_cfg *c = &qcif_cavlc;
	struct enc_bufs b = enc_layout(c), bad = b;
	struct tenv t;

	/* the source luma ends past the end of memory */
	bad.src_y = (uint32_t)b.mem_size - 0x100;
	tenv_init(&t, b.mem_size);
	drv_stream_setup(&t, b.stream, b.stream_size);
	drv_write_slice_header(&t, c, true, 0);
	CHECK_EQ(drv_configure_and_start(&t, c, &bad, 0),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_STALL);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
	CHECK_EQ(t.bad_dma, 1);
	t.bad_dma = 0;
	tenv_free(&t);
}

const struct test_case error_tests[] = {
	{ "overflow_stm_end", test_overflow_stm_end },
	{ "overflow_bit_max", test_overflow_bit_max },
	{ "overflow_stream_limit", test_overflow_stream_limit },
	{ "overflow_put_bits", test_overflow_put_bits },
	{ "fault_error", test_fault_error },
	{ "fault_hang", test_fault_hang },
	{ "fault_finish_overtime", test_fault_finish_overtime },
	{ "stride_div_48", test_stride_div_48 },
	{ "mode_not_selected", test_mode_not_selected },
	{ "unsupported_format", test_unsupported_format },
	{ "bus_error", test_bus_error },
	{ NULL, NULL },
};
