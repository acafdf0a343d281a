# Host side of the tests that run cedrus-dec-h264-check, sourced by
# checks/dec-h264-jobs.sh and checks/enc-multi.sh; and of the decoder
# fault injection tests (check_dec_fault, at the end).
#
# check_dec_h264 DIR: the SPS, PPS and slice validation verdicts, the jobs
# that must fail before reaching the hardware (fast, ERROR: bad SPS size,
# missing start code, header past the payload, first macroblock outside
# the picture, invalid slice type, SliceQPY outside 0..51, empty buffer),
# the jobs that must reach it (valid ones, and a list 0 entry and a DPB
# entry naming no buffer, which the driver points at its own buffers): the
# model completes decode jobs (decoding nothing), so they come back DONE at
# once, and so does every picture of the stream (an IDR, then P slices
# referencing the picture before); no watchdog fired; and a kernel log
# free of oopses and warnings; and a resolution change with OUTPUT buffers
# allocated works as mainline allows it (fmt_change).

check_dec_h264() {
	local dir=$1 summary=$1/summary.txt job sps ms
	fail() { echo "${CHECK_NAME:-dec}: $*" >&2; exit 1; }
	val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

	[ -f "$summary" ] || fail "no summary.txt"
	[[ "$(val dec_node)" == /dev/video* ]] || fail "cedrus-dec node did not appear"
	[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
	[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
	[ "$(val done)" = 1 ] || fail "check program did not run to the end"

	# EINVAL is 22.
	[ "$(val sps_420_8bit_errno)" = 0 ] || fail "8-bit 4:2:0 SPS refused"
	for sps in sps_422 sps_10bit sps_too_wide pps_ref_idx_32 pps_init_qp_52 \
		   pps_chroma_offset_13 slice_ref_idx_32 slice_deblocking_3; do
		[ "$(val ${sps}_errno)" = 22 ] || fail "$sps: errno $(val ${sps}_errno), expected EINVAL"
	done

	for job in job_sps_larger_than_format job_annex_b_without_start_code job_header_past_payload \
		   job_first_mb_past_picture job_slice_type_invalid job_qp_above_51 job_qp_below_0 \
		   job_empty_buffer; do
		[ "$(val ${job}_returned)" = 1 ] || fail "$job: CAPTURE buffer never returned"
		[ "$(val ${job}_error)" = 1 ] || fail "$job: not flagged ERROR"
		ms=$(val ${job}_ms)
		[ "$ms" -lt 1000 ] || fail "$job: took $ms ms, must be refused before the hardware runs"
	done

	for job in job_raw_valid job_annex_b_valid job_ref_index_past_dpb; do
		[ "$(val ${job}_returned)" = 1 ] || fail "$job: CAPTURE buffer never returned"
		[ "$(val ${job}_error)" = 0 ] || fail "$job: ERROR, but the model completes decode jobs with success"
		ms=$(val ${job}_ms)
		[ "$ms" -lt 1000 ] || fail "$job: took $ms ms: the watchdog, not the VE's interrupt, ended it?"
	done

	# The stream: every picture DONE, none near the watchdog.
	local frames
	frames=$(val stream_frames)
	[ "${frames:-0}" -gt 0 ] || fail "no stream line"
	[ "$(val stream_done)" = "$frames" ] && [ "$(val stream_error)" = 0 ] ||
		fail "stream: $(val stream_done) of $frames pictures DONE, $(val stream_error) ERROR"
	[ "$(val stream_max_ms)" -lt 1000 ] || fail "stream: a picture took $(val stream_max_ms) ms"

	# A payload past the end of its dma-buf is refused when the request is
	# queued (EINVAL); the same dma-buf with a payload that fits is taken.
	for job in bytesused_big_dmabuf bytesused_small_dmabuf; do
		[ "$(val ${job}_qbuf_errno)" = 0 ] && [ "$(val ${job}_queue_errno)" = 0 ] ||
			fail "$job: QBUF errno $(val ${job}_qbuf_errno), request queue errno $(val ${job}_queue_errno), want both 0"
		[ "$(val ${job}_returned)" = 1 ] || fail "$job: CAPTURE buffer never returned"
	done
	job=bytesused_past_dmabuf
	[ "$(val ${job}_qbuf_errno)" = 0 ] || fail "$job: QBUF errno $(val ${job}_qbuf_errno), want 0 (vb2 takes it)"
	[ "$(val ${job}_queue_errno)" = 22 ] ||
		fail "$job: request queue errno $(val ${job}_queue_errno), want EINVAL: a payload past its dma-buf reached a job"
	grep -q 'payload of [0-9]* bytes in a plane of' "$dir/dmesg.txt" ||
		fail "$job: no kernel log line for the refused payload"

	# A resolution change with OUTPUT buffers allocated (mainline's rules):
	# a new size in the same pixelformat is taken and CAPTURE follows;
	# another pixelformat, CAPTURE buffers or OUTPUT streaming: EBUSY (16);
	# an OUTPUT buffer smaller than the new sizeimage: EINVAL (22).
	[ "$(val fmt_change_resize_errno)" = 0 ] ||
		fail "fmt_change: S_FMT(OUTPUT) to a new size with OUTPUT buffers: errno $(val fmt_change_resize_errno), want 0"
	[ "$(val fmt_change_width)x$(val fmt_change_height)" = 128x96 ] &&
		[ "$(val fmt_change_capture_width)x$(val fmt_change_capture_height)" = 128x96 ] ||
		fail "fmt_change: OUTPUT $(val fmt_change_width)x$(val fmt_change_height), CAPTURE $(val fmt_change_capture_width)x$(val fmt_change_capture_height), want 128x96 both"
	if [ "$(val fmt_change_other_format)" != none ]; then
		[ "$(val fmt_change_other_errno)" = 16 ] ||
			fail "fmt_change: S_FMT(OUTPUT) to $(val fmt_change_other_format) with OUTPUT buffers: errno $(val fmt_change_other_errno), want EBUSY"
	fi
	[ "$(val fmt_change_grow_errno)" = 0 ] || fail "fmt_change: a larger sizeimage refused: errno $(val fmt_change_grow_errno)"
	[ "$(val fmt_change_small_buffer_errno)" = 22 ] ||
		fail "fmt_change: PREPARE_BUF of a $(val fmt_change_buffer)-byte buffer under a sizeimage of $(val fmt_change_sizeimage): errno $(val fmt_change_small_buffer_errno), want EINVAL"
	[ "$(val fmt_change_capture_busy_errno)" = 16 ] ||
		fail "fmt_change: S_FMT(OUTPUT) with CAPTURE buffers: errno $(val fmt_change_capture_busy_errno), want EBUSY"
	[ "$(val fmt_change_streaming_errno)" = 16 ] ||
		fail "fmt_change: S_FMT(OUTPUT) while OUTPUT streams: errno $(val fmt_change_streaming_errno), want EBUSY"

	if grep -E 'Oops|BUG:|WARNING:|Unable to handle' "$dir/dmesg.txt" >&2; then
		fail "kernel oops or warning"
	fi
	if grep 'job timed out' "$dir/dmesg.txt" >&2; then
		fail "the watchdog ended a decode job"
	fi

	echo "${CHECK_NAME:-dec}: SPS/PPS/slice validation, 11 decode jobs, a stream of $frames pictures DONE, the payload bounds and the resolution change as expected"
}

# check_dec_fault DIR MODE FRAMES UNIT: the host side of a decoder fault
# injection test (guest: dec_fault_run): the check program ran to the end
# over a stream of FRAMES UNITs (picture, frame). MODE error: every one
# came back ERROR at once (the VE's interrupt with the error bit, not the
# 2 s watchdog) and no watchdog fired; MODE hang-once: one came back ERROR
# through one watchdog reset (the longest took about the watchdog's 2 s)
# and the others DONE. Sets summary and defines fail and val (as NAME=
# in summary.txt) for the caller's own checks; fails as CHECK_NAME.
check_dec_fault() {
	local dir=$1 mode=$2 frames=$3 unit=$4
	summary=$dir/summary.txt
	fail() { echo "${CHECK_NAME:-dec}: $*" >&2; exit 1; }
	val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

	[ -f "$summary" ] || fail "no summary.txt"
	[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
	[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
	[ "$(val done)" = 1 ] || fail "check program did not run to the end"
	[ "$(val stream_frames)" = "$frames" ] || fail "stream of $(val stream_frames) ${unit}s, want $frames"
	case $mode in
	error)
		[ "$(val stream_error)" = "$frames" ] && [ "$(val stream_done)" = 0 ] ||
			fail "$(val stream_error) of $frames ${unit}s ERROR, $(val stream_done) DONE: want all ERROR"
		[ "$(val stream_max_ms)" -lt 1000 ] || fail "a $unit took $(val stream_max_ms) ms: the watchdog, not the interrupt?"
		[ "$(val watchdog_resets)" = 0 ] || fail "$(val watchdog_resets) watchdog resets, want 0"
		;;
	hang-once)
		[ "$(val stream_error)" = 1 ] && [ "$(val stream_done)" = $((frames - 1)) ] ||
			fail "$(val stream_error) ${unit}s ERROR, $(val stream_done) DONE: want 1 and $((frames - 1))"
		[ "$(val watchdog_resets)" = 1 ] || fail "$(val watchdog_resets) watchdog resets, want 1"
		[ "$(val stream_max_ms)" -ge 1500 ] || fail "the longest $unit took $(val stream_max_ms) ms: no job waited for the watchdog"
		;;
	*)
		fail "check_dec_fault: no mode $mode"
		;;
	esac
}
