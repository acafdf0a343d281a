// SPDX-License-Identifier: MIT
#include "options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <linux/videodev2.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <initializer_list>
#include <sstream>

namespace cedrus::cli {

namespace {

bool parseU32(std::string_view s, uint32_t &out)
{
	if (s.empty())
		return false;
	auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
	return ec == std::errc() && p == s.data() + s.size();
}

std::string lower(std::string_view s)
{
	std::string out(s);
	std::transform(out.begin(), out.end(), out.begin(),
		       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
	return out;
}

Error usage(std::string text)
{
	return makeError("", 0, std::move(text));
}

// A value an option's transformer refused. The parse stops with the message
// as it is: a CLI::ValidationError would get the option name put in front,
// and the messages already start with it.
class BadValue : public CLI::ParseError {
public:
	explicit BadValue(std::string message)
		: CLI::ParseError("BadValue", std::move(message), CLI::ExitCodes::ValidationError)
	{}
};

// A transformer filling a typed field: `parse` converts the option's text
// (false when it cannot), `why` words the refusal.
CLI::Validator into(std::function<bool(const std::string &)> parse,
		    std::function<std::string(const std::string &)> why)
{
	return CLI::Validator(
		[parse = std::move(parse), why = std::move(why)](std::string &text) {
			if (!parse(text))
				throw BadValue(why(text));
			return std::string();
		},
		"");
}

// A text option kept only as the typed value its transformer fills.
CLI::Option *addTyped(CLI::App &app, const std::string &name, CLI::Validator fill, std::string help)
{
	CLI::Option *opt = app.add_option(name, CLI::callback_t(), std::move(help));
	// An option given twice that takes one value: CLI11 refuses it
	// ("At Most 1 required") once the transformers ran; let that be the
	// message rather than what the second value might say.
	auto once = [opt, fill = std::move(fill)](std::string &text) {
		if (opt->count() > 1 &&
		    opt->get_multi_option_policy() == CLI::MultiOptionPolicy::Throw)
			return std::string();
		return fill(text);
	};
	return opt->type_name("TEXT")->transform(CLI::Validator(once, ""));
}

// One value from a list of names (case-insensitive).
template <typename T>
std::function<bool(const std::string &)>
oneOf(T &field, std::initializer_list<std::pair<const char *, T>> names)
{
	std::vector<std::pair<std::string, T>> list(names.begin(), names.end());
	return [&field, list](const std::string &text) {
		std::string key = lower(text);
		for (const auto &[name, value] : list)
			if (key == name) {
				field = value;
				return true;
			}
		return false;
	};
}

// The refusal message "OPTION 'text': expected ...".
std::function<std::string(const std::string &)> expected(std::string option, std::string what)
{
	return [option = std::move(option), what = std::move(what)](const std::string &text) {
		return fmt::format("{} '{}': expected {}", option, text, what);
	};
}

struct LevelName {
	const char *name;
	int value;
};

const LevelName levels[] = {
	{ "1", V4L2_MPEG_VIDEO_H264_LEVEL_1_0 },   { "1b", V4L2_MPEG_VIDEO_H264_LEVEL_1B },
	{ "1.1", V4L2_MPEG_VIDEO_H264_LEVEL_1_1 }, { "1.2", V4L2_MPEG_VIDEO_H264_LEVEL_1_2 },
	{ "1.3", V4L2_MPEG_VIDEO_H264_LEVEL_1_3 }, { "2", V4L2_MPEG_VIDEO_H264_LEVEL_2_0 },
	{ "2.1", V4L2_MPEG_VIDEO_H264_LEVEL_2_1 }, { "2.2", V4L2_MPEG_VIDEO_H264_LEVEL_2_2 },
	{ "3", V4L2_MPEG_VIDEO_H264_LEVEL_3_0 },   { "3.1", V4L2_MPEG_VIDEO_H264_LEVEL_3_1 },
	{ "3.2", V4L2_MPEG_VIDEO_H264_LEVEL_3_2 }, { "4", V4L2_MPEG_VIDEO_H264_LEVEL_4_0 },
	{ "4.1", V4L2_MPEG_VIDEO_H264_LEVEL_4_1 }, { "4.2", V4L2_MPEG_VIDEO_H264_LEVEL_4_2 },
	{ "5", V4L2_MPEG_VIDEO_H264_LEVEL_5_0 },   { "5.1", V4L2_MPEG_VIDEO_H264_LEVEL_5_1 },
	{ "5.2", V4L2_MPEG_VIDEO_H264_LEVEL_5_2 }, { "6", V4L2_MPEG_VIDEO_H264_LEVEL_6_0 },
	{ "6.1", V4L2_MPEG_VIDEO_H264_LEVEL_6_1 }, { "6.2", V4L2_MPEG_VIDEO_H264_LEVEL_6_2 },
};

} // namespace

bool parseSize(std::string_view s, uint32_t &w, uint32_t &h)
{
	size_t x = s.find('x');
	if (x == std::string_view::npos)
		return false;
	return parseU32(s.substr(0, x), w) && parseU32(s.substr(x + 1), h) && w > 0 && h > 0;
}

bool parseRate(std::string_view s, uint32_t &num, uint32_t &den)
{
	size_t slash = s.find('/');
	if (slash == std::string_view::npos) {
		den = 1;
		return parseU32(s, num) && num > 0;
	}
	return parseU32(s.substr(0, slash), num) && parseU32(s.substr(slash + 1), den) && num > 0 &&
	       den > 0;
}

bool parseBitrate(std::string_view s, int64_t &bps)
{
	if (s.empty())
		return false;
	int64_t mult = 1;
	char last = s.back();
	if (last == 'k' || last == 'K') {
		mult = 1000;
		s.remove_suffix(1);
	} else if (last == 'm' || last == 'M') {
		mult = 1000000;
		s.remove_suffix(1);
	}
	uint32_t v;
	if (!parseU32(s, v) || v == 0)
		return false;
	bps = int64_t(v) * mult;
	return bps <= INT32_MAX;
}

bool parseBytes(std::string_view s, uint32_t &bytes)
{
	if (s.empty())
		return false;
	uint64_t mult = 1;
	char last = s.back();
	if (last == 'k' || last == 'K') {
		mult = 1024;
		s.remove_suffix(1);
	} else if (last == 'm' || last == 'M') {
		mult = 1024 * 1024;
		s.remove_suffix(1);
	}
	uint32_t v;
	if (!parseU32(s, v) || v == 0 || uint64_t(v) * mult > UINT32_MAX)
		return false;
	bytes = static_cast<uint32_t>(v * mult);
	return true;
}

std::optional<int> parseProfile(std::string_view s)
{
	std::string p = lower(s);
	if (p == "baseline")
		return V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE;
	if (p == "constrained-baseline")
		return V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE;
	if (p == "main")
		return V4L2_MPEG_VIDEO_H264_PROFILE_MAIN;
	if (p == "high")
		return V4L2_MPEG_VIDEO_H264_PROFILE_HIGH;
	return std::nullopt;
}

std::optional<int> parseLevel(std::string_view s)
{
	std::string l = lower(s);
	if (l.size() > 2 && l.substr(l.size() - 2) == ".0")
		l.resize(l.size() - 2);
	for (const auto &e : levels)
		if (l == e.name)
			return e.value;
	return std::nullopt;
}

bool parseForceKey(std::string_view s, uint32_t &every, std::vector<uint32_t> &frames)
{
	every = 0;
	frames.clear();
	if (s.find(',') == std::string_view::npos)
		return parseU32(s, every) && every > 0;
	return parseFrameList(s, frames);
}

bool parseRatio(std::string_view s, uint32_t &w, uint32_t &h)
{
	size_t colon = s.find(':');
	if (colon == std::string_view::npos)
		return false;
	return parseU32(s.substr(0, colon), w) && parseU32(s.substr(colon + 1), h) && w > 0 &&
	       h > 0 && w <= 65535 && h <= 65535;
}

bool parseQpChange(std::string_view s, QpChange &change)
{
	size_t a = s.find(':');
	size_t b = a == std::string_view::npos ? a : s.find(':', a + 1);
	if (b == std::string_view::npos)
		return false;
	uint32_t frame, i, p;
	if (!parseU32(s.substr(0, a), frame) || !parseU32(s.substr(a + 1, b - a - 1), i) ||
	    !parseU32(s.substr(b + 1), p) || i > 51 || p > 51)
		return false;
	change = { frame, int(i), int(p) };
	return true;
}

bool parseFrameList(std::string_view s, std::vector<uint32_t> &frames)
{
	frames.clear();
	if (s.empty())
		return false;
	while (!s.empty()) {
		size_t c = s.find(',');
		uint32_t n;
		if (!parseU32(s.substr(0, c), n))
			return false;
		frames.push_back(n);
		s = c == std::string_view::npos ? "" : s.substr(c + 1);
		if (c != std::string_view::npos && s.empty())
			return false;
	}
	return true;
}

bool EncodeOptions::forceKeyAt(uint32_t n) const
{
	auto listed = [n](const std::vector<uint32_t> &frames) {
		return std::find(frames.begin(), frames.end(), n) != frames.end();
	};
	if (forceKeyEvery && n > 0 && n % forceKeyEvery == 0)
		return true;
	return listed(forceKeyFrames) || listed(forceKeyAtFrames);
}

void addEncodeOptions(CLI::App &app, EncodeOptions &o)
{
	app.add_option("-d,--device", o.device,
		       "Encoder node; default: the first node with H264 on CAPTURE and "
		       "NV12 on OUTPUT (e.g. --device /dev/video1)");

	auto *in = app.add_option_group("Input (choose one)");
	in->add_option("-i,--input", o.input,
		       "Raw NV12/I420 or Y4M file, '-' for stdin (e.g. --input clip.y4m)");
	in->add_flag("--pattern", o.pattern, "Moving test pattern (e.g. --pattern --frames 100)");
	in->add_option("--camera", o.camera,
		       "Capture device to encode from (e.g. --camera /dev/video0)");

	addTyped(app, "--input-format",
		 into(oneOf(o.inputFmt, { { "auto", InputFormat::Auto },
					  { "nv12", InputFormat::Nv12 },
					  { "i420", InputFormat::I420 },
					  { "yu12", InputFormat::I420 },
					  { "y4m", InputFormat::Y4m } }),
		      expected("--input-format", "auto, nv12, i420 or y4m")),
		 "auto|nv12|i420|y4m; auto picks y4m for *.y4m, else nv12 "
		 "(e.g. --input-format i420)");
	addTyped(app, "--pixel-format",
		 into(oneOf(o.outputFourcc, { { "auto", 0u },
					      { "nv12", uint32_t(V4L2_PIX_FMT_NV12) },
					      { "nv12m", uint32_t(V4L2_PIX_FMT_NV12M) } }),
		      expected("--pixel-format", "auto, nv12 or nv12m")),
		 "auto|nv12|nv12m: encoder OUTPUT format; nv12m (luma and chroma in "
		 "two buffers) needs a multi-planar encoder; auto picks nv12 when "
		 "offered (e.g. --pixel-format nv12m)");
	addTyped(app, "--camera-format",
		 into(oneOf(o.cameraFourcc, { { "nv12", uint32_t(V4L2_PIX_FMT_NV12) },
					      { "i420", uint32_t(V4L2_PIX_FMT_YUV420) },
					      { "yu12", uint32_t(V4L2_PIX_FMT_YUV420) } }),
		      expected("--camera-format", "nv12 or i420")),
		 "nv12|i420: camera pixel format; only nv12 can be zero-copy "
		 "(e.g. --camera-format i420)");
	app.add_option("-n,--frames", o.frames,
		       "Frames to encode; 0 = until end of input or Ctrl-C (e.g. --frames 300)");
	addTyped(app, "-s,--size",
		 into(
			 [&o](const std::string &text) {
				 o.sizeGiven = parseSize(text, o.width, o.height) &&
					       o.width % 2 == 0 && o.height % 2 == 0;
				 return o.sizeGiven;
			 },
			 [](const std::string &text) {
				 uint32_t w, h;
				 if (!parseSize(text, w, h))
					 return fmt::format("--size '{}': expected WxH, e.g. "
							    "--size 1280x720",
							    text);
				 return fmt::format("--size {}: width and height must be "
						    "even (4:2:0)",
						    text);
			 }),
		 "Frame size WxH; required for raw input, default 1280x720 for "
		 "pattern and camera (e.g. --size 1920x1080)");
	addTyped(app, "-r,--fps",
		 into(
			 [&o](const std::string &text) {
				 o.fpsGiven = parseRate(text, o.fpsNum, o.fpsDen);
				 return o.fpsGiven;
			 },
			 expected("--fps", "N or N/D, e.g. --fps 30 or --fps 30000/1001")),
		 "Frame rate N or N/D, default 30 or the Y4M header (e.g. --fps 30000/1001)");

	auto *enc = app.add_option_group("Encoder settings");
	addTyped(*enc, "--profile",
		 into(
			 [&o](const std::string &text) {
				 o.profileValue = parseProfile(text);
				 return o.profileValue.has_value();
			 },
			 expected("--profile", "baseline, constrained-baseline, main or high")),
		 "baseline|constrained-baseline|main|high (e.g. --profile high)");
	addTyped(*enc, "--level",
		 into(
			 [&o](const std::string &text) {
				 o.levelValue = parseLevel(text);
				 return o.levelValue.has_value();
			 },
			 expected("--level", "1, 1b, 1.1, 1.2, 1.3, 2, 2.1, 2.2, 3, 3.1, 3.2, 4, "
					     "4.1, 4.2, 5, 5.1, 5.2, 6, 6.1 or 6.2")),
		 "H.264 level 1 .. 6.2 or 1b (e.g. --level 4.1)");
	addTyped(*enc, "--entropy",
		 into(oneOf(o.entropyValue,
			    { { "cavlc", Entropy::Cavlc }, { "cabac", Entropy::Cabac } }),
		      expected("--entropy", "cavlc or cabac")),
		 "cavlc|cabac (e.g. --entropy cabac)");
	enc->add_option_function<int>(
		"--qp-i", [&o](const int &v) { o.qpI = v; }, "I-frame QP 0..51 (e.g. --qp-i 26)");
	enc->add_option_function<int>(
		"--qp-p", [&o](const int &v) { o.qpP = v; }, "P-frame QP 0..51 (e.g. --qp-p 28)");
	enc->add_option_function<int>(
		"--qp-min", [&o](const int &v) { o.qpMin = v; },
		"Minimum QP 0..51 (e.g. --qp-min 10)");
	enc->add_option_function<int>(
		"--qp-max", [&o](const int &v) { o.qpMax = v; },
		"Maximum QP 0..51 (e.g. --qp-max 45)");
	enc->add_option_function<int>(
		"--gop", [&o](const int &v) { o.gop = v; },
		"GOP size: frames between IDR frames (e.g. --gop 30)");
	enc->add_flag("--open-gop", o.openGop,
		      "Open GOP (GOP_CLOSURE=0) (e.g. --open-gop --i-period 15)");
	enc->add_option_function<int>(
		"--i-period", [&o](const int &v) { o.iPeriod = v; },
		"I-frame period in an open GOP (e.g. --open-gop --i-period 15)");
	enc->add_flag("--prepend-headers", o.prependHeaders,
		      "Repeat SPS/PPS before every IDR frame, for streaming "
		      "(e.g. --prepend-headers --gop 30)");
	addTyped(*enc, "--loop-filter",
		 into(oneOf(o.loopFilterValue,
			    { { "enabled", LoopFilter::Enabled },
			      { "disabled", LoopFilter::Disabled },
			      { "slice-boundary", LoopFilter::DisabledAtSliceBoundary } }),
		      expected("--loop-filter", "enabled, disabled or slice-boundary")),
		 "enabled|disabled|slice-boundary: the deblocking filter, or not across "
		 "slice boundaries (e.g. --loop-filter disabled)");
	enc->add_option_function<int>(
		   "--loop-filter-alpha", [&o](const int &v) { o.loopFilterAlpha = v; },
		   "Deblocking alpha offset -6..6 (slice_alpha_c0_offset_div2) "
		   "(e.g. --loop-filter-alpha -3)")
		->check(CLI::Range(-6, 6).description(""));
	enc->add_option_function<int>(
		   "--loop-filter-beta", [&o](const int &v) { o.loopFilterBeta = v; },
		   "Deblocking beta offset -6..6 (slice_beta_offset_div2) "
		   "(e.g. --loop-filter-beta 2)")
		->check(CLI::Range(-6, 6).description(""));
	addTyped(*enc, "--force-key",
		 into(
			 [&o](const std::string &text) {
				 return parseForceKey(text, o.forceKeyEvery, o.forceKeyFrames);
			 },
			 expected("--force-key", "N (every N frames) or a list like 10,20,45")),
		 "Force a key frame every N frames, or at listed frames "
		 "(e.g. --force-key 50, --force-key 10,20,45)");
	addTyped(*enc, "--force-key-at",
		 into([&o](const std::string
				   &text) { return parseFrameList(text, o.forceKeyAtFrames); },
		      expected("--force-key-at", "frame indexes like 25 or 10,20,45")),
		 "Force a key frame at these frames only (0-based); the frames before "
		 "are encoded first, so the key frame is exactly there "
		 "(e.g. --force-key-at 25)");
	addTyped(*enc, "--restart-capture-at",
		 into([&o](const std::string
				   &text) { return parseFrameList(text, o.restartFrames); },
		      expected("--restart-capture-at", "frame indexes like 15 or 10,20")),
		 "Driver testing: stop and restart the CAPTURE queue before these "
		 "frames, once the frames before are encoded; a new stream (SPS, PPS, "
		 "IDR) starts there (e.g. --restart-capture-at 15)");
	addTyped(*enc, "--qp-change-at",
		 into(
			 [&o](const std::string &text) {
				 QpChange c;
				 if (!parseQpChange(text, c))
					 return false;
				 o.qpChanges.push_back(c);
				 return true;
			 },
			 expected("--qp-change-at", "FRAME:IQP:PQP with QPs 0..51, e.g. 30:24:28")),
		 "Set the I and P frame QPs while encoding, from this frame on (0-based); "
		 "the frames before are encoded first; repeatable "
		 "(e.g. --qp-change-at 30:24:28)")
		->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
	addTyped(*enc, "--sar",
		 into([&o](const std::string
				   &text) { return parseRatio(text, o.sarWidth, o.sarHeight); },
		      expected("--sar", "W:H, both 1..65535, e.g. --sar 4:3")),
		 "Sample aspect ratio in the SPS VUI (extended SAR) (e.g. --sar 4:3)");
	addTyped(*enc, "--bitrate",
		 into(
			 [&o](const std::string &text) {
				 int64_t bps;
				 if (!parseBitrate(text, bps))
					 return false;
				 o.bitrateValue = bps;
				 return true;
			 },
			 expected("--bitrate", "bits per second, e.g. --bitrate 2000000 or "
					       "--bitrate 2M")),
		 "Target bit rate in bit/s, k/M suffixes, with the driver's rate "
		 "control (e.g. --bitrate 2M); fails clearly when the driver has none");
	addTyped(*enc, "--peak",
		 into(
			 [&o](const std::string &text) {
				 int64_t bps;
				 if (!parseBitrate(text, bps))
					 return false;
				 o.peakValue = bps;
				 return true;
			 },
			 expected("--peak", "bits per second, e.g. --peak 3M")),
		 "VBR peak bit rate in bit/s, k/M suffixes (e.g. --rc vbr --bitrate 2M "
		 "--peak 3M)");
	addTyped(*enc, "--rc",
		 into(oneOf(o.rcValue, { { "off", RateControl::Off },
					 { "vbr", RateControl::Vbr },
					 { "cbr", RateControl::Cbr },
					 { "cq", RateControl::Cq } }),
		      expected("--rc", "off, cbr, vbr or cq")),
		 "Rate control cbr|vbr|off (cq where the driver has it); off = fixed "
		 "QPs (e.g. --rc cbr)");
	// Repeatable, and several assignments may follow one --ctrl.
	addTyped(
		*enc, "--ctrl",
		into(
			[&o](const std::string &text) {
				size_t eq = text.find('=');
				if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
					return false;
				o.ctrlValues.push_back({ text.substr(0, eq), text.substr(eq + 1) });
				return true;
			},
			[](const std::string &text) {
				return fmt::format(
					"--ctrl '{}': expected name=value, named as "
					"v4l2-ctl prints it (e.g. h264_i_frame_period=30)",
					text);
			}),
		"Any control, named as v4l2-ctl prints it; repeatable "
		"(e.g. --ctrl h264_i_frame_period=30)")
		->expected(CLI::detail::expected_max_vector_size)
		->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

	app.add_option("-o,--output", o.output,
		       "Annex-B H.264 output file, '-' for stdout (e.g. --output out.h264)");
	app.add_option("--stats", o.stats,
		       "Per-frame statistics; .json for JSON, else CSV (e.g. --stats frames.csv)");
	app.add_option("--summary", o.summary,
		       "Also write the summary as key=value lines (e.g. --summary summary.txt)");

	app.add_option("--save-input", o.saveInput,
		       "Write the visible NV12 frames given to the encoder, for "
		       "comparisons (e.g. --save-input source.nv12)");

	auto *buf = app.add_option_group("Buffers");
	buf->add_flag("--copy", o.copy,
		      "Camera: copy frames with the CPU instead of zero-copy "
		      "(e.g. --camera /dev/video0 --copy)");
	addTyped(*buf, "--allocator",
		 into(oneOf(o.allocatorValue, { { "auto", SharedAllocator::Auto },
						{ "cma", SharedAllocator::CmaHeap },
						{ "drm", SharedAllocator::Drm } }),
		      expected("--allocator", "auto, cma or drm")),
		 "auto|cma|drm: zero-copy camera memory; auto imports the camera's "
		 "own buffers when they are large enough, else tries the CMA heap "
		 "then DRM dumb buffers; cma/drm always allocate shared buffers "
		 "there (e.g. --allocator drm)");
	buf->add_option("--output-buffers", o.outputBuffers,
			"Encoder OUTPUT (raw) buffers, 1..32, default 3 "
			"(e.g. --output-buffers 2)");
	buf->add_option("--capture-buffers", o.captureBuffers,
			"Encoder CAPTURE (H.264) buffers, 1..32, default 3 "
			"(e.g. --capture-buffers 2)");
	addTyped(*buf, "--capture-size",
		 into([&o](const std::string
				   &text) { return parseBytes(text, o.captureSizeValue); },
		      expected("--capture-size", "bytes, e.g. --capture-size 4M")),
		 "Bytes per CAPTURE buffer, K/M suffixes; default: the driver's "
		 "(e.g. --capture-size 4M when frames come back with ERROR)");
	addTyped(*buf, "--capture-memory",
		 into(oneOf(o.captureMemory,
			    { { "mmap", Memory::Mmap }, { "dmabuf", Memory::Dmabuf } }),
		      expected("--capture-memory", "mmap or dmabuf")),
		 "mmap|dmabuf: encoder CAPTURE buffers; dmabuf allocates them from the "
		 "CMA heap and the encoder imports them (e.g. --capture-memory dmabuf)");
	addTyped(*buf, "--format-order",
		 into(oneOf(o.order, { { "capture-first", FormatOrder::CaptureFirst },
				       { "output-first", FormatOrder::OutputFirst } }),
		      expected("--format-order", "capture-first or output-first")),
		 "capture-first|output-first: S_FMT order, for driver "
		 "testing (e.g. --format-order output-first)");
	buf->add_option("--timeout", o.timeoutMs,
			"Milliseconds to wait for the encoder or camera, default "
			"15000 (e.g. --timeout 60000)");

	app.add_flag("--expect-errors", o.expectErrors,
		     "Fault testing: succeed only if CAPTURE buffers come back with "
		     "ERROR (exit 5 if none does) (e.g. --expect-errors --stats f.csv)");
	app.add_flag("-v,--verbose", o.verbose, "Log every ioctl (e.g. -v 2>ioctls.log)");
	app.add_flag("-q,--quiet", o.quiet, "No progress line, no summary table (e.g. -q)");
	app.footer(helpFooter());
}

Status validate(EncodeOptions &o)
{
	int inputs = !o.input.empty() + o.pattern + !o.camera.empty();
	if (inputs != 1)
		return usage(
			"choose exactly one input: --input FILE|-, --pattern or --camera DEVICE");
	o.inputKind = !o.input.empty() ? InputKind::File
		      : o.pattern      ? InputKind::Pattern
				       : InputKind::Camera;

	if (o.output.empty())
		return usage("--output FILE is required ('-' writes the stream to stdout)");

	if (o.inputKind == InputKind::File && o.inputFmt == InputFormat::Auto) {
		bool y4m = o.input.size() > 4 &&
			   lower(o.input.substr(o.input.size() - 4)) == ".y4m";
		o.inputFmt = y4m ? InputFormat::Y4m : InputFormat::Nv12;
	}

	if (o.sizeGiven) {
		if (o.inputFmt == InputFormat::Y4m)
			return usage(
				"--size does not apply to Y4M input (the header has the size)");
	} else if (o.inputKind == InputKind::File && o.inputFmt != InputFormat::Y4m) {
		return usage("raw input needs --size WxH (or use a .y4m file)");
	} else if (o.inputKind != InputKind::File) {
		o.width = 1280;
		o.height = 720;
	}

	bool baseline = o.profileValue &&
			(*o.profileValue == V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE ||
			 *o.profileValue == V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE);
	if (o.entropyValue == Entropy::Cabac && baseline)
		return usage("--entropy cabac needs --profile main or high "
			     "(baseline allows only CAVLC)");

	struct Qp {
		const char *name;
		const std::optional<int> &v;
	};
	for (const Qp &q : { Qp{ "--qp-i", o.qpI }, Qp{ "--qp-p", o.qpP },
			     Qp{ "--qp-min", o.qpMin }, Qp{ "--qp-max", o.qpMax } })
		if (q.v && (*q.v < 0 || *q.v > 51))
			return usage(fmt::format("{} {}: QP must be 0..51", q.name, *q.v));
	if (o.qpMin && o.qpMax && *o.qpMin > *o.qpMax)
		return usage(
			fmt::format("--qp-min {} is larger than --qp-max {}", *o.qpMin, *o.qpMax));
	if (o.gop && *o.gop < 0)
		return usage(fmt::format("--gop {}: must be 0 or more", *o.gop));
	if (o.rcValue == RateControl::Off && (o.bitrateValue || o.peakValue))
		return usage("--rc off encodes at fixed QPs: it takes no --bitrate or --peak");
	if (o.peakValue && !o.bitrateValue)
		return usage("--peak needs --bitrate (the average the peak is above)");
	if (o.peakValue && *o.peakValue < *o.bitrateValue)
		return usage(fmt::format("--peak {} is below --bitrate {}", *o.peakValue,
					 *o.bitrateValue));
	if (o.iPeriod) {
		if (!o.openGop)
			return usage("--i-period only applies with --open-gop");
		if (*o.iPeriod < 1)
			return usage(fmt::format("--i-period {}: must be 1 or more", *o.iPeriod));
	}

	if (o.outputBuffers < 1 || o.outputBuffers > 32)
		return usage(fmt::format("--output-buffers {}: must be 1..32", o.outputBuffers));
	if (o.captureBuffers < 1 || o.captureBuffers > 32)
		return usage(fmt::format("--capture-buffers {}: must be 1..32", o.captureBuffers));
	if (o.timeoutMs == 0)
		return usage("--timeout must be at least 1 ms");
	return {};
}

std::string helpFooter()
{
	return R"(Examples:
  Encode a Y4M file:
    v4l2-cedrus-enc-test --input clip.y4m --output clip.h264 --stats frames.csv
  Raw I420 at 1920x1080, High profile, fixed QP, IDR every 60 frames:
    v4l2-cedrus-enc-test -i in.yuv --input-format i420 --size 1920x1080 \
        --profile high --qp-i 24 --qp-p 27 --gop 60 -o out.h264
  Zero-copy camera (camera buffers imported as DMABUF; summary shows 0 bytes copied):
    v4l2-cedrus-enc-test --camera /dev/video0 --size 1280x720 --fps 30 \
        --frames 300 --output cam.h264
  From a pipe to a pipe:
    v4l2-ctl -d /dev/video0 --stream-mmap --stream-to=- | \
        v4l2-cedrus-enc-test --input - --size 1280x720 --output - > out.h264

Zero-copy: the Video Engine has no IOMMU, so imported dma-bufs must be
physically contiguous (CSI, vivid allocators=1, CMA heap, DRM dumb buffers).
Ctrl-C drains the encoder so the output is always a complete stream.

Exit codes:
  0  success (also after Ctrl-C once the drain completed)
  1  invalid option or value
  2  no encoder or camera found, or it cannot be opened (EACCES, EBUSY)
  3  size, format or control refused by the driver
  4  buffer allocation, export or import failed (EFAULT, EINVAL, ENOMEM)
  5  encoding failed (ERROR buffers, drain timeout, I/O error; with
     --expect-errors: no ERROR buffer)
  6  input or output file error (e.g. ENOSPC writing --output, --save-input,
     --stats, --summary or stdout; the message names the file and the
     encoder is drained first))";
}

ParseOutcome parseCommandLine(const std::vector<std::string> &args, EncodeOptions &opts)
{
	CLI::App app{ "Encode raw video to H.264 with a V4L2 stateful encoder (cedrus)",
		      "v4l2-cedrus-enc-test" };
	addEncodeOptions(app, opts);

	std::vector<char *> argv;
	std::vector<std::string> storage(args);
	for (auto &a : storage)
		argv.push_back(a.data());

	ParseOutcome out;
	try {
		app.parse(static_cast<int>(argv.size()), argv.data());
	} catch (const BadValue &e) {
		out.code = ExitUsage;
		out.message = e.what();
		return out;
	} catch (const CLI::ParseError &e) {
		std::ostringstream os, es;
		int code = app.exit(e, os, es);
		out.code = code == 0 ? ExitOk : ExitUsage;
		out.message = os.str() + es.str();
		return out;
	}
	if (auto st = validate(opts); !st) {
		const Failure f = failure(ExitUsage, st.error());
		out.code = f.code;
		out.message = f.message();
		return out;
	}
	out.run = true;
	return out;
}

} // namespace cedrus::cli
