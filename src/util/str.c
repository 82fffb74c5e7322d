/* str.c: small string helpers, UTF-8 checks and terminal-safe text. */
#include "util/str.h"

#include <string.h>

#include "util/buf.h"
#include "util/vec.h"
#include "util/xalloc.h"

#define UTF8_REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

static bool
is_space_ascii(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

bool
str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
str_ends_with(const char *s, const char *suffix)
{
	size_t slen = strlen(s), xlen = strlen(suffix);

	return xlen <= slen && memcmp(s + slen - xlen, suffix, xlen) == 0;
}

int
str_ncasecmp_ascii_rest(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n > 0; n--, p++, q++) {
		int d = lower_ascii(*p) - lower_ascii(*q);

		if (d != 0 || *p == '\0')
			return d;
	}
	return 0;
}

char *
str_to_lower_ascii(char *s)
{
	for (char *p = s; *p != '\0'; p++)
		*p = (char)lower_ascii((unsigned char)*p);
	return s;
}

char *
str_trim(char *s)
{
	size_t len;

	while (is_space_ascii(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_space_ascii(s[len - 1]))
		len--;
	s[len] = '\0';
	return s;
}

size_t
str_split(struct strvec *out, const char *s, char sep, unsigned flags)
{
	size_t count = 0;

	for (;;) {
		const char *end = sep != '\0' ? strchr(s, sep) : NULL;
		const char *start = s;
		size_t len = end != NULL ? (size_t)(end - s) : strlen(s);

		if (flags & STR_SPLIT_TRIM) {
			while (len > 0 && is_space_ascii(*start)) {
				start++;
				len--;
			}
			while (len > 0 && is_space_ascii(start[len - 1]))
				len--;
		}
		if (len > 0 || !(flags & STR_SPLIT_SKIP_EMPTY)) {
			strvec_push_owned(out, xstrndup(start, len));
			count++;
		}
		if (end == NULL)
			return count;
		s = end + 1;
	}
}

int
str_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		/* v * 10 + d <= max, written so that it cannot overflow */
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

bool
str_has_ctl(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

/*
 * The length of the sequence a lead byte starts and the range its second byte
 * must fall in; the narrowed ranges are what rule out overlong forms (E0, F0),
 * surrogates (ED) and code points above U+10FFFF (F4). 0 for a byte that
 * cannot start a sequence.
 */
static size_t
utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef) {
		if (c == 0xe0)
			*lo = 0xa0;
		else if (c == 0xed)
			*hi = 0x9f;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (c == 0xf0)
			*lo = 0x90;
		else if (c == 0xf4)
			*hi = 0x8f;
		return 4;
	}
	return 0;
}

size_t
str_utf8_next(const char *s, size_t len, int32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	static const unsigned char lead_mask[] = { 0, 0, 0x1f, 0x0f, 0x07 };
	unsigned char lo, hi;
	size_t n, i;
	uint32_t c;

	*cp = -1;
	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((n = utf8_lead(p[0], &lo, &hi)) == 0)
		return 1;
	c = p[0] & lead_mask[n];
	for (i = 1; i < n; i++) {
		if (i >= len || p[i] < lo || p[i] > hi)
			return i;
		c = c << 6 | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = (int32_t)c;
	return n;
}

bool
str_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	int32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += str_utf8_next(s + i, len - i, &cp);
		if (cp < 0)
			return false;
	}
	return true;
}

/* Bytes that go to the terminal as they are: printable ASCII, tab, newline. */
static bool
is_plain_ascii(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n';
}

bool
str_printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

void
str_make_visible(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, run, n;
	int32_t cp;

	/* not for 0: buf_grow would leave a new buffer unterminated */
	if (len > 0)
		buf_grow(out, len);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (is_plain_ascii(c)) {
			for (run = 1; i + run < len &&
			    is_plain_ascii((unsigned char)s[i + run]); run++)
				;
			buf_add(out, s + i, run);
			i += run;
			continue;
		}
		if (c < 0x80) {
			buf_addc(out, '^');
			buf_addc(out, c == 0x7f ? '?' : (char)(c + 0x40));
			i++;
			continue;
		}
		n = str_utf8_next(s + i, len - i, &cp);
		if (cp < 0)
			buf_adds(out, UTF8_REPLACEMENT);
		else if (cp <= 0x9f)
			buf_addf(out, "\\u%04x", (unsigned)cp);
		else
			buf_add(out, s + i, n);
		i += n;
	}
}
