// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit tests for the cedrus H.264 encoder bitstream helpers.
 *
 * Expected bitstreams were laid out by hand from the syntax tables of
 * ITU-T H.264 (7.3.2.1.1, 7.3.2.2, 7.3.3, E.1.1), field by field as noted
 * next to each case, then packed into bytes with emulation prevention
 * (7.4.1) applied to the NAL payload.
 */

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/v4l2-controls.h>
#include <linux/videodev2.h>

#include "../cedrus_h264_bits.h"

/*
 * The sink the tests write through: the bytes the VE would put in the
 * stream buffer, kept in memory. Test-only, so it lives here and not in
 * the driver module.
 */

/**
 * struct cedrus_h264_mem_sink - sink writing bytes to memory
 * @buf:	destination
 * @size:	size of @buf in bytes
 * @len:	complete bytes written
 * @partial:	bits of the incomplete byte, right aligned
 * @partial_bits: number of bits in @partial (0..7)
 * @zero_run:	consecutive 0x00 bytes written (for EP)
 * @ep:		insert emulation prevention bytes
 * @ep_bytes:	number of 0x03 bytes inserted
 * @max_count:	largest put_bits count seen
 *
 * Emulation prevention follows 7.4.1: when EP is on, a byte <= 0x03 that
 * follows two 0x00 bytes is preceded by 0x03, like the VE does.
 */
struct cedrus_h264_mem_sink {
	u8		*buf;
	size_t		size;
	size_t		len;
	u32		partial;
	unsigned int	partial_bits;
	unsigned int	zero_run;
	bool		ep;
	unsigned int	ep_bytes;
	unsigned int	max_count;
};

static int cedrus_h264_mem_sink_byte(struct cedrus_h264_mem_sink *sink,
				     u8 byte)
{
	bool escape = sink->ep && sink->zero_run >= 2 && byte <= 3;

	if (sink->len + escape >= sink->size)
		return -ENOSPC;

	if (escape) {
		sink->buf[sink->len++] = 3;
		sink->ep_bytes++;
		sink->zero_run = 0;
	}

	sink->buf[sink->len++] = byte;
	sink->zero_run = byte ? 0 : sink->zero_run + 1;

	return 0;
}

static int cedrus_h264_mem_sink_put_bits(void *priv, u32 bits,
					 unsigned int count)
{
	struct cedrus_h264_mem_sink *sink = priv;
	int ret;

	sink->max_count = max(sink->max_count, count);

	while (count--) {
		sink->partial = sink->partial << 1 | ((bits >> count) & 1);
		if (++sink->partial_bits < 8)
			continue;

		ret = cedrus_h264_mem_sink_byte(sink, sink->partial);
		if (ret)
			return ret;
		sink->partial = 0;
		sink->partial_bits = 0;
	}

	return 0;
}

static int cedrus_h264_mem_sink_set_ep(void *priv, bool enable)
{
	struct cedrus_h264_mem_sink *sink = priv;

	if (sink->partial_bits)
		return -EINVAL;

	sink->ep = enable;

	return 0;
}

static const struct cedrus_h264_sink_ops cedrus_h264_mem_sink_ops = {
	.put_bits	= cedrus_h264_mem_sink_put_bits,
	.set_ep		= cedrus_h264_mem_sink_set_ep,
};

static void cedrus_h264_mem_sink_init(struct cedrus_h264_mem_sink *sink,
				      u8 *buf, size_t size)
{
	*sink = (struct cedrus_h264_mem_sink) { .buf = buf, .size = size };
}

#define H264_TEST_BUF_SIZE	128

struct h264_test_writer {
	struct cedrus_h264_mem_sink	sink;
	struct cedrus_h264_bw		bw;
	u8				buf[H264_TEST_BUF_SIZE];
};

static void h264_test_writer_init(struct h264_test_writer *w)
{
	cedrus_h264_mem_sink_init(&w->sink, w->buf, sizeof(w->buf));
	cedrus_h264_bw_init(&w->bw, &cedrus_h264_mem_sink_ops, &w->sink);
}

/* Pad the last byte with zeros and flush, as a test ending. */
static int h264_test_writer_finish(struct h264_test_writer *w)
{
	unsigned int pad = (8 - w->bw.bits % 8) % 8;

	if (pad)
		cedrus_h264_put_u(&w->bw, 0, pad);

	return cedrus_h264_bw_flush(&w->bw);
}

/* ue(v) and se(v), 9.1 and 9.1.1 */

struct h264_golomb_case {
	const char	*desc;
	bool		is_signed;
	s64		value;
	unsigned int	bits;
	u8		bytes[9];
};

static const struct h264_golomb_case h264_golomb_cases[] = {
	{ "ue 0: 1", false, 0, 1, { 0x80 } },
	{ "ue 1: 010", false, 1, 3, { 0x40 } },
	{ "ue 2: 011", false, 2, 3, { 0x60 } },
	{ "ue 3: 00100", false, 3, 5, { 0x20 } },
	{ "ue 4: 00101", false, 4, 5, { 0x28 } },
	{ "ue 7: 0001000", false, 7, 7, { 0x10 } },
	{ "ue 8: 0001001", false, 8, 7, { 0x12 } },
	/* 255 = 11111111 after 7 zeros */
	{ "ue 254", false, 254, 15, { 0x01, 0xfe } },
	/* 256 = 1 00000000 after 8 zeros */
	{ "ue 255", false, 255, 17, { 0x00, 0x80, 0x00 } },
	/* 65535 = sixteen ones after 15 zeros */
	{ "ue 65534", false, 65534, 31, { 0x00, 0x01, 0xff, 0xfe } },
	/* 2^32 - 1 = 32 ones after 31 zeros */
	{ "ue 2^32-2", false, 0xfffffffeLL, 63,
	  { 0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xfe } },
	/* 2^32 = 1 and 32 zeros, after 32 zeros */
	{ "ue 2^32-1", false, 0xffffffffLL, 65,
	  { 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00 } },
	{ "se 0: 1", true, 0, 1, { 0x80 } },
	{ "se 1: 010", true, 1, 3, { 0x40 } },
	{ "se -1: 011", true, -1, 3, { 0x60 } },
	{ "se 2: 00100", true, 2, 5, { 0x20 } },
	{ "se -2: 00101", true, -2, 5, { 0x28 } },
	/* codeNum 23: 24 = 11000 after 4 zeros */
	{ "se 12", true, 12, 9, { 0x0c, 0x00 } },
	/* codeNum 24: 25 = 11001 after 4 zeros */
	{ "se -12", true, -12, 9, { 0x0c, 0x80 } },
	/* codeNum 2^32 - 3: 0xfffffffe after 31 zeros */
	{ "se S32_MAX", true, S32_MAX, 63,
	  { 0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xfc } },
	/* codeNum 2^32: 2^32 + 1 = 1, 31 zeros, 1 after 32 zeros */
	{ "se S32_MIN", true, S32_MIN, 65,
	  { 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80 } },
};

static void h264_golomb_desc(const struct h264_golomb_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(h264_golomb, h264_golomb_cases, h264_golomb_desc);

static void h264_golomb_test(struct kunit *test)
{
	const struct h264_golomb_case *c = test->param_value;
	struct h264_test_writer *w;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	h264_test_writer_init(w);

	if (c->is_signed)
		cedrus_h264_put_se(&w->bw, c->value);
	else
		cedrus_h264_put_ue(&w->bw, c->value);

	KUNIT_EXPECT_EQ(test, w->bw.bits, (u64)c->bits);
	KUNIT_ASSERT_EQ(test, h264_test_writer_finish(w), 0);
	KUNIT_ASSERT_EQ(test, w->sink.len, (size_t)DIV_ROUND_UP(c->bits, 8));
	KUNIT_EXPECT_MEMEQ(test, w->buf, c->bytes, w->sink.len);
}

/* u(n) packing and batching into the sink */

struct h264_pack_case {
	const char	*desc;
	unsigned int	count;
	u32		values[6];
	unsigned int	widths[6];
	size_t		len;
	u8		bytes[12];
	unsigned int	sink_calls;
};

static const struct h264_pack_case h264_pack_cases[] = {
	/*
	 * 101 1010101111001101 1 then 32 ones then 0000: 56 bits, three
	 * 16-bit calls and 8 bits at the flush
	 */
	{ "mixed widths", 5, { 0x5, 0xabcd, 0x1, 0xffffffff, 0x0 },
	  { 3, 16, 1, 32, 4 }, 7,
	  { 0xb5, 0x79, 0xbf, 0xff, 0xff, 0xff, 0xf0 }, 4 },
	/* bits above the width are ignored */
	{ "value masked", 2, { 0xff, 0x3 }, { 4, 4 }, 1, { 0xf3 }, 1 },
	/*
	 * 3 × 20 bits: three 16-bit calls, then 12 bits at the flush; the
	 * last 4 bits stay in the sink's partial byte.
	 */
	{ "batching", 3, { 0xfffff, 0x00000, 0xfffff }, { 20, 20, 20 }, 7,
	  { 0xff, 0xff, 0xf0, 0x00, 0x00, 0xff, 0xff }, 4 },
	/* 32 bits go out as two calls; nothing is left for the flush */
	{ "32 bits", 1, { 0x12345678 }, { 32 }, 4,
	  { 0x12, 0x34, 0x56, 0x78 }, 2 },
	{ "4 × 32 bits", 4, { 0x01234567, 0x89abcdef, 0x0, 0xffffffff },
	  { 32, 32, 32, 32 }, 16,
	  { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	    0x00, 0x00, 0x00, 0x00 }, 8 },
};

static void h264_pack_desc(const struct h264_pack_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(h264_pack, h264_pack_cases, h264_pack_desc);

static void h264_pack_test(struct kunit *test)
{
	const struct h264_pack_case *c = test->param_value;
	struct h264_test_writer *w;
	unsigned int i;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	h264_test_writer_init(w);

	for (i = 0; i < c->count; i++)
		cedrus_h264_put_u(&w->bw, c->values[i], c->widths[i]);

	KUNIT_ASSERT_EQ(test, cedrus_h264_bw_flush(&w->bw), 0);
	KUNIT_EXPECT_EQ(test, w->bw.sink_calls, c->sink_calls);
	/* the VE's NUM_BITS field is 5 bits wide: never more than 16 */
	KUNIT_EXPECT_LE(test, w->sink.max_count, 16U);
	KUNIT_ASSERT_EQ(test, w->sink.len, c->len);
	KUNIT_EXPECT_MEMEQ(test, w->buf, c->bytes,
			   min_t(size_t, c->len, sizeof(c->bytes)));
}

/* Emulation prevention: never in the start code, always in the payload. */
static void h264_nal_ep_test(struct kunit *test)
{
	static const u8 expected[] = {
		0x00, 0x00, 0x00, 0x01, 0x41,
		/* payload 00 00 00 01 00 00 02: each third byte escaped */
		0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x03, 0x02,
	};
	struct h264_test_writer *w;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	h264_test_writer_init(w);

	KUNIT_ASSERT_EQ(test, cedrus_h264_put_nal_header(&w->bw, 2, 1), 0);
	/* the start code went out with EP off, EP is on again */
	KUNIT_EXPECT_EQ(test, w->sink.len, (size_t)4);
	KUNIT_EXPECT_TRUE(test, w->sink.ep);
	cedrus_h264_put_u(&w->bw, 0x00000001, 32);
	cedrus_h264_put_u(&w->bw, 0x000002, 24);
	KUNIT_ASSERT_EQ(test, cedrus_h264_bw_flush(&w->bw), 0);

	KUNIT_EXPECT_EQ(test, w->sink.ep_bytes, 2U);
	KUNIT_ASSERT_EQ(test, w->sink.len, sizeof(expected));
	KUNIT_EXPECT_MEMEQ(test, w->buf, expected, sizeof(expected));
}

/* A NAL header may only start on a byte boundary. */
static void h264_nal_unaligned_test(struct kunit *test)
{
	struct h264_test_writer *w;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	h264_test_writer_init(w);

	cedrus_h264_put_flag(&w->bw, true);
	KUNIT_EXPECT_EQ(test, cedrus_h264_put_nal_header(&w->bw, 3, 7),
			-EINVAL);
}

/* A full sink stops the writer and reports the error. */
static void h264_sink_full_test(struct kunit *test)
{
	struct cedrus_h264_mem_sink sink;
	struct cedrus_h264_bw bw;
	u8 buf[4];
	int i;

	cedrus_h264_mem_sink_init(&sink, buf, sizeof(buf));
	cedrus_h264_bw_init(&bw, &cedrus_h264_mem_sink_ops, &sink);

	for (i = 0; i < 3; i++)
		cedrus_h264_put_u(&bw, 0xffffffff, 32);

	KUNIT_EXPECT_EQ(test, cedrus_h264_bw_flush(&bw), -ENOSPC);
	KUNIT_EXPECT_LE(test, sink.len, sizeof(buf));
}

/* Parameter sets and slice headers */

struct h264_nal_case {
	const char			*desc;
	const struct cedrus_h264_sps	*sps;
	const struct cedrus_h264_pps	*pps;
	const struct cedrus_h264_slice	*slice;
	/* header payload bits */
	unsigned int			rbsp_bits;
	size_t				len;
	u8				bytes[40];
};

/*
 * 320x240 Baseline (66, set0), level_idc 13, no crop, no SAR, 30 fps.
 * 42 80 0d | id ue0 1 | log2_max_frame_num-4 ue4 00101 | poc_type 1 |
 * log2_max_poc_lsb-4 00101 | max_num_ref_frames ue1 010 | gaps 0 |
 * width-1 ue19 000010100 | height-1 ue14 0001111 | frame_mbs_only 1 |
 * direct_8x8 1 | crop 0 | vui 1 | sar 0, overscan 0, signal 0, chroma_loc 0 |
 * timing 1, num_units_in_tick 00000001, time_scale 0000003c, fixed 1 |
 * hrd 0 0, pic_struct 0 | restriction 1, mv_over_boundaries 1, ue2 011,
 * ue1 010, ue15 000010000 ×2, reorder ue0 1, dec_frame_buffering ue1 010 |
 * stop bit 1 + 7 zeros. The timing fields make 00 00 00 and 00 00 00 in the
 * payload: the first needs an emulation prevention byte.
 */
static const struct cedrus_h264_sps h264_sps_320 = {
	.profile_idc = 66, .constraint_flags = 0x80, .level_idc = 13,
	.width_mbs = 20, .height_mbs = 15,
	.num_units_in_tick = 1, .time_scale = 60,
};

/*
 * 1920x1080 High (100), level_idc 40, crop bottom 8 lines (offset 4),
 * extended SAR 16:11, 29.97 fps (1001 / 60000). High adds chroma_format_idc
 * ue1, two bit depths ue0, two zero flags after the SPS id.
 */
static const struct cedrus_h264_sps h264_sps_1080 = {
	.profile_idc = 100, .constraint_flags = 0, .level_idc = 40,
	.width_mbs = 120, .height_mbs = 68, .crop_bottom = 8,
	.sar_present = true, .aspect_ratio_idc = 255,
	.sar_width = 16, .sar_height = 11,
	.num_units_in_tick = 1001, .time_scale = 60000,
};

/* 1280x720 Main (77, set1), level_idc 31, SAR 1:1, no timing info. */
static const struct cedrus_h264_sps h264_sps_720 = {
	.profile_idc = 77, .constraint_flags = 0x40, .level_idc = 31,
	.width_mbs = 80, .height_mbs = 45,
	.sar_present = true, .aspect_ratio_idc = 1,
};

/*
 * The 320x240 SPS with a colour description (E.1.1), for full-range JPEG
 * (V4L2_COLORSPACE_JPEG): signal 1 | video_format u3 101 (unspecified) |
 * full_range 1 | colour_description 1 | colour_primaries u8 1 (BT.709,
 * Table E-3) | transfer_characteristics u8 13 (IEC 61966-2-1 sRGB, E-4) |
 * matrix_coefficients u8 6 (BT.601, E-5), in place of the lone signal 0:
 * 29 more bits. The timing zeros now fall as 00 00 00 04 and 00 00 00 f2:
 * both need an emulation prevention byte.
 */
static const struct cedrus_h264_sps h264_sps_320_jpeg = {
	.profile_idc = 66, .constraint_flags = 0x80, .level_idc = 13,
	.width_mbs = 20, .height_mbs = 15,
	.colour = true, .full_range = true,
	.colour_primaries = 1, .transfer = 13, .matrix = 6,
	.num_units_in_tick = 1, .time_scale = 60,
};

/* The same with BT.2020 primaries (9), PQ (16), BT.2020 NCL (9), limited */
static const struct cedrus_h264_sps h264_sps_320_pq = {
	.profile_idc = 66, .constraint_flags = 0x80, .level_idc = 13,
	.width_mbs = 20, .height_mbs = 15,
	.colour = true, .colour_primaries = 9, .transfer = 16, .matrix = 9,
	.num_units_in_tick = 1, .time_scale = 60,
};

/* The 1080p SPS, limited-range BT.709 (1, 1, 1) after the extended SAR */
static const struct cedrus_h264_sps h264_sps_1080_709 = {
	.profile_idc = 100, .constraint_flags = 0, .level_idc = 40,
	.width_mbs = 120, .height_mbs = 68, .crop_bottom = 8,
	.sar_present = true, .aspect_ratio_idc = 255,
	.sar_width = 16, .sar_height = 11,
	.colour = true, .colour_primaries = 1, .transfer = 1, .matrix = 1,
	.num_units_in_tick = 1001, .time_scale = 60000,
};

/*
 * PPS ids ue0 ue0 | entropy | bottom_field_poc 0 | slice groups ue0 |
 * ref idx ue0 ue0 | weighted 0 00 | init qp se | init qs se0 |
 * chroma offset se | deblocking control 1 | constrained intra 0 |
 * redundant 0 | stop bit.
 */
static const struct cedrus_h264_pps h264_pps_cavlc = {
	.cabac = false, .pic_init_qp = 26, .chroma_qp_index_offset = 0,
};

static const struct cedrus_h264_pps h264_pps_cabac = {
	.cabac = true, .pic_init_qp = 26, .chroma_qp_index_offset = -2,
};

static const struct cedrus_h264_pps h264_pps_cabac_qp34 = {
	.cabac = true, .pic_init_qp = 34, .chroma_qp_index_offset = 5,
};

/*
 * IDR: first_mb ue0 1 | slice_type ue2 011 | pps ue0 1 | frame_num u8 |
 * idr_pic_id ue | poc_lsb u8 | no_output 0, long_term 0 | qp_delta se |
 * deblock idc ue (+ alpha, beta se when idc != 1).
 */
static const struct cedrus_h264_slice h264_slice_idr0 = {
	.type = CEDRUS_H264_FRAME_IDR, .qp = 26, .pic_init_qp = 26,
	.deblock_idc = 1,
};

static const struct cedrus_h264_slice h264_slice_idr1 = {
	.type = CEDRUS_H264_FRAME_IDR, .idr_pic_id = 1, .qp = 30,
	.pic_init_qp = 26, .deblock_idc = 0,
};

/* non-IDR I: no idr_pic_id, adaptive_ref_pic_marking 0 */
static const struct cedrus_h264_slice h264_slice_i = {
	.type = CEDRUS_H264_FRAME_I, .qp = 51, .pic_init_qp = 26,
	.deblock_idc = 1,
};

/* P CABAC: slice_type ue0 | override 0 | modification 0 | adaptive 0 |
 * cabac_init_idc ue1
 */
static const struct cedrus_h264_slice h264_slice_p_cabac = {
	.type = CEDRUS_H264_FRAME_P, .cabac = true, .cabac_init_idc = 1,
	.frame_num = 5, .poc_lsb = 10, .qp = 30, .pic_init_qp = 26,
	.deblock_idc = 0, .alpha_div2 = -3, .beta_div2 = 2,
};

/* P CAVLC at the frame_num / POC wrap */
static const struct cedrus_h264_slice h264_slice_p_wrap = {
	.type = CEDRUS_H264_FRAME_P, .frame_num = 255, .poc_lsb = 254,
	.qp = 20, .pic_init_qp = 26, .deblock_idc = 2,
	.alpha_div2 = 6, .beta_div2 = -6,
};

static const struct h264_nal_case h264_nal_cases[] = {
	{ "SPS 320x240 baseline", .sps = &h264_sps_320, .rbsp_bits = 168,
	  .len = 27, .bytes = {
		0x00, 0x00, 0x00, 0x01, 0x67, 0x42, 0x80, 0x0d, 0x96, 0x54,
		0x0a, 0x0f, 0xd0, 0x80, 0x00, 0x00, 0x03, 0x00, 0x80, 0x00,
		0x00, 0x1e, 0x46, 0xd0, 0x40, 0x21, 0x50 } },
	{ "SPS 1080p high crop SAR", .sps = &h264_sps_1080, .rbsp_bits = 232,
	  .len = 34, .bytes = {
		0x00, 0x00, 0x00, 0x01, 0x67, 0x64, 0x00, 0x28, 0xac, 0x2c,
		0xa8, 0x07, 0x80, 0x22, 0x7e, 0x5f, 0xfc, 0x00, 0x40, 0x00,
		0x2c, 0x40, 0x00, 0x00, 0xfa, 0x40, 0x00, 0x3a, 0x98, 0x23,
		0x68, 0x20, 0x10, 0xa8 } },
	{ "SPS 320x240 full-range JPEG colour", .sps = &h264_sps_320_jpeg,
	  .rbsp_bits = 200, .len = 32, .bytes = {
		0x00, 0x00, 0x00, 0x01, 0x67, 0x42, 0x80, 0x0d, 0x96, 0x54,
		0x0a, 0x0f, 0xd3, 0x70, 0x10, 0xd0, 0x64, 0x00, 0x00, 0x03,
		0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xf2, 0x36, 0x82, 0x01,
		0x0a, 0x80 } },
	{ "SPS 320x240 BT.2020 PQ", .sps = &h264_sps_320_pq,
	  .rbsp_bits = 200, .len = 32, .bytes = {
		0x00, 0x00, 0x00, 0x01, 0x67, 0x42, 0x80, 0x0d, 0x96, 0x54,
		0x0a, 0x0f, 0xd3, 0x50, 0x91, 0x00, 0x94, 0x00, 0x00, 0x03,
		0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xf2, 0x36, 0x82, 0x01,
		0x0a, 0x80 } },
	{ "SPS 1080p BT.709 limited", .sps = &h264_sps_1080_709,
	  .rbsp_bits = 264, .len = 38, .bytes = {
		0x00, 0x00, 0x00, 0x01, 0x67, 0x64, 0x00, 0x28, 0xac, 0x2c,
		0xa8, 0x07, 0x80, 0x22, 0x7e, 0x5f, 0xfc, 0x00, 0x40, 0x00,
		0x2d, 0xa8, 0x08, 0x08, 0x0a, 0x00, 0x00, 0x07, 0xd2, 0x00,
		0x01, 0xd4, 0xc1, 0x1b, 0x41, 0x00, 0x85, 0x40 } },
	{ "SPS 720p main", .sps = &h264_sps_720, .rbsp_bits = 120,
	  .len = 20, .bytes = {
		0x00, 0x00, 0x00, 0x01, 0x67, 0x4d, 0x40, 0x1f, 0x96, 0x54,
		0x02, 0x80, 0x2d, 0xd8, 0x08, 0x0d, 0xa0, 0x80, 0x42, 0xa0 } },
	{ "PPS CAVLC", .pps = &h264_pps_cavlc, .rbsp_bits = 24, .len = 8,
	  .bytes = { 0x00, 0x00, 0x00, 0x01, 0x68, 0xce, 0x3c, 0x80 } },
	{ "PPS CABAC cqo -2", .pps = &h264_pps_cabac, .rbsp_bits = 24,
	  .len = 8,
	  .bytes = { 0x00, 0x00, 0x00, 0x01, 0x68, 0xee, 0x32, 0xc8 } },
	{ "PPS CABAC qp 34 cqo 5", .pps = &h264_pps_cabac_qp34,
	  .rbsp_bits = 32, .len = 9,
	  .bytes = { 0x00, 0x00, 0x00, 0x01, 0x68, 0xee, 0x02, 0x11, 0x52 } },
	{ "slice IDR id 0 no deblock", .slice = &h264_slice_idr0,
	  .rbsp_bits = 28, .len = 9,
	  .bytes = { 0x00, 0x00, 0x00, 0x01, 0x65, 0xb8, 0x04, 0x00, 0xa0 } },
	{ "slice IDR id 1 qp 30", .slice = &h264_slice_idr1,
	  .rbsp_bits = 36, .len = 10,
	  .bytes = { 0x00, 0x00, 0x00, 0x01, 0x65, 0xb8, 0x02, 0x00, 0x04,
		     0x70 } },
	{ "slice I qp 51", .slice = &h264_slice_i, .rbsp_bits = 36,
	  .len = 10,
	  .bytes = { 0x00, 0x00, 0x00, 0x01, 0x41, 0xb8, 0x00, 0x00, 0x19,
		     0x20 } },
	{ "slice P CABAC offsets", .slice = &h264_slice_p_cabac,
	  .rbsp_bits = 43, .len = 11,
	  .bytes = { 0x00, 0x00, 0x00, 0x01, 0x41, 0xe0, 0xa1, 0x41, 0x08,
		     0x9c, 0x80 } },
	{ "slice P wrap idc 2", .slice = &h264_slice_p_wrap,
	  .rbsp_bits = 46, .len = 11,
	  .bytes = { 0x00, 0x00, 0x00, 0x01, 0x41, 0xff, 0xff, 0xc0, 0x6b,
		     0x18, 0x34 } },
};

static void h264_nal_desc(const struct h264_nal_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(h264_nal, h264_nal_cases, h264_nal_desc);

static void h264_nal_test(struct kunit *test)
{
	const struct h264_nal_case *c = test->param_value;
	struct h264_test_writer *w;
	int ret;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	h264_test_writer_init(w);

	if (c->sps)
		ret = cedrus_h264_write_sps(&w->bw, c->sps);
	else if (c->pps)
		ret = cedrus_h264_write_pps(&w->bw, c->pps);
	else
		ret = cedrus_h264_write_slice_header(&w->bw, c->slice);
	KUNIT_ASSERT_EQ(test, ret, 0);

	/* start code and NAL header are 40 bits */
	KUNIT_EXPECT_EQ(test, w->bw.bits - 40, (u64)c->rbsp_bits);
	/* two calls for the start code, then header + payload 16 bits a call */
	KUNIT_EXPECT_EQ(test, w->bw.sink_calls,
			2 + DIV_ROUND_UP(8 + c->rbsp_bits, 16));
	KUNIT_EXPECT_LE(test, w->sink.max_count, 16U);

	KUNIT_ASSERT_EQ(test, h264_test_writer_finish(w), 0);
	KUNIT_ASSERT_EQ(test, w->sink.len, c->len);
	KUNIT_EXPECT_MEMEQ(test, w->buf, c->bytes, c->len);
}

/* Profile and level maps */

struct h264_profile_case {
	u32	v4l2;
	int	ret;
	u8	profile_idc;
	u8	constraint_flags;
};

static const struct h264_profile_case h264_profile_cases[] = {
	{ V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE, 0, 66, 0x80 },
	{ V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE, 0, 66, 0xc0 },
	{ V4L2_MPEG_VIDEO_H264_PROFILE_MAIN, 0, 77, 0x40 },
	{ V4L2_MPEG_VIDEO_H264_PROFILE_HIGH, 0, 100, 0x00 },
	{ V4L2_MPEG_VIDEO_H264_PROFILE_EXTENDED, -EINVAL, 0, 0 },
	{ V4L2_MPEG_VIDEO_H264_PROFILE_HIGH_10, -EINVAL, 0, 0 },
};

static void h264_profile_desc(const struct h264_profile_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "v4l2 profile %u", c->v4l2);
}

KUNIT_ARRAY_PARAM(h264_profile, h264_profile_cases, h264_profile_desc);

static void h264_profile_test(struct kunit *test)
{
	const struct h264_profile_case *c = test->param_value;
	u8 profile_idc = 0, flags = 0;

	KUNIT_ASSERT_EQ(test, cedrus_h264_profile_map(c->v4l2, &profile_idc,
						      &flags), c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, profile_idc, c->profile_idc);
	KUNIT_EXPECT_EQ(test, flags, c->constraint_flags);
}

struct h264_level_case {
	u32	v4l2;
	u8	profile_idc;
	u8	level_idc;
	u8	flags_after;	/* starting from 0x80 */
};

static const struct h264_level_case h264_level_cases[] = {
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1_0, 66, 10, 0x80 },
	/* 1b: level_idc 11 + constraint_set3 in Baseline/Main, 9 in High */
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1B, 66, 11, 0x90 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1B, 77, 11, 0x90 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1B, 100, 9, 0x80 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_1_1, 66, 11, 0x80 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_3_1, 77, 31, 0x80 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_4_0, 100, 40, 0x80 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_5_1, 100, 51, 0x80 },
	{ V4L2_MPEG_VIDEO_H264_LEVEL_6_2, 100, 62, 0x80 },
};

static void h264_level_desc(const struct h264_level_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "v4l2 level %u profile %u",
		 c->v4l2, c->profile_idc);
}

KUNIT_ARRAY_PARAM(h264_level, h264_level_cases, h264_level_desc);

static void h264_level_test(struct kunit *test)
{
	const struct h264_level_case *c = test->param_value;
	u8 flags = 0x80;

	KUNIT_EXPECT_EQ(test, cedrus_h264_level_idc(c->v4l2, c->profile_idc,
						    &flags), c->level_idc);
	KUNIT_EXPECT_EQ(test, flags, c->flags_after);
}

struct h264_level_min_case {
	const char	*desc;
	u32		width_mbs;
	u32		height_mbs;
	u32		fps_num;
	u32		fps_den;
	u32		level;
};

/* Table A-1: MaxFS / MaxMBPS, and each side <= sqrt(8 × MaxFS) */
static const struct h264_level_min_case h264_level_min_cases[] = {
	/* 99 MBs at 15 fps: 1485 MB/s */
	{ "176x144@15", 11, 9, 15, 1, V4L2_MPEG_VIDEO_H264_LEVEL_1_0 },
	/* 300 MBs, 9000 MB/s: above 1.2's 6000 */
	{ "320x240@30", 20, 15, 30, 1, V4L2_MPEG_VIDEO_H264_LEVEL_1_3 },
	/* 3600 MBs, 108000 MB/s */
	{ "1280x720@30", 80, 45, 30, 1, V4L2_MPEG_VIDEO_H264_LEVEL_3_1 },
	/* 8160 MBs, 244800 MB/s */
	{ "1920x1088@30", 120, 68, 30, 1, V4L2_MPEG_VIDEO_H264_LEVEL_4_0 },
	/* 29.97 fps */
	{ "1920x1088@29.97", 120, 68, 30000, 1001,
	  V4L2_MPEG_VIDEO_H264_LEVEL_4_0 },
	/* 489600 MB/s */
	{ "1920x1088@60", 120, 68, 60, 1, V4L2_MPEG_VIDEO_H264_LEVEL_4_2 },
	/* 36864 MBs, 1105920 MB/s: above 5.1's 983040 */
	{ "4096x2304@30", 256, 144, 30, 1, V4L2_MPEG_VIDEO_H264_LEVEL_5_2 },
	/* 256 MBs wide: 256^2 <= 8 × MaxFS first holds at 4.0 (8192) */
	{ "4096x16@30", 256, 1, 30, 1, V4L2_MPEG_VIDEO_H264_LEVEL_4_0 },
};

static void h264_level_min_desc(const struct h264_level_min_case *c,
				char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(h264_level_min, h264_level_min_cases, h264_level_min_desc);

static void h264_level_min_test(struct kunit *test)
{
	const struct h264_level_min_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, cedrus_h264_level_min(c->width_mbs, c->height_mbs,
						    c->fps_num, c->fps_den),
			c->level);
}

/* Table A-1 limits of one given level (no raising, see level_min) */
struct h264_level_fits_case {
	const char	*desc;
	u32		level;
	u32		width_mbs;
	u32		height_mbs;
	u32		fps_num;
	u32		fps_den;
	bool		fits;
};

static const struct h264_level_fits_case h264_level_fits_cases[] = {
	/* 8160 MBs <= 8192, 244800 MB/s <= 245760 */
	{ "4.0 1920x1088@30", V4L2_MPEG_VIDEO_H264_LEVEL_4_0, 120, 68, 30, 1,
	  true },
	/* 4.1 has the limits of 4.0 */
	{ "4.1 1920x1088@30", V4L2_MPEG_VIDEO_H264_LEVEL_4_1, 120, 68, 30, 1,
	  true },
	/* 8160 MBs > 3.2's 5120 */
	{ "3.2 1920x1088@30", V4L2_MPEG_VIDEO_H264_LEVEL_3_2, 120, 68, 30, 1,
	  false },
	/* 489600 MB/s > 245760 */
	{ "4.0 1920x1088@60", V4L2_MPEG_VIDEO_H264_LEVEL_4_0, 120, 68, 60, 1,
	  false },
	/* 489600 <= 4.2's 522240 */
	{ "4.2 1920x1088@60", V4L2_MPEG_VIDEO_H264_LEVEL_4_2, 120, 68, 60, 1,
	  true },
	/* 99 MBs at 15 fps: 1485 MB/s, 1.0's limit exactly */
	{ "1.0 176x144@15", V4L2_MPEG_VIDEO_H264_LEVEL_1_0, 11, 9, 15, 1,
	  true },
	/* 1584 MB/s */
	{ "1.0 176x144@16", V4L2_MPEG_VIDEO_H264_LEVEL_1_0, 11, 9, 16, 1,
	  false },
	{ "1b 176x144@15", V4L2_MPEG_VIDEO_H264_LEVEL_1B, 11, 9, 15, 1, true },
	/* 2.0: 396 MBs, 11880 MB/s; 352x288 is 396 MBs, 30 fps 11880 */
	{ "2.0 352x288@30", V4L2_MPEG_VIDEO_H264_LEVEL_2_0, 22, 18, 30, 1,
	  true },
	/* 29.97 fps: 8160 × 30000 / 1001 = 244555 MB/s */
	{ "4.0 1920x1088@29.97", V4L2_MPEG_VIDEO_H264_LEVEL_4_0, 120, 68,
	  30000, 1001, true },
	/* 256 MBs wide: 256^2 = 65536 > 8 × 5120, = 8 × 8192 */
	{ "3.2 4096x16", V4L2_MPEG_VIDEO_H264_LEVEL_3_2, 256, 1, 30, 1, false },
	{ "4.0 4096x16", V4L2_MPEG_VIDEO_H264_LEVEL_4_0, 256, 1, 30, 1, true },
	/* no frame rate: the size alone */
	{ "3.1 1280x720 no rate", V4L2_MPEG_VIDEO_H264_LEVEL_3_1, 80, 45, 0, 0,
	  true },
	{ "unknown level", 100, 1, 1, 1, 1, false },
};

static void h264_level_fits_desc(const struct h264_level_fits_case *c,
				 char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(h264_level_fits, h264_level_fits_cases,
		  h264_level_fits_desc);

static void h264_level_fits_test(struct kunit *test)
{
	const struct h264_level_fits_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, cedrus_h264_level_fits(c->level, c->width_mbs,
						     c->height_mbs, c->fps_num,
						     c->fps_den),
			c->fits);
}

static void h264_level_name_test(struct kunit *test)
{
	static const struct {
		u32		level;
		const char	*name;
	} cases[] = {
		{ V4L2_MPEG_VIDEO_H264_LEVEL_1B, "1b" },
		{ V4L2_MPEG_VIDEO_H264_LEVEL_4_1, "4.1" },
		{ V4L2_MPEG_VIDEO_H264_LEVEL_6_2, "6.2" },
		{ 100, "?" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_STREQ(test, cedrus_h264_level_name(cases[i].level),
				   cases[i].name);
}

/*
 * V4L2 colorimetry -> VUI colour fields. Expected values from H.264 Tables
 * E-3 (colour_primaries), E-4 (transfer_characteristics) and E-5
 * (matrix_coefficients), the V4L2 defaults resolved by hand from the
 * colorspace documentation: REC709 -> 709 transfer and encoding; SMPTE170M,
 * 470 M/BG -> 709 transfer, 601 encoding; SRGB -> sRGB transfer, 601;
 * JPEG -> sRGB transfer, 601, full range; BT2020 -> 709 transfer, BT2020
 * encoding; SMPTE240M -> its own; DCI_P3 -> DCI-P3 transfer, 709; OPRGB ->
 * opRGB transfer, 601; RAW -> no transfer (linear), 601. Y'CbCr is limited
 * range unless JPEG or asked.
 */
struct h264_colour_case {
	const char	*desc;
	u32		colorspace;
	u32		xfer_func;
	u32		ycbcr_enc;
	u32		quantization;
	bool		full_range;
	u8		primaries;
	u8		transfer;
	u8		matrix;
};

static const struct h264_colour_case h264_colour_cases[] = {
	{ "REC709 defaults", V4L2_COLORSPACE_REC709, 0, 0, 0, false, 1, 1, 1 },
	{ "SMPTE170M defaults", V4L2_COLORSPACE_SMPTE170M, 0, 0, 0, false,
	  6, 1, 6 },
	{ "JPEG defaults", V4L2_COLORSPACE_JPEG, 0, 0, 0, true, 1, 13, 6 },
	{ "SRGB defaults", V4L2_COLORSPACE_SRGB, 0, 0, 0, false, 1, 13, 6 },
	{ "470 BG defaults", V4L2_COLORSPACE_470_SYSTEM_BG, 0, 0, 0, false,
	  5, 1, 6 },
	{ "470 M defaults", V4L2_COLORSPACE_470_SYSTEM_M, 0, 0, 0, false,
	  4, 1, 6 },
	{ "SMPTE240M defaults", V4L2_COLORSPACE_SMPTE240M, 0, 0, 0, false,
	  7, 7, 7 },
	{ "BT2020 PQ", V4L2_COLORSPACE_BT2020, V4L2_XFER_FUNC_SMPTE2084, 0, 0,
	  false, 9, 16, 9 },
	{ "BT2020 constant luminance", V4L2_COLORSPACE_BT2020, 0,
	  V4L2_YCBCR_ENC_BT2020_CONST_LUM, 0, false, 9, 1, 10 },
	/* no H.264 code for the DCI-P3 transfer: unspecified (2) */
	{ "DCI_P3 defaults", V4L2_COLORSPACE_DCI_P3, 0, 0, 0, false, 11, 2, 1 },
	/* no H.264 code for opRGB primaries or transfer */
	{ "OPRGB defaults", V4L2_COLORSPACE_OPRGB, 0, 0, 0, false, 2, 2, 6 },
	{ "RAW defaults", V4L2_COLORSPACE_RAW, 0, 0, 0, false, 2, 8, 6 },
	{ "REC709 full xvYCC709 linear", V4L2_COLORSPACE_REC709,
	  V4L2_XFER_FUNC_NONE, V4L2_YCBCR_ENC_XV709,
	  V4L2_QUANTIZATION_FULL_RANGE, true, 1, 8, 1 },
	{ "JPEG asked limited", V4L2_COLORSPACE_JPEG, 0, 0,
	  V4L2_QUANTIZATION_LIM_RANGE, false, 1, 13, 6 },
	{ "REC709 with 601", V4L2_COLORSPACE_REC709, 0, V4L2_YCBCR_ENC_601, 0,
	  false, 1, 1, 6 },
	{ "unknown values", 200, 200, 200, 200, false, 2, 2, 2 },
};

static void h264_colour_desc(const struct h264_colour_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(h264_colour, h264_colour_cases, h264_colour_desc);

static void h264_colour_test(struct kunit *test)
{
	const struct h264_colour_case *c = test->param_value;
	struct cedrus_h264_colour colour;

	cedrus_h264_colour_map(c->colorspace, c->xfer_func, c->ycbcr_enc,
			       c->quantization, &colour);

	KUNIT_EXPECT_EQ(test, colour.full_range, c->full_range);
	KUNIT_EXPECT_EQ(test, colour.primaries, c->primaries);
	KUNIT_EXPECT_EQ(test, colour.transfer, c->transfer);
	KUNIT_EXPECT_EQ(test, colour.matrix, c->matrix);
}

/*
 * The coded buffer bound (A.3.1, A.3.3): 128 + 384 × 8 bits = 400 bytes a
 * macroblock, above an I_PCM macroblock (384 sample bytes, a 9-bit mb_type
 * ue(25) and at most 7 alignment bits: 386 bytes).
 */
static void h264_mb_bytes_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, CEDRUS_H264_MB_BYTES_MAX, 400);
	KUNIT_EXPECT_GE(test, CEDRUS_H264_MB_BYTES_MAX, 384 + 2);
}

static void h264_sar_idc_test(struct kunit *test)
{
	static const struct {
		u32	v4l2;
		u8	idc;
	} cases[] = {
		{ V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_UNSPECIFIED, 0 },
		{ V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_1x1, 1 },
		{ V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_16x11, 4 },
		{ V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_2x1, 16 },
		{ V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_EXTENDED, 255 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ(test, cedrus_h264_sar_idc(cases[i].v4l2),
				cases[i].idc);
}

/* GOP sequencer */

struct h264_gop_case {
	const char	*desc;
	bool		closure;
	u32		gop_size;
	u32		i_period;
	/* frame with FORCE_KEY_FRAME, -1: none */
	int		force_at;
	/* D = IDR, I = non-IDR I, P; one letter per frame */
	const char	*types;
	u8		frame_num[12];
	u8		idr_pic_id[12];
};

static const struct h264_gop_case h264_gop_cases[] = {
	{ "closed gop 3", true, 3, 100, -1, "DPPDPPDP",
	  { 0, 1, 2, 0, 1, 2, 0, 1 }, { 0, 0, 0, 1, 0, 0, 0, 0 } },
	{ "closed gop 1", true, 1, 100, -1, "DDDD",
	  { 0, 0, 0, 0 }, { 0, 1, 0, 1 } },
	{ "closed gop 4 forced", true, 4, 100, 2, "DPDPPPDP",
	  { 0, 1, 0, 1, 2, 3, 0, 1 }, { 0, 0, 1, 0, 0, 0, 0, 0 } },
	/* GOP_SIZE does not matter without closure */
	{ "open i_period 3", false, 2, 3, -1, "DPPIPPIPPI",
	  { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 0 } },
	{ "open i_period 4 forced", false, 12, 4, 5, "DPPPIDPPPIPP",
	  { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6 }, { 0, 0, 0, 0, 0, 1 } },
	{ "open i_period 1", false, 12, 1, -1, "DIII",
	  { 0, 1, 2, 3 }, { 0 } },
	{ "closed gop 2 forced on IDR", true, 2, 100, 2, "DPDPDP",
	  { 0, 1, 0, 1, 0, 1 }, { 0, 0, 1, 0, 0, 0 } },
};

static void h264_gop_desc(const struct h264_gop_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(h264_gop, h264_gop_cases, h264_gop_desc);

static void h264_gop_test(struct kunit *test)
{
	const struct h264_gop_case *c = test->param_value;
	struct cedrus_h264_gop gop = {};
	unsigned int i;

	for (i = 0; c->types[i]; i++) {
		struct cedrus_h264_gop_params params = {
			.closure = c->closure,
			.gop_size = c->gop_size,
			.i_period = c->i_period,
			.force_key = c->force_at == i,
		};
		struct cedrus_h264_frame frame;
		char type;

		cedrus_h264_gop_next(&gop, &params, &frame);
		type = frame.type == CEDRUS_H264_FRAME_IDR ? 'D' :
		       frame.type == CEDRUS_H264_FRAME_I ? 'I' : 'P';

		KUNIT_EXPECT_EQ_MSG(test, type, c->types[i], "frame %u", i);
		KUNIT_EXPECT_EQ_MSG(test, frame.frame_num,
				    (u32)c->frame_num[i], "frame %u", i);
		KUNIT_EXPECT_EQ_MSG(test, frame.poc_lsb,
				    2 * (u32)c->frame_num[i], "frame %u", i);
		if (frame.type == CEDRUS_H264_FRAME_IDR)
			KUNIT_EXPECT_EQ_MSG(test, frame.idr_pic_id,
					    (u32)c->idr_pic_id[i], "frame %u",
					    i);
	}
}

/* frame_num wraps at 2^8 and POC lsb at 2^8 (2 per frame) */
static void h264_gop_wrap_test(struct kunit *test)
{
	struct cedrus_h264_gop_params params = {
		.closure = false, .gop_size = 1, .i_period = 1000,
	};
	struct cedrus_h264_gop gop = {};
	struct cedrus_h264_frame frame;
	unsigned int i;

	for (i = 0; i <= 300; i++) {
		enum cedrus_h264_frame_type type = i ? CEDRUS_H264_FRAME_P :
						       CEDRUS_H264_FRAME_IDR;

		cedrus_h264_gop_next(&gop, &params, &frame);
		KUNIT_EXPECT_EQ(test, frame.type, type);
	}

	/* frame 300: 300 - 256 = 44; POC 600 mod 256 = 88 */
	KUNIT_EXPECT_EQ(test, frame.frame_num, 44U);
	KUNIT_EXPECT_EQ(test, frame.poc_lsb, 88U);
}

/* A reset context (zeroed state) starts again with an IDR. */
static void h264_gop_restart_test(struct kunit *test)
{
	struct cedrus_h264_gop_params params = {
		.closure = true, .gop_size = 10, .i_period = 10,
	};
	struct cedrus_h264_gop gop = {};
	struct cedrus_h264_frame frame;

	cedrus_h264_gop_next(&gop, &params, &frame);
	cedrus_h264_gop_next(&gop, &params, &frame);
	KUNIT_EXPECT_EQ(test, frame.type, CEDRUS_H264_FRAME_P);

	memset(&gop, 0, sizeof(gop));
	cedrus_h264_gop_next(&gop, &params, &frame);
	KUNIT_EXPECT_EQ(test, frame.type, CEDRUS_H264_FRAME_IDR);
	KUNIT_EXPECT_EQ(test, frame.frame_num, 0U);
}

/*
 * A lost IDR gives its idr_pic_id back: IDR 0 reaches the stream, the next
 * IDR (1) is lost, the one after must be 1 again to differ from 0.
 */
static void h264_gop_lost_idr_test(struct kunit *test)
{
	struct cedrus_h264_gop_params params = {
		.closure = true, .gop_size = 1, .i_period = 1,
	};
	struct cedrus_h264_gop gop = {};
	struct cedrus_h264_frame frame;

	cedrus_h264_gop_next(&gop, &params, &frame);
	KUNIT_EXPECT_EQ(test, frame.idr_pic_id, 0U);

	cedrus_h264_gop_next(&gop, &params, &frame);
	KUNIT_EXPECT_EQ(test, frame.idr_pic_id, 1U);
	cedrus_h264_gop_frame_lost(&gop, &frame);

	cedrus_h264_gop_next(&gop, &params, &frame);
	KUNIT_EXPECT_EQ(test, frame.type, CEDRUS_H264_FRAME_IDR);
	KUNIT_EXPECT_EQ(test, frame.idr_pic_id, 1U);

	/* a lost P frame changes nothing */
	params.gop_size = 10;
	cedrus_h264_gop_next(&gop, &params, &frame);
	KUNIT_EXPECT_EQ(test, frame.type, CEDRUS_H264_FRAME_P);
	cedrus_h264_gop_frame_lost(&gop, &frame);
	params.force_key = true;
	cedrus_h264_gop_next(&gop, &params, &frame);
	KUNIT_EXPECT_EQ(test, frame.idr_pic_id, 0U);
}

/* QP selection */

struct h264_qp_case {
	enum cedrus_h264_frame_type	type;
	u8				i_qp;
	u8				p_qp;
	u8				min_qp;
	u8				max_qp;
	u8				qp;
};

static const struct h264_qp_case h264_qp_cases[] = {
	{ CEDRUS_H264_FRAME_IDR, 26, 28, 10, 40, 26 },
	{ CEDRUS_H264_FRAME_I, 26, 28, 10, 40, 26 },
	{ CEDRUS_H264_FRAME_P, 26, 28, 10, 40, 28 },
	{ CEDRUS_H264_FRAME_I, 5, 28, 10, 40, 10 },
	{ CEDRUS_H264_FRAME_P, 26, 45, 10, 40, 40 },
	{ CEDRUS_H264_FRAME_P, 30, 20, 25, 51, 25 },
	/* min above max: max wins */
	{ CEDRUS_H264_FRAME_IDR, 30, 30, 35, 20, 20 },
	{ CEDRUS_H264_FRAME_I, 51, 51, 0, 51, 51 },
	{ CEDRUS_H264_FRAME_P, 0, 0, 0, 51, 0 },
	/* out-of-range input still gives a valid QP */
	{ CEDRUS_H264_FRAME_P, 0, 60, 0, 63, 51 },
};

static void h264_qp_desc(const struct h264_qp_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "type %d i %u p %u [%u, %u]",
		 c->type, c->i_qp, c->p_qp, c->min_qp, c->max_qp);
}

KUNIT_ARRAY_PARAM(h264_qp, h264_qp_cases, h264_qp_desc);

static void h264_qp_test(struct kunit *test)
{
	const struct h264_qp_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, cedrus_h264_qp_select(c->type, c->i_qp, c->p_qp,
						    c->min_qp, c->max_qp),
			c->qp);
}

/* Buffer sizes (hardware reference 1.7 formulas, worked by hand) */

struct h264_size_case {
	const char	*desc;
	u32		width_mbs;
	u32		height_mbs;
	size_t		rec_luma;
	size_t		rec_chroma;
	size_t		rec;
	size_t		subpix;
	size_t		mb_info;
	size_t		ctx_memory;
};

static const struct h264_size_case h264_size_cases[] = {
	/*
	 * 11x9 MBs: stride ALIGN(11, 2) × 16 = 192; luma rows
	 * ALIGN(10, 4) × 16 = 192; chroma rows ALIGN(5, 4) × 16 = 128;
	 * 36864 + 24576 = 61440 (15 pages); subpix stride
	 * ALIGN_DOWN(58 × 2 / 3 = 38, 32) + 32 × 2 = 96, rows 216 / 8 = 27.
	 * ctx: 2 × 61440 + 2 × 4096 + 4096.
	 */
	{ "176x144", 11, 9, 36864, 24576, 61440, 2592, 4096, 135168 },
	/*
	 * 80x45 MBs: stride 1280; luma rows 48 × 16 = 768; chroma rows
	 * ALIGN(23, 4) × 16 = 384; subpix stride ALIGN_DOWN(84, 32) + 96 × 2
	 * = 256, rows 792 / 8 = 99; MB info 3 × 4 KiB.
	 * ctx: 2 × 1474560 + 2 × 28672 + 12288.
	 */
	{ "1280x720", 80, 45, 983040, 491520, 1474560, 25344, 12288, 3018752 },
	/*
	 * 120x68 MBs (1088 lines): stride 1920; luma rows 72 × 16 = 1152;
	 * chroma rows 36 × 16 = 576; subpix stride ALIGN_DOWN(111, 32) +
	 * 128 × 2 = 352, rows 1160 / 8 = 145; MB info 4 × 4 KiB.
	 * ctx: 2 × 3317760 + 2 × 53248 + 16384 = 6758400 (6.45 MiB).
	 */
	{ "1920x1080", 120, 68, 2211840, 1105920, 3317760, 51040, 16384,
	  6758400 },
};

static void h264_size_desc(const struct h264_size_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(h264_size, h264_size_cases, h264_size_desc);

static void h264_size_test(struct kunit *test)
{
	const struct h264_size_case *c = test->param_value;
	struct cedrus_h264_buf_sizes sizes;

	cedrus_h264_buf_sizes(c->width_mbs, c->height_mbs, &sizes);

	KUNIT_EXPECT_EQ(test, sizes.rec_luma, c->rec_luma);
	KUNIT_EXPECT_EQ(test, sizes.rec_chroma, c->rec_chroma);
	KUNIT_EXPECT_EQ(test, sizes.rec, c->rec);
	KUNIT_EXPECT_EQ(test, sizes.subpix, c->subpix);
	KUNIT_EXPECT_EQ(test, sizes.mb_info, c->mb_info);
	KUNIT_EXPECT_EQ(test, cedrus_h264_ctx_memory(&sizes), c->ctx_memory);

	/*
	 * The VE model writes luma as height_mbs × 16 rows and CbCr as
	 * height_mbs × 8 rows of the same stride: both must fit.
	 */
	KUNIT_EXPECT_LE(test, (size_t)ALIGN(c->width_mbs, 2) * 16 *
			c->height_mbs * 16, sizes.rec_luma);
	KUNIT_EXPECT_LE(test, (size_t)ALIGN(c->width_mbs, 2) * 16 *
			c->height_mbs * 8, sizes.rec_chroma);
}

static struct kunit_case cedrus_h264_bits_test_cases[] = {
	KUNIT_CASE_PARAM(h264_golomb_test, h264_golomb_gen_params),
	KUNIT_CASE_PARAM(h264_pack_test, h264_pack_gen_params),
	KUNIT_CASE(h264_nal_ep_test),
	KUNIT_CASE(h264_nal_unaligned_test),
	KUNIT_CASE(h264_sink_full_test),
	KUNIT_CASE_PARAM(h264_nal_test, h264_nal_gen_params),
	KUNIT_CASE_PARAM(h264_profile_test, h264_profile_gen_params),
	KUNIT_CASE_PARAM(h264_level_test, h264_level_gen_params),
	KUNIT_CASE_PARAM(h264_level_min_test, h264_level_min_gen_params),
	KUNIT_CASE_PARAM(h264_level_fits_test, h264_level_fits_gen_params),
	KUNIT_CASE(h264_level_name_test),
	KUNIT_CASE_PARAM(h264_colour_test, h264_colour_gen_params),
	KUNIT_CASE(h264_mb_bytes_test),
	KUNIT_CASE(h264_sar_idc_test),
	KUNIT_CASE_PARAM(h264_gop_test, h264_gop_gen_params),
	KUNIT_CASE(h264_gop_wrap_test),
	KUNIT_CASE(h264_gop_restart_test),
	KUNIT_CASE(h264_gop_lost_idr_test),
	KUNIT_CASE_PARAM(h264_qp_test, h264_qp_gen_params),
	KUNIT_CASE_PARAM(h264_size_test, h264_size_gen_params),
	{}
};

static struct kunit_suite cedrus_h264_bits_test_suite = {
	.name = "cedrus-h264-bits",
	.test_cases = cedrus_h264_bits_test_cases,
};

kunit_test_suite(cedrus_h264_bits_test_suite);

MODULE_DESCRIPTION("KUnit tests for the cedrus H.264 encoder bitstream helpers");
MODULE_LICENSE("GPL");
