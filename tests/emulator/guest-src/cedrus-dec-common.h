/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cedrus-dec-common: what the decoder guest test programs
 * (cedrus-dec-*-check, cedrus-dec-h264-fields) share: errors and progress
 * marks, the media device, the coded format, controls and requests, the
 * buffers of a job and the OUTPUT buffer of a finished job.
 */
#ifndef CEDRUS_DEC_COMMON_H
#define CEDRUS_DEC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <linux/videodev2.h>

/* How long a job, or the return of its OUTPUT buffer, may take. */
#define TIMEOUT_MS	6000

/* The program's name, for its messages; each program defines it. */
extern const char *const dec_prog_name;

/* Prints "NAME: WHAT: strerror(errno)" on stderr and exits with 1. */
void die(const char *what) __attribute__((noreturn));

/* A progress mark on the console, next to what the kernel prints. */
void mark(const char *step);

/* CLOCK_MONOTONIC in milliseconds. */
long now_ms(void);

/* The media device whose model is "cedrus" (found through sysfs). */
int open_media(void);

/* VIDIOC_TRY_EXT_CTRLS of one control: 0 or the errno. */
int try_ctrl(int video_fd, uint32_t id, void *data, uint32_t size);

/* An entry of a control array: control @id, its value the object @obj. */
#define DEC_CTRL(ctrl_id, obj)						\
	{ .id = (ctrl_id), .size = sizeof(obj), .ptr = (void *)&(obj) }

/*
 * VIDIOC_S_EXT_CTRLS of the @count controls @ctrl: into request @req_fd,
 * or, with @req_fd negative, as the current values. 0 or the errno.
 */
int dec_set_ctrls(int video_fd, int req_fd, struct v4l2_ext_control *ctrl,
		  unsigned int count);

/* A new request of the media device (MEDIA_IOC_REQUEST_ALLOC): its fd. */
int dec_request_alloc(int media_fd);

/*
 * S_FMT of the OUTPUT format @fourcc, @width x @height, @sizeimage bytes
 * a buffer: 0 (then @fmt holds what the driver took) or the errno.
 */
int dec_set_coded_format(int video_fd, struct v4l2_format *fmt,
			 uint32_t fourcc, uint32_t width, uint32_t height,
			 uint32_t sizeimage);

/*
 * The MMAP buffers of one request job: OUTPUT buffer @out_index holding
 * @bytesused bytes, in request @req_fd; CAPTURE buffer @cap_index.
 */
void dec_output_buffer(struct v4l2_buffer *out, unsigned int out_index,
		       unsigned int bytesused, int req_fd);
void dec_capture_buffer(struct v4l2_buffer *cap, unsigned int cap_index);

/*
 * Takes the command line "[--frames N] /dev/videoN" (another: prints the
 * usage and exits with 1), marks "open", opens the video node (not
 * blocking) and the media device. Returns N, 0 without --frames.
 */
unsigned int dec_open(int argc, char **argv, int *video_fd, int *media_fd);

/*
 * The MMAP queues of a decoder whose OUTPUT format is set: @out_count
 * OUTPUT buffers mapped at @coded[i] (@coded_size[i] bytes), @cap_count
 * CAPTURE buffers (no fewer), both queues streaming.
 */
void dec_setup_queues(int video_fd, unsigned int out_count, void **coded,
		      size_t *coded_size, unsigned int cap_count);

/*
 * One job: QBUF of @out (its request_fd set) and @cap, queue the request
 * @req_fd and wait for the job; DQBUF of @cap (the caller reads its flags)
 * and of the OUTPUT buffer, close @req_fd. Returns the ms from the queue
 * to the end of the job. A job that does not end within TIMEOUT_MS: the
 * line "NAME returned=0 ms=N" first if @name is not NULL, then die.
 */
long dec_run_request(int video_fd, int req_fd, struct v4l2_buffer *out,
		     struct v4l2_buffer *cap, const char *name);

/* DQBUF of the OUTPUT buffer of a finished job, waiting for it. */
void dqbuf_output(int video_fd, enum v4l2_memory memory);

#endif /* CEDRUS_DEC_COMMON_H */
