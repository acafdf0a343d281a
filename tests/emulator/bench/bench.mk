# Benchmarks: they print figures and are not part of make check.
# See tests/emulator/README.md, "Benchmarks".

.PHONY: bench-clients

# Guest instructions per steady-state frame of each encode path (the tool
# zero-copy and --copy, GStreamer, FFmpeg) at 720p and 1080p, counted with
# QEMU's libinsn plugin; the table goes to build/bench/clients/table.txt.
bench-clients: kernel qemu rootfs clients-image
	@$(TOP)/tests/emulator/bench/clients.sh
