# Benchmarks: they print figures and are not part of make check.
# See tests/emulator/README.md, "Benchmarks".

.PHONY: bench-clients

# Guest instructions per steady-state frame of each encode path (the tool
# zero-copy and --copy, GStreamer, FFmpeg) at 720p and 1080p, counted with
# QEMU's libinsn plugin; the table goes to build/bench/clients/table.txt.
bench-clients: kernel qemu rootfs clients-image
	@$(TOP)/tests/emulator/bench/clients.sh

.PHONY: bench-rc

# Rate control accuracy: the runs of the rate-control tests (enc-rc at
# 320x240, enc-rc-360p, enc-rc-1080p, and the stock clients' clients-rc:
# size, content, mode, target, achieved after the first second, error,
# bucket peak as a share of the CPB, QP range) as one table, whether or not
# they keep the tests' bounds; it goes to build/bench/rc/table.txt. About
# 15 min: the four boots one after the other.
BENCH_RC_TESTS := enc-rc enc-rc-360p enc-rc-1080p clients-rc

bench-rc: kernel qemu rootfs clients-image
	@for t in $(BENCH_RC_TESTS); do \
		$(EMU_SCRIPTS)/run-test.sh $$t || echo "bench-rc: $$t reported a failure (table below)"; \
	done
	@mkdir -p $(BUILD)/bench/rc
	@python3 $(TOP)/tests/emulator/checks/enc-rc-table.py \
		$(foreach t,$(filter-out clients-rc,$(BENCH_RC_TESTS)),$(BUILD)/emulator/results/$(t)) \
		$(BUILD)/emulator/results/clients-rc/rc \
		--no-bounds | tee $(BUILD)/bench/rc/table.txt
