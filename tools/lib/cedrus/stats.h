// SPDX-License-Identifier: MIT
// Per-frame statistics and the end-of-run summary.
#pragma once

#include "cedrus/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cedrus {

struct FrameRecord {
	uint32_t index = 0; // order of arrival on CAPTURE
	char type = '?';    // 'I', 'P', 'B', or 'E' for an ERROR buffer
	uint32_t bytes = 0;
	uint64_t timestampUs = 0; // buffer timestamp (copied from OUTPUT)
	uint64_t queuedUs = 0;	  // when the OUTPUT buffer was queued
	uint64_t doneUs = 0;	  // when the CAPTURE buffer was dequeued
	uint32_t flags = 0;	  // the CAPTURE buffer's V4L2_BUF_FLAG_*
	int qp = -1;		  // slice QP of the first slice, -1 if unknown
	[[nodiscard]] uint64_t latencyUs() const
	{
		return doneUs >= queuedUs ? doneUs - queuedUs : 0;
	}
};

enum class StatsFormat { Csv, Json };

// The frame-type and error flags of a CAPTURE buffer as letters: K
// (KEYFRAME), P (PFRAME), B (BFRAME), E (ERROR), in that order; "-" for none.
[[nodiscard]] std::string flagLetters(uint32_t flags);

// ".json" -> Json, anything else -> Csv.
[[nodiscard]] StatsFormat statsFormatFor(const std::string &path);
[[nodiscard]] std::string formatStats(const std::vector<FrameRecord> &frames, StatsFormat f);
Status writeStats(const std::string &path, const std::vector<FrameRecord> &frames);

struct Summary {
	uint32_t frames = 0;
	uint32_t keyframes = 0;
	uint32_t pframes = 0;
	uint32_t errors = 0;
	uint64_t bytes = 0;
	uint64_t keyBytes = 0;
	uint64_t pBytes = 0;
	double wallSeconds = 0;
	double cpuSeconds = 0;
	double fpsNominal = 0;	  // the stream's frame rate
	uint64_t copiedBytes = 0; // frame bytes the CPU copied
	uint64_t maxLatencyUs = 0;
	double avgLatencyUs = 0;
	int qpMin = -1; // over the frames whose slice QP is known; -1 for none
	int qpMax = -1;
};

[[nodiscard]] Summary summarize(const std::vector<FrameRecord> &frames, double wallSeconds,
				double cpuSeconds, double fpsNominal, uint64_t copiedBytes);
// Average bitrate in bits per second at the nominal frame rate.
[[nodiscard]] double averageBitrate(const Summary &s);
// Average bitrate of the frames from `from` on (e.g. after the first
// second), ERROR buffers excluded; 0 when none is left.
[[nodiscard]] double averageBitrateFrom(const std::vector<FrameRecord> &frames, size_t from,
					double fps);
[[nodiscard]] std::string formatSummary(const Summary &s);

} // namespace cedrus
