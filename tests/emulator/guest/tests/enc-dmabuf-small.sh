# An OUTPUT DMABUF smaller than sizeimage must be refused by QBUF (EINVAL)
# with a kernel log line giving both sizes, at 320x240 and at 1920x1080
# (whose sizeimage is checked against the lines the VE reads). The dma-buf
# is queued with a length of 0, so the driver must use the dma-buf's size.
# Host check: checks/enc-dmabuf-small.sh.
. /opt/cedrus/lib/enc.sh

enc_setup
for size in 320x240 1920x1080; do
	rc=0
	cedrus-enc-check --encoder "$ENC" --small-dmabuf -W "${size%x*}" \
		-H "${size#*x}" >"small-$size.out" 2>&1 || rc=$?
	cat "small-$size.out"
	[ "$rc" = 0 ] || fail "small DMABUF check at $size failed"
done
