/*
 * header.h: an RFC 5322 header block: split into fields, unfold, find.
 *
 * The scanner does not copy: fields point into the caller's buffer, which
 * must outlive the header. It is the fast path for building an index (only
 * the header is read) and the first step of a full parse.
 */
#ifndef TAUBE_MIME_HEADER_H
#define TAUBE_MIME_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/vec.h"

struct buf;

struct mime_field {
	const char *name;	/* as written, not NUL-terminated */
	size_t name_len;
	const char *value;	/* after the colon and the white space that follows it;
				 * folded lines included as written, final line end not */
	size_t value_len;
};

struct mime_header {
	struct vec fields;	/* struct mime_field, in order; repeated fields all kept */
	bool truncated;		/* more than MIME_MAX_FIELDS or MIME_MAX_HEADER_BYTES */
	bool malformed;		/* a line that is no field was met (see mime_header_scan) */
};

void mime_header_init(struct mime_header *h);
void mime_header_free(struct mime_header *h);
/* Empties h for the next scan, keeping its memory. */
void mime_header_clear(struct mime_header *h);

/*
 * Scans the header block at the start of data[0..len): lines end in CRLF, LF
 * or a lone CR; continuation lines start with space or tab; the block ends at
 * the first empty line, or at the end of data. Tolerated: a leading mbox
 * "From " line (skipped), 8-bit bytes, white space before the colon, very
 * long lines (kept whole). A line without a colon that does not continue a
 * field ends the header there, as if the empty line were missing; it then
 * belongs to the body. Returns the offset where the body starts (after the
 * empty line). Never fails.
 */
size_t mime_header_scan(struct mime_header *h, const char *data, size_t len);

/* The first field called name (case-insensitive), or NULL. */
const struct mime_field *mime_header_find(const struct mime_header *h, const char *name);

/* Counts the fields called name (for "duplicate From:" warnings). */
size_t mime_header_count(const struct mime_header *h, const char *name);

/*
 * Appends the field's value unfolded: each line break (CRLF, LF or CR) that
 * is followed by white space is removed (RFC 5322 2.2.3), trailing white space
 * is cut. Bytes are not decoded.
 */
void mime_field_unfold(struct buf *out, const struct mime_field *f);

/*
 * Appends the unstructured value (Subject, Comments ...) unfolded and decoded
 * to UTF-8 (RFC 2047). Not yet made visible for a terminal: callers that
 * print it pass it through str_make_visible.
 */
void mime_field_text(struct buf *out, const struct mime_field *f);

#endif
