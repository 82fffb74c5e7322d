/* json.c: streaming JSON writer. */
#include "util/json.h"

#include <inttypes.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/str.h"

#define JSON_XSTR_(x)	JSON_STR_(x)
#define JSON_STR_(x)	#x

void
json_init(struct json_writer *w, struct buf *out, unsigned flags)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->flags = flags;
}

int
json_finish(const struct json_writer *w, struct err *e)
{
	if (w->misuse != NULL)
		return err_set(e, "cannot write JSON: %s", w->misuse);
	if (!w->done)
		return err_set(e, "cannot write JSON: the value is not complete");
	return 0;
}

/* Only the first misuse is kept: later ones are usually its echoes. */
static void
misuse(struct json_writer *w, const char *why)
{
	if (w->misuse == NULL)
		w->misuse = why;
}

static void
newline(struct json_writer *w, int depth)
{
	if (!(w->flags & JSON_PRETTY))
		return;
	buf_addc(w->out, '\n');
	for (int i = 0; i < depth; i++)
		buf_adds(w->out, "  ");
}

/* Starts a new member of the innermost array or object: comma, indent. */
static void
next_member(struct json_writer *w)
{
	if (w->count[w->depth - 1]++ > 0)
		buf_addc(w->out, ',');
	newline(w, w->depth);
}

/* Checks that a value may come here and writes what goes before it. */
static bool
value_start(struct json_writer *w)
{
	if (w->misuse != NULL)
		return false;
	if (w->depth == 0) {
		if (w->done)
			misuse(w, "more than one top-level value");
		return !w->done;
	}
	if (w->open[w->depth - 1] == '[') {
		next_member(w);
		return true;
	}
	if (!w->have_key) {
		misuse(w, "a value in an object without a key");
		return false;
	}
	w->have_key = false;
	return true;
}

static void
value_end(struct json_writer *w)
{
	if (w->depth == 0)
		w->done = true;
}

static void
begin(struct json_writer *w, char open)
{
	if (w->misuse == NULL && w->depth == JSON_MAX_DEPTH)
		misuse(w, "nesting deeper than " JSON_XSTR_(JSON_MAX_DEPTH)
		    " levels");
	if (!value_start(w))
		return;
	w->open[w->depth] = open;
	w->count[w->depth] = 0;
	w->depth++;
	buf_addc(w->out, open);
}

static void
end(struct json_writer *w, char open, char close)
{
	if (w->misuse != NULL)
		return;
	if (w->depth == 0 || w->open[w->depth - 1] != open) {
		misuse(w, open == '{' ? "an object end without its beginning" :
		    "an array end without its beginning");
		return;
	}
	if (w->have_key) {
		misuse(w, "a key without a value");
		return;
	}
	w->depth--;
	if (w->count[w->depth] > 0)
		newline(w, w->depth);
	buf_addc(w->out, close);
	value_end(w);
}

void
json_begin_object(struct json_writer *w)
{
	begin(w, '{');
}

void
json_end_object(struct json_writer *w)
{
	end(w, '{', '}');
}

void
json_begin_array(struct json_writer *w)
{
	begin(w, '[');
}

void
json_end_array(struct json_writer *w)
{
	end(w, '[', ']');
}

static void
add_escape(struct buf *out, unsigned char c)
{
	switch (c) {
	case '"':
		buf_adds(out, "\\\"");
		break;
	case '\\':
		buf_adds(out, "\\\\");
		break;
	case '\b':
		buf_adds(out, "\\b");
		break;
	case '\f':
		buf_adds(out, "\\f");
		break;
	case '\n':
		buf_adds(out, "\\n");
		break;
	case '\r':
		buf_adds(out, "\\r");
		break;
	case '\t':
		buf_adds(out, "\\t");
		break;
	default:
		buf_addf(out, "\\u%04x", c);
		break;
	}
}

static bool
is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* DEL and C1 controls are escaped too: the output often ends up on a terminal. */
static void
add_string(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, run, n;
	int32_t cp;

	buf_grow(out, len + 2);
	buf_addc(out, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (is_plain(c)) {
			for (run = 1; i + run < len &&
			    is_plain((unsigned char)s[i + run]); run++)
				;
			buf_add(out, s + i, run);
			i += run;
			continue;
		}
		if (c < 0x80) {
			add_escape(out, c);
			i++;
			continue;
		}
		n = str_utf8_next(s + i, len - i, &cp);
		if (cp < 0)
			buf_adds(out, "\xef\xbf\xbd");	/* U+FFFD */
		else if (cp <= 0x9f)
			buf_addf(out, "\\u%04x", (unsigned)cp);
		else
			buf_add(out, s + i, n);
		i += n;
	}
	buf_addc(out, '"');
}

void
json_key(struct json_writer *w, const char *name)
{
	if (w->misuse != NULL)
		return;
	if (w->depth == 0 || w->open[w->depth - 1] != '{') {
		misuse(w, "a key outside an object");
		return;
	}
	if (w->have_key) {
		misuse(w, "two keys in a row");
		return;
	}
	next_member(w);
	add_string(w->out, name, strlen(name));
	buf_adds(w->out, (w->flags & JSON_PRETTY) ? ": " : ":");
	w->have_key = true;
}

void
json_string_len(struct json_writer *w, const char *s, size_t len)
{
	if (!value_start(w))
		return;
	add_string(w->out, s, len);
	value_end(w);
}

void
json_string(struct json_writer *w, const char *s)
{
	if (s == NULL)
		json_null(w);
	else
		json_string_len(w, s, strlen(s));
}

void
json_int(struct json_writer *w, int64_t v)
{
	if (!value_start(w))
		return;
	buf_addf(w->out, "%" PRId64, v);
	value_end(w);
}

void
json_uint(struct json_writer *w, uint64_t v)
{
	if (!value_start(w))
		return;
	buf_addf(w->out, "%" PRIu64, v);
	value_end(w);
}

static void
add_literal(struct json_writer *w, const char *lit)
{
	if (!value_start(w))
		return;
	buf_adds(w->out, lit);
	value_end(w);
}

void
json_bool(struct json_writer *w, bool v)
{
	add_literal(w, v ? "true" : "false");
}

void
json_null(struct json_writer *w)
{
	add_literal(w, "null");
}
