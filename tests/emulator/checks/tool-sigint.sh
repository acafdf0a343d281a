#!/usr/bin/env bash
# Host check of guest/tests/tool-sigint.sh: after Ctrl-C the stream is
# complete: every frame the tool fed the encoder decodes, without errors.
set -euo pipefail
CHECK_NAME=tool-sigint
. "$(dirname "$0")/lib/tool.sh"
dir=$1

tool_check "$dir" sigint 640 480 "$dir/sigint.nv12"
