/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test-side stand-in for the kernel driver: host memory behind the core's
 * DMA ops (bus address = offset into the array), the register sequences a
 * driver uses (put-bits, ISP/AVC programming, ENC_START), and an H.264
 * SPS/PPS/slice-header writer that goes through put-bits. This writer is
 * independent of the model's own bit writer on purpose.
 */
#ifndef MODEL_TEST_DRIVER_H
#define MODEL_TEST_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ve-core.h"

/* VE_RESET bits that read 1 while no encode is pending. */
#define RESET_IDLE_BITS (VE_RESET_SYNC_IDLE | VE_RESET_CACHE_SYNC_IDLE)

struct tenv {
	struct ve_core core;
	uint8_t *mem;
	size_t mem_size;
	unsigned int events[6];		/* per enum ve_core_event */
	unsigned int bad_dma;		/* accesses outside mem */
	bool verbose;
	/*
	 * The last reconstruction the core passed to its rec hook, packed
	 * (rec_width luma bytes a row, then the NV12 chroma rows of the same
	 * length), and how many times the hook was called.
	 */
	uint8_t *rec;
	unsigned int rec_width, rec_height;
	unsigned int rec_calls;
};

/* Memory, DMA ops and hooks; the core codes losslessly (VE_CORE_CODING_PCM). */
void tenv_init(struct tenv *t, size_t mem_size);
void tenv_free(struct tenv *t);

uint32_t rd(struct tenv *t, uint32_t reg);
/* A register write that must not start a job. */
void wr(struct tenv *t, uint32_t reg, uint32_t val);

/*
 * The encoder reset pulse a driver gives before every job (VE_RESET bit 24
 * set, then cleared, other bits kept): ends a hung encode.
 */
void drv_encoder_reset(struct tenv *t);

/* Program STM_START/END/BIT_MAX for [addr, addr + size) and rewind. */
void drv_stream_setup(struct tenv *t, uint32_t addr, uint32_t size);

/* Put-bits: n in 1..32 (n = 32 is sent as NUM_BITS 32). */
void drv_put(struct tenv *t, uint32_t value, unsigned int n);
void drv_ue(struct tenv *t, uint32_t v);
void drv_se(struct tenv *t, int32_t v);
void drv_set_ep(struct tenv *t, bool enabled);
/* rbsp_trailing_bits(): a 1, then zeros to the byte boundary (STM_BIT_LEN). */
void drv_trailing_bits(struct tenv *t);
/* 00 00 00 01 and the NAL header byte, written with EP off. */
void drv_nal_start(struct tenv *t, unsigned int ref_idc, unsigned int type);

struct enc_cfg {
	unsigned int width, height;	/* display size, pixels */
	unsigned int stride_extra_mbs;	/* input stride beyond the width */
	bool cabac;
	unsigned int cabac_init_idc;
	unsigned int qp;
	int pic_init_qp_minus26;
	int chroma_qp_index_offset;
	unsigned int deblock_idc;	/* disable_deblocking_filter_idc */
	int alpha_div2, beta_div2;
	unsigned int log2_max_frame_num;	/* 0 means 4 */
	unsigned int idr_pic_id;
	unsigned int profile_idc;		/* 0 means 100 (High) */
};

unsigned int cfg_width_mbs(const struct enc_cfg *c);
unsigned int cfg_height_mbs(const struct enc_cfg *c);
unsigned int cfg_log2_max_frame_num(const struct enc_cfg *c);

void drv_write_sps(struct tenv *t, const struct enc_cfg *c);
void drv_write_pps(struct tenv *t, const struct enc_cfg *c);
void drv_write_slice_header(struct tenv *t, const struct enc_cfg *c,
			    bool idr, unsigned int frame_num);

struct enc_bufs {
	uint32_t src_y, src_c;		/* NV12 input, stride src_stride */
	uint32_t src_stride;
	uint32_t rec_y[2], rec_c[2];	/* reconstructions, ping-pong */
	uint32_t stream, stream_size;
	size_t mem_size;
};

/* Lay out buffers for cfg in memory of the returned size. */
struct enc_bufs enc_layout(const struct enc_cfg *c);

/*
 * Program the ISP/AVC registers for frame `index` (I if idx == 0, else P
 * referencing the previous reconstruction) and write ENC_START; returns what
 * ve_core_write returned.
 */
enum ve_core_action drv_configure_and_start(struct tenv *t,
					    const struct enc_cfg *c,
					    const struct enc_bufs *b,
					    unsigned int index);

/* Source content of frame f (see test-driver.c), written as NV12 to src. */
enum pattern {
	PATTERN_MOVING,		/* static gradient + black areas + moving box */
	PATTERN_BLACK,		/* all samples 0 */
};

void gen_frame(struct tenv *t, const struct enc_cfg *c,
	       const struct enc_bufs *b, unsigned int f, enum pattern p);

/*
 * The whole driver sequence for frame `index` (IDR with SPS/PPS when 0):
 * headers through put-bits, registers, ENC_START, run, check FINISH and the
 * IRQ, clear STATUS. Appends the coded bytes to *out (realloc'd).
 */
void drv_encode_frame(struct tenv *t, const struct enc_cfg *c,
		      const struct enc_bufs *b, unsigned int index,
		      uint8_t **out, size_t *out_len);

#endif /* MODEL_TEST_DRIVER_H */
