// SPDX-License-Identifier: MIT
#include "cedrus/camera.h"

#include "cedrus/log.h"

#include <poll.h>

namespace cedrus {

Result<std::unique_ptr<CaptureDevice>> CaptureDevice::open(const std::string &path,
							   IoctlBackend &backend)
{
	auto dev = Device::open(path, backend);
	if (!dev)
		return dev.error();
	uint32_t caps = (*dev)->caps();
	if (!(caps & V4L2_CAP_STREAMING) ||
	    !(caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)))
		return makeError((*dev)->name(), ENODEV, "not a streaming video capture device");
	uint32_t type = caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE
							     : V4L2_BUF_TYPE_VIDEO_CAPTURE;
	return std::unique_ptr<CaptureDevice>(new CaptureDevice(std::move(dev.value()), type));
}

Result<PixFormat> CaptureDevice::setFormat(uint32_t width, uint32_t height, uint32_t fourcc)
{
	if (memoryPlanes(fourcc) > 1 && !multiplanar())
		return makeError("VIDIOC_S_FMT(camera)", EINVAL,
				 fmt::format("{} is a single-planar camera: it cannot capture {}",
					     dev_->name(), formatName(fourcc)));
	PixFormat want;
	want.width = width;
	want.height = height;
	want.pixelformat = fourcc;
	want.numPlanes = memoryPlanes(fourcc);
	auto got = dev_->setFormat(queue_.type(), want);
	if (!got)
		return got.error();
	if (got->pixelformat != fourcc) {
		std::string list;
		for (const auto &d : dev_->formats(queue_.type()))
			appendItem(list, " ", formatName(d.pixelformat));
		return makeError("VIDIOC_S_FMT(camera)", 0,
				 fmt::format("{} refused {}; it offers: {}", dev_->name(),
					     formatName(fourcc), list));
	}
	if (got->width != width || got->height != height)
		return makeError("VIDIOC_S_FMT(camera)", 0,
				 fmt::format("{} adjusted {}x{} to {}x{}", dev_->name(), width,
					     height, got->width, got->height));
	if (got->numPlanes != memoryPlanes(fourcc))
		return makeError("VIDIOC_S_FMT(camera)", 0,
				 fmt::format("{} reports {} planes for {}", dev_->name(),
					     got->numPlanes, formatName(fourcc)));
	fmt_ = *got;
	return fmt_;
}

Result<v4l2_fract> CaptureDevice::setFrameRate(uint32_t fpsNum, uint32_t fpsDen)
{
	v4l2_streamparm parm{};
	parm.type = queue_.type();
	parm.parm.capture.timeperframe = { fpsDen, fpsNum };
	if (auto st = dev_->xioctl(VIDIOC_S_PARM, &parm); !st)
		return st.error();
	return parm.parm.capture.timeperframe;
}

Result<bool> CaptureDevice::wait(int timeoutMs)
{
	auto rev = dev_->poll(POLLIN, timeoutMs);
	if (!rev)
		return rev.error();
	return (*rev & POLLIN) != 0;
}

} // namespace cedrus
