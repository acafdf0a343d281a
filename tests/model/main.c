// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * model-tests NAME: run one test case; model-tests --list: print all names.
 * An unknown name fails, so a test missing from the binary cannot pass.
 */
#include <string.h>

#include "harness.h"

static const struct test_case *const test_tables[] = {
	cabac_vector_tests,
	stream_tests,
	error_tests,
	decode_tests,
	lossy_tests,
	dec_tests,
};

int main(int argc, char **argv)
{
	size_t n = sizeof(test_tables) / sizeof(test_tables[0]);

	if (argc != 2) {
		fprintf(stderr, "usage: %s --list | TEST\n", argv[0]);
		return 2;
	}
	for (size_t t = 0; t < n; t++) {
		for (const struct test_case *c = test_tables[t]; c->name; c++) {
			if (!strcmp(argv[1], "--list")) {
				puts(c->name);
			} else if (!strcmp(argv[1], c->name)) {
				c->fn();
				printf("%s: passed\n", c->name);
				return 0;
			}
		}
	}
	if (!strcmp(argv[1], "--list"))
		return 0;
	fprintf(stderr, "no test named '%s'\n", argv[1]);
	return 2;
}
