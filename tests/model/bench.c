// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * model-bench: host time per frame of the VE model's lossy coder at 720p
 * and 1080p, I and P frames, CAVLC and CABAC (make bench-model, built -O3
 * without sanitizers). It prints figures and checks nothing but that every
 * frame finished: the target is 40 ms per 1080p frame, so that QEMU runs
 * a 1080p encode at some frames per second.
 *
 * Each run encodes a clip as an IDR frame and three P frames through the test-side driver, at QP 26 with
 * deblocking on, ROUNDS times; the time of a frame is that of its driver
 * sequence (put-bits headers, registers, the job). Two clips
 * (MODEL_MEDIA_DIR): "noisy", that of the lossy tests, whose temporal
 * noise leaves the motion search little to find and the entropy coders
 * many levels; and "clean", the same material without the noise. Printed: the median CPU
 * time of the thread (what the model costs, even on a loaded host; the
 * figure to hold against the target), and the minimum and median wall
 * time over the rounds. The stream bytes and the PSNR of the
 * reconstruction against the source (Y and all samples, the visible
 * area) are those of the first round: the mean of the I frame and of the
 * P frames, so that a change of speed can be held against compression;
 * and the top 32 bits of an FNV-1a hash of those frames' streams and
 * visible reconstructions, which an optimisation meant to change nothing
 * must leave as it is.
 *
 * An argument selects the runs whose "clip WxH mode" contains it, e.g.
 * "clean 1920x1080 CABAC" (for profiling one of them); a second one sets the
 * number of rounds (1 for an instruction count under callgrind, e.g.
 * valgrind --tool=callgrind --toggle-collect=drv_encode_frame).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "test-driver.h"

#ifndef MODEL_MEDIA_DIR
#error "MODEL_MEDIA_DIR must name the directory of the generated clips"
#endif

#define ROUNDS		5	/* at most; a second argument may say fewer */
#define FRAMES		4	/* 1 I + 3 P */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static uint8_t *load_clip(const char *name, unsigned int width,
			  unsigned int height, unsigned int frames)
{
	size_t size = (size_t)width * height * 3 / 2 * frames;
	char path[4096];
	uint8_t *data = malloc(size);
	FILE *f;

	CHECK(data);
	/* the lossy tests' clip is "clip-WxH" */
	snprintf(path, sizeof(path), "%s/%s-%ux%u.nv12", MODEL_MEDIA_DIR,
		 strcmp(name, "noisy") ? name : "clip", width, height);
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

static double now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct times {
	double wall[ROUNDS * FRAMES], cpu[ROUNDS * FRAMES];
	unsigned int n;
	/* first round: squared errors (Y, all samples), frames, bytes */
	double sse_y, sse;
	unsigned int frames;
	size_t bytes;
	/* first round: FNV-1a of the streams and the visible REC */
	uint64_t hash;
};

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* The frame's stream bytes and its visible reconstruction into tt->hash. */
static void add_hash(struct times *tt, const struct tenv *t,
		     const struct enc_cfg *c, const uint8_t *stream,
		     size_t len)
{
	tt->hash = fnv1a(tt->hash, stream, len);
	for (unsigned int row = 0; row < c->height * 3 / 2; row++)
		tt->hash = fnv1a(tt->hash, t->rec + (size_t)(row < c->height ?
				 row : row - c->height + t->rec_height) *
				 c->width, c->width);
}

/* Sum of squared differences of the visible reconstruction (t->rec). */
static void add_sse(struct times *tt, const struct tenv *t,
		    const struct enc_cfg *c, const uint8_t *clip,
		    unsigned int f)
{
	size_t fsize = (size_t)c->width * c->height * 3 / 2;
	const uint8_t *src = clip + f * fsize;

	CHECK(t->rec && t->rec_width == c->width);
	CHECK(t->rec_height >= c->height);
	for (unsigned int row = 0; row < c->height * 3 / 2; row++) {
		/* chroma rows follow the rec hook's rec_height luma rows */
		const uint8_t *r = t->rec + (size_t)(row < c->height ? row :
				   row - c->height + t->rec_height) * c->width;
		const uint8_t *s = src + (size_t)row * c->width;

		for (unsigned int x = 0; x < c->width; x++) {
			double d = (double)r[x] - s[x];

			tt->sse += d * d;
			if (row < c->height)
				tt->sse_y += d * d;
		}
	}
	tt->frames++;
}

static double psnr(double sse, double samples)
{
	return sse ? 10.0 * log10(255.0 * 255.0 * samples / sse) : 99.0;
}

static void print_times(const char *clip, const struct enc_cfg *c, char type,
			struct times *t)
{
	double luma = (double)c->width * c->height * t->frames;

	qsort(t->wall, t->n, sizeof(t->wall[0]), cmp_double);
	qsort(t->cpu, t->n, sizeof(t->cpu[0]), cmp_double);
	printf("%-5s  %4ux%-4u  %-5s  %c  %7.1f  %8.1f  %7.1f  %8zu  %6.2f  %6.2f  %08x\n",
	       clip, c->width, c->height, c->cabac ? "CABAC" : "CAVLC", type,
	       t->cpu[t->n / 2], t->wall[0], t->wall[t->n / 2],
	       t->bytes / t->frames, psnr(t->sse_y, luma),
	       psnr(t->sse, luma * 3 / 2), (unsigned int)(t->hash >> 32));
}

static unsigned int rounds = ROUNDS;

static void bench(const char *name, unsigned int width, unsigned int height,
		  bool cabac)
{
	struct enc_cfg c = {
		.width = width, .height = height, .cabac = cabac, .qp = 26,
		.deblock_idc = 0,
	};
	struct enc_bufs b = enc_layout(&c);
	uint8_t *clip = load_clip(name, width, height, FRAMES), *out = NULL;
	static struct times ti, tp;
	size_t out_len = 0;
	struct tenv t;

	memset(&ti, 0, sizeof(ti));
	memset(&tp, 0, sizeof(tp));
	ti.hash = tp.hash = 0xcbf29ce484222325ull;	/* FNV offset basis */

	tenv_init(&t, b.mem_size);
	t.core.coding = VE_CORE_CODING_LOSSY;
	for (unsigned int r = 0; r < rounds; r++) {
		for (unsigned int f = 0; f < FRAMES; f++) {
			struct times *tt = f ? &tp : &ti;
			size_t before = out_len;
			double w0, c0;

			load_source(&t, &c, &b, clip, f);
			w0 = now_ms(CLOCK_MONOTONIC);
			c0 = now_ms(CLOCK_THREAD_CPUTIME_ID);
			drv_encode_frame(&t, &c, &b, f, &out, &out_len);
			tt->cpu[tt->n] = now_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
			tt->wall[tt->n++] = now_ms(CLOCK_MONOTONIC) - w0;
			if (r == 0) {
				tt->bytes += out_len - before;
				add_sse(tt, &t, &c, clip, f);
				add_hash(tt, &t, &c, out + before,
					 out_len - before);
			}
		}
		out_len = 0;
	}
	print_times(name, &c, 'I', &ti);
	print_times(name, &c, 'P', &tp);
	fflush(stdout);
	tenv_free(&t);
	free(clip);
	free(out);
}

int main(int argc, char **argv)
{
	if (argc > 2) {
		rounds = (unsigned int)strtoul(argv[2], NULL, 0);
		if (!rounds || rounds > ROUNDS)
			FAIL("rounds: 1 to %u", ROUNDS);
	}
	printf("VE model, lossy coder, QP 26, deblocking on: ms per frame over %u rounds (CPU: median thread CPU time; wall: minimum, median), bytes per frame, PSNR (dB) Y and all\n",
	       rounds);
	printf("%-5s  %-9s  %-5s  %s  %7s  %8s  %7s  %8s  %6s  %6s  %s\n",
	       "clip", "size", "mode", "t", "CPU", "wall min", "median",
	       "bytes", "PSNR-Y", "PSNR", "hash");
	for (unsigned int k = 0; k < 2; k++) {
		const char *clip = k ? "clean" : "noisy";

		for (unsigned int s = 0; s < 2; s++) {
			for (unsigned int cabac = 0; cabac < 2; cabac++) {
				unsigned int w = s ? 1920 : 1280;
				unsigned int h = s ? 1080 : 720;
				char name[48];

				snprintf(name, sizeof(name), "%s %ux%u %s",
					 clip, w, h, cabac ? "CABAC" : "CAVLC");
				if (argc > 1 && !strstr(name, argv[1]))
					continue;
				bench(clip, w, h, cabac);
			}
		}
	}
	return 0;
}
