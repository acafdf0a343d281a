/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Minimal test harness for the VE model host tests: one test per process
 * (ctest runs `model-tests NAME`), a failed check prints where and exits 1.
 */
#ifndef MODEL_HARNESS_H
#define MODEL_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fflush(stdout);					\
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",	\
				__FILE__, __LINE__, #cond);		\
			exit(1);					\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		uint64_t va_ = (uint64_t)(a), vb_ = (uint64_t)(b);	\
		if (va_ != vb_) {					\
			fflush(stdout);					\
			fprintf(stderr,					\
				"%s:%d: CHECK_EQ(%s, %s) failed: 0x%" PRIx64 " != 0x%" PRIx64 "\n", \
				__FILE__, __LINE__, #a, #b, va_, vb_);	\
			exit(1);					\
		}							\
	} while (0)

#define FAIL(...)							\
	do {								\
		fflush(stdout);						\
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);		\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		exit(1);						\
	} while (0)

struct test_case {
	const char *name;
	void (*fn)(void);
};

/* Each test file exports a NULL-terminated table. */
extern const struct test_case cabac_vector_tests[];
extern const struct test_case stream_tests[];
extern const struct test_case error_tests[];
extern const struct test_case decode_tests[];
extern const struct test_case lossy_tests[];
extern const struct test_case dec_tests[];

#endif /* MODEL_HARNESS_H */
