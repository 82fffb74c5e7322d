/* part.c: what one part holds: its text in UTF-8, its file name, whether it is an attachment. */
#include "mime/message.h"

#include <string.h>

#include "mime/charset.h"
#include "mime/flowed.h"
#include "util/buf.h"
#include "util/str.h"

void
mime_lf_append(struct buf *out, const char *s, size_t len)
{
	buf_grow(out, len);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			buf_addc(out, '\n');
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else {
			buf_addc(out, s[i]);
		}
	}
}

static bool
param_is(const struct mime_part *p, const char *name, const char *value)
{
	const char *v = mime_ctype_param(&p->ctype, name);

	return v != NULL && str_casecmp_ascii(v, value) == 0;
}

void
mime_part_text(const struct mime_part *p, struct buf *out)
{
	struct buf raw = BUF_INIT, utf8 = BUF_INIT, lf = BUF_INIT;
	const char *cs = mime_ctype_param(&p->ctype, "charset");

	mime_part_decode(p, &raw);
	mime_charset_to_utf8(&utf8, cs != NULL ? cs : "", cs != NULL ? strlen(cs) : 0,
	    buf_cstr(&raw), raw.len);
	mime_lf_append(&lf, buf_cstr(&utf8), utf8.len);
	if (strcmp(p->ctype.subtype, "plain") == 0 && param_is(p, "format", "flowed"))
		mime_flowed_decode(out, buf_cstr(&lf), lf.len, param_is(p, "delsp", "yes"));
	else
		buf_add(out, buf_cstr(&lf), lf.len);
	buf_free(&raw);
	buf_free(&utf8);
	buf_free(&lf);
}

const char *
mime_part_filename(const struct mime_part *p)
{
	const char *name = NULL;

	if (p->disposition.type != NULL)
		name = mime_ctype_param(&p->disposition, "filename");
	if (name == NULL || name[0] == '\0')
		name = mime_ctype_param(&p->ctype, "name");
	return name != NULL && name[0] != '\0' ? name : NULL;
}

static bool
disposition_is(const struct mime_part *p, const char *what)
{
	return p->disposition.type != NULL && strcmp(p->disposition.type, what) == 0;
}

/*
 * The rule: containers never; anything marked attachment always; text parts
 * are read in the body unless they carry a file name without being marked
 * inline; every other leaf (images, PDFs, calendars ...) is an attachment,
 * and so is a message/rfc822 marked as one.
 */
bool
mime_part_is_attachment(const struct mime_part *p)
{
	if (strcmp(p->ctype.type, "multipart") == 0)
		return false;
	if (p->parent != NULL && p->parent->is_message)
		return false;	/* the enclosed message itself, shown or listed via its parent */
	if (disposition_is(p, "attachment"))
		return true;
	if (strcmp(p->ctype.type, "text") == 0)
		return mime_part_filename(p) != NULL && !disposition_is(p, "inline");
	if (p->is_message)
		return false;
	return true;
}
