// SPDX-License-Identifier: MIT
// The encode command end to end against the fake encoder: what lands in the
// output, stats and summary files, which controls get set, and the
// documented exit codes.
#include "fake_camera.h"
#include "fake_encoder.h"

#include "cmd_encode.h"
#include "options.h"
#include "output_sink.h"

#include "cedrus/log.h"
#include "cedrus/unique_fd.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include <linux/videodev2.h>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace cedrus;
using namespace cedrus::cli;
using cedrus::test::Api;
using cedrus::test::FakeCamera;
using cedrus::test::FakeEncoder;
using cedrus::test::FakeSystem;

// Run a case against a single-planar and a multi-planar fake encoder (and,
// with BOTH_CAMERA_APIS, both kinds of fake camera too).
#define BOTH_APIS \
	const Api api = GENERATE(Api::SinglePlanar, Api::MultiPlanar); \
	INFO("fake encoder: " << cedrus::test::name(api))
#define BOTH_CAMERA_APIS \
	BOTH_APIS; \
	const Api camApi = GENERATE(Api::SinglePlanar, Api::MultiPlanar); \
	INFO("fake camera: " << cedrus::test::name(camApi))

namespace {

struct TempDir {
	std::string path;
	TempDir()
	{
		char name[] = "/tmp/cedrus-cli-XXXXXX";
		REQUIRE(mkdtemp(name));
		path = name;
	}
	~TempDir()
	{
		if (DIR *d = opendir(path.c_str())) {
			while (dirent *ent = readdir(d))
				if (ent->d_name[0] != '.')
					unlink((path + "/" + ent->d_name).c_str());
			closedir(d);
		}
		rmdir(path.c_str());
	}
	std::string operator/(const std::string &f) const { return path + "/" + f; }
};

std::string slurp(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Run {
	int code = -1;
	std::string log;
};

// Runs the encode command on `fake`; discovery (no --device) looks in
// deviceDir.
Run run(IoctlBackend &fake, std::vector<std::string> args, const std::string &deviceDir = "/dev")
{
	args.insert(args.begin(), "v4l2-cedrus-enc-test");
	EncodeOptions o;
	auto parsed = parseCommandLine(args, o);
	INFO(parsed.message);
	REQUIRE(parsed.run);
	o.deviceDir = deviceDir;
	Run r;
	log::setSink([&r](log::Severity, log::Category, std::string_view m) {
		r.log += std::string(m) + "\n";
	});
	r.code = runEncode(o, fake);
	log::setSink({});
	log::setThreshold(log::Severity::Warning);
	return r;
}

std::string summaryValue(const std::string &summary, const std::string &key)
{
	std::istringstream in(summary);
	for (std::string line; std::getline(in, line);)
		if (line.rfind(key + "=", 0) == 0)
			return line.substr(key.size() + 1);
	return "<missing>";
}

std::string csvTypes(const std::string &csv)
{
	std::istringstream in(csv);
	std::string line, types;
	std::getline(in, line);
	while (std::getline(in, line))
		types += line.substr(line.find(',') + 1, 1);
	return types;
}

} // namespace

TEST_CASE("pattern to file: stream, stats, summary and saved input", "[cli]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	TempDir dir;
	auto r = run(fake,
		     { "--device", FakeEncoder::path, "--pattern", "--frames", "5", "--size",
		       "64x64", "-q", "-o", dir / "out.h264", "--stats", dir / "stats.csv",
		       "--summary", dir / "summary.txt", "--save-input", dir / "input.nv12" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);

	// The fake's packets, back to back: 64 + n bytes, start code, NAL type.
	auto out = slurp(dir / "out.h264");
	REQUIRE(out.size() == 64 + 65 + 66 + 67 + 68);
	CHECK(out.substr(0, 6) == std::string("\0\0\0\x01\x65\x00", 6));
	CHECK(out.substr(64, 6) == std::string("\0\0\0\x01\x41\x01", 6));

	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "frames") == "5");
	CHECK(summaryValue(summary, "keyframes") == "1");
	CHECK(summaryValue(summary, "pframes") == "4");
	CHECK(summaryValue(summary, "bytes") == "330");
	CHECK(summaryValue(summary, "bytes_copied") == std::to_string(5 * 64 * 64 * 3 / 2));
	CHECK(summaryValue(summary, "coded_height") == "64");
	// One NV12 plane of 64 x 64 x 3/2. CAPTURE is set first, when the
	// fake's OUTPUT is still its default 1280x720: its minimum w x h / 2.
	CHECK(summaryValue(summary, "output_planes") == "1");
	CHECK(summaryValue(summary, "output_sizeimage0") == "6144");
	CHECK(summaryValue(summary, "capture_sizeimage") == "460800");
	CHECK(summaryValue(summary, "capture_memory") == "MMAP");

	CHECK(csvTypes(slurp(dir / "stats.csv")) == "IPPPP");

	// Saved input: 5 visible frames; Y(10, 0, 0) = 10, Y(0, 0, 1) = 4.
	auto input = slurp(dir / "input.nv12");
	REQUIRE(input.size() == 5 * 64 * 64 * 3 / 2);
	CHECK(uint8_t(input[10]) == 10);
	CHECK(uint8_t(input[64 * 64 * 3 / 2]) == 4);
	// S_PARM(OUTPUT) got the default 30 fps.
	CHECK(fake.timePerFrame.numerator == 1);
	CHECK(fake.timePerFrame.denominator == 30);
}

TEST_CASE("output sink: pieces written in order, more than one writev takes", "[cli][output]")
{
	// 3000 pieces (IOV_MAX is 1024) of 1 to 7 bytes, byte i of the whole
	// being i % 251.
	std::vector<std::byte> whole;
	std::vector<size_t> sizes;
	for (size_t i = 0; i < 3000; i++) {
		sizes.push_back(1 + i % 7);
		for (size_t b = 0; b < sizes.back(); b++)
			whole.push_back(std::byte(whole.size() % 251));
	}
	std::vector<std::span<const std::byte>> pieces;
	size_t at = 0;
	for (size_t n : sizes) {
		pieces.push_back(std::span(whole).subspan(at, n));
		at += n;
	}
	TempDir dir;
	{
		OutputSink sink;
		REQUIRE(sink.open(dir / "pieces"));
		REQUIRE(sink.write(pieces));
		REQUIRE(sink.write(std::span(whole).first(5)));
	}
	auto got = slurp(dir / "pieces");
	REQUIRE(got.size() == whole.size() + 5);
	CHECK(std::memcmp(got.data(), whole.data(), whole.size()) == 0);
	CHECK(std::memcmp(got.data() + whole.size(), whole.data(), 5) == 0);
}

TEST_CASE("output sink: a full disk or a short write is an error naming the file",
	  "[cli][output][enospc]")
{
	std::vector<std::byte> data(4096, std::byte(7));
	SECTION("/dev/full: ENOSPC")
	{
		OutputSink sink;
		REQUIRE(sink.open("/dev/full"));
		auto st = sink.write(data);
		REQUIRE_FALSE(st);
		CHECK(st.error().err == ENOSPC);
		CHECK(st.error().message().find("write(/dev/full) failed: No space left on "
						"device") != std::string::npos);
		CHECK(st.error().message().find("hint: the file system") != std::string::npos);
		CHECK(sink.close());
	}
	SECTION("a file size limit: the short write continues, then EFBIG")
	{
		// RLIMIT_FSIZE makes write() short, then fail with EFBIG (SIGXFSZ
		// ignored); the limit and the signal are restored at the end.
		TempDir dir;
		OutputSink sink;
		REQUIRE(sink.open(dir / "limited"));
		rlimit old{};
		REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
		auto oldSig = signal(SIGXFSZ, SIG_IGN);
		rlimit lim = old;
		lim.rlim_cur = 1000;
		REQUIRE(setrlimit(RLIMIT_FSIZE, &lim) == 0);
		auto st = sink.write(data);
		setrlimit(RLIMIT_FSIZE, &old);
		signal(SIGXFSZ, oldSig);
		REQUIRE_FALSE(st);
		CHECK(st.error().err == EFBIG);
		CHECK(st.error().message().find("write(" + dir / "limited" + ") failed") !=
		      std::string::npos);
		CHECK(slurp(dir / "limited").size() == 1000);
	}
}

TEST_CASE("a full disk: exit 6 naming the file, the encoder drained", "[cli][enospc]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	TempDir dir;
	const std::string full = "/dev/full";
	auto args = [&](const std::string &out, const std::string &save, const std::string &stats,
			const std::string &summary) {
		return std::vector<std::string>{ "--device",
						 FakeEncoder::path,
						 "--pattern",
						 "--frames",
						 "5",
						 "--size",
						 "64x64",
						 "-q",
						 "-o",
						 out,
						 "--save-input",
						 save,
						 "--stats",
						 stats,
						 "--summary",
						 summary };
	};
	// ENCODER_CMD STOP, the LAST buffer, then both queues stopped.
	auto drained = [&fake](const Run &r) {
		auto cmd = std::find(fake.calls.begin(), fake.calls.end(), "VIDIOC_ENCODER_CMD");
		return cmd != fake.calls.end() &&
		       std::count(cmd, fake.calls.end(), "VIDIOC_STREAMOFF") == 2 &&
		       r.log.find("drain failed") == std::string::npos;
	};
	const std::string enospc = "write(/dev/full) failed: No space left on device";
	Run r;
	SECTION("--output")
	{
		r = run(fake, args(full, dir / "in.nv12", dir / "stats.csv", dir / "summary.txt"));
		INFO(r.log);
		CHECK(r.code == ExitIo);
		CHECK(r.log.find(enospc) != std::string::npos);
		CHECK(r.log.find("hint: the file system") != std::string::npos);
		CHECK(drained(r));
		// The frame loop stopped early; stats and summary still written.
		auto frames = std::stoi(summaryValue(slurp(dir / "summary.txt"), "frames"));
		CHECK(frames >= 1);
		CHECK(frames < 5);
		CHECK(csvTypes(slurp(dir / "stats.csv")).size() == size_t(frames));
	}
	SECTION("--save-input")
	{
		r = run(fake, args(dir / "out.h264", full, dir / "stats.csv", dir / "summary.txt"));
		INFO(r.log);
		CHECK(r.code == ExitIo);
		CHECK(r.log.find(enospc) != std::string::npos);
		CHECK(drained(r));
		CHECK(summaryValue(slurp(dir / "summary.txt"), "frames") == "0");
	}
	SECTION("--stats")
	{
		r = run(fake, args(dir / "out.h264", dir / "in.nv12", full, dir / "summary.txt"));
		INFO(r.log);
		CHECK(r.code == ExitIo);
		CHECK(r.log.find(enospc) != std::string::npos);
		CHECK(drained(r));
		CHECK(slurp(dir / "out.h264").size() == 64 + 65 + 66 + 67 + 68);
		CHECK(summaryValue(slurp(dir / "summary.txt"), "frames") == "5");
	}
	SECTION("--summary")
	{
		r = run(fake, args(dir / "out.h264", dir / "in.nv12", dir / "stats.csv", full));
		INFO(r.log);
		CHECK(r.code == ExitIo);
		CHECK(r.log.find(enospc) != std::string::npos);
		CHECK(drained(r));
		CHECK(slurp(dir / "out.h264").size() == 64 + 65 + 66 + 67 + 68);
		CHECK(csvTypes(slurp(dir / "stats.csv")) == "IPPPP");
	}
}

namespace {

// runEncode with stdout and stderr on /dev/full and the log on its default
// sink (stderr), as when the tool's log file is on the disk that filled up.
// An exception escaping runEncode is returned as its what().
std::pair<int, std::string> runOnFullDisk(IoctlBackend &fake, std::vector<std::string> args)
{
	args.insert(args.begin(), "v4l2-cedrus-enc-test");
	EncodeOptions o;
	REQUIRE(parseCommandLine(args, o).run);
	std::fflush(stdout);
	std::fflush(stderr);
	UniqueFD full(::open("/dev/full", O_WRONLY | O_CLOEXEC));
	UniqueFD savedOut(::dup(STDOUT_FILENO)), savedErr(::dup(STDERR_FILENO));
	REQUIRE(full.isValid());
	REQUIRE(savedOut.isValid());
	REQUIRE(savedErr.isValid());
	::dup2(full.get(), STDOUT_FILENO);
	::dup2(full.get(), STDERR_FILENO);
	std::pair<int, std::string> result{ -1, "" };
	try {
		result.first = runEncode(o, fake);
	} catch (const std::exception &e) {
		result.second = e.what();
	}
	std::fflush(stdout);
	std::clearerr(stdout);
	std::clearerr(stderr);
	::dup2(savedOut.get(), STDOUT_FILENO);
	::dup2(savedErr.get(), STDERR_FILENO);
	log::setThreshold(log::Severity::Warning);
	return result;
}

} // namespace

TEST_CASE("stdout and stderr on a full disk: exit 6, no exception", "[cli][enospc]")
{
	// fmt::print throws std::system_error when the write fails: the tool
	// aborted (exit 134) logging its first error to a full disk.
	FakeEncoder fake(Api::SinglePlanar);
	TempDir dir;
	SECTION("the stream and the log")
	{
		auto [code, thrown] = runOnFullDisk(fake, { "--device", FakeEncoder::path,
							    "--pattern", "--frames", "3", "--size",
							    "64x64", "-o", "/dev/full", "--summary",
							    dir / "summary.txt" });
		CHECK(thrown == "");
		CHECK(code == ExitIo);
		CHECK(summaryValue(slurp(dir / "summary.txt"), "frames") != "<missing>");
	}
	SECTION("the end-of-run table on stdout")
	{
		auto [code, thrown] = runOnFullDisk(fake, { "--device", FakeEncoder::path,
							    "--pattern", "--frames", "3", "--size",
							    "64x64", "-o", dir / "out.h264" });
		CHECK(thrown == "");
		CHECK(code == ExitIo);
		CHECK(slurp(dir / "out.h264").size() == 64 + 65 + 66);
	}
}

TEST_CASE("force-key-at: the key frame lands on that frame though frames pile up", "[cli]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.encodeWhenWaited = true;
	TempDir dir;
	auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--frames", "6", "--size",
			     "64x64", "-q", "--force-key-at", "2,4", "-o", dir / "out.h264",
			     "--stats", dir / "stats.csv" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(fake.forcedKeyFrames == 2);
	CHECK(csvTypes(slurp(dir / "stats.csv")) == "IPIPIP");
}

TEST_CASE("qp-change-at: the new QPs apply from that frame though frames pile up", "[cli]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.encodeWhenWaited = true;
	TempDir dir;
	auto r = run(fake, { "--device",
			     FakeEncoder::path,
			     "--pattern",
			     "--frames",
			     "7",
			     "--size",
			     "64x64",
			     "-q",
			     "--qp-i",
			     "22",
			     "--qp-p",
			     "31",
			     "--qp-change-at",
			     "3:30:34",
			     "--qp-change-at",
			     "6:40:41",
			     "--force-key-at",
			     "4",
			     "-o",
			     dir / "out.h264",
			     "--stats",
			     dir / "stats.csv" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(csvTypes(slurp(dir / "stats.csv")) == "IPPPIPP");
	// I 22, P 31 up to frame 2; then I 30, P 34; P 41 at frame 6.
	CHECK(fake.frameQps == std::vector<int64_t>{ 22, 31, 31, 34, 30, 34, 41 });
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP] == 40);
}

TEST_CASE("restart-capture-at: CAPTURE restarted once the frames before are encoded", "[cli]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.encodeWhenWaited = true;
	TempDir dir;
	auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--frames", "5", "--size",
			     "64x64", "-q", "--restart-capture-at", "3", "-o", dir / "out.h264",
			     "--stats", dir / "stats.csv", "--summary", dir / "summary.txt" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(fake.captureRestarts == 1);
	// Frames 0-2 were all encoded before the restart: the new stream's
	// key frame is frame 3, and no frame was lost.
	CHECK(csvTypes(slurp(dir / "stats.csv")) == "IPPIP");
	CHECK(summaryValue(slurp(dir / "summary.txt"), "capture_restarts") == "1");
	CHECK(summaryValue(slurp(dir / "summary.txt"), "frames") == "5");
}

TEST_CASE("capture-size option sets the CAPTURE sizeimage", "[cli]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	TempDir dir;
	auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--frames", "1", "--size",
			     "64x64", "--capture-size", "3M", "-q", "-o", dir / "out.h264" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	const uint32_t capture = api == Api::MultiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE
							 : V4L2_BUF_TYPE_VIDEO_CAPTURE;
	auto fmt = std::find(fake.formatsSet.begin(), fake.formatsSet.end(), capture);
	CHECK(fmt != fake.formatsSet.end());
	CHECK(fake.captureSizeimage() == 3u * 1024 * 1024);
}

TEST_CASE("raw NV12 file input, frames limited by end of file", "[cli]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	TempDir dir;
	{
		std::ofstream f(dir / "in.yuv", std::ios::binary);
		std::string frame(32 * 16 * 3 / 2, '\x50');
		f << frame << frame << frame;
	}
	auto r = run(fake, { "--device", FakeEncoder::path, "-i", dir / "in.yuv", "--size", "32x16",
			     "--fps", "25", "-q", "-o", dir / "out.h264", "--summary",
			     dir / "summary.txt" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(summaryValue(slurp(dir / "summary.txt"), "frames") == "3");
	CHECK(fake.timePerFrame.denominator == 25);
}

TEST_CASE("encoder options become controls", "[cli][controls]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	TempDir dir;
	auto r = run(fake, { "--device",    FakeEncoder::path,
			     "--pattern",   "--frames",
			     "5",	    "--size",
			     "64x64",	    "-q",
			     "-o",	    dir / "out.h264",
			     "--stats",	    dir / "stats.csv",
			     "--profile",   "high",
			     "--level",	    "3.1",
			     "--entropy",   "cabac",
			     "--qp-i",	    "20",
			     "--qp-p",	    "23",
			     "--qp-min",    "10",
			     "--qp-max",    "40",
			     "--gop",	    "10",
			     "--open-gop",  "--i-period",
			     "5",	    "--prepend-headers",
			     "--force-key", "2",
			     "--ctrl",	    "h264_i_frame_period=6" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_PROFILE] == V4L2_MPEG_VIDEO_H264_PROFILE_HIGH);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_LEVEL] == V4L2_MPEG_VIDEO_H264_LEVEL_3_1);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE] ==
	      V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CABAC);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP] == 20);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP] == 23);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_MIN_QP] == 10);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_MAX_QP] == 40);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_GOP_SIZE] == 10);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_GOP_CLOSURE] == 0);
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR] == 1);
	// --ctrl comes last and overrides --i-period.
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_I_PERIOD] == 6);
	// Frames 2 and 4 forced.
	CHECK(fake.forcedKeyFrames == 2);
	CHECK(csvTypes(slurp(dir / "stats.csv")) == "IPIPI");
}

TEST_CASE("exit codes and messages of the failure paths", "[cli]")
{
	BOTH_APIS;
	TempDir dir;
	SECTION("no such device: 2")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		auto r = run(fake,
			     { "--device", "/dev/video99", "--pattern", "-o", dir / "out.h264" });
		CHECK(r.code == ExitNoDevice);
		CHECK(r.log.find("open(/dev/video99) failed: No such file or directory") !=
		      std::string::npos);
	}
	SECTION("permission denied: 2, with the video group hint")
	{
		FakeEncoder fake(api);
		fake.openErrno = EACCES;
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "-o",
				     dir / "out.h264" });
		CHECK(r.code == ExitNoDevice);
		CHECK(r.log.find("open(/dev/fake-encoder) failed: Permission denied") !=
		      std::string::npos);
		CHECK(r.log.find("hint: permission denied: run as root or add the user to the "
				 "'video' group") != std::string::npos);
	}
	SECTION("not an encoder: 2, with what was found")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		fake.noEncoderFormats = true;
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "-o",
				     dir / "out.h264" });
		CHECK(r.code == ExitNoDevice);
		const std::string caps = api == Api::MultiPlanar ? "m2m-mplane" : "m2m";
		CHECK(r.log.find("found: /dev/fake-encoder (fake-enc) [" + caps + "]") !=
		      std::string::npos);
	}
	SECTION("no rate control: 3")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--bitrate", "1M",
				     "-o", dir / "out.h264" });
		CHECK(r.code == ExitFormat);
		CHECK(r.log.find("the driver has no rate control") != std::string::npos);
	}
	SECTION("unknown --ctrl: 3, listing the driver's controls")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--ctrl",
				     "video_bitrate=100", "-o", dir / "out.h264" });
		CHECK(r.code == ExitFormat);
		CHECK(r.log.find("h264_i_frame_period") != std::string::npos);
	}
	SECTION("size out of range: 3")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--size",
				     "8192x64", "-o", dir / "out.h264" });
		CHECK(r.code == ExitFormat);
		CHECK(r.log.find("16x16 to 4096x4096") != std::string::npos);
	}
	SECTION("ERROR buffer: 5, stream still drained")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		fake.errorOnFrame = 1;
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--frames", "3",
				     "--size", "64x64", "-q", "-o", dir / "out.h264", "--summary",
				     dir / "summary.txt" });
		CHECK(r.code == ExitEncode);
		CHECK(r.log.find("try a larger --capture-size") != std::string::npos);
		auto summary = slurp(dir / "summary.txt");
		CHECK(summaryValue(summary, "frames") == "2");
		CHECK(summaryValue(summary, "error_buffers") == "1");
		CHECK(slurp(dir / "out.h264").size() == 64 + 66);
	}
	SECTION("--expect-errors: ERROR buffers succeed, listed in the stats with their flags")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		fake.errorOnFrame = 1;
		auto r = run(fake,
			     { "--device", FakeEncoder::path, "--pattern", "--frames", "3",
			       "--size", "64x64", "-q", "--expect-errors", "-o", dir / "out.h264",
			       "--stats", dir / "stats.csv", "--summary", dir / "summary.txt" });
		INFO(r.log);
		CHECK(r.code == ExitOk);
		CHECK(r.log.find("try a larger --capture-size") == std::string::npos);
		CHECK(summaryValue(slurp(dir / "summary.txt"), "error_buffers") == "1");
		CHECK(csvTypes(slurp(dir / "stats.csv")) == "IEP");
		std::istringstream csv(slurp(dir / "stats.csv"));
		std::string line, flags;
		std::getline(csv, line);
		// flags is column 8 of 9 (qp, empty for these frames, is last)
		auto column8 = [](const std::string &l) {
			auto end = l.rfind(',');
			return l.substr(l.rfind(',', end - 1) + 1, end - l.rfind(',', end - 1) - 1);
		};
		CHECK(column8(line) == "flags");
		while (std::getline(csv, line))
			flags += column8(line) + " ";
		CHECK(flags == "K PE P ");
	}
	SECTION("--expect-errors without any ERROR buffer: 5")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--frames", "2",
				     "--size", "64x64", "-q", "--expect-errors", "-o",
				     dir / "out.h264" });
		CHECK(r.code == ExitEncode);
		CHECK(r.log.find("no CAPTURE buffer came back with ERROR (--expect-errors)") !=
		      std::string::npos);
	}
	SECTION("busy device: 2, with a hint")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		fake.reqbufsErrno = EBUSY;
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "-o",
				     dir / "out.h264" });
		CHECK(r.code == ExitNoDevice);
		CHECK(r.log.find("Device or resource busy") != std::string::npos);
		CHECK(r.log.find("hint: the device is busy") != std::string::npos);
	}
	SECTION("CMA exhausted: 4, with a hint")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		fake.reqbufsErrno = ENOMEM;
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "-o",
				     dir / "out.h264" });
		CHECK(r.code == ExitBuffers);
		CHECK(r.log.find("--output-buffers 2 --capture-buffers 2") != std::string::npos);
	}
	SECTION("unwritable output: 6")
	{
		BOTH_APIS;
		FakeEncoder fake(api);
		auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "-o",
				     "/nonexistent/dir/out.h264" });
		CHECK(r.code == ExitIo);
	}
}

namespace {

// Every frame the fake encoder read is the fake camera's frame n: luma n,
// Cb 100 + n, Cr 200 - n (read by the encoder itself, through MMAP or the
// imported dma-bufs).
void checkEncoderSawCameraFrames(const FakeEncoder &enc, unsigned frames, uint32_t w, uint32_t h)
{
	REQUIRE(enc.inputs.size() == frames);
	for (unsigned n = 0; n < frames; n++) {
		INFO("frame " << n);
		const auto &in = enc.inputs[n];
		REQUIRE(in.size() == size_t(w) * h * 3 / 2);
		CHECK(std::to_integer<int>(in[0]) == int(n));
		CHECK(std::to_integer<int>(in[size_t(w) * h - 1]) == int(n));
		CHECK(std::to_integer<int>(in[size_t(w) * h]) == 100 + int(n));
		CHECK(std::to_integer<int>(in[size_t(w) * h + 1]) == 200 - int(n));
		CHECK(std::to_integer<int>(in.back()) == 200 - int(n));
	}
}

std::vector<std::string> cameraArgs(const TempDir &dir, const std::string &size,
				    std::vector<std::string> extra = {})
{
	std::vector<std::string> a = { "--device",
				       FakeEncoder::path,
				       "--camera",
				       FakeCamera::path,
				       "--size",
				       size,
				       "--frames",
				       "6",
				       "-q",
				       "-o",
				       dir / "out.h264",
				       "--summary",
				       dir / "summary.txt",
				       "--save-input",
				       dir / "input.nv12" };
	a.insert(a.end(), extra.begin(), extra.end());
	return a;
}

} // namespace

TEST_CASE("camera zero-copy: the encoder imports the camera's own buffers", "[cli][camera]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64"));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "frames") == "6");
	CHECK(summaryValue(summary, "bytes_copied") == "0");
	CHECK(summaryValue(summary, "path") == "zero-copy, camera buffers (EXPBUF)");
	CHECK(sys.camera.memory == V4L2_MEMORY_MMAP);
	CHECK(sys.camera.exported == 3);
	CHECK(sys.encoder.outputMemory() == V4L2_MEMORY_DMABUF);
	CHECK(sys.encoder.framesEncoded == 6);
	checkEncoderSawCameraFrames(sys.encoder, 6, 64, 64);
	// The fake camera fills frame n's luma with n.
	auto input = slurp(dir / "input.nv12");
	const size_t frame = 64 * 64 * 3 / 2;
	REQUIRE(input.size() == 6 * frame);
	CHECK(uint8_t(input[0]) == 0);
	CHECK(uint8_t(input[5 * frame + 100]) == 5);
	CHECK(uint8_t(input[5 * frame + 64 * 64 + 1]) == 195);
}

TEST_CASE("camera zero-copy: CREATE_BUFS makes camera buffers the encoder's size", "[cli][camera]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	TempDir dir;
	// 64x40: the encoder's sizeimage covers 48 rows, the camera's only 40.
	auto r = run(sys, cameraArgs(dir, "64x40"));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(sys.camera.createdSizes == std::vector<uint32_t>{ 64 * 48 * 3 / 2 });
	CHECK(summaryValue(slurp(dir / "summary.txt"), "bytes_copied") == "0");
	CHECK(sys.encoder.framesEncoded == 6);
}

TEST_CASE("camera without CREATE_BUFS and no CMA heap or DRM: exit 4", "[cli][camera]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	sys.camera.noCreateBufs = true;
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x40"));
	CHECK(r.code == ExitBuffers);
	CHECK(r.log.find("none of default_cma_region, linux,cma, reserved, default-pool") !=
	      std::string::npos);
	CHECK(r.log.find("or use --copy") != std::string::npos);
}

TEST_CASE("camera --copy: the CPU copies every frame", "[cli][camera]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64", { "--copy" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "bytes_copied") == std::to_string(6 * 64 * 64 * 3 / 2));
	CHECK(summaryValue(summary, "path") == "camera, CPU copy");
	CHECK(sys.camera.exported == 0);
	auto input = slurp(dir / "input.nv12");
	CHECK(uint8_t(input[3 * 64 * 64 * 3 / 2]) == 3);
}

TEST_CASE("camera zero-copy import EFAULT: exit 4 with the contiguity hint", "[cli][camera]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	sys.encoder.qbufDmabufErrno = EFAULT;
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64"));
	CHECK(r.code == ExitBuffers);
	CHECK(r.log.find("not physically contiguous") != std::string::npos);
	CHECK(r.log.find("allocators=1") != std::string::npos);
}

TEST_CASE("SIGINT stops the input, drains and exits 0 with a complete stream", "[cli]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.deferUntilStop = true; // frames stay queued until the drain
	TempDir dir;
	Run r;
	std::thread worker([&] {
		r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--size", "64x64", "-q",
				"-o", dir / "out.h264", "--summary", dir / "summary.txt" });
	});
	// Soon the encoder holds the three OUTPUT buffers and the tool waits.
	std::this_thread::sleep_for(std::chrono::milliseconds(500));
	kill(getpid(), SIGINT);
	worker.join();
	signal(SIGINT, SIG_DFL);
	INFO(r.log);
	CHECK(r.code == ExitOk);
	CHECK(r.log.find("interrupted after 3 frames; stream drained") != std::string::npos);
	CHECK(summaryValue(slurp(dir / "summary.txt"), "frames") == "3");
	CHECK(slurp(dir / "out.h264").size() == 64 + 65 + 66);
}

TEST_CASE("camera zero-copy: buffers still in the encoder at the end are drained", "[cli][camera]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	sys.encoder.deferUntilStop = true; // the encoder keeps every frame until STOP
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64", { "--output-buffers", "8" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(sys.encoder.framesEncoded == 6);
	CHECK(summaryValue(slurp(dir / "summary.txt"), "frames") == "6");
}

TEST_CASE("NV12M output: pattern frames written into two planes", "[cli][nv12m]")
{
	FakeEncoder fake(Api::MultiPlanar);
	TempDir dir;
	auto r = run(fake,
		     { "--device", FakeEncoder::path, "--pattern", "--frames", "3", "--size",
		       "64x40", "--pixel-format", "nv12m", "-q", "-o", dir / "out.h264",
		       "--summary", dir / "summary.txt", "--save-input", dir / "input.nv12" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(fake.outputFourcc() == V4L2_PIX_FMT_NV12M);
	CHECK(summaryValue(slurp(dir / "summary.txt"), "frames") == "3");
	// The pattern as the fake read it from its planes: Y(5, 0, 1) = 9,
	// Cb(16, 0) = 128 + 16 * 64 / 32.
	REQUIRE(fake.inputs.size() == 3);
	CHECK(std::to_integer<int>(fake.inputs[1][5]) == 9);
	CHECK(std::to_integer<int>(fake.inputs[1][64 * 40 + 32]) == 160);
	// --save-input holds the same pictures.
	auto input = slurp(dir / "input.nv12");
	REQUIRE(input.size() == 3 * 64 * 40 * 3 / 2);
	for (unsigned n = 0; n < 3; n++)
		CHECK(std::memcmp(input.data() + n * 64 * 40 * 3 / 2, fake.inputs[n].data(),
				  64 * 40 * 3 / 2) == 0);
}

TEST_CASE("NV12M output on a single-planar encoder: exit 3 with the reason", "[cli][nv12m]")
{
	FakeEncoder fake(Api::SinglePlanar);
	TempDir dir;
	auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--pixel-format", "nv12m",
			     "-o", dir / "out.h264" });
	CHECK(r.code == ExitFormat);
	CHECK(r.log.find("NV12M needs the multi-planar API") != std::string::npos);
}

TEST_CASE("camera NV12M zero-copy: every plane exported and imported", "[cli][camera][nv12m]")
{
	FakeSystem sys(Api::MultiPlanar, Api::MultiPlanar);
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64", { "--pixel-format", "nv12m" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "bytes_copied") == "0");
	CHECK(summaryValue(summary, "path") == "zero-copy, camera buffers (EXPBUF)");
	CHECK(sys.camera.fourcc == V4L2_PIX_FMT_NV12M);
	CHECK(sys.camera.exported == 3 * 2);
	REQUIRE(sys.encoder.dmabufPlanes.size() == 6);
	CHECK(sys.encoder.dmabufPlanes[0].size() == 2);
	CHECK(sys.encoder.dmabufPlanes[0][0].first != sys.encoder.dmabufPlanes[0][1].first);
	checkEncoderSawCameraFrames(sys.encoder, 6, 64, 64);
	auto input = slurp(dir / "input.nv12");
	REQUIRE(input.size() == 6 * 64 * 64 * 3 / 2);
	CHECK(uint8_t(input[2 * 64 * 64 * 3 / 2 + 64 * 64]) == 102);
}

TEST_CASE("camera NV12M zero-copy with CMA heap buffers, one per plane",
	  "[cli][camera][nv12m][dmabuf]")
{
	FakeSystem sys(Api::MultiPlanar, Api::MultiPlanar);
	sys.heap = true;
	TempDir dir;
	auto r = run(sys,
		     cameraArgs(dir, "64x64", { "--pixel-format", "nv12m", "--allocator", "cma" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(summaryValue(slurp(dir / "summary.txt"), "path") ==
	      "zero-copy, CMA heap 'linux,cma' buffers");
	const std::vector<size_t> sizes = { 4096, 2048, 4096, 2048, 4096, 2048 };
	CHECK(sys.cmaHeap.allocations == sizes);
	CHECK(sys.camera.memory == V4L2_MEMORY_DMABUF);
	CHECK(sys.camera.exported == 0);
	checkEncoderSawCameraFrames(sys.encoder, 6, 64, 64);
}

TEST_CASE("NV12M encoder, single-planar camera: frames are copied into both planes",
	  "[cli][camera][nv12m]")
{
	FakeSystem sys(Api::MultiPlanar, Api::SinglePlanar);
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64", { "--pixel-format", "nv12m" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(r.log.find("cannot capture the encoder layout NV12M 64x64") != std::string::npos);
	CHECK(summaryValue(slurp(dir / "summary.txt"), "path") == "camera, CPU copy");
	CHECK(sys.camera.fourcc == V4L2_PIX_FMT_NV12);
	CHECK(sys.encoder.outputFourcc() == V4L2_PIX_FMT_NV12M);
	checkEncoderSawCameraFrames(sys.encoder, 6, 64, 64);
}

TEST_CASE("capture-memory dmabuf: CMA heap buffers imported, the stream read through them",
	  "[cli][dmabuf]")
{
	BOTH_APIS;
	FakeSystem sys(api);
	sys.heap = true;
	TempDir dir;
	// OUTPUT first: the fake's CAPTURE sizeimage is then the 4K asked
	// (more than 64 x 64 / 2).
	auto r = run(sys, { "--device", FakeEncoder::path, "--pattern", "--frames", "5", "--size",
			    "64x64", "-q", "--format-order", "output-first", "--capture-size", "4k",
			    "--capture-memory", "dmabuf", "-o", dir / "out.h264", "--summary",
			    dir / "summary.txt" });
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(sys.cmaHeap.allocations == std::vector<size_t>{ 4096, 4096, 4096 });
	// Three dma-bufs queued first, then re-queued: no other fd.
	const auto &fds = sys.encoder.captureDmabufs;
	REQUIRE(fds.size() >= 5);
	std::vector<int> first(fds.begin(), fds.begin() + 3);
	std::sort(first.begin(), first.end());
	CHECK(std::adjacent_find(first.begin(), first.end()) == first.end());
	for (int fd : fds)
		CHECK(std::binary_search(first.begin(), first.end(), fd));
	// The fake's packets, as with MMAP, each read between SYNC START and END.
	auto out = slurp(dir / "out.h264");
	REQUIRE(out.size() == 64 + 65 + 66 + 67 + 68);
	CHECK(out.substr(0, 6) == std::string("\0\0\0\x01\x65\x00", 6));
	CHECK(out.substr(64 + 65 + 66 + 67, 6) == std::string("\0\0\0\x01\x41\x04", 6));
	CHECK(sys.dmabufs.syncStarts == 5);
	CHECK(sys.dmabufs.syncEnds == 5);
	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "capture_memory") == "DMABUF");
	CHECK(summaryValue(summary, "capture_sizeimage") == "4096");
	CHECK(summaryValue(summary, "frames") == "5");
}

TEST_CASE("capture-memory dmabuf without a CMA heap: exit 4 saying so", "[cli][dmabuf]")
{
	FakeSystem sys;
	TempDir dir;
	auto r = run(sys, { "--device", FakeEncoder::path, "--pattern", "--frames", "2", "--size",
			    "64x64", "-q", "--capture-memory", "dmabuf", "-o", dir / "out.h264" });
	CHECK(r.code == ExitBuffers);
	CHECK(r.log.find("--capture-memory dmabuf needs a CMA heap") != std::string::npos);
	CHECK(sys.encoder.framesEncoded == 0);
}

TEST_CASE("NV12M from a single-planar camera into imported CAPTURE buffers",
	  "[cli][camera][nv12m][dmabuf]")
{
	FakeSystem sys(Api::MultiPlanar, Api::SinglePlanar);
	sys.heap = true;
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64",
				     { "--pixel-format", "nv12m", "--capture-memory", "dmabuf" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	checkEncoderSawCameraFrames(sys.encoder, 6, 64, 64);
	CHECK(sys.cmaHeap.allocations.size() == 3);
	CHECK(sys.encoder.captureDmabufs.size() >= 6);
	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "capture_memory") == "DMABUF");
	CHECK(summaryValue(summary, "output_planes") == "2");
	CHECK(summaryValue(summary, "output_sizeimage0") == "4096");
	CHECK(summaryValue(summary, "output_sizeimage1") == "2048");
	CHECK(slurp(dir / "out.h264").size() == 64 + 65 + 66 + 67 + 68 + 69);
}

namespace {

void touch(const std::string &path)
{
	int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	REQUIRE(fd >= 0);
	close(fd);
}

} // namespace

TEST_CASE("discovery: the first encoder among the video nodes, named in the summary",
	  "[cli][discovery]")
{
	BOTH_APIS;
	FakeSystem sys(api);
	TempDir dir, dev;
	for (const char *n : { "video0", "video1", "video2", "video10", "radio0" })
		touch(dev / n);
	// video1 cannot be opened; video10 sorts after video2.
	sys.aliases[dev / "video0"] = &sys.camera;
	sys.aliases[dev / "video2"] = &sys.encoder;
	sys.aliases[dev / "video10"] = &sys.encoder;
	auto r = run(sys,
		     { "--pattern", "--frames", "2", "--size", "64x64", "-v", "-q", "-o",
		       dir / "out.h264", "--summary", dir / "summary.txt" },
		     dev.path);
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(r.log.find("using encoder " + dev / "video2" + " (fake-enc)") != std::string::npos);
	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "encoder") == dev / "video2");
	CHECK(summaryValue(summary, "encoder_driver") == "fake-enc");
	CHECK(summaryValue(summary, "encoder_api") == cedrus::test::name(api));
	CHECK(summaryValue(summary, "output_format") == "NV12");
	CHECK(sys.encoder.framesEncoded == 2);
}

TEST_CASE("discovery without an encoder: exit 2, listing every video node", "[cli][discovery]")
{
	FakeSystem sys;
	TempDir dir, dev;
	SECTION("a camera and a node that does not open")
	{
		touch(dev / "video0");
		touch(dev / "video1");
		sys.aliases[dev / "video0"] = &sys.camera;
		auto r = run(sys, { "--pattern", "-o", dir / "out.h264" }, dev.path);
		CHECK(r.code == ExitNoDevice);
		CHECK(r.log.find("no H.264 encoder found") != std::string::npos);
		CHECK(r.log.find(
			      "found:\n  " + dev / "video0" +
			      " (fake-cam) [capture] 'Fake camera' CAPTURE NV12,YU12 OUTPUT -\n  " +
			      dev / "video1" + ": open(" + dev / "video1" +
			      ") failed: No such file or directory") != std::string::npos);
		CHECK(r.log.find("hint: load the encoder driver (modprobe cedrus-ve) or pass "
				 "--device") != std::string::npos);
	}
	SECTION("no video nodes at all")
	{
		auto r = run(sys, { "--pattern", "-o", dir / "out.h264" }, dev.path);
		CHECK(r.code == ExitNoDevice);
		CHECK(r.log.find("no " + dev.path + "/video* nodes at all") != std::string::npos);
	}
}

TEST_CASE("verbose mode logs every ioctl with the device prefix", "[cli][verbose]")
{
	BOTH_APIS;
	TempDir dir;
	FakeEncoder quiet(api);
	auto q = run(quiet, { "--device", FakeEncoder::path, "--pattern", "--frames", "2", "--size",
			      "64x64", "-q", "-o", dir / "out.h264" });
	REQUIRE(q.code == ExitOk);
	CHECK(q.log.find("VIDIOC_") == std::string::npos);

	FakeEncoder fake(api);
	auto r = run(fake, { "--device", FakeEncoder::path, "--pattern", "--frames", "2", "--size",
			     "64x64", "-q", "-v", "-o", dir / "out.h264" });
	REQUIRE(r.code == ExitOk);
	// QUERYCAP comes before the driver name is known.
	CHECK(r.log.find("/dev/fake-encoder: VIDIOC_QUERYCAP = 0") != std::string::npos);
	for (const char *ioctl : { "VIDIOC_S_FMT", "VIDIOC_S_PARM", "VIDIOC_REQBUFS",
				   "VIDIOC_STREAMON", "VIDIOC_QBUF", "VIDIOC_ENCODER_CMD" }) {
		INFO(ioctl);
		CHECK(r.log.find(fmt::format("/dev/fake-encoder (fake-enc): {} = 0", ioctl)) !=
		      std::string::npos);
	}
	// A failing ioctl is logged with its errno: DQBUF(CAPTURE) after LAST.
	CHECK(r.log.find("/dev/fake-encoder (fake-enc): VIDIOC_DQBUF = -32 (Broken pipe)") !=
	      std::string::npos);
}

namespace {

// Runs `body` with stderr on `fd` and stdout on /dev/null, then restores
// both.
template <typename F>
void withStderr(int fd, F body)
{
	std::fflush(stdout);
	std::fflush(stderr);
	int savedErr = dup(STDERR_FILENO), savedOut = dup(STDOUT_FILENO);
	int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
	REQUIRE((savedErr >= 0 && savedOut >= 0 && devnull >= 0));
	dup2(fd, STDERR_FILENO);
	dup2(devnull, STDOUT_FILENO);
	body();
	std::fflush(stdout);
	std::fflush(stderr);
	dup2(savedErr, STDERR_FILENO);
	dup2(savedOut, STDOUT_FILENO);
	close(savedErr);
	close(savedOut);
	close(devnull);
}

std::string drain(int fd)
{
	std::string out;
	char buf[4096];
	while (::poll(std::array<pollfd, 1>{ pollfd{ fd, POLLIN, 0 } }.data(), 1, 0) > 0) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		out.append(buf, size_t(n));
	}
	return out;
}

} // namespace

TEST_CASE("a progress line when stderr is a terminal, none otherwise", "[cli][progress]")
{
	TempDir dir;
	const std::vector<std::string> args = {
		"--device", FakeEncoder::path, "--pattern", "--frames",	     "20",
		"--size",   "64x64",	       "-o",	    dir / "out.h264"
	};
	SECTION("terminal")
	{
		int master = -1, slave = -1;
		REQUIRE(openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
		FakeEncoder fake;
		Run r;
		withStderr(slave, [&] { r = run(fake, args); });
		std::string text = drain(master);
		close(slave);
		close(master);
		INFO(text);
		REQUIRE(r.code == ExitOk);
		// Every 10 frames: "\rframe     10  ... fps  ... bytes".
		CHECK(text.find("\rframe     10 ") != std::string::npos);
		CHECK(text.find("\rframe     20 ") != std::string::npos);
		// Packets of 64 + n bytes: 685 after 10 frames, 1470 after 20.
		CHECK(text.find("      685 bytes") != std::string::npos);
		CHECK(text.find("     1470 bytes") != std::string::npos);
	}
	SECTION("pipe")
	{
		int fds[2];
		REQUIRE(pipe(fds) == 0);
		FakeEncoder fake;
		Run r;
		withStderr(fds[1], [&] { r = run(fake, args); });
		close(fds[1]);
		std::string text = drain(fds[0]);
		close(fds[0]);
		REQUIRE(r.code == ExitOk);
		CHECK(text.find("frame ") == std::string::npos);
	}
}

TEST_CASE("camera I420: converted to NV12 for the encoder", "[cli][camera]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64", { "--camera-format", "i420" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(sys.camera.fourcc == V4L2_PIX_FMT_YUV420);
	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "path") == "camera, CPU copy");
	CHECK(summaryValue(summary, "bytes_copied") == std::to_string(6 * 64 * 64 * 3 / 2));
	// The camera's Cb and Cr planes arrive interleaved.
	checkEncoderSawCameraFrames(sys.encoder, 6, 64, 64);
}

TEST_CASE("camera frame rate: S_PARM on the camera, a warning when refused", "[cli][camera]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	TempDir dir;
	SECTION("set")
	{
		auto r = run(sys, cameraArgs(dir, "64x64", { "--fps", "15" }));
		REQUIRE(r.code == ExitOk);
		CHECK(sys.camera.timePerFrame.numerator == 1);
		CHECK(sys.camera.timePerFrame.denominator == 15);
		CHECK(sys.encoder.timePerFrame.denominator == 15);
		CHECK(r.log.find("frame rate not set") == std::string::npos);
	}
	SECTION("refused")
	{
		sys.camera.noFrameRate = true;
		auto r = run(sys, cameraArgs(dir, "64x64", { "--fps", "15" }));
		CHECK(r.code == ExitOk);
		CHECK(r.log.find("/dev/fake-camera (fake-cam): frame rate not set: VIDIOC_S_PARM "
				 "failed: Inappropriate ioctl for device") != std::string::npos);
	}
}

TEST_CASE("camera buffers not shareable: zero-copy falls back to CMA heap buffers",
	  "[cli][camera][dmabuf]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	sys.heap = true;
	TempDir dir;
	std::string size = "64x64";
	size_t bytes = 64 * 64 * 3 / 2;
	SECTION("no EXPBUF")
	{
		sys.camera.noExpbuf = true;
	}
	SECTION("no CREATE_BUFS for the larger encoder buffers")
	{
		sys.camera.noCreateBufs = true;
		size = "64x40";
		bytes = 64 * 48 * 3 / 2; // the encoder's 48 coded rows
	}
	auto r = run(sys, cameraArgs(dir, size, { "-v" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(r.log.find("cannot share the camera's buffers") != std::string::npos);
	auto summary = slurp(dir / "summary.txt");
	CHECK(summaryValue(summary, "path") == "zero-copy, CMA heap 'linux,cma' buffers");
	CHECK(summaryValue(summary, "bytes_copied") == "0");
	CHECK(sys.camera.memory == V4L2_MEMORY_DMABUF);
	CHECK(sys.encoder.outputMemory() == V4L2_MEMORY_DMABUF);
	// Three buffers of the encoder's sizeimage.
	CHECK(sys.cmaHeap.allocations == std::vector<size_t>(3, bytes));
	const uint32_t h = size == "64x64" ? 64 : 40;
	checkEncoderSawCameraFrames(sys.encoder, 6, 64, h);
	// --save-input read each shared buffer between SYNC START and END.
	CHECK(sys.dmabufs.syncStarts == 6);
	CHECK(sys.dmabufs.syncEnds == 6);
	auto input = slurp(dir / "input.nv12");
	REQUIRE(input.size() == 6 * 64 * h * 3 / 2);
	CHECK(uint8_t(input[4 * 64 * h * 3 / 2]) == 4);
}

TEST_CASE("camera zero-copy with DRM dumb buffers exported with PRIME", "[cli][camera][drm]")
{
	BOTH_CAMERA_APIS;
	FakeSystem sys(api, camApi);
	sys.drm = true;
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x40", { "--allocator", "drm", "-v" }));
	INFO(r.log);
	REQUIRE(r.code == ExitOk);
	CHECK(r.log.find("/dev/dri/card0 (fake-drm): using DRM dumb buffers") != std::string::npos);
	CHECK(summaryValue(slurp(dir / "summary.txt"), "path") ==
	      "zero-copy, DRM dumb /dev/dri/card0 (fake-drm) buffers");
	// One 8 bpp dumb buffer per frame, as wide as the camera's stride and
	// tall enough for the encoder's 64 x 48 x 3/2 bytes; each handle is
	// closed once its dma-buf exists.
	REQUIRE(sys.drmDevice.created.size() == 3);
	CHECK(sys.drmDevice.created[0].width == 64);
	CHECK(sys.drmDevice.created[0].height == 72);
	CHECK(sys.drmDevice.exported == 3);
	CHECK(sys.drmDevice.closed == std::vector<uint32_t>{ 1, 2, 3 });
	CHECK(sys.camera.memory == V4L2_MEMORY_DMABUF);
	checkEncoderSawCameraFrames(sys.encoder, 6, 64, 40);
}

TEST_CASE("DRM dumb buffers the encoder cannot map: exit 4 naming contiguous GEM DMA",
	  "[cli][camera][drm]")
{
	FakeSystem sys;
	sys.drm = true;
	sys.encoder.qbufDmabufErrno = EFAULT;
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64", { "--allocator", "drm" }));
	CHECK(r.code == ExitBuffers);
	CHECK(r.log.find("VIDIOC_QBUF(OUTPUT 0) failed: Bad address") != std::string::npos);
	CHECK(r.log.find("not physically contiguous") != std::string::npos);
	CHECK(r.log.find("hint: these DRM dumb buffers are not physically contiguous") !=
	      std::string::npos);
	CHECK(r.log.find("such as sun4i-drm") != std::string::npos);
}

TEST_CASE("no DRM device with dumb buffers: exit 4 saying so", "[cli][camera][drm]")
{
	FakeSystem sys;
	sys.drm = true;
	sys.drmDevice.dumbBuffers = false;
	TempDir dir;
	auto r = run(sys, cameraArgs(dir, "64x64", { "--allocator", "drm" }));
	CHECK(r.code == ExitBuffers);
	CHECK(r.log.find("no /dev/dri/card* with dumb buffer support") != std::string::npos);
}
