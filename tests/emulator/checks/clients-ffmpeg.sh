#!/usr/bin/env bash
# Host check of guest/tests/clients-ffmpeg.sh (stock FFmpeg 7.1 through
# h264_v4l2m2m), one line per run; every run is judged, then the check
# fails if any run did:
# - raw720, raw1080, mp4, camera, w1366copy: ffmpeg exited 0 and its output
#   decodes with host ffmpeg, without an error, exactly into its source
#   frames (the VE model is lossless) at the size asked, with IDRs (key
#   frames, and only they are I frames) where FFmpeg asked for them; the
#   MP4 has avcC and its sync samples are exactly the IDRs.
# - w1366: FFmpeg ignores bytesperline (see the guest test): its payload
#   of 1366-byte lines is too small for lines 1376 bytes apart, so QBUF
#   fails, ffmpeg exits non-zero, the driver logs why and nothing is
#   written (a sheared picture is never encoded).
# - refused: YUYV input makes ffmpeg fail with "Encoder requires nv12
#   pixel format." and write nothing.
# - no run makes the driver log anything (the guest marks each run's start
#   and end in the kernel log).
# The buffer counts and formats the driver granted are printed with each
# run (FFmpeg asks for 16 OUTPUT and 4 CAPTURE buffers).
set -euo pipefail
CHECK_NAME=clients-ffmpeg
. "$(dirname "$0")/lib/stream.sh"
dir=${1:?usage: clients-ffmpeg.sh RESULTDIR}
exact=$(stream_exactness "$dir/any")
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }

check_fail() {
	echo "check $CHECK_NAME: $*" >&2
	exit 1
}

[ -f "$dir/summary.txt" ] || check_fail "no summary.txt"
[ -z "$(val failure)" ] || check_fail "guest: $(val failure)"
[[ "$(val ffmpeg)" == 7:7.1.* ]] || check_fail "FFmpeg is '$(val ffmpeg)', want 7.1"

# run_fail MESSAGE: the run being judged ($run) failed; ends its subshell.
run_fail() {
	echo "check $CHECK_NAME: $run: FAIL: $*" >&2
	exit 1
}

# driver_lines NAME: what the driver logged between the run's marks.
driver_lines() {
	grep -q "clients-ffmpeg: $1 end" "$dir/dmesg.txt" ||
		run_fail "no marks of the run in dmesg.txt"
	awk -v s="clients-ffmpeg: $1 start" -v e="clients-ffmpeg: $1 end" '
		index($0, s) { on = 1; next }
		index($0, e) { on = 0 }
		on && /cedrus/' "$dir/dmesg.txt"
}

# messages NAME LEVEL...: the distinct messages of ffmpeg's log NAME.log
# at the LEVELs (-v level+...), with their counts, on one line. Not
# counted: the v4l2 input's QBUFs on the camera's closed file descriptor,
# FFmpeg's own teardown (libavdevice frees the packets still queued after
# closing the device, which it announces with "Some buffers are still
# owned by the caller on close.").
messages() {
	local name=$1 levels
	shift
	levels=$(IFS='|'; echo "$*")
	tr '\r' '\n' <"$dir/$name.log" | grep -E "\[($levels)\] " |
		{ if grep -q 'Some buffers are still owned by the caller on close' "$dir/$name.log"; then
			grep -vx '\[error\] ioctl(VIDIOC_QBUF): Bad file descriptor'
		else
			cat
		fi; } |
		sed 's/ @ 0x[0-9a-f]*\]/]/' | sort | uniq -c | tr -s ' \n' ' ' | sed 's/ $//' || true
}

# ran_ok NAME: ffmpeg exited 0 and logged no error, the driver nothing;
# otherwise all of that which went wrong.
ran_ok() {
	local rc errors lines why=
	rc=$(val "${1}_rc")
	[ "$(val hung)" != 1 ] || run_fail "a program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
	[ "$rc" = 0 ] || why="ffmpeg exited $rc; "
	errors=$(messages "$1" error fatal panic)
	[ -z "$errors" ] || why="${why}ffmpeg logged errors (count, message):$errors; "
	lines=$(driver_lines "$1")
	[ -z "$lines" ] ||
		why="${why}the driver logged $(wc -l <<<"$lines") lines:$(sed 's/^\[[ 0-9.]*\]//' <<<"$lines" |
			sort | uniq -c | tr -s ' \n' ' ' | sed 's/ $//')"
	[ -z "$why" ] || run_fail "${why%; }"
}

# positions FILE ENTRY KEY: the frame/packet indexes whose ENTRY (from
# ffprobe) is KEY, comma-separated.
positions() {
	ffprobe -v error -select_streams v:0 -show_entries "$2" -of csv=p=0 "$1" |
		awk -v key="$3" '$0 == key { printf "%s%d", s, NR - 1; s = "," }'
}

# exact NAME STREAM SOURCE W H KEYS: STREAM decodes exactly into SOURCE,
# W x H, IDRs at KEYS (comma-separated) and no other I frame.
exact() {
	local name=$1 stream=$dir/$2 source=$3 w=$4 h=$5 keys=$6
	local size=$(($4 * $5 * 3 / 2)) n got work

	[ -s "$stream" ] || run_fail "no stream ($2 has $(stat -c %s "$stream" 2>/dev/null || echo no) bytes)"
	[ -f "$source" ] || run_fail "no source $source"
	n=$(($(stat -c %s "$source") / size))
	[ "$n" -gt 0 ] && [ $((n * size)) -eq "$(stat -c %s "$source")" ] ||
		run_fail "source $(basename "$source") is not whole ${w}x$h frames"
	work=$tmp/$name
	mkdir -p "$work"
	stream_decode_exact run_fail "$2" "$stream" "$source" "$n" "$size" "$work"
	got=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 "$stream")
	[ "$got" = "$w,$h" ] || run_fail "$2 is $got, want $w,$h"
	got=$(positions "$stream" frame=key_frame 1)
	[ "$got" = "$keys" ] || run_fail "key frames (IDR) at $got, want $keys"
	got=$(positions "$stream" frame=pict_type I)
	[ "$got" = "$keys" ] || run_fail "I frames at $got, want only the IDRs at $keys"
	frames=$n
}

# granted NAME: the buffers the driver gave, as FFmpeg logged them
# ("COUNT WxH sizeimage S bytesperline B" per queue).
granted() {
	local out cap
	out=$(val "${1}_output_buffers")
	cap=$(val "${1}_capture_buffers")
	[ -n "$out" ] && [ -n "$cap" ] || run_fail "FFmpeg logged no buffer counts"
	echo "granted OUTPUT $out, CAPTURE ${cap% bytesperline 0}"
}

check_raw() {
	exact "$run" "$run.h264" "$dir/src-$1x$2.nv12" "$1" "$2" 0
	echo "$frames frames $1x$2 $exact; $(granted "$run")"
}

check_mp4() {
	local got
	exact mp4 gop.mp4 "$dir/src-1280x720.nv12" 1280 720 0,4,6
	got=$(ffprobe -v error -show_entries format=format_name -of csv=p=0 "$dir/gop.mp4")
	[[ "$got" == *mp4* ]] || run_fail "gop.mp4 is '$got', not MP4"
	got=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_tag_string,extradata_size \
		-of csv=p=0 "$dir/gop.mp4")
	[[ "$got" =~ ^avc1,[1-9][0-9]*$ ]] || run_fail "gop.mp4 stream: '$got', want avc1 with avcC extradata"
	got=$(positions "$dir/gop.mp4" packet=flags K_)
	[ "$got" = 0,4,6 ] || run_fail "sync samples at $got, want the IDRs at 0,4,6"
	echo "$frames frames 1280x720 $exact, avcC, sync samples = IDRs = 0,4,6; $(granted mp4)"
}

check_camera() {
	exact camera camera.h264 "$dir/camera-src.nv12" 1280 720 0
	echo "$frames vivid frames 1280x720 $exact; $(granted camera)"
}

check_w1366() {
	local rc lines
	rc=$(val w1366_rc)
	[ -n "$rc" ] && [ "$rc" != 0 ] && [ "$rc" != killed ] ||
		run_fail "ffmpeg exited '$rc', want a failure (FFmpeg's 1366-byte lines would be read 1376 apart)"
	lines=$(driver_lines w1366)
	grep -q 'OUTPUT buffer [0-9]* plane 0: payload of 1573632 bytes, a 1366x768 picture with lines 1376 bytes apart takes 1585152' <<<"$lines" ||
		run_fail "no driver line naming the payload and the line spacing: $(head -n 2 <<<"$lines" | tr -s ' \n' ' ')"
	[ ! -s "$dir/w1366.h264" ] || run_fail "w1366.h264 has $(stat -c %s "$dir/w1366.h264") bytes of sheared pictures"
	echo "refused: FFmpeg's 1366-byte lines (it ignores bytesperline 1376) fail QBUF, exit $rc, the driver says why; $(granted w1366)"
}

check_w1366copy() {
	exact w1366copy w1366copy.h264 "$dir/src-1366x768.nv12" 1366 768 0
	echo "$frames frames 1366x768 $exact with -vf copy (FFmpeg's pool frames have 16-byte aligned lines, as bytesperline); $(granted w1366copy)"
}

check_refused() {
	local rc lines
	rc=$(val refused_rc)
	[ -n "$rc" ] && [ "$rc" != 0 ] && [ "$rc" != killed ] ||
		run_fail "ffmpeg exited '$rc', want a failure"
	grep -qx '.*Encoder requires nv12 pixel format\.' "$dir/refused.log" ||
		run_fail "no 'Encoder requires nv12 pixel format.' in refused.log: $(tail -n 3 "$dir/refused.log" | tr '\n' ' ')"
	[ ! -s "$dir/refused.h264" ] || run_fail "refused.h264 has $(stat -c %s "$dir/refused.h264") bytes"
	lines=$(driver_lines refused)
	[ -z "$lines" ] || run_fail "the driver logged $(wc -l <<<"$lines") lines: $(head -n 3 <<<"$lines" | tr -s ' \n' ' ')"
	echo "YUYV refused: exit $rc, \"$(grep -o 'Encoder requires nv12 pixel format\.' "$dir/refused.log")\", no output, driver silent"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Each run in a subshell of its own (errexit on: nothing is in a
# condition there), so that one run's failure does not hide the others'.
failed=0
for run in raw720 raw1080 mp4 camera w1366 w1366copy refused; do
	set +e
	(
		set -e
		case $run in
		raw720) ran_ok raw720; check_raw 1280 720 ;;
		raw1080) ran_ok raw1080; check_raw 1920 1080 ;;
		refused) check_refused ;;
		w1366) check_w1366 ;;
		*) ran_ok "$run"; "check_$run" ;;
		esac
	) >"$tmp/$run.out" 2>&1
	rc=$?
	set -e
	if [ "$rc" = 0 ]; then
		echo "check $CHECK_NAME: $run: $(tail -n 1 "$tmp/$run.out")"
	else
		cat "$tmp/$run.out" >&2
		failed=$((failed + 1))
	fi
done
# Warnings do not fail a run, but a user sees them: each one with the
# runs that gave it (and how often).
for run in raw720 raw1080 mp4 camera w1366 w1366copy; do
	tr '\r' '\n' <"$dir/$run.log" | sed -n "s/ @ 0x[0-9a-f]*\]/]/; s/^\(.*\)\[warning\] /$run \1/p"
done | sort | uniq -c | awk '
	{ n = $1; run = $2; $1 = $2 = ""; sub(/^ +/, ""); runs[$0] = runs[$0] sep[$0] run (n > 1 ? " " n "x" : ""); sep[$0] = ", " }
	END { for (m in runs) print m " (" runs[m] ")" }' | sort |
	sed "s/^/check $CHECK_NAME: FFmpeg warned: /"
[ "$failed" = 0 ] || check_fail "$failed of 7 runs failed"
echo "check $CHECK_NAME: FFmpeg $(val ffmpeg): all 7 runs as expected"
