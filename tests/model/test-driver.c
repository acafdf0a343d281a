// SPDX-License-Identifier: GPL-2.0-or-later
#include "test-driver.h"

#include <string.h>

#include "harness.h"

static const char *const event_names[] = {
	"guest-error", "unimp", "job", "job-done", "dec-job", "dec-job-done",
};

static int tenv_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	struct tenv *t = opaque;

	if (addr > t->mem_size || len > t->mem_size - addr) {
		t->bad_dma++;
		return -1;
	}
	memcpy(buf, t->mem + addr, len);
	return 0;
}

static int tenv_dma_write(void *opaque, uint64_t addr, const void *buf,
			  size_t len)
{
	struct tenv *t = opaque;

	if (addr > t->mem_size || len > t->mem_size - addr) {
		t->bad_dma++;
		return -1;
	}
	memcpy(t->mem + addr, buf, len);
	return 0;
}

static void tenv_event(void *opaque, enum ve_core_event ev, const char *msg)
{
	struct tenv *t = opaque;

	t->events[ev]++;
	if (t->verbose || ev == VE_CORE_EV_GUEST_ERROR ||
	    ev == VE_CORE_EV_UNIMP)
		fprintf(stderr, "  [%s] %s\n", event_names[ev], msg);
}

static const struct ve_core_dma_ops tenv_dma_ops = {
	.read	= tenv_dma_read,
	.write	= tenv_dma_write,
};

static void tenv_rec(void *opaque, const uint8_t *y, const uint8_t *cbcr,
		     size_t stride, unsigned int width, unsigned int height)
{
	struct tenv *t = opaque;
	size_t size = (size_t)width * height * 3 / 2;

	CHECK(width && height && width <= stride && height % 2 == 0);
	/* the same buffer for frames of one size (make bench-model times this) */
	if (!t->rec || (size_t)t->rec_width * t->rec_height * 3 / 2 != size) {
		free(t->rec);
		t->rec = malloc(size);
		CHECK(t->rec);
	}
	for (unsigned int row = 0; row < height; row++)
		memcpy(t->rec + (size_t)row * width, y + row * stride, width);
	for (unsigned int row = 0; row < height / 2; row++)
		memcpy(t->rec + (size_t)(height + row) * width,
		       cbcr + row * stride, width);
	t->rec_width = width;
	t->rec_height = height;
	t->rec_calls++;
}

static const struct ve_core_hooks tenv_hooks = {
	.event	= tenv_event,
	.rec	= tenv_rec,
};

void tenv_init(struct tenv *t, size_t mem_size)
{
	memset(t, 0, sizeof(*t));
	t->mem = calloc(1, mem_size);
	CHECK(t->mem);
	t->mem_size = mem_size;
	ve_core_init(&t->core, VE_CORE_VERSION_H3, &tenv_dma_ops, &tenv_hooks,
		     t);
	/*
	 * Model v1, lossless: the tests written for it compare the model's
	 * output with the source byte for byte. The lossy tests
	 * (test-lossy.c) select VE_CORE_CODING_LOSSY after tenv_init().
	 */
	t->core.coding = VE_CORE_CODING_PCM;
	/* the BR driver's encoder selection: ENC_ENABLE | ENC_ISP_ENABLE */
	wr(t, VE_MODE_REG, VE_MODE_ENC_ENABLE | VE_MODE_ENC_ISP_ENABLE | 7);
}

void tenv_free(struct tenv *t)
{
	CHECK_EQ(t->bad_dma, 0);
	ve_core_free(&t->core);
	free(t->mem);
	t->mem = NULL;
	free(t->rec);
	t->rec = NULL;
}

uint32_t rd(struct tenv *t, uint32_t reg)
{
	return ve_core_read(&t->core, reg);
}

void wr(struct tenv *t, uint32_t reg, uint32_t val)
{
	CHECK_EQ(ve_core_write(&t->core, reg, val), VE_CORE_ACTION_NONE);
}

void drv_encoder_reset(struct tenv *t)
{
	uint32_t reset = rd(t, VE_RESET_REG);

	wr(t, VE_RESET_REG, reset | VE_RESET_ENCODER);
	wr(t, VE_RESET_REG, reset & ~VE_RESET_ENCODER);
}

void drv_stream_setup(struct tenv *t, uint32_t addr, uint32_t size)
{
	wr(t, VE_ENC_AVC_STARTTRIG_REG, 0);
	wr(t, VE_ENC_AVC_STM_BIT_OFFSET_REG, 0);
	wr(t, VE_ENC_AVC_STM_START_ADDR_REG, addr);
	wr(t, VE_ENC_AVC_STM_END_ADDR_REG, addr + size - 1);
	wr(t, VE_ENC_AVC_STM_BIT_MAX_REG, size * 8);
	wr(t, VE_ENC_AVC_STM_BIT_LEN_REG, 0);
	wr(t, VE_ENC_AVC_HEADER_BITS_REG, 0);
	wr(t, VE_ENC_AVC_RESIDUAL_BITS_REG, 0);
}

/* One put-bits trigger of n (1..16) bits, as the driver sends them. */
static void drv_put_trigger(struct tenv *t, uint32_t value, unsigned int n)
{
	CHECK(rd(t, VE_ENC_AVC_STATUS_REG) & VE_ENC_AVC_STATUS_PUT_BITS_READY);
	wr(t, VE_ENC_AVC_PUTBITSDATA_REG, value);
	wr(t, VE_ENC_AVC_STARTTRIG_REG,
	   VE_FIELD_PREP(VE_ENC_AVC_STARTTRIG_NUM_BITS, n) |
	   VE_ENC_AVC_STARTTRIG_TYPE_PUT_BITS);
}

/* Append the low n (1..32) bits of value, at most 16 per trigger. */
void drv_put(struct tenv *t, uint32_t value, unsigned int n)
{
	CHECK(n >= 1 && n <= 32);
	if (n > 16) {
		drv_put_trigger(t, (uint32_t)((uint64_t)value >> 16), n - 16);
		n = 16;
	}
	drv_put_trigger(t, value, n);
}

/* ue(v): v + 1 on 2 * floor(log2(v + 1)) + 1 bits, leading zeros implied. */
void drv_ue(struct tenv *t, uint32_t v)
{
	uint64_t code = (uint64_t)v + 1;
	unsigned int bits = 0;

	while ((code >> bits) > 1)
		bits++;
	/* bits leading zeros, then bits + 1 bits of code */
	if (bits)
		drv_put(t, 0, bits);
	if (bits + 1 > 32) {
		drv_put(t, (uint32_t)(code >> 32), bits + 1 - 32);
		drv_put(t, (uint32_t)code, 32);
	} else {
		drv_put(t, (uint32_t)code, bits + 1);
	}
}

void drv_se(struct tenv *t, int32_t v)
{
	drv_ue(t, v > 0 ? 2 * (uint32_t)v - 1 : 2 * (uint32_t)(-v));
}

void drv_set_ep(struct tenv *t, bool enabled)
{
	uint32_t para0 = rd(t, VE_ENC_AVC_PARA0_REG);

	if (enabled)
		para0 &= ~VE_ENC_AVC_PARA0_EPTB_DIS;
	else
		para0 |= VE_ENC_AVC_PARA0_EPTB_DIS;
	wr(t, VE_ENC_AVC_PARA0_REG, para0);
}

void drv_trailing_bits(struct tenv *t)
{
	unsigned int rem;

	drv_put(t, 1, 1);
	rem = rd(t, VE_ENC_AVC_STM_BIT_LEN_REG) % 8;
	if (rem)
		drv_put(t, 0, 8 - rem);
}

void drv_nal_start(struct tenv *t, unsigned int ref_idc, unsigned int type)
{
	drv_set_ep(t, false);
	drv_put(t, 0x00000001, 32);
	drv_put(t, (ref_idc << 5) | type, 8);
	drv_set_ep(t, true);
}

unsigned int cfg_width_mbs(const struct enc_cfg *c)
{
	return (c->width + 15) / 16;
}

unsigned int cfg_height_mbs(const struct enc_cfg *c)
{
	return (c->height + 15) / 16;
}

unsigned int cfg_log2_max_frame_num(const struct enc_cfg *c)
{
	return c->log2_max_frame_num ? c->log2_max_frame_num : 4;
}

static unsigned int cfg_profile_idc(const struct enc_cfg *c)
{
	return c->profile_idc ? c->profile_idc : 100;
}

/* seq_parameter_set_rbsp() (7.3.2.1.1), High profile, POC type 2. */
void drv_write_sps(struct tenv *t, const struct enc_cfg *c)
{
	unsigned int crop_right = (cfg_width_mbs(c) * 16 - c->width) / 2;
	unsigned int crop_bottom = (cfg_height_mbs(c) * 16 - c->height) / 2;

	drv_nal_start(t, 3, 7);
	drv_put(t, cfg_profile_idc(c), 8);
	drv_put(t, 0, 8);			/* constraint_set flags */
	drv_put(t, 40, 8);			/* level_idc */
	drv_ue(t, 0);				/* seq_parameter_set_id */
	if (cfg_profile_idc(c) == 100) {
		drv_ue(t, 1);			/* chroma_format_idc 4:2:0 */
		drv_ue(t, 0);			/* bit_depth_luma_minus8 */
		drv_ue(t, 0);			/* bit_depth_chroma_minus8 */
		drv_put(t, 0, 1);		/* qpprime_y_zero_transform_bypass */
		drv_put(t, 0, 1);		/* seq_scaling_matrix_present */
	}
	drv_ue(t, cfg_log2_max_frame_num(c) - 4);
	drv_ue(t, 2);				/* pic_order_cnt_type */
	drv_ue(t, 1);				/* max_num_ref_frames */
	drv_put(t, 0, 1);			/* gaps_in_frame_num_allowed */
	drv_ue(t, cfg_width_mbs(c) - 1);
	drv_ue(t, cfg_height_mbs(c) - 1);	/* map units = MBs (frames) */
	drv_put(t, 1, 1);			/* frame_mbs_only_flag */
	drv_put(t, 1, 1);			/* direct_8x8_inference_flag */
	if (crop_right || crop_bottom) {
		drv_put(t, 1, 1);		/* frame_cropping_flag */
		drv_ue(t, 0);			/* left, in 2-sample units */
		drv_ue(t, crop_right);
		drv_ue(t, 0);			/* top */
		drv_ue(t, crop_bottom);
	} else {
		drv_put(t, 0, 1);
	}
	drv_put(t, 0, 1);			/* vui_parameters_present */
	drv_trailing_bits(t);
}

/* pic_parameter_set_rbsp() (7.3.2.2) */
void drv_write_pps(struct tenv *t, const struct enc_cfg *c)
{
	drv_nal_start(t, 3, 8);
	drv_ue(t, 0);				/* pic_parameter_set_id */
	drv_ue(t, 0);				/* seq_parameter_set_id */
	drv_put(t, c->cabac, 1);		/* entropy_coding_mode_flag */
	drv_put(t, 0, 1);			/* bottom_field_pic_order... */
	drv_ue(t, 0);				/* num_slice_groups_minus1 */
	drv_ue(t, 0);				/* num_ref_idx_l0_default_minus1 */
	drv_ue(t, 0);				/* num_ref_idx_l1_default_minus1 */
	drv_put(t, 0, 1);			/* weighted_pred_flag */
	drv_put(t, 0, 2);			/* weighted_bipred_idc */
	drv_se(t, c->pic_init_qp_minus26);
	drv_se(t, 0);				/* pic_init_qs_minus26 */
	drv_se(t, c->chroma_qp_index_offset);
	drv_put(t, 1, 1);			/* deblocking_filter_control_present */
	drv_put(t, 0, 1);			/* constrained_intra_pred_flag */
	drv_put(t, 0, 1);			/* redundant_pic_cnt_present_flag */
	drv_trailing_bits(t);
}

/* slice_header() (7.3.3) for one slice covering the picture. Not aligned. */
void drv_write_slice_header(struct tenv *t, const struct enc_cfg *c,
			    bool idr, unsigned int frame_num)
{
	drv_nal_start(t, idr ? 3 : 2, idr ? 5 : 1);
	drv_ue(t, 0);				/* first_mb_in_slice */
	drv_ue(t, idr ? 7 : 5);			/* slice_type I / P (all) */
	drv_ue(t, 0);				/* pic_parameter_set_id */
	drv_put(t, frame_num, cfg_log2_max_frame_num(c));
	if (idr)
		drv_ue(t, c->idr_pic_id);
	if (!idr) {
		drv_put(t, 0, 1);		/* num_ref_idx_active_override */
		drv_put(t, 0, 1);		/* ref_pic_list_modification_l0 */
	}
	if (idr) {
		drv_put(t, 0, 1);		/* no_output_of_prior_pics_flag */
		drv_put(t, 0, 1);		/* long_term_reference_flag */
	} else {
		drv_put(t, 0, 1);		/* adaptive_ref_pic_marking_mode */
	}
	if (c->cabac && !idr)
		drv_ue(t, c->cabac_init_idc);
	drv_se(t, (int)c->qp - 26 - c->pic_init_qp_minus26);
	drv_ue(t, c->deblock_idc);
	if (c->deblock_idc != 1) {
		drv_se(t, c->alpha_div2);
		drv_se(t, c->beta_div2);
	}
}

static uint32_t align_up(uint32_t v, uint32_t a)
{
	return (v + a - 1) / a * a;
}

struct enc_bufs enc_layout(const struct enc_cfg *c)
{
	struct enc_bufs b;
	uint32_t w = cfg_width_mbs(c), h = cfg_height_mbs(c);
	uint32_t rec_stride = align_up(w, 2) * 16;
	uint32_t addr = 0x1000;

	b.src_stride = (w + c->stride_extra_mbs) * 16;
	b.src_y = addr;
	addr = align_up(addr + b.src_stride * h * 16, 0x1000);
	b.src_c = addr;
	addr = align_up(addr + b.src_stride * h * 8, 0x1000);
	for (int i = 0; i < 2; i++) {
		b.rec_y[i] = addr;
		addr = align_up(addr + rec_stride * h * 16, 0x1000);
		b.rec_c[i] = addr;
		addr = align_up(addr + rec_stride * h * 8, 0x1000);
	}
	/*
	 * PCM is 384 bytes per MB; EP can add one byte in three at worst.
	 * The lossy coder at QP 0 on noise codes more than PCM would: room
	 * for 1024 bytes per MB.
	 */
	b.stream = addr;
	b.stream_size = align_up(w * h * 1024 + 4096, 0x1000);
	addr += b.stream_size;
	b.mem_size = addr + 0x1000;	/* guard page */
	return b;
}

enum ve_core_action drv_configure_and_start(struct tenv *t,
					    const struct enc_cfg *c,
					    const struct enc_bufs *b,
					    unsigned int index)
{
	unsigned int cur = index % 2, prev = (index + 1) % 2;
	uint32_t para0 = rd(t, VE_ENC_AVC_PARA0_REG) &
			 VE_ENC_AVC_PARA0_EPTB_DIS;

	/* what the registers can carry of the headers' values */
	CHECK(c->chroma_qp_index_offset >= 0 && c->chroma_qp_index_offset <= 7);
	CHECK(c->alpha_div2 >= -6 && c->alpha_div2 <= 6);
	CHECK(c->beta_div2 >= -6 && c->beta_div2 <= 6);
	CHECK(c->qp <= 51 && c->cabac_init_idc <= 2 && c->deblock_idc <= 2);
	wr(t, VE_ISP_PIC_INFO_REG,
	   VE_FIELD_PREP(VE_ISP_PIC_INFO_WIDTH_MBS, cfg_width_mbs(c)) |
	   VE_FIELD_PREP(VE_ISP_PIC_INFO_HEIGHT_MBS, cfg_height_mbs(c)));
	wr(t, VE_ISP_SCALER_SIZE_REG,
	   VE_FIELD_PREP(VE_ISP_SCALER_SIZE_HEIGHT_MBS, cfg_height_mbs(c)) |
	   VE_FIELD_PREP(VE_ISP_SCALER_SIZE_WIDTH_MBS, cfg_width_mbs(c)));
	wr(t, VE_ISP_PIC_STRIDE0_REG,
	   VE_FIELD_PREP(VE_ISP_PIC_STRIDE0_INPUT_STRIDE_MBS,
			 b->src_stride / 16));
	wr(t, VE_ISP_CTRL_REG, VE_ISP_CTRL_FORMAT_YUV420SP);	/* BT.601 */
	wr(t, VE_ISP_INPUT_LUMA_REG, b->src_y);
	wr(t, VE_ISP_INPUT_CHROMA0_REG, b->src_c);

	wr(t, VE_ENC_AVC_REC_ADDR_Y_REG, b->rec_y[cur]);
	wr(t, VE_ENC_AVC_REC_ADDR_C_REG, b->rec_c[cur]);
	wr(t, VE_ENC_AVC_REF0_ADDR_Y_REG, b->rec_y[prev]);
	wr(t, VE_ENC_AVC_REF0_ADDR_C_REG, b->rec_c[prev]);

	para0 |= index ? VE_ENC_AVC_PARA0_SLICE_TYPE_P :
			 VE_ENC_AVC_PARA0_SLICE_TYPE_I;
	if (c->cabac)
		para0 |= VE_ENC_AVC_PARA0_ENTROPY_CODING_CABAC |
			 VE_FIELD_PREP(VE_ENC_AVC_PARA0_FIX_MODE_NUM,
				       c->cabac_init_idc);
	/* the slice header's filter parameters, offsets 4-bit two's complement */
	para0 |= VE_FIELD_PREP(VE_ENC_AVC_PARA0_BETA_OFFSET_DIV2,
			       (uint32_t)c->beta_div2 & 0xf) |
		 VE_FIELD_PREP(VE_ENC_AVC_PARA0_ALPHA_OFFSET_DIV2,
			       (uint32_t)c->alpha_div2 & 0xf) |
		 VE_FIELD_PREP(VE_ENC_AVC_PARA0_DEBLOCK_IDC, c->deblock_idc);
	wr(t, VE_ENC_AVC_PARA0_REG, para0);
	wr(t, VE_ENC_AVC_PARA1_REG,
	   VE_FIELD_PREP(VE_ENC_AVC_PARA1_QP_CHROMA_OFFSET0,
			 c->chroma_qp_index_offset) |
	   VE_FIELD_PREP(VE_ENC_AVC_PARA1_STRIDE_MBS_DIV_48,
			 (b->src_stride / 16 + 47) / 48) |
	   VE_FIELD_PREP(VE_ENC_AVC_PARA1_FIXED_QP, c->qp));
	wr(t, VE_ENC_AVC_PARA2_REG, 0);
	wr(t, VE_ENC_AVC_ME_PARA_REG, 0x00010004);

	wr(t, VE_ENC_AVC_INT_EN_REG,
	   VE_ENC_AVC_INT_EN_STALL | VE_ENC_AVC_INT_EN_FINISH);
	return ve_core_write(&t->core, VE_ENC_AVC_STARTTRIG_REG,
			     VE_ENC_AVC_STARTTRIG_TYPE_ENC_START);
}

/* Small deterministic noise, 0..2: makes MB edges deblocking-sensitive. */
static unsigned int noise3(unsigned int x, unsigned int y)
{
	uint32_t h = x * 0x9e3779b1u ^ y * 0x85ebca77u;

	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h % 3;
}

/*
 * Frame content: a static gradient with +-1 noise (smooth enough that the
 * loop filter would change it at high QP); a flat black band (luma and
 * chroma 0, long zero runs for EP); a band of values 0..3 (every byte EP
 * relevant); a textured box moving by (13, 7) pixels per frame, so MBs
 * change, stay or return to background. Rows below the display height are
 * coded padding and follow the same formula.
 */
static uint8_t pix_luma(const struct enc_cfg *c, unsigned int x,
			unsigned int y, unsigned int f)
{
	unsigned int bx = 8 + f * 13 % (c->width > 64 ? c->width - 56 : 8);
	unsigned int by = 8 + f * 7 % (c->height > 64 ? c->height - 56 : 8);

	if (x >= bx && x < bx + 40 && y >= by && y < by + 40)
		return (uint8_t)(((x - bx) * 7 + (y - by) * 3) ^ 0x5a);
	if (y >= c->height / 4 && y < c->height / 4 + 24 && x < c->width / 2)
		return 0;
	if (y >= c->height / 2 && y < c->height / 2 + 8)
		return (uint8_t)((x ^ y) & 3);
	return (uint8_t)(x / 4 + y / 2 + noise3(x, y));
}

static uint8_t pix_chroma(const struct enc_cfg *c, unsigned int cx,
			  unsigned int cy, unsigned int plane, unsigned int f)
{
	unsigned int x = cx * 2, y = cy * 2;
	unsigned int bx = 8 + f * 13 % (c->width > 64 ? c->width - 56 : 8);
	unsigned int by = 8 + f * 7 % (c->height > 64 ? c->height - 56 : 8);

	if (x >= bx && x < bx + 40 && y >= by && y < by + 40)
		return (uint8_t)(plane ? 200 - (y - by) : 60 + (x - bx));
	if (y >= c->height / 4 && y < c->height / 4 + 24 && x < c->width / 2)
		return 0;
	return (uint8_t)((plane ? 128 + cy / 8 : 128 - cx / 8) +
			 noise3(cx + 4096 * plane, cy));
}

void gen_frame(struct tenv *t, const struct enc_cfg *c,
	       const struct enc_bufs *b, unsigned int f, enum pattern p)
{
	unsigned int w = cfg_width_mbs(c) * 16, h = cfg_height_mbs(c) * 16;

	for (unsigned int y = 0; y < h; y++) {
		uint8_t *row = t->mem + b->src_y + (size_t)y * b->src_stride;

		for (unsigned int x = 0; x < w; x++)
			row[x] = p == PATTERN_BLACK ? 0 : pix_luma(c, x, y, f);
	}
	for (unsigned int y = 0; y < h / 2; y++) {
		uint8_t *row = t->mem + b->src_c + (size_t)y * b->src_stride;

		for (unsigned int x = 0; x < w; x++)
			row[x] = p == PATTERN_BLACK ? 0 :
				 pix_chroma(c, x / 2, y, x % 2, f);
	}
}

void drv_encode_frame(struct tenv *t, const struct enc_cfg *c,
		      const struct enc_bufs *b, unsigned int index,
		      uint8_t **out, size_t *out_len)
{
	uint32_t bits;

	drv_stream_setup(t, b->stream, b->stream_size);
	if (index == 0) {
		drv_write_sps(t, c);
		drv_write_pps(t, c);
	}
	drv_write_slice_header(t, c, index == 0,
			       index % (1u << cfg_log2_max_frame_num(c)));
	CHECK_EQ(drv_configure_and_start(t, c, b, index),
		 VE_CORE_ACTION_START_JOB);
	CHECK(!ve_core_irq_level(&t->core));
	ve_core_run_job(&t->core);
	CHECK_EQ(rd(t, VE_ENC_AVC_STATUS_REG),
		 VE_ENC_AVC_STATUS_PUT_BITS_READY | VE_ENC_AVC_STATUS_FINISH);
	CHECK(ve_core_irq_level(&t->core));
	wr(t, VE_ENC_AVC_STATUS_REG, VE_ENC_AVC_STATUS_INT_MASK);
	CHECK(!ve_core_irq_level(&t->core));
	wr(t, VE_ENC_AVC_INT_EN_REG, 0);

	bits = rd(t, VE_ENC_AVC_STM_BIT_LEN_REG);
	CHECK_EQ(bits % 8, 0);
	CHECK_EQ(rd(t, VE_ENC_AVC_HEADER_BITS_REG) + rd(t, VE_ENC_AVC_RESIDUAL_BITS_REG),
		 bits);
	CHECK(bits / 8 <= b->stream_size);
	*out = realloc(*out, *out_len + bits / 8);
	CHECK(*out);
	memcpy(*out + *out_len, t->mem + b->stream, bits / 8);
	*out_len += bits / 8;
}
