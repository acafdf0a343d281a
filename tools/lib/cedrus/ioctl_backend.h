// SPDX-License-Identifier: MIT
// The one door to the kernel. Everything the library does with a device node
// (open, ioctl, mmap, poll) goes through an IoctlBackend, so tests can
// substitute an in-process fake device. All calls return -errno on failure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace cedrus {

class IoctlBackend {
public:
	virtual ~IoctlBackend() = default;

	// Returns a new fd or -errno.
	virtual int open(const std::string &path, int flags) = 0;
	// Returns the ioctl's non-negative result or -errno.
	virtual int ioctl(int fd, unsigned long request, void *arg) = 0;
	// Returns the mapping, or nullptr with *err set to the errno.
	virtual void *mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err) = 0;
	virtual void munmap(void *addr, size_t length) = 0;
	// Returns the revents (0 on timeout) or -errno.
	virtual int poll(int fd, short events, int timeoutMs) = 0;
};

// The real kernel.
IoctlBackend &systemBackend();

// Name of a known ioctl request ("VIDIOC_QBUF"), or its hex value.
[[nodiscard]] std::string ioctlName(unsigned long request);

// ioctl through the backend, retrying on EINTR, logging at debug level
// (category Ioctl) with the device prefix. Returns 0/positive or -errno.
int doIoctl(IoctlBackend &backend, int fd, std::string_view prefix, unsigned long request,
	    void *arg);

} // namespace cedrus
