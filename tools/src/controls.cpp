// SPDX-License-Identifier: MIT
#include "controls.h"

#include <fmt/format.h>

#include <linux/videodev2.h>

#include <algorithm>
#include <charconv>
#include <iterator>

namespace cedrus::cli {

namespace {

using Value = std::optional<int64_t>;

Value given(const std::optional<int> &v)
{
	return v ? Value(*v) : std::nullopt;
}

Value flag(bool on, int64_t value)
{
	return on ? Value(value) : std::nullopt;
}

Value entropyMode(const EncodeOptions &o)
{
	switch (o.entropyValue) {
	case Entropy::Cavlc:
		return V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CAVLC;
	case Entropy::Cabac:
		return V4L2_MPEG_VIDEO_H264_ENTROPY_MODE_CABAC;
	case Entropy::Default:
		break;
	}
	return std::nullopt;
}

Value loopFilterMode(const EncodeOptions &o)
{
	switch (o.loopFilterValue) {
	case LoopFilter::Enabled:
		return V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_ENABLED;
	case LoopFilter::Disabled:
		return V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED;
	case LoopFilter::DisabledAtSliceBoundary:
		return V4L2_MPEG_VIDEO_H264_LOOP_FILTER_MODE_DISABLED_AT_SLICE_BOUNDARY;
	case LoopFilter::Default:
		break;
	}
	return std::nullopt;
}

Value bitrateMode(const EncodeOptions &o)
{
	switch (o.rcValue) {
	case RateControl::Vbr:
		return V4L2_MPEG_VIDEO_BITRATE_MODE_VBR;
	case RateControl::Cbr:
		return V4L2_MPEG_VIDEO_BITRATE_MODE_CBR;
	case RateControl::Cq:
		return V4L2_MPEG_VIDEO_BITRATE_MODE_CQ;
	case RateControl::Off:
	case RateControl::Default:
		break;
	}
	return std::nullopt;
}

// --rc or --bitrate on a driver without rate control: say so, rather than
// naming a missing control.
Status requireRateControl(const Device &dev, const EncodeOptions &o)
{
	if (dev.findControl(V4L2_CID_MPEG_VIDEO_BITRATE) ||
	    dev.findControl(V4L2_CID_MPEG_VIDEO_BITRATE_MODE))
		return {};
	return makeError(o.bitrateValue ? "--bitrate" : "--rc", 0,
			 "the driver has no rate control (no 'Video Bitrate' control); it "
			 "encodes with a fixed QP: use --qp-i and --qp-p instead");
}

Status requireForceKey(const Device &dev, const EncodeOptions &)
{
	if (dev.findControl(V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME))
		return {};
	return makeError("--force-key", 0, "the driver has no 'Force Key Frame' control");
}

// Min/max QP come before the frame QPs, which the driver checks against
// them; rate control is enabled before its mode and bit rate are set.
const ControlOption table[] = {
	{ "--profile", V4L2_CID_MPEG_VIDEO_H264_PROFILE,
	  [](const EncodeOptions &o) { return given(o.profileValue); } },
	{ "--level", V4L2_CID_MPEG_VIDEO_H264_LEVEL,
	  [](const EncodeOptions &o) { return given(o.levelValue); } },
	{ "--entropy", V4L2_CID_MPEG_VIDEO_H264_ENTROPY_MODE, entropyMode },
	{ "--qp-min", V4L2_CID_MPEG_VIDEO_H264_MIN_QP,
	  [](const EncodeOptions &o) { return given(o.qpMin); } },
	{ "--qp-max", V4L2_CID_MPEG_VIDEO_H264_MAX_QP,
	  [](const EncodeOptions &o) { return given(o.qpMax); } },
	{ "--qp-i", V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP,
	  [](const EncodeOptions &o) { return given(o.qpI); } },
	{ "--qp-p", V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP,
	  [](const EncodeOptions &o) { return given(o.qpP); } },
	{ "--gop", V4L2_CID_MPEG_VIDEO_GOP_SIZE,
	  [](const EncodeOptions &o) { return given(o.gop); } },
	{ "--open-gop", V4L2_CID_MPEG_VIDEO_GOP_CLOSURE,
	  [](const EncodeOptions &o) { return flag(o.openGop, 0); } },
	{ "--i-period", V4L2_CID_MPEG_VIDEO_H264_I_PERIOD,
	  [](const EncodeOptions &o) { return given(o.iPeriod); } },
	{ "--prepend-headers", V4L2_CID_MPEG_VIDEO_PREPEND_SPSPPS_TO_IDR,
	  [](const EncodeOptions &o) { return flag(o.prependHeaders, 1); } },
	{ "--loop-filter", V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_MODE, loopFilterMode },
	{ "--loop-filter-alpha", V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_ALPHA,
	  [](const EncodeOptions &o) { return given(o.loopFilterAlpha); } },
	{ "--loop-filter-beta", V4L2_CID_MPEG_VIDEO_H264_LOOP_FILTER_BETA,
	  [](const EncodeOptions &o) { return given(o.loopFilterBeta); } },
	// The VUI sample aspect ratio, as W:H (extended SAR).
	{ "--sar", V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_ENABLE,
	  [](const EncodeOptions &o) { return flag(o.sarWidth != 0, 1); } },
	{ "--sar", V4L2_CID_MPEG_VIDEO_H264_VUI_SAR_IDC,
	  [](const EncodeOptions &o) {
		  return flag(o.sarWidth != 0, V4L2_MPEG_VIDEO_H264_VUI_SAR_IDC_EXTENDED);
	  } },
	{ "--sar", V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_WIDTH,
	  [](const EncodeOptions &o) { return flag(o.sarWidth != 0, o.sarWidth); } },
	{ "--sar", V4L2_CID_MPEG_VIDEO_H264_VUI_EXT_SAR_HEIGHT,
	  [](const EncodeOptions &o) { return flag(o.sarWidth != 0, o.sarHeight); } },
	// Frame rate control on: named after --bitrate when it is given.
	{ "--bitrate", V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE,
	  [](const EncodeOptions &o) { return flag(o.bitrateValue.has_value(), 1); },
	  ControlUse::SetIfPresent, requireRateControl },
	{ "--rc", V4L2_CID_MPEG_VIDEO_FRAME_RC_ENABLE,
	  [](const EncodeOptions &o) {
		  if (o.rcValue == RateControl::Off)
			  return Value(0);
		  return flag(!o.bitrateValue && o.rcValue != RateControl::Default, 1);
	  },
	  ControlUse::SetIfPresent, requireRateControl },
	{ "--rc", V4L2_CID_MPEG_VIDEO_BITRATE_MODE, bitrateMode },
	{ "--bitrate", V4L2_CID_MPEG_VIDEO_BITRATE,
	  [](const EncodeOptions &o) { return o.bitrateValue; } },
	{ "--peak", V4L2_CID_MPEG_VIDEO_BITRATE_PEAK,
	  [](const EncodeOptions &o) { return o.peakValue; } },
	{ "--force-key", V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME,
	  [](const EncodeOptions &o) {
		  return flag(o.forceKeyEvery || !o.forceKeyFrames.empty() ||
				      !o.forceKeyAtFrames.empty(),
			      1);
	  },
	  ControlUse::Require, requireForceKey },
};

// --ctrl name=value: the value is a number or one of the control's menu
// items (named as v4l2-ctl prints them).
Status applyAssignment(const Device &dev, const ControlAssignment &c)
{
	const std::string option = fmt::format("--ctrl {}", c.key);
	auto info = dev.findControl(c.key);
	if (!info) {
		std::string keys;
		if (auto all = dev.queryControls())
			for (const auto &i : *all)
				appendItem(keys, ", ", i.key);
		return makeError(option, 0,
				 fmt::format("no such control; the driver has: {}", keys));
	}
	int64_t value = 0;
	auto [p, ec] = std::from_chars(c.value.data(), c.value.data() + c.value.size(), value);
	if (ec != std::errc() || p != c.value.data() + c.value.size()) {
		auto it = std::find_if(info->menu.begin(), info->menu.end(), [&](auto &m) {
			return controlKey(m.second) == controlKey(c.value);
		});
		if (it == info->menu.end())
			return makeError(
				option, 0,
				fmt::format("'{}' is neither a number nor a menu item of '{}'",
					    c.value, info->name));
		value = it->first;
	}
	return setOptionControl(dev, info->id, value, option);
}

} // namespace

std::span<const ControlOption> controlOptions()
{
	return table;
}

std::vector<ControlRequest> controlRequests(const EncodeOptions &o)
{
	std::vector<ControlRequest> requests;
	for (const ControlOption &row : table)
		if (auto v = row.value(o))
			requests.push_back({ &row, *v });
	return requests;
}

Status setOptionControl(const Device &dev, uint32_t id, int64_t value, std::string_view option)
{
	auto info = dev.findControl(id);
	if (!info)
		return makeError(std::string(option), 0,
				 fmt::format("the driver has no control {:#x} for this option",
					     id));
	if (value < info->minimum || value > info->maximum)
		return makeError(std::string(option), 0,
				 fmt::format("'{}' = {} out of range; the driver accepts {}..{}",
					     info->name, value, info->minimum, info->maximum));
	if (!info->menu.empty()) {
		bool found = std::any_of(info->menu.begin(), info->menu.end(),
					 [&](const auto &m) { return m.first == value; });
		if (!found) {
			std::string items;
			for (const auto &m : info->menu)
				appendItem(items, ", ", m.second);
			return makeError(std::string(option), 0,
					 fmt::format("'{}' value {} is not supported; the driver "
						     "offers: {}",
						     info->name, value, items));
		}
	}
	if (auto st = dev.setControl(id, value); !st) {
		Error e = st.error();
		e.op = std::string(option);
		e.detail = fmt::format("setting '{}' = {}{}", info->name, value,
				       e.err == EBUSY ? " (cannot change while streaming)" : "");
		return e;
	}
	return {};
}

Status applyControls(const Device &dev, const EncodeOptions &o)
{
	for (const ControlRequest &r : controlRequests(o)) {
		const ControlOption &row = *r.row;
		if (row.require)
			if (auto st = row.require(dev, o); !st)
				return st;
		if (row.use == ControlUse::Require)
			continue;
		if (row.use == ControlUse::SetIfPresent && !dev.findControl(row.id))
			continue;
		if (auto st = setOptionControl(dev, row.id, r.value, row.option); !st)
			return st;
	}
	for (const auto &c : o.ctrlValues)
		if (auto st = applyAssignment(dev, c); !st)
			return st;
	return {};
}

} // namespace cedrus::cli
