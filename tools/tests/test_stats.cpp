// SPDX-License-Identifier: MIT
#include "cedrus/stats.h"

#include <catch2/catch.hpp>

#include <linux/videodev2.h>

using namespace cedrus;

namespace {

std::vector<FrameRecord> sample()
{
	return {
		{ 0, 'I', 1000, 0, 100, 1100, V4L2_BUF_FLAG_KEYFRAME, 24 },
		{ 1, 'P', 200, 33333, 200, 700, V4L2_BUF_FLAG_PFRAME, -1 },
		{ 2, 'P', 300, 66666, 300, 2300, 0, 30 },
	};
}

} // namespace

TEST_CASE("CSV stats: header and one line per frame", "[stats]")
{
	auto text = formatStats(sample(), StatsFormat::Csv);
	CHECK(text == "index,type,bytes,timestamp_us,queued_us,done_us,latency_us,flags,qp\n"
		      "0,I,1000,0,100,1100,1000,K,24\n"
		      "1,P,200,33333,200,700,500,P,\n"
		      "2,P,300,66666,300,2300,2000,-,30\n");
}

TEST_CASE("JSON stats: an array of objects", "[stats]")
{
	auto text = formatStats({ sample()[1] }, StatsFormat::Json);
	CHECK(text ==
	      "[\n  {\"index\": 1, \"type\": \"P\", \"bytes\": 200, \"timestamp_us\": 33333, "
	      "\"queued_us\": 200, \"done_us\": 700, \"latency_us\": 500, \"flags\": \"P\", "
	      "\"qp\": null}\n]\n");
	auto withQp = formatStats({ sample()[2] }, StatsFormat::Json);
	CHECK(withQp.find("\"qp\": 30}") != std::string::npos);
	CHECK(statsFormatFor("a/b.json") == StatsFormat::Json);
	CHECK(statsFormatFor("b.csv") == StatsFormat::Csv);
	CHECK(statsFormatFor("json") == StatsFormat::Csv);
}

TEST_CASE("CAPTURE flags as letters, every combination in one order", "[stats]")
{
	CHECK(flagLetters(0) == "-");
	CHECK(flagLetters(V4L2_BUF_FLAG_KEYFRAME) == "K");
	CHECK(flagLetters(V4L2_BUF_FLAG_PFRAME | V4L2_BUF_FLAG_TIMESTAMP_COPY) == "P");
	CHECK(flagLetters(V4L2_BUF_FLAG_BFRAME) == "B");
	CHECK(flagLetters(V4L2_BUF_FLAG_ERROR | V4L2_BUF_FLAG_KEYFRAME) == "KE");
	CHECK(flagLetters(V4L2_BUF_FLAG_KEYFRAME | V4L2_BUF_FLAG_PFRAME | V4L2_BUF_FLAG_ERROR) ==
	      "KPE");
	CHECK(flagLetters(V4L2_BUF_FLAG_LAST | V4L2_BUF_FLAG_MAPPED) == "-");
}

TEST_CASE("summary counts types and averages the bit rate", "[stats]")
{
	auto frames = sample();
	frames.push_back({ 3, 'E', 0, 99999, 400, 400 });
	Summary s = summarize(frames, 0.5, 0.01, 30.0, 4096);
	CHECK(s.frames == 3);
	CHECK(s.errors == 1);
	CHECK(s.keyframes == 1);
	CHECK(s.pframes == 2);
	CHECK(s.bytes == 1500);
	CHECK(s.keyBytes == 1000);
	CHECK(s.pBytes == 500);
	CHECK(s.maxLatencyUs == 2000);
	CHECK(s.avgLatencyUs == Approx(3500.0 / 3));
	// 1500 bytes over 3 frames at 30 fps = 500 * 8 * 30 bit/s.
	CHECK(averageBitrate(s) == Approx(120000.0));
	auto text = formatSummary(s);
	CHECK(text.find("bytes copied by CPU   4096") != std::string::npos);
	CHECK(text.find("120.0 kbit/s") != std::string::npos);
	// QPs of the frames whose slice QP was read (frame 1's was not)
	CHECK(s.qpMin == 24);
	CHECK(s.qpMax == 30);
	CHECK(text.find("slice QP              24..30") != std::string::npos);
}

TEST_CASE("bit rate after the first frames, ERROR buffers left out", "[stats]")
{
	auto frames = sample();
	frames.push_back({ 3, 'E', 0, 99999, 400, 400 });
	// frames 1 and 2: 500 bytes over 2 frames at 30 fps
	CHECK(averageBitrateFrom(frames, 1, 30.0) == Approx(500.0 * 8 * 30 / 2));
	CHECK(averageBitrateFrom(frames, 3, 30.0) == 0.0);
	CHECK(averageBitrateFrom(frames, 9, 30.0) == 0.0);
	CHECK(averageBitrateFrom(frames, 0, 0.0) == 0.0);
	Summary none = summarize({}, 0, 0, 30.0, 0);
	CHECK(none.qpMin == -1);
	CHECK(formatSummary(none).find("slice QP") == std::string::npos);
}
