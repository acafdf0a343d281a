// SPDX-License-Identifier: MIT
#include "cedrus/frame.h"

#include "cedrus/unique_fd.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace cedrus {

std::string_view name(PixelFormat f)
{
	return f == PixelFormat::Nv12 ? "nv12" : "i420";
}

size_t frameBytes(uint32_t width, uint32_t height)
{
	size_t cw = (width + 1) / 2, ch = (height + 1) / 2;
	return size_t(width) * height + 2 * cw * ch;
}

template <typename Byte>
static Nv12PlanesOf<Byte> split(std::span<Byte> buf, const Nv12Layout &l)
{
	size_t luma = std::min(buf.size(), l.lumaBytes());
	return { buf.first(luma), buf.subspan(luma) };
}

Nv12Planes splitNv12(std::span<std::byte> buf, const Nv12Layout &l)
{
	return split(buf, l);
}

Nv12ConstPlanes splitNv12(std::span<const std::byte> buf, const Nv12Layout &l)
{
	return split(buf, l);
}

bool convertToNv12(PixelFormat srcFormat, std::span<const std::byte> src, const Nv12Layout &l,
		   Nv12Planes dst)
{
	const uint32_t w = l.width, h = l.height;
	const uint32_t cw = (w + 1) / 2, ch = (h + 1) / 2;
	const uint32_t cstride = l.uvStride();
	if (l.stride < 2 * cw || cstride < 2 * cw || l.rows < 2 * ch ||
	    dst.luma.size() < l.lumaBytes() || dst.chroma.size() < l.chromaBytes() ||
	    src.size() < frameBytes(w, h))
		return false;

	auto *out = reinterpret_cast<uint8_t *>(dst.luma.data());
	const auto *in = reinterpret_cast<const uint8_t *>(src.data());

	// Luma: copy each row, repeat the last pixel to the stride.
	for (uint32_t y = 0; y < l.rows; y++) {
		const uint8_t *s = in + size_t(std::min(y, h - 1)) * w;
		uint8_t *d = out + size_t(y) * l.stride;
		std::memcpy(d, s, w);
		std::memset(d + w, s[w - 1], l.stride - w);
	}

	// Chroma: interleave (I420) or copy (NV12) into stride-wide rows.
	const uint8_t *cb = in + size_t(w) * h;
	const uint8_t *cr = cb + size_t(cw) * ch;
	uint8_t *uv = reinterpret_cast<uint8_t *>(dst.chroma.data());
	const uint32_t crows = l.rows / 2;
	for (uint32_t y = 0; y < crows; y++) {
		uint32_t sy = std::min(y, ch - 1);
		uint8_t *d = uv + size_t(y) * cstride;
		if (srcFormat == PixelFormat::Nv12) {
			std::memcpy(d, cb + size_t(sy) * 2 * cw, 2 * cw);
		} else {
			for (uint32_t x = 0; x < cw; x++) {
				d[2 * x] = cb[size_t(sy) * cw + x];
				d[2 * x + 1] = cr[size_t(sy) * cw + x];
			}
		}
		for (uint32_t x = 2 * cw; x + 1 < cstride; x += 2) {
			d[x] = d[2 * cw - 2];
			d[x + 1] = d[2 * cw - 1];
		}
	}
	return true;
}

bool convertToNv12(PixelFormat srcFormat, std::span<const std::byte> src, const Nv12Layout &l,
		   std::span<std::byte> dst)
{
	return convertToNv12(srcFormat, src, l, splitNv12(dst, l));
}

std::vector<std::span<const std::byte>> visibleNv12(Nv12ConstPlanes src, const Nv12Layout &l)
{
	const uint32_t w = l.width, h = l.height;
	if (src.luma.size() < size_t(l.stride) * h ||
	    src.chroma.size() < size_t(l.uvStride()) * (h / 2) || l.stride < w ||
	    l.uvStride() < w || l.rows < h || w % 2 || h % 2)
		return {};
	std::vector<std::span<const std::byte>> pieces;
	auto add = [&pieces, w](const std::byte *row) {
		if (!pieces.empty() && pieces.back().data() + pieces.back().size() == row)
			pieces.back() = { pieces.back().data(), pieces.back().size() + w };
		else
			pieces.emplace_back(row, w);
	};
	for (uint32_t y = 0; y < h; y++)
		add(src.luma.data() + size_t(y) * l.stride);
	for (uint32_t y = 0; y < h / 2; y++)
		add(src.chroma.data() + size_t(y) * l.uvStride());
	return pieces;
}

std::vector<std::span<const std::byte>> visibleNv12(std::span<const std::byte> src,
						    const Nv12Layout &l)
{
	if (src.size() < l.bytes())
		return {};
	return visibleNv12(splitNv12(src, l), l);
}

namespace {

// Reads exactly n bytes (pipes return short reads). Returns bytes read, which
// is less than n only at end of file. A signal handler interrupting a read
// (EINTR, e.g. Ctrl-C on an idle pipe) is returned as an error so the caller
// can stop.
Result<size_t> readFull(int fd, std::byte *p, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = ::read(fd, p + done, n - done);
		if (r < 0)
			return makeError("read", errno);
		if (r == 0)
			break;
		done += size_t(r);
	}
	return done;
}

Result<UniqueFD> openInput(const std::string &path)
{
	if (path == "-") {
		int fd = ::dup(STDIN_FILENO);
		if (fd < 0)
			return makeError("dup(stdin)", errno);
		return UniqueFD(fd);
	}
	int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return makeError(fmt::format("open({})", path), errno);
	return UniqueFD(fd);
}

class RawSource final : public FrameSource {
public:
	RawSource(UniqueFD fd, PixelFormat fmt, uint32_t w, uint32_t h)
		: fd_(std::move(fd)), fmt_(fmt), w_(w), h_(h), buf_(frameBytes(w, h))
	{}

	uint32_t width() const override { return w_; }
	uint32_t height() const override { return h_; }

	Result<bool> next(const Nv12Layout &layout, Nv12Planes dst) override
	{
		auto n = readFull(fd_.get(), buf_.data(), buf_.size());
		if (!n)
			return n.error();
		if (*n == 0)
			return false;
		if (*n < buf_.size())
			return makeError("read frame", 0,
					 fmt::format("input ends inside a frame ({} of {} bytes)",
						     *n, buf_.size()));
		if (!convertToNv12(fmt_, buf_, layout, dst))
			return makeError("convert frame", EINVAL, "destination too small");
		return true;
	}

private:
	UniqueFD fd_;
	PixelFormat fmt_;
	uint32_t w_, h_;
	std::vector<std::byte> buf_;
};

class Y4mSource final : public FrameSource {
public:
	Y4mSource(UniqueFD fd, const Y4mHeader &hdr)
		: fd_(std::move(fd)), hdr_(hdr), buf_(frameBytes(hdr.width, hdr.height))
	{}

	uint32_t width() const override { return hdr_.width; }
	uint32_t height() const override { return hdr_.height; }
	uint32_t fpsNum() const override { return hdr_.fpsNum; }
	uint32_t fpsDen() const override { return hdr_.fpsDen; }

	Result<bool> next(const Nv12Layout &layout, Nv12Planes dst) override
	{
		// "FRAME" plus optional parameters, up to a newline.
		std::string line;
		for (;;) {
			std::byte c;
			auto n = readFull(fd_.get(), &c, 1);
			if (!n)
				return n.error();
			if (*n == 0) {
				if (line.empty())
					return false;
				return makeError("read Y4M", 0, "truncated FRAME marker");
			}
			if (char(c) == '\n')
				break;
			line += char(c);
			if (line.size() > 256)
				return makeError("read Y4M", 0, "FRAME marker too long");
		}
		if (line.rfind("FRAME", 0) != 0)
			return makeError("read Y4M", 0,
					 fmt::format("expected FRAME, got '{}'",
						     line.substr(0, 16)));
		auto n = readFull(fd_.get(), buf_.data(), buf_.size());
		if (!n)
			return n.error();
		if (*n < buf_.size())
			return makeError("read Y4M", 0, "input ends inside a frame");
		if (!convertToNv12(PixelFormat::I420, buf_, layout, dst))
			return makeError("convert frame", EINVAL, "destination too small");
		return true;
	}

private:
	UniqueFD fd_;
	Y4mHeader hdr_;
	std::vector<std::byte> buf_;
};

bool parseU32(std::string_view s, uint32_t &out)
{
	auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
	return ec == std::errc() && p == s.data() + s.size();
}

} // namespace

Result<Y4mHeader> parseY4mHeader(std::string_view line)
{
	constexpr std::string_view magic = "YUV4MPEG2";
	if (line.substr(0, magic.size()) != magic)
		return makeError("Y4M header", 0, "missing YUV4MPEG2 signature");

	Y4mHeader h;
	size_t pos = magic.size();
	while (pos < line.size()) {
		if (line[pos] == ' ') {
			pos++;
			continue;
		}
		size_t end = line.find(' ', pos);
		std::string_view tok = line.substr(pos, end == line.npos ? line.npos : end - pos);
		pos = end == line.npos ? line.size() : end;
		std::string_view val = tok.substr(1);
		switch (tok[0]) {
		case 'W':
			if (!parseU32(val, h.width))
				return makeError("Y4M header", 0,
						 fmt::format("bad width '{}'", val));
			break;
		case 'H':
			if (!parseU32(val, h.height))
				return makeError("Y4M header", 0,
						 fmt::format("bad height '{}'", val));
			break;
		case 'F': {
			size_t colon = val.find(':');
			if (colon == val.npos || !parseU32(val.substr(0, colon), h.fpsNum) ||
			    !parseU32(val.substr(colon + 1), h.fpsDen) || h.fpsDen == 0)
				return makeError("Y4M header", 0,
						 fmt::format("bad frame rate '{}'", val));
			break;
		}
		case 'C':
			h.colorspace = std::string(val);
			break;
		case 'I':
			if (val != "p" && val != "?")
				return makeError("Y4M header", 0,
						 "interlaced input is not supported");
			break;
		default:
			break; // A (aspect), X (comment): ignored
		}
	}
	if (h.width == 0 || h.height == 0)
		return makeError("Y4M header", 0, "missing W or H");
	if (!h.colorspace.empty() && h.colorspace.rfind("420", 0) != 0)
		return makeError("Y4M header", 0,
				 fmt::format("colorspace C{} is not 8-bit 4:2:0", h.colorspace));
	// 420p10, 420p12, ...: more than 8 bits per sample.
	if (h.colorspace.find("p1") != std::string::npos)
		return makeError("Y4M header", 0,
				 fmt::format("colorspace C{} is not 8-bit", h.colorspace));
	return h;
}

Result<std::unique_ptr<FrameSource>> openRawSource(const std::string &path, PixelFormat fmt,
						   uint32_t width, uint32_t height)
{
	if (width == 0 || height == 0)
		return makeError("raw input", EINVAL, "raw input needs --size WxH");
	auto fd = openInput(path);
	if (!fd)
		return fd.error();
	return std::unique_ptr<FrameSource>(
		new RawSource(std::move(fd.value()), fmt, width, height));
}

Result<std::unique_ptr<FrameSource>> openY4mSource(const std::string &path)
{
	auto fd = openInput(path);
	if (!fd)
		return fd.error();
	std::string line;
	for (;;) {
		std::byte c;
		auto n = readFull(fd->get(), &c, 1);
		if (!n)
			return n.error();
		if (*n == 0)
			return makeError("Y4M header", 0, "input ends inside the header");
		if (char(c) == '\n')
			break;
		line += char(c);
		if (line.size() > 1024)
			return makeError("Y4M header", 0, "header line too long");
	}
	auto hdr = parseY4mHeader(line);
	if (!hdr)
		return hdr.error();
	return std::unique_ptr<FrameSource>(new Y4mSource(std::move(fd.value()), *hdr));
}

uint8_t PatternSource::luma(uint32_t x, uint32_t y, uint32_t n, uint32_t width, uint32_t height)
{
	if (width > 32 && height >= 32) {
		uint32_t bx = (8 * n) % (width - 32);
		uint32_t by = height / 4;
		if (x >= bx && x < bx + 32 && y >= by && y < by + 32)
			return 235;
	}
	return static_cast<uint8_t>((x + y + 4 * n) & 0xff);
}

Result<bool> PatternSource::next(const Nv12Layout &l, Nv12Planes dst)
{
	const uint32_t cstride = l.uvStride();
	if (l.width != w_ || l.height != h_ || dst.luma.size() < l.lumaBytes() ||
	    dst.chroma.size() < l.chromaBytes() || l.stride < w_ || cstride < w_)
		return makeError("pattern", EINVAL, "layout does not match the pattern size");

	auto *out = reinterpret_cast<uint8_t *>(dst.luma.data());
	for (uint32_t y = 0; y < l.rows; y++) {
		uint32_t sy = std::min(y, h_ - 1);
		for (uint32_t x = 0; x < l.stride; x++)
			out[size_t(y) * l.stride + x] = luma(std::min(x, w_ - 1), sy, frame_, w_,
							     h_);
	}
	const uint32_t cw = (w_ + 1) / 2, ch = (h_ + 1) / 2;
	uint8_t *uv = reinterpret_cast<uint8_t *>(dst.chroma.data());
	for (uint32_t y = 0; y < l.rows / 2; y++) {
		uint32_t cy = std::min(y, ch - 1);
		for (uint32_t x = 0; x + 1 < cstride; x += 2) {
			uint32_t cx = std::min(x / 2, cw - 1);
			uv[size_t(y) * cstride + x] = static_cast<uint8_t>(128 + cx * 64 / cw);
			uv[size_t(y) * cstride + x + 1] = static_cast<uint8_t>(128 + cy * 64 / ch);
		}
	}
	frame_++;
	return true;
}

} // namespace cedrus
