// SPDX-License-Identifier: MIT
#include "cedrus/queue.h"

#include "cedrus/log.h"

#include <algorithm>

#include <fcntl.h>
#include <sys/mman.h>

namespace cedrus {

uint32_t toV4l2(Memory m)
{
	switch (m) {
	case Memory::Mmap:
		return V4L2_MEMORY_MMAP;
	case Memory::Dmabuf:
		return V4L2_MEMORY_DMABUF;
	}
	return V4L2_MEMORY_MMAP;
}

std::string_view name(Memory m)
{
	switch (m) {
	case Memory::Mmap:
		return "MMAP";
	case Memory::Dmabuf:
		return "DMABUF";
	}
	return "?";
}

Queue::Queue(const Device &dev, uint32_t type) : dev_(dev), type_(type) {}

Queue::~Queue()
{
	if (streaming_)
		(void)streamOff();
	if (!buffers_.empty())
		(void)release();
}

std::string_view Queue::typeName() const
{
	switch (type_) {
	case V4L2_BUF_TYPE_VIDEO_OUTPUT:
	case V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE:
		return "OUTPUT";
	case V4L2_BUF_TYPE_VIDEO_CAPTURE:
	case V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE:
		return "CAPTURE";
	default:
		return "queue";
	}
}

Result<unsigned> Queue::request(unsigned count, Memory memory)
{
	v4l2_requestbuffers req{};
	req.count = count;
	req.type = type_;
	req.memory = toV4l2(memory);
	if (int ret = dev_.ioctl(VIDIOC_REQBUFS, &req); ret < 0)
		return makeError(fmt::format("VIDIOC_REQBUFS({}, {} x {})", typeName(), count,
					     name(memory)),
				 -ret);
	memory_ = memory;
	auto n = setupBuffers(req.count);
	if (n)
		log::debug(log::Category::V4l2, "{}: {}: {} {} buffers of {} plane(s) (asked {})",
			   dev_.name(), typeName(), req.count, name(memory), planes_, count);
	return n;
}

Result<unsigned> Queue::create(unsigned count, Memory memory, std::span<const uint32_t> minSizes)
{
	v4l2_create_buffers create{};
	create.count = count;
	create.memory = toV4l2(memory);
	create.format.type = type_;
	if (int ret = dev_.ioctl(VIDIOC_G_FMT, &create.format); ret < 0)
		return makeError(fmt::format("VIDIOC_G_FMT({})", typeName()), -ret);
	std::string sizes;
	if (multiplanar()) {
		auto &mp = create.format.fmt.pix_mp;
		for (unsigned i = 0; i < mp.num_planes && i < maxPlanes; i++) {
			uint32_t size = mp.plane_fmt[i].sizeimage;
			if (i < minSizes.size() && minSizes[i] > size)
				mp.plane_fmt[i].sizeimage = size = minSizes[i];
			appendItem(sizes, "+", fmt::format("{}", size));
		}
	} else {
		auto &pix = create.format.fmt.pix;
		if (!minSizes.empty())
			pix.sizeimage = std::max(pix.sizeimage, minSizes[0]);
		sizes = fmt::format("{}", pix.sizeimage);
	}
	if (int ret = dev_.ioctl(VIDIOC_CREATE_BUFS, &create); ret < 0)
		return makeError(fmt::format("VIDIOC_CREATE_BUFS({}, {} x {} bytes)", typeName(),
					     count, sizes),
				 -ret);
	if (create.index != 0)
		return makeError(fmt::format("VIDIOC_CREATE_BUFS({})", typeName()), 0,
				 "the queue already had buffers");
	memory_ = memory;
	return setupBuffers(create.count);
}

Result<unsigned> Queue::setupBuffers(unsigned count)
{
	const uint32_t memory = toV4l2(memory_);
	buffers_.clear();
	buffers_.resize(count);
	planes_ = 1;

	for (unsigned i = 0; i < count; i++) {
		v4l2_plane planes[maxPlanes]{};
		v4l2_buffer buf{};
		buf.index = i;
		buf.type = type_;
		buf.memory = memory;
		if (multiplanar()) {
			buf.m.planes = planes;
			buf.length = maxPlanes;
		}
		if (int ret = dev_.ioctl(VIDIOC_QUERYBUF, &buf); ret < 0)
			return makeError(fmt::format("VIDIOC_QUERYBUF({} {})", typeName(), i),
					 -ret);
		if (multiplanar()) {
			if (buf.length < 1 || buf.length > maxPlanes)
				return makeError(fmt::format("VIDIOC_QUERYBUF({} {})", typeName(),
							     i),
						 0,
						 fmt::format("driver reports {} planes",
							     buf.length));
			planes_ = buf.length;
		}
		Slot &slot = buffers_[i];
		for (unsigned p = 0; p < planes_; p++) {
			uint32_t length = multiplanar() ? planes[p].length : buf.length;
			uint32_t offset = multiplanar() ? planes[p].m.mem_offset : buf.m.offset;
			slot.lengths[p] = length;
			if (memory_ != Memory::Mmap)
				continue;
			int err = 0;
			void *ptr = dev_.backend().mmap(length, PROT_READ | PROT_WRITE, MAP_SHARED,
							dev_.fd(), offset, &err);
			if (!ptr)
				return makeError(fmt::format("mmap({} buffer {} plane {})",
							     typeName(), i, p),
						 err);
			slot.maps[p] = MappedRegion(&dev_.backend(), ptr, length);
		}
	}
	return count;
}

Status Queue::release()
{
	buffers_.clear();
	v4l2_requestbuffers req{};
	req.count = 0;
	req.type = type_;
	req.memory = toV4l2(memory_);
	return dev_.xioctl(VIDIOC_REQBUFS, &req);
}

uint32_t Queue::length(unsigned index, unsigned plane) const
{
	return index < buffers_.size() && plane < planes_ ? buffers_[index].lengths[plane] : 0;
}

std::span<std::byte> Queue::mapping(unsigned index, unsigned plane) const
{
	if (index >= buffers_.size() || plane >= planes_)
		return {};
	return buffers_[index].maps[plane].span();
}

bool Queue::queued(unsigned index) const
{
	return index < buffers_.size() && buffers_[index].queued;
}

unsigned Queue::queuedCount() const
{
	unsigned n = 0;
	for (const auto &b : buffers_)
		n += b.queued;
	return n;
}

Result<UniqueFD> Queue::exportBuffer(unsigned index, unsigned plane) const
{
	v4l2_exportbuffer exp{};
	exp.type = type_;
	exp.index = index;
	exp.plane = plane;
	exp.flags = O_CLOEXEC | O_RDWR;
	if (int ret = dev_.ioctl(VIDIOC_EXPBUF, &exp); ret < 0)
		return makeError(fmt::format("VIDIOC_EXPBUF({} {} plane {})", typeName(), index,
					     plane),
				 -ret);
	return UniqueFD(exp.fd);
}

Status Queue::queue(const QueueRequest &r)
{
	if (r.index >= buffers_.size())
		return makeError(fmt::format("VIDIOC_QBUF({} {})", typeName(), r.index), EINVAL,
				 "no such buffer");

	const Slot &slot = buffers_[r.index];
	v4l2_plane planes[maxPlanes]{};
	v4l2_buffer buf{};
	buf.index = r.index;
	buf.type = type_;
	buf.memory = toV4l2(memory_);
	buf.timestamp = r.timestamp;
	buf.flags = r.flags;
	buf.field = V4L2_FIELD_NONE;
	for (unsigned p = 0; p < planes_; p++) {
		const PlaneData &d = r.planes[p];
		planes[p].bytesused = d.bytesused;
		planes[p].length = memory_ == Memory::Mmap ? slot.lengths[p] : d.length;
		if (memory_ == Memory::Dmabuf)
			planes[p].m.fd = d.dmabufFd;
	}
	if (multiplanar()) {
		buf.m.planes = planes;
		buf.length = planes_;
	} else {
		buf.bytesused = planes[0].bytesused;
		buf.length = planes[0].length;
		if (memory_ == Memory::Dmabuf)
			buf.m.fd = planes[0].m.fd;
	}
	if (int ret = dev_.ioctl(VIDIOC_QBUF, &buf); ret < 0)
		return makeError(fmt::format("VIDIOC_QBUF({} {})", typeName(), r.index), -ret);
	buffers_[r.index].queued = true;
	return {};
}

Result<std::optional<DequeuedBuffer>> Queue::dequeue()
{
	v4l2_plane planes[maxPlanes]{};
	v4l2_buffer buf{};
	buf.type = type_;
	buf.memory = toV4l2(memory_);
	if (multiplanar()) {
		buf.m.planes = planes;
		buf.length = planes_;
	}
	int ret = dev_.ioctl(VIDIOC_DQBUF, &buf);
	if (ret == -EAGAIN)
		return std::optional<DequeuedBuffer>();
	if (ret < 0)
		return makeError(fmt::format("VIDIOC_DQBUF({})", typeName()), -ret);
	if (buf.index >= buffers_.size())
		return makeError(fmt::format("VIDIOC_DQBUF({})", typeName()), 0,
				 fmt::format("driver returned index {} of {}", buf.index,
					     buffers_.size()));

	buffers_[buf.index].queued = false;
	DequeuedBuffer out;
	out.index = buf.index;
	out.bytesused = multiplanar() ? planes[0].bytesused : buf.bytesused;
	out.dataOffset = multiplanar() ? planes[0].data_offset : 0;
	out.flags = buf.flags;
	out.sequence = buf.sequence;
	out.timestamp = buf.timestamp;
	return std::optional<DequeuedBuffer>(out);
}

Status Queue::streamOn()
{
	int type = static_cast<int>(type_);
	if (int ret = dev_.ioctl(VIDIOC_STREAMON, &type); ret < 0)
		return makeError(fmt::format("VIDIOC_STREAMON({})", typeName()), -ret);
	streaming_ = true;
	return {};
}

Status Queue::streamOff()
{
	int type = static_cast<int>(type_);
	streaming_ = false;
	for (auto &b : buffers_)
		b.queued = false;
	if (int ret = dev_.ioctl(VIDIOC_STREAMOFF, &type); ret < 0)
		return makeError(fmt::format("VIDIOC_STREAMOFF({})", typeName()), -ret);
	return {};
}

} // namespace cedrus
