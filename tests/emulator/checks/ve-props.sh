#!/usr/bin/env bash
# Host check for ve-props. Expected values come from FACTS.md and the
# register writes of guest/tests/ve-props.sh, never from the model:
#   - stream-limit=16: 16 bytes of put-bits land in memory (little-endian
#     words of the bytes written), STM_BIT_LEN 128; the 17th byte sets STALL
#     (STATUS bit 1), is not written and leaves STM_BIT_LEN at 128;
#   - fault=error: ENC_START of a valid frame ends with STALL and not FINISH
#     (bit 0), raises the interrupt line (INT_EN has both), writes no stream
#     byte and no reconstruction, and STATUS bits 3:0 clear on write;
#   - the QEMU trace (qemu.log, from ve-props.trace) shows one scheduled job
#     ending as "error (injected fault)" without ever starting to encode;
#   - run here: QEMU accepts every documented value of both properties (the
#     device shows them in "info qtree") and refuses invalid ones with a
#     message naming the property, before the machine starts.
set -euo pipefail
dir=${1:?usage: ve-props.sh RESULTDIR}
top=$(cd "$(dirname "$0")/../../.." && pwd)
qemu=${BUILD:-$top/build}/qemu/qemu-system-arm
val() { sed -n "s/^$1=//p" "$dir/summary.txt" | tail -n 1; }
fail() { echo "ve-props: $*" >&2; exit 1; }
# expect KEY VALUE: the guest's KEY is numerically VALUE
expect() {
	local v
	v=$(val "$1")
	[ -n "$v" ] || fail "$1 missing from summary.txt"
	[ $((v)) = $(($2)) ] || fail "$1 is $v, expected $2"
}
# expect_bits KEY MASK VALUE: (KEY & MASK) == VALUE
expect_bits() {
	local v
	v=$(val "$1")
	[ -n "$v" ] || fail "$1 missing from summary.txt"
	[ $((v & $2)) = $(($3)) ] || fail "$1 is $v: bits $2 are $(printf 0x%x $((v & $2))), expected $3"
}

# The VE's buffers must lie outside the kernel's RAM.
case "$(val cmdline)" in *mem=1008M*) ;; *) fail "mem=1008M (ve-props.append) is not on the kernel command line" ;; esac
case "$(val system_ram)" in
*40000000-7effffff*) ;;
*) fail "System RAM is '$(val system_ram)', expected 40000000-7effffff" ;;
esac

# stream-limit=16
expect_bits putbits16_status 0x2 0
expect putbits16_bit_len 128
expect_bits putbits17_status 0x2 0x2
expect putbits17_bit_len 128
expect stream_word0 0x44332211
expect stream_word1 0x88776655
expect stream_word2 0xccbbaa99
expect stream_word3 0x10ffeedd
expect stream_word4 0xeeeeeeee

# fault=error
expect_bits enc_status 0xf 0x2
expect enc_bit_len 0
expect enc_stream_word0 0xeeeeeeee
expect enc_rec_word0 0xeeeeeeee
expect_bits enc_status_cleared 0xf 0

# The trace
log=$dir/qemu.log
[ -f "$log" ] || fail "no QEMU log $log (ve-props.trace not applied?)"
count() { grep -c -- "$1" "$log" || true; }
[ "$(count '^allwinner_ve_job_schedule ')" = 1 ] ||
	fail "$(count '^allwinner_ve_job_schedule ') jobs scheduled in $log, expected 1"
[ "$(count '^allwinner_ve_job_done error (injected fault)$')" = 1 ] ||
	fail "no 'allwinner_ve_job_done error (injected fault)' in $log"
[ "$(count '^allwinner_ve_job_done ')" = 1 ] ||
	fail "$(count '^allwinner_ve_job_done ') jobs done in $log, expected 1"
[ "$(count '^allwinner_ve_job_start ')" = 0 ] ||
	fail "the job started encoding despite fault=error"
grep -A1 '^allwinner_ve_irq level 1$' "$log" | grep -q '^allwinner_ve_irq level 0$' ||
	fail "the interrupt line did not go up and down once in $log"
[ "$(count 'allwinner-ve: put-bits past the end of the stream buffer')" = 1 ] ||
	fail "the overflowing put-bits was not logged once as a guest error in $log"

# Property parsing, on a machine that never starts (-S)
qemu_props() {
	printf 'info qtree\nquit\n' |
		timeout 60 "$qemu" -M orangepi-pc -m 1G -display none -serial none \
			-monitor stdio -S "$@" 2>&1
}
for fault in none hang hang-once error finish-overtime; do
	out=$(qemu_props -global allwinner-ve.fault=$fault -global allwinner-ve.stream-limit=4096) ||
		fail "QEMU refused fault=$fault: $out"
	grep -q "fault = \"$fault\"" <<<"$out" || fail "info qtree does not show fault=$fault"
	grep -q 'stream-limit = 4096 ' <<<"$out" || fail "info qtree does not show stream-limit=4096"
done
refuse() {
	local want=$1 out
	shift
	if out=$(qemu_props "$@"); then
		fail "QEMU accepted $*"
	fi
	grep -qF -- "$want" <<<"$out" || fail "QEMU refused $* without '$want': $out"
}
refuse "allwinner-ve property 'fault' must be none, hang, hang-once, error or finish-overtime, not 'bogus'" \
	-global allwinner-ve.fault=bogus
refuse "Parameter 'stream-limit' expects" -global allwinner-ve.stream-limit=lots
refuse "Parameter 'stream-limit' expects" -global allwinner-ve.stream-limit=4294967296
echo "ve-props: stream-limit=16 stalls the 17th byte, fault=error fails a valid encode with STALL and no output; QEMU accepts the documented values and refuses invalid ones"
