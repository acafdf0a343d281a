// SPDX-License-Identifier: MIT
// One V4L2 buffer queue (single-planar): REQBUFS, QBUF/DQBUF, STREAMON/OFF
// with MMAP or DMABUF memory. USERPTR is not offered: the Video Engine has no
// IOMMU, so it could only import user memory that happens to be physically
// contiguous; DMABUF from a contiguous exporter is the zero-copy path.
#pragma once

#include "cedrus/device.h"

#include <span>
#include <sys/time.h>

namespace cedrus {

enum class Memory { Mmap, Dmabuf };

[[nodiscard]] uint32_t toV4l2(Memory m);
[[nodiscard]] std::string_view name(Memory m);

struct QueueRequest {
	unsigned index = 0;
	uint32_t bytesused = 0;
	timeval timestamp{};
	int dmabufFd = -1;		// Memory::Dmabuf
	uint32_t length = 0;		// Memory::Dmabuf: size of the dma-buf
	uint32_t flags = 0;
};

struct DequeuedBuffer {
	unsigned index = 0;
	uint32_t bytesused = 0;
	uint32_t flags = 0;
	uint32_t sequence = 0;
	timeval timestamp{};

	[[nodiscard]] bool last() const { return flags & V4L2_BUF_FLAG_LAST; }
	[[nodiscard]] bool error() const { return flags & V4L2_BUF_FLAG_ERROR; }
};

class Queue {
public:
	Queue(const Device &dev, uint32_t type);
	~Queue();
	Queue(const Queue &) = delete;
	Queue &operator=(const Queue &) = delete;

	[[nodiscard]] const Device &device() const { return dev_; }
	[[nodiscard]] uint32_t type() const { return type_; }
	[[nodiscard]] std::string_view typeName() const;
	[[nodiscard]] Memory memory() const { return memory_; }
	[[nodiscard]] unsigned count() const { return static_cast<unsigned>(buffers_.size()); }
	[[nodiscard]] bool streaming() const { return streaming_; }

	// REQBUFS(count) and, for MMAP, QUERYBUF + mmap of every buffer.
	// Returns the granted count (the driver may change it).
	Result<unsigned> request(unsigned count, Memory memory);
	// CREATE_BUFS on an empty queue with buffers of at least minSize bytes
	// (bigger than the format's sizeimage, e.g. so that another device can
	// import them), then QUERYBUF + mmap as request() does.
	Result<unsigned> create(unsigned count, Memory memory, uint32_t minSize);
	// Unmaps, then REQBUFS(0).
	Status release();

	// Plane length as QUERYBUF reported it.
	[[nodiscard]] uint32_t length(unsigned index) const;
	// CPU view of an MMAP buffer (empty for other memory types).
	[[nodiscard]] std::span<std::byte> mapping(unsigned index) const;
	[[nodiscard]] bool queued(unsigned index) const;
	[[nodiscard]] unsigned queuedCount() const;

	// VIDIOC_EXPBUF of an MMAP buffer.
	Result<UniqueFD> exportBuffer(unsigned index) const;

	Status queue(const QueueRequest &req);
	// nullopt when nothing is ready (EAGAIN); EPIPE is returned as an Error.
	Result<std::optional<DequeuedBuffer>> dequeue();

	Status streamOn();
	Status streamOff();

private:
	Result<unsigned> setupBuffers(unsigned count);

	struct Slot {
		MappedRegion map;
		uint32_t length = 0;
		bool queued = false;
	};

	const Device &dev_;
	uint32_t type_;
	Memory memory_ = Memory::Mmap;
	std::vector<Slot> buffers_;
	bool streaming_ = false;
};

} // namespace cedrus
