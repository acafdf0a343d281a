/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test-side parser of the model's slice data: walks the macroblocks of one
 * coded picture (CAVLC, or a small CABAC decoder of its own) and checks each
 * one against what the test expects from its own source frames: I_PCM with
 * the source samples where the MB changed (every MB of an I slice), P_Skip
 * where it did not. It shares no code with the model.
 */
#ifndef MODEL_TEST_SLICE_H
#define MODEL_TEST_SLICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "test-driver.h"

/*
 * A picture at coded size (width_mbs * 16 by height_mbs * 16 luma, NV12
 * chroma), packed: luma rows of width_mbs * 16 bytes, then the interleaved
 * CbCr rows of the same length.
 */
struct coded_pic {
	unsigned int width_mbs, height_mbs;
	uint8_t *data;
};

void coded_pic_alloc(struct coded_pic *p, const struct enc_cfg *c);
void coded_pic_free(struct coded_pic *p);
/* Copy the source picture the test wrote into memory (coded size). */
void coded_pic_capture(struct coded_pic *p, const uint8_t *mem,
		       const struct enc_bufs *b);
/* Does MB (mbx, mby) differ between a and b (16x16 luma, 8x8 Cb and Cr)? */
bool coded_pic_mb_differs(const struct coded_pic *a,
			  const struct coded_pic *b, unsigned int mbx,
			  unsigned int mby);

/*
 * Parse the slice NAL unit of one access unit (the bytes one
 * drv_encode_frame() call produced, SPS/PPS included for an IDR) and check
 * every MB: for an IDR picture (ref == NULL) all MBs are I_PCM; for a P
 * picture exactly the MBs that differ between src and ref are I_PCM, the
 * others P_Skip. I_PCM samples must equal src. Fails the test with the MB
 * position otherwise; returns the number of I_PCM MBs.
 */
unsigned int check_slice_data(const struct enc_cfg *c, const uint8_t *au,
			      size_t len, unsigned int frame,
			      const struct coded_pic *src,
			      const struct coded_pic *ref);

#endif /* MODEL_TEST_SLICE_H */
