// SPDX-License-Identifier: MIT
// How a run fails, as the user sees it: an exit code and the library's Error
// (operation, errno, detail and hint). Every failure from the option parser
// down to an ioctl ends up as one of these.
#pragma once

#include "cedrus/result.h"

#include <string>
#include <string_view>

namespace cedrus::cli {

// Exit codes (documented in --help).
enum ExitCode : int {
	ExitOk = 0,
	ExitUsage = 1,	  // invalid option or value
	ExitNoDevice = 2, // no encoder/camera found, or it cannot be opened
	ExitFormat = 3,	  // size, format or control refused by the driver
	ExitBuffers = 4,  // buffer allocation, export or import failed
	ExitEncode = 5,	  // encoding failed (ERROR buffers, drain timeout, EIO)
	ExitIo = 6,	  // input or output file error (ENOSPC, EIO, ...)
};

struct Failure {
	int code = ExitOk;
	Error error;

	[[nodiscard]] bool failed() const { return code != ExitOk; }
	// The text for the user: the Error's message, hint included.
	[[nodiscard]] std::string message() const { return error.message(); }
};

// Hints for the errno values users actually meet when opening nodes.
[[nodiscard]] std::string openHint(int err);

// `e` failing the run with `code`. `hint` replaces the Error's own; without
// either, EACCES and EBUSY still get the generic open hint.
[[nodiscard]] Failure failure(int code, Error e, std::string_view hint = {});

// The exit code of a failed buffer operation: EBUSY/EACCES mean the device,
// EFAULT/EINVAL/ENOMEM the buffers, anything else the encoding.
[[nodiscard]] int bufferFailure(const Error &e);

} // namespace cedrus::cli
