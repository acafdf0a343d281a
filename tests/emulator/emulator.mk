# Emulator: guest kernel, QEMU with the VE model, initramfs, and the tests
# that boot them. See tests/emulator/README.md.
#
# Interface for other fragments:
#   ROOTFS_EXTRA_FILES += SRC:DEST     put a built file into the initramfs
#                                       (DEST ending in / keeps the file name)
#   rootfs: SRC                         make sure SRC is built first
#   CHECK_TARGETS += emu-test-NAME      run tests/emulator/guest/tests/NAME.sh
#                                       in "make check"

EMU_SCRIPTS	:= $(TOP)/tests/emulator/scripts
DEPS_STAMP	:= $(BUILD)/stamps/deps
ROOTFS_EXTRA_FILES ?=

.PHONY: kernel qemu rootfs emulator run demo

# make deps runs the script when asked; the build steps run it only when it
# never ran or changed (it has its own stamp and needs root or sudo).
$(DEPS_STAMP): $(TOP)/tests/emulator/scripts/deps.sh $(TOP)/tests/emulator/scripts/fetch-guest-debs.sh
	$(TOP)/tests/emulator/scripts/deps.sh

kernel: | $(DEPS_STAMP)
	@JOBS=$(JOBS) $(EMU_SCRIPTS)/build-kernel.sh

qemu: | $(DEPS_STAMP)
	@JOBS=$(JOBS) $(EMU_SCRIPTS)/build-qemu.sh

rootfs: kernel | $(DEPS_STAMP)
	@ROOTFS_EXTRA_FILES="$(strip $(ROOTFS_EXTRA_FILES))" $(EMU_SCRIPTS)/build-rootfs.sh

emulator: kernel qemu rootfs

# make emu-test-NAME: boot, run the guest test NAME, collect, check.
emu-test-%: kernel qemu rootfs
	@$(EMU_SCRIPTS)/run-test.sh $*

# Interactive: the guest's serial console on this terminal.
run: kernel qemu rootfs
	@$(EMU_SCRIPTS)/run-test.sh --shell

# The main job: encode vivid camera frames on the emulated board.
demo: emu-test-demo
	@mkdir -p $(BUILD)/demo
	@cp $(BUILD)/emulator/results/demo/demo.h264 $(BUILD)/demo/demo.h264
	@echo "demo: wrote build/demo/demo.h264 ($$(stat -c %s $(BUILD)/demo/demo.h264) bytes)"
	@echo "demo: play it with: ffplay build/demo/demo.h264"

# (emulator tests are added to CHECK_TARGETS once they pass)
