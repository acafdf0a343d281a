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
	if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING))
		return makeError((*dev)->name(), ENODEV,
				 (caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE)
					 ? "multi-planar capture devices are not supported"
					 : "not a streaming video capture device");
	return std::unique_ptr<CaptureDevice>(new CaptureDevice(std::move(dev.value())));
}

Result<v4l2_pix_format> CaptureDevice::setFormat(uint32_t width, uint32_t height,
						 uint32_t fourcc)
{
	v4l2_format fmt{};
	fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	fmt.fmt.pix.width = width;
	fmt.fmt.pix.height = height;
	fmt.fmt.pix.pixelformat = fourcc;
	fmt.fmt.pix.field = V4L2_FIELD_NONE;
	auto got = dev_->setFormat(fmt);
	if (!got)
		return got.error();
	if (got->fmt.pix.pixelformat != fourcc) {
		std::string list;
		for (const auto &d : dev_->formats(V4L2_BUF_TYPE_VIDEO_CAPTURE))
			appendItem(list, " ", fourccToString(d.pixelformat));
		return makeError("VIDIOC_S_FMT(camera)", 0,
				 fmt::format("{} refused {}; it offers: {}", dev_->name(),
					     fourccToString(fourcc), list));
	}
	if (got->fmt.pix.width != width || got->fmt.pix.height != height)
		return makeError("VIDIOC_S_FMT(camera)", 0,
				 fmt::format("{} adjusted {}x{} to {}x{}", dev_->name(), width,
					     height, got->fmt.pix.width, got->fmt.pix.height));
	fmt_ = got->fmt.pix;
	return fmt_;
}

Result<v4l2_fract> CaptureDevice::setFrameRate(uint32_t fpsNum, uint32_t fpsDen)
{
	v4l2_streamparm parm{};
	parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
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
