# v4l2-cedrus-enc-test on files: raw NV12 at 1280x720, raw I420 at 1920x1080
# (converted on the fly, coded 1920x1088), and Y4M. Host: checks/tool-file.sh.
. /opt/cedrus/lib/tool.sh

tool_setup

vivid_capture src720.nv12 NV12 1280 720 8
tool_run file720 --input src720.nv12 --size 1280x720 --fps 30

vivid_capture src1080.i420 YU12 1920 1080 4
tool_run file1080 --input src1080.i420 --input-format i420 --size 1920x1080 --fps 30

# Y4M: the header, then "FRAME" before each I420 frame.
vivid_capture y4m.i420 YU12 640 480 5
{
	printf 'YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n'
	i=0
	while [ $i -lt 5 ]; do
		printf 'FRAME\n'
		dd if=y4m.i420 bs=460800 skip=$i count=1 2>/dev/null
		i=$((i + 1))
	done
} >src.y4m
tool_run y4m --input src.y4m
