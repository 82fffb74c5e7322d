/* codec.c: base64 and quoted-printable, lenient on the way in, strict on the way out. */
#include "mime/codec.h"

#include <stdint.h>

#include "util/buf.h"

#define QP_LINE_MAX	76	/* RFC 2045 6.7 (5), the soft-break '=' included */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char hex_upper[] = "0123456789ABCDEF";

/* The 6-bit value of a base64 character, or -1. */
static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static bool
is_b64_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/*
 * After the first '=': only more '=' and white space belong there. Anything
 * else is junk that some encoders append and that we drop unread.
 */
static bool
b64_tail_clean(const char *in, size_t len, size_t i, unsigned nchars)
{
	unsigned pads = 0;

	for (; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == '=')
			pads++;
		else if (!is_b64_space(c))
			return false;
	}
	return nchars >= 2 && pads == 4 - nchars;
}

bool
mime_b64_decode(struct buf *out, const char *in, size_t len)
{
	uint32_t acc = 0;
	unsigned nchars = 0;
	bool clean = true;
	size_t i;
	int v;
	char *o;

	/* Room for everything is made once, so bytes are written in place. */
	buf_grow(out, len / 4 * 3 + 3);
	o = out->data + out->len;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == '=')
			break;
		if ((v = b64_value(c)) < 0) {
			if (!is_b64_space(c))
				clean = false;
			continue;
		}
		acc = acc << 6 | (uint32_t)v;
		if (++nchars == 4) {
			*o++ = (char)(acc >> 16);
			*o++ = (char)(acc >> 8);
			*o++ = (char)acc;
			acc = 0;
			nchars = 0;
		}
	}
	/* a partial group: 2 or 3 characters still carry 1 or 2 whole bytes */
	if (nchars == 2) {
		*o++ = (char)(acc >> 4);
	} else if (nchars == 3) {
		*o++ = (char)(acc >> 10);
		*o++ = (char)(acc >> 2);
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	if (i < len)
		return b64_tail_clean(in, len, i, nchars) && clean;
	return clean && nchars == 0;
}

void
mime_b64_encode(struct buf *out, const char *in, size_t len, size_t line_len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i, col = 0;
	char q[4];

	buf_grow(out, (len + 2) / 3 * 4 + (line_len ? len / 57 * 2 + 2 : 0));
	for (i = 0; i < len; i += 3) {
		uint32_t acc = (uint32_t)p[i] << 16;

		if (i + 1 < len)
			acc |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < len)
			acc |= p[i + 2];
		q[0] = b64_alphabet[acc >> 18 & 0x3f];
		q[1] = b64_alphabet[acc >> 12 & 0x3f];
		q[2] = i + 1 < len ? b64_alphabet[acc >> 6 & 0x3f] : '=';
		q[3] = i + 2 < len ? b64_alphabet[acc & 0x3f] : '=';
		for (int k = 0; k < 4; k++) {
			if (line_len > 0 && col == line_len) {
				buf_add(out, "\r\n", 2);
				col = 0;
			}
			buf_addc(out, q[k]);
			col++;
		}
	}
	if (line_len > 0 && col > 0)
		buf_add(out, "\r\n", 2);
}

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * How many bytes a soft line break takes at in[i] (which holds '='): the '=',
 * any spaces or tabs a transport added after it, and CRLF or LF. 0 when this
 * is not a soft break. The end of the input counts as a line end: a MIME
 * parser hands us a body without the line break that belongs to the next
 * boundary, so "text=" at the very end is a soft break whose LF was taken.
 */
static size_t
qp_soft_break(const char *in, size_t len, size_t i)
{
	size_t j = i + 1;

	while (j < len && (in[j] == ' ' || in[j] == '\t'))
		j++;
	if (j == len)
		return j - i;
	if (in[j] == '\n')
		return j + 1 - i;
	if (in[j] == '\r' && j + 1 < len && in[j + 1] == '\n')
		return j + 2 - i;
	return 0;
}

bool
mime_qp_decode(struct buf *out, const char *in, size_t len)
{
	bool clean = true;
	size_t i = 0, run, n;
	int hi, lo;

	buf_grow(out, len);
	while (i < len) {
		for (run = 0; i + run < len && in[i + run] != '='; run++)
			;
		buf_add(out, in + i, run);
		if ((i += run) >= len)
			break;
		if ((n = qp_soft_break(in, len, i)) > 0) {
			i += n;
			continue;
		}
		if (i + 2 < len && (hi = hex_value((unsigned char)in[i + 1])) >= 0 &&
		    (lo = hex_value((unsigned char)in[i + 2])) >= 0) {
			buf_addc(out, (char)(hi << 4 | lo));
			i += 3;
			continue;
		}
		/* a broken escape stays as written; its '=' is all we skip */
		buf_addc(out, '=');
		clean = false;
		i++;
	}
	return clean;
}

void
mime_q_decode(struct buf *out, const char *in, size_t len)
{
	size_t i;
	int hi, lo;

	buf_grow(out, len);
	for (i = 0; i < len; i++) {
		if (in[i] == '_') {
			buf_addc(out, ' ');
		} else if (in[i] == '=' && i + 2 < len &&
		    (hi = hex_value((unsigned char)in[i + 1])) >= 0 &&
		    (lo = hex_value((unsigned char)in[i + 2])) >= 0) {
			buf_addc(out, (char)(hi << 4 | lo));
			i += 2;
		} else {
			buf_addc(out, in[i]);
		}
	}
}

/* State of the quoted-printable writer: the column of the output line. */
struct qp_writer {
	struct buf *out;
	size_t col;
};

/* Whether byte c may appear literally in the middle of a line. */
static bool
qp_literal(unsigned char c)
{
	return (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
}

/*
 * Writes one input byte, literally or as =XX. `last` says it ends the input
 * line: then it may take the 76th column, and white space there is escaped.
 */
static void
qp_put(struct qp_writer *w, const char *line, size_t i, size_t n)
{
	unsigned char c = (unsigned char)line[i];
	bool last = i + 1 == n, esc;
	size_t width;

	esc = !qp_literal(c) || (last && (c == ' ' || c == '\t'));
	width = esc ? 3 : 1;
	if (w->col + width > (last ? QP_LINE_MAX : QP_LINE_MAX - 1)) {
		buf_add(w->out, "=\r\n", 3);
		w->col = 0;
	}
	/* a line starting "From " or "." is what mbox and SMTP mangle */
	if (w->col == 0 && !esc && (c == '.' || (c == 'F' && n - i >= 5 &&
	    line[i + 1] == 'r' && line[i + 2] == 'o' && line[i + 3] == 'm' &&
	    line[i + 4] == ' '))) {
		esc = true;
		width = 3;
	}
	if (esc) {
		buf_addc(w->out, '=');
		buf_addc(w->out, hex_upper[c >> 4]);
		buf_addc(w->out, hex_upper[c & 0xf]);
	} else {
		buf_addc(w->out, (char)c);
	}
	w->col += width;
}

void
mime_qp_encode(struct buf *out, const char *in, size_t len)
{
	struct qp_writer w = { out, 0 };
	size_t start = 0, end, n, i;

	buf_grow(out, len + len / 8);
	while (start < len) {
		for (end = start; end < len && in[end] != '\n'; end++)
			;
		/* a CR right before the LF is part of the line end, not data */
		n = end - start;
		if (end < len && n > 0 && in[end - 1] == '\r')
			n--;
		for (i = 0; i < n; i++)
			qp_put(&w, in + start, i, n);
		if (end < len) {
			buf_add(out, "\r\n", 2);
			w.col = 0;
		}
		start = end + 1;
	}
}
