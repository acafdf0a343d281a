# The decoder differential test on an H6-variant board: the board's VE node
# has the H6 compatible (dec-diff-h6.dtso), so that both drivers take their
# H6 variant (10-bit HEVC, no MBUS DMA offset), and QEMU's VE takes bus
# addresses as CPU physical ones (dec-diff-h6.qemu). As in dec-diff.sh
# (guest/lib/dec-diff.sh), GStreamer decodes every stream of
# /usr/share/cedrus/dec-diff-h6 (from tests/emulator/dec-diff/streams-h6.txt:
# Main 10 HEVC, and one 8-bit stream) on staging cedrus, then on cedrus-ve;
# QEMU traces every VE register write (dec-diff-h6.trace), cut per driver
# and stream by the numbered markers written to the RTC's GP7 register
# (markers.txt); the host check (checks/dec-diff-h6.sh) compares the jobs.
. /opt/cedrus/lib/dec-diff.sh

VE_NODE=/proc/device-tree/soc/video-codec@1c0e000

dec_diff_setup /usr/share/cedrus/dec-diff-h6
kv ve_compatible "$(tr '\0' ' ' <$VE_NODE/compatible)"

dec_diff_run
