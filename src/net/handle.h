/* handle.h: what every curl handle of taube's gets besides TLS (tls.h): its URL, the login, the cancel test (internal to net/). */
#ifndef TAUBE_NET_HANDLE_H
#define TAUBE_NET_HANDLE_H

#include <curl/curl.h>
#include <stdbool.h>

#include "net/net.h"
#include "net/tls.h"

/* "imap://host:port/PATH", the TLS scheme (e.g. "imaps") when ep->tls is NET_TLS_IMPLICIT; IPv6 in []. Allocated. */
char *net_url(const char *scheme, const char *tls_scheme, const struct net_endpoint *ep,
    const char *path);

/* "AUTH=PLAIN" ... for a forced mechanism, NULL for the best the server offers. */
const char *net_login_options(enum net_sasl sasl);

/* User, password or OAuth bearer, and the forced mechanism; nothing without a user. */
void net_set_login(CURL *h, const struct net_endpoint *ep);

/*
 * What every handle gets: no signals, errbuf for curl's words, the
 * endpoint's connect timeout, the debug callback (curl's verbose output
 * goes there and nowhere else) and the progress callback (for cancelling),
 * TLS unless the account says tls = off, and the login.
 */
void net_handle_setup(CURL *h, const struct net_endpoint *ep, char *errbuf,
    curl_debug_callback debug, void *debug_arg, curl_xferinfo_callback progress,
    void *progress_arg);

/* Whether cancel_fd (-1: none) has become readable: the person asked to stop. */
bool net_cancelled(int cancel_fd);

#endif
