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
