// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-dec-vp8-check: guest test program for the cedrus VP8 decode
 * engine, run on the emulated board. The VE model completes decode jobs
 * with the success status and the interrupt but decodes nothing, so this
 * checks the job path and the driver's validation, not pictures:
 * - control validation: V4L2_CID_STATELESS_VP8_FRAME values the VE's
 *   registers cannot hold or the format does not cover are refused by
 *   VIDIOC_TRY_EXT_CTRLS with EINVAL (one case per field), a plain frame
 *   is accepted;
 * - job validation: frames whose partitions lie past the payload, whose
 *   size is unset, or whose references name no CAPTURE buffer end with
 *   ERROR before the hardware runs (at once, no watchdog);
 * - a stream in one context: a key frame, then inter frames that use the
 *   last frame, a golden frame and an altref frame (each found by its
 *   timestamp), with segmentation, loop filter deltas, DCT partitions,
 *   every bitstream version and smaller frame sizes; every frame must come
 *   back DONE, at once.
 *
 * Prints one line per check: "NAME key=value ...". The guest script turns
 * them into summary.txt, the host check judges them. Exit code 0 when the
 * program ran to the end (the verdict is the host's), 1 on a setup error.
 *
 * Usage: cedrus-dec-vp8-check [--frames N] /dev/videoN
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/media.h>
#include <linux/videodev2.h>

#include "cedrus-dec-common.h"

const char *const dec_prog_name = "cedrus-dec-vp8-check";

#define WIDTH		96
#define HEIGHT		64
#define CODED_SIZE	4096
#define OUT_BUFFERS	2
/* References stay at most 4 frames back: 6 pictures never collide. */
#define CAP_BUFFERS	6
#define STREAM_FRAMES	24
/* A frame's bytes: tag, first partition, DCT partitions. */
#define FRAME_BYTES	200
#define FIRST_PART	40

struct decoder {
	int		video_fd;
	int		media_fd;
	void		*coded[OUT_BUFFERS];
	size_t		coded_size[OUT_BUFFERS];
	unsigned int	sequence;	/* OUTPUT timestamps, in seconds */
	unsigned int	frame;		/* CAPTURE buffers used */
};

/* OUTPUT timestamp (ns) of the frame queued as number @sequence. */
static uint64_t ts_ns(unsigned int sequence)
{
	return sequence * 1000000000ULL;
}

/* A key frame of the format's size, one DCT partition. */
static void frame_init(struct v4l2_ctrl_vp8_frame *f)
{
	unsigned int i, j, k, l;

	memset(f, 0, sizeof(*f));
	f->width = WIDTH;
	f->height = HEIGHT;
	f->flags = V4L2_VP8_FRAME_FLAG_KEY_FRAME |
		   V4L2_VP8_FRAME_FLAG_SHOW_FRAME;
	f->num_dct_parts = 1;
	f->first_part_size = FIRST_PART;
	f->first_part_header_bits = 100;
	f->dct_part_sizes[0] = FRAME_BYTES - 10 - FIRST_PART;
	f->quant.y_ac_qi = 40;
	f->lf.level = 20;
	f->lf.sharpness_level = 2;
	f->prob_skip_false = 200;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 8; j++)
			for (k = 0; k < 3; k++)
				for (l = 0; l < V4L2_VP8_COEFF_PROB_CNT; l++)
					f->entropy.coeff_probs[i][j][k][l] =
						128 + i + j + k + l;
	f->entropy.y_mode_probs[0] = 112;
	f->entropy.uv_mode_probs[0] = 162;
	for (i = 0; i < V4L2_VP8_MV_PROB_CNT; i++) {
		f->entropy.mv_probs[0][i] = 162 + i;
		f->entropy.mv_probs[1][i] = 164 + i;
	}
}

static void check_try(struct decoder *dec, const char *name,
		      struct v4l2_ctrl_vp8_frame *f)
{
	mark(name);
	printf("%s errno=%d\n", name,
	       try_ctrl(dec->video_fd, V4L2_CID_STATELESS_VP8_FRAME, f,
			sizeof(*f)));
	fflush(stdout);
}

/* One case per field the driver (or the control framework) bounds. */
static void check_ctrl_validation(struct decoder *dec)
{
	struct v4l2_ctrl_vp8_frame f;

	frame_init(&f);
	check_try(dec, "frame_valid", &f);

	frame_init(&f);
	f.width = 0;
	f.height = 0;
	check_try(dec, "frame_size_unset", &f);

	frame_init(&f);
	f.width = WIDTH + 1;
	check_try(dec, "frame_wider_than_format", &f);

	frame_init(&f);
	f.height = HEIGHT + 16;
	check_try(dec, "frame_taller_than_format", &f);

	frame_init(&f);
	f.version = 4;
	check_try(dec, "version_4", &f);

	frame_init(&f);
	f.horizontal_scale = 4;
	check_try(dec, "horizontal_scale_4", &f);

	frame_init(&f);
	f.lf.level = 64;
	check_try(dec, "lf_level_64", &f);

	frame_init(&f);
	f.lf.sharpness_level = 8;
	check_try(dec, "sharpness_8", &f);

	frame_init(&f);
	f.lf.ref_frm_delta[2] = 64;
	check_try(dec, "lf_ref_delta_64", &f);

	frame_init(&f);
	f.lf.mb_mode_delta[3] = -64;
	check_try(dec, "lf_mode_delta_minus_64", &f);

	frame_init(&f);
	f.quant.y_ac_qi = 128;
	check_try(dec, "y_ac_qi_128", &f);

	frame_init(&f);
	f.quant.uv_ac_delta = -16;
	check_try(dec, "q_delta_minus_16", &f);

	frame_init(&f);
	f.segment.quant_update[1] = -128;
	check_try(dec, "segment_quant_minus_128", &f);

	frame_init(&f);
	f.segment.lf_update[0] = 64;
	check_try(dec, "segment_lf_64", &f);

	frame_init(&f);
	f.first_part_header_bits = FIRST_PART * 8 + 1;
	check_try(dec, "header_bits_past_first_part", &f);

	/* The control framework's own check. */
	frame_init(&f);
	f.num_dct_parts = 3;
	check_try(dec, "dct_parts_3", &f);
}

static void setup_queues(struct decoder *dec)
{
	struct v4l2_format fmt;
	unsigned int i;

	if (dec_set_coded_format(dec->video_fd, &fmt, V4L2_PIX_FMT_VP8_FRAME,
				 WIDTH, HEIGHT, CODED_SIZE))
		die("S_FMT(OUTPUT)");
	if (fmt.fmt.pix.width != WIDTH || fmt.fmt.pix.height != HEIGHT ||
	    fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_VP8_FRAME) {
		errno = EINVAL;
		die("S_FMT(OUTPUT) changed the VP8 format");
	}

	dec_setup_queues(dec->video_fd, OUT_BUFFERS, dec->coded,
			 dec->coded_size, CAP_BUFFERS);

	for (i = 0; i < OUT_BUFFERS; i++) {
		if (dec->coded_size[i] < FRAME_BYTES) {
			errno = ENOSPC;
			die("OUTPUT buffer too small");
		}
	}
}

/*
 * The frame's bytes: the frame tag (RFC 6386 9.1: key frame bit clear
 * for a key frame, version, show_frame, first partition size), a key
 * frame's start code and size, then filler the VE model ignores.
 */
static void frame_bytes(uint8_t *data, const struct v4l2_ctrl_vp8_frame *f)
{
	bool key = f->flags & V4L2_VP8_FRAME_FLAG_KEY_FRAME;
	uint32_t tag = (key ? 0 : 1) | (f->version & 7) << 1 | 1 << 4 |
		       f->first_part_size << 5;
	unsigned int i;

	for (i = 0; i < FRAME_BYTES; i++)
		data[i] = 0x5a ^ i;
	data[0] = tag;
	data[1] = tag >> 8;
	data[2] = tag >> 16;
	if (key) {
		data[3] = 0x9d;
		data[4] = 0x01;
		data[5] = 0x2a;
		data[6] = f->width;
		data[7] = f->width >> 8;
		data[8] = f->height;
		data[9] = f->height >> 8;
	}
}

/*
 * One frame, one request, @bytes of payload: returns whether the CAPTURE
 * buffer came back with ERROR, and the time the job took in *ms. The
 * frame's OUTPUT timestamp is ts_ns(dec->sequence) afterwards.
 */
static bool submit_frame(struct decoder *dec,
			 const struct v4l2_ctrl_vp8_frame *f,
			 unsigned int bytes, long *ms)
{
	unsigned int index = dec->sequence % OUT_BUFFERS;
	struct v4l2_ext_control ctrl = DEC_CTRL(V4L2_CID_STATELESS_VP8_FRAME,
						*f);
	int req_fd = dec_request_alloc(dec->media_fd);
	struct v4l2_buffer out, cap;

	dec_output_buffer(&out, index, bytes, req_fd);
	dec_capture_buffer(&cap, dec->frame++ % CAP_BUFFERS);
	if (dec_set_ctrls(dec->video_fd, req_fd, &ctrl, 1))
		die("S_EXT_CTRLS(request)");

	frame_bytes(dec->coded[index], f);
	out.timestamp.tv_sec = ++dec->sequence;
	*ms = dec_run_request(dec->video_fd, req_fd, &out, &cap, NULL);

	return cap.flags & V4L2_BUF_FLAG_ERROR;
}

/* One job: print the CAPTURE flags and the time it took. */
static void run_job(struct decoder *dec, const char *name,
		    const struct v4l2_ctrl_vp8_frame *f, unsigned int bytes)
{
	bool error;
	long ms;

	mark(name);
	error = submit_frame(dec, f, bytes, &ms);
	printf("%s returned=1 error=%d ms=%ld\n", name, error, ms);
	fflush(stdout);
}

/* Split what follows the first partition into @count DCT partitions. */
static void frame_partitions(struct v4l2_ctrl_vp8_frame *f,
			     unsigned int count)
{
	bool key = f->flags & V4L2_VP8_FRAME_FLAG_KEY_FRAME;
	unsigned int rest = FRAME_BYTES - (key ? 10 : 3) -
			    f->first_part_size - 3 * (count - 1);
	unsigned int i;

	memset(f->dct_part_sizes, 0, sizeof(f->dct_part_sizes));
	f->num_dct_parts = count;
	for (i = 0; i < count; i++)
		f->dct_part_sizes[i] = rest / count;
	f->dct_part_sizes[count - 1] += rest % count;
}

/* An inter frame whose three references are the frame before. */
static void inter_init(struct decoder *dec, struct v4l2_ctrl_vp8_frame *f)
{
	frame_init(f);
	f->flags &= ~V4L2_VP8_FRAME_FLAG_KEY_FRAME;
	f->dct_part_sizes[0] = FRAME_BYTES - 3 - FIRST_PART;
	f->prob_intra = 60;
	f->prob_last = 200;
	f->prob_gf = 120;
	f->last_frame_ts = ts_ns(dec->sequence);
	f->golden_frame_ts = ts_ns(dec->sequence);
	f->alt_frame_ts = ts_ns(dec->sequence);
}

/* Jobs the driver must end with ERROR before the hardware runs. */
static void check_jobs(struct decoder *dec)
{
	struct v4l2_ctrl_vp8_frame f;

	/* A key frame first: the inter frames below have references. */
	frame_init(&f);
	run_job(dec, "job_key_valid", &f, FRAME_BYTES);

	inter_init(dec, &f);
	run_job(dec, "job_inter_valid", &f, FRAME_BYTES);

	frame_init(&f);
	f.first_part_size = FRAME_BYTES;
	f.first_part_header_bits = 8;
	run_job(dec, "job_first_part_past_payload", &f, FRAME_BYTES);

	frame_init(&f);
	f.first_part_size = 0;
	f.first_part_header_bits = 0;
	run_job(dec, "job_first_part_empty", &f, FRAME_BYTES);

	/* 7 partition sizes of 3 bytes each do not fit after 180 bytes. */
	frame_init(&f);
	f.first_part_size = FRAME_BYTES - 10 - 10;
	f.num_dct_parts = 8;
	memset(f.dct_part_sizes, 0, sizeof(f.dct_part_sizes));
	run_job(dec, "job_part_sizes_past_payload", &f, FRAME_BYTES);

	frame_init(&f);
	f.num_dct_parts = 2;
	f.dct_part_sizes[0] = 100;
	f.dct_part_sizes[1] = 100;
	run_job(dec, "job_dct_parts_past_payload", &f, FRAME_BYTES);

	frame_init(&f);
	f.width = 0;
	f.height = 0;
	run_job(dec, "job_frame_size_unset", &f, FRAME_BYTES);

	inter_init(dec, &f);
	f.last_frame_ts = 0xdeadbeef000ULL;
	run_job(dec, "job_last_ref_unresolved", &f, FRAME_BYTES);

	inter_init(dec, &f);
	f.golden_frame_ts = 0xdeadbeef000ULL;
	run_job(dec, "job_golden_ref_unresolved", &f, FRAME_BYTES);

	inter_init(dec, &f);
	f.alt_frame_ts = 0xdeadbeef000ULL;
	run_job(dec, "job_altref_unresolved", &f, FRAME_BYTES);

	/* 10 tag bytes and a first partition of 40 bytes: 49 is short. */
	frame_init(&f);
	f.dct_part_sizes[0] = 0;
	run_job(dec, "job_payload_short", &f, 10 + FIRST_PART - 1);
}

/*
 * @frames frames in this context: a key frame every 16 frames, inter
 * frames between them. The golden frame is refreshed every 4 frames, the
 * altref frame 2 frames after it; each inter frame references the frame
 * before (last), the latest golden and the latest altref, found by their
 * timestamps. Fields vary from frame to frame. Prints "stream frames=N
 * done=D error=E max_ms=M total_ms=T keys=K".
 */
static void check_stream(struct decoder *dec, unsigned int frames)
{
	unsigned int f, done = 0, errors = 0, keys = 0;
	unsigned int golden = 0, altref = 0;
	long ms, max_ms = 0, start = now_ms();
	struct v4l2_ctrl_vp8_frame fr;

	mark("stream");
	for (f = 0; f < frames; f++) {
		bool key = !(f % 16);

		if (key) {
			frame_init(&fr);
			keys++;
		} else {
			inter_init(dec, &fr);
			fr.golden_frame_ts = ts_ns(golden);
			fr.alt_frame_ts = ts_ns(altref);
			if (f % 3 == 1)
				fr.flags |= V4L2_VP8_FRAME_FLAG_SIGN_BIAS_GOLDEN;
			if (f % 3 == 2)
				fr.flags |= V4L2_VP8_FRAME_FLAG_SIGN_BIAS_ALT;
		}

		fr.version = f % 4;
		frame_partitions(&fr, 1 << (f % 4));
		fr.lf.level = (f * 7) % 64;
		fr.lf.sharpness_level = f % 8;
		if (f % 2)
			fr.lf.flags |= V4L2_VP8_LF_FILTER_TYPE_SIMPLE;
		if (f % 5 == 3) {
			fr.lf.flags |= V4L2_VP8_LF_ADJ_ENABLE |
				       V4L2_VP8_LF_DELTA_UPDATE;
			fr.lf.ref_frm_delta[0] = 2;
			fr.lf.ref_frm_delta[1] = -63;
			fr.lf.mb_mode_delta[2] = 63;
			fr.lf.mb_mode_delta[3] = -2;
		}
		if (f % 6 == 5) {
			fr.segment.flags = V4L2_VP8_SEGMENT_FLAG_ENABLED |
					   V4L2_VP8_SEGMENT_FLAG_UPDATE_MAP |
					   V4L2_VP8_SEGMENT_FLAG_DELTA_VALUE_MODE;
			fr.segment.quant_update[0] = -127;
			fr.segment.quant_update[3] = 127;
			fr.segment.lf_update[1] = -63;
			fr.segment.segment_probs[2] = 77;
		}
		fr.quant.y_ac_qi = (f * 11) % 128;
		fr.quant.y_dc_delta = -15;
		fr.quant.uv_ac_delta = 15;
		if (f % 8 == 7) {
			/* a smaller frame in the same format */
			fr.width = WIDTH - 13;
			fr.height = HEIGHT - 21;
		}

		if (submit_frame(dec, &fr, FRAME_BYTES, &ms))
			errors++;
		else
			done++;
		if (ms > max_ms)
			max_ms = ms;

		/* This frame's timestamp, for the frames after it. */
		if (key || f % 4 == 0)
			golden = dec->sequence;
		if (key || f % 4 == 2)
			altref = dec->sequence;
	}
	printf("stream frames=%u done=%u error=%u max_ms=%ld total_ms=%ld keys=%u\n",
	       frames, done, errors, max_ms, now_ms() - start, keys);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct decoder dec = { 0 };
	unsigned int frames;

	frames = dec_open(argc, argv, &dec.video_fd, &dec.media_fd);

	mark("setup_queues");
	setup_queues(&dec);

	if (frames) {
		check_stream(&dec, frames);
		printf("done\n");
		return 0;
	}

	check_ctrl_validation(&dec);
	check_jobs(&dec);
	check_stream(&dec, STREAM_FRAMES);

	printf("done\n");
	return 0;
}
