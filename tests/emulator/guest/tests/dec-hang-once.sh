# VE hang injection on decode jobs, then recovery (dec-hang-once.qemu:
# allwinner-ve.fault=hang-once hangs the first job of the boot only): in a
# 20-picture H.264 decoder context (cedrus-dec-h264-check --frames 20) the
# watchdog ends the first picture with ERROR, and the next job's engine
# selection ends the hang in the model, so the other 19 come back DONE.
# Host check: checks/dec-hang-once.sh.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve
dec_fault_run cedrus-dec-h264-check 20
