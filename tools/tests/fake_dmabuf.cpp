// SPDX-License-Identifier: MIT
#include "fake_dmabuf.h"

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/eventfd.h>

namespace cedrus::test {

void *IoctlOnlyNode::mmap(size_t, int, int, int, off_t, int *err)
{
	*err = ENODEV;
	return nullptr;
}

void IoctlOnlyNode::munmap(void *, size_t) {}

int IoctlOnlyNode::poll(int, short, int)
{
	return 0;
}

int FakeDmaBufs::create(size_t size)
{
	storage_.emplace_back(size);
	return addView(storage_.back());
}

int FakeDmaBufs::addView(std::span<std::byte> mem)
{
	int fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	bufs_[fd] = mem;
	return fd;
}

std::span<std::byte> FakeDmaBufs::find(int fd) const
{
	auto it = bufs_.find(fd);
	return it == bufs_.end() ? std::span<std::byte>() : it->second;
}

int FakeDmaBufs::open(const std::string &, int)
{
	return -ENOENT;
}

int FakeDmaBufs::ioctl(int fd, unsigned long request, void *arg)
{
	if (!owns(fd))
		return -EBADF;
	if (request != DMA_BUF_IOCTL_SYNC)
		return -ENOTTY;
	auto *sync = static_cast<dma_buf_sync *>(arg);
	if (sync->flags & DMA_BUF_SYNC_END)
		syncEnds++;
	else
		syncStarts++;
	return 0;
}

void *FakeDmaBufs::mmap(size_t length, int, int, int fd, off_t offset, int *err)
{
	auto mem = find(fd);
	if (mem.empty() || offset != 0 || length > mem.size()) {
		*err = EINVAL;
		return nullptr;
	}
	return mem.data();
}

void FakeDmaBufs::munmap(void *, size_t) {}

int FakeDmaBufs::poll(int, short, int)
{
	return 0;
}

int FakeCmaHeap::open(const std::string &p, int)
{
	if (p != path)
		return -ENOENT;
	fd_ = eventfd(0, EFD_CLOEXEC);
	return fd_ < 0 ? -errno : fd_;
}

int FakeCmaHeap::ioctl(int fd, unsigned long request, void *arg)
{
	if (fd != fd_)
		return -EBADF;
	if (request != DMA_HEAP_IOCTL_ALLOC)
		return -ENOTTY;
	auto *data = static_cast<dma_heap_allocation_data *>(arg);
	if (data->len == 0 || data->fd != 0)
		return -EINVAL;
	int buf = bufs_.create(data->len);
	if (buf < 0)
		return buf;
	allocations.push_back(data->len);
	data->fd = static_cast<uint32_t>(buf);
	return 0;
}

int FakeDrm::open(const std::string &p, int)
{
	if (p != path)
		return -ENOENT;
	fd_ = eventfd(0, EFD_CLOEXEC);
	return fd_ < 0 ? -errno : fd_;
}

int FakeDrm::ioctl(int fd, unsigned long request, void *arg)
{
	if (fd != fd_)
		return -EBADF;
	switch (request) {
	case DRM_IOCTL_GET_CAP: {
		auto *cap = static_cast<drm_get_cap *>(arg);
		if (cap->capability != DRM_CAP_DUMB_BUFFER)
			return -EINVAL;
		cap->value = dumbBuffers;
		return 0;
	}
	case DRM_IOCTL_VERSION: {
		auto *v = static_cast<drm_version *>(arg);
		const std::string name = "fake-drm";
		if (v->name && v->name_len)
			std::memcpy(v->name, name.data(), std::min(v->name_len, name.size()));
		v->name_len = name.size();
		return 0;
	}
	case DRM_IOCTL_MODE_CREATE_DUMB: {
		auto *c = static_cast<drm_mode_create_dumb *>(arg);
		if (!dumbBuffers || !c->width || !c->height || c->bpp != 8)
			return -EINVAL;
		c->pitch = (c->width + 63) & ~63u;
		c->size = uint64_t(c->pitch) * c->height;
		objects_.emplace_back(c->size);
		c->handle = uint32_t(objects_.size());
		created.push_back(*c);
		return 0;
	}
	case DRM_IOCTL_PRIME_HANDLE_TO_FD: {
		auto *p = static_cast<drm_prime_handle *>(arg);
		if (p->handle == 0 || p->handle > objects_.size() ||
		    (p->flags & ~uint32_t(DRM_CLOEXEC | DRM_RDWR)))
			return -EINVAL;
		int buf = bufs_.addView(objects_[p->handle - 1]);
		if (buf < 0)
			return buf;
		p->fd = buf;
		exported++;
		return 0;
	}
	case DRM_IOCTL_GEM_CLOSE: {
		auto *c = static_cast<drm_gem_close *>(arg);
		if (c->handle == 0 || c->handle > objects_.size())
			return -EINVAL;
		closed.push_back(c->handle);
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

} // namespace cedrus::test
