/* compose-text.c: a draft as the text a person edits (header lines, empty line, body) and back. */
#include "engine/compose.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

enum text_field { F_FROM, F_TO, F_CC, F_BCC, F_SUBJECT, F_NONE };

static const char *const field_names[] = { "From", "To", "Cc", "Bcc", "Subject" };

#define N_FIELDS (sizeof(field_names) / sizeof(field_names[0]))

static void
put_list(struct buf *out, const char *label, const struct vec *v)
{
	buf_addf(out, "%s: ", label);
	for (size_t i = 0; i < v->len; i++) {
		if (i > 0)
			buf_adds(out, ", ");
		eng_addr_format(out, VEC_AT(v, struct mime_addr, i));
	}
	buf_addc(out, '\n');
}

void
eng_draft_to_text(const struct eng_draft *d, struct buf *out)
{
	buf_adds(out, "From: ");
	if (d->from.email != NULL)
		eng_addr_format(out, &d->from);
	buf_addc(out, '\n');
	put_list(out, "To", &d->to);
	put_list(out, "Cc", &d->cc);
	put_list(out, "Bcc", &d->bcc);
	buf_addf(out, "Subject: %s\n\n", d->subject != NULL ? d->subject : "");
	buf_add(out, buf_cstr(&d->body), d->body.len);
}

/* What the text says, gathered before anything in the draft changes. */
struct edited {
	struct vec from, to, cc, bcc;	/* struct mime_addr */
	char *subject;
	struct eng_draft body;		/* only its body is used */
};

static void
edited_init(struct edited *t)
{
	vec_init(&t->from, sizeof(struct mime_addr));
	vec_init(&t->to, sizeof(struct mime_addr));
	vec_init(&t->cc, sizeof(struct mime_addr));
	vec_init(&t->bcc, sizeof(struct mime_addr));
	t->subject = NULL;
	eng_draft_init(&t->body);
}

static void
edited_free(struct edited *t)
{
	mime_addr_list_free(&t->from);
	mime_addr_list_free(&t->to);
	mime_addr_list_free(&t->cc);
	mime_addr_list_free(&t->bcc);
	free(t->subject);
	eng_draft_free(&t->body);
}

/* The field a line starts with ("Cc:", "cc :"), or F_NONE; *value gets what follows the colon. */
static enum text_field
field_of(const char *line, const char **value)
{
	const char *colon = strchr(line, ':');
	size_t n;

	if (colon == NULL)
		return F_NONE;
	for (n = (size_t)(colon - line); n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'); n--)
		;
	for (size_t i = 0; i < N_FIELDS; i++)
		if (n == strlen(field_names[i]) &&
		    str_ncasecmp_ascii(line, field_names[i], n) == 0) {
			*value = colon + 1;
			return (enum text_field)i;
		}
	return F_NONE;
}

static int
apply_field(struct edited *t, enum text_field f, char *value, struct err *e)
{
	struct vec *lists[] = { &t->from, &t->to, &t->cc, &t->bcc };
	char *v = str_trim(value);

	if (f == F_SUBJECT) {
		if (str_has_ctl(v, strlen(v)) || !str_utf8_valid(v, strlen(v)))
			return err_setx(e, ERR_MESSAGE, "a control character or bytes that are "
			    "not UTF-8");
		free(t->subject);
		t->subject = *v != '\0' ? xstrdup(v) : NULL;
		return 0;
	}
	if (eng_addr_list_parse(lists[f], v, e) == -1)
		return -1;
	if (f == F_FROM && t->from.len > 1)
		return err_setx(e, ERR_MESSAGE, "From holds more than one address");
	return 0;
}

/* One header line, a continuation of the one before, or the end of the header. */
struct reader {
	enum text_field cur;
	struct buf value;
	unsigned line, cur_line;
};

static int
flush(struct reader *r, struct edited *t, struct err *e)
{
	int rc = 0;

	if (r->cur != F_NONE && apply_field(t, r->cur, (char *)buf_cstr(&r->value), e) == -1)
		rc = err_prefix(e, "line %u: %s", r->cur_line, field_names[r->cur]);
	r->cur = F_NONE;
	buf_reset(&r->value);
	return rc;
}

static int
header_line(struct reader *r, struct edited *t, const char *line, struct err *e)
{
	const char *value = NULL;
	enum text_field f;

	if (line[0] == ' ' || line[0] == '\t') {
		if (r->cur == F_NONE)
			return err_setx(e, ERR_MESSAGE, "line %u: a continuation line "
			    "without a field before it", r->line);
		buf_addc(&r->value, ' ');
		buf_adds(&r->value, line);
		return 0;
	}
	if ((f = field_of(line, &value)) == F_NONE)
		return err_setx(e, ERR_MESSAGE, "line %u: not one of the fields From, To, Cc, "
		    "Bcc or Subject (an empty line must come before the body)", r->line);
	if (flush(r, t, e) == -1)
		return -1;
	r->cur = f;
	r->cur_line = r->line;
	buf_adds(&r->value, value);
	return 0;
}

static bool
is_blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

/* Reads the header lines; returns where the body starts, or -1. */
static int
read_header(struct edited *t, const char *text, size_t len, size_t *body, struct err *e)
{
	struct reader r = { F_NONE, BUF_INIT, 0, 0 };
	size_t pos = 0;
	int rc = 0;

	while (pos < len && rc == 0) {
		const char *start = text + pos, *nl = memchr(start, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - start) : len - pos;
		char *line;

		pos += n + (nl != NULL);
		r.line++;
		if (n > 0 && start[n - 1] == '\r')
			n--;
		if (memchr(start, '\0', n) != NULL) {
			rc = err_setx(e, ERR_MESSAGE, "line %u holds a NUL byte", r.line);
			break;
		}
		line = xstrndup(start, n);
		if (is_blank(line)) {
			free(line);
			break;
		}
		rc = header_line(&r, t, line, e);
		free(line);
	}
	if (rc == 0)
		rc = flush(&r, t, e);
	buf_free(&r.value);
	*body = pos;
	return rc;
}

/* Moves the edited fields into d, whose old ones are freed. */
static void
take(struct eng_draft *d, struct edited *t)
{
	mime_addr_free(&d->from);
	if (t->from.len == 1)
		d->from = *VEC_AT(&t->from, struct mime_addr, 0);
	vec_clear(&t->from);
	mime_addr_list_free(&d->to);
	mime_addr_list_free(&d->cc);
	mime_addr_list_free(&d->bcc);
	d->to = t->to;
	d->cc = t->cc;
	d->bcc = t->bcc;
	vec_init(&t->to, sizeof(struct mime_addr));
	vec_init(&t->cc, sizeof(struct mime_addr));
	vec_init(&t->bcc, sizeof(struct mime_addr));
	free(d->subject);
	d->subject = t->subject;
	t->subject = NULL;
	buf_free(&d->body);
	d->body = t->body.body;
	buf_init(&t->body.body);
}

int
eng_draft_from_text(struct eng_draft *d, const char *text, size_t len, struct err *e)
{
	struct edited t;
	size_t body = 0;
	int rc;

	edited_init(&t);
	rc = read_header(&t, text, len, &body, e);
	if (rc == 0)
		rc = eng_draft_set_body(&t.body, text + body, len - body, e);
	if (rc == 0)
		take(d, &t);
	edited_free(&t);
	return rc;
}
