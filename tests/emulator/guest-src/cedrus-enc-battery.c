// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-enc-battery: hostile and edge-case input for the cedrus encoder
 * node, one case per row of the table at the end of this file.
 *
 * Each case opens the encoder, does one bad or racy thing, and judges what
 * the driver answered: an errno, a corrected format, an ERROR-flagged
 * buffer, or a drain that must end. After every case the program encodes
 * the same two frames of a fixed pattern into after-CASE.h264, which the
 * host decodes and compares with after.nv12 (the next stream must be
 * right), and the kernel log is judged by run-test.sh (no WARN, oops or
 * hung task).
 *
 * Output, one line per case: "case NAME result=pass|fail errno=E detail".
 * Exit code 0 when every case passed, 1 otherwise.
 *
 * Usage: cedrus-enc-battery ENCODER [CASE...]  (all cases by default)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/udmabuf.h>
#include <linux/videodev2.h>

#define OUT_TYPE	V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE
#define CAP_TYPE	V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE
#define MAX_BUFS	8
#define WAIT_MS		5000

/* The sanity encode after every case: small, exact in the lossless model. */
#define AFTER_W		160
#define AFTER_H		96
#define AFTER_FRAMES	2

static const char *enc_path;

/* One case's verdict, filled by the case and printed by the runner. */
struct verdict {
	bool	failed;
	int	err;		/* the errno the case judged, 0 if none */
	char	detail[240];
};

static struct verdict *cur;

static void note(const char *fmt, ...)
{
	size_t len = strlen(cur->detail);
	va_list ap;

	if (len && len < sizeof(cur->detail) - 2)
		cur->detail[len++] = ' ', cur->detail[len] = '\0';
	va_start(ap, fmt);
	vsnprintf(cur->detail + len, sizeof(cur->detail) - len, fmt, ap);
	va_end(ap);
}

/* Record a failed expectation; returns false so callers can bail out. */
static bool fail(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cur->failed = true;
	note("FAIL:%s", msg);
	return false;
}

/* ioctl returning 0 or the errno, retried on EINTR */
static int xio(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? errno : 0;
}

/* Expect a call returning an errno to succeed; false if it failed. */
static bool MUST(int err, const char *what)
{
	return !err || fail("%s:%s", what, strerror(err));
}

struct mapping {
	void	*addr;
	size_t	len;
};

struct enc {
	int		fd;
	unsigned int	width;
	unsigned int	height;
	unsigned int	sizeimage;	/* OUTPUT plane 0 */
	unsigned int	bytesperline;
	unsigned int	cap_size;
	struct mapping	out[MAX_BUFS];
	struct mapping	cap[MAX_BUFS];
	unsigned int	n_out;
	unsigned int	n_cap;
};

static int enc_open(struct enc *e)
{
	memset(e, 0, sizeof(*e));
	e->fd = open(enc_path, O_RDWR | O_NONBLOCK);
	return e->fd < 0 ? errno : 0;
}

static void unmap_all(struct mapping *m, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (m[i].addr && m[i].addr != MAP_FAILED)
			munmap(m[i].addr, m[i].len);
}

static void enc_close(struct enc *e)
{
	unmap_all(e->out, e->n_out);
	unmap_all(e->cap, e->n_cap);
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
	e->n_out = e->n_cap = 0;
}

/* S_FMT(OUTPUT, NV12) with the given fields; fills e from the answer. */
static int enc_fmt_full(struct enc *e, unsigned int w, unsigned int h,
			unsigned int bpl, unsigned int sizeimage,
			struct v4l2_format *answer)
{
	struct v4l2_format f = { .type = OUT_TYPE };
	int err;

	f.fmt.pix_mp.width = w;
	f.fmt.pix_mp.height = h;
	f.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12;
	f.fmt.pix_mp.num_planes = 1;
	f.fmt.pix_mp.plane_fmt[0].bytesperline = bpl;
	f.fmt.pix_mp.plane_fmt[0].sizeimage = sizeimage;
	err = xio(e->fd, VIDIOC_S_FMT, &f);
	if (answer)
		*answer = f;
	if (err)
		return err;
	e->width = f.fmt.pix_mp.width;
	e->height = f.fmt.pix_mp.height;
	e->bytesperline = f.fmt.pix_mp.plane_fmt[0].bytesperline;
	e->sizeimage = f.fmt.pix_mp.plane_fmt[0].sizeimage;

	memset(&f, 0, sizeof(f));
	f.type = CAP_TYPE;
	err = xio(e->fd, VIDIOC_G_FMT, &f);
	if (!err)
		e->cap_size = f.fmt.pix_mp.plane_fmt[0].sizeimage;
	return err;
}

static int enc_fmt(struct enc *e, unsigned int w, unsigned int h)
{
	return enc_fmt_full(e, w, h, 0, 0, NULL);
}

static int set_ctrl(int fd, uint32_t id, int32_t value)
{
	struct v4l2_ext_control c = { .id = id, .value = value };
	struct v4l2_ext_controls cs = {
		.which = V4L2_CTRL_WHICH_CUR_VAL, .count = 1, .controls = &c,
	};

	return xio(fd, VIDIOC_S_EXT_CTRLS, &cs);
}

static int reqbufs(int fd, uint32_t type, unsigned int count)
{
	struct v4l2_requestbuffers r = {
		.count = count, .type = type, .memory = V4L2_MEMORY_MMAP,
	};
	int err = xio(fd, VIDIOC_REQBUFS, &r);

	return err ? err : (r.count < count ? ENOMEM : 0);
}

static int map_bufs(int fd, uint32_t type, struct mapping *m,
		    unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct v4l2_plane pl[VIDEO_MAX_PLANES] = { 0 };
		struct v4l2_buffer b = {
			.type = type, .memory = V4L2_MEMORY_MMAP, .index = i,
			.m.planes = pl, .length = VIDEO_MAX_PLANES,
		};
		int err = xio(fd, VIDIOC_QUERYBUF, &b);

		if (err)
			return err;
		m[i].len = pl[0].length;
		m[i].addr = mmap(NULL, pl[0].length, PROT_READ | PROT_WRITE,
				 MAP_SHARED, fd, pl[0].m.mem_offset);
		if (m[i].addr == MAP_FAILED)
			return errno;
	}
	return 0;
}

/* REQBUFS and mmap n_out OUTPUT and n_cap CAPTURE buffers. */
static int enc_bufs(struct enc *e, unsigned int n_out, unsigned int n_cap)
{
	int err = reqbufs(e->fd, OUT_TYPE, n_out);

	if (!err)
		err = map_bufs(e->fd, OUT_TYPE, e->out, n_out);
	e->n_out = n_out;
	if (!err)
		err = reqbufs(e->fd, CAP_TYPE, n_cap);
	if (!err)
		err = map_bufs(e->fd, CAP_TYPE, e->cap, n_cap);
	e->n_cap = n_cap;
	return err;
}

static int stream(int fd, uint32_t type, bool on)
{
	int t = type;

	return xio(fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &t);
}

static int enc_stream(struct enc *e, bool on)
{
	int err = stream(e->fd, OUT_TYPE, on);

	return err ? err : stream(e->fd, CAP_TYPE, on);
}

/* The fixed pattern of frame n: luma ramps, chroma bands. */
static void fill_frame(const struct enc *e, uint8_t *p, unsigned int n)
{
	uint8_t *uv = p + (size_t)e->bytesperline * e->height;

	for (unsigned int y = 0; y < e->height; y++)
		for (unsigned int x = 0; x < e->width; x++)
			p[(size_t)y * e->bytesperline + x] =
				(uint8_t)(x * 3 + y * 2 + n * 17);
	for (unsigned int y = 0; y < e->height / 2; y++)
		for (unsigned int x = 0; x < e->width; x++)
			uv[(size_t)y * e->bytesperline + x] =
				(uint8_t)(x & 1 ? 64 + y * 4 : 192 - x);
}

static int qbuf_full(struct enc *e, uint32_t type, unsigned int idx,
		     unsigned int bytesused, unsigned int data_offset)
{
	struct v4l2_plane pl = {
		.bytesused = bytesused, .data_offset = data_offset,
	};
	struct v4l2_buffer b = {
		.type = type, .memory = V4L2_MEMORY_MMAP, .index = idx,
		.m.planes = &pl, .length = 1,
	};

	return xio(e->fd, VIDIOC_QBUF, &b);
}

/* Queue OUTPUT buffer idx holding pattern frame n. */
static int queue_frame(struct enc *e, unsigned int idx, unsigned int n)
{
	fill_frame(e, e->out[idx].addr, n);
	return qbuf_full(e, OUT_TYPE, idx, e->sizeimage, 0);
}

static int queue_cap(struct enc *e, unsigned int idx)
{
	return qbuf_full(e, CAP_TYPE, idx, 0, 0);
}

/*
 * DQBUF type, waiting up to ms for it. Returns 0, EPIPE (after LAST),
 * ETIMEDOUT, or another errno.
 */
static int dqbuf_wait(struct enc *e, uint32_t type, struct v4l2_buffer *b,
		      struct v4l2_plane *pl, int ms)
{
	struct pollfd p = { .fd = e->fd, .events = POLLIN | POLLOUT };
	int err;

	for (;;) {
		memset(b, 0, sizeof(*b));
		memset(pl, 0, sizeof(*pl));
		b->type = type;
		b->memory = V4L2_MEMORY_MMAP;
		b->m.planes = pl;
		b->length = 1;
		err = xio(e->fd, VIDIOC_DQBUF, b);
		if (err != EAGAIN)
			return err;
		if (ms <= 0)
			return ETIMEDOUT;
		if (poll(&p, 1, 50) < 0 && errno != EINTR)
			return errno;
		ms -= 50;
	}
}

static int subscribe_eos(int fd)
{
	struct v4l2_event_subscription s = { .type = V4L2_EVENT_EOS };

	return xio(fd, VIDIOC_SUBSCRIBE_EVENT, &s);
}

/* How many EOS events are pending (dequeues them all). */
static unsigned int eos_pending(int fd)
{
	struct v4l2_event ev;
	unsigned int n = 0;

	while (!xio(fd, VIDIOC_DQEVENT, &ev))
		if (ev.type == V4L2_EVENT_EOS)
			n++;
	return n;
}

static int enc_cmd(int fd, uint32_t cmd)
{
	struct v4l2_encoder_cmd c = { .cmd = cmd };

	return xio(fd, VIDIOC_ENCODER_CMD, &c);
}

/*
 * Dequeue CAPTURE buffers until the one flagged LAST; requeue none.
 * Returns false (and fails the case) when LAST does not come in time.
 */
static bool wait_last(struct enc *e, unsigned int *frames)
{
	struct v4l2_buffer b;
	struct v4l2_plane pl;

	*frames = 0;
	for (;;) {
		int err = dqbuf_wait(e, CAP_TYPE, &b, &pl, WAIT_MS);

		if (err == ETIMEDOUT)
			return fail("no LAST buffer within %d ms (after %u)",
				    WAIT_MS, *frames);
		if (err)
			return fail("DQBUF(CAPTURE):%s", strerror(err));
		if (pl.bytesused)
			(*frames)++;
		if (b.flags & V4L2_BUF_FLAG_LAST)
			return true;
	}
}

/* Open, format w x h, n_out/n_cap buffers, EOS subscribed, streaming. */
static bool enc_start(struct enc *e, unsigned int w, unsigned int h,
		      unsigned int n_out, unsigned int n_cap)
{
	return MUST(enc_open(e), "open") && MUST(enc_fmt(e, w, h), "S_FMT") &&
	       MUST(enc_bufs(e, n_out, n_cap), "buffers") &&
	       MUST(subscribe_eos(e->fd), "SUBSCRIBE_EVENT") &&
	       MUST(enc_stream(e, true), "STREAMON");
}

/*
 * Encode frames 0..count-1 (buffers recycled); the flags of the first
 * n_flags CAPTURE buffers go to flags, the stream to out (both optional).
 */
static bool encode_frames(struct enc *e, unsigned int count, uint32_t *flags,
			  unsigned int n_flags, FILE *out)
{
	unsigned int queued = 0, done = 0;

	for (unsigned int i = 0; i < e->n_cap; i++)
		if (!MUST(queue_cap(e, i), "QBUF(CAPTURE)"))
			return false;
	for (; queued < e->n_out && queued < count; queued++)
		if (!MUST(queue_frame(e, queued, queued), "QBUF(OUTPUT)"))
			return false;

	while (done < count) {
		struct v4l2_buffer b;
		struct v4l2_plane pl;
		int err = dqbuf_wait(e, CAP_TYPE, &b, &pl, WAIT_MS);

		if (err)
			return fail("DQBUF(CAPTURE) frame %u:%s", done,
				    strerror(err));
		if (flags && done < n_flags)
			flags[done] = b.flags;
		if (out && pl.bytesused)
			fwrite((uint8_t *)e->cap[b.index].addr + pl.data_offset,
			       1, pl.bytesused - pl.data_offset, out);
		done++;
		if (!MUST(queue_cap(e, b.index), "QBUF(CAPTURE)"))
			return false;
		err = dqbuf_wait(e, OUT_TYPE, &b, &pl, WAIT_MS);
		if (err)
			return fail("DQBUF(OUTPUT):%s", strerror(err));
		if (queued < count) {
			if (!MUST(queue_frame(e, b.index, queued), "QBUF(OUTPUT)"))
				return false;
			queued++;
		}
	}
	return true;
}

/* The whole normal path at w x h: count frames, none flagged ERROR. */
static bool encode_ok(unsigned int w, unsigned int h, unsigned int count,
		      FILE *out)
{
	uint32_t flags[64];
	struct enc e;
	bool ok;

	ok = enc_start(&e, w, h, 2, 2) &&
	     encode_frames(&e, count, flags, 64, out);
	for (unsigned int i = 0; ok && i < count && i < 64; i++)
		if (flags[i] & V4L2_BUF_FLAG_ERROR)
			ok = fail("frame %u flagged ERROR at %ux%u", i, w, h);
	enc_close(&e);
	return ok;
}

/* Judge an errno against the accepted ones (0-terminated list). */
static bool expect_errno(int err, const char *what, ...)
{
	va_list ap;
	int ok;

	cur->err = err;
	va_start(ap, what);
	while ((ok = va_arg(ap, int)) >= 0)
		if (ok == err)
			break;
	va_end(ap);
	if (ok >= 0)
		return true;
	return fail("%s:errno %d (%s) not accepted", what, err,
		    strerror(err));
}

/* ---- cases: formats ---- */

/*
 * A requested size must come back corrected to one the encoder takes
 * (16..1920 x 16..1088), and that size must then encode.
 */
static void fmt_size(unsigned int w, unsigned int h)
{
	struct enc e;

	if (!MUST(enc_open(&e), "open"))
		return;
	if (expect_errno(enc_fmt(&e, w, h), "S_FMT", 0, -1)) {
		note("asked=%ux%u got=%ux%u", w, h, e.width, e.height);
		if (e.width < 16 || e.width > 1920 || e.height < 16 ||
		    e.height > 1088)
			fail("size out of the encoder's range");
		if (e.sizeimage < e.bytesperline * e.height * 3 / 2)
			fail("sizeimage %u below %u x %u x 3/2", e.sizeimage,
			     e.bytesperline, e.height);
	}
	enc_close(&e);
	if (!cur->failed)
		encode_ok(e.width, e.height, 1, NULL);
}

static void case_fmt_odd(void) { fmt_size(321, 239); }
static void case_fmt_1x1(void) { fmt_size(1, 1); }
static void case_fmt_0x0(void) { fmt_size(0, 0); }
static void case_fmt_above_max(void) { fmt_size(4096, 4096); }
static void case_fmt_65535(void) { fmt_size(65535, 65535); }

/* bytesperline below the width, or absurd: corrected, sizes consistent. */
static void fmt_bpl(unsigned int bpl, unsigned int sizeimage)
{
	struct v4l2_format f;
	struct enc e;

	if (!MUST(enc_open(&e), "open"))
		return;
	if (expect_errno(enc_fmt_full(&e, 640, 480, bpl, sizeimage, &f),
			 "S_FMT", 0, -1)) {
		note("asked bpl=%u sizeimage=%u got %u/%u", bpl, sizeimage,
		     e.bytesperline, e.sizeimage);
		if (e.bytesperline < e.width)
			fail("bytesperline %u below width %u",
			     e.bytesperline, e.width);
		if ((uint64_t)e.bytesperline * e.height * 3 / 2 > e.sizeimage)
			fail("sizeimage %u cannot hold the picture",
			     e.sizeimage);
		if (e.sizeimage > 64u << 20)
			fail("sizeimage %u is absurd", e.sizeimage);
	}
	enc_close(&e);
	if (!cur->failed)
		encode_ok(640, 480, 2, NULL);
}

static void case_bpl_small(void) { fmt_bpl(320, 0); }
static void case_bpl_absurd(void) { fmt_bpl(0xfffffff0u, 0); }
static void case_sizeimage_0(void) { fmt_bpl(0, 0); }
static void case_sizeimage_huge(void) { fmt_bpl(0, 0xffffffffu); }

/* S_FMT on either queue while streaming: EBUSY. */
static void case_fmt_streaming(void)
{
	struct v4l2_format f = { .type = CAP_TYPE };
	struct enc e;

	if (enc_start(&e, 320, 240, 2, 2)) {
		expect_errno(enc_fmt(&e, 640, 480), "S_FMT(OUTPUT)", EBUSY, -1);
		if (!cur->failed && !xio(e.fd, VIDIOC_G_FMT, &f))
			expect_errno(xio(e.fd, VIDIOC_S_FMT, &f),
				     "S_FMT(CAPTURE)", EBUSY, -1);
	}
	enc_close(&e);
}

/*
 * Rate control while streaming: a new BITRATE or BITRATE_PEAK is taken (it
 * applies from the next frame), a mode change is refused with EBUSY: CBR to
 * VBR, and BITRATE to or from 0 (fixed QPs). Frames encode after it.
 * (encode_frames() queues every CAPTURE buffer first: one call per stream.)
 */
static void case_rc_streaming(void)
{
	uint32_t flags[4];
	struct enc e;

	if (MUST(enc_open(&e), "open") &&
	    MUST(set_ctrl(e.fd, V4L2_CID_MPEG_VIDEO_BITRATE, 300000),
		 "BITRATE") &&
	    MUST(enc_fmt(&e, 320, 240), "S_FMT") &&
	    MUST(enc_bufs(&e, 2, 2), "buffers") &&
	    MUST(subscribe_eos(e.fd), "SUBSCRIBE_EVENT") &&
	    MUST(enc_stream(&e, true), "STREAMON") &&
	    expect_errno(set_ctrl(e.fd, V4L2_CID_MPEG_VIDEO_BITRATE_MODE,
				  V4L2_MPEG_VIDEO_BITRATE_MODE_VBR),
			 "BITRATE_MODE while streaming", EBUSY, -1) &&
	    expect_errno(set_ctrl(e.fd, V4L2_CID_MPEG_VIDEO_BITRATE, 0),
			 "BITRATE 0 while streaming", EBUSY, -1) &&
	    expect_errno(set_ctrl(e.fd, V4L2_CID_MPEG_VIDEO_BITRATE, 600000),
			 "BITRATE while streaming", 0, -1) &&
	    expect_errno(set_ctrl(e.fd, V4L2_CID_MPEG_VIDEO_BITRATE_PEAK,
				  900000),
			 "BITRATE_PEAK while streaming", 0, -1) &&
	    encode_frames(&e, 4, flags, 4, NULL)) {
		for (unsigned int i = 0; i < 4; i++)
			if (flags[i] & V4L2_BUF_FLAG_ERROR)
				fail("frame %u after the change flagged ERROR",
				     i);
	}
	enc_close(&e);
}

/* ---- cases: buffers ---- */

/* data_offset at or past the plane's payload: EINVAL at QBUF. */
static void case_data_offset(void)
{
	struct enc e;

	if (enc_start(&e, 320, 240, 2, 2))
		expect_errno(qbuf_full(&e, OUT_TYPE, 0, e.sizeimage,
				       e.sizeimage + 4096),
			     "QBUF(data_offset)", EINVAL, -1);
	enc_close(&e);
}

/* bytesused past the plane: EINVAL at QBUF. */
static void case_bytesused_big(void)
{
	struct enc e;

	if (enc_start(&e, 320, 240, 2, 2))
		expect_errno(qbuf_full(&e, OUT_TYPE, 0,
				       (unsigned int)e.out[0].len + 1, 0),
			     "QBUF(bytesused)", EINVAL, -1);
	enc_close(&e);
}

/*
 * A udmabuf (pages of a memfd, not contiguous) imported as an OUTPUT
 * buffer: the VE cannot use it, so QBUF fails (EFAULT from dma-contig).
 */
static int udmabuf_scattered(size_t size)
{
	struct udmabuf_create c = { .size = size };
	int dev, buf = -1;
	uint8_t *p;

	dev = open("/dev/udmabuf", O_RDWR);
	c.memfd = memfd_create("battery", MFD_ALLOW_SEALING);
	if (dev < 0 || (int)c.memfd < 0 || ftruncate(c.memfd, size) ||
	    fcntl(c.memfd, F_ADD_SEALS, F_SEAL_SHRINK))
		goto out;
	/* Fault the pages in backwards, so they are not contiguous. */
	p = mmap(NULL, size, PROT_WRITE, MAP_SHARED, c.memfd, 0);
	if (p == MAP_FAILED)
		goto out;
	for (size_t off = size; off; off -= 4096)
		p[off - 4096] = 1;
	munmap(p, size);
	buf = ioctl(dev, UDMABUF_CREATE, &c);
out:
	if (buf < 0)
		fail("udmabuf:%s", strerror(errno));
	if ((int)c.memfd >= 0)
		close(c.memfd);
	if (dev >= 0)
		close(dev);
	return buf;
}

/*
 * A udmabuf (pages of a memfd, not contiguous) imported as an OUTPUT
 * buffer: the VE cannot use it, so QBUF fails (EFAULT from dma-contig).
 */
static void case_udmabuf(void)
{
	struct v4l2_requestbuffers r = {
		.count = 1, .type = OUT_TYPE, .memory = V4L2_MEMORY_DMABUF,
	};
	struct v4l2_plane pl = { 0 };
	struct v4l2_buffer b = {
		.type = OUT_TYPE, .memory = V4L2_MEMORY_DMABUF,
		.m.planes = &pl, .length = 1,
	};
	struct enc e;

	if (!MUST(enc_open(&e), "open") ||
	    !MUST(enc_fmt(&e, 640, 480), "S_FMT") ||
	    !MUST(xio(e.fd, VIDIOC_REQBUFS, &r), "REQBUFS(DMABUF)"))
		goto out;
	/* vb2 checks bytesused against the length given: give it. */
	pl.length = (e.sizeimage + 4095) & ~4095u;
	pl.m.fd = udmabuf_scattered(pl.length);
	if (pl.m.fd < 0)
		goto out;
	pl.bytesused = e.sizeimage;
	expect_errno(xio(e.fd, VIDIOC_QBUF, &b), "QBUF(udmabuf)", EFAULT, -1);
	close(pl.m.fd);
out:
	enc_close(&e);
}

/*
 * CREATE_BUFS with a sizeimage far above any format's (3 GiB on OUTPUT,
 * 256 MiB on CAPTURE): refused with EINVAL before anything is allocated.
 */
static void case_create_bufs_huge(void)
{
	static const struct { uint32_t type; uint32_t size; } asks[] = {
		{ OUT_TYPE, 0xc0000000u }, { CAP_TYPE, 256u << 20 },
	};
	struct enc e;

	if (!MUST(enc_open(&e), "open") || !MUST(enc_fmt(&e, 320, 240), "S_FMT"))
		goto out;
	for (unsigned int i = 0; i < 2 && !cur->failed; i++) {
		struct v4l2_create_buffers c = {
			.count = 1, .memory = V4L2_MEMORY_MMAP,
			.format.type = asks[i].type,
		};

		if (!MUST(xio(e.fd, VIDIOC_G_FMT, &c.format), "G_FMT"))
			break;
		c.format.fmt.pix_mp.plane_fmt[0].sizeimage = asks[i].size;
		expect_errno(xio(e.fd, VIDIOC_CREATE_BUFS, &c), "CREATE_BUFS",
			     EINVAL, -1);
	}
out:
	enc_close(&e);
}

/* A 1080p picture into a CAPTURE buffer asked as 4 KiB. */
static void case_coded_4k(void)
{
	struct v4l2_format f = { .type = CAP_TYPE };
	uint32_t flags = 0;
	struct enc e;

	if (!MUST(enc_open(&e), "open") ||
	    !MUST(enc_fmt(&e, 1920, 1080), "S_FMT") ||
	    !MUST(xio(e.fd, VIDIOC_G_FMT, &f), "G_FMT(CAPTURE)"))
		goto out;
	f.fmt.pix_mp.plane_fmt[0].sizeimage = 4096;
	if (!MUST(xio(e.fd, VIDIOC_S_FMT, &f), "S_FMT(CAPTURE)"))
		goto out;
	note("capture sizeimage=%u", f.fmt.pix_mp.plane_fmt[0].sizeimage);
	if (!MUST(enc_bufs(&e, 1, 1), "buffers") ||
	    !MUST(enc_stream(&e, true), "STREAMON") ||
	    !encode_frames(&e, 1, &flags, 1, NULL))
		goto out;
	/* Either the driver grew the buffer, or the frame overflowed. */
	if (f.fmt.pix_mp.plane_fmt[0].sizeimage <= 4096 &&
	    !(flags & V4L2_BUF_FLAG_ERROR))
		fail("a 1080p frame fit in 4 KiB without ERROR");
	note("flags=0x%x", flags);
out:
	enc_close(&e);
}

/* ---- cases: stream lifetime ---- */

/* STREAMOFF(OUTPUT) then CAPTURE with 1080p jobs queued or running. */
static void case_streamoff_mid_job(void)
{
	struct enc e;

	if (enc_start(&e, 1920, 1080, 2, 2) &&
	    MUST(queue_cap(&e, 0), "QBUF") && MUST(queue_cap(&e, 1), "QBUF") &&
	    MUST(queue_frame(&e, 0, 0), "QBUF") &&
	    MUST(queue_frame(&e, 1, 1), "QBUF")) {
		expect_errno(stream(e.fd, OUT_TYPE, false), "STREAMOFF(OUTPUT)",
			     0, -1);
		expect_errno(stream(e.fd, CAP_TYPE, false),
			     "STREAMOFF(CAPTURE)", 0, -1);
	}
	enc_close(&e);
}

/* close() with 1080p jobs queued or running. */
static void case_close_mid_job(void)
{
	struct enc e;

	if (enc_start(&e, 1920, 1080, 2, 2) &&
	    MUST(queue_cap(&e, 0), "QBUF") && MUST(queue_cap(&e, 1), "QBUF") &&
	    MUST(queue_frame(&e, 0, 0), "QBUF") &&
	    MUST(queue_frame(&e, 1, 1), "QBUF")) {
		unmap_all(e.out, e.n_out);
		unmap_all(e.cap, e.n_cap);
		e.n_out = e.n_cap = 0;
		expect_errno(close(e.fd) ? errno : 0, "close", 0, -1);
		e.fd = -1;
	}
	enc_close(&e);
}

/* 20 children encoding 720p, each killed with SIGKILL mid-stream. */
static void case_kill_9(void)
{
	for (unsigned int i = 0; i < 20 && !cur->failed; i++) {
		pid_t pid = fork();
		int status;

		if (pid < 0) {
			fail("fork:%s", strerror(errno));
			return;
		}
		if (pid == 0) {
			struct verdict v = { 0 };

			cur = &v;
			encode_ok(1280, 720, 1000, NULL);
			_exit(0);
		}
		usleep(100000 + (i * 37 % 10) * 40000);
		kill(pid, SIGKILL);
		if (waitpid(pid, &status, 0) != pid)
			fail("waitpid:%s", strerror(errno));
		else if (!WIFSIGNALED(status))
			fail("child %u ended before the kill", i);
	}
	note("killed=20");
}

/* 32 contexts open at once, each with a format and buffers. */
static void case_contexts_32(void)
{
	struct enc e[32];
	unsigned int n = 0;

	for (; n < 32; n++) {
		if (!MUST(enc_open(&e[n]), "open") ||
		    !MUST(enc_fmt(&e[n], 320, 240), "S_FMT") ||
		    !MUST(enc_bufs(&e[n], 1, 1), "buffers")) {
			n++;
			break;
		}
	}
	note("opened=%u", n);
	while (n)
		enc_close(&e[--n]);
}

/* ---- cases: drain (dev-encoder.rst) ---- */

#define DRAIN_RACES	400
#define HOGS		3

/*
 * STOP after queueing, DRAIN_RACES times, racing the job's completion
 * (the delay sweeps 0-2 ms, across the job's length): each drain ends
 * with LAST within WAIT_MS and exactly one EOS, and no stale EOS is left
 * for the next drain. Busy loops on the other CPUs make the host preempt
 * the emulated CPUs, so that a window of a few instructions in the IRQ
 * handler (which STOP must not enter) can last milliseconds.
 */
static void case_drain_race(void)
{
	unsigned int frames, total = 0;
	pid_t hogs[HOGS];
	struct enc e;

	for (unsigned int h = 0; h < HOGS; h++) {
		hogs[h] = fork();
		if (hogs[h] == 0)
			for (volatile unsigned long n = 0;; n++)
				;
	}
	if (!enc_start(&e, 640, 480, 1, 2))
		goto out;
	for (unsigned int i = 0; i < DRAIN_RACES; i++) {
		unsigned int eos = eos_pending(e.fd);

		if (eos) {
			fail("iteration %u: %u stale EOS before STOP", i, eos);
			break;
		}
		if (!MUST(queue_cap(&e, 0), "QBUF") ||
		    !MUST(queue_cap(&e, 1), "QBUF") ||
		    !MUST(queue_frame(&e, 0, i), "QBUF"))
			break;
		usleep(i % 26 * 80);
		if (!MUST(enc_cmd(e.fd, V4L2_ENC_CMD_STOP), "STOP") ||
		    !wait_last(&e, &frames))
			break;
		total += frames;
		if (frames != 1) {
			fail("iteration %u: %u encoded frames before LAST", i,
			     frames);
			break;
		}
		if (eos_pending(e.fd) != 1) {
			fail("iteration %u: no EOS with LAST", i);
			break;
		}
		if (!MUST(enc_stream(&e, false), "STREAMOFF") ||
		    !MUST(enc_stream(&e, true), "STREAMON"))
			break;
	}
	note("frames=%u", total);
out:
	for (unsigned int h = 0; h < HOGS; h++) {
		if (hogs[h] > 0) {
			kill(hogs[h], SIGKILL);
			waitpid(hogs[h], NULL, 0);
		}
	}
	enc_close(&e);
}

/*
 * After a drain: DQBUF(CAPTURE) gives EPIPE. Resuming, by STREAMOFF and
 * STREAMON of OUTPUT or by ENC_CMD_START, must encode the next frame
 * instead of returning EPIPE.
 */
static void drain_then_resume(bool by_start)
{
	struct v4l2_buffer b;
	struct v4l2_plane pl;
	unsigned int frames;
	struct enc e;
	int err;

	/* Two CAPTURE buffers: LAST comes whether STOP beats the job or not. */
	if (!enc_start(&e, 320, 240, 1, 2) ||
	    !MUST(queue_cap(&e, 0), "QBUF") ||
	    !MUST(queue_cap(&e, 1), "QBUF") ||
	    !MUST(queue_frame(&e, 0, 0), "QBUF") ||
	    !MUST(enc_cmd(e.fd, V4L2_ENC_CMD_STOP), "STOP") ||
	    !wait_last(&e, &frames))
		goto out;
	err = dqbuf_wait(&e, CAP_TYPE, &b, &pl, 0);
	if (err != EPIPE) {
		fail("DQBUF after LAST: %s, not EPIPE", strerror(err));
		goto out;
	}
	if (!MUST(dqbuf_wait(&e, OUT_TYPE, &b, &pl, WAIT_MS), "DQBUF(OUTPUT)"))
		goto out;
	if (by_start) {
		if (!MUST(enc_cmd(e.fd, V4L2_ENC_CMD_START), "START"))
			goto out;
	} else if (!MUST(stream(e.fd, OUT_TYPE, false), "STREAMOFF(OUTPUT)") ||
		   !MUST(stream(e.fd, OUT_TYPE, true), "STREAMON(OUTPUT)")) {
		goto out;
	}
	if (!MUST(queue_cap(&e, 0), "QBUF") ||
	    !MUST(queue_frame(&e, 0, 1), "QBUF"))
		goto out;
	err = dqbuf_wait(&e, CAP_TYPE, &b, &pl, WAIT_MS);
	cur->err = err;
	if (err)
		fail("DQBUF(CAPTURE) after resuming: %s", strerror(err));
	else if (!pl.bytesused || (b.flags & V4L2_BUF_FLAG_ERROR))
		fail("resumed frame: %u bytes, flags 0x%x", pl.bytesused,
		     b.flags);
out:
	enc_close(&e);
}

static void case_resume_streamon(void) { drain_then_resume(false); }
static void case_resume_start(void) { drain_then_resume(true); }

/*
 * QBUF(OUTPUT) while draining: taken or refused with EBUSY, and the drain
 * still ends.
 */
static void case_qbuf_after_stop(void)
{
	unsigned int frames;
	struct enc e;

	if (enc_start(&e, 320, 240, 2, 3) &&
	    MUST(queue_cap(&e, 0), "QBUF") && MUST(queue_cap(&e, 1), "QBUF") &&
	    MUST(queue_cap(&e, 2), "QBUF") &&
	    MUST(queue_frame(&e, 0, 0), "QBUF") &&
	    MUST(enc_cmd(e.fd, V4L2_ENC_CMD_STOP), "STOP")) {
		expect_errno(queue_frame(&e, 1, 1), "QBUF after STOP", 0,
			     EBUSY, -1);
		if (wait_last(&e, &frames))
			note("frames=%u", frames);
	}
	enc_close(&e);
}

/*
 * A drain whose EOS the client never dequeues (STOP with nothing queued,
 * LAST on the next CAPTURE buffer), then a reset (STREAMOFF, STREAMON) or
 * a resume by START: the old EOS must not be pending in the new stream,
 * where it would look like the end of its drain.
 */
static void stale_eos(bool by_start)
{
	unsigned int frames, pending;
	struct enc e;

	if (!enc_start(&e, 320, 240, 1, 2) ||
	    !MUST(enc_cmd(e.fd, V4L2_ENC_CMD_STOP), "STOP") ||
	    !MUST(queue_cap(&e, 0), "QBUF") || !wait_last(&e, &frames))
		goto out;
	if (by_start) {
		if (!MUST(enc_cmd(e.fd, V4L2_ENC_CMD_START), "START"))
			goto out;
	} else if (!MUST(enc_stream(&e, false), "STREAMOFF") ||
		   !MUST(enc_stream(&e, true), "STREAMON")) {
		goto out;
	}
	pending = eos_pending(e.fd);
	if (pending)
		fail("%u EOS pending after the %s", pending,
		     by_start ? "START" : "reset");
out:
	enc_close(&e);
}

static void case_eos_reset(void) { stale_eos(false); }
static void case_eos_start(void) { stale_eos(true); }

/* ---- cases: controls ---- */

/*
 * FORCE_KEY_FRAME applies to the next frame queued: frames 0-3 queued
 * before the control, frame 4 after, jobs held back (no CAPTURE buffer)
 * until then. GOP 60, so only frames 0 and 4 may be key frames.
 */
static void case_force_key_queued(void)
{
	uint32_t flags[8] = { 0 };
	struct enc e;

	if (!MUST(enc_open(&e), "open") || !MUST(enc_fmt(&e, 320, 240), "S_FMT") ||
	    !MUST(set_ctrl(e.fd, V4L2_CID_MPEG_VIDEO_GOP_SIZE, 60), "GOP") ||
	    !MUST(enc_bufs(&e, 5, 5), "buffers") ||
	    !MUST(enc_stream(&e, true), "STREAMON"))
		goto out;
	for (unsigned int i = 0; i < 4; i++)
		if (!MUST(queue_frame(&e, i, i), "QBUF"))
			goto out;
	if (!MUST(set_ctrl(e.fd, V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1),
		  "FORCE_KEY_FRAME") ||
	    !MUST(queue_frame(&e, 4, 4), "QBUF"))
		goto out;
	for (unsigned int i = 0; i < 5; i++)
		if (!MUST(queue_cap(&e, i), "QBUF"))
			goto out;
	for (unsigned int i = 0; i < 5; i++) {
		struct v4l2_buffer b;
		struct v4l2_plane pl;

		if (dqbuf_wait(&e, CAP_TYPE, &b, &pl, WAIT_MS)) {
			fail("frame %u did not come back", i);
			goto out;
		}
		flags[i] = b.flags;
	}
	for (unsigned int i = 0; i < 5; i++) {
		bool key = flags[i] & V4L2_BUF_FLAG_KEYFRAME;

		if (key != (i == 0 || i == 4))
			fail("frame %u key=%d", i, key);
	}
out:
	enc_close(&e);
}

/* FORCE_KEY_FRAME 500 times during a 30-frame encode: all frames fine. */
static void case_force_key_storm(void)
{
	uint32_t flags[30];
	unsigned int keys = 0;
	struct enc e;
	pid_t pid;

	if (!enc_start(&e, 320, 240, 2, 2))
		goto out;
	pid = fork();
	if (pid == 0) {
		/* The forked child shares the context's file. */
		for (unsigned int i = 0; i < 500; i++)
			set_ctrl(e.fd, V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1);
		_exit(0);
	}
	encode_frames(&e, 30, flags, 30, NULL);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	for (unsigned int i = 0; !cur->failed && i < 30; i++) {
		if (flags[i] & V4L2_BUF_FLAG_ERROR)
			fail("frame %u ERROR", i);
		keys += !!(flags[i] & V4L2_BUF_FLAG_KEYFRAME);
	}
	note("keyframes=%u", keys);
out:
	enc_close(&e);
}

static int get_ctrl(int fd, uint32_t id, int32_t *value)
{
	struct v4l2_ext_control c = { .id = id };
	struct v4l2_ext_controls cs = {
		.which = V4L2_CTRL_WHICH_CUR_VAL, .count = 1, .controls = &c,
	};
	int err = xio(fd, VIDIOC_G_EXT_CTRLS, &cs);

	*value = c.value;
	return err;
}

/*
 * One writable integer, menu or boolean control at value v: refused
 * (ERANGE, EINVAL: also a rule between controls, e.g. CABAC with the
 * Baseline profile) or taken, and then what reads back is within
 * [minimum, maximum] (the V4L2 core clamps integers).
 */
static void ctrl_probe(int fd, const struct v4l2_query_ext_ctrl *q, int64_t v)
{
	int32_t got;
	int err;

	if (v < INT32_MIN || v > INT32_MAX)
		return;
	err = set_ctrl(fd, q->id, (int32_t)v);
	if (err == ERANGE || err == EINVAL)
		return;
	if (err) {
		fail("%s=%lld:%s", q->name, (long long)v, strerror(err));
		return;
	}
	if (!MUST(get_ctrl(fd, q->id, &got), "G_EXT_CTRLS"))
		return;
	if (got < q->minimum || got > q->maximum)
		fail("%s=%lld reads back %d, outside [%lld, %lld]", q->name,
		     (long long)v, got, (long long)q->minimum,
		     (long long)q->maximum);
}

/*
 * Every writable integer, menu or boolean control at minimum - 1, maximum
 * + 1, minimum and maximum (see ctrl_probe). Nothing streams, so EBUSY
 * is never an answer.
 */
static void case_ctrl_limits(void)
{
	struct v4l2_query_ext_ctrl q = { .id = V4L2_CTRL_FLAG_NEXT_CTRL };
	unsigned int tried = 0;
	struct enc e;

	if (!MUST(enc_open(&e), "open") || !MUST(enc_fmt(&e, 320, 240), "S_FMT"))
		goto out;
	while (!xio(e.fd, VIDIOC_QUERY_EXT_CTRL, &q)) {
		bool numeric = q.type == V4L2_CTRL_TYPE_INTEGER ||
			       q.type == V4L2_CTRL_TYPE_MENU ||
			       q.type == V4L2_CTRL_TYPE_BOOLEAN;

		if (numeric && !(q.flags & (V4L2_CTRL_FLAG_READ_ONLY |
					    V4L2_CTRL_FLAG_DISABLED))) {
			ctrl_probe(e.fd, &q, q.minimum - 1);
			ctrl_probe(e.fd, &q, q.maximum + 1);
			ctrl_probe(e.fd, &q, q.minimum);
			ctrl_probe(e.fd, &q, q.maximum);
			tried++;
		}
		q.id |= V4L2_CTRL_FLAG_NEXT_CTRL;
	}
	note("controls=%u", tried);
	if (!tried)
		fail("no control to try");
out:
	enc_close(&e);
}

/* ---- cases: what stock clients do (FFmpeg, GStreamer) ---- */

/* CmaFree of /proc/meminfo in KiB, -1 when it cannot be read. */
static long cma_free_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CmaFree: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

/* REQBUFS(MMAP) of count; the count granted, or -errno. */
static int reqbufs_granted(int fd, uint32_t type, unsigned int count)
{
	struct v4l2_requestbuffers r = {
		.count = count, .type = type, .memory = V4L2_MEMORY_MMAP,
	};
	int err = xio(fd, VIDIOC_REQBUFS, &r);

	return err ? -err : (int)r.count;
}

/* CREATE_BUFS(MMAP) of one buffer of the current format: the errno. */
static int create_one(int fd, uint32_t type)
{
	struct v4l2_create_buffers c = {
		.count = 1, .memory = V4L2_MEMORY_MMAP, .format.type = type,
	};
	int err = xio(fd, VIDIOC_G_FMT, &c.format);

	return err ? err : xio(fd, VIDIOC_CREATE_BUFS, &c);
}

/* The page-aligned plane lengths of the n buffers of a queue, in KiB. */
static long queue_kib(int fd, uint32_t type, unsigned int n)
{
	long kib = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct v4l2_plane pl[VIDEO_MAX_PLANES] = { 0 };
		struct v4l2_buffer b = {
			.type = type, .memory = V4L2_MEMORY_MMAP, .index = i,
			.m.planes = pl, .length = VIDEO_MAX_PLANES,
		};

		if (xio(fd, VIDIOC_QUERYBUF, &b))
			return -1;
		for (unsigned int p = 0; p < b.length; p++)
			kib += (pl[p].length + 4095) / 4096 * 4;
	}
	return kib;
}

/*
 * FFmpeg's h264_v4l2m2m at 1080p asks for CAPTURE buffers of
 * ALIGN(w, 32) x ALIGN(h, 32) x 3 / 4 bytes (1.5 MiB), then for 16 OUTPUT
 * and 4 CAPTURE MMAP buffers. The driver grants 2 and 4 at this size
 * (CREATE_BUFS adds more when asked: it is not capped), and once both
 * queues stream the context holds at most 24 MiB of CMA, so that a 64 MB
 * board can run it; the granted buffers then encode. What it holds: the
 * buffers' plane lengths, plus the engine's own buffers, which STREAMON
 * takes out of CmaFree. (CmaFree alone misses buffers: pages that CMA lent
 * to movable allocations or that sit in per-CPU free lists are not in it,
 * and an allocation drains and migrates them.)
 */
static void case_mmap_budget_1080p(void)
{
	long before, engine, held;
	int n_out, n_cap;
	struct enc e;

	struct v4l2_format f = { .type = CAP_TYPE };

	if (!MUST(enc_open(&e), "open") || !MUST(enc_fmt(&e, 1920, 1080), "S_FMT") ||
	    !MUST(xio(e.fd, VIDIOC_G_FMT, &f), "G_FMT(CAPTURE)"))
		goto out;
	f.fmt.pix_mp.plane_fmt[0].sizeimage = 1920 * 1088 * 3 / 4;
	if (!MUST(xio(e.fd, VIDIOC_S_FMT, &f), "S_FMT(CAPTURE)"))
		goto out;
	note("capture sizeimage=%u", f.fmt.pix_mp.plane_fmt[0].sizeimage);
	n_out = reqbufs_granted(e.fd, OUT_TYPE, 16);
	n_cap = reqbufs_granted(e.fd, CAP_TYPE, 4);
	note("granted=%d/%d", n_out, n_cap);
	if (n_out < 2 || n_cap < 2) {
		fail("REQBUFS: %d OUTPUT, %d CAPTURE", n_out, n_cap);
		goto out;
	}
	if (n_out > 2 || n_cap > 4)
		fail("%d OUTPUT and %d CAPTURE 1080p buffers granted, want 2 and 4",
		     n_out, n_cap);
	/* Map what the encode below uses (a driver granting 16 gets 8). */
	e.n_out = n_out < MAX_BUFS ? n_out : MAX_BUFS;
	e.n_cap = n_cap < MAX_BUFS ? n_cap : MAX_BUFS;
	before = cma_free_kib();
	if (!MUST(map_bufs(e.fd, OUT_TYPE, e.out, e.n_out), "mmap") ||
	    !MUST(map_bufs(e.fd, CAP_TYPE, e.cap, e.n_cap), "mmap") ||
	    !MUST(enc_stream(&e, true), "STREAMON"))
		goto out;
	engine = before - cma_free_kib();
	held = queue_kib(e.fd, OUT_TYPE, n_out) +
	       queue_kib(e.fd, CAP_TYPE, n_cap) + engine;
	note("cma_kib=%ld (engine %ld)", held, engine);
	if (before < 0 || engine < 0)
		fail("no CmaFree in /proc/meminfo");
	else if (held > 24 * 1024)
		fail("the context holds %ld KiB of CMA, over 24 MiB", held);
	encode_frames(&e, 2, NULL, 0, NULL);
	/*
	 * CREATE_BUFS, one buffer at a time as GStreamer's pool grows when
	 * all its buffers are in use, is not capped: refused, GStreamer's
	 * camera waited forever.
	 */
	expect_errno(create_one(e.fd, OUT_TYPE), "CREATE_BUFS(OUTPUT)", 0, -1);
	expect_errno(create_one(e.fd, CAP_TYPE), "CREATE_BUFS(CAPTURE)", 0, -1);
out:
	enc_close(&e);
}

/*
 * The coded buffer at 1080p: 8160 macroblocks of 128 bytes (what a noisy
 * frame takes at the default QP, not the 400 bytes of H.264 A.3.1 that
 * only noise near QP 0 reaches) and 4 KiB of headers, in whole 8 KiB
 * units: 1 MiB. A client may still ask for more.
 */
static void case_coded_size_1080p(void)
{
	const unsigned int want = (8160 * 128 + 4096 + 8191) & ~8191u;
	struct v4l2_format f = { .type = CAP_TYPE };
	struct enc e;

	if (!MUST(enc_open(&e), "open") || !MUST(enc_fmt(&e, 1920, 1080), "S_FMT"))
		goto out;
	note("capture sizeimage=%u", e.cap_size);
	if (e.cap_size != want)
		fail("1080p CAPTURE sizeimage %u, want %u", e.cap_size, want);
	if (!MUST(xio(e.fd, VIDIOC_G_FMT, &f), "G_FMT(CAPTURE)"))
		goto out;
	f.fmt.pix_mp.plane_fmt[0].sizeimage = 8u << 20;
	if (MUST(xio(e.fd, VIDIOC_S_FMT, &f), "S_FMT(CAPTURE)") &&
	    f.fmt.pix_mp.plane_fmt[0].sizeimage != 8u << 20)
		fail("8 MiB asked, %u given", f.fmt.pix_mp.plane_fmt[0].sizeimage);
out:
	enc_close(&e);
}

/*
 * Fill frame n as a client with a 16-aligned stride lays it out (FFmpeg:
 * linesize x height per plane, whatever bytesperline says): the pattern in
 * the visible width, 0xee in the padding columns after it, which must
 * never show.
 */
static void fill_frame_padded(const struct enc *e, uint8_t *p, unsigned int n)
{
	uint8_t *uv = p + (size_t)e->bytesperline * e->height;

	fill_frame(e, p, n);
	for (unsigned int y = 0; y < e->height; y++)
		memset(p + (size_t)y * e->bytesperline + e->width, 0xee,
		       e->bytesperline - e->width);
	for (unsigned int y = 0; y < e->height / 2; y++)
		memset(uv + (size_t)y * e->bytesperline + e->width, 0xee,
		       e->bytesperline - e->width);
}

/* The visible part of frame n, packed NV12, to f. */
static void write_visible(const struct enc *e, unsigned int n, FILE *f)
{
	size_t size = (size_t)e->bytesperline * e->height * 3 / 2;
	uint8_t *p = malloc(size);

	if (!p) {
		fail("malloc");
		return;
	}
	fill_frame(e, p, n);
	for (unsigned int y = 0; y < e->height * 3 / 2; y++)
		fwrite(p + (size_t)y * e->bytesperline, 1, e->width, f);
	free(p);
}

/*
 * w x h set as FFmpeg does (S_FMT(OUTPUT) without bytesperline, no
 * selection) for a width that is no multiple of 16: the format keeps
 * w x h, bytesperline is ALIGN(w, 16) (FFmpeg's linesize on ARM), the crop
 * is exactly the picture, and the stream, NAME.h264, shows w x h: the
 * frames of NAME.nv12, not the padding columns.
 */
static void visible_size(const char *name, unsigned int w, unsigned int h)
{
	struct v4l2_selection sel = {
		.type = OUT_TYPE, .target = V4L2_SEL_TGT_CROP,
	};
	char path[64];
	FILE *stream = NULL, *source = NULL;
	struct enc e;

	if (!MUST(enc_open(&e), "open") || !MUST(enc_fmt(&e, w, h), "S_FMT"))
		goto out;
	note("%s: %ux%u bpl %u", name, e.width, e.height, e.bytesperline);
	if (e.width != w || e.height != h)
		fail("%ux%u became %ux%u", w, h, e.width, e.height);
	if (e.bytesperline != ((w + 15) & ~15u))
		fail("bytesperline %u, want %u", e.bytesperline, (w + 15) & ~15u);
	if (MUST(xio(e.fd, VIDIOC_G_SELECTION, &sel), "G_SELECTION") &&
	    (sel.r.left || sel.r.top || sel.r.width != w || sel.r.height != h))
		fail("crop %ux%u@%d,%d, want %ux%u", sel.r.width, sel.r.height,
		     sel.r.left, sel.r.top, w, h);
	snprintf(path, sizeof(path), "%s.h264", name);
	stream = fopen(path, "wb");
	snprintf(path, sizeof(path), "%s.nv12", name);
	source = fopen(path, "wb");
	if (!stream || !source) {
		fail("%s:%s", path, strerror(errno));
		goto out;
	}
	if (!MUST(enc_bufs(&e, 2, 2), "buffers") ||
	    !MUST(enc_stream(&e, true), "STREAMON"))
		goto out;
	for (unsigned int i = 0; i < 2; i++) {
		fill_frame_padded(&e, e.out[i].addr, i);
		write_visible(&e, i, source);
		if (!MUST(qbuf_full(&e, OUT_TYPE, i, e.sizeimage, 0), "QBUF") ||
		    !MUST(queue_cap(&e, i), "QBUF"))
			goto out;
	}
	for (unsigned int i = 0; i < 2; i++) {
		struct v4l2_buffer b;
		struct v4l2_plane pl;

		if (!MUST(dqbuf_wait(&e, CAP_TYPE, &b, &pl, WAIT_MS), "DQBUF"))
			goto out;
		if (b.flags & V4L2_BUF_FLAG_ERROR)
			fail("frame %u ERROR", i);
		fwrite(e.cap[b.index].addr, 1, pl.bytesused, stream);
	}
out:
	if (stream)
		fclose(stream);
	if (source)
		fclose(source);
	enc_close(&e);
}

static void case_visible_sizes(void)
{
	visible_size("visible-1366", 1366, 768);
	visible_size("visible-18", 18, 18);
}

/*
 * The OUTPUT colorimetry goes into the SPS VUI (and is copied to CAPTURE,
 * a default colorspace as REC709): NAME.h264 is one frame with colorspace,
 * xfer_func, ycbcr_enc and quantization as given; the host reads them back
 * with ffprobe.
 */
static void colour_encode(const char *name, uint32_t colorspace,
			  uint32_t xfer, uint32_t ycbcr, uint32_t quant)
{
	struct v4l2_format f = { .type = OUT_TYPE };
	struct v4l2_pix_format_mplane *pix = &f.fmt.pix_mp;
	char path[64];
	FILE *stream;
	struct enc e;

	if (!MUST(enc_open(&e), "open"))
		return;
	pix->width = AFTER_W;
	pix->height = AFTER_H;
	pix->pixelformat = V4L2_PIX_FMT_NV12;
	pix->num_planes = 1;
	pix->colorspace = colorspace;
	pix->xfer_func = xfer;
	pix->ycbcr_enc = ycbcr;
	pix->quantization = quant;
	if (!MUST(xio(e.fd, VIDIOC_S_FMT, &f), "S_FMT"))
		goto out;
	e.width = pix->width;
	e.height = pix->height;
	e.bytesperline = pix->plane_fmt[0].bytesperline;
	e.sizeimage = pix->plane_fmt[0].sizeimage;
	f = (struct v4l2_format) { .type = CAP_TYPE };
	if (!colorspace)
		colorspace = V4L2_COLORSPACE_REC709;
	if (MUST(xio(e.fd, VIDIOC_G_FMT, &f), "G_FMT(CAPTURE)") &&
	    (pix->colorspace != colorspace || pix->xfer_func != xfer ||
	     pix->ycbcr_enc != ycbcr || pix->quantization != quant))
		fail("%s: CAPTURE colorimetry %u/%u/%u/%u", name,
		     pix->colorspace, pix->xfer_func, pix->ycbcr_enc,
		     pix->quantization);
	snprintf(path, sizeof(path), "%s.h264", name);
	stream = fopen(path, "wb");
	if (!stream) {
		fail("%s:%s", path, strerror(errno));
		goto out;
	}
	if (MUST(enc_bufs(&e, 1, 1), "buffers") &&
	    MUST(enc_stream(&e, true), "STREAMON"))
		encode_frames(&e, 1, NULL, 0, stream);
	fclose(stream);
out:
	enc_close(&e);
}

static void case_colorimetry(void)
{
	colour_encode("colour-jpeg", V4L2_COLORSPACE_JPEG, 0, 0, 0);
	colour_encode("colour-pq", V4L2_COLORSPACE_BT2020,
		      V4L2_XFER_FUNC_SMPTE2084, 0, V4L2_QUANTIZATION_LIM_RANGE);
	colour_encode("colour-default", 0, 0, 0, 0);
}

struct battery_case {
	const char	*name;
	void		(*run)(void);
};

static const struct battery_case cases[] = {
	{ "fmt-odd",		case_fmt_odd },
	{ "fmt-1x1",		case_fmt_1x1 },
	{ "fmt-0x0",		case_fmt_0x0 },
	{ "fmt-above-max",	case_fmt_above_max },
	{ "fmt-65535",		case_fmt_65535 },
	{ "bpl-small",		case_bpl_small },
	{ "bpl-absurd",		case_bpl_absurd },
	{ "sizeimage-0",	case_sizeimage_0 },
	{ "sizeimage-huge",	case_sizeimage_huge },
	{ "fmt-streaming",	case_fmt_streaming },
	{ "rc-streaming",	case_rc_streaming },
	{ "data-offset",	case_data_offset },
	{ "bytesused-big",	case_bytesused_big },
	{ "udmabuf",		case_udmabuf },
	{ "create-bufs-huge",	case_create_bufs_huge },
	{ "coded-4k",		case_coded_4k },
	{ "streamoff-mid-job",	case_streamoff_mid_job },
	{ "close-mid-job",	case_close_mid_job },
	{ "kill-9",		case_kill_9 },
	{ "contexts-32",	case_contexts_32 },
	{ "drain-race",		case_drain_race },
	{ "resume-streamon",	case_resume_streamon },
	{ "resume-start",	case_resume_start },
	{ "qbuf-after-stop",	case_qbuf_after_stop },
	{ "eos-reset",		case_eos_reset },
	{ "eos-start",		case_eos_start },
	{ "force-key-queued",	case_force_key_queued },
	{ "force-key-storm",	case_force_key_storm },
	{ "ctrl-limits",	case_ctrl_limits },
	{ "mmap-budget-1080p",	case_mmap_budget_1080p },
	{ "coded-size-1080p",	case_coded_size_1080p },
	{ "visible-sizes",	case_visible_sizes },
	{ "colorimetry",	case_colorimetry },
};

static bool selected(const char *name, int argc, char **argv)
{
	if (argc <= 2)
		return true;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

/* The sanity encode's source, written once: AFTER_FRAMES NV12 frames. */
static int write_after_source(void)
{
	struct enc e = { .width = AFTER_W, .height = AFTER_H,
			 .bytesperline = AFTER_W };
	size_t size = AFTER_W * AFTER_H * 3 / 2;
	FILE *f = fopen("after.nv12", "wb");
	uint8_t *p = malloc(size);

	if (!f || !p)
		return -1;
	for (unsigned int n = 0; n < AFTER_FRAMES; n++) {
		fill_frame(&e, p, n);
		fwrite(p, 1, size, f);
	}
	free(p);
	return fclose(f);
}

int main(int argc, char **argv)
{
	unsigned int failed = 0, run = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ENCODER [CASE...]\n", argv[0]);
		return 2;
	}
	enc_path = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (write_after_source()) {
		perror("after.nv12");
		return 1;
	}

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct verdict v = { 0 };
		char path[96];
		FILE *out;

		if (!selected(cases[i].name, argc, argv))
			continue;
		cur = &v;
		cases[i].run();

		/* The next stream must still be right. */
		snprintf(path, sizeof(path), "after-%s.h264", cases[i].name);
		out = fopen(path, "wb");
		if (!out)
			fail("%s:%s", path, strerror(errno));
		else if (!encode_ok(AFTER_W, AFTER_H, AFTER_FRAMES, out))
			note("(the encode after the case failed)");
		if (out)
			fclose(out);

		printf("case %s result=%s errno=%d %s\n", cases[i].name,
		       v.failed ? "fail" : "pass", v.err, v.detail);
		failed += v.failed;
		run++;
	}
	printf("battery cases=%u failed=%u\n", run, failed);
	return failed ? 1 : 0;
}
