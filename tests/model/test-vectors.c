// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Slice data of one-macroblock pictures against bit strings written down
 * independently of the model: the CABAC vectors of the reference notes
 * (h264-model-and-qemu.md 1.4.7, checked there with FFmpeg) and the CAVLC
 * codes of its 1.3. Each picture is 16x16; the test writes one 8-bit
 * "header" (0xaa) so the slice data starts byte aligned (no
 * cabac_alignment_one_bit).
 */
#include <string.h>

#include "harness.h"
#include "test-driver.h"

struct bitstr {
	char s[8 * 1024];
	size_t n;
};

static void bits_add(struct bitstr *b, const char *bits)
{
	for (; *bits; bits++) {
		if (*bits == ' ')
			continue;
		CHECK(b->n < sizeof(b->s));
		b->s[b->n++] = *bits;
	}
}

static void bits_pad0(struct bitstr *b)
{
	while (b->n % 8)
		bits_add(b, "0");
}

static void bits_add_byte(struct bitstr *b, uint8_t v)
{
	for (int i = 7; i >= 0; i--)
		bits_add(b, (v >> i) & 1 ? "1" : "0");
}

static uint8_t mb_luma(unsigned int i)
{
	return (uint8_t)(0x40 + i % 61);
}

static uint8_t mb_chroma(unsigned int i)
{
	return (uint8_t)(0x90 + i % 37);
}

/* The 384 pcm_sample bytes of the test MB: luma, Cb, Cr (7.3.5). */
static void bits_add_pcm(struct bitstr *b)
{
	for (unsigned int i = 0; i < 256; i++)
		bits_add_byte(b, mb_luma(i));
	for (unsigned int plane = 0; plane < 2; plane++)
		for (unsigned int y = 0; y < 8; y++)
			for (unsigned int x = 0; x < 8; x++)
				bits_add_byte(b, mb_chroma(y * 16 + 2 * x + plane));
}

struct one_mb {
	bool cabac, p_slice, same_as_ref;
	unsigned int idc, qp;
};

static void run_one_mb(const struct one_mb *m, const struct bitstr *expect)
{
	struct enc_cfg c = {
		.width = 16, .height = 16, .cabac = m->cabac,
		.cabac_init_idc = m->idc, .qp = m->qp, .deblock_idc = 1,
		.log2_max_frame_num = 4, .profile_idc = 100,
	};
	struct enc_bufs b = enc_layout(&c);
	struct tenv t;
	uint32_t rec_stride = 32;	/* ALIGN(1 MB, 2) * 16 */

	tenv_init(&t, b.mem_size);
	for (unsigned int i = 0; i < 256; i++)
		t.mem[b.src_y + (i / 16) * b.src_stride + i % 16] = mb_luma(i);
	for (unsigned int i = 0; i < 128; i++)
		t.mem[b.src_c + (i / 16) * b.src_stride + i % 16] = mb_chroma(i);
	/* the P picture is frame 1: its REF0 is rec[0] */
	for (unsigned int r = 0; r < 16; r++)
		memcpy(t.mem + b.rec_y[0] + r * rec_stride,
		       t.mem + b.src_y + r * b.src_stride, 16);
	for (unsigned int r = 0; r < 8; r++)
		memcpy(t.mem + b.rec_c[0] + r * rec_stride,
		       t.mem + b.src_c + r * b.src_stride, 16);
	if (!m->same_as_ref)
		t.mem[b.rec_c[0] + 7 * rec_stride + 15] ^= 1;	/* last Cr */

	drv_stream_setup(&t, b.stream, b.stream_size);
	drv_put(&t, 0xaa, 8);
	CHECK_EQ(drv_configure_and_start(&t, &c, &b, m->p_slice),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_INT_MASK,
		 VE_ENC_AVC_STATUS_FINISH);

	CHECK_EQ(expect->n % 8, 0);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), 8 + expect->n);
	CHECK_EQ(rd(&t, VE_ENC_AVC_HEADER_BITS_REG), 8);
	CHECK_EQ(rd(&t, VE_ENC_AVC_RESIDUAL_BITS_REG), expect->n);
	CHECK_EQ(t.mem[b.stream], 0xaa);
	for (size_t i = 0; i < expect->n; i++) {
		uint8_t byte = t.mem[b.stream + 1 + i / 8];
		char got = (byte >> (7 - i % 8)) & 1 ? '1' : '0';

		if (got != expect->s[i])
			FAIL("slice data bit %zu is %c, expected %c", i, got,
			     expect->s[i]);
	}
	tenv_free(&t);
}

/* I_PCM MB, then a fresh engine codes end_of_slice_flag = 1: 111111101. */
static void expect_pcm_then_end(struct bitstr *e, const char *mb_bits)
{
	bits_add(e, mb_bits);
	bits_pad0(e);
	bits_add_pcm(e);
	bits_add(e, "111111101");
	bits_pad0(e);
}

static void test_cabac_i_qp26(void)
{
	struct one_mb m = { .cabac = true, .qp = 26 };
	struct bitstr e = { .n = 0 };

	expect_pcm_then_end(&e, "1111111011111");
	run_one_mb(&m, &e);
}

static void test_cabac_i_qp20(void)
{
	struct one_mb m = { .cabac = true, .qp = 20 };
	struct bitstr e = { .n = 0 };

	expect_pcm_then_end(&e, "11111110111111");
	run_one_mb(&m, &e);
}

static void test_cabac_p_pcm_idc0(void)
{
	struct one_mb m = { .cabac = true, .p_slice = true, .qp = 26 };
	struct bitstr e = { .n = 0 };

	expect_pcm_then_end(&e, "1111110110110001");
	run_one_mb(&m, &e);
}

static void test_cabac_p_skip(unsigned int idc, const char *bits)
{
	struct one_mb m = {
		.cabac = true, .p_slice = true, .same_as_ref = true,
		.idc = idc, .qp = 26,
	};
	struct bitstr e = { .n = 0 };

	bits_add(&e, bits);
	bits_pad0(&e);
	run_one_mb(&m, &e);
}

static void test_cabac_p_skip_idc0(void)
{
	test_cabac_p_skip(0, "101001101");
}

static void test_cabac_p_skip_idc1(void)
{
	test_cabac_p_skip(1, "1111111011");
}

static void test_cabac_p_skip_idc2(void)
{
	test_cabac_p_skip(2, "1111111011");
}

/* CAVLC: mb_type ue(25) = 000011010, rbsp_stop_one_bit after the PCM. */
static void test_cavlc_i(void)
{
	struct one_mb m = { .qp = 26 };
	struct bitstr e = { .n = 0 };

	bits_add(&e, "000011010");
	bits_pad0(&e);
	bits_add_pcm(&e);
	bits_add(&e, "1");
	bits_pad0(&e);
	run_one_mb(&m, &e);
}

/* P: mb_skip_run 0 ("1"), mb_type ue(30) = 000011111. */
static void test_cavlc_p_pcm(void)
{
	struct one_mb m = { .p_slice = true, .qp = 26 };
	struct bitstr e = { .n = 0 };

	bits_add(&e, "1 000011111");
	bits_pad0(&e);
	bits_add_pcm(&e);
	bits_add(&e, "1");
	bits_pad0(&e);
	run_one_mb(&m, &e);
}

/* P, all skipped: final mb_skip_run 1 ("010"), then the stop bit. */
static void test_cavlc_p_skip(void)
{
	struct one_mb m = { .p_slice = true, .same_as_ref = true, .qp = 26 };
	struct bitstr e = { .n = 0 };

	bits_add(&e, "010 1");
	bits_pad0(&e);
	run_one_mb(&m, &e);
}

const struct test_case cabac_vector_tests[] = {
	{ "vector_cabac_i_qp26", test_cabac_i_qp26 },
	{ "vector_cabac_i_qp20", test_cabac_i_qp20 },
	{ "vector_cabac_p_pcm_idc0", test_cabac_p_pcm_idc0 },
	{ "vector_cabac_p_skip_idc0", test_cabac_p_skip_idc0 },
	{ "vector_cabac_p_skip_idc1", test_cabac_p_skip_idc1 },
	{ "vector_cabac_p_skip_idc2", test_cabac_p_skip_idc2 },
	{ "vector_cavlc_i", test_cavlc_i },
	{ "vector_cavlc_p_pcm", test_cavlc_p_pcm },
	{ "vector_cavlc_p_skip", test_cavlc_p_skip },
	{ NULL, NULL },
};
