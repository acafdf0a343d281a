# The decoder differential test (emu-test-dec-diff, README.md "The decoder
# differential test"): its streams, generated on the host from
# dec-diff/streams.txt into build/dec-diff/, go into the initramfs as
# /usr/share/cedrus/dec-diff/NAME.EXT with the guest's list, streams.list.
DEC_DIFF_LIST	:= $(TOP)/tests/emulator/dec-diff/streams.txt
DEC_DIFF_DIR	:= $(BUILD)/dec-diff
DEC_DIFF_FILES	:= $(DEC_DIFF_DIR)/streams.list \
		   $(addprefix $(DEC_DIFF_DIR)/,$(shell awk '!/^[[:space:]]*(\#|$$)/ \
			{ print $$1 "." $$3 }' $(DEC_DIFF_LIST)))

# The script decides what to encode (a stream whose line changed); make
# runs it every time, which costs a fraction of a second. The host's ffmpeg
# comes with make deps.
.PHONY: dec-diff-streams
dec-diff-streams: | $(DEPS_STAMP)
	@$(EMU_SCRIPTS)/dec-diff-streams.sh $(DEC_DIFF_LIST) $(DEC_DIFF_DIR)

rootfs: dec-diff-streams
ROOTFS_EXTRA_FILES += $(DEC_DIFF_FILES:%=%:/usr/share/cedrus/dec-diff/)
# The streams guest programs make (programs.txt), listed for the guest.
ROOTFS_EXTRA_FILES += $(TOP)/tests/emulator/dec-diff/programs.txt:/usr/share/cedrus/dec-diff/

# The H6 variant's test (emu-test-dec-diff-h6): streams-h6.txt into
# build/dec-diff-h6/, in the initramfs as /usr/share/cedrus/dec-diff-h6/.
DEC_DIFF_H6_LIST	:= $(TOP)/tests/emulator/dec-diff/streams-h6.txt
DEC_DIFF_H6_DIR		:= $(BUILD)/dec-diff-h6
DEC_DIFF_H6_FILES	:= $(DEC_DIFF_H6_DIR)/streams.list \
			   $(addprefix $(DEC_DIFF_H6_DIR)/,$(shell awk '!/^[[:space:]]*(\#|$$)/ \
				{ print $$1 "." $$3 }' $(DEC_DIFF_H6_LIST)))

.PHONY: dec-diff-h6-streams
dec-diff-h6-streams: | $(DEPS_STAMP)
	@$(EMU_SCRIPTS)/dec-diff-streams.sh $(DEC_DIFF_H6_LIST) $(DEC_DIFF_H6_DIR)

rootfs: dec-diff-h6-streams
ROOTFS_EXTRA_FILES += $(DEC_DIFF_H6_FILES:%=%:/usr/share/cedrus/dec-diff-h6/)
