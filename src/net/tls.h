/* tls.h: the TLS policy every curl handle of taube's follows (internal to net/, includes curl.h). */
#ifndef TAUBE_NET_TLS_H
#define TAUBE_NET_TLS_H

#include <curl/curl.h>

#include "net/net.h"
#include "net/trust.h"

/*
 * The policy of DESIGN.md on one handle: TLS required (CURLUSESSL_ALL) from
 * the first transfer, at least TLS 1.2, the peer verified against the
 * system trust store plus ep->ca_file; with ep->tls_pin the pinned key is
 * the trust anchor instead, and no CA is loaded. Every protocol (IMAP,
 * POP3, SMTP) calls it, unless the account says `tls = off` (ep->tls is
 * NET_TLS_OFF).
 */
void net_tls_setup(CURL *h, const struct net_endpoint *ep);

/*
 * The files net_tls_setup has the TLS library load for ep (the system
 * store and ep->ca_file; trust.h), for whatever else must judge a
 * certificate the same way. h may be NULL. Free t with trust_files_free.
 */
void net_tls_trust(CURL *h, const struct net_endpoint *ep, struct trust_files *t);

#endif
