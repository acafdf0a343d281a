// SPDX-License-Identifier: MIT
#include "output_sink.h"

#include <fmt/format.h>

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace cedrus::cli {

Status OutputSink::open(const std::string &path)
{
	if (path == "-") {
		owned_.reset();
		fd_ = STDOUT_FILENO;
		return {};
	}
	UniqueFD fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	if (!fd.isValid())
		return makeError(fmt::format("open({})", path), errno);
	owned_ = std::move(fd);
	fd_ = owned_.get();
	return {};
}

Status OutputSink::write(std::span<const std::byte> data)
{
	while (!data.empty()) {
		ssize_t n = ::write(fd_, data.data(), data.size());
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return makeError("write(output)", errno);
		}
		data = data.subspan(size_t(n));
	}
	return {};
}

} // namespace cedrus::cli
