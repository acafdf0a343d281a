// SPDX-License-Identifier: MIT
#include "options.h"

#include "cedrus/device.h"

#include <catch2/catch.hpp>

#include <sstream>

#include <linux/videodev2.h>

using namespace cedrus;
using namespace cedrus::cli;

namespace {

ParseOutcome parse(std::vector<std::string> args, EncodeOptions &o)
{
	args.insert(args.begin(), "v4l2-cedrus-enc-test");
	return parseCommandLine(args, o);
}

// Expects a usage error whose message contains `text`.
void expectUsage(std::vector<std::string> args, const std::string &text)
{
	EncodeOptions o;
	auto r = parse(std::move(args), o);
	INFO("message: " << r.message);
	CHECK_FALSE(r.run);
	CHECK(r.code == ExitUsage);
	CHECK(r.message.find(text) != std::string::npos);
}

} // namespace

TEST_CASE("a valid pattern command line", "[options]")
{
	EncodeOptions o;
	auto r = parse(
		{ "--pattern", "--frames",   "10",     "--size",    "1920x1080",
		  "--fps",     "30000/1001", "-o",     "out.h264",  "--profile",
		  "high",      "--level",    "4.1",    "--entropy", "cabac",
		  "--qp-i",    "24",	     "--qp-p", "27",	    "--gop",
		  "60",	       "--bitrate",  "2M",     "--ctrl",    "h264_i_frame_period=30" },
		o);
	INFO(r.message);
	REQUIRE(r.run);
	CHECK(o.inputKind == InputKind::Pattern);
	CHECK(o.width == 1920);
	CHECK(o.height == 1080);
	CHECK(o.fpsNum == 30000);
	CHECK(o.fpsDen == 1001);
	CHECK(o.frames == 10);
	CHECK(o.profileValue == V4L2_MPEG_VIDEO_H264_PROFILE_HIGH);
	CHECK(o.levelValue == V4L2_MPEG_VIDEO_H264_LEVEL_4_1);
	CHECK(o.entropyValue == Entropy::Cabac);
	CHECK(o.qpI == 24);
	CHECK(o.qpP == 27);
	CHECK(o.gop == 60);
	CHECK(o.bitrateValue == 2000000);
	REQUIRE(o.ctrlValues.size() == 1);
	CHECK(o.ctrlValues[0].key == "h264_i_frame_period");
	CHECK(o.ctrlValues[0].value == "30");
}

TEST_CASE("defaults: pattern and camera are 1280x720 at 30 fps, 3+3 buffers", "[options]")
{
	EncodeOptions o;
	REQUIRE(parse({ "--camera", "/dev/video0", "-o", "-" }, o).run);
	CHECK(o.inputKind == InputKind::Camera);
	CHECK(o.width == 1280);
	CHECK(o.height == 720);
	CHECK(o.fpsNum == 30);
	CHECK(o.fpsDen == 1);
	CHECK(o.outputBuffers == 3);
	CHECK(o.captureBuffers == 3);
	CHECK(o.cameraFourcc == V4L2_PIX_FMT_NV12);
	CHECK(o.outputFourcc == 0); // NV12 when offered, else NV12M
	CHECK(o.timeoutMs == 15000);
}

TEST_CASE("pixel format option picks the encoder's OUTPUT format", "[options]")
{
	EncodeOptions a;
	REQUIRE(parse({ "--pattern", "--pixel-format", "NV12M", "-o", "x" }, a).run);
	CHECK(a.outputFourcc == V4L2_PIX_FMT_NV12M);
	EncodeOptions b;
	REQUIRE(parse({ "--pattern", "--pixel-format", "nv12", "-o", "x" }, b).run);
	CHECK(b.outputFourcc == V4L2_PIX_FMT_NV12);
}

TEST_CASE("input format is chosen from the file name", "[options]")
{
	EncodeOptions a;
	REQUIRE(parse({ "-i", "clip.Y4M", "-o", "x" }, a).run);
	CHECK(a.inputFmt == InputFormat::Y4m);
	EncodeOptions b;
	REQUIRE(parse({ "-i", "-", "--size", "640x480", "--input-format", "i420", "-o", "x" }, b)
			.run);
	CHECK(b.inputFmt == InputFormat::I420);
	CHECK(b.input == "-");
}

TEST_CASE("bad values give the documented messages", "[options]")
{
	expectUsage({ "-o", "x" }, "choose exactly one input");
	expectUsage({ "--pattern", "--camera", "/dev/video0", "-o", "x" },
		    "choose exactly one input");
	expectUsage({ "--pattern" }, "--output FILE is required");
	expectUsage({ "-i", "in.yuv", "-o", "x" }, "raw input needs --size WxH");
	expectUsage({ "--pattern", "--size", "1280", "-o", "x" }, "expected WxH");
	expectUsage({ "--pattern", "--size", "1281x720", "-o", "x" }, "must be even");
	expectUsage({ "-i", "a.y4m", "--size", "64x64", "-o", "x" }, "does not apply to Y4M");
	expectUsage({ "--pattern", "--fps", "0", "-o", "x" }, "expected N or N/D");
	expectUsage({ "--pattern", "--fps", "29.97", "-o", "x" }, "expected N or N/D");
	expectUsage({ "--pattern", "--profile", "extended", "-o", "x" }, "--profile 'extended'");
	expectUsage({ "--pattern", "--level", "7", "-o", "x" }, "--level '7'");
	expectUsage({ "--pattern", "--entropy", "huffman", "-o", "x" }, "expected cavlc or cabac");
	expectUsage({ "--pattern", "--entropy", "cabac", "--profile", "baseline", "-o", "x" },
		    "baseline allows only CAVLC");
	expectUsage({ "--pattern", "--qp-i", "52", "-o", "x" }, "--qp-i 52: QP must be 0..51");
	expectUsage({ "--pattern", "--qp-min", "40", "--qp-max", "30", "-o", "x" },
		    "--qp-min 40 is larger than --qp-max 30");
	expectUsage({ "--pattern", "--i-period", "15", "-o", "x" }, "only applies with --open-gop");
	expectUsage({ "--pattern", "--force-key", "0", "-o", "x" }, "--force-key '0'");
	expectUsage({ "--pattern", "--force-key", "10,,20", "-o", "x" }, "--force-key '10,,20'");
	expectUsage({ "--pattern", "--force-key", "10,", "-o", "x" }, "--force-key '10,'");
	expectUsage({ "--pattern", "--bitrate", "fast", "-o", "x" }, "--bitrate 'fast'");
	expectUsage({ "--pattern", "--rc", "abr", "-o", "x" }, "expected off, cbr, vbr or cq");
	expectUsage({ "--pattern", "--peak", "lots", "-o", "x" }, "--peak 'lots'");
	expectUsage({ "--pattern", "--rc", "off", "--bitrate", "1M", "-o", "x" },
		    "--rc off encodes at fixed QPs");
	expectUsage({ "--pattern", "--peak", "2M", "-o", "x" }, "--peak needs --bitrate");
	expectUsage({ "--pattern", "--bitrate", "2M", "--peak", "1M", "-o", "x" },
		    "--peak 1000000 is below --bitrate 2000000");
	expectUsage({ "--pattern", "--ctrl", "foo", "-o", "x" }, "expected name=value");
	expectUsage({ "--pattern", "--allocator", "ion", "-o", "x" }, "expected auto, cma or drm");
	expectUsage({ "--pattern", "--output-buffers", "0", "-o", "x" }, "must be 1..32");
	expectUsage({ "--pattern", "--camera-format", "yuyv", "-o", "x" }, "expected nv12 or i420");
	expectUsage({ "--pattern", "--pixel-format", "yuyv", "-o", "x" },
		    "--pixel-format 'yuyv': expected auto, nv12 or nv12m");
	expectUsage({ "--pattern", "--format-order", "random", "-o", "x" }, "capture-first");
	expectUsage({ "--pattern", "--capture-size", "4G", "-o", "x" }, "--capture-size '4G'");
	expectUsage({ "--pattern", "--loop-filter", "off", "-o", "x" },
		    "--loop-filter 'off': expected enabled, disabled or slice-boundary");
	expectUsage({ "--pattern", "--loop-filter-alpha", "7", "-o", "x" }, "--loop-filter-alpha");
	expectUsage({ "--pattern", "--loop-filter-beta", "-7", "-o", "x" }, "--loop-filter-beta");
	expectUsage({ "--pattern", "--force-key-at", "", "-o", "x" }, "--force-key-at ''");
	expectUsage({ "--pattern", "--force-key-at", "3,x", "-o", "x" }, "--force-key-at '3,x'");
	expectUsage({ "--pattern", "--restart-capture-at", "a", "-o", "x" },
		    "--restart-capture-at 'a'");
	expectUsage({ "--pattern", "--sar", "4x3", "-o", "x" }, "--sar '4x3': expected W:H");
	expectUsage({ "--pattern", "--sar", "0:3", "-o", "x" }, "--sar '0:3'");
	expectUsage({ "--pattern", "--sar", "65536:1", "-o", "x" }, "--sar '65536:1'");
	expectUsage({ "--pattern", "--qp-change-at", "3:30", "-o", "x" },
		    "--qp-change-at '3:30': expected FRAME:IQP:PQP");
	expectUsage({ "--pattern", "--qp-change-at", "3:30:52", "-o", "x" },
		    "--qp-change-at '3:30:52'");
	expectUsage({ "--pattern", "--capture-memory", "userptr", "-o", "x" },
		    "--capture-memory 'userptr': expected mmap or dmabuf");
	expectUsage({ "--pattern", "--no-such-option", "-o", "x" }, "--no-such-option");
	expectUsage({ "--pattern", "--qp-i", "abc", "-o", "x" }, "--qp-i");
}

TEST_CASE("help documents exit codes and examples", "[options]")
{
	EncodeOptions o;
	auto r = parse({ "--help" }, o);
	CHECK_FALSE(r.run);
	CHECK(r.code == ExitOk);
	CHECK(r.message.find("Exit codes") != std::string::npos);
	CHECK(r.message.find("--camera /dev/video0") != std::string::npos);
	CHECK(r.message.find("--input -") != std::string::npos);
}

TEST_CASE("help gives an example for every option", "[options]")
{
	EncodeOptions o;
	auto r = parse({ "--help" }, o);
	std::istringstream in(r.message);
	unsigned options = 0;
	std::string line;
	while (std::getline(in, line) && line != "Examples:") {
		auto first = line.find_first_not_of(' ');
		if (first == std::string::npos || line[first] != '-' ||
		    line.find("--help") != std::string::npos)
			continue;
		options++;
		INFO(line);
		CHECK(line.find("(e.g. ") != std::string::npos);
	}
	// Every option of EncodeOptions is listed.
	CHECK(options == 48);
}

TEST_CASE("force-key every N frames or at a list", "[options]")
{
	EncodeOptions every;
	REQUIRE(parse({ "--pattern", "--force-key", "25", "-o", "x" }, every).run);
	CHECK_FALSE(every.forceKeyAt(0));
	CHECK(every.forceKeyAt(25));
	CHECK(every.forceKeyAt(50));
	CHECK_FALSE(every.forceKeyAt(26));

	EncodeOptions list;
	REQUIRE(parse({ "--pattern", "--force-key", "10,20,45", "-o", "x" }, list).run);
	CHECK(list.forceKeyAt(10));
	CHECK(list.forceKeyAt(45));
	CHECK_FALSE(list.forceKeyAt(30));
}

TEST_CASE("value parsers", "[options]")
{
	uint32_t w, h, n, d;
	CHECK(parseSize("1920x1080", w, h));
	CHECK((w == 1920 && h == 1080));
	CHECK_FALSE(parseSize("x1080", w, h));
	CHECK_FALSE(parseSize("0x10", w, h));
	CHECK(parseRate("25", n, d));
	CHECK((n == 25 && d == 1));
	CHECK_FALSE(parseRate("25/0", n, d));
	int64_t bps;
	CHECK(parseBitrate("4000k", bps));
	CHECK(bps == 4000000);
	CHECK(parseBitrate("1500000", bps));
	CHECK(bps == 1500000);
	CHECK_FALSE(parseBitrate("5000M", bps));
	CHECK(parseLevel("1b") == V4L2_MPEG_VIDEO_H264_LEVEL_1B);
	CHECK(parseLevel("3.0") == V4L2_MPEG_VIDEO_H264_LEVEL_3_0);
	CHECK(parseLevel("5.2") == V4L2_MPEG_VIDEO_H264_LEVEL_5_2);
	CHECK_FALSE(parseLevel("3.3"));
	uint32_t bytes;
	CHECK(parseBytes("4M", bytes));
	CHECK(bytes == 4194304);
	CHECK(parseBytes("64k", bytes));
	CHECK(bytes == 65536);
	CHECK_FALSE(parseBytes("0", bytes));
	CHECK_FALSE(parseBytes("4096M", bytes));
	QpChange c;
	CHECK(parseQpChange("3:30:34", c));
	CHECK((c.frame == 3 && c.qpI == 30 && c.qpP == 34));
	CHECK(parseQpChange("0:0:51", c));
	CHECK((c.frame == 0 && c.qpI == 0 && c.qpP == 51));
	CHECK_FALSE(parseQpChange("3:52:34", c));
	CHECK_FALSE(parseQpChange("3:30:34:1", c));
	CHECK_FALSE(parseQpChange("3::34", c));
	CHECK_FALSE(parseQpChange("-1:30:34", c));
	CHECK(parseProfile("Constrained-Baseline") ==
	      V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE);
}

TEST_CASE("control names as v4l2-ctl prints them", "[options][controls]")
{
	CHECK(controlKey("H264 I-Frame Period") == "h264_i_frame_period");
	CHECK(controlKey("Video Bitrate") == "video_bitrate");
	CHECK(controlKey("H264 Minimum QP Value") == "h264_minimum_qp_value");
	CHECK(controlKey("Prepend SPS and PPS to IDR") == "prepend_sps_and_pps_to_idr");
	CHECK(controlKey("Min Number of Output Buffers") == "min_number_of_output_buffers");
	CHECK(controlKey("Foo (bar)") == "foo_bar");
}

TEST_CASE("ctrl: several assignments per --ctrl, and repeated", "[options][controls]")
{
	EncodeOptions o;
	REQUIRE(parse({ "--pattern", "--ctrl", "a=1", "b=menu item", "-o", "x", "--ctrl", "c=3" },
		      o)
			.run);
	REQUIRE(o.ctrlValues.size() == 3);
	CHECK(o.ctrlValues[0].key == "a");
	CHECK(o.ctrlValues[1].value == "menu item");
	CHECK(o.ctrlValues[2].key == "c");
	CHECK(o.ctrlValues[2].value == "3");
}

TEST_CASE("qp-change-at: repeatable, in the order given", "[options]")
{
	EncodeOptions o;
	REQUIRE(parse({ "--pattern", "--qp-change-at", "3:30:34", "-o", "x", "--qp-change-at",
			"10:20:22" },
		      o)
			.run);
	REQUIRE(o.qpChanges.size() == 2);
	CHECK((o.qpChanges[0].frame == 3 && o.qpChanges[0].qpI == 30 && o.qpChanges[0].qpP == 34));
	CHECK((o.qpChanges[1].frame == 10 && o.qpChanges[1].qpI == 20 && o.qpChanges[1].qpP == 22));
}

TEST_CASE("text options fill their typed values", "[options]")
{
	EncodeOptions o;
	REQUIRE(parse({ "--camera", "/dev/video0", "--camera-format", "YU12", "--allocator", "CMA",
			"--format-order", "output-first", "--capture-size", "64k", "--rc", "CQ",
			"--force-key", "10,20", "-o", "x" },
		      o)
			.run);
	CHECK(o.cameraFourcc == V4L2_PIX_FMT_YUV420);
	CHECK(o.allocatorValue == SharedAllocator::CmaHeap);
	CHECK(o.order == FormatOrder::OutputFirst);
	CHECK(o.captureSizeValue == 65536);
	CHECK(o.rcValue == RateControl::Cq);
	CHECK(o.forceKeyFrames == std::vector<uint32_t>{ 10, 20 });
	CHECK(o.forceKeyEvery == 0);
	CHECK_FALSE(o.sizeGiven);
}

TEST_CASE("a refused value is reported as it was typed, once", "[options]")
{
	EncodeOptions o;
	auto r = parse({ "--pattern", "--rc", "ABR", "-o", "x" }, o);
	CHECK(r.code == ExitUsage);
	CHECK(r.message == "--rc 'ABR': expected off, cbr, vbr or cq");
	auto s = parse({ "--pattern", "--size", "63x64", "-o", "x" }, o);
	CHECK(s.message == "--size 63x64: width and height must be even (4:2:0)");
}

TEST_CASE("errors carry their hint on a line of its own", "[options]")
{
	Error e = makeError("open(/dev/video9)", EACCES);
	CHECK(failure(ExitNoDevice, e).message() ==
	      "open(/dev/video9) failed: Permission denied (13)\n"
	      "  hint: permission denied: run as root or add the user to the 'video' group");
	Error d = makeError("VIDIOC_QBUF", EFAULT, "not contiguous");
	d.hint = "use --copy";
	CHECK(d.message() ==
	      "VIDIOC_QBUF failed: Bad address (14): not contiguous\n  hint: use --copy");
	CHECK(failure(ExitBuffers, d, "other").message() ==
	      "VIDIOC_QBUF failed: Bad address (14): not contiguous\n  hint: other");
	CHECK(failure(ExitBuffers, d).code == ExitBuffers);
	CHECK_FALSE(Failure{}.failed());
}
