// SPDX-License-Identifier: MIT
// Logging: category + severity, formatted with fmt. Callers put the device
// name first in the message ("{}: VIDIOC_QBUF failed", dev.name()).
#pragma once

#include <fmt/core.h>

#include <functional>
#include <string_view>

namespace cedrus::log {

enum class Severity { Debug, Info, Warning, Error };
enum class Category { V4l2, Ioctl, Dmabuf, Drm, Encoder, Camera, Io, Cli };

[[nodiscard]] std::string_view name(Severity s);
[[nodiscard]] std::string_view name(Category c);

// Messages below the threshold are dropped (default Warning).
void setThreshold(Severity s);
[[nodiscard]] bool enabled(Severity s);

using Sink = std::function<void(Severity, Category, std::string_view)>;
// Replace the sink (default: one line on stderr); an empty sink restores it.
void setSink(Sink sink);

void write(Severity s, Category c, std::string_view msg);

template <typename... Args>
void emit(Severity s, Category c, fmt::format_string<Args...> f, Args &&...args)
{
	if (enabled(s))
		write(s, c, fmt::format(f, std::forward<Args>(args)...));
}

template <typename... Args>
void debug(Category c, fmt::format_string<Args...> f, Args &&...args)
{
	emit(Severity::Debug, c, f, std::forward<Args>(args)...);
}

template <typename... Args>
void info(Category c, fmt::format_string<Args...> f, Args &&...args)
{
	emit(Severity::Info, c, f, std::forward<Args>(args)...);
}

template <typename... Args>
void warning(Category c, fmt::format_string<Args...> f, Args &&...args)
{
	emit(Severity::Warning, c, f, std::forward<Args>(args)...);
}

template <typename... Args>
void error(Category c, fmt::format_string<Args...> f, Args &&...args)
{
	emit(Severity::Error, c, f, std::forward<Args>(args)...);
}

} // namespace cedrus::log
