// SPDX-License-Identifier: MIT
// Where the stream (and --save-input, --summary) goes: a file the sink
// owns, or stdout. A write that fails (ENOSPC on a full file system, EIO)
// is an Error naming the file, never an exception.
#pragma once

#include "cedrus/result.h"
#include "cedrus/unique_fd.h"

#include <cstddef>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

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
	// Closes an owned file, reporting what close() reports (a network file
	// system may only say ENOSPC or EIO there); stdout is left open.
	Status close();

	// The path given to open(), "stdout" for "-".
	[[nodiscard]] const std::string &name() const { return name_; }

private:
	UniqueFD owned_;
	int fd_ = -1; // owned_ or STDOUT_FILENO
	std::string name_;
};

// `text` on a stdio stream called `name` ("stdout"), flushed. Unlike
// fmt::print, which throws std::system_error when the write fails (and so
// aborts the tool on a full disk), a failure is an Error.
Status printText(std::FILE *stream, std::string_view name, std::string_view text);

// The Error of a failed write to `name`, with a hint for a full disk.
[[nodiscard]] Error writeError(std::string_view name, int err);

} // namespace cedrus::cli
