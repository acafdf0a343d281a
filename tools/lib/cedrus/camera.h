// SPDX-License-Identifier: MIT
// A V4L2 capture device (camera) feeding the encoder, single- or
// multi-planar as QUERYCAP's device_caps say.
#pragma once

#include "cedrus/queue.h"

#include <memory>

namespace cedrus {

class CaptureDevice {
public:
	static Result<std::unique_ptr<CaptureDevice>> open(const std::string &path,
							   IoctlBackend &backend = systemBackend());

	[[nodiscard]] const Device &device() const { return *dev_; }
	[[nodiscard]] Queue &queue() { return queue_; }
	[[nodiscard]] bool multiplanar() const { return queue_.multiplanar(); }

	// S_FMT of a width x height fourcc (NV12M needs the multi-planar API);
	// fails with the list of formats when the fourcc is refused, or when
	// the size was changed.
	Result<PixFormat> setFormat(uint32_t width, uint32_t height, uint32_t fourcc);
	// S_PARM; returns the interval kept by the driver.
	Result<v4l2_fract> setFrameRate(uint32_t fpsNum, uint32_t fpsDen);
	[[nodiscard]] const PixFormat &format() const { return fmt_; }

	// Waits for a frame (POLLIN); true when one is ready.
	Result<bool> wait(int timeoutMs);

private:
	CaptureDevice(std::unique_ptr<Device> dev, uint32_t type)
		: dev_(std::move(dev)), queue_(*dev_, type)
	{}

	std::unique_ptr<Device> dev_;
	Queue queue_;
	PixFormat fmt_{};
};

} // namespace cedrus
