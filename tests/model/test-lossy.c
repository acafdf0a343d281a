// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lossy coder (model v2, VE_CORE_CODING_LOSSY) end to end: the
 * test-side driver encodes real-looking moving material (testsrc2 and the
 * mandelbrot zoom, panning, with temporal noise: ffmpeg makes it once per
 * build tree, see CMakeLists.txt) as an IDR frame and P frames, at every
 * combination of entropy coder, QP (0, 12, 26, 40, 51), deblocking (on, off,
 * on with both offsets +6, both -6, and alpha +6 / beta -6, which tells a
 * swapped pair) and chroma_qp_index_offset (0, 4, 7; the register field has
 * 3 bits) at 176x144 and 320x240, and a subset at 1280x720 and 1920x1080
 * (coded 1088 lines, cropped in the SPS).
 *
 * Nothing here is computed by the model. Per combination:
 * - the host's ffmpeg decodes the stream, and every decoded frame must equal
 *   the reconstruction the core reported through its rec hook (cropped to
 *   the visible size): the decoder and the encoder's reference agree, so
 *   the prediction, transform, entropy coding and deblocking are all what
 *   the stream says;
 * - the hook's picture equals what the core wrote to REC_ADDR_Y/C;
 * - every NAL unit holds no start code prefix but its own (emulation
 *   prevention);
 * - PSNR against the source and the stream size are tabulated; per
 *   (deblocking, chroma offset) series the size must fall and the PSNR must
 *   not rise as the QP rises, and at QP 26 the PSNR has a floor (below).
 * A failed decode comparison does not stop the matrix: the whole table is
 * printed, then the test fails naming every combination that did not
 * decode to the REC, with a hint of where the difference lies.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "test-driver.h"

#ifndef FFMPEG_EXECUTABLE
#error "FFMPEG_EXECUTABLE must name the host ffmpeg"
#endif
#ifndef MODEL_MEDIA_DIR
#error "MODEL_MEDIA_DIR must name the directory of the generated clips"
#endif
#ifndef MODEL_TMP_DIR
#error "MODEL_TMP_DIR must name a directory for the streams"
#endif

/*
 * PSNR floors at QP 26 (all samples, Y, Cb and Cr, of the visible frames,
 * over the sequence), chroma offset 0, every deblocking variant.
 *
 * The reference is libx264 at -qp 26 limited to what the VE model codes
 * (-x264-params partitions=none:8x8dct=0:bframes=0:ref=1:psy=0:aq-mode=0:
 * weightp=0:no-mbtree=1:trellis=0, so intra 16x16 and P 16x16 only, no
 * intra 4x4) on the same clips, 4 frames, decoded and measured by ffmpeg:
 *
 *		     deblock 0:0   -6:-6    6:6
 *	176x144		35.33	   35.37   33.86
 *	320x240		35.48	   35.53   33.88
 *	1280x720	35.81
 *	1920x1080	35.85
 *
 * The material carries ffmpeg's noise=alls=20 (new every frame), which no
 * coder keeps at QP 26: that is why 35 dB is what a good encoder reaches,
 * and why offsets +6 (stronger filtering, which smooths the noise away
 * too) cost 1.5 dB against the noisy source. The model decides modes
 * without rate-distortion optimisation; it may lose up to 1.5 dB against
 * x264, not more (the model measured 34.4-35.4 dB, and 33.1-33.2 with +6
 * at 176x144 and 320x240). A quantiser off by 6 QP (twice the step) costs
 * about 5 dB, a prediction mode that never wins or broken chroma more than
 * 1.5 dB: each falls under the floor.
 */
#define PSNR_FLOOR_QP26		33.8	/* 35.33 - 1.5 */
#define PSNR_FLOOR_QP26_STRONG	32.3	/* alpha and beta +6: 33.86 - 1.5 */

/* A lossless reconstruction has infinite PSNR; cap it for printing. */
#define PSNR_MAX		99.0

struct deblock_variant {
	const char *name;
	unsigned int idc;
	int alpha_div2, beta_div2;
};

static const struct deblock_variant deblock_variants[] = {
	{ "on",    0,  0,  0 },
	{ "off",   1,  0,  0 },
	{ "+6",    0,  6,  6 },
	{ "-6",    0, -6, -6 },
	{ "+6/-6", 0,  6, -6 },
};

#define N_VARIANTS	(sizeof(deblock_variants) / sizeof(deblock_variants[0]))

static const unsigned int qps[] = { 0, 12, 26, 40, 51 };

#define N_QPS		(sizeof(qps) / sizeof(qps[0]))

static const int chroma_offsets[] = { 0, 4, 7 };

#define N_CHROMA	(sizeof(chroma_offsets) / sizeof(chroma_offsets[0]))

struct lossy_size {
	const char *name;
	unsigned int width, height;
	unsigned int frames;		/* 1 IDR + frames - 1 P */
	unsigned int stride_extra_mbs;
	bool full;			/* the whole matrix, else a subset */
};

static const struct lossy_size size_qcif = { "176x144", 176, 144, 4, 0, true };
static const struct lossy_size size_qvga = { "320x240", 320, 240, 4, 2, true };
static const struct lossy_size size_720p = { "1280x720", 1280, 720, 2, 0, false };
static const struct lossy_size size_1080p = { "1920x1080", 1920, 1080, 2, 1, false };

/* The subset at 720p and 1080p: a QP series and one of each other setting. */
struct combo {
	unsigned int qp_idx, variant, chroma_idx;
};

static const struct combo subset[] = {
	{ 0, 0, 0 }, { 1, 0, 0 }, { 2, 0, 0 }, { 3, 0, 0 }, { 4, 0, 0 },
	{ 2, 1, 1 },		/* QP 26, off, chroma 4 */
	{ 1, 3, 0 },		/* QP 12, -6 */
	{ 3, 4, 2 },		/* QP 40, +6/-6, chroma 7 */
	{ 4, 2, 2 },		/* QP 51, +6, chroma 7 */
};

#define N_SUBSET	(sizeof(subset) / sizeof(subset[0]))

struct lossy_result {
	bool done;
	size_t bytes_i, bytes_p;
	unsigned int ep_bytes;		/* emulation prevention bytes */
	unsigned int header_ep;		/* of them, in the IDR's headers */
	double psnr_y, psnr;
	double ms_per_frame;
	bool decode_ok;
	char why[400];		/* what differs, when !decode_ok */
};

/* Visible frames of a clip, packed NV12 (width * height * 3 / 2 each). */
struct clip {
	unsigned int width, height, frames;
	uint8_t *data;
};

static size_t frame_bytes(unsigned int width, unsigned int height)
{
	return (size_t)width * height * 3 / 2;
}

static uint8_t *slurp(const char *path, size_t *len)
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

static void spill(const char *path, const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		FAIL("cannot create %s: %s", path, strerror(errno));
	CHECK_EQ(fwrite(data, 1, len, f), len);
	CHECK_EQ(fclose(f), 0);
}

static struct clip clip_load(const struct lossy_size *sz)
{
	struct clip cl = { sz->width, sz->height, 0, NULL };
	char path[4096];
	size_t len;

	snprintf(path, sizeof(path), "%s/clip-%ux%u.nv12", MODEL_MEDIA_DIR,
		 sz->width, sz->height);
	cl.data = slurp(path, &len);
	cl.frames = (unsigned int)(len / frame_bytes(cl.width, cl.height));
	if (len % frame_bytes(cl.width, cl.height) || cl.frames < sz->frames)
		FAIL("%s: %zu bytes, not %u frames of %ux%u NV12", path, len,
		     sz->frames, cl.width, cl.height);
	return cl;
}

/*
 * Frame f of the clip into the NV12 source buffer at the coded size: the
 * last column and row repeat into the padding (1080 -> 1088 lines).
 */
static void load_source(struct tenv *t, const struct enc_cfg *c,
			const struct enc_bufs *b, const struct clip *cl,
			unsigned int f)
{
	const uint8_t *y = cl->data + f * frame_bytes(cl->width, cl->height);
	const uint8_t *uv = y + (size_t)cl->width * cl->height;
	unsigned int w = cfg_width_mbs(c) * 16, h = cfg_height_mbs(c) * 16;

	for (unsigned int row = 0; row < h; row++) {
		const uint8_t *s = y + (size_t)(row < cl->height ? row :
						cl->height - 1) * cl->width;
		uint8_t *d = t->mem + b->src_y + (size_t)row * b->src_stride;

		memcpy(d, s, cl->width);
		memset(d + cl->width, s[cl->width - 1], w - cl->width);
	}
	for (unsigned int row = 0; row < h / 2; row++) {
		const uint8_t *s = uv + (size_t)(row < cl->height / 2 ? row :
						 cl->height / 2 - 1) * cl->width;
		uint8_t *d = t->mem + b->src_c + (size_t)row * b->src_stride;

		memcpy(d, s, cl->width);
		for (unsigned int x = cl->width; x < w; x += 2) {
			d[x] = s[cl->width - 2];
			d[x + 1] = s[cl->width - 1];
		}
	}
}

/*
 * The hook's reconstruction: reported once for this job, at the coded
 * size, equal to REC_ADDR_Y/C in memory (stride ALIGN(width_mbs, 2) * 16,
 * FACTS.md); its visible part goes to vis (packed NV12).
 */
static void take_rec(struct tenv *t, const struct enc_cfg *c,
		     const struct enc_bufs *b, unsigned int f,
		     unsigned int calls_before, uint8_t *vis)
{
	unsigned int w = cfg_width_mbs(c) * 16, h = cfg_height_mbs(c) * 16;
	size_t rec_stride = (size_t)(cfg_width_mbs(c) + 1) / 2 * 2 * 16;

	if (t->rec_calls != calls_before + 1)
		FAIL("frame %u: the core called its rec hook %u times, expected once (is the lossy core, ve-job.c, in?)",
		     f, t->rec_calls - calls_before);
	if (t->rec_width != w || t->rec_height != h)
		FAIL("frame %u: rec hook picture %ux%u, expected the coded %ux%u",
		     f, t->rec_width, t->rec_height, w, h);
	for (unsigned int row = 0; row < h; row++)
		if (memcmp(t->rec + (size_t)row * w,
			   t->mem + b->rec_y[f % 2] + row * rec_stride, w))
			FAIL("frame %u: rec hook luma row %u is not REC_ADDR_Y's",
			     f, row);
	for (unsigned int row = 0; row < h / 2; row++)
		if (memcmp(t->rec + (size_t)(h + row) * w,
			   t->mem + b->rec_c[f % 2] + row * rec_stride, w))
			FAIL("frame %u: rec hook chroma row %u is not REC_ADDR_C's",
			     f, row);
	for (unsigned int row = 0; row < c->height; row++)
		memcpy(vis + (size_t)row * c->width, t->rec + (size_t)row * w,
		       c->width);
	for (unsigned int row = 0; row < c->height / 2; row++)
		memcpy(vis + (size_t)(c->height + row) * c->width,
		       t->rec + (size_t)(h + row) * w, c->width);
}

/*
 * One access unit as the driver wrote it: NAL units that each start with
 * 00 00 00 01 (drv_nal_start). Inside a NAL unit, 00 00 may only be followed
 * by 03 (emulation prevention) or by the next start code.
 */
static unsigned int check_nal_units(const uint8_t *p, size_t len,
				    unsigned int f, unsigned int expect_nals)
{
	unsigned int nals = 0, ep = 0;

	for (size_t i = 0; i + 2 < len; i++) {
		if (p[i] || p[i + 1] || p[i + 2] > 3)
			continue;
		if (p[i + 2] == 3) {
			ep++;
			i += 2;
			continue;
		}
		if (i + 3 < len && p[i + 2] == 0 && p[i + 3] == 1) {
			nals++;
			i += 3;
			continue;
		}
		FAIL("frame %u: 00 00 %02x at byte %zu of the access unit: emulation prevention missed",
		     f, p[i + 2], i);
	}
	if (nals != expect_nals)
		FAIL("frame %u: %u start codes, the driver wrote %u NAL units",
		     f, nals, expect_nals);
	CHECK(len >= 5 && !p[0] && !p[1] && !p[2] && p[3] == 1);
	if (!p[len - 1])
		FAIL("frame %u: the slice NAL unit ends in a zero byte", f);
	return ep;
}

/*
 * A directory of its own for each run, in the build tree (MODEL_TMP_DIR):
 * the streams of failed combinations stay there for a look.
 */
static unsigned int count_ep(const uint8_t *p, size_t len)
{
	unsigned int ep = 0;

	for (size_t i = 2; i < len; i++)
		if (!p[i - 2] && !p[i - 1] && p[i] == 3)
			ep++;
	return ep;
}

static char *make_temp_dir(void)
{
	static char path[4096];

	if (mkdir(MODEL_TMP_DIR, 0777) && errno != EEXIST)
		FAIL("cannot create %s: %s", MODEL_TMP_DIR, strerror(errno));
	snprintf(path, sizeof(path), "%s/lossy-XXXXXX", MODEL_TMP_DIR);
	if (!mkdtemp(path))
		FAIL("cannot create %s: %s", path, strerror(errno));
	return path;
}

/*
 * Describe how a decoded frame differs from the REC: how many samples, the
 * largest difference and the first one, with its macroblock. Which
 * combinations fail (deblocking on only, P frames only, one entropy coder,
 * a chroma offset) then says which part of the coder to look at.
 */
static bool compare_frame(const uint8_t *got, const uint8_t *exp,
			  unsigned int width, unsigned int height,
			  unsigned int f, char *why, size_t why_len)
{
	size_t n = frame_bytes(width, height), luma = (size_t)width * height;
	size_t bad = 0, first = 0;
	unsigned int max_diff = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned int d;

		if (got[i] == exp[i])
			continue;
		if (!bad++)
			first = i;
		d = (unsigned int)abs(got[i] - exp[i]);
		max_diff = d > max_diff ? d : max_diff;
	}
	if (!bad)
		return true;
	if (first < luma)
		snprintf(why, why_len,
			 "frame %u (%s): %zu samples differ (max %u), first luma (%zu, %zu) in MB (%zu, %zu): %u decoded, %u REC",
			 f, f ? "P" : "I", bad, max_diff, first % width,
			 first / width, first % width / 16, first / width / 16,
			 got[first], exp[first]);
	else
		snprintf(why, why_len,
			 "frame %u (%s): %zu samples differ (max %u), luma equal, first %s (%zu, %zu) in MB (%zu, %zu): %u decoded, %u REC",
			 f, f ? "P" : "I", bad, max_diff,
			 (first - luma) % 2 ? "Cr" : "Cb",
			 (first - luma) % width / 2, (first - luma) / width,
			 (first - luma) % width / 16, (first - luma) / width / 8,
			 got[first], exp[first]);
	return false;
}

static double psnr_from(double sse, double samples)
{
	double mse = sse / samples;

	if (mse <= 0)
		return PSNR_MAX;
	return fmin(PSNR_MAX, 10.0 * log10(255.0 * 255.0 / mse));
}

static double ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * One combination. hdr, if not NULL, gives log2_max_frame_num and
 * idr_pic_id for the headers.
 */
static void run_lossy_case(const struct lossy_size *sz, const struct clip *cl,
			   bool cabac, unsigned int qp,
			   const struct deblock_variant *v, int chroma_offset,
			   const struct enc_cfg *hdr, unsigned int serial,
			   const char *dir, struct lossy_result *r)
{
	struct enc_cfg c = {
		.width = sz->width, .height = sz->height,
		.stride_extra_mbs = sz->stride_extra_mbs,
		.cabac = cabac, .cabac_init_idc = serial % 3,
		.qp = qp,
		/* a slice_qp_delta of either sign besides 0 */
		.pic_init_qp_minus26 = (int)qp / 2 - 13,
		.chroma_qp_index_offset = chroma_offset,
		.deblock_idc = v->idc,
		.alpha_div2 = v->alpha_div2, .beta_div2 = v->beta_div2,
		.log2_max_frame_num = hdr ? hdr->log2_max_frame_num : 0,
		.idr_pic_id = hdr ? hdr->idr_pic_id : 0,
	};
	struct enc_bufs b = enc_layout(&c);
	size_t fsize = frame_bytes(sz->width, sz->height);
	uint8_t *recs = malloc(fsize * sz->frames), *stream = NULL, *yuv, *err;
	size_t stream_len = 0, prev_len = 0, yuv_len, err_len;
	double sse_y = 0, sse = 0, ms = 0;
	char h264_path[4200], yuv_path[4200], err_path[4200], cmd[13000];
	struct timespec t0, t1;
	struct tenv t;
	int rc;

	CHECK(recs);
	memset(r, 0, sizeof(*r));
	tenv_init(&t, b.mem_size);
	t.core.coding = VE_CORE_CODING_LOSSY;
	for (unsigned int f = 0; f < sz->frames; f++) {
		unsigned int calls = t.rec_calls;

		load_source(&t, &c, &b, cl, f);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		drv_encode_frame(&t, &c, &b, f, &stream, &stream_len);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms += ms_between(&t0, &t1);
		take_rec(&t, &c, &b, f, calls, recs + f * fsize);
		r->ep_bytes += check_nal_units(stream + prev_len,
					       stream_len - prev_len, f,
					       f ? 1 : 3);
		if (!f)
			r->header_ep = count_ep(stream, rd(&t,
					VE_ENC_AVC_HEADER_BITS_REG) / 8);
		if (f)
			r->bytes_p += stream_len - prev_len;
		else
			r->bytes_i = stream_len;
		prev_len = stream_len;
	}
	CHECK_EQ(t.events[VE_CORE_EV_GUEST_ERROR], 0);
	CHECK_EQ(t.events[VE_CORE_EV_UNIMP], 0);
	tenv_free(&t);

	/* PSNR of the reconstruction against the source, visible area */
	for (unsigned int f = 0; f < sz->frames; f++) {
		const uint8_t *src = cl->data + f * fsize, *rec = recs + f * fsize;

		for (size_t i = 0; i < fsize; i++) {
			double d = (double)src[i] - rec[i];

			sse += d * d;
			if (i < (size_t)sz->width * sz->height)
				sse_y += d * d;
		}
	}
	r->psnr_y = psnr_from(sse_y, (double)sz->width * sz->height * sz->frames);
	r->psnr = psnr_from(sse, (double)fsize * sz->frames);
	r->ms_per_frame = ms / sz->frames;

	snprintf(h264_path, sizeof(h264_path), "%s/stream.h264", dir);
	snprintf(yuv_path, sizeof(yuv_path), "%s/decoded.yuv", dir);
	snprintf(err_path, sizeof(err_path), "%s/ffmpeg.err", dir);
	spill(h264_path, stream, stream_len);
	snprintf(cmd, sizeof(cmd),
		 "'%s' -nostdin -v error -i '%s' -vsync passthrough -f rawvideo -pix_fmt nv12 -y '%s' 2>'%s'",
		 FFMPEG_EXECUTABLE, h264_path, yuv_path, err_path);
	rc = system(cmd);
	err = slurp(err_path, &err_len);
	yuv = slurp(yuv_path, &yuv_len);
	r->decode_ok = true;
	if (rc != 0 || err_len) {
		r->decode_ok = false;
		snprintf(r->why, sizeof(r->why),
			 "ffmpeg failed (status %d): %.200s", rc,
			 (const char *)err);
	} else if (yuv_len != fsize * sz->frames) {
		r->decode_ok = false;
		snprintf(r->why, sizeof(r->why),
			 "decoded %zu bytes, expected %u frames of %zu",
			 yuv_len, sz->frames, fsize);
	} else {
		for (unsigned int f = 0; f < sz->frames && r->decode_ok; f++)
			r->decode_ok = compare_frame(yuv + f * fsize,
						     recs + f * fsize,
						     sz->width, sz->height, f,
						     r->why, sizeof(r->why));
	}
	if (!r->decode_ok) {
		/* keep the stream for a look */
		char keep[4300];

		snprintf(keep, sizeof(keep), "%s/fail-%u.h264", dir, serial);
		CHECK_EQ(rename(h264_path, keep), 0);
		snprintf(r->why + strlen(r->why), sizeof(r->why) - strlen(r->why),
			 "; stream fail-%u.h264", serial);
	} else {
		unlink(h264_path);
	}
	unlink(yuv_path);
	unlink(err_path);
	free(yuv);
	free(err);
	free(stream);
	free(recs);
	r->done = true;
}

static void print_row(const struct lossy_size *sz, bool cabac, unsigned int qp,
		      const struct deblock_variant *v, int chroma_offset,
		      const struct lossy_result *r)
{
	printf("%-9s %-5s %2u %-5s %d %8zu %8zu %9zu %4u %6.2f %6.2f %8.1f  %s\n",
	       sz->name, cabac ? "CABAC" : "CAVLC", qp, v->name, chroma_offset,
	       r->bytes_i, r->bytes_p, r->bytes_i + r->bytes_p, r->ep_bytes,
	       r->psnr_y, r->psnr, r->ms_per_frame,
	       r->decode_ok ? "ok" : "DIFF");
	fflush(stdout);
}

#define MAX_PROBLEMS	12

struct problems {
	unsigned int count;
	char text[MAX_PROBLEMS][480];
};

static void __attribute__((format(printf, 2, 3)))
problem(struct problems *p, const char *fmt, ...)
{
	va_list ap;

	if (p->count++ >= MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	vsnprintf(p->text[p->count - 1], sizeof(p->text[0]), fmt, ap);
	va_end(ap);
}

/* Per QP series: size falls, PSNR does not rise; the QP 26 floor. */
static unsigned int check_qp_series(struct problems *pr,
				    struct lossy_result res[N_QPS][N_VARIANTS][N_CHROMA])
{
	unsigned int checked = 0;

	for (unsigned int ci = 0; ci < N_CHROMA; ci++) {
		for (unsigned int vi = 0; vi < N_VARIANTS; vi++) {
			const struct lossy_result *prev = NULL;
			const char *dbl = deblock_variants[vi].name;
			int cqp = chroma_offsets[ci];
			unsigned int prev_qp = 0;
			double floor_qp26 = deblock_variants[vi].alpha_div2 > 0 &&
					    deblock_variants[vi].beta_div2 > 0 ?
					    PSNR_FLOOR_QP26_STRONG : PSNR_FLOOR_QP26;

			for (unsigned int qi = 0; qi < N_QPS; qi++) {
				const struct lossy_result *r = &res[qi][vi][ci];
				size_t bytes = r->bytes_i + r->bytes_p;

				if (!r->done)
					continue;
				if (qps[qi] == 26 && cqp == 0 &&
				    r->psnr < floor_qp26)
					problem(pr, "QP 26 dbl %s: PSNR %.2f dB, under the floor of %.1f dB",
						dbl, r->psnr, floor_qp26);
				if (prev && bytes >= prev->bytes_i + prev->bytes_p)
					problem(pr, "dbl %s chroma %d: %zu bytes at QP %u, not fewer than %zu at QP %u",
						dbl, cqp, bytes, qps[qi],
						prev->bytes_i + prev->bytes_p,
						prev_qp);
				if (prev && r->psnr > prev->psnr)
					problem(pr, "dbl %s chroma %d: PSNR %.3f dB at QP %u, above %.3f dB at QP %u",
						dbl, cqp, r->psnr, qps[qi],
						prev->psnr, prev_qp);
				checked += prev != NULL;
				prev = r;
				prev_qp = qps[qi];
			}
		}
	}
	return checked;
}

static void run_lossy_matrix(const struct lossy_size *sz, bool cabac)
{
	static struct lossy_result res[N_QPS][N_VARIANTS][N_CHROMA];
	static struct problems pr;
	struct clip cl = clip_load(sz);
	const char *dir = make_temp_dir();
	unsigned int serial = 0, ep_bytes = 0;

	memset(res, 0, sizeof(res));
	memset(&pr, 0, sizeof(pr));
	printf("%u frames (1 I + %u P) each; bytes include SPS/PPS; EP: emulation prevention bytes; PSNR over the visible frames, Y and all samples\n",
	       sz->frames, sz->frames - 1);
	printf("%-9s %-5s %2s %-5s %s %8s %8s %9s %4s %6s %6s %8s  %s\n",
	       "size", "mode", "QP", "dbl", "c", "I bytes", "P bytes", "total",
	       "EP", "PSNR-Y", "PSNR", "ms/frame", "decode=REC");
	for (unsigned int ci = 0; ci < N_CHROMA; ci++) {
		for (unsigned int vi = 0; vi < N_VARIANTS; vi++) {
			for (unsigned int qi = 0; qi < N_QPS; qi++) {
				const struct deblock_variant *v = &deblock_variants[vi];
				struct lossy_result *r = &res[qi][vi][ci];
				bool in = sz->full;

				for (size_t k = 0; !in && k < N_SUBSET; k++)
					in = subset[k].qp_idx == qi &&
					     subset[k].variant == vi &&
					     subset[k].chroma_idx == ci;
				if (!in)
					continue;
				run_lossy_case(sz, &cl, cabac, qps[qi], v,
					       chroma_offsets[ci], NULL,
					       serial++, dir, r);
				print_row(sz, cabac, qps[qi], v,
					  chroma_offsets[ci], r);
				ep_bytes += r->ep_bytes;
				if (!r->decode_ok)
					problem(&pr, "QP %u dbl %s chroma %d: decode != REC: %s",
						qps[qi], v->name,
						chroma_offsets[ci], r->why);
			}
		}
	}
	free(cl.data);
	CHECK(check_qp_series(&pr, res) >= N_QPS - 1);
	/*
	 * The emulation prevention check must have had work: CAVLC at QP 0
	 * codes large levels with long level_prefix runs of zero bits, so
	 * its slice data has 00 00 0x sequences to escape (CABAC's output
	 * is close to random bytes and may have none).
	 */
	printf("%u emulation prevention bytes in all\n", ep_bytes);
	if (!cabac && sz->full && !ep_bytes)
		problem(&pr, "no emulation prevention byte in any CAVLC stream: the EP check proved nothing");
	/* lossy it is: QP 51 keeps much less than QP 0 */
	if (res[N_QPS - 1][0][0].psnr > res[0][0][0].psnr - 10)
		problem(&pr, "PSNR %.2f dB at QP 51 against %.2f dB at QP 0: not lossy",
			res[N_QPS - 1][0][0].psnr, res[0][0][0].psnr);
	if (pr.count) {
		fflush(stdout);
		fprintf(stderr, "%s %s: %u problem(s) (failed streams kept in %s):\n",
			sz->name, cabac ? "CABAC" : "CAVLC", pr.count, dir);
		for (unsigned int i = 0; i < pr.count && i < MAX_PROBLEMS; i++)
			fprintf(stderr, "  %s\n", pr.text[i]);
		exit(1);
	}
	rmdir(dir);
}

static void test_qcif_cavlc(void)
{
	run_lossy_matrix(&size_qcif, false);
}

static void test_qcif_cabac(void)
{
	run_lossy_matrix(&size_qcif, true);
}

static void test_qvga_cavlc(void)
{
	run_lossy_matrix(&size_qvga, false);
}

static void test_qvga_cabac(void)
{
	run_lossy_matrix(&size_qvga, true);
}

static void test_720p_cavlc(void)
{
	run_lossy_matrix(&size_720p, false);
}

static void test_720p_cabac(void)
{
	run_lossy_matrix(&size_720p, true);
}

static void test_1080p_cavlc(void)
{
	run_lossy_matrix(&size_1080p, false);
}

static void test_1080p_cabac(void)
{
	run_lossy_matrix(&size_1080p, true);
}

/*
 * Emulation prevention across the header/slice data boundary, lossy: a
 * 16-bit frame_num of 0 and idr_pic_id 65535 (ue: 16 zeros, 1, 16 zeros)
 * put three zero bytes in a row into the IDR slice header, so the header
 * itself needs EP and the writer enters the slice data with a zero run
 * pending (v1: decode_qcif_*_black_ep). The stream must still decode to
 * the REC.
 */
static void run_lossy_header_ep(bool cabac)
{
	const struct enc_cfg hdr = {
		.log2_max_frame_num = 16, .idr_pic_id = 65535,
	};
	struct clip cl = clip_load(&size_qcif);
	const char *dir = make_temp_dir();
	struct lossy_result r;

	run_lossy_case(&size_qcif, &cl, cabac, 26, &deblock_variants[0], 0,
		       &hdr, 1, dir, &r);
	print_row(&size_qcif, cabac, 26, &deblock_variants[0], 0, &r);
	free(cl.data);
	if (!r.header_ep)
		FAIL("no emulation prevention byte in the IDR headers: the case tests nothing");
	if (!r.decode_ok)
		FAIL("decode != REC (streams kept in %s): %s", dir, r.why);
	rmdir(dir);
}

static void test_header_ep_cavlc(void)
{
	run_lossy_header_ep(false);
}

static void test_header_ep_cabac(void)
{
	run_lossy_header_ep(true);
}

#define GUARD_BYTE	0xa5
#define GUARD_SIZE	4096

/*
 * As v1 (test-errors.c): a QCIF IDR frame at QP 0 (tens of KB) into a
 * 1000-byte window stops with STALL and no FINISH, fills the window
 * exactly and writes nothing past it; the next frame, into the whole
 * buffer, finishes.
 */
static void run_lossy_overflow(bool stream_limit, bool cabac)
{
	const struct lossy_size *sz = &size_qcif;
	struct enc_cfg c = {
		.width = sz->width, .height = sz->height, .cabac = cabac,
		.qp = 0, .pic_init_qp_minus26 = -26, .deblock_idc = 0,
	};
	struct enc_bufs b = enc_layout(&c);
	struct clip cl = clip_load(sz);
	const uint32_t window = 1000;
	uint8_t *out = NULL;
	size_t out_len = 0;
	struct tenv t;

	tenv_init(&t, b.mem_size);
	t.core.coding = VE_CORE_CODING_LOSSY;
	load_source(&t, &c, &b, &cl, 0);
	memset(t.mem + b.stream, GUARD_BYTE, b.stream_size);
	drv_stream_setup(&t, b.stream, b.stream_size);
	if (stream_limit)
		t.core.stream_limit = window;
	else
		wr(&t, VE_ENC_AVC_STM_END_ADDR_REG, b.stream + window - 1);
	drv_write_sps(&t, &c);
	drv_write_pps(&t, &c);
	drv_write_slice_header(&t, &c, true, 0);
	CHECK_EQ(drv_configure_and_start(&t, &c, &b, 0),
		 VE_CORE_ACTION_START_JOB);
	ve_core_run_job(&t.core);
	CHECK_EQ(rd(&t, VE_ENC_AVC_STATUS_REG),
		 VE_ENC_AVC_STATUS_PUT_BITS_READY | VE_ENC_AVC_STATUS_STALL);
	CHECK(ve_core_irq_level(&t.core));
	CHECK_EQ(rd(&t, VE_ENC_AVC_STM_BIT_LEN_REG), window * 8);
	CHECK(t.mem[b.stream + window - 1] != GUARD_BYTE ||
	      t.mem[b.stream + window - 2] != GUARD_BYTE);
	for (size_t i = 0; i < GUARD_SIZE; i++)
		if (t.mem[b.stream + window + i] != GUARD_BYTE)
			FAIL("guard byte %zu after the %u-byte window overwritten",
			     i, window);
	wr(&t, VE_ENC_AVC_STATUS_REG, VE_ENC_AVC_STATUS_INT_MASK);
	wr(&t, VE_ENC_AVC_INT_EN_REG, 0);

	/* a new IDR frame into the whole buffer finishes */
	t.core.stream_limit = 0;
	drv_encoder_reset(&t);
	drv_encode_frame(&t, &c, &b, 0, &out, &out_len);
	CHECK(out_len > window);
	CHECK_EQ(t.events[VE_CORE_EV_UNIMP], 0);
	tenv_free(&t);
	free(out);
	free(cl.data);
}

static void test_overflow_stm_end(void)
{
	run_lossy_overflow(false, false);
}

static void test_overflow_stream_limit(void)
{
	run_lossy_overflow(true, true);
}

const struct test_case lossy_tests[] = {
	{ "lossy_qcif_cavlc", test_qcif_cavlc },
	{ "lossy_qcif_cabac", test_qcif_cabac },
	{ "lossy_qvga_cavlc", test_qvga_cavlc },
	{ "lossy_qvga_cabac", test_qvga_cabac },
	{ "lossy_720p_cavlc", test_720p_cavlc },
	{ "lossy_720p_cabac", test_720p_cabac },
	{ "lossy_1080p_cavlc", test_1080p_cavlc },
	{ "lossy_1080p_cabac", test_1080p_cabac },
	{ "lossy_qcif_cavlc_header_ep", test_header_ep_cavlc },
	{ "lossy_qcif_cabac_header_ep", test_header_ep_cabac },
	{ "lossy_overflow_stm_end", test_overflow_stm_end },
	{ "lossy_overflow_stream_limit", test_overflow_stream_limit },
	{ NULL, NULL },
};
