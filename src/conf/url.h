/* url.h: server URLs from the configuration (imap://, imaps://, pop3://, pop3s://, smtp://, smtps://). */
#ifndef TAUBE_CONF_URL_H
#define TAUBE_CONF_URL_H

#include <stdbool.h>

#include "util/err.h"

enum url_proto {
	URL_IMAP,
	URL_POP3,
	URL_SMTP,
};

/*
 * How the connection is secured. The plain schemes mean STARTTLS *required*
 * (never opportunistic); clear text only when the account says `tls = off`.
 */
enum url_tls {
	URL_TLS_STARTTLS,
	URL_TLS_IMPLICIT,
	URL_TLS_OFF,
};

struct url {
	enum url_proto proto;
	enum url_tls tls;
	char *scheme;	/* as written, lower-cased */
	char *host;	/* without brackets for IPv6 literals */
	unsigned port;	/* the scheme's default when none is written */
};

/*
 * Parses `text` for a key that expects protocol `proto` (imap = imap:// or
 * imaps://, and so on). Rejects unknown schemes, user info (credentials
 * belong in `user =` and `password_cmd =`), a missing host, a bad port and any
 * path. Returns 0, or -1 with e saying what is wrong.
 */
int url_parse(struct url *u, const char *text, enum url_proto proto, struct err *e);
void url_free(struct url *u);
const char *url_proto_name(enum url_proto proto);
const char *url_tls_name(enum url_tls tls);

#endif
