/* net.h: what every server connection shares: global set-up, where and how to connect, failure classes. */
#ifndef TAUBE_NET_NET_H
#define TAUBE_NET_NET_H

#include <stdbool.h>
#include <stddef.h>

struct err;

/*
 * Sets up libcurl (and through it GnuTLS) for the whole process. Call it
 * once from main, before any thread starts; -1 when this libcurl cannot do
 * what taube needs (TLS, IMAP).
 */
int net_global_init(struct err *e);
void net_global_cleanup(void);

/* How the connection is secured; the engine maps the account's URL onto it. */
enum net_tls {
	NET_TLS_STARTTLS,	/* plain port, STARTTLS required before anything else */
	NET_TLS_IMPLICIT,	/* TLS from the first byte (imaps://) */
	NET_TLS_OFF,		/* clear text: only when the account says `tls = off` */
};

enum net_sasl {
	NET_SASL_DEFAULT,	/* the best the server offers (TLS is on, so all are safe) */
	NET_SASL_PLAIN,
	NET_SASL_LOGIN,
	NET_SASL_XOAUTH2,	/* needs bearer */
};

#define NET_CONNECT_TIMEOUT_MS	15000
#define NET_IO_TIMEOUT_MS	60000

/*
 * One server account. Everything is borrowed: the connection copies what it
 * needs while it connects and keeps no secret afterwards. The caller owns
 * password and bearer and should wipe them (net_secret_free) when done.
 */
struct net_endpoint {
	const char *host;
	unsigned port;
	enum net_tls tls;
	const char *user;
	const char *password;	/* never logged, never put in an error message */
	enum net_sasl sasl;
	const char *bearer;	/* OAuth 2 token for NET_SASL_XOAUTH2 */
	const char *ca_file;	/* PEM trust anchor added to the system store, or NULL */
	const char *tls_pin;	/* "sha256//BASE64" of the server's public key, or NULL */
	unsigned connect_timeout_ms;	/* 0: NET_CONNECT_TIMEOUT_MS */
	unsigned io_timeout_ms;		/* silence allowed while an answer is due; 0: NET_IO_TIMEOUT_MS */
	int cancel_fd;		/* readable means "give up now"; -1 for none */
};

/* A zeroed endpoint with cancel_fd -1. */
void net_endpoint_init(struct net_endpoint *ep);

/* The endpoint's timeouts, the defaults for 0. */
unsigned net_connect_timeout_ms(const struct net_endpoint *ep);
unsigned net_io_timeout_ms(const struct net_endpoint *ep);

/*
 * Why a connection failed, for the scheduler: only NET_FAIL_NETWORK is
 * worth retrying by itself; the others need the person to act.
 */
enum net_fail {
	NET_FAIL_NONE,
	NET_FAIL_NETWORK,	/* unreachable, refused, timed out, connection lost */
	NET_FAIL_TLS,		/* no STARTTLS, certificate not trusted, pin mismatch */
	NET_FAIL_AUTH,		/* credentials refused or no usable login method */
	NET_FAIL_PROTOCOL,	/* the server broke IMAP; the session was out of step */
	NET_FAIL_CANCELLED,	/* cancel_fd became readable */
};

/* Wipes a secret's bytes before freeing it (free(NULL) is fine). */
void net_secret_free(char *secret);

/*
 * Copies text a server sent into out (size bytes with the NUL) for an error
 * message: control characters made visible, cut with "..." when too long.
 */
void net_server_text(char *out, size_t size, const char *s, size_t len);

#endif
