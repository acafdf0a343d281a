// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-enc-check: guest test program for the cedrus H.264 encoder.
 *
 * Captures NV12 frames from vivid, imports each vivid buffer into the
 * encoder's OUTPUT queue as a DMABUF (zero copy), and writes both the
 * source frames (visible area, tightly packed NV12) and the H.264 stream,
 * plus one line per frame with the CAPTURE buffer flags. The host decodes
 * the stream and compares it with the source frames.
 *
 * The encoder uses the multi-planar API. --nv12m encodes NV12M (separate
 * luma and chroma planes) from MMAP OUTPUT buffers the program fills from
 * the vivid frames (a CPU copy). --capture-dmabuf imports CMA heap
 * dma-bufs as the CAPTURE buffers. --restart-at N stops and restarts the
 * CAPTURE queue before frame N: a new stream (SPS, PPS, IDR) must follow.
 *
 * Other modes: --small-dmabuf checks that an OUTPUT DMABUF smaller than the
 * format's sizeimage is refused by QBUF with EINVAL. --api-only encodes
 * nothing: it sets the formats and controls (with the CABAC refusals of a
 * Baseline --profile) and, with --check-busy, streams both queues without
 * buffers queued to check the controls refused while streaming; the
 * encodes themselves are v4l2-cedrus-enc-test's.
 *
 * Exit code 0 on success, 1 on a failed check or error (with a message).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/videodev2.h>

#define MAX_BUFFERS	8
#define MAX_FORCED	16
#define TIMEOUT_MS	10000

struct options {
	const char	*vivid;
	const char	*encoder;
	const char	*stream;
	const char	*source;
	const char	*frames_log;
	unsigned int	width;
	unsigned int	height;
	unsigned int	count;
	int		vivid_input;
	bool		cabac;
	int		profile;
	unsigned int	i_qp;
	unsigned int	p_qp;
	int		loop_filter;
	int		alpha;
	int		beta;
	int		qp_change_at;
	unsigned int	sar_width;
	unsigned int	sar_height;
	unsigned int	qp_change_i;
	unsigned int	qp_change_p;
	unsigned int	gop_size;
	bool		closure;
	unsigned int	i_period;
	bool		prepend;
	unsigned int	forced[MAX_FORCED];
	unsigned int	forced_count;
	unsigned int	fps;
	bool		small_dmabuf;
	bool		expect_error;
	bool		check_busy;
	bool		nv12m;
	bool		capture_dmabuf;
	int		restart_at;
	bool		api_only;
};

struct vivid_buffer {
	void		*map;
	size_t		length;
	int		dmabuf;
};

struct coded_buffer {
	void		*map;
	size_t		length;
	int		dmabuf;		/* --capture-dmabuf: imported fd */
};

/* An encoder OUTPUT buffer of --nv12m: two mapped MMAP planes. */
struct picture_buffer {
	void		*map[2];
	size_t		length[2];
};

#define OUT_TYPE	V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE
#define CAP_TYPE	V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE

/* CLOCK_MONOTONIC in microseconds: comparable between processes. */
static unsigned long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

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

static void wait_fd(int fd, short events, const char *what)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int ret;

	do {
		ret = poll(&pfd, 1, TIMEOUT_MS);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		die("poll (%s): %s", what, strerror(errno));
	if (ret == 0)
		die("timeout waiting for %s", what);
}

static void write_all(FILE *f, const void *data, size_t size, const char *what)
{
	if (size && fwrite(data, 1, size, f) != size)
		die("writing %s: %s", what, strerror(errno));
}

static void usage(void)
{
	fprintf(stderr,
		"usage: cedrus-enc-check --vivid DEV --encoder DEV -W W -H H -n N\n"
		"  [--stream F] [--source F] [--frames F] [--input N] [--cabac]\n"
		"  [--profile N] [--i-qp N] [--p-qp N] [--loop-filter 0|1|2]\n"
		"  [--alpha N] [--beta N] [--qp-change FRAME:I_QP:P_QP] [--sar W:H]\n"
		"  [--gop N] [--open-gop --i-period N] [--prepend]\n"
		"  [--force-key FRAME]... [--fps N] [--small-dmabuf]\n"
		"  [--expect-error] [--check-busy] [--nv12m] [--restart-at N]\n"
		"  [--capture-dmabuf] [--api-only]\n");
	exit(2);
}

static void parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "vivid", required_argument, NULL, 'v' },
		{ "encoder", required_argument, NULL, 'e' },
		{ "stream", required_argument, NULL, 's' },
		{ "source", required_argument, NULL, 'r' },
		{ "frames", required_argument, NULL, 'f' },
		{ "input", required_argument, NULL, 'i' },
		{ "cabac", no_argument, NULL, 'c' },
		{ "profile", required_argument, NULL, 'P' },
		{ "i-qp", required_argument, NULL, 'I' },
		{ "p-qp", required_argument, NULL, 'Q' },
		{ "loop-filter", required_argument, NULL, 'l' },
		{ "alpha", required_argument, NULL, 'A' },
		{ "sar", required_argument, NULL, 'r' + 256 },
		{ "beta", required_argument, NULL, 'b' },
		{ "qp-change", required_argument, NULL, 'q' },
		{ "gop", required_argument, NULL, 'g' },
		{ "open-gop", no_argument, NULL, 'o' },
		{ "i-period", required_argument, NULL, 'p' },
		{ "prepend", no_argument, NULL, 'a' },
		{ "force-key", required_argument, NULL, 'k' },
		{ "fps", required_argument, NULL, 'F' },
		{ "small-dmabuf", no_argument, NULL, 'S' },
		{ "expect-error", no_argument, NULL, 'E' },
		{ "check-busy", no_argument, NULL, 'B' },
		{ "nv12m", no_argument, NULL, 'M' },
		{ "restart-at", required_argument, NULL, 'R' },
		{ "capture-dmabuf", no_argument, NULL, 'D' },
		{ "api-only", no_argument, NULL, 'O' },
		{ }
	};
	int c;

	*o = (struct options) {
		.width = 320, .height = 240, .count = 60, .vivid_input = -1,
		.profile = V4L2_MPEG_VIDEO_H264_PROFILE_MAIN,
		.i_qp = 26, .p_qp = 28, .loop_filter = -1, .gop_size = 10,
		.qp_change_at = -1,
		.closure = true, .i_period = 10, .fps = 30, .restart_at = -1,
	};

	while ((c = getopt_long(argc, argv, "W:H:n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'v': o->vivid = optarg; break;
		case 'e': o->encoder = optarg; break;
		case 's': o->stream = optarg; break;
		case 'r': o->source = optarg; break;
		case 'f': o->frames_log = optarg; break;
		case 'i': o->vivid_input = atoi(optarg); break;
		case 'c': o->cabac = true; break;
		case 'P': o->profile = atoi(optarg); break;
		case 'I': o->i_qp = atoi(optarg); break;
		case 'Q': o->p_qp = atoi(optarg); break;
		case 'l': o->loop_filter = atoi(optarg); break;
		case 'A': o->alpha = atoi(optarg); break;
		case 'r' + 256:
			if (sscanf(optarg, "%u:%u", &o->sar_width,
				   &o->sar_height) != 2)
				usage();
			break;
		case 'b': o->beta = atoi(optarg); break;
		case 'q':
			if (sscanf(optarg, "%d:%u:%u", &o->qp_change_at,
				   &o->qp_change_i, &o->qp_change_p) != 3)
				usage();
			break;
		case 'g': o->gop_size = atoi(optarg); break;
		case 'o': o->closure = false; break;
		case 'p': o->i_period = atoi(optarg); break;
		case 'a': o->prepend = true; break;
		case 'k':
			if (o->forced_count == MAX_FORCED)
				usage();
			o->forced[o->forced_count++] = atoi(optarg);
			break;
		case 'F': o->fps = atoi(optarg); break;
		case 'S': o->small_dmabuf = true; break;
		case 'E': o->expect_error = true; break;
		case 'B': o->check_busy = true; break;
		case 'M': o->nv12m = true; break;
		case 'R': o->restart_at = atoi(optarg); break;
		case 'D': o->capture_dmabuf = true; break;
		case 'O': o->api_only = true; break;
		case 'W': o->width = atoi(optarg); break;
		case 'H': o->height = atoi(optarg); break;
		case 'n': o->count = atoi(optarg); break;
		default: usage();
		}
	}
	if (!o->encoder || (!o->vivid && !o->small_dmabuf && !o->api_only))
		usage();
}

/* Encoder OUTPUT format for the picture; returns it as the driver set it. */
static void encoder_formats(int enc, const struct options *o,
			    struct v4l2_format *out)
{
	uint32_t fourcc = o->nv12m ? V4L2_PIX_FMT_NV12M : V4L2_PIX_FMT_NV12;
	unsigned int planes = o->nv12m ? 2 : 1;
	struct v4l2_format cap = { .type = CAP_TYPE };
	struct v4l2_streamparm parm = { .type = OUT_TYPE };
	struct v4l2_selection sel = {
		.type = OUT_TYPE,
		.target = V4L2_SEL_TGT_CROP,
		.r = { 0, 0, o->width, o->height },
	};
	struct v4l2_pix_format_mplane *pix = &out->fmt.pix_mp;

	*out = (struct v4l2_format) { .type = OUT_TYPE };
	pix->width = o->width;
	pix->height = o->height;
	pix->pixelformat = fourcc;
	pix->num_planes = planes;
	xioctl(enc, VIDIOC_S_FMT, out, "S_FMT(encoder OUTPUT)");
	if (pix->pixelformat != fourcc || pix->num_planes != planes ||
	    pix->width < o->width || pix->height < o->height)
		die("encoder OUTPUT format %ux%u %.4s (%u planes), wanted %.4s %ux%u",
		    pix->width, pix->height, (char *)&pix->pixelformat,
		    pix->num_planes, (char *)&fourcc, o->width, o->height);
	printf("output_planes=%u\n", pix->num_planes);
	for (unsigned int i = 0; i < pix->num_planes; i++)
		printf("output_sizeimage%u=%u\n", i,
		       pix->plane_fmt[i].sizeimage);

	/* The visible rectangle; the SPS crops the rest. */
	if (pix->width != o->width || pix->height != o->height)
		xioctl(enc, VIDIOC_S_SELECTION, &sel, "S_SELECTION(crop)");

	/*
	 * Room for the worst case of the lossless model: every MB I_PCM
	 * (384 bytes) with an emulation prevention byte after every two
	 * zero bytes (x 3/2), plus headers.
	 */
	cap.fmt.pix_mp.width = pix->width;
	cap.fmt.pix_mp.height = pix->height;
	cap.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_H264;
	cap.fmt.pix_mp.num_planes = 1;
	cap.fmt.pix_mp.plane_fmt[0].sizeimage =
		(pix->width / 16) * ((pix->height + 15) / 16) * 600 + 65536;
	xioctl(enc, VIDIOC_S_FMT, &cap, "S_FMT(encoder CAPTURE)");
	printf("capture_sizeimage=%u\n",
	       cap.fmt.pix_mp.plane_fmt[0].sizeimage);

	parm.parm.output.timeperframe.numerator = 1;
	parm.parm.output.timeperframe.denominator = o->fps;
	xioctl(enc, VIDIOC_S_PARM, &parm, "S_PARM(encoder OUTPUT)");
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

/* CAPTURE plane size the driver settled on. */
static uint32_t capture_sizeimage(int enc)
{
	struct v4l2_format cap = { .type = CAP_TYPE };

	xioctl(enc, VIDIOC_G_FMT, &cap, "G_FMT(encoder CAPTURE)");
	return cap.fmt.pix_mp.plane_fmt[0].sizeimage;
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
		 o->cabac ? V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CABAC :
			    V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CAVLC, "entropy");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, o->i_qp, "I QP");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP, o->p_qp, "P QP");
	if (o->loop_filter >= 0)
		set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE,
			 o->loop_filter, "loop filter");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_ALPHA, o->alpha,
		 "loop filter alpha");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_BETA, o->beta,
		 "loop filter beta");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_GOP_CLOSURE, o->closure,
		 "GOP closure");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_GOP_SIZE, o->gop_size, "GOP size");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_I_PERIOD, o->i_period,
		 "I period");
	set_ctrl(enc, V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR, o->prepend,
		 "prepend SPS/PPS");
	if (o->sar_width) {
		set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_ENABLE, 1,
			 "VUI SAR enable");
		set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_IDC,
			 V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_EXTENDED, "SAR idc");
		set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_WIDTH,
			 o->sar_width, "SAR width");
		set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_HEIGHT,
			 o->sar_height, "SAR height");
	}
}

/*
 * --check-busy, while streaming: controls that shape the stream refuse a
 * new value with EBUSY, the I frame QP still changes (to i_qp + 1: I
 * frames stay exact at any QP in the lossless model).
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

/*
 * --api-only: formats and controls, then (--check-busy) both queues
 * streaming with one MMAP buffer each and none queued: the controls that
 * shape the stream must refuse a change from STREAMON on.
 */
static int check_api(int enc, const struct options *o)
{
	struct v4l2_requestbuffers req = {
		.count = 1, .type = OUT_TYPE, .memory = V4L2_MEMORY_MMAP,
	};
	struct v4l2_format out;
	int type;

	encoder_formats(enc, o, &out);
	encoder_controls(enc, o);
	if (!o->check_busy)
		return 0;

	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(encoder OUTPUT)");
	req = (struct v4l2_requestbuffers) {
		.count = 1, .type = CAP_TYPE, .memory = V4L2_MEMORY_MMAP,
	};
	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(encoder CAPTURE)");
	type = OUT_TYPE;
	xioctl(enc, VIDIOC_STREAMON, &type, "STREAMON(encoder OUTPUT)");
	type = CAP_TYPE;
	xioctl(enc, VIDIOC_STREAMON, &type, "STREAMON(encoder CAPTURE)");
	check_busy(enc, o);
	type = CAP_TYPE;
	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder CAPTURE)");
	type = OUT_TYPE;
	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder OUTPUT)");
	return 0;
}

static void vivid_setup(int viv, const struct options *o,
			const struct v4l2_format *enc_out,
			struct vivid_buffer *bufs, unsigned int *count,
			struct v4l2_format *fmt)
{
	struct v4l2_create_buffers create = {
		.count = MAX_BUFFERS, .memory = V4L2_MEMORY_MMAP,
	};
	unsigned int i;

	if (o->vivid_input >= 0) {
		int input = o->vivid_input;

		xioctl(viv, VIDIOC_S_INPUT, &input, "S_INPUT(vivid)");
	}

	*fmt = (struct v4l2_format) { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	fmt->fmt.pix.width = o->width;
	fmt->fmt.pix.height = o->height;
	fmt->fmt.pix.pixelformat = V4L2_PIX_FMT_NV12;
	xioctl(viv, VIDIOC_S_FMT, fmt, "S_FMT(vivid)");
	if (fmt->fmt.pix.width != o->width ||
	    fmt->fmt.pix.height != o->height ||
	    fmt->fmt.pix.pixelformat != V4L2_PIX_FMT_NV12)
		die("vivid gives %ux%u %.4s, wanted NV12 %ux%u",
		    fmt->fmt.pix.width, fmt->fmt.pix.height,
		    (char *)&fmt->fmt.pix.pixelformat, o->width, o->height);

	/*
	 * The encoder reads its whole OUTPUT format (16-line aligned, chroma
	 * after bytesperline × height): the vivid layout must match it.
	 */
	if (fmt->fmt.pix.bytesperline !=
	    enc_out->fmt.pix_mp.plane_fmt[0].bytesperline)
		die("vivid bytesperline %u != encoder %u",
		    fmt->fmt.pix.bytesperline,
		    enc_out->fmt.pix_mp.plane_fmt[0].bytesperline);
	if (fmt->fmt.pix.height != enc_out->fmt.pix_mp.height)
		die("vivid height %u != encoder height %u: chroma offsets differ",
		    fmt->fmt.pix.height, enc_out->fmt.pix_mp.height);

	/* Buffers at least as large as the encoder wants (NV12: 1 plane). */
	create.format = *fmt;
	if (!o->nv12m && create.format.fmt.pix.sizeimage <
			 enc_out->fmt.pix_mp.plane_fmt[0].sizeimage)
		create.format.fmt.pix.sizeimage =
			enc_out->fmt.pix_mp.plane_fmt[0].sizeimage;
	xioctl(viv, VIDIOC_CREATE_BUFS, &create, "CREATE_BUFS(vivid)");
	if (create.count < 2)
		die("vivid gave %u buffers", create.count);
	*count = create.count;

	for (i = 0; i < *count; i++) {
		struct v4l2_buffer buf = {
			.index = i, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_MMAP,
		};
		struct v4l2_exportbuffer exp = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .index = i,
			.flags = O_RDWR | O_CLOEXEC,
		};

		xioctl(viv, VIDIOC_QUERYBUF, &buf, "QUERYBUF(vivid)");
		bufs[i].length = buf.length;
		bufs[i].map = mmap(NULL, buf.length, PROT_READ, MAP_SHARED,
				   viv, buf.m.offset);
		if (bufs[i].map == MAP_FAILED)
			die("mmap(vivid): %s", strerror(errno));
		xioctl(viv, VIDIOC_EXPBUF, &exp, "EXPBUF(vivid)");
		bufs[i].dmabuf = exp.fd;
		xioctl(viv, VIDIOC_QBUF, &buf, "QBUF(vivid)");
	}
}

static bool is_forced(const struct options *o, unsigned int frame)
{
	unsigned int i;

	for (i = 0; i < o->forced_count; i++)
		if (o->forced[i] == frame)
			return true;
	return false;
}

/* Write the visible W×H of an NV12 buffer, tightly packed. */
static void write_source(FILE *f, const struct options *o,
			 const struct v4l2_format *fmt, const uint8_t *data)
{
	unsigned int stride = fmt->fmt.pix.bytesperline;
	const uint8_t *chroma = data + (size_t)stride * fmt->fmt.pix.height;
	unsigned int y;

	for (y = 0; y < o->height; y++)
		write_all(f, data + (size_t)y * stride, o->width, "source");
	for (y = 0; y < o->height / 2; y++)
		write_all(f, chroma + (size_t)y * stride, o->width, "source");
}

/* QBUF of CAPTURE buffer i, MMAP or an imported dma-buf. */
static void capture_queue(int enc, const struct coded_buffer *cbufs,
			  unsigned int i)
{
	struct v4l2_plane plane = { 0 };
	struct v4l2_buffer buf = {
		.index = i, .type = CAP_TYPE, .memory = V4L2_MEMORY_MMAP,
		.m.planes = &plane, .length = 1,
	};

	if (cbufs[i].dmabuf >= 0) {
		buf.memory = V4L2_MEMORY_DMABUF;
		plane.m.fd = cbufs[i].dmabuf;
		plane.length = cbufs[i].length;
	}
	xioctl(enc, VIDIOC_QBUF, &buf, "QBUF(encoder CAPTURE)");
}

/*
 * REQBUFS, map and queue the encoder CAPTURE buffers: MMAP, or with
 * --capture-dmabuf dma-bufs of sizeimage bytes from a DMA heap, mapped
 * through the dma-buf. Returns the count.
 */
static unsigned int capture_setup(int enc, const struct options *o,
				  uint32_t sizeimage, struct coded_buffer *cbufs)
{
	struct v4l2_requestbuffers req = {
		.count = 4, .type = CAP_TYPE,
		.memory = o->capture_dmabuf ? V4L2_MEMORY_DMABUF :
					      V4L2_MEMORY_MMAP,
	};
	unsigned int i;
	int heap = o->capture_dmabuf ? heap_open() : -1;

	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(encoder CAPTURE)");
	if (req.count > MAX_BUFFERS)
		req.count = MAX_BUFFERS;
	for (i = 0; i < req.count; i++) {
		struct v4l2_plane plane = { 0 };
		struct v4l2_buffer buf = {
			.index = i, .type = CAP_TYPE,
			.memory = V4L2_MEMORY_MMAP,
			.m.planes = &plane, .length = 1,
		};
		struct dma_heap_allocation_data alloc = {
			.len = sizeimage, .fd_flags = O_RDWR | O_CLOEXEC,
		};
		int fd = enc;
		off_t offset;

		if (heap >= 0) {
			xioctl(heap, DMA_HEAP_IOCTL_ALLOC, &alloc,
			       "DMA_HEAP_IOCTL_ALLOC(CAPTURE)");
			cbufs[i].dmabuf = alloc.fd;
			cbufs[i].length = sizeimage;
			fd = alloc.fd;
			offset = 0;
		} else {
			xioctl(enc, VIDIOC_QUERYBUF, &buf, "QUERYBUF(encoder)");
			cbufs[i].dmabuf = -1;
			cbufs[i].length = plane.length;
			offset = plane.m.mem_offset;
		}
		cbufs[i].map = mmap(NULL, cbufs[i].length, PROT_READ,
				    MAP_SHARED, fd, offset);
		if (cbufs[i].map == MAP_FAILED)
			die("mmap(encoder CAPTURE): %s", strerror(errno));
		capture_queue(enc, cbufs, i);
	}
	if (heap >= 0)
		close(heap);
	return req.count;
}

/* Bracket CPU reads of an imported CAPTURE buffer (cache maintenance). */
static void capture_sync(const struct coded_buffer *cb, bool start)
{
	struct dma_buf_sync sync = {
		.flags = DMA_BUF_SYNC_READ |
			 (start ? DMA_BUF_SYNC_START : DMA_BUF_SYNC_END),
	};

	if (cb->dmabuf >= 0)
		xioctl(cb->dmabuf, DMA_BUF_IOCTL_SYNC, &sync,
		       "DMA_BUF_IOCTL_SYNC");
}

/* --nv12m: REQBUFS and map two-plane MMAP OUTPUT buffers. */
static void picture_setup(int enc, unsigned int count,
			  struct picture_buffer *pbufs)
{
	struct v4l2_requestbuffers req = {
		.count = count, .type = OUT_TYPE, .memory = V4L2_MEMORY_MMAP,
	};
	unsigned int i, p;

	xioctl(enc, VIDIOC_REQBUFS, &req, "REQBUFS(encoder OUTPUT, MMAP)");
	if (req.count < count)
		die("encoder OUTPUT: %u buffers, need %u", req.count, count);
	for (i = 0; i < count; i++) {
		struct v4l2_plane planes[2] = { 0 };
		struct v4l2_buffer buf = {
			.index = i, .type = OUT_TYPE,
			.memory = V4L2_MEMORY_MMAP,
			.m.planes = planes, .length = 2,
		};

		xioctl(enc, VIDIOC_QUERYBUF, &buf, "QUERYBUF(encoder OUTPUT)");
		if (buf.length != 2)
			die("NV12M OUTPUT buffer with %u planes", buf.length);
		for (p = 0; p < 2; p++) {
			pbufs[i].length[p] = planes[p].length;
			pbufs[i].map[p] = mmap(NULL, planes[p].length,
					       PROT_READ | PROT_WRITE,
					       MAP_SHARED, enc,
					       planes[p].m.mem_offset);
			if (pbufs[i].map[p] == MAP_FAILED)
				die("mmap(encoder OUTPUT): %s",
				    strerror(errno));
		}
	}
}

/* Copy a vivid NV12 frame into the two planes of an NV12M buffer. */
static void picture_fill(const struct picture_buffer *pb,
			 const struct v4l2_format *viv_fmt, const uint8_t *src)
{
	size_t luma = (size_t)viv_fmt->fmt.pix.bytesperline *
		      viv_fmt->fmt.pix.height;

	if (luma > pb->length[0] || luma / 2 > pb->length[1])
		die("NV12M planes %zu + %zu bytes, the frame needs %zu + %zu",
		    pb->length[0], pb->length[1], luma, luma / 2);
	memcpy(pb->map[0], src, luma);
	memcpy(pb->map[1], src + luma, luma / 2);
}

/* STREAMOFF and STREAMON of CAPTURE, every buffer queued again. */
static void capture_restart(int enc, const struct coded_buffer *cbufs,
			    unsigned int count)
{
	int type = CAP_TYPE;
	unsigned int i;

	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder CAPTURE)");
	for (i = 0; i < count; i++)
		capture_queue(enc, cbufs, i);
	xioctl(enc, VIDIOC_STREAMON, &type, "STREAMON(encoder CAPTURE)");
}

static int encode(int enc, const struct options *o)
{
	struct vivid_buffer vbufs[MAX_BUFFERS];
	struct coded_buffer cbufs[MAX_BUFFERS];
	struct picture_buffer pbufs[MAX_BUFFERS];
	struct v4l2_requestbuffers req_out = {
		.type = OUT_TYPE, .memory = V4L2_MEMORY_DMABUF,
	};
	struct v4l2_format enc_out, viv_fmt;
	int type, viv;
	unsigned int vcount, ccount, frame, errors = 0, bytes = 0;
	unsigned int restarts = 0;
	FILE *stream = NULL, *source = NULL, *log = NULL;

	viv = open(o->vivid, O_RDWR | O_CLOEXEC);
	if (viv < 0)
		die("open %s: %s", o->vivid, strerror(errno));

	encoder_formats(enc, o, &enc_out);
	encoder_controls(enc, o);
	vivid_setup(viv, o, &enc_out, vbufs, &vcount, &viv_fmt);

	if (o->nv12m) {
		picture_setup(enc, vcount, pbufs);
	} else {
		req_out.count = vcount;
		xioctl(enc, VIDIOC_REQBUFS, &req_out,
		       "REQBUFS(encoder OUTPUT)");
		if (req_out.count < vcount)
			die("encoder OUTPUT: %u buffers, need %u",
			    req_out.count, vcount);
	}
	ccount = capture_setup(enc, o, capture_sizeimage(enc), cbufs);

	if (o->stream && !(stream = fopen(o->stream, "wb")))
		die("%s: %s", o->stream, strerror(errno));
	if (o->source && !(source = fopen(o->source, "wb")))
		die("%s: %s", o->source, strerror(errno));
	if (o->frames_log && !(log = fopen(o->frames_log, "w")))
		die("%s: %s", o->frames_log, strerror(errno));

	type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	xioctl(viv, VIDIOC_STREAMON, &type, "STREAMON(vivid)");
	type = OUT_TYPE;
	xioctl(enc, VIDIOC_STREAMON, &type, "STREAMON(encoder OUTPUT)");
	type = CAP_TYPE;
	xioctl(enc, VIDIOC_STREAMON, &type, "STREAMON(encoder CAPTURE)");
	if (o->check_busy)
		check_busy(enc, o);

	/* One frame at a time: vivid → encoder → stream, then give back. */
	for (frame = 0; frame < o->count; frame++) {
		struct v4l2_buffer vb = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_MMAP,
		};
		struct v4l2_plane oplanes[2] = { 0 };
		struct v4l2_buffer ob = {
			.type = OUT_TYPE,
			.memory = o->nv12m ? V4L2_MEMORY_MMAP :
					     V4L2_MEMORY_DMABUF,
			.m.planes = oplanes, .length = o->nv12m ? 2 : 1,
		};
		struct v4l2_plane cplane = { 0 };
		struct v4l2_buffer cb = {
			.type = CAP_TYPE,
			.memory = o->capture_dmabuf ? V4L2_MEMORY_DMABUF :
						      V4L2_MEMORY_MMAP,
			.m.planes = &cplane, .length = 1,
		};
		unsigned int payload;

		wait_fd(viv, POLLIN, "vivid frame");
		xioctl(viv, VIDIOC_DQBUF, &vb, "DQBUF(vivid)");

		if ((int)frame == o->restart_at) {
			capture_restart(enc, cbufs, ccount);
			restarts++;
		}
		if (is_forced(o, frame))
			set_ctrl(enc, V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1,
				 "force key frame");
		/* While streaming: applies from this frame on. */
		if ((int)frame == o->qp_change_at) {
			set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP,
				 o->qp_change_i, "I QP (mid-stream)");
			set_ctrl(enc, V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP,
				 o->qp_change_p, "P QP (mid-stream)");
		}

		ob.index = vb.index;
		if (o->nv12m) {
			picture_fill(&pbufs[vb.index], &viv_fmt,
				     vbufs[vb.index].map);
			oplanes[0].bytesused = pbufs[vb.index].length[0];
			oplanes[1].bytesused = pbufs[vb.index].length[1];
		} else {
			oplanes[0].m.fd = vbufs[vb.index].dmabuf;
			oplanes[0].length = vbufs[vb.index].length;
			oplanes[0].bytesused =
				enc_out.fmt.pix_mp.plane_fmt[0].sizeimage;
		}
		ob.timestamp.tv_usec = frame;
		xioctl(enc, VIDIOC_QBUF, &ob, "QBUF(encoder OUTPUT)");

		wait_fd(enc, POLLIN, "encoded frame");
		xioctl(enc, VIDIOC_DQBUF, &cb, "DQBUF(encoder CAPTURE)");
		payload = cplane.bytesused;
		if (payload > cbufs[cb.index].length)
			die("payload %u > buffer %zu", payload,
			    cbufs[cb.index].length);

		capture_sync(&cbufs[cb.index], true);
		if (cb.flags & V4L2_BUF_FLAG_ERROR)
			errors++;
		else if (source)
			write_source(source, o, &viv_fmt,
				     vbufs[vb.index].map);
		if (!(cb.flags & V4L2_BUF_FLAG_ERROR) && stream)
			write_all(stream, cbufs[cb.index].map, payload,
				  "stream");
		bytes += payload;
		if (log)
			fprintf(log, "frame=%u bytes=%u key=%d p=%d error=%d ts=%ld t=%llu\n",
				frame, payload,
				!!(cb.flags & V4L2_BUF_FLAG_KEYFRAME),
				!!(cb.flags & V4L2_BUF_FLAG_PFRAME),
				!!(cb.flags & V4L2_BUF_FLAG_ERROR),
				(long)cb.timestamp.tv_usec, now_us());

		capture_sync(&cbufs[cb.index], false);
		capture_queue(enc, cbufs, cb.index);

		wait_fd(enc, POLLOUT, "OUTPUT buffer back");
		ob.length = o->nv12m ? 2 : 1;
		xioctl(enc, VIDIOC_DQBUF, &ob, "DQBUF(encoder OUTPUT)");
		xioctl(viv, VIDIOC_QBUF, &vb, "QBUF(vivid)");

		if (frame % 10 == 9 || frame + 1 == o->count)
			fprintf(stderr, "cedrus-enc-check: %u/%u frames, %u bytes\n",
				frame + 1, o->count, bytes);
	}

	type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	xioctl(viv, VIDIOC_STREAMOFF, &type, "STREAMOFF(vivid)");
	type = CAP_TYPE;
	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder CAPTURE)");
	type = OUT_TYPE;
	xioctl(enc, VIDIOC_STREAMOFF, &type, "STREAMOFF(encoder OUTPUT)");

	if (stream)
		fclose(stream);
	if (source)
		fclose(source);
	if (log)
		fclose(log);

	printf("frames=%u\nerrors=%u\nbytes=%u\nwidth=%u\nheight=%u\nrestarts=%u\n",
	       o->count, errors, bytes, o->width, o->height, restarts);
	if (errors && !o->expect_error)
		die("%u frames came back with V4L2_BUF_FLAG_ERROR", errors);
	if (!errors && o->expect_error)
		die("no frame came back with V4L2_BUF_FLAG_ERROR");
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
	if (o.api_only)
		return check_api(enc, &o);
	return encode(enc, &o);
}
