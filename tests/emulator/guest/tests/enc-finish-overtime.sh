# fault=finish-overtime (enc-finish-overtime.qemu): every encode finishes
# with OVERTIME latched next to FINISH. Both prior drivers count such a
# frame as done; so must ours: the stream decodes exactly (host:
# checks/enc-finish-overtime.sh) and no frame is flagged ERROR.
. /opt/cedrus/lib/tool.sh

tool_setup
vivid_capture src.nv12 NV12 320 240 10
tool_run overtime --input src.nv12 --size 320x240 --fps 30 --gop 5
