# VE hang injection, then recovery (enc-hang-once.qemu:
# allwinner-ve.fault=hang-once hangs the first encode of the boot only):
# the watchdog ends the hung job with V4L2_BUF_FLAG_ERROR, and the encode
# goes on: the next frame starts a new stream (SPS, PPS, IDR) that decodes
# exactly. Host check: checks/enc-hang-once.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
enc_tool recover "$VIVID" 320x240 12 --gop 10 --expect-errors
kv watchdog_resets "$(dmesg | grep -c 'job timed out')"
