/* tls-probe.c: fetch and describe a server certificate over a connection that carries no credentials. */
#include "net/tls-probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "net/net.h"
#include "net/tls.h"
#include "util/err.h"
#include "util/str.h"

/* Bytes of greeting and STARTTLS answer the probe reads before it gives up. */
#define PROBE_MAX_DIALOGUE	8192

static int
connect_fd(int fd, const struct sockaddr *sa, socklen_t len, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int soerr = 0;
	socklen_t sl = sizeof(soerr);

	if (connect(fd, sa, len) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -1;
	if (poll(&p, 1, timeout_ms) <= 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
		return -1;
	errno = soerr;
	return soerr == 0 ? 0 : -1;
}

/* A blocking socket connected to host:port whose reads and writes time out. */
static int
dial(const char *host, unsigned port, int timeout_ms, struct err *e)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	char service[16];
	int fd = -1, rc, saved = 0;

	snprintf(service, sizeof(service), "%u", port);
	rc = getaddrinfo(host, service, &hints, &res);
	if (rc != 0)
		return err_setx(e, ERR_ACCOUNT, "cannot resolve %s: %s", host, gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    ai->ai_protocol);
		if (fd >= 0 && connect_fd(fd, ai->ai_addr, ai->ai_addrlen, timeout_ms) == 0)
			break;
		saved = errno;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return err_setx(e, ERR_ACCOUNT, "cannot connect to %s port %u: %s", host, port,
		    strerror(saved));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/*
 * Reads lines up to the first one that is not untagged (or the very first
 * one when any will do) into line, without its line end. The server sends
 * nothing after the greeting or the answer to STARTTLS until the client
 * speaks, so reading whole chunks cannot swallow handshake bytes.
 */
static int
read_line(int fd, bool skip_untagged, char *line, size_t size, struct err *e)
{
	char in[PROBE_MAX_DIALOGUE];
	size_t have = 0;

	for (;;) {
		char *nl = memchr(in, '\n', have);
		ssize_t n;

		if (nl != NULL) {
			size_t len = (size_t)(nl - in) + 1;

			if (!skip_untagged || in[0] != '*') {
				while (len > 0 && (in[len - 1] == '\n' || in[len - 1] == '\r'))
					len--;
				snprintf(line, size, "%.*s", (int)len, in);
				return 0;
			}
			memmove(in, in + len, have - len);
			have -= len;
			continue;
		}
		if (have == sizeof(in))
			return err_setx(e, ERR_ACCOUNT, "server sent an overlong line");
		n = recv(fd, in + have, sizeof(in) - have, 0);
		if (n <= 0)
			return err_setx(e, ERR_ACCOUNT, "server closed the connection%s%s",
			    n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
		have += (size_t)n;
	}
}

/* Greeting, then "a STARTTLS": just enough IMAP to reach the handshake. */
static int
imap_starttls(int fd, struct err *e)
{
	static const char cmd[] = "a STARTTLS\r\n";
	char line[256];

	if (read_line(fd, false, line, sizeof(line), e) < 0)
		return -1;
	if (!str_starts_with(line, "* OK"))
		return err_setx(e, ERR_ACCOUNT, "unexpected greeting \"%.80s\"", line);
	if (send(fd, cmd, sizeof(cmd) - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof(cmd) - 1))
		return err_setx(e, ERR_ACCOUNT, "cannot send STARTTLS: %s", strerror(errno));
	if (read_line(fd, true, line, sizeof(line), e) < 0)
		return -1;
	if (!str_starts_with(line, "a OK"))
		return err_setx(e, ERR_ACCOUNT, "STARTTLS refused: \"%.80s\"", line);
	return 0;
}

static void
hex_fingerprint(gnutls_x509_crt_t crt, char *out)
{
	unsigned char md[32];
	size_t n = sizeof(md);

	out[0] = '\0';
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, md, &n) < 0 || n != 32)
		return;
	for (size_t i = 0; i < n; i++)
		snprintf(out + 3 * i, 4, "%02X%s", md[i], i + 1 < n ? ":" : "");
}

/* "sha256//" and the base64 SHA-256 of the DER SubjectPublicKeyInfo, as curl pins keys. */
static void
key_pin(gnutls_x509_crt_t crt, char *out)
{
	gnutls_pubkey_t pk;
	gnutls_datum_t der = { NULL, 0 }, b64 = { NULL, 0 }, md;
	unsigned char digest[32];

	out[0] = '\0';
	if (gnutls_pubkey_init(&pk) < 0)
		return;
	if (gnutls_pubkey_import_x509(pk, crt, 0) == 0 &&
	    gnutls_pubkey_export2(pk, GNUTLS_X509_FMT_DER, &der) == 0 &&
	    gnutls_hash_fast(GNUTLS_DIG_SHA256, der.data, der.size, digest) == 0) {
		md.data = digest;
		md.size = sizeof(digest);
		if (gnutls_base64_encode2(&md, &b64) == 0)
			snprintf(out, TLS_PIN_LEN, "sha256//%.*s", (int)b64.size, b64.data);
	}
	gnutls_free(der.data);
	gnutls_free(b64.data);
	gnutls_pubkey_deinit(pk);
}

static void
copy_datum(char *out, size_t size, int rc, gnutls_datum_t *d)
{
	snprintf(out, size, "%.*s", rc == 0 ? (int)d->size : 0, rc == 0 ? (char *)d->data : "");
	if (rc == 0)
		gnutls_free(d->data);
}

/* Fills out from the peer's first certificate, and whether the trust store accepts it. */
static int
describe(gnutls_session_t s, const char *host, struct tls_probe *out, struct err *e)
{
	const gnutls_datum_t *certs;
	gnutls_x509_crt_t crt;
	gnutls_datum_t d;
	unsigned n = 0, status = 0;

	certs = gnutls_certificate_get_peers(s, &n);
	if (certs == NULL || n == 0)
		return err_setx(e, ERR_ACCOUNT, "the server sent no certificate");
	if (gnutls_x509_crt_init(&crt) < 0)
		return err_setx(e, ERR_ACCOUNT, "cannot read the server certificate");
	if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return err_setx(e, ERR_ACCOUNT, "cannot read the server certificate");
	}
	hex_fingerprint(crt, out->fingerprint);
	key_pin(crt, out->pin);
	copy_datum(out->subject, sizeof(out->subject), gnutls_x509_crt_get_dn3(crt, &d, 0), &d);
	copy_datum(out->issuer, sizeof(out->issuer),
	    gnutls_x509_crt_get_issuer_dn3(crt, &d, 0), &d);
	gnutls_x509_crt_deinit(crt);
	out->verdict[0] = '\0';
	if (gnutls_certificate_verify_peers3(s, host, &status) < 0)
		snprintf(out->verdict, sizeof(out->verdict), "it could not be verified");
	else if (status != 0 &&
	    gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &d, 0) == 0)
		copy_datum(out->verdict, sizeof(out->verdict), 0, &d);
	return 0;
}

/* The anchors a connection trusts, loaded as libcurl loads them (net_tls_trust). */
static void
load_trust(gnutls_certificate_credentials_t cred, const struct net_endpoint *ep)
{
	struct trust_files t;

	net_tls_trust(NULL, ep, &t);
	if (t.cafile != NULL) {
		gnutls_certificate_set_verify_flags(cred, GNUTLS_VERIFY_ALLOW_X509_V1_CA_CRT);
		gnutls_certificate_set_x509_trust_file(cred, t.cafile, GNUTLS_X509_FMT_PEM);
	}
	if (t.capath != NULL)
		gnutls_certificate_set_x509_trust_dir(cred, t.capath, GNUTLS_X509_FMT_PEM);
	trust_files_free(&t);
}

static int
handshake(int fd, const struct net_endpoint *ep, int timeout_ms, struct tls_probe *out,
    struct err *e)
{
	gnutls_certificate_credentials_t cred;
	gnutls_session_t s;
	unsigned char addr[16];
	int rc;

	if (gnutls_certificate_allocate_credentials(&cred) < 0)
		return err_setx(e, ERR_ACCOUNT, "cannot set up TLS");
	load_trust(cred, ep);
	if (gnutls_init(&s, GNUTLS_CLIENT) < 0) {
		gnutls_certificate_free_credentials(cred);
		return err_setx(e, ERR_ACCOUNT, "cannot set up TLS");
	}
	/* SNI names a host; an address literal must not be sent as one. */
	if (inet_pton(AF_INET, ep->host, addr) != 1 && inet_pton(AF_INET6, ep->host, addr) != 1)
		gnutls_server_name_set(s, GNUTLS_NAME_DNS, ep->host, strlen(ep->host));
	gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_transport_set_int(s, fd);
	gnutls_handshake_set_timeout(s, (unsigned)timeout_ms);
	do
		rc = gnutls_handshake(s);
	while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
	if (rc < 0)
		rc = err_setx(e, ERR_ACCOUNT, "TLS handshake failed: %s", gnutls_strerror(rc));
	else
		rc = describe(s, ep->host, out, e);
	if (rc == 0)
		gnutls_bye(s, GNUTLS_SHUT_WR);
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
	return rc;
}

int
tls_probe_imap(const struct net_endpoint *ep, struct tls_probe *out, struct err *e)
{
	int timeout_ms = (int)net_connect_timeout_ms(ep);
	int fd, rc = 0;

	memset(out, 0, sizeof(*out));
	if (ep->tls == NET_TLS_OFF)
		return err_setx(e, ERR_ACCOUNT, "TLS is off for this account");
	fd = dial(ep->host, ep->port, timeout_ms, e);
	if (fd < 0)
		return -1;
	if (ep->tls == NET_TLS_STARTTLS)
		rc = imap_starttls(fd, e);
	if (rc == 0)
		rc = handshake(fd, ep, timeout_ms, out, e);
	close(fd);
	if (rc < 0)
		err_prefix(e, "looking at the certificate of %s port %u", ep->host, ep->port);
	return rc;
}
