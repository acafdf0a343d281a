// SPDX-License-Identifier: MIT
// One V4L2 buffer queue, single- or multi-planar (the buffer type decides):
// REQBUFS/CREATE_BUFS, QBUF/DQBUF with v4l2_plane arrays, EXPBUF per plane,
// STREAMON/OFF, with MMAP or DMABUF memory. USERPTR is not offered: the
// Video Engine has no IOMMU, so it could only import user memory that
// happens to be physically contiguous; DMABUF from a contiguous exporter is
// the zero-copy path.
#pragma once

#include "cedrus/device.h"

#include <array>
#include <span>
#include <sys/time.h>

namespace cedrus {

enum class Memory { Mmap, Dmabuf };

[[nodiscard]] uint32_t toV4l2(Memory m);
[[nodiscard]] std::string_view name(Memory m);

// One plane of a buffer being queued.
struct PlaneData {
	uint32_t bytesused = 0;
	int dmabufFd = -1;   // Memory::Dmabuf
	uint32_t length = 0; // Memory::Dmabuf: size of the dma-buf
};

struct QueueRequest {
	unsigned index = 0;
	timeval timestamp{};
	uint32_t flags = 0;
	// The first Queue::planes() entries are used.
	std::array<PlaneData, maxPlanes> planes{};
};

struct DequeuedBuffer {
	unsigned index = 0;
	uint32_t bytesused = 0;	 // plane 0, data_offset included
	uint32_t dataOffset = 0; // plane 0 (multi-planar only)
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
	[[nodiscard]] bool multiplanar() const { return isMultiplanar(type_); }
	// "OUTPUT" or "CAPTURE" (either API), for messages.
	[[nodiscard]] std::string_view typeName() const;
	[[nodiscard]] Memory memory() const { return memory_; }
	[[nodiscard]] unsigned count() const { return static_cast<unsigned>(buffers_.size()); }
	// Memory planes per buffer, as QUERYBUF reported them (1 single-planar).
	[[nodiscard]] unsigned planes() const { return planes_; }
	[[nodiscard]] bool streaming() const { return streaming_; }

	// REQBUFS(count) and, for MMAP, QUERYBUF + mmap of every plane.
	// Returns the granted count (the driver may change it).
	Result<unsigned> request(unsigned count, Memory memory);
	// CREATE_BUFS on an empty queue with planes of at least minSizes[i]
	// bytes (bigger than the format's sizeimage, e.g. so that another
	// device can import them), then QUERYBUF + mmap as request() does.
	Result<unsigned> create(unsigned count, Memory memory, std::span<const uint32_t> minSizes);
	// Unmaps, then REQBUFS(0).
	Status release();

	// Plane length as QUERYBUF reported it.
	[[nodiscard]] uint32_t length(unsigned index, unsigned plane = 0) const;
	// CPU view of an MMAP plane (empty for DMABUF).
	[[nodiscard]] std::span<std::byte> mapping(unsigned index, unsigned plane = 0) const;
	[[nodiscard]] bool queued(unsigned index) const;
	[[nodiscard]] unsigned queuedCount() const;

	// VIDIOC_EXPBUF of one plane of an MMAP buffer.
	Result<UniqueFD> exportBuffer(unsigned index, unsigned plane = 0) const;

	Status queue(const QueueRequest &req);
	// nullopt when nothing is ready (EAGAIN); EPIPE is returned as an Error.
	Result<std::optional<DequeuedBuffer>> dequeue();

	Status streamOn();
	Status streamOff();

private:
	Result<unsigned> setupBuffers(unsigned count);

	struct Slot {
		std::array<MappedRegion, maxPlanes> maps;
		std::array<uint32_t, maxPlanes> lengths{};
		bool queued = false;
	};

	const Device &dev_;
	uint32_t type_;
	Memory memory_ = Memory::Mmap;
	unsigned planes_ = 1;
	std::vector<Slot> buffers_;
	bool streaming_ = false;
};

} // namespace cedrus
