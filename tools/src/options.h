// SPDX-License-Identifier: MIT
// Command-line options of v4l2-cedrus-enc-test: one struct per subcommand,
// parsed with CLI11 and validated into typed values.
#pragma once

#include "failure.h"

#include "cedrus/encoder.h"
#include "cedrus/frame.h"
#include "cedrus/shared_buffers.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cedrus::cli {

enum class InputKind { None, File, Pattern, Camera };
enum class InputFormat { Auto, Nv12, I420, Y4m };
enum class Entropy { Default, Cavlc, Cabac };
enum class RateControl { Default, Vbr, Cbr, Cq };

struct ControlAssignment {
	std::string key;	// v4l2-ctl style name
	std::string value;	// integer or menu item
};

struct EncodeOptions {
	// Raw text as given on the command line.
	std::string device;
	std::string input;
	bool pattern = false;
	std::string camera;
	std::string cameraFormat = "nv12";
	std::string pixelFormat = "auto";
	uint32_t frames = 0;
	std::string size;
	std::string fps;
	std::string inputFormat = "auto";
	std::string profile;
	std::string level;
	std::string entropy;
	std::optional<int> qpI, qpP, qpMin, qpMax, gop, iPeriod;
	bool openGop = false;
	bool prependHeaders = false;
	std::string forceKey;
	std::string bitrate;
	std::string rc;
	std::vector<std::string> ctrls;
	std::string output;
	std::string stats;
	std::string summary;
	std::string saveInput;
	bool copy = false;
	std::string allocator = "auto";
	unsigned outputBuffers = 3;
	unsigned captureBuffers = 3;
	std::string captureSize;
	std::string formatOrder = "capture-first";
	unsigned timeoutMs = 15000;
	bool verbose = false;
	bool quiet = false;
	// Where discovery looks for video* nodes; not an option (tests set it).
	std::string deviceDir = "/dev";

	// Filled by validate().
	InputKind inputKind = InputKind::None;
	InputFormat inputFmt = InputFormat::Auto;
	uint32_t width = 0, height = 0;
	uint32_t fpsNum = 30, fpsDen = 1;
	bool fpsGiven = false;
	std::optional<int> profileValue;	// V4L2_MPEG_VIDEO_H264_PROFILE_*
	std::optional<int> levelValue;		// V4L2_MPEG_VIDEO_H264_LEVEL_*
	Entropy entropyValue = Entropy::Default;
	uint32_t forceKeyEvery = 0;
	std::vector<uint32_t> forceKeyFrames;
	std::optional<int64_t> bitrateValue;
	RateControl rcValue = RateControl::Default;
	std::vector<ControlAssignment> ctrlValues;
	SharedAllocator allocatorValue = SharedAllocator::Auto;
	FormatOrder order = FormatOrder::CaptureFirst;
	uint32_t cameraFourcc = 0;
	uint32_t outputFourcc = 0;	// encoder OUTPUT; 0: NV12 if offered, else NV12M
	uint32_t captureSizeValue = 0;	// 0: the driver's default sizeimage

	// True when frame `n` (0-based) must be forced to a key frame.
	[[nodiscard]] bool forceKeyAt(uint32_t n) const;
};

// Registers every option of the encode command on `app`.
void addEncodeOptions(CLI::App &app, EncodeOptions &opts);

// Checks and converts the raw values; the error text is what the user sees.
Status validate(EncodeOptions &opts);

// Parses WxH ("1280x720"), a rate ("30", "30000/1001", "29.97" is refused),
// a bit rate ("4000000", "4000k", "4M"), a --force-key value.
bool parseSize(std::string_view s, uint32_t &w, uint32_t &h);
bool parseRate(std::string_view s, uint32_t &num, uint32_t &den);
bool parseBitrate(std::string_view s, int64_t &bps);
// Bytes with an optional K (1024) or M (1024 * 1024) suffix.
bool parseBytes(std::string_view s, uint32_t &bytes);
std::optional<int> parseProfile(std::string_view s);
std::optional<int> parseLevel(std::string_view s);

// Parses argv (tests pass a vector). On failure returns the exit code with
// the message in *message; --help returns ExitOk with the help text.
struct ParseOutcome {
	bool run = false;	// false: print message and exit with code
	int code = ExitOk;
	std::string message;
};
ParseOutcome parseCommandLine(const std::vector<std::string> &args, EncodeOptions &opts);

[[nodiscard]] std::string helpFooter();

} // namespace cedrus::cli
