# v4l2-ctl --stream-to=- | v4l2-cedrus-enc-test --input - --output -:
# raw frames on stdin, Annex-B on stdout. Host: checks/tool-pipe.sh.
. /opt/cedrus/lib/tool.sh

tool_setup

v4l2-ctl -d "$VIVID" --set-fmt-video=width=640,height=480,pixelformat=NV12 ||
	fail "vivid refuses NV12 640x480"
rc=0
v4l2-ctl -d "$VIVID" --stream-mmap --stream-count=15 --stream-to=- 2>v4l2-ctl.log |
	tee pipe.src.nv12 |
	v4l2-cedrus-enc-test --device "$ENC" --input - --size 640x480 --fps 30 --timeout 60000 \
		--capture-size 8M --output - \
		--stats pipe.csv --summary pipe.summary 2>pipe.log >pipe.h264 || rc=$?
cat pipe.log
kv pipe.rc "$rc"
[ "$rc" = 0 ] || fail "v4l2-cedrus-enc-test in a pipe failed (exit $rc)"
[ -s pipe.h264 ] || fail "no stream on stdout"
