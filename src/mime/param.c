/* param.c: Content-Type and Content-Disposition values with RFC 2231 parameters. */
#include "mime/param.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mime/charset.h"
#include "mime/encword.h"
#include "mime/limits.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Parameters as written, before RFC 2231 sections are joined: at most this many are read. */
#define PARAM_MAX_RAW	(MIME_MAX_PARAMS + MIME_MAX_2231_SECTIONS)

#define PARAM_LINE	78	/* the longest line mime_param_write writes */

struct raw_param {
	char *name;		/* lower-cased, without the RFC 2231 suffix */
	int section;		/* RFC 2231 section ("name*" is section 0), or -1 */
	bool extended;		/* charset'language'%XX ("name*", "name*N*") */
	struct buf value;	/* quotes and escapes removed, nothing decoded */
	size_t order;		/* where it stood, so that the first one wins */
};

struct lex {
	const char *s;
	size_t len;
	size_t pos;
};

static bool
is_fws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* RFC 2045 token characters: printable US-ASCII less tspecials. */
static bool
is_token(char c)
{
	return c > ' ' && c < 0x7f && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* Skips white space, line breaks and nested comments. */
static void
skip_cfws(struct lex *l)
{
	size_t depth = 0;

	for (; l->pos < l->len; l->pos++) {
		char c = l->s[l->pos];

		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (c == '\\' && depth > 0)
			l->pos++;
		else if (depth == 0 && !is_fws(c))
			return;
	}
	l->pos = l->len;
}

static size_t
token_len(struct lex *l)
{
	size_t start = l->pos;

	while (l->pos < l->len && is_token(l->s[l->pos]))
		l->pos++;
	return l->pos - start;
}

static char *
lower_dup(const char *s, size_t n)
{
	return str_to_lower_ascii(xstrndup(s, n));
}

static void
skip_to_semicolon(struct lex *l)
{
	while (l->pos < l->len && l->s[l->pos] != ';')
		l->pos++;
}

/* "type/subtype", or a lone "type" (Content-Disposition); type stays NULL if none. */
static void
parse_type(struct mime_ctype *ct, struct lex *l)
{
	size_t start, n;

	skip_cfws(l);
	start = l->pos;
	n = token_len(l);
	if (n == 0)
		return;
	skip_cfws(l);
	if (l->pos < l->len && l->s[l->pos] == '=') {
		l->pos = start;	/* "name=value": a parameter, not a type */
		return;
	}
	ct->type = lower_dup(l->s + start, n);
	if (l->pos == l->len || l->s[l->pos] != '/')
		return;
	l->pos++;
	skip_cfws(l);
	start = l->pos;
	n = token_len(l);
	if (n > 0)
		ct->subtype = lower_dup(l->s + start, n);
}

/*
 * A quoted value: only \" and \\ are escapes, so that "C:\dir\file" keeps its
 * backslashes. Folds are removed.
 */
static void
read_quoted(struct lex *l, struct buf *v)
{
	const char *s = l->s;

	for (l->pos++; l->pos < l->len; l->pos++) {
		char c = s[l->pos];

		if (c == '"') {
			l->pos++;
			return;
		}
		if (c == '\\' && l->pos + 1 < l->len &&
		    (s[l->pos + 1] == '"' || s[l->pos + 1] == '\\'))
			c = s[++l->pos];
		if (c != '\r' && c != '\n')
			buf_addc(v, c);
	}
}

/* Whether a parameter name and '=' start at l->pos (a missing ';' before a folded line). */
static bool
param_follows(struct lex *l)
{
	struct lex probe = *l;

	if (token_len(&probe) == 0)
		return false;
	skip_cfws(&probe);
	return probe.pos < probe.len && probe.s[probe.pos] == '=';
}

/*
 * An unquoted value. A token followed only by comments is the token
 * ("us-ascii (Plain text)"), and so is one followed by a line break and the
 * next parameter without a ';'. Otherwise everything up to the next ';' is
 * the value ("my file (1).pdf"), as badly written mail means it.
 */
static void
read_unquoted(struct lex *l, struct buf *v)
{
	size_t start = l->pos, end, after;

	while (l->pos < l->len && !is_fws(l->s[l->pos]) && l->s[l->pos] != ';' &&
	    l->s[l->pos] != '(')
		l->pos++;
	end = l->pos;
	skip_cfws(l);
	after = l->pos;
	if (after < l->len && l->s[after] != ';' &&
	    !(memchr(l->s + end, '\n', after - end) != NULL && param_follows(l))) {
		skip_to_semicolon(l);
		for (end = l->pos; end > start && is_fws(l->s[end - 1]); end--)
			;
		after = l->pos;
	}
	for (size_t i = start; i < end; i++)
		if (l->s[i] != '\r' && l->s[i] != '\n')
			buf_addc(v, l->s[i]);
	l->pos = after;
}

/* Splits "name", "name*", "name*N", "name*N*". Returns false for any other use of '*'. */
static bool
split_name(struct raw_param *p, const char *s, size_t n)
{
	const char *star = memchr(s, '*', n);
	size_t base, i;
	int section = 0;

	p->section = -1;
	p->extended = false;
	if (star == NULL) {
		p->name = lower_dup(s, n);
		return true;
	}
	base = (size_t)(star - s);
	if (base == 0)
		return false;
	for (i = base + 1; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		section = section * 10 + (s[i] - '0');
		if (section >= MIME_MAX_2231_SECTIONS)
			return false;
	}
	if (i == base + 1 && i < n)
		return false;		/* "a**", "a*x" */
	if (i < n && s[i] == '*') {
		i++;
		p->extended = true;
	}
	if (i != n)
		return false;
	/* "name*" alone is one extended section */
	p->extended = p->extended || i == base + 1;
	p->section = section;
	p->name = lower_dup(s, base);
	return true;
}

/* Reads one "name=value"; anything unreadable is skipped up to the next ';'. */
static void
read_param(struct lex *l, struct vec *raw)
{
	struct raw_param p = { .order = raw->len };
	size_t start = l->pos, n = token_len(l);
	bool quoted;

	buf_init(&p.value);
	skip_cfws(l);
	if (n == 0 || l->pos == l->len || l->s[l->pos] != '=') {
		skip_to_semicolon(l);
		return;
	}
	l->pos++;
	skip_cfws(l);
	quoted = l->pos < l->len && l->s[l->pos] == '"';
	if (quoted) {
		read_quoted(l, &p.value);
		skip_to_semicolon(l);
	} else {
		read_unquoted(l, &p.value);
	}
	/* "name=" has no value; "name=\"\"" has an empty one */
	if ((p.value.len == 0 && !quoted) || !split_name(&p, l->s + start, n)) {
		buf_free(&p.value);
		return;
	}
	vec_push(raw, &p);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* %XX to bytes; a '%' that starts no escape stays as it is. */
static void
percent_decode(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
			buf_addc(out, (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
			i += 2;
		} else {
			buf_addc(out, s[i]);
		}
	}
}

/* Finds "charset'language'" at the start of v; returns the offset after it, or 0. */
static size_t
charset_prefix(const char *v, size_t n, size_t *cs_len)
{
	const char *q1 = memchr(v, '\'', n), *q2;

	if (q1 == NULL)
		return 0;
	q2 = memchr(q1 + 1, '\'', n - (size_t)(q1 + 1 - v));
	if (q2 == NULL)
		return 0;
	*cs_len = (size_t)(q1 - v);
	return (size_t)(q2 + 1 - v);
}

/*
 * A value that names no charset: raw 8-bit bytes and RFC 2047 words (which
 * Outlook puts in file names) become UTF-8. A boundary is kept byte for byte:
 * it must match the body exactly.
 */
static void
decode_plain(struct buf *out, const char *name, const char *v, size_t n)
{
	if (strcmp(name, "boundary") == 0)
		buf_add(out, v, n);
	else
		mime_ew_decode(out, v, n);
}

/*
 * Broken mail repeats "charset'" (and maybe "lang'") at the start of later
 * sections; returns how much of that to skip.
 */
static size_t
repeated_charset(const char *v, size_t n, const char *cs, size_t cs_len)
{
	size_t i;

	if (cs == NULL || n <= cs_len || v[cs_len] != '\'' ||
	    str_ncasecmp_ascii(v, cs, cs_len) != 0)
		return 0;
	for (i = cs_len + 1; i < n && (v[i] == '-' || ((v[i] | 0x20) >= 'a' &&
	    (v[i] | 0x20) <= 'z')); i++)
		;
	return i < n && v[i] == '\'' ? i + 1 : cs_len + 1;
}

/* Joins RFC 2231 sections r[0..n), sorted by section (of a repeated one the first wins). */
static void
join_sections(struct buf *out, const struct raw_param *r, size_t n)
{
	struct buf bytes = BUF_INIT;
	const char *cs = NULL, *v;
	size_t cs_len = 0, skip, len;

	for (size_t i = 0; i < n; i++) {
		if (i > 0 && r[i].section == r[i - 1].section)
			continue;
		v = buf_cstr(&r[i].value);
		len = r[i].value.len;
		if (!r[i].extended) {
			buf_add(&bytes, v, len);
			continue;
		}
		if (r[i].section == 0) {
			skip = charset_prefix(v, len, &cs_len);
			cs = skip > 0 ? v : NULL;
		} else {
			skip = repeated_charset(v, len, cs, cs_len);
		}
		percent_decode(&bytes, v + skip, len - skip);
	}
	if (cs != NULL && cs_len > 0)
		mime_charset_to_utf8(out, cs, cs_len, buf_cstr(&bytes), bytes.len);
	else
		decode_plain(out, r[0].name, buf_cstr(&bytes), bytes.len);
	buf_free(&bytes);
}

/* Sorts by name, then plain values after RFC 2231 ones, then section, then order. */
static int
raw_cmp(const void *a, const void *b)
{
	const struct raw_param *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	if ((x->section < 0) != (y->section < 0))
		return x->section < 0 ? 1 : -1;
	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

struct final_param {
	size_t order;		/* where the name first stood */
	struct mime_param p;
};

static int
final_cmp(const void *a, const void *b)
{
	const struct final_param *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* Removes NUL bytes so that the value is a whole C string. */
static char *
detach_string(struct buf *b)
{
	size_t j = 0;

	for (size_t i = 0; i < b->len; i++)
		if (b->data[i] != '\0')
			b->data[j++] = b->data[i];
	buf_truncate(b, j);
	return buf_detach(b);
}

/* Turns the raw parameters (sorted) into one decoded value per name. */
static void
assemble(struct vec *final, const struct raw_param *r, size_t n)
{
	struct buf value = BUF_INIT;
	struct final_param *f;
	size_t i = 0, j, order;

	while (i < n) {
		order = r[i].order;
		for (j = i + 1; j < n && strcmp(r[j].name, r[i].name) == 0; j++)
			if (r[j].order < order)
				order = r[j].order;
		if (r[i].section >= 0) {
			size_t k = i;

			while (k < j && r[k].section >= 0)
				k++;
			join_sections(&value, r + i, k - i);
		} else {
			decode_plain(&value, r[i].name, buf_cstr(&r[i].value), r[i].value.len);
		}
		f = vec_push_zero(final);
		f->order = order;
		f->p.name = xstrdup(r[i].name);
		f->p.value = detach_string(&value);
		i = j;
	}
}

/* Builds ct->params from the raw list: RFC 2231 joined, one per name, in the order written. */
static void
build_params(struct mime_ctype *ct, struct vec *raw)
{
	struct vec final = VEC_INIT(struct final_param);

	if (raw->len > 0)
		qsort(raw->items, raw->len, raw->size, raw_cmp);
	assemble(&final, raw->items, raw->len);
	if (final.len > 0)
		qsort(final.items, final.len, final.size, final_cmp);
	for (size_t i = 0; i < final.len; i++) {
		struct final_param *f = VEC_AT(&final, struct final_param, i);

		if (i < MIME_MAX_PARAMS) {
			vec_push(&ct->params, &f->p);
		} else {
			free(f->p.name);
			free(f->p.value);
		}
	}
	vec_free(&final);
}

void
mime_ctype_parse(struct mime_ctype *ct, const char *value, size_t len)
{
	struct lex l = { value, len, 0 };
	struct vec raw = VEC_INIT(struct raw_param);

	ct->type = NULL;
	ct->subtype = NULL;
	vec_init(&ct->params, sizeof(struct mime_param));
	parse_type(ct, &l);
	/* ';' is optional: "a/b\n name=x" without it is common enough */
	while (l.pos < l.len && raw.len < PARAM_MAX_RAW) {
		skip_cfws(&l);
		if (l.pos < l.len && l.s[l.pos] == ';')
			l.pos++;
		else if (l.pos < l.len)
			read_param(&l, &raw);
	}
	build_params(ct, &raw);
	for (size_t i = 0; i < raw.len; i++) {
		free(VEC_AT(&raw, struct raw_param, i)->name);
		buf_free(&VEC_AT(&raw, struct raw_param, i)->value);
	}
	vec_free(&raw);
}

void
mime_ctype_free(struct mime_ctype *ct)
{
	for (size_t i = 0; i < ct->params.len; i++) {
		free(VEC_AT(&ct->params, struct mime_param, i)->name);
		free(VEC_AT(&ct->params, struct mime_param, i)->value);
	}
	vec_free(&ct->params);
	free(ct->type);
	free(ct->subtype);
	ct->type = NULL;
	ct->subtype = NULL;
}

const char *
mime_ctype_param(const struct mime_ctype *ct, const char *name)
{
	for (size_t i = 0; i < ct->params.len; i++) {
		const struct mime_param *p = VEC_AT(&ct->params, struct mime_param, i);

		if (strcmp(p->name, name) == 0)
			return p->value;
	}
	return NULL;
}

/* RFC 2231 attribute-char: a token character other than '*', '\'' and '%'. */
static bool
is_attr_char(char c)
{
	return is_token(c) && c != '*' && c != '\'' && c != '%';
}

/*
 * Whether value can be written as a quoted string: printable ASCII only, and
 * no "=?" that a reader would take for an encoded word.
 */
static bool
plain_ascii(const char *value)
{
	for (const char *p = value; *p != '\0'; p++)
		if (*p < ' ' || *p > '~' || (p[0] == '=' && p[1] == '?'))
			return false;
	return true;
}

/* Bytes the quoted form of s[0..n) needs, quotes not counted. */
static size_t
quoted_width(const char *s, size_t n)
{
	size_t w = n;

	for (size_t i = 0; i < n; i++)
		w += s[i] == '"' || s[i] == '\\';
	return w;
}

static void
add_quoted(struct buf *out, const char *s, size_t n)
{
	buf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_addc(out, '\\');
		buf_addc(out, s[i]);
	}
	buf_addc(out, '"');
}

/* Bytes %XX-encoding of the UTF-8 character at s[0..n) needs; *clen gets its length. */
static size_t
encoded_char_width(const char *s, size_t n, size_t *clen)
{
	size_t len = 1, w;

	while (len < n && len < 4 && ((unsigned char)s[len] & 0xc0) == 0x80 &&
	    (unsigned char)s[0] >= 0xc0)
		len++;
	*clen = len;
	w = 0;
	for (size_t i = 0; i < len; i++)
		w += is_attr_char(s[i]) ? 1 : 3;
	return w;
}

static void
add_percent(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (is_attr_char(s[i]))
			buf_addc(out, s[i]);
		else
			buf_addf(out, "%%%02X", (unsigned char)s[i]);
	}
}

/* Adds "; item" or, when it would pass the line, ";" CRLF " item". */
static void
add_item(struct buf *out, const char *item, size_t len, size_t *col)
{
	buf_addc(out, ';');
	(*col)++;
	/* keep room for the ';' a following parameter puts at the end of the line */
	if (*col + 1 + len + 1 > PARAM_LINE) {
		buf_adds(out, "\r\n ");
		*col = 1;
	} else {
		buf_addc(out, ' ');
		(*col)++;
	}
	buf_add(out, item, len);
	*col += len;
}

/*
 * How many bytes of value[0..n) fit in budget columns, whole characters
 * only (whole escapes for a quoted section); at least one character.
 */
static size_t
section_take(const char *v, size_t n, size_t budget, bool extended)
{
	size_t used = 0, i = 0, clen, w;

	while (i < n) {
		clen = 1;
		if (extended)
			w = encoded_char_width(v + i, n - i, &clen);
		else
			w = quoted_width(v + i, 1);
		if (i > 0 && used + w > budget)
			break;
		used += w;
		i += clen;
	}
	return i;
}

/* Writes RFC 2231 sections, one a line: name*0*=utf-8''%XX, name*1*= (plain: name*0=""). */
static void
add_sections(struct buf *out, const char *name, const char *v, size_t n, bool extended,
    size_t *col)
{
	struct buf item = BUF_INIT;
	size_t i = 0, take, fixed;

	for (unsigned section = 0; i < n; section++) {
		buf_reset(&item);
		buf_addf(&item, extended ? "%s*%u*=%s" : "%s*%u=", name, section,
		    extended && section == 0 ? "utf-8''" : "");
		/* the line: a space, the item, a closing quote pair, a ';' */
		fixed = 1 + item.len + (extended ? 0 : 2) + 1;
		take = section_take(v + i, n - i, fixed < PARAM_LINE ? PARAM_LINE - fixed : 0,
		    extended);
		if (extended)
			add_percent(&item, v + i, take);
		else
			add_quoted(&item, v + i, take);
		buf_adds(out, ";\r\n ");
		buf_add(out, item.data, item.len);
		*col = 1 + item.len;
		i += take;
	}
	buf_free(&item);
}

void
mime_param_write(struct buf *out, const char *name, const char *value, size_t *col)
{
	struct buf item = BUF_INIT;
	size_t n = strlen(value), c = 0, w = 0, clen;
	bool plain = plain_ascii(value);

	if (col == NULL)
		col = &c;
	if (plain) {
		buf_addf(&item, "%s=", name);
		if (1 + item.len + quoted_width(value, n) + 2 + 1 <= PARAM_LINE) {
			add_quoted(&item, value, n);
			add_item(out, item.data, item.len, col);
		} else {
			add_sections(out, name, value, n, false, col);
		}
		buf_free(&item);
		return;
	}
	for (size_t i = 0; i < n; i += clen)
		w += encoded_char_width(value + i, n - i, &clen);
	buf_addf(&item, "%s*=utf-8''", name);
	if (1 + item.len + w + 1 <= PARAM_LINE) {
		add_percent(&item, value, n);
		add_item(out, item.data, item.len, col);
	} else {
		add_sections(out, name, value, n, true, col);
	}
	buf_free(&item);
}
