# Driver: out-of-tree module build, static checks and the linux-patches
# series that puts the driver in tree (drivers/media/platform/sunxi/cedrus).
#
#   make module               build cedrus-ve.ko against build/linux
#   make check-driver-static  W=1 C=1 (sparse) build and checkpatch --strict,
#                             both must be warning-free
#   make linux-patches        regenerate linux-patches/ from driver/
#   make check-linux-patches  committed series == regenerated, it is
#                             checkpatch --strict clean, and it applies with
#                             patch -p1 and git am on linux-source-6.12
#
# The module is built from a copy in build/driver-obj so driver/ stays clean.

DRIVER_DIR	:= $(TOP)/driver
DRIVER_OBJ	:= $(BUILD)/driver-obj
DRIVER_STATIC	:= $(BUILD)/driver-static
DRIVER_TRACE	:= $(wildcard $(DRIVER_DIR)/*_trace.h)
DRIVER_SOURCES	:= $(filter-out $(DRIVER_TRACE), \
		   $(wildcard $(DRIVER_DIR)/*.c $(DRIVER_DIR)/*.h \
			      $(DRIVER_DIR)/tests/*.c))
DRIVER_KMAKE	:= nice -n 10 $(MAKE) -C $(BUILD)/linux ARCH=arm \
		   CROSS_COMPILE=arm-linux-gnueabihf- \
		   CONFIG_VIDEO_CEDRUS_VE=m CONFIG_VIDEO_CEDRUS_VE_KUNIT_TEST=m
CHECKPATCH	:= perl $(BUILD)/linux-src/scripts/checkpatch.pl --no-tree \
		   --strict --max-line-length=80 --show-types \
		   --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG

.PHONY: module check-driver-static linux-patches check-linux-patches

define driver_copy
	@mkdir -p $(1)/tests
	@rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
		--include 'Kbuild' --include '*.c' --include '*.h' \
		--include 'tests/' --include 'tests/*.c' --exclude '*' \
		$(DRIVER_DIR)/ $(1)/
endef

# Both build against the configured kernel objects (incremental, a no-op
# when the kernel is current).
module check-driver-static: kernel

module:
	$(call driver_copy,$(DRIVER_OBJ))
	$(DRIVER_KMAKE) M=$(DRIVER_OBJ) -j$(JOBS) modules
	@ls -l $(DRIVER_OBJ)/*.ko

# A fresh tree every time so sparse sees every file; any line with
# "warning:" or "error:" fails, as does a non-clean checkpatch. make's own
# notes on its jobserver (under make check -j2, the -j of DRIVER_KMAKE
# "resets jobserver mode") are no compiler warnings.
check-driver-static:
	@rm -rf $(DRIVER_STATIC)
	$(call driver_copy,$(DRIVER_STATIC))
	@$(DRIVER_KMAKE) M=$(DRIVER_STATIC) -j$(JOBS) W=1 C=1 modules \
		> $(DRIVER_STATIC)/build.log 2>&1 || \
		{ cat $(DRIVER_STATIC)/build.log; exit 1; }
	@if grep -E 'warning:|error:|^WARNING' $(DRIVER_STATIC)/build.log | \
	    grep -Ev '^g?make(\[[0-9]+\])?: warning: .*jobserver'; then \
		echo "check-driver-static: W=1 C=1 build has warnings"; exit 1; fi
	@echo "check-driver-static: W=1 C=1 (sparse) build clean"
	@$(CHECKPATCH) -q -f $(DRIVER_SOURCES) $(DRIVER_DIR)/Kbuild || \
		{ echo "check-driver-static: checkpatch --strict failed"; exit 1; }
	@# TRACE_EVENT() bodies are laid out as the tracing docs show them.
	@$(CHECKPATCH) --ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT -q -f \
		$(DRIVER_TRACE) || \
		{ echo "check-driver-static: checkpatch --strict failed"; exit 1; }
	@echo "check-driver-static: checkpatch --strict clean ($(words $(DRIVER_SOURCES) $(DRIVER_TRACE)) files)"

linux-patches:
	@$(DRIVER_DIR)/linux-patches.sh generate

check-linux-patches:
	@$(DRIVER_DIR)/linux-patches.sh check

CHECK_TARGETS += check-linux-patches check-driver-static

# The VP8 engine's constant probability tables (DRAM, which no emulator
# test compares) against mainline's, byte for byte.
.PHONY: check-vp8-probs
check-vp8-probs: kernel
	@$(DRIVER_DIR)/check-vp8-probs.sh $(DRIVER_DIR) $(BUILD)/linux-src \
		$(BUILD)/check-vp8-probs

CHECK_TARGETS += check-vp8-probs

# Guest test programs (tests/emulator/guest-src), static armhf binaries
# installed into the initramfs as /usr/bin/NAME:
#   cedrus-enc-check       the encoder API misuse a client must not do
#   cedrus-dec-h264-check  H.264 decode: SPS validation and the job path
#   cedrus-dec-mpeg2-check MPEG-2 decode: control validation and the job path
#   cedrus-enc-battery     the bad-input battery of the encoder node
#   cedrus-fuzz            the seeded ioctl fuzzer of both nodes
GUEST_SRC_DIR	:= $(TOP)/tests/emulator/guest-src
GUEST_BIN_DIR	:= $(BUILD)/guest-src
GUEST_PROGRAMS	:= cedrus-enc-check cedrus-dec-h264-check cedrus-enc-battery \
		   cedrus-fuzz cedrus-dec-mpeg2-check
# cedrus-dec-vp8-check: VP8 decode: control and job validation, a stream
GUEST_PROGRAMS	+= cedrus-dec-vp8-check
# cedrus-dec-h265-check: H.265 decode: control and job validation, streams
GUEST_PROGRAMS	+= cedrus-dec-h265-check
# cedrus-dec-h264-fields: an H.264 PAFF stream (field pictures) of
# synthetic controls, for the decoder differential test (dec-diff)
GUEST_PROGRAMS	+= cedrus-dec-h264-fields
GUEST_BINS	:= $(GUEST_PROGRAMS:%=$(GUEST_BIN_DIR)/%)
GUEST_CC	:= arm-linux-gnueabihf-gcc
GUEST_CFLAGS	:= -O2 -Wall -Wextra -Werror

# The decoder checkers share cedrus-dec-common.c, built once as an object
# and linked into each of them.
GUEST_DEC_COMMON := $(GUEST_BIN_DIR)/cedrus-dec-common.o
GUEST_DEC_BINS	:= $(filter $(GUEST_BIN_DIR)/cedrus-dec-%-check,$(GUEST_BINS))

$(GUEST_DEC_COMMON): $(GUEST_SRC_DIR)/cedrus-dec-common.c \
		     $(GUEST_SRC_DIR)/cedrus-dec-common.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_DEC_BINS): $(GUEST_DEC_COMMON) $(GUEST_SRC_DIR)/cedrus-dec-common.h
$(GUEST_BIN_DIR)/cedrus-dec-h264-fields: $(GUEST_DEC_COMMON) \
	$(GUEST_SRC_DIR)/cedrus-dec-common.h

$(GUEST_BINS): $(GUEST_BIN_DIR)/%: $(GUEST_SRC_DIR)/%.c
	@mkdir -p $(@D)
	$(GUEST_CC) -static $(GUEST_CFLAGS) -o $@ $< $(filter %.o,$^)

rootfs: $(GUEST_BINS)
ROOTFS_EXTRA_FILES += $(GUEST_BINS:%=%:/usr/bin/)

# The driver's emulator tests (kunit, enc-*, dec-*, compliance-*) register
# themselves from tests/emulator/guest/tests/ (tests/emulator/emulator.mk).
