#!/usr/bin/env bash
# Host check of guest/tests/clients-rc.sh: rate control through the stock
# clients. Per run: the client exited 0; FFmpeg's debug log shows the
# frame rate and bit rate it set ("frame rate(30/1)", "bit rate = TARGET");
# GStreamer logged no warning about a control (a misspelt extra-controls
# name is only a warning); then
# h264-frames.py reads every frame of its stream (size, type, slice QP)
# into NAME.csv and enc-rc-table.py holds the runs to enc-rc's bounds (CBR
# within 5 % after the first second, VBR at most the target, the CPB of
# one second at the drain rate never overflows, QP steps <= 4 within a
# frame type; lim-ff-default, FFmpeg's default 200 kbit/s, is a documented
# limit: QP 51 from frame 60 on, and the CPB overflows), and each stream decodes to the VE's reconstruction
# (checks/lib/rc.sh). The 5 % at 30 fps also shows that each client's frame
# rate reached the driver (S_PARM): at its default, 25 fps, the frame
# budgets would be 20 % larger.
set -euo pipefail
CHECK_NAME=clients-rc
. "$(dirname "$0")/lib/rc.sh"
dir=${1:?usage: clients-rc.sh RESULTDIR}
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }
check_fail() {
	echo "check $CHECK_NAME: $*" >&2
	exit 1
}

[ -f "$dir/summary.txt" ] || check_fail "no summary.txt"
[ -z "$(val failure)" ] || check_fail "guest: $(val failure)"

abs=$(realpath "$dir")
work=$dir/rc
rm -rf "$work"
mkdir "$work"
runs="ff-1m lim-ff-default gst-1m gst-vbr-1m"
for run in $runs; do
	rc=$(val "${run}_rc")
	[ "$rc" = 0 ] || { tail -n 5 "$dir/$run.log" >&2; check_fail "$run: the client exited '$rc'"; }
	target=$(sed -n 's/^target_bitrate_bps=//p' "$dir/$run.summary")
	case $run in
	ff-* | lim-ff-*)
		grep -q "Encoder Context: .* frame rate(30/1)" "$dir/$run.log" ||
			check_fail "$run: FFmpeg's encoder frame rate is not 30/1"
		grep -q "Encoder: bit rate = $target\$" "$dir/$run.log" ||
			check_fail "$run: FFmpeg did not set BITRATE to $target: $(grep -a 'bit rate' "$dir/$run.log" | head -n 2 | tr '\n' ' ')"
		;;
	gst-*)
		! grep -a -i "WARN.*control" "$dir/$run.gstlog" >&2 ||
			check_fail "$run: GStreamer warned about a control (above)"
		;;
	esac
	ln -s "$abs/$run.summary" "$abs/$run.h264" "$work/"
	python3 "$(dirname "$0")/lib/h264-frames.py" "$dir/$run.h264" "$work/$run.csv" ||
		check_fail "$run: the stream cannot be read"
done
ln -s "$abs/rec.nv12" "$work/rec.nv12"
# FFmpeg's default 200 kbit/s: the controller does all it may, QP 51 (the
# driver's MAX QP) for every frame after the first two seconds.
qps=$(awk -F, 'NR > 61 { print $4 }' "$work/lim-ff-default.csv" | sort -u | tr '\n' ' ')
[ "$qps" = "51 " ] || check_fail "lim-ff-default: QPs '$qps' from frame 60 on, want only 51"
rc_check "$CHECK_NAME" "$work"
echo "check $CHECK_NAME: FFmpeg $(val ffmpeg), GStreamer $(val gstreamer): ff-1m, gst-1m and gst-vbr-1m within the bounds, lim-ff-default at QP 51 as documented"
