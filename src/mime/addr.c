/* addr.c: RFC 5322 addresses: lenient lists from mail, one strict address, writing. */
#include "mime/addr.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mime/encword.h"
#include "mime/limits.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/*
 * Tokens kept for one mailbox. A longer run between two commas is no
 * address; the rest of it is skipped, so hostile input costs bounded memory.
 */
#define ADDR_MAX_TOKENS	1024

#define ADDR_MAX_LOCAL	64	/* RFC 5321 4.5.3.1.1 */
#define ADDR_MAX_PATH	254	/* RFC 5321 4.5.3.1.3, less the angle brackets */

enum tok_type {
	T_END, T_WORD, T_QUOTED, T_COMMENT, T_DLIT, T_AT, T_LT, T_GT, T_COMMA,
	T_SEMI, T_COLON,
};

struct tok {
	enum tok_type type;
	const char *p;	/* QUOTED, COMMENT: inside the delimiters, escapes kept */
	size_t len;
	bool space;	/* white space or a comment comes before it */
};

struct lexer {
	const char *s;
	size_t len;
	size_t pos;
};

struct addr_parser {
	struct vec *out;
	size_t added;
	char *group;		/* the open group's name, or NULL */
	struct vec toks;	/* struct tok of the mailbox being read */
	size_t at_count;	/* '@' among toks */
	size_t lt_count;	/* '<' among toks */
	struct tok comment;	/* its first comment, when have_comment */
	bool have_comment;
	bool in_angle;		/* between '<' and '>' */
	bool angle_first;	/* the next token is the first after '<' */
	bool in_route;		/* in an obsolete route "<@a,@b:", where ',' goes on */
};

static bool
is_fws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The bytes that end a word: white space and the specials that matter between words. */
static bool
ends_word(char c)
{
	switch (c) {
	case '(': case '"': case '<': case '>': case '@': case ',': case ';':
	case ':': case '[':
		return true;
	default:
		return is_fws(c);
	}
}

/*
 * The length of the RFC 2047 encoded word at s[i], or 0. Such a word stays
 * one token even when its text holds specials ("=?utf-8?q?Doe,_J.?=").
 */
static size_t
ew_len(const char *s, size_t len, size_t i)
{
	size_t j = i + 2, start = j;

	if (i + 1 >= len || s[i] != '=' || s[i + 1] != '?')
		return 0;
	while (j < len && s[j] != '?' && !is_fws(s[j]))
		j++;
	if (j == start || j + 2 >= len || s[j + 2] != '?' || s[j + 1] == '?')
		return 0;
	for (j += 3; j < len && s[j] != '?' && !is_fws(s[j]); j++)
		;
	if (j + 1 >= len || s[j] != '?' || s[j + 1] != '=')
		return 0;
	return j + 2 - i;
}

static size_t
word_end(const char *s, size_t len, size_t i)
{
	size_t ew;

	while (i < len && !ends_word(s[i])) {
		ew = ew_len(s, len, i);
		i += ew > 0 ? ew : 1;
	}
	return i;
}

/* Scans a comment (nested) or quoted string at s[i]; sets its inner span, returns its end. */
static size_t
delimited(const char *s, size_t len, size_t i, struct tok *t)
{
	char close = s[i] == '(' ? ')' : '"';
	size_t depth = 1, j;

	for (j = i + 1; j < len; j++) {
		if (s[j] == '\\') {
			j++;
		} else if (s[j] == '(' && close == ')') {
			depth++;
		} else if (s[j] == close && --depth == 0) {
			t->p = s + i + 1;
			t->len = j - i - 1;
			return j + 1;
		}
	}
	/* never closed: it runs to the end */
	t->p = s + i + 1;
	t->len = len - i - 1;
	return len;
}

/* The end of a domain literal "[...]" at s[i], or 0 when a special comes before ']'. */
static size_t
dlit_end(const char *s, size_t len, size_t i)
{
	for (size_t j = i + 1; j < len; j++) {
		if (s[j] == ']')
			return j + 1;
		if (s[j] == '[' || s[j] == '<' || s[j] == '>' || s[j] == ',' ||
		    s[j] == ';' || s[j] == '"')
			return 0;
	}
	return 0;
}

static void
lex_next(struct lexer *l, struct tok *t)
{
	static const char singles[] = "<>@,;:";
	static const enum tok_type single_types[] = {
		T_LT, T_GT, T_AT, T_COMMA, T_SEMI, T_COLON,
	};
	const char *s = l->s, *p;
	size_t i, end;

	t->space = false;
	while (l->pos < l->len && is_fws(s[l->pos])) {
		l->pos++;
		t->space = true;
	}
	i = l->pos;
	t->p = s + i;
	t->len = 0;
	if (i == l->len) {
		t->type = T_END;
		return;
	}
	if (s[i] == '(' || s[i] == '"') {
		t->type = s[i] == '(' ? T_COMMENT : T_QUOTED;
		l->pos = delimited(s, l->len, i, t);
		return;
	}
	if (s[i] != '\0' && (p = strchr(singles, s[i])) != NULL) {
		t->type = single_types[p - singles];
		end = i + 1;
	} else if (s[i] == '[' && (end = dlit_end(s, l->len, i)) > 0) {
		t->type = T_DLIT;
	} else {
		/* a '[' that does not close is just a character of a word */
		t->type = T_WORD;
		end = word_end(s, l->len, s[i] == '[' ? i + 1 : i);
	}
	t->len = end - i;
	l->pos = end;
}

/* Appends quoted-string or comment text without escapes and line breaks (unfolded). */
static void
add_unescaped(struct buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		if (p[i] != '\r' && p[i] != '\n')
			buf_addc(b, p[i]);
	}
}

/* Appends text as written, less line breaks. */
static void
add_unfolded(struct buf *b, const char *p, size_t n)
{
	if (memchr(p, '\n', n) == NULL && memchr(p, '\r', n) == NULL) {
		buf_add(b, p, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (p[i] != '\r' && p[i] != '\n')
			buf_addc(b, p[i]);
}

/* ASCII without "=?": no encoded word and no 8-bit byte to convert. */
static bool
plain_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 || (s[i] == '=' && i + 1 < len && s[i + 1] == '?'))
			return false;
	return true;
}

/* Decodes encoded words in raw and trims it; NULL when nothing is left. Frees raw. */
static char *
decode_name(struct buf *raw)
{
	struct buf dec = BUF_INIT;
	char *s, *t;

	if (raw->len > 0 && plain_ascii(raw->data, raw->len)) {
		s = buf_detach(raw);	/* nothing to decode */
	} else {
		mime_ew_decode(&dec, buf_cstr(raw), raw->len);
		buf_free(raw);
		s = buf_detach(&dec);
	}
	t = str_trim(s);
	if (*t == '\0') {
		free(s);
		return NULL;
	}
	memmove(s, t, strlen(t) + 1);
	return s;
}

/* The display name in toks[i..j): words joined by a space, unquoted, encoded words decoded. */
static char *
phrase(const struct tok *t, size_t i, size_t j)
{
	struct buf raw = BUF_INIT;

	for (; i < j; i++) {
		if (raw.len > 0 && t[i].space)
			buf_addc(&raw, ' ');
		if (t[i].type == T_QUOTED)
			add_unescaped(&raw, t[i].p, t[i].len);
		else
			add_unfolded(&raw, t[i].p, t[i].len);
	}
	return decode_name(&raw);
}

/* The address in toks[i..j) without CFWS, the quotes of a quoted local part kept. */
static char *
join_addr(const struct tok *t, size_t i, size_t j)
{
	struct buf b = BUF_INIT;

	for (; i < j; i++) {
		if (t[i].type == T_QUOTED)
			buf_addc(&b, '"');
		add_unfolded(&b, t[i].p, t[i].len);
		if (t[i].type == T_QUOTED)
			buf_addc(&b, '"');
	}
	if (b.len == 0)
		return NULL;
	return buf_detach(&b);
}

/* The mailbox's first comment as a name, used at most once. */
static char *
comment_name(struct addr_parser *p)
{
	struct buf raw = BUF_INIT;

	if (!p->have_comment)
		return NULL;
	p->have_comment = false;
	add_unescaped(&raw, p->comment.p, p->comment.len);
	return decode_name(&raw);
}

/* Appends an address (owning name and email) unless it is empty or the cap is reached. */
static void
emit(struct addr_parser *p, char *name, char *email)
{
	struct mime_addr *a;

	if ((name == NULL && email == NULL) || p->added >= MIME_MAX_ADDRS) {
		free(name);
		free(email);
		return;
	}
	a = vec_push_zero(p->out);
	a->name = name;
	a->email = email;
	a->group = p->group != NULL ? xstrdup(p->group) : NULL;
	p->added++;
}

/* "[phrase] <[route:]addr> [words]", the '<' at toks[lt]; a missing '>' is tolerated. */
static void
take_angle(struct addr_parser *p, const struct tok *t, size_t n, size_t lt)
{
	size_t i = lt + 1, gt = i, end;
	char *name;

	while (gt < n && t[gt].type != T_GT)
		gt++;
	/* RFC 5322 4.4: an obsolete route "@a,@b:" is dropped */
	if (i < gt && t[i].type == T_AT) {
		for (end = i; end < gt && t[end].type != T_COLON; end++)
			;
		if (end < gt)
			i = end + 1;
	}
	name = phrase(t, 0, lt);
	if (name == NULL && gt < n)
		name = phrase(t, gt + 1, n);
	if (name == NULL)
		name = comment_name(p);
	emit(p, name, join_addr(t, i, gt));
}

static bool
is_word(const struct tok *t)
{
	return t->type == T_WORD || t->type == T_QUOTED;
}

/* Whether two words make one dot-atom: "a. b", "a .b" (obsolete CFWS around dots). */
static bool
joins(const struct tok *a, const struct tok *b)
{
	return (a->type == T_WORD && a->p[a->len - 1] == '.') ||
	    (b->type == T_WORD && b->p[0] == '.');
}

/*
 * A mailbox without angle brackets around toks[at] == '@':
 * "[words] local@domain [words]". Returns where the next one starts when
 * another '@' follows (a missing comma), else n.
 */
static size_t
take_bare(struct addr_parser *p, const struct tok *t, size_t start, size_t n, size_t at)
{
	size_t l = at, r = at + 1, next = n;
	char *name;

	while (l > start && is_word(&t[l - 1]) && (l == at || joins(&t[l - 1], &t[l])))
		l--;
	if (r < n && (t[r].type == T_WORD || t[r].type == T_DLIT)) {
		r++;
		while (r < n && t[r].type == T_WORD && joins(&t[r - 1], &t[r]))
			r++;
	}
	for (size_t i = r; i < n && next == n; i++)
		if (t[i].type == T_AT)
			next = r;
	if (l == at && r == at + 1)
		return next;	/* a lone '@' is no address */
	name = phrase(t, start, l);
	if (name == NULL && next == n)
		name = phrase(t, r, n);
	if (name == NULL)
		name = comment_name(p);
	emit(p, name, join_addr(t, l, r));
	return next;
}

/* No '@' and no '<': one atom is a local address ("root"), anything else a name. */
static void
take_plain(struct addr_parser *p, const struct tok *t, size_t n)
{
	char *name;

	if (n == 1 && t[0].type == T_WORD && !(t[0].len >= 2 && t[0].p[0] == '=' &&
	    t[0].p[1] == '?')) {
		emit(p, comment_name(p), join_addr(t, 0, 1));
		return;
	}
	name = phrase(t, 0, n);
	emit(p, name != NULL ? name : comment_name(p), NULL);
}

static void
reset_mailbox(struct addr_parser *p)
{
	vec_clear(&p->toks);
	p->at_count = 0;
	p->lt_count = 0;
	p->have_comment = false;
	p->in_angle = false;
	p->in_route = false;
}

static void
finish_mailbox(struct addr_parser *p)
{
	const struct tok *t = p->toks.items;
	size_t n = p->toks.len, i, start;

	if (p->lt_count > 0) {
		for (i = 0; t[i].type != T_LT; i++)
			;
		take_angle(p, t, n, i);
	} else if (p->at_count > 0) {
		for (start = 0; start < n;) {
			for (i = start; i < n && t[i].type != T_AT; i++)
				;
			start = take_bare(p, t, start, n, i);
		}
	} else if (n > 0) {
		take_plain(p, t, n);
	}
	reset_mailbox(p);
}

static void
push(struct addr_parser *p, const struct tok *t)
{
	if (p->toks.len >= ADDR_MAX_TOKENS)
		return;
	vec_push(&p->toks, t);
	p->at_count += t->type == T_AT;
	p->lt_count += t->type == T_LT;
}

/* "name:" opens a group; the tokens read so far are its name. */
static void
start_group(struct addr_parser *p)
{
	free(p->group);
	p->group = phrase(p->toks.items, 0, p->toks.len);
	reset_mailbox(p);
}

/* A token between '<' and '>'. Returns false when it ends them and belongs outside. */
static bool
angle_token(struct addr_parser *p, const struct tok *t)
{
	bool first = p->angle_first;

	p->angle_first = false;
	if ((t->type == T_COMMA && !p->in_route) || t->type == T_SEMI) {
		p->in_angle = false;	/* the '>' is missing */
		return false;
	}
	switch (t->type) {
	case T_GT:
		p->in_angle = false;
		break;
	case T_LT:
		return true;	/* "<<a@b>>" */
	case T_COLON:
		p->in_route = false;
		break;
	default:
		if (first && t->type == T_AT)
			p->in_route = true;
		break;
	}
	push(p, t);
	return true;
}

static void
top_token(struct addr_parser *p, const struct tok *t)
{
	switch (t->type) {
	case T_COMMA:
		finish_mailbox(p);
		break;
	case T_SEMI:
		finish_mailbox(p);
		free(p->group);
		p->group = NULL;
		break;
	case T_COLON:
		if (p->at_count == 0 && p->lt_count == 0)
			start_group(p);
		else
			push(p, t);
		break;
	case T_LT:
		if (p->lt_count > 0)
			finish_mailbox(p);	/* "<a@b> <c@d>": a comma is missing */
		push(p, t);
		p->in_angle = true;
		p->angle_first = true;
		break;
	case T_GT:
		break;		/* a stray '>' */
	default:
		push(p, t);
		break;
	}
}

size_t
mime_addr_parse(struct vec *out, const char *value, size_t len)
{
	struct addr_parser p = { .out = out };
	struct lexer l = { value, len, 0 };
	struct tok t;
	bool gap = false;

	vec_init(&p.toks, sizeof(struct tok));
	for (lex_next(&l, &t); t.type != T_END && p.added < MIME_MAX_ADDRS;
	    lex_next(&l, &t)) {
		t.space = t.space || gap;
		gap = t.type == T_COMMENT;
		if (gap) {
			if (!p.have_comment)
				p.comment = t;
			p.have_comment = true;
		} else if (!p.in_angle || !angle_token(&p, &t)) {
			top_token(&p, &t);
		}
	}
	finish_mailbox(&p);
	vec_free(&p.toks);
	free(p.group);
	return p.added;
}

void
mime_addr_free(struct mime_addr *a)
{
	free(a->name);
	free(a->email);
	free(a->group);
	a->name = a->email = a->group = NULL;
}

void
mime_addr_list_free(struct vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		mime_addr_free(VEC_AT(v, struct mime_addr, i));
	vec_free(v);
}

/* RFC 5322 atext, with UTF-8 allowed as RFC 6532 does. */
static bool
is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80 ||
	    (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static bool
is_dot_atom(const struct tok *t)
{
	if (t->type != T_WORD || t->p[0] == '.' || t->p[t->len - 1] == '.')
		return false;
	for (size_t i = 0; i < t->len; i++) {
		if (t->p[i] == '.' && t->p[i - 1] == '.')
			return false;	/* i > 0: the first byte is no dot */
		if (t->p[i] != '.' && !is_atext((unsigned char)t->p[i]))
			return false;
	}
	return true;
}

/* Checks that t[i..j) is exactly local@domain as SMTP takes it. Returns a reason or NULL. */
static const char *
check_addr_spec(const struct tok *t, size_t i, size_t j)
{
	size_t local_len;

	if (j - i != 3 || t[i + 1].type != T_AT) {
		for (size_t k = i; k < j; k++)
			if (t[k].type == T_AT)
				return "not of the form local@domain";
		return "no '@' in the address";
	}
	if (t[i + 1].space || t[i + 2].space)
		return "white space in the address";
	if (!is_dot_atom(&t[i]) && t[i].type != T_QUOTED)
		return "bad local part";
	if (!is_dot_atom(&t[i + 2]) && t[i + 2].type != T_DLIT)
		return "bad domain";
	local_len = t[i].len + (t[i].type == T_QUOTED ? 2 : 0);
	if (local_len > ADDR_MAX_LOCAL || local_len + 1 + t[i + 2].len > ADDR_MAX_PATH)
		return "address too long";
	return NULL;
}

/* Checks for "local@domain" or "[phrase] <local@domain>" only. Returns a reason or NULL. */
static const char *
check_mailbox(const struct tok *t, size_t n)
{
	size_t lt;

	if (n == 0)
		return "empty address";
	for (size_t k = 0; k < n; k++) {
		if (t[k].type == T_COMMA)
			return "more than one address";
		if (t[k].type == T_SEMI || t[k].type == T_COLON)
			return "a group or route, not one address";
	}
	for (lt = 0; lt < n && t[lt].type != T_LT; lt++)
		if (!is_word(&t[lt]) && t[lt].type != T_AT && t[lt].type != T_DLIT)
			return "stray '>'";
	if (lt == n)
		return check_addr_spec(t, 0, n);
	for (size_t k = 0; k < lt; k++)
		if (!is_word(&t[k]))
			return "the name needs quotes";
	if (t[n - 1].type != T_GT)
		return "missing '>' or text after it";
	for (size_t k = lt + 1; k < n - 1; k++)
		if (t[k].type == T_LT || t[k].type == T_GT)
			return "more than one address";
	return check_addr_spec(t, lt + 1, n - 1);
}

int
mime_addr_parse_one(struct mime_addr *a, const char *text, struct err *e)
{
	struct vec toks = VEC_INIT(struct tok), v = VEC_INIT(struct mime_addr);
	struct lexer l = { text, strlen(text), 0 };
	const char *why = NULL;
	struct tok t;

	memset(a, 0, sizeof(*a));
	if (str_has_ctl(text, l.len))
		return err_set(e, "an address must not hold a line break or a control "
		    "character");
	if (!str_utf8_valid(text, l.len))
		return err_set(e, "the address is not valid UTF-8");
	for (lex_next(&l, &t); t.type != T_END && why == NULL; lex_next(&l, &t)) {
		if (toks.len >= ADDR_MAX_TOKENS)
			why = "address too long";
		else if (t.type != T_COMMENT)
			vec_push(&toks, &t);
	}
	if (why == NULL)
		why = check_mailbox(toks.items, toks.len);
	vec_free(&toks);
	if (why == NULL && (mime_addr_parse(&v, text, l.len) != 1 ||
	    VEC_AT(&v, struct mime_addr, 0)->email == NULL))
		why = "not one e-mail address";
	if (why != NULL) {
		mime_addr_list_free(&v);
		return err_set(e, "\"%s\": %s", text, why);
	}
	*a = *VEC_AT(&v, struct mime_addr, 0);
	vec_free(&v);
	return 0;
}

/* Starts a continuation line; a space left at the end of the line becomes the fold's. */
static size_t
fold(struct buf *out)
{
	if (out->len > 0 && out->data[out->len - 1] == ' ')
		buf_truncate(out, out->len - 1);
	buf_adds(out, "\r\n ");
	return 1;
}

/* Appends the address, in angle brackets after a name or when it needs them. */
static size_t
write_email(struct buf *out, const char *email, bool named, size_t col)
{
	size_t elen = strlen(email);
	/* "mailto:x" or "a,b@c" written bare would read back as a group or a list */
	bool angle = named || strpbrk(email, ":;,<>()") != NULL;

	if (named) {
		if (col + elen + 3 > 78) {
			col = fold(out);
		} else {
			buf_addc(out, ' ');
			col++;
		}
	}
	if (angle)
		buf_addc(out, '<');
	buf_add(out, email, elen);
	if (angle)
		buf_addc(out, '>');
	return col + elen + (angle ? 2 : 0);
}

size_t
mime_addr_write(struct buf *out, const struct mime_addr *a, size_t col)
{
	struct buf probe = BUF_INIT;
	size_t nlen = a->name != NULL ? strlen(a->name) : 0;
	size_t elen = a->email != NULL ? strlen(a->email) : 0;
	size_t width = elen + 2;

	if (nlen == 0 && elen == 0)
		return col;
	if (nlen > 0) {
		/* how wide the name is on one line; a folded one is too wide anyway */
		mime_ew_encode_phrase(&probe, a->name, nlen, 0);
		width = strchr(buf_cstr(&probe), '\n') != NULL ? SIZE_MAX / 2 :
		    probe.len + (elen > 0 ? elen + 3 : 0);
		buf_free(&probe);
	}
	/*
	 * Fold first when that makes the address fit on one line; one that
	 * fits nowhere starts here, and the name's encoder folds inside it.
	 */
	if (col > 1 && col + width > 78 && 1 + width <= 78)
		col = fold(out);
	if (nlen > 0)
		col = mime_ew_encode_phrase(out, a->name, nlen, col);
	if (elen > 0)
		col = write_email(out, a->email, nlen > 0, col);
	return col;
}

void
mime_addr_display(struct buf *out, const struct mime_addr *a)
{
	bool name = a->name != NULL && a->name[0] != '\0';
	bool email = a->email != NULL && a->email[0] != '\0';

	/* "phil@example.com" <phil@example.com> says it once */
	if (name && email && str_casecmp_ascii(a->name, a->email) == 0)
		name = false;
	if (name)
		buf_adds(out, a->name);
	if (name && email)
		buf_adds(out, " <");
	if (email)
		buf_adds(out, a->email);
	if (name && email)
		buf_addc(out, '>');
}
