/* compose-reply.c: drafts that answer or pass on a message: reply, reply to all, forward. */
#include "engine/compose.h"

#include <stdlib.h>
#include <string.h>

#include "mime/date.h"
#include "mime/message.h"
#include "mime/render.h"
#include "util/str.h"
#include "util/xalloc.h"

#define ID_KEEP_MAX	250	/* a longer "id" is junk, not worth carrying on */
#define ATTACH_NAME_MAX	60	/* bytes of a subject used as a file name */

/* ---- subjects ---- */

/* Prefixes mail programs put in front, in English, German, Scandinavian and Dutch. */
static const char *const reply_words[] = { "re", "aw", "sv", "antw", NULL };
static const char *const forward_words[] = { "fwd", "fw", "wg", NULL };

/* The length of one prefix at s ("Re:", " AW :", "Re[2]:", "Re(3):"), or 0. */
static size_t
prefix_len(const char *s, const char *const *words)
{
	size_t i = strspn(s, " \t"), j;

	for (size_t k = 0; words[k] != NULL; k++) {
		size_t n = strlen(words[k]);

		if (str_ncasecmp_ascii(s + i, words[k], n) != 0)
			continue;
		j = i + n;
		if (s[j] == '[' || s[j] == '(') {
			char close = s[j] == '[' ? ']' : ')';
			size_t digits = strspn(s + j + 1, "0123456789");

			if (digits == 0 || s[j + 1 + digits] != close)
				continue;
			j += digits + 2;
		}
		j += strspn(s + j, " \t");
		if (s[j] == ':')
			return j + 1;
	}
	return 0;
}

static char *
with_prefix(const char *subject, const char *const *words, const char *prefix)
{
	const char *s = subject != NULL ? subject : "";
	size_t n;
	char *rest, *t, *out;

	while ((n = prefix_len(s, words)) > 0)
		s += n;
	rest = xstrdup(s);
	t = str_trim(rest);
	out = *t != '\0' ? xasprintf("%s: %s", prefix, t) : xasprintf("%s:", prefix);
	free(rest);
	return out;
}

char *
eng_subject_reply(const char *subject)
{
	return with_prefix(subject, reply_words, "Re");
}

char *
eng_subject_forward(const char *subject)
{
	return with_prefix(subject, forward_words, "Fwd");
}

/* ---- what is taken from the parent ---- */

/* Text from a message on one line, safe for a terminal: controls visible, breaks as spaces. */
static char *
visible_line(const char *s)
{
	struct buf vis = BUF_INIT;

	str_make_visible(&vis, s, strlen(s));
	for (size_t i = 0; i < vis.len; i++)
		if (vis.data[i] == '\n' || vis.data[i] == '\t')
			vis.data[i] = ' ';
	return buf_detach(&vis);
}

/*
 * The mailboxes of every field called name. Groups are flattened; an
 * address with a control character in it is no address anyone can answer.
 */
static void
parent_addrs(struct vec *out, const struct mime_header *h, const char *name)
{
	struct vec all = VEC_INIT(struct mime_addr);

	for (size_t i = 0; i < h->fields.len; i++) {
		const struct mime_field *f = VEC_AT(&h->fields, struct mime_field, i);

		if (f->name_len == strlen(name) &&
		    str_ncasecmp_ascii(f->name, name, f->name_len) == 0)
			mime_addr_parse(&all, f->value, f->value_len);
	}
	for (size_t i = 0; i < all.len; i++) {
		struct mime_addr *a = VEC_AT(&all, struct mime_addr, i), *c;

		if (a->email == NULL || a->email[0] == '\0' ||
		    str_has_ctl(a->email, strlen(a->email)) || strchr(a->email, '\t') != NULL)
			continue;
		c = vec_push_zero(out);
		c->email = xstrdup(a->email);
		if (a->name != NULL && a->name[0] != '\0')
			c->name = visible_line(a->name);
	}
	mime_addr_list_free(&all);
}

/* An id that can be written between < and > again. */
static bool
id_ok(const char *id)
{
	size_t len = id != NULL ? strlen(id) : 0;

	if (len == 0 || len > ID_KEEP_MAX)
		return false;
	for (; *id != '\0'; id++)
		if ((unsigned char)*id <= ' ' || (unsigned char)*id >= 0x7f || *id == '<' ||
		    *id == '>')
			return false;
	return true;
}

static void
push_id(struct strvec *v, const char *id)
{
	if (!id_ok(id))
		return;
	for (size_t i = 0; i < strvec_len(v); i++)
		if (strcmp(strvec_get(v, i), id) == 0)
			return;
	strvec_push(v, id);
}

/*
 * RFC 5322 3.6.4: the parent's References (or its In-Reply-To) and its
 * Message-ID. A long thread keeps its first id, which names the thread, and
 * the latest ones, which name the branch.
 */
static void
build_references(struct strvec *out, const struct mime_summary *s)
{
	struct strvec all = STRVEC_INIT;
	size_t n, skip;

	for (size_t i = 0; i < strvec_len(&s->references); i++)
		push_id(&all, strvec_get(&s->references, i));
	if (strvec_len(&s->references) == 0 && s->in_reply_to != NULL)
		push_id(&all, s->in_reply_to);
	if (s->message_id != NULL)
		push_id(&all, s->message_id);
	n = strvec_len(&all);
	skip = n > ENG_REFS_MAX ? n - ENG_REFS_MAX : 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || i > skip)
			strvec_push(out, strvec_get(&all, i));
	strvec_free(&all);
}

/* ---- recipients ---- */

static bool
has_email(const struct vec *v, const char *email)
{
	for (size_t i = 0; v != NULL && i < v->len; i++)
		if (str_casecmp_ascii(VEC_AT(v, struct mime_addr, i)->email, email) == 0)
			return true;
	return false;
}

static bool
is_own(const struct strvec *own, const char *email)
{
	for (size_t i = 0; own != NULL && i < strvec_len(own); i++)
		if (str_casecmp_ascii(strvec_get(own, i), email) == 0)
			return true;
	return false;
}

/* Appends each address of src that is not in dst or other yet, and not own (when own is given). */
static void
add_addrs(struct vec *dst, const struct vec *src, const struct vec *other,
    const struct strvec *own)
{
	for (size_t i = 0; i < src->len; i++) {
		const struct mime_addr *a = VEC_AT(src, struct mime_addr, i);
		struct mime_addr *c;

		if (is_own(own, a->email) || has_email(dst, a->email) || has_email(other, a->email))
			continue;
		c = vec_push_zero(dst);
		c->email = xstrdup(a->email);
		c->name = a->name != NULL ? xstrdup(a->name) : NULL;
	}
}

/* The parent's address fields, parsed once. */
struct parent_addrs {
	struct vec from, to, cc, reply_to, followup;
};

static void
parent_addrs_read(struct parent_addrs *p, const struct mime_header *h)
{
	struct { struct vec *v; const char *name; } f[] = {
		{ &p->from, "From" }, { &p->to, "To" }, { &p->cc, "Cc" },
		{ &p->reply_to, "Reply-To" }, { &p->followup, "Mail-Followup-To" },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		vec_init(f[i].v, sizeof(struct mime_addr));
		parent_addrs(f[i].v, h, f[i].name);
	}
}

static void
parent_addrs_free(struct parent_addrs *p)
{
	mime_addr_list_free(&p->from);
	mime_addr_list_free(&p->to);
	mime_addr_list_free(&p->cc);
	mime_addr_list_free(&p->reply_to);
	mime_addr_list_free(&p->followup);
}

/*
 * Who gets the reply. Our own message: its recipients again. Else
 * Reply-To or From; for all, Mail-Followup-To replaces everything, or the
 * original To and Cc follow in Cc. Our addresses are left out of a reply
 * to all, unless nobody else is left (a note to oneself).
 */
static void
reply_recipients(struct eng_draft *d, const struct parent_addrs *p,
    const struct strvec *own, bool all)
{
	const struct vec *author = p->reply_to.len > 0 ? &p->reply_to : &p->from;
	bool ours = false;

	for (size_t i = 0; i < p->from.len; i++)
		ours = ours || is_own(own, VEC_AT(&p->from, struct mime_addr, i)->email);
	if (ours) {
		add_addrs(&d->to, &p->to, NULL, own);
		if (all)
			add_addrs(&d->cc, &p->cc, &d->to, own);
	} else if (all && p->followup.len > 0) {
		add_addrs(&d->to, &p->followup, NULL, own);
	} else {
		add_addrs(&d->to, author, NULL, all ? own : NULL);
		if (all) {
			add_addrs(&d->cc, &p->to, &d->to, own);
			add_addrs(&d->cc, &p->cc, &d->to, own);
		}
	}
	if (d->to.len == 0 && d->cc.len > 0) {
		struct vec t = d->to;

		d->to = d->cc;
		d->cc = t;
	}
	if (d->to.len == 0)
		add_addrs(&d->to, ours && p->to.len > 0 ? &p->to : author, NULL, NULL);
}

/* ---- the draft's own side ---- */

/* Sets d's From from me and lists every address that is ours. */
static int
identity(struct eng_draft *d, const struct eng_identity *me, struct strvec *own,
    struct err *e)
{
	struct vec alt = VEC_INIT(struct mime_addr);

	if (me == NULL)
		return 0;
	if (me->from != NULL) {
		if (eng_draft_set_from(d, me->from, e) == -1)
			return err_prefix(e, "the account's address");
		strvec_push(own, d->from.email);
	}
	for (size_t i = 0; me->alternates != NULL && i < strvec_len(me->alternates); i++) {
		const char *s = strvec_get(me->alternates, i);

		mime_addr_parse(&alt, s, strlen(s));
	}
	for (size_t i = 0; i < alt.len; i++)
		if (VEC_AT(&alt, struct mime_addr, i)->email != NULL)
			strvec_push(own, VEC_AT(&alt, struct mime_addr, i)->email);
	mime_addr_list_free(&alt);
	return 0;
}

/* "On Sun, 22 Nov 2026 10:04:05 +0100, Anne Example wrote:" */
static void
attribution(struct buf *out, const struct mime_summary *s)
{
	const char *who = NULL;

	for (size_t i = 0; i < s->from.len && who == NULL; i++) {
		const struct mime_addr *a = VEC_AT(&s->from, struct mime_addr, i);

		if (a->name != NULL && a->name[0] != '\0')
			who = a->name;
		else if (a->email != NULL && a->email[0] != '\0')
			who = a->email;
	}
	if (s->has_date) {
		buf_adds(out, "On ");
		mime_date_write(out, s->date, s->date_zone);
		buf_addf(out, ", %s wrote:\n", who != NULL ? who : "someone");
	} else {
		buf_addf(out, "%s wrote:\n", who != NULL ? who : "Someone");
	}
}

/* Every line of text behind "> " (">" alone for an empty one, ">>" for one quoted already). */
static void
quote(struct buf *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);

		buf_adds(out, n == 0 ? ">" : p[0] == '>' ? ">" : "> ");
		buf_add(out, p, n);
		buf_addc(out, '\n');
		p += n + (nl != NULL);
	}
}

int
eng_draft_reply(struct eng_draft *d, const char *raw, size_t len,
    const struct eng_identity *me, unsigned flags, struct err *e)
{
	struct strvec own = STRVEC_INIT;
	struct parent_addrs pa;
	struct mime_message m;
	struct mime_summary s;
	struct buf text = BUF_INIT;

	eng_draft_init(d);
	if (identity(d, me, &own, e) == -1) {
		strvec_free(&own);
		eng_draft_free(d);
		return -1;
	}
	mime_parse(&m, raw, len, 0);
	mime_summary_init(&s);
	mime_summary_read(&s, &m.root->header);
	parent_addrs_read(&pa, &m.root->header);
	reply_recipients(d, &pa, &own, (flags & ENG_REPLY_ALL) != 0);
	d->subject = eng_subject_reply(s.subject);
	if (id_ok(s.message_id))
		d->in_reply_to = xstrdup(s.message_id);
	build_references(&d->references, &s);
	attribution(&d->body, &s);
	mime_render_body(&text, &m);
	quote(&d->body, buf_cstr(&text), text.len);
	buf_addc(&d->body, '\n');
	buf_free(&text);
	parent_addrs_free(&pa);
	mime_summary_free(&s);
	mime_message_free(&m);
	strvec_free(&own);
	return 0;
}

/* ---- forward ---- */

static void
forward_block(struct buf *out, const struct mime_summary *s)
{
	buf_adds(out, "\n---------- Forwarded message ----------\n");
	mime_render_addr_line(out, "From", &s->from);
	if (s->has_date) {
		buf_adds(out, "Date: ");
		mime_date_write(out, s->date, s->date_zone);
		buf_addc(out, '\n');
	}
	if (s->subject != NULL)
		buf_addf(out, "Subject: %s\n", s->subject);
	mime_render_addr_line(out, "To", &s->to);
	mime_render_addr_line(out, "Cc", &s->cc);
	buf_addc(out, '\n');
}

/* "type/subtype" when the parser's words can be written again, else NULL (guessed then). */
static char *
part_type(const struct mime_part *p)
{
	char *t = xasprintf("%s/%s", p->ctype.type, p->ctype.subtype);

	if (strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789!#$&^_.+-/") != strlen(t) ||
	    strchr(t, '/') != strrchr(t, '/')) {
		free(t);
		return NULL;
	}
	return t;
}

/* The parent's attachments, decoded, to be attached to the forward again. */
static void
forward_attachments(struct eng_draft *d, const struct mime_message *m)
{
	struct vec parts = VEC_INIT(struct mime_part *);

	mime_render_attachments(&parts, m);
	for (size_t i = 0; i < parts.len; i++) {
		const struct mime_part *p = *VEC_AT(&parts, struct mime_part *, i);
		const char *fname = mime_part_filename(p);
		char *name = fname != NULL ? visible_line(fname) : NULL;
		char *type = part_type(p);
		struct buf data = BUF_INIT;

		mime_part_decode(p, &data);
		eng_draft_attach_data(d, name, type, buf_cstr(&data), data.len);
		buf_free(&data);
		free(name);
		free(type);
	}
	vec_free(&parts);
}

/* "Subject.eml": the subject as a file name, cut at a character boundary. */
static char *
message_file_name(const char *subject)
{
	struct buf name = BUF_INIT;
	char *vis = visible_line(subject != NULL ? subject : ""), *t = str_trim(vis);
	size_t n = strlen(t), cut = 0, step;
	int32_t cp;

	while (cut < n && cut < ATTACH_NAME_MAX) {
		step = str_utf8_next(t + cut, n - cut, &cp);
		if (cut + step > ATTACH_NAME_MAX)
			break;
		cut += step;
	}
	for (size_t i = 0; i < cut; i++)
		buf_addc(&name, t[i] == '/' || t[i] == '\\' ? '_' : t[i]);
	free(vis);
	if (name.len == 0)
		buf_adds(&name, "forwarded message");
	buf_adds(&name, ".eml");
	return buf_detach(&name);
}

int
eng_draft_forward(struct eng_draft *d, const char *raw, size_t len,
    const struct eng_identity *me, enum eng_forward how, struct err *e)
{
	struct strvec own = STRVEC_INIT;
	struct mime_message m;
	struct mime_summary s;
	char *name;

	eng_draft_init(d);
	if (identity(d, me, &own, e) == -1) {
		strvec_free(&own);
		eng_draft_free(d);
		return -1;
	}
	strvec_free(&own);
	mime_parse(&m, raw, len, 0);
	mime_summary_init(&s);
	mime_summary_read(&s, &m.root->header);
	d->subject = eng_subject_forward(s.subject);
	if (how == ENG_FORWARD_ATTACH) {
		name = message_file_name(s.subject);
		eng_draft_attach_data(d, name, "message/rfc822", raw, len);
		free(name);
	} else {
		forward_block(&d->body, &s);
		mime_render_body(&d->body, &m);
		forward_attachments(d, &m);
	}
	mime_summary_free(&s);
	mime_message_free(&m);
	return 0;
}
