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
#include <time.h>
#include <unistd.h>

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

int try_ctrl(int video_fd, uint32_t id, void *data, uint32_t size)
{
	struct v4l2_ext_control ctrl = {
		.id	= id,
		.size	= size,
		.ptr	= data,
	};
	struct v4l2_ext_controls ctrls = {
		.which		= V4L2_CTRL_WHICH_CUR_VAL,
		.count		= 1,
		.controls	= &ctrl,
	};

	return ioctl(video_fd, VIDIOC_TRY_EXT_CTRLS, &ctrls) ? errno : 0;
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
