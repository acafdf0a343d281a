// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-enc-check: guest checks of the cedrus H.264 encoder's API that an
 * encoding client does not exercise by design. The encodes themselves are
 * v4l2-cedrus-enc-test's.
 *
 * --small-dmabuf: an OUTPUT DMABUF smaller than the format's sizeimage must
 * be refused by QBUF with EINVAL, with the dma-buf's length given and with
 * length 0 (the driver must then use the dma-buf's own size).
 *
 * --api-only: sets the formats and controls, with the CABAC refusals of a
 * Baseline --profile, and with --check-busy streams both queues without
 * buffers queued to check the controls refused while streaming. With
 * --client-rules, the rules stock clients (GStreamer, FFmpeg) depend on:
 * the picture sizes ENUM_FRAMESIZES reports are the ones S_FMT keeps
 * (NV12M: height padded to 16 lines, the visible size in the crop),
 * HEADER_MODE_SEPARATE fails with EINVAL, PREPEND_SPSPPS_TO_IDR is on by
 * default, LEVEL starts at 4.0, and a level too low for the frame rate
 * fails STREAMON(CAPTURE) with EINVAL instead of being raised.
 *
 * Both print key=value lines for the host check. Exit code 0 on success,
 * 1 on a failed check or error (with a message), 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/dma-heap.h>
#include <linux/videodev2.h>

struct options {
	const char	*encoder;
	unsigned int	width;
	unsigned int	height;
	int		profile;
	unsigned int	i_qp;
	unsigned int	p_qp;
	bool		small_dmabuf;
	bool		api_only;
	bool		check_busy;
	bool		client_rules;
};

#define OUT_TYPE	V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE
#define CAP_TYPE	V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "cedrus-enc-check: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void xioctl(int fd, unsigned long req, void *arg, const char *name)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		die("%s: %s", name, strerror(errno));
}

static void set_ctrl(int fd, uint32_t id, int32_t value, const char *name)
{
	struct v4l2_ext_control ctrl = { .id = id, .value = value };
	struct v4l2_ext_controls ctrls = {
		.which = V4L2_CTRL_WHICH_CUR_VAL,
		.count = 1,
		.controls = &ctrl,
	};

	if (ioctl(fd, VIDIOC_S_EXT_CTRLS, &ctrls) < 0)
		die("set %s = %d: %s", name, value, strerror(errno));
}

static void usage(void)
{
	fprintf(stderr,
		"usage: cedrus-enc-check --encoder DEV -W W -H H\n"
		"  (--small-dmabuf | --api-only [--check-busy] [--client-rules]\n"
		"   [--profile N] [--i-qp N] [--p-qp N])\n");
	exit(2);
}

static void parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "encoder", required_argument, NULL, 'e' },
		{ "profile", required_argument, NULL, 'P' },
		{ "i-qp", required_argument, NULL, 'I' },
		{ "p-qp", required_argument, NULL, 'Q' },
		{ "small-dmabuf", no_argument, NULL, 'S' },
		{ "api-only", no_argument, NULL, 'O' },
		{ "check-busy", no_argument, NULL, 'B' },
		{ "client-rules", no_argument, NULL, 'C' },
		{ }
	};
	int c;

	*o = (struct options) {
		.width = 320, .height = 240,
		.profile = V4L2_MPEG_VIDEO_H264_PROFILE_MAIN,
		.i_qp = 26, .p_qp = 28,
	};

	while ((c = getopt_long(argc, argv, "W:H:", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': o->encoder = optarg; break;
		case 'P': o->profile = atoi(optarg); break;
		case 'I': o->i_qp = atoi(optarg); break;
		case 'Q': o->p_qp = atoi(optarg); break;
		case 'S': o->small_dmabuf = true; break;
		case 'O': o->api_only = true; break;
		case 'B': o->check_busy = true; break;
		case 'C': o->client_rules = true; break;
		case 'W': o->width = atoi(optarg); break;
		case 'H': o->height = atoi(optarg); break;
		default: usage();
		}
	}
	if (!o->encoder || o->small_dmabuf == o->api_only ||
	    ((o->check_busy || o->client_rules) && !o->api_only))
		usage();
}

/* NV12 on OUTPUT, H.264 on CAPTURE; returns OUTPUT as the driver set it. */
static void encoder_formats(int enc, const struct options *o,
			    struct v4l2_format *out)
{
	struct v4l2_format cap = { .type = CAP_TYPE };
	struct v4l2_selection sel = {
		.type = OUT_TYPE,
		.target = V4L2_SEL_TGT_CROP,
		.r = { 0, 0, o->width, o->height },
	};
	struct v4l2_pix_format_mplane *pix = &out->fmt.pix_mp;

	*out = (struct v4l2_format) { .type = OUT_TYPE };
	pix->width = o->width;
	pix->height = o->height;
	pix->pixelformat = V4L2_PIX_FMT_NV12;
	pix->num_planes = 1;
	xioctl(enc, VIDIOC_S_FMT, out, "S_FMT(encoder OUTPUT)");
	if (pix->pixelformat != V4L2_PIX_FMT_NV12 || pix->num_planes != 1 ||
	    pix->width < o->width || pix->height < o->height)
		die("encoder OUTPUT format %ux%u %.4s (%u planes), wanted NV12 %ux%u",
		    pix->width, pix->height, (char *)&pix->pixelformat,
		    pix->num_planes, o->width, o->height);

	/* The visible rectangle; the SPS crops the rest. */
	if (pix->width != o->width || pix->height != o->height)
		xioctl(enc, VIDIOC_S_SELECTION, &sel, "S_SELECTION(crop)");

	cap.fmt.pix_mp.width = pix->width;
	cap.fmt.pix_mp.height = pix->height;
	cap.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_H264;
	cap.fmt.pix_mp.num_planes = 1;
	xioctl(enc, VIDIOC_S_FMT, &cap, "S_FMT(encoder CAPTURE)");
}

static int heap_open(void)
{
	static const char * const heaps[] = {
		"/dev/dma_heap/linux,cma", "/dev/dma_heap/reserved",
		"/dev/dma_heap/system",
	};
	unsigned int i;
	int heap = -1;

	for (i = 0; i < sizeof(heaps) / sizeof(heaps[0]) && heap < 0; i++)
		heap = open(heaps[i], O_RDWR | O_CLOEXEC);
	if (heap < 0)
		die("no DMA heap to allocate from");
	return heap;
}

static int get_ctrl(int fd, uint32_t id, const char *name)
{
	struct v4l2_control ctrl = { .id = id };

	xioctl(fd, VIDIOC_G_CTRL, &ctrl, name);
	return ctrl.value;
}

/* S_EXT_CTRLS of PROFILE and ENTROPY_MODE in one call, in either order. */
static int set_profile_entropy(int fd, int32_t profile, int32_t entropy,
			       bool entropy_first)
{
	struct v4l2_ext_control c[2] = {
		{ .id = V4L2_CID_MPEG_VIDEO_H264_PROFILE, .value = profile },
		{ .id = V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE,
		  .value = entropy },
	};
	struct v4l2_ext_control swapped[2] = { c[1], c[0] };
	struct v4l2_ext_controls ctrls = {
		.which = V4L2_CTRL_WHICH_CUR_VAL,
		.count = 2,
		.controls = entropy_first ? swapped : c,
	};

	return ioctl(fd, VIDIOC_S_EXT_CTRLS, &ctrls) < 0 ? errno : 0;
}

/*
 * Baseline profiles have no CABAC (H.264 A.2.1). The driver refuses CABAC
 * with a Baseline profile however it is asked: alone while Baseline is
 * set, or together with Baseline in one call in either order; Baseline
 * alone while CABAC is set turns CABAC off. Ends with profile o->profile.
 */
static void check_entropy_rules(int enc, const struct options *o)
{
	const int32_t cabac = V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CABAC;
	const int32_t cavlc = V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CAVLC;
	struct v4l2_control c = {
		.id = V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE, .value = cabac,
	};
	int err;

	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_PROFILE, o->profile, "profile");
	err = ioctl(enc, VIDIOC_S_CTRL, &c) < 0 ? errno : 0;
	printf("cabac_baseline=%s\n", err == EINVAL ? "EINVAL" :
	       err ? strerror(err) : "accepted");

	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_PROFILE,
		 V4L2_MPEG_VIDEO_H264_PROFILE_MAIN, "profile");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE, cavlc, "entropy");
	err = set_profile_entropy(enc, o->profile, cabac, false);
	printf("cabac_baseline_together=%s\n", err == EINVAL ? "EINVAL" :
	       err ? strerror(err) : "accepted");
	err = set_profile_entropy(enc, o->profile, cabac, true);
	printf("cabac_baseline_together_swapped=%s\n",
	       err == EINVAL ? "EINVAL" : err ? strerror(err) : "accepted");

	/* From Main + CABAC, Baseline alone: accepted, entropy now CAVLC. */
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_PROFILE,
		 V4L2_MPEG_VIDEO_H264_PROFILE_MAIN, "profile");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE, cabac, "entropy");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_PROFILE, o->profile, "profile");
	printf("baseline_entropy_after=%s\n",
	       get_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE,
			"G_CTRL(entropy)") == cavlc ? "CAVLC" : "CABAC");

	/* Main + CABAC in one call from Baseline: accepted. */
	err = set_profile_entropy(enc, V4L2_MPEG_VIDEO_H264_PROFILE_MAIN,
				  cabac, true);
	printf("cabac_main_together=%s\n", err ? strerror(err) : "accepted");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE, cavlc, "entropy");
}

static void encoder_controls(int enc, const struct options *o)
{
	if (o->profile == V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE ||
	    o->profile == V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE)
		check_entropy_rules(enc, o);

	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_PROFILE, o->profile, "profile");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE,
		 V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CAVLC, "entropy");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, o->i_qp, "I QP");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP, o->p_qp, "P QP");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_GOP_SIZE, 10, "GOP size");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE,
		 V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_ENABLED, "loop filter");
}

/*
 * --check-busy, while streaming: controls that shape the stream refuse a
 * new value with EBUSY (each differs from what encoder_controls() set or
 * left at its default), the I frame QP still changes (to i_qp + 1).
 */
static void check_busy(int enc, const struct options *o)
{
	static const struct {
		uint32_t	id;
		const char	*name;
		int32_t		value;
	} fixed[] = {
		{ V4L2_CID_MPEG_VIDEO_H264_PROFILE, "profile",
		  V4L2_MPEG_VIDEO_H264_PROFILE_HIGH },
		{ V4L2_CID_MPEG_VIDEO_H264_LEVEL, "level",
		  V4L2_MPEG_VIDEO_H264_LEVEL_5_1 },
		{ V4L2_CID_MPEG_VIDEO_GOP_SIZE, "gop_size", 7 },
		{ V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE, "loop_filter",
		  V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED_AT_SLICE_BOUNDARY },
	};
	unsigned int i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		struct v4l2_control ctrl = {
			.id = fixed[i].id, .value = fixed[i].value,
		};

		if (ioctl(enc, VIDIOC_S_CTRL, &ctrl) == 0)
			die("%s changed while streaming", fixed[i].name);
		if (errno != EBUSY)
			die("%s while streaming: %s, expected EBUSY",
			    fixed[i].name, strerror(errno));
		printf("busy_%s=EBUSY\n", fixed[i].name);
	}

	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, o->i_qp + 1,
		 "I QP while streaming");
	printf("streaming_i_qp=%u\n", o->i_qp + 1);
}

/* --small-dmabuf: an OUTPUT DMABUF over a page short of sizeimage. */
static int check_small_dmabuf(int enc, const struct options *o)
{
	struct v4l2_requestbuffers req = {
		.count = 1, .type = OUT_TYPE, .memory = V4L2_MEMORY_DMABUF,
	};
	struct dma_heap_allocation_data alloc = {
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	struct v4l2_plane plane = { 0 };
	struct v4l2_format out;
	struct v4l2_buffer buf = {
		.index = 0, .type = OUT_TYPE, .memory = V4L2_MEMORY_DMABUF,
		.m.planes = &plane, .length = 1,
	};
	uint32_t sizeimage;
	unsigned int i;
	int heap, ret;

	encoder_formats(enc, o, &out);
	sizeimage = out.fmt.pix_mp.plane_fmt[0].sizeimage;
	heap = heap_open();

	/* Whole pages: the dma-buf's own size is then exactly alloc.len. */
	alloc.len = (sizeimage & ~4095u) - 4096;
	xioctl(heap, DMA_HEAP_IOCTL_ALLOC, &alloc, "DMA_HEAP_IOCTL_ALLOC");
	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(OUTPUT, DMABUF)");
	printf("small_dmabuf_size=%llu\nsizeimage=%u\n",
	       (unsigned long long)alloc.len, sizeimage);

	/*
	 * Twice: with the dma-buf's length given, then with length and
	 * bytesused 0, where the driver must look at the dma-buf's own size.
	 */
	for (i = 0; i < 2; i++) {
		plane.m.fd = alloc.fd;
		plane.bytesused = i ? 0 : alloc.len;
		plane.length = i ? 0 : alloc.len;
		ret = ioctl(enc, VIDIOC_QBUF, &buf);
		printf("qbuf%u_ret=%d\nqbuf%u_errno=%d\n", i, ret, i,
		       ret < 0 ? errno : 0);
		if (ret == 0)
			die("QBUF of a DMABUF %llu bytes < sizeimage %u succeeded",
			    (unsigned long long)alloc.len, sizeimage);
		if (errno != EINVAL)
			die("QBUF of a too small DMABUF: %s, expected EINVAL",
			    strerror(errno));
	}
	return 0;
}

static const char *errname(int err)
{
	switch (err) {
	case 0: return "ok";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case EBUSY: return "EBUSY";
	case ENOBUFS: return "ENOBUFS";
	default: return strerror(err);
	}
}

static int try_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? errno : 0;
}

/* On the stepwise grid of s: within the range, at a whole step from min. */
static bool on_grid(const struct v4l2_frmsize_stepwise *s, uint32_t w,
		    uint32_t h)
{
	return w >= s->min_width && w <= s->max_width &&
	       h >= s->min_height && h <= s->max_height &&
	       (w - s->min_width) % s->step_width == 0 &&
	       (h - s->min_height) % s->step_height == 0;
}

/*
 * ENUM_FRAMESIZES against TRY_FMT on OUTPUT (GStreamer builds its caps
 * from the former): a size on the enumerated grid comes back unchanged,
 * but for NV12M's height, padded to 16 lines (GStreamer lays NV12M out as
 * one block of that many lines; S_FMT keeps the visible size in the crop,
 * see check_nv12m_crop()), and whatever TRY_FMT gives back lies on the
 * grid. Sizes that are and are
 * not on a 16-line grid: 1080 and 360 lines, 1366 columns, the range ends
 * and one step in from them, and sizes out of range. Prints
 * framesizes_FMT=MINxMIN-MAXxMAX/STEPxSTEP and, per size it disagrees on,
 * framesizes_bad=FMT:WxH->WxH; returns how many disagree.
 */
static unsigned int check_framesizes(int enc, uint32_t fourcc)
{
	static const uint32_t sizes[][2] = {
		{ 1920, 1080 }, { 640, 360 }, { 1366, 768 }, { 1280, 720 },
		{ 18, 18 }, { 1918, 1086 }, { 322, 242 }, { 321, 239 },
		{ 1, 1 }, { 4096, 4096 },
	};
	struct v4l2_frmsizeenum fse = { .pixel_format = fourcc };
	const struct v4l2_frmsize_stepwise *sw = &fse.stepwise;
	unsigned int i, bad = 0;

	if (try_ioctl(enc, VIDIOC_ENUM_FRAMESIZES, &fse) ||
	    fse.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
		printf("framesizes_%.4s=none\n", (char *)&fourcc);
		return 1;
	}
	if (fse.type == V4L2_FRMSIZE_TYPE_CONTINUOUS)
		fse.stepwise.step_width = fse.stepwise.step_height = 1;
	printf("framesizes_%.4s=%ux%u-%ux%u/%ux%u\n", (char *)&fourcc,
	       sw->min_width, sw->min_height, sw->max_width, sw->max_height,
	       sw->step_width, sw->step_height);

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct v4l2_format f = { .type = OUT_TYPE };
		struct v4l2_pix_format_mplane *pix = &f.fmt.pix_mp;
		bool grid = on_grid(sw, sizes[i][0], sizes[i][1]);
		uint32_t height = fourcc == V4L2_PIX_FMT_NV12M ?
				  (sizes[i][1] + 15) / 16 * 16 : sizes[i][1];

		pix->width = sizes[i][0];
		pix->height = sizes[i][1];
		pix->pixelformat = fourcc;
		if (try_ioctl(enc, VIDIOC_TRY_FMT, &f))
			die("TRY_FMT %.4s %ux%u: %s", (char *)&fourcc,
			    sizes[i][0], sizes[i][1], strerror(errno));
		if (on_grid(sw, pix->width, pix->height) &&
		    (!grid || (pix->width == sizes[i][0] &&
			       pix->height == height)))
			continue;
		printf("framesizes_bad=%.4s:%ux%u->%ux%u\n", (char *)&fourcc,
		       sizes[i][0], sizes[i][1], pix->width, pix->height);
		bad++;
	}
	return bad;
}

/*
 * S_FMT of NV12M 640x360: the format says 368 lines, the crop rectangle
 * keeps the 640x360 asked (the stream shows it). Prints
 * nv12m_fmt=WxH and nv12m_crop=WxH@L,T; the format is set back to NV12.
 */
static void check_nv12m_crop(int enc)
{
	struct v4l2_format f = { .type = OUT_TYPE };
	struct v4l2_selection sel = {
		.type = V4L2_BUF_TYPE_VIDEO_OUTPUT,
		.target = V4L2_SEL_TGT_CROP,
	};

	f.fmt.pix_mp.width = 640;
	f.fmt.pix_mp.height = 360;
	f.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12M;
	xioctl(enc, VIDIOC_S_FMT, &f, "S_FMT(NV12M 640x360)");
	printf("nv12m_fmt=%ux%u\n", f.fmt.pix_mp.width, f.fmt.pix_mp.height);
	xioctl(enc, VIDIOC_G_SELECTION, &sel, "G_SELECTION(crop)");
	printf("nv12m_crop=%ux%u@%d,%d\n", sel.r.width, sel.r.height,
	       sel.r.left, sel.r.top);
	f.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12;
	xioctl(enc, VIDIOC_S_FMT, &f, "S_FMT(NV12 640x360)");
}

/* One MMAP buffer on each queue, OUTPUT streaming. */
static void buffers_one_each(int enc)
{
	struct v4l2_requestbuffers req = {
		.count = 1, .type = OUT_TYPE, .memory = V4L2_MEMORY_MMAP,
	};
	int type = OUT_TYPE;

	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(encoder OUTPUT)");
	req = (struct v4l2_requestbuffers) {
		.count = 1, .type = CAP_TYPE, .memory = V4L2_MEMORY_MMAP,
	};
	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(encoder CAPTURE)");
	xioctl(enc, VIDIOC_STREAMON, &type, "STREAMON(encoder OUTPUT)");
}

/* One MMAP buffer on each queue, OUTPUT streaming: STREAMON(CAPTURE). */
static int streamon_capture(int enc, unsigned int w, unsigned int h,
			    unsigned int fps, int32_t level)
{
	struct v4l2_requestbuffers req = {
		.count = 1, .type = OUT_TYPE, .memory = V4L2_MEMORY_MMAP,
	};
	struct v4l2_streamparm parm = { .type = OUT_TYPE };
	struct options o = { .width = w, .height = h };
	struct v4l2_format out;
	int type, err;

	encoder_formats(enc, &o, &out);
	parm.parm.output.timeperframe = (struct v4l2_fract) { 1, fps };
	xioctl(enc, VIDIOC_S_PARM, &parm, "S_PARM(OUTPUT)");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_LEVEL, level, "level");
	buffers_one_each(enc);
	type = CAP_TYPE;
	err = try_ioctl(enc, VIDIOC_STREAMON, &type);

	/* Back to no buffers, so that the next call can set formats. */
	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder CAPTURE)");
	type = OUT_TYPE;
	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder OUTPUT)");
	req.count = 0;
	req.type = CAP_TYPE;
	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(encoder CAPTURE, 0)");
	req.type = OUT_TYPE;
	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(encoder OUTPUT, 0)");
	return err;
}

/* --client-rules: see the top of the file. */
static void check_client_rules(int enc)
{
	struct v4l2_ext_control c = {
		.id = V4L2_CID_MPEG_VIDEO_HEADER_MODE,
		.value = V4L2_MPEG_VIDEO_HEADER_MODE_SEPARATE,
	};
	struct v4l2_ext_controls cs = {
		.which = V4L2_CTRL_WHICH_CUR_VAL, .count = 1, .controls = &c,
	};
	struct v4l2_query_ext_ctrl q = {
		.id = V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR,
	};
	struct v4l2_control lc = { .id = V4L2_CID_MPEG_VIDEO_H264_LEVEL };
	struct v4l2_query_ext_ctrl lq = { 0 };
	unsigned int bad = 0;

	bad += check_framesizes(enc, V4L2_PIX_FMT_NV12);
	bad += check_framesizes(enc, V4L2_PIX_FMT_NV12M);
	printf("framesizes_mismatches=%u\n", bad);
	check_nv12m_crop(enc);

	/* FFmpeg asks for SEPARATE and logs an EINVAL at debug level only. */
	printf("header_mode_separate=%s\n",
	       errname(try_ioctl(enc, VIDIOC_S_EXT_CTRLS, &cs)));
	printf("header_mode=%s\n",
	       get_ctrl(enc, V4L2_CID_MPEG_VIDEO_HEADER_MODE,
			"G_CTRL(header mode)") ==
	       V4L2_MPEG_VIDEO_HEADER_MODE_JOINED_WITH_1ST_FRAME ?
	       "joined" : "separate");

	xioctl(enc, VIDIOC_QUERY_EXT_CTRL, &q, "QUERY_EXT_CTRL(prepend)");
	printf("prepend_default=%lld\n", (long long)q.default_value);

	/*
	 * Levels start at 4.0 (GStreamer takes the lowest S_CTRL accepts,
	 * before it sets the size): 3.0 is refused, the menu's minimum is
	 * 4.0. 4.0 fits 1080p30, not 1080p60 (MaxMBPS).
	 */
	printf("level_default=%d\n",
	       get_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_LEVEL, "G_CTRL(level)"));
	lc.value = V4L2_MPEG_VIDEO_H264_LEVEL_3_0;
	printf("level_3_0=%s\n", errname(try_ioctl(enc, VIDIOC_S_CTRL, &lc)));
	lq.id = V4L2_CID_MPEG_VIDEO_H264_LEVEL;
	xioctl(enc, VIDIOC_QUERY_EXT_CTRL, &lq, "QUERY_EXT_CTRL(level)");
	printf("level_min=%lld\n", (long long)lq.minimum);
	printf("level_fit_streamon=%s\n",
	       errname(streamon_capture(enc, 1920, 1080, 30,
					V4L2_MPEG_VIDEO_H264_LEVEL_4_0)));
	printf("level_fast_streamon=%s\n",
	       errname(streamon_capture(enc, 1920, 1080, 60,
					V4L2_MPEG_VIDEO_H264_LEVEL_4_0)));
	printf("level_after=%d\n",
	       get_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_LEVEL, "G_CTRL(level)"));
}

/*
 * --api-only: formats and controls, then (--check-busy) both queues
 * streaming with one MMAP buffer each and none queued: the controls that
 * shape the stream must refuse a change from STREAMON on.
 */
static int check_api(int enc, const struct options *o)
{
	struct v4l2_format out;
	int type;

	if (o->client_rules)
		check_client_rules(enc);

	encoder_formats(enc, o, &out);
	encoder_controls(enc, o);
	if (!o->check_busy)
		return 0;

	buffers_one_each(enc);
	type = CAP_TYPE;
	xioctl(enc, VIDIOC_STREAMON, &type, "STREAMON(encoder CAPTURE)");
	check_busy(enc, o);
	type = CAP_TYPE;
	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder CAPTURE)");
	type = OUT_TYPE;
	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder OUTPUT)");
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	int enc;

	parse(argc, argv, &o);
	enc = open(o.encoder, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (enc < 0)
		die("open %s: %s", o.encoder, strerror(errno));

	if (o.small_dmabuf)
		return check_small_dmabuf(enc, &o);
	return check_api(enc, &o);
}
