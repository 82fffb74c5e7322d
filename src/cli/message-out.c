/* message-out.c: a message as text (pager view) or as the JSON object of the command-line contract. */
#include "cli/message-out.h"

#include <string.h>

#include "mime/addr.h"
#include "mime/date.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/str.h"

static size_t
decoded_size(const struct mime_part *p)
{
	struct buf b = BUF_INIT;
	size_t n;

	mime_part_decode(p, &b);
	n = b.len;
	buf_free(&b);
	return n;
}

static void
text_size(struct buf *out, size_t n)
{
	if (n < 1024)
		buf_addf(out, "%zu B", n);
	else if (n < 1024 * 1024)
		buf_addf(out, "%.1f KiB", n / 1024.0);
	else
		buf_addf(out, "%.1f MiB", n / (1024.0 * 1024.0));
}

static void
text_out(struct buf *out, const struct mime_message *m, const struct mime_summary *s)
{
	struct vec atts = VEC_INIT(struct mime_part *);

	mime_render_addr_line(out, "From", &s->from);
	mime_render_addr_line(out, "To", &s->to);
	mime_render_addr_line(out, "Cc", &s->cc);
	if (s->has_date) {
		buf_adds(out, "Date: ");
		mime_date_write(out, s->date, s->date_zone);
		buf_addc(out, '\n');
	}
	buf_addf(out, "Subject: %s\n\n", s->subject != NULL ? s->subject : "");
	mime_render_body(out, m);
	mime_render_attachments(&atts, m);
	if (atts.len > 0)
		buf_adds(out, "\nAttachments:\n");
	for (size_t i = 0; i < atts.len; i++) {
		const struct mime_part *p = *VEC_AT(&atts, struct mime_part *, i);
		const char *name = mime_part_filename(p);

		buf_addf(out, "  [%s] %s/%s, ", p->id, p->ctype.type, p->ctype.subtype);
		text_size(out, decoded_size(p));
		if (name != NULL) {
			buf_adds(out, ", ");
			str_make_visible(out, name, strlen(name));
		}
		buf_addc(out, '\n');
	}
	vec_free(&atts);
}

static void
json_addrs(struct json_writer *w, const char *key, const struct vec *addrs)
{
	json_key(w, key);
	json_begin_array(w);
	for (size_t i = 0; i < addrs->len; i++) {
		const struct mime_addr *a = VEC_AT(addrs, struct mime_addr, i);
		json_begin_object(w);
		json_key(w, "name");
		json_string(w, a->name);
		json_key(w, "email");
		json_string(w, a->email);
		json_end_object(w);
	}
	json_end_array(w);
}

static void
json_visible(struct json_writer *w, const char *s)
{
	struct buf vis = BUF_INIT;

	if (s == NULL) {
		json_null(w);
		return;
	}
	str_make_visible(&vis, s, strlen(s));
	json_string_len(w, buf_cstr(&vis), vis.len);
	buf_free(&vis);
}

static void
json_part(struct json_writer *w, const struct mime_part *p)
{
	struct buf type = BUF_INIT;

	buf_addf(&type, "%s/%s", p->ctype.type, p->ctype.subtype);
	json_begin_object(w);
	json_key(w, "id");
	json_string(w, p->id);
	json_key(w, "type");
	json_visible(w, buf_cstr(&type));
	json_key(w, "charset");
	json_visible(w, mime_ctype_param(&p->ctype, "charset"));
	json_key(w, "disposition");
	json_visible(w, p->disposition.type);
	json_key(w, "filename");
	json_visible(w, mime_part_filename(p));
	json_key(w, "size");
	json_uint(w, decoded_size(p));
	json_end_object(w);
	buf_free(&type);
}

struct parts_ctx {
	struct json_writer *w;
	bool attachments_only;
};

/* Containers are structure, not content: the list holds the parts a person could open. */
static int
json_part_visit(struct mime_part *p, void *ctx)
{
	struct parts_ctx *pc = ctx;

	if (strcmp(p->ctype.type, "multipart") == 0)
		return 0;
	if (pc->attachments_only && !mime_part_is_attachment(p))
		return 0;
	json_part(pc->w, p);
	return 0;
}

static void
json_parts(struct json_writer *w, const char *key, const struct mime_message *m, bool atts)
{
	struct parts_ctx pc = { w, atts };

	json_key(w, key);
	json_begin_array(w);
	mime_part_walk(m->root, json_part_visit, &pc);
	json_end_array(w);
}

static void
json_envelope(struct json_writer *w, const struct mime_summary *s)
{
	struct buf date = BUF_INIT;

	json_key(w, "subject");
	json_string(w, s->subject);
	json_addrs(w, "from", &s->from);
	json_addrs(w, "to", &s->to);
	json_addrs(w, "cc", &s->cc);
	json_addrs(w, "reply_to", &s->reply_to);
	json_key(w, "date");
	if (s->has_date) {
		mime_date_rfc3339(&date, s->date);
		json_string(w, buf_cstr(&date));
	} else {
		json_null(w);
	}
	json_key(w, "message_id");
	json_string(w, s->message_id);
	json_key(w, "in_reply_to");
	json_string(w, s->in_reply_to);
	json_key(w, "references");
	json_begin_array(w);
	for (size_t i = 0; i < strvec_len(&s->references); i++)
		json_string(w, strvec_get(&s->references, i));
	json_end_array(w);
	buf_free(&date);
}

static void
json_out(struct buf *out, const struct mime_message *m, const struct mime_summary *s)
{
	struct json_writer w;
	struct buf text = BUF_INIT;

	json_init(&w, out, 0);
	json_begin_object(&w);
	json_envelope(&w, s);
	json_parts(&w, "parts", m, false);
	json_parts(&w, "attachments", m, true);
	mime_render_body(&text, m);
	json_key(&w, "text");
	json_string_len(&w, buf_cstr(&text), text.len);
	json_key(&w, "signature");
	json_null(&w);	/* filled once signatures are verified */
	json_end_object(&w);
	buf_addc(out, '\n');
	buf_free(&text);
}

void
cli_message_out(struct buf *out, const char *data, size_t len, bool json)
{
	struct mime_message m;
	struct mime_summary s;

	mime_parse(&m, data, len, 0);
	mime_summary_init(&s);
	mime_summary_read(&s, &m.root->header);
	if (json)
		json_out(out, &m, &s);
	else
		text_out(out, &m, &s);
	mime_summary_free(&s);
	mime_message_free(&m);
}
