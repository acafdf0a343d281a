# Benchmarks: they print figures and are not part of make check.
# See tests/emulator/README.md, "Benchmarks".

.PHONY: bench-clients

# Guest instructions per steady-state frame of each encode path (the tool
# zero-copy and --copy, GStreamer, FFmpeg) at 720p and 1080p, counted with
# QEMU's libinsn plugin; the table goes to build/bench/clients/table.txt.
bench-clients: kernel qemu rootfs clients-image
	@$(TOP)/tests/emulator/bench/clients.sh

.PHONY: bench-rc

# Rate control accuracy: the runs of the enc-rc test (content, mode, target,
# achieved after the first second, error, bucket peak as a share of the
# CPB, QP range) as a table, whether or not they keep enc-rc's bounds; it
# goes to build/bench/rc/table.txt.
bench-rc: kernel qemu rootfs
	@$(EMU_SCRIPTS)/run-test.sh enc-rc || echo "bench-rc: enc-rc reported a failure (table below)"
	@mkdir -p $(BUILD)/bench/rc
	@python3 $(TOP)/tests/emulator/checks/enc-rc-table.py $(BUILD)/emulator/results/enc-rc \
		--no-bounds | tee $(BUILD)/bench/rc/table.txt
