/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: encoder role. Picture (OUTPUT) format rules, frame
 * interval, crop, drain, and the encoder-wide register programming shared
 * by every encode engine (engine select, ISP picture input), which
 * cedrus_enc.c does through the role's job_configure.
 */
#ifndef _CEDRUS_ENC_H_
#define _CEDRUS_ENC_H_

#include <linux/sizes.h>
#include <linux/types.h>

#include "cedrus_proc.h"

/*
 * Smallest CAPTURE buffer: the worst case is a frame coded entirely as I_PCM
 * macroblocks, 384 bytes of samples plus mb_type and alignment each. Flat
 * pictures (all-zero samples) make emulation prevention insert one 0x03
 * byte per two payload bytes, so that worst case grows by half: 600 bytes
 * per MB, plus 4 KiB for SPS/PPS/slice header, rounded up to the 8 KiB
 * granularity of the VE's stream size (STM_BIT_MAX). With it the VE never
 * runs out of room, whatever the picture.
 */
#define CEDRUS_ENC_CODED_MB_BYTES	600
#define CEDRUS_ENC_CODED_HEADER_BYTES	SZ_4K
#define CEDRUS_ENC_CODED_ALIGN		SZ_8K

extern const struct cedrus_proc_config cedrus_enc_proc_config;

#endif /* _CEDRUS_ENC_H_ */
