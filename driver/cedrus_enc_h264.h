/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: H.264 encode engine.
 *
 * Stateful encoder: the kernel writes SPS, PPS and slice headers through the
 * VE put-bits unit, the VE codes the slice data. One slice per picture, I
 * and P slices, one reference picture, fixed QP.
 */
#ifndef _CEDRUS_ENC_H264_H_
#define _CEDRUS_ENC_H264_H_

#include "cedrus_engine.h"

extern const struct cedrus_engine cedrus_enc_h264;

#endif /* _CEDRUS_ENC_H264_H_ */
