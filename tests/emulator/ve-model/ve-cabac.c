// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model: the CABAC encoder (H.264 9.3.1 initialisation, 9.3.4
 * arithmetic encoding). Model v1 codes I_PCM and P_Skip macroblocks with
 * it (ve-job.c), the lossy coder everything else (ve-cabac-mb.c). Its bits
 * go through the stream writer.
 */
#include <string.h>

#include "ve-internal.h"

/* rangeTabLPS[pStateIdx][qCodIRangeIdx], Table 9-44 */
const uint8_t ve_cabac_range_lps[64][4] = {
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

/* A context no slice type of the model codes: any valid state will do. */
#define MN_UNUSED	{ 0, 64 }
/* Tables 9-12 and 9-17 give one (m, n) for I slices and every idc. */
#define MN_ALL(m, n)	{ { m, n }, { m, n }, { m, n }, { m, n } }

/*
 * (m, n) for ctxIdx 0..275, one row per ctxIdx laid out as in Tables 9-12
 * to 9-21: the I-slice column (also SI), then cabac_init_idc 0, 1 and 2 of
 * P (and B) slices. Only frame macroblocks without the 8x8 transform are
 * coded, so the field-coded and 8x8 contexts (277..1023) are left out.
 */
static const struct cabac_init_mn cabac_init_mn[CTX_COUNT][4] = {
	/* mb_type (SI prefix 0..2, I 3..10), Table 9-12 */
	/*   0 */ MN_ALL(20, -15),
	/*   1 */ MN_ALL(2, 54),
	/*   2 */ MN_ALL(3, 74),
	/*   3 */ MN_ALL(20, -15),
	/*   4 */ MN_ALL(2, 54),
	/*   5 */ MN_ALL(3, 74),
	/*   6 */ MN_ALL(-28, 127),
	/*   7 */ MN_ALL(-23, 104),
	/*   8 */ MN_ALL(-6, 53),
	/*   9 */ MN_ALL(-1, 54),
	/*  10 */ MN_ALL(7, 51),
	/* mb_skip_flag 11..13, mb_type 14..20 (P), Table 9-13 */
	/*  11 */ { MN_UNUSED, { 23, 33 }, { 22, 25 }, { 29, 16 } },
	/*  12 */ { MN_UNUSED, { 23, 2 }, { 34, 0 }, { 25, 0 } },
	/*  13 */ { MN_UNUSED, { 21, 0 }, { 16, 0 }, { 14, 0 } },
	/*  14 */ { MN_UNUSED, { 1, 9 }, { -2, 9 }, { -10, 51 } },
	/*  15 */ { MN_UNUSED, { 0, 49 }, { 4, 41 }, { -3, 62 } },
	/*  16 */ { MN_UNUSED, { -37, 118 }, { -29, 118 }, { -27, 99 } },
	/*  17 */ { MN_UNUSED, { 5, 57 }, { 2, 65 }, { 26, 16 } },
	/*  18 */ { MN_UNUSED, { -13, 78 }, { -6, 71 }, { -4, 85 } },
	/*  19 */ { MN_UNUSED, { -11, 65 }, { -13, 79 }, { -24, 102 } },
	/*  20 */ { MN_UNUSED, { 1, 62 }, { 5, 52 }, { 5, 57 } },
	/* 21..39: B slices only, not used */
	/*  21 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  22 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  23 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  24 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  25 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  26 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  27 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  28 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  29 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  30 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  31 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  32 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  33 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  34 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  35 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  36 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  37 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  38 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/*  39 */ { MN_UNUSED, MN_UNUSED, MN_UNUSED, MN_UNUSED },
	/* mvd_l0[][][0] 40..46, [1] 47..53, Table 9-15 */
	/*  40 */ { MN_UNUSED, { -3, 69 }, { -2, 69 }, { -11, 89 } },
	/*  41 */ { MN_UNUSED, { -6, 81 }, { -5, 82 }, { -15, 103 } },
	/*  42 */ { MN_UNUSED, { -11, 96 }, { -10, 96 }, { -21, 116 } },
	/*  43 */ { MN_UNUSED, { 6, 55 }, { 2, 59 }, { 19, 57 } },
	/*  44 */ { MN_UNUSED, { 7, 67 }, { 2, 75 }, { 20, 58 } },
	/*  45 */ { MN_UNUSED, { -5, 86 }, { -3, 87 }, { 4, 84 } },
	/*  46 */ { MN_UNUSED, { 2, 88 }, { -3, 100 }, { 6, 96 } },
	/*  47 */ { MN_UNUSED, { 0, 58 }, { 1, 56 }, { 1, 63 } },
	/*  48 */ { MN_UNUSED, { -3, 76 }, { -3, 74 }, { -5, 85 } },
	/*  49 */ { MN_UNUSED, { -10, 94 }, { -6, 85 }, { -13, 106 } },
	/*  50 */ { MN_UNUSED, { 5, 54 }, { 0, 59 }, { 5, 63 } },
	/*  51 */ { MN_UNUSED, { 4, 69 }, { -3, 81 }, { 6, 75 } },
	/*  52 */ { MN_UNUSED, { -3, 81 }, { -7, 86 }, { -3, 90 } },
	/*  53 */ { MN_UNUSED, { 0, 88 }, { -5, 95 }, { -1, 101 } },
	/* ref_idx 54..59, Table 9-16 (one reference: not coded) */
	/*  54 */ { MN_UNUSED, { -7, 67 }, { -1, 66 }, { 3, 55 } },
	/*  55 */ { MN_UNUSED, { -5, 74 }, { -1, 77 }, { -4, 79 } },
	/*  56 */ { MN_UNUSED, { -4, 74 }, { 1, 70 }, { -2, 75 } },
	/*  57 */ { MN_UNUSED, { -5, 80 }, { -2, 86 }, { -12, 97 } },
	/*  58 */ { MN_UNUSED, { -7, 72 }, { -5, 72 }, { -7, 50 } },
	/*  59 */ { MN_UNUSED, { 1, 58 }, { 0, 61 }, { 1, 60 } },
	/*
	 * mb_qp_delta 60..63, intra_chroma_pred_mode 64..67,
	 * prev/rem_intra4x4_pred_mode 68..69, Table 9-17
	 */
	/*  60 */ MN_ALL(0, 41),
	/*  61 */ MN_ALL(0, 63),
	/*  62 */ MN_ALL(0, 63),
	/*  63 */ MN_ALL(0, 63),
	/*  64 */ MN_ALL(-9, 83),
	/*  65 */ MN_ALL(4, 86),
	/*  66 */ MN_ALL(0, 97),
	/*  67 */ MN_ALL(-7, 72),
	/*  68 */ MN_ALL(13, 41),
	/*  69 */ MN_ALL(3, 62),
	/*
	 * mb_field_decoding_flag 70..72, coded_block_pattern 73..84,
	 * coded_block_flag 85..104, Table 9-18
	 */
	/*  70 */ { { 0, 11 }, { 0, 45 }, { 13, 15 }, { 7, 34 } },
	/*  71 */ { { 1, 55 }, { -4, 78 }, { 7, 51 }, { -9, 88 } },
	/*  72 */ { { 0, 69 }, { -3, 96 }, { 2, 80 }, { -20, 127 } },
	/*  73 */ { { -17, 127 }, { -27, 126 }, { -39, 127 }, { -36, 127 } },
	/*  74 */ { { -13, 102 }, { -28, 98 }, { -18, 91 }, { -17, 91 } },
	/*  75 */ { { 0, 82 }, { -25, 101 }, { -17, 96 }, { -14, 95 } },
	/*  76 */ { { -7, 74 }, { -23, 67 }, { -26, 81 }, { -25, 84 } },
	/*  77 */ { { -21, 107 }, { -28, 82 }, { -35, 98 }, { -25, 86 } },
	/*  78 */ { { -27, 127 }, { -20, 94 }, { -24, 102 }, { -12, 89 } },
	/*  79 */ { { -31, 127 }, { -16, 83 }, { -23, 97 }, { -17, 91 } },
	/*  80 */ { { -24, 127 }, { -22, 110 }, { -27, 119 }, { -31, 127 } },
	/*  81 */ { { -18, 95 }, { -21, 91 }, { -24, 99 }, { -14, 76 } },
	/*  82 */ { { -27, 127 }, { -18, 102 }, { -21, 110 }, { -18, 103 } },
	/*  83 */ { { -21, 114 }, { -13, 93 }, { -18, 102 }, { -13, 90 } },
	/*  84 */ { { -30, 127 }, { -29, 127 }, { -36, 127 }, { -37, 127 } },
	/*  85 */ { { -17, 123 }, { -7, 92 }, { 0, 80 }, { 11, 80 } },
	/*  86 */ { { -12, 115 }, { -5, 89 }, { -5, 89 }, { 5, 76 } },
	/*  87 */ { { -16, 122 }, { -7, 96 }, { -7, 94 }, { 2, 84 } },
	/*  88 */ { { -11, 115 }, { -13, 108 }, { -4, 92 }, { 5, 78 } },
	/*  89 */ { { -12, 63 }, { -3, 46 }, { 0, 39 }, { -6, 55 } },
	/*  90 */ { { -2, 68 }, { -1, 65 }, { 0, 65 }, { 4, 61 } },
	/*  91 */ { { -15, 84 }, { -1, 57 }, { -15, 84 }, { -14, 83 } },
	/*  92 */ { { -13, 104 }, { -9, 93 }, { -35, 127 }, { -37, 127 } },
	/*  93 */ { { -3, 70 }, { -3, 74 }, { -2, 73 }, { -5, 79 } },
	/*  94 */ { { -8, 93 }, { -9, 92 }, { -12, 104 }, { -11, 104 } },
	/*  95 */ { { -10, 90 }, { -8, 87 }, { -9, 91 }, { -11, 91 } },
	/*  96 */ { { -30, 127 }, { -23, 126 }, { -31, 127 }, { -30, 127 } },
	/*  97 */ { { -1, 74 }, { 5, 54 }, { 3, 55 }, { 0, 65 } },
	/*  98 */ { { -6, 97 }, { 6, 60 }, { 7, 56 }, { -2, 79 } },
	/*  99 */ { { -7, 91 }, { 6, 59 }, { 7, 55 }, { 0, 72 } },
	/* 100 */ { { -20, 127 }, { 6, 69 }, { 8, 61 }, { -4, 92 } },
	/* 101 */ { { -4, 56 }, { -1, 48 }, { -3, 53 }, { -6, 56 } },
	/* 102 */ { { -5, 82 }, { 0, 68 }, { 0, 68 }, { 3, 68 } },
	/* 103 */ { { -7, 76 }, { -4, 69 }, { -7, 74 }, { -8, 71 } },
	/* 104 */ { { -22, 125 }, { -8, 88 }, { -9, 88 }, { -13, 98 } },
	/* significant_coeff_flag (frame) 105..165, Table 9-19 */
	/* 105 */ { { -7, 93 }, { -2, 85 }, { -13, 103 }, { -4, 86 } },
	/* 106 */ { { -11, 87 }, { -6, 78 }, { -13, 91 }, { -12, 88 } },
	/* 107 */ { { -3, 77 }, { -1, 75 }, { -9, 89 }, { -5, 82 } },
	/* 108 */ { { -5, 71 }, { -7, 77 }, { -14, 92 }, { -3, 72 } },
	/* 109 */ { { -4, 63 }, { 2, 54 }, { -8, 76 }, { -4, 67 } },
	/* 110 */ { { -4, 68 }, { 5, 50 }, { -12, 87 }, { -8, 72 } },
	/* 111 */ { { -12, 84 }, { -3, 68 }, { -23, 110 }, { -16, 89 } },
	/* 112 */ { { -7, 62 }, { 1, 50 }, { -24, 105 }, { -9, 69 } },
	/* 113 */ { { -7, 65 }, { 6, 42 }, { -10, 78 }, { -1, 59 } },
	/* 114 */ { { 8, 61 }, { -4, 81 }, { -20, 112 }, { 5, 66 } },
	/* 115 */ { { 5, 56 }, { 1, 63 }, { -17, 99 }, { 4, 57 } },
	/* 116 */ { { -2, 66 }, { -4, 70 }, { -78, 127 }, { -4, 71 } },
	/* 117 */ { { 1, 64 }, { 0, 67 }, { -70, 127 }, { -2, 71 } },
	/* 118 */ { { 0, 61 }, { 2, 57 }, { -50, 127 }, { 2, 58 } },
	/* 119 */ { { -2, 78 }, { -2, 76 }, { -46, 127 }, { -1, 74 } },
	/* 120 */ { { 1, 50 }, { 11, 35 }, { -4, 66 }, { -4, 44 } },
	/* 121 */ { { 7, 52 }, { 4, 64 }, { -5, 78 }, { -1, 69 } },
	/* 122 */ { { 10, 35 }, { 1, 61 }, { -4, 71 }, { 0, 62 } },
	/* 123 */ { { 0, 44 }, { 11, 35 }, { -8, 72 }, { -7, 51 } },
	/* 124 */ { { 11, 38 }, { 18, 25 }, { 2, 59 }, { -4, 47 } },
	/* 125 */ { { 1, 45 }, { 12, 24 }, { -1, 55 }, { -6, 42 } },
	/* 126 */ { { 0, 46 }, { 13, 29 }, { -7, 70 }, { -3, 41 } },
	/* 127 */ { { 5, 44 }, { 13, 36 }, { -6, 75 }, { -6, 53 } },
	/* 128 */ { { 31, 17 }, { -10, 93 }, { -8, 89 }, { 8, 76 } },
	/* 129 */ { { 1, 51 }, { -7, 73 }, { -34, 119 }, { -9, 78 } },
	/* 130 */ { { 7, 50 }, { -2, 73 }, { -3, 75 }, { -11, 83 } },
	/* 131 */ { { 28, 19 }, { 13, 46 }, { 32, 20 }, { 9, 52 } },
	/* 132 */ { { 16, 33 }, { 9, 49 }, { 30, 22 }, { 0, 67 } },
	/* 133 */ { { 14, 62 }, { -7, 100 }, { -44, 127 }, { -5, 90 } },
	/* 134 */ { { -13, 108 }, { 9, 53 }, { 0, 54 }, { 1, 67 } },
	/* 135 */ { { -15, 100 }, { 2, 53 }, { -5, 61 }, { -15, 72 } },
	/* 136 */ { { -13, 101 }, { 5, 53 }, { 0, 58 }, { -5, 75 } },
	/* 137 */ { { -13, 91 }, { -2, 61 }, { -1, 60 }, { -8, 80 } },
	/* 138 */ { { -12, 94 }, { 0, 56 }, { -3, 61 }, { -21, 83 } },
	/* 139 */ { { -10, 88 }, { 0, 56 }, { -8, 67 }, { -21, 64 } },
	/* 140 */ { { -16, 84 }, { -13, 63 }, { -25, 84 }, { -13, 31 } },
	/* 141 */ { { -10, 86 }, { -5, 60 }, { -14, 74 }, { -25, 64 } },
	/* 142 */ { { -7, 83 }, { -1, 62 }, { -5, 65 }, { -29, 94 } },
	/* 143 */ { { -13, 87 }, { 4, 57 }, { 5, 52 }, { 9, 75 } },
	/* 144 */ { { -19, 94 }, { -6, 69 }, { 2, 57 }, { 17, 63 } },
	/* 145 */ { { 1, 70 }, { 4, 57 }, { 0, 61 }, { -8, 74 } },
	/* 146 */ { { 0, 72 }, { 14, 39 }, { -9, 69 }, { -5, 35 } },
	/* 147 */ { { -5, 74 }, { 4, 51 }, { -11, 70 }, { -2, 27 } },
	/* 148 */ { { 18, 59 }, { 13, 68 }, { 18, 55 }, { 13, 91 } },
	/* 149 */ { { -8, 102 }, { 3, 64 }, { -4, 71 }, { 3, 65 } },
	/* 150 */ { { -15, 100 }, { 1, 61 }, { 0, 58 }, { -7, 69 } },
	/* 151 */ { { 0, 95 }, { 9, 63 }, { 7, 61 }, { 8, 77 } },
	/* 152 */ { { -4, 75 }, { 7, 50 }, { 9, 41 }, { -10, 66 } },
	/* 153 */ { { 2, 72 }, { 16, 39 }, { 18, 25 }, { 3, 62 } },
	/* 154 */ { { -11, 75 }, { 5, 44 }, { 9, 32 }, { -3, 68 } },
	/* 155 */ { { -3, 71 }, { 4, 52 }, { 5, 43 }, { -20, 81 } },
	/* 156 */ { { 15, 46 }, { 11, 48 }, { 9, 47 }, { 0, 30 } },
	/* 157 */ { { -13, 69 }, { -5, 60 }, { 0, 44 }, { 1, 7 } },
	/* 158 */ { { 0, 62 }, { -1, 59 }, { 0, 51 }, { -3, 23 } },
	/* 159 */ { { 0, 65 }, { 0, 59 }, { 2, 46 }, { -21, 74 } },
	/* 160 */ { { 21, 37 }, { 22, 33 }, { 19, 38 }, { 16, 66 } },
	/* 161 */ { { -15, 72 }, { 5, 44 }, { -4, 66 }, { -23, 124 } },
	/* 162 */ { { 9, 57 }, { 14, 43 }, { 15, 38 }, { 17, 37 } },
	/* 163 */ { { 16, 54 }, { -1, 78 }, { 12, 42 }, { 44, -18 } },
	/* 164 */ { { 0, 62 }, { 0, 60 }, { 9, 34 }, { 50, -34 } },
	/* 165 */ { { 12, 72 }, { 9, 69 }, { 0, 89 }, { -22, 127 } },
	/* last_significant_coeff_flag (frame) 166..226, Table 9-20 */
	/* 166 */ { { 24, 0 }, { 11, 28 }, { 4, 45 }, { 4, 39 } },
	/* 167 */ { { 15, 9 }, { 2, 40 }, { 10, 28 }, { 0, 42 } },
	/* 168 */ { { 8, 25 }, { 3, 44 }, { 10, 31 }, { 7, 34 } },
	/* 169 */ { { 13, 18 }, { 0, 49 }, { 33, -11 }, { 11, 29 } },
	/* 170 */ { { 15, 9 }, { 0, 46 }, { 52, -43 }, { 8, 31 } },
	/* 171 */ { { 13, 19 }, { 2, 44 }, { 18, 15 }, { 6, 37 } },
	/* 172 */ { { 10, 37 }, { 2, 51 }, { 28, 0 }, { 7, 42 } },
	/* 173 */ { { 12, 18 }, { 0, 47 }, { 35, -22 }, { 3, 40 } },
	/* 174 */ { { 6, 29 }, { 4, 39 }, { 38, -25 }, { 8, 33 } },
	/* 175 */ { { 20, 33 }, { 2, 62 }, { 34, 0 }, { 13, 43 } },
	/* 176 */ { { 15, 30 }, { 6, 46 }, { 39, -18 }, { 13, 36 } },
	/* 177 */ { { 4, 45 }, { 0, 54 }, { 32, -12 }, { 4, 47 } },
	/* 178 */ { { 1, 58 }, { 3, 54 }, { 102, -94 }, { 3, 55 } },
	/* 179 */ { { 0, 62 }, { 2, 58 }, { 0, 0 }, { 2, 58 } },
	/* 180 */ { { 7, 61 }, { 4, 63 }, { 56, -15 }, { 6, 60 } },
	/* 181 */ { { 12, 38 }, { 6, 51 }, { 33, -4 }, { 8, 44 } },
	/* 182 */ { { 11, 45 }, { 6, 57 }, { 29, 10 }, { 11, 44 } },
	/* 183 */ { { 15, 39 }, { 7, 53 }, { 37, -5 }, { 14, 42 } },
	/* 184 */ { { 11, 42 }, { 6, 52 }, { 51, -29 }, { 7, 48 } },
	/* 185 */ { { 13, 44 }, { 6, 55 }, { 39, -9 }, { 4, 56 } },
	/* 186 */ { { 16, 45 }, { 11, 45 }, { 52, -34 }, { 4, 52 } },
	/* 187 */ { { 12, 41 }, { 14, 36 }, { 69, -58 }, { 13, 37 } },
	/* 188 */ { { 10, 49 }, { 8, 53 }, { 67, -63 }, { 9, 49 } },
	/* 189 */ { { 30, 34 }, { -1, 82 }, { 44, -5 }, { 19, 58 } },
	/* 190 */ { { 18, 42 }, { 7, 55 }, { 32, 7 }, { 10, 48 } },
	/* 191 */ { { 10, 55 }, { -3, 78 }, { 55, -29 }, { 12, 45 } },
	/* 192 */ { { 17, 51 }, { 15, 46 }, { 32, 1 }, { 0, 69 } },
	/* 193 */ { { 17, 46 }, { 22, 31 }, { 0, 0 }, { 20, 33 } },
	/* 194 */ { { 0, 89 }, { -1, 84 }, { 27, 36 }, { 8, 63 } },
	/* 195 */ { { 26, -19 }, { 25, 7 }, { 33, -25 }, { 35, -18 } },
	/* 196 */ { { 22, -17 }, { 30, -7 }, { 34, -30 }, { 33, -25 } },
	/* 197 */ { { 26, -17 }, { 28, 3 }, { 36, -28 }, { 28, -3 } },
	/* 198 */ { { 30, -25 }, { 28, 4 }, { 38, -28 }, { 24, 10 } },
	/* 199 */ { { 28, -20 }, { 32, 0 }, { 38, -27 }, { 27, 0 } },
	/* 200 */ { { 33, -23 }, { 34, -1 }, { 34, -18 }, { 34, -14 } },
	/* 201 */ { { 37, -27 }, { 30, 6 }, { 35, -16 }, { 52, -44 } },
	/* 202 */ { { 33, -23 }, { 30, 6 }, { 34, -14 }, { 39, -24 } },
	/* 203 */ { { 40, -28 }, { 32, 9 }, { 32, -8 }, { 19, 17 } },
	/* 204 */ { { 38, -17 }, { 31, 19 }, { 37, -6 }, { 31, 25 } },
	/* 205 */ { { 33, -11 }, { 26, 27 }, { 35, 0 }, { 36, 29 } },
	/* 206 */ { { 40, -15 }, { 26, 30 }, { 30, 10 }, { 24, 33 } },
	/* 207 */ { { 41, -6 }, { 37, 20 }, { 28, 18 }, { 34, 15 } },
	/* 208 */ { { 38, 1 }, { 28, 34 }, { 26, 25 }, { 30, 20 } },
	/* 209 */ { { 41, 17 }, { 17, 70 }, { 29, 41 }, { 22, 73 } },
	/* 210 */ { { 30, -6 }, { 1, 67 }, { 0, 75 }, { 20, 34 } },
	/* 211 */ { { 27, 3 }, { 5, 59 }, { 2, 72 }, { 19, 31 } },
	/* 212 */ { { 26, 22 }, { 9, 67 }, { 8, 77 }, { 27, 44 } },
	/* 213 */ { { 37, -16 }, { 16, 30 }, { 14, 35 }, { 19, 16 } },
	/* 214 */ { { 35, -4 }, { 18, 32 }, { 18, 31 }, { 15, 36 } },
	/* 215 */ { { 38, -8 }, { 18, 35 }, { 17, 35 }, { 15, 36 } },
	/* 216 */ { { 38, -3 }, { 22, 29 }, { 21, 30 }, { 21, 28 } },
	/* 217 */ { { 37, 3 }, { 24, 31 }, { 17, 45 }, { 25, 21 } },
	/* 218 */ { { 38, 5 }, { 23, 38 }, { 20, 42 }, { 30, 20 } },
	/* 219 */ { { 42, 0 }, { 18, 43 }, { 18, 45 }, { 31, 12 } },
	/* 220 */ { { 35, 16 }, { 20, 41 }, { 27, 26 }, { 27, 16 } },
	/* 221 */ { { 39, 22 }, { 11, 63 }, { 16, 54 }, { 24, 42 } },
	/* 222 */ { { 14, 48 }, { 9, 59 }, { 7, 66 }, { 0, 93 } },
	/* 223 */ { { 27, 37 }, { 9, 64 }, { 16, 56 }, { 14, 56 } },
	/* 224 */ { { 21, 60 }, { -1, 94 }, { 11, 73 }, { 15, 57 } },
	/* 225 */ { { 12, 68 }, { -2, 89 }, { 10, 67 }, { 26, 38 } },
	/* 226 */ { { 2, 97 }, { -9, 108 }, { -10, 116 }, { -24, 127 } },
	/* coeff_abs_level_minus1 227..275, Table 9-21 */
	/* 227 */ { { -3, 71 }, { -6, 76 }, { -23, 112 }, { -24, 115 } },
	/* 228 */ { { -6, 42 }, { -2, 44 }, { -15, 71 }, { -22, 82 } },
	/* 229 */ { { -5, 50 }, { 0, 45 }, { -7, 61 }, { -9, 62 } },
	/* 230 */ { { -3, 54 }, { 0, 52 }, { 0, 53 }, { 0, 53 } },
	/* 231 */ { { -2, 62 }, { -3, 64 }, { -5, 66 }, { 0, 59 } },
	/* 232 */ { { 0, 58 }, { -2, 59 }, { -11, 77 }, { -14, 85 } },
	/* 233 */ { { 1, 63 }, { -4, 70 }, { -9, 80 }, { -13, 89 } },
	/* 234 */ { { -2, 72 }, { -4, 75 }, { -9, 84 }, { -13, 94 } },
	/* 235 */ { { -1, 74 }, { -8, 82 }, { -10, 87 }, { -11, 92 } },
	/* 236 */ { { -9, 91 }, { -17, 102 }, { -34, 127 }, { -29, 127 } },
	/* 237 */ { { -5, 67 }, { -9, 77 }, { -21, 101 }, { -21, 100 } },
	/* 238 */ { { -5, 27 }, { 3, 24 }, { -3, 39 }, { -14, 57 } },
	/* 239 */ { { -3, 39 }, { 0, 42 }, { -5, 53 }, { -12, 67 } },
	/* 240 */ { { -2, 44 }, { 0, 48 }, { -7, 61 }, { -11, 71 } },
	/* 241 */ { { 0, 46 }, { 0, 55 }, { -11, 75 }, { -10, 77 } },
	/* 242 */ { { -16, 64 }, { -6, 59 }, { -15, 77 }, { -21, 85 } },
	/* 243 */ { { -8, 68 }, { -7, 71 }, { -17, 91 }, { -16, 88 } },
	/* 244 */ { { -10, 78 }, { -12, 83 }, { -25, 107 }, { -23, 104 } },
	/* 245 */ { { -6, 77 }, { -11, 87 }, { -25, 111 }, { -15, 98 } },
	/* 246 */ { { -10, 86 }, { -30, 119 }, { -28, 122 }, { -37, 127 } },
	/* 247 */ { { -12, 92 }, { 1, 58 }, { -11, 76 }, { -10, 82 } },
	/* 248 */ { { -15, 55 }, { -3, 29 }, { -10, 44 }, { -8, 48 } },
	/* 249 */ { { -10, 60 }, { -1, 36 }, { -10, 52 }, { -8, 61 } },
	/* 250 */ { { -6, 62 }, { 1, 38 }, { -10, 57 }, { -8, 66 } },
	/* 251 */ { { -4, 65 }, { 2, 43 }, { -9, 58 }, { -7, 70 } },
	/* 252 */ { { -12, 73 }, { -6, 55 }, { -16, 72 }, { -14, 75 } },
	/* 253 */ { { -8, 76 }, { 0, 58 }, { -7, 69 }, { -10, 79 } },
	/* 254 */ { { -7, 80 }, { 0, 64 }, { -4, 69 }, { -9, 83 } },
	/* 255 */ { { -9, 88 }, { -3, 74 }, { -5, 74 }, { -12, 92 } },
	/* 256 */ { { -17, 110 }, { -10, 90 }, { -9, 86 }, { -18, 108 } },
	/* 257 */ { { -11, 97 }, { 0, 70 }, { 2, 66 }, { -4, 79 } },
	/* 258 */ { { -20, 84 }, { -4, 29 }, { -9, 34 }, { -22, 69 } },
	/* 259 */ { { -11, 79 }, { 5, 31 }, { 1, 32 }, { -16, 75 } },
	/* 260 */ { { -6, 73 }, { 7, 42 }, { 11, 31 }, { -2, 58 } },
	/* 261 */ { { -4, 74 }, { 1, 59 }, { 5, 52 }, { 1, 58 } },
	/* 262 */ { { -13, 86 }, { -2, 58 }, { -2, 55 }, { -13, 78 } },
	/* 263 */ { { -13, 96 }, { -3, 72 }, { -2, 67 }, { -9, 83 } },
	/* 264 */ { { -11, 97 }, { -3, 81 }, { 0, 73 }, { -4, 81 } },
	/* 265 */ { { -19, 117 }, { -11, 97 }, { -8, 89 }, { -13, 99 } },
	/* 266 */ { { -8, 78 }, { 0, 58 }, { 3, 52 }, { -13, 81 } },
	/* 267 */ { { -5, 33 }, { 8, 5 }, { 7, 4 }, { -6, 38 } },
	/* 268 */ { { -4, 48 }, { 10, 14 }, { 10, 8 }, { -13, 62 } },
	/* 269 */ { { -2, 53 }, { 14, 18 }, { 17, 8 }, { -6, 58 } },
	/* 270 */ { { -3, 62 }, { 13, 27 }, { 16, 19 }, { -2, 59 } },
	/* 271 */ { { -13, 71 }, { 2, 40 }, { 3, 37 }, { -16, 73 } },
	/* 272 */ { { -10, 79 }, { 0, 58 }, { -1, 61 }, { -10, 76 } },
	/* 273 */ { { -12, 86 }, { -3, 70 }, { -5, 73 }, { -13, 86 } },
	/* 274 */ { { -13, 90 }, { -6, 79 }, { -1, 70 }, { -9, 83 } },
	/* 275 */ { { -14, 97 }, { -8, 85 }, { -4, 78 }, { -10, 87 } },
};

static int clip3(int lo, int hi, int v)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * 9.3.1.1: context variables from SliceQPY and cabac_init_idc. ctxIdx 276
 * (end_of_slice_flag and the I_PCM bin) is not adaptive and has no entry:
 * ve_cabac_encode_terminate() codes it with its fixed state.
 */
void ve_cabac_init_contexts(struct ve_cabac *c, bool p_slice,
			    unsigned int idc, unsigned int qp)
{
	/* idc is 0..2 (the job setup refuses others); never index past */
	unsigned int col = p_slice ? 1 + (idc > 2 ? 2 : idc) : 0;
	int q = clip3(0, 51, (int)qp);

	for (int i = 0; i < CTX_COUNT; i++) {
		struct cabac_init_mn mn = cabac_init_mn[i][col];
		int pre = clip3(1, 126, ((mn.m * q) >> 4) + mn.n);

		/* pStateIdx << 1 | valMPS */
		if (pre <= 63)
			c->ctx[i] = (uint8_t)((63 - pre) << 1);
		else
			c->ctx[i] = (uint8_t)((pre - 64) << 1 | 1);
	}

	c->ctx[CTX_NONE] = STATE_NONE;

	for (unsigned int row = 0; row < 256; row++) {
		unsigned int p = row >> 2, mps = row >> 1 & 1, bin = row & 1;
		/* transIdxMPS: up to 62; 63 is ctxIdx 276's alone */
		unsigned int up = p < 62 ? p + 1 : p;

		c->rows[row].mps = bin == mps ? ~0u : 0;
		if (bin == mps)
			c->rows[row].next = (uint8_t)(up << 1 | mps);
		else
			c->rows[row].next = (uint8_t)(cabac_trans_lps[p] << 1 |
						      (p ? mps : !mps));
		for (unsigned int k = 0; k < 4; k++) {
			struct ve_cabac_step *e = &c->step[row * 4 + 4 + k];
			unsigned int lps = ve_cabac_range_lps[p][k];
			/* doublings that bring it to 256 or more */
			unsigned int shift =
				(unsigned int)__builtin_clz(lps) - 23;

			e->lps = (uint8_t)lps;
			if (bin == mps) {
				e->sub = (int32_t)lps;
				e->thr = (uint16_t)(256 + lps);
				e->shift = 0;
			} else {
				e->sub = -(int32_t)(lps << shift);
				e->thr = 0;
				e->shift = (uint8_t)shift;
			}
		}
	}
	/* STATE_NONE: codIRange - 0, never doubled, no shift, stays */
	c->rows[256].mps = ~0u;
	c->rows[256].next = STATE_NONE;
	memset(&c->step[256 * 4 + 4], 0, 4 * sizeof(c->step[0]));
}

/* 9.3.4.1 InitEncoder */
void ve_cabac_init_engine(struct ve_cabac *c)
{
	c->r.low = 0;
	c->r.range = 510;
	c->r.queued = -1;
	c->prev_bytes = 0;
	c->ff_run = 0;
	c->bits = 0;
	c->pending = 0;
}

/* The oldest 32 of more than 32 settled bits go to the writer. */
static __attribute__((noinline)) void ve_cabac_out32(struct ve_cabac *c)
{
	c->pending -= 32;
	ve_writer_put(c->s, (uint32_t)(c->bits >> c->pending), 32);
}

/* Append the low n (1..32) bits of v to the settled bits. */
static inline void ve_cabac_out(struct ve_cabac *c, uint32_t v,
				unsigned int n)
{
	/* then at most 32 + 32 are pending */
	if (c->pending + n > 64)
		ve_cabac_out32(c);
	c->bits = c->bits << n | v;
	c->pending += n;
}

/* Hand the settled bits to the writer. */
static void ve_cabac_drain(struct ve_cabac *c)
{
	if (c->pending > 32)
		ve_cabac_out32(c);
	if (c->pending)
		ve_writer_put(c->s, (uint32_t)c->bits, c->pending);
	c->pending = 0;
}

/* All ones on n (1..4) bytes */
static uint32_t ones(unsigned int bytes)
{
	return (uint32_t)(~0ull >> (64 - 8 * bytes));
}

/*
 * A carry (0 or 1) settles the bytes in prev and the 0xff run after them:
 * prev + carry, then the run as 0xff or, carried, 0x00. prev is never all
 * ones but after a carry of its own, and no second carry reaches it then
 * (the code value stays below the end of the interval it is in), so the
 * sum never leaves its bytes.
 */
static void ve_cabac_settle(struct ve_cabac *c, unsigned int carry)
{
	uint32_t run_byte = carry ? 0 : 0xff;

	if (c->prev_bytes)
		ve_cabac_out(c, (c->prev + carry) & ones(c->prev_bytes),
			     8 * c->prev_bytes);
	for (; c->ff_run >= 4; c->ff_run -= 4)
		ve_cabac_out(c, run_byte * 0x01010101u, 32);
	for (; c->ff_run; c->ff_run--)
		ve_cabac_out(c, run_byte, 8);
	c->prev_bytes = 0;
}

/*
 * n (1 or 4) bytes of the stream in v, with the carry into the bytes
 * before them in bit 8 * n: all ones wait for a carry, anything else
 * settles those before it.
 */
static void ve_cabac_queue_bytes(struct ve_cabac *c, uint64_t v,
				 unsigned int n)
{
	if (v == ones(n)) {
		c->ff_run += n;
		return;
	}
	ve_cabac_settle(c, (unsigned int)(v >> (8 * n)));
	c->prev = (uint32_t)v & ones(n);
	c->prev_bytes = n;
}

/*
 * The oldest 32 queued bits are bits queued - 22 .. queued + 9 of low,
 * above the 10 register bits and the queued bits that stay; bit
 * queued + 10 is a carry.
 */
uint64_t ve_cabac_put_word(struct ve_cabac *c, uint64_t low, int queued)
{
	unsigned int sh = (unsigned int)queued - 22;

	ve_cabac_queue_bytes(c, low >> sh, 4);
	return low & ((1ull << sh) - 1);
}

/*
 * The whole bytes among the queued bits leave low (bits queued + 2 ..
 * queued + 9 the oldest, bit queued + 10 its carry); then, if prev holds
 * a word, its bytes that a carry can no longer reach go to the writer:
 * those before the last one that is not 0xff (the first one if the word
 * came with a carry and is all ones). What stays behind is what a coder
 * that puts its bits byte by byte keeps: one byte, a run of 0xff and
 * fewer than 8 bits.
 */
static void ve_cabac_queue_all(struct ve_cabac *c)
{
	struct ve_cabac_reg *r = &c->r;
	unsigned int keep;

	while (r->queued >= 8) {
		unsigned int sh = (unsigned int)r->queued + 2;

		ve_cabac_queue_bytes(c, r->low >> sh, 1);
		r->low &= (1ull << sh) - 1;
		r->queued -= 8;
	}
	if (c->prev_bytes != 4)
		return;
	/* keep byte 3 - keep of the word (0: the oldest) and those after */
	for (keep = 0; keep < 3; keep++)
		if (((c->prev >> (8 * keep)) & 0xff) != 0xff)
			break;
	if (keep < 3)
		ve_cabac_out(c, c->prev >> (8 * (keep + 1)), 8 * (3 - keep));
	c->ff_run += keep;
	c->prev = (c->prev >> (8 * keep)) & 0xff;
	c->prev_bytes = 1;
}

/*
 * 9.3.4.5 EncodeFlush: codIRange 2, renormalisation (7 bits), then
 * PutBit(codILow >> 9 & 1) and WriteBits(((codILow >> 7) & 3) | 1, 2):
 * bits 9..7 of the register after the queued ones, bit 7 forced to 1,
 * the last bit written (rbsp_stop_one_bit for end_of_slice_flag).
 * Everything queued is settled and given to the writer.
 */
static void ve_cabac_flush(struct ve_cabac *c)
{
	uint32_t v;
	unsigned int n;

	c->r.range = 2;
	ve_cabac_reg_renorm(c, &c->r);
	ve_cabac_queue_all(c);
	/* the queued bits and register bits 9..7: n bits, a carry above */
	v = (uint32_t)(c->r.low >> 7) | 1;
	n = (unsigned int)c->r.queued + 3;
	if (n >= 8) {
		n -= 8;
		ve_cabac_queue_bytes(c, v >> n, 1);
		v &= (1u << n) - 1;
	}
	ve_cabac_settle(c, v >> n);
	if (n)
		ve_cabac_out(c, v & ((1u << n) - 1), n);
	c->r.low = 0;
	c->r.queued = -1;
}

/* 9.3.4.5 EncodeTerminate (ctxIdx 276) */
void ve_cabac_encode_terminate(struct ve_cabac *c, unsigned int bin)
{
	c->r.range -= 2;
	if (bin) {
		c->r.low += c->r.range;
		ve_cabac_flush(c);
	} else {
		ve_cabac_reg_renorm(c, &c->r);
		ve_cabac_queue_all(c);
	}
	ve_cabac_drain(c);
}
