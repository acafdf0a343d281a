// SPDX-License-Identifier: MIT
// The end-of-run summary: the key=value lines the emulator tests read, and
// the table's first lines.
#include "summary.h"

#include <catch2/catch.hpp>

#include <linux/videodev2.h>

using namespace cedrus;
using namespace cedrus::cli;

namespace {

RunReport report()
{
	RunReport r;
	r.stats.frames = 10;
	r.stats.keyframes = 2;
	r.stats.pframes = 8;
	r.stats.bytes = 1000;
	r.stats.fpsNominal = 25;
	r.stats.wallSeconds = 2;
	r.stats.cpuSeconds = 0.5;
	r.stats.copiedBytes = 0;
	r.path = "zero-copy, camera buffers (EXPBUF)";
	r.encoderName = "/dev/video1 (cedrus)";
	r.encoderPath = "/dev/video1";
	r.encoderDriver = "cedrus";
	r.multiplanar = true;
	r.outputFourcc = V4L2_PIX_FMT_NV12M;
	r.width = 1280;
	r.height = 720;
	r.codedWidth = 1280;
	r.codedHeight = 736;
	r.outputSizeimage = { 942080, 471040 };
	r.captureSizeimage = 524288;
	r.captureMemory = "DMABUF";
	r.stream.spsCount = 1;
	r.stream.idrCount = 2;
	return r;
}

} // namespace

TEST_CASE("summary key=value lines", "[summary]")
{
	RunReport r = report();
	SECTION("without an SPS")
	{
		CHECK(summaryKeyValues(r) == "frames=10\n"
					     "keyframes=2\n"
					     "pframes=8\n"
					     "error_buffers=0\n"
					     "bytes=1000\n"
					     "bitrate_bps=20000\n"
					     "fps=5.00\n"
					     "cpu_seconds=0.500\n"
					     "wall_seconds=2.000\n"
					     "bytes_copied=0\n"
					     "path=zero-copy, camera buffers (EXPBUF)\n"
					     "width=1280\n"
					     "height=720\n"
					     "coded_width=1280\n"
					     "coded_height=736\n"
					     "encoder=/dev/video1\n"
					     "encoder_driver=cedrus\n"
					     "encoder_api=multi-planar\n"
					     "output_format=NV12M\n"
					     "output_planes=2\n"
					     "output_sizeimage0=942080\n"
					     "output_sizeimage1=471040\n"
					     "capture_sizeimage=524288\n"
					     "capture_memory=DMABUF\n"
					     "stream_sps_count=1\n"
					     "stream_idr_count=2\n"
					     "stream_type_mismatches=0\n"
					     "capture_restarts=0\n"
					     "rc=default\n"
					     "target_bitrate_bps=0\n"
					     "peak_bitrate_bps=0\n"
					     "bitrate_after_1s_bps=0\n"
					     "qp_min=-1\n"
					     "qp_max=-1\n");
	}
	SECTION("with an SPS: its fields before the counts")
	{
		h264::Sps sps;
		sps.profileIdc = 100;
		sps.levelIdc = 31;
		sps.width = 1280;
		sps.height = 720;
		sps.timingInfo = true;
		sps.numUnitsInTick = 1;
		sps.timeScale = 50;
		r.stream.sps = sps;
		r.typeMismatches = 3;
		r.captureRestarts = 1;
		r.multiplanar = false;
		r.outputFourcc = V4L2_PIX_FMT_NV12;
		r.outputSizeimage = { 1413120 };
		r.captureMemory = "MMAP";
		const std::string kv = summaryKeyValues(r);
		CHECK(kv.find("encoder_api=single-planar\noutput_format=NV12\noutput_planes=1\n"
			      "output_sizeimage0=1413120\ncapture_sizeimage=524288\n"
			      "capture_memory=MMAP\n"
			      "stream_profile_idc=100\nstream_level_idc=31\nstream_width=1280\n"
			      "stream_height=720\nstream_fps=25.00\nstream_sps_count=1\n"
			      "stream_idr_count=2\nstream_type_mismatches=3\ncapture_restarts="
			      "1\n") != std::string::npos);
	}
}

TEST_CASE("summary table: encoder, size and path, stream", "[summary]")
{
	RunReport r = report();
	const std::string table = summaryTable(r);
	CHECK(table.rfind("encoder               /dev/video1 (cedrus)\n"
			  "size                  1280x720 (coded 1280x736), zero-copy, camera "
			  "buffers (EXPBUF)\n"
			  "stream                no SPS found\n",
			  0) == 0);
}
