# VE error injection on VP8 decode jobs (dec-vp8-error.qemu:
# allwinner-ve.fault=error ends every job with the error bit, what a
# malformed frame gives on silicon): a 20-frame VP8 context
# (cedrus-dec-vp8-check --frames 20: key and inter frames with last,
# golden and altref references) gets every CAPTURE buffer back with
# ERROR, through the VE's interrupt, not the watchdog.
# Host check: checks/dec-vp8-error.sh.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve
dec_fault_run cedrus-dec-vp8-check 20
