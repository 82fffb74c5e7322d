/* handle.h: what every curl handle of taube's gets besides TLS (tls.h): its URL, the login, the cancel test (internal to net/). */
#ifndef TAUBE_NET_HANDLE_H
#define TAUBE_NET_HANDLE_H

#include <curl/curl.h>
#include <stdbool.h>

#include "net/net.h"

/* "imap://host:port/PATH", the TLS scheme (e.g. "imaps") when ep->tls is NET_TLS_IMPLICIT; IPv6 in []. Allocated. */
char *net_url(const char *scheme, const char *tls_scheme, const struct net_endpoint *ep,
    const char *path);

/* "AUTH=PLAIN" ... for a forced mechanism, NULL for the best the server offers. */
const char *net_login_options(enum net_sasl sasl);

/* User, password or OAuth bearer, and the forced mechanism; nothing without a user. */
void net_set_login(CURL *h, const struct net_endpoint *ep);

/* Whether cancel_fd (-1: none) has become readable: the person asked to stop. */
bool net_cancelled(int cancel_fd);

#endif
