// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: frame-level rate control of the encoder.
 *
 * The VE codes a frame at one QP and reports its size afterwards; it has
 * no rate control of its own that this driver uses. Per frame:
 *
 * 1. Budget. The bits of a key period (target rate x period) are split
 *    between its I frame and its P frames so that the I frame gets a QP
 *    about 2 below the P frames: the split follows the ratio of the I and
 *    P models. A bucket correction then brings the bucket back to its set
 *    point (a quarter of the CPB in CBR, empty in VBR) over half a second,
 *    and the budget never takes the bucket past 7/8 of the CPB.
 * 2. QP. Each frame type has a model log2(bits) = cost - QP / 6 (the
 *    quantiser step doubles every 6 QP, bits go roughly as 1 / step),
 *    so the QP for a budget is 6 (cost - log2(budget)), rounded with the
 *    last rounding error of the type carried over. The QP moves by
 *    at most CEDRUS_ENC_RC_QP_STEP_MAX from the last frame of its type and
 *    stays within MIN/MAX QP; a P frame's QP is not below the last I
 *    frame's; in VBR the QP never goes below the start QP.
 * 3. Update. The coded size gives the cost of the frame, which the model
 *    of its type averages with its history (P: 1/2, I: 3/4 new), and
 *    fills the bucket, which drains by the target (CBR) or peak (VBR)
 *    rate per frame and never goes below empty.
 *
 * A frame lost to a full coded buffer counts as twice that buffer: its
 * model rises and the next frame of each type takes a higher QP.
 *
 * Logarithms are base 2 in Q8 (cedrus_enc_rc_log2()); bit counts are s64.
 */

#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "cedrus_enc_rc.h"

/* Bits of the model for one luma sample of an I frame at QP 26 (first guess) */
#define CEDRUS_ENC_RC_INTRA_GUESS_QP	26
/* log2(6) in Q8: an I frame first guessed at 6 P frames */
#define CEDRUS_ENC_RC_LOG2_6		662
/* The I frame aims at this many QP below the P frames */
#define CEDRUS_ENC_RC_I_QP_OFFSET	2
/*
 * I budget / P budget, Q8: bounds and first guess. Still content needs a
 * high bound: its P frames cost next to nothing, and a key period's bits
 * go to its I frame.
 */
#define CEDRUS_ENC_RC_RATIO_MIN		256
#define CEDRUS_ENC_RC_RATIO_MAX		(256 * 256)
#define CEDRUS_ENC_RC_RATIO_GUESS	(6 * 256)
/* Longest key period the budget split looks at */
#define CEDRUS_ENC_RC_PERIOD_MAX	1024

/* 2^(i / 16) in Q16, i = 0..16 */
static const u32 cedrus_enc_rc_exp2_table[17] = {
	65536, 68438, 71468, 74632, 77936, 81386, 84990, 88752, 92682,
	96785, 101070, 105545, 110218, 115098, 120194, 125515, 131072,
};

/**
 * cedrus_enc_rc_log2() - base 2 logarithm in Q8
 * @x: a value, at least 1 (0 is taken as 1)
 *
 * The integer part is the position of the top bit; each fractional bit
 * comes from squaring the mantissa (Q31, in [1, 2)): a square of 2 or more
 * means the bit is set, and halves the square.
 *
 * Return: floor(256 log2(@x)).
 */
s32 cedrus_enc_rc_log2(u64 x)
{
	unsigned int n, i;
	u64 m;
	s32 l;

	if (!x)
		x = 1;

	n = fls64(x) - 1;
	m = n >= 31 ? x >> (n - 31) : x << (31 - n);
	l = n << 8;

	for (i = 8; i-- > 0;) {
		/* m < 2^32, so m * m fits */
		m = (m * m) >> 31;
		if (m >= BIT_ULL(32)) {
			m >>= 1;
			l |= BIT(i);
		}
	}

	return l;
}

/**
 * cedrus_enc_rc_exp2() - power of 2 of a Q8 exponent
 * @y: exponent in Q8; below 0 gives 0, above 62 saturates
 *
 * 2^(y / 256) = 2^k x 2^(j / 16) x (1 + ...): the integer part k is a
 * shift, the next 4 bits index the table and the last 4 interpolate
 * linearly between table entries (error below 0.1 %).
 *
 * Return: floor(2^(@y / 256)).
 */
u64 cedrus_enc_rc_exp2(s32 y)
{
	u32 k, j, f;
	u64 m;

	if (y < 0)
		return 0;
	if (y >= 62 * 256)
		return BIT_ULL(62);

	k = y >> 8;
	j = (y >> 4) & 15;
	f = y & 15;
	m = cedrus_enc_rc_exp2_table[j] +
	    (((u64)(cedrus_enc_rc_exp2_table[j + 1] -
		    cedrus_enc_rc_exp2_table[j]) * f) >> 4);

	return (m << k) >> 16;
}

static struct cedrus_enc_rc_model *
cedrus_enc_rc_model(struct cedrus_enc_rc *rc, bool intra)
{
	return &rc->models[intra ? 0 : 1];
}

/* Bits per frame at @rate bit/s */
static s64 cedrus_enc_rc_per_frame(const struct cedrus_enc_rc *rc, u32 rate)
{
	return max_t(s64, div_u64((u64)rate * rc->params.fps_den,
				  rc->params.fps_num), 1);
}

/* Rates, per-frame figures and CPB from @rc->params */
static void cedrus_enc_rc_rates_prepare(struct cedrus_enc_rc *rc)
{
	struct cedrus_enc_rc_params *p = &rc->params;
	u32 drain_rate;

	p->bitrate = clamp_t(u32, p->bitrate, 1, CEDRUS_ENC_RC_BITRATE_MAX);
	if (p->mode == CEDRUS_ENC_RC_VBR) {
		if (p->peak < p->bitrate)
			p->peak = min_t(u32, 2 * p->bitrate,
					CEDRUS_ENC_RC_BITRATE_MAX);
		p->peak = min_t(u32, p->peak, CEDRUS_ENC_RC_BITRATE_MAX);
		drain_rate = p->peak;
	} else {
		p->peak = p->bitrate;
		drain_rate = p->bitrate;
	}

	rc->avg = cedrus_enc_rc_per_frame(rc, p->bitrate);
	rc->drain = cedrus_enc_rc_per_frame(rc, drain_rate);
	rc->cpb = p->cpb_bits ? min_t(u32, p->cpb_bits,
				      CEDRUS_ENC_RC_CPB_BITS_MAX) : drain_rate;
}

/**
 * cedrus_enc_rc_init() - start a stream
 * @rc: controller state
 * @params: settings; out-of-range values are brought within range
 *
 * The bucket starts empty, the models at a first guess: an I frame at QP
 * 26 taking one bit per luma sample, a P frame a sixth of that.
 */
void cedrus_enc_rc_init(struct cedrus_enc_rc *rc,
			const struct cedrus_enc_rc_params *params)
{
	struct cedrus_enc_rc_params *p = &rc->params;
	s32 intra_cost;

	memset(rc, 0, sizeof(*rc));
	*p = *params;

	if (!p->fps_num || !p->fps_den) {
		p->fps_num = 30;
		p->fps_den = 1;
	}
	p->max_qp = min_t(u8, p->max_qp, 51);
	p->min_qp = min(p->min_qp, p->max_qp);
	p->i_qp = clamp(p->i_qp, p->min_qp, p->max_qp);
	p->p_qp = clamp(p->p_qp, p->min_qp, p->max_qp);
	p->key_period = clamp_t(u32, p->key_period, 1,
				CEDRUS_ENC_RC_PERIOD_MAX);
	p->mbs = max_t(u32, p->mbs, 1);

	cedrus_enc_rc_rates_prepare(rc);

	intra_cost = cedrus_enc_rc_log2((u64)p->mbs * 256) +
		     CEDRUS_ENC_RC_INTRA_GUESS_QP * 256 / 6;
	rc->models[0].log_cost = intra_cost;
	rc->models[1].log_cost = intra_cost - CEDRUS_ENC_RC_LOG2_6;
	rc->models[0].last_qp = p->i_qp;
	rc->models[1].last_qp = p->p_qp;
}

/**
 * cedrus_enc_rc_set_rates() - new target and peak, from the next frame
 * @rc: controller state
 * @bitrate: target bit rate, bit/s
 * @peak: VBR peak bit rate, bit/s
 *
 * The bucket keeps its bits; with an automatic CPB size the CPB follows
 * the new rate.
 */
void cedrus_enc_rc_set_rates(struct cedrus_enc_rc *rc, u32 bitrate, u32 peak)
{
	if (rc->params.bitrate == bitrate && rc->params.peak == peak)
		return;

	rc->params.bitrate = bitrate;
	rc->params.peak = peak;
	cedrus_enc_rc_rates_prepare(rc);
}

/* The budget of the next frame before the bucket correction */
static s64 cedrus_enc_rc_budget(const struct cedrus_enc_rc *rc, bool intra)
{
	const struct cedrus_enc_rc_model *i = &rc->models[0];
	const struct cedrus_enc_rc_model *p = &rc->models[1];
	u32 period = rc->params.key_period;
	s64 ratio, p_budget;

	if (period == 1)
		return rc->avg;

	/*
	 * At equal QPs an I frame takes 2^(cost_I - cost_P) P frames; at a
	 * QP CEDRUS_ENC_RC_I_QP_OFFSET lower, 2^(offset / 6) times more.
	 */
	if (i->seen && p->seen)
		ratio = cedrus_enc_rc_exp2(i->log_cost - p->log_cost +
					   CEDRUS_ENC_RC_I_QP_OFFSET * 256 / 6 +
					   8 * 256);
	else
		ratio = CEDRUS_ENC_RC_RATIO_GUESS;
	ratio = clamp_t(s64, ratio, CEDRUS_ENC_RC_RATIO_MIN,
			CEDRUS_ENC_RC_RATIO_MAX);

	/* One I budget and period - 1 P budgets make period x avg. */
	p_budget = div64_s64(rc->avg * period * 256,
			     ratio + (s64)(period - 1) * 256);

	return intra ? (p_budget * ratio) >> 8 : p_budget;
}

/**
 * cedrus_enc_rc_frame_qp() - QP of the next frame
 * @rc: controller state
 * @intra: the frame is an I (or IDR) frame
 *
 * Return: the QP, within MIN/MAX QP.
 */
u8 cedrus_enc_rc_frame_qp(struct cedrus_enc_rc *rc, bool intra)
{
	const struct cedrus_enc_rc_params *p = &rc->params;
	struct cedrus_enc_rc_model *m = cedrus_enc_rc_model(rc, intra);
	u8 start = intra ? p->i_qp : p->p_qp;
	s64 target, error, room, frames;
	s32 qp, exact, rounded;

	rc->budget = cedrus_enc_rc_budget(rc, intra);

	/* Back to the set point over half a second (at least 4 frames). */
	frames = max_t(s64, p->fps_num / (2 * p->fps_den), 4);
	if (p->mode == CEDRUS_ENC_RC_VBR)
		error = rc->avg_fullness - rc->plan;
	else
		error = rc->fullness - rc->plan - rc->cpb / 4;
	target = rc->budget - div64_s64(error, frames);

	/* The frame never takes the bucket past 7/8 of the CPB. */
	room = rc->cpb - (rc->cpb >> 3) - rc->fullness;
	target = min(target, room);
	target = max(target, max_t(s64, rc->avg >> 3, 1));

	/*
	 * The QP for the target, in Q8, rounded with the rounding error of
	 * the last frames of the type carried over: when the P frames cost
	 * next to nothing and the rate is the I frames', a whole QP step
	 * moves it by 12 % or more, and a QP rounded alone the same way
	 * every key period would miss the target by up to half a step. With
	 * the carry, the QPs alternate around the exact one.
	 */
	exact = (m->log_cost - cedrus_enc_rc_log2(target)) * 6 + m->carry;
	rounded = DIV_ROUND_CLOSEST(exact, 256);
	qp = rounded;

	/*
	 * A P frame never aims at a better quality than its I frame: on
	 * still content it would only code the refinement of the I frame's
	 * losses, frame after frame, at costs no model of the P frames alone
	 * predicts.
	 */
	if (!intra && rc->models[0].seen)
		qp = max_t(s32, qp, rc->models[0].last_qp);

	if (m->seen) {
		qp = clamp_t(s32, qp, m->last_qp - CEDRUS_ENC_RC_QP_STEP_MAX,
			     m->last_qp + CEDRUS_ENC_RC_QP_STEP_MAX);
		if (m->raise)
			qp = max_t(s32, qp, m->last_qp + 1);
	} else {
		/* The start QP, unless the budget asks for more */
		qp = max_t(s32, qp, start);
	}

	if (p->mode == CEDRUS_ENC_RC_VBR)
		qp = max_t(s32, qp, start);

	qp = clamp_t(s32, qp, p->min_qp, p->max_qp);

	/* A QP a bound chose carries nothing over. */
	m->carry = qp == rounded ? exact - rounded * 256 : 0;

	return qp;
}

/* Fold the cost of a frame of @bits at @qp into @m */
static void cedrus_enc_rc_model_update(struct cedrus_enc_rc *rc,
				       struct cedrus_enc_rc_model *m,
				       bool intra, u8 qp, u64 bits)
{
	s32 cost = cedrus_enc_rc_log2(bits) + qp * 256 / 6;

	if (!m->seen)
		m->log_cost = cost;
	else if (intra)
		m->log_cost = (m->log_cost + 3 * cost) / 4;
	else
		m->log_cost = (m->log_cost + cost) / 2;

	/* Until a P frame is coded, its guess follows the I frames. */
	if (intra && !rc->models[1].seen)
		rc->models[1].log_cost = m->log_cost - CEDRUS_ENC_RC_LOG2_6;

	m->seen = true;
	m->last_qp = qp;
}

/**
 * cedrus_enc_rc_frame_done() - a frame was coded
 * @rc: controller state
 * @intra: the frame is an I (or IDR) frame
 * @qp: its QP
 * @bits: its size in bits, headers included
 *
 * Call after cedrus_enc_rc_frame_qp() for the same frame.
 */
void cedrus_enc_rc_frame_done(struct cedrus_enc_rc *rc, bool intra, u8 qp,
			      u32 bits)
{
	struct cedrus_enc_rc_model *m = cedrus_enc_rc_model(rc, intra);

	cedrus_enc_rc_model_update(rc, m, intra, qp, max_t(u32, bits, 1));
	m->raise = false;

	rc->fullness = max_t(s64, rc->fullness + bits - rc->drain, 0);
	rc->avg_fullness = max_t(s64, rc->avg_fullness + bits - rc->avg, 0);

	/* The plan restarts at each I frame and ends a period back at 0. */
	if (intra)
		rc->plan = 0;
	if (rc->params.key_period > 1)
		rc->plan += rc->budget - rc->avg;

	rc->frames++;
}

/**
 * cedrus_enc_rc_frame_overflow() - a frame did not fit the coded buffer
 * @rc: controller state
 * @intra: the frame is an I (or IDR) frame
 * @qp: its QP
 * @window_bits: size of the coded buffer in bits
 *
 * The frame is lost, so the bucket does not change; the frame cost at
 * least twice the buffer, and the next frame of either type (the encoder
 * restarts with an I frame) takes a higher QP.
 */
void cedrus_enc_rc_frame_overflow(struct cedrus_enc_rc *rc, bool intra, u8 qp,
				  u32 window_bits)
{
	struct cedrus_enc_rc_model *m = cedrus_enc_rc_model(rc, intra);
	struct cedrus_enc_rc_model *other = cedrus_enc_rc_model(rc, !intra);
	s32 before = m->log_cost;

	cedrus_enc_rc_model_update(rc, m, intra, qp,
				   2 * (u64)max_t(u32, window_bits, 1));
	m->log_cost = max(m->log_cost, before);
	other->log_cost += m->log_cost - before;
	m->raise = true;
	other->raise = true;
}
