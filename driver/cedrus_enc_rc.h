/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: frame-level rate control of the encoder.
 *
 * Pure arithmetic on frame sizes and QPs (no register access, no floating
 * point), shared by the H.264 encode engine and its KUnit tests.
 *
 * Glossary: CPB = coded picture buffer (the decoder's buffer, which the
 * encoder models as a leaky bucket of the bits not yet sent); QP =
 * quantisation parameter; Q8 = fixed point with 8 fractional bits.
 */

#ifndef _CEDRUS_ENC_RC_H_
#define _CEDRUS_ENC_RC_H_

#include <linux/types.h>

/* Largest change of QP between two frames of the same type */
#define CEDRUS_ENC_RC_QP_STEP_MAX	4

/* Largest bit rates and CPB the controller takes (bit/s, bits) */
#define CEDRUS_ENC_RC_BITRATE_MAX	100000000
#define CEDRUS_ENC_RC_CPB_BITS_MAX	1000000000

/**
 * enum cedrus_enc_rc_mode - what the controller aims at
 * @CEDRUS_ENC_RC_CBR:	the average bit rate is the target; the bucket
 *			drains at the target rate
 * @CEDRUS_ENC_RC_VBR:	the average is at most the target and the QPs never
 *			go below the start QPs; the bucket drains at the peak
 *			rate
 */
enum cedrus_enc_rc_mode {
	CEDRUS_ENC_RC_CBR,
	CEDRUS_ENC_RC_VBR,
};

/**
 * struct cedrus_enc_rc_params - settings of the controller
 * @mode:		CBR or VBR
 * @bitrate:		target bit rate, bit/s (1..CEDRUS_ENC_RC_BITRATE_MAX)
 * @peak:		VBR peak bit rate, bit/s; 0 or less than @bitrate
 *			means twice @bitrate
 * @cpb_bits:		CPB size in bits; 0 means one second at the rate the
 *			bucket drains at
 * @fps_num:		frame rate numerator (frames per @fps_den seconds)
 * @fps_den:		frame rate denominator
 * @i_qp:		QP of the first I frame, and the VBR floor of I frames
 * @p_qp:		QP of the first P frame, and the VBR floor of P frames
 * @min_qp:		lowest QP
 * @max_qp:		highest QP
 * @key_period:		frames from one I frame to the next (1 = all intra)
 * @mbs:		macroblocks per frame
 */
struct cedrus_enc_rc_params {
	enum cedrus_enc_rc_mode	mode;
	u32			bitrate;
	u32			peak;
	u32			cpb_bits;
	u32			fps_num;
	u32			fps_den;
	u8			i_qp;
	u8			p_qp;
	u8			min_qp;
	u8			max_qp;
	u32			key_period;
	u32			mbs;
};

/**
 * struct cedrus_enc_rc_model - bits versus QP for one frame type
 * @seen:	a frame of this type was coded
 * @last_qp:	QP of the last frame of this type
 * @raise:	the last frame of a type was lost to a full coded buffer:
 *		the next one of this type takes a higher QP
 * @log_cost:	log2(bits) + QP / 6 of recent frames, Q8: a frame at QP q
 *		is expected to take 2^(@log_cost / 256 - q / 6) bits (the
 *		quantiser step doubles every 6 QP and the bits of a frame go
 *		roughly as its inverse)
 * @carry:	what rounding the last QP of this type to an integer left
 *		over, Q8 (-128..128), added to the next one's exact QP
 */
struct cedrus_enc_rc_model {
	bool	seen;
	u8	last_qp;
	bool	raise;
	s32	log_cost;
	s32	carry;
};

/**
 * struct cedrus_enc_rc - controller state of one stream
 * @params:	the settings, as given (see cedrus_enc_rc_init())
 * @drain:	bits the bucket drains per frame (the CBR target rate or the
 *		VBR peak rate, over the frame rate)
 * @avg:	bits per frame at the target rate
 * @budget:	budget of the last frame given a QP, before the bucket
 *		correction
 * @cpb:	CPB size in bits
 * @fullness:	bits in the bucket (coded, not yet drained); never below 0
 * @avg_fullness: VBR: bits above the target average (a bucket drained at
 *		the target rate); equal to @fullness in CBR
 * @plan:	where the bucket should be above its set point if frames
 *		matched their budgets: I frames go above, P frames come
 *		back (0 after each full key period)
 * @frames:	frames coded
 * @models:	the I (index 0) and P (index 1) models
 */
struct cedrus_enc_rc {
	struct cedrus_enc_rc_params	params;
	s64				drain;
	s64				avg;
	s64				budget;
	s64				cpb;
	s64				fullness;
	s64				avg_fullness;
	s64				plan;
	u32				frames;
	struct cedrus_enc_rc_model	models[2];
};

void cedrus_enc_rc_init(struct cedrus_enc_rc *rc,
			const struct cedrus_enc_rc_params *params);
void cedrus_enc_rc_set_rates(struct cedrus_enc_rc *rc, u32 bitrate, u32 peak);
u8 cedrus_enc_rc_frame_qp(struct cedrus_enc_rc *rc, bool intra);
void cedrus_enc_rc_frame_done(struct cedrus_enc_rc *rc, bool intra, u8 qp,
			      u32 bits);
void cedrus_enc_rc_frame_overflow(struct cedrus_enc_rc *rc, bool intra, u8 qp,
				  u32 window_bits);

s32 cedrus_enc_rc_log2(u64 x);
u64 cedrus_enc_rc_exp2(s32 y);

#endif /* _CEDRUS_ENC_RC_H_ */
