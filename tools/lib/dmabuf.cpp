// SPDX-License-Identifier: MIT
#include "cedrus/dmabuf.h"

#include "cedrus/device.h"
#include "cedrus/log.h"

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include <drm.h>
#include <drm_mode.h>

#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>

namespace cedrus {

using log::Category;

Result<std::span<std::byte>> DmaBuffer::map()
{
	if (map_.isValid())
		return map_.span();
	int err = 0;
	void *p = backend_->mmap(size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(), 0, &err);
	if (!p)
		return makeError("mmap(dma-buf)", err);
	map_ = MappedRegion(backend_, p, size_);
	return map_.span();
}

static uint64_t syncFlags(SyncAccess a)
{
	switch (a) {
	case SyncAccess::Read:
		return DMA_BUF_SYNC_READ;
	case SyncAccess::Write:
		return DMA_BUF_SYNC_WRITE;
	case SyncAccess::ReadWrite:
		return DMA_BUF_SYNC_RW;
	}
	return DMA_BUF_SYNC_RW;
}

DmaBufSync::DmaBufSync(IoctlBackend &backend, int fd, SyncAccess access)
	: backend_(backend), fd_(fd), flags_(syncFlags(access))
{
	dma_buf_sync sync{};
	sync.flags = DMA_BUF_SYNC_START | flags_;
	if (int ret = doIoctl(backend_, fd_, "dma-buf", DMA_BUF_IOCTL_SYNC, &sync); ret < 0) {
		status_ = makeError("DMA_BUF_IOCTL_SYNC(START)", -ret);
		log::warning(Category::Dmabuf, "dma-buf {}: {}", fd_, status_.error().message());
	}
}

DmaBufSync::~DmaBufSync()
{
	if (!status_)
		return;
	dma_buf_sync sync{};
	sync.flags = DMA_BUF_SYNC_END | flags_;
	if (int ret = doIoctl(backend_, fd_, "dma-buf", DMA_BUF_IOCTL_SYNC, &sync); ret < 0)
		log::warning(Category::Dmabuf, "dma-buf {}: DMA_BUF_IOCTL_SYNC(END) failed: {}",
			     fd_, ret);
}

const std::vector<std::string> &cmaHeapNames()
{
	static const std::vector<std::string> names = { "default_cma_region", "linux,cma",
							"reserved", "default-pool" };
	return names;
}

Result<std::unique_ptr<CmaHeapAllocator>> CmaHeapAllocator::open(IoctlBackend &backend,
								 const std::string &dir)
{
	std::string tried;
	for (const auto &name : cmaHeapNames()) {
		std::string path = dir + "/" + name;
		int fd = backend.open(path, O_RDWR);
		if (fd >= 0) {
			log::info(Category::Dmabuf, "{}: using CMA heap", path);
			return std::unique_ptr<CmaHeapAllocator>(
				new CmaHeapAllocator(backend, UniqueFD(fd), name));
		}
		appendItem(tried, ", ", name);
	}
	return makeError("open CMA heap", ENOENT,
			 fmt::format("none of {} exists in {} (CONFIG_DMABUF_HEAPS_CMA)", tried,
				     dir));
}

Result<DmaBuffer> CmaHeapAllocator::allocate(size_t size)
{
	dma_heap_allocation_data data{};
	data.len = size;
	data.fd_flags = O_RDWR | O_CLOEXEC;
	if (int ret = doIoctl(backend_, fd_.get(), name_, DMA_HEAP_IOCTL_ALLOC, &data); ret < 0)
		return makeError(fmt::format("DMA_HEAP_IOCTL_ALLOC({}, {} bytes)", name_, size),
				 -ret);
	return DmaBuffer(backend_, UniqueFD(static_cast<int>(data.fd)), size);
}

GemHandle::~GemHandle()
{
	drm_gem_close close{};
	close.handle = handle_;
	if (int ret = doIoctl(backend_, fd_, "drm", DRM_IOCTL_GEM_CLOSE, &close); ret < 0)
		log::warning(Category::Drm, "DRM_IOCTL_GEM_CLOSE({}) failed: {}", handle_,
			     std::strerror(-ret));
}

Result<std::unique_ptr<DrmDumbAllocator>> DrmDumbAllocator::open(IoctlBackend &backend,
								 const std::string &path)
{
	std::vector<std::string> candidates;
	if (!path.empty())
		candidates.push_back(path);
	else
		for (int i = 0; i < 8; i++)
			candidates.push_back(fmt::format("/dev/dri/card{}", i));

	for (const auto &p : candidates) {
		int fd = backend.open(p, O_RDWR);
		if (fd < 0)
			continue;
		UniqueFD owner(fd);
		drm_get_cap cap{};
		cap.capability = DRM_CAP_DUMB_BUFFER;
		if (doIoctl(backend, fd, p, DRM_IOCTL_GET_CAP, &cap) < 0 || !cap.value)
			continue;
		char name[64] = {};
		drm_version version{};
		version.name = name;
		version.name_len = sizeof(name) - 1;
		std::string driver = "?";
		if (doIoctl(backend, fd, p, DRM_IOCTL_VERSION, &version) == 0)
			driver.assign(name, strnlen(name, sizeof(name) - 1));
		log::info(Category::Drm, "{} ({}): using DRM dumb buffers", p, driver);
		return std::unique_ptr<DrmDumbAllocator>(
			new DrmDumbAllocator(backend, std::move(owner), p, std::move(driver)));
	}
	return makeError("open DRM device", ENOENT,
			 path.empty() ? "no /dev/dri/card* with dumb buffer support"
				      : fmt::format("{} has no dumb buffer support", path));
}

Result<DmaBuffer> DrmDumbAllocator::allocate(size_t size, uint32_t stride)
{
	drm_mode_create_dumb create{};
	create.width = stride;
	create.bpp = 8;
	create.height = static_cast<uint32_t>((size + stride - 1) / stride);
	if (int ret = doIoctl(backend_, fd_.get(), path_, DRM_IOCTL_MODE_CREATE_DUMB, &create);
	    ret < 0)
		return makeError(fmt::format("DRM_IOCTL_MODE_CREATE_DUMB({}x{})", stride,
					     create.height),
				 -ret);
	GemHandle handle(backend_, fd_.get(), create.handle);
	if (create.size < size)
		return makeError("DRM_IOCTL_MODE_CREATE_DUMB", 0,
				 fmt::format("got {} bytes, need {}", create.size, size));

	drm_prime_handle prime{};
	prime.handle = handle.get();
	prime.flags = DRM_CLOEXEC | DRM_RDWR;
	if (int ret = doIoctl(backend_, fd_.get(), path_, DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime);
	    ret < 0)
		return makeError("DRM_IOCTL_PRIME_HANDLE_TO_FD", -ret);
	log::info(Category::Drm, "{}: dumb buffer {}x{} (pitch {}, {} bytes) exported as dma-buf",
		  path_, create.width, create.height, create.pitch, create.size);
	// The dma-buf keeps the object alive; the GEM handle is closed here.
	return DmaBuffer(backend_, UniqueFD(prime.fd), static_cast<size_t>(create.size));
}

} // namespace cedrus
