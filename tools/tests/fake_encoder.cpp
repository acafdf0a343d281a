// SPDX-License-Identifier: MIT
#include "fake_encoder.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace cedrus::test {

namespace {

constexpr uint32_t maxSize = 4096;
constexpr off_t captureOffset = 0x10000000;
constexpr off_t bufferStride = 0x100000;
constexpr off_t planeStride = 0x10000;

uint32_t align16(uint32_t v)
{
	return (v + 15) & ~15u;
}

struct CtrlDef {
	uint32_t id;
	uint32_t type;
	const char *name;
	int64_t min, max, def;
	uint64_t skipMask;
};

// The controls the cedrus driver exposes (no rate control).
const CtrlDef ctrlDefs[] = {
	{ V4L2_CID_MPEG_VIDEO_GOP_SIZE, V4L2_CTRL_TYPE_INTEGER, "Video GOP Size", 0, 1000, 12, 0 },
	{ V4L2_CID_MPEG_VIDEO_GOP_CLOSURE, V4L2_CTRL_TYPE_BOOLEAN, "Video GOP Closure", 0, 1, 1,
	  0 },
	{ V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, V4L2_CTRL_TYPE_BUTTON, "Force Key Frame", 0, 0, 0,
	  0 },
	{ V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR, V4L2_CTRL_TYPE_BOOLEAN,
	  "Prepend SPS and PPS to IDR", 0, 1, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, V4L2_CTRL_TYPE_INTEGER, "H264 I-Frame QP Value", 0,
	  51, 26, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP, V4L2_CTRL_TYPE_INTEGER, "H264 P-Frame QP Value", 0,
	  51, 28, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_MIN_QP, V4L2_CTRL_TYPE_INTEGER, "H264 Minimum QP Value", 0, 51,
	  0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_MAX_QP, V4L2_CTRL_TYPE_INTEGER, "H264 Maximum QP Value", 0, 51,
	  51, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE, V4L2_CTRL_TYPE_MENU, "H264 Entropy Mode", 0, 1, 0,
	  0 },
	{ V4L2_CID_MPEG_VIDEO_H264_I_PERIOD, V4L2_CTRL_TYPE_INTEGER, "H264 I-Frame Period", 0, 1000,
	  0, 0 },
	// Extended (3) is not offered.
	{ V4L2_CID_MPEG_VIDEO_H264_PROFILE, V4L2_CTRL_TYPE_MENU, "H264 Profile", 0, 4, 2, 1u << 3 },
	{ V4L2_CID_MPEG_VIDEO_H264_LEVEL, V4L2_CTRL_TYPE_MENU, "H264 Level", 0, 13, 9, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_ENABLE, V4L2_CTRL_TYPE_BOOLEAN,
	  "H264 VUI Sample Aspect Ratio Enable", 0, 1, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_IDC, V4L2_CTRL_TYPE_MENU,
	  "H264 VUI Sample Aspect Ratio IDC", 0, 17, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_WIDTH, V4L2_CTRL_TYPE_INTEGER,
	  "H264 VUI Extended SAR Width", 0, 65535, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_HEIGHT, V4L2_CTRL_TYPE_INTEGER,
	  "H264 VUI Extended SAR Height", 0, 65535, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE, V4L2_CTRL_TYPE_MENU, "H264 Loop Filter Mode",
	  0, 2, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_ALPHA, V4L2_CTRL_TYPE_INTEGER,
	  "H264 Loop Filter Alpha Offset", -6, 6, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_BETA, V4L2_CTRL_TYPE_INTEGER,
	  "H264 Loop Filter Beta Offset", -6, 6, 0, 0 },
};

const CtrlDef *findDef(uint32_t id)
{
	for (const auto &d : ctrlDefs)
		if (d.id == id)
			return &d;
	return nullptr;
}

} // namespace

const char *name(Api api)
{
	return api == Api::SinglePlanar ? "single-planar" : "multi-planar";
}

FakeEncoder::FakeEncoder(Api api) : api_(api)
{
	// Driver defaults (not logged as client calls).
	out_.fmt.fourcc = V4L2_PIX_FMT_NV12;
	v4l2_format f{};
	f.type = outputType();
	writeFormat(Format{ V4L2_PIX_FMT_NV12, 1280, 720 }, f);
	setFormat(&f, true);
	f = {};
	f.type = captureType();
	writeFormat(Format{ V4L2_PIX_FMT_H264 }, f);
	setFormat(&f, true);
	formatsSet.clear();
	for (const auto &d : ctrlDefs)
		controls[d.id] = d.def;
}

FakeEncoder::~FakeEncoder() = default;

int FakeEncoder::open(const std::string &p, int)
{
	if (p != path)
		return -ENOENT;
	if (openErrno)
		return -openErrno;
	// A real fd so that UniqueFD can close it.
	int fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	fd_ = fd;
	return fd;
}

uint32_t FakeEncoder::outputType() const
{
	return mplane() ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : V4L2_BUF_TYPE_VIDEO_OUTPUT;
}

uint32_t FakeEncoder::captureType() const
{
	return mplane() ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
}

FakeEncoder::Queue *FakeEncoder::queueFor(uint32_t type)
{
	if (type == outputType())
		return &out_;
	if (type == captureType())
		return &cap_;
	return nullptr;
}

bool FakeEncoder::offersOutput(uint32_t fourcc) const
{
	if (fourcc == V4L2_PIX_FMT_NV12)
		return !mplane() || !noNv12;
	return fourcc == V4L2_PIX_FMT_NV12M && mplane();
}

void FakeEncoder::readFormat(const v4l2_format &f, Format &out) const
{
	if (!mplane()) {
		out.fourcc = f.fmt.pix.pixelformat;
		out.width = f.fmt.pix.width;
		out.height = f.fmt.pix.height;
		out.size[0] = f.fmt.pix.sizeimage;
		return;
	}
	out.fourcc = f.fmt.pix_mp.pixelformat;
	out.width = f.fmt.pix_mp.width;
	out.height = f.fmt.pix_mp.height;
	out.size[0] = f.fmt.pix_mp.plane_fmt[0].sizeimage;
}

void FakeEncoder::writeFormat(const Format &in, v4l2_format &f) const
{
	if (!mplane()) {
		v4l2_pix_format &p = f.fmt.pix;
		p = {};
		p.pixelformat = in.fourcc;
		p.width = in.width;
		p.height = in.height;
		p.bytesperline = in.bpl[0];
		p.sizeimage = in.size[0];
		p.field = V4L2_FIELD_NONE;
		return;
	}
	v4l2_pix_format_mplane &p = f.fmt.pix_mp;
	p = {};
	p.pixelformat = in.fourcc;
	p.width = in.width;
	p.height = in.height;
	p.field = V4L2_FIELD_NONE;
	p.num_planes = static_cast<uint8_t>(in.planes);
	for (unsigned i = 0; i < in.planes; i++) {
		p.plane_fmt[i].bytesperline = in.bpl[i];
		p.plane_fmt[i].sizeimage = in.size[i];
	}
}

int FakeEncoder::setFormat(v4l2_format *f, bool apply)
{
	Queue *q = queueFor(f->type);
	if (!q)
		return -EINVAL;
	Format want;
	readFormat(*f, want);
	Format got;
	if (q == &out_) {
		if (!out_.bufs.empty() && apply)
			return -EBUSY;
		got.fourcc = offersOutput(want.fourcc)	       ? want.fourcc
			     : offersOutput(V4L2_PIX_FMT_NV12) ? V4L2_PIX_FMT_NV12
							       : V4L2_PIX_FMT_NV12M;
		got.width = std::clamp(align16(want.width), 16u, maxSize);
		got.height = std::clamp(alignOutputHeight ? align16(want.height)
							  : (want.height + 1) & ~1u,
					16u, maxSize);
		const uint32_t rows = align16(got.height);
		if (got.fourcc == V4L2_PIX_FMT_NV12M) {
			got.planes = 2;
			got.bpl[0] = got.bpl[1] = got.width;
			got.size[0] = got.width * rows;
			got.size[1] = got.width * rows / 2;
		} else {
			got.bpl[0] = got.width;
			got.size[0] = got.width * rows * 3 / 2;
		}
		writeFormat(got, *f);
		if (apply) {
			formatsSet.push_back(f->type);
			out_.fmt = got;
			crop = { 0, 0, got.width, got.height };
			cap_.fmt.width = align16(got.width);
			cap_.fmt.height = align16(got.height);
		}
		return 0;
	}
	if (!cap_.bufs.empty() && apply)
		return -EBUSY;
	got.fourcc = V4L2_PIX_FMT_H264;
	got.width = align16(out_.fmt.width);
	got.height = align16(out_.fmt.height);
	got.size[0] = std::max(want.size[0], out_.fmt.width * out_.fmt.height / 2);
	writeFormat(got, *f);
	if (apply) {
		formatsSet.push_back(f->type);
		cap_.fmt = got;
		if (clobberOutputOnCaptureFmt) {
			out_.fmt.width = 640;
			out_.fmt.height = 480;
		}
	}
	return 0;
}

void *FakeEncoder::mmap(size_t length, int, int, int fd, off_t offset, int *err)
{
	if (fd != fd_) {
		*err = EBADF;
		return nullptr;
	}
	Queue &q = offset >= captureOffset ? cap_ : out_;
	size_t index = size_t((offset % captureOffset) / bufferStride);
	size_t plane = size_t((offset % bufferStride) / planeStride);
	if (index >= q.bufs.size() || plane >= q.bufs[index].mem.size() ||
	    length > q.bufs[index].mem[plane].size()) {
		*err = EINVAL;
		return nullptr;
	}
	return q.bufs[index].mem[plane].data();
}

void FakeEncoder::munmap(void *, size_t) {}

int FakeEncoder::poll(int, short events, int timeoutMs)
{
	if (encodeWhenWaited && timeoutMs > 0) {
		waited_ = true;
		run();
		waited_ = false;
	}
	int rev = 0;
	if (!cap_.done.empty() || lastDequeued_)
		rev |= POLLIN;
	if (!out_.done.empty())
		rev |= POLLOUT;
	if (!events_.empty())
		rev |= POLLPRI;
	return rev & (events | POLLERR);
}

void FakeEncoder::finishDrainOn(unsigned capIndex)
{
	cap_.bufs[capIndex].flags |= V4L2_BUF_FLAG_LAST;
	draining_ = false;
	if (eosSubscribed_ && !noEosEvent) {
		v4l2_event ev{};
		ev.type = V4L2_EVENT_EOS;
		events_.push_back(ev);
	}
}

// The visible picture of an OUTPUT buffer, read the way the hardware would:
// luma rows of bpl[0], chroma at bpl[0] x height in the same buffer (NV12)
// or at the start of plane 1 (NV12M).
void FakeEncoder::recordInput(const Buffer &b)
{
	const Format &f = out_.fmt;
	std::span<const std::byte> planes[2];
	for (unsigned p = 0; p < f.planes; p++) {
		if (out_.memory == V4L2_MEMORY_MMAP)
			planes[p] = b.mem[p];
		else if (dmabufs)
			planes[p] = dmabufs->find(b.fds[p]);
		if (planes[p].empty())
			return;
	}
	std::span<const std::byte> chroma = f.planes == 2 ? planes[1]
							  : planes[0].subspan(size_t(f.bpl[0]) *
									      f.height);
	const uint32_t w = crop.width, h = crop.height;
	const uint32_t cbpl = f.planes == 2 ? f.bpl[1] : f.bpl[0];
	std::vector<std::byte> pic(size_t(w) * h * 3 / 2);
	for (uint32_t y = 0; y < h; y++)
		std::memcpy(&pic[size_t(y) * w], &planes[0][size_t(y) * f.bpl[0]], w);
	for (uint32_t y = 0; y < h / 2; y++)
		std::memcpy(&pic[size_t(w) * h + size_t(y) * w], &chroma[size_t(y) * cbpl], w);
	inputs.push_back(std::move(pic));
}

// Encode while both queues stream and have buffers.
void FakeEncoder::run()
{
	if (!out_.streaming || !cap_.streaming || (deferUntilStop && !draining_))
		return;
	if (encodeWhenWaited && !waited_ && !draining_)
		return;
	while (!out_.pending.empty() && !cap_.pending.empty()) {
		unsigned oi = out_.pending.front();
		unsigned ci = cap_.pending.front();
		out_.pending.pop_front();
		cap_.pending.pop_front();
		Buffer &ob = out_.bufs[oi];
		Buffer &cb = cap_.bufs[ci];

		unsigned n = framesEncoded++;
		recordInput(ob);
		bool key = n == 0 || forceKey_;
		forceKey_ = false;
		frameQps.push_back(controls[key ? V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP
						: V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP]);
		cb.flags = key ? V4L2_BUF_FLAG_KEYFRAME : V4L2_BUF_FLAG_PFRAME;
		cb.timestamp = ob.timestamp;
		cb.flags |= V4L2_BUF_FLAG_TIMESTAMP_COPY;
		cb.sequence = sequence_++;
		if (int(n) == errorOnFrame) {
			cb.flags |= V4L2_BUF_FLAG_ERROR;
			cb.bytesused = 0;
			ob.flags |= V4L2_BUF_FLAG_ERROR;
		} else {
			const uint32_t offset = mplane() ? captureDataOffset : 0;
			uint32_t size = packetSize(n);
			// MMAP memory, or the dma-buf imported at QBUF.
			std::span<std::byte> mem = cb.mem.empty() ? dmabufs->find(cb.fds[0])
								  : std::span(cb.mem[0]);
			auto *p = reinterpret_cast<uint8_t *>(mem.data()) + offset;
			std::memset(mem.data(), 0xee, offset);
			std::memset(p, 0xa5, size);
			p[0] = p[1] = p[2] = 0;
			p[3] = 1;
			p[4] = key ? 0x65 : 0x41;
			p[5] = static_cast<uint8_t>(n);
			cb.bytesused = offset + size;
		}
		out_.done.push_back(oi);
		cap_.done.push_back(ci);
		if (draining_ && out_.pending.empty())
			finishDrainOn(ci);
	}
	// STOP with nothing left to encode: the next CAPTURE buffer is LAST.
	if (draining_ && out_.pending.empty() && !cap_.pending.empty()) {
		unsigned ci = cap_.pending.front();
		cap_.pending.pop_front();
		cap_.bufs[ci].bytesused = 0;
		cap_.bufs[ci].flags = 0;
		cap_.done.push_back(ci);
		finishDrainOn(ci);
	}
}

int FakeEncoder::queueBuffer(v4l2_buffer *b)
{
	Queue *q = queueFor(b->type);
	if (!q || b->index >= q->bufs.size() || b->memory != q->memory)
		return -EINVAL;
	Buffer &buf = q->bufs[b->index];
	if (buf.queued)
		return -EINVAL;
	const unsigned planes = q->fmt.planes;
	if (mplane() && (!b->m.planes || b->length < planes))
		return -EINVAL;
	if (q == &out_) {
		std::vector<std::pair<int, uint32_t>> seen;
		for (unsigned p = 0; p < planes; p++) {
			uint32_t used = mplane() ? b->m.planes[p].bytesused : b->bytesused;
			uint32_t length = mplane() ? b->m.planes[p].length : b->length;
			int fd = mplane() ? b->m.planes[p].m.fd : b->m.fd;
			if (used == 0)
				return -EINVAL;
			if (q->memory == V4L2_MEMORY_DMABUF) {
				if (qbufDmabufErrno)
					return -qbufDmabufErrno;
				if (fd < 0)
					return -EINVAL;
				// vb2: the multi-planar length is the user's, and
				// bytesused must fit in it; the dma-buf must hold
				// the plane's sizeimage.
				if (mplane() && used > length)
					return -EINVAL;
				if (length && length < q->fmt.size[p])
					return -EINVAL;
				buf.fds[p] = fd;
				seen.emplace_back(fd, length);
			} else if (used > buf.mem[p].size()) {
				return -EINVAL;
			}
		}
		if (q->memory == V4L2_MEMORY_DMABUF)
			dmabufPlanes.push_back(std::move(seen));
		buf.timestamp = b->timestamp;
		buf.flags = 0;
	} else if (q->memory == V4L2_MEMORY_DMABUF) {
		// The coded frame goes into the dma-buf: it must be one the fake
		// knows, holding sizeimage bytes.
		int fd = mplane() ? b->m.planes[0].m.fd : b->m.fd;
		if (!dmabufs || dmabufs->find(fd).size() < q->fmt.size[0])
			return -EINVAL;
		buf.fds[0] = fd;
		captureDmabufs.push_back(fd);
	}
	buf.queued = true;
	b->field = V4L2_FIELD_NONE;
	q->pending.push_back(b->index);
	run();
	return 0;
}

int FakeEncoder::dequeueBuffer(v4l2_buffer *b)
{
	Queue *q = queueFor(b->type);
	if (!q || b->memory != q->memory)
		return -EINVAL;
	if (mplane() && (!b->m.planes || b->length < q->fmt.planes))
		return -EINVAL;
	if (q->done.empty()) {
		if (q == &cap_ && lastDequeued_ && !noEpipe)
			return -EPIPE;
		return -EAGAIN;
	}
	unsigned i = q->done.front();
	q->done.pop_front();
	Buffer &buf = q->bufs[i];
	buf.queued = false;
	b->index = i;
	b->flags = buf.flags;
	b->timestamp = buf.timestamp;
	b->sequence = buf.sequence;
	b->field = V4L2_FIELD_NONE;
	if (mplane()) {
		b->length = q->fmt.planes;
		for (unsigned p = 0; p < q->fmt.planes; p++) {
			b->m.planes[p].bytesused = q == &cap_ ? buf.bytesused : q->fmt.size[p];
			b->m.planes[p].length = q->fmt.size[p];
			b->m.planes[p].data_offset = q == &cap_ ? captureDataOffset : 0;
		}
	} else {
		b->bytesused = q == &cap_ ? buf.bytesused : q->fmt.size[0];
		b->length = q->fmt.size[0];
	}
	if (q == &cap_ && (buf.flags & V4L2_BUF_FLAG_LAST))
		lastDequeued_ = true;
	return 0;
}

int FakeEncoder::encoderCmd(v4l2_encoder_cmd *c, bool apply)
{
	if (c->cmd != V4L2_ENC_CMD_STOP && c->cmd != V4L2_ENC_CMD_START)
		return -EINVAL;
	c->flags = 0;
	if (!apply)
		return 0;
	if (c->cmd == V4L2_ENC_CMD_STOP) {
		if (draining_)
			return -EBUSY;
		if (!out_.streaming || !cap_.streaming)
			return 0;
		draining_ = true;
		run();
	}
	return 0;
}

int FakeEncoder::queryExtCtrl(v4l2_query_ext_ctrl *q)
{
	const CtrlDef *def = nullptr;
	if (q->id & V4L2_CTRL_FLAG_NEXT_CTRL) {
		uint32_t after = q->id & ~(V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND);
		for (const auto &d : ctrlDefs)
			if (d.id > after && (!def || d.id < def->id))
				def = &d;
	} else {
		def = findDef(q->id);
	}
	if (!def)
		return -EINVAL;
	*q = {};
	q->id = def->id;
	q->type = def->type;
	std::strncpy(q->name, def->name, sizeof(q->name) - 1);
	q->minimum = def->min;
	q->maximum = def->max;
	q->step = 1;
	q->default_value = def->def;
	return 0;
}

int FakeEncoder::extCtrls(v4l2_ext_controls *c, bool set)
{
	for (uint32_t i = 0; i < c->count; i++) {
		v4l2_ext_control &ctrl = c->controls[i];
		const CtrlDef *def = findDef(ctrl.id);
		if (!def) {
			c->error_idx = i;
			return -EINVAL;
		}
		if (!set) {
			ctrl.value = static_cast<int32_t>(controls[ctrl.id]);
			continue;
		}
		if (def->type != V4L2_CTRL_TYPE_BUTTON &&
		    (ctrl.value < def->min || ctrl.value > def->max ||
		     (def->type == V4L2_CTRL_TYPE_MENU &&
		      (def->skipMask & (1ull << ctrl.value))))) {
			c->error_idx = i;
			return -ERANGE;
		}
		if (ctrl.id == V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME) {
			forceKey_ = true;
			forcedKeyFrames++;
		}
		controls[ctrl.id] = ctrl.value;
	}
	return 0;
}

int FakeEncoder::ioctl(int fd, unsigned long request, void *arg)
{
	if (fd != fd_)
		return -EBADF;
	calls.push_back(ioctlName(request));

	switch (request) {
	case VIDIOC_QUERYCAP: {
		auto *cap = static_cast<v4l2_capability *>(arg);
		*cap = {};
		std::strcpy(reinterpret_cast<char *>(cap->driver), "fake-enc");
		std::strcpy(reinterpret_cast<char *>(cap->card), "Fake H.264 encoder");
		std::strcpy(reinterpret_cast<char *>(cap->bus_info), "platform:fake-enc");
		cap->device_caps = (mplane() ? V4L2_CAP_VIDEO_M2M_MPLANE : V4L2_CAP_VIDEO_M2M) |
				   V4L2_CAP_STREAMING;
		cap->capabilities = cap->device_caps | V4L2_CAP_DEVICE_CAPS;
		return 0;
	}
	case VIDIOC_ENUM_FMT: {
		auto *d = static_cast<v4l2_fmtdesc *>(arg);
		Queue *q = queueFor(d->type);
		if (noEncoderFormats || !q)
			return -EINVAL;
		std::vector<uint32_t> list;
		if (q == &cap_)
			list = { V4L2_PIX_FMT_H264 };
		for (uint32_t f : { V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_NV12M })
			if (q == &out_ && offersOutput(f))
				list.push_back(f);
		if (d->index >= list.size())
			return -EINVAL;
		d->pixelformat = list[d->index];
		d->flags = q == &cap_ ? V4L2_FMT_FLAG_COMPRESSED : 0;
		return 0;
	}
	case VIDIOC_ENUM_FRAMESIZES: {
		auto *f = static_cast<v4l2_frmsizeenum *>(arg);
		if (f->index > 0)
			return -EINVAL;
		f->type = V4L2_FRMSIZE_TYPE_STEPWISE;
		f->stepwise = { 16, maxSize, 16, 16, maxSize, 16 };
		return 0;
	}
	case VIDIOC_G_FMT: {
		auto *f = static_cast<v4l2_format *>(arg);
		Queue *q = queueFor(f->type);
		if (!q)
			return -EINVAL;
		writeFormat(q->fmt, *f);
		return 0;
	}
	case VIDIOC_S_FMT:
		return setFormat(static_cast<v4l2_format *>(arg), true);
	case VIDIOC_TRY_FMT:
		return setFormat(static_cast<v4l2_format *>(arg), false);
	case VIDIOC_S_SELECTION: {
		// The core hands drivers the single-planar type for either.
		auto *s = static_cast<v4l2_selection *>(arg);
		bool output = s->type == V4L2_BUF_TYPE_VIDEO_OUTPUT ||
			      s->type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
		if (!output || s->target != V4L2_SEL_TGT_CROP)
			return -EINVAL;
		s->r.left = s->r.top = 0;
		s->r.width = std::min(s->r.width, out_.fmt.width);
		s->r.height = std::min(s->r.height, out_.fmt.height);
		crop = s->r;
		return 0;
	}
	case VIDIOC_S_PARM: {
		auto *p = static_cast<v4l2_streamparm *>(arg);
		if (p->type != outputType())
			return -EINVAL;
		v4l2_fract &t = p->parm.output.timeperframe;
		if (!t.numerator || !t.denominator)
			t = { 1, 30 };
		timePerFrame = t;
		p->parm.output.capability = V4L2_CAP_TIMEPERFRAME;
		return 0;
	}
	case VIDIOC_REQBUFS: {
		auto *r = static_cast<v4l2_requestbuffers *>(arg);
		Queue *q = queueFor(r->type);
		if (!q)
			return -EINVAL;
		if (q->streaming)
			return -EBUSY;
		if (reqbufsErrno && r->count)
			return -reqbufsErrno;
		if (r->memory != V4L2_MEMORY_MMAP && r->memory != V4L2_MEMORY_DMABUF)
			return -EINVAL;
		q->memory = r->memory;
		q->bufs.clear();
		q->pending.clear();
		q->done.clear();
		r->count = std::min(r->count, 8u);
		q->bufs.resize(r->count);
		for (auto &b : q->bufs) {
			b.fds.assign(q->fmt.planes, -1);
			if (q->memory == V4L2_MEMORY_MMAP)
				for (unsigned p = 0; p < q->fmt.planes; p++)
					b.mem.emplace_back(q->fmt.size[p]);
		}
		return 0;
	}
	case VIDIOC_QUERYBUF: {
		auto *b = static_cast<v4l2_buffer *>(arg);
		Queue *q = queueFor(b->type);
		if (!q || b->index >= q->bufs.size())
			return -EINVAL;
		off_t base = (q == &cap_ ? captureOffset : 0) + off_t(b->index) * bufferStride;
		if (!mplane()) {
			b->length = q->fmt.size[0];
			b->m.offset = uint32_t(base);
			return 0;
		}
		if (!b->m.planes || b->length < q->fmt.planes)
			return -EINVAL;
		b->length = q->fmt.planes;
		for (unsigned p = 0; p < q->fmt.planes; p++) {
			b->m.planes[p].length = q->fmt.size[p];
			b->m.planes[p].m.mem_offset = uint32_t(base + off_t(p) * planeStride);
		}
		return 0;
	}
	case VIDIOC_QBUF:
		return queueBuffer(static_cast<v4l2_buffer *>(arg));
	case VIDIOC_DQBUF:
		return dequeueBuffer(static_cast<v4l2_buffer *>(arg));
	case VIDIOC_STREAMON: {
		Queue *q = queueFor(uint32_t(*static_cast<int *>(arg)));
		if (!q || q->bufs.empty())
			return -EINVAL;
		q->streaming = true;
		// CAPTURE started again mid-stream: a new stream, from a key frame.
		if (q == &cap_ && framesEncoded > 0) {
			captureRestarts++;
			forceKey_ = true;
		}
		run();
		return 0;
	}
	case VIDIOC_STREAMOFF: {
		Queue *q = queueFor(uint32_t(*static_cast<int *>(arg)));
		if (!q)
			return -EINVAL;
		q->streaming = false;
		q->pending.clear();
		q->done.clear();
		for (auto &b : q->bufs)
			b.queued = false;
		if (q == &cap_)
			lastDequeued_ = false;
		draining_ = false;
		return 0;
	}
	case VIDIOC_ENCODER_CMD:
		return encoderCmd(static_cast<v4l2_encoder_cmd *>(arg), true);
	case VIDIOC_TRY_ENCODER_CMD:
		return encoderCmd(static_cast<v4l2_encoder_cmd *>(arg), false);
	case VIDIOC_SUBSCRIBE_EVENT: {
		auto *s = static_cast<v4l2_event_subscription *>(arg);
		if (s->type != V4L2_EVENT_EOS)
			return -EINVAL;
		eosSubscribed_ = true;
		return 0;
	}
	case VIDIOC_DQEVENT: {
		if (events_.empty())
			return -ENOENT;
		*static_cast<v4l2_event *>(arg) = events_.front();
		events_.pop_front();
		return 0;
	}
	case VIDIOC_QUERY_EXT_CTRL:
		return queryExtCtrl(static_cast<v4l2_query_ext_ctrl *>(arg));
	case VIDIOC_QUERYMENU: {
		auto *m = static_cast<v4l2_querymenu *>(arg);
		const CtrlDef *def = findDef(m->id);
		if (!def || def->type != V4L2_CTRL_TYPE_MENU || m->index > def->max ||
		    (def->skipMask & (1ull << m->index)))
			return -EINVAL;
		std::snprintf(reinterpret_cast<char *>(m->name), sizeof(m->name), "Item %u",
			      m->index);
		return 0;
	}
	case VIDIOC_S_EXT_CTRLS:
		return extCtrls(static_cast<v4l2_ext_controls *>(arg), true);
	case VIDIOC_G_EXT_CTRLS:
		return extCtrls(static_cast<v4l2_ext_controls *>(arg), false);
	default:
		return -ENOTTY;
	}
}

} // namespace cedrus::test
