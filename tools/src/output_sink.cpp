// SPDX-License-Identifier: MIT
#include "output_sink.h"

#include <fmt/format.h>

#include <cerrno>
#include <climits>
#include <vector>

#include <fcntl.h>
#include <sys/uio.h>
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
	const std::span<const std::byte> one[] = { data };
	return write(one);
}

Status OutputSink::write(std::span<const std::span<const std::byte>> pieces)
{
	// IOV_MAX pieces per call; a short write continues mid-piece.
	std::vector<iovec> iov;
	size_t first = 0, skip = 0; // the next byte: pieces[first][skip]
	while (first < pieces.size()) {
		iov.clear();
		for (size_t i = first; i < pieces.size() && iov.size() < IOV_MAX; i++) {
			auto p = i == first ? pieces[i].subspan(skip) : pieces[i];
			iov.push_back({ const_cast<std::byte *>(p.data()), p.size() });
		}
		ssize_t n = ::writev(fd_, iov.data(), int(iov.size()));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return makeError("write(output)", errno);
		}
		for (size_t done = size_t(n); first < pieces.size();) {
			size_t left = pieces[first].size() - skip;
			if (done < left) {
				skip += done;
				break;
			}
			done -= left;
			first++;
			skip = 0;
		}
	}
	return {};
}

} // namespace cedrus::cli
