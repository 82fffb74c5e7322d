/* summary.c: the decoded envelope of a message (subject, addresses, date, ids). */
#include "mime/render.h"

#include <stdlib.h>
#include <string.h>

#include "mime/addr.h"
#include "mime/date.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

void
mime_summary_init(struct mime_summary *s)
{
	memset(s, 0, sizeof(*s));
	vec_init(&s->from, sizeof(struct mime_addr));
	vec_init(&s->to, sizeof(struct mime_addr));
	vec_init(&s->cc, sizeof(struct mime_addr));
	vec_init(&s->reply_to, sizeof(struct mime_addr));
	strvec_init(&s->references);
}

void
mime_summary_free(struct mime_summary *s)
{
	free(s->subject);
	mime_addr_list_free(&s->from);
	mime_addr_list_free(&s->to);
	mime_addr_list_free(&s->cc);
	mime_addr_list_free(&s->reply_to);
	free(s->message_id);
	free(s->in_reply_to);
	strvec_free(&s->references);
	mime_summary_init(s);
}

/*
 * Header text is one line: line breaks and tabs that decoding let in become
 * spaces, and then every control character is made visible.
 */
static void
visible_line(struct buf *out, const char *s, size_t len)
{
	size_t start = out->len;

	str_make_visible(out, s, len);
	for (size_t i = start; i < out->len; i++)
		if (out->data[i] == '\n' || out->data[i] == '\t')
			out->data[i] = ' ';
}

static void
make_visible_in_place(char **s)
{
	struct buf vis = BUF_INIT;

	if (*s == NULL || str_printable_ascii(*s, strlen(*s)))
		return;
	visible_line(&vis, *s, strlen(*s));
	free(*s);
	*s = buf_detach(&vis);
}

/*
 * Every field of that name counts: two To: lines mean both sets of
 * recipients. Names and addresses leave here safe for a terminal.
 */
static void
read_addrs(struct vec *out, const struct mime_header *h, const char *name)
{
	size_t first = out->len;

	for (size_t i = 0; i < h->fields.len; i++) {
		const struct mime_field *f = VEC_AT(&h->fields, struct mime_field, i);
		if (f->name_len == strlen(name) && str_ncasecmp_ascii(f->name, name, f->name_len) == 0)
			mime_addr_parse(out, f->value, f->value_len);
	}
	for (size_t i = first; i < out->len; i++) {
		struct mime_addr *a = VEC_AT(out, struct mime_addr, i);
		make_visible_in_place(&a->name);
		make_visible_in_place(&a->email);
		make_visible_in_place(&a->group);
	}
}

/* Appends each "<id>" of s to ids (without the brackets); ids without brackets are skipped. */
static void
read_ids(struct strvec *ids, const char *s, size_t len, size_t max)
{
	const char *p = s, *end = s + len;

	while (p < end && strvec_len(ids) < max) {
		const char *open = memchr(p, '<', (size_t)(end - p)), *close;
		if (open == NULL)
			break;
		close = memchr(open, '>', (size_t)(end - open));
		if (close == NULL)
			break;
		if (close - open > 1) {
			struct buf id = BUF_INIT;
			visible_line(&id, open + 1, (size_t)(close - open - 1));
			strvec_push_owned(ids, buf_detach(&id));
		}
		p = close + 1;
	}
}

/* An id written without brackets, as some old clients do: the trimmed value, made visible. */
static char *
bare_id(const struct mime_field *f)
{
	struct buf v = BUF_INIT, vis = BUF_INIT;
	char *t;

	mime_field_unfold(&v, f);
	t = str_trim(v.data != NULL ? v.data : (char *)"");
	if (*t != '\0')
		visible_line(&vis, t, strlen(t));
	buf_free(&v);
	return vis.len > 0 ? buf_detach(&vis) : NULL;
}

/*
 * The first id of a field: "<a@b>" gives "a@b". A bare id without brackets
 * is taken whole, but a value that has brackets and no id in them ("<>")
 * gives none.
 */
static char *
first_id(const struct mime_header *h, const char *name)
{
	const struct mime_field *f = mime_header_find(h, name);
	struct strvec ids = STRVEC_INIT;
	char *id = NULL;

	if (f == NULL)
		return NULL;
	read_ids(&ids, f->value, f->value_len, 1);
	if (strvec_len(&ids) > 0)
		id = xstrdup(strvec_get(&ids, 0));
	else if (memchr(f->value, '<', f->value_len) == NULL)
		id = bare_id(f);
	strvec_free(&ids);
	return id;
}

void
mime_summary_read(struct mime_summary *s, const struct mime_header *h)
{
	const struct mime_field *f;

	if ((f = mime_header_find(h, "Subject")) != NULL) {
		struct buf raw = BUF_INIT, vis = BUF_INIT;
		mime_field_text(&raw, f);
		if (raw.len > 0 && str_printable_ascii(raw.data, raw.len)) {
			s->subject = buf_detach(&raw);
		} else {
			visible_line(&vis, buf_cstr(&raw), raw.len);
			s->subject = buf_detach(&vis);
			buf_free(&raw);
		}
	}
	read_addrs(&s->from, h, "From");
	read_addrs(&s->to, h, "To");
	read_addrs(&s->cc, h, "Cc");
	read_addrs(&s->reply_to, h, "Reply-To");
	if ((f = mime_header_find(h, "Date")) != NULL)
		s->has_date = mime_date_parse(f->value, f->value_len, &s->date, &s->date_zone) == 0;
	s->message_id = first_id(h, "Message-ID");
	s->in_reply_to = first_id(h, "In-Reply-To");
	if ((f = mime_header_find(h, "References")) != NULL)
		read_ids(&s->references, f->value, f->value_len, 1000);
}
