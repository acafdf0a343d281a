/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: decoder role (stateless, request API). Picture
 * (CAPTURE) format rules, the decoder engine select (the role's
 * job_configure) and request validation.
 */
#ifndef _CEDRUS_DEC_H_
#define _CEDRUS_DEC_H_

#include <linux/types.h>

#include "cedrus_proc.h"

struct cedrus_context;
struct media_request;

extern const struct cedrus_proc_config cedrus_dec_proc_config;

int cedrus_dec_request_validate(struct media_request *req);

#endif /* _CEDRUS_DEC_H_ */
