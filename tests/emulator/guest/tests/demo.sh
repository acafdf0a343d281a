# The project's main job: encode vivid camera frames with the VE H.264
# encoder. Writes demo.h264 to the results (make demo copies it to build/demo/).
. /opt/cedrus/lib/common.sh

FRAMES=${FRAMES:-90}
WIDTH=640
HEIGHT=480

# The encoder driver (drivers/media/platform/sunxi/cedrus, module cedrus-ve).
load_module cedrus-ve
load_module vivid n_devs=1 allocators=1

camera=$(wait_video_node vivid "Video Capture") || fail "no vivid capture node; nodes: $(list_video_nodes | tr '\n' ';')"
sleep 1
enc=$(find_encoder_node) ||
	fail "no V4L2 encoder (H264 on CAPTURE, NV12 on OUTPUT) found; video nodes: $(list_video_nodes | tr '\n' ';')"
kv camera_node "$camera"
kv encoder_node "$enc"
log "camera $camera, encoder $enc"

if [ -x /usr/bin/v4l2-cedrus-enc-test ]; then
	kv method v4l2-cedrus-enc-test
	v4l2-cedrus-enc-test --camera "$camera" --frames "$FRAMES" --output demo.h264 \
		--save-input demo.nv12 ||
		fail "v4l2-cedrus-enc-test failed"
else
	kv method v4l2-ctl
	v4l2-ctl -d "$camera" --set-fmt-video=width=$WIDTH,height=$HEIGHT,pixelformat=NV12 ||
		fail "vivid does not take NV12 ${WIDTH}x$HEIGHT"
	v4l2-ctl -d "$camera" --stream-mmap --stream-count="$FRAMES" --stream-to=/tmp/camera.nv12 ||
		fail "capturing from vivid failed"
	v4l2-ctl -d "$enc" --set-fmt-video-out=width=$WIDTH,height=$HEIGHT,pixelformat=NV12 \
		--set-fmt-video=pixelformat=H264 \
		--stream-out-mmap --stream-mmap --stream-from=/tmp/camera.nv12 \
		--stream-to=demo.h264 --stream-count="$FRAMES" ||
		fail "encoding with v4l2-ctl failed"
	mv /tmp/camera.nv12 demo.nv12
fi
[ -s demo.h264 ] || fail "the encoder produced no output"
kv frames "$FRAMES"
kv bytes "$(wc -c <demo.h264)"
