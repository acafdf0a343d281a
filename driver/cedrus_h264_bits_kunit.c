// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: the H.264 bitstream helpers, built a second time into
 * the KUnit test module so that it needs no symbol from cedrus-ve.ko.
 */
#include "cedrus_h264_bits.c"
