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
