#!/usr/bin/env bash
# check-vp8-probs: the constant tables of the VP8 engine's probability
# buffer, as cedrus_dec_vp8_probs_init() lays them out, equal byte for
# byte what mainline's staging cedrus copies into its buffer (its
# prob_table_init at offset 0x800), and the motion vector update
# probabilities the header walk reads with equal mainline's. The VE reads
# these tables from DRAM, which no emulator test compares (the model
# decodes nothing, dec-diff compares register writes).
#
# How: the part of driver/cedrus_dec_vp8.c from its "Constant tables"
# comment to cedrus_dec_vp8_setup() is compiled for the host with the
# VE_DEC_VP8_PROBS_* offsets of cedrus_regs.h and a few kernel stand-ins;
# mainline's two arrays are read from linux-source-6.12 as data.
#
# Usage: check-vp8-probs.sh DRIVER_DIR LINUX_SRC WORKDIR
set -euo pipefail
drv=${1:?usage: check-vp8-probs.sh DRIVER_DIR LINUX_SRC WORKDIR}
src=${2:?usage: check-vp8-probs.sh DRIVER_DIR LINUX_SRC WORKDIR}
work=${3:?usage: check-vp8-probs.sh DRIVER_DIR LINUX_SRC WORKDIR}
fail() { echo "check-vp8-probs: $*" >&2; exit 1; }

engine=$drv/cedrus_dec_vp8.c
mainline=$src/drivers/staging/media/sunxi/cedrus/cedrus_vp8.c
[ -f "$engine" ] || fail "no $engine"
[ -f "$mainline" ] || fail "no $mainline (make kernel extracts linux-source-6.12)"
rm -rf "$work"
mkdir -p "$work"

# Mainline's arrays as bytes: the buffer image from offset 0x800, then the
# 2 x 19 motion vector update probabilities.
python3 - "$mainline" "$work/mainline.bin" <<'EOF' || fail "cannot read mainline's tables"
import re
import sys

text = re.sub(r"/\*.*?\*/", "", open(sys.argv[1]).read(), flags=re.S)
out = b""
for name in ("prob_table_init", "k_mv_entropy_update_probs"):
    m = re.search(name + r"\[[^=]*=\s*\{(.*?)\n\};", text, re.S)
    if not m:
        sys.exit(f"{name} not found")
    out += bytes(int(v, 0) for v in re.findall(r"0x[0-9A-Fa-f]+|\d+", m.group(1)))
open(sys.argv[2], "wb").write(out)
EOF
size=$(($(stat -c %s "$work/mainline.bin") - 38))
[ "$size" -gt 0 ] || fail "mainline's prob_table_init is empty"

# Ours: the tables and cedrus_dec_vp8_probs_init(), run on a zeroed
# buffer.
first='^/\* Constant tables of the probability buffer'
last='^static int cedrus_dec_vp8_setup('
grep -q "$first" "$engine" && grep -q "$last" "$engine" ||
	fail "$engine: the markers around the tables moved ('$first', '$last')"
{
	cat <<'EOF'
#include <stdint.h>
#include <stdio.h>
#include <string.h>
typedef uint8_t u8;
#define BIT(n)			(1u << (n))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define V4L2_VP8_COEFF_PROB_CNT	11
#define V4L2_VP8_MV_PROB_CNT	19
EOF
	grep -E '^#define VE_DEC_VP8_PROBS_' "$drv/cedrus_regs.h"
	sed -n "\\|$first|,\\|$last|p" "$engine" | sed '$d'
	cat <<EOF
int main(void)
{
	static u8 probs[VE_DEC_VP8_PROBS_SIZE];

	cedrus_dec_vp8_probs_init(probs);
	fwrite(probs + VE_DEC_VP8_PROBS_COEFF_UPDATE, 1, $size, stdout);
	fwrite(cedrus_dec_vp8_mv_update_probs, 1,
	       sizeof(cedrus_dec_vp8_mv_update_probs), stdout);
	return 0;
}
EOF
} >"$work/ours.c"
gcc -std=gnu11 -Wall -Wno-unused-function -o "$work/ours" "$work/ours.c" ||
	fail "the tables of $engine do not build on the host"
"$work/ours" >"$work/ours.bin"

if ! cmp "$work/mainline.bin" "$work/ours.bin"; then
	cmp -l "$work/mainline.bin" "$work/ours.bin" | head -n 10 >&2 || true
	fail "the probability tables differ from mainline's (offsets from 0x800; the last 38 bytes are the MV update probabilities)"
fi
echo "check-vp8-probs: $size bytes of constant probability tables (0x800-$(printf 0x%x $((0x800 + size)))) and 38 MV update probabilities equal mainline's"
