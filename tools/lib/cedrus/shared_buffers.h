// SPDX-License-Identifier: MIT
// Buffers a camera and the encoder share (zero-copy): the camera's own MMAP
// buffers exported plane by plane, or buffers allocated from the CMA heap or
// as DRM dumb buffers and imported into both devices. One dma-buf per plane,
// as V4L2 has no per-plane import offset.
#pragma once

#include "cedrus/camera.h"
#include "cedrus/dmabuf.h"
#include "cedrus/encoder.h"
#include "cedrus/format.h"
#include "cedrus/queue.h"
#include "cedrus/result.h"
#include "cedrus/unique_fd.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace cedrus {

// Where allocateSharedBuffers() takes memory from: the CMA heap, else DRM
// dumb buffers (Auto); or only one of them.
enum class SharedAllocator { Auto, CmaHeap, Drm };

// Buffers allocated for sharing, [buffer][plane].
struct SharedBuffers {
	std::vector<std::vector<DmaBuffer>> buffers;
	// "CMA heap 'linux,cma'" or "DRM dumb /dev/dri/card0 (vkms)".
	std::string from;
	bool drm = false; // DRM dumb buffers (contiguous only with GEM DMA)
};

// `count` buffers of one dma-buf per plane format (sizeimage bytes; DRM
// dumb buffers also get the line length).
Result<SharedBuffers> allocateSharedBuffers(IoctlBackend &backend, SharedAllocator allocator,
					    unsigned count, std::span<const PlaneFormat> planes);

// The plane formats shared buffers need to serve both devices: the
// camera's line length, and the larger of the two sizeimages.
[[nodiscard]] std::vector<PlaneFormat> sharedPlaneFormats(const PixFormat &camera,
							  const PixFormat &encoder);

// The dma-bufs behind the camera's buffers, whoever allocated them.
struct CameraBuffers {
	std::vector<std::vector<DmaBuffer>> owned;    // [buffer][plane], allocated by us
	std::vector<UniqueFD> exported;		      // EXPBUF of camera MMAP planes
	std::vector<std::vector<DmabufPlane>> planes; // [buffer][plane]

	// Takes shared buffers over, one DmabufPlane per dma-buf.
	void adopt(std::vector<std::vector<DmaBuffer>> buffers);
};

// Camera MMAP buffers big enough for the encoder's `enc` format
// (CREATE_BUFS when the camera's sizeimage is smaller), every plane
// exported as a dma-buf into `cb`. On failure the camera queue is released
// and `cb` left empty.
Status exportCameraBuffers(CaptureDevice &cam, unsigned count, const PixFormat &enc,
			   CameraBuffers &cb);

// The request queueing camera buffer `index`: its dma-bufs when the queue
// imports them, the index alone for MMAP.
[[nodiscard]] QueueRequest cameraRequest(const Queue &cq, const CameraBuffers &cb, unsigned index);

// A single-plane NV12 or I420 camera frame (`cam`'s line length and
// height) repacked into a tight w x h frame of the same format.
void packCameraFrame(std::span<const std::byte> src, const PixFormat &cam, uint32_t w, uint32_t h,
		     std::vector<std::byte> &dst);

} // namespace cedrus
