// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit tests for the cedrus encoder rate control.
 *
 * A synthetic encoder stands in for the VE: a frame of complexity c at QP q
 * takes c x 2^(-1.25 q / 6) bits (steeper than the controller's model, as
 * real coders are at low rates), with +-10 % of deterministic noise. The
 * test keeps its own leaky bucket from the sizes it hands back, and checks
 * the controller's choices against the bounds the driver promises: QPs
 * within MIN/MAX QP and moving by at most 4 per frame type, the average
 * rate within 5 % of the target after the first second, and a bucket that
 * never overflows the CPB. The expected figures are the test's own.
 */

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/math64.h>

#include "../cedrus_enc_rc.h"

#define RC_TEST_FRAMES_MAX	600

/* 2^(-k / 6) in Q10, k = 0..5 */
static const u32 rc_test_step[6] = { 1024, 912, 813, 724, 645, 575 };

/* Bits of a frame of complexity @c at @qp, before noise */
static u64 rc_test_bits(u64 c, unsigned int qp)
{
	unsigned int e = qp + qp / 4;

	return ((c >> (e / 6)) * rc_test_step[e % 6]) >> 10;
}

/**
 * struct rc_test_content - what the synthetic encoder codes
 * @name:	description
 * @intra:	complexity of an I frame at frame n (bits at QP 0)
 * @inter:	complexity of a P frame at frame n
 */
struct rc_test_content {
	const char	*name;
	u64		(*intra)(unsigned int n);
	u64		(*inter)(unsigned int n);
};

/* 640x360: 16 bits per sample at QP 0 in I frames, 2 in P frames */
static u64 rc_static_intra(unsigned int n)
{
	return 640 * 360 * 16;
}

static u64 rc_static_inter(unsigned int n)
{
	return 640 * 360 * 2;
}

/* A cut at frame 150 to content 4 times as complex */
static u64 rc_cut_intra(unsigned int n)
{
	return rc_static_intra(n) * (n < 150 ? 1 : 4);
}

static u64 rc_cut_inter(unsigned int n)
{
	return rc_static_inter(n) * (n < 150 ? 1 : 4);
}

/* Panning: the P frames' motion ramps 1x..8x..1x over 4 s */
static u64 rc_pan_inter(unsigned int n)
{
	unsigned int phase = n % 120;
	unsigned int speed = phase < 60 ? phase : 120 - phase;

	return rc_static_inter(n) * (8 + 56 * speed / 60) / 8;
}

/* A still picture: P frames cost almost nothing, the I frames take all */
static u64 rc_still_inter(unsigned int n)
{
	return 640 * 360 / 256;
}

static const struct rc_test_content rc_contents[] = {
	{ "static", rc_static_intra, rc_static_inter },
	{ "still", rc_static_intra, rc_still_inter },
	{ "scene cut", rc_cut_intra, rc_cut_inter },
	{ "panning", rc_static_intra, rc_pan_inter },
};

/**
 * struct rc_test_run - one synthetic stream and what came out of it
 * @params:	controller settings
 * @content:	what is coded
 * @frames:	frames to code
 * @change_at:	frame from which @new_bitrate applies (0: none)
 * @new_bitrate: the target from @change_at on
 * @exact:	no noise: every frame of a content at a QP takes the same bits
 * @bits:	size of each frame
 * @qp:		QP of each frame
 * @peak_fill:	largest bucket level seen (test's own bucket, drained at
 *		the CBR rate or the VBR peak rate)
 * @cpb:	the CPB the test checks against
 */
struct rc_test_run {
	struct cedrus_enc_rc_params	params;
	const struct rc_test_content	*content;
	unsigned int			frames;
	unsigned int			change_at;
	u32				new_bitrate;
	bool				exact;
	u32				bits[RC_TEST_FRAMES_MAX];
	u8				qp[RC_TEST_FRAMES_MAX];
	u64				peak_fill;
	u64				cpb;
};

static void rc_test_params(struct cedrus_enc_rc_params *p,
			   enum cedrus_enc_rc_mode mode, u32 bitrate)
{
	*p = (struct cedrus_enc_rc_params) {
		.mode		= mode,
		.bitrate	= bitrate,
		.fps_num	= 30,
		.fps_den	= 1,
		.i_qp		= 26,
		.p_qp		= 28,
		.min_qp		= 0,
		.max_qp		= 51,
		.key_period	= 12,
		.mbs		= 40 * 23,
	};
}

static void rc_test_simulate(struct kunit *test, struct rc_test_run *run)
{
	struct cedrus_enc_rc *rc;
	u32 seed = 12345;
	u64 fill = 0;
	s64 drain;
	unsigned int n;

	rc = kunit_kzalloc(test, sizeof(*rc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rc);
	KUNIT_ASSERT_LE(test, run->frames, RC_TEST_FRAMES_MAX);

	cedrus_enc_rc_init(rc, &run->params);

	for (n = 0; n < run->frames; n++) {
		/* key_period 0 is taken as 1 */
		bool intra = n % max_t(u32, run->params.key_period, 1) == 0;
		u32 rate = run->params.bitrate;
		u64 c, bits;
		u8 qp;

		if (run->change_at && n >= run->change_at)
			rate = run->new_bitrate;
		if (run->change_at && n == run->change_at)
			cedrus_enc_rc_set_rates(rc, rate, run->params.peak);

		qp = cedrus_enc_rc_frame_qp(rc, intra);
		c = intra ? run->content->intra(n) : run->content->inter(n);
		bits = rc_test_bits(c, qp);
		/* +-10 % noise */
		seed = seed * 1103515245 + 12345;
		if (!run->exact)
			bits = bits * (90 + (seed >> 16) % 21) / 100;
		bits = clamp_t(u64, bits, 100, U32_MAX);

		run->bits[n] = bits;
		run->qp[n] = qp;
		cedrus_enc_rc_frame_done(rc, intra, qp, bits);

		/* The test's bucket: a frame arrives whole, then drains. */
		if (run->params.mode == CEDRUS_ENC_RC_VBR)
			drain = (run->params.peak ?: 2 * rate) / 30;
		else
			drain = rate / 30;
		fill += bits;
		run->peak_fill = max(run->peak_fill, fill);
		fill = fill > drain ? fill - drain : 0;
	}
}

/* Average bit rate of frames [@from, @to) at 30 fps */
static u64 rc_test_rate(const struct rc_test_run *run, unsigned int from,
			unsigned int to)
{
	u64 sum = 0;
	unsigned int n;

	for (n = from; n < to; n++)
		sum += run->bits[n];

	return div_u64(sum * 30, to - from);
}

/* QPs within bounds, moving by at most 4 between frames of a type */
static void rc_test_check_qps(struct kunit *test,
			      const struct rc_test_run *run)
{
	int last[2] = { -1, -1 };
	unsigned int n;

	for (n = 0; n < run->frames; n++) {
		unsigned int t = n % run->params.key_period ? 1 : 0;

		KUNIT_EXPECT_GE_MSG(test, run->qp[n], run->params.min_qp,
				    "frame %u", n);
		KUNIT_EXPECT_LE_MSG(test, run->qp[n], run->params.max_qp,
				    "frame %u", n);
		if (last[t] >= 0)
			KUNIT_EXPECT_LE_MSG(test, abs(run->qp[n] - last[t]), 4,
					    "frame %u: QP %d after %d", n,
					    run->qp[n], last[t]);
		last[t] = run->qp[n];
	}
}

static void rc_test_expect_rate(struct kunit *test,
				const struct rc_test_run *run,
				unsigned int from, unsigned int to,
				u64 target, unsigned int percent)
{
	u64 rate = rc_test_rate(run, from, to);

	KUNIT_EXPECT_LE_MSG(test, rate, target * (100 + percent) / 100,
			    "frames %u..%u: %llu bit/s for %llu", from, to - 1,
			    rate, target);
	KUNIT_EXPECT_GE_MSG(test, rate, target * (100 - percent) / 100,
			    "frames %u..%u: %llu bit/s for %llu", from, to - 1,
			    rate, target);
}

/* CBR on each content at a few targets: rate, QPs, bucket */
static const u32 rc_cbr_targets[] = { 250000, 1000000, 4000000 };

static void rc_cbr_test(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(rc_contents); i++) {
		for (j = 0; j < ARRAY_SIZE(rc_cbr_targets); j++) {
			struct rc_test_run *run;
			u32 target = rc_cbr_targets[j];

			/*
			 * A still picture at 4 Mbit/s needs an I QP near 0:
			 * at 4 QP per key frame from the start QP, that takes
			 * 2.5 s, too long for 5 % over 10 s.
			 */
			if (i == 1 && target > 1000000)
				continue;

			run = kunit_kzalloc(test, sizeof(*run), GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, run);
			rc_test_params(&run->params, CEDRUS_ENC_RC_CBR, target);
			run->content = &rc_contents[i];
			run->frames = 300;
			rc_test_simulate(test, run);

			kunit_info(test, "%s at %u: %llu bit/s, bucket peak %llu of %u\n",
				   run->content->name, target,
				   rc_test_rate(run, 30, 300), run->peak_fill,
				   target);
			rc_test_check_qps(test, run);
			rc_test_expect_rate(test, run, 30, 300, target, 5);
			/* Settled again after the scene cut */
			if (i == 2)
				rc_test_expect_rate(test, run, 200, 300,
						    target, 5);
			/* CPB: one second at the target */
			KUNIT_EXPECT_LE_MSG(test, run->peak_fill, (u64)target,
					    "%s at %u", run->content->name,
					    target);
		}
	}
}

/* The target halves, then doubles: each holds after a second */
static void rc_bitrate_change_test(struct kunit *test)
{
	static const u32 changes[][2] = {
		{ 2000000, 500000 },
		{ 500000, 2000000 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(changes); i++) {
		struct rc_test_run *run;

		run = kunit_kzalloc(test, sizeof(*run), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, run);
		rc_test_params(&run->params, CEDRUS_ENC_RC_CBR, changes[i][0]);
		run->content = &rc_contents[3];
		run->frames = 360;
		run->change_at = 180;
		run->new_bitrate = changes[i][1];
		rc_test_simulate(test, run);

		rc_test_check_qps(test, run);
		rc_test_expect_rate(test, run, 30, 180, changes[i][0], 5);
		rc_test_expect_rate(test, run, 240, 360, changes[i][1], 5);
	}
}

/*
 * A still picture, coded exactly the same every time: the P frames cost
 * next to nothing, so the rate is the I frames', and it moves by a whole
 * QP step (14 % here) at a time. The average still keeps within 5 % at any
 * target between the steps: the controller has to alternate between the
 * two QPs around it, and so must not forget the bits a key period fell
 * short by when the bucket runs empty.
 */
static void rc_still_steps_test(struct kunit *test)
{
	struct rc_test_run *run;
	u32 target;

	run = kunit_kzalloc(test, sizeof(*run), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run);

	for (target = 300000; target <= 520000; target += 20000) {
		memset(run, 0, sizeof(*run));
		rc_test_params(&run->params, CEDRUS_ENC_RC_CBR, target);
		run->content = &rc_contents[1];
		run->frames = 300;
		run->exact = true;
		rc_test_simulate(test, run);

		kunit_info(test, "still, exact, at %u: %llu bit/s, bucket peak %llu\n",
			   target, rc_test_rate(run, 30, 300), run->peak_fill);
		rc_test_check_qps(test, run);
		rc_test_expect_rate(test, run, 30, 300, target, 5);
		KUNIT_EXPECT_LE_MSG(test, run->peak_fill, (u64)target,
				    "still at %u", target);
	}
}

/* Targets no QP reaches: the QP pins at MAX or MIN QP, and stays there */
static void rc_extreme_test(struct kunit *test)
{
	struct rc_test_run *run;
	unsigned int n;

	run = kunit_kzalloc(test, sizeof(*run), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run);

	/* 1 kbit/s: far below what QP 45 gives */
	rc_test_params(&run->params, CEDRUS_ENC_RC_CBR, 1000);
	run->params.min_qp = 20;
	run->params.max_qp = 45;
	run->content = &rc_contents[0];
	run->frames = 120;
	rc_test_simulate(test, run);
	rc_test_check_qps(test, run);
	for (n = 60; n < run->frames; n++)
		KUNIT_EXPECT_EQ_MSG(test, run->qp[n], 45, "frame %u", n);

	/* 100 Mbit/s: far above what QP 20 gives */
	memset(run, 0, sizeof(*run));
	rc_test_params(&run->params, CEDRUS_ENC_RC_CBR, 100000000);
	run->params.min_qp = 20;
	run->params.max_qp = 45;
	run->content = &rc_contents[0];
	run->frames = 120;
	rc_test_simulate(test, run);
	rc_test_check_qps(test, run);
	for (n = 60; n < run->frames; n++)
		KUNIT_EXPECT_EQ_MSG(test, run->qp[n], 20, "frame %u", n);

	/* Out-of-range settings are brought within range. */
	memset(run, 0, sizeof(*run));
	rc_test_params(&run->params, CEDRUS_ENC_RC_CBR, U32_MAX);
	run->params.fps_num = 0;
	run->params.key_period = 0;
	run->params.max_qp = 200;
	run->params.min_qp = 100;
	run->params.mbs = 0;
	run->content = &rc_contents[0];
	run->frames = 30;
	rc_test_simulate(test, run);
	for (n = 0; n < run->frames; n++)
		KUNIT_EXPECT_LE_MSG(test, run->qp[n], 51, "frame %u", n);
}

/* VBR: easy content stays at the start QPs below the target; hard content
 * keeps to the target and the peak
 */
static void rc_vbr_test(struct kunit *test)
{
	struct rc_test_run *run;
	unsigned int n;

	run = kunit_kzalloc(test, sizeof(*run), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run);

	/* Static content needs far less than 4 Mbit/s at QP 26/28. */
	rc_test_params(&run->params, CEDRUS_ENC_RC_VBR, 4000000);
	run->params.peak = 6000000;
	run->content = &rc_contents[0];
	run->frames = 300;
	rc_test_simulate(test, run);
	rc_test_check_qps(test, run);
	for (n = 0; n < run->frames; n++)
		KUNIT_EXPECT_EQ_MSG(test, run->qp[n], n % 12 ? 28 : 26,
				    "frame %u", n);
	KUNIT_EXPECT_LT(test, rc_test_rate(run, 30, 300), 4000000ULL);

	/* Panning at 500 kbit/s needs more: the average keeps to it. */
	memset(run, 0, sizeof(*run));
	rc_test_params(&run->params, CEDRUS_ENC_RC_VBR, 500000);
	run->params.peak = 750000;
	run->content = &rc_contents[3];
	run->frames = 300;
	rc_test_simulate(test, run);
	rc_test_check_qps(test, run);
	kunit_info(test, "VBR panning at 500000: %llu bit/s, bucket peak %llu of 750000\n",
		   rc_test_rate(run, 30, 300), run->peak_fill);
	KUNIT_EXPECT_LE(test, rc_test_rate(run, 30, 300), 510000ULL);
	KUNIT_EXPECT_GE(test, rc_test_rate(run, 30, 300), 425000ULL);
	/* CPB: one second at the peak */
	KUNIT_EXPECT_LE(test, run->peak_fill, 750000ULL);
}

/* A frame lost to a full coded buffer raises the QP of the next frames */
static void rc_overflow_test(struct kunit *test)
{
	struct cedrus_enc_rc_params params;
	struct cedrus_enc_rc *rc;
	u8 qp, next;

	rc = kunit_kzalloc(test, sizeof(*rc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rc);
	rc_test_params(&params, CEDRUS_ENC_RC_CBR, 1000000);
	cedrus_enc_rc_init(rc, &params);

	qp = cedrus_enc_rc_frame_qp(rc, true);
	cedrus_enc_rc_frame_done(rc, true, qp, 100000);
	qp = cedrus_enc_rc_frame_qp(rc, false);
	cedrus_enc_rc_frame_done(rc, false, qp, 20000);

	/* A P frame at this QP overflowed its 64 KiB buffer. */
	qp = cedrus_enc_rc_frame_qp(rc, false);
	cedrus_enc_rc_frame_overflow(rc, false, qp, 64 * 1024 * 8);
	next = cedrus_enc_rc_frame_qp(rc, false);
	KUNIT_EXPECT_GT(test, next, qp);
	KUNIT_EXPECT_LE(test, next, qp + 4);

	/* The encoder goes on with an I frame: its QP rises too. */
	next = cedrus_enc_rc_frame_qp(rc, true);
	KUNIT_EXPECT_GT(test, next, rc->models[0].last_qp);

	/* At MAX QP it can only stay there. */
	params.max_qp = 30;
	cedrus_enc_rc_init(rc, &params);
	cedrus_enc_rc_frame_overflow(rc, true, 30, 8192);
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_frame_qp(rc, true), 30);
}

/* Fixed-point log2 and exp2 against values worked out by hand */
static void rc_log_exp_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_log2(0), 0);
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_log2(1), 0);
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_log2(2), 256);
	/* log2(3) = 1.58496: 405.75 */
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_log2(3), 405);
	/* log2(10^6) = 19.93157: 5102.48 */
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_log2(1000000), 5102);
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_log2(U64_MAX), 64 * 256 - 1);

	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_exp2(-1), 0);
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_exp2(0), 1);
	KUNIT_EXPECT_EQ(test, cedrus_enc_rc_exp2(256), 2);
	/* 2^10.5 = 1448.15 */
	KUNIT_EXPECT_GE(test, cedrus_enc_rc_exp2(2688), 1447);
	KUNIT_EXPECT_LE(test, cedrus_enc_rc_exp2(2688), 1449);
	/* 2^(5000 / 256) = 757691 */
	KUNIT_EXPECT_GE(test, cedrus_enc_rc_exp2(5000), 757000);
	KUNIT_EXPECT_LE(test, cedrus_enc_rc_exp2(5000), 758400);
}

static struct kunit_case cedrus_enc_rc_test_cases[] = {
	KUNIT_CASE(rc_log_exp_test),
	KUNIT_CASE(rc_cbr_test),
	KUNIT_CASE(rc_bitrate_change_test),
	KUNIT_CASE(rc_still_steps_test),
	KUNIT_CASE(rc_extreme_test),
	KUNIT_CASE(rc_vbr_test),
	KUNIT_CASE(rc_overflow_test),
	{}
};

static struct kunit_suite cedrus_enc_rc_test_suite = {
	.name = "cedrus-enc-rc",
	.test_cases = cedrus_enc_rc_test_cases,
};

kunit_test_suite(cedrus_enc_rc_test_suite);
