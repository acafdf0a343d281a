// SPDX-License-Identifier: MIT
#include "cedrus/ioctl_backend.h"

#include "cedrus/log.h"
#include "cedrus/result.h"
#include "cedrus/unique_fd.h"

#include <drm.h>
#include <drm_mode.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/videodev2.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace cedrus {

namespace {

class SystemBackend final : public IoctlBackend {
public:
	int open(const std::string &path, int flags) override
	{
		int fd = ::open(path.c_str(), flags | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}

	int ioctl(int fd, unsigned long request, void *arg) override
	{
		int ret = ::ioctl(fd, request, arg);
		return ret < 0 ? -errno : ret;
	}

	void *mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err) override
	{
		void *p = ::mmap(nullptr, length, prot, flags, fd, offset);
		if (p == MAP_FAILED) {
			*err = errno;
			return nullptr;
		}
		return p;
	}

	void munmap(void *addr, size_t length) override { ::munmap(addr, length); }

	int poll(int fd, short events, int timeoutMs) override
	{
		struct pollfd pfd = { fd, events, 0 };
		int ret = ::poll(&pfd, 1, timeoutMs);
		if (ret < 0)
			return -errno;
		return ret == 0 ? 0 : pfd.revents;
	}
};

} // namespace

IoctlBackend &systemBackend()
{
	static SystemBackend backend;
	return backend;
}

std::string ioctlName(unsigned long request)
{
	switch (request) {
#define NAME(x) \
	case x: \
		return #x
		NAME(VIDIOC_QUERYCAP);
		NAME(VIDIOC_ENUM_FMT);
		NAME(VIDIOC_G_FMT);
		NAME(VIDIOC_S_FMT);
		NAME(VIDIOC_TRY_FMT);
		NAME(VIDIOC_REQBUFS);
		NAME(VIDIOC_CREATE_BUFS);
		NAME(VIDIOC_S_INPUT);
		NAME(VIDIOC_QUERYBUF);
		NAME(VIDIOC_QBUF);
		NAME(VIDIOC_DQBUF);
		NAME(VIDIOC_EXPBUF);
		NAME(VIDIOC_STREAMON);
		NAME(VIDIOC_STREAMOFF);
		NAME(VIDIOC_G_PARM);
		NAME(VIDIOC_S_PARM);
		NAME(VIDIOC_G_SELECTION);
		NAME(VIDIOC_S_SELECTION);
		NAME(VIDIOC_QUERY_EXT_CTRL);
		NAME(VIDIOC_QUERYMENU);
		NAME(VIDIOC_G_EXT_CTRLS);
		NAME(VIDIOC_S_EXT_CTRLS);
		NAME(VIDIOC_SUBSCRIBE_EVENT);
		NAME(VIDIOC_DQEVENT);
		NAME(VIDIOC_ENCODER_CMD);
		NAME(VIDIOC_TRY_ENCODER_CMD);
		NAME(VIDIOC_ENUM_FRAMESIZES);
		NAME(DMA_BUF_IOCTL_SYNC);
		NAME(DMA_HEAP_IOCTL_ALLOC);
		NAME(DRM_IOCTL_GET_CAP);
		NAME(DRM_IOCTL_VERSION);
		NAME(DRM_IOCTL_MODE_CREATE_DUMB);
		NAME(DRM_IOCTL_PRIME_HANDLE_TO_FD);
		NAME(DRM_IOCTL_GEM_CLOSE);
#undef NAME
	default:
		return fmt::format("ioctl({:#x})", request);
	}
}

int doIoctl(IoctlBackend &backend, int fd, std::string_view prefix, unsigned long request,
	    void *arg)
{
	int ret;

	do {
		ret = backend.ioctl(fd, request, arg);
	} while (ret == -EINTR);

	if (ret < 0 && ret != -EAGAIN)
		log::debug(log::Category::Ioctl, "{}: {} = {} ({})", prefix, ioctlName(request),
			   ret, std::strerror(-ret));
	else if (ret >= 0)
		log::debug(log::Category::Ioctl, "{}: {} = {}", prefix, ioctlName(request), ret);
	return ret;
}

void MappedRegion::reset()
{
	if (addr_ && backend_)
		backend_->munmap(addr_, size_);
	addr_ = nullptr;
	size_ = 0;
}

std::string Error::message() const
{
	std::string msg = op;
	if (err)
		msg += fmt::format(" failed: {} ({})", std::strerror(err), err);
	else if (!msg.empty())
		msg += " failed";
	if (!detail.empty())
		msg += msg.empty() ? detail : ": " + detail;
	if (!hint.empty())
		msg += fmt::format("\n  hint: {}", hint);
	return msg;
}

} // namespace cedrus
