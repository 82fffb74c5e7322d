/*
 * imap-conn.h: one IMAP connection. libcurl (CONNECT_ONLY) connects, reads
 * the greeting, secures the connection (STARTTLS or implicit TLS) and logs
 * in; afterwards the connection is a byte pipe for the session engine.
 *
 * libcurl 7.88 cannot be trusted with IMAP commands that return literals
 * (DESIGN.md), so it does the login and nothing else. With TLS on, curl
 * runs with CURLUSESSL_ALL: if STARTTLS is not offered or refused, it stops
 * before any credential leaves. Errors name the host and what to do.
 *
 * One connection belongs to one thread at a time.
 */
#ifndef TAUBE_NET_IMAP_CONN_H
#define TAUBE_NET_IMAP_CONN_H

#include <stddef.h>
#include <sys/types.h>

#include "net/net.h"

struct err;
struct imap_caps;
struct imap_conn;

/*
 * Connects and logs in. On failure returns -1 with e (ERR_ACCOUNT) saying
 * what went wrong and *fail saying whether retrying could help. A
 * certificate that does not verify is looked at over a second connection
 * that carries no credentials (tls-probe.h), so the message can name its
 * SHA-256 fingerprint and the tls_pin that would trust it.
 */
int imap_conn_open(struct imap_conn **out, const struct net_endpoint *ep, enum net_fail *fail,
    struct err *e);

/* Closes the connection without a word to the server (send LOGOUT first). */
void imap_conn_free(struct imap_conn *c);

#define IMAP_CONN_AGAIN	(-2)	/* nothing can move now: wait with imap_conn_wait */

/*
 * Sends what can go now, without blocking: the number of bytes taken (at
 * least 1), IMAP_CONN_AGAIN, or -1 with e when the connection broke.
 */
ssize_t imap_conn_send(struct imap_conn *c, const void *data, size_t len, struct err *e);

/*
 * Reads what is there, without blocking: the number of bytes (at least 1),
 * 0 when the server closed the connection, IMAP_CONN_AGAIN when nothing is
 * buffered, or -1 with e holding the reason alone (the caller knows what
 * it was reading). Call it until IMAP_CONN_AGAIN before waiting: TLS may
 * hold decrypted bytes the socket no longer shows.
 */
ssize_t imap_conn_recv(struct imap_conn *c, void *buf, size_t size, struct err *e);

#define IMAP_CONN_READABLE	0x1
#define IMAP_CONN_WRITABLE	0x2

/*
 * Waits up to timeout_ms (-1: for ever) until the socket is ready for what
 * `what` asks. Returns the ready bits, 0 on timeout, or -1 with e when the
 * endpoint's cancel_fd became readable (NET_FAIL_CANCELLED) or poll failed.
 */
int imap_conn_wait(struct imap_conn *c, unsigned what, int timeout_ms, enum net_fail *fail,
    struct err *e);

/*
 * The capabilities the server announced in its answer to the login (a
 * CAPABILITY response or code), or NULL when it announced none: the
 * session then asks with CAPABILITY.
 */
const struct imap_caps *imap_conn_login_caps(const struct imap_conn *c);

/* "host port N", for messages. */
const char *imap_conn_peer(const struct imap_conn *c);

#endif
