// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model: the CABAC encoder (H.264 9.3.1 initialisation, 9.3.4
 * arithmetic encoding) for the few syntax elements of I_PCM and P_Skip
 * macroblocks. Its bits go through the stream writer.
 */
#include "ve-internal.h"

/* rangeTabLPS[pStateIdx][qCodIRangeIdx], Table 9-44 */
static const uint8_t cabac_range_lps[64][4] = {
	{ 128, 176, 208, 240 }, { 128, 167, 197, 227 }, { 128, 158, 187, 216 },
	{ 123, 150, 178, 205 }, { 116, 142, 169, 195 }, { 111, 135, 160, 185 },
	{ 105, 128, 152, 175 }, { 100, 122, 144, 166 }, { 95, 116, 137, 158 },
	{ 90, 110, 130, 150 }, { 85, 104, 123, 142 }, { 81, 99, 117, 135 },
	{ 77, 94, 111, 128 }, { 73, 89, 105, 122 }, { 69, 85, 100, 116 },
	{ 66, 80, 95, 110 }, { 62, 76, 90, 104 }, { 59, 72, 86, 99 },
	{ 56, 69, 81, 94 }, { 53, 65, 77, 89 }, { 51, 62, 73, 85 },
	{ 48, 59, 69, 80 }, { 46, 56, 66, 76 }, { 43, 53, 63, 72 },
	{ 41, 50, 59, 69 }, { 39, 48, 56, 65 }, { 37, 45, 54, 62 },
	{ 35, 43, 51, 59 }, { 33, 41, 48, 56 }, { 32, 39, 46, 53 },
	{ 30, 37, 43, 50 }, { 29, 35, 41, 48 }, { 27, 33, 39, 45 },
	{ 26, 31, 37, 43 }, { 24, 30, 35, 41 }, { 23, 28, 33, 39 },
	{ 22, 27, 32, 37 }, { 21, 26, 30, 35 }, { 20, 24, 29, 33 },
	{ 19, 23, 27, 31 }, { 18, 22, 26, 30 }, { 17, 21, 25, 28 },
	{ 16, 20, 23, 27 }, { 15, 19, 22, 25 }, { 14, 18, 21, 24 },
	{ 14, 17, 20, 23 }, { 13, 16, 19, 22 }, { 12, 15, 18, 21 },
	{ 12, 14, 17, 20 }, { 11, 14, 16, 19 }, { 11, 13, 15, 18 },
	{ 10, 12, 15, 17 }, { 10, 12, 14, 16 }, { 9, 11, 13, 15 },
	{ 9, 11, 12, 14 }, { 8, 10, 12, 14 }, { 8, 9, 11, 13 },
	{ 7, 9, 11, 12 }, { 7, 9, 10, 12 }, { 7, 8, 10, 11 },
	{ 6, 8, 9, 11 }, { 6, 7, 9, 10 }, { 6, 7, 8, 9 },
	{ 2, 2, 2, 2 },
};

/* transIdxLPS, Table 9-45 (transIdxMPS is min(p + 1, 62), 63 stays) */
static const uint8_t cabac_trans_lps[64] = {
	0, 0, 1, 2, 2, 4, 4, 5, 6, 7, 8, 9, 9, 11, 11, 12,
	13, 13, 15, 15, 16, 16, 18, 18, 19, 19, 21, 21, 22, 22, 23, 24,
	24, 25, 26, 26, 27, 27, 28, 29, 29, 30, 30, 30, 31, 32, 32, 33,
	33, 33, 34, 34, 35, 35, 35, 36, 36, 36, 37, 37, 37, 38, 38, 63,
};

struct cabac_init_mn {
	int8_t m;
	int16_t n;
};

/* (m, n) for ctxIdx 0..10: the same for I slices and every cabac_init_idc */
static const struct cabac_init_mn cabac_init_0_10[11] = {
	{ 20, -15 }, { 2, 54 }, { 3, 74 }, { 20, -15 }, { 2, 54 }, { 3, 74 },
	{ -28, 127 }, { -23, 104 }, { -6, 53 }, { -1, 54 }, { 7, 51 },
};

/* (m, n) for ctxIdx 11..20 of P slices, per cabac_init_idc (Table 9-13) */
static const struct cabac_init_mn cabac_init_11_20[3][10] = {
	{ { 23, 33 }, { 23, 2 }, { 21, 0 }, { 1, 9 }, { 0, 49 },
	  { -37, 118 }, { 5, 57 }, { -13, 78 }, { -11, 65 }, { 1, 62 } },
	{ { 22, 25 }, { 34, 0 }, { 16, 0 }, { -2, 9 }, { 4, 41 },
	  { -29, 118 }, { 2, 65 }, { -6, 71 }, { -13, 79 }, { 5, 52 } },
	{ { 29, 16 }, { 25, 0 }, { 14, 0 }, { -10, 51 }, { -3, 62 },
	  { -27, 99 }, { 26, 16 }, { -4, 85 }, { -24, 102 }, { 5, 57 } },
};

static int clip3(int lo, int hi, int v)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* 9.3.1.1: context variables from SliceQPY and cabac_init_idc. */
void ve_cabac_init_contexts(struct ve_cabac *c, bool p_slice,
			    unsigned int idc, unsigned int qp)
{
	int q = clip3(0, 51, (int)qp);

	for (int i = 0; i < CTX_COUNT; i++) {
		struct cabac_init_mn mn;
		int pre;

		if (i <= 10)
			mn = cabac_init_0_10[i];
		else if (p_slice)
			mn = cabac_init_11_20[idc][i - 11];
		else
			mn = (struct cabac_init_mn){ 0, 64 };	/* unused */
		pre = clip3(1, 126, ((mn.m * q) >> 4) + mn.n);
		if (pre <= 63) {
			c->state[i] = (uint8_t)(63 - pre);
			c->mps[i] = 0;
		} else {
			c->state[i] = (uint8_t)(pre - 64);
			c->mps[i] = 1;
		}
	}
}

/* 9.3.4.1 InitEncoder */
void ve_cabac_init_engine(struct ve_cabac *c)
{
	c->low = 0;
	c->range = 510;
	c->first_bit = true;
	c->outstanding = 0;
}

/* 9.3.4.2 PutBit */
static void ve_cabac_put_bit(struct ve_cabac *c, unsigned int b)
{
	if (c->first_bit)
		c->first_bit = false;
	else
		ve_writer_put(c->s, b, 1);
	ve_writer_put_repeat(c->s, !b, c->outstanding);
	c->outstanding = 0;
}

/* 9.3.4.3 RenormE */
static void ve_cabac_renorm(struct ve_cabac *c)
{
	while (c->range < 256) {
		if (c->low < 256) {
			ve_cabac_put_bit(c, 0);
		} else if (c->low >= 512) {
			c->low -= 512;
			ve_cabac_put_bit(c, 1);
		} else {
			c->low -= 256;
			c->outstanding++;
		}
		c->range <<= 1;
		c->low <<= 1;
	}
}

/* 9.3.4.2 EncodeDecision */
void ve_cabac_encode_decision(struct ve_cabac *c, unsigned int ctx,
			      unsigned int bin)
{
	unsigned int p = c->state[ctx];
	uint32_t lps = cabac_range_lps[p][(c->range >> 6) & 3];

	c->range -= lps;
	if (bin != c->mps[ctx]) {
		c->low += c->range;
		c->range = lps;
		if (p == 0)
			c->mps[ctx] = !c->mps[ctx];
		c->state[ctx] = cabac_trans_lps[p];
	} else if (p < 62) {
		c->state[ctx] = (uint8_t)(p + 1);
	}
	ve_cabac_renorm(c);
}

/* 9.3.4.5 EncodeFlush; its last bit written is always 1. */
static void ve_cabac_flush(struct ve_cabac *c)
{
	c->range = 2;
	ve_cabac_renorm(c);
	ve_cabac_put_bit(c, (c->low >> 9) & 1);
	ve_writer_put(c->s, ((c->low >> 7) & 3) | 1, 2);
}

/* 9.3.4.5 EncodeTerminate (ctxIdx 276) */
void ve_cabac_encode_terminate(struct ve_cabac *c, unsigned int bin)
{
	c->range -= 2;
	if (bin) {
		c->low += c->range;
		ve_cabac_flush(c);
	} else {
		ve_cabac_renorm(c);
	}
}
