#!/usr/bin/env bash
# Host check for dec-mpeg2-jobs (cedrus-dec-mpeg2-check): every malformed
# control of the table below refused with EINVAL and the valid ones taken;
# the jobs that must fail before the hardware back fast with ERROR; the
# valid jobs, a field pair in one held CAPTURE buffer and every picture of
# the I/P/B stream back DONE through the VE's interrupt (no watchdog); then
# the QEMU trace (dec-mpeg2-jobs.trace):
# the VE model ran exactly the jobs that reached the hardware, each an
# MPEG-2 decode of the 4x4-macroblock picture over the 16-byte payload,
# with the MPEG decoder selected and its interrupts enabled, all finished.
set -euo pipefail
dir=${1:?usage: dec-mpeg2-jobs.sh RESULTDIR}
summary=$dir/summary.txt

fail() { echo "dec-mpeg2-jobs: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[[ "$(val dec_node)" == /dev/video* ]] || fail "cedrus-dec node did not appear"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val done)" = 1 ] || fail "check program did not run to the end"
[ "$(val format_width)x$(val format_height)" = 64x64 ] ||
	fail "MPEG-2 OUTPUT format $(val format_width)x$(val format_height), want 64x64"

# Controls, one line per case: what VIDIOC_TRY_EXT_CTRLS must answer (EINVAL
# is 22). The ones the control framework itself refuses are listed too:
# the engine packs those fields into registers of their width.
while read -r name want why; do
	[ -n "$name" ] || continue
	got=$(val "${name}_errno")
	[ -n "$got" ] || fail "$name: no result line"
	[ "$got" = "$want" ] || fail "$name: errno $got, want $want ($why)"
done <<'TABLE'
seq_valid			0	64x64 4:2:0, the format's size
seq_chroma_0			22	chroma_format 0 is reserved
seq_chroma_422			22	4:2:2: the capture formats are 4:2:0
seq_chroma_444			22	4:4:4: the capture formats are 4:2:0
seq_wider_than_format		22	65 pixels: the VE would write 5 MBs into a 4-MB wide buffer
seq_taller_than_format		22	4095 lines into a 64-line buffer
pic_i_valid			0	I picture, f_codes 15 (unused)
pic_p_valid			0	P picture, forward f_codes 2
pic_b_valid			0	B picture, all f_codes 2
pic_i_unused_f_code_0		0	the control's default: unused f_codes may hold any 4-bit value
pic_coding_type_0		22	picture_coding_type 0 is forbidden
pic_coding_type_d		22	D pictures (MPEG-1 only) are not decoded
pic_coding_type_9		22	past the 3-bit field
pic_structure_0			22	picture_structure 0 is reserved
pic_structure_4			22	past the 2-bit field
pic_intra_dc_precision_4	22	past the 2-bit field
pic_p_f_code_0			22	a used f_code of 0 is forbidden
pic_p_f_code_10			22	a used f_code past 9 is reserved
pic_p_f_code_15			22	15 marks an unused f_code, a P picture uses its forward ones
pic_p_unused_f_code_16		22	an unused f_code past the 4-bit field
pic_b_backward_f_code_15	22	a B picture uses its backward f_codes
pic_i_concealment_f_code_15	22	an I picture with concealment vectors uses its forward f_codes
pic_i_concealment_valid		0	the same with forward f_codes 3
TABLE

# Jobs refused before the hardware: back with ERROR, fast.
# (An OUTPUT buffer queued with bytesused 0 is no such case: vb2 takes the
# whole plane as its payload, and the picture reaches the VE.)
for job in job_p_forward_missing job_b_backward_missing job_b_forward_missing \
	   job_sequence_without_size; do
	[ "$(val ${job}_returned)" = 1 ] || fail "$job: CAPTURE buffer never returned"
	[ "$(val ${job}_error)" = 1 ] || fail "$job: not flagged ERROR"
	ms=$(val ${job}_ms)
	[ "$ms" -lt 1000 ] || fail "$job: took $ms ms, must be refused before the hardware runs"
done

# Jobs that reach the hardware: the model completes them with success.
for job in job_i_valid job_p_valid job_b_valid job_i_unused_refs_missing; do
	[ "$(val ${job}_returned)" = 1 ] || fail "$job: CAPTURE buffer never returned"
	[ "$(val ${job}_error)" = 0 ] || fail "$job: ERROR, but the model completes decode jobs with success"
	ms=$(val ${job}_ms)
	[ "$ms" -lt 1000 ] || fail "$job: took $ms ms: the watchdog, not the VE's interrupt, ended it?"
done

# A field pair in one CAPTURE buffer: held after the top field, DONE after
# the bottom one, which refers to the top field (the buffer being decoded).
[ "$(val field_pair_held)" = 1 ] || fail "field_pair: the CAPTURE buffer came back after the first field"
[ "$(val field_pair_returned)" = 1 ] && [ "$(val field_pair_error)" = 0 ] ||
	fail "field_pair: returned $(val field_pair_returned), error $(val field_pair_error), want DONE"
[ "$(val field_pair_ms)" -lt 1000 ] || fail "field_pair: took $(val field_pair_ms) ms"

# The stream: I, then P B B groups; every picture DONE, none near the watchdog.
frames=$(val stream_frames)
[ "${frames:-0}" -gt 0 ] || fail "no stream line"
[ "$(val stream_done)" = "$frames" ] && [ "$(val stream_error)" = 0 ] ||
	fail "stream: $(val stream_done) of $frames pictures DONE, $(val stream_error) ERROR"
[ "$(val stream_i)" = 1 ] && [ "$(val stream_p)" -ge 2 ] && [ "$(val stream_b)" -ge 4 ] ||
	fail "stream: $(val stream_i) I, $(val stream_p) P, $(val stream_b) B pictures"
[ "$(val stream_max_ms)" -lt 1000 ] || fail "stream: a picture took $(val stream_max_ms) ms"

if grep -E 'Oops|BUG:|WARNING:|Unable to handle' "$dir/dmesg.txt" >&2; then
	fail "kernel oops or warning"
fi
if grep 'job timed out' "$dir/dmesg.txt" >&2; then
	fail "the watchdog ended a decode job"
fi

# The VE model's view: exactly the 4 valid jobs, the 2 fields and the
# stream reached it.
# VE_MODE ends in 0 (MPEG decoder), CTRL = MC_CACHE_EN | MC_NO_WRITEBACK |
# the three interrupt enables, coded size 4x4 MBs, the 16-byte payload.
log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log $log (dec-mpeg2-jobs.trace not applied?)"
count() { grep -c -- "$1" "$log" || true; }
jobs=$((4 + 2 + frames))
for event in '^allwinner_ve_dec_job_schedule MPEG-2 decode job runs in ' \
	     '^allwinner_ve_dec_job_start MPEG-2 decode: VE_MODE 0x[0-9a-f]*0, ctrl 0x800000b8, coded size 0x00000404, bitstream 0x[0-9a-f]* offset 0 len 128 bits end 0x' \
	     '^allwinner_ve_dec_job_done MPEG-2 decode: finished$' \
	     '^allwinner_ve_dec_job_done '; do
	[ "$(count "$event")" = "$jobs" ] ||
		fail "$(count "$event") trace lines match '$event' in $log, want $jobs"
done
echo "dec-mpeg2-jobs: 23 control cases, 8 decode jobs, a field pair and a stream of $frames pictures ($(val stream_i) I, $(val stream_p) P, $(val stream_b) B) as expected; the VE model traced $jobs MPEG-2 decode jobs, all finished"
