/*
 * smtp-reply.h: what the SMTP server said and to which command, read from
 * curl's debug callback (internal to net/).
 *
 * curl keeps the text of SMTP replies to itself; its debug callback shows
 * the lines that come in (CURLINFO_HEADER_IN) and the commands that go out
 * (CURLINFO_HEADER_OUT). The trace pairs them: each complete reply is
 * attributed to the command it answers, RCPT TO replies to the recipient.
 * Of the outgoing lines only the verb is compared with the few commands
 * that matter, and once a server asks for SASL data (334) the next line
 * is not looked at at all: it carries credentials.
 */
#ifndef TAUBE_NET_SMTP_REPLY_H
#define TAUBE_NET_SMTP_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/vec.h"

#define SMTP_REPLY_TEXT_MAX	4096	/* raw bytes of one reply kept; the rest is cut */

/* What a reply answers. */
enum smtp_cmd {
	SMTP_CMD_GREETING,	/* nothing sent yet */
	SMTP_CMD_EHLO,		/* EHLO or HELO */
	SMTP_CMD_STARTTLS,
	SMTP_CMD_AUTH,		/* AUTH and the SASL exchange after it */
	SMTP_CMD_MAIL,
	SMTP_CMD_RCPT,
	SMTP_CMD_DATA,
	SMTP_CMD_BODY,		/* the message and its final dot (curl does not show them) */
	SMTP_CMD_OTHER,
};

struct smtp_reply {
	enum smtp_cmd cmd;
	int code;		/* 0: no complete reply */
	struct buf text;	/* raw text after the codes, lines joined by a space */
};

struct smtp_trace {
	const char *const *rcpt;	/* the caller's recipients, in the order curl sends them */
	size_t nrcpt;

	struct buf line;	/* incoming bytes of a line not yet complete */
	bool out_mid_line;	/* the last outgoing chunk stopped inside a line */
	bool sasl_due;		/* the server asked for SASL data: the next line is secret */
	enum smtp_cmd cmd;	/* what the reply being read answers */
	bool awaiting;		/* a reply to t->cmd is due (none has come yet) */
	bool quitting;		/* QUIT went out: cmd and awaiting stay as they were, for
				 * the account of what failed, and replies are ignored */
	size_t rcpt_sent;	/* RCPT TO commands sent so far */
	size_t rcpt_answered;	/* ... and answered */
	size_t reply_lines;	/* lines of the reply being read */
	struct smtp_reply cur;	/* the reply being read */

	struct smtp_reply last;	/* the last complete reply before QUIT */
	struct vec refused;	/* struct smtp_rcpt_result (smtp.h), owned */
	size_t accepted;	/* recipients the server took */
	bool auth_sent;		/* an AUTH command went out */
	bool starttls_offered;	/* ... in the last EHLO reply */
	bool auth_offered;
	char mechs[128];	/* the SASL mechanisms offered, "PLAIN LOGIN" */
};

void smtp_trace_init(struct smtp_trace *t, const char *const *rcpt, size_t nrcpt);
void smtp_trace_free(struct smtp_trace *t);

/* A command chunk curl sent (CURLINFO_HEADER_OUT). */
void smtp_trace_out(struct smtp_trace *t, const char *data, size_t len);

/* Reply bytes curl read (CURLINFO_HEADER_IN), any split. */
void smtp_trace_in(struct smtp_trace *t, const char *data, size_t len);

#endif
