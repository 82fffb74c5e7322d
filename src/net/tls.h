/* tls.h: the TLS policy every curl handle of taube's follows (internal to net/, includes curl.h). */
#ifndef TAUBE_NET_TLS_H
#define TAUBE_NET_TLS_H

#include <curl/curl.h>

#include "net/net.h"

/*
 * The policy of DESIGN.md on one handle: TLS required (CURLUSESSL_ALL) from
 * the first transfer, at least TLS 1.2, the peer verified against the
 * system trust store plus ep->ca_file; with ep->tls_pin the pinned key is
 * the trust anchor instead. Every protocol (IMAP, POP3, SMTP) calls it,
 * unless the account says `tls = off` (ep->tls is NET_TLS_OFF).
 */
void net_tls_setup(CURL *h, const struct net_endpoint *ep);

#endif
