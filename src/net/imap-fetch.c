/* imap-fetch.c: the FETCH reader, section lookup and INTERNALDATE; declared in imap-resp.h. */
#include "net/imap-resp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/str.h"

static int __attribute__((format(printf, 2, 3)))
bad_fetch(struct err *e, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_setx(e, ERR_MESSAGE, "IMAP server: FETCH %s", msg);
}

void
imap_fetch_init(struct imap_fetch *f)
{
	memset(f, 0, sizeof(*f));
	imap_flags_init(&f->flags);
	vec_init(&f->sections, sizeof(struct imap_section));
}

void
imap_fetch_free(struct imap_fetch *f)
{
	imap_flags_free(&f->flags);
	vec_free(&f->sections);
}

static bool
is_section_item(const char *name)
{
	return str_ncasecmp_ascii(name, "BODY[", 5) == 0 ||
	    str_ncasecmp_ascii(name, "BINARY[", 7) == 0 ||
	    str_casecmp_ascii(name, "RFC822") == 0 ||
	    str_casecmp_ascii(name, "RFC822.HEADER") == 0 ||
	    str_casecmp_ascii(name, "RFC822.TEXT") == 0;
}

/* BODY[...]<origin>: the data as a string, literal or NIL. */
static int
read_section(struct imap_fetch *f, const struct imap_value *k, const struct imap_value *v,
    struct err *e)
{
	struct imap_section *s;
	const char *close = strrchr(k->data, ']'), *lt;
	uint64_t origin;

	if (v->kind != IMAP_STRING && v->kind != IMAP_LITERAL && v->kind != IMAP_NIL)
		return bad_fetch(e, "%s that is no string", k->data);
	s = vec_push_zero(&f->sections);
	s->name = k->data;
	if (v->kind != IMAP_NIL) {
		s->data = v->data;
		s->len = v->len;
	}
	if (close != NULL && (lt = strchr(close, '<')) != NULL) {
		const char *d = lt + 1;

		for (origin = 0; *d >= '0' && *d <= '9' && origin < UINT64_MAX / 10; d++)
			origin = origin * 10 + (uint64_t)(*d - '0');
		if (d == lt + 1 || d[0] != '>' || d[1] != '\0')
			return bad_fetch(e, "%s with a bad origin", k->data);
		s->partial = true;
		s->origin = origin;
	}
	return 0;
}

static int
read_simple(struct imap_fetch *f, const struct imap_value *k, const struct imap_value *v,
    struct err *e)
{
	uint64_t n;

	if (imap_value_is(k, "UID")) {
		if (v->kind != IMAP_NUMBER || v->num == 0 || v->num > UINT32_MAX)
			return bad_fetch(e, "with UID %s", v->data);
		f->uid = (uint32_t)v->num;
		f->have |= IMAP_FETCH_UID;
	} else if (imap_value_is(k, "RFC822.SIZE")) {
		if (v->kind != IMAP_NUMBER)
			return bad_fetch(e, "with RFC822.SIZE %s", v->data);
		f->size = v->num;
		f->have |= IMAP_FETCH_SIZE;
	} else if (imap_value_is(k, "MODSEQ")) {
		/* MODSEQ (n), RFC 7162 3.1.4 */
		if (imap_list_len(v) != 1 || imap_list_item(v, 0)->kind != IMAP_NUMBER)
			return bad_fetch(e, "with a MODSEQ that is not (number)");
		n = imap_list_item(v, 0)->num;
		f->modseq = n;
		f->have |= IMAP_FETCH_MODSEQ;
	} else if (imap_value_is(k, "INTERNALDATE")) {
		if (v->kind != IMAP_STRING || imap_date_parse(v->data, v->len, &f->internaldate) < 0)
			return bad_fetch(e, "with INTERNALDATE \"%s\"", v->data);
		f->have |= IMAP_FETCH_INTERNALDATE;
	}
	return 0;
}

static int
read_item(struct imap_fetch *f, const struct imap_value *k, const struct imap_value *v,
    struct err *e)
{
	if (k->kind != IMAP_ATOM)
		return bad_fetch(e, "with an item name that is not an atom");
	if (is_section_item(k->data))
		return read_section(f, k, v, e);
	if (imap_value_is(k, "FLAGS")) {
		if (imap_flags_read(v, &f->flags, e) < 0)
			return err_setx(e, ERR_MESSAGE, "IMAP server: FETCH with bad FLAGS");
		f->have |= IMAP_FETCH_FLAGS;
	} else if (imap_value_is(k, "BODYSTRUCTURE") || imap_value_is(k, "BODY")) {
		if (v->kind != IMAP_LIST)
			return bad_fetch(e, "with a %s that is not a list", k->data);
		f->bodystructure = v;
		f->have |= IMAP_FETCH_BODYSTRUCTURE;
	} else if (imap_value_is(k, "ENVELOPE")) {
		if (v->kind != IMAP_LIST)
			return bad_fetch(e, "with an ENVELOPE that is not a list");
		f->envelope = v;
		f->have |= IMAP_FETCH_ENVELOPE;
	} else {
		return read_simple(f, k, v, e);
	}
	return 0;
}

int
imap_resp_fetch(const struct imap_response *r, struct imap_fetch *f, struct err *e)
{
	const struct imap_value *items = imap_response_value(r, 2);

	imap_fetch_free(f);
	imap_fetch_init(f);
	if (imap_resp_type(r) != IMAP_T_FETCH)
		return bad_fetch(e, "expected, another response came");
	if (imap_resp_number(r, &f->seq, e) < 0)
		return err_setx(e, ERR_MESSAGE, "IMAP server: FETCH with message number 0");
	if (items == NULL || items->kind != IMAP_LIST || r->values.len != 3)
		return bad_fetch(e, "of message %u without one list of items", (unsigned)f->seq);
	if (items->list.len % 2 != 0)
		return bad_fetch(e, "of message %u with an item without a value", (unsigned)f->seq);
	for (size_t i = 0; i < items->list.len; i += 2)
		if (read_item(f, imap_list_item(items, i), imap_list_item(items, i + 1), e) < 0)
			return -1;
	return 0;
}

/*
 * Appends a fetch item name in a form where a request and its answer compare
 * equal: capitals, no ".PEEK", no "<origin.count>", no quotes, one space
 * between words and none inside parentheses.
 */
static void
norm_item(struct buf *out, const char *s)
{
	const char *open = strchr(s, '['), *close = open != NULL ? strrchr(open, ']') : NULL;
	size_t head = open != NULL ? (size_t)(open - s) : strlen(s);
	bool space = false;

	if (head >= 5 && str_ncasecmp_ascii(s + head - 5, ".PEEK", 5) == 0)
		head -= 5;
	for (size_t i = 0; i < head; i++)
		buf_addc(out, s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i]);
	if (open == NULL || close == NULL)
		return;
	for (const char *p = open; p <= close; p++) {
		char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;

		if (c == '"')
			continue;
		if (c == ' ' || c == '\t') {
			space = true;
			continue;
		}
		if (space && c != ')' && out->len > 0 && out->data[out->len - 1] != '(')
			buf_addc(out, ' ');
		space = false;
		buf_addc(out, c);
	}
}

/*
 * The common case, cheaply: the server echoes the item as it was asked for,
 * only without ".PEEK" and perhaps in another case.
 */
static bool
same_as_asked(const char *want, const char *have)
{
	for (;;) {
		char a = *want, b = *have;

		if (a == '.' && b == '[' && str_ncasecmp_ascii(want, ".PEEK[", 6) == 0)
			want += 5;
		else if ((a >= 'a' && a <= 'z' ? a - 32 : a) != (b >= 'a' && b <= 'z' ? b - 32 : b))
			return false;
		else if (a == '\0')
			return true;
		else
			want++, have++;
	}
}

const struct imap_section *
imap_fetch_section(const struct imap_fetch *f, const char *item)
{
	struct buf want = BUF_INIT, have = BUF_INIT;
	const struct imap_section *found = NULL;

	for (size_t i = 0; i < f->sections.len; i++) {
		const struct imap_section *s = VEC_AT(&f->sections, struct imap_section, i);

		if (same_as_asked(item, s->name))
			return s;
	}
	norm_item(&want, item);
	for (size_t i = 0; i < f->sections.len && found == NULL; i++) {
		const struct imap_section *s = VEC_AT(&f->sections, struct imap_section, i);

		buf_reset(&have);
		norm_item(&have, s->name);
		if (strcmp(buf_cstr(&want), buf_cstr(&have)) == 0)
			found = s;
	}
	buf_free(&want);
	buf_free(&have);
	return found;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Reads exactly n digits at s[*i]. */
static bool
digits(const char *s, size_t len, size_t *i, size_t n, unsigned *out)
{
	*out = 0;
	for (size_t k = 0; k < n; k++, (*i)++) {
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return false;
		*out = *out * 10 + (unsigned)(s[*i] - '0');
	}
	return true;
}

static bool
expect(const char *s, size_t len, size_t *i, char c)
{
	if (*i >= len || s[*i] != c)
		return false;
	(*i)++;
	return true;
}

static int
read_month(const char *s, size_t len, size_t *i)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	if (*i + 3 > len)
		return -1;
	for (int m = 0; m < 12; m++)
		if (str_ncasecmp_ascii(s + *i, names + 3 * m, 3) == 0) {
			*i += 3;
			return m + 1;
		}
	return -1;
}

static bool
valid_day(unsigned y, int m, unsigned d)
{
	static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return d >= 1 && d <= mdays[m - 1] + (m == 2 && leap);
}

int
imap_date_parse(const char *s, size_t len, int64_t *utc)
{
	unsigned day, year, hh, mm, ss, zh, zm;
	size_t i = 0;
	int month, sign;

	if (len > 0 && s[0] == ' ')
		i++;	/* date-day-fixed: " 7" */
	if (!digits(s, len, &i, 1, &day))
		return -1;
	if (i < len && s[i] >= '0' && s[i] <= '9')
		day = day * 10 + (unsigned)(s[i++] - '0');
	if (!expect(s, len, &i, '-') || (month = read_month(s, len, &i)) < 0 ||
	    !expect(s, len, &i, '-') || !digits(s, len, &i, 4, &year) ||
	    !expect(s, len, &i, ' ') || !digits(s, len, &i, 2, &hh) ||
	    !expect(s, len, &i, ':') || !digits(s, len, &i, 2, &mm) ||
	    !expect(s, len, &i, ':') || !digits(s, len, &i, 2, &ss) ||
	    !expect(s, len, &i, ' ') || i >= len || (s[i] != '+' && s[i] != '-'))
		return -1;
	sign = s[i++] == '-' ? -1 : 1;
	if (!digits(s, len, &i, 2, &zh) || !digits(s, len, &i, 2, &zm) || i != len)
		return -1;
	if (!valid_day(year, month, day) || hh > 23 || mm > 59 || ss > 60 || zm > 59)
		return -1;
	*utc = days_from_civil(year, (unsigned)month, day) * 86400 +
	    (int64_t)hh * 3600 + mm * 60 + ss - sign * (int64_t)(zh * 3600 + zm * 60);
	return 0;
}
