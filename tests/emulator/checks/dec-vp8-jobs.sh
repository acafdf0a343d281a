#!/usr/bin/env bash
# Host check for dec-vp8-jobs (guest program cedrus-dec-vp8-check):
# - the decoder offers V4L2_PIX_FMT_VP8_FRAME;
# - VIDIOC_TRY_EXT_CTRLS takes a plain frame (and the unset frame size of
#   the control's default) and refuses each out-of-range field with
#   EINVAL, one case per field;
# - the jobs the driver must refuse (partitions past the payload, an empty
#   first partition, no frame size, a last/golden/altref timestamp naming
#   no buffer) end with ERROR at once, before the hardware;
# - a valid key frame, a valid inter frame and every frame of the stream
#   (key and inter frames using last, golden and altref) come back DONE
#   at once: the model's interrupt ended them, not the watchdog;
# - the QEMU trace (dec-vp8-jobs.trace): the VE model ran exactly those
#   jobs, each a VP8 decode on the H.264 block in VP8 mode with the frame
#   size of its control, all finished;
# - a kernel log without oopses, warnings or watchdog resets.
set -euo pipefail
dir=${1:?usage: dec-vp8-jobs.sh RESULTDIR}
summary=$dir/summary.txt

fail() { echo "dec-vp8-jobs: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[[ "$(val dec_node)" == /dev/video* ]] || fail "cedrus-dec node did not appear"
grep -q "'VP8F'" "$dir/formats-out.txt" || fail "VP8F not among the coded formats"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val done)" = 1 ] || fail "check program did not run to the end"

# EINVAL is 22.
for ok in frame_valid frame_size_unset; do
	[ "$(val ${ok}_errno)" = 0 ] || fail "$ok: errno $(val ${ok}_errno), expected 0"
done
refused=0
for bad in frame_wider_than_format frame_taller_than_format version_4 horizontal_scale_4 \
	   lf_level_64 sharpness_8 lf_ref_delta_64 lf_mode_delta_minus_64 y_ac_qi_128 \
	   q_delta_minus_16 segment_quant_minus_128 segment_lf_64 header_bits_past_first_part \
	   dct_parts_3; do
	[ "$(val ${bad}_errno)" = 22 ] || fail "$bad: errno $(val ${bad}_errno), expected EINVAL"
	refused=$((refused + 1))
done

job_check() { # NAME ERROR
	local ms
	[ "$(val ${1}_returned)" = 1 ] || fail "$1: CAPTURE buffer never returned"
	[ "$(val ${1}_error)" = "$2" ] || fail "$1: error=$(val ${1}_error), want $2"
	ms=$(val ${1}_ms)
	[ "$ms" -lt 1000 ] || fail "$1: took $ms ms: the watchdog, not the driver or the VE, ended it?"
}
failed_jobs=0
for job in job_first_part_past_payload job_first_part_empty job_part_sizes_past_payload \
	   job_dct_parts_past_payload job_frame_size_unset job_last_ref_unresolved \
	   job_golden_ref_unresolved job_altref_unresolved job_payload_short; do
	job_check "$job" 1
	failed_jobs=$((failed_jobs + 1))
done
for job in job_key_valid job_inter_valid; do
	job_check "$job" 0
done

frames=$(val stream_frames)
[ "${frames:-0}" -gt 0 ] || fail "no stream line"
[ "$(val stream_done)" = "$frames" ] && [ "$(val stream_error)" = 0 ] ||
	fail "stream: $(val stream_done) of $frames frames DONE, $(val stream_error) ERROR"
[ "$(val stream_max_ms)" -lt 1000 ] || fail "stream: a frame took $(val stream_max_ms) ms"
[ "$(val stream_keys)" -ge 1 ] && [ "$(val stream_keys)" -lt "$frames" ] ||
	fail "stream: $(val stream_keys) key frames of $frames"

# The model saw exactly the jobs that reached the hardware: VE_MODE
# selecting the H.264/VP8 block (1), CTRL with VP8 (bit 29) and the two
# interrupt enables mainline sets (0x20000003).
log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log $log (dec-vp8-jobs.trace not applied?)"
count() { grep -c -- "$1" "$log" || true; }
jobs=$((2 + frames))
for event in '^allwinner_ve_dec_job_schedule VP8 decode job runs in ' \
	     '^allwinner_ve_dec_job_start VP8 decode: VE_MODE 0x[0-9a-f]*1, ctrl 0x20000003, frame size 0x[0-9a-f]*, bitstream 0x' \
	     '^allwinner_ve_dec_job_done VP8 decode: finished$' \
	     '^allwinner_ve_dec_job_done '; do
	[ "$(count "$event")" = "$jobs" ] ||
		fail "$(count "$event") trace lines match '$event' in $log, want $jobs"
done

# The frame size register (VP8 PICSIZE, width in 27:16, height in 11:0):
# 96x64 frames, and the stream's 83x43 ones (every 8th frame).
small=$((frames / 8))
[ "$(count 'VP8 decode: .*, frame size 0x00600040, ')" = $((jobs - small)) ] &&
	[ "$(count 'VP8 decode: .*, frame size 0x0053002b, ')" = "$small" ] ||
	fail "frame sizes: $(grep -o 'frame size 0x[0-9a-f]*' "$log" | sort | uniq -c | tr '\n' ';'), want $((jobs - small)) x 0x00600040 and $small x 0x0053002b"

if grep -E 'Oops|BUG:|WARNING:|Unable to handle' "$dir/dmesg.txt" >&2; then
	fail "kernel oops or warning"
fi
if grep 'job timed out' "$dir/dmesg.txt" >&2; then
	fail "the watchdog ended a decode job"
fi

echo "dec-vp8-jobs: $refused bad control values refused, $failed_jobs bad jobs ERROR before the VE, $jobs VP8 jobs DONE ($frames-frame stream, $(val stream_keys) key frames), all traced"
