# Host side of the enc-*.sh tests, sourced by checks/enc-*.sh
# (guest side: guest/lib/enc.sh).
#
# The encodes come from v4l2-cedrus-enc-test (enc_tool: NAME.csv, its
# --stats, NAME.nv12, every frame it queued, and NAME.summary).
#
# enc_log DIR NAME
#   one line per CAPTURE buffer in dequeue order: "BYTES KEY PFRAME ERROR T",
#   the flags 0 or 1 (KEYFRAME, PFRAME, ERROR), T the CLOCK_MONOTONIC
#   microseconds at which it was dequeued. Returns 1 without a log.
#
# check_encode DIR NAME WIDTH HEIGHT TYPES [SPS_COUNT [ERRORS]]
#   NAME.h264 decodes with host ffmpeg without any error message into
#   exactly the frames of NAME.nv12 that did not fail (stream_decode_exact:
#   byte for byte on the lossless model, the VE's reconstruction within a
#   PSNR floor of them on the lossy one), the
#   stream is WIDTH x HEIGHT at $ENC_FPS (default 30) fps, the frame types
#   in decode order are TYPES (D = IDR, I = other I, P) according to
#   ffprobe and to the CAPTURE buffer flags (KEYFRAME for D, the random
#   access points, no frame type flag for I, PFRAME for P), if given (not
#   empty) the stream has SPS_COUNT sequence
#   parameter sets, and exactly ERRORS (default 0) CAPTURE buffers came
#   back with the ERROR flag, without payload (they are not in TYPES).

. "$(dirname "${BASH_SOURCE[0]}")/stream.sh"

enc_fail() {
	echo "check ${CHECK_NAME:-enc}: $*" >&2
	exit 1
}

enc_log() {
	local dir=$1 name=$2
	[ -f "$dir/$name.csv" ] || return 1
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
			   if (!col["flags"] || !col["bytes"] || !col["done_us"]) exit 2
			   next }
		 { f = $col["flags"]
		   print $col["bytes"], (f ~ /K/), (f ~ /P/), (f ~ /E/), $col["done_us"] }' \
		"$dir/$name.csv"
}

check_encode() {
	local dir=$1 name=$2 w=$3 h=$4 types=$5 sps_count=${6:-} errors=${7:-0}
	local fps=${ENC_FPS:-30}
	local stream=$dir/$name.h264 source=$dir/$name.nv12
	local n=${#types}
	local work got size flags want i frames queued

	[ -s "$stream" ] || enc_fail "$name: no stream"
	[ -f "$source" ] || enc_fail "$name: no source frames"
	frames=$(enc_log "$dir" "$name") || enc_fail "$name: no frame log"
	size=$((w * h * 3 / 2))

	work=$(mktemp -d)
	# shellcheck disable=SC2064
	trap "rm -rf '$work'" RETURN

	# The tool saves every frame it queued: keep those whose CAPTURE
	# buffer did not fail (ERROR buffers carry no picture).
	queued=$(echo "$frames" | wc -l)
	[ "$(stat -c %s "$source")" -eq $((queued * size)) ] ||
		enc_fail "$name: source has $(stat -c %s "$source") bytes, want $queued frames of $size"
	if echo "$frames" | awk '$4 { e = 1 } END { exit !e }'; then
		echo "$frames" | python3 -c '
import sys
size, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(src, "rb") as i, open(dst, "wb") as o:
    for line in sys.stdin:
        frame = i.read(size)
        if line.split()[3] == "0":
            o.write(frame)' "$size" "$source" "$work/source.nv12"
		source=$work/source.nv12
	fi
	[ "$(stat -c %s "$source")" -eq $((n * size)) ] ||
		enc_fail "$name: source has $(stat -c %s "$source") bytes, want $n frames of $size"

	# 1. Decode: no error message, exactly the source frames.
	stream_decode_exact enc_fail "$name" "$stream" "$source" "$n" "$size" "$work"

	# 2. Stream parameters: visible size and frame rate from the SPS.
	got=$(ffprobe -v error -select_streams v:0 \
		-show_entries stream=width,height,r_frame_rate -of csv=p=0 "$stream")
	[ "$got" = "$w,$h,$fps/1" ] ||
		enc_fail "$name: stream is '$got', want '$w,$h,$fps/1'"

	# 3. Frame types in the stream (decode order = output order here).
	got=$(ffprobe -v error -select_streams v:0 \
		-show_entries frame=key_frame,pict_type -of default=nw=1 "$stream" |
		awk -F= '$1 == "key_frame" { k = $2 }
			 $1 == "pict_type" { printf "%s", ($2 == "I" ? (k ? "D" : "I") : $2) }')
	[ "$got" = "$types" ] ||
		enc_fail "$name: frame types
  got  $got
  want $types"

	# 4. CAPTURE buffer flags from the guest; ERROR buffers carry nothing.
	#    KEYFRAME marks IDRs only (K), a non-IDR I has no type flag (-).
	flags=$(echo "$frames" | awk '{ if ($4) printf ($1 ? "!" : "");
				       else if ($2 && !$3) printf "K";
				       else if ($3 && !$2) printf "P";
				       else if (!$2 && !$3) printf "-"; else printf "?" }')
	want=$(echo "$types" | tr DI K-)
	[ "$flags" = "$want" ] ||
		enc_fail "$name: CAPTURE flags (K = KEYFRAME, - = none, ! = ERROR with a payload)
  got  $flags
  want $want"
	got=$(echo "$frames" | awk '$4' | wc -l)
	[ "$got" -eq "$errors" ] || enc_fail "$name: $got ERROR buffers, want $errors"

	# 5. SPS count: the Annex B start code + SPS NAL header 00 00 00 01 67
	#    (emulation prevention keeps 00 00 00 out of NAL payloads).
	if [ -n "$sps_count" ]; then
		got=$(od -An -v -tx1 "$stream" | tr -d ' \n' | grep -o 0000000167 | wc -l)
		[ "$got" -eq "$sps_count" ] ||
			enc_fail "$name: $got SPS, want $sps_count"
	fi

	echo "check ${CHECK_NAME:-enc}: $name ok: $n frames ${w}x$h $(stream_exactness "$stream"), types $types"
}

# check_failed_jobs DIR NAME FRAMES WATCHDOG_RESETS ERROR_STATUSES
#   for enc_tool_failing: all FRAMES CAPTURE buffers
#   came back with the ERROR flag and no payload, and the kernel logged
#   exactly that many watchdog resets and error statuses.
check_failed_jobs() {
	local dir=$1 name=$2 n=$3 resets=$4 statuses=$5
	local s=$dir/summary.txt frames

	frames=$(enc_log "$dir" "$name") || enc_fail "$name: no frame log"
	grep -qx "error_buffers=$n" "$dir/$name.summary" || enc_fail "$name: not $n ERROR frames"
	grep -qx "frames=0" "$dir/$name.summary" || enc_fail "$name: frames encoded without ERROR"
	[ "$(echo "$frames" | wc -l)" -eq "$n" ] || enc_fail "$name: frame log has not $n buffers"
	[ "$(echo "$frames" | awk '$4' | wc -l)" -eq "$n" ] || enc_fail "$name: frame log"
	[ "$(echo "$frames" | awk '$1 == 0' | wc -l)" -eq "$n" ] || enc_fail "$name: payload on an ERROR frame"
	grep -qx "watchdog_resets=$resets" "$s" || enc_fail "$name: not $resets watchdog resets"
	grep -qx "failed_status=$statuses" "$s" || enc_fail "$name: not $statuses error statuses logged"
	echo "check ${CHECK_NAME:-enc}: $name: $n ERROR buffers, $resets watchdog resets, $statuses error statuses"
}

# model_job_times DIR FRAMES: from DIR/qemu.log (the job_start and job_done
# trace events, timestamped: NAME.trace and "-msg timestamp=on" in
# NAME.qemu), print the host wall time the VE model spent per encode
# job, median and maximum for I and P slices, and their sum. A figure for
# make bench-model's 40 ms target as the emulator tests meet it, not a
# bound: only the number of jobs (FRAMES, each started job done) is
# checked.
model_job_times() {
	local dir=$1 frames=$2 log=$1/qemu.log

	[ -s "$log" ] || enc_fail "no $log (NAME.trace and NAME.qemu)"
	python3 - "$log" "$frames" <<'PY' || enc_fail "model job times: see above"
import re, statistics, sys

log, frames = sys.argv[1], int(sys.argv[2])
times = {"I": [], "P": []}
start = None
for line in open(log):
    m = re.match(r"\d+@(\d+\.\d+):allwinner_ve_job_(start|done) (.*)", line)
    if not m:
        continue
    t, ev, rest = float(m.group(1)), m.group(2), m.group(3)
    if ev == "start":
        start, kind = t, "I" if " I slice" in rest else "P"
    elif start is not None:
        times[kind].append((t - start) * 1000)
        start = None
n = len(times["I"]) + len(times["P"])
if n != frames or start is not None:
    print(f"qemu.log: {n} finished encode jobs (start without done: "
          f"{start is not None}), want {frames}", file=sys.stderr)
    sys.exit(1)
parts = [f"{k} {len(v)} jobs median {statistics.median(v):.1f} ms, "
         f"max {max(v):.1f} ms" for k, v in times.items() if v]
total = sum(sum(v) for v in times.values()) / 1000
print(f"VE model time per frame (host wall time): {'; '.join(parts)}; "
      f"{total:.2f} s in all")
PY
}
