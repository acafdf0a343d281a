// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-dec-h264-check: guest test program for the cedrus H.264 decode
 * engine, run on the emulated board. The VE model completes decode jobs
 * with the success status and the interrupt but decodes nothing (no pixel
 * is written), so this checks the job path, not pictures:
 * - SPS validation: 4:2:2, 10-bit and oversized SPS are refused by
 *   VIDIOC_TRY_EXT_CTRLS with EINVAL, a plain 8-bit 4:2:0 SPS is accepted;
 * - job preparation: requests whose SPS exceeds the format, whose Annex B
 *   start code is missing or whose slice header ends past the payload are
 *   failed before the hardware runs (CAPTURE buffer back with ERROR at once);
 * - valid requests (raw NAL and Annex B) get through job preparation and
 *   register programming to the hardware, and the job completes: the
 *   CAPTURE buffer comes back DONE, at once (no 2 s watchdog);
 * - out-of-range PPS and slice fields: those the control framework checks
 *   are refused by VIDIOC_TRY_EXT_CTRLS; those it leaves to the driver (the
 *   first macroblock, the slice type, SliceQPY) fail the job before the
 *   hardware; list 0 entries and DPB entries naming no buffer reach the
 *   hardware (the driver points them at buffers it owns);
 * - an empty OUTPUT buffer (bytesused 0) ends its job with ERROR;
 * - a stream in one context: an IDR, then P slices each referencing the
 *   picture before; every job must come back DONE ("stream" line; with
 *   --frames N only this, N pictures, for the stress test);
 * - a bitstream payload larger than its imported dma-buf is refused when
 *   the request is queued (vb2 checks a single-planar buffer's bytesused
 *   against the dma-buf attached before, not the one being attached);
 * - a resolution change with OUTPUT buffers allocated works as mainline
 *   allows it ("fmt_change": check_fmt_change()).
 *
 * Prints one line per check: "NAME key=value ...". The guest script turns
 * them into summary.txt, the host check judges them. Exit code 0 when the
 * program ran to the end (the verdict is the host's), 1 on a setup error.
 *
 * Usage: cedrus-dec-h264-check [--frames N] /dev/videoN
 */
#define _GNU_SOURCE
#include <dirent.h>
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

#include <linux/dma-heap.h>
#include <linux/media.h>
#include <linux/videodev2.h>

#include "cedrus-dec-common.h"

const char *const dec_prog_name = "cedrus-dec-h264-check";

#define WIDTH		64
#define HEIGHT		64
#define BUFFERS		2
/* Pictures of the stream check of a full run */
#define STREAM_FRAMES	16

struct decoder {
	int	video_fd;
	int	media_fd;
	void	*coded[BUFFERS];
	size_t	coded_size[BUFFERS];
	unsigned int	sequence;
};

/* Smallest valid stream parameters: 4x4 MBs, progressive, 8-bit 4:2:0. */
static void sps_init(struct v4l2_ctrl_h264_sps *sps)
{
	memset(sps, 0, sizeof(*sps));
	sps->profile_idc = 66;
	sps->level_idc = 30;
	sps->chroma_format_idc = 1;
	sps->max_num_ref_frames = 1;
	sps->pic_width_in_mbs_minus1 = WIDTH / 16 - 1;
	sps->pic_height_in_map_units_minus1 = HEIGHT / 16 - 1;
	sps->flags = V4L2_H264_SPS_FLAG_FRAME_MBS_ONLY |
		     V4L2_H264_SPS_FLAG_DIRECT_8X8_INFERENCE;
}

static void check_ctrl(struct decoder *dec, const char *name, uint32_t id,
		       void *data, uint32_t size)
{
	int err;

	mark(name);
	err = try_ctrl(dec->video_fd, id, data, size);
	printf("%s errno=%d\n", name, err);
}

static void check_sps(struct decoder *dec, const char *name,
		      struct v4l2_ctrl_h264_sps *sps)
{
	check_ctrl(dec, name, V4L2_CID_STATELESS_H264_SPS, sps, sizeof(*sps));
}

static void check_sps_validation(struct decoder *dec)
{
	struct v4l2_ctrl_h264_sps sps;

	sps_init(&sps);
	check_sps(dec, "sps_420_8bit", &sps);

	sps_init(&sps);
	sps.profile_idc = 122;
	sps.chroma_format_idc = 2;
	check_sps(dec, "sps_422", &sps);

	sps_init(&sps);
	sps.profile_idc = 110;
	sps.bit_depth_luma_minus8 = 2;
	sps.bit_depth_chroma_minus8 = 2;
	check_sps(dec, "sps_10bit", &sps);

	sps_init(&sps);
	sps.pic_width_in_mbs_minus1 = 4096 / 16;
	check_sps(dec, "sps_too_wide", &sps);
}

static void setup_queues(struct decoder *dec)
{
	struct v4l2_format fmt;

	if (dec_set_coded_format(dec->video_fd, &fmt, V4L2_PIX_FMT_H264_SLICE,
				 WIDTH, HEIGHT, 4096))
		die("S_FMT(OUTPUT)");

	dec_setup_queues(dec->video_fd, BUFFERS, dec->coded, dec->coded_size,
			 BUFFERS);
}

struct job {
	const char				*name;
	struct v4l2_ctrl_h264_sps		sps;
	struct v4l2_ctrl_h264_pps		pps;
	struct v4l2_ctrl_h264_slice_params	slice;
	struct v4l2_ctrl_h264_decode_params	decode;
	int					start_code;
	const uint8_t				*data;
	unsigned int				size;
	/* QBUF with bytesused 0 and a zeroed buffer */
	bool					empty;
};

/* An IDR I slice of the smallest picture, header of @header_bits bits. */
static void job_init(struct job *job, const char *name,
		     unsigned int header_bits)
{
	memset(job, 0, sizeof(*job));
	job->name = name;
	sps_init(&job->sps);
	job->slice.header_bit_size = header_bits;
	job->slice.slice_type = V4L2_H264_SLICE_TYPE_I;
	job->decode.nal_ref_idc = 1;
	job->decode.flags = V4L2_H264_DECODE_PARAM_FLAG_IDR_PIC;
}

static void set_request_ctrls(struct decoder *dec, int req_fd,
			      const struct job *job)
{
	struct v4l2_ext_control ctrl[] = {
		DEC_CTRL(V4L2_CID_STATELESS_H264_SPS, job->sps),
		DEC_CTRL(V4L2_CID_STATELESS_H264_PPS, job->pps),
		DEC_CTRL(V4L2_CID_STATELESS_H264_SLICE_PARAMS, job->slice),
		DEC_CTRL(V4L2_CID_STATELESS_H264_DECODE_PARAMS, job->decode),
		{ .id = V4L2_CID_STATELESS_H264_START_CODE },
	};

	ctrl[4].value = job->start_code;
	if (dec_set_ctrls(dec->video_fd, req_fd, ctrl, 5))
		die("S_EXT_CTRLS(request)");
}

/*
 * One slice, one request: returns whether the CAPTURE buffer came back
 * with ERROR, and the time the job took in *ms.
 */
static bool submit_job(struct decoder *dec, const struct job *job, long *ms)
{
	unsigned int index = dec->sequence % BUFFERS;
	int req_fd = dec_request_alloc(dec->media_fd);
	struct v4l2_buffer out, cap;

	dec_output_buffer(&out, index, job->empty ? 0 : job->size, req_fd);
	dec_capture_buffer(&cap, index);
	set_request_ctrls(dec, req_fd, job);

	if (job->empty)
		memset(dec->coded[index], 0, dec->coded_size[index]);
	else
		memcpy(dec->coded[index], job->data, job->size);
	out.timestamp.tv_sec = ++dec->sequence;
	*ms = dec_run_request(dec->video_fd, req_fd, &out, &cap, job->name);

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

/* An IDR slice NAL header followed by filler: the VE model ignores it. */
static const uint8_t slice_raw[16] = {
	0x65, 0x88, 0x84, 0x00, 0x33, 0xff, 0xaa, 0x55,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x80,
};

static const uint8_t slice_annex_b[20] = {
	0x00, 0x00, 0x00, 0x01,
	0x65, 0x88, 0x84, 0x00, 0x33, 0xff, 0xaa, 0x55,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x80,
};

/* A raw (no start code) IDR slice job on the 16-byte test slice. */
static void job_raw(struct job *job, const char *name,
		    unsigned int header_bits)
{
	job_init(job, name, header_bits);
	job->start_code = V4L2_STATELESS_H264_START_CODE_NONE;
	job->data = slice_raw;
	job->size = sizeof(slice_raw);
}

static void check_jobs(struct decoder *dec)
{
	struct job job;

	job_raw(&job, "job_sps_larger_than_format", 24);
	job.sps.pic_width_in_mbs_minus1 = 2 * WIDTH / 16 - 1;
	run_job(dec, &job);

	job_raw(&job, "job_annex_b_without_start_code", 24);
	job.start_code = V4L2_STATELESS_H264_START_CODE_ANNEX_B;
	run_job(dec, &job);

	job_raw(&job, "job_header_past_payload", sizeof(slice_raw) * 8);
	run_job(dec, &job);

	/* 16 macroblocks: 0..15 */
	job_raw(&job, "job_first_mb_past_picture", 24);
	job.slice.first_mb_in_slice = (WIDTH / 16) * (HEIGHT / 16);
	run_job(dec, &job);

	job_raw(&job, "job_slice_type_invalid", 24);
	job.slice.slice_type = 9;
	run_job(dec, &job);

	job_raw(&job, "job_qp_above_51", 24);
	job.slice.slice_qp_delta = 26;
	run_job(dec, &job);

	job_raw(&job, "job_qp_below_0", 24);
	job.pps.pic_init_qp_minus26 = -26;
	job.slice.slice_qp_delta = -1;
	run_job(dec, &job);

	job_raw(&job, "job_empty_buffer", 24);
	job.start_code = V4L2_STATELESS_H264_START_CODE_ANNEX_B;
	job.empty = true;
	run_job(dec, &job);

	job_raw(&job, "job_raw_valid", 24);
	run_job(dec, &job);

	job_raw(&job, "job_annex_b_valid", 24);
	job.start_code = V4L2_STATELESS_H264_START_CODE_ANNEX_B;
	job.data = slice_annex_b;
	job.size = sizeof(slice_annex_b);
	run_job(dec, &job);

	/*
	 * A P slice whose list 0 names DPB entry 200 (there are 16), and
	 * a DPB entry for a buffer that does not exist: the driver points
	 * both at the picture being decoded, and the job reaches the VE.
	 */
	job_raw(&job, "job_ref_index_past_dpb", 24);
	job.slice.slice_type = V4L2_H264_SLICE_TYPE_P;
	job.slice.ref_pic_list0[0].index = 200;
	job.decode.flags = 0;
	job.decode.dpb[0].reference_ts = 0xdeadbeef000ULL;
	job.decode.dpb[0].flags = V4L2_H264_DPB_ENTRY_FLAG_VALID |
				  V4L2_H264_DPB_ENTRY_FLAG_ACTIVE;
	run_job(dec, &job);
}

/*
 * @frames pictures in this context: an IDR, then P slices whose list 0
 * holds the picture before (DPB entry 0, found by its timestamp). Prints
 * "stream frames=N done=D error=E max_ms=M total_ms=T".
 */
static void check_stream(struct decoder *dec, unsigned int frames)
{
	unsigned int f, done = 0, errors = 0;
	long ms, max_ms = 0, start = now_ms();
	struct job job;

	mark("stream");
	for (f = 0; f < frames; f++) {
		job_raw(&job, "stream", 24);
		job.decode.frame_num = f % 16;
		if (f) {
			struct v4l2_h264_dpb_entry *ref = &job.decode.dpb[0];

			job.slice.slice_type = V4L2_H264_SLICE_TYPE_P;
			job.slice.ref_pic_list0[0].index = 0;
			job.slice.ref_pic_list0[0].fields = V4L2_H264_FRAME_REF;
			job.decode.flags = 0;
			/* the OUTPUT timestamp of the picture before, in ns */
			ref->reference_ts = dec->sequence * 1000000000ULL;
			ref->frame_num = (f - 1) % 16;
			ref->pic_num = ref->frame_num;
			ref->fields = V4L2_H264_FRAME_REF;
			ref->flags = V4L2_H264_DPB_ENTRY_FLAG_VALID |
				     V4L2_H264_DPB_ENTRY_FLAG_ACTIVE;
		}
		if (submit_job(dec, &job, &ms))
			errors++;
		else
			done++;
		if (ms > max_ms)
			max_ms = ms;
	}
	printf("stream frames=%u done=%u error=%u max_ms=%ld total_ms=%ld\n",
	       frames, done, errors, max_ms, now_ms() - start);
	fflush(stdout);
}

/* Fields the control framework checks: refused before any job. */
static void check_ctrl_validation(struct decoder *dec)
{
	struct v4l2_ctrl_h264_pps pps;
	struct v4l2_ctrl_h264_slice_params slice;

	memset(&pps, 0, sizeof(pps));
	pps.num_ref_idx_l0_default_active_minus1 = 32;
	check_ctrl(dec, "pps_ref_idx_32", V4L2_CID_STATELESS_H264_PPS,
		   &pps, sizeof(pps));

	memset(&pps, 0, sizeof(pps));
	pps.pic_init_qp_minus26 = 26;
	check_ctrl(dec, "pps_init_qp_52", V4L2_CID_STATELESS_H264_PPS,
		   &pps, sizeof(pps));

	memset(&pps, 0, sizeof(pps));
	pps.chroma_qp_index_offset = 13;
	check_ctrl(dec, "pps_chroma_offset_13", V4L2_CID_STATELESS_H264_PPS,
		   &pps, sizeof(pps));

	memset(&slice, 0, sizeof(slice));
	slice.slice_type = V4L2_H264_SLICE_TYPE_P;
	slice.num_ref_idx_l0_active_minus1 = 32;
	check_ctrl(dec, "slice_ref_idx_32", V4L2_CID_STATELESS_H264_SLICE_PARAMS,
		   &slice, sizeof(slice));

	memset(&slice, 0, sizeof(slice));
	slice.disable_deblocking_filter_idc = 3;
	check_ctrl(dec, "slice_deblocking_3",
		   V4L2_CID_STATELESS_H264_SLICE_PARAMS, &slice, sizeof(slice));
}

/* A CMA heap: the VE needs contiguous dma-bufs (vb2 refuses others). */
static int heap_open(void)
{
	static const char * const heaps[] = {
		"/dev/dma_heap/linux,cma", "/dev/dma_heap/reserved",
	};
	unsigned int i;
	int heap = -1;

	for (i = 0; i < sizeof(heaps) / sizeof(heaps[0]) && heap < 0; i++)
		heap = open(heaps[i], O_RDWR | O_CLOEXEC);
	if (heap < 0)
		die("no CMA DMA heap");
	return heap;
}

/* A dma-buf of @size bytes (whole pages) filled with 0xff. */
static int dmabuf_alloc(int heap, size_t size)
{
	struct dma_heap_allocation_data alloc = {
		.len		= size,
		.fd_flags	= O_RDWR | O_CLOEXEC,
	};
	void *map;

	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &alloc))
		die("DMA_HEAP_IOCTL_ALLOC");
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, alloc.fd,
		   0);
	if (map == MAP_FAILED)
		die("mmap(dma-buf)");
	memset(map, 0xff, size);
	munmap(map, size);
	return alloc.fd;
}

/*
 * Queue OUTPUT buffer @index with dma-buf @fd and @bytesused in a request.
 * Prints "NAME qbuf_errno=E queue_errno=E" and, when the request was
 * queued, waits for the job (the 0xff payload has no Annex B start code:
 * the job fails before the hardware) and dequeues both buffers.
 */
static void run_dmabuf_job(struct decoder *dec, const char *name,
			   unsigned int index, int fd, unsigned int bytesused)
{
	struct v4l2_buffer out = {
		.type		= V4L2_BUF_TYPE_VIDEO_OUTPUT,
		.memory		= V4L2_MEMORY_DMABUF,
		.index		= index,
		.bytesused	= bytesused,
		.flags		= V4L2_BUF_FLAG_REQUEST_FD,
	};
	struct v4l2_buffer cap = {
		.type	= V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory	= V4L2_MEMORY_MMAP,
		.index	= 0,
	};
	struct pollfd pfd = { .fd = dec->video_fd, .events = POLLIN };
	int req_fd, qbuf_err = 0, queue_err = 0;
	struct job job;

	mark(name);
	job_init(&job, name, 24);
	job.start_code = V4L2_STATELESS_H264_START_CODE_ANNEX_B;

	req_fd = dec_request_alloc(dec->media_fd);
	set_request_ctrls(dec, req_fd, &job);

	out.m.fd = fd;
	out.request_fd = req_fd;
	out.timestamp.tv_sec = ++dec->sequence;
	if (ioctl(dec->video_fd, VIDIOC_QBUF, &out))
		qbuf_err = errno;
	else if (ioctl(dec->video_fd, VIDIOC_QBUF, &cap))
		die("QBUF(CAPTURE)");
	else if (ioctl(req_fd, MEDIA_REQUEST_IOC_QUEUE))
		queue_err = errno;

	printf("%s qbuf_errno=%d queue_errno=%d", name, qbuf_err, queue_err);
	if (!qbuf_err && !queue_err) {
		if (poll(&pfd, 1, TIMEOUT_MS) <= 0) {
			printf(" returned=0\n");
			fflush(stdout);
			errno = ETIMEDOUT;
			die("job did not finish");
		}
		if (ioctl(dec->video_fd, VIDIOC_DQBUF, &cap))
			die("DQBUF(CAPTURE)");
		dqbuf_output(dec->video_fd, V4L2_MEMORY_DMABUF);
		printf(" returned=1 error=%d",
		       !!(cap.flags & V4L2_BUF_FLAG_ERROR));
	} else if (!qbuf_err) {
		/* The refused request still holds the CAPTURE buffer. */
		enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

		if (ioctl(dec->video_fd, VIDIOC_STREAMOFF, &type) ||
		    ioctl(dec->video_fd, VIDIOC_STREAMON, &type))
			die("STREAMOFF/STREAMON(CAPTURE)");
	}
	printf("\n");
	fflush(stdout);
	close(req_fd);
}

/*
 * A payload past the end of an imported dma-buf. vb2 checks bytesused of a
 * single-planar buffer against the length of the dma-buf attached to that
 * index before: queue a 1 MiB dma-buf first, then one of sizeimage bytes
 * with a 1 MiB payload. The driver must refuse the second (its start code
 * scan and the VE's read window would run past the dma-buf), and take the
 * same small dma-buf with a payload that fits. That one goes to buffer 1:
 * vb2 forgets the length of a buffer whose preparation failed, so buffer
 * 0 would refuse any payload at QBUF.
 */
static void check_bytesused(const char *node, struct decoder *shared)
{
	struct v4l2_requestbuffers reqbufs = { .count = 2 };
	struct v4l2_format fmt;
	struct decoder dec = { 0 };
	enum v4l2_buf_type type;
	size_t big = 1 << 20, small;
	int heap, big_fd, small_fd;

	dec.video_fd = open(node, O_RDWR | O_NONBLOCK);
	if (dec.video_fd < 0)
		die(node);
	dec.media_fd = shared->media_fd;

	if (dec_set_coded_format(dec.video_fd, &fmt, V4L2_PIX_FMT_H264_SLICE,
				 WIDTH, HEIGHT, 4096))
		die("S_FMT(OUTPUT)");
	small = (fmt.fmt.pix.sizeimage + 4095) & ~(size_t)4095;
	printf("bytesused sizeimage=%u small=%zu big=%zu\n",
	       fmt.fmt.pix.sizeimage, small, big);

	reqbufs.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	reqbufs.memory = V4L2_MEMORY_DMABUF;
	if (ioctl(dec.video_fd, VIDIOC_REQBUFS, &reqbufs))
		die("REQBUFS(OUTPUT, DMABUF)");
	reqbufs.count = 1;
	reqbufs.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	reqbufs.memory = V4L2_MEMORY_MMAP;
	if (ioctl(dec.video_fd, VIDIOC_REQBUFS, &reqbufs))
		die("REQBUFS(CAPTURE)");
	type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	if (ioctl(dec.video_fd, VIDIOC_STREAMON, &type))
		die("STREAMON(OUTPUT)");
	type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (ioctl(dec.video_fd, VIDIOC_STREAMON, &type))
		die("STREAMON(CAPTURE)");

	heap = heap_open();
	big_fd = dmabuf_alloc(heap, big);
	small_fd = dmabuf_alloc(heap, small);

	run_dmabuf_job(&dec, "bytesused_big_dmabuf", 0, big_fd, small);
	run_dmabuf_job(&dec, "bytesused_past_dmabuf", 0, small_fd, big);
	run_dmabuf_job(&dec, "bytesused_small_dmabuf", 1, small_fd, small);

	close(small_fd);
	close(big_fd);
	close(heap);
	close(dec.video_fd);
}

static int request_buffers(int fd, enum v4l2_buf_type type, unsigned int count)
{
	struct v4l2_requestbuffers reqbufs = {
		.count	= count,
		.type	= type,
		.memory	= V4L2_MEMORY_MMAP,
	};

	return ioctl(fd, VIDIOC_REQBUFS, &reqbufs) ? errno : 0;
}

/*
 * A resolution change with OUTPUT buffers allocated, in a context of its
 * own. As mainline cedrus allows: with OUTPUT buffers only, S_FMT(OUTPUT)
 * to a new size in the same pixelformat is taken and the CAPTURE format
 * follows it; another coded pixelformat (when the node has one) is refused
 * with EBUSY, and so is any change while CAPTURE has buffers or OUTPUT
 * streams. An OUTPUT buffer smaller than the new sizeimage is refused by
 * PREPARE_BUF. One line: "fmt_change KEY=VALUE ...", errnos as numbers.
 */
static void check_fmt_change(const char *node)
{
	struct v4l2_format fmt, cap = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	struct v4l2_fmtdesc desc = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };
	struct v4l2_buffer buf = {
		.type	= V4L2_BUF_TYPE_VIDEO_OUTPUT,
		.memory	= V4L2_MEMORY_MMAP,
	};
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	uint32_t other = 0;
	int fd, err;

	fd = open(node, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		die(node);
	if (dec_set_coded_format(fd, &fmt, V4L2_PIX_FMT_H264_SLICE, WIDTH,
				 HEIGHT, 4096))
		die("S_FMT(OUTPUT)");
	if (request_buffers(fd, V4L2_BUF_TYPE_VIDEO_OUTPUT, BUFFERS))
		die("REQBUFS(OUTPUT)");
	buf.index = 0;
	if (ioctl(fd, VIDIOC_QUERYBUF, &buf))
		die("QUERYBUF(OUTPUT)");

	err = dec_set_coded_format(fd, &fmt, V4L2_PIX_FMT_H264_SLICE,
				   2 * WIDTH, 3 * HEIGHT / 2, 4096);
	/* What the driver holds now, whether it took the change or not. */
	if (ioctl(fd, VIDIOC_G_FMT, &fmt))
		die("G_FMT(OUTPUT)");
	if (ioctl(fd, VIDIOC_G_FMT, &cap))
		die("G_FMT(CAPTURE)");
	printf("fmt_change resize_errno=%d width=%u height=%u capture_width=%u capture_height=%u",
	       err, fmt.fmt.pix.width, fmt.fmt.pix.height,
	       cap.fmt.pix.width, cap.fmt.pix.height);

	while (!ioctl(fd, VIDIOC_ENUM_FMT, &desc)) {
		if (desc.pixelformat != V4L2_PIX_FMT_H264_SLICE) {
			other = desc.pixelformat;
			break;
		}
		desc.index++;
	}
	if (other) {
		err = dec_set_coded_format(fd, &fmt, other, WIDTH, HEIGHT, 4096);
		printf(" other_format=%.4s other_errno=%d", (char *)&other,
		       err);
	} else {
		printf(" other_format=none");
	}

	/* Room for four times the buffer: buffer 0 is too small now. */
	err = dec_set_coded_format(fd, &fmt, V4L2_PIX_FMT_H264_SLICE, WIDTH,
				   HEIGHT, 4 * buf.length);
	printf(" grow_errno=%d sizeimage=%u buffer=%u", err,
	       fmt.fmt.pix.sizeimage, buf.length);
	buf.index = 0;
	printf(" small_buffer_errno=%d",
	       ioctl(fd, VIDIOC_PREPARE_BUF, &buf) ? errno : 0);
	/* Back to a sizeimage the buffers hold (the steps below refuse all). */
	dec_set_coded_format(fd, &fmt, V4L2_PIX_FMT_H264_SLICE, WIDTH, HEIGHT,
			     4096);

	if (request_buffers(fd, V4L2_BUF_TYPE_VIDEO_CAPTURE, 1))
		die("REQBUFS(CAPTURE)");
	printf(" capture_busy_errno=%d",
	       dec_set_coded_format(fd, &fmt, V4L2_PIX_FMT_H264_SLICE,
				    2 * WIDTH, 2 * HEIGHT, 4096));
	if (request_buffers(fd, V4L2_BUF_TYPE_VIDEO_CAPTURE, 0))
		die("REQBUFS(CAPTURE, 0)");

	if (ioctl(fd, VIDIOC_STREAMON, &type))
		die("STREAMON(OUTPUT)");
	printf(" streaming_errno=%d\n",
	       dec_set_coded_format(fd, &fmt, V4L2_PIX_FMT_H264_SLICE,
				    2 * WIDTH, 2 * HEIGHT, 4096));
	close(fd);
}

int main(int argc, char **argv)
{
	struct decoder dec = { 0 };
	const char *node = argv[argc - 1];	/* in both forms of the line */
	unsigned int frames;

	frames = dec_open(argc, argv, &dec.video_fd, &dec.media_fd);

	if (frames) {
		setup_queues(&dec);
		check_stream(&dec, frames);
		printf("done\n");
		return 0;
	}

	check_sps_validation(&dec);
	check_ctrl_validation(&dec);
	mark("setup_queues");
	setup_queues(&dec);
	check_jobs(&dec);
	check_stream(&dec, STREAM_FRAMES);
	check_bytesused(node, &dec);
	mark("fmt_change");
	check_fmt_change(node);

	printf("done\n");
	return 0;
}
