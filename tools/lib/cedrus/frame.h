// SPDX-License-Identifier: MIT
// Raw 4:2:0 frames: readers (raw NV12/I420, Y4M), conversion into the
// encoder's NV12 layout, and a moving test pattern. Pure code: no ioctls.
#pragma once

#include "cedrus/result.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace cedrus {

enum class PixelFormat { Nv12, I420 };

[[nodiscard]] std::string_view name(PixelFormat f);

// Bytes of a tightly packed 4:2:0 frame (chroma sizes rounded up).
[[nodiscard]] size_t frameBytes(uint32_t width, uint32_t height);

// Where the encoder wants NV12: luma rows of `stride` bytes, `rows` rows
// (the coded height), interleaved CbCr rows of `chromaStride` bytes (0: the
// luma stride), rows / 2 of them. With one plane (NV12) the chroma follows
// the luma at stride * rows; with two (NV12M) it is a buffer of its own.
struct Nv12Layout {
	uint32_t width = 0;
	uint32_t height = 0;
	uint32_t stride = 0;
	uint32_t rows = 0;
	uint32_t chromaStride = 0;

	[[nodiscard]] uint32_t uvStride() const { return chromaStride ? chromaStride : stride; }
	[[nodiscard]] size_t lumaBytes() const { return size_t(stride) * rows; }
	[[nodiscard]] size_t chromaBytes() const { return size_t(uvStride()) * (rows / 2); }
	[[nodiscard]] size_t bytes() const { return lumaBytes() + chromaBytes(); }
};

// The memory of one NV12 picture: luma and interleaved chroma.
template <typename Byte>
struct Nv12PlanesOf {
	std::span<Byte> luma;
	std::span<Byte> chroma;
};
using Nv12Planes = Nv12PlanesOf<std::byte>;
using Nv12ConstPlanes = Nv12PlanesOf<const std::byte>;

// The planes of a single-buffer NV12 picture: chroma at stride * rows.
// A buffer too small gives a chroma span shorter than the layout needs.
[[nodiscard]] Nv12Planes splitNv12(std::span<std::byte> buf, const Nv12Layout &layout);
[[nodiscard]] Nv12ConstPlanes splitNv12(std::span<const std::byte> buf, const Nv12Layout &layout);

// Copy a packed frame of `width` x `height` (NV12 or I420) into `dst` laid
// out as `layout`; rows and columns past the picture repeat its edge.
// Returns false when a plane of dst is too small.
bool convertToNv12(PixelFormat srcFormat, std::span<const std::byte> src, const Nv12Layout &layout,
		   Nv12Planes dst);
// The same into one buffer (NV12, chroma at stride * rows).
bool convertToNv12(PixelFormat srcFormat, std::span<const std::byte> src, const Nv12Layout &layout,
		   std::span<std::byte> dst);

// The visible picture of an NV12 frame laid out as `layout`: the pieces of
// src that, written one after the other, give it packed (width-byte rows,
// chroma right after the luma). Rows that follow each other in memory make
// one piece: a plane whose stride is the width is a single piece, so a
// caller can write the picture without copying it row by row. Empty if
// src is too small.
std::vector<std::span<const std::byte>> visibleNv12(Nv12ConstPlanes src, const Nv12Layout &layout);
std::vector<std::span<const std::byte>> visibleNv12(std::span<const std::byte> src,
						    const Nv12Layout &layout);

class FrameSource {
public:
	virtual ~FrameSource() = default;
	[[nodiscard]] virtual uint32_t width() const = 0;
	[[nodiscard]] virtual uint32_t height() const = 0;
	// Frame rate from the source (Y4M header), 0/0 when unknown.
	[[nodiscard]] virtual uint32_t fpsNum() const { return 0; }
	[[nodiscard]] virtual uint32_t fpsDen() const { return 0; }
	// Writes the next frame in `layout`; false at the end of the input.
	virtual Result<bool> next(const Nv12Layout &layout, Nv12Planes dst) = 0;
	// The same into one buffer (NV12, chroma at stride * rows).
	Result<bool> next(const Nv12Layout &layout, std::span<std::byte> dst)
	{
		return next(layout, splitNv12(dst, layout));
	}
};

// Raw frames from a file or stdin ("-"), NV12 or I420.
Result<std::unique_ptr<FrameSource>> openRawSource(const std::string &path, PixelFormat fmt,
						   uint32_t width, uint32_t height);

// YUV4MPEG2 (4:2:0 8-bit only). Size and frame rate come from the header.
Result<std::unique_ptr<FrameSource>> openY4mSource(const std::string &path);

struct Y4mHeader {
	uint32_t width = 0;
	uint32_t height = 0;
	uint32_t fpsNum = 0;
	uint32_t fpsDen = 0;
	std::string colorspace; // "420jpeg", ... ("" when absent)
};

// Parses "YUV4MPEG2 W.. H.. F..:.. ..." (without the trailing newline).
Result<Y4mHeader> parseY4mHeader(std::string_view line);

// Moving test pattern. Luma is a diagonal ramp, Y(x, y, n) =
// (x + y + 4n) & 0xff, with a 32x32 white (235) square whose left edge is at
// x = (8n) mod (width - 32) and top at height / 4. Chroma is Cb = 128 +
// ((cx * 64) / cwidth) and Cr = 128 + ((cy * 64) / cheight) per chroma sample.
class PatternSource final : public FrameSource {
public:
	PatternSource(uint32_t width, uint32_t height) : w_(width), h_(height) {}
	[[nodiscard]] uint32_t width() const override { return w_; }
	[[nodiscard]] uint32_t height() const override { return h_; }
	using FrameSource::next;
	Result<bool> next(const Nv12Layout &layout, Nv12Planes dst) override;

	// Pixel values of frame n, for tests and checks.
	[[nodiscard]] static uint8_t luma(uint32_t x, uint32_t y, uint32_t n, uint32_t width,
					  uint32_t height);

private:
	uint32_t w_, h_;
	uint32_t frame_ = 0;
};

} // namespace cedrus
