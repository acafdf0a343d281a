// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * model-frame-sizes: bytes a 1920x1080 I frame takes on the VE model's
 * lossy coder, per QP, content and entropy coder (make bench-frame-sizes).
 * It prints figures: the driver sizes its default CAPTURE buffer from them
 * (driver/README.md, "The client's buffers"), against 128 bytes a
 * macroblock (1 MiB at 1080p) and H.264's bound of 400.
 *
 * Content: "clip", the first frame of the lossy tests' clip (testsrc2 and
 * mandelbrot halves under temporal noise of strength 20, MODEL_MEDIA_DIR);
 * "noise", uniform random samples (a fixed seed). One IDR frame each,
 * through the test-side driver, deblocking on.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "test-driver.h"

#ifndef MODEL_MEDIA_DIR
#error "MODEL_MEDIA_DIR must name the directory of the generated clips"
#endif

#define WIDTH	1920
#define HEIGHT	1080

/* Frame 0 of the clip, or noise, into the source buffer (1088 rows). */
static void load_source(struct tenv *t, const struct enc_cfg *c,
			const struct enc_bufs *b, const uint8_t *clip)
{
	unsigned int rows = cfg_height_mbs(c) * 16;
	uint32_t seed = 12345;

	for (unsigned int row = 0; row < rows * 3 / 2; row++) {
		bool chroma = row >= rows;
		unsigned int r = chroma ? row - rows : row;
		unsigned int visible = chroma ? c->height / 2 : c->height;
		const uint8_t *src = clip + (chroma ? (size_t)c->width * c->height : 0) +
				     (size_t)(r < visible ? r : visible - 1) * c->width;
		uint8_t *dst = t->mem + (chroma ? b->src_c : b->src_y) +
			       (size_t)r * b->src_stride;

		if (clip) {
			memcpy(dst, src, c->width);
			continue;
		}
		for (unsigned int x = 0; x < c->width; x++) {
			seed = seed * 1103515245u + 12345u;
			dst[x] = seed >> 24;
		}
	}
}

static size_t frame_bytes(const uint8_t *clip, unsigned int qp, bool cabac)
{
	struct enc_cfg c = {
		.width = WIDTH, .height = HEIGHT, .cabac = cabac, .qp = qp,
		.deblock_idc = 0,
	};
	struct enc_bufs b = enc_layout(&c);
	uint8_t *out = NULL;
	size_t len = 0;
	struct tenv t;

	tenv_init(&t, b.mem_size);
	t.core.coding = VE_CORE_CODING_LOSSY;
	load_source(&t, &c, &b, clip);
	drv_encode_frame(&t, &c, &b, 0, &out, &len);
	tenv_free(&t);
	free(out);
	return len;
}

int main(void)
{
	static const unsigned int qps[] = { 0, 10, 16, 20, 22, 26, 30, 36 };
	size_t size = (size_t)WIDTH * HEIGHT * 3 / 2;
	unsigned int mbs = (WIDTH / 16) * ((HEIGHT + 15) / 16);
	uint8_t *clip = malloc(size);
	char path[4096];
	FILE *f;

	CHECK(clip);
	snprintf(path, sizeof(path), "%s/clip-%ux%u.nv12", MODEL_MEDIA_DIR,
		 WIDTH, HEIGHT);
	f = fopen(path, "rb");
	if (!f)
		FAIL("cannot open %s: %s", path, strerror(errno));
	if (fread(clip, 1, size, f) != size)
		FAIL("%s: shorter than a frame", path);
	fclose(f);

	printf("VE model, lossy coder, %ux%u IDR frames (%u macroblocks), deblocking on\n",
	       WIDTH, HEIGHT, mbs);
	printf("%-6s %3s  %9s %7s  %9s %7s\n", "source", "QP", "CAVLC",
	       "a MB", "CABAC", "a MB");
	for (unsigned int s = 0; s < 2; s++) {
		for (unsigned int i = 0; i < sizeof(qps) / sizeof(qps[0]); i++) {
			size_t cavlc = frame_bytes(s ? NULL : clip, qps[i], false);
			size_t cabac = frame_bytes(s ? NULL : clip, qps[i], true);

			printf("%-6s %3u  %9zu %7.1f  %9zu %7.1f\n",
			       s ? "noise" : "clip", qps[i], cavlc,
			       (double)cavlc / mbs, cabac, (double)cabac / mbs);
			fflush(stdout);
		}
	}
	free(clip);
	return 0;
}
