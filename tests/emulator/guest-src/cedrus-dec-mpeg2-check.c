// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-dec-mpeg2-check: guest test program for the cedrus MPEG-2 decode
 * engine, run on the emulated board. The VE model completes decode jobs
 * with the success status and the interrupt but decodes nothing, so this
 * checks the job path and the refusals, not pictures:
 * - control validation (VIDIOC_TRY_EXT_CTRLS, once the OUTPUT format is
 *   MPEG-2 at 64x64): one line per malformed sequence or picture, which
 *   must be refused, and the valid ones, which must not;
 * - jobs that must fail before the hardware (CAPTURE buffer back with
 *   ERROR at once): a sequence without a size, a used reference whose
 *   timestamp names no buffer;
 * - jobs that must reach the hardware and come back DONE through its
 *   interrupt (no 2 s watchdog): an I, a P and a B picture with their
 *   references, an I picture whose unused reference timestamps name no
 *   buffer;
 * - a field pair (top I, bottom P referencing the top field) decoded into
 *   one CAPTURE buffer held between the two requests, back DONE;
 * - a stream in one context: I, then P B B groups in decode order, each
 *   P referencing the anchor before, each B both anchors around it; every
 *   picture must come back DONE ("stream" line; with --frames N only this,
 *   N pictures).
 *
 * Prints one line per check: "NAME key=value ...". The guest script turns
 * them into summary.txt, the host check judges them. Exit code 0 when the
 * program ran to the end (the verdict is the host's), 1 on a setup error.
 *
 * Usage: cedrus-dec-mpeg2-check [--frames N] /dev/videoN
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

const char *const dec_prog_name = "cedrus-dec-mpeg2-check";

#define WIDTH		64
#define HEIGHT		64
#define OUT_BUFFERS	2
/* Two anchors (I/P) kept as references, two for B pictures */
#define CAP_BUFFERS	4
#define STREAM_FRAMES	16
/* A timestamp no buffer carries */
#define TS_NONE		0xdeadbeef000ULL

struct decoder {
	int		video_fd;
	int		media_fd;
	void		*coded[OUT_BUFFERS];
	size_t		coded_size[OUT_BUFFERS];
	unsigned int	sequence;
};

/* The test picture size, 4:2:0, main profile at main level. */
static void sequence_init(struct v4l2_ctrl_mpeg2_sequence *seq)
{
	memset(seq, 0, sizeof(*seq));
	seq->horizontal_size = WIDTH;
	seq->vertical_size = HEIGHT;
	seq->vbv_buffer_size = 112 * 1024 * 2;
	seq->profile_and_level_indication = 0x48;
	seq->chroma_format = 1;
	seq->flags = V4L2_MPEG2_SEQ_FLAG_PROGRESSIVE;
}

/*
 * A progressive frame picture of @type; f_codes as an encoder writes
 * them: 15 where unused, a small range where used.
 */
static void picture_init(struct v4l2_ctrl_mpeg2_picture *pic, uint8_t type)
{
	memset(pic, 0, sizeof(*pic));
	pic->picture_coding_type = type;
	pic->picture_structure = V4L2_MPEG2_PIC_FRAME;
	pic->flags = V4L2_MPEG2_PIC_FLAG_FRAME_PRED_DCT |
		     V4L2_MPEG2_PIC_FLAG_PROGRESSIVE;
	pic->f_code[0][0] = type == V4L2_MPEG2_PIC_CODING_TYPE_I ? 15 : 2;
	pic->f_code[0][1] = pic->f_code[0][0];
	pic->f_code[1][0] = type == V4L2_MPEG2_PIC_CODING_TYPE_B ? 2 : 15;
	pic->f_code[1][1] = pic->f_code[1][0];
	pic->forward_ref_ts = TS_NONE;
	pic->backward_ref_ts = TS_NONE;
}

static void check_sequence(struct decoder *dec, const char *name,
			   struct v4l2_ctrl_mpeg2_sequence *seq)
{
	int err;

	mark(name);
	err = try_ctrl(dec->video_fd, V4L2_CID_STATELESS_MPEG2_SEQUENCE, seq,
		       sizeof(*seq));
	printf("%s errno=%d\n", name, err);
}

static void check_picture(struct decoder *dec, const char *name,
			  struct v4l2_ctrl_mpeg2_picture *pic)
{
	int err;

	mark(name);
	err = try_ctrl(dec->video_fd, V4L2_CID_STATELESS_MPEG2_PICTURE, pic,
		       sizeof(*pic));
	printf("%s errno=%d\n", name, err);
}

/* One malformed (or valid) control a line; the host knows which is which. */
static void check_ctrl_validation(struct decoder *dec)
{
	struct v4l2_ctrl_mpeg2_sequence seq;
	struct v4l2_ctrl_mpeg2_picture pic;

	sequence_init(&seq);
	check_sequence(dec, "seq_valid", &seq);

	sequence_init(&seq);
	seq.chroma_format = 0;
	check_sequence(dec, "seq_chroma_0", &seq);

	sequence_init(&seq);
	seq.chroma_format = 2;
	check_sequence(dec, "seq_chroma_422", &seq);

	sequence_init(&seq);
	seq.chroma_format = 3;
	check_sequence(dec, "seq_chroma_444", &seq);

	sequence_init(&seq);
	seq.horizontal_size = WIDTH + 1;
	check_sequence(dec, "seq_wider_than_format", &seq);

	sequence_init(&seq);
	seq.vertical_size = 4095;
	check_sequence(dec, "seq_taller_than_format", &seq);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	check_picture(dec, "pic_i_valid", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_P);
	check_picture(dec, "pic_p_valid", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_B);
	check_picture(dec, "pic_b_valid", &pic);

	/* The control's default: an I picture, every f_code 0 (unused). */
	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	memset(pic.f_code, 0, sizeof(pic.f_code));
	check_picture(dec, "pic_i_unused_f_code_0", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	pic.picture_coding_type = 0;
	check_picture(dec, "pic_coding_type_0", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	pic.picture_coding_type = V4L2_MPEG2_PIC_CODING_TYPE_D;
	check_picture(dec, "pic_coding_type_d", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	pic.picture_coding_type = 9;
	check_picture(dec, "pic_coding_type_9", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	pic.picture_structure = 0;
	check_picture(dec, "pic_structure_0", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	pic.picture_structure = 4;
	check_picture(dec, "pic_structure_4", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	pic.intra_dc_precision = 4;
	check_picture(dec, "pic_intra_dc_precision_4", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_P);
	pic.f_code[0][0] = 0;
	check_picture(dec, "pic_p_f_code_0", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_P);
	pic.f_code[0][1] = 10;
	check_picture(dec, "pic_p_f_code_10", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_P);
	pic.f_code[0][0] = 15;
	check_picture(dec, "pic_p_f_code_15", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_P);
	pic.f_code[1][0] = 16;
	check_picture(dec, "pic_p_unused_f_code_16", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_B);
	pic.f_code[1][1] = 15;
	check_picture(dec, "pic_b_backward_f_code_15", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	pic.flags |= V4L2_MPEG2_PIC_FLAG_CONCEALMENT_MV;
	check_picture(dec, "pic_i_concealment_f_code_15", &pic);

	picture_init(&pic, V4L2_MPEG2_PIC_CODING_TYPE_I);
	pic.flags |= V4L2_MPEG2_PIC_FLAG_CONCEALMENT_MV;
	pic.f_code[0][0] = 3;
	pic.f_code[0][1] = 3;
	check_picture(dec, "pic_i_concealment_valid", &pic);
}

static void set_format(struct decoder *dec)
{
	struct v4l2_format fmt;

	if (dec_set_coded_format(dec->video_fd, &fmt, V4L2_PIX_FMT_MPEG2_SLICE,
				 WIDTH, HEIGHT, 4096))
		die("S_FMT(OUTPUT)");
	if (fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_MPEG2_SLICE) {
		errno = EINVAL;
		die("the decoder does not take MPEG2_SLICE");
	}
	printf("format width=%u height=%u sizeimage=%u\n", fmt.fmt.pix.width,
	       fmt.fmt.pix.height, fmt.fmt.pix.sizeimage);
}

struct job {
	const char			*name;
	struct v4l2_ctrl_mpeg2_sequence	seq;
	struct v4l2_ctrl_mpeg2_picture	pic;
	unsigned int			cap_index;
};

/*
 * A picture: its first slice start code and filler (the VE model reads
 * nothing of it).
 */
static const uint8_t picture_data[16] = {
	0x00, 0x00, 0x01, 0x01, 0x12, 0x34, 0x56, 0x78,
	0x9a, 0xbc, 0xde, 0xf0, 0x11, 0x22, 0x33, 0x80,
};

static void job_init(struct job *job, const char *name, uint8_t type,
		     unsigned int cap_index)
{
	memset(job, 0, sizeof(*job));
	job->name = name;
	sequence_init(&job->seq);
	picture_init(&job->pic, type);
	job->cap_index = cap_index;
}

/* The OUTPUT timestamp of job @sequence, in ns (tv_sec = sequence). */
static uint64_t job_ts(unsigned int sequence)
{
	return sequence * 1000000000ULL;
}

static void set_request_ctrls(struct decoder *dec, int req_fd,
			      const struct job *job)
{
	struct v4l2_ext_control ctrl[] = {
		DEC_CTRL(V4L2_CID_STATELESS_MPEG2_SEQUENCE, job->seq),
		DEC_CTRL(V4L2_CID_STATELESS_MPEG2_PICTURE, job->pic),
	};

	if (dec_set_ctrls(dec->video_fd, req_fd, ctrl, 2))
		die("S_EXT_CTRLS(request)");
}

/*
 * One picture, one request: returns whether the CAPTURE buffer came back
 * with ERROR, and the time the job took in *ms. The picture's OUTPUT
 * timestamp is job_ts(dec->sequence) afterwards.
 */
static bool submit_job(struct decoder *dec, const struct job *job, long *ms)
{
	unsigned int index = dec->sequence % OUT_BUFFERS;
	int req_fd = dec_request_alloc(dec->media_fd);
	struct v4l2_buffer out, cap;

	dec_output_buffer(&out, index, sizeof(picture_data), req_fd);
	dec_capture_buffer(&cap, job->cap_index);
	set_request_ctrls(dec, req_fd, job);

	memcpy(dec->coded[index], picture_data, sizeof(picture_data));
	out.timestamp.tv_sec = ++dec->sequence;
	*ms = dec_run_request(dec->video_fd, req_fd, &out, &cap, job->name);
	if (cap.index != job->cap_index) {
		errno = EINVAL;
		die("DQBUF(CAPTURE) returned another buffer");
	}

	return cap.flags & V4L2_BUF_FLAG_ERROR;
}

/* One job: print the CAPTURE flags and the time it took. */
static void run_job(struct decoder *dec, const struct job *job)
{
	bool error;
	long ms;

	mark(job->name);
	error = submit_job(dec, job, &ms);
	printf("%s returned=1 error=%d ms=%ld\n", job->name, error, ms);
	fflush(stdout);
}

/*
 * Capture buffers 0 and 1 hold the two anchors (I or P), 2 and 3 the B
 * pictures; a decoded anchor stays a reference until the anchor after the
 * next one replaces it.
 */
static void check_jobs(struct decoder *dec)
{
	unsigned int i_seq, p_seq;
	struct job job;

	job_init(&job, "job_i_valid", V4L2_MPEG2_PIC_CODING_TYPE_I, 0);
	run_job(dec, &job);
	i_seq = dec->sequence;

	job_init(&job, "job_p_valid", V4L2_MPEG2_PIC_CODING_TYPE_P, 1);
	job.pic.forward_ref_ts = job_ts(i_seq);
	run_job(dec, &job);
	p_seq = dec->sequence;

	job_init(&job, "job_b_valid", V4L2_MPEG2_PIC_CODING_TYPE_B, 2);
	job.pic.forward_ref_ts = job_ts(i_seq);
	job.pic.backward_ref_ts = job_ts(p_seq);
	run_job(dec, &job);

	/* The references of an I picture are not used, nor looked up. */
	job_init(&job, "job_i_unused_refs_missing",
		 V4L2_MPEG2_PIC_CODING_TYPE_I, 3);
	run_job(dec, &job);

	job_init(&job, "job_p_forward_missing", V4L2_MPEG2_PIC_CODING_TYPE_P,
		 2);
	job.pic.forward_ref_ts = TS_NONE;
	run_job(dec, &job);

	job_init(&job, "job_b_backward_missing",
		 V4L2_MPEG2_PIC_CODING_TYPE_B, 2);
	job.pic.forward_ref_ts = job_ts(i_seq);
	job.pic.backward_ref_ts = TS_NONE;
	run_job(dec, &job);

	job_init(&job, "job_b_forward_missing", V4L2_MPEG2_PIC_CODING_TYPE_B,
		 2);
	job.pic.forward_ref_ts = TS_NONE;
	job.pic.backward_ref_ts = job_ts(p_seq);
	run_job(dec, &job);

	/* The control's default size, 0x0, passes the control check. */
	job_init(&job, "job_sequence_without_size",
		 V4L2_MPEG2_PIC_CODING_TYPE_I, 2);
	job.seq.horizontal_size = 0;
	job.seq.vertical_size = 0;
	run_job(dec, &job);
}

/* Queue a request of @job on OUTPUT buffer @index with timestamp @sec. */
static int queue_field(struct decoder *dec, const struct job *job,
		       unsigned int index, unsigned int sec, bool hold)
{
	int req_fd = dec_request_alloc(dec->media_fd);
	struct v4l2_buffer out;

	dec_output_buffer(&out, index, sizeof(picture_data), req_fd);
	if (hold)
		out.flags |= V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF;
	set_request_ctrls(dec, req_fd, job);
	memcpy(dec->coded[index], picture_data, sizeof(picture_data));
	out.timestamp.tv_sec = sec;
	if (ioctl(dec->video_fd, VIDIOC_QBUF, &out))
		die("QBUF(OUTPUT)");
	if (ioctl(req_fd, MEDIA_REQUEST_IOC_QUEUE))
		die("MEDIA_REQUEST_IOC_QUEUE");
	return req_fd;
}

/*
 * A field pair in one CAPTURE buffer, as a client decodes field pictures:
 * the top field (I) with V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF, then the
 * bottom field (P) with the same timestamp, whose forward reference is
 * the first field, i.e. the CAPTURE buffer being decoded. The buffer must
 * stay held after the first field and come back DONE after the second.
 * Prints "field_pair held=H returned=R error=E ms=M", M the time the
 * second field took.
 */
static void check_field_pair(struct decoder *dec)
{
	struct pollfd pfd = { .fd = dec->video_fd, .events = POLLIN };
	struct v4l2_buffer cap = {
		.type	= V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory	= V4L2_MEMORY_MMAP,
		.index	= 0,
	};
	unsigned int sec = ++dec->sequence;
	int req_fd[2], held, ret;
	struct job job;
	long start;

	mark("field_pair");
	if (ioctl(dec->video_fd, VIDIOC_QBUF, &cap))
		die("QBUF(CAPTURE)");

	job_init(&job, "field_pair", V4L2_MPEG2_PIC_CODING_TYPE_I, 0);
	job.seq.flags = 0;
	job.pic.picture_structure = V4L2_MPEG2_PIC_TOP_FIELD;
	job.pic.flags = V4L2_MPEG2_PIC_FLAG_TOP_FIELD_FIRST;
	req_fd[0] = queue_field(dec, &job, 0, sec, true);
	dqbuf_output(dec->video_fd, V4L2_MEMORY_MMAP);
	/* The first field is done: its CAPTURE buffer must stay held. */
	held = poll(&pfd, 1, 200) == 0;

	job_init(&job, "field_pair", V4L2_MPEG2_PIC_CODING_TYPE_P, 0);
	job.seq.flags = 0;
	job.pic.picture_structure = V4L2_MPEG2_PIC_BOTTOM_FIELD;
	job.pic.flags = V4L2_MPEG2_PIC_FLAG_TOP_FIELD_FIRST;
	job.pic.forward_ref_ts = job_ts(sec);
	start = now_ms();
	req_fd[1] = queue_field(dec, &job, 1, sec, false);

	ret = poll(&pfd, 1, TIMEOUT_MS);
	if (ret <= 0) {
		printf("field_pair held=%d returned=0\n", held);
		fflush(stdout);
		errno = ETIMEDOUT;
		die("field pair did not finish");
	}
	if (ioctl(dec->video_fd, VIDIOC_DQBUF, &cap))
		die("DQBUF(CAPTURE)");
	dqbuf_output(dec->video_fd, V4L2_MEMORY_MMAP);
	close(req_fd[0]);
	close(req_fd[1]);

	printf("field_pair held=%d returned=1 error=%d ms=%ld\n", held,
	       !!(cap.flags & V4L2_BUF_FLAG_ERROR), now_ms() - start);
	fflush(stdout);
}

/*
 * @frames pictures in decode order: I, then groups P B B (the P refers to
 * the anchor before it, the Bs to both anchors around them). Prints
 * "stream frames=N done=D error=E i=I p=P b=B max_ms=M total_ms=T".
 */
static void check_stream(struct decoder *dec, unsigned int frames)
{
	unsigned int f, done = 0, errors = 0, count[4] = { 0 };
	unsigned int anchor = 0, anchor_seq[2] = { 0 }, bidir = 0;
	long ms, max_ms = 0, start = now_ms();
	struct job job;

	mark("stream");
	for (f = 0; f < frames; f++) {
		uint8_t type;

		if (!f)
			type = V4L2_MPEG2_PIC_CODING_TYPE_I;
		else if (f % 3 == 1)
			type = V4L2_MPEG2_PIC_CODING_TYPE_P;
		else
			type = V4L2_MPEG2_PIC_CODING_TYPE_B;

		if (type == V4L2_MPEG2_PIC_CODING_TYPE_B) {
			job_init(&job, "stream", type, 2 + bidir);
			bidir ^= 1;
			/* the older anchor is forward, the newer backward */
			job.pic.forward_ref_ts = job_ts(anchor_seq[anchor]);
			job.pic.backward_ref_ts = job_ts(anchor_seq[!anchor]);
		} else {
			job_init(&job, "stream", type, anchor);
			if (type == V4L2_MPEG2_PIC_CODING_TYPE_P)
				job.pic.forward_ref_ts =
					job_ts(anchor_seq[!anchor]);
		}

		if (submit_job(dec, &job, &ms))
			errors++;
		else
			done++;
		count[type]++;
		if (ms > max_ms)
			max_ms = ms;

		if (type != V4L2_MPEG2_PIC_CODING_TYPE_B) {
			anchor_seq[anchor] = dec->sequence;
			anchor = !anchor;
		}
	}
	printf("stream frames=%u done=%u error=%u i=%u p=%u b=%u max_ms=%ld total_ms=%ld\n",
	       frames, done, errors, count[V4L2_MPEG2_PIC_CODING_TYPE_I],
	       count[V4L2_MPEG2_PIC_CODING_TYPE_P],
	       count[V4L2_MPEG2_PIC_CODING_TYPE_B], max_ms, now_ms() - start);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct decoder dec = { 0 };
	unsigned int frames;

	frames = dec_open(argc, argv, &dec.video_fd, &dec.media_fd);

	set_format(&dec);
	if (frames) {
		dec_setup_queues(dec.video_fd, OUT_BUFFERS, dec.coded,
				 dec.coded_size, CAP_BUFFERS);
		check_stream(&dec, frames);
		printf("done\n");
		return 0;
	}

	check_ctrl_validation(&dec);
	mark("setup_queues");
	dec_setup_queues(dec.video_fd, OUT_BUFFERS, dec.coded, dec.coded_size,
			 CAP_BUFFERS);
	check_jobs(&dec);
	check_field_pair(&dec);
	check_stream(&dec, STREAM_FRAMES);
	printf("done\n");

	return 0;
}
