// SPDX-License-Identifier: MIT
#include "fake_camera.h"

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

namespace cedrus::test {

namespace {

constexpr off_t bufferStride = 0x100000;
constexpr off_t planeStride = 0x10000;

} // namespace

uint32_t FakeCamera::type() const
{
	return mplane() ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
}

int FakeCamera::open(const std::string &p, int)
{
	if (p != path)
		return -ENOENT;
	int fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	fd_ = fd;
	fourcc = V4L2_PIX_FMT_NV12;
	bpl_[0] = width_;
	size_[0] = width_ * height_ * 3 / 2;
	return fd;
}

std::span<std::byte> FakeCamera::planeMemory(Buffer &b, unsigned plane)
{
	if (memory == V4L2_MEMORY_MMAP)
		return b.mem[plane];
	return dmabufs ? dmabufs->find(b.fds[plane]) : std::span<std::byte>();
}

// Frame `frames` in the current format: luma n, Cb 100 + n, Cr 200 - n.
void FakeCamera::fill(Buffer &b)
{
	const unsigned n = frames;
	auto y = planeMemory(b, 0);
	if (y.size() < size_t(bpl_[0]) * height_)
		return;
	std::memset(y.data(), lumaOf(n), size_t(bpl_[0]) * height_);
	if (fourcc == V4L2_PIX_FMT_YUV420) {
		// Cb then Cr planes of bpl/2 x height/2 after the luma.
		size_t c = size_t(bpl_[0] / 2) * (height_ / 2);
		std::memset(y.data() + size_t(bpl_[0]) * height_, cbOf(n), c);
		std::memset(y.data() + size_t(bpl_[0]) * height_ + c, crOf(n), c);
		return;
	}
	std::span<std::byte> uv = planes_ == 2 ? planeMemory(b, 1)
					       : y.subspan(size_t(bpl_[0]) * height_);
	const uint32_t cbpl = planes_ == 2 ? bpl_[1] : bpl_[0];
	if (uv.size() < size_t(cbpl) * (height_ / 2))
		return;
	for (size_t i = 0; i + 1 < size_t(cbpl) * (height_ / 2); i += 2) {
		uv[i] = std::byte(cbOf(n));
		uv[i + 1] = std::byte(crOf(n));
	}
}

int FakeCamera::ioctl(int fd, unsigned long request, void *arg)
{
	if (fd != fd_)
		return -EBADF;
	calls.push_back(ioctlName(request));

	switch (request) {
	case VIDIOC_QUERYCAP: {
		auto *cap = static_cast<v4l2_capability *>(arg);
		*cap = {};
		std::strcpy(reinterpret_cast<char *>(cap->driver), "fake-cam");
		std::strcpy(reinterpret_cast<char *>(cap->card), "Fake camera");
		cap->device_caps = (mplane() ? V4L2_CAP_VIDEO_CAPTURE_MPLANE
					     : V4L2_CAP_VIDEO_CAPTURE) |
				   V4L2_CAP_STREAMING;
		cap->capabilities = cap->device_caps | V4L2_CAP_DEVICE_CAPS;
		return 0;
	}
	case VIDIOC_ENUM_FMT: {
		auto *d = static_cast<v4l2_fmtdesc *>(arg);
		const uint32_t list[] = { V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_YUV420,
					  V4L2_PIX_FMT_NV12M };
		if (d->type != type() || d->index >= (mplane() ? 3u : 2u))
			return -EINVAL;
		d->pixelformat = list[d->index];
		return 0;
	}
	case VIDIOC_G_FMT:
	case VIDIOC_S_FMT: {
		auto *f = static_cast<v4l2_format *>(arg);
		if (f->type != type())
			return -EINVAL;
		if (request == VIDIOC_S_FMT) {
			if (!bufs_.empty())
				return -EBUSY;
			uint32_t want = mplane() ? f->fmt.pix_mp.pixelformat
						 : f->fmt.pix.pixelformat;
			uint32_t w = mplane() ? f->fmt.pix_mp.width : f->fmt.pix.width;
			uint32_t h = mplane() ? f->fmt.pix_mp.height : f->fmt.pix.height;
			fourcc = want == V4L2_PIX_FMT_YUV420 ||
						 (want == V4L2_PIX_FMT_NV12M && mplane())
					 ? want
					 : V4L2_PIX_FMT_NV12;
			width_ = (w + 1) & ~1u;
			height_ = (h + 1) & ~1u;
			planes_ = fourcc == V4L2_PIX_FMT_NV12M ? 2 : 1;
			bpl_[0] = bpl_[1] = width_;
			if (planes_ == 2) {
				size_[0] = width_ * height_;
				size_[1] = width_ * height_ / 2;
			} else {
				size_[0] = width_ * height_ * 3 / 2;
			}
		}
		if (!mplane()) {
			f->fmt.pix = { width_,
				       height_,
				       fourcc,
				       V4L2_FIELD_NONE,
				       bpl_[0],
				       size_[0],
				       V4L2_COLORSPACE_REC709,
				       0,
				       0,
				       { 0 },
				       0,
				       0 };
			return 0;
		}
		v4l2_pix_format_mplane &mp = f->fmt.pix_mp;
		mp = {};
		mp.width = width_;
		mp.height = height_;
		mp.pixelformat = fourcc;
		mp.field = V4L2_FIELD_NONE;
		mp.num_planes = uint8_t(planes_);
		for (unsigned p = 0; p < planes_; p++) {
			mp.plane_fmt[p].bytesperline = bpl_[p];
			mp.plane_fmt[p].sizeimage = size_[p];
		}
		return 0;
	}
	case VIDIOC_S_PARM: {
		auto *p = static_cast<v4l2_streamparm *>(arg);
		if (noFrameRate)
			return -ENOTTY;
		if (p->type != type())
			return -EINVAL;
		timePerFrame = p->parm.capture.timeperframe;
		p->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
		return 0;
	}
	case VIDIOC_REQBUFS:
	case VIDIOC_CREATE_BUFS: {
		uint32_t count, mem, sizes[2] = { size_[0], size_[1] };
		if (request == VIDIOC_CREATE_BUFS) {
			if (noCreateBufs)
				return -ENOTTY;
			auto *c = static_cast<v4l2_create_buffers *>(arg);
			if (c->format.type != type())
				return -EINVAL;
			for (unsigned p = 0; p < planes_; p++) {
				uint32_t s = mplane() ? c->format.fmt.pix_mp.plane_fmt[p].sizeimage
						      : c->format.fmt.pix.sizeimage;
				if (s < size_[p])
					return -EINVAL;
				sizes[p] = s;
				createdSizes.push_back(s);
			}
			count = c->count;
			mem = c->memory;
			c->index = uint32_t(bufs_.size());
		} else {
			auto *r = static_cast<v4l2_requestbuffers *>(arg);
			if (r->type != type())
				return -EINVAL;
			count = r->count;
			mem = r->memory;
			bufs_.clear();
			queued_.clear();
		}
		if (mem != V4L2_MEMORY_MMAP && mem != V4L2_MEMORY_DMABUF)
			return -EINVAL;
		memory = mem;
		for (uint32_t i = 0; i < count; i++) {
			Buffer b;
			b.fds.assign(planes_, -1);
			for (unsigned p = 0; p < planes_ && mem == V4L2_MEMORY_MMAP; p++)
				b.mem.emplace_back(sizes[p]);
			bufs_.push_back(std::move(b));
		}
		return 0;
	}
	case VIDIOC_QUERYBUF: {
		auto *b = static_cast<v4l2_buffer *>(arg);
		if (b->type != type() || b->index >= bufs_.size())
			return -EINVAL;
		const Buffer &buf = bufs_[b->index];
		auto length = [&](unsigned p) {
			return memory == V4L2_MEMORY_MMAP ? uint32_t(buf.mem[p].size()) : size_[p];
		};
		off_t base = off_t(b->index) * bufferStride;
		if (!mplane()) {
			b->length = length(0);
			b->m.offset = uint32_t(base);
			return 0;
		}
		if (!b->m.planes || b->length < planes_)
			return -EINVAL;
		b->length = planes_;
		for (unsigned p = 0; p < planes_; p++) {
			b->m.planes[p].length = length(p);
			b->m.planes[p].m.mem_offset = uint32_t(base + off_t(p) * planeStride);
		}
		return 0;
	}
	case VIDIOC_EXPBUF: {
		auto *e = static_cast<v4l2_exportbuffer *>(arg);
		if (noExpbuf)
			return -ENOTTY;
		if (e->type != type() || e->index >= bufs_.size() || memory != V4L2_MEMORY_MMAP ||
		    e->plane >= planes_)
			return -EINVAL;
		auto &mem = bufs_[e->index].mem[e->plane];
		int dfd = dmabufs ? dmabufs->addView(mem) : eventfd(0, EFD_CLOEXEC);
		if (dfd < 0)
			return dmabufs ? dfd : -errno;
		e->fd = dfd;
		exported++;
		return 0;
	}
	case VIDIOC_QBUF: {
		auto *b = static_cast<v4l2_buffer *>(arg);
		if (b->type != type() || b->index >= bufs_.size() || bufs_[b->index].queued ||
		    b->memory != memory)
			return -EINVAL;
		if (mplane() && (!b->m.planes || b->length < planes_))
			return -EINVAL;
		Buffer &buf = bufs_[b->index];
		if (memory == V4L2_MEMORY_DMABUF) {
			if (qbufDmabufErrno)
				return -qbufDmabufErrno;
			for (unsigned p = 0; p < planes_; p++) {
				int fd = mplane() ? b->m.planes[p].m.fd : b->m.fd;
				uint32_t length = mplane() ? b->m.planes[p].length : b->length;
				if (fd < 0 || length < size_[p])
					return -EINVAL;
				buf.fds[p] = fd;
			}
		}
		buf.queued = true;
		queued_.push_back(b->index);
		return 0;
	}
	case VIDIOC_DQBUF: {
		auto *b = static_cast<v4l2_buffer *>(arg);
		if (b->type != type())
			return -EINVAL;
		if (mplane() && (!b->m.planes || b->length < planes_))
			return -EINVAL;
		if (!streaming_ || queued_.empty())
			return -EAGAIN;
		unsigned i = queued_.front();
		queued_.pop_front();
		Buffer &buf = bufs_[i];
		buf.queued = false;
		fill(buf);
		b->index = i;
		if (mplane()) {
			b->length = planes_;
			for (unsigned p = 0; p < planes_; p++)
				b->m.planes[p].bytesused = size_[p];
		} else {
			b->bytesused = size_[0];
		}
		b->flags = 0;
		b->sequence = frames;
		b->timestamp = { 100, suseconds_t(frames * 33333) };
		frames++;
		return 0;
	}
	case VIDIOC_STREAMON:
	case VIDIOC_STREAMOFF:
		if (uint32_t(*static_cast<int *>(arg)) != type())
			return -EINVAL;
		streaming_ = request == VIDIOC_STREAMON;
		if (!streaming_) {
			queued_.clear();
			for (auto &b : bufs_)
				b.queued = false;
		}
		return 0;
	default:
		return -ENOTTY;
	}
}

void *FakeCamera::mmap(size_t length, int, int, int fd, off_t offset, int *err)
{
	size_t index = size_t(offset / bufferStride);
	size_t plane = size_t((offset % bufferStride) / planeStride);
	if (fd != fd_ || index >= bufs_.size() || plane >= bufs_[index].mem.size() ||
	    length > bufs_[index].mem[plane].size()) {
		*err = EINVAL;
		return nullptr;
	}
	return bufs_[index].mem[plane].data();
}

void FakeCamera::munmap(void *, size_t) {}

int FakeCamera::poll(int, short events, int)
{
	return streaming_ && !queued_.empty() ? (POLLIN & events) : 0;
}

FakeSystem::FakeSystem(Api encoderApi, Api cameraApi) : encoder(encoderApi), camera(cameraApi)
{
	encoder.dmabufs = &dmabufs;
	camera.dmabufs = &dmabufs;
}

int FakeSystem::open(const std::string &path, int flags)
{
	IoctlBackend *dev = nullptr;
	std::string canonical = path;
	if (path == FakeEncoder::path)
		dev = &encoder;
	else if (path == FakeCamera::path)
		dev = &camera;
	else if (path == FakeCmaHeap::path && heap)
		dev = &cmaHeap;
	else if (path == FakeDrm::path && drm)
		dev = &drmDevice;
	else if (auto it = aliases.find(path); it != aliases.end())
		dev = it->second;
	if (!dev)
		return -ENOENT;
	if (dev == &encoder)
		canonical = FakeEncoder::path;
	else if (dev == &camera)
		canonical = FakeCamera::path;
	int fd = dev->open(canonical, flags);
	if (fd >= 0) {
		fds_[fd] = dev;
		dmabufs.forget(fd);
	}
	return fd;
}

IoctlBackend *FakeSystem::owner(int fd)
{
	if (dmabufs.owns(fd))
		return &dmabufs;
	auto it = fds_.find(fd);
	return it == fds_.end() ? nullptr : it->second;
}

int FakeSystem::ioctl(int fd, unsigned long request, void *arg)
{
	IoctlBackend *dev = owner(fd);
	return dev ? dev->ioctl(fd, request, arg) : -EBADF;
}

void *FakeSystem::mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err)
{
	IoctlBackend *dev = owner(fd);
	if (!dev) {
		*err = EBADF;
		return nullptr;
	}
	return dev->mmap(length, prot, flags, fd, offset, err);
}

void FakeSystem::munmap(void *, size_t) {}

int FakeSystem::poll(int fd, short events, int timeoutMs)
{
	IoctlBackend *dev = owner(fd);
	return dev ? dev->poll(fd, events, timeoutMs) : -EBADF;
}

} // namespace cedrus::test
