# Slice headers that disagree with the registers are caught: this script
# plays a driver through /dev/mem (no kernel driver), on the lossy model.
# It writes SPS, PPS and an IDR slice header with put-bits, then has the VE
# code a 16x16 I frame (one macroblock of a fixed pattern), three times:
#   match    header QP 26, deblocking on; registers the same;
#   qp       header QP 26; registers QP 34 (PARA1.FIXED_QP);
#   deblock  header QP 34, deblocking off (idc 1); registers QP 34, on.
# Each stream goes to summary.txt as hex words; the VE's reconstructions to
# rec.nv12 (ve-mismatch.rec-dump). The host check (checks/ve-mismatch.sh)
# decodes each stream: "match" must decode to its reconstruction, the two
# others must not. The VE's buffers live above mem=1008M
# (ve-mismatch.append), which the kernel does not use.
. /opt/cedrus/lib/common.sh

VE=0x01c0e000
RAM_PHYS=$((0x7f000000))
RAM_BUS=$((RAM_PHYS - 0x40000000))	# H3 VE bus address of RAM_PHYS
SRC_Y=0x0				# offsets from RAM_PHYS / RAM_BUS
SRC_C=0x100
REC_Y=0x1000
REC_C=0x1200
STM=0x10000				# stream buffer, 4 KiB

hex() { printf '0x%08x' "$1"; }
rd() { devmem "$(hex $((VE + $1)))" 32; }
wr() { devmem "$(hex $((VE + $1)))" 32 "$(hex "$2")"; }
mem_rd() { devmem "$(hex $((RAM_PHYS + $1)))" 32; }
mem_wr() { devmem "$(hex $((RAM_PHYS + $1)))" 32 "$(hex "$2")"; }

# The source: sample (x, y) of a plane is (x * 7 + y * 13 + (x * y) % 17)
# & 255, luma 16x16 then NV12 chroma 16x8 (x counts bytes, Cb and Cr
# interleaved). The host check computes the same picture for its PSNR.
# (Each devmem costs about 70 ms of emulated time: one macroblock.)
fill_plane() {	# fill_plane OFFSET ROWS
	y=0
	while [ $y -lt "$2" ]; do
		x=0
		while [ $x -lt 16 ]; do
			w=0
			for b in 3 2 1 0; do
				xx=$((x + b))
				w=$(((w << 8) | ((xx * 7 + y * 13 + (xx * y) % 17) & 255)))
			done
			mem_wr $(($1 + y * 16 + x)) $w
			x=$((x + 4))
		done
		y=$((y + 1))
	done
}

# Bit writer: BITS holds the bits of the NAL unit being written, "0"/"1".
put() {	# put VALUE N: the N low bits of VALUE, MSB first
	n=$2
	while [ "$n" -gt 0 ]; do
		n=$((n - 1))
		BITS="$BITS$((($1 >> n) & 1))"
	done
}
ue() {	# ue(v), 9.1
	v=$(($1 + 1))
	len=0
	t=$v
	while [ $t -gt 1 ]; do
		t=$((t >> 1))
		len=$((len + 1))
	done
	put 0 $len
	put $v $((len + 1))
}
se() {	# se(v), 9.1.1
	if [ "$1" -gt 0 ]; then ue $((2 * $1 - 1)); else ue $((-2 * $1)); fi
}
trailing() {	# rbsp_trailing_bits (every NAL unit starts byte-aligned)
	put 1 1
	while [ $((${#BITS} % 8)) -ne 0 ]; do
		BITS="${BITS}0"
	done
}
# send PARA0: PUT_BITS of BITS, 16 at most per trigger, with PARA0 as
# given (bit 31, EPTB_DIS, chooses emulation prevention); empties BITS.
send() {
	wr 0xb04 "$1"
	while [ -n "$BITS" ]; do
		chunk=${BITS:0:16}
		BITS=${BITS:16}
		wr 0xb20 $((2#$chunk))				# PUTBITSDATA
		wr 0xb18 $((${#chunk} << 8 | 1))		# STARTTRIG: PUT_BITS
	done
}
# nal REF_IDC TYPE PARA0: start code and NAL header without emulation
# prevention, then BITS with it (PARA0 with EPTB_DIS clear).
nal() {
	body=$BITS
	BITS=""
	put 1 32
	put $(($1 << 5 | $2)) 8
	send $(($3 | 0x80000000))
	BITS=$body
	send "$3"
}

# encode NAME HEADER_QP HEADER_IDC REG_QP REG_IDC
encode() {
	para0=$(($5 << 12))		# I slice, CAVLC, DEBLOCK_IDC
	for o in 0 4 8 12 16 20 24 28; do
		mem_wr $((STM + o)) 0
	done
	wr 0xb18 0
	wr 0xb88 0
	wr 0xb80 $((RAM_BUS + STM))	# STM_START
	wr 0xb84 $((RAM_BUS + STM + 4095))
	wr 0xb8c $((4096 * 8))		# STM_BIT_MAX
	wr 0xb90 0			# STM_BIT_LEN

	# SPS: Constrained Baseline, level 3.0, one MB, POC type 2
	BITS=""
	put 66 8
	put $((0xc0)) 8			# constraint_set0/1
	put 30 8
	ue 0				# seq_parameter_set_id
	ue 0				# log2_max_frame_num_minus4
	ue 2				# pic_order_cnt_type
	ue 1				# max_num_ref_frames
	put 0 1				# gaps_in_frame_num_value_allowed_flag
	ue 0				# pic_width_in_mbs_minus1
	ue 0				# pic_height_in_map_units_minus1
	put 1 1				# frame_mbs_only_flag
	put 1 1				# direct_8x8_inference_flag
	put 0 1				# frame_cropping_flag
	put 0 1				# vui_parameters_present_flag
	trailing
	nal 3 7 $para0
	# PPS: CAVLC, QP 26 base, deblocking control present
	ue 0				# pic_parameter_set_id
	ue 0				# seq_parameter_set_id
	put 0 1				# entropy_coding_mode_flag
	put 0 1				# bottom_field_pic_order_in_frame_present
	ue 0				# num_slice_groups_minus1
	ue 0				# num_ref_idx_l0_default_active_minus1
	ue 0				# num_ref_idx_l1_default_active_minus1
	put 0 1				# weighted_pred_flag
	put 0 2				# weighted_bipred_idc
	se 0				# pic_init_qp_minus26
	se 0				# pic_init_qs_minus26
	se 0				# chroma_qp_index_offset
	put 1 1				# deblocking_filter_control_present_flag
	put 0 1				# constrained_intra_pred_flag
	put 0 1				# redundant_pic_cnt_present_flag
	trailing
	nal 3 8 $para0
	# IDR slice header; the VE appends the slice data
	ue 0				# first_mb_in_slice
	ue 7				# slice_type: I (all slices)
	ue 0				# pic_parameter_set_id
	put 0 4				# frame_num
	ue 0				# idr_pic_id
	put 0 1				# no_output_of_prior_pics_flag
	put 0 1				# long_term_reference_flag
	se $(($2 - 26))			# slice_qp_delta
	ue "$3"				# disable_deblocking_filter_idc
	if [ "$3" != 1 ]; then
		se 0			# slice_alpha_c0_offset_div2
		se 0			# slice_beta_offset_div2
	fi
	nal 3 5 $para0

	wr 0xa00 0x00010001		# ISP_PIC_INFO: 1 x 1 MB
	wr 0xa04 0x00010000		# ISP_PIC_STRIDE0: 1 MB
	wr 0xa08 0			# ISP_CTRL: NV12
	wr 0xa78 $((RAM_BUS + SRC_Y))	# ISP_INPUT_LUMA
	wr 0xa7c $((RAM_BUS + SRC_C))	# ISP_INPUT_CHROMA0
	wr 0xbb0 $((RAM_BUS + REC_Y))	# REC_ADDR_Y
	wr 0xbb4 $((RAM_BUS + REC_C))	# REC_ADDR_C
	wr 0xba0 $((RAM_BUS + 0x2000))	# REF0_ADDR_Y (unused: I slice)
	wr 0xba4 $((RAM_BUS + 0x2400))	# REF0_ADDR_C
	wr 0xb08 $((1 << 10 | $4))	# PARA1: stride 1 x 48 MBs, FIXED_QP
	wr 0xb14 0			# INT_EN: none, poll
	wr 0xb1c 0xf			# STATUS: clear
	wr 0xb18 0x8			# STARTTRIG: ENC_START
	n=0
	until [ $(($(rd 0xb1c) & 0xf)) != 0 ] || [ $n -ge 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kv "${1}_status" "$(rd 0xb1c)"
	bits=$(rd 0xb90)
	kv "${1}_bit_len" "$bits"
	words=""
	o=0
	while [ $o -lt $(((bits + 31) / 32 * 4)) ]; do
		words="$words $(mem_rd $((STM + o)))"
		o=$((o + 4))
	done
	kv "${1}_stream" "${words# }"
	wr 0xb1c 0xf
}

wr 0x000 0x80			# VE_MODE: ENC_ENABLE
fill_plane $SRC_Y 16
fill_plane $SRC_C 8
log "source written"
encode match 26 0 26 0
encode qp 26 0 34 0
encode deblock 34 1 34 0
log "done"
