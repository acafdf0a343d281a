# cedrus H.264 encoder: top-level build. See README.md for the two main
# commands (make demo, make check) and what every target does.
#
# All output goes to build/ (git-ignored). Every step is incremental: a second
# run with nothing changed rebuilds nothing.

TOP	:= $(CURDIR)
BUILD	?= $(TOP)/build
JOBS	?= $(shell nproc)
SHELL	:= /bin/bash

export TOP BUILD JOBS

# ccache (Debian's masquerade links, installed by make deps) in front of every
# compiler the build runs: the kernels, QEMU, the tool and the model tests.
# The cache lives outside the clone, so a fresh clone on the same machine (CI)
# reuses what an earlier build compiled; CCACHE_BASEDIR makes the paths under
# the clone relative, so the clone's location does not matter.
export PATH		:= /usr/lib/ccache:$(PATH)
export CCACHE_DIR	?= $(or $(HOME),/tmp)/.cache/cedrus-ve-ccache
export CCACHE_BASEDIR	:= $(TOP)
export CCACHE_NOHASHDIR	:= true
export CCACHE_MAXSIZE	?= 12G

.DEFAULT_GOAL := help

# Each fragment appends the targets "make check" runs to CHECK_TARGETS.
CHECK_TARGETS :=

include tests/model/model.mk
include tools/tools.mk
include driver/driver.mk
include tests/emulator/emulator.mk
include tests/emulator/dec-diff/dec-diff.mk
include tests/emulator/bench/bench.mk

# make check runs the host tests first, the emulator tests (emu-test-*)
# after them, then the emulator tests on the debug kernel (emu-debug-test-*),
# each group in the order the fragments added it, and check-incremental
# last: once everything has been built and run, building again must change
# nothing. With make -j it still waits for all the others.
CHECK_TARGETS := $(filter-out emu-test-% emu-debug-test-%,$(CHECK_TARGETS)) \
		 $(filter emu-test-%,$(CHECK_TARGETS)) \
		 $(filter emu-debug-test-%,$(CHECK_TARGETS)) check-incremental
ifneq ($(filter check,$(MAKECMDGOALS)),)
check-incremental: | $(filter-out check-incremental,$(CHECK_TARGETS))
endif

# make check runs CHECK_JOBS targets at a time (default 2, one emulated
# board per core: a guest keeps one host core busy), in the order above,
# with each target's output kept together. Every target is parallel-safe:
# the shared builds (kernel, QEMU, rootfs, tools, clients image) take a
# lock, and each emulator test has its own results directory, SD card and
# lock. CHECK_JOBS=1 runs them one by one.
CHECK_JOBS ?= 2
ifneq ($(filter check,$(MAKECMDGOALS)),)
MAKEFLAGS += -j$(CHECK_JOBS) --output-sync=target
endif

# Every step that needs host packages (cmake, compilers, linux-source,
# ffmpeg) first runs make deps when it never ran or its scripts changed
# (order-only: a newer stamp alone rebuilds nothing). kernel, qemu and
# rootfs have it in emulator.mk; emu-test-*, run and demo go through them.
check-model check-tools check-tools-clang tools-host tool-armhf tools-uapi \
module check-driver-static linux-patches check-linux-patches staging-cedrus \
$(TOOLS_HOST)/CMakeCache.txt $(TOOLS_CLANG)/CMakeCache.txt \
$(TOOLS_ARMHF)/CMakeCache.txt $(GUEST_BINS): | $(DEPS_STAMP)

.PHONY: help deps check print-check-targets
help:
	@echo "make deps     install host dependencies and fetch sources (Debian packages only)"
	@echo "make demo     boot the emulated board and encode vivid camera frames"
	@echo "make check    run every test (host, KUnit, emulator)"
	@echo "make kernel | qemu | rootfs    build one emulator part"
	@echo "make kernel-debug rootfs-debug the debug kernel (KASAN, kmemleak, lockdep, ...)"
	@echo "make emu-test-NAME             run one emulator test"
	@echo "make emu-debug-test-NAME       run one emulator test on the debug kernel"
	@echo "make run                       boot the emulated board to a shell"
	@echo "make format-check              the C++ formatting (.clang-format)"
	@echo "see README.md for the other targets"

print-check-targets:
	@echo $(CHECK_TARGETS)

deps:
	tests/emulator/scripts/deps.sh

check: $(CHECK_TARGETS)
	@echo "check: all of [$(CHECK_TARGETS)] passed"
