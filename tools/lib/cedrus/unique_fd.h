// SPDX-License-Identifier: MIT
// Owner types for file descriptors and memory mappings.
#pragma once

#include <cstddef>
#include <span>
#include <utility>

#include <unistd.h>

namespace cedrus {

class IoctlBackend;

// Move-only owner of one file descriptor; closes it on destruction.
class UniqueFD {
public:
	UniqueFD() = default;
	explicit UniqueFD(int fd) : fd_(fd) {}
	~UniqueFD() { reset(); }

	UniqueFD(UniqueFD &&o) noexcept : fd_(o.release()) {}
	UniqueFD &operator=(UniqueFD &&o) noexcept
	{
		if (this != &o)
			reset(o.release());
		return *this;
	}
	UniqueFD(const UniqueFD &) = delete;
	UniqueFD &operator=(const UniqueFD &) = delete;

	[[nodiscard]] int get() const { return fd_; }
	[[nodiscard]] bool isValid() const { return fd_ >= 0; }

	// Give up ownership: the caller must close the returned fd.
	[[nodiscard]] int release() { return std::exchange(fd_, -1); }

	void reset(int fd = -1)
	{
		if (fd_ >= 0)
			::close(fd_);
		fd_ = fd;
	}

private:
	int fd_ = -1;
};

// Owner of one mmap()ed region, unmapped through the backend that mapped it.
class MappedRegion {
public:
	MappedRegion() = default;
	MappedRegion(IoctlBackend *backend, void *addr, size_t size)
		: backend_(backend), addr_(addr), size_(size)
	{}
	~MappedRegion() { reset(); }

	MappedRegion(MappedRegion &&o) noexcept
		: backend_(o.backend_), addr_(std::exchange(o.addr_, nullptr)),
		  size_(std::exchange(o.size_, 0))
	{}
	MappedRegion &operator=(MappedRegion &&o) noexcept
	{
		if (this != &o) {
			reset();
			backend_ = o.backend_;
			addr_ = std::exchange(o.addr_, nullptr);
			size_ = std::exchange(o.size_, 0);
		}
		return *this;
	}
	MappedRegion(const MappedRegion &) = delete;
	MappedRegion &operator=(const MappedRegion &) = delete;

	[[nodiscard]] bool isValid() const { return addr_ != nullptr; }
	[[nodiscard]] std::span<std::byte> span() const
	{
		return { static_cast<std::byte *>(addr_), size_ };
	}

	void reset();

private:
	IoctlBackend *backend_ = nullptr;
	void *addr_ = nullptr;
	size_t size_ = 0;
};

} // namespace cedrus
