// SPDX-License-Identifier: MIT
// Command-line options of v4l2-cedrus-enc-test: one struct per subcommand,
// parsed with CLI11 and validated into typed values.
#pragma once

#include "failure.h"

#include "cedrus/encoder.h"
#include "cedrus/frame.h"
#include "cedrus/shared_buffers.h"

#include <linux/videodev2.h>

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
enum class RateControl { Default, Off, Vbr, Cbr, Cq };
// V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE, when given.
enum class LoopFilter { Default, Enabled, Disabled, DisabledAtSliceBoundary };

// --qp-change-at FRAME:IQP:PQP: new frame QPs from frame `frame` on.
struct QpChange {
	uint32_t frame = 0;
	int qpI = 0;
	int qpP = 0;
};

struct ControlAssignment {
	std::string key;   // v4l2-ctl style name
	std::string value; // integer or menu item
};

// Text options are converted while CLI11 parses them (each option's
// transformer fills its typed field); validate() then checks the options
// against each other.
struct EncodeOptions {
	// Paths, and plain values CLI11 converts by itself.
	std::string device;
	std::string input; // a file, or "-" for stdin
	bool pattern = false;
	std::string camera;
	uint32_t frames = 0;
	std::optional<int> qpI, qpP, qpMin, qpMax, gop, iPeriod;
	bool openGop = false;
	bool prependHeaders = false;
	std::optional<int> loopFilterAlpha, loopFilterBeta;
	// Succeed only if some CAPTURE buffer comes back with ERROR (fault tests).
	bool expectErrors = false;
	std::string output;
	std::string stats;
	std::string summary;
	std::string saveInput;
	bool copy = false;
	unsigned outputBuffers = 3;
	unsigned captureBuffers = 3;
	unsigned timeoutMs = 15000;
	bool verbose = false;
	bool quiet = false;
	// Where discovery looks for video* nodes; not an option (tests set it).
	std::string deviceDir = "/dev";

	// Typed values of the text options.
	InputFormat inputFmt = InputFormat::Auto; // --input-format (Auto: by name)
	uint32_t width = 0, height = 0;		  // --size
	bool sizeGiven = false;
	uint32_t fpsNum = 30, fpsDen = 1; // --fps
	bool fpsGiven = false;
	uint32_t cameraFourcc = V4L2_PIX_FMT_NV12; // --camera-format
	uint32_t outputFourcc = 0;		   // --pixel-format; 0: NV12 if offered, else NV12M
	std::optional<int> profileValue;	   // --profile: V4L2_MPEG_VIDEO_H264_PROFILE_*
	std::optional<int> levelValue;		   // --level: V4L2_MPEG_VIDEO_H264_LEVEL_*
	Entropy entropyValue = Entropy::Default;
	LoopFilter loopFilterValue = LoopFilter::Default;
	uint32_t forceKeyEvery = 0;		// --force-key N
	std::vector<uint32_t> forceKeyFrames;	// --force-key N,M,...
	std::vector<uint32_t> forceKeyAtFrames; // --force-key-at N[,M...]
	std::vector<uint32_t> restartFrames;	// --restart-capture-at N[,M...]
	std::vector<QpChange> qpChanges;	// --qp-change-at, repeatable
	// --sar W:H: VUI sample aspect ratio (extended SAR); 0 = not given.
	uint32_t sarWidth = 0, sarHeight = 0;
	std::optional<int64_t> bitrateValue;
	std::optional<int64_t> peakValue; // --peak, bit/s
	RateControl rcValue = RateControl::Default;
	std::vector<ControlAssignment> ctrlValues;
	SharedAllocator allocatorValue = SharedAllocator::Auto;
	uint32_t captureSizeValue = 0; // --capture-size; 0: the driver's default sizeimage
	// --capture-memory: the driver's MMAP CAPTURE buffers, or CMA heap
	// dma-bufs imported (DMABUF).
	Memory captureMemory = Memory::Mmap;
	FormatOrder order = FormatOrder::CaptureFirst;

	// Filled by validate().
	InputKind inputKind = InputKind::None;

	// True when frame `n` (0-based) must be forced to a key frame.
	[[nodiscard]] bool forceKeyAt(uint32_t n) const;
};

// Registers every option of the encode command on `app`.
void addEncodeOptions(CLI::App &app, EncodeOptions &opts);

// Checks the options against each other once they are parsed (one input,
// an output, a size for raw input...); the error text is what the user sees.
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
// "N" (every N frames, N > 0) or a list "N,M,...": fills one of the two.
bool parseForceKey(std::string_view s, uint32_t &every, std::vector<uint32_t> &frames);
// Frame indexes "N" or "N,M,...".
bool parseFrameList(std::string_view s, std::vector<uint32_t> &frames);
// A ratio "W:H", both 1..65535.
bool parseRatio(std::string_view s, uint32_t &w, uint32_t &h);
// "FRAME:IQP:PQP", both QPs 0..51.
bool parseQpChange(std::string_view s, QpChange &change);

// Parses argv (tests pass a vector). On failure returns the exit code with
// the Failure's message (a usage error: ExitUsage); --help returns ExitOk
// with the help text.
struct ParseOutcome {
	bool run = false; // false: print message and exit with code
	int code = ExitOk;
	std::string message;
};
ParseOutcome parseCommandLine(const std::vector<std::string> &args, EncodeOptions &opts);

[[nodiscard]] std::string helpFooter();

} // namespace cedrus::cli
