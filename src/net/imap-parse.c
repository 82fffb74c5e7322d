/* imap-parse.c: the IMAP response push parser: framing (lines, literals), heads, codes and text. */
#include "net/imap-parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/imap-lex.h"
#include "util/err.h"
#include "util/str.h"
#include "util/xalloc.h"

/* A line buffer bigger than this is given back after use rather than kept. */
#define LINE_KEEP		(64u << 10)
/* So is a recycled response's buffer (a body fetched whole, say). */
#define RESPONSE_KEEP		(64u << 10)
/* Bytes of the offending line quoted in an error message. */
#define EXCERPT_LEN		80

/*
 * The framing: a response is line segments, each up to its LF, with a
 * literal's bytes between two segments. A segment is read whole before it is
 * tokenised, so tokens never span feeds; only the list stack has to survive
 * from one segment to the next.
 */
enum pstate {
	PS_LINE,	/* collecting a segment up to LF */
	PS_LITERAL,	/* counting literal bytes into the response */
	PS_FAILED,	/* out of step; nothing more is read */
};

/* Where the reading of a response stands when a segment starts. */
enum rmode {
	RM_HEAD,	/* the tag and the first word are next */
	RM_VALUES,	/* inside the values, after a literal */
};

struct imap_parser {
	enum pstate state;
	enum rmode mode;
	struct buf line;		/* the segment being collected */
	struct imap_response *cur;	/* being read; NULL between responses */
	struct imap_lexer lx;
	uint64_t lit_total, lit_left;
	uint64_t max_literal;
	struct vec ready;		/* struct imap_response *, complete */
	size_t ready_head;
	struct imap_response *spare;	/* handed back, for the next response */
	struct err err;
};

static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static size_t
copy_to_data(struct imap_response *r, const char *s, size_t len)
{
	size_t off = r->data.len;

	buf_add(&r->data, s, len);
	buf_addc(&r->data, '\0');
	return off;
}

/*
 * Sets name and raw of the code that s[open] = '[' starts and that ends at
 * s[close] = ']'; the name runs to the first space.
 */
static void
set_code_text(struct imap_response *r, const char *s, size_t open, size_t close)
{
	size_t i = skip_spaces(s, close, open + 1), j = i;

	while (j < close && s[j] != ' ')
		j++;
	r->code.name_off = copy_to_data(r, s + i, j - i);
	j = skip_spaces(s, close, j);
	r->code.raw_off = copy_to_data(r, s + j, close - j);
	r->code.raw_len = close - j;
	r->code.name = "";	/* marks the code present until the pointers are set */
}

/*
 * Reads "[CODE args]" from s[*pos] = '['. Arguments that do not follow the
 * value grammar are no error: the code keeps its raw text, as unknown codes
 * may carry any text but ']'. Without a ']' there is no code: it is all text.
 */
static void
read_code(struct imap_response *r, const char *s, size_t n, size_t *pos)
{
	struct imap_lexer cl;
	struct err scratch;
	size_t j = *pos + 1, before = r->nvalues;
	const char *q;
	uint64_t lit;

	imap_lex_init(&cl, r, &r->code.args, true, 0, &scratch);
	if (imap_lex_values(&cl, s, n, &j, &lit) == IMAP_LEX_CODE_END && r->code.args.len > 0 &&
	    VEC_AT(&r->code.args, struct imap_value, 0)->kind == IMAP_ATOM) {
		/* the name was read as the first value: it is kept as text instead */
		vec_remove(&r->code.args, 0);
		r->nvalues--;
		set_code_text(r, s, *pos, j - 1);
		*pos = j;
		return;
	}
	imap_values_free(&r->code.args);
	r->nvalues = before;
	q = memchr(s + *pos, ']', n - *pos);
	if (q == NULL || skip_spaces(s, n, *pos + 1) == (size_t)(q - s))
		return;	/* no ']', or nothing in the brackets: text */
	set_code_text(r, s, *pos, (size_t)(q - s));
	*pos = (size_t)(q - s) + 1;
}

/* The resp-text after a status word: an optional code, then text to the end of the line. */
static void
read_text(struct imap_response *r, const char *s, size_t n, size_t i)
{
	i = skip_spaces(s, n, i);
	if (i < n && s[i] == '[')
		read_code(r, s, n, &i);
	i = skip_spaces(s, n, i);
	r->text_off = copy_to_data(r, s + i, n - i);
	r->text_len = n - i;
}

static bool
is_status_word(const char *s, size_t len)
{
	static const char *const words[] = { "OK", "NO", "BAD", "BYE", "PREAUTH" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == len && str_ncasecmp_ascii(s, words[i], len) == 0)
			return true;
	return false;
}

/* A tag is printable ASCII without atom-specials; '*' and '+' stand alone. */
static bool
valid_tag(const char *s, size_t len)
{
	if (len == 1 && (s[0] == '*' || s[0] == '+'))
		return true;
	for (size_t i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f || strchr("(){\"\\%*+", s[i]) != NULL)
			return false;
	return len > 0;
}

/*
 * Reads the tag and, for status responses, the whole line. Returns 1 when
 * the response is complete, 0 when values follow from *pos, -1 on error.
 */
static int
read_head(struct imap_parser *p, const char *s, size_t n, size_t *pos)
{
	struct imap_response *r = p->cur;
	size_t tl = 0, i, wl;

	while (tl < n && s[tl] != ' ')
		tl++;
	if (tl > IMAP_MAX_TAG || !valid_tag(s, tl))
		return imap_lex_fail(&p->lx, "a response line does not start with a tag, '*' or '+'");
	memcpy(r->tag, s, tl);
	r->tag[tl] = '\0';
	if (tl == 1 && s[0] == '+') {
		r->kind = IMAP_RESP_CONTINUE;
		read_text(r, s, n, tl);
		return 1;
	}
	r->kind = tl == 1 && s[0] == '*' ? IMAP_RESP_UNTAGGED : IMAP_RESP_TAGGED;
	if ((i = skip_spaces(s, n, tl)) == n)
		return imap_lex_fail(&p->lx, "a response has nothing after its tag");
	for (wl = 0; i + wl < n && s[i + wl] != ' '; wl++)
		;
	/* what follows a tag could be anything, even a literal: only a status word keeps us in step */
	if (r->kind == IMAP_RESP_TAGGED && !is_status_word(s + i, wl))
		return imap_lex_fail(&p->lx, "a tagged response without OK, NO or BAD");
	if (is_status_word(s + i, wl)) {
		if (imap_lex_push_bytes(&p->lx, IMAP_ATOM, s + i, wl, 0) < 0)
			return -1;
		read_text(r, s, n, i + wl);
		return 1;
	}
	*pos = i;
	p->mode = RM_VALUES;
	return 0;
}

static void
fix_values(struct vec *v, const char *base)
{
	for (size_t i = 0; i < v->len; i++) {
		struct imap_value *x = VEC_AT(v, struct imap_value, i);

		if (x->kind == IMAP_LIST)
			fix_values(&x->list, base);	/* no deeper than IMAP_MAX_DEPTH */
		else if (x->kind != IMAP_NIL)
			x->data = base + x->off;
	}
}

/* The response is whole: its pointers can be set, as its buffer will not move again. */
static void
finish_response(struct imap_parser *p)
{
	struct imap_response *r = p->cur;
	const char *base = buf_cstr(&r->data);

	fix_values(&r->values, base);
	fix_values(&r->code.args, base);
	if (r->code.name != NULL) {
		r->code.name = base + r->code.name_off;
		r->code.raw = base + r->code.raw_off;
	}
	r->text = base + r->text_off;
	if (p->ready_head > 64 && p->ready_head * 2 > p->ready.len) {
		memmove(p->ready.items, VEC_AT(&p->ready, struct imap_response *, p->ready_head),
		    (p->ready.len - p->ready_head) * sizeof(r));
		p->ready.len -= p->ready_head;
		p->ready_head = 0;
	}
	vec_push(&p->ready, &r);
	p->cur = NULL;
}

static struct imap_response *
response_new(struct imap_parser *p)
{
	struct imap_response *r = p->spare;

	if (r != NULL) {
		/* keeps the memory of its buffer and value list */
		p->spare = NULL;
		imap_values_free(&r->code.args);
		memset(&r->code, 0, sizeof(r->code));
		vec_init(&r->code.args, sizeof(struct imap_value));
		for (size_t i = 0; i < r->values.len; i++) {
			struct imap_value *x = VEC_AT(&r->values, struct imap_value, i);

			if (x->kind == IMAP_LIST)
				imap_values_free(&x->list);
		}
		vec_clear(&r->values);
		buf_reset(&r->data);
		buf_addc(&r->data, '\0');
		r->kind = 0;
		r->tag[0] = '\0';
		r->text = "";
		r->text_len = r->nvalues = r->line_bytes = r->literal_bytes = r->text_off = 0;
		return r;
	}
	r = xcalloc(1, sizeof(*r));

	vec_init(&r->values, sizeof(struct imap_value));
	vec_init(&r->code.args, sizeof(struct imap_value));
	buf_init(&r->data);
	/* offset 0 holds a NUL: the text of responses that have none */
	buf_addc(&r->data, '\0');
	r->text = "";
	return r;
}

/* Adds a visible excerpt of the line to the error, so that a broken server can be told from a bug. */
static int
fail_in_line(struct imap_parser *p, const char *s, size_t n)
{
	struct buf vis = BUF_INIT;
	size_t len = strlen(p->err.msg);

	str_make_visible(&vis, s, n < EXCERPT_LEN ? n : EXCERPT_LEN);
	snprintf(p->err.msg + len, sizeof(p->err.msg) - len, " (in \"%s%s\")",
	    buf_cstr(&vis), n > EXCERPT_LEN ? "..." : "");
	buf_free(&vis);
	p->state = PS_FAILED;
	return -1;
}

/* One whole segment is in p->line: tokenise it, then finish the response or expect a literal. */
static int
segment(struct imap_parser *p)
{
	char *s = p->line.data;
	size_t n = p->line.len - 1, pos = 0;	/* the LF is not part of it */
	uint64_t lit = 0;
	int rc;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (p->cur == NULL) {
		if (n == 0)
			return 0;	/* a stray empty line between responses */
		p->cur = response_new(p);
		p->mode = RM_HEAD;
		imap_lex_init(&p->lx, p->cur, &p->cur->values, false, p->max_literal, &p->err);
	}
	p->cur->line_bytes += p->line.len;
	if (memchr(s, '\0', n) != NULL) {
		imap_lex_fail(&p->lx, "a NUL byte in a response line");
		return fail_in_line(p, s, n);
	}
	if (p->mode == RM_HEAD && (rc = read_head(p, s, n, &pos)) != 0) {
		if (rc < 0)
			return fail_in_line(p, s, n);
		finish_response(p);
		return 0;
	}
	rc = imap_lex_values(&p->lx, s, n, &pos, &lit);
	if (rc == IMAP_LEX_ERR)
		return fail_in_line(p, s, n);
	if (rc == IMAP_LEX_LITERAL && lit == 0) {
		buf_addc(&p->cur->data, '\0');
		return 0;
	}
	if (rc == IMAP_LEX_LITERAL) {
		p->state = PS_LITERAL;
		p->lit_total = p->lit_left = lit;
		return 0;
	}
	if (p->lx.depth > 0) {
		imap_lex_fail(&p->lx, "a list is still open at the end of the response");
		return fail_in_line(p, s, n);
	}
	finish_response(p);
	return 0;
}

static size_t
feed_line(struct imap_parser *p, const char *s, size_t len)
{
	const char *lf = memchr(s, '\n', len);
	size_t take = lf != NULL ? (size_t)(lf - s) + 1 : len;
	size_t used = p->cur != NULL ? p->cur->line_bytes : 0;

	if (take > IMAP_MAX_LINE - used - p->line.len) {
		err_setx(&p->err, ERR_ACCOUNT,
		    "IMAP server: a response longer than %u bytes outside its literals",
		    IMAP_MAX_LINE);
		buf_add(&p->line, s, take < EXCERPT_LEN ? take : EXCERPT_LEN);
		fail_in_line(p, p->line.data, p->line.len);
		return len;
	}
	buf_add(&p->line, s, take);
	if (lf == NULL)
		return take;
	segment(p);
	if (p->line.cap > LINE_KEEP)
		buf_free(&p->line);
	else
		buf_reset(&p->line);
	return take;
}

static size_t
feed_literal(struct imap_parser *p, const char *s, size_t len)
{
	struct imap_response *r = p->cur;
	size_t take = p->lit_left < len ? (size_t)p->lit_left : len;

	buf_add(&r->data, s, take);
	p->lit_left -= take;
	if (p->lit_left == 0) {
		buf_addc(&r->data, '\0');
		p->state = PS_LINE;
	}
	return take;
}

int
imap_parser_feed(struct imap_parser *p, const void *data, size_t len)
{
	const char *s = data;
	size_t used;

	while (len > 0 && p->state != PS_FAILED) {
		if (p->state == PS_LITERAL)
			used = feed_literal(p, s, len);
		else
			used = feed_line(p, s, len);
		s += used;
		len -= used;
	}
	return p->state == PS_FAILED ? -1 : 0;
}

struct imap_parser *
imap_parser_new(void)
{
	struct imap_parser *p = xcalloc(1, sizeof(*p));

	buf_init(&p->line);
	vec_init(&p->ready, sizeof(struct imap_response *));
	p->max_literal = IMAP_MAX_LITERAL;
	imap_parser_reset(p);
	return p;
}

void
imap_parser_reset(struct imap_parser *p)
{
	for (size_t i = p->ready_head; i < p->ready.len; i++)
		imap_response_free(*VEC_AT(&p->ready, struct imap_response *, i));
	vec_clear(&p->ready);
	p->ready_head = 0;
	imap_response_free(p->cur);
	p->cur = NULL;
	buf_free(&p->line);
	p->state = PS_LINE;
	p->mode = RM_HEAD;
	p->lit_total = p->lit_left = 0;
	err_clear(&p->err);
	imap_lex_init(&p->lx, NULL, NULL, false, p->max_literal, &p->err);
}

void
imap_parser_free(struct imap_parser *p)
{
	if (p == NULL)
		return;
	imap_parser_reset(p);
	imap_response_free(p->spare);
	vec_free(&p->ready);
	free(p);
}

void
imap_parser_set_max_literal(struct imap_parser *p, uint64_t bytes)
{
	/* a literal is held in memory whole: it must fit a size_t */
	if (bytes > SIZE_MAX / 2)
		bytes = SIZE_MAX / 2;
	p->max_literal = bytes;
	p->lx.max_literal = bytes;
}

int
imap_parser_next(struct imap_parser *p, struct imap_response **out, struct err *e)
{
	*out = NULL;
	if (p->ready_head < p->ready.len) {
		*out = *VEC_AT(&p->ready, struct imap_response *, p->ready_head);
		if (++p->ready_head == p->ready.len) {
			vec_clear(&p->ready);
			p->ready_head = 0;
		}
		return 1;
	}
	if (p->state != PS_FAILED)
		return 0;
	if (e != NULL)
		*e = p->err;
	return -1;
}

bool
imap_parser_at_boundary(const struct imap_parser *p)
{
	return p->state == PS_LINE && p->cur == NULL && p->line.len == 0;
}

bool
imap_parser_literal_progress(const struct imap_parser *p, uint64_t *got, uint64_t *total)
{
	if (p->state != PS_LITERAL)
		return false;
	*got = p->lit_total - p->lit_left;
	*total = p->lit_total;
	return true;
}

void
imap_parser_recycle(struct imap_parser *p, struct imap_response *r)
{
	if (r == NULL)
		return;
	if (p->spare != NULL || r->data.cap > RESPONSE_KEEP) {
		imap_response_free(r);
		return;
	}
	p->spare = r;
}

void
imap_response_free(struct imap_response *r)
{
	if (r == NULL)
		return;
	imap_values_free(&r->values);
	imap_values_free(&r->code.args);
	buf_free(&r->data);
	free(r);
}

const struct imap_value *
imap_response_value(const struct imap_response *r, size_t i)
{
	return i < r->values.len ? VEC_AT(&r->values, struct imap_value, i) : NULL;
}

const struct imap_value *
imap_list_item(const struct imap_value *v, size_t i)
{
	if (v == NULL || v->kind != IMAP_LIST || i >= v->list.len)
		return NULL;
	return VEC_AT(&v->list, struct imap_value, i);
}

size_t
imap_list_len(const struct imap_value *v)
{
	return v != NULL && v->kind == IMAP_LIST ? v->list.len : 0;
}

bool
imap_value_is(const struct imap_value *v, const char *word)
{
	return v != NULL && v->kind == IMAP_ATOM && str_casecmp_ascii(v->data, word) == 0;
}

bool
imap_value_is_string(const struct imap_value *v)
{
	return v != NULL && (v->kind == IMAP_ATOM || v->kind == IMAP_NUMBER ||
	    v->kind == IMAP_STRING || v->kind == IMAP_LITERAL);
}

bool
imap_value_is_cstring(const struct imap_value *v)
{
	return imap_value_is_string(v) && memchr(v->data, '\0', v->len) == NULL;
}

bool
imap_code_is(const struct imap_response *r, const char *name)
{
	return r->code.name != NULL && str_casecmp_ascii(r->code.name, name) == 0;
}
