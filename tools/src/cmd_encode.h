// SPDX-License-Identifier: MIT
#pragma once

#include "options.h"

#include "cedrus/ioctl_backend.h"

namespace cedrus::cli {

// Runs the encode command; returns the process exit code. Tests pass a fake
// backend (and --device naming one of its nodes).
int runEncode(const EncodeOptions &opts, IoctlBackend &backend = systemBackend());

} // namespace cedrus::cli
