// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model: one encode job, from ENC_START to its status. The picture is
 * read from the ISP input planes and coded in CAVLC or CABAC, and its
 * reconstruction written to REC: by the lossy coder of ve-lossy.c (model
 * v2, VE_CORE_CODING_LOSSY), or as I_PCM and P_Skip macroblocks here (model
 * v1, lossless, VE_CORE_CODING_PCM).
 */
#include "ve-lossy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* mb_type values (Tables 7-11, 7-13) */
#define MB_TYPE_I_PCM		25
#define MB_TYPE_P_INTRA_BASE	5

struct ve_job {
	struct ve_core *s;
	unsigned int width_mbs, height_mbs;
	uint32_t src_y, src_c, src_stride;
	uint32_t ref_y, ref_c, rec_y, rec_c, rec_stride;
	bool p_slice, cabac;
	unsigned int cabac_init_idc, qp;
	/* lossy coding only */
	int chroma_qp_offset;
	unsigned int deblock_idc;
	int alpha_div2, beta_div2;
	bool failed;

	/* one MB row (16 luma rows, 8 chroma rows) of each picture */
	uint8_t *src_rows_y, *src_rows_c, *ref_rows_y, *ref_rows_c;
	uint8_t *skipped_above;	/* per MB column: the MB above was skipped */
	/*
	 * whole pictures, packed (lossy coding; PCM's REC for the rec hook),
	 * in the core's scratch buffers (enum ve_core_scratch_slot)
	 */
	uint8_t *pic_src_y, *pic_src_c, *pic_ref_y, *pic_ref_c;
	uint8_t *pic_rec_y, *pic_rec_c;
	struct ve_cabac cabac_enc;
	uint32_t skip_run;	/* CAVLC mb_skip_run */
};

static void ve_job_fail(struct ve_job *j, enum ve_core_event ev,
			const char *what, uint64_t addr)
{
	ve_event(j->s, ev, "%s at 0x%llx", what, (unsigned long long)addr);
	j->failed = true;
}

/* Read `rows` rows of `len` bytes at addr + r * stride into dst (packed). */
static void ve_job_read_rows(struct ve_job *j, uint8_t *dst, uint64_t addr,
			     uint32_t stride, unsigned int rows, uint32_t len)
{
	struct ve_core *s = j->s;

	for (unsigned int r = 0; r < rows && !j->failed; r++)
		if (s->dma->read(s->opaque, addr + (uint64_t)r * stride,
				 dst + (size_t)r * len, len))
			ve_job_fail(j, VE_CORE_EV_GUEST_ERROR,
				    "bus error reading picture",
				    addr + (uint64_t)r * stride);
}

static void ve_job_write_rows(struct ve_job *j, const uint8_t *src,
			      uint64_t addr, uint32_t stride,
			      unsigned int rows, uint32_t len)
{
	struct ve_core *s = j->s;

	for (unsigned int r = 0; r < rows && !j->failed; r++)
		if (s->dma->write(s->opaque, addr + (uint64_t)r * stride,
				  src + (size_t)r * len, len))
			ve_job_fail(j, VE_CORE_EV_GUEST_ERROR,
				    "bus error writing reconstruction",
				    addr + (uint64_t)r * stride);
}

/* Is MB column mbx of the current row identical in source and REF0? */
static bool ve_job_mb_unchanged(const struct ve_job *j, unsigned int mbx)
{
	size_t row_len = (size_t)j->width_mbs * 16;
	size_t x = (size_t)mbx * 16;

	for (unsigned int r = 0; r < 16; r++)
		if (memcmp(j->src_rows_y + r * row_len + x,
			   j->ref_rows_y + r * row_len + x, 16))
			return false;
	for (unsigned int r = 0; r < 8; r++)
		if (memcmp(j->src_rows_c + r * row_len + x,
			   j->ref_rows_c + r * row_len + x, 16))
			return false;
	return true;
}

/* pcm_sample_luma in raster order, then Cb 8x8, then Cr 8x8 (7.3.5). */
static void ve_job_put_pcm_samples(struct ve_job *j, unsigned int mbx)
{
	struct ve_core *s = j->s;
	size_t row_len = (size_t)j->width_mbs * 16;
	size_t x = (size_t)mbx * 16;

	for (unsigned int r = 0; r < 16; r++) {
		const uint8_t *p = j->src_rows_y + r * row_len + x;

		for (unsigned int i = 0; i < 16; i++)
			ve_writer_put_byte(s, p[i]);
	}
	for (unsigned int plane = 0; plane < 2; plane++) {
		for (unsigned int r = 0; r < 8; r++) {
			const uint8_t *p = j->src_rows_c + r * row_len + x +
					   plane;

			for (unsigned int i = 0; i < 16; i += 2)
				ve_writer_put_byte(s, p[i]);
		}
	}
}

/* One MB in CAVLC: mb_skip_run before each coded MB of a P slice. */
static void ve_job_mb_cavlc(struct ve_job *j, unsigned int mbx, bool skip)
{
	struct ve_core *s = j->s;

	if (skip) {
		j->skip_run++;
		return;
	}
	if (j->p_slice) {
		ve_writer_ue(s, j->skip_run);
		j->skip_run = 0;
		ve_writer_ue(s, MB_TYPE_P_INTRA_BASE + MB_TYPE_I_PCM);
	} else {
		ve_writer_ue(s, MB_TYPE_I_PCM);
	}
	ve_writer_align(s, 0);	/* pcm_alignment_zero_bit */
	ve_job_put_pcm_samples(j, mbx);
}

/*
 * One MB in CABAC (9.3.3.1.1.1 for the neighbour-dependent ctxIdxInc): in a
 * single slice, A (left) and B (above) are available when inside the picture.
 * mb_skip_flag counts available, non-skipped neighbours; the I-slice mb_type
 * bin 0 counts available neighbours that are not I_NxN, i.e. all of them.
 */
static void ve_job_mb_cabac(struct ve_job *j, unsigned int mbx,
			    unsigned int mby, bool skip, bool left_skipped,
			    bool last)
{
	struct ve_cabac *c = &j->cabac_enc;
	bool has_a = mbx > 0, has_b = mby > 0;

	if (j->p_slice) {
		unsigned int inc = (unsigned int)(has_a && !left_skipped) +
				   (unsigned int)(has_b && !j->skipped_above[mbx]);

		ve_cabac_encode_decision(c, CTX_MB_SKIP_P + inc, skip);
	}
	if (!skip) {
		if (j->p_slice) {
			/* prefix "1" = intra, suffix b0 "1" = not I_NxN */
			ve_cabac_encode_decision(c, CTX_MB_TYPE_P_PREFIX, 1);
			ve_cabac_encode_decision(c, CTX_MB_TYPE_P_SUFFIX, 1);
		} else {
			ve_cabac_encode_decision(c, CTX_MB_TYPE_I +
						 (unsigned int)has_a +
						 (unsigned int)has_b, 1);
		}
		/* bin "is I_PCM" is a terminate bin, flushing the coder */
		ve_cabac_encode_terminate(c, 1);
		ve_writer_align(j->s, 0);	/* pcm_alignment_zero_bit */
		ve_job_put_pcm_samples(j, mbx);
		ve_cabac_init_engine(c);
	}
	ve_cabac_encode_terminate(c, last);	/* end_of_slice_flag */
}

static void ve_job_encode(struct ve_job *j)
{
	struct ve_core *s = j->s;
	uint32_t row_len = j->width_mbs * 16;
	unsigned int mb_count = j->width_mbs * j->height_mbs;
	unsigned int mb_index = 0;

	j->cabac_enc.s = s;
	if (j->cabac) {
		ve_writer_align(s, 1);	/* cabac_alignment_one_bit */
		ve_cabac_init_contexts(&j->cabac_enc, j->p_slice,
				       j->cabac_init_idc, j->qp);
		ve_cabac_init_engine(&j->cabac_enc);
	}

	for (unsigned int mby = 0; mby < j->height_mbs; mby++) {
		uint64_t y_off = (uint64_t)mby * 16;
		bool left_skipped = false;

		ve_job_read_rows(j, j->src_rows_y,
				 j->src_y + y_off * j->src_stride,
				 j->src_stride, 16, row_len);
		ve_job_read_rows(j, j->src_rows_c,
				 j->src_c + y_off / 2 * j->src_stride,
				 j->src_stride, 8, row_len);
		if (j->p_slice) {
			ve_job_read_rows(j, j->ref_rows_y,
					 j->ref_y + y_off * j->rec_stride,
					 j->rec_stride, 16, row_len);
			ve_job_read_rows(j, j->ref_rows_c,
					 j->ref_c + y_off / 2 * j->rec_stride,
					 j->rec_stride, 8, row_len);
		}
		if (j->failed)
			return;

		for (unsigned int mbx = 0; mbx < j->width_mbs; mbx++) {
			bool skip = j->p_slice && ve_job_mb_unchanged(j, mbx);

			mb_index++;
			if (j->cabac)
				ve_job_mb_cabac(j, mbx, mby, skip, left_skipped,
						mb_index == mb_count);
			else
				ve_job_mb_cavlc(j, mbx, skip);
			left_skipped = skip;
			j->skipped_above[mbx] = skip;
			if (s->wr.overflow)
				return;
		}

		/* the reconstruction of a lossless picture is the source */
		ve_job_write_rows(j, j->src_rows_y,
				  j->rec_y + y_off * j->rec_stride,
				  j->rec_stride, 16, row_len);
		ve_job_write_rows(j, j->src_rows_c,
				  j->rec_c + y_off / 2 * j->rec_stride,
				  j->rec_stride, 8, row_len);
		if (j->failed)
			return;
		if (j->pic_rec_y) {
			memcpy(j->pic_rec_y + y_off * row_len, j->src_rows_y,
			       (size_t)row_len * 16);
			memcpy(j->pic_rec_c + y_off / 2 * row_len,
			       j->src_rows_c, (size_t)row_len * 8);
		}
	}

	if (j->cabac) {
		/* the flush of end_of_slice_flag wrote rbsp_stop_one_bit */
		ve_writer_align(s, 0);
	} else {
		if (j->skip_run)
			ve_writer_ue(s, j->skip_run);
		ve_writer_put(s, 1, 1);	/* rbsp_stop_one_bit */
		ve_writer_align(s, 0);
	}
}

/* The whole picture of the job for the lossy coder; REC and MAD from it. */
static void ve_job_encode_lossy(struct ve_job *j)
{
	struct ve_core *s = j->s;
	uint32_t row_len = j->width_mbs * 16;
	unsigned int rows = j->height_mbs * 16;
	size_t luma_size = (size_t)row_len * rows;
	struct ve_lossy_params p = {
		.width_mbs = j->width_mbs,
		.height_mbs = j->height_mbs,
		.p_slice = j->p_slice,
		.cabac = j->cabac,
		.cabac_init_idc = j->cabac_init_idc,
		.qp = j->qp,
		.chroma_qp_offset = j->chroma_qp_offset,
		.deblock_idc = j->deblock_idc,
		.alpha_div2 = j->alpha_div2,
		.beta_div2 = j->beta_div2,
	};
	uint32_t mad = 0;

	j->pic_src_y = ve_core_scratch(s, VE_CORE_SCRATCH_SRC_Y, luma_size);
	j->pic_src_c = ve_core_scratch(s, VE_CORE_SCRATCH_SRC_C, luma_size / 2);
	j->pic_rec_y = ve_core_scratch(s, VE_CORE_SCRATCH_REC_Y, luma_size);
	j->pic_rec_c = ve_core_scratch(s, VE_CORE_SCRATCH_REC_C, luma_size / 2);
	if (j->p_slice) {
		j->pic_ref_y = ve_core_scratch(s, VE_CORE_SCRATCH_REF_Y,
					       luma_size);
		j->pic_ref_c = ve_core_scratch(s, VE_CORE_SCRATCH_REF_C,
					       luma_size / 2);
	}
	if (!j->pic_src_y || !j->pic_src_c || !j->pic_rec_y ||
	    !j->pic_rec_c || (j->p_slice && (!j->pic_ref_y || !j->pic_ref_c))) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "out of host memory");
		j->failed = true;
		return;
	}

	ve_job_read_rows(j, j->pic_src_y, j->src_y, j->src_stride, rows,
			 row_len);
	ve_job_read_rows(j, j->pic_src_c, j->src_c, j->src_stride, rows / 2,
			 row_len);
	if (j->p_slice) {
		ve_job_read_rows(j, j->pic_ref_y, j->ref_y, j->rec_stride,
				 rows, row_len);
		ve_job_read_rows(j, j->pic_ref_c, j->ref_c, j->rec_stride,
				 rows / 2, row_len);
	}
	if (j->failed)
		return;

	p.src_y = j->pic_src_y;
	p.src_c = j->pic_src_c;
	p.ref_y = j->pic_ref_y;
	p.ref_c = j->pic_ref_c;
	p.rec_y = j->pic_rec_y;
	p.rec_c = j->pic_rec_c;
	if (!ve_lossy_encode(s, &p, &mad)) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "out of host memory");
		j->failed = true;
		return;
	}
	if (s->wr.overflow)
		return;

	REG(s, VE_ENC_AVC_MAD_REG) = mad;
	ve_job_write_rows(j, j->pic_rec_y, j->rec_y, j->rec_stride, rows,
			  row_len);
	ve_job_write_rows(j, j->pic_rec_c, j->rec_c, j->rec_stride, rows / 2,
			  row_len);
}

/* The rows of one MB row at a time for the lossless coder. */
static void ve_job_encode_pcm(struct ve_job *j)
{
	struct ve_core *s = j->s;
	size_t row_bytes = (size_t)j->width_mbs * 16;

	j->src_rows_y = malloc(row_bytes * 16);
	j->src_rows_c = malloc(row_bytes * 8);
	j->ref_rows_y = malloc(row_bytes * 16);
	j->ref_rows_c = malloc(row_bytes * 8);
	j->skipped_above = calloc(j->width_mbs, 1);
	if (s->hooks && s->hooks->rec) {
		j->pic_rec_y = ve_core_scratch(s, VE_CORE_SCRATCH_REC_Y,
					       row_bytes * j->height_mbs * 16);
		j->pic_rec_c = ve_core_scratch(s, VE_CORE_SCRATCH_REC_C,
					       row_bytes * j->height_mbs * 8);
	}
	if (!j->src_rows_y || !j->src_rows_c || !j->ref_rows_y ||
	    !j->ref_rows_c || !j->skipped_above ||
	    (s->hooks && s->hooks->rec && (!j->pic_rec_y || !j->pic_rec_c))) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "out of host memory");
		j->failed = true;
		return;
	}
	ve_job_encode(j);
}

static void ve_job_cleanup(struct ve_job *j)
{
	free(j->src_rows_y);
	free(j->src_rows_c);
	free(j->ref_rows_y);
	free(j->ref_rows_c);
	free(j->skipped_above);
	/* the whole pictures are the core's scratch buffers */
}

/* A 4-bit two's complement field (-8..7). */
static int ve_job_s4(uint32_t v)
{
	return v >= 8 ? (int)v - 16 : (int)v;
}

/*
 * The coding parameters only the lossy coder uses (PCM's reconstruction
 * ignores them, as v1 did): chroma QP offset and the deblocking filter.
 */
static bool ve_job_setup_lossy(struct ve_core *s, struct ve_job *j,
			       uint32_t para0)
{
	uint32_t para1 = REG(s, VE_ENC_AVC_PARA1_REG);

	j->chroma_qp_offset = (int)VE_FIELD_GET(
		VE_ENC_AVC_PARA1_QP_CHROMA_OFFSET0, para1);
	j->deblock_idc = VE_FIELD_GET(VE_ENC_AVC_PARA0_DEBLOCK_IDC, para0);
	j->alpha_div2 = ve_job_s4(VE_FIELD_GET(
		VE_ENC_AVC_PARA0_ALPHA_OFFSET_DIV2, para0));
	j->beta_div2 = ve_job_s4(VE_FIELD_GET(
		VE_ENC_AVC_PARA0_BETA_OFFSET_DIV2, para0));

	if (j->deblock_idc > 2) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "disable_deblocking_filter_idc %u > 2",
			 j->deblock_idc);
		return false;
	}
	/* 7.4.3: slice_alpha_c0/beta_offset_div2 in -6..6 */
	if (j->alpha_div2 < -6 || j->alpha_div2 > 6 ||
	    j->beta_div2 < -6 || j->beta_div2 > 6) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "deblocking offsets alpha %d beta %d outside -6..6",
			 j->alpha_div2, j->beta_div2);
		return false;
	}
	return true;
}

/* Read the job parameters; false (with an event) if the model can't run it. */
static bool ve_job_setup(struct ve_core *s, struct ve_job *j)
{
	uint32_t pic_info = REG(s, VE_ISP_PIC_INFO_REG);
	uint32_t para0 = REG(s, VE_ENC_AVC_PARA0_REG);
	unsigned int format = VE_FIELD_GET(VE_ISP_CTRL_FORMAT_MODEL,
					   REG(s, VE_ISP_CTRL_REG));
	uint32_t slice_type = para0 & VE_ENC_AVC_PARA0_SLICE_TYPE;
	unsigned int stride_mbs =
		VE_FIELD_GET(VE_ISP_PIC_STRIDE0_INPUT_STRIDE_MBS,
			     REG(s, VE_ISP_PIC_STRIDE0_REG));

	memset(j, 0, sizeof(*j));
	j->s = s;
	j->width_mbs = VE_FIELD_GET(VE_ISP_PIC_INFO_WIDTH_MBS, pic_info);
	j->height_mbs = VE_FIELD_GET(VE_ISP_PIC_INFO_HEIGHT_MBS, pic_info);
	j->src_y = REG(s, VE_ISP_INPUT_LUMA_REG);
	j->src_c = REG(s, VE_ISP_INPUT_CHROMA0_REG);
	j->src_stride = stride_mbs * 16;
	j->ref_y = REG(s, VE_ENC_AVC_REF0_ADDR_Y_REG);
	j->ref_c = REG(s, VE_ENC_AVC_REF0_ADDR_C_REG);
	j->rec_y = REG(s, VE_ENC_AVC_REC_ADDR_Y_REG);
	j->rec_c = REG(s, VE_ENC_AVC_REC_ADDR_C_REG);
	j->rec_stride = (j->width_mbs + 1) / 2 * 2 * 16;
	j->p_slice = slice_type == VE_ENC_AVC_PARA0_SLICE_TYPE_P;
	j->cabac = para0 & VE_ENC_AVC_PARA0_ENTROPY_CODING_CABAC;
	/* The driver writes cabac_init_idc into FIX_MODE_NUM. */
	j->cabac_init_idc = VE_FIELD_GET(VE_ENC_AVC_PARA0_FIX_MODE_NUM, para0);
	j->qp = VE_FIELD_GET(VE_ENC_AVC_PARA1_FIXED_QP,
			     REG(s, VE_ENC_AVC_PARA1_REG));

	if (!j->width_mbs || !j->height_mbs) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "picture size is zero");
		return false;
	}
	if (stride_mbs < j->width_mbs) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "input stride %u MBs < width %u MBs",
			 stride_mbs, j->width_mbs);
		return false;
	}
	/* PARA1 repeats the stride in units of 48 MBs (see FACTS.md). */
	if (VE_FIELD_GET(VE_ENC_AVC_PARA1_STRIDE_MBS_DIV_48,
			 REG(s, VE_ENC_AVC_PARA1_REG)) !=
	    (stride_mbs + 47) / 48) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "PARA1 STRIDE_MBS_DIV_48 %u, input stride %u MBs needs %u",
			 VE_FIELD_GET(VE_ENC_AVC_PARA1_STRIDE_MBS_DIV_48,
				      REG(s, VE_ENC_AVC_PARA1_REG)),
			 stride_mbs, (stride_mbs + 47) / 48);
		return false;
	}
	if (format != VE_FIELD_GET(VE_ISP_CTRL_FORMAT_MODEL,
				   VE_ISP_CTRL_FORMAT_YUV420SP)) {
		ve_event(s, VE_CORE_EV_UNIMP, "input format %u (only NV12)",
			 format);
		return false;
	}
	if (slice_type != VE_ENC_AVC_PARA0_SLICE_TYPE_I && !j->p_slice) {
		ve_event(s, VE_CORE_EV_UNIMP, "slice type %u (only I, P)",
			 VE_FIELD_GET(VE_ENC_AVC_PARA0_SLICE_TYPE, para0));
		return false;
	}
	if (j->cabac && j->p_slice && j->cabac_init_idc > 2) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "cabac_init_idc %u > 2",
			 j->cabac_init_idc);
		return false;
	}
	if (j->qp > 51) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR, "QP %u > 51", j->qp);
		return false;
	}
	if (s->coding == VE_CORE_CODING_LOSSY)
		return ve_job_setup_lossy(s, j, para0);
	return true;
}

static void ve_job_set_status(struct ve_core *s, uint32_t bits)
{
	REG(s, VE_ENC_AVC_STATUS_REG) |= bits;
	s->job_pending = false;
	s->job_engine = VE_CORE_ENGINE_NONE;
}

void ve_core_run_job(struct ve_core *s)
{
	struct ve_job j;
	uint64_t header_bits = s->wr.bit_len;
	char coding[96];
	bool ok;

	if (!s->job_pending || s->job_hung)
		return;
	if (ve_dec_is_engine(s->job_engine)) {
		ve_dec_run_job(s);
		return;
	}
	if (ve_core_job_hangs(s))
		return;	/* no status, no output: only a reset ends it */
	if (s->fault == VE_CORE_FAULT_ERROR) {
		ve_job_set_status(s, VE_ENC_AVC_STATUS_STALL);
		ve_event(s, VE_CORE_EV_JOB_DONE, "error (injected fault)");
		return;
	}
	if (!ve_job_setup(s, &j)) {
		ve_job_set_status(s, VE_ENC_AVC_STATUS_STALL);
		ve_event(s, VE_CORE_EV_JOB_DONE, "error (job rejected)");
		return;
	}
	if (s->coding == VE_CORE_CODING_LOSSY)
		snprintf(coding, sizeof(coding),
			 "lossy, chroma_qp_index_offset %d, deblocking idc %u alpha %d beta %d",
			 j.chroma_qp_offset, j.deblock_idc, j.alpha_div2,
			 j.beta_div2);
	else
		snprintf(coding, sizeof(coding), "PCM");
	ve_event(s, VE_CORE_EV_JOB,
		 "%ux%u MBs, %c slice, %s idc %u, QP %u, %s, src 0x%x/0x%x stride %u, ref 0x%x/0x%x, rec 0x%x/0x%x, header %llu bits",
		 j.width_mbs, j.height_mbs, j.p_slice ? 'P' : 'I',
		 j.cabac ? "CABAC" : "CAVLC", j.cabac_init_idc, j.qp, coding,
		 j.src_y, j.src_c, j.src_stride, j.ref_y, j.ref_c,
		 j.rec_y, j.rec_c, (unsigned long long)header_bits);

	ve_writer_begin(s);
	if (s->coding == VE_CORE_CODING_LOSSY)
		ve_job_encode_lossy(&j);
	else
		ve_job_encode_pcm(&j);
	ve_writer_flush(s);

	REG(s, VE_ENC_AVC_HEADER_BITS_REG) = (uint32_t)header_bits;
	REG(s, VE_ENC_AVC_RESIDUAL_BITS_REG) = (uint32_t)(s->wr.bit_len -
						      header_bits);
	ok = !j.failed && !s->wr.overflow;
	ve_job_set_status(s, !ok ? VE_ENC_AVC_STATUS_STALL :
			  s->fault == VE_CORE_FAULT_FINISH_OVERTIME ?
			  VE_ENC_AVC_STATUS_FINISH | VE_ENC_AVC_STATUS_OVERTIME :
			  VE_ENC_AVC_STATUS_FINISH);
	ve_event(s, VE_CORE_EV_JOB_DONE, "%s, %llu bits total",
		 ok ? "finished" : s->wr.overflow ? "stream buffer full" :
		 "bus error", (unsigned long long)s->wr.bit_len);
	if (ok && s->hooks && s->hooks->rec && j.pic_rec_y)
		s->hooks->rec(s->opaque, j.pic_rec_y, j.pic_rec_c,
			      (size_t)j.width_mbs * 16, j.width_mbs * 16,
			      j.height_mbs * 16);
	ve_job_cleanup(&j);
}
