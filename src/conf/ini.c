/* ini.c: a small, strict INI reader with line numbers (see ini.h for the syntax). */
#include "conf/ini.h"

#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

struct ini_state {
	struct buf section;
	struct buf key;
	struct buf value;
	unsigned line;
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Printable ASCII but '=': [bind] keys name keys themselves ("index.$",
 * "pager.<space>", "index.^G"); other sections know their keys by name and
 * refuse the rest there.
 */
static int
is_key_char(char c)
{
	return c > ' ' && c < 0x7f && c != '=';
}

/* Trims white space at both ends of [*s, *end). */
static void
trim(const char **s, const char **end)
{
	while (*s < *end && is_space(**s))
		(*s)++;
	while (*end > *s && is_space((*end)[-1]))
		(*end)--;
}

static int
parse_section(struct ini_state *st, const char *s, const char *end, struct err *e)
{
	const char *close = memchr(s, ']', (size_t)(end - s));
	const char *name, *name_end, *rest;

	if (close == NULL)
		return err_set(e, "section header without ']'");
	rest = close + 1;
	while (rest < end && is_space(*rest))
		rest++;
	if (rest < end && *rest != ';' && *rest != '#')
		return err_set(e, "unexpected text after section header");
	name = s + 1;
	name_end = close;
	trim(&name, &name_end);
	if (name == name_end)
		return err_set(e, "empty section name");
	buf_reset(&st->section);
	/* Inner runs of white space become one space: "account  work" = "account work". */
	for (const char *p = name; p < name_end; p++) {
		if (is_space(*p)) {
			if (!is_space(p[-1]))
				buf_addc(&st->section, ' ');
		} else if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			return err_set(e, "control character in section name");
		} else {
			buf_addc(&st->section, *p);
		}
	}
	return 0;
}

/* A quoted value: "..." with \" and \\; only a comment may follow. */
static int
parse_quoted(struct ini_state *st, const char *s, const char *end, struct err *e)
{
	const char *p = s + 1;

	for (; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
			p++;
		buf_addc(&st->value, *p);
	}
	if (p == end)
		return err_set(e, "missing closing '\"'");
	for (p++; p < end && is_space(*p); p++)
		;
	if (p < end && *p != ';' && *p != '#')
		return err_set(e, "unexpected text after quoted value");
	return 0;
}

static int
parse_value(struct ini_state *st, const char *s, const char *end, struct err *e)
{
	buf_reset(&st->value);
	trim(&s, &end);
	if (s < end && *s == '"')
		return parse_quoted(st, s, end, e);
	/* A trailing comment starts at ';' preceded by white space. */
	for (const char *p = s; p < end; p++) {
		if (*p == ';' && p > s && is_space(p[-1])) {
			end = p;
			trim(&s, &end);
			break;
		}
	}
	buf_add(&st->value, s, (size_t)(end - s));
	return 0;
}

static int
parse_pair(struct ini_state *st, const char *s, const char *end, struct err *e)
{
	const char *eq = memchr(s, '=', (size_t)(end - s));
	const char *k = s, *k_end;

	if (eq == NULL)
		return err_set(e, "expected 'key = value' or '[section]'");
	k_end = eq;
	trim(&k, &k_end);
	if (k == k_end)
		return err_set(e, "missing key before '='");
	for (const char *p = k; p < k_end; p++)
		if (!is_key_char(*p))
			return err_set(e, "invalid character in key '%.*s'",
			    (int)(k_end - k), k);
	buf_reset(&st->key);
	buf_add(&st->key, k, (size_t)(k_end - k));
	return parse_value(st, eq + 1, end, e);
}

static int
parse_line(struct ini_state *st, const char *s, const char *end,
    ini_handler fn, void *ctx, struct err *e)
{
	struct ini_item item = { buf_cstr(&st->section), NULL, NULL, st->line };

	trim(&s, &end);
	if (s == end || *s == ';' || *s == '#')
		return 0;
	if (memchr(s, '\0', (size_t)(end - s)) != NULL)
		return err_set(e, "NUL byte in line");
	if (*s == '[') {
		if (parse_section(st, s, end, e) < 0)
			return -1;
		item.section = buf_cstr(&st->section);
		return fn(ctx, &item, e);
	}
	if (parse_pair(st, s, end, e) < 0)
		return -1;
	item.key = buf_cstr(&st->key);
	item.value = buf_cstr(&st->value);
	return fn(ctx, &item, e);
}

int
ini_parse(const char *name, const char *text, size_t len, ini_handler fn,
    void *ctx, struct err *e)
{
	struct ini_state st = { BUF_INIT, BUF_INIT, BUF_INIT, 0 };
	const char *p = text, *end = text + len;
	int rc = 0;

	if (len > INI_MAX_SIZE)
		return err_set(e, "%s: file is larger than %d bytes", name, INI_MAX_SIZE);
	/* A UTF-8 byte order mark is tolerated at the very start. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		st.line++;
		if (eol - p > INI_MAX_LINE) {
			rc = err_set(e, "line is longer than %d bytes", INI_MAX_LINE);
		} else {
			const char *stop = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
			rc = parse_line(&st, p, stop, fn, ctx, e);
		}
		p = nl ? nl + 1 : end;
	}
	if (rc < 0)
		err_prefix(e, "%s:%u", name, st.line);
	buf_free(&st.section);
	buf_free(&st.key);
	buf_free(&st.value);
	return rc;
}
