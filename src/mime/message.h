/*
 * message.h: a whole message as a MIME tree.
 *
 * mime_parse reads a complete message held in memory. Parts point into that
 * memory (zero copy) and are decoded only when asked (mime_part_decode), so a
 * parse costs little more than finding the boundaries. Every part has its
 * IMAP part number ("1", "1.2", "2.1.3"), so the tree matches what an IMAP
 * server means by BODY[1.2].
 */
#ifndef TAUBE_MIME_MESSAGE_H
#define TAUBE_MIME_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "mime/header.h"
#include "mime/param.h"
#include "util/vec.h"

struct buf;

enum mime_cte {
	MIME_CTE_7BIT,		/* also: missing, unknown ("x-uuencode" is kept raw) */
	MIME_CTE_8BIT,
	MIME_CTE_BINARY,
	MIME_CTE_QP,		/* also misspelt: "quoted printable", "quoted_printable" */
	MIME_CTE_BASE64,
	MIME_CTE_UNKNOWN,	/* shown raw; the name is in the header */
};

struct mime_part {
	char id[224];			/* IMAP part number: "1", "1.2"; "" for a multipart
					 * root. A multipart inside a message/rfc822 "X" is
					 * also "X" (a container, never listed); a single-part
					 * message inside "X" is "X.1", as IMAP numbers them */
	struct mime_header header;	/* the part's own header (the message's for the root) */
	struct mime_ctype ctype;	/* type/subtype always set (defaults applied) */
	struct mime_ctype disposition;	/* type NULL when absent */
	enum mime_cte cte;
	const char *body;		/* raw (still encoded) body, into the message */
	size_t body_len;
	struct vec children;		/* struct mime_part *: multipart parts, or the one
					 * message of a message/rfc822 */
	struct mime_part *parent;
	unsigned depth;
	bool is_message;		/* message/rfc822 or message/global: children[0]
					 * is the enclosed message's root */
	bool missing_end;		/* multipart without its close delimiter */
	char *owned;			/* a base64/QP message/rfc822 decoded for its children */
};

struct mime_message {
	const char *data;		/* the caller's bytes, or owned copy below */
	size_t len;
	char *owned;			/* set when the parser copied the input */
	struct mime_part *root;
	size_t part_count;
	bool truncated;			/* a limit was hit: depth, parts, header size */
};

enum {
	MIME_PARSE_COPY = 0x1,		/* copy data (else it must outlive the message) */
	MIME_PARSE_HEADER_ONLY = 0x2,	/* only the top header: for indexing */
};

/*
 * Parses data[0..len) (CRLF, LF or mixed line ends; a leading mbox "From "
 * line is skipped). Never fails on any input: missing or wrong boundaries,
 * missing close delimiters, preambles, epilogues, bodies without header
 * separation all give a best-effort tree. Multiparts and message/rfc822 nest
 * to at most MIME_MAX_DEPTH; beyond that, or past MIME_MAX_PARTS, parts stay
 * leaves and truncated is set.
 */
void mime_parse(struct mime_message *m, const char *data, size_t len, unsigned flags);
void mime_message_free(struct mime_message *m);

/* The part with IMAP number id ("" is the root), or NULL. */
struct mime_part *mime_part_find(const struct mime_message *m, const char *id);

/*
 * Calls fn for each part in tree order (depth first, a part before its
 * children). Stops and returns fn's value when fn returns non-zero.
 */
int mime_part_walk(struct mime_part *root, int (*fn)(struct mime_part *, void *), void *ctx);

/* Appends the body with its transfer encoding undone (bytes, not charset-converted). */
void mime_part_decode(const struct mime_part *p, struct buf *out);

/*
 * Appends a text part decoded and converted to UTF-8 (charset parameter,
 * unknown charsets handled as charset.h says), format=flowed undone
 * (RFC 3676, delsp honoured), line ends made LF. Not yet made visible.
 */
void mime_part_text(const struct mime_part *p, struct buf *out);

/* Appends s with CRLF and lone CR made LF: the pager and JSON speak LF. */
void mime_lf_append(struct buf *out, const char *s, size_t len);

/* The file name: disposition filename, else Content-Type name; UTF-8; or NULL. */
const char *mime_part_filename(const struct mime_part *p);

/* Whether a person would call this part an attachment (see message.c for the rule). */
bool mime_part_is_attachment(const struct mime_part *p);

#endif
