/* compose.c: drafts: addresses as people type them, `taube send` options, attachments, building. */
#include "engine/compose.h"

#include <stdlib.h>
#include <string.h>

#include "mime/build.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/xalloc.h"

void
eng_draft_init(struct eng_draft *d)
{
	memset(d, 0, sizeof(*d));
	vec_init(&d->to, sizeof(struct mime_addr));
	vec_init(&d->cc, sizeof(struct mime_addr));
	vec_init(&d->bcc, sizeof(struct mime_addr));
	strvec_init(&d->references);
	buf_init(&d->body);
	vec_init(&d->attachments, sizeof(struct eng_attachment));
}

void
eng_draft_free(struct eng_draft *d)
{
	mime_addr_free(&d->from);
	mime_addr_list_free(&d->to);
	mime_addr_list_free(&d->cc);
	mime_addr_list_free(&d->bcc);
	free(d->subject);
	free(d->in_reply_to);
	strvec_free(&d->references);
	buf_free(&d->body);
	for (size_t i = 0; i < d->attachments.len; i++) {
		struct eng_attachment *a = VEC_AT(&d->attachments, struct eng_attachment, i);

		free(a->name);
		free(a->type);
		buf_free(&a->data);
	}
	vec_free(&d->attachments);
	eng_draft_init(d);
}

/* ---- addresses ---- */

/*
 * The length of the next address of a list: up to a comma that is not
 * inside quotes, a comment or angle brackets.
 */
static size_t
next_item(const char *s)
{
	bool quoted = false, angle = false;
	int comment = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if ((quoted || comment > 0) && s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if (quoted)
			quoted = s[i] != '"';
		else if (s[i] == '(')
			comment++;
		else if (comment > 0)
			comment -= s[i] == ')';
		else if (s[i] == '"')
			quoted = true;
		else if (s[i] == '<')
			angle = true;
		else if (s[i] == '>')
			angle = false;
		else if (s[i] == ',' && !angle)
			break;
	}
	return i;
}

int
eng_addr_list_parse(struct vec *out, const char *text, struct err *e)
{
	struct vec got = VEC_INIT(struct mime_addr);
	const char *p = text;

	if (str_has_ctl(text, strlen(text)))
		return err_setx(e, ERR_MESSAGE, "an address must not hold a line break or a "
		    "control character");
	while (*p != '\0') {
		size_t n = next_item(p);
		char *one = xstrndup(p, n), *t = str_trim(one);
		struct mime_addr a;

		if (*t != '\0' && mime_addr_parse_one(&a, t, e) == -1) {
			free(one);
			mime_addr_list_free(&got);
			if (e != NULL)
				e->scope = ERR_MESSAGE;	/* one address: not fatal */
			return -1;
		}
		if (*t != '\0')
			vec_push(&got, &a);
		free(one);
		p += n;
		if (*p == ',')
			p++;
	}
	for (size_t i = 0; i < got.len; i++)
		vec_push(out, vec_at(&got, i));
	vec_free(&got);
	return 0;
}

/* Whether a display name reads back as written without quotes: atoms and spaces only. */
static bool
name_is_plain(const char *s)
{
	if (*s == ' ' || (*s != '\0' && s[strlen(s) - 1] == ' '))
		return false;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (!(c >= 0x80 || c == ' ' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL))
			return false;
	}
	return true;
}

void
eng_addr_format(struct buf *out, const struct mime_addr *a)
{
	bool named = a->name != NULL && a->name[0] != '\0';

	if (named && name_is_plain(a->name)) {
		buf_adds(out, a->name);
	} else if (named) {
		buf_addc(out, '"');
		for (const char *p = a->name; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(out, '\\');
			buf_addc(out, *p);
		}
		buf_addc(out, '"');
	}
	if (a->email == NULL)
		return;
	buf_addf(out, named ? " <%s>" : "%s", a->email);
}

int
eng_draft_set_from(struct eng_draft *d, const char *text, struct err *e)
{
	struct vec v = VEC_INIT(struct mime_addr);

	if (eng_addr_list_parse(&v, text, e) == -1)
		return err_prefix(e, "From");
	if (v.len != 1) {
		mime_addr_list_free(&v);
		return err_setx(e, ERR_MESSAGE, "From: \"%s\" is not one address",
		    str_has_ctl(text, strlen(text)) ? "(unprintable)" : text);
	}
	mime_addr_free(&d->from);
	d->from = *VEC_AT(&v, struct mime_addr, 0);
	vec_free(&v);
	return 0;
}

static struct vec *
addr_field(struct eng_draft *d, enum eng_addr_field f, const char **label)
{
	switch (f) {
	case ENG_CC:
		*label = "Cc";
		return &d->cc;
	case ENG_BCC:
		*label = "Bcc";
		return &d->bcc;
	default:
		*label = "To";
		return &d->to;
	}
}

int
eng_draft_add_addrs(struct eng_draft *d, enum eng_addr_field f, const char *text,
    struct err *e)
{
	const char *label;
	struct vec *v = addr_field(d, f, &label);

	if (eng_addr_list_parse(v, text, e) == -1)
		return err_prefix(e, "%s", label);
	return 0;
}

/* ---- body and attachments ---- */

int
eng_draft_set_body(struct eng_draft *d, const char *text, size_t len, struct err *e)
{
	if (memchr(text, '\0', len) != NULL || !str_utf8_valid(text, len))
		return err_setx(e, ERR_MESSAGE, "the body is not UTF-8 text (attach such a file "
		    "instead)");
	buf_reset(&d->body);
	buf_grow(&d->body, len);
	for (size_t i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			buf_addc(&d->body, text[i]);
	return 0;
}

void
eng_draft_attach_data(struct eng_draft *d, const char *name, const char *type,
    const char *data, size_t len)
{
	struct eng_attachment *a = vec_push_zero(&d->attachments);

	a->name = name != NULL ? xstrdup(name) : NULL;
	a->type = type != NULL ? xstrdup(type) : NULL;
	buf_init(&a->data);
	buf_add(&a->data, data, len);
}

int
eng_draft_attach_file(struct eng_draft *d, const char *path, struct err *e)
{
	struct buf data = BUF_INIT;
	const char *slash = strrchr(path, '/');
	const char *name = slash != NULL ? slash + 1 : path;
	struct eng_attachment *a;

	if (fs_read_file(path, &data, ENG_ATTACH_MAX, e) == -1)
		return -1;
	a = vec_push_zero(&d->attachments);
	a->name = name[0] != '\0' ? xstrdup(name) : NULL;
	a->type = NULL;
	a->data = data;
	return 0;
}

/* ---- `taube send` options ---- */

static int
add_each(struct eng_draft *d, enum eng_addr_field f, const struct strvec *lists,
    struct err *e)
{
	for (size_t i = 0; lists != NULL && i < strvec_len(lists); i++)
		if (eng_draft_add_addrs(d, f, strvec_get(lists, i), e) == -1)
			return -1;
	return 0;
}

static int
set_subject(struct eng_draft *d, const char *s, struct err *e)
{
	if (str_has_ctl(s, strlen(s)) || strchr(s, '\t') != NULL)
		return err_setx(e, ERR_MESSAGE, "the subject must not hold a line break or a "
		    "control character");
	if (!str_utf8_valid(s, strlen(s)))
		return err_setx(e, ERR_MESSAGE, "the subject is not valid UTF-8");
	free(d->subject);
	d->subject = s[0] != '\0' ? xstrdup(s) : NULL;
	return 0;
}

static int
set_body_file(struct eng_draft *d, const char *path, struct err *e)
{
	struct buf text = BUF_INIT;
	int rc = fs_read_file(path, &text, ENG_BODY_MAX, e);

	if (rc == 0 && (rc = eng_draft_set_body(d, buf_cstr(&text), text.len, e)) == -1)
		err_prefix(e, "%s", path);
	buf_free(&text);
	return rc;
}

static int
fill_options(struct eng_draft *d, const struct eng_compose_opts *o, struct err *e)
{
	if (o->from != NULL && eng_draft_set_from(d, o->from, e) == -1)
		return -1;
	if (add_each(d, ENG_TO, o->to, e) == -1 || add_each(d, ENG_CC, o->cc, e) == -1 ||
	    add_each(d, ENG_BCC, o->bcc, e) == -1)
		return -1;
	if (o->subject != NULL && set_subject(d, o->subject, e) == -1)
		return -1;
	if (o->body_file != NULL && set_body_file(d, o->body_file, e) == -1)
		return -1;
	if (o->body_file == NULL && o->body != NULL &&
	    eng_draft_set_body(d, o->body, strlen(o->body), e) == -1)
		return -1;
	for (size_t i = 0; o->attach != NULL && i < strvec_len(o->attach); i++)
		if (eng_draft_attach_file(d, strvec_get(o->attach, i), e) == -1)
			return -1;
	return 0;
}

int
eng_draft_from_options(struct eng_draft *d, const struct eng_compose_opts *o,
    struct err *e)
{
	eng_draft_init(d);
	if (fill_options(d, o, e) == -1) {
		eng_draft_free(d);
		return -1;
	}
	return 0;
}

/* ---- building ---- */

static void
copy_addr(struct vec *dst, const struct mime_addr *a)
{
	struct mime_addr *c = vec_push_zero(dst);

	c->name = a->name != NULL ? xstrdup(a->name) : NULL;
	c->email = a->email != NULL ? xstrdup(a->email) : NULL;
}

static void
copy_addrs(struct vec *dst, const struct vec *src)
{
	for (size_t i = 0; i < src->len; i++)
		copy_addr(dst, VEC_AT(src, struct mime_addr, i));
}

/* The builder borrows the attachments' bytes: d must outlive it. */
static void
fill_builder(struct mime_builder *b, const struct eng_draft *d, unsigned flags)
{
	copy_addr(&b->from, &d->from);
	copy_addrs(&b->to, &d->to);
	copy_addrs(&b->cc, &d->cc);
	copy_addrs(&b->bcc, &d->bcc);
	b->keep_bcc = (flags & ENG_BUILD_KEEP_BCC) != 0;
	b->subject = d->subject != NULL ? xstrdup(d->subject) : NULL;
	b->in_reply_to = d->in_reply_to != NULL ? xstrdup(d->in_reply_to) : NULL;
	for (size_t i = 0; i < strvec_len(&d->references); i++)
		strvec_push(&b->references, strvec_get(&d->references, i));
	/* a message that only forwards something needs no empty text part */
	if (d->body.len > 0 || d->attachments.len == 0)
		b->text = xstrdup(buf_cstr(&d->body));
	for (size_t i = 0; i < d->attachments.len; i++) {
		const struct eng_attachment *a = vec_at(&d->attachments, i);
		struct mime_attachment *m = vec_push_zero(&b->attachments);

		m->filename = a->name != NULL ? xstrdup(a->name) : NULL;
		m->type = a->type != NULL ? xstrdup(a->type) : NULL;
		m->data = a->data.data;
		m->len = a->data.len;
	}
}

int
eng_draft_build(const struct eng_draft *d, unsigned flags, struct buf *out, struct err *e)
{
	struct mime_builder b;
	int rc;

	if (d->from.email == NULL)
		return err_setx(e, ERR_MESSAGE, "the draft has no From address");
	if (memchr(buf_cstr(&d->body), '\0', d->body.len) != NULL ||
	    !str_utf8_valid(buf_cstr(&d->body), d->body.len))
		return err_setx(e, ERR_MESSAGE, "the body is not UTF-8 text");
	mime_builder_init(&b);
	fill_builder(&b, d, flags);
	rc = mime_build(out, &b, e);
	mime_builder_free(&b);
	return rc;
}
