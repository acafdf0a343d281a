// SPDX-License-Identifier: MIT
// The end-of-run summary: a table for the user and, with --summary, the
// same facts as key=value lines for scripts (the emulator tests read them).
#pragma once

#include "cedrus/encoder.h"
#include "cedrus/h264.h"
#include "cedrus/stats.h"

#include "options.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cedrus::cli {

struct RunReport {
	Summary stats;
	std::string path;	      // how frames reached the encoder
	h264::StreamInfo stream;      // what the stream itself says
	unsigned typeMismatches = 0;  // CAPTURE flags against slice types
	unsigned captureRestarts = 0; // --restart-capture-at
	std::string encoderName;      // "/dev/video1 (cedrus)"
	std::string encoderPath;      // "/dev/video1"
	std::string encoderDriver;    // QUERYCAP driver
	bool multiplanar = false;
	uint32_t outputFourcc = 0;
	uint32_t width = 0, height = 0;		  // visible (crop)
	uint32_t codedWidth = 0, codedHeight = 0; // CAPTURE format
	// The buffer sizes the driver asked for: sizeimage of every OUTPUT
	// plane (one for NV12, two for NV12M) and of the CAPTURE buffer.
	std::vector<uint32_t> outputSizeimage;
	uint32_t captureSizeimage = 0;
	std::string captureMemory = "MMAP"; // "MMAP" or "DMABUF"
	// Rate control as asked (--rc, --bitrate, --peak): "default" when the
	// driver's defaults were left alone.
	std::string rateControl = "default";
	std::optional<int64_t> targetBitrate; // bit/s
	std::optional<int64_t> peakBitrate;   // bit/s
	double bitrateAfterFirstSecond = 0;   // bit/s, 0 if the run is shorter
};

// "off", "cbr", "vbr", "cq", or "default" (the driver's own mode with a
// --bitrate, fixed QPs without).
[[nodiscard]] std::string rateControlName(const EncodeOptions &o);

// The encoder's part of the report, from the session that ran.
[[nodiscard]] RunReport encoderReport(const EncoderSession &enc);

// The table printed at the end of a run.
[[nodiscard]] std::string summaryTable(const RunReport &r);
// The --summary file: one key=value per line.
[[nodiscard]] std::string summaryKeyValues(const RunReport &r);

// The table on `table` (unless quiet; `tableName` for errors), the key=value
// file when `file` is not empty. Both are tried; the first write that failed
// (a full disk, EIO) is returned, naming the stream or file.
Status printSummary(const RunReport &r, std::FILE *table, std::string_view tableName, bool quiet,
		    const std::string &file);

} // namespace cedrus::cli
