# Bitstream overflow (enc-overflow.qemu: allwinner-ve.stream-limit=16384
# makes the VE stop with an error once 16 KiB of slice data are written):
# a 176x144 IDR (99 I_PCM macroblocks, 38 KB) overflows, so every frame
# (each one retried as an IDR) must come back with ERROR and no payload,
# through the interrupt. Host check: checks/enc-overflow.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
enc_tool_failing overflow 176x144 4 --gop 10
