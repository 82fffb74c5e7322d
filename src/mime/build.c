/* build.c: writing a message for sending: header fields, MIME structure, transfer encodings. */
#include "mime/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mime/codec.h"
#include "mime/date.h"
#include "mime/encword.h"
#include "mime/param.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

#define LINE_SOFT	78	/* RFC 5322 2.1.1: lines SHOULD stay within this */
#define LINE_HARD	998	/* and MUST stay within this, CRLF not counted */
#define ID_MAX		900	/* a message id longer than this is no id but junk */
#define ADDR_MAX	254	/* RFC 5321 4.5.3.1.3: a path is 256 octets with its <> */

/* A MIME entity under construction. */
struct entity {
	struct buf head;	/* its Content-* fields, each line CRLF-ended */
	struct buf body;	/* encoded; the CRLF before a following delimiter is not in it */
};

/* Fields the builder writes itself: an extra one of these would contradict it. */
static const char *const own_fields[] = {
	"Date", "From", "Sender", "To", "Cc", "Bcc", "Reply-To", "Subject",
	"Message-ID", "In-Reply-To", "References", "MIME-Version",
	"Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
};

void
mime_builder_init(struct mime_builder *b)
{
	memset(b, 0, sizeof(*b));
	vec_init(&b->from, sizeof(struct mime_addr));
	vec_init(&b->to, sizeof(struct mime_addr));
	vec_init(&b->cc, sizeof(struct mime_addr));
	vec_init(&b->bcc, sizeof(struct mime_addr));
	vec_init(&b->reply_to, sizeof(struct mime_addr));
	strvec_init(&b->references);
	vec_init(&b->extra, sizeof(struct mime_extra_field));
	vec_init(&b->attachments, sizeof(struct mime_attachment));
}

void
mime_builder_free(struct mime_builder *b)
{
	mime_addr_list_free(&b->from);
	mime_addr_list_free(&b->to);
	mime_addr_list_free(&b->cc);
	mime_addr_list_free(&b->bcc);
	mime_addr_list_free(&b->reply_to);
	free(b->subject);
	free(b->in_reply_to);
	strvec_free(&b->references);
	free(b->message_id);
	for (size_t i = 0; i < b->extra.len; i++) {
		struct mime_extra_field *f = VEC_AT(&b->extra, struct mime_extra_field, i);
		free(f->name);
		free(f->value);
	}
	vec_free(&b->extra);
	free(b->text);
	free(b->html);
	for (size_t i = 0; i < b->attachments.len; i++) {
		struct mime_attachment *a = VEC_AT(&b->attachments, struct mime_attachment, i);
		free(a->filename);
		free(a->type);
	}
	vec_free(&b->attachments);
	mime_builder_init(b);
}

/* ---- checking what the caller gave ---- */

/* A line break in a value would start a new field: header injection. */
static int
check_text(const char *what, const char *s, struct err *e)
{
	if (s == NULL)
		return 0;
	if (strpbrk(s, "\r\n") != NULL)
		return err_setx(e, ERR_MESSAGE, "%s contains a line break", what);
	if (str_has_ctl(s, strlen(s)))
		return err_setx(e, ERR_MESSAGE, "%s contains a control character", what);
	return 0;
}

static bool
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static int
check_addr(const char *field, size_t i, const struct mime_addr *a, struct err *e)
{
	char what[64];

	snprintf(what, sizeof(what), "%s: the name of address %zu", field, i + 1);
	if (check_text(what, a->name, e) == -1)
		return -1;
	snprintf(what, sizeof(what), "%s: the group of address %zu", field, i + 1);
	if (check_text(what, a->group, e) == -1)
		return -1;
	if (a->email == NULL) {
		if (a->group != NULL)
			return 0;	/* an empty group, "undisclosed-recipients:;" */
		return err_setx(e, ERR_MESSAGE, "%s: address %zu has no email address",
		    field, i + 1);
	}
	snprintf(what, sizeof(what), "%s: address %zu", field, i + 1);
	if (check_text(what, a->email, e) == -1)
		return -1;
	if (a->email[0] == '\0' || strlen(a->email) > ADDR_MAX)
		return err_setx(e, ERR_MESSAGE, "%s: address %zu is %s", field, i + 1,
		    a->email[0] == '\0' ? "empty" : "too long");
	if (!is_ascii(a->email))
		return err_setx(e, ERR_MESSAGE, "%s: address %zu is not ASCII "
		    "(internationalised addresses cannot be sent)", field, i + 1);
	return 0;
}

static int
check_addrs(const char *field, const struct vec *v, struct err *e)
{
	for (size_t i = 0; i < v->len; i++)
		if (check_addr(field, i, VEC_AT(v, struct mime_addr, i), e) == -1)
			return -1;
	return 0;
}

/* An id goes between < and >: printable ASCII without space or brackets. */
static int
check_id(const char *what, const char *id, struct err *e)
{
	size_t len = strlen(id);

	if (check_text(what, id, e) == -1)
		return -1;
	if (len == 0 || len > ID_MAX)
		return err_setx(e, ERR_MESSAGE, "%s is %s", what, len == 0 ? "empty" : "too long");
	for (const char *p = id; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || *p == '<' || *p == '>')
			return err_setx(e, ERR_MESSAGE, "%s is not a message id", what);
	return 0;
}

static int
check_ids(const struct mime_builder *b, struct err *e)
{
	if (b->message_id != NULL && check_id("Message-ID", b->message_id, e) == -1)
		return -1;
	if (b->in_reply_to != NULL && check_id("In-Reply-To", b->in_reply_to, e) == -1)
		return -1;
	for (size_t i = 0; i < strvec_len(&b->references); i++)
		if (check_id("References", strvec_get(&b->references, i), e) == -1)
			return -1;
	return 0;
}

/* RFC 5322 3.6.8: a field name is printable ASCII except the colon. */
static int
check_extra(const struct mime_extra_field *f, struct err *e)
{
	if (f->name == NULL || f->name[0] == '\0')
		return err_setx(e, ERR_MESSAGE, "an extra header field has no name");
	for (const char *p = f->name; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || *p == ':')
			return err_setx(e, ERR_MESSAGE, "\"%s\" is not a header field name",
			    is_ascii(f->name) && !str_has_ctl(f->name, strlen(f->name)) ?
			    f->name : "(unprintable)");
	for (size_t i = 0; i < sizeof(own_fields) / sizeof(own_fields[0]); i++)
		if (str_casecmp_ascii(f->name, own_fields[i]) == 0)
			return err_setx(e, ERR_MESSAGE, "the extra header field %s is one the "
			    "message builder writes itself", own_fields[i]);
	if (check_text(f->name, f->value, e) == -1)
		return -1;
	if (f->value != NULL && !is_ascii(f->value))
		return err_setx(e, ERR_MESSAGE, "the extra header field %s is not ASCII", f->name);
	return 0;
}

/* "type/subtype", each a MIME token (RFC 2045 5.1). */
static bool
is_mime_type(const char *t)
{
	size_t n = 0, slashes = 0;

	for (const char *p = t; *p != '\0'; p++) {
		if (*p == '/') {
			if (n == 0 || ++slashes > 1)
				return false;
			n = 0;
			continue;
		}
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr("()<>@,;:\\\"[]?=", *p) != NULL)
			return false;
		n++;
	}
	return slashes == 1 && n > 0;
}

static int
check_attachment(size_t i, const struct mime_attachment *a, struct err *e)
{
	char what[64];

	snprintf(what, sizeof(what), "the name of attachment %zu", i + 1);
	if (check_text(what, a->filename, e) == -1)
		return -1;
	if (a->type != NULL && !is_mime_type(a->type))
		return err_setx(e, ERR_MESSAGE, "attachment %zu: \"%s\" is not a MIME type", i + 1,
		    is_ascii(a->type) && !str_has_ctl(a->type, strlen(a->type)) ?
		    a->type : "(unprintable)");
	if (a->data == NULL && a->len > 0)
		return err_setx(e, ERR_MESSAGE, "attachment %zu has no data", i + 1);
	return 0;
}

static const struct mime_addr *
first_mailbox(const struct vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		if (VEC_AT(v, struct mime_addr, i)->email != NULL)
			return VEC_AT(v, struct mime_addr, i);
	return NULL;
}

static int
check_builder(const struct mime_builder *b, struct err *e)
{
	if (first_mailbox(&b->from) == NULL)
		return err_setx(e, ERR_MESSAGE, "the message has no From address");
	if (check_addrs("From", &b->from, e) == -1 || check_addrs("To", &b->to, e) == -1 ||
	    check_addrs("Cc", &b->cc, e) == -1 || check_addrs("Bcc", &b->bcc, e) == -1 ||
	    check_addrs("Reply-To", &b->reply_to, e) == -1)
		return -1;
	if (check_text("Subject", b->subject, e) == -1 || check_ids(b, e) == -1)
		return -1;
	for (size_t i = 0; i < b->extra.len; i++)
		if (check_extra(VEC_AT(&b->extra, struct mime_extra_field, i), e) == -1)
			return -1;
	for (size_t i = 0; i < b->attachments.len; i++) {
		const struct mime_attachment *a = vec_at(&b->attachments, i);

		if (check_attachment(i, a, e) == -1)
			return -1;
	}
	return 0;
}

/* ---- header fields ---- */

/*
 * Appends s, folding before its white space so that lines stay within 78
 * characters where the words allow; unfolding gives s back exactly. A line
 * never holds white space alone. Returns -1 when a word is too long even
 * for a 998-character line.
 */
static int
fold_words(struct buf *out, const char *s, size_t col)
{
	const char *p = s;

	while (*p != '\0') {
		size_t ws = strspn(p, " \t"), word = strcspn(p + ws, " \t");

		if (p != s && word > 0 && col + ws + word > LINE_SOFT) {
			buf_adds(out, "\r\n");
			col = 0;
		}
		buf_add(out, p, ws + word);
		col += ws + word;
		if (col > LINE_HARD)
			return -1;
		p += ws + word;
	}
	return 0;
}

/*
 * One mailbox after a space, or at the start of a new line when
 * mime_addr_write folds in front of it: a line never ends in white space.
 */
static size_t
put_mailbox(struct buf *out, const struct mime_addr *a, size_t col)
{
	struct mime_addr m = { a->name, a->email, NULL };
	struct buf one = BUF_INIT;

	if (m.name != NULL && m.name[0] == '\0')
		m.name = NULL;
	col = mime_addr_write(&one, &m, col + 1);
	if (!str_starts_with(buf_cstr(&one), "\r\n"))
		buf_addc(out, ' ');
	buf_add(out, buf_cstr(&one), one.len);
	buf_free(&one);
	return col;
}

/* A mailbox, or a whole group "name: a, b;" (RFC 5322 3.4). Returns the next index. */
static size_t
put_item(struct buf *out, const struct vec *v, size_t i, size_t *col)
{
	const struct mime_addr *a = VEC_AT(v, struct mime_addr, i);
	size_t members = 0;

	if (a->group == NULL) {
		*col = put_mailbox(out, a, *col);
		return i + 1;
	}
	buf_addc(out, ' ');
	*col = mime_ew_encode_phrase(out, a->group, strlen(a->group), *col + 1);
	buf_addc(out, ':');
	(*col)++;
	for (; i < v->len; i++) {
		const struct mime_addr *m = VEC_AT(v, struct mime_addr, i);

		if (m->group == NULL || strcmp(m->group, a->group) != 0)
			break;
		if (m->email == NULL)
			continue;
		if (members++ > 0) {
			buf_addc(out, ',');
			(*col)++;
		}
		*col = put_mailbox(out, m, *col);
	}
	buf_addc(out, ';');
	(*col)++;
	return i;
}

static void
put_addrs(struct buf *out, const char *field, const struct vec *v)
{
	size_t col = strlen(field) + 1;

	if (v->len == 0)
		return;
	buf_addf(out, "%s:", field);
	for (size_t i = 0; i < v->len;) {
		if (i > 0) {
			buf_addc(out, ',');
			col++;
		}
		i = put_item(out, v, i, &col);
	}
	buf_adds(out, "\r\n");
}

void
mime_build_addr_field(struct buf *out, const char *field, const struct vec *addrs)
{
	put_addrs(out, field, addrs);
}

static void
put_date(struct buf *out, const struct mime_builder *b)
{
	int64_t when = b->date;
	int zone = b->date_zone;

	if (!b->has_date) {
		time_t now = time(NULL);
		struct tm tm;

		when = (int64_t)now;
		zone = localtime_r(&now, &tm) != NULL ? (int)(tm.tm_gmtoff / 60) : 0;
	}
	buf_adds(out, "Date: ");
	mime_date_write(out, when, zone);
	buf_adds(out, "\r\n");
}

/* The right-hand side of a generated id: the From domain when it can stand there. */
static void
put_new_id(struct buf *out, const struct mime_builder *b)
{
	const char *at = strrchr(first_mailbox(&b->from)->email, '@');
	const char *domain = at != NULL ? at + 1 : NULL;

	if (domain != NULL && strspn(domain, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-[]:") != strlen(domain))
		domain = NULL;
	mime_make_message_id(out, domain);
}

static void
put_ids(struct buf *out, const struct mime_builder *b)
{
	struct buf refs = BUF_INIT;

	buf_adds(out, "Message-ID: <");
	if (b->message_id != NULL)
		buf_adds(out, b->message_id);
	else
		put_new_id(out, b);
	buf_adds(out, ">\r\n");
	if (b->in_reply_to != NULL)
		buf_addf(out, "In-Reply-To: <%s>\r\n", b->in_reply_to);
	if (strvec_len(&b->references) == 0)
		return;
	for (size_t i = 0; i < strvec_len(&b->references); i++)
		buf_addf(&refs, "%s<%s>", i > 0 ? " " : "", strvec_get(&b->references, i));
	buf_adds(out, "References: ");
	fold_words(out, buf_cstr(&refs), strlen("References: "));	/* ids are short enough */
	buf_adds(out, "\r\n");
	buf_free(&refs);
}

static int
put_extra(struct buf *out, const struct mime_extra_field *f, struct err *e)
{
	buf_addf(out, "%s:", f->name);
	if (f->value != NULL && f->value[0] != '\0') {
		buf_addc(out, ' ');
		if (fold_words(out, f->value, strlen(f->name) + 2) == -1)
			return err_setx(e, ERR_MESSAGE, "the extra header field %s has a word "
			    "too long for a line", f->name);
	}
	buf_adds(out, "\r\n");
	return 0;
}

static int
put_header(struct buf *out, const struct mime_builder *b, struct err *e)
{
	put_date(out, b);
	put_addrs(out, "From", &b->from);
	if (b->from.len > 1) {
		/* RFC 5322 3.6.2: several authors need one Sender. */
		size_t col = strlen("Sender:");

		buf_adds(out, "Sender:");
		put_mailbox(out, first_mailbox(&b->from), col);
		buf_adds(out, "\r\n");
	}
	put_addrs(out, "To", &b->to);
	put_addrs(out, "Cc", &b->cc);
	if (b->keep_bcc)
		put_addrs(out, "Bcc", &b->bcc);
	put_addrs(out, "Reply-To", &b->reply_to);
	if (b->subject != NULL) {
		buf_adds(out, b->subject[0] != '\0' ? "Subject: " : "Subject:");
		mime_ew_encode(out, b->subject, strlen(b->subject), strlen("Subject: "));
		buf_adds(out, "\r\n");
	}
	put_ids(out, b);
	buf_adds(out, "MIME-Version: 1.0\r\n");
	for (size_t i = 0; i < b->extra.len; i++)
		if (put_extra(out, VEC_AT(&b->extra, struct mime_extra_field, i), e) == -1)
			return -1;
	return 0;
}

/* ---- bodies ---- */

/*
 * Whether a line goes through any transport unchanged as 7bit: ASCII without
 * NUL or lone CR, within 998 bytes. A text line must also survive relays that
 * strip trailing white space or quote "From " (and keep a signature valid
 * after them): such lines are left to quoted-printable, which protects both.
 */
static bool
line_is_7bit(const char *p, size_t n, bool text)
{
	if (n > LINE_HARD)
		return false;
	if (text && ((n >= 5 && memcmp(p, "From ", 5) == 0) ||
	    (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80 || p[i] == '\0' || p[i] == '\r')
			return false;
	return true;
}

/* Lines may end in LF or CRLF. */
static bool
is_7bit(const char *s, size_t len, bool text)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl != NULL ? nl : end;

		if (eol > p && nl != NULL && eol[-1] == '\r')
			eol--;
		if (!line_is_7bit(p, (size_t)(eol - p), text))
			return false;
		p = nl != NULL ? nl + 1 : end;
	}
	return true;
}

/* Copies s with every LF that lacks one given a CR (no lone CR is left by is_7bit). */
static void
add_crlf(struct buf *out, const char *s, size_t len)
{
	buf_grow(out, len + len / 16);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			buf_addc(out, '\r');
		buf_addc(out, s[i]);
	}
}

static void
entity_init(struct entity *en)
{
	buf_init(&en->head);
	buf_init(&en->body);
}

static void
entity_free(struct entity *en)
{
	buf_free(&en->head);
	buf_free(&en->body);
}

/* A text body is a sequence of lines: the last one gets its line break too. */
static void
text_entity(struct entity *en, const char *subtype, const char *text)
{
	struct buf lines = BUF_INIT;
	size_t len = strlen(text);

	buf_add(&lines, text, len);
	if (len > 0 && text[len - 1] != '\n')
		buf_addc(&lines, '\n');
	buf_addf(&en->head, "Content-Type: text/%s; charset=utf-8\r\n", subtype);
	if (is_7bit(buf_cstr(&lines), lines.len, true)) {
		buf_adds(&en->head, "Content-Transfer-Encoding: 7bit\r\n");
		add_crlf(&en->body, buf_cstr(&lines), lines.len);
	} else {
		buf_adds(&en->head, "Content-Transfer-Encoding: quoted-printable\r\n");
		mime_qp_encode(&en->body, buf_cstr(&lines), lines.len);
	}
	buf_free(&lines);
}

/* The name without any directory a caller left in it. */
static const char *
base_name(const char *path)
{
	const char *slash;

	if (path == NULL)
		return NULL;
	slash = strrchr(path, '/');
	if (slash != NULL)
		path = slash + 1;
	return path[0] != '\0' ? path : NULL;
}

static void
attachment_head(struct buf *h, const struct mime_attachment *a, const char *type,
    const char *data)
{
	const char *name = base_name(a->filename);
	const char *disp = a->is_inline ? "inline" : "attachment";
	size_t col;

	buf_addf(h, "Content-Type: %s", type);
	col = strlen("Content-Type: ") + strlen(type);
	if (str_ncasecmp_ascii(type, "text/", 5) == 0 && memchr(data, '\0', a->len) == NULL &&
	    str_utf8_valid(data, a->len))
		mime_param_write(h, "charset", "utf-8", &col);
	if (name != NULL)
		mime_param_write(h, "name", name, &col);
	buf_addf(h, "\r\nContent-Disposition: %s", disp);
	col = strlen("Content-Disposition: ") + strlen(disp);
	if (name != NULL)
		mime_param_write(h, "filename", name, &col);
	buf_adds(h, "\r\n");
}

/*
 * Attachments travel in base64, except a forwarded message that is already
 * 7-bit: RFC 2046 5.2.1 allows no other encoding for message/rfc822, and
 * readers then show it inline. An 8-bit one can only go in base64 here,
 * since the SMTP client never announces 8BITMIME; readers (and mime_parse)
 * decode it.
 */
static void
attachment_entity(struct entity *en, const struct mime_attachment *a)
{
	const char *data = a->data != NULL ? a->data : "";
	const char *type = a->type != NULL ? a->type : mime_guess_type(a->filename, data, a->len);

	attachment_head(&en->head, a, type, data);
	if (str_casecmp_ascii(type, "message/rfc822") == 0 && is_7bit(data, a->len, false)) {
		buf_adds(&en->head, "Content-Transfer-Encoding: 7bit\r\n");
		add_crlf(&en->body, data, a->len);
		return;
	}
	buf_adds(&en->head, "Content-Transfer-Encoding: base64\r\n");
	mime_b64_encode(&en->body, data, a->len, 76);
	if (en->body.len >= 2 && memcmp(en->body.data + en->body.len - 2, "\r\n", 2) == 0)
		buf_truncate(&en->body, en->body.len - 2);	/* the delimiter brings its own */
}

static bool
occurs_in(const struct buf *bnd, const struct entity *kids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct buf *head = &kids[i].head, *body = &kids[i].body;

		if (memmem(buf_cstr(head), head->len, bnd->data, bnd->len) != NULL ||
		    memmem(buf_cstr(body), body->len, bnd->data, bnd->len) != NULL)
			return true;
	}
	return false;
}

/*
 * "=_" cannot occur in base64 or quoted-printable, and 130 random bits make
 * a clash with 7bit content practically impossible; it is checked all the
 * same, with the children complete (nested boundaries included).
 */
static void
pick_boundary(struct buf *bnd, const struct entity *kids, size_t n)
{
	struct buf rnd = BUF_INIT;

	do {
		buf_reset(&rnd);
		buf_reset(bnd);
		mime_make_message_id(&rnd, NULL);	/* its random half is what is needed */
		buf_adds(bnd, "=_");
		buf_add(bnd, rnd.data, strcspn(rnd.data, "@"));
	} while (occurs_in(bnd, kids, n));
	buf_free(&rnd);
}

static void
multipart_entity(struct entity *en, const char *subtype, const struct entity *kids, size_t n)
{
	struct buf bnd = BUF_INIT;
	size_t col;

	pick_boundary(&bnd, kids, n);
	buf_addf(&en->head, "Content-Type: multipart/%s", subtype);
	col = strlen("Content-Type: multipart/") + strlen(subtype);
	mime_param_write(&en->head, "boundary", bnd.data, &col);
	buf_adds(&en->head, "\r\n");
	for (size_t i = 0; i < n; i++) {
		buf_addf(&en->body, "--%s\r\n", bnd.data);
		buf_add(&en->body, buf_cstr(&kids[i].head), kids[i].head.len);
		buf_adds(&en->body, "\r\n");
		buf_add(&en->body, buf_cstr(&kids[i].body), kids[i].body.len);
		buf_adds(&en->body, "\r\n");
	}
	buf_addf(&en->body, "--%s--", bnd.data);
	buf_free(&bnd);
}

/* The readable part: plain text, HTML, or both as alternatives (plain first, as RFC 2046 wants). */
static void
readable_entity(struct entity *en, const struct mime_builder *b)
{
	struct entity alt[2];

	if (b->html == NULL) {
		text_entity(en, "plain", b->text != NULL ? b->text : "");
		return;
	}
	if (b->text == NULL) {
		text_entity(en, "html", b->html);
		return;
	}
	entity_init(&alt[0]);
	entity_init(&alt[1]);
	text_entity(&alt[0], "plain", b->text);
	text_entity(&alt[1], "html", b->html);
	multipart_entity(en, "alternative", alt, 2);
	entity_free(&alt[0]);
	entity_free(&alt[1]);
}

static void
body_entity(struct entity *en, const struct mime_builder *b)
{
	size_t natt = b->attachments.len, n = 0;
	struct entity *kids;

	if (natt == 0) {
		readable_entity(en, b);
		return;
	}
	kids = xcalloc(natt + 1, sizeof(*kids));
	for (size_t i = 0; i < natt + 1; i++)
		entity_init(&kids[i]);
	if (b->text != NULL || b->html != NULL)
		readable_entity(&kids[n++], b);
	for (size_t i = 0; i < natt; i++)
		attachment_entity(&kids[n++], VEC_AT(&b->attachments, struct mime_attachment, i));
	multipart_entity(en, "mixed", kids, n);
	for (size_t i = 0; i < natt + 1; i++)
		entity_free(&kids[i]);
	free(kids);
}

int
mime_build(struct buf *out, const struct mime_builder *b, struct err *e)
{
	struct buf head = BUF_INIT;
	struct entity top;

	if (check_builder(b, e) == -1)
		return -1;
	if (put_header(&head, b, e) == -1) {
		buf_free(&head);
		return -1;
	}
	entity_init(&top);
	body_entity(&top, b);
	buf_add(out, buf_cstr(&head), head.len);
	buf_add(out, buf_cstr(&top.head), top.head.len);
	buf_adds(out, "\r\n");
	buf_add(out, buf_cstr(&top.body), top.body.len);
	if (top.body.len > 0 && top.body.data[top.body.len - 1] != '\n')
		buf_adds(out, "\r\n");
	entity_free(&top);
	buf_free(&head);
	return 0;
}
