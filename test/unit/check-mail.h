/* check-mail.h: looking at a message the tests built: the wire rules, its parse, its fields. */
#ifndef TAUBE_TEST_CHECK_MAIL_H
#define TAUBE_TEST_CHECK_MAIL_H

#include <stdbool.h>
#include <string.h>

#include "mime/addr.h"
#include "mime/header.h"
#include "mime/message.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* A built message parsed: its tree, its summary, its body as the pager shows it. */
struct seen {
	struct mime_message m;
	struct mime_summary s;
	struct buf text;
};

static inline void
see(struct seen *x, const struct buf *msg)
{
	mime_parse(&x->m, buf_cstr(msg), msg->len, 0);
	mime_summary_init(&x->s);
	mime_summary_read(&x->s, &x->m.root->header);
	buf_init(&x->text);
	mime_render_body(&x->text, &x->m);
}

static inline void
unsee(struct seen *x)
{
	buf_free(&x->text);
	mime_summary_free(&x->s);
	mime_message_free(&x->m);
}

/* CRLF only, 7-bit, no line over 998, ends in CRLF. */
static inline bool
is_wire_clean(const struct buf *msg)
{
	for (size_t i = 0; i < msg->len; i++) {
		unsigned char c = (unsigned char)msg->data[i];
		bool lf_next = i + 1 < msg->len && msg->data[i + 1] == '\n';

		if (c == 0 || c >= 0x80 || (c == '\r') != lf_next ||
		    (c == '\n' && (i == 0 || msg->data[i - 1] != '\r')))
			return false;
	}
	return check_longest_line(buf_cstr(msg)) <= 998 && msg->len >= 2 &&
	    memcmp(msg->data + msg->len - 2, "\r\n", 2) == 0;
}

static inline const char *
email_at(const struct vec *v, size_t i)
{
	return i < v->len ? VEC_AT(v, struct mime_addr, i)->email : "(none)";
}

static inline const char *
name_at(const struct vec *v, size_t i)
{
	const char *n = i < v->len ? VEC_AT(v, struct mime_addr, i)->name : NULL;

	return n != NULL ? n : "(none)";
}

/* The header of msg, up to the empty line. */
static inline char *
head_of(const struct buf *msg)
{
	const char *end = strstr(buf_cstr(msg), "\r\n\r\n");

	return xstrndup(buf_cstr(msg), end != NULL ? (size_t)(end - msg->data) + 2 : msg->len);
}

/* Whether the top header's field, decoded, says want. */
static inline bool
field_text_is(const struct mime_message *m, const char *name, const char *want)
{
	const struct mime_field *f = mime_header_find(&m->root->header, name);
	struct buf v = BUF_INIT;
	bool same;

	if (f != NULL)
		mime_field_text(&v, f);
	same = f != NULL && strcmp(buf_cstr(&v), want) == 0;
	buf_free(&v);
	return same;
}

static inline size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

#endif
