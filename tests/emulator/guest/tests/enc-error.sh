# VE error status (enc-error.qemu: allwinner-ve.fault=error finishes every
# encode with the STALL error status): every CAPTURE buffer comes back
# with V4L2_BUF_FLAG_ERROR and no payload, through the interrupt, not the
# watchdog. Host check: checks/enc-error.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
enc_tool_failing error 320x240 5 --gop 10
