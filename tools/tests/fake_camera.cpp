// SPDX-License-Identifier: MIT
#include "fake_camera.h"

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

namespace cedrus::test {

int FakeCamera::open(const std::string &p, int)
{
	if (p != path)
		return -ENOENT;
	int fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	fd_ = fd;
	fmt_ = { 640, 480, V4L2_PIX_FMT_NV12, V4L2_FIELD_NONE, 640, 640 * 480 * 3 / 2,
		 V4L2_COLORSPACE_REC709, 0, 0, { 0 }, 0, 0 };
	return fd;
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
		cap->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
		cap->capabilities = cap->device_caps | V4L2_CAP_DEVICE_CAPS;
		return 0;
	}
	case VIDIOC_ENUM_FMT: {
		auto *d = static_cast<v4l2_fmtdesc *>(arg);
		if (d->index > 0 || d->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
			return -EINVAL;
		d->pixelformat = V4L2_PIX_FMT_NV12;
		return 0;
	}
	case VIDIOC_G_FMT: {
		auto *f = static_cast<v4l2_format *>(arg);
		if (f->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
			return -EINVAL;
		f->fmt.pix = fmt_;
		return 0;
	}
	case VIDIOC_S_FMT: {
		auto *f = static_cast<v4l2_format *>(arg);
		if (f->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
			return -EINVAL;
		if (!bufs_.empty())
			return -EBUSY;
		v4l2_pix_format &p = f->fmt.pix;
		p.pixelformat = V4L2_PIX_FMT_NV12;
		p.width = (p.width + 1) & ~1u;
		p.height = (p.height + 1) & ~1u;
		p.bytesperline = p.width;
		p.sizeimage = p.width * p.height * 3 / 2;
		p.field = V4L2_FIELD_NONE;
		fmt_ = p;
		return 0;
	}
	case VIDIOC_S_PARM:
		return -ENOTTY;
	case VIDIOC_REQBUFS:
	case VIDIOC_CREATE_BUFS: {
		uint32_t count, mem, size = fmt_.sizeimage;
		if (request == VIDIOC_CREATE_BUFS) {
			if (noCreateBufs)
				return -ENOTTY;
			auto *c = static_cast<v4l2_create_buffers *>(arg);
			if (c->format.fmt.pix.sizeimage < fmt_.sizeimage)
				return -EINVAL;
			size = createdSize = c->format.fmt.pix.sizeimage;
			count = c->count;
			mem = c->memory;
			c->index = uint32_t(bufs_.size());
		} else {
			auto *r = static_cast<v4l2_requestbuffers *>(arg);
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
			b.mem.resize(size);
			bufs_.push_back(std::move(b));
		}
		return 0;
	}
	case VIDIOC_QUERYBUF: {
		auto *b = static_cast<v4l2_buffer *>(arg);
		if (b->index >= bufs_.size())
			return -EINVAL;
		b->length = uint32_t(bufs_[b->index].mem.size());
		b->m.offset = b->index * 0x100000;
		return 0;
	}
	case VIDIOC_EXPBUF: {
		auto *e = static_cast<v4l2_exportbuffer *>(arg);
		if (e->index >= bufs_.size() || memory != V4L2_MEMORY_MMAP)
			return -EINVAL;
		// Any real fd stands in for the dma-buf.
		int dfd = eventfd(0, EFD_CLOEXEC);
		if (dfd < 0)
			return -errno;
		e->fd = dfd;
		exported++;
		return 0;
	}
	case VIDIOC_QBUF: {
		auto *b = static_cast<v4l2_buffer *>(arg);
		if (b->index >= bufs_.size() || bufs_[b->index].queued || b->memory != memory)
			return -EINVAL;
		if (memory == V4L2_MEMORY_DMABUF && (b->m.fd < 0 || b->length < fmt_.sizeimage))
			return -EINVAL;
		bufs_[b->index].queued = true;
		queued_.push_back(b->index);
		return 0;
	}
	case VIDIOC_DQBUF: {
		auto *b = static_cast<v4l2_buffer *>(arg);
		if (!streaming_ || queued_.empty())
			return -EAGAIN;
		unsigned i = queued_.front();
		queued_.pop_front();
		Buffer &buf = bufs_[i];
		buf.queued = false;
		// The frame: every luma byte is the frame number.
		std::memset(buf.mem.data(), int(frames & 0xff), fmt_.bytesperline * fmt_.height);
		b->index = i;
		b->bytesused = fmt_.sizeimage;
		b->flags = 0;
		b->sequence = frames;
		b->timestamp = { 100, suseconds_t(frames * 33333) };
		frames++;
		return 0;
	}
	case VIDIOC_STREAMON:
		streaming_ = true;
		return 0;
	case VIDIOC_STREAMOFF:
		streaming_ = false;
		queued_.clear();
		for (auto &b : bufs_)
			b.queued = false;
		return 0;
	default:
		return -ENOTTY;
	}
}

void *FakeCamera::mmap(size_t length, int, int, int fd, off_t offset, int *err)
{
	size_t index = size_t(offset / 0x100000);
	if (fd != fd_ || index >= bufs_.size() || length > bufs_[index].mem.size()) {
		*err = EINVAL;
		return nullptr;
	}
	return bufs_[index].mem.data();
}

void FakeCamera::munmap(void *, size_t)
{
}

int FakeCamera::poll(int, short events, int)
{
	return streaming_ && !queued_.empty() ? (POLLIN & events) : 0;
}

int FakeSystem::open(const std::string &path, int flags)
{
	IoctlBackend *dev = path == FakeEncoder::path ? static_cast<IoctlBackend *>(&encoder)
			    : path == FakeCamera::path ? static_cast<IoctlBackend *>(&camera)
						       : nullptr;
	if (!dev)
		return -ENOENT;
	int fd = dev->open(path, flags);
	if (fd >= 0)
		fds_[fd] = dev;
	return fd;
}

IoctlBackend *FakeSystem::owner(int fd)
{
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

void FakeSystem::munmap(void *, size_t)
{
}

int FakeSystem::poll(int fd, short events, int timeoutMs)
{
	IoctlBackend *dev = owner(fd);
	return dev ? dev->poll(fd, events, timeoutMs) : -EBADF;
}

} // namespace cedrus::test
