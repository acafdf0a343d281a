// SPDX-License-Identifier: MIT
#include "cedrus/device.h"

#include "cedrus/log.h"

#include <cctype>
#include <cstring>

#include <fcntl.h>
#include <poll.h>

namespace cedrus {

std::string controlKey(std::string_view name)
{
	std::string key;
	bool pendingSep = false;

	for (char ch : name) {
		unsigned char c = static_cast<unsigned char>(ch);
		if (std::isalnum(c)) {
			if (pendingSep && !key.empty())
				key += '_';
			pendingSep = false;
			key += static_cast<char>(std::tolower(c));
		} else {
			pendingSep = true;
		}
	}
	return key;
}

void appendItem(std::string &list, std::string_view sep, std::string_view item)
{
	if (!list.empty())
		list += sep;
	list += item;
}

Device::Device(IoctlBackend &backend, UniqueFD fd, std::string path)
	: backend_(&backend), fd_(std::move(fd)), path_(std::move(path)), name_(path_)
{}

Result<std::unique_ptr<Device>> Device::open(const std::string &path, IoctlBackend &backend)
{
	int fd = backend.open(path, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return makeError(fmt::format("open({})", path), -fd);

	std::unique_ptr<Device> dev(new Device(backend, UniqueFD(fd), path));
	if (int ret = dev->ioctl(VIDIOC_QUERYCAP, &dev->cap_); ret < 0)
		return makeError("VIDIOC_QUERYCAP", -ret,
				 fmt::format("{} is not a V4L2 device", path));

	dev->name_ = fmt::format("{} ({})", path, reinterpret_cast<const char *>(dev->cap_.driver));
	return dev;
}

uint32_t Device::caps() const
{
	if (cap_.capabilities & V4L2_CAP_DEVICE_CAPS)
		return cap_.device_caps;
	return cap_.capabilities;
}

int Device::ioctl(unsigned long request, void *arg) const
{
	return doIoctl(*backend_, fd_.get(), name_, request, arg);
}

Status Device::xioctl(unsigned long request, void *arg) const
{
	int ret = ioctl(request, arg);
	if (ret < 0)
		return makeError(ioctlName(request), -ret);
	return {};
}

std::vector<v4l2_fmtdesc> Device::formats(uint32_t bufType) const
{
	std::vector<v4l2_fmtdesc> list;

	for (uint32_t i = 0;; i++) {
		v4l2_fmtdesc desc{};
		desc.index = i;
		desc.type = bufType;
		if (ioctl(VIDIOC_ENUM_FMT, &desc) < 0)
			break;
		list.push_back(desc);
	}
	return list;
}

bool Device::hasFormat(uint32_t bufType, uint32_t fourcc) const
{
	for (const auto &desc : formats(bufType))
		if (desc.pixelformat == fourcc)
			return true;
	return false;
}

std::optional<FrameSizeRange> Device::frameSizes(uint32_t fourcc) const
{
	v4l2_frmsizeenum fse{};
	fse.pixel_format = fourcc;
	if (ioctl(VIDIOC_ENUM_FRAMESIZES, &fse) < 0)
		return std::nullopt;
	if (fse.type == V4L2_FRMSIZE_TYPE_DISCRETE)
		return FrameSizeRange{ fse.discrete.width,  fse.discrete.width,	 1,
				       fse.discrete.height, fse.discrete.height, 1 };
	return FrameSizeRange{ fse.stepwise.min_width,	fse.stepwise.max_width,
			       fse.stepwise.step_width, fse.stepwise.min_height,
			       fse.stepwise.max_height, fse.stepwise.step_height };
}

Result<PixFormat> Device::getFormat(uint32_t bufType) const
{
	v4l2_format fmt{};
	fmt.type = bufType;
	if (auto st = xioctl(VIDIOC_G_FMT, &fmt); !st)
		return st.error();
	return fromV4l2(fmt);
}

Result<PixFormat> Device::setFormat(uint32_t bufType, const PixFormat &in) const
{
	v4l2_format fmt = toV4l2(bufType, in);
	if (auto st = xioctl(VIDIOC_S_FMT, &fmt); !st)
		return st.error();
	return fromV4l2(fmt);
}

Result<PixFormat> Device::tryFormat(uint32_t bufType, const PixFormat &in) const
{
	v4l2_format fmt = toV4l2(bufType, in);
	if (auto st = xioctl(VIDIOC_TRY_FMT, &fmt); !st)
		return st.error();
	return fromV4l2(fmt);
}

Result<std::vector<ControlInfo>> Device::queryControls() const
{
	if (controls_)
		return *controls_;

	std::vector<ControlInfo> list;
	uint32_t id = 0;

	for (;;) {
		v4l2_query_ext_ctrl q{};
		q.id = id | V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND;
		int ret = ioctl(VIDIOC_QUERY_EXT_CTRL, &q);
		if (ret == -EINVAL)
			break;
		if (ret < 0)
			return makeError("VIDIOC_QUERY_EXT_CTRL", -ret);
		id = q.id;
		if (q.type == V4L2_CTRL_TYPE_CTRL_CLASS)
			continue;

		ControlInfo info;
		info.id = q.id;
		info.type = q.type;
		info.name = std::string(q.name, strnlen(q.name, sizeof(q.name)));
		info.key = controlKey(info.name);
		info.minimum = q.minimum;
		info.maximum = q.maximum;
		info.step = q.step;
		info.defaultValue = q.default_value;
		info.flags = q.flags;
		if (q.type == V4L2_CTRL_TYPE_MENU || q.type == V4L2_CTRL_TYPE_INTEGER_MENU) {
			for (int64_t i = q.minimum; i <= q.maximum; i++) {
				v4l2_querymenu m{};
				m.id = q.id;
				m.index = static_cast<uint32_t>(i);
				if (ioctl(VIDIOC_QUERYMENU, &m) < 0)
					continue;
				if (q.type == V4L2_CTRL_TYPE_MENU)
					info.menu.emplace_back(i, reinterpret_cast<const char *>(
									  m.name));
				else
					info.menu.emplace_back(i, fmt::format("{}",
									      static_cast<int64_t>(
										      m.value)));
			}
		}
		list.push_back(std::move(info));
	}
	controls_ = list;
	return list;
}

Result<ControlInfo> Device::findControl(uint32_t id) const
{
	auto list = queryControls();
	if (!list)
		return list.error();
	for (auto &c : *list)
		if (c.id == id)
			return c;
	return makeError(fmt::format("control {:#x}", id), ENOENT, "not supported by the driver");
}

Result<ControlInfo> Device::findControl(std::string_view key) const
{
	auto list = queryControls();
	if (!list)
		return list.error();
	for (auto &c : *list)
		if (c.key == key)
			return c;
	return makeError(fmt::format("control '{}'", key), ENOENT, "not supported by the driver");
}

Status Device::setControl(uint32_t id, int64_t value) const
{
	v4l2_ext_control ctrl{};
	ctrl.id = id;
	ctrl.value64 = value;
	if (value >= INT32_MIN && value <= INT32_MAX)
		ctrl.value = static_cast<int32_t>(value);

	v4l2_ext_controls ctrls{};
	ctrls.which = V4L2_CTRL_WHICH_CUR_VAL;
	ctrls.count = 1;
	ctrls.controls = &ctrl;
	int ret = ioctl(VIDIOC_S_EXT_CTRLS, &ctrls);
	if (ret < 0)
		return makeError("VIDIOC_S_EXT_CTRLS", -ret,
				 fmt::format("control {:#x} = {}", id, value));
	return {};
}

Result<int64_t> Device::getControl(uint32_t id) const
{
	v4l2_ext_control ctrl{};
	ctrl.id = id;
	v4l2_ext_controls ctrls{};
	ctrls.which = V4L2_CTRL_WHICH_CUR_VAL;
	ctrls.count = 1;
	ctrls.controls = &ctrl;
	if (auto st = xioctl(VIDIOC_G_EXT_CTRLS, &ctrls); !st)
		return st.error();
	return static_cast<int64_t>(ctrl.value);
}

Status Device::subscribeEvent(uint32_t type) const
{
	v4l2_event_subscription sub{};
	sub.type = type;
	return xioctl(VIDIOC_SUBSCRIBE_EVENT, &sub);
}

Result<std::optional<v4l2_event>> Device::dequeueEvent() const
{
	v4l2_event ev{};
	int ret = ioctl(VIDIOC_DQEVENT, &ev);
	if (ret == -ENOENT || ret == -EAGAIN)
		return std::optional<v4l2_event>();
	if (ret < 0)
		return makeError("VIDIOC_DQEVENT", -ret);
	return std::optional<v4l2_event>(ev);
}

Result<int> Device::poll(short events, int timeoutMs) const
{
	int ret;
	do {
		ret = backend_->poll(fd_.get(), events, timeoutMs);
	} while (ret == -EINTR);
	if (ret < 0)
		return makeError("poll", -ret);
	return ret;
}

} // namespace cedrus
