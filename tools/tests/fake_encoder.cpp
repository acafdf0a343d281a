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
	{ V4L2_CID_MPEG_VIDEO_GOP_CLOSURE, V4L2_CTRL_TYPE_BOOLEAN, "Video GOP Closure", 0, 1, 1, 0 },
	{ V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, V4L2_CTRL_TYPE_BUTTON, "Force Key Frame", 0, 0, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR, V4L2_CTRL_TYPE_BOOLEAN,
	  "Prepend SPS and PPS to IDR", 0, 1, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, V4L2_CTRL_TYPE_INTEGER, "H264 I-Frame QP Value",
	  0, 51, 26, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP, V4L2_CTRL_TYPE_INTEGER, "H264 P-Frame QP Value",
	  0, 51, 28, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_MIN_QP, V4L2_CTRL_TYPE_INTEGER, "H264 Minimum QP Value", 0,
	  51, 0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_MAX_QP, V4L2_CTRL_TYPE_INTEGER, "H264 Maximum QP Value", 0,
	  51, 51, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE, V4L2_CTRL_TYPE_MENU, "H264 Entropy Mode", 0, 1,
	  0, 0 },
	{ V4L2_CID_MPEG_VIDEO_H264_I_PERIOD, V4L2_CTRL_TYPE_INTEGER, "H264 I-Frame Period", 0,
	  1000, 0, 0 },
	// Extended (3) is not offered.
	{ V4L2_CID_MPEG_VIDEO_H264_PROFILE, V4L2_CTRL_TYPE_MENU, "H264 Profile", 0, 4, 2,
	  1u << 3 },
	{ V4L2_CID_MPEG_VIDEO_H264_LEVEL, V4L2_CTRL_TYPE_MENU, "H264 Level", 0, 13, 9, 0 },
};

const CtrlDef *findDef(uint32_t id)
{
	for (const auto &d : ctrlDefs)
		if (d.id == id)
			return &d;
	return nullptr;
}

} // namespace

FakeEncoder::FakeEncoder()
{
	// Driver defaults (not logged as client calls).
	v4l2_format f{};
	f.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	f.fmt.pix.width = 1280;
	f.fmt.pix.height = 720;
	setFormat(&f, true);
	f = {};
	f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
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
	// A real fd so that UniqueFD can close it.
	int fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	fd_ = fd;
	return fd;
}

FakeEncoder::Queue &FakeEncoder::queueFor(uint32_t type)
{
	return type == V4L2_BUF_TYPE_VIDEO_OUTPUT ? out_ : cap_;
}

int FakeEncoder::setFormat(v4l2_format *f, bool apply)
{
	if (f->type == V4L2_BUF_TYPE_VIDEO_OUTPUT) {
		if (!out_.bufs.empty() && apply)
			return -EBUSY;
		v4l2_pix_format &p = f->fmt.pix;
		p.pixelformat = V4L2_PIX_FMT_NV12;
		p.width = std::clamp(align16(p.width), 16u, maxSize);
		p.height = std::clamp(alignOutputHeight ? align16(p.height) : (p.height + 1) & ~1u,
				      16u, maxSize);
		p.bytesperline = p.width;
		p.sizeimage = p.bytesperline * align16(p.height) * 3 / 2;
		p.field = V4L2_FIELD_NONE;
		if (apply) {
			formatsSet.push_back(f->type);
			out_.fmt = p;
			crop = { 0, 0, p.width, p.height };
			cap_.fmt.width = align16(p.width);
			cap_.fmt.height = align16(p.height);
		}
		return 0;
	}
	if (f->type == V4L2_BUF_TYPE_VIDEO_CAPTURE) {
		if (!cap_.bufs.empty() && apply)
			return -EBUSY;
		v4l2_pix_format &p = f->fmt.pix;
		p.pixelformat = V4L2_PIX_FMT_H264;
		p.width = align16(out_.fmt.width);
		p.height = align16(out_.fmt.height);
		p.bytesperline = 0;
		p.sizeimage = std::max(p.sizeimage, out_.fmt.width * out_.fmt.height / 2);
		p.field = V4L2_FIELD_NONE;
		if (apply) {
			formatsSet.push_back(f->type);
			cap_.fmt = p;
			if (clobberOutputOnCaptureFmt) {
				out_.fmt.width = 640;
				out_.fmt.height = 480;
			}
		}
		return 0;
	}
	return -EINVAL;
}

void *FakeEncoder::mmap(size_t length, int, int, int fd, off_t offset, int *err)
{
	if (fd != fd_) {
		*err = EBADF;
		return nullptr;
	}
	Queue &q = offset >= captureOffset ? cap_ : out_;
	size_t index = size_t((offset % captureOffset) / 0x100000);
	if (index >= q.bufs.size() || length > q.bufs[index].mem.size()) {
		*err = EINVAL;
		return nullptr;
	}
	return q.bufs[index].mem.data();
}

void FakeEncoder::munmap(void *, size_t)
{
}

int FakeEncoder::poll(int, short events, int)
{
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

// Encode while both queues stream and have buffers.
void FakeEncoder::run()
{
	if (!out_.streaming || !cap_.streaming || (deferUntilStop && !draining_))
		return;
	while (!out_.pending.empty() && !cap_.pending.empty()) {
		unsigned oi = out_.pending.front();
		unsigned ci = cap_.pending.front();
		out_.pending.pop_front();
		cap_.pending.pop_front();
		Buffer &ob = out_.bufs[oi];
		Buffer &cb = cap_.bufs[ci];

		unsigned n = framesEncoded++;
		bool key = n == 0 || forceKey_;
		forceKey_ = false;
		cb.flags = key ? V4L2_BUF_FLAG_KEYFRAME : V4L2_BUF_FLAG_PFRAME;
		cb.timestamp = ob.timestamp;
		cb.flags |= V4L2_BUF_FLAG_TIMESTAMP_COPY;
		cb.sequence = sequence_++;
		if (int(n) == errorOnFrame) {
			cb.flags |= V4L2_BUF_FLAG_ERROR;
			cb.bytesused = 0;
			ob.flags |= V4L2_BUF_FLAG_ERROR;
		} else {
			uint32_t size = packetSize(n);
			auto *p = reinterpret_cast<uint8_t *>(cb.mem.data());
			std::memset(p, 0xa5, size);
			p[0] = p[1] = p[2] = 0;
			p[3] = 1;
			p[4] = key ? 0x65 : 0x41;
			p[5] = static_cast<uint8_t>(n);
			cb.bytesused = size;
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
	Queue &q = queueFor(b->type);
	if (b->index >= q.bufs.size() || b->memory != q.memory)
		return -EINVAL;
	Buffer &buf = q.bufs[b->index];
	if (buf.queued)
		return -EINVAL;
	if (&q == &out_) {
		if (q.memory == V4L2_MEMORY_DMABUF) {
			if (qbufDmabufErrno)
				return -qbufDmabufErrno;
			if (b->m.fd < 0)
				return -EINVAL;
			if (b->length && b->length < out_.fmt.sizeimage)
				return -EINVAL;
		}
		if (b->bytesused == 0)
			return -EINVAL;
		buf.timestamp = b->timestamp;
		buf.flags = 0;
	}
	buf.queued = true;
	b->field = V4L2_FIELD_NONE;
	q.pending.push_back(b->index);
	run();
	return 0;
}

int FakeEncoder::dequeueBuffer(v4l2_buffer *b)
{
	Queue &q = queueFor(b->type);
	if (q.done.empty()) {
		if (&q == &cap_ && lastDequeued_ && !noEpipe)
			return -EPIPE;
		return -EAGAIN;
	}
	unsigned i = q.done.front();
	q.done.pop_front();
	Buffer &buf = q.bufs[i];
	buf.queued = false;
	b->index = i;
	b->bytesused = buf.bytesused;
	b->flags = buf.flags;
	b->timestamp = buf.timestamp;
	b->sequence = buf.sequence;
	b->length = uint32_t(buf.mem.size());
	b->field = V4L2_FIELD_NONE;
	if (&q == &cap_ && (buf.flags & V4L2_BUF_FLAG_LAST))
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
		     (def->skipMask & (1ull << ctrl.value)))) {
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
		cap->device_caps = V4L2_CAP_VIDEO_M2M | V4L2_CAP_STREAMING;
		cap->capabilities = cap->device_caps | V4L2_CAP_DEVICE_CAPS;
		return 0;
	}
	case VIDIOC_ENUM_FMT: {
		auto *d = static_cast<v4l2_fmtdesc *>(arg);
		if (noEncoderFormats || d->index > 0)
			return -EINVAL;
		if (d->type == V4L2_BUF_TYPE_VIDEO_CAPTURE) {
			d->pixelformat = V4L2_PIX_FMT_H264;
			d->flags = V4L2_FMT_FLAG_COMPRESSED;
		} else if (d->type == V4L2_BUF_TYPE_VIDEO_OUTPUT) {
			d->pixelformat = V4L2_PIX_FMT_NV12;
		} else {
			return -EINVAL;
		}
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
		if (f->type != V4L2_BUF_TYPE_VIDEO_OUTPUT && f->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
			return -EINVAL;
		f->fmt.pix = queueFor(f->type).fmt;
		return 0;
	}
	case VIDIOC_S_FMT:
		return setFormat(static_cast<v4l2_format *>(arg), true);
	case VIDIOC_TRY_FMT:
		return setFormat(static_cast<v4l2_format *>(arg), false);
	case VIDIOC_S_SELECTION: {
		auto *s = static_cast<v4l2_selection *>(arg);
		if (s->type != V4L2_BUF_TYPE_VIDEO_OUTPUT || s->target != V4L2_SEL_TGT_CROP)
			return -EINVAL;
		s->r.left = s->r.top = 0;
		s->r.width = std::min(s->r.width, out_.fmt.width);
		s->r.height = std::min(s->r.height, out_.fmt.height);
		crop = s->r;
		return 0;
	}
	case VIDIOC_S_PARM: {
		auto *p = static_cast<v4l2_streamparm *>(arg);
		if (p->type != V4L2_BUF_TYPE_VIDEO_OUTPUT)
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
		Queue &q = queueFor(r->type);
		if (q.streaming)
			return -EBUSY;
		if (reqbufsErrno && r->count)
			return -reqbufsErrno;
		if (r->memory != V4L2_MEMORY_MMAP && r->memory != V4L2_MEMORY_DMABUF)
			return -EINVAL;
		if (&q == &cap_ && r->memory != V4L2_MEMORY_MMAP)
			return -EINVAL;
		q.memory = r->memory;
		q.bufs.clear();
		q.pending.clear();
		q.done.clear();
		r->count = std::min(r->count, 8u);
		q.bufs.resize(r->count);
		for (auto &b : q.bufs)
			b.mem.resize(q.fmt.sizeimage);
		return 0;
	}
	case VIDIOC_QUERYBUF: {
		auto *b = static_cast<v4l2_buffer *>(arg);
		Queue &q = queueFor(b->type);
		if (b->index >= q.bufs.size())
			return -EINVAL;
		b->length = uint32_t(q.bufs[b->index].mem.size());
		b->m.offset = (&q == &cap_ ? captureOffset : 0) + b->index * 0x100000;
		return 0;
	}
	case VIDIOC_QBUF:
		return queueBuffer(static_cast<v4l2_buffer *>(arg));
	case VIDIOC_DQBUF:
		return dequeueBuffer(static_cast<v4l2_buffer *>(arg));
	case VIDIOC_STREAMON: {
		Queue &q = queueFor(uint32_t(*static_cast<int *>(arg)));
		if (q.bufs.empty())
			return -EINVAL;
		q.streaming = true;
		run();
		return 0;
	}
	case VIDIOC_STREAMOFF: {
		Queue &q = queueFor(uint32_t(*static_cast<int *>(arg)));
		q.streaming = false;
		q.pending.clear();
		q.done.clear();
		for (auto &b : q.bufs)
			b.queued = false;
		if (&q == &cap_)
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
