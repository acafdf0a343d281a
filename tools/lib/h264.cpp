// SPDX-License-Identifier: MIT
#include "cedrus/h264.h"

#include <fmt/format.h>

namespace cedrus::h264 {

std::vector<Nal> splitAnnexB(std::span<const uint8_t> s)
{
	std::vector<Nal> nals;
	size_t i = 0, start = SIZE_MAX;

	auto finish = [&](size_t end) {
		if (start == SIZE_MAX)
			return;
		while (end > start && s[end - 1] == 0)
			end--;
		if (end > start) {
			Nal n;
			n.bytes = s.subspan(start, end - start);
			n.type = n.bytes[0] & 0x1f;
			n.refIdc = (n.bytes[0] >> 5) & 3;
			nals.push_back(n);
		}
	};

	while (i + 2 < s.size()) {
		if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
			finish(i);
			i += 3;
			start = i;
			continue;
		}
		i++;
	}
	finish(s.size());
	return nals;
}

std::vector<uint8_t> unescape(std::span<const uint8_t> p)
{
	std::vector<uint8_t> out;
	out.reserve(p.size());
	unsigned zeros = 0;
	for (uint8_t b : p) {
		if (zeros >= 2 && b == 3) {
			zeros = 0;
			continue;
		}
		zeros = b == 0 ? zeros + 1 : 0;
		out.push_back(b);
	}
	return out;
}

uint32_t BitReader::u(unsigned bits)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < bits; i++) {
		uint32_t bit = 0;
		if (pos_ / 8 < data_.size())
			bit = (data_[pos_ / 8] >> (7 - pos_ % 8)) & 1;
		else
			overrun_ = true;
		pos_++;
		v = (v << 1) | bit;
	}
	return v;
}

// ue(v): count leading zero bits z, then codeNum = 2^z - 1 + next z bits.
uint32_t BitReader::ue()
{
	unsigned zeros = 0;
	while (!u(1)) {
		if (overrun_ || ++zeros > 31) {
			overrun_ = true;
			return 0;
		}
	}
	if (zeros == 0)
		return 0;
	return ((1u << zeros) - 1) + u(zeros);
}

// se(v): codeNum k maps to (-1)^(k+1) * ceil(k / 2).
int32_t BitReader::se()
{
	uint32_t k = ue();
	int32_t mag = static_cast<int32_t>((k + 1) / 2);
	return (k & 1) ? mag : -mag;
}

double Sps::fps() const
{
	if (!timingInfo || numUnitsInTick == 0)
		return 0;
	return double(timeScale) / (2.0 * numUnitsInTick);
}

static void skipScalingList(BitReader &br, int size)
{
	int last = 8, next = 8;
	for (int j = 0; j < size; j++) {
		if (next != 0)
			next = (last + br.se() + 256) % 256;
		last = next == 0 ? last : next;
	}
}

static void skipHrd(BitReader &br)
{
	uint32_t cpbCnt = br.ue() + 1;
	br.u(4);
	br.u(4);
	for (uint32_t i = 0; i < cpbCnt && !br.overrun(); i++) {
		br.ue();
		br.ue();
		br.u(1);
	}
	br.u(5);
	br.u(5);
	br.u(5);
	br.u(5);
}

Result<Sps> parseSps(const Nal &nal)
{
	if (nal.type != NalSps || nal.bytes.size() < 4)
		return makeError("SPS", 0, "not an SPS NAL");
	auto rbsp = unescape(nal.bytes.subspan(1));
	BitReader br(rbsp);
	Sps s;

	s.profileIdc = static_cast<uint8_t>(br.u(8));
	s.constraintFlags = static_cast<uint8_t>(br.u(8));
	s.levelIdc = static_cast<uint8_t>(br.u(8));
	s.id = br.ue();
	switch (s.profileIdc) {
	case 100:
	case 110:
	case 122:
	case 244:
	case 44:
	case 83:
	case 86:
	case 118:
	case 128:
	case 138:
	case 139:
	case 134:
	case 135:
		s.chromaFormatIdc = br.ue();
		if (s.chromaFormatIdc == 3)
			s.separateColourPlane = br.flag();
		br.ue(); // bit_depth_luma_minus8
		br.ue(); // bit_depth_chroma_minus8
		br.u(1); // qpprime_y_zero_transform_bypass_flag
		if (br.flag()) {
			int lists = s.chromaFormatIdc != 3 ? 8 : 12;
			for (int i = 0; i < lists; i++)
				if (br.flag())
					skipScalingList(br, i < 6 ? 16 : 64);
		}
		break;
	default:
		break;
	}
	s.log2MaxFrameNum = br.ue() + 4;
	s.pocType = br.ue();
	if (s.pocType == 0) {
		s.log2MaxPocLsb = br.ue() + 4;
	} else if (s.pocType == 1) {
		s.deltaPicOrderAlwaysZero = br.flag();
		br.se();
		br.se();
		uint32_t n = br.ue();
		for (uint32_t i = 0; i < n && !br.overrun(); i++)
			br.se();
	}
	s.maxNumRefFrames = br.ue();
	br.u(1); // gaps_in_frame_num_value_allowed_flag
	uint32_t mbW = br.ue() + 1;
	uint32_t mapH = br.ue() + 1;
	s.frameMbsOnly = br.flag();
	if (!s.frameMbsOnly)
		br.u(1); // mb_adaptive_frame_field_flag
	br.u(1);	 // direct_8x8_inference_flag
	s.codedWidth = mbW * 16;
	s.codedHeight = mapH * 16 * (s.frameMbsOnly ? 1 : 2);

	uint32_t cl = 0, cr = 0, ct = 0, cb = 0;
	if (br.flag()) {
		cl = br.ue();
		cr = br.ue();
		ct = br.ue();
		cb = br.ue();
	}
	// Crop units for 4:2:0: 2 horizontally, 2 * (2 - frame_mbs_only) vertically.
	// Monochrome: 1 and (2 - frame_mbs_only); otherwise SubWidthC and
	// SubHeightC * (2 - frame_mbs_only), SubHeightC = 2 only for 4:2:0.
	uint32_t cropX = s.chromaFormatIdc == 1 || s.chromaFormatIdc == 2 ? 2 : 1;
	uint32_t cropY = (s.chromaFormatIdc == 1 ? 2 : 1) * (s.frameMbsOnly ? 1 : 2);
	s.width = s.codedWidth - cropX * (cl + cr);
	s.height = s.codedHeight - cropY * (ct + cb);

	if (br.flag()) {	 // vui_parameters_present_flag
		if (br.flag()) { // aspect_ratio_info_present_flag
			if (br.u(8) == 255) {
				br.u(16);
				br.u(16);
			}
		}
		if (br.flag()) // overscan_info_present_flag
			br.u(1);
		if (br.flag()) { // video_signal_type_present_flag
			br.u(3);
			br.u(1);
			if (br.flag())
				br.u(24);
		}
		if (br.flag()) { // chroma_loc_info_present_flag
			br.ue();
			br.ue();
		}
		s.timingInfo = br.flag();
		if (s.timingInfo) {
			s.numUnitsInTick = br.u(32);
			s.timeScale = br.u(32);
			br.u(1); // fixed_frame_rate_flag
		}
		bool nal = br.flag();
		if (nal)
			skipHrd(br);
		bool vcl = br.flag();
		if (vcl)
			skipHrd(br);
	}
	if (br.overrun())
		return makeError("SPS", 0, "truncated SPS");
	return s;
}

Result<Pps> parsePps(const Nal &nal)
{
	if (nal.type != NalPps || nal.bytes.size() < 2)
		return makeError("PPS", 0, "not a PPS NAL");
	auto rbsp = unescape(nal.bytes.subspan(1));
	BitReader br(rbsp);
	Pps p;
	p.id = br.ue();
	p.spsId = br.ue();
	if (p.id > 255)
		return makeError("PPS", 0, fmt::format("pic_parameter_set_id {} above 255", p.id));
	p.cabac = br.flag();
	p.bottomFieldPicOrderPresent = br.flag();
	uint32_t groups = br.ue() + 1;
	if (groups > 1)
		return makeError("PPS", 0, "slice groups are not supported");
	p.numRefIdxL0Default = br.ue() + 1;
	p.numRefIdxL1Default = br.ue() + 1;
	p.weightedPred = br.flag();
	p.weightedBipredIdc = br.u(2);
	p.picInitQp = 26 + br.se();
	if (br.overrun())
		return makeError("PPS", 0, "truncated PPS");
	br.se(); // pic_init_qs_minus26
	br.se(); // chroma_qp_index_offset
	br.u(1); // deblocking_filter_control_present_flag
	br.u(1); // constrained_intra_pred_flag
	p.redundantPicCntPresent = br.flag();
	// Without the fields after pic_init_qp, slice QPs cannot be read.
	p.complete = !br.overrun() && p.numRefIdxL0Default <= 32 && p.numRefIdxL1Default <= 32;
	return p;
}

Result<SliceHeader> parseSliceHeader(const Nal &nal, const Sps &sps)
{
	if ((nal.type != NalSlice && nal.type != NalIdr) || nal.bytes.size() < 2)
		return makeError("slice header", 0, "not a slice NAL");
	auto rbsp = unescape(nal.bytes.subspan(1, std::min<size_t>(nal.bytes.size() - 1, 64)));
	BitReader br(rbsp);
	SliceHeader h;
	h.idr = nal.type == NalIdr;
	h.firstMb = br.ue();
	uint32_t t = br.ue();
	if (t > 9)
		return makeError("slice header", 0, fmt::format("bad slice_type {}", t));
	h.type = static_cast<SliceType>(t % 5);
	h.ppsId = br.ue();
	if (sps.separateColourPlane)
		br.u(2); // colour_plane_id
	h.frameNum = br.u(sps.log2MaxFrameNum);
	if (!sps.frameMbsOnly && br.flag())
		br.u(1);
	if (h.idr)
		h.idrPicId = br.ue();
	if (br.overrun())
		return makeError("slice header", 0, "truncated slice header");
	return h;
}

namespace {

// ref_pic_list_modification() of one list (7.3.3.1)
void skipRefPicListModification(BitReader &br)
{
	if (!br.flag())
		return;
	// modification_of_pic_nums_idc, at most 33 entries before the 3 that ends
	for (int i = 0; i < 34 && !br.overrun(); i++) {
		uint32_t idc = br.ue();
		if (idc == 3)
			return;
		br.ue(); // abs_diff_pic_num_minus1 or long_term_pic_num
	}
}

// pred_weight_table() (7.3.3.2)
void skipPredWeightTable(BitReader &br, const Sps &sps, unsigned lists, const uint32_t refs[2])
{
	bool chroma = sps.chromaFormatIdc != 0 && !sps.separateColourPlane;
	br.ue(); // luma_log2_weight_denom
	if (chroma)
		br.ue(); // chroma_log2_weight_denom
	for (unsigned l = 0; l < lists; l++)
		for (uint32_t i = 0; i < refs[l] && !br.overrun(); i++) {
			if (br.flag()) { // luma_weight_lX_flag
				br.se();
				br.se();
			}
			if (chroma && br.flag()) // chroma_weight_lX_flag
				for (int j = 0; j < 4; j++)
					br.se();
		}
}

// dec_ref_pic_marking() (7.3.3.3)
void skipDecRefPicMarking(BitReader &br, bool idr)
{
	if (idr) {
		br.u(1); // no_output_of_prior_pics_flag
		br.u(1); // long_term_reference_flag
		return;
	}
	if (!br.flag()) // adaptive_ref_pic_marking_mode_flag
		return;
	// memory_management_control_operation until 0; bounded against junk
	for (int i = 0; i < 66 && !br.overrun(); i++) {
		uint32_t op = br.ue();
		if (op == 0)
			return;
		if (op == 1 || op == 3)
			br.ue(); // difference_of_pic_nums_minus1
		if (op == 2)
			br.ue(); // long_term_pic_num
		if (op == 3 || op == 6)
			br.ue(); // long_term_frame_idx
		if (op == 4)
			br.ue(); // max_long_term_frame_idx_plus1
	}
}

} // namespace

Result<SliceHeader> parseSliceHeader(const Nal &nal, const Sps &sps, const Pps &pps)
{
	if ((nal.type != NalSlice && nal.type != NalIdr) || nal.bytes.size() < 2)
		return makeError("slice header", 0, "not a slice NAL");
	if (!pps.complete)
		return makeError("slice header", 0, "the PPS was truncated");
	// Enough for any header this reader follows (weight tables included).
	auto rbsp = unescape(nal.bytes.subspan(1, std::min<size_t>(nal.bytes.size() - 1, 1024)));
	BitReader br(rbsp);
	SliceHeader h;
	h.idr = nal.type == NalIdr;
	h.firstMb = br.ue();
	uint32_t t = br.ue();
	if (t > 9)
		return makeError("slice header", 0, fmt::format("bad slice_type {}", t));
	h.type = static_cast<SliceType>(t % 5);
	h.ppsId = br.ue();
	if (h.ppsId != pps.id)
		return makeError("slice header", 0,
				 fmt::format("slice refers to PPS {}, given PPS {}", h.ppsId,
					     pps.id));
	if (sps.separateColourPlane)
		br.u(2); // colour_plane_id
	h.frameNum = br.u(sps.log2MaxFrameNum);
	bool field = false;
	if (!sps.frameMbsOnly) {
		field = br.flag(); // field_pic_flag
		if (field)
			br.u(1); // bottom_field_flag
	}
	if (h.idr)
		h.idrPicId = br.ue();
	if (sps.pocType == 0) {
		br.u(sps.log2MaxPocLsb); // pic_order_cnt_lsb
		if (pps.bottomFieldPicOrderPresent && !field)
			br.se(); // delta_pic_order_cnt_bottom
	} else if (sps.pocType == 1 && !sps.deltaPicOrderAlwaysZero) {
		br.se(); // delta_pic_order_cnt[0]
		if (pps.bottomFieldPicOrderPresent && !field)
			br.se(); // delta_pic_order_cnt[1]
	}
	if (pps.redundantPicCntPresent)
		br.ue(); // redundant_pic_cnt
	bool b = h.type == SliceType::B;
	bool p = h.type == SliceType::P || h.type == SliceType::Sp;
	if (b)
		br.u(1); // direct_spatial_mv_pred_flag
	uint32_t refs[2] = { pps.numRefIdxL0Default, pps.numRefIdxL1Default };
	if (p || b) {
		if (br.flag()) { // num_ref_idx_active_override_flag
			refs[0] = br.ue() + 1;
			if (b)
				refs[1] = br.ue() + 1;
		}
		if (refs[0] > 32 || refs[1] > 32)
			return makeError("slice header", 0, "more than 32 reference indexes");
		skipRefPicListModification(br);
		if (b)
			skipRefPicListModification(br);
	}
	if ((pps.weightedPred && p) || (pps.weightedBipredIdc == 1 && b))
		skipPredWeightTable(br, sps, b ? 2 : 1, refs);
	if (nal.refIdc)
		skipDecRefPicMarking(br, h.idr);
	if (pps.cabac && h.type != SliceType::I && h.type != SliceType::Si)
		br.ue(); // cabac_init_idc
	int32_t qp = pps.picInitQp + br.se();
	if (br.overrun())
		return makeError("slice header", 0, "truncated slice header");
	if (qp < 0 || qp > 51)
		return makeError("slice header", 0, fmt::format("slice QP {} out of 0..51", qp));
	h.qp = qp;
	return h;
}

char sliceTypeChar(SliceType t)
{
	switch (t) {
	case SliceType::P:
		return 'P';
	case SliceType::B:
		return 'B';
	case SliceType::I:
		return 'I';
	case SliceType::Sp:
		return 'p';
	case SliceType::Si:
		return 'i';
	}
	return '?';
}

std::optional<SliceHeader> StreamInspector::feed(std::span<const uint8_t> au)
{
	std::optional<SliceHeader> first;
	bool idr = false;

	for (const Nal &nal : splitAnnexB(au)) {
		switch (nal.type) {
		case NalSps:
			info_.spsCount++;
			if (auto sps = parseSps(nal)) {
				current_ = *sps;
				if (!info_.sps)
					info_.sps = *sps;
			}
			break;
		case NalPps:
			info_.ppsCount++;
			if (auto pps = parsePps(nal))
				pps_[pps->id] = *pps;
			break;
		case NalIdr:
		case NalSlice: {
			info_.sliceCount++;
			idr |= nal.type == NalIdr;
			if (!current_) {
				info_.unparsedSlices++;
				break;
			}
			auto h = parseSliceHeader(nal, *current_);
			// With its PPS, the header is read on to the slice QP.
			if (h) {
				auto pps = pps_.find(h->ppsId);
				if (pps != pps_.end())
					if (auto full = parseSliceHeader(nal, *current_,
									 pps->second))
						h = full;
			}
			if (!h)
				info_.unparsedSlices++;
			else if (!first)
				first = *h;
			break;
		}
		default:
			break;
		}
	}
	info_.idrCount += idr;
	return first;
}

} // namespace cedrus::h264
