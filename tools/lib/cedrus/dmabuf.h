// SPDX-License-Identifier: MIT
// dma-buf owners and allocators: the DMA-BUF CMA heap and DRM dumb buffers
// exported with PRIME. The CMA heap gives physically contiguous memory, which
// the Video Engine (no IOMMU) can import; DRM dumb buffers are contiguous
// only with a GEM DMA driver such as sun4i-drm (not vkms or virtio-gpu).
#pragma once

#include "cedrus/ioctl_backend.h"
#include "cedrus/result.h"
#include "cedrus/unique_fd.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace cedrus {

// One dma-buf: its fd and size; mapped on demand.
class DmaBuffer {
public:
	DmaBuffer() = default;
	DmaBuffer(IoctlBackend &backend, UniqueFD fd, size_t size)
		: backend_(&backend), fd_(std::move(fd)), size_(size)
	{}

	[[nodiscard]] int fd() const { return fd_.get(); }
	[[nodiscard]] size_t size() const { return size_; }
	[[nodiscard]] bool isValid() const { return fd_.isValid(); }
	// mmap the whole buffer (read/write, shared); cached after the first call.
	Result<std::span<std::byte>> map();

private:
	IoctlBackend *backend_ = nullptr;
	UniqueFD fd_;
	size_t size_ = 0;
	MappedRegion map_;
};

enum class SyncAccess { Read, Write, ReadWrite };

// Brackets CPU access to a dma-buf with DMA_BUF_IOCTL_SYNC START ... END.
class DmaBufSync {
public:
	DmaBufSync(IoctlBackend &backend, int fd, SyncAccess access);
	~DmaBufSync();
	DmaBufSync(const DmaBufSync &) = delete;
	DmaBufSync &operator=(const DmaBufSync &) = delete;

	// The START ioctl's result (failure is logged; CPU access still works on
	// coherent systems, so callers may continue).
	[[nodiscard]] const Status &status() const { return status_; }

private:
	IoctlBackend &backend_;
	int fd_;
	uint64_t flags_;
	Status status_;
};

// Heap names tried in order: default_cma_region (6.17+), then the older
// platform-dependent names.
[[nodiscard]] const std::vector<std::string> &cmaHeapNames();

class CmaHeapAllocator {
public:
	// Opens the first CMA heap that exists under /dev/dma_heap.
	static Result<std::unique_ptr<CmaHeapAllocator>>
	open(IoctlBackend &backend = systemBackend(), const std::string &dir = "/dev/dma_heap");
	[[nodiscard]] const std::string &heapName() const { return name_; }
	Result<DmaBuffer> allocate(size_t size);

private:
	CmaHeapAllocator(IoctlBackend &backend, UniqueFD fd, std::string name)
		: backend_(backend), fd_(std::move(fd)), name_(std::move(name))
	{}

	IoctlBackend &backend_;
	UniqueFD fd_;
	std::string name_;
};

// A GEM handle, closed (DRM_IOCTL_GEM_CLOSE, what drmCloseBufferHandle does)
// on destruction. The ioctl goes through the backend like every other one.
class GemHandle {
public:
	GemHandle(IoctlBackend &backend, int drmFd, uint32_t handle)
		: backend_(backend), fd_(drmFd), handle_(handle)
	{}
	~GemHandle();
	GemHandle(const GemHandle &) = delete;
	GemHandle &operator=(const GemHandle &) = delete;
	[[nodiscard]] uint32_t get() const { return handle_; }

private:
	IoctlBackend &backend_;
	int fd_;
	uint32_t handle_;
};

class DrmDumbAllocator {
public:
	// Opens the first /dev/dri/card* that can create dumb buffers
	// (DRM_CAP_DUMB_BUFFER), or `path`.
	static Result<std::unique_ptr<DrmDumbAllocator>>
	open(IoctlBackend &backend = systemBackend(), const std::string &path = {});
	[[nodiscard]] const std::string &path() const { return path_; }
	// The DRM driver's name (DRM_IOCTL_VERSION), e.g. "sun4i-drm", "vkms".
	[[nodiscard]] const std::string &driver() const { return driver_; }
	// A buffer of at least `size` bytes: bpp=8, width `stride`, enough rows,
	// exported with PRIME (DRM_IOCTL_PRIME_HANDLE_TO_FD).
	Result<DmaBuffer> allocate(size_t size, uint32_t stride);

private:
	DrmDumbAllocator(IoctlBackend &backend, UniqueFD fd, std::string path, std::string driver)
		: backend_(backend), fd_(std::move(fd)), path_(std::move(path)),
		  driver_(std::move(driver))
	{}

	IoctlBackend &backend_;
	UniqueFD fd_;
	std::string path_;
	std::string driver_;
};

} // namespace cedrus
