/*
 * build.h: writing a message for sending: RFC 5322 header, MIME structure,
 * transfer encodings. The output is CRLF, 7-bit clean (curl never announces
 * 8BITMIME), with no line over 998 bytes, and parses back (mime_parse) to the
 * same fields, text and attachment bytes.
 */
#ifndef TAUBE_MIME_BUILD_H
#define TAUBE_MIME_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mime/addr.h"
#include "util/err.h"
#include "util/vec.h"

struct buf;

struct mime_attachment {
	char *filename;		/* UTF-8, the name the recipient sees (no directories) */
	char *type;		/* "application/pdf"; NULL: guessed from content and name */
	const char *data;	/* the bytes, borrowed */
	size_t len;
	bool is_inline;		/* Content-Disposition inline rather than attachment */
};

struct mime_builder {
	struct vec from, to, cc, bcc, reply_to;	/* struct mime_addr */
	char *subject;		/* UTF-8, or NULL */
	char *in_reply_to;	/* message id without <>, or NULL */
	struct strvec references;	/* ids without <> */
	bool has_date;		/* else the current time */
	int64_t date;
	int date_zone;		/* minutes east of UTC for the Date: line */
	char *message_id;	/* without <>; NULL: generated from the From domain */
	struct vec extra;	/* struct mime_extra_field: written as given (ASCII, checked) */
	char *text;		/* UTF-8 body (LF or CRLF), or NULL for none */
	char *html;		/* optional HTML alternative to text */
	struct vec attachments;	/* struct mime_attachment */
	bool keep_bcc;		/* write Bcc: (drafts); never for what goes to SMTP */
};

struct mime_extra_field {
	char *name;
	char *value;
};

void mime_builder_init(struct mime_builder *b);
/* Frees everything the builder owns (not attachment data, which is borrowed). */
void mime_builder_free(struct mime_builder *b);

/*
 * Appends the whole message to out. Fails (with e saying which field) only
 * on what must not be sent: CR or LF in a header value given by the caller,
 * an extra field name that is not a field name, no From.
 */
int mime_build(struct buf *out, const struct mime_builder *b, struct err *e);

/*
 * Appends "Field: a, b\r\n" for a list of struct mime_addr (groups as
 * "name: a, b;"), names encoded and lines folded as mime_build writes them;
 * nothing for an empty list. Addresses are not checked: see mime_build.
 */
void mime_build_addr_field(struct buf *out, const char *field, const struct vec *addrs);

/*
 * Appends a fresh Message-ID (without <>): 128 random bits from the system's
 * CSPRNG in base32, "@", and the domain (from the From address; "localhost"
 * when it has none).
 */
void mime_make_message_id(struct buf *out, const char *domain);

/*
 * The MIME type for bytes that came from a file of that name: recognised by
 * content first (PDF, PNG, JPEG, GIF, WebP, ZIP and OOXML, gzip, PGP, ...),
 * then by extension, then text/plain for UTF-8 text without NUL, else
 * application/octet-stream. A static string.
 */
const char *mime_guess_type(const char *filename, const char *data, size_t len);

#endif
