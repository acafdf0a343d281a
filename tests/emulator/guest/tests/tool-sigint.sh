# Ctrl-C (SIGINT) during an endless pattern encode: the tool drains the
# encoder and exits 0, leaving a complete stream. Host: checks/tool-sigint.sh.
. /opt/cedrus/lib/tool.sh

tool_setup

v4l2-cedrus-enc-test --device "$ENC" --pattern --size 640x480 --timeout 60000 \
	--capture-size 8M --output sigint.h264 \
	--stats sigint.csv --summary sigint.summary --save-input sigint.nv12 \
	>sigint.log 2>&1 &
pid=$!
# Let it encode a few frames first.
n=0
while [ "$(wc -c 2>/dev/null <sigint.h264 || echo 0)" -lt 20000 ]; do
	n=$((n + 1))
	[ $n -lt 300 ] || { kill -KILL $pid; cat sigint.log; fail "no output after 60 s"; }
	sleep 0.2
done
kill -INT $pid
rc=0
wait $pid || rc=$?
cat sigint.log
kv sigint.rc "$rc"
[ "$rc" = 0 ] || fail "exit code $rc after SIGINT, want 0"
grep -q 'interrupted after' sigint.log || fail "the tool did not report the interruption"
