/*
 * render.h: what a person sees of a message: the header lines, the body as
 * the pager shows it, the list of attachments. Shared by `taube show`,
 * `taube read` and the pager, so all three show the same text.
 */
#ifndef TAUBE_MIME_RENDER_H
#define TAUBE_MIME_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mime/message.h"
#include "util/vec.h"

struct buf;

/* The envelope of a message: the decoded fields the index and JSON show. */
struct mime_summary {
	char *subject;		/* UTF-8, made visible, or NULL */
	struct vec from, to, cc, reply_to;	/* struct mime_addr */
	bool has_date;
	int64_t date;		/* UTC seconds */
	int date_zone;		/* minutes east of UTC, as written */
	char *message_id;	/* without <>, or NULL */
	char *in_reply_to;	/* the first id, without <>, or NULL */
	struct strvec references;	/* ids without <> */
};

void mime_summary_init(struct mime_summary *s);
/* Fills s from a message's top header (works on a MIME_PARSE_HEADER_ONLY parse). */
void mime_summary_read(struct mime_summary *s, const struct mime_header *h);
void mime_summary_free(struct mime_summary *s);

/*
 * Appends the body as the pager shows it: text/plain preferred in
 * multipart/alternative (else HTML turned into text), inline text parts in
 * order, an inline message/rfc822 shown with its From/To/Cc/Date/Subject
 * lines and its body, non-text parts left to the attachment list. The text
 * is UTF-8 and made visible (no raw control characters), with LF line ends.
 */
void mime_render_body(struct buf *out, const struct mime_message *m);

/* Appends "Label: a, b\n" for a list of struct mime_addr (nothing when empty). */
void mime_render_addr_line(struct buf *out, const char *label, const struct vec *addrs);

/* Appends the parts a person would call attachments, in tree order (struct mime_part *). */
void mime_render_attachments(struct vec *out, const struct mime_message *m);

#endif
