/*
 * compose-send.c: a message written elsewhere made ready for SMTP: the
 * fields it lacks, 8-bit header text encoded, an 8-bit body re-encoded (the
 * SMTP client never announces 8BITMIME), Bcc: kept for the envelope only.
 */
#include "engine/compose.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mime/build.h"
#include "mime/codec.h"
#include "mime/date.h"
#include "mime/encword.h"
#include "mime/header.h"
#include "mime/message.h"
#include "mime/param.h"
#include "util/str.h"
#include "util/xalloc.h"

#define LINE_HARD	998	/* RFC 5322 2.1.1, CRLF not counted */
#define ADDR_MAX	254	/* RFC 5321 4.5.3.1.3, less the angle brackets */

/* Fields holding addresses: with 8-bit names they are parsed and written again. */
static const char *const addr_fields[] = {
	"From", "Sender", "To", "Cc", "Reply-To", "Mail-Followup-To", "Mail-Reply-To",
	"Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc",
	"Disposition-Notification-To", NULL,
};

/* Structured fields that 8-bit bytes make unreadable, and no encoding can mend. */
static const char *const strict_fields[] = {
	"Date", "Message-ID", "In-Reply-To", "References", "Received", "Return-Path",
	"MIME-Version", "Content-Transfer-Encoding", "Content-ID", "Resent-Date",
	"Resent-Message-ID", NULL,
};

/* How an entity's header changes along with its body. */
struct recode {
	const char *cte;	/* the new Content-Transfer-Encoding, or NULL: as written */
	const char *charset;	/* a text part that names none gets this one, or NULL */
	bool top;		/* the message's own header: Bcc: leaves it */
};

void
eng_envelope_init(struct eng_envelope *env)
{
	env->from = NULL;
	strvec_init(&env->rcpt);
}

void
eng_envelope_free(struct eng_envelope *env)
{
	free(env->from);
	strvec_free(&env->rcpt);
	eng_envelope_init(env);
}

/* ---- small tests ---- */

static bool
name_is(const struct mime_field *f, const char *name)
{
	return f->name_len == strlen(name) && str_ncasecmp_ascii(f->name, name, f->name_len) == 0;
}

static bool
name_in(const struct mime_field *f, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (name_is(f, names[i]))
			return true;
	return false;
}

static bool
has_8bit(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* Whether bytes cannot travel as they are: 8-bit, NUL, a bare CR, a line over 998. */
static bool
needs_recode(const char *s, size_t len)
{
	size_t line = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c == '\0' || (c == '\r' && (i + 1 == len || s[i + 1] != '\n')))
			return true;
		if (c == '\n')
			line = 0;
		else if (c != '\r' && ++line > LINE_HARD)
			return true;
	}
	return false;
}

/* Copies s with a CR given to every LF that lacks one. */
static void
add_crlf(struct buf *out, const char *s, size_t len)
{
	buf_grow(out, len + len / 32);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			buf_addc(out, '\r');
		buf_addc(out, s[i]);
	}
}

/* ---- the envelope ---- */

/* An address SMTP can take as it is: ASCII, no control character, local@domain. */
static int
check_mailbox(const char *field, size_t i, const char *email, struct err *e)
{
	size_t len = strlen(email);
	const char *at = strrchr(email, '@');

	if (str_has_ctl(email, len) || strchr(email, '\t') != NULL)
		return err_setx(e, ERR_MESSAGE, "%s: address %zu holds a line break or a control "
		    "character", field, i + 1);
	if (has_8bit(email, len))
		return err_setx(e, ERR_MESSAGE, "%s: address %zu is not ASCII (internationalised "
		    "addresses cannot be sent)", field, i + 1);
	if (at == NULL || at == email || at[1] == '\0')
		return err_setx(e, ERR_MESSAGE, "%s: \"%s\" is not an address (local@domain)",
		    field, email);
	if (len > ADDR_MAX)
		return err_setx(e, ERR_MESSAGE, "%s: address %zu is too long", field, i + 1);
	return 0;
}

/* The mailboxes of every field called name, appended to out (with group ones). */
static void
field_addrs(struct vec *out, const struct mime_header *h, const char *name)
{
	for (size_t i = 0; i < h->fields.len; i++) {
		const struct mime_field *f = VEC_AT(&h->fields, struct mime_field, i);

		if (name_is(f, name))
			mime_addr_parse(out, f->value, f->value_len);
	}
}

static int
collect(struct strvec *rcpt, const struct mime_header *h, const char *name, struct err *e)
{
	struct vec v = VEC_INIT(struct mime_addr);
	size_t n = 0;
	int rc = 0;

	field_addrs(&v, h, name);
	for (size_t i = 0; i < v.len && rc == 0; i++) {
		const char *email = VEC_AT(&v, struct mime_addr, i)->email;
		bool seen = false;

		if (email == NULL)
			continue;	/* an empty group, "undisclosed-recipients:;" */
		if ((rc = check_mailbox(name, n++, email, e)) == -1)
			break;
		for (size_t k = 0; k < strvec_len(rcpt) && !seen; k++)
			seen = str_casecmp_ascii(strvec_get(rcpt, k), email) == 0;
		if (!seen)
			strvec_push(rcpt, email);
	}
	mime_addr_list_free(&v);
	return rc;
}

/* MAIL FROM: the Sender, else the first author, else the default From. */
static int
envelope_from(struct eng_envelope *env, const struct mime_header *h,
    const struct vec *def, struct err *e)
{
	static const char *const names[] = { "Sender", "From" };
	struct vec v = VEC_INIT(struct mime_addr);
	int rc = 0;

	for (size_t k = 0; k < 2 && env->from == NULL; k++) {
		field_addrs(&v, h, names[k]);
		for (size_t i = 0; i < v.len && env->from == NULL; i++)
			if (VEC_AT(&v, struct mime_addr, i)->email != NULL)
				env->from = xstrdup(VEC_AT(&v, struct mime_addr, i)->email);
		mime_addr_list_free(&v);
	}
	if (env->from == NULL && def->len > 0)
		env->from = xstrdup(VEC_AT(def, struct mime_addr, 0)->email);
	if (env->from == NULL)
		return err_setx(e, ERR_MESSAGE, "the message has no From address");
	rc = check_mailbox("From", 0, env->from, e);
	return rc;
}

static int
envelope(struct eng_envelope *env, const struct mime_header *h, const struct vec *def,
    struct err *e)
{
	if (collect(&env->rcpt, h, "To", e) == -1 || collect(&env->rcpt, h, "Cc", e) == -1 ||
	    collect(&env->rcpt, h, "Bcc", e) == -1)
		return -1;
	if (strvec_len(&env->rcpt) == 0)
		return err_setx(e, ERR_MESSAGE, "the message has no recipients (To, Cc or Bcc)");
	return envelope_from(env, h, def, e);
}

/* ---- header fields ---- */

static int
check_header(const char *raw, size_t head_len, const struct mime_header *h, struct err *e)
{
	if (h->fields.len == 0)
		return err_setx(e, ERR_MESSAGE, "the message has no header (it must start with "
		    "fields such as From: and To:)");
	if (h->malformed)
		return err_setx(e, ERR_MESSAGE, "the header holds a line that is no field (is "
		    "the empty line before the body missing?)");
	if (h->truncated)
		return err_setx(e, ERR_MESSAGE, "the header is too large");
	for (size_t i = 0; i < head_len; i++) {
		if (raw[i] == '\0')
			return err_setx(e, ERR_MESSAGE, "the header holds a NUL byte");
		if (raw[i] == '\r' && (i + 1 == head_len || raw[i + 1] != '\n'))
			return err_setx(e, ERR_MESSAGE, "the header holds a bare CR");
	}
	return 0;
}

/* A field as written, lines ended by CRLF. */
static int
copy_field(struct buf *out, const struct mime_field *f, struct err *e)
{
	const char *p = f->name;
	size_t len = (size_t)(f->value + f->value_len - f->name), line = 0;

	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\n')
			line = 0;
		else if (p[i] != '\r' && ++line > LINE_HARD)
			return err_setx(e, ERR_MESSAGE, "the %.*s field has a line longer than "
			    "%d characters", (int)f->name_len, f->name, LINE_HARD);
	}
	add_crlf(out, p, len);
	buf_adds(out, "\r\n");
	return 0;
}

/* Content-Type or Content-Disposition written again: parameters encoded as RFC 2231 wants. */
static int
rewrite_params(struct buf *out, const struct mime_field *f, const char *charset,
    struct err *e)
{
	struct buf v = BUF_INIT;
	struct mime_ctype ct;
	bool is_type = name_is(f, "Content-Type");
	const char *label = is_type ? "Content-Type" : "Content-Disposition";
	size_t col;

	mime_field_unfold(&v, f);
	mime_ctype_parse(&ct, buf_cstr(&v), v.len);
	buf_free(&v);
	if (ct.type == NULL) {
		mime_ctype_free(&ct);
		return err_setx(e, ERR_MESSAGE, "the %s field cannot be read", label);
	}
	buf_addf(out, "%s: %s%s%s", label, ct.type, ct.subtype != NULL ? "/" : "",
	    ct.subtype != NULL ? ct.subtype : "");
	col = strlen(label) + 2 + strlen(ct.type) +
	    (ct.subtype != NULL ? 1 + strlen(ct.subtype) : 0);
	for (size_t i = 0; i < ct.params.len; i++) {
		const struct mime_param *p = VEC_AT(&ct.params, struct mime_param, i);

		mime_param_write(out, p->name, p->value, &col);
	}
	if (charset != NULL && is_type && strcmp(ct.type, "text") == 0 &&
	    mime_ctype_param(&ct, "charset") == NULL)
		mime_param_write(out, "charset", charset, &col);
	buf_adds(out, "\r\n");
	mime_ctype_free(&ct);
	return 0;
}

/* A field with 8-bit text: addresses and parameters written again, other text as encoded words. */
static int
encode_field(struct buf *out, const struct mime_field *f, struct err *e)
{
	char *name = xstrndup(f->name, f->name_len);
	struct buf text = BUF_INIT;
	struct vec v = VEC_INIT(struct mime_addr);
	int rc = 0;

	if (name_in(f, strict_fields)) {
		rc = err_setx(e, ERR_MESSAGE, "the %s field holds 8-bit bytes", name);
	} else if (name_in(f, addr_fields)) {
		mime_addr_parse(&v, f->value, f->value_len);
		mime_build_addr_field(out, name, &v);
		mime_addr_list_free(&v);
	} else if (name_is(f, "Content-Type") || name_is(f, "Content-Disposition")) {
		rc = rewrite_params(out, f, NULL, e);
	} else {
		mime_field_text(&text, f);
		buf_addf(out, "%s:%s", name, text.len > 0 ? " " : "");
		mime_ew_encode(out, buf_cstr(&text), text.len, f->name_len + 2);
		buf_adds(out, "\r\n");
	}
	buf_free(&text);
	free(name);
	return rc;
}

static int
write_fields(struct buf *out, const struct mime_header *h, const struct recode *rc,
    struct err *e)
{
	bool cte_done = false, ctype_seen = false;
	int r = 0;

	for (size_t i = 0; i < h->fields.len && r == 0; i++) {
		const struct mime_field *f = VEC_AT(&h->fields, struct mime_field, i);

		if (rc->top && name_is(f, "Bcc"))
			continue;
		if (rc->cte != NULL && name_is(f, "Content-Transfer-Encoding")) {
			if (!cte_done)
				buf_addf(out, "Content-Transfer-Encoding: %s\r\n", rc->cte);
			cte_done = true;
		} else if (name_is(f, "Content-Type") && !ctype_seen && rc->charset != NULL) {
			ctype_seen = true;
			r = rewrite_params(out, f, rc->charset, e);
		} else if (has_8bit(f->value, f->value_len)) {
			ctype_seen = ctype_seen || name_is(f, "Content-Type");
			r = encode_field(out, f, e);
		} else {
			ctype_seen = ctype_seen || name_is(f, "Content-Type");
			r = copy_field(out, f, e);
		}
	}
	if (r == 0 && rc->charset != NULL && !ctype_seen)
		buf_addf(out, "Content-Type: text/plain; charset=%s\r\n", rc->charset);
	if (r == 0 && rc->cte != NULL && !cte_done)
		buf_addf(out, "Content-Transfer-Encoding: %s\r\n", rc->cte);
	return r;
}

/* ---- bodies ---- */

static int write_entity(struct buf *out, const struct mime_part *p, struct err *e);

/*
 * A multipart is written again part by part, each re-encoded where needed;
 * its preamble and epilogue are left out. A signature over 8-bit content
 * could not survive that.
 */
static int
recode_multipart(struct buf *out, const struct mime_part *p, struct err *e)
{
	const char *bnd = mime_ctype_param(&p->ctype, "boundary");

	if (strcmp(p->ctype.subtype, "signed") == 0 || strcmp(p->ctype.subtype, "encrypted") == 0)
		return err_setx(e, ERR_MESSAGE, "a signed or encrypted part holds 8-bit bytes; it "
		    "cannot be re-encoded without breaking it");
	if (bnd == NULL || p->children.len == 0)
		return err_setx(e, ERR_MESSAGE, "a multipart part without a usable boundary holds "
		    "8-bit bytes");
	for (size_t i = 0; i < p->children.len; i++) {
		buf_addf(out, "--%s\r\n", bnd);
		if (write_entity(out, *VEC_AT(&p->children, struct mime_part *, i), e) == -1)
			return -1;
		buf_adds(out, "\r\n");
	}
	buf_addf(out, "--%s--\r\n", bnd);
	return 0;
}

/* A leaf decoded and encoded again: quoted-printable for text, base64 for the rest. */
static void
recode_leaf(struct buf *out, const struct mime_part *p, struct recode *rc)
{
	struct buf data = BUF_INIT;

	mime_part_decode(p, &data);
	if (strcmp(p->ctype.type, "text") == 0) {
		rc->cte = "quoted-printable";
		if (mime_ctype_param(&p->ctype, "charset") == NULL)
			rc->charset = str_utf8_valid(buf_cstr(&data), data.len) ? "utf-8" :
			    "windows-1252";
		mime_qp_encode(out, buf_cstr(&data), data.len);
	} else {
		rc->cte = "base64";
		mime_b64_encode(out, buf_cstr(&data), data.len, 76);
		if (out->len >= 2 && memcmp(out->data + out->len - 2, "\r\n", 2) == 0)
			buf_truncate(out, out->len - 2);
	}
	buf_free(&data);
}

/* p's body as it may travel; rc says how p's header must change with it. */
static int
recode_body(struct buf *out, const struct mime_part *p, struct recode *rc, struct err *e)
{
	if (!needs_recode(p->body, p->body_len)) {
		add_crlf(out, p->body, p->body_len);
		return 0;
	}
	if (strcmp(p->ctype.type, "multipart") == 0) {
		rc->cte = "7bit";
		return recode_multipart(out, p, e);
	}
	recode_leaf(out, p, rc);
	return 0;
}

static int
write_entity(struct buf *out, const struct mime_part *p, struct err *e)
{
	struct recode rc = { NULL, NULL, false };
	struct buf body = BUF_INIT;
	int r = recode_body(&body, p, &rc, e);

	if (r == 0)
		r = write_fields(out, &p->header, &rc, e);
	if (r == 0) {
		buf_adds(out, "\r\n");
		buf_add(out, buf_cstr(&body), body.len);
	}
	buf_free(&body);
	return r;
}

/* ---- the whole message ---- */

static void
add_date(struct buf *out)
{
	time_t now = time(NULL);
	struct tm tm;
	int zone = localtime_r(&now, &tm) != NULL ? (int)(tm.tm_gmtoff / 60) : 0;

	buf_adds(out, "Date: ");
	mime_date_write(out, (int64_t)now, zone);
	buf_adds(out, "\r\n");
}

/* A new Message-ID on the sender's domain, when that can stand in an id. */
static void
add_message_id(struct buf *out, const char *sender)
{
	const char *at = strrchr(sender, '@');
	const char *domain = at != NULL ? at + 1 : NULL;

	if (domain != NULL && strspn(domain, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-") != strlen(domain))
		domain = NULL;
	buf_adds(out, "Message-ID: <");
	mime_make_message_id(out, domain);
	buf_adds(out, ">\r\n");
}

/* The fields the message lacks, then its own (re-encoded as rc says). */
static int
write_header(struct buf *out, const struct mime_header *h, const struct vec *def,
    const struct eng_envelope *env, const struct recode *rc, struct err *e)
{
	if (mime_header_find(h, "Date") == NULL)
		add_date(out);
	if (mime_header_find(h, "From") == NULL)
		mime_build_addr_field(out, "From", def);
	if (mime_header_find(h, "Message-ID") == NULL)
		add_message_id(out, env->from);
	if (rc->cte != NULL && mime_header_find(h, "MIME-Version") == NULL)
		buf_adds(out, "MIME-Version: 1.0\r\n");
	return write_fields(out, h, rc, e);
}

/* The default From, parsed when the message has none of its own. */
static int
default_from(struct vec *def, const struct mime_header *h, const char *from_default,
    struct err *e)
{
	if (mime_header_find(h, "From") != NULL || from_default == NULL)
		return 0;
	if (eng_addr_list_parse(def, from_default, e) == -1)
		return err_prefix(e, "the default From");
	if (def->len != 1)
		return err_setx(e, ERR_MESSAGE, "the default From is not one address");
	return 0;
}

static int
prepare(const struct mime_message *m, const char *from_default, struct buf *out,
    struct eng_envelope *env, struct err *e)
{
	const struct mime_part *root = m->root;
	struct recode rc = { NULL, NULL, true };
	struct vec def = VEC_INIT(struct mime_addr);
	struct buf head = BUF_INIT, body = BUF_INIT;
	int r;

	r = check_header(m->data, (size_t)(root->body - m->data), &root->header, e);
	if (r == 0)
		r = default_from(&def, &root->header, from_default, e);
	if (r == 0)
		r = envelope(env, &root->header, &def, e);
	if (r == 0)
		r = recode_body(&body, root, &rc, e);
	if (r == 0)
		r = write_header(&head, &root->header, &def, env, &rc, e);
	if (r == 0) {
		buf_add(out, buf_cstr(&head), head.len);
		buf_adds(out, "\r\n");
		buf_add(out, buf_cstr(&body), body.len);
		if (body.len > 0 && body.data[body.len - 1] != '\n')
			buf_adds(out, "\r\n");
	}
	mime_addr_list_free(&def);
	buf_free(&head);
	buf_free(&body);
	return r;
}

int
eng_message_prepare(const char *raw, size_t len, const char *from_default,
    struct buf *out, struct eng_envelope *env, struct err *e)
{
	struct mime_message m;
	int r;

	eng_envelope_init(env);
	mime_parse(&m, raw, len, 0);
	r = prepare(&m, from_default, out, env, e);
	if (r == -1)
		eng_envelope_free(env);
	mime_message_free(&m);
	return r;
}
