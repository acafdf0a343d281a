// SPDX-License-Identifier: MIT
// A single-planar V4L2 capture device (camera) feeding the encoder.
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

	// S_FMT; fails with the list of formats when the fourcc is refused.
	Result<v4l2_pix_format> setFormat(uint32_t width, uint32_t height, uint32_t fourcc);
	// S_PARM; returns the interval kept by the driver.
	Result<v4l2_fract> setFrameRate(uint32_t fpsNum, uint32_t fpsDen);
	[[nodiscard]] const v4l2_pix_format &format() const { return fmt_; }

	// Waits for a frame (POLLIN); true when one is ready.
	Result<bool> wait(int timeoutMs);

private:
	explicit CaptureDevice(std::unique_ptr<Device> dev)
		: dev_(std::move(dev)), queue_(*dev_, V4L2_BUF_TYPE_VIDEO_CAPTURE) {}

	std::unique_ptr<Device> dev_;
	Queue queue_;
	v4l2_pix_format fmt_{};
};

} // namespace cedrus
