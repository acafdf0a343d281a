// SPDX-License-Identifier: MIT
// An image format in either V4L2 API: single-planar (v4l2_pix_format) or
// multi-planar (v4l2_pix_format_mplane); the buffer type decides which.
// "Planes" are memory planes, one buffer each: NV12 has one (chroma after
// the luma), NV12M two.
#pragma once

#include <linux/videodev2.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cedrus {

inline constexpr unsigned maxPlanes = VIDEO_MAX_PLANES;

[[nodiscard]] bool isMultiplanar(uint32_t bufType);
// The multi-planar type of a single-planar video type (others unchanged).
[[nodiscard]] uint32_t toMultiplanar(uint32_t bufType);

// Memory planes of a raw format: 2 for NV12M, 1 for NV12, I420, H264, ...
[[nodiscard]] unsigned memoryPlanes(uint32_t fourcc);

struct PlaneFormat {
	uint32_t bytesperline = 0;
	uint32_t sizeimage = 0;
};

struct PixFormat {
	uint32_t width = 0;
	uint32_t height = 0;
	uint32_t pixelformat = 0;
	uint32_t field = V4L2_FIELD_NONE;
	unsigned numPlanes = 1;
	std::array<PlaneFormat, maxPlanes> planes{};

	[[nodiscard]] size_t totalSize() const;
};

// "NV12", "H264"; non-printable bytes as '.'.
[[nodiscard]] std::string fourccToString(uint32_t fourcc);
// The name users know: the fourcc, except NV12M (fourcc NM12).
[[nodiscard]] std::string formatName(uint32_t fourcc);

// "NV12M 1280x720 (bpl 1280, 921600 bytes + bpl 1280, 460800 bytes)".
[[nodiscard]] std::string describe(const PixFormat &f);

// `f` as the v4l2_format of `bufType`. A single-planar type carries plane 0
// only: callers check numPlanes first.
[[nodiscard]] v4l2_format toV4l2(uint32_t bufType, const PixFormat &f);
[[nodiscard]] PixFormat fromV4l2(const v4l2_format &f);

} // namespace cedrus
