# v4l2-cedrus-enc-test: host tests (ASan/UBSan) and the armhf guest binary.
#
#   make check-tools   configure build/host-tools, build, run the Catch2 tests
#   make tool-armhf    cross-build build/tools-armhf/v4l2-cedrus-enc-test
#   make check-tools-clang   the same tests built with clang (no sanitizers)
#   make tools-uapi    refresh tools/include/uapi from linux-source-6.12
#   make format-check  the C++ under tools/ matches .clang-format

TOOLS_DIR	:= $(TOP)/tools
TOOLS_HOST	:= $(BUILD)/host-tools
TOOLS_ARMHF	:= $(BUILD)/tools-armhf
TOOLS_CLANG	:= $(BUILD)/tools-clang
TOOLS_JOBS	:= $(if $(filter 1,$(JOBS)),1,2)

.PHONY: check-tools check-tools-clang tools-host tool-armhf tools-uapi format-check

$(TOOLS_HOST)/CMakeCache.txt:
	cmake -S $(TOP) -B $(TOOLS_HOST) -DCMAKE_BUILD_TYPE=Debug \
		-DCEDRUS_BUILD_MODEL_TESTS=OFF -DCEDRUS_BUILD_TOOLS=ON -DCEDRUS_SANITIZE=ON

tools-host: $(TOOLS_HOST)/CMakeCache.txt
	nice -n 10 cmake --build $(TOOLS_HOST) -j $(TOOLS_JOBS)

check-tools: tools-host
	cd $(TOOLS_HOST) && ctest --output-on-failure -j $(TOOLS_JOBS)

$(TOOLS_CLANG)/CMakeCache.txt:
	CC=clang CXX=clang++ cmake -S $(TOP) -B $(TOOLS_CLANG) -DCMAKE_BUILD_TYPE=Debug \
		-DCEDRUS_BUILD_MODEL_TESTS=OFF -DCEDRUS_BUILD_TOOLS=ON

check-tools-clang: $(TOOLS_CLANG)/CMakeCache.txt
	nice -n 10 cmake --build $(TOOLS_CLANG) -j $(TOOLS_JOBS)
	cd $(TOOLS_CLANG) && ctest --output-on-failure -j $(TOOLS_JOBS)

$(TOOLS_ARMHF)/CMakeCache.txt:
	cmake -S $(TOP) -B $(TOOLS_ARMHF) -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_TOOLCHAIN_FILE=$(TOOLS_DIR)/cmake/armhf-toolchain.cmake \
		-DCEDRUS_BUILD_MODEL_TESTS=OFF -DCEDRUS_BUILD_TOOLS=ON \
		-DCEDRUS_TOOLS_TESTS=OFF -DCEDRUS_FMT_HEADER_ONLY=ON

tool-armhf: $(TOOLS_ARMHF)/CMakeCache.txt
	nice -n 10 cmake --build $(TOOLS_ARMHF) -j $(TOOLS_JOBS) --target v4l2-cedrus-enc-test
	@# Copy only when it changed, so the rootfs step stays incremental.
	cmp -s $(TOOLS_ARMHF)/tools/v4l2-cedrus-enc-test $(TOOLS_ARMHF)/v4l2-cedrus-enc-test || \
		cp $(TOOLS_ARMHF)/tools/v4l2-cedrus-enc-test $(TOOLS_ARMHF)/v4l2-cedrus-enc-test

tools-uapi:
	$(TOOLS_DIR)/sync-uapi.sh

# The tool's C++ (not the vendored uAPI headers) formatted as the root
# .clang-format says; clang-format only reports, -Werror makes any
# difference fail. Only clang-format is needed (make deps installs it), no
# build at all. To fix: clang-format -i on the files it names.
TOOLS_FORMAT_SRCS = $(sort $(shell find $(TOOLS_DIR)/lib $(TOOLS_DIR)/src $(TOOLS_DIR)/tests \
			  -name '*.cpp' -o -name '*.h'))

format-check: | $(BUILD)/stamps/deps
	@echo "clang-format --dry-run -Werror: tools/lib tools/src tools/tests"
	@clang-format --style=file:$(TOP)/.clang-format --dry-run -Werror $(TOOLS_FORMAT_SRCS)
	@echo "format-check: $(words $(TOOLS_FORMAT_SRCS)) files match .clang-format"

# The C++ matrix of the style guide: gcc with ASan/UBSan, and clang; and
# the C++ formatting.
CHECK_TARGETS += check-tools check-tools-clang format-check

# The tool's emulator tests (tests/emulator/guest/tests/tool-*.sh) register
# themselves (tests/emulator/emulator.mk).

# The guest rootfs carries the tool (interface in tests/emulator/emulator.mk).
ROOTFS_EXTRA_FILES += $(BUILD)/tools-armhf/v4l2-cedrus-enc-test:/usr/bin/v4l2-cedrus-enc-test
rootfs: tool-armhf
