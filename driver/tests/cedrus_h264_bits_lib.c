// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The code under test, built into the test module itself so that the tests
 * load without the driver module (and without exporting its symbols).
 */
#include "../cedrus_h264_bits.c"
