/* imap-mutf7.c: modified UTF-7 mailbox names (RFC 3501 5.1.3) both ways; declared in imap-cmd.h. */
#include "net/imap-cmd.h"

#include <string.h>

#include "util/str.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

static bool
printable(int32_t cp)
{
	return cp >= 0x20 && cp <= 0x7e;
}

/* Bits waiting to be written as base64 digits. */
struct bits {
	uint32_t acc;
	unsigned n;
};

static void
put_unit(struct buf *out, struct bits *b, unsigned unit)
{
	b->acc = (b->acc << 16) | unit;
	b->n += 16;
	while (b->n >= 6) {
		b->n -= 6;
		buf_addc(out, b64[(b->acc >> b->n) & 63]);
	}
	b->acc &= (1u << b->n) - 1;
}

static void
end_run(struct buf *out, struct bits *b)
{
	if (b->n > 0)
		buf_addc(out, b64[(b->acc << (6 - b->n)) & 63]);
	buf_addc(out, '-');
	b->acc = b->n = 0;
}

int
imap_mutf7_encode(struct buf *out, const char *utf8, size_t len, struct err *e)
{
	size_t start = out->len, i = 0, n;
	struct bits b = { 0, 0 };
	bool shifted = false;
	int32_t cp;

	while (i < len) {
		n = str_utf8_next(utf8 + i, len - i, &cp);
		if (cp <= 0) {
			buf_truncate(out, start);
			return err_setx(e, ERR_FOLDER, "a mailbox name with %s",
			    cp < 0 ? "bytes that are not UTF-8" : "a NUL byte");
		}
		i += n;
		if (printable(cp) && shifted) {
			end_run(out, &b);
			shifted = false;
		}
		if (cp == '&') {
			buf_add(out, "&-", 2);
			continue;
		}
		if (printable(cp)) {
			buf_addc(out, (char)cp);
			continue;
		}
		if (!shifted)
			buf_addc(out, '&');
		shifted = true;
		if (cp >= 0x10000) {
			put_unit(out, &b, 0xd800 + ((unsigned)(cp - 0x10000) >> 10));
			put_unit(out, &b, 0xdc00 + ((unsigned)(cp - 0x10000) & 0x3ff));
		} else {
			put_unit(out, &b, (unsigned)cp);
		}
	}
	if (shifted)
		end_run(out, &b);
	return 0;
}

static int
b64_value(char c)
{
	const char *p = c != '\0' ? strchr(b64, c) : NULL;

	return p != NULL ? (int)(p - b64) : -1;
}

static void
put_utf8(struct buf *out, uint32_t cp)
{
	char s[4];

	if (cp < 0x80) {
		buf_addc(out, (char)cp);
		return;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | cp >> 12);
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, s, 3);
	} else {
		s[0] = (char)(0xf0 | cp >> 18);
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, s, 4);
	}
}

/* One UTF-16 unit of a run; false when the units cannot form characters. */
static bool
take_unit(struct buf *run, unsigned unit, unsigned *high)
{
	uint32_t cp;

	if (unit >= 0xd800 && unit <= 0xdbff) {
		if (*high != 0)
			return false;
		*high = unit;
		return true;
	}
	if (unit >= 0xdc00 && unit <= 0xdfff) {
		if (*high == 0)
			return false;
		cp = 0x10000 + ((*high - 0xd800) << 10) + (unit - 0xdc00);
		*high = 0;
	} else {
		if (*high != 0)
			return false;
		cp = unit;
	}
	/* a printable ASCII character must not be encoded (and "/" so hidden could mislead) */
	if (cp == 0 || printable((int32_t)cp))
		return false;
	put_utf8(run, cp);
	return true;
}

/*
 * Decodes the base64 run after the '&' at s[i]; returns where reading goes
 * on. The run's characters go to out when the whole run is well formed,
 * else one U+FFFD does and *bad is set.
 */
static size_t
decode_run(struct buf *out, const char *s, size_t len, size_t i, bool *bad)
{
	struct buf run = BUF_INIT;
	struct bits b = { 0, 0 };
	unsigned high = 0;
	bool ok = true;
	int v;

	for (i++; i < len && (v = b64_value(s[i])) >= 0; i++) {
		b.acc = (b.acc << 6) | (unsigned)v;
		b.n += 6;
		if (b.n >= 16) {
			b.n -= 16;
			ok = ok && take_unit(&run, (b.acc >> b.n) & 0xffff, &high);
			b.acc &= (1u << b.n) - 1;
		}
	}
	/* a run ends in '-'; leftover bits are fewer than 6 and zero */
	ok = ok && i < len && s[i] == '-' && run.len > 0 && high == 0 && b.n < 6 && b.acc == 0;
	if (ok) {
		buf_add(out, run.data, run.len);
	} else {
		buf_adds(out, REPLACEMENT);
		*bad = true;
	}
	buf_free(&run);
	return i < len && s[i] == '-' ? i + 1 : i;
}

int
imap_mutf7_decode(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, last_run_end = (size_t)-1;
	bool bad = false;

	while (i < len) {
		if (s[i] == '&' && i + 1 < len && s[i + 1] == '-') {
			buf_addc(out, '&');
			i += 2;
		} else if (s[i] == '&') {
			/* "-&": a null shift, which RFC 3501 does not permit */
			if (i == last_run_end)
				bad = true;
			i = last_run_end = decode_run(out, s, len, i, &bad);
		} else if (printable((unsigned char)s[i])) {
			buf_addc(out, s[i++]);
		} else {
			buf_adds(out, REPLACEMENT);
			bad = true;
			i++;
		}
	}
	return bad ? 1 : 0;
}
