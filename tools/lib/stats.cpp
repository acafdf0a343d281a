// SPDX-License-Identifier: MIT
#include "cedrus/stats.h"

#include <fmt/format.h>

#include <linux/videodev2.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>

namespace cedrus {

StatsFormat statsFormatFor(const std::string &path)
{
	auto dot = path.rfind('.');
	if (dot != std::string::npos && path.substr(dot) == ".json")
		return StatsFormat::Json;
	return StatsFormat::Csv;
}

std::string flagLetters(uint32_t flags)
{
	std::string out;
	if (flags & V4L2_BUF_FLAG_KEYFRAME)
		out += 'K';
	if (flags & V4L2_BUF_FLAG_PFRAME)
		out += 'P';
	if (flags & V4L2_BUF_FLAG_BFRAME)
		out += 'B';
	if (flags & V4L2_BUF_FLAG_ERROR)
		out += 'E';
	return out.empty() ? "-" : out;
}

std::string formatStats(const std::vector<FrameRecord> &frames, StatsFormat f)
{
	std::string out;
	if (f == StatsFormat::Csv) {
		out = "index,type,bytes,timestamp_us,queued_us,done_us,latency_us,flags,qp\n";
		for (const auto &r : frames)
			out += fmt::format("{},{},{},{},{},{},{},{},{}\n", r.index, r.type, r.bytes,
					   r.timestampUs, r.queuedUs, r.doneUs, r.latencyUs(),
					   flagLetters(r.flags),
					   r.qp >= 0 ? std::to_string(r.qp) : "");
		return out;
	}
	out = "[\n";
	for (size_t i = 0; i < frames.size(); i++) {
		const auto &r = frames[i];
		out += fmt::format("  {{\"index\": {}, \"type\": \"{}\", \"bytes\": {}, "
				   "\"timestamp_us\": {}, \"queued_us\": {}, \"done_us\": {}, "
				   "\"latency_us\": {}, \"flags\": \"{}\", \"qp\": {}}}{}\n",
				   r.index, r.type, r.bytes, r.timestampUs, r.queuedUs, r.doneUs,
				   r.latencyUs(), flagLetters(r.flags),
				   r.qp >= 0 ? std::to_string(r.qp) : "null",
				   i + 1 < frames.size() ? "," : "");
	}
	out += "]\n";
	return out;
}

Status writeStats(const std::string &path, const std::vector<FrameRecord> &frames)
{
	std::FILE *f = std::fopen(path.c_str(), "w");
	if (!f)
		return makeError(fmt::format("open({})", path), errno);
	std::string text = formatStats(frames, statsFormatFor(path));
	// stdio buffers: a full disk (ENOSPC) may only show when the buffer is
	// flushed, so fflush() and fclose() are checked too, each errno taken
	// right after the call that failed.
	errno = 0;
	int err = 0;
	if (std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fflush(f) != 0)
		err = errno ? errno : EIO;
	if (std::fclose(f) != 0 && !err)
		err = errno ? errno : EIO;
	if (err)
		return makeError(fmt::format("write({})", path), err);
	return {};
}

Summary summarize(const std::vector<FrameRecord> &frames, double wallSeconds, double cpuSeconds,
		  double fpsNominal, uint64_t copiedBytes)
{
	Summary s;
	uint64_t latencySum = 0;
	for (const auto &r : frames) {
		if (r.type == 'E') {
			s.errors++;
			continue;
		}
		s.frames++;
		s.bytes += r.bytes;
		if (r.type == 'I') {
			s.keyframes++;
			s.keyBytes += r.bytes;
		} else if (r.type == 'P') {
			s.pframes++;
			s.pBytes += r.bytes;
		}
		if (r.qp >= 0) {
			s.qpMin = s.qpMin < 0 ? r.qp : std::min(s.qpMin, r.qp);
			s.qpMax = std::max(s.qpMax, r.qp);
		}
		latencySum += r.latencyUs();
		s.maxLatencyUs = std::max(s.maxLatencyUs, r.latencyUs());
	}
	s.wallSeconds = wallSeconds;
	s.cpuSeconds = cpuSeconds;
	s.fpsNominal = fpsNominal;
	s.copiedBytes = copiedBytes;
	s.avgLatencyUs = s.frames ? double(latencySum) / s.frames : 0;
	return s;
}

double averageBitrate(const Summary &s)
{
	if (s.frames == 0 || s.fpsNominal <= 0)
		return 0;
	return double(s.bytes) * 8.0 * s.fpsNominal / s.frames;
}

double averageBitrateFrom(const std::vector<FrameRecord> &frames, size_t from, double fps)
{
	uint64_t bytes = 0;
	uint32_t n = 0;
	for (size_t i = from; i < frames.size(); i++) {
		if (frames[i].type == 'E')
			continue;
		bytes += frames[i].bytes;
		n++;
	}
	if (n == 0 || fps <= 0)
		return 0;
	return double(bytes) * 8.0 * fps / n;
}

std::string formatSummary(const Summary &s)
{
	auto avg = [](uint64_t bytes, uint32_t n) { return n ? bytes / n : 0; };
	std::string out;
	out += fmt::format("{:<22}{}\n", "frames", s.frames);
	out += fmt::format("{:<22}{} ({} bytes, avg {})\n", "I frames", s.keyframes, s.keyBytes,
			   avg(s.keyBytes, s.keyframes));
	out += fmt::format("{:<22}{} ({} bytes, avg {})\n", "P frames", s.pframes, s.pBytes,
			   avg(s.pBytes, s.pframes));
	out += fmt::format("{:<22}{}\n", "error buffers", s.errors);
	out += fmt::format("{:<22}{}\n", "total bytes", s.bytes);
	out += fmt::format("{:<22}{:.1f} kbit/s at {:.2f} fps\n", "average bitrate",
			   averageBitrate(s) / 1000.0, s.fpsNominal);
	if (s.qpMin >= 0)
		out += fmt::format("{:<22}{}..{}\n", "slice QP", s.qpMin, s.qpMax);
	out += fmt::format("{:<22}{:.2f} fps ({:.3f} s)\n", "encode speed",
			   s.wallSeconds > 0 ? s.frames / s.wallSeconds : 0.0, s.wallSeconds);
	out += fmt::format("{:<22}{:.3f} s\n", "process CPU time", s.cpuSeconds);
	out += fmt::format("{:<22}{:.1f} ms avg, {:.1f} ms max\n", "encode latency",
			   s.avgLatencyUs / 1000.0, s.maxLatencyUs / 1000.0);
	out += fmt::format("{:<22}{}\n", "bytes copied by CPU", s.copiedBytes);
	return out;
}

} // namespace cedrus
