/* render.c: the body of a message as the pager shows it, and its attachment list. */
#include "mime/render.h"

#include <string.h>

#include "mime/addr.h"
#include "mime/date.h"
#include "mime/html.h"
#include "util/buf.h"
#include "util/str.h"

static void render_part(struct buf *out, const struct mime_part *p);

static const struct mime_part *
child(const struct mime_part *p, size_t i)
{
	return *VEC_AT(&p->children, struct mime_part *, i);
}

static bool
is(const struct mime_part *p, const char *type, const char *subtype)
{
	return strcmp(p->ctype.type, type) == 0 &&
	    (subtype == NULL || strcmp(p->ctype.subtype, subtype) == 0);
}

/* Whether p is, or holds, a displayable part of that text subtype. */
static bool
holds_text(const struct mime_part *p, const char *subtype)
{
	if (mime_part_is_attachment(p))
		return false;
	if (is(p, "text", subtype))
		return true;
	if (is(p, "multipart", NULL))
		for (size_t i = 0; i < p->children.len; i++)
			if (holds_text(child(p, i), subtype))
				return true;
	return false;
}

/* multipart/alternative: plain text wins (a person reading in a terminal asked for it), then HTML. */
static const struct mime_part *
pick_alternative(const struct mime_part *p)
{
	static const char *const prefs[] = { "plain", "html", NULL };

	for (size_t k = 0; prefs[k] != NULL; k++)
		for (size_t i = 0; i < p->children.len; i++)
			if (holds_text(child(p, i), prefs[k]))
				return child(p, i);
	return p->children.len > 0 ? child(p, p->children.len - 1) : NULL;
}

/* Parts are separated by one empty line, however their texts end. */
static void
separate(struct buf *out)
{
	if (out->len == 0)
		return;
	if (out->data[out->len - 1] != '\n')
		buf_addc(out, '\n');
	if (out->len < 2 || out->data[out->len - 2] != '\n')
		buf_addc(out, '\n');
}

static void
render_text(struct buf *out, const struct mime_part *p)
{
	struct buf text = BUF_INIT;

	mime_part_text(p, &text);
	separate(out);
	if (is(p, "text", "html"))
		mime_html_to_text(out, buf_cstr(&text), text.len);
	else
		buf_add(out, buf_cstr(&text), text.len);
	buf_free(&text);
}

void
mime_render_addr_line(struct buf *out, const char *label, const struct vec *addrs)
{
	if (addrs->len == 0)
		return;
	buf_addf(out, "%s: ", label);
	for (size_t i = 0; i < addrs->len; i++) {
		if (i > 0)
			buf_adds(out, ", ");
		mime_addr_display(out, VEC_AT(addrs, struct mime_addr, i));
	}
	buf_addc(out, '\n');
}

/* An inline forwarded message: its own header lines, then its body. */
static void
render_enclosed(struct buf *out, const struct mime_part *p)
{
	const struct mime_part *root = child(p, 0);
	struct mime_summary s;

	mime_summary_init(&s);
	mime_summary_read(&s, &root->header);
	separate(out);
	buf_adds(out, "-------- Forwarded message --------\n");
	mime_render_addr_line(out, "From", &s.from);
	mime_render_addr_line(out, "To", &s.to);
	mime_render_addr_line(out, "Cc", &s.cc);
	if (s.has_date) {
		buf_adds(out, "Date: ");
		mime_date_write(out, s.date, s.date_zone);
		buf_addc(out, '\n');
	}
	if (s.subject != NULL)
		buf_addf(out, "Subject: %s\n", s.subject);
	buf_addc(out, '\n');
	mime_summary_free(&s);
	render_part(out, root);
}

static void
render_multipart(struct buf *out, const struct mime_part *p)
{
	if (p->children.len == 0) {
		/* No usable boundary: the raw body is better than nothing. */
		separate(out);
		mime_lf_append(out, p->body, p->body_len);
		return;
	}
	if (is(p, "multipart", "alternative")) {
		const struct mime_part *best = pick_alternative(p);
		if (best != NULL)
			render_part(out, best);
		return;
	}
	if (is(p, "multipart", "signed") || is(p, "multipart", "related")) {
		render_part(out, child(p, 0));	/* the signed content; the related root */
		return;
	}
	for (size_t i = 0; i < p->children.len; i++)
		render_part(out, child(p, i));
}

static void
render_part(struct buf *out, const struct mime_part *p)
{
	if (is(p, "multipart", NULL))
		render_multipart(out, p);
	else if (mime_part_is_attachment(p))
		return;
	else if (p->is_message && p->children.len > 0)
		render_enclosed(out, p);
	else if (is(p, "text", NULL))
		render_text(out, p);
}

void
mime_render_body(struct buf *out, const struct mime_message *m)
{
	struct buf raw = BUF_INIT;

	render_part(&raw, m->root);
	/* One trailing line end, however many the parts left. */
	while (raw.len > 0 && raw.data[raw.len - 1] == '\n')
		buf_truncate(&raw, raw.len - 1);
	if (raw.len > 0)
		buf_addc(&raw, '\n');
	str_make_visible(out, buf_cstr(&raw), raw.len);
	buf_free(&raw);
}

static int
collect_attachment(struct mime_part *p, void *ctx)
{
	if (mime_part_is_attachment(p))
		vec_push(ctx, &p);
	return 0;
}

void
mime_render_attachments(struct vec *out, const struct mime_message *m)
{
	if (m->root != NULL)
		mime_part_walk(m->root, collect_attachment, out);
}
