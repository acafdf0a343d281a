// SPDX-License-Identifier: MIT
// v4l2-cedrus-enc-test: encode raw video with a V4L2 stateful H.264 encoder.
#include "cmd_encode.h"
#include "options.h"

#include <fmt/core.h>

#include <cstdio>

int main(int argc, char **argv)
{
	std::vector<std::string> args(argv, argv + argc);
	cedrus::cli::EncodeOptions opts;
	auto outcome = cedrus::cli::parseCommandLine(args, opts);
	if (!outcome.run) {
		std::FILE *stream = outcome.code == 0 ? stdout : stderr;
		fmt::print(stream, "{}{}", outcome.message,
			   outcome.message.empty() || outcome.message.back() == '\n' ? "" : "\n");
		if (outcome.code != 0)
			fmt::print(stderr, "Run with --help for every option and example.\n");
		return outcome.code;
	}
	return cedrus::cli::runEncode(opts);
}
