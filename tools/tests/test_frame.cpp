// SPDX-License-Identifier: MIT
#include "cedrus/frame.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace cedrus;

namespace {

std::vector<std::byte> bytes(std::initializer_list<int> v)
{
	std::vector<std::byte> out;
	for (int x : v)
		out.push_back(std::byte(x));
	return out;
}

int at(const std::vector<std::byte> &v, size_t i)
{
	return std::to_integer<int>(v[i]);
}

// A 4x2 I420 frame: Y 0..7, Cb 100 101, Cr 200 201.
// The pieces of a picture one after the other.
std::vector<std::byte> join(const std::vector<std::span<const std::byte>> &pieces)
{
	std::vector<std::byte> out;
	for (auto p : pieces)
		out.insert(out.end(), p.begin(), p.end());
	return out;
}

const auto i420 = bytes({ 0, 1, 2, 3, 4, 5, 6, 7, 100, 101, 200, 201 });
// The same frame as NV12.
const auto nv12 = bytes({ 0, 1, 2, 3, 4, 5, 6, 7, 100, 200, 101, 201 });

struct TempFile {
	std::string path;
	explicit TempFile(const std::vector<std::byte> &data)
	{
		char name[] = "/tmp/cedrus-frame-XXXXXX";
		int fd = mkstemp(name);
		REQUIRE(fd >= 0);
		REQUIRE(write(fd, data.data(), data.size()) == ssize_t(data.size()));
		close(fd);
		path = name;
	}
	~TempFile() { unlink(path.c_str()); }
};

} // namespace

TEST_CASE("frame sizes of 4:2:0", "[frame]")
{
	CHECK(frameBytes(4, 2) == 12);
	CHECK(frameBytes(1920, 1080) == 3110400);
	CHECK(Nv12Layout{ 1920, 1080, 1920, 1088 }.bytes() == 3133440);
}

TEST_CASE("I420 to NV12 interleaves chroma", "[frame]")
{
	std::vector<std::byte> dst(12);
	REQUIRE(convertToNv12(PixelFormat::I420, i420, { 4, 2, 4, 2 }, dst));
	CHECK(dst == nv12);
}

TEST_CASE("NV12 copy into a padded layout repeats the edges", "[frame]")
{
	Nv12Layout l{ 4, 2, 8, 4 };
	std::vector<std::byte> dst(l.bytes(), std::byte(0xee));
	REQUIRE(convertToNv12(PixelFormat::Nv12, nv12, l, dst));
	const auto expectLuma = bytes({ 0, 1, 2, 3, 3, 3, 3, 3, //
					4, 5, 6, 7, 7, 7, 7, 7, //
					4, 5, 6, 7, 7, 7, 7, 7, //
					4, 5, 6, 7, 7, 7, 7, 7 });
	const auto expectChroma = bytes({ 100, 200, 101, 201, 101, 201, 101, 201, //
					  100, 200, 101, 201, 101, 201, 101, 201 });
	CHECK(std::vector<std::byte>(dst.begin(), dst.begin() + 32) == expectLuma);
	CHECK(std::vector<std::byte>(dst.begin() + 32, dst.end()) == expectChroma);
}

TEST_CASE("conversion refuses a too small destination", "[frame]")
{
	std::vector<std::byte> dst(11);
	CHECK_FALSE(convertToNv12(PixelFormat::I420, i420, { 4, 2, 4, 2 }, dst));
}

TEST_CASE("Y4M header fields", "[frame][y4m]")
{
	auto h = parseY4mHeader("YUV4MPEG2 W352 H288 F30000:1001 Ip A1:1 C420jpeg XYSCSS=420JPEG");
	REQUIRE(h.ok());
	CHECK(h->width == 352);
	CHECK(h->height == 288);
	CHECK(h->fpsNum == 30000);
	CHECK(h->fpsDen == 1001);
	CHECK(h->colorspace == "420jpeg");

	CHECK_FALSE(parseY4mHeader("YUV4MPEG W352 H288").ok());
	CHECK_FALSE(parseY4mHeader("YUV4MPEG2 H288 F25:1").ok());
	CHECK_FALSE(parseY4mHeader("YUV4MPEG2 W352 H288 C422").ok());
	CHECK_FALSE(parseY4mHeader("YUV4MPEG2 W352 H288 C420p10").ok());
	CHECK_FALSE(parseY4mHeader("YUV4MPEG2 W352 H288 It").ok());
	CHECK_FALSE(parseY4mHeader("YUV4MPEG2 W352 H288 F25:0").ok());
}

TEST_CASE("Y4M reader returns each frame then end of input", "[frame][y4m]")
{
	std::string text = "YUV4MPEG2 W4 H2 F25:1 C420jpeg\nFRAME\n";
	std::vector<std::byte> file;
	for (char c : text)
		file.push_back(std::byte(c));
	file.insert(file.end(), i420.begin(), i420.end());
	for (char c : std::string("FRAME Ixyz\n"))
		file.push_back(std::byte(c));
	auto second = i420;
	second[0] = std::byte(42);
	file.insert(file.end(), second.begin(), second.end());
	TempFile tmp(file);

	auto src = openY4mSource(tmp.path);
	REQUIRE(src.ok());
	CHECK((*src)->width() == 4);
	CHECK((*src)->height() == 2);
	CHECK((*src)->fpsNum() == 25);

	std::vector<std::byte> dst(12);
	auto r = (*src)->next({ 4, 2, 4, 2 }, dst);
	REQUIRE(r.ok());
	CHECK(*r);
	CHECK(dst == nv12);
	r = (*src)->next({ 4, 2, 4, 2 }, dst);
	REQUIRE(r.ok());
	CHECK(*r);
	CHECK(at(dst, 0) == 42);
	r = (*src)->next({ 4, 2, 4, 2 }, dst);
	REQUIRE(r.ok());
	CHECK_FALSE(*r);
}

TEST_CASE("raw reader rejects a truncated last frame", "[frame][raw]")
{
	auto data = nv12;
	data.insert(data.end(), nv12.begin(), nv12.begin() + 5);
	TempFile tmp(data);
	auto src = openRawSource(tmp.path, PixelFormat::Nv12, 4, 2);
	REQUIRE(src.ok());
	std::vector<std::byte> dst(12);
	auto r = (*src)->next({ 4, 2, 4, 2 }, dst);
	REQUIRE(r.ok());
	CHECK(dst == nv12);
	r = (*src)->next({ 4, 2, 4, 2 }, dst);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().detail.find("5 of 12") != std::string::npos);
}

TEST_CASE("raw reader handles a pipe delivering short writes", "[frame][raw]")
{
	int fds[2];
	REQUIRE(pipe(fds) == 0);
	std::thread writer([&] {
		// Two I420 frames, one byte at a time.
		for (int f = 0; f < 2; f++)
			for (auto b : i420) {
				REQUIRE(write(fds[1], &b, 1) == 1);
				usleep(100);
			}
		close(fds[1]);
	});
	auto src = openRawSource("/proc/self/fd/" + std::to_string(fds[0]), PixelFormat::I420, 4,
				 2);
	REQUIRE(src.ok());
	std::vector<std::byte> dst(12);
	int frames = 0;
	for (;;) {
		auto r = (*src)->next({ 4, 2, 4, 2 }, dst);
		REQUIRE(r.ok());
		if (!*r)
			break;
		CHECK(dst == nv12);
		frames++;
	}
	writer.join();
	close(fds[0]);
	CHECK(frames == 2);
}

TEST_CASE("raw input needs a size", "[frame][raw]")
{
	CHECK_FALSE(openRawSource("/dev/null", PixelFormat::Nv12, 0, 0).ok());
}

TEST_CASE("test pattern follows its documented formula", "[frame][pattern]")
{
	// 64x64: the square is at x = 8n mod 32, y = 16..47.
	CHECK(PatternSource::luma(0, 0, 0, 64, 64) == 0);
	CHECK(PatternSource::luma(40, 3, 0, 64, 64) == 43);
	CHECK(PatternSource::luma(0, 16, 0, 64, 64) == 235);
	CHECK(PatternSource::luma(31, 47, 0, 64, 64) == 235);
	CHECK(PatternSource::luma(32, 16, 0, 64, 64) == 48);
	CHECK(PatternSource::luma(7, 16, 1, 64, 64) == 27);
	CHECK(PatternSource::luma(8, 16, 1, 64, 64) == 235);
	CHECK(PatternSource::luma(0, 0, 64, 64, 64) == 0); // 4 * 64 wraps

	PatternSource p(64, 64);
	Nv12Layout l{ 64, 64, 64, 64 };
	std::vector<std::byte> f0(l.bytes()), f1(l.bytes());
	REQUIRE(p.next(l, f0).ok());
	REQUIRE(p.next(l, f1).ok());
	CHECK(at(f0, 3 * 64 + 40) == 43);
	CHECK(at(f0, 20 * 64 + 5) == 235);
	CHECK(at(f1, 0) == 4);
	// Chroma row 0: Cb 128 + cx*64/32, Cr 128 + cy*64/32.
	CHECK(at(f0, 4096 + 0) == 128);
	CHECK(at(f0, 4096 + 1) == 128);
	CHECK(at(f0, 4096 + 32) == 160);
	CHECK(at(f0, 4096 + 16 * 64 + 1) == 160);
	CHECK(f0 != f1);
}

TEST_CASE("extracting the visible NV12 picture drops the padding", "[frame]")
{
	// 2x2 picture in a stride-4, 4-row layout: Y rows 0 and 1, UV row 0.
	const auto padded = bytes({ 1,	2,  9, 9, //
				    3,	4,  9, 9, //
				    9,	9,  9, 9, //
				    9,	9,  9, 9, //
				    50, 60, 9, 9, //
				    9,	9,  9, 9 });
	auto pieces = visibleNv12(padded, { 2, 2, 4, 4 });
	CHECK(pieces.size() == 3);
	CHECK(join(pieces) == bytes({ 1, 2, 3, 4, 50, 60 }));
	CHECK(visibleNv12(std::span(padded).first(10), { 2, 2, 4, 4 }).empty());
}

TEST_CASE("rows that follow each other in memory are one piece of the picture", "[frame]")
{
	// Stride = width: the luma rows are one piece, and the chroma right
	// after them (rows = height) joins it.
	const auto tight = bytes({ 1, 2, 3, 4, 50, 60 });
	auto whole = visibleNv12(tight, { 2, 2, 2, 2 });
	REQUIRE(whole.size() == 1);
	CHECK(whole[0].data() == tight.data());
	CHECK(join(whole) == tight);
	// Stride = width, 4 rows for a 2-row picture: luma, then chroma.
	const auto rows = bytes({ 1, 2, 3, 4, 9, 9, 9, 9, 50, 60, 9, 9 });
	auto two = visibleNv12(rows, { 2, 2, 2, 4 });
	REQUIRE(two.size() == 2);
	CHECK(two[0].size() == 4);
	CHECK(two[1].data() == rows.data() + 8);
	CHECK(join(two) == bytes({ 1, 2, 3, 4, 50, 60 }));
}

TEST_CASE("I420 into two planes (NV12M) with a wider chroma stride", "[frame][nv12m]")
{
	Nv12Layout l{ 4, 2, 4, 2, 6 };
	CHECK(l.lumaBytes() == 8);
	CHECK(l.chromaBytes() == 6);
	std::vector<std::byte> luma(8), chroma(6, std::byte(0xee));
	REQUIRE(convertToNv12(PixelFormat::I420, i420, l, Nv12Planes{ luma, chroma }));
	CHECK(luma == bytes({ 0, 1, 2, 3, 4, 5, 6, 7 }));
	// The last CbCr pair repeats to the end of the 6-byte chroma row.
	CHECK(chroma == bytes({ 100, 200, 101, 201, 101, 201 }));

	std::vector<std::byte> shortChroma(5);
	CHECK_FALSE(convertToNv12(PixelFormat::I420, i420, l, Nv12Planes{ luma, shortChroma }));
}

TEST_CASE("extracting the visible picture from two planes", "[frame][nv12m]")
{
	const auto luma = bytes({ 1, 2, 9, 9, //
				  3, 4, 9, 9 });
	const auto chroma = bytes({ 50, 60, 9, 9, 9, 9 });
	Nv12Layout l{ 2, 2, 4, 2, 6 };
	CHECK(join(visibleNv12(Nv12ConstPlanes{ luma, chroma }, l)) ==
	      bytes({ 1, 2, 3, 4, 50, 60 }));
	CHECK(visibleNv12(Nv12ConstPlanes{ luma, std::span(chroma).first(1) }, l).empty());
}

TEST_CASE("test pattern into two planes", "[frame][pattern][nv12m]")
{
	PatternSource p(64, 64);
	Nv12Layout l{ 64, 64, 64, 64 };
	std::vector<std::byte> luma(64 * 64), chroma(64 * 32);
	REQUIRE(p.next(l, Nv12Planes{ luma, chroma }).ok());
	CHECK(at(luma, 3 * 64 + 40) == 43);
	CHECK(at(chroma, 0) == 128);
	CHECK(at(chroma, 32) == 160);
	CHECK(at(chroma, 16 * 64 + 1) == 160);
	std::vector<std::byte> tooSmall(64 * 31);
	CHECK_FALSE(p.next(l, Nv12Planes{ luma, tooSmall }).ok());
}
