// SPDX-License-Identifier: MIT
// Encoder options that become V4L2 controls: one table row per option, in
// the order the controls are set, then the --ctrl assignments.
#pragma once

#include "options.h"

#include "cedrus/device.h"
#include "cedrus/result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace cedrus::cli {

// What a row does with its control.
enum class ControlUse {
	Set,	      // the driver must have it; set it to the value
	SetIfPresent, // set it when the driver has it, skip it otherwise
	Require,      // only check for it: the tool sets it later, per frame
};

struct ControlOption {
	std::string_view option; // the flag, named in errors
	uint32_t id;		 // V4L2_CID_*
	// The control value the options ask for; nullopt when not asked for.
	std::optional<int64_t> (*value)(const EncodeOptions &);
	ControlUse use = ControlUse::Set;
	// Checked before the row is applied, for a clearer message than the
	// missing control gives (no rate control at all, no key frame control).
	Status (*require)(const Device &, const EncodeOptions &) = nullptr;
};

// Every row, in the order applyControls() goes through them.
[[nodiscard]] std::span<const ControlOption> controlOptions();

// A row the options ask for, with its value.
struct ControlRequest {
	const ControlOption *row;
	int64_t value;
};

// The rows `o` asks for, in table order (no device needed).
[[nodiscard]] std::vector<ControlRequest> controlRequests(const EncodeOptions &o);

// Sets one control for `option`, checking the driver's range and menu first
// so that a refusal names the option, the control and what it accepts.
Status setOptionControl(const Device &dev, uint32_t id, int64_t value, std::string_view option);

// The table rows `o` asks for, then every --ctrl name=value.
Status applyControls(const Device &dev, const EncodeOptions &o);

} // namespace cedrus::cli
