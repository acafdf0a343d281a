// SPDX-License-Identifier: MIT
// The option -> control table: which controls the options ask for, with
// which values, in which order; and what applyControls() does with a row
// on the fake encoder.
#include "fake_encoder.h"

#include "controls.h"
#include "options.h"

#include "cedrus/device.h"

#include <catch2/catch.hpp>

#include <linux/videodev2.h>

#include <string>
#include <tuple>
#include <vector>

using namespace cedrus;
using namespace cedrus::cli;
using cedrus::test::Api;
using cedrus::test::FakeEncoder;

namespace {

using Row = std::tuple<std::string, uint32_t, int64_t>;

EncodeOptions parsed(std::vector<std::string> args)
{
	args.insert(args.begin(), { "v4l2-cedrus-enc-test", "--pattern", "-o", "x" });
	EncodeOptions o;
	auto r = parseCommandLine(args, o);
	INFO(r.message);
	REQUIRE(r.run);
	return o;
}

std::vector<Row> rows(const EncodeOptions &o)
{
	std::vector<Row> out;
	for (const ControlRequest &r : controlRequests(o))
		out.emplace_back(std::string(r.row->option), r.row->id, r.value);
	return out;
}

} // namespace

TEST_CASE("control table: no encoder option, no control", "[controls]")
{
	CHECK(rows(parsed({})).empty());
}

TEST_CASE("control table: every option with its control and value, in order", "[controls]")
{
	// Given in another order than the table's on purpose.
	auto o = parsed({ "--prepend-headers",
			  "--i-period",
			  "7",
			  "--open-gop",
			  "--gop",
			  "30",
			  "--qp-p",
			  "28",
			  "--qp-i",
			  "26",
			  "--qp-max",
			  "45",
			  "--qp-min",
			  "10",
			  "--entropy",
			  "cabac",
			  "--level",
			  "4.1",
			  "--profile",
			  "main",
			  "--loop-filter-beta",
			  "2",
			  "--loop-filter-alpha",
			  "-3",
			  "--loop-filter",
			  "slice-boundary",
			  "--sar",
			  "4:3",
			  "--force-key",
			  "50" });
	const std::vector<Row> want = {
		{ "--profile", V4L2_CID_MPEG_VIDEO_H264_PROFILE,
		  V4L2_MPEG_VIDEO_H264_PROFILE_MAIN },
		{ "--level", V4L2_CID_MPEG_VIDEO_H264_LEVEL, V4L2_MPEG_VIDEO_H264_LEVEL_4_1 },
		{ "--entropy", V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE,
		  V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CABAC },
		{ "--qp-min", V4L2_CID_MPEG_VIDEO_H264_MIN_QP, 10 },
		{ "--qp-max", V4L2_CID_MPEG_VIDEO_H264_MAX_QP, 45 },
		{ "--qp-i", V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, 26 },
		{ "--qp-p", V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP, 28 },
		{ "--gop", V4L2_CID_MPEG_VIDEO_GOP_SIZE, 30 },
		{ "--open-gop", V4L2_CID_MPEG_VIDEO_GOP_CLOSURE, 0 },
		{ "--i-period", V4L2_CID_MPEG_VIDEO_H264_I_PERIOD, 7 },
		{ "--prepend-headers", V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR, 1 },
		{ "--loop-filter", V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE,
		  V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED_AT_SLICE_BOUNDARY },
		{ "--loop-filter-alpha", V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_ALPHA, -3 },
		{ "--loop-filter-beta", V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_BETA, 2 },
		{ "--sar", V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_ENABLE, 1 },
		{ "--sar", V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_IDC,
		  V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_EXTENDED },
		{ "--sar", V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_WIDTH, 4 },
		{ "--sar", V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_HEIGHT, 3 },
		{ "--force-key", V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1 },
	};
	CHECK(rows(o) == want);
}

TEST_CASE("control table: CAVLC and a GOP of 0 are values, not absences", "[controls]")
{
	auto o = parsed({ "--entropy", "cavlc", "--gop", "0" });
	const std::vector<Row> want = {
		{ "--entropy", V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE,
		  V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CAVLC },
		{ "--gop", V4L2_CID_MPEG_VIDEO_GOP_SIZE, 0 },
	};
	CHECK(rows(o) == want);
}

TEST_CASE("control table: loop filter mode names and zero offsets", "[controls]")
{
	using Case = std::pair<std::string, int64_t>;
	const auto [name, mode] =
		GENERATE(Case{ "enabled", V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_ENABLED },
			 Case{ "disabled", V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED },
			 Case{ "Slice-Boundary",
			       V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED_AT_SLICE_BOUNDARY });
	auto o = parsed({ "--loop-filter", name, "--loop-filter-alpha", "0" });
	const std::vector<Row> want = {
		{ "--loop-filter", V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE, mode },
		{ "--loop-filter-alpha", V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_ALPHA, 0 },
	};
	CHECK(rows(o) == want);
}

TEST_CASE("control table: rate control is enabled first, named after the option given",
	  "[controls]")
{
	SECTION("--rc alone")
	{
		const std::vector<Row> want = {
			{ "--rc", V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE, 1 },
			{ "--rc", V4L2_CID_MPEG_VIDEO_BITRATE_MODE,
			  V4L2_MPEG_VIDEO_BITRATE_MODE_CBR },
		};
		CHECK(rows(parsed({ "--rc", "cbr" })) == want);
	}
	SECTION("--bitrate alone")
	{
		const std::vector<Row> want = {
			{ "--bitrate", V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE, 1 },
			{ "--bitrate", V4L2_CID_MPEG_VIDEO_BITRATE, 2000000 },
		};
		CHECK(rows(parsed({ "--bitrate", "2M" })) == want);
	}
	SECTION("both: enabled once")
	{
		const std::vector<Row> want = {
			{ "--bitrate", V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE, 1 },
			{ "--rc", V4L2_CID_MPEG_VIDEO_BITRATE_MODE,
			  V4L2_MPEG_VIDEO_BITRATE_MODE_CQ },
			{ "--bitrate", V4L2_CID_MPEG_VIDEO_BITRATE, 500000 },
		};
		CHECK(rows(parsed({ "--rc", "cq", "--bitrate", "500k" })) == want);
	}
	SECTION("--rc off: rate control disabled, nothing else")
	{
		const std::vector<Row> want = {
			{ "--rc", V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE, 0 },
		};
		CHECK(rows(parsed({ "--rc", "off" })) == want);
	}
	SECTION("VBR with a peak")
	{
		const std::vector<Row> want = {
			{ "--bitrate", V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE, 1 },
			{ "--rc", V4L2_CID_MPEG_VIDEO_BITRATE_MODE,
			  V4L2_MPEG_VIDEO_BITRATE_MODE_VBR },
			{ "--bitrate", V4L2_CID_MPEG_VIDEO_BITRATE, 1000000 },
			{ "--peak", V4L2_CID_MPEG_VIDEO_BITRATE_PEAK, 1500000 },
		};
		CHECK(rows(parsed({ "--rc", "vbr", "--bitrate", "1M", "--peak", "1500k" })) ==
		      want);
	}
}

TEST_CASE("control table: how each row uses its control", "[controls]")
{
	unsigned required = 0, optional = 0;
	for (const ControlOption &row : controlOptions()) {
		INFO(row.option << " " << row.id);
		if (row.id == V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME) {
			CHECK(row.use == ControlUse::Require);
			required++;
		} else if (row.id == V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE) {
			CHECK(row.use == ControlUse::SetIfPresent);
			CHECK(row.require != nullptr);
			optional++;
		} else {
			CHECK(row.use == ControlUse::Set);
		}
	}
	CHECK(required == 1);
	CHECK(optional == 2);
	CHECK(controlOptions().size() == 24);
}

TEST_CASE("applyControls on the fake encoder", "[controls]")
{
	const Api api = GENERATE(Api::SinglePlanar, Api::MultiPlanar);
	FakeEncoder fake(api);
	auto dev = Device::open(FakeEncoder::path, fake);
	REQUIRE(dev);

	SECTION("set rows, then --ctrl, which wins")
	{
		auto o = parsed({ "--qp-i", "20", "--open-gop", "--i-period", "5", "--ctrl",
				  "h264_i_frame_period=9", "video_gop_size=4" });
		REQUIRE(applyControls(**dev, o));
		CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP] == 20);
		CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_GOP_CLOSURE] == 0);
		CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_I_PERIOD] == 9);
		CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_GOP_SIZE] == 4);
	}
	SECTION("loop filter mode and offsets")
	{
		REQUIRE(applyControls(**dev,
				      parsed({ "--loop-filter", "disabled", "--loop-filter-alpha",
					       "-6", "--loop-filter-beta", "6" })));
		CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE] ==
		      V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED);
		CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_ALPHA] == -6);
		CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_BETA] == 6);
	}
	SECTION("--force-key-at alone asks for the key frame control")
	{
		const std::vector<Row> want = {
			{ "--force-key", V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1 },
		};
		CHECK(rows(parsed({ "--force-key-at", "25" })) == want);
	}
	SECTION("a Require row only checks: no key frame is forced yet")
	{
		REQUIRE(applyControls(**dev, parsed({ "--force-key", "3" })));
		CHECK(fake.forcedKeyFrames == 0);
		CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME] == 0);
	}
	SECTION("no rate control: refused before any rate control row, naming the option")
	{
		auto st = applyControls(**dev, parsed({ "--rc", "vbr" }));
		REQUIRE_FALSE(st);
		CHECK(st.error().op == "--rc");
		CHECK(st.error().detail.find("the driver has no rate control") == 0);
	}
	SECTION("out of range: the option, the control and its range")
	{
		auto st = applyControls(**dev, parsed({ "--gop", "5000" }));
		REQUIRE_FALSE(st);
		CHECK(st.error().message() == "--gop failed: 'Video GOP Size' = 5000 out of range; "
					      "the driver accepts 0..1000");
	}
}
