// SPDX-License-Identifier: MIT
// An in-process fake camera, single-planar (V4L2_CAP_VIDEO_CAPTURE: NV12,
// YU12) or multi-planar (V4L2_CAP_VIDEO_CAPTURE_MPLANE: also NV12M), with
// MMAP, DMABUF import, CREATE_BUFS, EXPBUF and S_PARM; and a backend that
// routes each fd to the fake device (or dma-buf) behind it, so the CLI can
// run camera -> encoder on the host.
#pragma once

#include "fake_dmabuf.h"
#include "fake_encoder.h"

#include <deque>
#include <memory>
#include <vector>

namespace cedrus::test {

class FakeCamera final : public IoctlBackend {
public:
	static constexpr const char *path = "/dev/fake-camera";

	explicit FakeCamera(Api api = Api::SinglePlanar) : api_(api) {}

	int open(const std::string &path, int flags) override;
	int ioctl(int fd, unsigned long request, void *arg) override;
	void *mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err) override;
	void munmap(void *addr, size_t length) override;
	int poll(int fd, short events, int timeoutMs) override;

	// Frame n: every luma byte is n, every Cb 100 + n, every Cr 200 - n.
	static uint8_t lumaOf(unsigned n) { return uint8_t(n); }
	static uint8_t cbOf(unsigned n) { return uint8_t(100 + n); }
	static uint8_t crOf(unsigned n) { return uint8_t(200 - n); }

	// What the client did.
	std::vector<std::string> calls;
	std::vector<uint32_t> createdSizes; // plane sizes asked with CREATE_BUFS
	uint32_t memory = 0;		    // V4L2_MEMORY_* of the last REQBUFS/CREATE_BUFS
	unsigned exported = 0;		    // EXPBUF calls
	unsigned frames = 0;		    // frames delivered
	uint32_t fourcc = 0;		    // format set
	v4l2_fract timePerFrame{ 0, 0 };    // S_PARM

	bool noCreateBufs = false;	// CREATE_BUFS fails with ENOTTY
	bool noExpbuf = false;		// EXPBUF fails with ENOTTY
	bool noFrameRate = false;	// S_PARM fails with ENOTTY
	int qbufDmabufErrno = 0;	// returned by QBUF with DMABUF
	FakeDmaBufs *dmabufs = nullptr; // EXPBUF registers here, DMABUF writes there

private:
	struct Buffer {
		std::vector<std::vector<std::byte>> mem; // per plane (MMAP)
		std::vector<int> fds;			 // per plane (DMABUF)
		bool queued = false;
	};

	[[nodiscard]] bool mplane() const { return api_ == Api::MultiPlanar; }
	[[nodiscard]] uint32_t type() const;
	void fill(Buffer &b);
	std::span<std::byte> planeMemory(Buffer &b, unsigned plane);

	Api api_;
	int fd_ = -1;
	uint32_t width_ = 640, height_ = 480;
	unsigned planes_ = 1;
	uint32_t bpl_[2] = {};
	uint32_t size_[2] = {};
	std::vector<Buffer> bufs_;
	std::deque<unsigned> queued_;
	bool streaming_ = false;
};

// Routes open() by path and every other call by fd. The CMA heap exists
// only when `heap` is set, the DRM device only when `drm` is.
class FakeSystem final : public IoctlBackend {
public:
	explicit FakeSystem(Api encoderApi = Api::SinglePlanar, Api cameraApi = Api::SinglePlanar);

	FakeDmaBufs dmabufs;
	FakeEncoder encoder;
	FakeCamera camera;
	FakeCmaHeap cmaHeap{ dmabufs };
	FakeDrm drmDevice{ dmabufs };
	bool heap = false;
	bool drm = false;
	// Extra paths for the encoder and the camera (a /dev listing).
	std::map<std::string, IoctlBackend *> aliases;

	int open(const std::string &path, int flags) override;
	int ioctl(int fd, unsigned long request, void *arg) override;
	void *mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err) override;
	void munmap(void *addr, size_t length) override;
	int poll(int fd, short events, int timeoutMs) override;

private:
	IoctlBackend *owner(int fd);
	std::map<int, IoctlBackend *> fds_;
};

} // namespace cedrus::test
