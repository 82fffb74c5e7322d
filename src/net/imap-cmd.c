/* imap-cmd.c: the IMAP command builder: arguments quoted or sent as literals so none can be misread. */
#include "net/imap-cmd.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "net/imap-resp.h"
#include "util/str.h"

static int __attribute__((format(printf, 2, 3)))
refuse(struct imap_cmd *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (err_isset(&c->err))
		return -1;	/* the first refusal is the one to report */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_setx(&c->err, ERR_ACCOUNT, "IMAP command: %s", msg);
}

/* The space between arguments; none after "(" or before ")". */
static void
separate(struct imap_cmd *c)
{
	if (c->space)
		buf_addc(&c->out, ' ');
	c->space = true;
}

void
imap_cmd_init(struct imap_cmd *c, unsigned flags)
{
	buf_init(&c->out);
	vec_init(&c->waits, sizeof(size_t));
	c->flags = flags;
	c->space = false;
	c->depth = 0;
	err_clear(&c->err);
}

void
imap_cmd_free(struct imap_cmd *c)
{
	buf_free(&c->out);
	vec_free(&c->waits);
}

static bool
is_atom_char(char c)
{
	/* ATOM-CHAR plus ']' (ASTRING-CHAR): printable ASCII but the atom-specials */
	return c > ' ' && c < 0x7f && strchr("(){%*\"\\", c) == NULL;
}

static bool
valid_tag(const char *tag)
{
	if (*tag == '\0' || strlen(tag) > 64)
		return false;
	for (; *tag != '\0'; tag++)
		if (!is_atom_char(*tag) || *tag == '+')
			return false;
	return true;
}

int
imap_cmd_begin(struct imap_cmd *c, const char *tag, const char *name)
{
	buf_reset(&c->out);
	vec_clear(&c->waits);
	c->space = false;
	c->depth = 0;
	err_clear(&c->err);
	if (!valid_tag(tag))
		return refuse(c, "\"%s\" is not a valid tag", tag);
	separate(c);
	buf_adds(&c->out, tag);
	return imap_cmd_raw(c, name);
}

int
imap_cmd_raw(struct imap_cmd *c, const char *text)
{
	if (strpbrk(text, "\r\n") != NULL)
		return refuse(c, "a line break in the command's own text");
	separate(c);
	buf_adds(&c->out, text);
	return 0;
}

int
imap_cmd_number(struct imap_cmd *c, uint64_t n)
{
	separate(c);
	buf_addf(&c->out, "%" PRIu64, n);
	return 0;
}

int
imap_cmd_seqset(struct imap_cmd *c, const struct imap_seqset *set)
{
	if (set->ranges.len == 0)
		return refuse(c, "an empty sequence set");
	separate(c);
	imap_seqset_format(&c->out, set);
	return 0;
}

int
imap_cmd_uids(struct imap_cmd *c, const uint32_t *uids, size_t n)
{
	size_t i = 0;

	while (i < n && uids[i] == 0)
		i++;
	if (i == n)
		return refuse(c, "an empty set of UIDs");
	separate(c);
	imap_uids_format(&c->out, uids, n);
	return 0;
}

/* Whether s can go as a quoted string: short, one line, 7-bit unless UTF-8 is on. */
static bool
quotable(const struct imap_cmd *c, const char *s, size_t len)
{
	if (len > IMAP_QUOTED_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)s[i];

		if (b == '\0' || b == '\r' || b == '\n' || (b >= 0x80 && !(c->flags & IMAP_CMD_UTF8)))
			return false;
	}
	return true;
}

int
imap_cmd_quoted(struct imap_cmd *c, const char *s, size_t len)
{
	size_t run = 0;

	if (memchr(s, '\0', len) != NULL || memchr(s, '\r', len) != NULL ||
	    memchr(s, '\n', len) != NULL)
		return refuse(c, "NUL, CR or LF in a quoted string");
	if (!(c->flags & IMAP_CMD_UTF8))
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)s[i] >= 0x80)
				return refuse(c, "8-bit text in a quoted string without UTF8=ACCEPT");
	separate(c);
	buf_addc(&c->out, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '"' && s[i] != '\\')
			continue;
		buf_add(&c->out, s + run, i - run);
		buf_addc(&c->out, '\\');
		run = i;
	}
	buf_add(&c->out, s + run, len - run);
	buf_addc(&c->out, '"');
	return 0;
}

int
imap_cmd_literal(struct imap_cmd *c, const char *s, size_t len)
{
	bool nowait = (c->flags & IMAP_CMD_LITERAL_PLUS) ||
	    ((c->flags & IMAP_CMD_LITERAL_MINUS) && len <= IMAP_LITERAL_MINUS_MAX);

	if (memchr(s, '\0', len) != NULL)
		return refuse(c, "a NUL byte in a literal");
	separate(c);
	buf_addf(&c->out, "{%zu%s}\r\n", len, nowait ? "+" : "");
	if (!nowait)
		vec_push(&c->waits, &c->out.len);
	buf_add(&c->out, s, len);
	return 0;
}

int
imap_cmd_string(struct imap_cmd *c, const char *s, size_t len)
{
	if (memchr(s, '\0', len) != NULL)
		return refuse(c, "a NUL byte in a string");
	if (quotable(c, s, len))
		return imap_cmd_quoted(c, s, len);
	return imap_cmd_literal(c, s, len);
}

int
imap_cmd_astring(struct imap_cmd *c, const char *s, size_t len)
{
	bool atom = len > 0 && !(len == 3 && str_ncasecmp_ascii(s, "NIL", 3) == 0);

	for (size_t i = 0; i < len && atom; i++)
		atom = is_atom_char(s[i]);
	if (!atom)
		return imap_cmd_string(c, s, len);
	separate(c);
	buf_add(&c->out, s, len);
	return 0;
}

int
imap_cmd_mailbox(struct imap_cmd *c, const char *utf8, size_t len)
{
	struct buf name = BUF_INIT;
	struct err e;
	int rc;

	if (len == 5 && str_ncasecmp_ascii(utf8, "INBOX", 5) == 0)
		return imap_cmd_astring(c, "INBOX", 5);
	if (c->flags & IMAP_CMD_UTF8) {
		if (!str_utf8_valid(utf8, len))
			return refuse(c, "a mailbox name that is not UTF-8");
		return imap_cmd_astring(c, utf8, len);
	}
	if (imap_mutf7_encode(&name, utf8, len, &e) < 0) {
		buf_free(&name);
		return refuse(c, "%s", e.msg);
	}
	rc = imap_cmd_astring(c, buf_cstr(&name), name.len);
	buf_free(&name);
	return rc;
}

int
imap_cmd_open(struct imap_cmd *c)
{
	separate(c);
	buf_addc(&c->out, '(');
	c->space = false;
	c->depth++;
	return 0;
}

int
imap_cmd_close(struct imap_cmd *c)
{
	if (c->depth == 0)
		return refuse(c, "')' without '('");
	buf_addc(&c->out, ')');
	c->space = true;
	c->depth--;
	return 0;
}

/* The calendar date of a day count from 1970-01-01 (H. Hinnant's algorithm). */
static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Formats utc as IMAP writes dates; with_time adds " hh:mm:ss +0000". */
static int
add_date(struct imap_cmd *c, int64_t utc, bool with_time)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int64_t days = utc / 86400, secs = utc % 86400, y;
	unsigned m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 1 || y > 9999)
		return refuse(c, "a date outside the years 1 to 9999");
	separate(c);
	if (!with_time) {
		buf_addf(&c->out, "%u-%.3s-%04" PRId64, d, months + 3 * (m - 1), y);
		return 0;
	}
	buf_addf(&c->out, "\"%02u-%.3s-%04" PRId64 " %02d:%02d:%02d +0000\"", d,
	    months + 3 * (m - 1), y, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return 0;
}

int
imap_cmd_datetime(struct imap_cmd *c, int64_t utc)
{
	return add_date(c, utc, true);
}

int
imap_cmd_date(struct imap_cmd *c, int64_t utc)
{
	return add_date(c, utc, false);
}

int
imap_cmd_end(struct imap_cmd *c, struct err *e)
{
	if (c->depth > 0)
		refuse(c, "a '(' without its ')'");
	if (err_isset(&c->err)) {
		if (e != NULL)
			*e = c->err;
		return -1;
	}
	buf_add(&c->out, "\r\n", 2);
	return 0;
}

size_t
imap_cmd_parts(const struct imap_cmd *c)
{
	return c->waits.len + 1;
}

void
imap_cmd_part(const struct imap_cmd *c, size_t i, const char **data, size_t *len)
{
	size_t start = i == 0 ? 0 : *VEC_AT(&c->waits, size_t, i - 1);
	size_t end = i < c->waits.len ? *VEC_AT(&c->waits, size_t, i) : c->out.len;

	*data = buf_cstr(&c->out) + start;
	*len = end - start;
}
