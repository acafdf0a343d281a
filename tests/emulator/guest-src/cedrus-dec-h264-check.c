// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-dec-h264-check: guest test program for the cedrus H.264 decode
 * engine, run on the emulated board whose VE model has no decoder.
 *
 * It checks what can be checked without decoded pictures:
 * - SPS validation: 4:2:2, 10-bit and oversized SPS are refused by
 *   VIDIOC_TRY_EXT_CTRLS with EINVAL, a plain 8-bit 4:2:0 SPS is accepted;
 * - job preparation: requests whose SPS exceeds the format, whose Annex B
 *   start code is missing or whose slice header ends past the payload are
 *   failed before the hardware runs (CAPTURE buffer back with ERROR at once);
 * - valid requests (raw NAL and Annex B) get through job preparation and
 *   register programming to the hardware: with no decoder in the model the
 *   job only ends through the 2 s watchdog, with ERROR.
 *
 * Prints one line per check: "NAME key=value ...". The guest script turns
 * them into summary.txt, the host check judges them. Exit code 0 when the
 * program ran to the end (the verdict is the host's), 1 on a setup error.
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

#include <linux/media.h>
#include <linux/videodev2.h>

#define WIDTH		64
#define HEIGHT		64
#define BUFFERS		2
#define TIMEOUT_MS	6000

struct decoder {
	int	video_fd;
	int	media_fd;
	void	*coded[BUFFERS];
	size_t	coded_size[BUFFERS];
	unsigned int	sequence;
};

static void die(const char *what)
{
	fprintf(stderr, "cedrus-dec-h264-check: %s: %s\n", what,
		strerror(errno));
	exit(1);
}

/* Progress marks on the console, next to what the kernel prints. */
static void mark(const char *step)
{
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

	if (fd < 0)
		return;
	dprintf(fd, "cedrus-dec-h264-check: %s\n", step);
	close(fd);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The media device whose model is "cedrus" (sysfs, no other device opened). */
static int open_media(void)
{
	char path[64], model[32];
	int i;

	for (i = 0; i < 16; i++) {
		FILE *f;
		int fd;

		snprintf(path, sizeof(path), "/sys/bus/media/devices/media%d/model",
			 i);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(model, sizeof(model), f))
			model[0] = 0;
		fclose(f);
		if (strcmp(model, "cedrus\n"))
			continue;

		snprintf(path, sizeof(path), "/dev/media%d", i);
		fd = open(path, O_RDWR);
		if (fd < 0)
			die(path);
		return fd;
	}

	errno = ENODEV;
	die("no cedrus media device");
	return -1;
}

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

static int try_sps(struct decoder *dec, struct v4l2_ctrl_h264_sps *sps)
{
	struct v4l2_ext_control ctrl = {
		.id	= V4L2_CID_STATELESS_H264_SPS,
		.size	= sizeof(*sps),
		.ptr	= sps,
	};
	struct v4l2_ext_controls ctrls = {
		.which		= V4L2_CTRL_WHICH_CUR_VAL,
		.count		= 1,
		.controls	= &ctrl,
	};

	return ioctl(dec->video_fd, VIDIOC_TRY_EXT_CTRLS, &ctrls) ? errno : 0;
}

static void check_sps(struct decoder *dec, const char *name,
		      struct v4l2_ctrl_h264_sps *sps)
{
	int err;

	mark(name);
	err = try_sps(dec, sps);

	printf("%s errno=%d\n", name, err);
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
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };
	struct v4l2_requestbuffers reqbufs = { .memory = V4L2_MEMORY_MMAP };
	enum v4l2_buf_type type;
	unsigned int i;

	fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_H264_SLICE;
	fmt.fmt.pix.width = WIDTH;
	fmt.fmt.pix.height = HEIGHT;
	fmt.fmt.pix.sizeimage = 4096;
	if (ioctl(dec->video_fd, VIDIOC_S_FMT, &fmt))
		die("S_FMT(OUTPUT)");

	reqbufs.count = BUFFERS;
	reqbufs.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	if (ioctl(dec->video_fd, VIDIOC_REQBUFS, &reqbufs))
		die("REQBUFS(OUTPUT)");

	for (i = 0; i < BUFFERS; i++) {
		struct v4l2_buffer buf = {
			.type	= V4L2_BUF_TYPE_VIDEO_OUTPUT,
			.memory	= V4L2_MEMORY_MMAP,
			.index	= i,
		};

		if (ioctl(dec->video_fd, VIDIOC_QUERYBUF, &buf))
			die("QUERYBUF(OUTPUT)");
		dec->coded_size[i] = buf.length;
		dec->coded[i] = mmap(NULL, buf.length, PROT_READ | PROT_WRITE,
				     MAP_SHARED, dec->video_fd,
				     buf.m.offset);
		if (dec->coded[i] == MAP_FAILED)
			die("mmap(OUTPUT)");
	}

	reqbufs.count = BUFFERS;
	reqbufs.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (ioctl(dec->video_fd, VIDIOC_REQBUFS, &reqbufs))
		die("REQBUFS(CAPTURE)");

	type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	if (ioctl(dec->video_fd, VIDIOC_STREAMON, &type))
		die("STREAMON(OUTPUT)");
	type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (ioctl(dec->video_fd, VIDIOC_STREAMON, &type))
		die("STREAMON(CAPTURE)");
}

struct job {
	const char			*name;
	struct v4l2_ctrl_h264_sps	sps;
	int				start_code;
	const uint8_t			*data;
	unsigned int			size;
	unsigned int			header_bits;
};

static void set_request_ctrls(struct decoder *dec, int req_fd,
			      const struct job *job)
{
	struct v4l2_ctrl_h264_pps pps;
	struct v4l2_ctrl_h264_slice_params slice;
	struct v4l2_ctrl_h264_decode_params decode;
	struct v4l2_ext_control ctrl[5];
	struct v4l2_ext_controls ctrls;

	memset(&pps, 0, sizeof(pps));
	memset(&slice, 0, sizeof(slice));
	memset(&decode, 0, sizeof(decode));
	memset(ctrl, 0, sizeof(ctrl));
	memset(&ctrls, 0, sizeof(ctrls));

	slice.header_bit_size = job->header_bits;
	slice.slice_type = V4L2_H264_SLICE_TYPE_I;
	decode.nal_ref_idc = 1;
	decode.flags = V4L2_H264_DECODE_PARAM_FLAG_IDR_PIC;

	ctrl[0].id = V4L2_CID_STATELESS_H264_SPS;
	ctrl[0].size = sizeof(job->sps);
	ctrl[0].ptr = (void *)&job->sps;
	ctrl[1].id = V4L2_CID_STATELESS_H264_PPS;
	ctrl[1].size = sizeof(pps);
	ctrl[1].ptr = &pps;
	ctrl[2].id = V4L2_CID_STATELESS_H264_SLICE_PARAMS;
	ctrl[2].size = sizeof(slice);
	ctrl[2].ptr = &slice;
	ctrl[3].id = V4L2_CID_STATELESS_H264_DECODE_PARAMS;
	ctrl[3].size = sizeof(decode);
	ctrl[3].ptr = &decode;
	ctrl[4].id = V4L2_CID_STATELESS_H264_START_CODE;
	ctrl[4].value = job->start_code;

	ctrls.which = V4L2_CTRL_WHICH_REQUEST_VAL;
	ctrls.request_fd = req_fd;
	ctrls.count = 5;
	ctrls.controls = ctrl;
	if (ioctl(dec->video_fd, VIDIOC_S_EXT_CTRLS, &ctrls))
		die("S_EXT_CTRLS(request)");
}

/* One slice, one request: print the CAPTURE flags and the time it took. */
static void run_job(struct decoder *dec, const struct job *job)
{
	unsigned int index = dec->sequence % BUFFERS;
	struct v4l2_buffer out = {
		.type		= V4L2_BUF_TYPE_VIDEO_OUTPUT,
		.memory		= V4L2_MEMORY_MMAP,
		.index		= index,
		.bytesused	= job->size,
		.flags		= V4L2_BUF_FLAG_REQUEST_FD,
	};
	struct v4l2_buffer cap = {
		.type	= V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory	= V4L2_MEMORY_MMAP,
		.index	= index,
	};
	struct pollfd pfd = { .fd = dec->video_fd, .events = POLLIN };
	long start, elapsed;
	int req_fd, ret;

	mark(job->name);
	if (ioctl(dec->media_fd, MEDIA_IOC_REQUEST_ALLOC, &req_fd))
		die("MEDIA_IOC_REQUEST_ALLOC");

	set_request_ctrls(dec, req_fd, job);

	memcpy(dec->coded[index], job->data, job->size);
	out.request_fd = req_fd;
	out.timestamp.tv_sec = ++dec->sequence;
	if (ioctl(dec->video_fd, VIDIOC_QBUF, &out))
		die("QBUF(OUTPUT)");
	if (ioctl(dec->video_fd, VIDIOC_QBUF, &cap))
		die("QBUF(CAPTURE)");

	start = now_ms();
	if (ioctl(req_fd, MEDIA_REQUEST_IOC_QUEUE))
		die("MEDIA_REQUEST_IOC_QUEUE");

	ret = poll(&pfd, 1, TIMEOUT_MS);
	elapsed = now_ms() - start;
	if (ret <= 0) {
		printf("%s returned=0 ms=%ld\n", job->name, elapsed);
		fflush(stdout);
		errno = ETIMEDOUT;
		die("job did not finish");
	}

	if (ioctl(dec->video_fd, VIDIOC_DQBUF, &cap))
		die("DQBUF(CAPTURE)");
	memset(&out, 0, sizeof(out));
	out.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	out.memory = V4L2_MEMORY_MMAP;
	if (ioctl(dec->video_fd, VIDIOC_DQBUF, &out))
		die("DQBUF(OUTPUT)");
	close(req_fd);

	printf("%s returned=1 error=%d ms=%ld\n", job->name,
	       !!(cap.flags & V4L2_BUF_FLAG_ERROR), elapsed);
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

static void check_jobs(struct decoder *dec)
{
	struct job job;

	memset(&job, 0, sizeof(job));
	job.name = "job_sps_larger_than_format";
	sps_init(&job.sps);
	job.sps.pic_width_in_mbs_minus1 = 2 * WIDTH / 16 - 1;
	job.start_code = V4L2_STATELESS_H264_START_CODE_NONE;
	job.data = slice_raw;
	job.size = sizeof(slice_raw);
	job.header_bits = 24;
	run_job(dec, &job);

	job.name = "job_annex_b_without_start_code";
	sps_init(&job.sps);
	job.start_code = V4L2_STATELESS_H264_START_CODE_ANNEX_B;
	run_job(dec, &job);

	job.name = "job_header_past_payload";
	job.start_code = V4L2_STATELESS_H264_START_CODE_NONE;
	job.header_bits = sizeof(slice_raw) * 8;
	run_job(dec, &job);

	job.name = "job_raw_valid";
	job.header_bits = 24;
	run_job(dec, &job);

	job.name = "job_annex_b_valid";
	job.start_code = V4L2_STATELESS_H264_START_CODE_ANNEX_B;
	job.data = slice_annex_b;
	job.size = sizeof(slice_annex_b);
	run_job(dec, &job);
}

int main(int argc, char **argv)
{
	struct decoder dec = { 0 };

	if (argc != 2) {
		fprintf(stderr, "usage: %s /dev/videoN\n", argv[0]);
		return 1;
	}

	mark("open");
	dec.video_fd = open(argv[1], O_RDWR | O_NONBLOCK);
	if (dec.video_fd < 0)
		die(argv[1]);
	dec.media_fd = open_media();

	check_sps_validation(&dec);
	mark("setup_queues");
	setup_queues(&dec);
	check_jobs(&dec);

	printf("done\n");
	return 0;
}
