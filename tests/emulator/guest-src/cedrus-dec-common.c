// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-dec-common: helpers of the decoder guest test programs; see
 * cedrus-dec-common.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/media.h>

#include "cedrus-dec-common.h"

void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", dec_prog_name, what, strerror(errno));
	exit(1);
}

void mark(const char *step)
{
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

	if (fd < 0)
		return;
	dprintf(fd, "%s: %s\n", dec_prog_name, step);
	close(fd);
}

long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Only the sysfs model files are read: no other media device is opened. */
int open_media(void)
{
	char path[64], model[32];
	int i;

	for (i = 0; i < 16; i++) {
		FILE *f;
		int fd;

		snprintf(path, sizeof(path),
			 "/sys/bus/media/devices/media%d/model", i);
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
}

unsigned int dec_open(int argc, char **argv, int *video_fd, int *media_fd)
{
	unsigned int frames = 0;
	const char *node;

	if (argc == 4 && !strcmp(argv[1], "--frames")) {
		frames = strtoul(argv[2], NULL, 10);
		node = argv[3];
	} else if (argc == 2) {
		node = argv[1];
	} else {
		fprintf(stderr, "usage: %s [--frames N] /dev/videoN\n",
			argv[0]);
		exit(1);
	}

	mark("open");
	*video_fd = open(node, O_RDWR | O_NONBLOCK);
	if (*video_fd < 0)
		die(node);
	*media_fd = open_media();

	return frames;
}

void dec_setup_queues(int video_fd, unsigned int out_count, void **coded,
		      size_t *coded_size, unsigned int cap_count)
{
	struct v4l2_requestbuffers reqbufs = { .memory = V4L2_MEMORY_MMAP };
	enum v4l2_buf_type type;
	unsigned int i;

	reqbufs.count = out_count;
	reqbufs.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	if (ioctl(video_fd, VIDIOC_REQBUFS, &reqbufs))
		die("REQBUFS(OUTPUT)");

	for (i = 0; i < out_count; i++) {
		struct v4l2_buffer buf = {
			.type	= V4L2_BUF_TYPE_VIDEO_OUTPUT,
			.memory	= V4L2_MEMORY_MMAP,
			.index	= i,
		};

		if (ioctl(video_fd, VIDIOC_QUERYBUF, &buf))
			die("QUERYBUF(OUTPUT)");
		coded_size[i] = buf.length;
		coded[i] = mmap(NULL, buf.length, PROT_READ | PROT_WRITE,
				MAP_SHARED, video_fd, buf.m.offset);
		if (coded[i] == MAP_FAILED)
			die("mmap(OUTPUT)");
	}

	reqbufs.count = cap_count;
	reqbufs.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (ioctl(video_fd, VIDIOC_REQBUFS, &reqbufs))
		die("REQBUFS(CAPTURE)");
	if (reqbufs.count < cap_count) {
		errno = ENOMEM;
		die("fewer CAPTURE buffers than asked");
	}

	type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	if (ioctl(video_fd, VIDIOC_STREAMON, &type))
		die("STREAMON(OUTPUT)");
	type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (ioctl(video_fd, VIDIOC_STREAMON, &type))
		die("STREAMON(CAPTURE)");
}

/* VIDIOC_TRY_EXT_CTRLS or VIDIOC_S_EXT_CTRLS (@cmd) of @count controls. */
static int ext_ctrls(int video_fd, unsigned long cmd, int req_fd,
		     struct v4l2_ext_control *ctrl, unsigned int count)
{
	struct v4l2_ext_controls ctrls = {
		.which		= V4L2_CTRL_WHICH_CUR_VAL,
		.count		= count,
		.controls	= ctrl,
	};

	if (req_fd >= 0) {
		ctrls.which = V4L2_CTRL_WHICH_REQUEST_VAL;
		ctrls.request_fd = req_fd;
	}
	return ioctl(video_fd, cmd, &ctrls) ? errno : 0;
}

int try_ctrl(int video_fd, uint32_t id, void *data, uint32_t size)
{
	struct v4l2_ext_control ctrl = {
		.id	= id,
		.size	= size,
		.ptr	= data,
	};

	return ext_ctrls(video_fd, VIDIOC_TRY_EXT_CTRLS, -1, &ctrl, 1);
}

int dec_set_ctrls(int video_fd, int req_fd, struct v4l2_ext_control *ctrl,
		  unsigned int count)
{
	return ext_ctrls(video_fd, VIDIOC_S_EXT_CTRLS, req_fd, ctrl, count);
}

int dec_request_alloc(int media_fd)
{
	int req_fd;

	if (ioctl(media_fd, MEDIA_IOC_REQUEST_ALLOC, &req_fd))
		die("MEDIA_IOC_REQUEST_ALLOC");
	return req_fd;
}

int dec_set_coded_format(int video_fd, struct v4l2_format *fmt,
			 uint32_t fourcc, uint32_t width, uint32_t height,
			 uint32_t sizeimage)
{
	memset(fmt, 0, sizeof(*fmt));
	fmt->type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	fmt->fmt.pix.pixelformat = fourcc;
	fmt->fmt.pix.width = width;
	fmt->fmt.pix.height = height;
	fmt->fmt.pix.sizeimage = sizeimage;

	return ioctl(video_fd, VIDIOC_S_FMT, fmt) ? errno : 0;
}

void dec_output_buffer(struct v4l2_buffer *out, unsigned int out_index,
		       unsigned int bytesused, int req_fd)
{
	memset(out, 0, sizeof(*out));
	out->type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	out->memory = V4L2_MEMORY_MMAP;
	out->index = out_index;
	out->bytesused = bytesused;
	out->flags = V4L2_BUF_FLAG_REQUEST_FD;
	out->request_fd = req_fd;
}

void dec_capture_buffer(struct v4l2_buffer *cap, unsigned int cap_index)
{
	memset(cap, 0, sizeof(*cap));
	cap->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	cap->memory = V4L2_MEMORY_MMAP;
	cap->index = cap_index;
}

long dec_run_request(int video_fd, int req_fd, struct v4l2_buffer *out,
		     struct v4l2_buffer *cap, const char *name)
{
	struct pollfd pfd = { .fd = video_fd, .events = POLLIN };
	long start, elapsed;
	int ret;

	if (ioctl(video_fd, VIDIOC_QBUF, out))
		die("QBUF(OUTPUT)");
	if (ioctl(video_fd, VIDIOC_QBUF, cap))
		die("QBUF(CAPTURE)");

	start = now_ms();
	if (ioctl(req_fd, MEDIA_REQUEST_IOC_QUEUE))
		die("MEDIA_REQUEST_IOC_QUEUE");

	ret = poll(&pfd, 1, TIMEOUT_MS);
	elapsed = now_ms() - start;
	if (ret <= 0) {
		if (name) {
			printf("%s returned=0 ms=%ld\n", name, elapsed);
			fflush(stdout);
		}
		errno = ETIMEDOUT;
		die("job did not finish");
	}

	if (ioctl(video_fd, VIDIOC_DQBUF, cap))
		die("DQBUF(CAPTURE)");
	dqbuf_output(video_fd, out->memory);
	close(req_fd);

	return elapsed;
}

/*
 * mem2mem returns the CAPTURE buffer of a finished job first and its
 * OUTPUT buffer right after, outside its lock: wait for it (POLLOUT)
 * rather than race it with a non-blocking DQBUF.
 */
void dqbuf_output(int video_fd, enum v4l2_memory memory)
{
	struct pollfd pfd = { .fd = video_fd, .events = POLLOUT };
	struct v4l2_buffer out = {
		.type	= V4L2_BUF_TYPE_VIDEO_OUTPUT,
		.memory	= memory,
	};

	if (poll(&pfd, 1, TIMEOUT_MS) <= 0)
		die("OUTPUT buffer not returned");
	if (ioctl(video_fd, VIDIOC_DQBUF, &out))
		die("DQBUF(OUTPUT)");
}
