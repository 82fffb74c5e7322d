/*
 * compose.h: writing mail: a draft from command-line options, a reply, a
 * reply to all, a forward; the draft as text for an editor and back; the
 * draft built into a message for sending; and a message someone wrote
 * themselves made ready for SMTP (Date, Message-ID, 7-bit, the envelope).
 *
 * A draft's strings are UTF-8. Addresses are plain mailboxes (struct
 * mime_addr without group). Everything taken from a parent message is
 * decoded and made visible first, so a draft printed on a terminal is safe.
 */
#ifndef TAUBE_ENGINE_COMPOSE_H
#define TAUBE_ENGINE_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "mime/addr.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/vec.h"

#define ENG_REFS_MAX		20		/* ids in References: the first, the latest */
#define ENG_BODY_MAX		(16u << 20)	/* bytes of a body file */
#define ENG_ATTACH_MAX		(64u << 20)	/* bytes of one attached file */

/* Who is writing: the account's From and the other addresses that are also its own. */
struct eng_identity {
	const char *from;		/* "Name <addr>" as configured, or NULL */
	const struct strvec *alternates;	/* more own addresses ("a@x"), or NULL */
};

/* One attachment, held in memory: a file read when it was added, or a forwarded part. */
struct eng_attachment {
	char *name;		/* UTF-8, what the recipient sees; no directories */
	char *type;		/* "application/pdf"; NULL: guessed from content and name */
	struct buf data;
};

struct eng_draft {
	struct mime_addr from;		/* email NULL: none */
	struct vec to, cc, bcc;		/* struct mime_addr */
	char *subject;			/* or NULL */
	char *in_reply_to;		/* id without <>, or NULL */
	struct strvec references;	/* ids without <>, oldest first */
	struct buf body;		/* the text, LF line ends */
	struct vec attachments;		/* struct eng_attachment */
};

/* What `taube send` takes when it composes; NULL or empty fields are left out. */
struct eng_compose_opts {
	const char *from;		/* "Name <addr>", the account's */
	const struct strvec *to, *cc, *bcc;	/* as typed: "a@x" or "a@x, B <b@x>" */
	const char *subject;
	const char *body_file;		/* a file holding the text */
	const char *body;		/* the text itself, when there is no body_file */
	const struct strvec *attach;	/* files */
};

enum eng_addr_field { ENG_TO, ENG_CC, ENG_BCC };

#define ENG_REPLY_ALL		0x1	/* eng_draft_reply: to everyone but us */
#define ENG_BUILD_KEEP_BCC	0x1	/* eng_draft_build: write Bcc: (a stored draft) */

enum eng_forward { ENG_FORWARD_INLINE, ENG_FORWARD_ATTACH };

/* The envelope SMTP gets: MAIL FROM and RCPT TO. */
struct eng_envelope {
	char *from;		/* Sender:, else the first From: address */
	struct strvec rcpt;	/* To:, Cc: and Bcc: addresses, each once */
};

void eng_draft_init(struct eng_draft *d);
void eng_draft_free(struct eng_draft *d);

/*
 * Parses an address list as a person types it ("Anne <a@x>, b@y",
 * "\"Doe, John\" <j@x>") and appends struct mime_addr to out. Each address
 * must be exactly one mailbox: no line break or control character, no group.
 * On -1, out is as it was.
 */
int eng_addr_list_parse(struct vec *out, const char *text, struct err *e);

/* Appends an address as a person types it and eng_addr_list_parse reads it back. */
void eng_addr_format(struct buf *out, const struct mime_addr *a);

int eng_draft_set_from(struct eng_draft *d, const char *text, struct err *e);
int eng_draft_add_addrs(struct eng_draft *d, enum eng_addr_field f, const char *text,
    struct err *e);
/* Reads the file now (at most ENG_ATTACH_MAX bytes); the name is its last path component. */
int eng_draft_attach_file(struct eng_draft *d, const char *path, struct err *e);
/* Copies data; type NULL to have it guessed. */
void eng_draft_attach_data(struct eng_draft *d, const char *name, const char *type,
    const char *data, size_t len);
/* Sets the body; it must be UTF-8 without NUL. CRLF becomes LF. */
int eng_draft_set_body(struct eng_draft *d, const char *text, size_t len, struct err *e);

/* Initialises d from `taube send` options. On -1, d is empty (and may be freed). */
int eng_draft_from_options(struct eng_draft *d, const struct eng_compose_opts *o,
    struct err *e);

/*
 * Initialises d as a reply to the message raw[0..len). To: Reply-To, else
 * From; the original To when From is us. With ENG_REPLY_ALL:
 * Mail-Followup-To when present, else To: as above and Cc: the original To
 * and Cc, never one of me's addresses and no address twice. Subject
 * "Re: ...", In-Reply-To, References, and the body as the pager shows it
 * quoted under "On DATE, NAME wrote:". On -1, d is empty.
 */
int eng_draft_reply(struct eng_draft *d, const char *raw, size_t len,
    const struct eng_identity *me, unsigned flags, struct err *e);

/*
 * Initialises d as a forward of raw[0..len), without recipients. Inline: the
 * body as the pager shows it under a "Forwarded message" block, and the
 * parent's attachments attached again. Attached: the parent's exact bytes
 * as a message/rfc822 part, and an empty body. Subject "Fwd: ...".
 */
int eng_draft_forward(struct eng_draft *d, const char *raw, size_t len,
    const struct eng_identity *me, enum eng_forward how, struct err *e);

/* "Re: x" for x, "Re: Aw: RE[2]: x" included; "Fwd: x" likewise. Allocated. */
char *eng_subject_reply(const char *subject);
char *eng_subject_forward(const char *subject);

/*
 * Appends the whole message to out: CRLF, 7-bit, Date and a new Message-ID,
 * encoded header text. Bcc: only with ENG_BUILD_KEEP_BCC. Fails when there is
 * no From, an address cannot be sent, the body is not UTF-8.
 */
int eng_draft_build(const struct eng_draft *d, unsigned flags, struct buf *out,
    struct err *e);

/*
 * The draft as a person edits it: From, To, Cc, Bcc, Subject (all five,
 * empty ones too), an empty line, the body. eng_draft_from_text reads such a
 * text back into d (keeping its ids and attachments); on -1, with the line
 * in e, d is unchanged.
 */
void eng_draft_to_text(const struct eng_draft *d, struct buf *out);
int eng_draft_from_text(struct eng_draft *d, const char *text, size_t len, struct err *e);

void eng_envelope_init(struct eng_envelope *env);
void eng_envelope_free(struct eng_envelope *env);

/*
 * Makes a message given whole (`taube send FILE`) ready for SMTP: appends it
 * to out with CRLF line ends, From (from_default, when it has none), Date and
 * Message-ID added when missing, 8-bit header text encoded, Bcc: removed,
 * and an 8-bit body re-encoded (quoted-printable for text, base64 for the
 * rest). env gets the sender (a configured envelope_from may replace it)
 * and every To, Cc and Bcc address, each once. Refuses a header with a
 * bare CR or a line that is no field, 8-bit bytes in a field such as
 * Message-ID that no encoding can mend, an address with a control
 * character or without a domain, a message without recipients.
 */
int eng_message_prepare(const char *raw, size_t len, const char *from_default,
    struct buf *out, struct eng_envelope *env, struct err *e);

#endif
