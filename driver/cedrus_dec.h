/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: decoder role (stateless, request API). Picture
 * (CAPTURE) format rules and the decoder engine select.
 */
#ifndef _CEDRUS_DEC_H_
#define _CEDRUS_DEC_H_

#include <linux/types.h>

#include "cedrus_proc.h"

struct cedrus_context;

extern const struct cedrus_proc_config cedrus_dec_proc_config;

void cedrus_dec_engine_select(struct cedrus_context *ctx, u32 mode);

#endif /* _CEDRUS_DEC_H_ */
