/*
 * fuzz-mime.c: libFuzzer target for whole messages: the MIME tree (full and
 * header-only), part text, the pager's rendering, attachments, the envelope,
 * and mbox splitting.
 */
#include "fuzz-check.h"

#include "mime/addr.h"
#include "mime/limits.h"
#include "mime/mbox.h"
#include "mime/message.h"
#include "mime/render.h"
#include "util/buf.h"

/* Looking every part up by id is quadratic: the first ones are enough. */
#define FIND_CHECKS	200
#define MBOX_MESSAGES	64

struct tree_ctx {
	const struct mime_message *m;
	size_t parts;
	struct vec listed;	/* const char *: ids of the parts a person can open */
};

static bool
in_owned_message(const struct mime_part *p)
{
	for (const struct mime_part *q = p->parent; q != NULL; q = q->parent)
		if (q->owned != NULL)
			return true;
	return false;
}

static void
check_decode(const struct mime_part *p)
{
	struct buf b = BUF_INIT;

	mime_part_decode(p, &b);
	if (p->cte == MIME_CTE_BASE64)
		FUZZ_ASSERT(b.len <= p->body_len / 4 * 3 + 3);
	else if (p->cte == MIME_CTE_QP)
		FUZZ_ASSERT(b.len <= p->body_len);
	else
		FUZZ_ASSERT(b.len == p->body_len);
	buf_free(&b);
}

static void
check_text(const struct mime_part *p)
{
	struct buf b = BUF_INIT;

	mime_part_text(p, &b);
	FUZZ_ASSERT(str_utf8_valid(buf_cstr(&b), b.len));
	FUZZ_ASSERT(memchr(buf_cstr(&b), '\r', b.len) == NULL);	/* LF line ends */
	buf_free(&b);
}

static void
check_links(const struct mime_part *p)
{
	FUZZ_ASSERT(p->ctype.type != NULL && p->ctype.subtype != NULL);
	FUZZ_ASSERT(p->depth <= MIME_MAX_DEPTH);
	if (p->is_message && p->children.len > 0)
		FUZZ_ASSERT(p->children.len == 1);
	for (size_t i = 0; i < p->children.len; i++) {
		const struct mime_part *c = *VEC_AT(&p->children, struct mime_part *, i);

		FUZZ_ASSERT(c->parent == p);
		FUZZ_ASSERT(c->depth == p->depth + 1);
	}
}

static int
visit(struct mime_part *p, void *arg)
{
	struct tree_ctx *t = arg;
	const struct mime_message *m = t->m;
	const char *name;

	t->parts++;
	check_links(p);
	if (!in_owned_message(p))
		FUZZ_ASSERT(p->body >= m->data && p->body_len <= m->len &&
		    (size_t)(p->body - m->data) <= m->len - p->body_len);
	check_decode(p);
	if (strcmp(p->ctype.type, "text") == 0)
		check_text(p);
	name = mime_part_filename(p);
	FUZZ_ASSERT(name == NULL || (name[0] != '\0' && fuzz_utf8_str(name)));
	if (strcmp(p->ctype.type, "multipart") != 0) {
		const char *id = p->id;
		vec_push(&t->listed, &id);
		if (t->listed.len <= FIND_CHECKS)
			FUZZ_ASSERT(mime_part_find(m, p->id) == p);
	}
	return 0;
}

static int
cmp_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
check_tree(const struct mime_message *m)
{
	struct tree_ctx t = { m, 0, VEC_INIT(const char *) };

	FUZZ_ASSERT(m->root != NULL);
	FUZZ_ASSERT(m->part_count <= MIME_MAX_PARTS);
	mime_part_walk(m->root, visit, &t);
	FUZZ_ASSERT(t.parts == m->part_count);
	/* Every part a person can open has its own IMAP part number. */
	if (t.listed.len > 1)
		qsort(t.listed.items, t.listed.len, sizeof(const char *), cmp_ids);
	for (size_t i = 1; i < t.listed.len; i++)
		FUZZ_ASSERT(cmp_ids(vec_at(&t.listed, i - 1), vec_at(&t.listed, i)) != 0);
	vec_free(&t.listed);
}

static void
check_render(const struct mime_message *m)
{
	struct vec atts = VEC_INIT(struct mime_part *);
	struct buf b = BUF_INIT;

	mime_render_body(&b, m);
	FUZZ_ASSERT(fuzz_visible(buf_cstr(&b), b.len));
	FUZZ_ASSERT(b.len == 0 || b.data[b.len - 1] == '\n');
	mime_render_attachments(&atts, m);
	for (size_t i = 0; i < atts.len; i++) {
		const struct mime_part *p = *VEC_AT(&atts, struct mime_part *, i);

		FUZZ_ASSERT(mime_part_is_attachment(p));
		FUZZ_ASSERT(strcmp(p->ctype.type, "multipart") != 0);
	}
	vec_free(&atts);
	buf_free(&b);
}

static void
check_addrs(const struct vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		const struct mime_addr *a = VEC_AT(v, struct mime_addr, i);

		FUZZ_ASSERT(fuzz_visible_str(a->name));
		FUZZ_ASSERT(fuzz_visible_str(a->email));
		FUZZ_ASSERT(fuzz_visible_str(a->group));
	}
}

/* The envelope is what the index shows: all of it safe for a terminal. */
static void
check_summary(const struct mime_header *h)
{
	struct mime_summary s;

	mime_summary_init(&s);
	mime_summary_read(&s, h);
	FUZZ_ASSERT(fuzz_visible_str(s.subject));
	check_addrs(&s.from);
	check_addrs(&s.to);
	check_addrs(&s.cc);
	check_addrs(&s.reply_to);
	FUZZ_ASSERT(fuzz_visible_str(s.message_id));
	FUZZ_ASSERT(fuzz_visible_str(s.in_reply_to));
	for (size_t i = 0; i < strvec_len(&s.references); i++)
		FUZZ_ASSERT(fuzz_visible_str(strvec_get(&s.references, i)));
	mime_summary_free(&s);
}

static void
check_header_only(const char *in, size_t size, const struct mime_message *full)
{
	struct mime_message m;

	mime_parse(&m, in, size, MIME_PARSE_HEADER_ONLY);
	FUZZ_ASSERT(m.root != NULL && m.root->children.len == 0);
	FUZZ_ASSERT(m.root->header.fields.len == full->root->header.fields.len);
	FUZZ_ASSERT(strcmp(m.root->ctype.type, full->root->ctype.type) == 0);
	FUZZ_ASSERT(strcmp(m.root->ctype.subtype, full->root->ctype.subtype) == 0);
	check_summary(&m.root->header);
	mime_message_free(&m);
}

static void
check_mbox(const char *in, size_t size)
{
	size_t pos = 0, before = 0, start, end, n = 0;

	(void)mime_mbox_detect(in, size);
	while (n++ < MBOX_MESSAGES && mime_mbox_next(in, size, &pos, &start, &end)) {
		struct mime_message m;

		/* Each message lies in the input, and each call moves on, so splitting ends. */
		FUZZ_ASSERT(start <= end && end <= size);
		FUZZ_ASSERT(pos > before && pos <= size);
		before = pos;
		mime_parse(&m, in + start, end - start, MIME_PARSE_HEADER_ONLY);
		check_summary(&m.root->header);
		mime_message_free(&m);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct mime_message m;

	mime_parse(&m, in, size, 0);
	check_tree(&m);
	check_render(&m);
	check_summary(&m.root->header);
	check_header_only(in, size, &m);
	mime_message_free(&m);
	check_mbox(in, size);
	return 0;
}
