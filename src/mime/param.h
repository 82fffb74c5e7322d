/*
 * param.h: structured MIME header values with parameters: Content-Type and
 * Content-Disposition, with RFC 2231 (continuations, charset and language)
 * and the common non-standard forms.
 */
#ifndef TAUBE_MIME_PARAM_H
#define TAUBE_MIME_PARAM_H

#include <stddef.h>

#include "util/vec.h"

struct buf;

struct mime_param {
	char *name;	/* lower-cased, without the RFC 2231 "*N*" suffix */
	char *value;	/* decoded to UTF-8: continuations joined, %XX and charset
			 * applied, quotes and escapes removed, and RFC 2047
			 * words inside quoted values decoded (Outlook does that) */
};

struct mime_ctype {
	char *type;	/* lower-cased: "text", "multipart", "attachment" ... */
	char *subtype;	/* lower-cased, or NULL (Content-Disposition has none) */
	struct vec params;	/* struct mime_param, one per name (first wins) */
};

/*
 * Parses "type/subtype; name=value; ..." (or "attachment; filename=...").
 * Lenient about missing quotes, white space around '=', trailing ';',
 * comments, unquoted values with spaces up to the next ';', parameters with
 * no value. An unparseable type leaves type NULL (callers then use the
 * RFC 2045 default, text/plain). At most MIME_MAX_PARAMS parameters.
 */
void mime_ctype_parse(struct mime_ctype *ct, const char *value, size_t len);
void mime_ctype_free(struct mime_ctype *ct);

/* The parameter's decoded value, or NULL. name is lower-case. */
const char *mime_ctype_param(const struct mime_ctype *ct, const char *name);

/*
 * For writing: appends "; name=value" using a quoted string for ASCII
 * values and RFC 2231 (name*=utf-8''%XX..., split into name*0*, name*1* ...
 * when long) for others, folding so no line passes 78 characters.
 */
void mime_param_write(struct buf *out, const char *name, const char *value, size_t *col);

#endif
