// SPDX-License-Identifier: MIT
// Minimal H.264 (ITU-T H.264) reader for checking encoder output: Annex-B
// splitting, emulation-prevention removal, exp-Golomb bit reading, SPS, PPS
// and the start of the slice header.
#pragma once

#include "cedrus/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace cedrus::h264 {

enum NalType : uint8_t {
	NalSlice = 1,
	NalIdr = 5,
	NalSei = 6,
	NalSps = 7,
	NalPps = 8,
	NalAud = 9,
};

struct Nal {
	uint8_t type = 0;
	uint8_t refIdc = 0;
	std::span<const uint8_t> bytes; // NAL header onwards, start code excluded
};

// Splits an Annex-B stream at 00 00 01 / 00 00 00 01 start codes. Bytes
// before the first start code are ignored; trailing zero bytes of a NAL
// (part of the next 4-byte start code) are trimmed.
std::vector<Nal> splitAnnexB(std::span<const uint8_t> stream);

// The RBSP of a NAL payload: every 00 00 03 loses its 03.
std::vector<uint8_t> unescape(std::span<const uint8_t> payload);

class BitReader {
public:
	explicit BitReader(std::span<const uint8_t> data) : data_(data) {}
	// Reading past the end yields zeros and sets overrun().
	uint32_t u(unsigned bits);
	uint32_t ue();
	int32_t se();
	bool flag() { return u(1); }
	[[nodiscard]] bool overrun() const { return overrun_; }
	[[nodiscard]] size_t position() const { return pos_; }

private:
	std::span<const uint8_t> data_;
	size_t pos_ = 0;
	bool overrun_ = false;
};

struct Sps {
	uint8_t profileIdc = 0;
	uint8_t constraintFlags = 0; // constraint_set0..5 in bits 7..2
	uint8_t levelIdc = 0;
	uint32_t id = 0;
	uint32_t chromaFormatIdc = 1;
	bool separateColourPlane = false;
	uint32_t log2MaxFrameNum = 0;
	uint32_t pocType = 0;
	uint32_t log2MaxPocLsb = 0;
	bool deltaPicOrderAlwaysZero = false;
	uint32_t maxNumRefFrames = 0;
	bool frameMbsOnly = true;
	uint32_t codedWidth = 0; // macroblocks * 16
	uint32_t codedHeight = 0;
	uint32_t width = 0; // after frame cropping
	uint32_t height = 0;
	bool timingInfo = false;
	uint32_t numUnitsInTick = 0;
	uint32_t timeScale = 0;
	// time_scale / (2 * num_units_in_tick), 0 without timing info.
	[[nodiscard]] double fps() const;
};

struct Pps {
	uint32_t id = 0;
	uint32_t spsId = 0;
	bool cabac = false;
	bool bottomFieldPicOrderPresent = false;
	uint32_t numRefIdxL0Default = 1; // num_ref_idx_l0_default_active_minus1 + 1
	uint32_t numRefIdxL1Default = 1;
	bool weightedPred = false;
	uint32_t weightedBipredIdc = 0;
	int32_t picInitQp = 26;
	bool redundantPicCntPresent = false;
	bool complete = false; // every field up to redundant_pic_cnt_present_flag read
};

enum class SliceType { P = 0, B = 1, I = 2, Sp = 3, Si = 4 };

struct SliceHeader {
	bool idr = false;
	uint32_t firstMb = 0;
	SliceType type = SliceType::I;
	uint32_t ppsId = 0;
	uint32_t frameNum = 0;
	uint32_t idrPicId = 0;
	// SliceQPY = pic_init_qp + slice_qp_delta; only with the PPS.
	std::optional<int32_t> qp;
};

Result<Sps> parseSps(const Nal &nal);
Result<Pps> parsePps(const Nal &nal);
// Needs the SPS for the frame_num width.
Result<SliceHeader> parseSliceHeader(const Nal &nal, const Sps &sps);
// The header up to slice_qp_delta (7.3.3), which gives SliceHeader::qp.
Result<SliceHeader> parseSliceHeader(const Nal &nal, const Sps &sps, const Pps &pps);

[[nodiscard]] char sliceTypeChar(SliceType t);

struct StreamInfo {
	std::optional<Sps> sps; // the first SPS of the stream
	unsigned spsCount = 0;
	unsigned ppsCount = 0;
	unsigned idrCount = 0; // IDR access units
	unsigned sliceCount = 0;
	unsigned unparsedSlices = 0; // slices seen before any SPS, or broken
};

// Follows a stream access unit by access unit (one encoder CAPTURE buffer
// each) and keeps what a check needs: SPS fields, header and IDR counts.
class StreamInspector {
public:
	// The header of the unit's first slice, if one could be parsed.
	std::optional<SliceHeader> feed(std::span<const uint8_t> accessUnit);
	[[nodiscard]] const StreamInfo &info() const { return info_; }

private:
	StreamInfo info_;
	std::optional<Sps> current_;
	std::map<uint32_t, Pps> pps_; // by pic_parameter_set_id
};

} // namespace cedrus::h264
