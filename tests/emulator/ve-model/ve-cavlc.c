// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model v2: the CAVLC macroblock layer (7.3.5) and residual blocks
 * (7.3.5.3.2, 9.2) of I_16x16, P_L0_16x16 and P_Skip macroblocks, with
 * mb_skip_run (7.3.4) in P slices.
 *
 * The variable length codes are typed as the bit strings of the standard's
 * tables, so that they can be read against it line by line.
 *
 * On noisy content the entropy coder is a good part of a frame's time: a
 * 1080p frame has some 200000 residual blocks of a dozen codes each. So
 * a macroblock's bits are assembled into bytes here, without a branch per
 * code, and go to the writer in one call at its end; a block's levels are
 * gathered and coded with as few data-dependent branches as the syntax
 * allows (the signs and sizes of the levels of noisy content are as good
 * as random, and a mispredicted branch costs as much as coding a level).
 */
#include "ve-lossy.h"

#include <string.h>

/* mb_type of the first I macroblock type in a P slice (Table 7-13) */
#define MB_TYPE_P_INTRA_BASE	5u
#define MB_TYPE_P_L0_16X16	0u

/*
 * The most bytes one macroblock takes. A residual block has at most a
 * 16-bit coeff_token, 3 sign bits, 16 levels of at most 36 bits (an int16_t
 * level: level_prefix 19 and a 16-bit suffix), a 9-bit total_zeros and 14
 * run_before of at most 11 bits: under 800 bits. 27 blocks (luma DC, 16
 * luma, 2 chroma DC, 8 chroma AC) and the header (mb_skip_run of fewer
 * than 2^22 macroblocks, mb_type, two mvd of int16_t, coded_block_pattern:
 * under 150 bits) stay under 2800 bytes.
 */
#define VE_CAVLC_MB_BYTES	4096

/*
 * The bits of one macroblock on their way into bytes: acc holds those
 * that make no whole byte yet, from bit 63 down, and every put stores all
 * 8 bytes of acc at p (the buffer has 8 bytes to spare at its end), then
 * moves p past the bytes it completed. No branch, whatever the code's
 * length.
 */
struct ve_cavlc_bits {
	uint64_t acc;
	unsigned int fill;	/* bits in acc: 0..7 between two puts */
	uint8_t *p;
};

/*
 * Append the n (0..32) bits of v, MSB first; v has no bits above them (so
 * v is 0 when n is). The shift is v << (64 - fill - n) in two steps, so
 * that n = 0 never shifts by 64.
 */
static inline void ve_cavlc_put(struct ve_cavlc_bits *b, uint32_t v,
				unsigned int n)
{
	b->acc |= (uint64_t)v << 1 << (63 - b->fill - n);
	b->fill += n;
	ve_store_be64(b->p, b->acc);
	b->p += b->fill / 8;
	b->acc <<= b->fill & ~7u;	/* 32 at most */
	b->fill %= 8;
}

/*
 * ue(v), 9.1: v + 1 in 2 * floor(log2(v + 1)) + 1 bits, the leading zeros
 * and v + 1 in one piece when that is at most 31 bits (v < 65535).
 */
static void ve_cavlc_put_ue(struct ve_cavlc_bits *b, uint32_t v)
{
	uint64_t code = (uint64_t)v + 1;
	unsigned int len = 64u - (unsigned int)__builtin_clzll(code);

	if (len <= 16) {
		ve_cavlc_put(b, (uint32_t)code, 2 * len - 1);
		return;
	}
	ve_cavlc_put(b, 0, len - 1);			/* 32 at most */
	ve_cavlc_put(b, (uint32_t)(code >> 16), len - 16);
	ve_cavlc_put(b, (uint32_t)code & 0xffff, 16);
}

/* se(v), 9.1.1: k > 0 is codeNum 2k - 1, k <= 0 is codeNum -2k. */
static void ve_cavlc_put_se(struct ve_cavlc_bits *b, int32_t v)
{
	ve_cavlc_put_ue(b, v > 0 ? 2 * (uint32_t)v - 1 :
			   2 * (uint32_t)-(int64_t)v);
}

/* A code of the tables below: its bits (MSB first) and their number. */
struct ve_cavlc_vlc {
	uint16_t bits;
	uint8_t len;
};

static inline void ve_cavlc_put_vlc(struct ve_cavlc_bits *b,
				    struct ve_cavlc_vlc vlc)
{
	ve_cavlc_put(b, vlc.bits, vlc.len);
}

/*
 * coeff_token, Table 9-5, indexed [TotalCoeff][TrailingOnes]; the columns
 * are 0 <= nC < 2, 2 <= nC < 4, 4 <= nC < 8 and nC == -1 (chroma DC,
 * TotalCoeff <= 4). 8 <= nC is a 6-bit fixed length code, which
 * ve_cavlc_tables_init() adds as a fifth column (NC_8).
 */
enum {
	NC_0_2,
	NC_2_4,
	NC_4_8,
	NC_CHROMA_DC,
	NC_TABLES,
	NC_8 = NC_TABLES,
	NC_COLUMNS,
};

/* The column of nC = -1..16 (9.2.1), index nC + 1. */
static const uint8_t nc_column[18] = {
	NC_CHROMA_DC, NC_0_2, NC_0_2, NC_2_4, NC_2_4,
	NC_4_8, NC_4_8, NC_4_8, NC_4_8,
	NC_8, NC_8, NC_8, NC_8, NC_8, NC_8, NC_8, NC_8, NC_8,
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
static struct ve_cavlc_vlc coeff_token_vlc[17][4][NC_COLUMNS];
static struct ve_cavlc_vlc total_zeros_4x4_vlc[16][16];
static struct ve_cavlc_vlc total_zeros_2x2_vlc[4][4];
/* 16 codes a row, the last empty: ve_cavlc_put_run() may index it */
static struct ve_cavlc_vlc run_before_vlc[8][16];

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
	for (unsigned int t = 0; t < 17; t++) {
		for (unsigned int o = 0; o < 4; o++) {
			for (unsigned int n = 0; n < NC_TABLES; n++)
				coeff_token_vlc[t][o][n] = ve_cavlc_vlc_of(
					coeff_token_codes[t][o][n]);
			/*
			 * 8 <= nC: xxxxyy, TotalCoeff - 1 then TrailingOnes;
			 * the code 000011 (which would be TotalCoeff 1,
			 * TrailingOnes 3) stands for TotalCoeff 0.
			 */
			coeff_token_vlc[t][o][NC_8] = (struct ve_cavlc_vlc){
				.bits = (uint16_t)(t ? (t - 1) << 2 | o : 3),
				.len = 6,
			};
		}
	}
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

/*
 * suffixLength after a level of magnitude above level_step[suffixLength]
 * grows by one (9.2.2.1, after a suffixLength of 0 has become 1); 6 is
 * the last.
 */
static const uint32_t level_step[7] = {
	0, 3, 6, 12, 24, 48, UINT32_MAX,
};

/*
 * The levelCode below which level_prefix is levelCode >> suffixLength
 * (at most 14) and level_suffix the low suffixLength bits: 14 for
 * suffixLength 0 (whose level_prefix 14 has a 4-bit suffix), else
 * 15 << suffixLength.
 */
static const uint32_t level_plain[7] = {
	14, 15 << 1, 15 << 2, 15 << 3, 15 << 4, 15 << 5, 15 << 6,
};

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
static inline void ve_cavlc_put_level_code(struct ve_cavlc_bits *b,
					   uint32_t level_code,
					   unsigned int suffix_length)
{
	uint32_t escape, v;
	unsigned int size;

	if (__builtin_expect(level_code < level_plain[suffix_length], 1)) {
		/* prefix (14 at most), 1, suffix (6 at most) in one piece */
		ve_cavlc_put(b, 1u << suffix_length |
			     (level_code & ((1u << suffix_length) - 1)),
			     (level_code >> suffix_length) + 1 + suffix_length);
		return;
	}
	if (!suffix_length && level_code < 30) {
		/* prefix 14, then 4 bits */
		ve_cavlc_put(b, 1u << 4 | (level_code - 14), 19);
		return;
	}

	/*
	 * Escape: level_prefix 15 holds v = levelCode - escape in 12 bits;
	 * level_prefix p >= 16 holds v in [2^(p-3) - 4096, 2^(p-2) - 4096)
	 * on p - 3 bits. Both are: p - 3 = floor(log2(v + 4096)), suffix
	 * v + 4096 - 2^(p - 3), which after the 1 that ends the prefix is
	 * v + 4096 on p - 2 bits.
	 */
	escape = (15u << suffix_length) + (suffix_length ? 0 : 15);
	v = level_code - escape + 4096;
	size = 31u - (unsigned int)__builtin_clz(v);	/* 16 at most: int16_t */
	ve_cavlc_put(b, 0, size + 3);
	ve_cavlc_put(b, v, size + 1);
}

/* Whether l is +-1 (0 is not). */
static inline uint32_t ve_cavlc_is_one(int32_t l)
{
	return ((uint32_t)(l + 1) & ~2u) == 0;
}

/*
 * The run_before codes of a block, collected while its levels are coded
 * (in the stream they follow all levels): the low n bits of v. They are
 * 25 bits at most, in the 16-coefficient block with levels at scan
 * positions 15..8 and 0: seven runs of 0 with 7 zeros left ("111" each),
 * then the run of 7 ("0001"); the largest over all 2^16 patterns of
 * non-zero coefficients, which only the positions decide.
 */
struct ve_cavlc_runs {
	uint32_t v;
	unsigned int n;
};

/*
 * The run_before of the level at index i of level[] (highest frequency
 * first, positions pos[]), with zeros_left zeros below it; none for the
 * last level (i + 1 == total), and none once no zeros are left (row 0 of
 * the table is empty). Returns the zeros left below the next level.
 */
static inline unsigned int ve_cavlc_put_run(struct ve_cavlc_runs *r,
					    const uint8_t *pos, unsigned int i,
					    unsigned int total,
					    unsigned int zeros_left)
{
	/* pos[total] is first - 1: the index stays in the row at the end */
	unsigned int run = (pos[i] - pos[i + 1] - 1u) & 15;
	struct ve_cavlc_vlc vlc = run_before_vlc[zeros_left > 6 ? 7 :
						 zeros_left][run];
	bool last = i + 1 >= total;

	r->v = r->v << (last ? 0 : vlc.len) | (last ? 0 : vlc.bits);
	r->n += last ? 0 : vlc.len;
	return zeros_left - run;
}

/*
 * residual_block_cavlc(), 7.3.5.3.2, of the coefficients c[first..n-1]
 * (n 4 or 16, first 0 or 1: the AC blocks start at scan position 1) in
 * scan order, with nC = nc. Returns TotalCoeff.
 *
 * The run_before codes come after all levels in the stream, but they are
 * made in the same loop as the levels, so that the block has one loop
 * of a data-dependent length (whose end the CPU mispredicts) instead of
 * two.
 */
static inline __attribute__((always_inline)) unsigned int
ve_cavlc_put_block(struct ve_cavlc_bits *bits, const int16_t *c,
		   unsigned int first, unsigned int n, int nc)
{
	/*
	 * The levels, highest frequency first, then 3 zeros; their indices
	 * in c[] in pos[], then first - 1.
	 */
	int32_t level[16 + 3];
	uint8_t pos[16 + 3];
	unsigned int max_coeff = n - first, total = 0, t1, total_zeros;
	unsigned int suffix_length, zeros_left;
	uint32_t signs, adj;
	struct ve_cavlc_vlc token;
	struct ve_cavlc_bits b = *bits;
	struct ve_cavlc_runs r = { 0 };

	/*
	 * Every coefficient is stored at the next free place, and only a
	 * non-zero one moves it on: a loop of fixed length, whose end the
	 * CPU predicts, with no branch on the data.
	 */
	for (unsigned int i = n; i-- > first;) {
		level[total] = c[i];
		pos[total] = (uint8_t)i;
		total += c[i] != 0;
	}
	for (unsigned int i = total; i < total + 3; i++) {
		level[i] = 0;
		pos[i] = (uint8_t)(first - 1);
	}

	/* TrailingOnes: up to 3 +-1 at the high-frequency end */
	t1 = ve_cavlc_is_one(level[0]);
	t1 += t1 & ve_cavlc_is_one(level[1]);
	t1 += t1 >> 1 & ve_cavlc_is_one(level[2]);
	/* trailing_ones_sign_flag (1 is negative) after coeff_token */
	signs = ((uint32_t)(level[0] < 0) << 2 | (uint32_t)(level[1] < 0) << 1 |
		 (uint32_t)(level[2] < 0)) >> (3 - t1);
	token = coeff_token_vlc[total][t1][nc_column[nc + 1]];
	ve_cavlc_put(&b, (uint32_t)token.bits << t1 | signs, token.len + t1);
	if (!total) {
		*bits = b;
		return 0;
	}

	/* zeros before the last non-zero level in scan order */
	total_zeros = pos[0] + 1 - first - total;
	zeros_left = total_zeros;
	/* the run_before of the trailing ones, without a loop */
	for (unsigned int i = 0; i < 3; i++) {
		unsigned int zl = ve_cavlc_put_run(&r, pos, i,
						   i < t1 ? total : 0,
						   zeros_left);

		zeros_left = i < t1 ? zl : zeros_left;
	}

	/*
	 * The other levels. levelCode is 2 |level| - 2 for a positive
	 * level, 2 |level| - 1 for a negative one; after fewer than 3
	 * trailing ones the first of them cannot be +-1, and the decoder
	 * adds 2 to its levelCode (adj).
	 */
	suffix_length = total > 10 && t1 < 3 ? 1 : 0;
	adj = t1 < 3 ? 2 : 0;
	for (unsigned int i = t1; i < total; i++) {
		int32_t l = level[i];
		uint32_t neg = l < 0;
		uint32_t abs_l = neg ? (uint32_t)-l : (uint32_t)l;

		ve_cavlc_put_level_code(&b, 2 * abs_l - 2 + neg - adj,
					suffix_length);
		adj = 0;
		suffix_length += !suffix_length;
		suffix_length += abs_l > level_step[suffix_length];
		zeros_left = ve_cavlc_put_run(&r, pos, i, total, zeros_left);
	}

	if (total < max_coeff) {
		if (max_coeff == 4)
			ve_cavlc_put_vlc(&b, total_zeros_2x2_vlc[total]
							       [total_zeros]);
		else
			ve_cavlc_put_vlc(&b, total_zeros_4x4_vlc[total]
							       [total_zeros]);
	}

	/* then the run_before codes */
	ve_cavlc_put(&b, r.v, r.n);
	*bits = b;
	return total;
}

/* The three kinds of block, each with the shape the compiler knows. */
static __attribute__((noinline)) unsigned int
ve_cavlc_put_block16(struct ve_cavlc_bits *b, const int16_t *c, int nc)
{
	return ve_cavlc_put_block(b, c, 0, 16, nc);
}

static __attribute__((noinline)) unsigned int
ve_cavlc_put_block_ac(struct ve_cavlc_bits *b, const int16_t *c, int nc)
{
	return ve_cavlc_put_block(b, c, 1, 16, nc);
}

static __attribute__((noinline)) void
ve_cavlc_put_block_chroma_dc(struct ve_cavlc_bits *b, const int16_t *c)
{
	ve_cavlc_put_block(b, c, 0, 4, -1);
}

/* (x, y) in 4x4 blocks of luma4x4BlkIdx (6.4.3), as x | y << 2 */
static const uint8_t luma_blk_xy[16] = {
	0x0, 0x1, 0x4, 0x5, 0x2, 0x3, 0x6, 0x7,
	0x8, 0x9, 0xc, 0xd, 0xa, 0xb, 0xe, 0xf,
};

/* luma4x4BlkIdx of the 4x4 block at (x, y) in 4x4 units (6.4.3) */
static unsigned int ve_cavlc_luma_blk(unsigned int x, unsigned int y)
{
	return (y & 2) << 2 | (x & 2) << 1 | (y & 1) << 1 | (x & 1);
}

/*
 * nC (9.2.1) from the TotalCoeff of the blocks left of and above a block,
 * na and nb, 0 where a block is not available: their rounded mean when
 * both are, else the one available (or 0).
 */
static inline int ve_cavlc_nc(unsigned int avail_a, unsigned int na,
			      unsigned int avail_b, unsigned int nb)
{
	unsigned int both = avail_a & avail_b;

	return (int)((na + nb + both) >> both);
}

/*
 * The TotalCoeff of a block's neighbours, as a grid with a border: [0][1 +
 * x] the bottom row of the macroblock above, [1 + y][0] the right column of
 * the one to the left (both 0 when not available, or P_Skip), [1 + y][1 +
 * x] the blocks of the macroblock itself once coded (0 until then, and
 * for those cbp leaves out): 6.4.11.4 and 6.4.11.5 as a table.
 */
struct ve_cavlc_grid {
	uint8_t n[5][5];
	unsigned int avail_a, avail_b;
};

static int ve_cavlc_grid_nc(const struct ve_cavlc_grid *g, unsigned int x,
			    unsigned int y)
{
	return ve_cavlc_nc(x > 0 || g->avail_a, g->n[1 + y][x],
			   y > 0 || g->avail_b, g->n[y][1 + x]);
}

static void ve_cavlc_grid_init(struct ve_cavlc_grid *g, const struct ve_mb *a,
			       const struct ve_mb *b, int comp)
{
	memset(g, 0, sizeof(*g));
	g->avail_a = !!a;
	g->avail_b = !!b;
	/* a P_Skip neighbour counts 0 */
	if (a && a->type != VE_MB_PSKIP) {
		for (unsigned int y = 0; y < 4; y++)
			g->n[1 + y][0] = comp < 0 ?
				a->total_coeff_y[ve_cavlc_luma_blk(3, y)] :
				y < 2 ? a->total_coeff_c[comp][y * 2 + 1] : 0;
	}
	if (b && b->type != VE_MB_PSKIP) {
		for (unsigned int x = 0; x < 4; x++)
			g->n[0][1 + x] = comp < 0 ?
				b->total_coeff_y[ve_cavlc_luma_blk(x, 3)] :
				x < 2 ? b->total_coeff_c[comp][2 + x] : 0;
	}
}

/* residual(0, 15), 7.3.5.3, for ChromaArrayType 1. */
static void ve_cavlc_put_residual(struct ve_cavlc_bits *bits,
				  const struct ve_mb *mb,
				  const struct ve_mb_coeffs *co,
				  const struct ve_mb *a, const struct ve_mb *b)
{
	bool i16 = mb->type == VE_MB_I16;
	unsigned int cbp_chroma = mb->cbp >> 4;
	struct ve_cavlc_grid g;

	ve_cavlc_grid_init(&g, a, b, -1);
	/* Intra16x16DCLevel: nC of luma4x4BlkIdx 0 */
	if (i16)
		ve_cavlc_put_block16(bits, co->luma_dc,
				     ve_cavlc_grid_nc(&g, 0, 0));
	for (unsigned int blk = 0; blk < 16; blk++) {
		unsigned int x = luma_blk_xy[blk] & 3, y = luma_blk_xy[blk] >> 2;
		int nc;

		if (!(mb->cbp >> (blk / 4) & 1))
			continue;	/* counts 0 for later blocks */
		nc = ve_cavlc_grid_nc(&g, x, y);
		/* Intra16x16ACLevel: scan positions 1..15 */
		g.n[1 + y][1 + x] = (uint8_t)(i16 ?
			ve_cavlc_put_block_ac(bits, co->luma[blk], nc) :
			ve_cavlc_put_block16(bits, co->luma[blk], nc));
	}

	if (!cbp_chroma)
		return;
	for (unsigned int comp = 0; comp < 2; comp++)
		ve_cavlc_put_block_chroma_dc(bits, co->chroma_dc[comp]);
	if (cbp_chroma != 2)
		return;
	for (unsigned int comp = 0; comp < 2; comp++) {
		ve_cavlc_grid_init(&g, a, b, (int)comp);
		for (unsigned int blk = 0; blk < 4; blk++) {
			unsigned int x = blk & 1, y = blk >> 1;

			g.n[1 + y][1 + x] = (uint8_t)ve_cavlc_put_block_ac(
				bits, co->chroma_ac[comp][blk],
				ve_cavlc_grid_nc(&g, x, y));
		}
	}
}

void ve_cavlc_put_mb(struct ve_core *s, uint32_t *skip_run, bool p_slice,
		     const struct ve_mb *mb, const struct ve_mb_coeffs *co,
		     const struct ve_mb *a, const struct ve_mb *b)
{
	unsigned int cbp_luma = mb->cbp & 15, cbp_chroma = mb->cbp >> 4;
	uint8_t buf[VE_CAVLC_MB_BYTES + 8];
	struct ve_cavlc_bits bits = { .p = buf };

	if (mb->type == VE_MB_PSKIP) {
		(*skip_run)++;
		return;
	}
	if (p_slice) {
		ve_cavlc_put_ue(&bits, *skip_run);
		*skip_run = 0;
	}

	if (mb->type == VE_MB_I16) {
		/*
		 * I_16x16_<predmode>_<cbp chroma>_<cbp luma 0 or 15>,
		 * Table 7-11; after the 5 P types in P slices (Table 7-13).
		 */
		ve_cavlc_put_ue(&bits, (p_slice ? MB_TYPE_P_INTRA_BASE : 0) + 1 +
				       (unsigned int)mb->i16_mode +
				       4 * cbp_chroma + (cbp_luma ? 12 : 0));
		/* mb_pred(): intra_chroma_pred_mode */
		ve_cavlc_put_ue(&bits, mb->chroma_mode);
		/* mb_qp_delta is always present for Intra_16x16 */
		ve_cavlc_put_se(&bits, 0);
		ve_cavlc_put_residual(&bits, mb, co, a, b);
	} else {
		ve_cavlc_put_ue(&bits, MB_TYPE_P_L0_16X16);
		/*
		 * mb_pred(): ref_idx_l0 is absent with one active
		 * reference (num_ref_idx_l0_active_minus1 = 0).
		 */
		ve_cavlc_put_se(&bits, mb->mvd[0]);
		ve_cavlc_put_se(&bits, mb->mvd[1]);
		/*
		 * transform_size_8x8_flag is absent: the PPS has no
		 * transform_8x8_mode_flag.
		 */
		ve_cavlc_put_ue(&bits, cbp_inter_code_num[mb->cbp]);
		if (mb->cbp) {
			ve_cavlc_put_se(&bits, 0);	/* mb_qp_delta */
			ve_cavlc_put_residual(&bits, mb, co, a, b);
		}
	}
	/* the whole bytes and the partial one that the last put stored */
	ve_writer_put_buf(s, buf, (uint64_t)(bits.p - buf) * 8 + bits.fill);
}
