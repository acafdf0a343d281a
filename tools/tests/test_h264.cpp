// SPDX-License-Identifier: MIT
// Expected values are hand-computed from ITU-T H.264 (7.3.2.1 SPS syntax,
// 9.1 exp-Golomb codes, 7.4.2.1.1 frame cropping, E.2.1 timing).
#include "bits.h"

#include "cedrus/h264.h"

#include <catch2/catch.hpp>

using namespace cedrus;
using namespace cedrus::h264;
using cedrus::test::bitsToBytes;

TEST_CASE("ue(v) and se(v) decode the table 9-2 code words", "[h264][bits]")
{
	// codeNum 0..7: 1, 010, 011, 00100, 00101, 00110, 00111, 0001000
	auto data = bitsToBytes("1 010 011 00100 00101 00110 00111 0001000");
	BitReader br(data);
	for (uint32_t expect = 0; expect < 8; expect++)
		CHECK(br.ue() == expect);
	CHECK_FALSE(br.overrun());

	// se: codeNum 1 -> 1, 2 -> -1, 3 -> 2, 4 -> -2, 0 -> 0 (table 9-3)
	auto sdata = bitsToBytes("010 011 00100 00101 1");
	BitReader sr(sdata);
	CHECK(sr.se() == 1);
	CHECK(sr.se() == -1);
	CHECK(sr.se() == 2);
	CHECK(sr.se() == -2);
	CHECK(sr.se() == 0);
}

TEST_CASE("u(n) reads MSB first and flags overrun", "[h264][bits]")
{
	const uint8_t data[] = { 0xa5, 0x0f };
	BitReader br(data);
	CHECK(br.u(4) == 0xa);
	CHECK(br.u(8) == 0x50);
	CHECK(br.u(4) == 0xf);
	CHECK_FALSE(br.overrun());
	CHECK(br.u(1) == 0);
	CHECK(br.overrun());
}

TEST_CASE("Annex-B splitter finds 3- and 4-byte start codes", "[h264][annexb]")
{
	const uint8_t s[] = { 0,    0,	  0, 1, 0x67, 0xaa, 0,	  0,	1,
			      0x68, 0xbb, 0, 0, 0,    1,    0x65, 0xcc, 0xdd };
	auto nals = splitAnnexB(s);
	REQUIRE(nals.size() == 3);
	CHECK(nals[0].type == 7);
	CHECK(nals[0].refIdc == 3);
	CHECK(nals[0].bytes.size() == 2);
	CHECK(nals[1].type == 8);
	CHECK(nals[1].bytes.size() == 2);
	CHECK(nals[2].type == 5);
	CHECK(nals[2].bytes.size() == 3);
	CHECK(nals[2].bytes[2] == 0xdd);
}

TEST_CASE("emulation prevention bytes are removed", "[h264][annexb]")
{
	const uint8_t a[] = { 0x11, 0, 0, 3, 1, 0, 0, 3, 3, 0, 3 };
	auto r = unescape(a);
	const std::vector<uint8_t> expect = { 0x11, 0, 0, 1, 0, 0, 3, 0, 3 };
	CHECK(r == expect);
}

static Nal nalOf(const std::vector<uint8_t> &bytes)
{
	Nal n;
	n.bytes = bytes;
	n.type = bytes[0] & 0x1f;
	n.refIdc = (bytes[0] >> 5) & 3;
	return n;
}

TEST_CASE("Baseline 1280x720 SPS with VUI timing", "[h264][sps]")
{
	std::vector<uint8_t> nal = { 0x67 };
	auto body = bitsToBytes("01000010"	// profile_idc 66
				"11000000"	// constraint_set0/1
				"00011111"	// level_idc 31
				"1"		// seq_parameter_set_id 0
				"1"		// log2_max_frame_num_minus4 0
				"011"		// pic_order_cnt_type 2
				"010"		// max_num_ref_frames 1
				"0"		// gaps_in_frame_num_value_allowed_flag
				"0000001010000" // pic_width_in_mbs_minus1 79
				"00000101101"	// pic_height_in_map_units_minus1 44
				"1"		// frame_mbs_only_flag
				"1"		// direct_8x8_inference_flag
				"0"		// frame_cropping_flag
				"1"		// vui_parameters_present_flag
				"0 0 0 0"	// aspect, overscan, video signal, chroma loc
				"1"		// timing_info_present_flag
				"00000000000000000000000000000001" // num_units_in_tick 1
				"00000000000000000000000000111100" // time_scale 60
				"1"				   // fixed_frame_rate_flag
				"0 0 0 0" // nal hrd, vcl hrd, pic_struct, restriction
				"1");	  // rbsp_stop_one_bit
	nal.insert(nal.end(), body.begin(), body.end());

	auto sps = parseSps(nalOf(nal));
	REQUIRE(sps.ok());
	CHECK(sps->profileIdc == 66);
	CHECK(sps->constraintFlags == 0xc0);
	CHECK(sps->levelIdc == 31);
	CHECK(sps->pocType == 2);
	CHECK(sps->maxNumRefFrames == 1);
	CHECK(sps->log2MaxFrameNum == 4);
	CHECK(sps->codedWidth == 1280);
	CHECK(sps->codedHeight == 720);
	CHECK(sps->width == 1280);
	CHECK(sps->height == 720);
	CHECK(sps->timingInfo);
	CHECK(sps->fps() == Approx(30.0));
}

TEST_CASE("High 1920x1080 SPS: 1088 coded rows cropped by 4 units", "[h264][sps]")
{
	std::vector<uint8_t> nal = { 0x67 };
	auto body = bitsToBytes("01100100" // profile_idc 100
				"00000000"
				"00101000" // level_idc 40
				"1"	   // sps id 0
				"010"	   // chroma_format_idc 1
				"1 1"	   // bit depths 8
				"0"	   // qpprime_y_zero_transform_bypass_flag
				"0"	   // seq_scaling_matrix_present_flag
				"011"	   // log2_max_frame_num_minus4 2
				"1"	   // pic_order_cnt_type 0
				"00101"	   // log2_max_pic_order_cnt_lsb_minus4 4
				"010"	   // max_num_ref_frames 1
				"0"
				"0000001111000" // pic_width_in_mbs_minus1 119
				"0000001000100" // pic_height_in_map_units_minus1 67
				"1 1"
				"1"	      // frame_cropping_flag
				"1 1 1 00101" // left 0, right 0, top 0, bottom 4
				"0"	      // no VUI
				"1");
	nal.insert(nal.end(), body.begin(), body.end());

	auto sps = parseSps(nalOf(nal));
	REQUIRE(sps.ok());
	CHECK(sps->profileIdc == 100);
	CHECK(sps->levelIdc == 40);
	CHECK(sps->chromaFormatIdc == 1);
	CHECK(sps->log2MaxFrameNum == 6);
	CHECK(sps->log2MaxPocLsb == 8);
	CHECK(sps->codedWidth == 1920);
	CHECK(sps->codedHeight == 1088);
	CHECK(sps->width == 1920);
	CHECK(sps->height == 1080);
	CHECK_FALSE(sps->timingInfo);
	CHECK(sps->fps() == 0.0);
}

TEST_CASE("PPS entropy flag", "[h264][pps]")
{
	std::vector<uint8_t> nal = { 0x68 };
	// pps id 0, sps id 0, entropy 1, bottom_field 0, slice groups 0,
	// ref idx 0/0, weighted 0, bipred 00, pic_init_qp_minus26 se(-2) = 00101
	auto body = bitsToBytes("1 1 1 0 1 1 1 0 00 00101 1");
	nal.insert(nal.end(), body.begin(), body.end());
	auto pps = parsePps(nalOf(nal));
	REQUIRE(pps.ok());
	CHECK(pps->cabac);
	CHECK(pps->picInitQp == 24);
}

TEST_CASE("slice headers: IDR I slice and P slice", "[h264][slice]")
{
	Sps sps;
	sps.log2MaxFrameNum = 4;

	std::vector<uint8_t> idr = { 0x65 };
	// first_mb 0, slice_type 7 (I, all slices), pps 0, frame_num 0000, idr_pic_id 2
	auto b = bitsToBytes("1 0001000 1 0000 011 1");
	idr.insert(idr.end(), b.begin(), b.end());
	auto h = parseSliceHeader(nalOf(idr), sps);
	REQUIRE(h.ok());
	CHECK(h->idr);
	CHECK(h->type == SliceType::I);
	CHECK(h->frameNum == 0);
	CHECK(h->idrPicId == 2);

	std::vector<uint8_t> p = { 0x41 };
	// first_mb 0, slice_type 5 (P), pps 0, frame_num 3
	auto pb = bitsToBytes("1 00110 1 0011 1");
	p.insert(p.end(), pb.begin(), pb.end());
	auto ph = parseSliceHeader(nalOf(p), sps);
	REQUIRE(ph.ok());
	CHECK_FALSE(ph->idr);
	CHECK(ph->type == SliceType::P);
	CHECK(ph->frameNum == 3);
	CHECK(sliceTypeChar(ph->type) == 'P');
}

TEST_CASE("slice QP: the header read up to slice_qp_delta", "[h264][slice]")
{
	Sps sps;
	sps.log2MaxFrameNum = 4;
	sps.pocType = 0;
	sps.log2MaxPocLsb = 4;
	Pps pps;
	pps.complete = true;

	auto slice = [](uint8_t header, const char *bits) {
		std::vector<uint8_t> nal = { header };
		auto b = bitsToBytes(bits);
		nal.insert(nal.end(), b.begin(), b.end());
		return nal;
	};

	// IDR: first_mb 0, I (7), pps 0, frame_num 0, idr_pic_id 0, poc_lsb 0,
	// no_output_of_prior_pics 0, long_term_reference 0, slice_qp_delta -2
	auto idr = slice(0x65, "1 0001000 1 0000 1 0000 0 0 00101 1");
	auto h = parseSliceHeader(nalOf(idr), sps, pps);
	REQUIRE(h.ok());
	CHECK(h->idr);
	CHECK(h->qp == 24);

	// P (5), frame_num 3, poc_lsb 6, no override, no list modification,
	// no adaptive marking, slice_qp_delta +5
	auto p = slice(0x41, "1 00110 1 0011 0110 0 0 0 0001010 1");
	h = parseSliceHeader(nalOf(p), sps, pps);
	REQUIRE(h.ok());
	CHECK(h->type == SliceType::P);
	CHECK(h->frameNum == 3);
	CHECK(h->qp == 31);

	// Not a reference (nal_ref_idc 0): no dec_ref_pic_marking
	auto nonref = slice(0x01, "1 00110 1 0011 0110 0 0 0001010 1");
	h = parseSliceHeader(nalOf(nonref), sps, pps);
	REQUIRE(h.ok());
	CHECK(h->qp == 31);

	// CABAC: cabac_init_idc 0 before the QP; with pic_init_qp 30, delta -1
	Pps cabac = pps;
	cabac.cabac = true;
	cabac.picInitQp = 30;
	auto pc = slice(0x41, "1 00110 1 0011 0110 0 0 0 1 011 1");
	h = parseSliceHeader(nalOf(pc), sps, cabac);
	REQUIRE(h.ok());
	CHECK(h->qp == 29);

	// Two reference indexes, a list modification (idc 0, diff 2, end) and an
	// MMCO 1 (diff 0, end), then delta -1
	auto mod = slice(0x41, "1 00110 1 0011 0110 1 010 1 1 011 00100 1 010 1 1 011 1");
	h = parseSliceHeader(nalOf(mod), sps, pps);
	REQUIRE(h.ok());
	CHECK(h->qp == 25);

	// Weighted prediction: denominators 0/0, one reference with luma
	// weights (+1, 0) and no chroma weights, then delta 0
	Pps weighted = pps;
	weighted.weightedPred = true;
	auto w = slice(0x41, "1 00110 1 0011 0110 0 0 1 1 1 010 1 0 0 1 1");
	h = parseSliceHeader(nalOf(w), sps, weighted);
	REQUIRE(h.ok());
	CHECK(h->qp == 26);

	// A QP outside 0..51, a truncated header, a PPS id mismatch, a PPS cut
	// short: errors
	auto high = slice(0x41, "1 00110 1 0011 0110 0 0 0 000000001000000 1");
	CHECK_FALSE(parseSliceHeader(nalOf(high), sps, pps).ok());
	auto cut = slice(0x41, "1 00110 1 0011 0110 0 0 0");
	CHECK_FALSE(parseSliceHeader(nalOf(cut), sps, pps).ok());
	Pps other = pps;
	other.id = 1;
	CHECK_FALSE(parseSliceHeader(nalOf(p), sps, other).ok());
	Pps partial = pps;
	partial.complete = false;
	CHECK_FALSE(parseSliceHeader(nalOf(p), sps, partial).ok());
}

TEST_CASE("PPS: the fields before the slice QP", "[h264][pps]")
{
	// pps 0, sps 0, CAVLC, no bottom field POC, 1 slice group, 3/1 default
	// refs, weighted_pred 1, bipred 2, init_qp +1, init_qs 0, chroma
	// offset 0, deblocking control 1, constrained intra 0, redundant 1
	std::vector<uint8_t> nal = { 0x68 };
	auto body = bitsToBytes("1 1 0 0 1 011 1 1 10 010 1 1 1 0 1 1");
	nal.insert(nal.end(), body.begin(), body.end());
	auto pps = parsePps(nalOf(nal));
	REQUIRE(pps.ok());
	CHECK(pps->complete);
	CHECK(pps->numRefIdxL0Default == 3);
	CHECK(pps->numRefIdxL1Default == 1);
	CHECK(pps->weightedPred);
	CHECK(pps->weightedBipredIdc == 2);
	CHECK(pps->picInitQp == 27);
	CHECK(pps->redundantPicCntPresent);
}

TEST_CASE("truncated SPS is rejected", "[h264][sps]")
{
	std::vector<uint8_t> nal = { 0x67, 0x42, 0x00, 0x1f };
	CHECK_FALSE(parseSps(nalOf(nal)).ok());
}

TEST_CASE("stream inspector counts headers and reads slices after the SPS", "[h264][stream]")
{
	// SPS: Baseline, 32x32 (2x2 macroblocks), log2_max_frame_num 4, POC type 2.
	auto sps = bitsToBytes("01000010 00000000 00011110 1 1 011 010 0 010 010 1 1 0 0 1");
	std::vector<uint8_t> au = { 0, 0, 0, 1, 0x67 };
	au.insert(au.end(), sps.begin(), sps.end());
	for (uint8_t b : { 0, 0, 0, 1, 0x68, 0xce, 0x38, 0x80 })
		au.push_back(b);
	// IDR slice: first_mb 0, I (7), pps 0, frame_num 0, idr_pic_id 0.
	auto idr = bitsToBytes("1 0001000 1 0000 1 1");
	au.insert(au.end(), { 0, 0, 1, 0x65 });
	au.insert(au.end(), idr.begin(), idr.end());

	StreamInspector in;
	// A slice before any SPS cannot be parsed.
	const std::vector<uint8_t> early = { 0, 0, 1, 0x41, 0x9a };
	CHECK_FALSE(in.feed(early).has_value());
	auto h = in.feed(au);
	REQUIRE(h.has_value());
	CHECK(h->idr);
	CHECK(h->type == SliceType::I);

	// P slice, frame_num 1.
	std::vector<uint8_t> p = { 0, 0, 0, 1, 0x41 };
	auto pb = bitsToBytes("1 00110 1 0001 1");
	p.insert(p.end(), pb.begin(), pb.end());
	auto ph = in.feed(p);
	REQUIRE(ph.has_value());
	CHECK(ph->type == SliceType::P);
	CHECK(ph->frameNum == 1);

	const StreamInfo &info = in.info();
	CHECK(info.spsCount == 1);
	CHECK(info.ppsCount == 1);
	CHECK(info.idrCount == 1);
	CHECK(info.sliceCount == 3);
	CHECK(info.unparsedSlices == 1);
	REQUIRE(info.sps.has_value());
	CHECK(info.sps->width == 32);
	CHECK(info.sps->height == 32);
	CHECK(info.sps->levelIdc == 30);
}

TEST_CASE("stream inspector reads the slice QP with the PPS", "[h264][stream]")
{
	// The SPS above (POC type 2: no pic_order_cnt_lsb), a complete PPS with
	// pic_init_qp 26, and an IDR slice with slice_qp_delta -2.
	auto sps = bitsToBytes("01000010 00000000 00011110 1 1 011 010 0 010 010 1 1 0 0 1");
	std::vector<uint8_t> au = { 0, 0, 0, 1, 0x67 };
	au.insert(au.end(), sps.begin(), sps.end());
	for (uint8_t b : { 0, 0, 0, 1, 0x68, 0xce, 0x38, 0x80 })
		au.push_back(b);
	auto idr = bitsToBytes("1 0001000 1 0000 1 0 0 00101 1");
	au.insert(au.end(), { 0, 0, 1, 0x65 });
	au.insert(au.end(), idr.begin(), idr.end());

	StreamInspector in;
	auto h = in.feed(au);
	REQUIRE(h.has_value());
	CHECK(h->idr);
	CHECK(h->qp == 24);
}
