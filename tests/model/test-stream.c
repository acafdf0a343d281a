// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Register file, put-bits and emulation prevention (EP). Expected bytes
 * follow H.264 7.4.1: with EP on, 0x03 goes in front of a byte <= 0x03
 * that follows two 0x00 bytes.
 */
#include <string.h>

#include "harness.h"
#include "test-driver.h"

#define MEM_SIZE	0x10000
#define STM		0x1000
#define STM_SIZE	0x1000

static void check_bytes(struct tenv *t, uint32_t addr, const uint8_t *exp,
			size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t->mem[addr + i] != exp[i])
			FAIL("byte %zu at 0x%x is 0x%02x, expected 0x%02x", i,
			     addr, t->mem[addr + i], exp[i]);
}

static void test_registers(void)
{
	struct tenv t;

	tenv_init(&t, MEM_SIZE);
	CHECK_EQ(rd(&t, VE_VERSION_REG), VE_CORE_VERSION_H3);
	CHECK_EQ(rd(&t, VE_VERSION_REG) >> 16, 0x1680);
	wr(&t, VE_VERSION_REG, 0);		/* read-only */
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 1);
	CHECK_EQ(rd(&t, VE_VERSION_REG), VE_CORE_VERSION_H3);

	/* idle: VE_RESET idle bits and PUT_BITS_READY read as set */
	CHECK_EQ(rd(&t, VE_RESET_REG) & RESET_IDLE_BITS, RESET_IDLE_BITS);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG), VE_ENC_AVC_STATUS_PUT_BITS_READY);

	/* plain registers keep their value */
	wr(&t, VE_ENC_AVC_MB_INFO_ADDR_REG, 0x12345678);
	CHECK_EQ(rd(&t, VE_ENC_AVC_MB_INFO_ADDR_REG), 0x12345678);
	wr(&t, VE_RESET_REG, VE_RESET_ENCODER);
	CHECK_EQ(rd(&t, VE_RESET_REG), VE_RESET_ENCODER | RESET_IDLE_BITS);
	wr(&t, VE_RESET_REG, 0);

	/* STATUS bits 3:0 are write-1-to-clear; IRQ = STATUS & INT_EN */
	drv_stream_setup(&t, STM, 1);
	drv_put(&t, 0xffff, 16);		/* overflows: STALL */
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG),
		 VE_ENC_AVC_STATUS_PUT_BITS_READY | VE_ENC_AVC_STATUS_STALL);
	CHECK(!ve_core_irq_level(&t.core));
	wr(&t, VE_ENC_AVC_INT_EN_REG, VE_ENC_AVC_INT_EN_FINISH);
	CHECK(!ve_core_irq_level(&t.core));
	wr(&t, VE_ENC_AVC_INT_EN_REG, VE_ENC_AVC_INT_EN_STALL);
	CHECK(ve_core_irq_level(&t.core));
	wr(&t, VE_ENC_AVC_STATUS_REG, VE_ENC_AVC_STATUS_FINISH);	/* not set */
	CHECK(ve_core_irq_level(&t.core));
	wr(&t, VE_ENC_AVC_STATUS_REG, VE_ENC_AVC_STATUS_STALL |
	   VE_ENC_AVC_STATUS_PUT_BITS_READY);
	CHECK(!ve_core_irq_level(&t.core));
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG), VE_ENC_AVC_STATUS_PUT_BITS_READY);

	/* unaligned and out-of-range accesses are guest errors */
	CHECK_EQ(rd(&t, 0x1000), 0);
	CHECK_EQ(rd(&t, 0x2), 0);
	/* VERSION write, put-bits overflow, two bad reads */
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 4);

	/* reset clears the register file */
	ve_core_reset(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_MB_INFO_ADDR_REG), 0);
	CHECK_EQ(rd(&t, VE_VERSION_REG), VE_CORE_VERSION_H3);
	tenv_free(&t);
}

/*
 * Put-bits appends MSB first; STM_BIT_LEN counts bits; NUM_BITS (12:8)
 * takes 1..31, a count of 0 or one that sets bit 13 appends nothing.
 */
static void test_put_bits(void)
{
	static const uint8_t exp[] = {
		0xa5, 0xf0, 0x12, 0x34, 0x56, 0x78, 0xde, 0xad, 0xbe, 0xef,
		0x80,
	};
	struct tenv t;

	tenv_init(&t, MEM_SIZE);
	memset(t.mem + STM, 0xcc, STM_SIZE);
	drv_stream_setup(&t, STM, STM_SIZE);
	drv_put(&t, 0x5, 3);			/* 101 */
	drv_put(&t, 0x0, 1);			/* 0 */
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 4);
	CHECK_EQ(t.mem[STM], 0xcc);		/* partial byte not written */
	drv_put(&t, 0xffff5f, 8);		/* only the low 8 bits: 0x5f */
	drv_put(&t, 0x0, 4);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 16);
	drv_put(&t, 0x12345678, 32);		/* two triggers of 16 */
	/* 31 bits in one trigger: the field's largest count */
	wr(&t, VE_ENC_AVC_PUTBITSDATA_REG, 0xdeadbeef >> 1);
	wr(&t, VE_ENC_AVC_STARTTRIG_REG, (31u << 8) |
	   VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 16 + 32 + 31);
	/* NUM_BITS 0 and a count of 32 (bit 13 set) are refused */
	wr(&t, VE_ENC_AVC_PUTBITSDATA_REG, 0xffffffff);
	wr(&t, VE_ENC_AVC_STARTTRIG_REG, VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS);
	wr(&t, VE_ENC_AVC_STARTTRIG_REG, (32u << 8) |
	   VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 2);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 16 + 32 + 31);
	drv_put(&t, 1, 1);			/* the last bit of 0xdeadbeef */
	drv_put(&t, 1, 1);
	drv_put(&t, 0, 7);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 8 * sizeof(exp));
	check_bytes(&t, STM, exp, sizeof(exp));
	CHECK_EQ(t.mem[STM + sizeof(exp)], 0xcc);

	/* STM_BIT_LEN = 4 rewinds into the first byte, keeping its 4 bits */
	wr(&t, VE_ENC_AVC_STM_BIT_LEN_REG, 4);
	drv_put(&t, 0x3, 4);
	CHECK_EQ(t.mem[STM], 0xa3);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 8);
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 2);
	tenv_free(&t);
}

static void test_ep_put_bits(void)
{
	static const uint8_t exp[] = {
		0x00, 0x00, 0x03, 0x00, 0x01,	/* 32-bit 0x00000001 */
		0x00, 0x00, 0x03, 0x02,		/* three 8-bit puts */
		0x00, 0x00, 0x03, 0x00, 0x03,	/* 0x00000003 */
		0x00, 0x00, 0x04,		/* > 3: no insertion */
		0x00, 0x00, 0x03, 0x00, 0x00,	/* four zero bytes */
		0xff,
		0x00, 0x00, 0x03, 0x01,		/* 00 00 written with EP off */
	};
	struct tenv t;

	tenv_init(&t, MEM_SIZE);
	drv_stream_setup(&t, STM, STM_SIZE);
	drv_put(&t, 0x00000001, 32);
	drv_put(&t, 0, 8);
	drv_put(&t, 0, 8);
	drv_put(&t, 2, 8);
	drv_put(&t, 0x00000003, 32);
	drv_put(&t, 0x000004, 24);
	drv_put(&t, 0, 32);
	drv_put(&t, 0xff, 8);
	drv_set_ep(&t, false);
	drv_put(&t, 0, 16);
	drv_set_ep(&t, true);
	drv_put(&t, 1, 8);
	/* STM_BIT_LEN counts the inserted bytes */
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 8 * sizeof(exp));
	check_bytes(&t, STM, exp, sizeof(exp));
	tenv_free(&t);
}

/* A start code written with EPTB_DIS = 1 has no insertion. */
static void test_ep_disabled_start_code(void)
{
	static const uint8_t exp[] = {
		0x00, 0x00, 0x00, 0x01, 0x67, 0x00, 0x00, 0x03, 0x00,
	};
	struct tenv t;

	tenv_init(&t, MEM_SIZE);
	drv_stream_setup(&t, STM, STM_SIZE);
	drv_nal_start(&t, 3, 7);		/* EP off around the start code */
	drv_put(&t, 0, 24);			/* EP on again */
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 8 * sizeof(exp));
	check_bytes(&t, STM, exp, sizeof(exp));
	tenv_free(&t);
}

/*
 * EP across the header/slice-data boundary: the header ends with two zero
 * bytes and 4 zero bits; CAVLC mb_type I_PCM (000011010) completes the byte
 * as 0x00, which needs a 0x03 in front.
 */
static void test_ep_header_to_slice_data(void)
{
	struct enc_cfg c = {
		.width = 16, .height = 16, .qp = 26, .deblock_idc = 1,
		.log2_max_frame_num = 4, .profile_idc = 100,
	};
	struct enc_bufs b = enc_layout(&c);
	struct tenv t;
	static const uint8_t exp[] = { 0x00, 0x00, 0x03, 0x00, 0xd0, 0x80 };

	tenv_init(&t, b.mem_size);
	memset(t.mem + b.src_y, 0x80, 16 * b.src_stride);
	memset(t.mem + b.src_c, 0x80, 8 * b.src_stride);
	drv_stream_setup(&t, b.stream, b.stream_size);
	drv_put(&t, 0, 20);
	CHECK_EQ(drv_configure_and_start(&t, &c, &b, 0),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_FINISH);
	check_bytes(&t, b.stream, exp, 5);
	for (int i = 0; i < 384; i++)
		CHECK_EQ(t.mem[b.stream + 5 + i], 0x80);
	check_bytes(&t, b.stream + 5 + 384, exp + 5, 1);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), (5 + 384 + 1) * 8);
	CHECK_EQ(rd(&t, VE_ENC_AVC_HEADER_BITS_REG), 20);
	CHECK_EQ(rd(&t, VE_ENC_AVC_RESIDUAL_BITS_REG), (5 + 384 + 1) * 8 - 20);
	tenv_free(&t);
}

/* Black I_PCM macroblock: EP on inserts 0x03s, EPTB_DIS = 1 does not. */
static void run_black_mb(bool ep, uint8_t *out, uint32_t *bits)
{
	struct enc_cfg c = {
		.width = 16, .height = 16, .qp = 26, .deblock_idc = 1,
		.log2_max_frame_num = 4, .profile_idc = 100,
	};
	struct enc_bufs b = enc_layout(&c);
	struct tenv t;

	tenv_init(&t, b.mem_size);
	drv_stream_setup(&t, b.stream, b.stream_size);
	drv_put(&t, 0xff, 8);
	drv_set_ep(&t, ep);
	CHECK_EQ(drv_configure_and_start(&t, &c, &b, 0),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_FINISH);
	*bits = rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG);
	CHECK(*bits <= 8 * 600);
	memcpy(out, t.mem + b.stream, *bits / 8);
	tenv_free(&t);
}

static void test_ep_black_mb(void)
{
	uint8_t on[600], off[600];
	uint32_t on_bits, off_bits;
	size_t i, zeros = 0;

	run_black_mb(true, on, &on_bits);
	run_black_mb(false, off, &off_bits);

	/* EP off: ff, 0d (000011010 -> 00001101 0...), 00, 384 zero bytes, 80 */
	CHECK_EQ(off_bits, (1 + 1 + 1 + 384 + 1) * 8);
	CHECK_EQ(off[0], 0xff);
	CHECK_EQ(off[1], 0x0d);
	for (i = 2; i < 2 + 1 + 384; i++)
		CHECK_EQ(off[i], 0x00);
	CHECK_EQ(off[i], 0x80);

	/*
	 * EP on: the 385 zero bytes become runs "00 00 03" (each 03 restarts
	 * the count): 385 zeros need 192 insertions.
	 */
	CHECK_EQ(on_bits, off_bits + 192 * 8);
	CHECK_EQ(on[0], 0xff);
	CHECK_EQ(on[1], 0x0d);
	for (i = 2; i < on_bits / 8 - 1; i++) {
		if (zeros == 2) {
			CHECK_EQ(on[i], 0x03);
			zeros = 0;
		} else {
			CHECK_EQ(on[i], 0x00);
			zeros++;
		}
	}
	CHECK_EQ(on[i], 0x80);
}

const struct test_case stream_tests[] = {
	{ "registers", test_registers },
	{ "put_bits", test_put_bits },
	{ "ep_put_bits", test_ep_put_bits },
	{ "ep_disabled_start_code", test_ep_disabled_start_code },
	{ "ep_header_to_slice_data", test_ep_header_to_slice_data },
	{ "ep_black_mb", test_ep_black_mb },
	{ NULL, NULL },
};
