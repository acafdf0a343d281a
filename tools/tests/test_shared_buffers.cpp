// SPDX-License-Identifier: MIT
// Buffers shared by the camera and the encoder (lib/shared_buffers.cpp):
// where they come from, their sizes, the camera's own buffers exported,
// and the CPU repacking of a camera frame.
#include "fake_camera.h"

#include "cedrus/camera.h"
#include "cedrus/shared_buffers.h"

#include <catch2/catch.hpp>

#include <linux/videodev2.h>

#include <cstddef>
#include <vector>

using namespace cedrus;
using cedrus::test::Api;
using cedrus::test::FakeSystem;

namespace {

PixFormat nv12(uint32_t width, uint32_t height, uint32_t bytesperline, uint32_t sizeimage)
{
	PixFormat f;
	f.width = width;
	f.height = height;
	f.pixelformat = V4L2_PIX_FMT_NV12;
	f.numPlanes = 1;
	f.planes[0] = { bytesperline, sizeimage };
	return f;
}

std::vector<std::byte> bytes(std::initializer_list<int> values)
{
	std::vector<std::byte> out;
	for (int v : values)
		out.push_back(std::byte(v));
	return out;
}

} // namespace

TEST_CASE("shared plane formats: camera stride, larger sizeimage", "[shared]")
{
	PixFormat cam = nv12(64, 40, 128, 7680);
	PixFormat enc = nv12(64, 48, 64, 4608);
	auto planes = sharedPlaneFormats(cam, enc);
	REQUIRE(planes.size() == 1);
	CHECK(planes[0].bytesperline == 128);
	CHECK(planes[0].sizeimage == 7680);

	// NV12M: one entry per encoder plane.
	cam.numPlanes = enc.numPlanes = 2;
	cam.planes[0] = { 64, 2560 };
	cam.planes[1] = { 64, 1280 };
	enc.planes[0] = { 64, 3072 };
	enc.planes[1] = { 64, 1536 };
	planes = sharedPlaneFormats(cam, enc);
	REQUIRE(planes.size() == 2);
	CHECK(planes[0].sizeimage == 3072);
	CHECK(planes[1].sizeimage == 1536);
	CHECK(planes[1].bytesperline == 64);
}

TEST_CASE("shared buffers: CMA heap first, DRM dumb buffers next", "[shared]")
{
	FakeSystem sys;
	const std::vector<PlaneFormat> planes = { { 64, 6144 }, { 64, 3072 } };

	SECTION("CMA heap")
	{
		sys.heap = true;
		sys.drm = true;
		auto shared = allocateSharedBuffers(sys, SharedAllocator::Auto, 2, planes);
		REQUIRE(shared);
		CHECK(shared->from == "CMA heap 'linux,cma'");
		CHECK_FALSE(shared->drm);
		REQUIRE(shared->buffers.size() == 2);
		REQUIRE(shared->buffers[1].size() == 2);
		CHECK(shared->buffers[1][0].size() == 6144);
		CHECK(shared->buffers[1][1].size() == 3072);
		CHECK(sys.cmaHeap.allocations == std::vector<size_t>{ 6144, 3072, 6144, 3072 });
		CHECK(sys.drmDevice.created.empty());
	}
	SECTION("no heap: DRM dumb buffers")
	{
		sys.drm = true;
		auto shared = allocateSharedBuffers(sys, SharedAllocator::Auto, 3, planes);
		REQUIRE(shared);
		CHECK(shared->from == "DRM dumb /dev/dri/card0 (fake-drm)");
		CHECK(shared->drm);
		CHECK(shared->buffers.size() == 3);
		CHECK(sys.drmDevice.created.size() == 6);
	}
	SECTION("DRM asked for: the heap is not tried")
	{
		sys.heap = true;
		sys.drm = true;
		auto shared = allocateSharedBuffers(sys, SharedAllocator::Drm, 1, planes);
		REQUIRE(shared);
		CHECK(shared->drm);
		CHECK(sys.cmaHeap.allocations.empty());
	}
	SECTION("CMA heap asked for and missing: no DRM fallback")
	{
		sys.drm = true;
		auto shared = allocateSharedBuffers(sys, SharedAllocator::CmaHeap, 1, planes);
		REQUIRE_FALSE(shared);
		CHECK(sys.drmDevice.created.empty());
	}
	SECTION("neither: ENODEV")
	{
		auto shared = allocateSharedBuffers(sys, SharedAllocator::Auto, 1, planes);
		REQUIRE_FALSE(shared);
		CHECK(shared.error().op == "allocate shared buffers");
		CHECK(shared.error().err == ENODEV);
	}
}

TEST_CASE("camera buffers adopt shared dma-bufs plane by plane", "[shared]")
{
	FakeSystem sys;
	sys.heap = true;
	const std::vector<PlaneFormat> planes = { { 64, 4096 }, { 64, 2048 } };
	auto shared = allocateSharedBuffers(sys, SharedAllocator::CmaHeap, 2, planes);
	REQUIRE(shared);
	const int fd = shared->buffers[1][1].fd();
	CameraBuffers cb;
	cb.adopt(std::move(shared->buffers));
	REQUIRE(cb.planes.size() == 2);
	REQUIRE(cb.planes[1].size() == 2);
	CHECK(cb.planes[1][1].fd == fd);
	CHECK(cb.planes[1][1].length == 2048);
	CHECK(cb.planes[0][0].length == 4096);
	CHECK(cb.owned.size() == 2);
}

TEST_CASE("camera buffers exported for the encoder", "[shared]")
{
	const Api camApi = GENERATE(Api::SinglePlanar, Api::MultiPlanar);
	FakeSystem sys(Api::SinglePlanar, camApi);
	auto cam = CaptureDevice::open(cedrus::test::FakeCamera::path, sys);
	REQUIRE(cam);
	REQUIRE((*cam)->setFormat(64, 64, V4L2_PIX_FMT_NV12));
	CameraBuffers cb;

	SECTION("large enough: REQBUFS, every buffer exported")
	{
		REQUIRE(exportCameraBuffers(**cam, 3, nv12(64, 64, 64, 6144), cb));
		CHECK(sys.camera.memory == V4L2_MEMORY_MMAP);
		CHECK(sys.camera.createdSizes.empty());
		CHECK(sys.camera.exported == 3);
		REQUIRE(cb.planes.size() == 3);
		CHECK(cb.exported.size() == 3);
		CHECK(cb.planes[2][0].length >= 6144);
		CHECK(cb.planes[2][0].fd == cb.exported[2].get());
	}
	SECTION("smaller than the encoder's: CREATE_BUFS of the encoder's size")
	{
		REQUIRE(exportCameraBuffers(**cam, 2, nv12(64, 80, 64, 7680), cb));
		CHECK(sys.camera.createdSizes == std::vector<uint32_t>{ 7680 });
		REQUIRE(cb.planes.size() == 2);
		CHECK(cb.planes[1][0].length == 7680);
	}
	SECTION("no EXPBUF: the error, the queue released, nothing kept")
	{
		sys.camera.noExpbuf = true;
		auto st = exportCameraBuffers(**cam, 3, nv12(64, 64, 64, 6144), cb);
		REQUIRE_FALSE(st);
		CHECK(st.error().err == ENOTTY);
		CHECK((*cam)->queue().count() == 0);
		CHECK(cb.planes.empty());
		CHECK(cb.exported.empty());
	}
}

TEST_CASE("camera request: dma-bufs only when the queue imports them", "[shared]")
{
	FakeSystem sys;
	sys.heap = true;
	auto cam = CaptureDevice::open(cedrus::test::FakeCamera::path, sys);
	REQUIRE(cam);
	REQUIRE((*cam)->setFormat(64, 64, V4L2_PIX_FMT_NV12));
	auto shared = allocateSharedBuffers(sys, SharedAllocator::CmaHeap, 2, { { { 64, 6144 } } });
	REQUIRE(shared);
	CameraBuffers cb;
	cb.adopt(std::move(shared->buffers));

	Queue &cq = (*cam)->queue();
	REQUIRE(cq.request(2, Memory::Dmabuf));
	QueueRequest r = cameraRequest(cq, cb, 1);
	CHECK(r.index == 1);
	CHECK(r.planes[0].dmabufFd == cb.planes[1][0].fd);
	CHECK(r.planes[0].length == 6144);

	REQUIRE(cq.release());
	REQUIRE(cq.request(2, Memory::Mmap));
	r = cameraRequest(cq, cb, 1);
	CHECK(r.index == 1);
	CHECK(r.planes[0].dmabufFd == -1);
	CHECK(r.planes[0].length == 0);
}

TEST_CASE("camera frames repacked without their padding", "[shared]")
{
	std::vector<std::byte> out;
	SECTION("NV12, 4x2 in rows of 6 bytes")
	{
		// Luma rows 1 2 3 4 | 5 6 7 8, CbCr row 9 10 11 12; x = padding.
		auto src = bytes({ 1, 2, 3, 4, 0xee, 0xee, 5, 6, 7, 8, 0xee, 0xee, 9, 10, 11, 12,
				   0xee, 0xee });
		packCameraFrame(src, nv12(4, 2, 6, 18), 4, 2, out);
		CHECK(out == bytes({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }));
	}
	SECTION("I420, 4x2 in rows of 8 bytes (chroma rows of 4)")
	{
		PixFormat cam = nv12(4, 2, 8, 24);
		cam.pixelformat = V4L2_PIX_FMT_YUV420;
		auto src = bytes({ 1,  2,  3,	 4,    0xee, 0xee, 0xee, 0xee, 5,    6,
				   7,  8,  0xee, 0xee, 0xee, 0xee, 20,	 21,   0xee, 0xee, // Cb
				   30, 31, 0xee, 0xee });				   // Cr
		packCameraFrame(src, cam, 4, 2, out);
		CHECK(out == bytes({ 1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 30, 31 }));
	}
	SECTION("a visible size smaller than the camera's")
	{
		auto src = bytes({ 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12,
				   13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 });
		// 4x4 camera frame, 2x2 visible.
		packCameraFrame(src, nv12(4, 4, 4, 24), 2, 2, out);
		CHECK(out == bytes({ 1, 2, 5, 6, 17, 18 }));
	}
}
