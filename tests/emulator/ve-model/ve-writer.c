// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VE model: the stream writer, shared by put-bits and the slice data.
 * Bytes go to STM_START + offset within the window of STM_END, STM_BIT_MAX
 * and the stream-limit property; emulation prevention (7.3.1, 7.4.1) is
 * applied to each byte as it completes.
 */
#include "ve-internal.h"

#include <string.h>

/* Bytes the writer may put at STM_START + offset for offset < limit. */
static uint64_t ve_writer_limit(const struct ve_core *s)
{
	uint32_t start = REG(s, VE_ENC_AVC_STM_START_ADDR_REG);
	uint32_t end = REG(s, VE_ENC_AVC_STM_END_ADDR_REG);
	uint64_t limit;

	if (end < start)
		return 0;
	limit = (uint64_t)end - start + 1;	/* STM_END is inclusive */
	if (REG(s, VE_ENC_AVC_STM_BIT_MAX_REG) / 8 < limit)
		limit = REG(s, VE_ENC_AVC_STM_BIT_MAX_REG) / 8;
	if (s->stream_limit && s->stream_limit < limit)
		limit = s->stream_limit;
	return limit;
}

/* Prepare for one put-bits operation or one job. */
void ve_writer_begin(struct ve_core *s)
{
	struct ve_core_writer *w = &s->wr;

	w->ep = !(REG(s, VE_ENC_AVC_PARA0_REG) & VE_ENC_AVC_PARA0_EPTB_DIS);
	w->limit = ve_writer_limit(s);
	w->buf_off = w->bit_len / 8;
	w->buf_len = 0;
}

static void ve_writer_stop(struct ve_core *s)
{
	struct ve_core_writer *w = &s->wr;

	w->overflow = true;
	w->bit_len = (w->buf_off + w->buf_len) * 8;
	w->acc = 0;
	w->acc_bits = 0;
}

/* Copy the staged bytes to memory. */
void ve_writer_flush(struct ve_core *s)
{
	struct ve_core_writer *w = &s->wr;
	uint64_t addr = (uint64_t)REG(s, VE_ENC_AVC_STM_START_ADDR_REG) +
			w->buf_off;

	if (!w->buf_len)
		return;
	if (s->dma->write(s->opaque, addr, w->buf, w->buf_len)) {
		ve_event(s, VE_CORE_EV_GUEST_ERROR,
			 "bus error writing %u stream bytes at 0x%llx",
			 w->buf_len, (unsigned long long)addr);
		w->buf_len = 0;
		ve_writer_stop(s);
		return;
	}
	w->buf_off += w->buf_len;
	w->buf_len = 0;
}

/* Append one byte as is; false once the stream buffer is full. */
static bool ve_writer_raw_byte(struct ve_core *s, uint8_t b)
{
	struct ve_core_writer *w = &s->wr;

	if (w->overflow)
		return false;
	if (w->buf_off + w->buf_len >= w->limit) {
		ve_writer_stop(s);
		return false;
	}
	w->buf[w->buf_len++] = b;
	if (w->buf_len == sizeof(w->buf))
		ve_writer_flush(s);
	return true;
}

/*
 * Append a completed byte. With EP on, a byte <= 0x03 after two 0x00 bytes
 * gets an emulation_prevention_three_byte in front of it. Every byte counts
 * in the zero run, also those written with EP off. The bits of b are already
 * in bit_len; an inserted 0x03 adds 8 more.
 */
static void ve_writer_byte(struct ve_core *s, uint8_t b)
{
	struct ve_core_writer *w = &s->wr;

	if (w->ep && w->zero_run >= 2 && b <= 0x03) {
		if (!ve_writer_raw_byte(s, 0x03))
			return;
		w->bit_len += 8;
		w->zero_run = 0;
	}
	if (!ve_writer_raw_byte(s, b))
		return;
	w->zero_run = b ? 0 : w->zero_run + 1;
}

/* Append a whole byte at a byte-aligned position. */
void ve_writer_put_byte(struct ve_core *s, uint8_t b)
{
	if (s->wr.overflow)
		return;
	s->wr.bit_len += 8;
	ve_writer_byte(s, b);
}

/*
 * Whether a byte of x is 0x00..0x03: x - 0x04 in every byte borrows into
 * bit 7 of a byte below 4, and "& ~x" drops the bytes that had bit 7 set
 * already. A borrow can only mark bytes above the first one that is below
 * 4, so the answer (some byte or none) is exact.
 */
static inline bool ve_writer_low_byte64(uint64_t x)
{
	return (x - 0x0404040404040404ull) & ~x & 0x8080808080808080ull;
}

static inline uint64_t ve_writer_load_be64(const uint8_t *p)
{
	uint64_t x;

	memcpy(&x, p, sizeof(x));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

/*
 * Whether the 8 bytes of x may be staged in buf as they are, with
 * ve_writer_byte()'s result and without its checks: none of them is
 * 0x00..0x03, so no emulation prevention byte goes in front of any and
 * the zero run ends at 0 after them; they fit below the limit, and buf
 * stays short of full, so that it is flushed exactly when the byte by
 * byte path would flush it (where a bus error stops the stream depends
 * on that).
 */
static inline bool ve_writer_fast_ok(const struct ve_core_writer *w,
				     uint64_t x)
{
	return !ve_writer_low_byte64(x) &&
	       w->buf_len + 8 < sizeof(w->buf) &&
	       w->buf_off + w->buf_len + 8 <= w->limit;
}

/*
 * The completed bytes of a put: the top total bits of a (total >= 8),
 * byte by byte through ve_writer_byte() so that the zero run and the
 * buffer limit are checked per byte; the rest stays pending. bit_len
 * already counts them all (ve_writer_stop() sets it to the bytes written
 * on an overflow). Kept out of line so that ve_writer_put() is a leaf
 * function on its common path.
 */
static __attribute__((noinline)) void ve_writer_put_bytes(struct ve_core *s,
							  uint64_t a,
							  unsigned int total)
{
	struct ve_core_writer *w = &s->wr;

	while (total >= 8) {
		uint8_t b;

		total -= 8;
		b = (uint8_t)(a >> total);
		/*
		 * What ve_writer_byte() does with a byte above 0x03 (no
		 * emulation prevention in front of it, the zero run ends)
		 * when it fits below the limit and does not fill buf.
		 */
		if (b > 0x03 && w->buf_len + 1 < sizeof(w->buf) &&
		    w->buf_off + w->buf_len < w->limit) {
			w->buf[w->buf_len++] = b;
			w->zero_run = 0;
			continue;
		}
		ve_writer_byte(s, b);
		if (w->overflow)
			return;
	}
	w->acc = (uint32_t)a & ((1u << total) - 1);
	w->acc_bits = total;
}

/*
 * Append the low n bits (0..32) of v, MSB first. The pending bits and v
 * are joined in one 64-bit word (at most 7 + 32 bits); a write that
 * completes no byte (most of the short codes) only shifts.
 */
void ve_writer_put(struct ve_core *s, uint32_t v, unsigned int n)
{
	struct ve_core_writer *w = &s->wr;
	unsigned int total = w->acc_bits + n;
	uint64_t a;

	if (w->overflow || !n)
		return;
	if (n < 32)
		v &= (1u << n) - 1;
	a = (uint64_t)w->acc << n | v;
	w->bit_len += n;
	if (total < 8) {
		w->acc = (uint32_t)a;
		w->acc_bits = total;
		return;
	}
	ve_writer_put_bytes(s, a, total);
}

/*
 * Append the first n bits of p[], MSB first: for a coder that assembles
 * its bits into bytes itself (ve-cavlc.c). Whole 64-bit words of them
 * take ve_writer_fast_ok()'s path when they can; the stream is the one
 * ve_writer_put() would make of the same bits. Reads no byte of p past
 * the n bits.
 */
void ve_writer_put_buf(struct ve_core *s, const uint8_t *p, uint64_t n)
{
	struct ve_core_writer *w = &s->wr;
	unsigned int k = w->acc_bits;	/* the same after every 64 bits */
	uint64_t x = 0;

	if (w->overflow)
		return;
	for (; n >= 64; n -= 64, p += 8) {
		/* the k pending bits, then x but its last k, which wait */
		uint64_t out;

		x = ve_writer_load_be64(p);
		out = k ? (uint64_t)w->acc << (64 - k) | x >> k : x;
		w->bit_len += 64;
		if (ve_writer_fast_ok(w, out)) {
			ve_store_be64(w->buf + w->buf_len, out);
			w->buf_len += 8;
			w->zero_run = 0;
		} else {
			for (int shift = 56; shift >= 0; shift -= 8) {
				ve_writer_byte(s, (uint8_t)(out >> shift));
				if (w->overflow)
					return;
			}
		}
		w->acc = (uint32_t)x & ((1u << k) - 1);
	}
	if (!n)
		return;
	x = 0;
	for (unsigned int i = 0; i < (n + 7) / 8; i++)
		x |= (uint64_t)p[i] << (56 - 8 * i);
	if (n > 32) {
		ve_writer_put(s, (uint32_t)(x >> 32), 32);
		ve_writer_put(s, (uint32_t)x >> (64 - n), (unsigned int)n - 32);
	} else {
		ve_writer_put(s, (uint32_t)(x >> (64 - n)), (unsigned int)n);
	}
}

/* n times the same bit value. */
void ve_writer_put_repeat(struct ve_core *s, unsigned int bit, uint64_t n)
{
	while (n) {
		unsigned int chunk = n > 32 ? 32 : (unsigned int)n;

		ve_writer_put(s, bit ? 0xffffffffu : 0, chunk);
		n -= chunk;
	}
}

/* Pad the partial byte with copies of bit. */
void ve_writer_align(struct ve_core *s, unsigned int bit)
{
	if (s->wr.acc_bits)
		ve_writer_put_repeat(s, bit, 8 - s->wr.acc_bits);
}

/* ue(v), 9.1: v + 1 in 2 * floor(log2(v + 1)) + 1 bits. */
void ve_writer_ue(struct ve_core *s, uint32_t v)
{
	uint64_t code = (uint64_t)v + 1;
	unsigned int len = 64u - (unsigned int)__builtin_clzll(code);

	if (len > 1)
		ve_writer_put(s, 0, len - 1);
	ve_writer_put(s, (uint32_t)(code >> 32), len > 32 ? len - 32 : 0);
	ve_writer_put(s, (uint32_t)code, len > 32 ? 32 : len);
}

/*
 * STM_BIT_LEN write: move the write position. The partial byte at a
 * position that is not byte aligned is read back from memory. The zero run
 * restarts at 0 (for a nonzero position this is a model choice).
 */
void ve_writer_seek(struct ve_core *s, uint32_t bit_pos)
{
	struct ve_core_writer *w = &s->wr;
	uint8_t b = 0;

	memset(w, 0, sizeof(*w));
	w->bit_len = bit_pos;
	w->acc_bits = bit_pos % 8;
	/* only inside the stream buffer; elsewhere the bits read as 0 */
	if (w->acc_bits && bit_pos / 8 < ve_writer_limit(s)) {
		uint64_t addr = (uint64_t)REG(s, VE_ENC_AVC_STM_START_ADDR_REG) +
				bit_pos / 8;

		if (s->dma->read(s->opaque, addr, &b, 1))
			ve_event(s, VE_CORE_EV_GUEST_ERROR,
				 "bus error reading stream byte at 0x%llx",
				 (unsigned long long)addr);
		w->acc = b >> (8 - w->acc_bits);
	}
}
