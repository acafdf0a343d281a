# VE hang injection (enc-hang.qemu: allwinner-ve.fault=hang, which hangs
# every encode of the boot): each job must be ended by the watchdog with
# V4L2_BUF_FLAG_ERROR, and the next job must run (and be ended) again, so
# one hung encode never wedges the device. Host check: checks/enc-hang.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
enc_tool_failing hang 320x240 3 --gop 10
