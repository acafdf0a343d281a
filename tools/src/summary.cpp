// SPDX-License-Identifier: MIT
#include "summary.h"

#include "output_sink.h"

#include "cedrus/format.h"

#include <fmt/format.h>

#include <span>

namespace cedrus::cli {

RunReport encoderReport(const EncoderSession &enc)
{
	RunReport r;
	r.encoderName = enc.device().name();
	r.encoderPath = enc.device().path();
	r.encoderDriver = reinterpret_cast<const char *>(enc.device().capability().driver);
	r.multiplanar = enc.output().multiplanar();
	r.outputFourcc = enc.outputFormat().pixelformat;
	r.width = enc.crop().width;
	r.height = enc.crop().height;
	r.codedWidth = enc.captureFormat().width;
	r.codedHeight = enc.captureFormat().height;
	for (unsigned p = 0; p < enc.outputFormat().numPlanes; p++)
		r.outputSizeimage.push_back(enc.outputFormat().planes[p].sizeimage);
	r.captureSizeimage = enc.captureFormat().planes[0].sizeimage;
	r.captureMemory = name(enc.capture().memory());
	return r;
}

std::string rateControlName(const EncodeOptions &o)
{
	switch (o.rcValue) {
	case RateControl::Off:
		return "off";
	case RateControl::Cbr:
		return "cbr";
	case RateControl::Vbr:
		return "vbr";
	case RateControl::Cq:
		return "cq";
	case RateControl::Default:
		break;
	}
	return "default";
}

namespace {

// "target 1000.0 kbit/s (cbr, peak ...), achieved 1012.3 kbit/s (+1.2 %)"
std::string rateText(const RunReport &r)
{
	double achieved = averageBitrate(r.stats);
	if (!r.targetBitrate)
		return fmt::format("none ({}), achieved {:.1f} kbit/s", r.rateControl,
				   achieved / 1000.0);
	double target = double(*r.targetBitrate);
	std::string peak = r.peakBitrate
				   ? fmt::format(", peak {:.1f} kbit/s", *r.peakBitrate / 1000.0)
				   : "";
	std::string out = fmt::format("{:.1f} kbit/s ({}{}), achieved {:.1f} kbit/s ({:+.1f} %)",
				      target / 1000.0, r.rateControl, peak, achieved / 1000.0,
				      target > 0 ? (achieved - target) * 100.0 / target : 0.0);
	if (r.bitrateAfterFirstSecond > 0)
		out += fmt::format(", {:.1f} kbit/s after the first second ({:+.1f} %)",
				   r.bitrateAfterFirstSecond / 1000.0,
				   target > 0
					   ? (r.bitrateAfterFirstSecond - target) * 100.0 / target
					   : 0.0);
	return out;
}

} // namespace

std::string summaryTable(const RunReport &r)
{
	std::string streamText = "no SPS found";
	if (r.stream.sps) {
		const h264::Sps &sps = *r.stream.sps;
		streamText = fmt::format("profile_idc {} level_idc {}, {}x{}, {:.2f} fps, {} SPS, "
					 "{} IDR",
					 sps.profileIdc, sps.levelIdc, sps.width, sps.height,
					 sps.fps(), r.stream.spsCount, r.stream.idrCount);
	}
	std::string out;
	out += fmt::format("{:<22}{}\n", "encoder", r.encoderName);
	out += fmt::format("{:<22}{}x{} (coded {}x{}), {}\n", "size", r.width, r.height,
			   r.codedWidth, r.codedHeight, r.path);
	out += fmt::format("{:<22}{}\n", "stream", streamText);
	out += fmt::format("{:<22}{}\n", "target bitrate", rateText(r));
	out += formatSummary(r.stats);
	return out;
}

std::string summaryKeyValues(const RunReport &r)
{
	const Summary &s = r.stats;
	std::string kv = fmt::format(
		"frames={}\nkeyframes={}\npframes={}\nerror_buffers={}\nbytes={}\n"
		"bitrate_bps={:.0f}\nfps={:.2f}\ncpu_seconds={:.3f}\nwall_seconds={:.3f}\n"
		"bytes_copied={}\npath={}\nwidth={}\nheight={}\ncoded_width={}\ncoded_height={}\n"
		"encoder={}\nencoder_driver={}\nencoder_api={}\noutput_format={}\n",
		s.frames, s.keyframes, s.pframes, s.errors, s.bytes, averageBitrate(s),
		s.wallSeconds > 0 ? s.frames / s.wallSeconds : 0.0, s.cpuSeconds, s.wallSeconds,
		s.copiedBytes, r.path, r.width, r.height, r.codedWidth, r.codedHeight,
		r.encoderPath, r.encoderDriver, r.multiplanar ? "multi-planar" : "single-planar",
		formatName(r.outputFourcc));
	kv += fmt::format("output_planes={}\n", r.outputSizeimage.size());
	for (size_t p = 0; p < r.outputSizeimage.size(); p++)
		kv += fmt::format("output_sizeimage{}={}\n", p, r.outputSizeimage[p]);
	kv += fmt::format("capture_sizeimage={}\ncapture_memory={}\n", r.captureSizeimage,
			  r.captureMemory);
	if (r.stream.sps) {
		const h264::Sps &sps = *r.stream.sps;
		kv += fmt::format("stream_profile_idc={}\nstream_level_idc={}\n"
				  "stream_width={}\nstream_height={}\nstream_fps={:.2f}\n",
				  sps.profileIdc, sps.levelIdc, sps.width, sps.height, sps.fps());
	}
	kv += fmt::format("stream_sps_count={}\nstream_idr_count={}\n"
			  "stream_type_mismatches={}\ncapture_restarts={}\n",
			  r.stream.spsCount, r.stream.idrCount, r.typeMismatches,
			  r.captureRestarts);
	// Rate control: what was asked (0 = no target) and what came out;
	// QPs as the slice headers state them (-1: none read).
	kv += fmt::format("rc={}\ntarget_bitrate_bps={}\npeak_bitrate_bps={}\n"
			  "bitrate_after_1s_bps={:.0f}\nqp_min={}\nqp_max={}\n",
			  r.rateControl, r.targetBitrate.value_or(0), r.peakBitrate.value_or(0),
			  r.bitrateAfterFirstSecond, s.qpMin, s.qpMax);
	return kv;
}

Status printSummary(const RunReport &r, std::FILE *table, std::string_view tableName, bool quiet,
		    const std::string &file)
{
	Status first;
	if (!quiet)
		first = printText(table, tableName, summaryTable(r));
	if (file.empty())
		return first;
	OutputSink out;
	std::string kv = summaryKeyValues(r);
	Status st = out.open(file);
	if (st)
		st = out.write(std::as_bytes(std::span(kv)));
	if (Status closed = out.close(); st)
		st = closed;
	return first ? st : first;
}

} // namespace cedrus::cli
