// SPDX-License-Identifier: MIT
#include "discovery.h"

#include "failure.h"

#include "cedrus/encoder.h"
#include "cedrus/format.h"
#include "cedrus/log.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include <dirent.h>

namespace cedrus::cli {

std::string describeNode(const Device &dev)
{
	std::string caps;
	uint32_t c = dev.caps();
	bool mplane = false;
	if (c & V4L2_CAP_VIDEO_M2M_MPLANE) {
		caps = "m2m-mplane";
		mplane = true;
	} else if (c & V4L2_CAP_VIDEO_M2M) {
		caps = "m2m";
	} else if (c & V4L2_CAP_VIDEO_CAPTURE_MPLANE) {
		caps = "capture-mplane";
		mplane = true;
	} else if (c & V4L2_CAP_VIDEO_CAPTURE) {
		caps = "capture";
	} else {
		caps = fmt::format("caps {:#x}", c);
	}
	auto list = [&](uint32_t type) {
		std::string s;
		for (const auto &d : dev.formats(mplane ? toMultiplanar(type) : type))
			appendItem(s, ",", formatName(d.pixelformat));
		return s.empty() ? std::string("-") : s;
	};
	return fmt::format("{} [{}] '{}' CAPTURE {} OUTPUT {}", dev.name(), caps,
			   reinterpret_cast<const char *>(dev.capability().card),
			   list(V4L2_BUF_TYPE_VIDEO_CAPTURE), list(V4L2_BUF_TYPE_VIDEO_OUTPUT));
}

namespace {

// The video* nodes of `dir`, video2 before video10.
std::vector<std::string> videoNodes(const std::string &dir)
{
	std::vector<std::string> nodes;
	if (DIR *d = opendir(dir.c_str())) {
		while (dirent *ent = readdir(d))
			if (std::strncmp(ent->d_name, "video", 5) == 0)
				nodes.push_back(dir + "/" + ent->d_name);
		closedir(d);
	}
	std::sort(nodes.begin(), nodes.end(), [](const std::string &a, const std::string &b) {
		return a.size() != b.size() ? a.size() < b.size() : a < b;
	});
	return nodes;
}

Result<std::unique_ptr<Device>> openEncoder(const std::string &device, IoctlBackend &backend)
{
	auto dev = Device::open(device, backend);
	if (!dev) {
		Error e = dev.error();
		e.hint = openHint(e.err);
		return e;
	}
	if (!isH264Encoder(**dev)) {
		Error e = makeError(device, 0,
				    "not an H.264 encoder (needs an M2M node, single- or "
				    "multi-planar, with H264 on CAPTURE and NV12 or NV12M "
				    "on OUTPUT)");
		e.detail += "\n  found: " + describeNode(**dev);
		return e;
	}
	return dev;
}

} // namespace

Result<std::unique_ptr<Device>> findEncoder(const std::string &device, const std::string &deviceDir,
					    IoctlBackend &backend)
{
	if (!device.empty())
		return openEncoder(device, backend);

	const std::vector<std::string> nodes = videoNodes(deviceDir);
	std::string seen;
	for (const auto &path : nodes) {
		auto dev = Device::open(path, backend);
		if (!dev) {
			seen += fmt::format("\n  {}: {}", path, dev.error().message());
			continue;
		}
		if (isH264Encoder(**dev)) {
			log::info(log::Category::Cli, "using encoder {}", (*dev)->name());
			return dev;
		}
		seen += "\n  " + describeNode(**dev);
	}
	Error e = makeError("encoder discovery", ENODEV,
			    "no H.264 encoder found (an M2M node, single- or multi-planar, "
			    "with H264 on CAPTURE and NV12 or NV12M on OUTPUT)");
	e.detail += seen.empty() ? fmt::format("\n  no {}/video* nodes at all", deviceDir)
				 : "\n  found:" + seen;
	e.hint = "load the encoder driver (modprobe cedrus-ve) or pass --device";
	return e;
}

} // namespace cedrus::cli
