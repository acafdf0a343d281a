# An OUTPUT DMABUF smaller than sizeimage must be refused by QBUF (EINVAL).
. /opt/cedrus/tests/enc-lib.sh

enc_setup
rc=0
cedrus-enc-check --encoder "$ENC" --small-dmabuf -W 320 -H 240 \
	>small.out 2>&1 || rc=$?
cat small.out
cat small.out >>summary.txt
[ "$rc" = 0 ] || fail "small DMABUF check failed"
