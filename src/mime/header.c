/* header.c: splitting an RFC 5322 header block into fields without copying it. */
#include "mime/header.h"

#include <string.h>

#include "mime/encword.h"
#include "mime/limits.h"
#include "util/buf.h"
#include "util/str.h"

void
mime_header_init(struct mime_header *h)
{
	vec_init(&h->fields, sizeof(struct mime_field));
	h->truncated = false;
	h->malformed = false;
}

void
mime_header_clear(struct mime_header *h)
{
	vec_clear(&h->fields);
	h->truncated = false;
	h->malformed = false;
}

void
mime_header_free(struct mime_header *h)
{
	vec_free(&h->fields);
	h->truncated = false;
	h->malformed = false;
}

static bool
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_eol(char c)
{
	return c == '\r' || c == '\n';
}

/*
 * Finds the end of the line starting at pos: *eol gets the offset of its line
 * break (or len), the return value the start of the next line. CRLF, LF and
 * a lone CR all end a line.
 */
static size_t
next_line(const char *data, size_t len, size_t pos, size_t *eol)
{
	const char *lf = memchr(data + pos, '\n', len - pos);
	size_t end = lf != NULL ? (size_t)(lf - data) : len;
	const char *cr = memchr(data + pos, '\r', end - pos);

	pos = cr != NULL ? (size_t)(cr - data) : end;
	*eol = pos;
	if (pos < len && data[pos] == '\r' && pos + 1 < len && data[pos + 1] == '\n')
		return pos + 2;
	return pos < len ? pos + 1 : pos;
}

/*
 * The length of the field name if data[pos..eol) is a field line ("Name:" or,
 * tolerated, "Name :"), else 0. *colon gets the colon's offset.
 */
static size_t
field_name_len(const char *data, size_t pos, size_t eol, size_t *colon)
{
	size_t i = pos, name_end;

	/* RFC 5322 ftext: printable US-ASCII except the colon */
	while (i < eol && (unsigned char)data[i] > ' ' &&
	    (unsigned char)data[i] < 0x7f && data[i] != ':')
		i++;
	name_end = i;
	if (name_end == pos)
		return 0;
	while (i < eol && is_wsp(data[i]))
		i++;
	if (i == eol || data[i] != ':')
		return 0;
	*colon = i;
	return name_end - pos;
}

/* Adds a field unless a cap is reached; past a cap only the flag records it. */
static void
add_field(struct mime_header *h, size_t offset, const struct mime_field *f)
{
	if (h->fields.len >= MIME_MAX_FIELDS || offset >= MIME_MAX_HEADER_BYTES) {
		h->truncated = true;
		return;
	}
	vec_push(&h->fields, f);
}

/*
 * Reads the field whose colon is at `colon` and whose first line ends at
 * eol, with its continuation lines. Returns where the next line starts.
 */
static size_t
read_field_value(struct mime_field *f, const char *data, size_t len,
    size_t colon, size_t eol, size_t next)
{
	size_t start = colon + 1;

	while (next < len && is_wsp(data[next]))
		next = next_line(data, len, next, &eol);
	/* white space and folds right after the colon are not part of the value */
	while (start < eol && (is_wsp(data[start]) || is_eol(data[start])))
		start++;
	f->value = data + start;
	f->value_len = eol - start;
	return next;
}

size_t
mime_header_scan(struct mime_header *h, const char *data, size_t len)
{
	struct mime_field f;
	size_t pos = 0, next, eol, colon, name_len;

	/* An mbox From_ line, or one quoted as ">From " inside a saved message. */
	if ((len >= 5 && memcmp(data, "From ", 5) == 0) ||
	    (len >= 6 && memcmp(data, ">From ", 6) == 0))
		pos = next_line(data, len, 0, &eol);
	while (pos < len) {
		next = next_line(data, len, pos, &eol);
		if (eol == pos)
			return next;	/* the empty line: the body follows it */
		name_len = field_name_len(data, pos, eol, &colon);
		if (name_len == 0) {
			/* no field and no continuation: the body starts here */
			h->malformed = true;
			return pos;
		}
		f.name = data + pos;
		f.name_len = name_len;
		next = read_field_value(&f, data, len, colon, eol, next);
		add_field(h, pos, &f);
		pos = next;
	}
	return len;
}

static bool
name_is(const struct mime_field *f, const char *name, size_t name_len)
{
	return f->name_len == name_len &&
	    str_ncasecmp_ascii(f->name, name, name_len) == 0;
}

const struct mime_field *
mime_header_find(const struct mime_header *h, const char *name)
{
	size_t name_len = strlen(name);

	for (size_t i = 0; i < h->fields.len; i++) {
		const struct mime_field *f = VEC_AT(&h->fields, struct mime_field, i);

		if (name_is(f, name, name_len))
			return f;
	}
	return NULL;
}

size_t
mime_header_count(const struct mime_header *h, const char *name)
{
	size_t name_len = strlen(name), n = 0;

	for (size_t i = 0; i < h->fields.len; i++)
		if (name_is(VEC_AT(&h->fields, struct mime_field, i), name, name_len))
			n++;
	return n;
}

/* Drops white space at the end of out, back to offset start. */
static void
trim_end(struct buf *out, size_t start)
{
	size_t n = out->len;

	while (n > start && (is_wsp(out->data[n - 1]) || is_eol(out->data[n - 1])))
		n--;
	buf_truncate(out, n);
}

/*
 * Unfolds f into out. With collapse, a fold and the white space on both
 * sides of it become one space, so that indentation of continuation lines
 * does not show in text meant for reading.
 */
static void
unfold(struct buf *out, const struct mime_field *f, bool collapse)
{
	const char *v = f->value;
	size_t n = f->value_len, start = out->len, i = 0, run, brk;

	buf_grow(out, n);
	while (i < n) {
		for (run = i; run < n && !is_eol(v[run]); run++)
			;
		buf_add(out, v + i, run - i);
		if (run == n)
			break;
		brk = v[run] == '\r' && run + 1 < n && v[run + 1] == '\n' ? 2 : 1;
		i = run + brk;
		if (i == n || !is_wsp(v[i])) {
			buf_add(out, v + run, brk);	/* not a fold: kept */
		} else if (collapse) {
			trim_end(out, start);
			while (i < n && is_wsp(v[i]))
				i++;
			if (out->len > start)
				buf_addc(out, ' ');
		}
	}
	trim_end(out, start);
}

void
mime_field_unfold(struct buf *out, const struct mime_field *f)
{
	unfold(out, f, false);
}

void
mime_field_text(struct buf *out, const struct mime_field *f)
{
	struct buf tmp = BUF_INIT;

	unfold(&tmp, f, true);
	mime_ew_decode(out, buf_cstr(&tmp), tmp.len);
	buf_free(&tmp);
}
