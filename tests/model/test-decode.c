// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End-to-end: drive the model like a driver for a sequence of frames, decode
 * the stream with the host's ffmpeg and require every decoded frame to equal
 * its source byte for byte (the model is lossless). Every coded picture is
 * also parsed by the test (test-slice.c): each MB must be I_PCM exactly when
 * it differs from the reference in the test's own source frames.
 *
 * Sizes: 176x144, 320x240, 1280x720 and 1920x1080, each with CAVLC and
 * CABAC, each an IDR frame followed by P frames.
 *
 * Deblocking must leave I_PCM/P_Skip pictures untouched for that to hold
 * (reference h264-model-and-qemu.md section 3): either
 * disable_deblocking_filter_idc = 1 (any QP), or idc 0 with zero
 * alpha/beta offsets, chroma_qp_index_offset = 0 and slice QP <= 30, so that
 * indexA/indexB <= 15 on every PCM-skip edge (alpha' = beta' = 0). Every case
 * below states which of the two it uses.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "test-driver.h"
#include "test-slice.h"

#ifndef FFMPEG_EXECUTABLE
#error "FFMPEG_EXECUTABLE must name the host ffmpeg"
#endif

struct decode_case {
	struct enc_cfg c;
	unsigned int frames;
	unsigned int static_from;	/* frames >= this repeat the one before */
	bool black_first;		/* frame 0 all black */
	bool expect_header_ep;		/* the IDR slice header contains 00 00 03 */
	bool hang_once;			/* VE_CORE_FAULT_HANG_ONCE, see below */
};

static char *make_temp_dir(void)
{
	const char *base = getenv("TMPDIR");
	static char path[4096];

	snprintf(path, sizeof(path), "%s/ve-model-XXXXXX",
		 base && *base ? base : "/tmp");
	CHECK(mkdtemp(path));
	return path;
}

static void write_file(const char *path, const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	CHECK(f);
	CHECK_EQ(fwrite(data, 1, len, f), len);
	CHECK_EQ(fclose(f), 0);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (!f)
		FAIL("cannot open %s: %s", path, strerror(errno));
	CHECK_EQ(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	CHECK(size >= 0);
	rewind(f);
	data = malloc(size ? (size_t)size : 1);
	CHECK(data);
	CHECK_EQ(fread(data, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return data;
}

/* Copy the display area of the NV12 source in memory, packed. */
static void snapshot_source(struct tenv *t, const struct enc_cfg *c,
			    const struct enc_bufs *b, uint8_t *dst)
{
	for (unsigned int y = 0; y < c->height; y++, dst += c->width)
		memcpy(dst, t->mem + b->src_y + (size_t)y * b->src_stride,
		       c->width);
	for (unsigned int y = 0; y < c->height / 2; y++, dst += c->width)
		memcpy(dst, t->mem + b->src_c + (size_t)y * b->src_stride,
		       c->width);
}

/* REC = source, coded size, stride ALIGN(width_mbs, 2) * 16 (FACTS.md). */
static void check_reconstruction(struct tenv *t, const struct enc_cfg *c,
				 const struct enc_bufs *b, unsigned int index)
{
	unsigned int w = cfg_width_mbs(c) * 16, h = cfg_height_mbs(c) * 16;
	unsigned int rec_stride = (cfg_width_mbs(c) + 1) / 2 * 2 * 16;

	for (unsigned int y = 0; y < h; y++)
		if (memcmp(t->mem + b->rec_y[index % 2] + (size_t)y * rec_stride,
			   t->mem + b->src_y + (size_t)y * b->src_stride, w))
			FAIL("frame %u: REC luma row %u differs", index, y);
	for (unsigned int y = 0; y < h / 2; y++)
		if (memcmp(t->mem + b->rec_c[index % 2] + (size_t)y * rec_stride,
			   t->mem + b->src_c + (size_t)y * b->src_stride, w))
			FAIL("frame %u: REC chroma row %u differs", index, y);
}

static bool has_ep_sequence(const uint8_t *p, size_t len)
{
	for (size_t i = 2; i < len; i++)
		if (!p[i - 2] && !p[i - 1] && p[i] == 0x03)
			return true;
	return false;
}

static void compare_decoded(const struct decode_case *d, const uint8_t *yuv,
			    size_t yuv_len, uint8_t *const *sources)
{
	size_t frame_size = (size_t)d->c.width * d->c.height * 3 / 2;

	if (yuv_len != frame_size * d->frames)
		FAIL("decoded %zu bytes, expected %u frames of %zu", yuv_len,
		     d->frames, frame_size);
	for (unsigned int f = 0; f < d->frames; f++) {
		const uint8_t *got = yuv + f * frame_size, *exp = sources[f];
		size_t bad = 0, first = 0;

		for (size_t i = 0; i < frame_size; i++)
			if (got[i] != exp[i] && !bad++)
				first = i;
		if (bad)
			FAIL("frame %u: %zu samples differ, first at byte %zu (%u != %u)",
			     f, bad, first, got[first], exp[first]);
	}
}

/*
 * The driver's first job under VE_CORE_FAULT_HANG_ONCE: encoder reset pulse,
 * headers, ENC_START; the encode must hang (pending, no status, no IRQ, no
 * slice data) until the next job's encoder reset pulse aborts it.
 */
static void run_hung_job(struct tenv *t, const struct enc_cfg *c,
			 const struct enc_bufs *b)
{
	uint32_t bits;

	t->core.fault = VE_CORE_FAULT_HANG_ONCE;
	gen_frame(t, c, b, 0, PATTERN_MOVING);
	memset(t->mem + b->stream, 0xa5, b->stream_size);
	/* drivers pulse the reset before every job: the fault stays armed */
	drv_encoder_reset(t);
	drv_stream_setup(t, b->stream, b->stream_size);
	drv_write_sps(t, c);
	drv_write_pps(t, c);
	drv_write_slice_header(t, c, true, 0);
	bits = rd(t, VE_ENC_AVC_STM_BIT_LEN_REG);
	CHECK_EQ(drv_configure_and_start(t, c, b, 0),
		 VE_CORE_ACTION_START_JOB);
	for (int i = 0; i < 3; i++)
		ve_core_run_job(&t->core);
	CHECK(t->core.job_pending);
	CHECK_EQ(rd(t, VE_ENC_AVC_STATUS_REG), 0);
	CHECK(!ve_core_irq_level(&t->core));
	CHECK_EQ(rd(t, VE_ENC_AVC_STM_BIT_LEN_REG), bits);
	for (uint32_t i = (bits + 7) / 8; i < b->stream_size; i++)
		if (t->mem[b->stream + i] != 0xa5)
			FAIL("hung encode wrote stream byte %u", i);
	CHECK_EQ(t->events[VE_CORE_EV_JOB_DONE], 0);

	/* the next job's reset pulse ends it and clears the fault */
	drv_encoder_reset(t);
	CHECK(!t->core.job_pending);
	CHECK_EQ(rd(t, VE_ENC_AVC_STATUS_REG), VE_ENC_AVC_STATUS_PUT_BITS_READY);
	CHECK_EQ(t->events[VE_CORE_EV_JOB_DONE], 1);
}

/*
 * Macroblock modes of frame f, from the test's own source pictures (coded
 * size): an IDR frame is all I_PCM; in a P frame exactly the MBs that differ
 * from the previous source (= REF0, since REC = source) are I_PCM, every
 * other MB is P_Skip. check_slice_data() parses the slice and checks each
 * MB's mode and PCM samples; here the count is checked against a separate
 * count of the changed MBs.
 */
static void check_macroblocks(const struct decode_case *d, unsigned int f,
			      const uint8_t *au, size_t len,
			      const struct coded_pic *src,
			      const struct coded_pic *ref,
			      unsigned int *mixed_frames)
{
	unsigned int mbs = src->width_mbs * src->height_mbs, changed = 0;
	unsigned int pcm;

	for (unsigned int y = 0; y < src->height_mbs; y++)
		for (unsigned int x = 0; x < src->width_mbs; x++)
			changed += !ref || coded_pic_mb_differs(src, ref, x, y);
	pcm = check_slice_data(&d->c, au, len, f, src, ref);
	if (pcm != changed)
		FAIL("frame %u: %u I_PCM macroblocks, %u differ from the reference",
		     f, pcm, changed);
	if (ref && changed && changed < mbs)
		(*mixed_frames)++;
	printf("frame %u: %u of %u macroblocks I_PCM\n", f, pcm, mbs);
}

static void run_decode(const struct decode_case *d)
{
	const struct enc_cfg *c = &d->c;
	struct enc_bufs b = enc_layout(c);
	size_t frame_size = (size_t)c->width * c->height * 3 / 2;
	uint8_t **sources = calloc(d->frames, sizeof(*sources));
	uint8_t *stream = NULL, *yuv;
	size_t stream_len = 0, yuv_len, prev_len = 0;
	char h264_path[4200], yuv_path[4200], err_path[4200], cmd[13000];
	const char *dir = make_temp_dir();
	size_t err_len;
	uint8_t *err;
	struct timespec t0, t1;
	struct coded_pic pic[2];
	unsigned int mixed_frames = 0;
	struct tenv t;
	int rc;

	CHECK(sources);
	coded_pic_alloc(&pic[0], c);
	coded_pic_alloc(&pic[1], c);
	tenv_init(&t, b.mem_size);
	if (d->hang_once)
		run_hung_job(&t, c, &b);
	for (unsigned int f = 0; f < d->frames; f++) {
		unsigned int content = f;

		if (d->static_from && f >= d->static_from)
			content = d->static_from - 1;
		gen_frame(&t, c, &b, content,
			  d->black_first && f == 0 ? PATTERN_BLACK :
			  PATTERN_MOVING);
		sources[f] = malloc(frame_size);
		CHECK(sources[f]);
		snapshot_source(&t, c, &b, sources[f]);
		coded_pic_capture(&pic[f % 2], t.mem, &b);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (d->hang_once)
			drv_encoder_reset(&t);
		drv_encode_frame(&t, c, &b, f, &stream, &stream_len);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		check_reconstruction(&t, c, &b, f);
		check_macroblocks(d, f, stream + prev_len, stream_len - prev_len,
				  &pic[f % 2], f ? &pic[(f + 1) % 2] : NULL,
				  &mixed_frames);
		if (f == 0 && d->expect_header_ep)
			CHECK(has_ep_sequence(t.mem + b.stream,
					      rd(&t, VE_ENC_AVC_HEADER_BITS_REG) / 8));
		/*
		 * An unchanged frame is all P_Skip: under one bit per MB of
		 * slice data (PCM would be 3072 bits per MB).
		 */
		if (d->static_from && f >= d->static_from)
			CHECK(rd(&t, VE_ENC_AVC_RESIDUAL_BITS_REG) <
			      cfg_width_mbs(c) * cfg_height_mbs(c) + 64);
		/* a figure for the log, not a pass criterion */
		printf("frame %u: %zu bytes (slice data %u bits), model %.1f ms\n",
		       f, stream_len - prev_len,
		       rd(&t, VE_ENC_AVC_RESIDUAL_BITS_REG),
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		prev_len = stream_len;
	}
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
	CHECK_EQ(t.events[VE_CORE_EV_UNIMP], 0);
	tenv_free(&t);
	coded_pic_free(&pic[0]);
	coded_pic_free(&pic[1]);
	/* the case itself: some P frame must mix changed and unchanged MBs */
	if (!mixed_frames)
		FAIL("no P frame had both changed and unchanged macroblocks");

	snprintf(h264_path, sizeof(h264_path), "%s/stream.h264", dir);
	snprintf(yuv_path, sizeof(yuv_path), "%s/decoded.yuv", dir);
	snprintf(err_path, sizeof(err_path), "%s/ffmpeg.err", dir);
	write_file(h264_path, stream, stream_len);
	snprintf(cmd, sizeof(cmd),
		 "'%s' -nostdin -v error -i '%s' -vsync passthrough -f rawvideo -pix_fmt nv12 -y '%s' 2>'%s'",
		 FFMPEG_EXECUTABLE, h264_path, yuv_path, err_path);
	rc = system(cmd);
	err = read_file(err_path, &err_len);
	if (rc != 0 || err_len)
		FAIL("ffmpeg failed (status %d), files in %s:\n%.*s", rc, dir,
		     (int)err_len, (const char *)err);
	yuv = read_file(yuv_path, &yuv_len);
	compare_decoded(d, yuv, yuv_len, sources);

	unlink(h264_path);
	unlink(yuv_path);
	unlink(err_path);
	rmdir(dir);
	for (unsigned int f = 0; f < d->frames; f++)
		free(sources[f]);
	free(sources);
	free(stream);
	free(yuv);
	free(err);
}

#define CFG(w, h, ...)							\
	{ .width = (w), .height = (h), __VA_ARGS__ }

/* Deblocking off, high QP: exact by condition 1. Frame 4 repeats frame 3. */
static void test_qcif_cavlc_dbl1(void)
{
	struct decode_case d = {
		.c = CFG(176, 144, .qp = 45, .deblock_idc = 1),
		.frames = 5, .static_from = 4,
	};

	run_decode(&d);
}

/* Deblocking on, QP 30, zero offsets: exact by condition 3. */
static void test_qcif_cabac_idc0_dbl0(void)
{
	struct decode_case d = {
		.c = CFG(176, 144, .cabac = true, .cabac_init_idc = 0,
			 .qp = 30, .deblock_idc = 0),
		.frames = 5, .static_from = 4,
	};

	run_decode(&d);
}

/*
 * A black IDR frame (EP everywhere in the PCM data) and a slice header with
 * 16-bit frame_num = 0 and idr_pic_id = 65535 (ue: 16 zeros, 1, 16 zeros),
 * which has three zero bytes in a row, so the header itself needs EP.
 */
static void test_qcif_cabac_black_ep(void)
{
	struct decode_case d = {
		.c = CFG(176, 144, .cabac = true, .cabac_init_idc = 1,
			 .qp = 26, .deblock_idc = 1,
			 .log2_max_frame_num = 16, .idr_pic_id = 65535),
		.frames = 3, .black_first = true, .expect_header_ep = true,
	};

	run_decode(&d);
}

static void test_qcif_cavlc_black_ep(void)
{
	struct decode_case d = {
		.c = CFG(176, 144, .qp = 30, .deblock_idc = 0,
			 .log2_max_frame_num = 16, .idr_pic_id = 65535),
		.frames = 3, .black_first = true, .expect_header_ep = true,
	};

	run_decode(&d);
}

/* Input stride 3 MBs wider than the picture; slice_qp_delta != 0. Cond. 3. */
static void test_qvga_cabac_idc1_stride(void)
{
	struct decode_case d = {
		.c = CFG(320, 240, .cabac = true, .cabac_init_idc = 1,
			 .qp = 22, .pic_init_qp_minus26 = 4,
			 .deblock_idc = 0, .stride_extra_mbs = 3),
		.frames = 4,
	};

	run_decode(&d);
}

/*
 * CAVLC at 320x240 (15 MB rows, so the box crosses MB rows and columns at
 * odd offsets), input stride 2 MBs wider, a nonzero chroma_qp_index_offset
 * (harmless with deblocking off): condition 1. Frame 3 repeats frame 2.
 */
static void test_qvga_cavlc_dbl1_stride(void)
{
	struct decode_case d = {
		.c = CFG(320, 240, .qp = 34, .pic_init_qp_minus26 = -2,
			 .deblock_idc = 1, .stride_extra_mbs = 2,
			 .chroma_qp_index_offset = 3),
		.frames = 4, .static_from = 3,
	};

	run_decode(&d);
}

/* QP 51 with deblocking off: condition 1. */
static void test_qvga_cabac_idc2_dbl1(void)
{
	struct decode_case d = {
		.c = CFG(320, 240, .cabac = true, .cabac_init_idc = 2,
			 .qp = 51, .deblock_idc = 1),
		.frames = 4, .static_from = 3,
	};

	run_decode(&d);
}

static void test_720p_cavlc_dbl0(void)
{
	struct decode_case d = {
		.c = CFG(1280, 720, .qp = 30, .deblock_idc = 0),
		.frames = 3,
	};

	run_decode(&d);
}

static void test_720p_cabac_idc0_dbl1(void)
{
	struct decode_case d = {
		.c = CFG(1280, 720, .cabac = true, .cabac_init_idc = 0,
			 .qp = 40, .deblock_idc = 1),
		.frames = 3,
	};

	run_decode(&d);
}

/*
 * VE_CORE_FAULT_HANG_ONCE: the first encode hangs until the next job's
 * encoder reset; then every frame encodes (FINISH, checked per frame) and
 * decodes exactly. Condition 1.
 */
static void test_qcif_cavlc_after_hang(void)
{
	struct decode_case d = {
		.c = CFG(176, 144, .qp = 30, .deblock_idc = 1),
		.frames = 4, .static_from = 3, .hang_once = true,
	};

	run_decode(&d);
}

/* 1920x1080 is coded as 120x68 MBs with 4 (x2) rows of SPS cropping. */
static void test_1080p_cabac_idc1_dbl0(void)
{
	struct decode_case d = {
		.c = CFG(1920, 1080, .cabac = true, .cabac_init_idc = 1,
			 .qp = 28, .deblock_idc = 0),
		.frames = 4, .static_from = 3,
	};

	run_decode(&d);
}

static void test_1080p_cavlc_dbl1(void)
{
	struct decode_case d = {
		.c = CFG(1920, 1080, .qp = 36, .deblock_idc = 1,
			 .stride_extra_mbs = 1),
		.frames = 3,
	};

	run_decode(&d);
}

const struct test_case decode_tests[] = {
	{ "decode_qcif_cavlc_dbl1", test_qcif_cavlc_dbl1 },
	{ "decode_qcif_cabac_idc0_dbl0", test_qcif_cabac_idc0_dbl0 },
	{ "decode_qcif_cavlc_after_hang", test_qcif_cavlc_after_hang },
	{ "decode_qcif_cabac_black_ep", test_qcif_cabac_black_ep },
	{ "decode_qcif_cavlc_black_ep", test_qcif_cavlc_black_ep },
	{ "decode_qvga_cabac_idc1_stride", test_qvga_cabac_idc1_stride },
	{ "decode_qvga_cabac_idc2_dbl1", test_qvga_cabac_idc2_dbl1 },
	{ "decode_qvga_cavlc_dbl1_stride", test_qvga_cavlc_dbl1_stride },
	{ "decode_720p_cavlc_dbl0", test_720p_cavlc_dbl0 },
	{ "decode_720p_cabac_idc0_dbl1", test_720p_cabac_idc0_dbl1 },
	{ "decode_1080p_cabac_idc1_dbl0", test_1080p_cabac_idc1_dbl0 },
	{ "decode_1080p_cavlc_dbl1", test_1080p_cavlc_dbl1 },
	{ NULL, NULL },
};
