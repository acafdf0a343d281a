// SPDX-License-Identifier: MIT
// A V4L2 video node: capabilities, formats, controls and events.
#pragma once

#include "cedrus/format.h"
#include "cedrus/ioctl_backend.h"
#include "cedrus/result.h"
#include "cedrus/unique_fd.h"

#include <linux/videodev2.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cedrus {

// "H264 I-Frame Period" -> "h264_i_frame_period", as v4l2-ctl prints names:
// lowercase, every run of non-alphanumerics becomes one '_', none trailing.
[[nodiscard]] std::string controlKey(std::string_view name);

// Appends `item` to a `sep`-separated list.
void appendItem(std::string &list, std::string_view sep, std::string_view item);

struct ControlInfo {
	uint32_t id = 0;
	uint32_t type = 0;
	std::string name; // as the driver reports it
	std::string key;  // controlKey(name)
	int64_t minimum = 0;
	int64_t maximum = 0;
	uint64_t step = 0;
	int64_t defaultValue = 0;
	uint32_t flags = 0;
	std::vector<std::pair<int64_t, std::string>> menu; // valid items only
};

struct FrameSizeRange {
	uint32_t minWidth, maxWidth, stepWidth;
	uint32_t minHeight, maxHeight, stepHeight;
};

class Device {
public:
	// Opens the node non-blocking and reads its capabilities.
	static Result<std::unique_ptr<Device>> open(const std::string &path,
						    IoctlBackend &backend = systemBackend());

	[[nodiscard]] const std::string &path() const { return path_; }
	// Log prefix: "/dev/video1 (cedrus)".
	[[nodiscard]] const std::string &name() const { return name_; }
	[[nodiscard]] const v4l2_capability &capability() const { return cap_; }
	// device_caps when present, else capabilities.
	[[nodiscard]] uint32_t caps() const;
	[[nodiscard]] int fd() const { return fd_.get(); }
	[[nodiscard]] IoctlBackend &backend() const { return *backend_; }

	// 0 or -errno, logged; the name is taken from the request.
	int ioctl(unsigned long request, void *arg) const;
	// Same, as a Result carrying the ioctl name.
	Status xioctl(unsigned long request, void *arg) const;

	[[nodiscard]] std::vector<v4l2_fmtdesc> formats(uint32_t bufType) const;
	[[nodiscard]] bool hasFormat(uint32_t bufType, uint32_t fourcc) const;
	[[nodiscard]] std::optional<FrameSizeRange> frameSizes(uint32_t fourcc) const;

	// G/S/TRY_FMT in the API of bufType (pix or pix_mp).
	Result<PixFormat> getFormat(uint32_t bufType) const;
	Result<PixFormat> setFormat(uint32_t bufType, const PixFormat &fmt) const;
	Result<PixFormat> tryFormat(uint32_t bufType, const PixFormat &fmt) const;

	// Every control (QUERY_EXT_CTRL walk with NEXT_CTRL), menus resolved.
	// The list is read once and cached: ranges and menus are static.
	Result<std::vector<ControlInfo>> queryControls() const;
	Result<ControlInfo> findControl(uint32_t id) const;
	Result<ControlInfo> findControl(std::string_view key) const;
	Status setControl(uint32_t id, int64_t value) const;
	Result<int64_t> getControl(uint32_t id) const;

	Status subscribeEvent(uint32_t type) const;
	// An event if one is pending, nullopt otherwise.
	Result<std::optional<v4l2_event>> dequeueEvent() const;

	// Waits for POLLIN/POLLOUT/POLLPRI; returns revents (0 on timeout).
	Result<int> poll(short events, int timeoutMs) const;

private:
	Device(IoctlBackend &backend, UniqueFD fd, std::string path);

	IoctlBackend *backend_;
	UniqueFD fd_;
	std::string path_;
	std::string name_;
	v4l2_capability cap_{};
	mutable std::optional<std::vector<ControlInfo>> controls_;
};

} // namespace cedrus
