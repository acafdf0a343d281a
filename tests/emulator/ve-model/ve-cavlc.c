// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model v2: the CAVLC macroblock layer (7.3.5) and residual blocks
 * (7.3.5.3.2, 9.2) of I_16x16, P_L0_16x16 and P_Skip macroblocks, with
 * mb_skip_run (7.3.4) in P slices.
 *
 * The variable length codes are typed as the bit strings of the standard's
 * tables, so that they can be read against it line by line.
 */
#include "ve-lossy.h"

/* mb_type of the first I macroblock type in a P slice (Table 7-13) */
#define MB_TYPE_P_INTRA_BASE	5u
#define MB_TYPE_P_L0_16X16	0u

/*
 * The bits of one residual block, collected before they go to the writer
 * (the low n bits of v): a block is a dozen or more short codes, and one
 * writer call per 32 bits is much cheaper than one per code. Nothing looks
 * at the writer inside a block, so the stream is the same.
 */
struct ve_cavlc_bits {
	struct ve_core *s;
	uint64_t v;
	unsigned int n;
};

/* Append the low n (0..32) bits of v. */
static inline void ve_cavlc_bits_put(struct ve_cavlc_bits *b, uint32_t v,
				     unsigned int n)
{
	if (n < 32)
		v &= (1u << n) - 1;
	if (b->n + n > 64) {
		/* the oldest 32 go to the writer; at most 32 + 32 stay */
		b->n -= 32;
		ve_writer_put(b->s, (uint32_t)(b->v >> b->n), 32);
	}
	b->v = b->v << n | v;
	b->n += n;
}

/* Hand the collected bits to the writer. */
static void ve_cavlc_bits_flush(struct ve_cavlc_bits *b)
{
	if (b->n > 32) {
		b->n -= 32;
		ve_writer_put(b->s, (uint32_t)(b->v >> b->n), 32);
	}
	ve_writer_put(b->s, (uint32_t)b->v, b->n);
	b->n = 0;
}

/* A code of the tables below: its bits (MSB first) and their number. */
struct ve_cavlc_vlc {
	uint16_t bits;
	uint8_t len;
};

static inline void ve_cavlc_put_vlc(struct ve_cavlc_bits *b,
				    struct ve_cavlc_vlc vlc)
{
	ve_cavlc_bits_put(b, vlc.bits, vlc.len);
}

/* se(v), 9.1.1: k > 0 is codeNum 2k - 1, k <= 0 is codeNum -2k. */
static void ve_cavlc_put_se(struct ve_core *s, int32_t v)
{
	ve_writer_ue(s, v > 0 ? 2 * (uint32_t)v - 1 : 2 * (uint32_t)-(int64_t)v);
}

/*
 * coeff_token, Table 9-5, indexed [TotalCoeff][TrailingOnes]; the columns
 * are 0 <= nC < 2, 2 <= nC < 4, 4 <= nC < 8 and nC == -1 (chroma DC,
 * TotalCoeff <= 4). 8 <= nC is a 6-bit fixed length code, computed in
 * ve_cavlc_put_coeff_token().
 */
enum {
	NC_0_2,
	NC_2_4,
	NC_4_8,
	NC_CHROMA_DC,
	NC_TABLES,
};

static const char *const coeff_token_codes[17][4][NC_TABLES] = {
	[0] = {
		[0] = { "1", "11", "1111", "01" },
	},
	[1] = {
		[0] = { "000101", "001011", "001111", "000111" },
		[1] = { "01", "10", "1110", "1" },
	},
	[2] = {
		[0] = { "00000111", "000111", "001011", "000100" },
		[1] = { "000100", "00111", "01111", "000110" },
		[2] = { "001", "011", "1101", "001" },
	},
	[3] = {
		[0] = { "000000111", "0000111", "001000", "000011" },
		[1] = { "00000110", "001010", "01100", "0000011" },
		[2] = { "0000101", "001001", "01110", "0000010" },
		[3] = { "00011", "0101", "1100", "000101" },
	},
	[4] = {
		[0] = { "0000000111", "00000111", "0001111", "000010" },
		[1] = { "000000110", "000110", "01010", "00000011" },
		[2] = { "00000101", "000101", "01011", "00000010" },
		[3] = { "000011", "0100", "1011", "0000000" },
	},
	[5] = {
		[0] = { "00000000111", "00000100", "0001011" },
		[1] = { "0000000110", "0000110", "01000" },
		[2] = { "000000101", "0000101", "01001" },
		[3] = { "0000100", "00110", "1010" },
	},
	[6] = {
		[0] = { "0000000001111", "000000111", "0001001" },
		[1] = { "00000000110", "00000110", "001110" },
		[2] = { "0000000101", "00000101", "001101" },
		[3] = { "00000100", "001000", "1001" },
	},
	[7] = {
		[0] = { "0000000001011", "00000001111", "0001000" },
		[1] = { "0000000001110", "000000110", "001010" },
		[2] = { "00000000101", "000000101", "001001" },
		[3] = { "000000100", "000100", "1000" },
	},
	[8] = {
		[0] = { "0000000001000", "00000001011", "00001111" },
		[1] = { "0000000001010", "00000001110", "0001110" },
		[2] = { "0000000001101", "00000001101", "0001101" },
		[3] = { "0000000100", "0000100", "01101" },
	},
	[9] = {
		[0] = { "00000000001111", "000000001111", "00001011" },
		[1] = { "00000000001110", "00000001010", "00001110" },
		[2] = { "0000000001001", "00000001001", "0001010" },
		[3] = { "00000000100", "000000100", "001100" },
	},
	[10] = {
		[0] = { "00000000001011", "000000001011", "000001111" },
		[1] = { "00000000001010", "000000001110", "00001010" },
		[2] = { "00000000001101", "000000001101", "00001101" },
		[3] = { "0000000001100", "00000001100", "0001100" },
	},
	[11] = {
		[0] = { "000000000001111", "000000001000", "000001011" },
		[1] = { "000000000001110", "000000001010", "000001110" },
		[2] = { "00000000001001", "000000001001", "00001001" },
		[3] = { "00000000001100", "00000001000", "00001100" },
	},
	[12] = {
		[0] = { "000000000001011", "0000000001111", "000001000" },
		[1] = { "000000000001010", "0000000001110", "000001010" },
		[2] = { "000000000001101", "0000000001101", "000001101" },
		[3] = { "00000000001000", "000000001100", "00001000" },
	},
	[13] = {
		[0] = { "0000000000001111", "0000000001011", "0000001101" },
		[1] = { "000000000000001", "0000000001010", "000000111" },
		[2] = { "000000000001001", "0000000001001", "000001001" },
		[3] = { "000000000001100", "0000000001100", "000001100" },
	},
	[14] = {
		[0] = { "0000000000001011", "0000000000111", "0000001001" },
		[1] = { "0000000000001110", "00000000001011", "0000001100" },
		[2] = { "0000000000001101", "0000000000110", "0000001011" },
		[3] = { "000000000001000", "0000000001000", "0000001010" },
	},
	[15] = {
		[0] = { "0000000000000111", "00000000001001", "0000000101" },
		[1] = { "0000000000001010", "00000000001000", "0000001000" },
		[2] = { "0000000000001001", "00000000001010", "0000000111" },
		[3] = { "0000000000001100", "0000000000001", "0000000110" },
	},
	[16] = {
		[0] = { "0000000000000100", "00000000000111", "0000000001" },
		[1] = { "0000000000000110", "00000000000110", "0000000100" },
		[2] = { "0000000000000101", "00000000000101", "0000000011" },
		[3] = { "0000000000001000", "00000000000100", "0000000010" },
	},
};

/*
 * total_zeros of 4x4 blocks (16 or 15 coefficients), Tables 9-7 and 9-8,
 * indexed [tzVlcIndex = TotalCoeff][total_zeros].
 */
static const char *const total_zeros_4x4[16][16] = {
	[1] = { "1", "011", "010", "0011", "0010", "00011", "00010",
		"000011", "000010", "0000011", "0000010", "00000011",
		"00000010", "000000011", "000000010", "000000001" },
	[2] = { "111", "110", "101", "100", "011", "0101", "0100", "0011",
		"0010", "00011", "00010", "000011", "000010", "000001",
		"000000" },
	[3] = { "0101", "111", "110", "101", "0100", "0011", "100", "011",
		"0010", "00011", "00010", "000001", "00001", "000000" },
	[4] = { "00011", "111", "0101", "0100", "110", "101", "100", "0011",
		"011", "0010", "00010", "00001", "00000" },
	[5] = { "0101", "0100", "0011", "111", "110", "101", "100", "011",
		"0010", "00001", "0001", "00000" },
	[6] = { "000001", "00001", "111", "110", "101", "100", "011", "010",
		"0001", "001", "000000" },
	[7] = { "000001", "00001", "101", "100", "011", "11", "010", "0001",
		"001", "000000" },
	[8] = { "000001", "0001", "00001", "011", "11", "10", "010", "001",
		"000000" },
	[9] = { "000001", "000000", "0001", "11", "10", "001", "01",
		"00001" },
	[10] = { "00001", "00000", "001", "11", "10", "01", "0001" },
	[11] = { "0000", "0001", "001", "010", "1", "011" },
	[12] = { "0000", "0001", "01", "1", "001" },
	[13] = { "000", "001", "1", "01" },
	[14] = { "00", "01", "1" },
	[15] = { "0", "1" },
};

/* total_zeros of chroma DC 2x2 blocks, Table 9-9 a), [TotalCoeff][tz] */
static const char *const total_zeros_2x2[4][4] = {
	[1] = { "1", "01", "001", "000" },
	[2] = { "1", "01", "00" },
	[3] = { "1", "0" },
};

/* run_before, Table 9-10, [min(zerosLeft, 7)][run_before] */
static const char *const run_before_codes[8][15] = {
	[1] = { "1", "0" },
	[2] = { "1", "01", "00" },
	[3] = { "11", "10", "01", "00" },
	[4] = { "11", "10", "01", "001", "000" },
	[5] = { "11", "10", "011", "010", "001", "000" },
	[6] = { "11", "000", "001", "011", "010", "101", "100" },
	[7] = { "111", "110", "101", "100", "011", "010", "001", "0001",
		"00001", "000001", "0000001", "00000001", "000000001",
		"0000000001", "00000000001" },
};

/*
 * coded_block_pattern -> codeNum of me(v) for Inter macroblocks,
 * ChromaArrayType 1 or 2: Table 9-4, column Inter read backwards.
 */
static const uint8_t cbp_inter_code_num[48] = {
	[0] = 0, [16] = 1, [1] = 2, [2] = 3, [4] = 4, [8] = 5, [32] = 6,
	[3] = 7, [5] = 8, [10] = 9, [12] = 10, [15] = 11, [47] = 12,
	[7] = 13, [11] = 14, [13] = 15, [14] = 16, [6] = 17, [9] = 18,
	[31] = 19, [35] = 20, [37] = 21, [42] = 22, [44] = 23, [33] = 24,
	[34] = 25, [36] = 26, [40] = 27, [39] = 28, [43] = 29, [45] = 30,
	[46] = 31, [17] = 32, [18] = 33, [20] = 34, [24] = 35, [19] = 36,
	[21] = 37, [26] = 38, [28] = 39, [23] = 40, [27] = 41, [29] = 42,
	[30] = 43, [22] = 44, [25] = 45, [38] = 46, [41] = 47,
};

/*
 * The tables above as struct ve_cavlc_vlc, made from the bit strings once
 * when the program starts (a constructor: no flag, nothing to race on),
 * so that a code costs one load instead of a walk along its string.
 */
static struct ve_cavlc_vlc coeff_token_vlc[17][4][NC_TABLES];
static struct ve_cavlc_vlc total_zeros_4x4_vlc[16][16];
static struct ve_cavlc_vlc total_zeros_2x2_vlc[4][4];
static struct ve_cavlc_vlc run_before_vlc[8][15];

/* "0101" = 4 bits, MSB first; NULL (no such code) gives 0 bits. */
static struct ve_cavlc_vlc ve_cavlc_vlc_of(const char *code)
{
	struct ve_cavlc_vlc vlc = { 0, 0 };

	for (; code && code[vlc.len]; vlc.len++)
		vlc.bits = (uint16_t)(vlc.bits << 1 | (code[vlc.len] == '1'));
	return vlc;
}

static void __attribute__((constructor)) ve_cavlc_tables_init(void)
{
	for (unsigned int t = 0; t < 17; t++)
		for (unsigned int o = 0; o < 4; o++)
			for (unsigned int n = 0; n < NC_TABLES; n++)
				coeff_token_vlc[t][o][n] = ve_cavlc_vlc_of(
					coeff_token_codes[t][o][n]);
	for (unsigned int t = 0; t < 16; t++)
		for (unsigned int z = 0; z < 16; z++)
			total_zeros_4x4_vlc[t][z] =
				ve_cavlc_vlc_of(total_zeros_4x4[t][z]);
	for (unsigned int t = 0; t < 4; t++)
		for (unsigned int z = 0; z < 4; z++)
			total_zeros_2x2_vlc[t][z] =
				ve_cavlc_vlc_of(total_zeros_2x2[t][z]);
	for (unsigned int z = 0; z < 8; z++)
		for (unsigned int r = 0; r < 15; r++)
			run_before_vlc[z][r] =
				ve_cavlc_vlc_of(run_before_codes[z][r]);
}

/* coeff_token for nC (9.2.1; -1 for chroma DC). */
static void ve_cavlc_put_coeff_token(struct ve_cavlc_bits *b, int nc,
				     unsigned int total_coeff,
				     unsigned int trailing_ones)
{
	unsigned int table;

	if (nc >= 8) {
		/*
		 * 8 <= nC: xxxxyy, TotalCoeff - 1 then TrailingOnes; the
		 * code 000011 (which would be TotalCoeff 1, TrailingOnes 3)
		 * stands for TotalCoeff 0.
		 */
		if (!total_coeff)
			ve_cavlc_bits_put(b, 3, 6);
		else
			ve_cavlc_bits_put(b, (total_coeff - 1) << 2 |
					  trailing_ones, 6);
		return;
	}
	if (nc < 0)
		table = NC_CHROMA_DC;
	else if (nc < 2)
		table = NC_0_2;
	else if (nc < 4)
		table = NC_2_4;
	else
		table = NC_4_8;
	ve_cavlc_put_vlc(b, coeff_token_vlc[total_coeff][trailing_ones]
					   [table]);
}

/*
 * One coefficient level, coded as levelCode (9.2.2.1) with the current
 * suffixLength: level_prefix zeros and a one, then level_suffix.
 *
 * The decoder forms levelCode = (Min(15, level_prefix) << suffixLength) +
 * level_suffix, adds 15 when suffixLength is 0 and level_prefix >= 15,
 * and (1 << (level_prefix - 3)) - 4096 when level_prefix >= 16; the
 * suffix has level_prefix - 3 bits from level_prefix 15 on (4 bits for
 * level_prefix 14 with suffixLength 0, else suffixLength bits).
 *
 * level_prefix 15 reaches |level| 2063 with suffixLength 0 or 1, up to
 * 2528 with suffixLength 6; larger levels take level_prefix 16 and more.
 * Those are only allowed outside the Baseline, Main and Extended profiles
 * (9.2.2.1 limits level_prefix to 15 there). With 8-bit samples only the
 * DC blocks get there, at the lowest QPs: Intra16x16DCLevel reaches about
 * 6500 at QP 0 (level_prefix 17), chroma DC about 3300. The model codes
 * the level exactly anyway: clipping it would make the reconstruction
 * differ from what a decoder produces.
 */
static void ve_cavlc_put_level_code(struct ve_cavlc_bits *b,
				    uint32_t level_code,
				    unsigned int suffix_length)
{
	uint32_t escape = 15u << suffix_length;
	uint32_t v;
	unsigned int prefix, size;

	if (!suffix_length) {
		if (level_code < 14) {
			ve_cavlc_bits_put(b, 1, level_code + 1);
			return;
		}
		if (level_code < 30) {
			/* prefix 14, then 4 bits */
			ve_cavlc_bits_put(b, 1u << 4 | (level_code - 14), 19);
			return;
		}
		escape += 15;
	} else if (level_code < escape) {
		/* prefix (15 bits at most), suffix (6 at most) in one piece */
		ve_cavlc_bits_put(b, 1u << suffix_length |
				  (level_code & ((1u << suffix_length) - 1)),
				  (level_code >> suffix_length) + 1 +
				  suffix_length);
		return;
	}

	/*
	 * Escape: level_prefix 15 holds v = levelCode - escape in 12 bits;
	 * level_prefix p >= 16 holds v in [2^(p-3) - 4096, 2^(p-2) - 4096)
	 * on p - 3 bits. Both are: p - 3 = floor(log2(v + 4096)), suffix
	 * v + 4096 - 2^(p - 3).
	 */
	v = level_code - escape + 4096;
	size = 31u - (unsigned int)__builtin_clz(v);	/* 16 at most: int16_t */
	prefix = size + 3;
	ve_cavlc_bits_put(b, 0, prefix);
	ve_cavlc_bits_put(b, 1, 1);
	ve_cavlc_bits_put(b, v - (1u << size), size);
}

/*
 * residual_block_cavlc(), 7.3.5.3.2, for the max_coeff levels of c[] in
 * scan order. Returns TotalCoeff.
 */
static unsigned int ve_cavlc_put_block(struct ve_core *s, const int16_t *c,
				       unsigned int max_coeff, int nc)
{
	int16_t level[16];		/* non-zero levels, highest freq. first */
	uint8_t run[16];		/* zeros right below each of them */
	unsigned int total = 0, trailing_ones = 0, total_zeros;
	unsigned int suffix_length, zeros_left;
	int last = -1;
	struct ve_cavlc_bits b = { .s = s };
	uint32_t signs = 0, nz = 0;

	/* bit i: c[i] != 0; the levels are its set bits from the top */
	for (unsigned int i = 0; i < max_coeff; i++)
		nz |= (uint32_t)(c[i] != 0) << i;
	if (nz)
		last = 31 - __builtin_clz(nz);
	while (nz) {
		int i = 31 - __builtin_clz(nz), next;

		nz &= ~(1u << i);
		/* the next non-zero level down the scan, -1 if none */
		next = nz ? 31 - __builtin_clz(nz) : -1;
		/* TrailingOnes: up to 3 +-1 at the high-frequency end */
		if (total == trailing_ones && trailing_ones < 3 &&
		    (c[i] == 1 || c[i] == -1))
			trailing_ones++;
		level[total] = c[i];
		run[total] = (uint8_t)(i - next - 1);
		total++;
	}
	/* zeros before the last non-zero level in scan order */
	total_zeros = (unsigned int)(last + 1) - total;

	ve_cavlc_put_coeff_token(&b, nc, total, trailing_ones);
	if (!total) {
		ve_cavlc_bits_flush(&b);
		return 0;
	}

	/* trailing_ones_sign_flag: 1 is negative */
	for (unsigned int i = 0; i < trailing_ones; i++)
		signs = signs << 1 | (uint32_t)(level[i] < 0);
	ve_cavlc_bits_put(&b, signs, trailing_ones);

	suffix_length = total > 10 && trailing_ones < 3 ? 1 : 0;
	for (unsigned int i = trailing_ones; i < total; i++) {
		int32_t l = level[i];
		uint32_t abs_l = l < 0 ? (uint32_t)-l : (uint32_t)l;
		/* levelCode: 2 |level| - 2 for positive, 2 |level| - 1 else */
		uint32_t level_code = 2 * abs_l - (l > 0 ? 2 : 1);

		/*
		 * After fewer than 3 trailing ones the first other level
		 * cannot be +-1: the decoder adds 2 to its levelCode.
		 */
		if (i == trailing_ones && trailing_ones < 3)
			level_code -= 2;
		ve_cavlc_put_level_code(&b, level_code, suffix_length);

		if (!suffix_length)
			suffix_length = 1;
		if (abs_l > (3u << (suffix_length - 1)) && suffix_length < 6)
			suffix_length++;
	}

	if (total < max_coeff) {
		if (max_coeff == 4)
			ve_cavlc_put_vlc(&b, total_zeros_2x2_vlc[total]
							       [total_zeros]);
		else
			ve_cavlc_put_vlc(&b, total_zeros_4x4_vlc[total]
							       [total_zeros]);
	}

	/* run_before of every level but the last while zeros are left */
	zeros_left = total_zeros;
	for (unsigned int i = 0; i + 1 < total && zeros_left; i++) {
		unsigned int table = zeros_left > 6 ? 7 : zeros_left;

		ve_cavlc_put_vlc(&b, run_before_vlc[table][run[i]]);
		zeros_left -= run[i];
	}
	ve_cavlc_bits_flush(&b);
	return total;
}

/* luma4x4BlkIdx of the 4x4 block at (x, y) in 4x4 units (6.4.3) */
static unsigned int ve_cavlc_luma_blk(unsigned int x, unsigned int y)
{
	return (y & 2) << 2 | (x & 2) << 1 | (y & 1) << 1 | (x & 1);
}

/*
 * nC from nA and nB (9.2.1): their rounded mean when both blocks are
 * available, the one available, or 0. A P_Skip neighbour counts 0.
 */
static int ve_cavlc_nc(bool avail_a, unsigned int na, bool avail_b,
		       unsigned int nb)
{
	if (avail_a && avail_b)
		return (int)(na + nb + 1) >> 1;
	if (avail_a)
		return (int)na;
	if (avail_b)
		return (int)nb;
	return 0;
}

static unsigned int ve_cavlc_nb_y(const struct ve_mb *n, unsigned int blk)
{
	return n->type == VE_MB_PSKIP ? 0 : n->total_coeff_y[blk];
}

static unsigned int ve_cavlc_nb_c(const struct ve_mb *n, unsigned int comp,
				  unsigned int blk)
{
	return n->type == VE_MB_PSKIP ? 0 : n->total_coeff_c[comp][blk];
}

/*
 * nC of luma block blk (6.4.11.4): the blocks left of and above it, inside
 * the macroblock (cur[], coded before it in luma4x4BlkIdx order) or in the
 * neighbour macroblocks a and b.
 */
static int ve_cavlc_nc_luma(const uint8_t *cur, unsigned int blk,
			    const struct ve_mb *a, const struct ve_mb *b)
{
	unsigned int x = (blk >> 1 & 2) | (blk & 1);
	unsigned int y = (blk >> 2 & 2) | (blk >> 1 & 1);
	unsigned int na = 0, nb = 0;
	bool avail_a = x > 0 || a, avail_b = y > 0 || b;

	if (x > 0)
		na = cur[ve_cavlc_luma_blk(x - 1, y)];
	else if (a)
		na = ve_cavlc_nb_y(a, ve_cavlc_luma_blk(3, y));
	if (y > 0)
		nb = cur[ve_cavlc_luma_blk(x, y - 1)];
	else if (b)
		nb = ve_cavlc_nb_y(b, ve_cavlc_luma_blk(x, 3));
	return ve_cavlc_nc(avail_a, na, avail_b, nb);
}

/* nC of chroma AC block blk of component comp (6.4.11.5), as for luma. */
static int ve_cavlc_nc_chroma(const uint8_t *cur, unsigned int comp,
			      unsigned int blk, const struct ve_mb *a,
			      const struct ve_mb *b)
{
	unsigned int x = blk & 1, y = blk >> 1;
	unsigned int na = 0, nb = 0;
	bool avail_a = x > 0 || a, avail_b = y > 0 || b;

	if (x > 0)
		na = cur[blk - 1];
	else if (a)
		na = ve_cavlc_nb_c(a, comp, blk + 1);
	if (y > 0)
		nb = cur[blk - 2];
	else if (b)
		nb = ve_cavlc_nb_c(b, comp, blk + 2);
	return ve_cavlc_nc(avail_a, na, avail_b, nb);
}

/* residual(0, 15), 7.3.5.3, for ChromaArrayType 1. */
static void ve_cavlc_put_residual(struct ve_core *s, const struct ve_mb *mb,
				  const struct ve_mb_coeffs *co,
				  const struct ve_mb *a, const struct ve_mb *b)
{
	bool i16 = mb->type == VE_MB_I16;
	unsigned int cbp_chroma = mb->cbp >> 4;
	uint8_t cur_y[16] = { 0 };
	uint8_t cur_c[2][4] = { { 0 } };

	/* Intra16x16DCLevel: nC of luma4x4BlkIdx 0 */
	if (i16)
		ve_cavlc_put_block(s, co->luma_dc, 16,
				   ve_cavlc_nc_luma(cur_y, 0, a, b));
	for (unsigned int blk = 0; blk < 16; blk++) {
		int nc;

		if (!(mb->cbp >> (blk / 4) & 1))
			continue;	/* counts 0 for later blocks */
		nc = ve_cavlc_nc_luma(cur_y, blk, a, b);
		if (i16)	/* Intra16x16ACLevel: scan positions 1..15 */
			cur_y[blk] = (uint8_t)ve_cavlc_put_block(
				s, co->luma[blk] + 1, 15, nc);
		else
			cur_y[blk] = (uint8_t)ve_cavlc_put_block(
				s, co->luma[blk], 16, nc);
	}

	if (!cbp_chroma)
		return;
	for (unsigned int comp = 0; comp < 2; comp++)
		ve_cavlc_put_block(s, co->chroma_dc[comp], 4, -1);
	if (cbp_chroma != 2)
		return;
	for (unsigned int comp = 0; comp < 2; comp++)
		for (unsigned int blk = 0; blk < 4; blk++)
			cur_c[comp][blk] = (uint8_t)ve_cavlc_put_block(
				s, co->chroma_ac[comp][blk] + 1, 15,
				ve_cavlc_nc_chroma(cur_c[comp], comp, blk,
						   a, b));
}

void ve_cavlc_put_mb(struct ve_core *s, uint32_t *skip_run, bool p_slice,
		     const struct ve_mb *mb, const struct ve_mb_coeffs *co,
		     const struct ve_mb *a, const struct ve_mb *b)
{
	unsigned int cbp_luma = mb->cbp & 15, cbp_chroma = mb->cbp >> 4;

	if (mb->type == VE_MB_PSKIP) {
		(*skip_run)++;
		return;
	}
	if (p_slice) {
		ve_writer_ue(s, *skip_run);
		*skip_run = 0;
	}

	if (mb->type == VE_MB_I16) {
		/*
		 * I_16x16_<predmode>_<cbp chroma>_<cbp luma 0 or 15>,
		 * Table 7-11; after the 5 P types in P slices (Table 7-13).
		 */
		ve_writer_ue(s, (p_slice ? MB_TYPE_P_INTRA_BASE : 0) + 1 +
				(unsigned int)mb->i16_mode + 4 * cbp_chroma +
				(cbp_luma ? 12 : 0));
		/* mb_pred(): intra_chroma_pred_mode */
		ve_writer_ue(s, mb->chroma_mode);
		/* mb_qp_delta is always present for Intra_16x16 */
		ve_cavlc_put_se(s, 0);
	} else {
		ve_writer_ue(s, MB_TYPE_P_L0_16X16);
		/*
		 * mb_pred(): ref_idx_l0 is absent with one active
		 * reference (num_ref_idx_l0_active_minus1 = 0).
		 */
		ve_cavlc_put_se(s, mb->mvd[0]);
		ve_cavlc_put_se(s, mb->mvd[1]);
		/*
		 * transform_size_8x8_flag is absent: the PPS has no
		 * transform_8x8_mode_flag.
		 */
		ve_writer_ue(s, cbp_inter_code_num[mb->cbp]);
		if (!mb->cbp)
			return;
		ve_cavlc_put_se(s, 0);		/* mb_qp_delta */
	}
	ve_cavlc_put_residual(s, mb, co, a, b);
}
