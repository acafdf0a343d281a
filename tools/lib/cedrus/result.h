// SPDX-License-Identifier: MIT
// Errors as values: every failing kernel call becomes an Error carrying the
// operation name (usually the ioctl) and the errno captured right after it.
// The same Error travels up to the CLI, which adds only the exit code
// (src/failure.h); a hint says what the user can do about it.
#pragma once

#include <cerrno>
#include <string>
#include <utility>
#include <variant>

namespace cedrus {

struct Error {
	std::string op;	    // "VIDIOC_QBUF", "open(/dev/video0)", ...
	int err = 0;	    // positive errno, 0 for a logic error
	std::string detail; // optional human explanation
	std::string hint;   // optional remedy, shown on a line of its own

	// "op failed: strerror (errno): detail", then "\n  hint: hint".
	[[nodiscard]] std::string message() const;
};

[[nodiscard]] inline Error makeError(std::string op, int err, std::string detail = {})
{
	return Error{ std::move(op), err, std::move(detail), {} };
}

template <typename T>
class [[nodiscard]] Result {
public:
	Result(T value) : v_(std::move(value)) {}
	Result(Error error) : v_(std::move(error)) {}

	[[nodiscard]] bool ok() const { return v_.index() == 0; }
	explicit operator bool() const { return ok(); }

	T &value() & { return std::get<0>(v_); }
	const T &value() const & { return std::get<0>(v_); }
	T &&value() && { return std::get<0>(std::move(v_)); }
	T &operator*() & { return value(); }
	T *operator->() { return &value(); }
	const T *operator->() const { return &value(); }

	const Error &error() const { return std::get<1>(v_); }

private:
	std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
	Result() = default;
	Result(Error error) : err_(std::move(error)), failed_(true) {}

	[[nodiscard]] bool ok() const { return !failed_; }
	explicit operator bool() const { return ok(); }
	const Error &error() const { return err_; }

private:
	Error err_;
	bool failed_ = false;
};

using Status = Result<void>;

} // namespace cedrus
