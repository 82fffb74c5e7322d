/* imap-lex.c: the value grammar of IMAP responses over one line segment; see imap-lex.h. */
#include "net/imap-lex.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"
#include "util/str.h"

/*
 * A literal's buffer is grown by up to this much when its size is announced;
 * the rest grows as bytes arrive, so a size alone commits little memory.
 */
#define LITERAL_PREGROW		(1u << 20)

int
imap_lex_fail(struct imap_lexer *lx, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_setx(lx->err, ERR_ACCOUNT, "IMAP server: %s", msg);
}

void
imap_lex_init(struct imap_lexer *lx, struct imap_response *r, struct vec *root, bool code,
    uint64_t max_literal, struct err *e)
{
	lx->r = r;
	lx->root = root;
	lx->depth = 0;
	lx->code = code;
	lx->max_literal = max_literal;
	lx->err = e;
}

/* Adds a value where the lexer stands, within the caps; NULL (and the error set) past one. */
static struct imap_value *
push_value(struct imap_lexer *lx, enum imap_kind kind)
{
	struct vec *into = lx->depth > 0 ? &lx->stack[lx->depth - 1]->list : lx->root;
	struct imap_value *v;

	if (lx->r->nvalues >= IMAP_MAX_VALUES) {
		imap_lex_fail(lx, "more than %d values in one response", IMAP_MAX_VALUES);
		return NULL;
	}
	if (lx->depth > 0 && into->len >= IMAP_MAX_LIST_ITEMS) {
		imap_lex_fail(lx, "more than %d items in one list", IMAP_MAX_LIST_ITEMS);
		return NULL;
	}
	v = vec_push_zero(into);
	v->kind = kind;
	v->data = "";
	vec_init(&v->list, sizeof(struct imap_value));
	lx->r->nvalues++;
	return v;
}

int
imap_lex_push_bytes(struct imap_lexer *lx, enum imap_kind kind, const char *s, size_t len,
    uint64_t num)
{
	struct imap_value *v = push_value(lx, kind);

	if (v == NULL)
		return -1;
	v->num = num;
	v->off = lx->r->data.len;
	v->len = len;
	buf_add(&lx->r->data, s, len);
	buf_addc(&lx->r->data, '\0');
	return 0;
}

static int
open_list(struct imap_lexer *lx)
{
	struct imap_value *v;

	if (lx->depth >= IMAP_MAX_DEPTH)
		return imap_lex_fail(lx, "lists nested deeper than %d", IMAP_MAX_DEPTH);
	if ((v = push_value(lx, IMAP_LIST)) == NULL)
		return -1;
	lx->stack[lx->depth++] = v;
	return 0;
}

static int
close_list(struct imap_lexer *lx)
{
	if (lx->depth == 0)
		return imap_lex_fail(lx, "')' without a '(' before it");
	lx->depth--;
	return 0;
}

/* A quoted string from s[*pos] = '"'; "\\" and "\"" are unescaped, other backslashes kept. */
static int
lex_quoted(struct imap_lexer *lx, const char *s, size_t n, size_t *pos)
{
	struct buf *d = &lx->r->data;
	size_t off = d->len, j = *pos + 1, run = j;
	struct imap_value *v;

	while (j < n && s[j] != '"') {
		if (s[j] == '\\' && j + 1 < n && (s[j + 1] == '"' || s[j + 1] == '\\')) {
			buf_add(d, s + run, j - run);
			run = j + 1;
			j += 2;
			continue;
		}
		j++;
	}
	if (j == n)
		return imap_lex_fail(lx, "a quoted string is not closed before the end of the line");
	buf_add(d, s + run, j - run);
	if ((v = push_value(lx, IMAP_STRING)) == NULL)
		return -1;
	v->off = off;
	v->len = d->len - off;
	buf_addc(d, '\0');
	*pos = j + 1;
	return 0;
}

static enum imap_kind
classify_atom(const char *s, size_t len, uint64_t *num)
{
	uint64_t n = 0;

	*num = 0;
	if (len == 3 && str_ncasecmp_ascii(s, "NIL", 3) == 0)
		return IMAP_NIL;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || n > (UINT64_MAX - d) / 10)
			return IMAP_ATOM;
		n = n * 10 + d;
	}
	*num = n;
	return IMAP_NUMBER;
}

/* Where the section that s[j] = '[' opens ends: after its ']', skipping quoted strings. */
static size_t
section_end(const char *s, size_t n, size_t j)
{
	bool quoted = false;

	for (j++; j < n; j++) {
		if (quoted && s[j] == '\\' && j + 1 < n)
			j++;
		else if (s[j] == '"')
			quoted = !quoted;
		else if (s[j] == ']' && !quoted)
			return j + 1;
	}
	return n;	/* no ']': the atom runs to the end of the line */
}

/*
 * An atom, read leniently: anything up to a space or parenthesis. A '['
 * opens a section that runs to its ']' whatever it holds, so that
 * "BODY[HEADER.FIELDS (FROM SUBJECT)]<0>" is one item name.
 */
static int
lex_atom(struct imap_lexer *lx, const char *s, size_t n, size_t *pos)
{
	size_t i = *pos, j = i;
	enum imap_kind kind;
	uint64_t num;

	while (j < n) {
		char c = s[j];

		if (c == ' ' || c == '(' || c == ')' || (lx->code && c == ']'))
			break;
		if (c == '[' && !lx->code) {
			j = section_end(s, n, j);
			continue;
		}
		j++;
	}
	*pos = j;
	kind = classify_atom(s + i, j - i, &num);
	if (kind == IMAP_NIL)
		return push_value(lx, IMAP_NIL) != NULL ? 0 : -1;
	return imap_lex_push_bytes(lx, kind, s + i, j - i, num);
}

/*
 * Reads "{n}", "{n+}" or "~{n}" at s[i]. Returns 1 with *len set when it is
 * one, 0 when the bytes are no literal marker (then they are an atom).
 */
static int
literal_marker(const char *s, size_t n, size_t i, size_t *end, uint64_t *len)
{
	size_t j = i + (s[i] == '~') + 1, digits = 0;
	uint64_t v = 0;

	for (; j < n && s[j] >= '0' && s[j] <= '9'; j++, digits++) {
		if (v > UINT64_MAX / 10 - 1)
			v = UINT64_MAX / 10 - 1;	/* saturates; the cap rejects it */
		v = v * 10 + (uint64_t)(s[j] - '0');
	}
	if (digits == 0)
		return 0;
	if (j < n && s[j] == '+')
		j++;
	if (j == n || s[j] != '}')
		return 0;
	*end = j + 1;
	*len = v;
	return 1;
}

static int
start_literal(struct imap_lexer *lx, uint64_t len)
{
	struct imap_response *r = lx->r;
	struct imap_value *v;

	if (lx->code)
		return imap_lex_fail(lx, "a literal inside a response code");
	if (len > lx->max_literal || r->literal_bytes > lx->max_literal - len)
		return imap_lex_fail(lx, "literals over the limit of %" PRIu64 " bytes in one response",
		    lx->max_literal);
	if ((v = push_value(lx, IMAP_LITERAL)) == NULL)
		return -1;
	r->literal_bytes += len;
	v->off = r->data.len;
	v->len = (size_t)len;
	buf_grow(&r->data, (len < LITERAL_PREGROW ? (size_t)len : LITERAL_PREGROW) + 1);
	return 0;
}

int
imap_lex_values(struct imap_lexer *lx, const char *s, size_t n, size_t *pos, uint64_t *litlen)
{
	size_t i = *pos, end;
	int rc;

	for (;;) {
		while (i < n && s[i] == ' ')
			i++;
		*pos = i;
		if (i == n)
			return IMAP_LEX_END;
		if (s[i] == ']' && lx->code) {
			*pos = i + 1;
			if (lx->depth > 0)
				return imap_lex_fail(lx, "']' inside a list");
			return IMAP_LEX_CODE_END;
		}
		if ((s[i] == '{' || (s[i] == '~' && i + 1 < n && s[i + 1] == '{')) &&
		    literal_marker(s, n, i, &end, litlen)) {
			if (end != n)
				return imap_lex_fail(lx, "a literal marker is not at the end of its line");
			*pos = end;
			return start_literal(lx, *litlen) < 0 ? IMAP_LEX_ERR : IMAP_LEX_LITERAL;
		}
		if (s[i] == '(' || s[i] == ')') {
			rc = s[i] == '(' ? open_list(lx) : close_list(lx);
			i++;
		} else if (s[i] == '"') {
			rc = lex_quoted(lx, s, n, &i);
		} else {
			rc = lex_atom(lx, s, n, &i);
		}
		if (rc < 0)
			return IMAP_LEX_ERR;
	}
}

void
imap_values_free(struct vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		struct imap_value *x = VEC_AT(v, struct imap_value, i);

		if (x->kind == IMAP_LIST)
			imap_values_free(&x->list);	/* no deeper than IMAP_MAX_DEPTH */
	}
	vec_free(v);
}
