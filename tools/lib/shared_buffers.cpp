// SPDX-License-Identifier: MIT
#include "cedrus/shared_buffers.h"

#include "cedrus/frame.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace cedrus {

Result<SharedBuffers> allocateSharedBuffers(IoctlBackend &backend, SharedAllocator allocator,
					    unsigned count, std::span<const PlaneFormat> planes)
{
	SharedBuffers shared;
	shared.buffers.resize(count);
	std::string why;
	if (allocator != SharedAllocator::Drm) {
		auto heap = CmaHeapAllocator::open(backend);
		if (heap) {
			for (auto &buf : shared.buffers)
				for (const auto &p : planes) {
					auto b = (*heap)->allocate(p.sizeimage);
					if (!b)
						return b.error();
					buf.push_back(std::move(b.value()));
				}
			shared.from = fmt::format("CMA heap '{}'", (*heap)->heapName());
			return shared;
		}
		why = heap.error().message();
		if (allocator == SharedAllocator::CmaHeap)
			return heap.error();
	}
	auto drm = DrmDumbAllocator::open(backend);
	if (!drm)
		return makeError("allocate shared buffers", ENODEV,
				 why.empty() ? drm.error().message()
					     : fmt::format("{}; {}", why, drm.error().message()));
	for (auto &buf : shared.buffers)
		for (const auto &p : planes) {
			auto b = (*drm)->allocate(p.sizeimage, p.bytesperline);
			if (!b)
				return b.error();
			buf.push_back(std::move(b.value()));
		}
	shared.from = fmt::format("DRM dumb {} ({})", (*drm)->path(), (*drm)->driver());
	shared.drm = true;
	return shared;
}

std::vector<PlaneFormat> sharedPlaneFormats(const PixFormat &camera, const PixFormat &encoder)
{
	std::vector<PlaneFormat> planes;
	for (unsigned p = 0; p < encoder.numPlanes; p++)
		planes.push_back(
			{ camera.planes[p].bytesperline,
			  std::max(camera.planes[p].sizeimage, encoder.planes[p].sizeimage) });
	return planes;
}

void CameraBuffers::adopt(std::vector<std::vector<DmaBuffer>> buffers)
{
	owned = std::move(buffers);
	for (auto &buf : owned) {
		std::vector<DmabufPlane> dp;
		for (auto &b : buf)
			dp.push_back({ b.fd(), static_cast<uint32_t>(b.size()) });
		planes.push_back(std::move(dp));
	}
}

Status exportCameraBuffers(CaptureDevice &cam, unsigned count, const PixFormat &enc,
			   CameraBuffers &cb)
{
	Queue &cq = cam.queue();
	auto giveUp = [&](const Error &e) {
		cb = {};
		if (cq.count())
			(void)cq.release();
		return Status(e);
	};

	std::vector<uint32_t> need;
	bool bigEnough = true;
	for (unsigned p = 0; p < enc.numPlanes; p++) {
		need.push_back(enc.planes[p].sizeimage);
		bigEnough = bigEnough && cam.format().planes[p].sizeimage >= need[p];
	}
	auto n = bigEnough ? cq.request(count, Memory::Mmap) : cq.create(count, Memory::Mmap, need);
	if (!n)
		return giveUp(n.error());
	if (cq.planes() != enc.numPlanes)
		return giveUp(makeError("camera buffers", EINVAL,
					fmt::format("{} planes, the encoder needs {}", cq.planes(),
						    enc.numPlanes)));
	for (unsigned i = 0; i < *n; i++) {
		std::vector<DmabufPlane> planes;
		for (unsigned p = 0; p < cq.planes(); p++) {
			if (cq.length(i, p) < need[p])
				return giveUp(makeError("camera buffer", EINVAL,
							fmt::format("plane {}: {} bytes, the "
								    "encoder needs {}",
								    p, cq.length(i, p), need[p])));
			auto fd = cq.exportBuffer(i, p);
			if (!fd)
				return giveUp(fd.error());
			planes.push_back({ fd->get(), cq.length(i, p) });
			cb.exported.push_back(std::move(fd.value()));
		}
		cb.planes.push_back(std::move(planes));
	}
	return {};
}

QueueRequest cameraRequest(const Queue &cq, const CameraBuffers &cb, unsigned index)
{
	QueueRequest r;
	r.index = index;
	if (cq.memory() == Memory::Dmabuf)
		for (unsigned p = 0; p < cb.planes[index].size(); p++) {
			r.planes[p].dmabufFd = cb.planes[index][p].fd;
			r.planes[p].length = cb.planes[index][p].length;
		}
	return r;
}

void packCameraFrame(std::span<const std::byte> src, const PixFormat &cam, uint32_t w, uint32_t h,
		     std::vector<std::byte> &dst)
{
	dst.resize(frameBytes(w, h));
	const uint32_t bpl = cam.planes[0].bytesperline;
	auto *d = dst.data();
	for (uint32_t y = 0; y < h; y++)
		std::memcpy(d + size_t(y) * w, src.data() + size_t(y) * bpl, w);
	const std::byte *chroma = src.data() + size_t(bpl) * cam.height;
	std::byte *dc = d + size_t(w) * h;
	if (cam.pixelformat == V4L2_PIX_FMT_NV12) {
		for (uint32_t y = 0; y < h / 2; y++)
			std::memcpy(dc + size_t(y) * w, chroma + size_t(y) * bpl, w);
	} else {
		for (uint32_t plane = 0; plane < 2; plane++) {
			const std::byte *s = chroma + size_t(plane) * (bpl / 2) * (cam.height / 2);
			for (uint32_t y = 0; y < h / 2; y++)
				std::memcpy(dc + size_t(plane) * (w / 2) * (h / 2) +
						    size_t(y) * (w / 2),
					    s + size_t(y) * (bpl / 2), w / 2);
		}
	}
}

} // namespace cedrus
