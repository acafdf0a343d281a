// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-fuzz: a seeded, reproducible ioctl fuzzer for both cedrus nodes.
 *
 * It keeps up to MAX_FILES open files on the encoder and decoder nodes and
 * issues random but typed operations on them: formats (sane and absurd),
 * buffer counts and memory types (MMAP; DMABUF from the CMA heap, of random
 * sizes), QBUF/DQBUF with random indices, payloads and offsets,
 * STREAMON/OFF, controls at random values (compound ones with random bytes,
 * also through media requests on the decoder), ENCODER_CMD, selection,
 * S_PARM, events, mmap/munmap, and random close and reopen. Every file is
 * non-blocking, so nothing waits on the driver.
 *
 * The same seed gives the same sequence of operations; the program prints
 * the seed first, and the last REPLAY_LOG operations when it ends, so that
 * a sequence the kernel complains about can be replayed (the kernel's
 * answers may still differ with timing). It judges nothing but its own
 * survival: the guest test checks the kernel log and encodes a normal
 * stream afterwards.
 *
 * Usage: cedrus-fuzz SEED OPS SECONDS ENCODER DECODER MEDIA
 * Output: "fuzz seed=S ops=N seconds=T" and per-operation counts of each
 * outcome; exit code 0 when it ran to OPS (or SECONDS), 1 on a usage or
 * setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

#include <linux/dma-heap.h>
#include <linux/media.h>
#include <linux/videodev2.h>

#define MAX_FILES	6
#define MAX_BUFS	8
#define MAX_CTRLS	64
#define REPLAY_LOG	32

/* xorshift64*: small, seedable, the same on every libc */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

/* A size: usually sensible, sometimes an edge, sometimes absurd. */
static uint32_t pick_dim(void)
{
	static const uint32_t edges[] = {
		0, 1, 2, 15, 16, 17, 1920, 1080, 1088, 2048, 4096, 65535,
		65536, 0x7fffffff, 0xffffffff,
	};

	if (chance(70))
		return 16 * (1 + below(120));
	if (chance(50))
		return edges[below(sizeof(edges) / sizeof(edges[0]))];
	return (uint32_t)rnd();
}

static uint32_t pick_u32(void)
{
	static const uint32_t edges[] = { 0, 1, 4096, 0x7fffffff, 0xffffffff };

	if (chance(40))
		return edges[below(sizeof(edges) / sizeof(edges[0]))];
	return chance(50) ? below(1 << 22) : (uint32_t)rnd();
}

struct mapping {
	void	*addr;
	size_t	len;
};

struct file {
	int		fd;
	bool		encoder;
	bool		mplane;
	uint32_t	out_type;
	uint32_t	cap_type;
	uint32_t	memory[2];	/* per queue: 0 OUTPUT, 1 CAPTURE */
	unsigned int	nbufs[2];
	uint32_t	length[2];	/* plane 0 length of the queue's buffers */
	int		dmabuf[2][MAX_BUFS];
	struct mapping	map[2][MAX_BUFS];
};

struct ctrl {
	uint32_t	id;
	uint32_t	type;
	int64_t		min;
	int64_t		max;
	uint32_t	elem_size;
	uint32_t	elems;
	bool		encoder;
};

static const char *node_path[2];	/* [0] decoder, [1] encoder */
static const char *media_path;
static int heap_fd = -1;
static struct file files[MAX_FILES];
static struct ctrl ctrls[MAX_CTRLS];
static unsigned int n_ctrls;

/* the last operations, for replay */
static char replay[REPLAY_LOG][96];
static unsigned long op_index;

enum op {
	OP_OPEN, OP_CLOSE, OP_S_FMT, OP_TRY_FMT, OP_REQBUFS, OP_CREATE_BUFS,
	OP_QUERYBUF, OP_QBUF, OP_DQBUF, OP_STREAMON, OP_STREAMOFF, OP_S_CTRL,
	OP_ENC_CMD, OP_SELECTION, OP_S_PARM, OP_EVENT, OP_MMAP, OP_EXPBUF,
	OP_REQUEST, OP_RUN, OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"open", "close", "s_fmt", "try_fmt", "reqbufs", "create_bufs",
	"querybuf", "qbuf", "dqbuf", "streamon", "streamoff", "s_ctrl",
	"enc_cmd", "selection", "s_parm", "event", "mmap", "expbuf",
	"request", "run",
};

/* weights of the operations, in op order */
static const unsigned int op_weights[OP_COUNT] = {
	4, 3, 10, 5, 8, 3, 4, 18, 14, 6, 4, 8, 4, 2, 2, 3, 2, 2, 4, 2,
};

/* outcome counts: [op][0] success, [op][1] an errno, [op][2] skipped */
static unsigned long outcomes[OP_COUNT][3];

static void logop(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logop(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(replay[op_index % REPLAY_LOG], sizeof(replay[0]), fmt, ap);
	va_end(ap);
}

static int xio(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? errno : 0;
}

static void unmap_queue(struct file *f, unsigned int q)
{
	for (unsigned int i = 0; i < MAX_BUFS; i++) {
		if (f->map[q][i].addr)
			munmap(f->map[q][i].addr, f->map[q][i].len);
		f->map[q][i].addr = NULL;
		if (f->dmabuf[q][i] >= 0)
			close(f->dmabuf[q][i]);
		f->dmabuf[q][i] = -1;
	}
}

static void file_close(struct file *f)
{
	if (f->fd < 0)
		return;
	unmap_queue(f, 0);
	unmap_queue(f, 1);
	close(f->fd);
	f->fd = -1;
}

static int file_open(struct file *f, bool encoder)
{
	struct v4l2_capability cap;
	int err;

	memset(f, 0, sizeof(*f));
	for (unsigned int q = 0; q < 2; q++)
		for (unsigned int i = 0; i < MAX_BUFS; i++)
			f->dmabuf[q][i] = -1;
	f->fd = open(node_path[encoder], O_RDWR | O_NONBLOCK);
	if (f->fd < 0)
		return errno;
	f->encoder = encoder;
	err = xio(f->fd, VIDIOC_QUERYCAP, &cap);
	if (err) {
		close(f->fd);
		f->fd = -1;
		return err;
	}
	f->mplane = cap.device_caps & V4L2_CAP_VIDEO_M2M_MPLANE;
	f->out_type = f->mplane ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE :
				  V4L2_BUF_TYPE_VIDEO_OUTPUT;
	f->cap_type = f->mplane ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE :
				  V4L2_BUF_TYPE_VIDEO_CAPTURE;
	f->memory[0] = f->memory[1] = V4L2_MEMORY_MMAP;
	return 0;
}

static uint32_t qtype(const struct file *f, unsigned int q)
{
	return q ? f->cap_type : f->out_type;
}

/* A random open file, or NULL when none is open. */
static struct file *pick_file(void)
{
	unsigned int start = below(MAX_FILES);

	for (unsigned int i = 0; i < MAX_FILES; i++) {
		struct file *f = &files[(start + i) % MAX_FILES];

		if (f->fd >= 0)
			return f;
	}
	return NULL;
}

static const uint32_t enc_formats[] = {
	V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_NV12M, V4L2_PIX_FMT_H264,
	V4L2_PIX_FMT_YUYV,
};
static const uint32_t dec_formats[] = {
	V4L2_PIX_FMT_H264_SLICE, V4L2_PIX_FMT_NV12_32L32, V4L2_PIX_FMT_NV12,
	V4L2_PIX_FMT_MPEG2_SLICE,
};

static int op_fmt(struct file *f, bool try)
{
	unsigned int q = below(2);
	struct v4l2_format fmt = { .type = qtype(f, q) };
	const uint32_t *fmts = f->encoder ? enc_formats : dec_formats;
	uint32_t pixfmt = chance(90) ? fmts[below(4)] : (uint32_t)rnd();
	uint32_t w = pick_dim(), h = pick_dim();

	if (f->mplane) {
		struct v4l2_pix_format_mplane *p = &fmt.fmt.pix_mp;

		p->width = w;
		p->height = h;
		p->pixelformat = pixfmt;
		p->num_planes = chance(80) ? 1 + below(2) : below(256);
		for (unsigned int i = 0; i < VIDEO_MAX_PLANES; i++) {
			p->plane_fmt[i].bytesperline = chance(50) ? 0 : pick_u32();
			p->plane_fmt[i].sizeimage = chance(50) ? 0 : pick_u32();
		}
		p->field = chance(90) ? V4L2_FIELD_NONE : below(16);
	} else {
		struct v4l2_pix_format *p = &fmt.fmt.pix;

		p->width = w;
		p->height = h;
		p->pixelformat = pixfmt;
		p->bytesperline = chance(50) ? 0 : pick_u32();
		p->sizeimage = chance(50) ? 0 : pick_u32();
		p->field = chance(90) ? V4L2_FIELD_NONE : below(16);
	}
	logop("%s fd%d q%u %ux%u fmt %08x", try ? "try_fmt" : "s_fmt", f->fd,
	      q, w, h, pixfmt);
	return xio(f->fd, try ? VIDIOC_TRY_FMT : VIDIOC_S_FMT, &fmt);
}

static int heap_alloc(size_t size)
{
	struct dma_heap_allocation_data a = {
		.len = size, .fd_flags = O_RDWR | O_CLOEXEC,
	};

	if (heap_fd < 0 || xio(heap_fd, DMA_HEAP_IOCTL_ALLOC, &a))
		return -1;
	return (int)a.fd;
}

static void query_length(struct file *f, unsigned int q)
{
	struct v4l2_plane pl[VIDEO_MAX_PLANES] = { 0 };
	struct v4l2_buffer b = {
		.type = qtype(f, q), .memory = f->memory[q], .index = 0,
		.m.planes = pl, .length = VIDEO_MAX_PLANES,
	};

	f->length[q] = 0;
	if (!xio(f->fd, VIDIOC_QUERYBUF, &b))
		f->length[q] = f->mplane ? pl[0].length : b.length;
}

static int op_reqbufs(struct file *f)
{
	unsigned int q = below(2);
	uint32_t memory = chance(70) ? V4L2_MEMORY_MMAP :
			  chance(85) ? V4L2_MEMORY_DMABUF : below(8);
	struct v4l2_requestbuffers r = {
		.type = qtype(f, q), .memory = memory,
		.count = chance(90) ? below(MAX_BUFS + 1) : (uint32_t)rnd(),
	};
	int err;

	/* Mappings keep buffers alive: usually drop them first. */
	if (chance(80))
		unmap_queue(f, q);
	logop("reqbufs fd%d q%u count %u mem %u", f->fd, q, r.count, memory);
	err = xio(f->fd, VIDIOC_REQBUFS, &r);
	if (!err) {
		f->memory[q] = memory;
		f->nbufs[q] = r.count < MAX_BUFS ? r.count : MAX_BUFS;
		query_length(f, q);
	}
	return err;
}

static int op_create_bufs(struct file *f)
{
	unsigned int q = below(2);
	struct v4l2_create_buffers c = {
		.count = below(4), .memory = f->memory[q],
		.format.type = qtype(f, q),
	};
	int err = xio(f->fd, VIDIOC_G_FMT, &c.format);

	if (err)
		return err;
	if (chance(50)) {
		if (f->mplane)
			c.format.fmt.pix_mp.plane_fmt[0].sizeimage = pick_u32();
		else
			c.format.fmt.pix.sizeimage = pick_u32();
	}
	logop("create_bufs fd%d q%u count %u", f->fd, q, c.count);
	err = xio(f->fd, VIDIOC_CREATE_BUFS, &c);
	if (!err && c.index + c.count <= MAX_BUFS)
		f->nbufs[q] = c.index + c.count;
	return err;
}

static int op_querybuf(struct file *f)
{
	unsigned int q = below(2);
	struct v4l2_plane pl[VIDEO_MAX_PLANES] = { 0 };
	struct v4l2_buffer b = {
		.type = qtype(f, q), .memory = f->memory[q],
		.index = chance(90) ? below(MAX_BUFS) : (uint32_t)rnd(),
		.m.planes = pl, .length = chance(90) ? VIDEO_MAX_PLANES : below(16),
	};

	logop("querybuf fd%d q%u index %u", f->fd, q, b.index);
	return xio(f->fd, VIDIOC_QUERYBUF, &b);
}

static int op_mmap(struct file *f)
{
	unsigned int q = below(2), i = below(MAX_BUFS);
	struct v4l2_plane pl[VIDEO_MAX_PLANES] = { 0 };
	struct v4l2_buffer b = {
		.type = qtype(f, q), .memory = V4L2_MEMORY_MMAP, .index = i,
		.m.planes = pl, .length = VIDEO_MAX_PLANES,
	};
	uint32_t offset, len;
	void *addr;
	int err;

	logop("mmap fd%d q%u index %u", f->fd, q, i);
	if (f->map[q][i].addr) {
		munmap(f->map[q][i].addr, f->map[q][i].len);
		f->map[q][i].addr = NULL;
		return 0;
	}
	err = xio(f->fd, VIDIOC_QUERYBUF, &b);
	if (err)
		return err;
	offset = f->mplane ? pl[0].m.mem_offset : b.m.offset;
	len = f->mplane ? pl[0].length : b.length;
	if (chance(10))
		len += 4096;	/* past the buffer: must fail */
	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, f->fd,
		    offset);
	if (addr == MAP_FAILED)
		return errno;
	/* Touch it: the first and last byte, as a client filling it would. */
	((volatile uint8_t *)addr)[0] = (uint8_t)rnd();
	((volatile uint8_t *)addr)[len - 1] = (uint8_t)rnd();
	f->map[q][i] = (struct mapping){ addr, len };
	return 0;
}

/* QBUF on queue q (0 OUTPUT, 1 CAPTURE), inside a request when >= 0. */
static int op_qbuf(struct file *f, unsigned int q, int request_fd)
{
	unsigned int i = chance(95) && f->nbufs[q] ? below(f->nbufs[q]) :
						     below(64);
	struct v4l2_plane pl[VIDEO_MAX_PLANES] = { 0 };
	struct v4l2_buffer b = {
		.type = qtype(f, q), .memory = f->memory[q], .index = i,
		.m.planes = pl, .length = f->mplane ? 1 + below(2) : 0,
		.field = V4L2_FIELD_NONE,
	};
	uint32_t len = f->length[q];
	uint32_t used = chance(80) ? (len ? below(len) + 1 : 0) : pick_u32();
	uint32_t offset = chance(85) ? 0 : pick_u32();

	if (f->memory[q] == V4L2_MEMORY_DMABUF && i < MAX_BUFS) {
		/* A heap dma-buf: usually big enough, sometimes not. */
		size_t size = chance(80) ? (len ? len : 1 << 20) :
					   4096 * (1 + below(512));

		if (f->dmabuf[q][i] >= 0)
			close(f->dmabuf[q][i]);
		f->dmabuf[q][i] = heap_alloc(size);
		if (f->mplane) {
			pl[0].m.fd = f->dmabuf[q][i];
			pl[1].m.fd = f->dmabuf[q][i];
		} else {
			b.m.fd = f->dmabuf[q][i];
		}
		if (f->mplane) {
			pl[0].length = pl[1].length = chance(80) ? size : pick_u32();
		} else {
			b.length = chance(80) ? size : pick_u32();
		}
	}
	if (f->mplane) {
		pl[0].bytesused = pl[1].bytesused = used;
		pl[0].data_offset = pl[1].data_offset = offset;
	} else {
		b.bytesused = used;
	}
	b.timestamp.tv_usec = below(1000000);
	b.flags = chance(90) ? 0 : (uint32_t)rnd() & ~V4L2_BUF_FLAG_REQUEST_FD;
	if (request_fd >= 0) {
		b.flags |= V4L2_BUF_FLAG_REQUEST_FD;
		b.request_fd = request_fd;
	}
	logop("qbuf fd%d q%u index %u used %u off %u req %d", f->fd, q, i,
	      used, offset, request_fd);
	return xio(f->fd, VIDIOC_QBUF, &b);
}

static int op_dqbuf(struct file *f)
{
	unsigned int q = below(2);
	struct v4l2_plane pl[VIDEO_MAX_PLANES] = { 0 };
	struct v4l2_buffer b = {
		.type = qtype(f, q), .memory = f->memory[q],
		.m.planes = pl, .length = VIDEO_MAX_PLANES,
	};
	struct pollfd p = { .fd = f->fd, .events = POLLIN | POLLOUT | POLLPRI };

	if (chance(30))
		poll(&p, 1, below(20));
	logop("dqbuf fd%d q%u", f->fd, q);
	return xio(f->fd, VIDIOC_DQBUF, &b);
}

static int op_stream(struct file *f, bool on)
{
	unsigned int q = below(2);
	int type = chance(95) ? (int)qtype(f, q) : (int)below(16);

	logop("stream%s fd%d type %d", on ? "on" : "off", f->fd, type);
	return xio(f->fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type);
}

static void ctrls_discover(int fd, bool encoder)
{
	struct v4l2_query_ext_ctrl q = {
		.id = V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND,
	};

	while (n_ctrls < MAX_CTRLS && !xio(fd, VIDIOC_QUERY_EXT_CTRL, &q)) {
		if (!(q.flags & (V4L2_CTRL_FLAG_READ_ONLY |
				 V4L2_CTRL_FLAG_DISABLED)))
			ctrls[n_ctrls++] = (struct ctrl){
				q.id, q.type, q.minimum, q.maximum,
				q.elem_size, q.elems, encoder,
			};
		q.id |= V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND;
	}
}

/* One control of the file's node at a random value (random bytes if compound). */
static int set_random_ctrl(struct file *f, uint32_t which, int request_fd)
{
	uint8_t payload[4096];
	struct v4l2_ext_control c = { 0 };
	struct v4l2_ext_controls cs = {
		.which = which, .count = 1, .controls = &c,
		.request_fd = request_fd,
	};
	const struct ctrl *k = NULL;

	for (unsigned int tries = 0; tries < 8 && !k; tries++) {
		const struct ctrl *cand = n_ctrls ? &ctrls[below(n_ctrls)] : NULL;

		if (cand && cand->encoder == f->encoder)
			k = cand;
	}
	if (!k)
		return -1;
	c.id = k->id;
	if (k->type >= V4L2_CTRL_COMPOUND_TYPES) {
		uint32_t size = k->elem_size * (k->elems ? k->elems : 1);

		if (size > sizeof(payload))
			size = sizeof(payload);
		for (uint32_t i = 0; i < size; i++)
			payload[i] = chance(60) ? 0 : (uint8_t)rnd();
		c.size = chance(90) ? size : below(sizeof(payload));
		c.ptr = payload;
	} else if (chance(70)) {
		c.value = (int32_t)(k->min + below((uint32_t)(k->max - k->min + 1)));
	} else {
		c.value = (int32_t)pick_u32();
	}
	logop("s_ctrl fd%d id %08x which %08x", f->fd, c.id, which);
	return xio(f->fd, chance(80) ? VIDIOC_S_EXT_CTRLS : VIDIOC_TRY_EXT_CTRLS,
		   &cs);
}

static int op_enc_cmd(struct file *f)
{
	struct v4l2_encoder_cmd c = {
		.cmd = chance(90) ? below(2) : below(8),
		.flags = chance(90) ? 0 : (uint32_t)rnd(),
	};

	logop("enc_cmd fd%d cmd %u", f->fd, c.cmd);
	return xio(f->fd, chance(80) ? VIDIOC_ENCODER_CMD :
				       VIDIOC_TRY_ENCODER_CMD, &c);
}

static int op_selection(struct file *f)
{
	struct v4l2_selection s = {
		.type = V4L2_BUF_TYPE_VIDEO_OUTPUT,
		.target = chance(80) ? V4L2_SEL_TGT_CROP : below(0x300),
		.r = { (int32_t)pick_u32(), (int32_t)pick_u32(), pick_dim(),
		       pick_dim() },
	};

	if (chance(50))
		s.r.left = s.r.top = 0;
	logop("selection fd%d target %u %ux%u", f->fd, s.target, s.r.width,
	      s.r.height);
	return xio(f->fd, chance(70) ? VIDIOC_S_SELECTION : VIDIOC_G_SELECTION,
		   &s);
}

static int op_s_parm(struct file *f)
{
	struct v4l2_streamparm p = { .type = qtype(f, below(2)) };

	p.parm.output.timeperframe.numerator = chance(20) ? 0 : pick_u32();
	p.parm.output.timeperframe.denominator = chance(20) ? 0 : pick_u32();
	logop("s_parm fd%d %u/%u", f->fd, p.parm.output.timeperframe.numerator,
	      p.parm.output.timeperframe.denominator);
	return xio(f->fd, VIDIOC_S_PARM, &p);
}

static int op_event(struct file *f)
{
	struct v4l2_event_subscription s = {
		.type = chance(80) ? V4L2_EVENT_EOS : below(8),
	};
	struct v4l2_event ev;

	switch (below(3)) {
	case 0:
		logop("subscribe fd%d type %u", f->fd, s.type);
		return xio(f->fd, VIDIOC_SUBSCRIBE_EVENT, &s);
	case 1:
		logop("unsubscribe fd%d type %u", f->fd, s.type);
		return xio(f->fd, VIDIOC_UNSUBSCRIBE_EVENT, &s);
	default:
		logop("dqevent fd%d", f->fd);
		return xio(f->fd, VIDIOC_DQEVENT, &ev);
	}
}

static int op_expbuf(struct file *f)
{
	struct v4l2_exportbuffer e = {
		.type = qtype(f, below(2)), .index = below(MAX_BUFS),
		.flags = O_RDWR | O_CLOEXEC,
	};
	int err;

	logop("expbuf fd%d index %u", f->fd, e.index);
	err = xio(f->fd, VIDIOC_EXPBUF, &e);
	if (!err)
		close(e.fd);
	return err;
}

/* Decoder: a media request with random controls and a buffer, queued. */
static int op_request(struct file *f)
{
	int media, req = -1, err;

	if (f->encoder || !media_path)
		return -1;
	media = open(media_path, O_RDWR | O_CLOEXEC);
	if (media < 0)
		return errno;
	err = xio(media, MEDIA_IOC_REQUEST_ALLOC, &req);
	close(media);
	if (err)
		return err;
	for (unsigned int n = below(4); n; n--)
		set_random_ctrl(f, V4L2_CTRL_WHICH_REQUEST_VAL, req);
	/* Requests carry OUTPUT buffers: usually a valid one. */
	if (chance(80))
		op_qbuf(f, 0, req);
	logop("request fd%d req %d queue", f->fd, req);
	err = xio(req, MEDIA_REQUEST_IOC_QUEUE, NULL);
	if (chance(50))
		xio(req, MEDIA_REQUEST_IOC_REINIT, NULL);
	close(req);
	return err;
}

/*
 * Encoder: a client's start, typed and valid (a small NV12 picture, two
 * MMAP buffers a queue, all queued, both queues streaming), so that the
 * random operations around it meet running jobs: DQBUF, STOP, STREAMOFF
 * and close in the middle of one. The random operations alone reach a job
 * only by chance, and fewer since buffer budgets grew tighter.
 */
static int op_run(struct file *f)
{
	struct v4l2_format fmt = { .type = f->out_type };
	uint32_t w = 16 * (1 + below(20)), h = 16 * (1 + below(15));
	int err;

	if (!f->encoder)
		return -1;
	logop("run fd%d %ux%u", f->fd, w, h);
	for (unsigned int q = 0; q < 2; q++) {
		struct v4l2_requestbuffers r = {
			.type = qtype(f, q), .memory = V4L2_MEMORY_MMAP,
		};
		int type = (int)qtype(f, q);

		xio(f->fd, VIDIOC_STREAMOFF, &type);
		unmap_queue(f, q);
		err = xio(f->fd, VIDIOC_REQBUFS, &r);
		if (err)
			return err;
		f->nbufs[q] = 0;
	}
	if (f->mplane) {
		fmt.fmt.pix_mp.width = w;
		fmt.fmt.pix_mp.height = h;
		fmt.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12;
		fmt.fmt.pix_mp.num_planes = 1;
	} else {
		fmt.fmt.pix.width = w;
		fmt.fmt.pix.height = h;
		fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_NV12;
	}
	err = xio(f->fd, VIDIOC_S_FMT, &fmt);
	if (err)
		return err;
	for (unsigned int q = 0; q < 2; q++) {
		struct v4l2_requestbuffers r = {
			.type = qtype(f, q), .memory = V4L2_MEMORY_MMAP,
			.count = 2,
		};

		err = xio(f->fd, VIDIOC_REQBUFS, &r);
		if (err)
			return err;
		f->memory[q] = V4L2_MEMORY_MMAP;
		f->nbufs[q] = r.count < MAX_BUFS ? r.count : MAX_BUFS;
		query_length(f, q);
		for (unsigned int i = 0; i < f->nbufs[q]; i++) {
			struct v4l2_plane pl[VIDEO_MAX_PLANES] = { 0 };
			struct v4l2_buffer b = {
				.type = qtype(f, q), .memory = V4L2_MEMORY_MMAP,
				.index = i, .m.planes = pl,
				.length = f->mplane ? 1 : 0,
				.field = V4L2_FIELD_NONE,
			};
			uint32_t used = q ? 0 : f->length[q];

			if (f->mplane)
				pl[0].bytesused = used;
			else
				b.bytesused = used;
			err = xio(f->fd, VIDIOC_QBUF, &b);
			if (err)
				return err;
		}
	}
	for (unsigned int q = 0; q < 2; q++) {
		int type = (int)qtype(f, q);

		err = xio(f->fd, VIDIOC_STREAMON, &type);
		if (err)
			return err;
	}
	return 0;
}

static enum op pick_op(void)
{
	unsigned int total = 0, r;

	for (unsigned int i = 0; i < OP_COUNT; i++)
		total += op_weights[i];
	r = below(total);
	for (unsigned int i = 0; i < OP_COUNT; i++) {
		if (r < op_weights[i])
			return i;
		r -= op_weights[i];
	}
	return OP_DQBUF;
}

/* Run one operation; returns its errno, 0, or -1 when it was not possible. */
static int run_op(enum op op)
{
	struct file *f = pick_file();

	if (op == OP_OPEN) {
		for (unsigned int i = 0; i < MAX_FILES; i++) {
			if (files[i].fd < 0) {
				bool enc = chance(70);

				logop("open %s", enc ? "encoder" : "decoder");
				return file_open(&files[i], enc);
			}
		}
		return -1;
	}
	if (!f)
		return -1;

	switch (op) {
	case OP_CLOSE:
		logop("close fd%d", f->fd);
		file_close(f);
		return 0;
	case OP_S_FMT:
		return op_fmt(f, false);
	case OP_TRY_FMT:
		return op_fmt(f, true);
	case OP_REQBUFS:
		return op_reqbufs(f);
	case OP_CREATE_BUFS:
		return op_create_bufs(f);
	case OP_QUERYBUF:
		return op_querybuf(f);
	case OP_QBUF:
		return op_qbuf(f, below(2), -1);
	case OP_DQBUF:
		return op_dqbuf(f);
	case OP_STREAMON:
		return op_stream(f, true);
	case OP_STREAMOFF:
		return op_stream(f, false);
	case OP_S_CTRL:
		return set_random_ctrl(f, V4L2_CTRL_WHICH_CUR_VAL, 0);
	case OP_ENC_CMD:
		return op_enc_cmd(f);
	case OP_SELECTION:
		return op_selection(f);
	case OP_S_PARM:
		return op_s_parm(f);
	case OP_EVENT:
		return op_event(f);
	case OP_MMAP:
		return op_mmap(f);
	case OP_EXPBUF:
		return op_expbuf(f);
	case OP_REQUEST:
		return op_request(f);
	case OP_RUN:
		return op_run(f);
	default:
		return -1;
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long ops, done = 0;
	double seconds, start;
	struct file probe;
	uint64_t seed;

	if (argc != 7) {
		fprintf(stderr, "usage: %s SEED OPS SECONDS ENCODER DECODER MEDIA\n",
			argv[0]);
		return 1;
	}
	seed = strtoull(argv[1], NULL, 0);
	ops = strtoul(argv[2], NULL, 0);
	seconds = strtod(argv[3], NULL);
	node_path[1] = argv[4];
	node_path[0] = argv[5];
	media_path = argv[6];
	rng_state = seed ? seed : 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("fuzz seed=%llu ops=%lu seconds=%.0f\n",
	       (unsigned long long)seed, ops, seconds);

	heap_fd = open("/dev/dma_heap/linux,cma", O_RDWR | O_CLOEXEC);
	if (heap_fd < 0)
		heap_fd = open("/dev/dma_heap/reserved", O_RDWR | O_CLOEXEC);
	for (unsigned int enc = 0; enc < 2; enc++) {
		if (file_open(&probe, enc)) {
			fprintf(stderr, "cedrus-fuzz: cannot open %s\n",
				node_path[enc]);
			return 1;
		}
		ctrls_discover(probe.fd, enc);
		file_close(&probe);
	}
	for (unsigned int i = 0; i < MAX_FILES; i++)
		files[i].fd = -1;

	start = now_s();
	while (done < ops && now_s() - start < seconds) {
		enum op op = pick_op();
		int err = run_op(op);

		outcomes[op][err < 0 ? 2 : err ? 1 : 0]++;
		op_index++;
		done++;
		if (done % 5000 == 0)
			printf("fuzz progress ops=%lu seconds=%.0f\n", done,
			       now_s() - start);
	}
	for (unsigned int i = 0; i < MAX_FILES; i++)
		file_close(&files[i]);

	printf("fuzz done ops=%lu seconds=%.1f controls=%u\n", done,
	       now_s() - start, n_ctrls);
	for (unsigned int i = 0; i < OP_COUNT; i++)
		printf("fuzz op=%s ok=%lu errno=%lu skipped=%lu\n", op_names[i],
		       outcomes[i][0], outcomes[i][1], outcomes[i][2]);
	for (unsigned long i = op_index > REPLAY_LOG ? op_index - REPLAY_LOG : 0;
	     i < op_index; i++)
		printf("fuzz last op %lu: %s\n", i, replay[i % REPLAY_LOG]);
	return 0;
}
