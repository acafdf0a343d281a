/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: encoder role. Picture (OUTPUT) format rules, frame
 * interval, crop, drain, and the encoder-wide register programming shared
 * by every encode engine: engine select and ISP picture input.
 */
#ifndef _CEDRUS_ENC_H_
#define _CEDRUS_ENC_H_

#include <linux/types.h>

#include "cedrus_proc.h"

struct cedrus_context;
struct vb2_v4l2_buffer;

/*
 * Smallest CAPTURE buffer: the worst case of an all-I_PCM frame is 384 bytes
 * of samples per macroblock plus its mb_type and alignment, rounded here to
 * 400 bytes per MB, plus 4 KiB for SPS/PPS/slice header, rounded up to 4 KiB.
 * With it the VE never runs out of room, even when it codes every MB as PCM.
 */
#define CEDRUS_ENC_CODED_MB_BYTES	400
#define CEDRUS_ENC_CODED_HEADER_BYTES	4096

extern const struct cedrus_proc_config cedrus_enc_proc_config;

u32 cedrus_enc_coded_size_min(unsigned int width, unsigned int height);

void cedrus_enc_engine_select(struct cedrus_context *ctx);
void cedrus_enc_picture_configure(struct cedrus_context *ctx,
				  struct vb2_v4l2_buffer *picture);

#endif /* _CEDRUS_ENC_H_ */
