// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cedrus VE driver: the rate controller, built a second time into the
 * KUnit test module so that it needs no symbol from cedrus-ve.ko.
 */
#include "cedrus_enc_rc.c"
