/*
 * tls-probe.h: a second, credential-free connection that only looks at the
 * server's certificate, so that a refused one can be named.
 *
 * libcurl aborts the handshake when verification fails and keeps the
 * certificate to itself; the person then needs its fingerprint (to compare
 * with what the provider publishes) and the pin that would trust it. The
 * probe never sends a user name, a password or any other IMAP command than
 * STARTTLS, and verifies nothing itself: it reports.
 */
#ifndef TAUBE_NET_TLS_PROBE_H
#define TAUBE_NET_TLS_PROBE_H

struct err;
struct net_endpoint;

#define TLS_FINGERPRINT_LEN	(32 * 3)	/* "AB:CD:...": 32 bytes, NUL in place of the last ':' */
#define TLS_PIN_LEN		(8 + 44 + 1)	/* "sha256//" + base64 of 32 bytes + NUL */

struct tls_probe {
	char fingerprint[TLS_FINGERPRINT_LEN];	/* SHA-256 of the certificate, as openssl prints it */
	char pin[TLS_PIN_LEN];			/* SHA-256 of its public key, as tls_pin takes it */
	char subject[256];			/* distinguished names, cut to fit */
	char issuer[256];
	char verdict[256];	/* why the system store plus ca_file do not trust it; "" when they do */
};

/*
 * Connects to ep's host and port (STARTTLS first for NET_TLS_STARTTLS, as
 * IMAP does it), completes a handshake and describes the server's
 * certificate. Only host, port, tls, ca_file and connect_timeout_ms are
 * read. Returns 0, or -1 with e (ERR_ACCOUNT) saying why not.
 */
int tls_probe_imap(const struct net_endpoint *ep, struct tls_probe *out, struct err *e);

#endif
