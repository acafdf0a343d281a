# VE error injection on decode jobs (dec-error.qemu: allwinner-ve.fault=error
# ends every job with its engine's error bit): a 20-picture H.264 decoder
# context (cedrus-dec-h264-check --frames 20) gets every CAPTURE buffer
# back with ERROR, through the VE's interrupt, not the watchdog.
# Host check: checks/dec-error.sh.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve
dec_fault_run cedrus-dec-h264-check 20
