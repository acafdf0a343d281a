#!/usr/bin/env bash
# Host check for dec-h265-jobs (guest program cedrus-dec-h265-check):
# - every malformed control value is refused by VIDIOC_TRY_EXT_CTRLS with
#   EINVAL, and the valid SPS, PPS and slice are taken;
# - the requests that are valid on their own but not against the format,
#   the buffers or the other controls come back ERROR before the hardware
#   runs (not in the VE model's trace, below);
# - the valid requests reach the VE and come back DONE through its
#   interrupt. Timing: each job within the 2 s of the watchdog (a job it
#   ends takes at least that; the emulated board under load takes up to
#   1.5 s for one that does not), and no watchdog reset in the kernel log;
# - the stream of two-slice pictures (IDR, P, B with DPB references, one
#   long-term) comes back DONE, every picture;
# - the QEMU trace (dec-h265-jobs.trace): the VE model ran exactly the jobs
#   that reached the hardware, each an H.265 decode (VE_MODE 4) with the
#   picture size programmed, and finished every one;
# - a kernel log free of oopses, warnings and watchdog resets.
set -euo pipefail
dir=${1:?usage: dec-h265-jobs.sh RESULTDIR}
summary=$dir/summary.txt
fail() { echo "dec-h265-jobs: $*" >&2; exit 1; }
val() { sed -n "s/^$1=//p" "$summary" | tail -n 1; }

[ -f "$summary" ] || fail "no summary.txt"
[[ "$(val dec_node)" == /dev/video* ]] || fail "cedrus-dec node did not appear"
[ "$(val hung)" != 1 ] || fail "check program hung: $(cat "$dir/hung-wchan.txt" 2>/dev/null)"
[ "$(val check_rc)" = 0 ] || fail "check program failed: $(cat "$dir/check-errors.txt" 2>/dev/null)"
[ "$(val done)" = 1 ] || fail "check program did not run to the end"

for ctrl in ctrl_sps_valid ctrl_pps_valid ctrl_slice_valid; do
	[ "$(val ${ctrl}_errno)" = 0 ] || fail "$ctrl: errno $(val ${ctrl}_errno), want 0 (valid)"
done

# EINVAL is 22. One line per malformed value (see the guest program).
refused=(ctrl_sps_422 ctrl_sps_separate_planes ctrl_sps_10bit_without_h6
	 ctrl_sps_depth_mismatch ctrl_sps_zero_width ctrl_sps_too_wide
	 ctrl_sps_too_high ctrl_sps_ctb_128 ctrl_sps_ctb_8
	 ctrl_sps_width_not_min_cb ctrl_sps_min_tb_not_below_min_cb
	 ctrl_sps_max_tb_64 ctrl_sps_tree_depth ctrl_sps_pcm_depth
	 ctrl_pps_init_qp_52 ctrl_pps_cu_qp_depth_4 ctrl_pps_cb_offset_13
	 ctrl_pps_cr_offset_m13 ctrl_pps_beta_7 ctrl_pps_merge_level_7
	 ctrl_pps_tile_columns_21 ctrl_pps_tile_rows_23
	 ctrl_slice_type_3 ctrl_slice_l0_17_refs ctrl_slice_l1_17_refs
	 ctrl_slice_merge_cand_0 ctrl_slice_colour_plane_1
	 ctrl_slice_cb_offset_13 ctrl_slice_tc_m7 ctrl_slice_pic_struct_13
	 ctrl_slice_entry_points_257 ctrl_slice_luma_denom_8
	 ctrl_slice_chroma_denom_m1 ctrl_decode_dpb_17)
for ctrl in "${refused[@]}"; do
	[ "$(val ${ctrl}_errno)" = 22 ] || fail "$ctrl: errno $(val ${ctrl}_errno), want EINVAL"
done

failed_jobs=(job_sps_larger_than_format job_slice_addr_past_picture
	     job_data_offset_0 job_data_offset_1
	     job_data_offset_past_payload job_no_alignment_bit
	     job_l0_index_past_dpb job_l0_index_200 job_collocated_past_list
	     job_qp_above_51 job_qp_below_0 job_entry_points_without_tiles
	     job_entry_points_count_mismatch job_wpp_entries_past_rows
	     job_tiles_not_covering job_tile_entries_past_tiles
	     job_cu_qp_depth_past_ctb)
for job in "${failed_jobs[@]}"; do
	[ "$(val ${job}_returned)" = 1 ] || fail "$job: CAPTURE buffer never returned"
	[ "$(val ${job}_error)" = 1 ] || fail "$job: not flagged ERROR"
	ms=$(val ${job}_ms)
	[ "$ms" -lt 2000 ] || fail "$job: took $ms ms, must fail before the hardware runs"
done

done_jobs=(job_idr_valid job_dpb_without_buffer job_wpp_valid job_tiles_valid)
for job in "${done_jobs[@]}"; do
	[ "$(val ${job}_returned)" = 1 ] || fail "$job: CAPTURE buffer never returned"
	[ "$(val ${job}_error)" = 0 ] || fail "$job: ERROR, but the model completes decode jobs with success"
	ms=$(val ${job}_ms)
	[ "$ms" -lt 2000 ] || fail "$job: took $ms ms: the watchdog, not the VE's interrupt, ended it?"
done

frames=$(val stream_frames)
[ "${frames:-0}" -gt 0 ] || fail "no stream line"
[ "$(val stream_done)" = "$frames" ] && [ "$(val stream_error)" = 0 ] ||
	fail "stream: $(val stream_done) of $frames pictures DONE, $(val stream_error) ERROR"
[ "$(val stream_slices)" = $((2 * frames)) ] || fail "stream: $(val stream_slices) slices for $frames pictures"
[ "$(val stream_max_ms)" -lt 2000 ] || fail "stream: a picture took $(val stream_max_ms) ms"

if grep -E 'Oops|BUG:|WARNING:|Unable to handle' "$dir/dmesg.txt" >&2; then
	fail "kernel oops or warning"
fi
if grep 'job timed out' "$dir/dmesg.txt" >&2; then
	fail "the watchdog ended a decode job"
fi

# The VE model's trace: the jobs that reached the hardware, no more.
log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log $log (dec-h265-jobs.trace not applied?)"
count() { grep -c -- "$1" "$log" || true; }
jobs=$((${#done_jobs[@]} + 2 * frames))
for event in '^allwinner_ve_dec_job_schedule H.265 decode job runs in ' \
	     '^allwinner_ve_dec_job_start H.265 decode: VE_MODE 0x[0-9a-f]*4, .*picture size 0x00400040, bitstream 0x' \
	     '^allwinner_ve_dec_job_done H.265 decode: finished$' \
	     '^allwinner_ve_dec_job_done '; do
	[ "$(count "$event")" = "$jobs" ] ||
		fail "$(count "$event") trace lines match '$event' in $log, want $jobs"
done

echo "dec-h265-jobs: ${#refused[@]} malformed controls refused, ${#failed_jobs[@]} invalid jobs ERROR before the VE, ${#done_jobs[@]} valid jobs and a stream of $frames two-slice pictures DONE; the model traced $jobs H.265 jobs"
