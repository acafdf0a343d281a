// SPDX-License-Identifier: MIT
// An in-process fake camera (single-planar NV12 capture) with MMAP, DMABUF
// import, CREATE_BUFS and EXPBUF, and a backend that routes each fd to the
// fake device that opened it, so the CLI can run camera -> encoder on host.
#pragma once

#include "fake_encoder.h"

#include <deque>
#include <vector>

namespace cedrus::test {

class FakeCamera final : public IoctlBackend {
public:
	static constexpr const char *path = "/dev/fake-camera";

	int open(const std::string &path, int flags) override;
	int ioctl(int fd, unsigned long request, void *arg) override;
	void *mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err) override;
	void munmap(void *addr, size_t length) override;
	int poll(int fd, short events, int timeoutMs) override;

	// What the client did.
	std::vector<std::string> calls;
	uint32_t createdSize = 0;	// sizeimage asked with CREATE_BUFS
	uint32_t memory = 0;		// V4L2_MEMORY_* of the last REQBUFS/CREATE_BUFS
	unsigned exported = 0;		// EXPBUF calls
	unsigned frames = 0;		// frames delivered

	bool noCreateBufs = false;	// CREATE_BUFS fails with ENOTTY

private:
	struct Buffer {
		std::vector<std::byte> mem;
		bool queued = false;
		uint32_t sequence = 0;
	};

	int fd_ = -1;
	v4l2_pix_format fmt_{};
	std::vector<Buffer> bufs_;
	std::deque<unsigned> queued_;
	bool streaming_ = false;
};

// Routes open() by path and every other call by fd.
class FakeSystem final : public IoctlBackend {
public:
	FakeEncoder encoder;
	FakeCamera camera;

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
