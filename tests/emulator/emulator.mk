# Emulator: guest kernel, QEMU with the VE model, initramfs, the clients
# image, and the tests that boot them. See tests/emulator/README.md.
#
# Interface for other fragments:
#   ROOTFS_EXTRA_FILES += SRC:DEST     put a built file into the initramfs
#                                       (DEST ending in / keeps the file name)
#   rootfs: SRC                         make sure SRC is built first
# Emulator tests register themselves: every tests/emulator/guest/tests/NAME.sh
# (with its host check tests/emulator/checks/NAME.sh) is emu-test-NAME in
# "make check"; fragments do not list them.

EMU_SCRIPTS	:= $(TOP)/tests/emulator/scripts
DEPS_STAMP	:= $(BUILD)/stamps/deps
ROOTFS_EXTRA_FILES ?=

.PHONY: kernel qemu rootfs emulator run demo kernel-debug rootfs-debug

# make deps runs the script when asked; the build steps run it only when it
# never ran or changed (it has its own stamp and needs root or sudo).
$(DEPS_STAMP): $(EMU_SCRIPTS)/deps.sh $(EMU_SCRIPTS)/fetch-guest-debs.sh \
		$(EMU_SCRIPTS)/fetch-client-debs.sh
	$(TOP)/tests/emulator/scripts/deps.sh

kernel: | $(DEPS_STAMP)
	@JOBS=$(JOBS) $(EMU_SCRIPTS)/build-kernel.sh

qemu: | $(DEPS_STAMP)
	@JOBS=$(JOBS) $(EMU_SCRIPTS)/build-qemu.sh

rootfs: kernel | $(DEPS_STAMP)
	@ROOTFS_EXTRA_FILES="$(strip $(ROOTFS_EXTRA_FILES))" $(EMU_SCRIPTS)/build-rootfs.sh

# The debug kernel: the same tree and configuration plus Kconfig.debug
# (KASAN, kmemleak, lockdep, ...), in build/linux-debug, and its initramfs
# in build/rootfs-debug (the same files; its extra files are the ones
# rootfs has, so it builds after rootfs).
kernel-debug: kernel | $(DEPS_STAMP)
	@KERNEL_VARIANT=debug JOBS=$(JOBS) $(EMU_SCRIPTS)/build-kernel.sh

rootfs-debug: kernel-debug rootfs | $(DEPS_STAMP)
	@KERNEL_VARIANT=debug ROOTFS_EXTRA_FILES="$(strip $(ROOTFS_EXTRA_FILES))" \
		$(EMU_SCRIPTS)/build-rootfs.sh

emulator: kernel qemu rootfs

# Mainline staging cedrus (sunxi-cedrus), built out of tree against
# build/linux: Kconfig.snippet turns it off in tree because the encoder
# driver binds the same compatibles. compliance-staging, dec-staging-h264,
# dec-diff and dec-diff-h6 load it (no module autoloading in the guest), as
# the baseline our driver is held to.
STAGING_CEDRUS_DIR := $(BUILD)/staging-cedrus

.PHONY: staging-cedrus
staging-cedrus: kernel
	@mkdir -p $(STAGING_CEDRUS_DIR)
	@rsync -a $(BUILD)/linux-src/drivers/staging/media/sunxi/cedrus/ $(STAGING_CEDRUS_DIR)/
	@nice -n 10 $(MAKE) -s -C $(BUILD)/linux ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- \
		LOCALVERSION= M=$(STAGING_CEDRUS_DIR) CONFIG_VIDEO_SUNXI_CEDRUS=m -j$(JOBS) modules

rootfs: staging-cedrus
ROOTFS_EXTRA_FILES += $(STAGING_CEDRUS_DIR)/sunxi-cedrus.ko:/usr/lib/modules/@KERNELRELEASE@/extra/

# make emu-test-NAME: boot, run the guest test NAME, collect, check.
emu-test-%: kernel qemu rootfs
	@$(EMU_SCRIPTS)/run-test.sh $*

# make emu-debug-test-NAME: the same on the debug kernel (results in
# build/emulator/results/debug/NAME); any kernel report fails it, and a
# kmemleak scan ends every test.
emu-debug-test-%: kernel-debug qemu rootfs-debug
	@KERNEL_VARIANT=debug $(EMU_SCRIPTS)/run-test.sh $*

# The stock clients, FFmpeg 7.1 and GStreamer 1.26 (trixie armhf), as an
# ext4 image, build/clients/clients.img, that run-test.sh puts on the SD
# card of the tests marked guest/tests/NAME.clients; those tests, and only
# those, build it first. Its packages come with make deps.
.PHONY: clients-image
clients-image: | $(DEPS_STAMP)
	@JOBS=$(JOBS) $(EMU_SCRIPTS)/build-clients-image.sh

EMU_CLIENT_TESTS := $(basename $(notdir \
			$(wildcard $(TOP)/tests/emulator/guest/tests/*.clients)))
$(EMU_CLIENT_TESTS:%=emu-test-%) $(EMU_CLIENT_TESTS:%=emu-debug-test-%): clients-image

# Interactive: the guest's serial console on this terminal.
run: kernel qemu rootfs
	@$(EMU_SCRIPTS)/run-test.sh --shell

# The main job: encode vivid camera frames on the emulated board.
demo: emu-test-demo
	@mkdir -p $(BUILD)/demo
	@cp $(BUILD)/emulator/results/demo/demo.h264 $(BUILD)/demo/demo.h264
	@echo "demo: wrote build/demo/demo.h264 ($$(stat -c %s $(BUILD)/demo/demo.h264) bytes)"
	@echo "demo: play it with: ffplay build/demo/demo.h264"

# Every guest test is in make check (helpers live in guest/lib/, so each
# guest/tests/*.sh is a test). They run bottom-up, so that the first failure
# points at the lowest broken layer: the VE model alone, the driver's KUnit
# tests, the encoder and decoder end to end, the tool on the driver,
# v4l2-compliance, and the main job last; a test matching none of these
# groups runs before demo. Alphabetical within a group. Entries a fragment
# still adds by hand are dropped, so no test runs twice.
EMU_TESTS	:= $(sort $(basename $(notdir \
			$(wildcard $(TOP)/tests/emulator/guest/tests/*.sh))))
EMU_TEST_GROUPS	:= ve-% kunit enc-% dec-% tool-% compliance-%
EMU_TESTS	:= $(foreach g,$(EMU_TEST_GROUPS),$(filter $(g),$(EMU_TESTS))) \
		   $(filter-out $(EMU_TEST_GROUPS) demo,$(EMU_TESTS)) \
		   $(filter demo,$(EMU_TESTS))
CHECK_TARGETS	:= $(filter-out $(EMU_TESTS:%=emu-test-%),$(CHECK_TARGETS)) \
		   $(EMU_TESTS:%=emu-test-%)

# On the debug kernel: the tests that drive the driver hardest (every
# encoder and decoder path, drains and resets, hostile input, the fuzzer,
# the stress run, module reloads, v4l2-compliance), after the normal run.
EMU_DEBUG_TESTS	:= kunit enc-battery enc-multi enc-stress dec-h264-jobs \
		   dec-mpeg2-jobs dec-vp8-jobs dec-h265-jobs \
		   driver-fuzz driver-reload compliance-enc
CHECK_TARGETS	+= $(EMU_DEBUG_TESTS:%=emu-debug-test-%)

# A second "make kernel qemu rootfs" with nothing changed rebuilds nothing
# (the top-level Makefile runs it last in make check). The script runs make
# itself; no $(MAKE) here, so make -n does not run it.
.PHONY: check-incremental
check-incremental:
	@$(EMU_SCRIPTS)/check-incremental.sh
