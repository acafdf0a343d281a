// SPDX-License-Identifier: MIT
// Test helper: bytes from a string of '0'/'1' (spaces ignored), padded with
// zero bits. Independent of the parser under test.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace cedrus::test {

inline std::vector<uint8_t> bitsToBytes(std::string_view bits)
{
	std::vector<uint8_t> out;
	unsigned n = 0;
	for (char c : bits) {
		if (c != '0' && c != '1')
			continue;
		if (n % 8 == 0)
			out.push_back(0);
		if (c == '1')
			out.back() |= uint8_t(0x80 >> (n % 8));
		n++;
	}
	return out;
}

} // namespace cedrus::test
