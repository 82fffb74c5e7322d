/*
 * smtp.h: submitting one message over SMTP (libcurl): TLS, AUTH, envelope,
 * and the server's verdict in a form the outbox can act on.
 *
 * With ep->tls NET_TLS_STARTTLS (smtp://, port 587) STARTTLS is required:
 * when the server does not offer it, taube stops before AUTH and before the
 * envelope. NET_TLS_IMPLICIT (smtps://, port 465) speaks TLS from the first
 * byte; NET_TLS_OFF (only with an explicit `tls = off`) sends everything in
 * clear. Login goes through curl's SASL (ep->sasl forces a mechanism,
 * XOAUTH2 uses ep->bearer); without ep->user there is no AUTH at all.
 *
 * One call is one connection: connect, EHLO, STARTTLS, EHLO, AUTH, MAIL
 * FROM, one RCPT TO per recipient, DATA, the message, QUIT. EHLO names the
 * client "[127.0.0.1]", an address literal, rather than giving away the
 * machine's host name. Nothing is kept between calls; call it from a
 * worker thread, never the UI thread: a reply may take up to the
 * endpoint's I/O timeout, and an upload may stall as long before it fails
 * (there is no limit on the whole, so a big message on a slow line goes
 * through). ep->cancel_fd stops it at any point.
 */
#ifndef TAUBE_NET_SMTP_H
#define TAUBE_NET_SMTP_H

#include <stddef.h>

#include "net/net.h"
#include "util/vec.h"

struct err;

/*
 * What the outbox should do with the message:
 *  SMTP_SENT       it left: the server answered 2xx to the end of the data
 *                  (some recipients may still have been refused: see rcpts);
 *  SMTP_TEMPORARY  keep it and retry later: a 4xx reply, a network failure,
 *                  or a failure of the account rather than the message (TLS,
 *                  AUTH, a greeting refused, cancelled). res.fail tells which;
 *                  anything but NET_FAIL_NETWORK (and NONE, a 4xx) needs the
 *                  person to act before a retry can work;
 *  SMTP_PERMANENT  the server refused this message for good (5xx to MAIL
 *                  FROM, to every RCPT TO, to DATA or to the data itself),
 *                  or taube would not send it (an address with control
 *                  characters, an empty message): move it to the failed
 *                  folder with res.reply / the error message.
 */
enum smtp_outcome {
	SMTP_SENT,
	SMTP_TEMPORARY,
	SMTP_PERMANENT,
};

/* One recipient the server refused at RCPT TO. */
struct smtp_rcpt_result {
	char *addr;		/* as given by the caller */
	int code;		/* 4xx: may be worth another try to this one alone; 5xx: never */
	char text[256];		/* the server's words after the code, made visible */
};

struct smtp_result {
	enum smtp_outcome outcome;
	int code;		/* the reply that decided (250, 451, 535, 554...); 0: none */
	char reply[512];	/* its text after the code, multi-line replies joined by
				 * spaces, control characters made visible; "" for none */
	struct vec rcpts;	/* struct smtp_rcpt_result: the refused recipients */
	enum net_fail fail;	/* NET_FAIL_NONE when the server gave a verdict */
};

/*
 * Submits msg[0..len) (RFC 5322, ideally CRLF and 7-bit: see below) from
 * `from` to the nrcpt addresses in rcpt. Addresses are bare ("a@b", no
 * angle brackets, no display name).
 *
 * Returns 0 when the message was accepted for at least one recipient
 * (res->outcome SMTP_SENT; refused ones are listed in res->rcpts), else -1
 * with e saying why in words for the person (server, account, the server's
 * own reply) and res saying what to do. e's scope is ERR_MESSAGE when the
 * message or its envelope is at fault, ERR_ACCOUNT when the connection,
 * TLS or login failed. An address with CR, LF or another control
 * character, or one that is not local@domain, fails before anything is
 * sent (SMTP_PERMANENT, fail NET_FAIL_NONE).
 *
 * The bytes go out as given except that a lone LF or CR becomes CRLF, a
 * final line end is added when missing, and lines starting with "." are
 * dot-stuffed by curl. curl never announces BODY=8BITMIME, so the composer
 * keeps bodies 7-bit (QP/base64). The message size is not announced
 * (SIZE=): given it, curl 7.88 counts the stuffed dots against it, stops
 * the upload that many bytes early and calls the cut message sent.
 *
 * When the connection breaks after the data went out but before the final
 * reply, the outcome is SMTP_TEMPORARY and a retry may deliver the message
 * twice: SMTP cannot tell (RFC 1047).
 *
 * res is always filled (free it with smtp_result_free, also after -1).
 */
int smtp_submit(const struct net_endpoint *ep, const char *from, const char *const *rcpt,
    size_t nrcpt, const char *msg, size_t len, struct smtp_result *res, struct err *e);

void smtp_result_free(struct smtp_result *res);

/*
 * Checks one envelope address: local@domain, printable (UTF-8 allowed), no
 * white space outside a quoted local part, no angle brackets, at most 254
 * bytes, as smtp_submit does before it connects. Returns 0, or -1 with e
 * (ERR_MESSAGE) naming the address with its bad characters made visible.
 * what is "sender" or "recipient", for the message.
 */
int smtp_addr_check(const char *addr, const char *what, struct err *e);

#endif
