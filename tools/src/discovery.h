// SPDX-License-Identifier: MIT
// Finding the encoder node: the one --device names, or the first H.264
// encoder among the video nodes.
#pragma once

#include "cedrus/device.h"
#include "cedrus/ioctl_backend.h"
#include "cedrus/result.h"

#include <memory>
#include <string>

namespace cedrus::cli {

// `device` when given (it must be an H.264 encoder), else the first
// /dev/video* node, in numeric order, that is one (deviceDir stands for
// /dev). The Error says what was found instead and carries the hint.
[[nodiscard]] Result<std::unique_ptr<Device>>
findEncoder(const std::string &device, const std::string &deviceDir, IoctlBackend &backend);

// "/dev/video0 (vivid) [capture] 'vivid' CAPTURE NV12,YU12 OUTPUT -": one
// line per node in the discovery error.
[[nodiscard]] std::string describeNode(const Device &dev);

} // namespace cedrus::cli
