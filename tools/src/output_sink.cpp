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

Error writeError(std::string_view name, int err)
{
	Error e = makeError(fmt::format("write({})", name), err);
	if (err == ENOSPC || err == EDQUOT)
		e.hint = "the file system (or the user's quota) is full: free some space or "
			 "write the file elsewhere";
	return e;
}

Status OutputSink::open(const std::string &path)
{
	if (path == "-") {
		owned_.reset();
		fd_ = STDOUT_FILENO;
		name_ = "stdout";
		return {};
	}
	UniqueFD fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	if (!fd.isValid())
		return makeError(fmt::format("open({})", path), errno);
	owned_ = std::move(fd);
	fd_ = owned_.get();
	name_ = path;
	return {};
}

Status OutputSink::write(std::span<const std::byte> data)
{
	const std::span<const std::byte> one[] = { data };
	return write(one);
}

Status OutputSink::write(std::span<const std::span<const std::byte>> pieces)
{
	// IOV_MAX pieces per call; a short write continues mid-piece, and the
	// next call says why it was short (ENOSPC, EFBIG, EIO).
	std::vector<iovec> iov;
	size_t first = 0, skip = 0; // the next byte: pieces[first][skip]
	while (first < pieces.size()) {
		iov.clear();
		size_t bytes = 0;
		for (size_t i = first; i < pieces.size() && iov.size() < IOV_MAX; i++) {
			auto p = i == first ? pieces[i].subspan(skip) : pieces[i];
			iov.push_back({ const_cast<std::byte *>(p.data()), p.size() });
			bytes += p.size();
		}
		ssize_t n = ::writev(fd_, iov.data(), int(iov.size()));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return writeError(name_, errno);
		}
		// Nothing written though something was asked: no errno to
		// report, and retrying could loop for ever.
		if (n == 0 && bytes > 0)
			return writeError(name_, EIO);
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

Status OutputSink::close()
{
	if (!owned_.isValid())
		return {};
	fd_ = -1;
	// Linux closes the fd even when close() fails: never retry it.
	if (::close(owned_.release()) != 0 && errno != EINTR)
		return makeError(fmt::format("close({})", name_), errno);
	return {};
}

Status printText(std::FILE *stream, std::string_view name, std::string_view text)
{
	errno = 0;
	size_t n = std::fwrite(text.data(), 1, text.size(), stream);
	if (n != text.size() || std::fflush(stream) != 0)
		return writeError(name, errno ? errno : EIO);
	return {};
}

} // namespace cedrus::cli
