# A VP8 decode job that never ends (dec-vp8-hang-once.qemu:
# allwinner-ve.fault=hang-once hangs the machine's first job): in a
# 20-frame VP8 context (cedrus-dec-vp8-check --frames 20) the key frame
# comes back with ERROR through the watchdog's VE reset, and the inter
# frames after it, which reference its buffer, decode DONE.
# Host check: checks/dec-vp8-hang-once.sh.
. /opt/cedrus/lib/common.sh

load_module cedrus-ve
dec_fault_run cedrus-dec-vp8-check 20
