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
#   - run here: QEMU accepts every documented value of the properties (the
#     device shows them in "info qtree") and refuses invalid ones (an
#     unknown fault or coding, a stream-limit that is no 32-bit number, a
#     rec-dump file that cannot be created, a dma-addr other than mbus or
#     cpu) with a message naming the property, before the machine starts;
#   - run here, under qtest (no guest: the script plays the driver through
#     QEMU's qtest protocol): a one-MB I frame of a pseudo-random source.
#     With coding=pcm, rec-dump gets one 12-byte header "   16    16\n" and
#     the 384 source bytes per encode (the lossless REC is the source), two
#     encodes appended in order; with the default coding (lossy) at QP 51 the
#     dumped REC differs from such a source (no QP 51 coder keeps it).
#     With dma-addr=cpu the PCM encode works at the physical addresses and
#     writes no REC at the MBUS view's (outside RAM).
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
for coding in lossy pcm; do
	rm -f "$dir/props-rec.nv12"
	out=$(qemu_props -global allwinner-ve.coding=$coding \
		-global "allwinner-ve.rec-dump=$dir/props-rec.nv12") ||
		fail "QEMU refused coding=$coding rec-dump=$dir/props-rec.nv12: $out"
	grep -q "coding = \"$coding\"" <<<"$out" || fail "info qtree does not show coding=$coding"
	grep -qF "rec-dump = \"$dir/props-rec.nv12\"" <<<"$out" ||
		fail "info qtree does not show rec-dump=$dir/props-rec.nv12"
	[ -f "$dir/props-rec.nv12" ] && [ ! -s "$dir/props-rec.nv12" ] ||
		fail "rec-dump did not create an empty $dir/props-rec.nv12 (no frame encoded)"
done
refuse "allwinner-ve property 'coding' must be lossy or pcm, not 'bogus'" \
	-global allwinner-ve.coding=bogus
for dma in mbus cpu; do
	out=$(qemu_props -global allwinner-ve.dma-addr=$dma) || fail "QEMU refused dma-addr=$dma: $out"
	grep -q "dma-addr = \"$dma\"" <<<"$out" || fail "info qtree does not show dma-addr=$dma"
done
refuse "allwinner-ve property 'dma-addr' must be mbus or cpu, not 'bogus'" \
	-global allwinner-ve.dma-addr=bogus
refuse "allwinner-ve property 'rec-dump' cannot create '$dir/no-such-dir/rec.nv12': No such file or directory" \
	-global "allwinner-ve.rec-dump=$dir/no-such-dir/rec.nv12"
refuse "allwinner-ve property 'rec-dump' cannot create '$dir': Is a directory" \
	-global "allwinner-ve.rec-dump=$dir"

# coding and rec-dump on a real encode, under qtest: QEMU_ARGS... runs the
# commands on stdin (one reply line each) and prints the replies.
VE=0x01c0e000
RAM=0x7f000000			# physical; bus address = RAM - DMA_BASE
# The physical address of VE bus address 0: the H3's MBUS view (DRAM at
# bus 0), or 0 with dma-addr=cpu (an H6-like VE sees CPU addresses).
DMA_BASE=0x40000000
qtest() {
	local cmds n line i
	cmds=$(cat)
	n=$(grep -c . <<<"$cmds")
	coproc QT { exec "$qemu" -M orangepi-pc -m 1G -display none -serial none \
		-monitor none -accel qtest -qtest stdio "$@" 2>>"$dir/props-qtest.err"; }
	printf '%s\n' "$cmds" >&"${QT[1]}"
	for ((i = 0; i < n; i++)); do
		read -r -t 60 line <&"${QT[0]}" || break
		echo "$line"
	done
	kill "$QT_PID" 2>/dev/null || true
	wait "$QT_PID" 2>/dev/null || true
}
# The source: 256 luma + 128 NV12 chroma bytes, a fixed pseudo-random
# texture (an LCG), as one hex string.
src_hex=$(awk 'BEGIN { x = 12345; for (i = 0; i < 384; i++) {
	x = (x * 1103515245 + 12345) % 2147483648; printf "%02x", int(x / 65536) % 256 } }')
# ve_encode: the register writes of one 1 x 1 MB I frame at QP 51 (as in
# guest/tests/ve-props.sh, 2.) and 1 ms of virtual time for the job, then
# STATUS and STM_BIT_LEN.
reg() { printf 'writel 0x%08x 0x%08x\n' $((VE + $1)) $(($2)); }
ve_encode() {
	local bus=$((RAM - DMA_BASE)) stm=$((RAM - DMA_BASE + 0x10000))
	reg 0xb18 0; reg 0xb88 0; reg 0xb80 $stm; reg 0xb84 $((stm + 4095))
	reg 0xb8c $((4096 * 8)); reg 0xb90 0
	reg 0xa00 0x00010001; reg 0xa04 0x00010000; reg 0xa08 0
	reg 0xa78 $bus; reg 0xa7c $((bus + 0x100))
	reg 0xbb0 $((bus + 0x1000)); reg 0xbb4 $((bus + 0x1200))
	reg 0xba0 $((bus + 0x2000)); reg 0xba4 $((bus + 0x2200))
	reg 0xb04 0; reg 0xb08 $((1 << 10 | 51)); reg 0xb14 0x3
	reg 0xb1c 0xf; reg 0xb18 0x8
	echo "clock_step 1000000"
	printf 'readl 0x%08x\nreadl 0x%08x\n' $((VE + 0xb1c)) $((VE + 0xb90))
}
# ve_frames CODING_ARGS... : encode twice, print the replies
ve_frames() {
	{
		reg 0x000 0x80
		printf 'write 0x%08x 384 0x%s\n' $((RAM)) "$src_hex"
		ve_encode
		ve_encode
	} | qtest "$@"
}
# rec_frame FILE N: frame N of a rec-dump file as hex (header included)
rec_frame() { tail -c +$(($2 * 396 + 1)) "$1" | head -c 396 | od -An -v -tx1 | tr -d ' \n'; }
header_hex=$(printf '%5u %5u\n' 16 16 | od -An -v -tx1 | tr -d ' \n')
for coding in pcm lossy; do
	rec=$dir/props-rec-$coding.nv12
	rm -f "$rec"
	args=(-global "allwinner-ve.rec-dump=$rec")
	[ $coding = lossy ] || args+=(-global allwinner-ve.coding=$coding)
	replies=$(ve_frames "${args[@]}")
	status=$(grep '^OK 0x' <<<"$replies" | sed -n '1p;3p' | cut -d' ' -f2 | sort -u)
	[ "$status" = 0x0000000000000201 ] ||
		fail "coding=$coding: STATUS after the encodes is '$status', expected FINISH (0x201); replies: $(tr '\n' ' ' <<<"$replies")"
	[ -f "$rec" ] || fail "coding=$coding: no rec-dump file $rec"
	size=$(stat -c %s "$rec")
	[ "$size" = $((2 * 396)) ] ||
		fail "coding=$coding: $rec has $size bytes, expected two frames of 12 + 384"
	for f in 0 1; do
		got=$(rec_frame "$rec" $f)
		[ "${got:0:24}" = "$header_hex" ] ||
			fail "coding=$coding: frame $f header is ${got:0:24}, expected $header_hex ('   16    16\n')"
		if [ $coding = pcm ]; then
			[ "${got:24}" = "$src_hex" ] ||
				fail "coding=pcm: frame $f REC in $rec is not the source"
		else
			[ "${got:24}" != "$src_hex" ] ||
				fail "coding=lossy (the default): frame $f REC at QP 51 equals the source, as if lossless"
		fi
	done
done
# dma-addr=cpu: the VE takes bus addresses as CPU physical addresses. The
# same PCM encode with the buffers at their physical addresses reads the
# source and writes the REC (equal to the source); with the MBUS view's
# addresses (physical 0x3f000000, not RAM) every DMA fails and the encode
# finishes no frame.
rec=$dir/props-rec-cpu.nv12
rm -f "$rec"
replies=$(DMA_BASE=0 ve_frames -global allwinner-ve.dma-addr=cpu -global allwinner-ve.coding=pcm \
	-global "allwinner-ve.rec-dump=$rec")
status=$(grep '^OK 0x' <<<"$replies" | sed -n '1p;3p' | cut -d' ' -f2 | sort -u)
[ "$status" = 0x0000000000000201 ] ||
	fail "dma-addr=cpu: STATUS after the encodes is '$status', expected FINISH (0x201); replies: $(tr '\n' ' ' <<<"$replies")"
[ "$(stat -c %s "$rec" 2>/dev/null):$(rec_frame "$rec" 1)" = "$((2 * 396)):$header_hex$src_hex" ] ||
	fail "dma-addr=cpu: $rec does not hold two frames whose REC is the source at physical $RAM"
rm -f "$rec"
replies=$(ve_frames -global allwinner-ve.dma-addr=cpu -global allwinner-ve.coding=pcm \
	-global "allwinner-ve.rec-dump=$rec")
[ ! -s "$rec" ] ||
	fail "dma-addr=cpu: an encode at MBUS bus addresses (physical $((RAM - DMA_BASE)), outside RAM) still wrote a REC; replies: $(tr '\n' ' ' <<<"$replies")"
echo "ve-props: stream-limit=16 stalls the 17th byte, fault=error fails a valid encode with STALL and no output; QEMU accepts the documented values and refuses invalid ones; rec-dump appends each REC, lossless with coding=pcm, lossy by default; dma-addr=cpu takes bus addresses as physical"
