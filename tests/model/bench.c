// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * model-bench: host time per frame of the VE model's lossy coder at 720p
 * and 1080p, I and P frames, CAVLC and CABAC (make bench-model, built -O2
 * without sanitizers). It prints figures and checks nothing but that every
 * frame finished: the target is 40 ms per 1080p frame, so that QEMU runs
 * a 1080p encode at some frames per second.
 *
 * Each run encodes the clip of the lossy tests (MODEL_MEDIA_DIR) as an IDR
 * frame and three P frames through the test-side driver, at QP 26 with
 * deblocking on, ROUNDS times; the time of a frame is that of its driver
 * sequence (put-bits headers, registers, the job), the minimum and the
 * median over the rounds are printed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "test-driver.h"

#ifndef MODEL_MEDIA_DIR
#error "MODEL_MEDIA_DIR must name the directory of the generated clips"
#endif

#define ROUNDS		5
#define FRAMES		4	/* 1 I + 3 P */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static uint8_t *load_clip(unsigned int width, unsigned int height,
			  unsigned int frames)
{
	size_t size = (size_t)width * height * 3 / 2 * frames;
	char path[4096];
	uint8_t *data = malloc(size);
	FILE *f;

	CHECK(data);
	snprintf(path, sizeof(path), "%s/clip-%ux%u.nv12", MODEL_MEDIA_DIR,
		 width, height);
	f = fopen(path, "rb");
	if (!f)
		FAIL("cannot open %s: %s", path, strerror(errno));
	if (fread(data, 1, size, f) != size)
		FAIL("%s: fewer than %u frames", path, frames);
	fclose(f);
	return data;
}

/* Frame f of the clip into the source buffer, last row repeated (1088). */
static void load_source(struct tenv *t, const struct enc_cfg *c,
			const struct enc_bufs *b, const uint8_t *clip,
			unsigned int f)
{
	const uint8_t *y = clip + (size_t)f * c->width * c->height * 3 / 2;
	const uint8_t *uv = y + (size_t)c->width * c->height;
	unsigned int h = cfg_height_mbs(c) * 16;

	for (unsigned int row = 0; row < h; row++)
		memcpy(t->mem + b->src_y + (size_t)row * b->src_stride,
		       y + (size_t)(row < c->height ? row : c->height - 1) *
		       c->width, c->width);
	for (unsigned int row = 0; row < h / 2; row++)
		memcpy(t->mem + b->src_c + (size_t)row * b->src_stride,
		       uv + (size_t)(row < c->height / 2 ? row :
				     c->height / 2 - 1) * c->width, c->width);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void bench(unsigned int width, unsigned int height, bool cabac)
{
	struct enc_cfg c = {
		.width = width, .height = height, .cabac = cabac, .qp = 26,
		.deblock_idc = 0,
	};
	struct enc_bufs b = enc_layout(&c);
	uint8_t *clip = load_clip(width, height, FRAMES), *out = NULL;
	double ms_i[ROUNDS], ms_p[ROUNDS * (FRAMES - 1)];
	size_t out_len = 0, bytes_i = 0, bytes_p = 0;
	unsigned int np = 0;
	struct tenv t;

	tenv_init(&t, b.mem_size);
	t.core.coding = VE_CORE_CODING_LOSSY;
	for (unsigned int r = 0; r < ROUNDS; r++) {
		for (unsigned int f = 0; f < FRAMES; f++) {
			size_t before = out_len;
			double t0;

			load_source(&t, &c, &b, clip, f);
			t0 = now_ms();
			drv_encode_frame(&t, &c, &b, f, &out, &out_len);
			if (f)
				ms_p[np++] = now_ms() - t0;
			else
				ms_i[r] = now_ms() - t0;
			if (r == 0 && f)
				bytes_p += out_len - before;
			else if (r == 0)
				bytes_i += out_len - before;
		}
		out_len = 0;
	}
	qsort(ms_i, ROUNDS, sizeof(ms_i[0]), cmp_double);
	qsort(ms_p, np, sizeof(ms_p[0]), cmp_double);
	printf("%4ux%-4u  %-5s  I  %7.1f  %7.1f  %8zu\n", width, height,
	       cabac ? "CABAC" : "CAVLC", ms_i[0], ms_i[ROUNDS / 2], bytes_i);
	printf("%4ux%-4u  %-5s  P  %7.1f  %7.1f  %8zu\n", width, height,
	       cabac ? "CABAC" : "CAVLC", ms_p[0], ms_p[np / 2],
	       bytes_p / (FRAMES - 1));
	fflush(stdout);
	tenv_free(&t);
	free(clip);
	free(out);
}

int main(void)
{
	printf("VE model, lossy coder, QP 26, deblocking on: ms per frame (min and median of %u rounds), bytes per frame\n",
	       ROUNDS);
	printf("%-9s  %-5s  %s  %7s  %7s  %8s\n", "size", "mode", "t", "min",
	       "median", "bytes");
	for (unsigned int s = 0; s < 2; s++)
		for (unsigned int cabac = 0; cabac < 2; cabac++)
			bench(s ? 1920 : 1280, s ? 1080 : 720, cabac);
	return 0;
}
