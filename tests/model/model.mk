# VE model host tests (tests/model/): configure, build and run them with
# ASan/UBSan in their own tree, without the tool.

MODEL_BUILD := $(BUILD)/host-model

.PHONY: check-model
check-model:
	cmake -S $(TOP) -B $(MODEL_BUILD) -DCEDRUS_BUILD_TOOLS=OFF \
		-DCEDRUS_BUILD_MODEL_TESTS=ON -DCEDRUS_SANITIZE=ON
	nice -n 10 cmake --build $(MODEL_BUILD) -j $(JOBS)
	cd $(MODEL_BUILD) && nice -n 10 ctest --output-on-failure -j $(JOBS)

CHECK_TARGETS += check-model

# make bench-model: the lossy coder's host time per frame at 720p and 1080p,
# I and P, CAVLC and CABAC (tests/model/bench.c), built -O3 without
# sanitizers in its own tree (as QEMU builds the model,
# tests/emulator/qemu/meson.build); then x264's time on the same clips with the
# same coding tools, as a yardstick (tests/model/bench-x264.sh). It prints
# figures; it is not part of make check.
BENCH_MODEL_BUILD := $(BUILD)/bench-model
BENCH_MODEL_CONFIGURE = cmake -S $(TOP) -B $(BENCH_MODEL_BUILD) \
	-DCEDRUS_BUILD_TOOLS=OFF -DCEDRUS_BUILD_MODEL_TESTS=ON \
	-DCEDRUS_SANITIZE=OFF -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_C_FLAGS_RELEASE="-O3 -DNDEBUG"

.PHONY: bench-model
bench-model:
	$(BENCH_MODEL_CONFIGURE)
	cmake --build $(BENCH_MODEL_BUILD) -j $(JOBS) --target model-bench
	$(BENCH_MODEL_BUILD)/tests/model/model-bench
	$(TOP)/tests/model/bench-x264.sh $(BENCH_MODEL_BUILD)/tests/model/media

# make bench-frame-sizes: bytes of 1080p I frames on the lossy coder per
# QP, content (the lossy tests' clip, uniform noise) and entropy coder
# (tests/model/frame-sizes.c), what the driver's default CAPTURE buffer is
# sized from (driver/README.md). It prints figures; not part of make check.
.PHONY: bench-frame-sizes
bench-frame-sizes:
	$(BENCH_MODEL_CONFIGURE)
	cmake --build $(BENCH_MODEL_BUILD) -j $(JOBS) --target model-frame-sizes
	$(BENCH_MODEL_BUILD)/tests/model/model-frame-sizes
