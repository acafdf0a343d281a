// SPDX-License-Identifier: MIT
#include "cedrus/log.h"

#include <cstdio>
#include <mutex>
#include <string>

namespace cedrus::log {

namespace {

Severity threshold = Severity::Warning;
Sink sink;
std::mutex sinkLock;

} // namespace

std::string_view name(Severity s)
{
	switch (s) {
	case Severity::Debug:
		return "debug";
	case Severity::Info:
		return "info";
	case Severity::Warning:
		return "warning";
	case Severity::Error:
		return "error";
	}
	return "?";
}

std::string_view name(Category c)
{
	switch (c) {
	case Category::V4l2:
		return "v4l2";
	case Category::Ioctl:
		return "ioctl";
	case Category::Dmabuf:
		return "dmabuf";
	case Category::Drm:
		return "drm";
	case Category::Encoder:
		return "encoder";
	case Category::Camera:
		return "camera";
	case Category::Io:
		return "io";
	case Category::Cli:
		return "cli";
	}
	return "?";
}

void setThreshold(Severity s)
{
	threshold = s;
}

bool enabled(Severity s)
{
	return static_cast<int>(s) >= static_cast<int>(threshold);
}

void setSink(Sink s)
{
	std::lock_guard guard(sinkLock);
	sink = std::move(s);
}

void write(Severity s, Category c, std::string_view msg)
{
	std::lock_guard guard(sinkLock);
	if (sink) {
		sink(s, c, msg);
		return;
	}
	// Not fmt::print: it throws std::system_error when stderr cannot be
	// written (a log file on a full disk), which would abort the tool over
	// a log line. Such a line is lost; the exit code still tells.
	std::string line = fmt::format("[{}] {}: {}\n", name(c), name(s), msg);
	(void)std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace cedrus::log
