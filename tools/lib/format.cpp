// SPDX-License-Identifier: MIT
#include "cedrus/format.h"

#include "cedrus/device.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace cedrus {

bool isMultiplanar(uint32_t bufType)
{
	return bufType == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE ||
	       bufType == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
}

uint32_t toMultiplanar(uint32_t bufType)
{
	switch (bufType) {
	case V4L2_BUF_TYPE_VIDEO_CAPTURE:
		return V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	case V4L2_BUF_TYPE_VIDEO_OUTPUT:
		return V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
	default:
		return bufType;
	}
}

unsigned memoryPlanes(uint32_t fourcc)
{
	switch (fourcc) {
	case V4L2_PIX_FMT_NV12M:
	case V4L2_PIX_FMT_NV21M:
		return 2;
	case V4L2_PIX_FMT_YUV420M:
		return 3;
	default:
		return 1;
	}
}

size_t PixFormat::totalSize() const
{
	size_t total = 0;
	for (unsigned i = 0; i < std::min(numPlanes, maxPlanes); i++)
		total += planes[i].sizeimage;
	return total;
}

std::string fourccToString(uint32_t fourcc)
{
	std::string s;
	for (int i = 0; i < 4; i++) {
		char c = static_cast<char>((fourcc >> (8 * i)) & 0xff);
		s += std::isprint(static_cast<unsigned char>(c)) ? c : '.';
	}
	return s;
}

std::string formatName(uint32_t fourcc)
{
	if (fourcc == V4L2_PIX_FMT_NV12M)
		return "NV12M";
	return fourccToString(fourcc);
}

std::string describe(const PixFormat &f)
{
	std::string planes;
	for (unsigned i = 0; i < std::min(f.numPlanes, maxPlanes); i++)
		appendItem(planes, " + ",
			   fmt::format("bpl {}, {} bytes", f.planes[i].bytesperline,
				       f.planes[i].sizeimage));
	return fmt::format("{} {}x{} ({})", formatName(f.pixelformat), f.width, f.height, planes);
}

v4l2_format toV4l2(uint32_t bufType, const PixFormat &f)
{
	v4l2_format v{};
	v.type = bufType;
	if (!isMultiplanar(bufType)) {
		v.fmt.pix.width = f.width;
		v.fmt.pix.height = f.height;
		v.fmt.pix.pixelformat = f.pixelformat;
		v.fmt.pix.field = f.field;
		v.fmt.pix.bytesperline = f.planes[0].bytesperline;
		v.fmt.pix.sizeimage = f.planes[0].sizeimage;
		return v;
	}
	v4l2_pix_format_mplane &mp = v.fmt.pix_mp;
	mp.width = f.width;
	mp.height = f.height;
	mp.pixelformat = f.pixelformat;
	mp.field = f.field;
	mp.num_planes = static_cast<uint8_t>(std::min(f.numPlanes, maxPlanes));
	for (unsigned i = 0; i < mp.num_planes; i++) {
		mp.plane_fmt[i].bytesperline = f.planes[i].bytesperline;
		mp.plane_fmt[i].sizeimage = f.planes[i].sizeimage;
	}
	return v;
}

PixFormat fromV4l2(const v4l2_format &v)
{
	PixFormat f;
	if (!isMultiplanar(v.type)) {
		f.width = v.fmt.pix.width;
		f.height = v.fmt.pix.height;
		f.pixelformat = v.fmt.pix.pixelformat;
		f.field = v.fmt.pix.field;
		f.numPlanes = 1;
		f.planes[0] = { v.fmt.pix.bytesperline, v.fmt.pix.sizeimage };
		return f;
	}
	const v4l2_pix_format_mplane &mp = v.fmt.pix_mp;
	f.width = mp.width;
	f.height = mp.height;
	f.pixelformat = mp.pixelformat;
	f.field = mp.field;
	f.numPlanes = std::min<unsigned>(mp.num_planes, maxPlanes);
	for (unsigned i = 0; i < f.numPlanes; i++)
		f.planes[i] = { mp.plane_fmt[i].bytesperline, mp.plane_fmt[i].sizeimage };
	return f;
}

} // namespace cedrus
