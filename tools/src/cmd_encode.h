// SPDX-License-Identifier: MIT
#pragma once

#include "options.h"

namespace cedrus::cli {

// Runs the encode command; returns the process exit code.
int runEncode(const EncodeOptions &opts);

} // namespace cedrus::cli
