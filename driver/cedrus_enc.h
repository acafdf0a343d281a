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
 * Smallest CAPTURE buffer: what a frame takes at the engine's default
 * density (coded_mb_bytes: 128 bytes a macroblock for H.264, see
 * CEDRUS_H264_MB_BYTES_CODED), plus 4 KiB for the slice header, SPS, PPS
 * and SEI, rounded up to the 8 KiB granularity of the VE's stream size
 * (STM_BIT_MAX). A client may ask for more (up to 32 MiB); a frame that
 * still does not fit comes back with V4L2_BUF_FLAG_ERROR.
 */
#define CEDRUS_ENC_CODED_HEADER_BYTES	SZ_4K
#define CEDRUS_ENC_CODED_ALIGN		SZ_8K

extern const struct cedrus_proc_config cedrus_enc_proc_config;

#endif /* _CEDRUS_ENC_H_ */
