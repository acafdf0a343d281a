// SPDX-License-Identifier: MIT
// Fake dma-bufs for the fake devices: a registry of fds standing for
// memory (allocated here, as a DMA-BUF heap would, or exported from a fake
// device's buffer), answering mmap and DMA_BUF_IOCTL_SYNC, plus a fake CMA
// heap that allocates from it. The fds are eventfds, so the code under test
// can close them like real dma-bufs.
#pragma once

#include "cedrus/ioctl_backend.h"

#include <drm.h>
#include <drm_mode.h>

#include <cstddef>
#include <deque>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace cedrus::test {

// A fake node that only answers open() and ioctl(): no mmap, never ready.
class IoctlOnlyNode : public IoctlBackend {
public:
	void *mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err) override;
	void munmap(void *addr, size_t length) override;
	int poll(int fd, short events, int timeoutMs) override;
};

class FakeDmaBufs final : public IoctlBackend {
public:
	// A new dma-buf of `size` zeroed bytes; returns its fd or -errno.
	int create(size_t size);
	// A dma-buf for memory owned by someone else (EXPBUF).
	int addView(std::span<std::byte> mem);
	// The memory behind fd; empty when fd is not a known dma-buf.
	[[nodiscard]] std::span<std::byte> find(int fd) const;
	[[nodiscard]] bool owns(int fd) const { return bufs_.count(fd) != 0; }
	// The fd number was reused by something else.
	void forget(int fd) { bufs_.erase(fd); }

	unsigned syncStarts = 0;
	unsigned syncEnds = 0;

	int open(const std::string &path, int flags) override;
	int ioctl(int fd, unsigned long request, void *arg) override;
	void *mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err) override;
	void munmap(void *addr, size_t length) override;
	int poll(int fd, short events, int timeoutMs) override;

private:
	std::map<int, std::span<std::byte>> bufs_;
	std::deque<std::vector<std::byte>> storage_;
};

// /dev/dma_heap/linux,cma: DMA_HEAP_IOCTL_ALLOC from the registry.
class FakeCmaHeap final : public IoctlOnlyNode {
public:
	static constexpr const char *path = "/dev/dma_heap/linux,cma";

	explicit FakeCmaHeap(FakeDmaBufs &bufs) : bufs_(bufs) {}

	std::vector<size_t> allocations; // sizes asked, in order

	int open(const std::string &path, int flags) override;
	int ioctl(int fd, unsigned long request, void *arg) override;

private:
	FakeDmaBufs &bufs_;
	int fd_ = -1;
};

// A DRM device with dumb buffers (/dev/dri/card0): DRM_IOCTL_GET_CAP,
// MODE_CREATE_DUMB, PRIME_HANDLE_TO_FD (a dma-buf in the registry) and
// GEM_CLOSE.
class FakeDrm final : public IoctlOnlyNode {
public:
	static constexpr const char *path = "/dev/dri/card0";

	explicit FakeDrm(FakeDmaBufs &bufs) : bufs_(bufs) {}

	bool dumbBuffers = true; // DRM_CAP_DUMB_BUFFER
	std::vector<drm_mode_create_dumb> created;
	std::vector<uint32_t> closed; // GEM handles closed
	unsigned exported = 0;

	int open(const std::string &path, int flags) override;
	int ioctl(int fd, unsigned long request, void *arg) override;

private:
	FakeDmaBufs &bufs_;
	int fd_ = -1;
	std::deque<std::vector<std::byte>> objects_; // by handle - 1
};

} // namespace cedrus::test
