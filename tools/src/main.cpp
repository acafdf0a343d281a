// SPDX-License-Identifier: MIT
// v4l2-cedrus-enc-test: encode raw video with a V4L2 stateful H.264 encoder.
#include "cmd_encode.h"
#include "failure.h"
#include "options.h"
#include "output_sink.h"

#include <cstdio>
#include <string>

int main(int argc, char **argv)
{
	using namespace cedrus::cli;
	std::vector<std::string> args(argv, argv + argc);
	EncodeOptions opts;
	auto outcome = parseCommandLine(args, opts);
	if (!outcome.run) {
		// --help on a full disk or a closed pipe: exit 6 saying so (fmt::print
		// would throw, and abort).
		std::FILE *stream = outcome.code == 0 ? stdout : stderr;
		std::string text = outcome.message;
		if (!text.empty() && text.back() != '\n')
			text += '\n';
		if (outcome.code != 0)
			text += "Run with --help for every option and example.\n";
		auto st = printText(stream, outcome.code == 0 ? "stdout" : "stderr", text);
		if (!st && outcome.code == 0) {
			(void)printText(stderr, "stderr", st.error().message() + "\n");
			return ExitIo;
		}
		return outcome.code;
	}
	return runEncode(opts);
}
