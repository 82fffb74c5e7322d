/* message.c: a message parsed into its MIME tree (zero copy; bodies decoded on demand). */
#include "mime/message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mime/codec.h"
#include "mime/limits.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

struct parser {
	struct mime_message *m;
	unsigned flags;
};

static void parse_part(struct parser *ps, struct mime_part *p, const char *data,
    size_t len, bool digest_child);
static void parse_head(struct parser *ps, struct mime_part *p, const char *data,
    size_t len, bool digest_child);
static void parse_children(struct parser *ps, struct mime_part *p);

static enum mime_cte
parse_cte(const struct mime_header *h)
{
	const struct mime_field *f = mime_header_find(h, "Content-Transfer-Encoding");
	struct buf v = BUF_INIT;
	enum mime_cte cte = MIME_CTE_7BIT;
	char *s;

	if (f == NULL)
		return cte;
	mime_field_unfold(&v, f);
	s = str_to_lower_ascii(str_trim(v.data != NULL ? v.data : (char *)""));
	/* Misspellings seen in real mail are taken for what they mean. */
	if (strcmp(s, "base64") == 0)
		cte = MIME_CTE_BASE64;
	else if (strcmp(s, "quoted-printable") == 0 || strcmp(s, "quoted printable") == 0 ||
	    strcmp(s, "quoted_printable") == 0 || strcmp(s, "qp") == 0)
		cte = MIME_CTE_QP;
	else if (strcmp(s, "8bit") == 0 || strcmp(s, "8 bit") == 0 || strcmp(s, "8-bit") == 0)
		cte = MIME_CTE_8BIT;
	else if (strcmp(s, "binary") == 0)
		cte = MIME_CTE_BINARY;
	else if (*s == '\0' || strcmp(s, "7bit") == 0 || strcmp(s, "7-bit") == 0 ||
	    strcmp(s, "7 bit") == 0 || strcmp(s, "6bit") == 0)
		cte = MIME_CTE_7BIT;
	else
		cte = MIME_CTE_UNKNOWN;
	buf_free(&v);
	return cte;
}

static void
parse_field_ctype(const struct mime_header *h, const char *name, struct mime_ctype *ct)
{
	const struct mime_field *f = mime_header_find(h, name);

	memset(ct, 0, sizeof(*ct));
	vec_init(&ct->params, sizeof(struct mime_param));
	if (f != NULL)
		mime_ctype_parse(ct, f->value, f->value_len);
}

/* RFC 2045 5.2 and RFC 2046 5.1.5: the type a part has when it names none (or junk). */
static void
default_ctype(struct mime_ctype *ct, bool digest_child)
{
	free(ct->type);
	free(ct->subtype);
	ct->type = xstrdup(digest_child ? "message" : "text");
	ct->subtype = xstrdup(digest_child ? "rfc822" : "plain");
}

static bool
is_type(const struct mime_part *p, const char *type)
{
	return strcmp(p->ctype.type, type) == 0;
}

static struct mime_part *
new_child(struct parser *ps, struct mime_part *parent)
{
	struct mime_part *c = xcalloc(1, sizeof(*c));

	c->parent = parent;
	c->depth = parent->depth + 1;
	vec_init(&c->children, sizeof(struct mime_part *));
	vec_push(&parent->children, &c);
	ps->m->part_count++;
	return c;
}

/* Ids cannot outgrow id[]: depth and part count are capped (limits.h). */
static void
set_id(struct mime_part *c, const char *prefix, const char *sep, size_t n)
{
	int len;

	if (n == 0)
		len = snprintf(c->id, sizeof(c->id), "%s", prefix);
	else
		len = snprintf(c->id, sizeof(c->id), "%s%s%zu", prefix, sep, n);
	if (len < 0 || (size_t)len >= sizeof(c->id))
		abort();
}

static void
set_child_id(struct mime_part *c, const struct mime_part *parent, size_t n)
{
	set_id(c, parent->id, parent->id[0] == '\0' ? "" : ".", n);
}

/*
 * Finds the next delimiter line "--boundary" at or after `from` in
 * [data, data+len): it must start a line and be followed by "--", white
 * space or the line end. Sets *line (start of "--"), *after (start of the
 * next line) and *close. Returns false when there is none.
 */
static bool
find_delimiter(const char *data, size_t len, size_t from, const char *bnd,
    size_t blen, size_t *line, size_t *after, bool *close)
{
	while (from + 2 + blen <= len) {
		const char *hit = memmem(data + from, len - from, bnd, blen);
		size_t at, p;

		if (hit == NULL)
			return false;
		at = (size_t)(hit - data);
		from = at + 1;
		if (at < 2 || data[at - 1] != '-' || data[at - 2] != '-')
			continue;
		if (at > 2 && data[at - 3] != '\n' && data[at - 3] != '\r')
			continue;
		p = at + blen;
		*close = p + 1 < len && data[p] == '-' && data[p + 1] == '-';
		if (*close)
			p += 2;
		while (p < len && (data[p] == ' ' || data[p] == '\t'))
			p++;
		if (p < len && data[p] != '\r' && data[p] != '\n')
			continue;
		if (p < len && data[p] == '\r')
			p++;
		if (p < len && data[p] == '\n')
			p++;
		*line = at - 2;
		*after = p;
		return true;
	}
	return false;
}

/* The line break before a delimiter belongs to the delimiter (RFC 2046 5.1.1). */
static size_t
strip_break(const char *data, size_t start, size_t end)
{
	if (end > start && data[end - 1] == '\n')
		end--;
	if (end > start && data[end - 1] == '\r')
		end--;
	return end;
}

static bool
can_nest(struct parser *ps, const struct mime_part *p)
{
	if (p->depth >= MIME_MAX_DEPTH || ps->m->part_count >= MIME_MAX_PARTS) {
		ps->m->truncated = true;
		return false;
	}
	return true;
}

static void
parse_multipart(struct parser *ps, struct mime_part *p, const char *bnd)
{
	size_t blen = strlen(bnd), line, after, start = 0, n = 0;
	bool close = false, digest = strcmp(p->ctype.subtype, "digest") == 0;
	const char *body = p->body;

	if (!find_delimiter(body, p->body_len, 0, bnd, blen, &line, &start, &close)) {
		p->missing_end = true;
		return;
	}
	while (!close && can_nest(ps, p)) {
		bool found = find_delimiter(body, p->body_len, start, bnd, blen, &line, &after, &close);
		size_t end = found ? strip_break(body, start, line) : p->body_len;
		struct mime_part *c = new_child(ps, p);

		set_child_id(c, p, ++n);
		parse_part(ps, c, body + start, end - start, digest);
		if (!found) {
			p->missing_end = true;
			break;
		}
		start = after;
	}
}

/* The enclosed message of a message/rfc822 part: decoded first when it was encoded. */
static void
parse_enclosed(struct parser *ps, struct mime_part *p)
{
	const char *data = p->body;
	size_t len = p->body_len;
	struct mime_part *c;

	if (!can_nest(ps, p))
		return;
	if (p->cte == MIME_CTE_BASE64 || p->cte == MIME_CTE_QP) {
		struct buf b = BUF_INIT;

		mime_part_decode(p, &b);
		len = b.len;
		p->owned = buf_detach(&b);
		data = p->owned;
	}
	c = new_child(ps, p);
	parse_head(ps, c, data, len, false);
	/* IMAP numbering: a multipart's parts are X.1, X.2; a single part is X.1. */
	set_id(c, p->id, ".", is_type(c, "multipart") ? 0 : 1);
	parse_children(ps, c);
}

static void
parse_children(struct parser *ps, struct mime_part *p)
{
	const char *bnd;

	if (is_type(p, "multipart")) {
		bnd = mime_ctype_param(&p->ctype, "boundary");
		if (bnd != NULL && bnd[0] != '\0' && strlen(bnd) <= MIME_MAX_BOUNDARY)
			parse_multipart(ps, p, bnd);
		else
			p->missing_end = true;
	} else if (is_type(p, "message") && (strcmp(p->ctype.subtype, "rfc822") == 0 ||
	    strcmp(p->ctype.subtype, "global") == 0)) {
		p->is_message = true;
		parse_enclosed(ps, p);
	}
}

static void
parse_head(struct parser *ps, struct mime_part *p, const char *data, size_t len,
    bool digest_child)
{
	size_t body_off;

	mime_header_init(&p->header);
	body_off = mime_header_scan(&p->header, data, len);
	if (p->header.truncated)
		ps->m->truncated = true;
	parse_field_ctype(&p->header, "Content-Type", &p->ctype);
	if (p->ctype.type == NULL || p->ctype.subtype == NULL)
		default_ctype(&p->ctype, digest_child);
	parse_field_ctype(&p->header, "Content-Disposition", &p->disposition);
	p->cte = parse_cte(&p->header);
	p->body = data + body_off;
	p->body_len = len - body_off;
}

static void
parse_part(struct parser *ps, struct mime_part *p, const char *data, size_t len,
    bool digest_child)
{
	parse_head(ps, p, data, len, digest_child);
	parse_children(ps, p);
}

void
mime_parse(struct mime_message *m, const char *data, size_t len, unsigned flags)
{
	struct parser ps = { m, flags };

	memset(m, 0, sizeof(*m));
	if (flags & MIME_PARSE_COPY) {
		m->owned = xmalloc(len + 1);
		memcpy(m->owned, data, len);
		m->owned[len] = '\0';
		data = m->owned;
	}
	m->data = data;
	m->len = len;
	m->root = xcalloc(1, sizeof(*m->root));
	vec_init(&m->root->children, sizeof(struct mime_part *));
	m->part_count = 1;
	parse_head(&ps, m->root, data, len, false);
	set_id(m->root, "", "", is_type(m->root, "multipart") ? 0 : 1);
	if (!(flags & MIME_PARSE_HEADER_ONLY))
		parse_children(&ps, m->root);
}

static void
part_free(struct mime_part *p)
{
	for (size_t i = 0; i < p->children.len; i++)
		part_free(*VEC_AT(&p->children, struct mime_part *, i));
	vec_free(&p->children);
	mime_header_free(&p->header);
	mime_ctype_free(&p->ctype);
	mime_ctype_free(&p->disposition);
	free(p->owned);
	free(p);
}

void
mime_message_free(struct mime_message *m)
{
	if (m->root != NULL)
		part_free(m->root);
	free(m->owned);
	memset(m, 0, sizeof(*m));
}

int
mime_part_walk(struct mime_part *root, int (*fn)(struct mime_part *, void *), void *ctx)
{
	int rc = fn(root, ctx);

	for (size_t i = 0; rc == 0 && i < root->children.len; i++)
		rc = mime_part_walk(*VEC_AT(&root->children, struct mime_part *, i), fn, ctx);
	return rc;
}

struct find_ctx {
	const char *id;
	struct mime_part *found;
};

static int
find_one(struct mime_part *p, void *ctx)
{
	struct find_ctx *f = ctx;

	if (strcmp(p->id, f->id) != 0)
		return 0;
	f->found = p;
	return 1;
}

struct mime_part *
mime_part_find(const struct mime_message *m, const char *id)
{
	struct find_ctx f = { id, NULL };

	if (m->root != NULL)
		mime_part_walk(m->root, find_one, &f);
	return f.found;
}

void
mime_part_decode(const struct mime_part *p, struct buf *out)
{
	switch (p->cte) {
	case MIME_CTE_BASE64:
		mime_b64_decode(out, p->body, p->body_len);
		break;
	case MIME_CTE_QP:
		mime_qp_decode(out, p->body, p->body_len);
		break;
	default:
		buf_add(out, p->body, p->body_len);
		break;
	}
}
