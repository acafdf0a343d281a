// SPDX-License-Identifier: MIT
// Where the stream (and --save-input) goes: a file the sink owns, or stdout.
#pragma once

#include "cedrus/result.h"
#include "cedrus/unique_fd.h"

#include <cstddef>
#include <span>
#include <string>

namespace cedrus::cli {

class OutputSink {
public:
	// "-" borrows stdout (never closed); anything else is created or
	// truncated, and closed with the sink.
	Status open(const std::string &path);
	// All of `data`, retrying short writes and EINTR.
	Status write(std::span<const std::byte> data);
	// The pieces one after the other, gathered (writev) straight from where
	// they are: no copy into a buffer first.
	Status write(std::span<const std::span<const std::byte>> pieces);

private:
	UniqueFD owned_;
	int fd_ = -1; // owned_ or STDOUT_FILENO
};

} // namespace cedrus::cli
