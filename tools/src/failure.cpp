// SPDX-License-Identifier: MIT
#include "failure.h"

#include <cerrno>

namespace cedrus::cli {

std::string openHint(int err)
{
	switch (err) {
	case EACCES:
		return "permission denied: run as root or add the user to the 'video' group";
	case EBUSY:
		return "the device is busy: another process is using it";
	case ENOENT:
		return "no such node: check the path (ls /dev/video*)";
	default:
		return {};
	}
}

Failure failure(int code, Error e, std::string_view hint)
{
	if (!hint.empty())
		e.hint = std::string(hint);
	else if (e.hint.empty() && (e.err == EACCES || e.err == EBUSY))
		e.hint = openHint(e.err);
	return { code, std::move(e) };
}

int bufferFailure(const Error &e)
{
	if (e.err == EBUSY || e.err == EACCES)
		return ExitNoDevice;
	return e.err == EFAULT || e.err == EINVAL || e.err == ENOMEM ? ExitBuffers : ExitEncode;
}

} // namespace cedrus::cli
