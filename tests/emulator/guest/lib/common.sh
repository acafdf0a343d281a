# Helpers for guest tests: ". /opt/cedrus/lib/common.sh" at the top of a test.
# Tests run under busybox sh with $RESULTS as the working directory.

RESULTS=${RESULTS:-$PWD}

log() {
	echo "[$(cut -d' ' -f1 /proc/uptime)] $*"
}

# kv KEY VALUE: record a machine-readable result in $RESULTS/summary.txt.
kv() {
	echo "$1=$2" >>"$RESULTS/summary.txt"
}

# fail MESSAGE: record the reason and stop the test with exit code 1.
fail() {
	echo "FAIL: $*" >&2
	kv failure "$*"
	exit 1
}

# video_node_info /dev/videoN: "driver card" of a node (v4l2-ctl -D).
video_node_info() {
	v4l2-ctl -d "$1" -D 2>/dev/null | awk -F': ' '
		/^[ \t]*Driver name/ { drv = $2 }
		/^[ \t]*Card type/ { card = $2 }
		END { print drv " " card }'
}

# list_video_nodes: one line per video node: "/dev/videoN driver card".
list_video_nodes() {
	for dev in /dev/video*; do
		[ -c "$dev" ] || continue
		echo "$dev $(video_node_info "$dev")"
	done
}

# find_video_node DRIVER_OR_CARD [CAPABILITY]: print the first /dev/videoN
# whose driver name or card type is DRIVER_OR_CARD and, if given, whose
# device caps include CAPABILITY (e.g. "Video Capture"). Returns 1 if none.
find_video_node() {
	for dev in /dev/video*; do
		[ -c "$dev" ] || continue
		info=$(v4l2-ctl -d "$dev" -D 2>/dev/null) || continue
		echo "$info" | grep -Eq "^[[:space:]]*(Driver name|Card type)[[:space:]]*: $1\$" || continue
		if [ -n "$2" ]; then
			echo "$info" | sed -n '/Device Caps/,$p' | grep -q "$2" || continue
		fi
		echo "$dev"
		return 0
	done
	return 1
}

# wait_video_node DRIVER_OR_CARD [CAPABILITY] [SECONDS]: find_video_node,
# retried for up to SECONDS (default 10) while the driver probes.
wait_video_node() {
	t=0
	while [ "$t" -lt "$((${3:-10} * 5))" ]; do
		find_video_node "$1" "$2" && return 0
		sleep 0.2
		t=$((t + 1))
	done
	return 1
}

# find_encoder_node: print the first node with H264 on CAPTURE and NV12 on
# OUTPUT (a stateful H.264 encoder). Returns 1 if none.
find_encoder_node() {
	for dev in /dev/video*; do
		[ -c "$dev" ] || continue
		v4l2-ctl -d "$dev" --list-formats 2>/dev/null | grep -q "'H264'" || continue
		v4l2-ctl -d "$dev" --list-formats-out 2>/dev/null | grep -q "'NV12'" || continue
		echo "$dev"
		return 0
	done
	return 1
}

# load_module NAME [ARGS...]: modprobe, failing the test with the kernel log.
load_module() {
	if ! modprobe "$@"; then
		dmesg | tail -n 20
		fail "modprobe $* failed"
	fi
	log "loaded $1"
}

# compliance_totals FILE: print "total succeeded failed warnings" from the
# summary line of v4l2-compliance output; returns 1 without a summary line.
compliance_totals() {
	sed -n 's/^Total for .*: \([0-9]*\), Succeeded: \([0-9]*\), Failed: \([0-9]*\), Warnings: \([0-9]*\).*/\1 \2 \3 \4/p' "$1" |
		tail -n 1 | grep .
}

# dec_summary FILE: the "NAME key=value ..." lines cedrus-dec-h264-check
# prints, as NAME_key=value in summary.txt ("done" as done=1).
dec_summary() {
	while read -r name rest; do
		[ "$name" = done ] && { kv done 1; continue; }
		for pair in $rest; do
			kv "${name}_${pair%%=*}" "${pair#*=}"
		done
	done <"$1"
}

# dec_fault_run PROGRAM FRAMES: the guest side of a decoder fault injection
# test (host: check_dec_fault in checks/lib/dec.sh), cedrus-ve loaded:
# PROGRAM --frames FRAMES on the cedrus-dec node, its lines in summary.txt
# (dec_summary), with the watchdog resets the kernel logged.
dec_fault_run() {
	prog=$1 frames=$2
	dec=$(wait_video_node cedrus-dec) || fail "no cedrus-dec node; nodes: $(list_video_nodes | tr '\n' ';')"
	kv dec_node "$dec"

	log "$prog --frames $frames $dec"
	run_bounded 60 check_rc checks.txt check-errors.txt \
		"$prog" --frames "$frames" "$dec"
	dmesg >dmesg.txt
	kv watchdog_resets "$(grep -c 'job timed out' dmesg.txt)"

	dec_summary checks.txt
}

# run_bounded SECONDS RC_KEY OUT ERR CMD...: run CMD with its output in OUT
# and ERR, for at most SECONDS; then RC_KEY=its exit code in summary.txt.
# A hang is recorded, not lost: hung=1, the blocked task's wchan and stack
# in hung-wchan.txt (and on the console), RC_KEY=killed, the program
# killed. Returns 0 either way; the host check judges.
run_bounded() {
	limit=$1 key=$2 out=$3 err=$4
	shift 4
	"$@" >"$out" 2>"$err" &
	pid=$!
	t=0
	while kill -0 "$pid" 2>/dev/null && [ "$t" -lt "$limit" ]; do
		sleep 1
		t=$((t + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kv hung 1
		{ cat /proc/"$pid"/wchan; echo; cat /proc/"$pid"/stack; } >hung-wchan.txt 2>&1
		cat hung-wchan.txt >/dev/console
		kill -9 "$pid"
		kv "$key" killed
	else
		wait "$pid" && rc=0 || rc=$?
		kv "$key" "$rc"
	fi
	kv "${key%_rc}_seconds" "$t"
}
