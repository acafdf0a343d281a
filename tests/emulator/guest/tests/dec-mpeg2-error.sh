# VE error injection on MPEG-2 decode jobs (dec-mpeg2-error.qemu:
# allwinner-ve.fault=error ends every job with the MPEG block's error bit,
# what the VE reports for a malformed picture): a 10-picture I/P/B decoder
# context (cedrus-dec-mpeg2-check --frames 10) gets every CAPTURE buffer
# back with ERROR, through the VE's interrupt, not the watchdog.
# Host check: checks/dec-mpeg2-error.sh.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve
dec_fault_run cedrus-dec-mpeg2-check 10
