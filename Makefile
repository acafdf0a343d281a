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

.DEFAULT_GOAL := help

# Each fragment appends the targets "make check" runs to CHECK_TARGETS, in
# the order they should run (cheap host tests first, emulator tests last).
CHECK_TARGETS :=

include tests/model/model.mk
include tools/tools.mk
include driver/driver.mk
include tests/emulator/emulator.mk

.PHONY: help deps check print-check-targets
help:
	@echo "make deps     install host dependencies and fetch sources (Debian packages only)"
	@echo "make demo     boot the emulated board and encode vivid camera frames"
	@echo "make check    run every test (host, KUnit, emulator)"
	@echo "make kernel | qemu | rootfs    build one emulator part"
	@echo "make emu-test-NAME             run one emulator test"
	@echo "make run                       boot the emulated board to a shell"
	@echo "see README.md for the other targets"

print-check-targets:
	@echo $(CHECK_TARGETS)

deps:
	tests/emulator/scripts/deps.sh

check: $(CHECK_TARGETS)
	@echo "check: all of [$(CHECK_TARGETS)] passed"
