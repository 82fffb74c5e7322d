/* imap-conn.c: an IMAP connection that libcurl opens, secures and logs in, then a byte pipe. */
#include "net/imap-conn.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/handle.h"
#include "net/imap-parse.h"
#include "net/imap-resp.h"
#include "net/tls.h"
#include "net/tls-probe.h"
#include "util/err.h"
#include "util/str.h"
#include "util/xalloc.h"

/*
 * What the server said while curl logged in, read from curl's debug
 * callback. Only lines coming in are read: the lines curl sends carry the
 * credentials, and of those only the fact that one was sent is noted.
 */
struct login_trace {
	struct imap_parser *parser;
	struct imap_caps caps;		/* the capabilities last announced */
	bool have_caps;
	bool caps_after_cmd;		/* ... in answer to the last line curl sent */
	bool refused;			/* a command got NO or BAD */
	char refusal[256];		/* the server's words then */
};

struct imap_conn {
	CURL *curl;
	curl_socket_t sock;
	int cancel_fd;
	char peer[300];
	char errbuf[CURL_ERROR_SIZE];
	struct login_trace trace;
	bool login_caps;		/* trace.caps came with the answer to the login */
};

static void
trace_response(struct login_trace *t, const struct imap_response *r)
{
	struct imap_status st;
	struct err e;

	if (imap_resp_type(r) == IMAP_T_CAPABILITY) {
		if (imap_resp_capability(r, &t->caps, &e) == 0)
			t->have_caps = t->caps_after_cmd = true;
		return;
	}
	if (r->kind != IMAP_RESP_TAGGED || imap_resp_status(r, &st, &e) < 0)
		return;
	if (imap_code_is(r, "CAPABILITY") && imap_code_capability(r, &t->caps, &e) == 0)
		t->have_caps = t->caps_after_cmd = true;
	if (st.cond != IMAP_OK) {
		t->refused = true;
		net_server_text(t->refusal, sizeof(t->refusal), st.text, st.text_len);
	}
}

static int
on_debug(CURL *h, curl_infotype type, char *data, size_t len, void *arg)
{
	struct login_trace *t = arg;
	struct imap_response *r;
	struct err e;
	int rc;

	(void)h;
	if (type == CURLINFO_HEADER_OUT) {
		t->caps_after_cmd = false;	/* the data is not looked at: it may be a password */
		return 0;
	}
	if (type != CURLINFO_HEADER_IN || t->parser == NULL)
		return 0;
	imap_parser_feed(t->parser, data, len);
	while ((rc = imap_parser_next(t->parser, &r, &e)) == 1) {
		trace_response(t, r);
		imap_response_free(r);
	}
	if (rc < 0)
		imap_parser_reset(t->parser);	/* only diagnostics are lost */
	return 0;
}

/* Lets a blocked login give up when the engine asks it to. */
static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct imap_conn *c = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	return net_cancelled(c->cancel_fd) ? 1 : 0;
}

static void
set_options(struct imap_conn *c, const struct net_endpoint *ep, const char *url)
{
	CURL *h = c->curl;

	/*
	 * BUFFERSIZE and MAXAGE_CONN (DESIGN.md) only matter to transfers curl
	 * runs itself; after the login it runs none, taube reads the socket.
	 */
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
	/*
	 * Never a connection from a cache: one handle, one fresh connection.
	 * (FORBID_REUSE would close it the moment the login is done.)
	 */
	curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT,
	    (long)(net_io_timeout_ms(ep) + 999) / 1000);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
	    (long)net_connect_timeout_ms(ep) + (long)net_io_timeout_ms(ep));
	net_handle_setup(h, ep, c->errbuf, on_debug, &c->trace, on_progress, c);
}

/* "PLAIN LOGIN" from the AUTH= capabilities, for messages. */
static void
offered_mechs(const struct login_trace *t, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; t->have_caps && i < strvec_len(&t->caps.names); i++) {
		const char *name = strvec_get(&t->caps.names, i);

		if (str_ncasecmp_ascii(name, "AUTH=", 5) == 0 && len + strlen(name) < size)
			len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", name + 5);
	}
	if (len == 0)
		snprintf(out, size, "none");
}

static int
explain_login(struct imap_conn *c, const struct net_endpoint *ep, enum net_fail *fail,
    struct err *e)
{
	char mechs[200];

	*fail = NET_FAIL_AUTH;
	if (c->trace.refused)
		return err_setx(e, ERR_ACCOUNT, "IMAP login to %s as %s refused: %s", ep->host,
		    ep->user ? ep->user : "(no user)",
		    c->trace.refusal[0] ? c->trace.refusal : "no reason given");
	if (ep->tls == NET_TLS_OFF && c->trace.have_caps &&
	    (c->trace.caps.bits & IMAP_CAP_LOGINDISABLED))
		return err_setx(e, ERR_ACCOUNT, "IMAP server %s refuses to log in without TLS "
		    "(LOGINDISABLED); remove `tls = off` from the account so that STARTTLS is used",
		    c->peer);
	offered_mechs(&c->trace, mechs, sizeof(mechs));
	if (net_login_options(ep->sasl) != NULL)
		return err_setx(e, ERR_ACCOUNT, "IMAP server %s does not offer %s (it offers: %s)",
		    c->peer, net_login_options(ep->sasl), mechs);
	return err_setx(e, ERR_ACCOUNT, "IMAP server %s offers no login method taube can use "
	    "(it offers: %s)", c->peer, mechs);
}

/* A certificate or key curl refused: name it, from a probe that sends no credentials. */
static int
explain_cert(struct imap_conn *c, const struct net_endpoint *ep, CURLcode rc, struct err *e)
{
	struct tls_probe p;
	struct err pe;

	if (tls_probe_imap(ep, &p, &pe) < 0)
		return err_setx(e, ERR_ACCOUNT, "the TLS certificate of %s is not accepted (%s); "
		    "%s", c->peer, c->errbuf, pe.msg);
	if (rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH)
		return err_setx(e, ERR_ACCOUNT, "the public key of %s does not match tls_pin: "
		    "the server has %s (certificate SHA-256 fingerprint %s). If its key was "
		    "changed on purpose, set `tls_pin = %s`", c->peer, p.pin, p.fingerprint, p.pin);
	/* GnuTLS ends its verdict with a full stop; the message goes on after it */
	while (strlen(str_trim(p.verdict)) > 0 && p.verdict[strlen(p.verdict) - 1] == '.')
		p.verdict[strlen(p.verdict) - 1] = '\0';
	return err_setx(e, ERR_ACCOUNT, "the TLS certificate of %s is not trusted: %s. "
	    "It was issued to \"%.100s\" by \"%.100s\"; SHA-256 fingerprint %s. If you trust it, "
	    "add `ca_file = FILE` (the issuer's certificate, PEM) or `tls_pin = %s` to the "
	    "account", c->peer, p.verdict[0] ? str_trim(p.verdict) : c->errbuf, p.subject,
	    p.issuer, p.fingerprint, p.pin);
}

static int
explain_net(struct imap_conn *c, CURLcode rc, double waited, struct err *e)
{
	long os_errno = 0;

	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return err_setx(e, ERR_ACCOUNT, "cannot find IMAP server %s: %s", c->peer,
		    c->errbuf);
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &os_errno);
		return err_setx(e, ERR_ACCOUNT, "cannot connect to IMAP server %s: %s", c->peer,
		    os_errno ? strerror((int)os_errno) : c->errbuf);
	case CURLE_OPERATION_TIMEDOUT:
		return err_setx(e, ERR_ACCOUNT, "IMAP server %s did not answer (gave up after "
		    "%.0f s)", c->peer, waited < 1 ? 1 : waited);
	default:
		return err_setx(e, ERR_ACCOUNT, "connection to IMAP server %s failed during "
		    "login: %s", c->peer, c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
	}
}

static int
explain(struct imap_conn *c, const struct net_endpoint *ep, CURLcode rc, double waited,
    enum net_fail *fail, struct err *e)
{
	*fail = NET_FAIL_TLS;
	switch (rc) {
	case CURLE_USE_SSL_FAILED:
		return err_setx(e, ERR_ACCOUNT, "IMAP server %s does not offer STARTTLS (or refused "
		    "it), so taube did not log in and sent no credentials. If the server has "
		    "implicit TLS on another port, use imaps://", c->peer);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return explain_cert(c, ep, rc, e);
	case CURLE_SSL_CACERT_BADFILE:
		return err_setx(e, ERR_ACCOUNT, "cannot use ca_file %s: %s", ep->ca_file ?
		    ep->ca_file : "(none)", c->errbuf);
	case CURLE_SSL_CONNECT_ERROR:
		return err_setx(e, ERR_ACCOUNT, "TLS handshake with %s failed: %s", c->peer,
		    c->errbuf);
	case CURLE_LOGIN_DENIED:
		return explain_login(c, ep, fail, e);
	case CURLE_ABORTED_BY_CALLBACK:
		*fail = NET_FAIL_CANCELLED;
		return err_setx(e, ERR_ACCOUNT, "connecting to %s was cancelled", c->peer);
	case CURLE_WEIRD_SERVER_REPLY:
		*fail = NET_FAIL_PROTOCOL;
		return err_setx(e, ERR_ACCOUNT, "%s does not answer like an IMAP server: %s",
		    c->peer, c->errbuf);
	default:
		*fail = NET_FAIL_NETWORK;
		return explain_net(c, rc, waited, e);
	}
}

static int
check_endpoint(const struct net_endpoint *ep, enum net_fail *fail, struct err *e)
{
	*fail = NET_FAIL_TLS;
	if (ep->host == NULL || ep->host[0] == '\0' || ep->port == 0 || ep->port > 65535) {
		*fail = NET_FAIL_AUTH;
		return err_setx(e, ERR_ACCOUNT, "IMAP account without a server host and port");
	}
	if (ep->user == NULL || ep->user[0] == '\0') {
		*fail = NET_FAIL_AUTH;
		return err_setx(e, ERR_ACCOUNT, "IMAP account for %s without a user name", ep->host);
	}
	if (ep->ca_file != NULL && access(ep->ca_file, R_OK) < 0)
		return err_setx(e, ERR_ACCOUNT, "cannot read ca_file %s: %s", ep->ca_file,
		    strerror(errno));
	if (ep->tls_pin != NULL && !str_starts_with(ep->tls_pin, "sha256//"))
		return err_setx(e, ERR_ACCOUNT, "tls_pin must look like sha256//BASE64");
	if (ep->sasl == NET_SASL_XOAUTH2 && ep->bearer == NULL) {
		*fail = NET_FAIL_AUTH;
		return err_setx(e, ERR_ACCOUNT, "XOAUTH2 login to %s needs a token", ep->host);
	}
	return 0;
}

static struct imap_conn *
conn_new(const struct net_endpoint *ep)
{
	struct imap_conn *c = xcalloc(1, sizeof(*c));

	c->sock = CURL_SOCKET_BAD;
	c->cancel_fd = ep->cancel_fd;
	snprintf(c->peer, sizeof(c->peer), "%s port %u", ep->host, ep->port);
	c->trace.parser = imap_parser_new();
	imap_caps_init(&c->trace.caps);
	c->curl = curl_easy_init();
	return c;
}

int
imap_conn_open(struct imap_conn **out, const struct net_endpoint *ep, enum net_fail *fail,
    struct err *e)
{
	struct imap_conn *c;
	double waited = 0;
	CURLcode rc;
	char *url;

	*out = NULL;
	if (check_endpoint(ep, fail, e) < 0)
		return -1;
	c = conn_new(ep);
	if (c->curl == NULL) {
		imap_conn_free(c);
		*fail = NET_FAIL_NETWORK;
		return err_setx(e, ERR_ACCOUNT, "cannot set up a connection (libcurl)");
	}
	url = net_url("imap", "imaps", ep, "");
	set_options(c, ep, url);
	rc = curl_easy_perform(c->curl);
	free(url);
	curl_easy_getinfo(c->curl, CURLINFO_TOTAL_TIME, &waited);
	/*
	 * The login is over: curl's copies of the secrets go now (curl frees
	 * without wiping; the caller wipes the original).
	 */
	curl_easy_setopt(c->curl, CURLOPT_PASSWORD, NULL);
	curl_easy_setopt(c->curl, CURLOPT_XOAUTH2_BEARER, NULL);
	curl_easy_setopt(c->curl, CURLOPT_VERBOSE, 0L);
	curl_easy_setopt(c->curl, CURLOPT_NOPROGRESS, 1L);
	if (rc == CURLE_OK &&
	    curl_easy_getinfo(c->curl, CURLINFO_ACTIVESOCKET, &c->sock) != CURLE_OK)
		rc = CURLE_COULDNT_CONNECT;
	if (rc != CURLE_OK) {
		explain(c, ep, rc, waited, fail, e);
		imap_conn_free(c);
		return -1;
	}
	c->login_caps = c->trace.caps_after_cmd;
	imap_parser_free(c->trace.parser);
	c->trace.parser = NULL;
	*fail = NET_FAIL_NONE;
	*out = c;
	return 0;
}

void
imap_conn_free(struct imap_conn *c)
{
	if (c == NULL)
		return;
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	imap_parser_free(c->trace.parser);
	imap_caps_free(&c->trace.caps);
	free(c);
}

ssize_t
imap_conn_send(struct imap_conn *c, const void *data, size_t len, struct err *e)
{
	size_t n = 0;
	CURLcode rc = curl_easy_send(c->curl, data, len, &n);

	if (rc == CURLE_AGAIN || (rc == CURLE_OK && n == 0))
		return IMAP_CONN_AGAIN;
	if (rc != CURLE_OK) {
		err_setx(e, ERR_ACCOUNT, "connection to IMAP server %s lost while sending: %s",
		    c->peer, curl_easy_strerror(rc));
		return -1;
	}
	return (ssize_t)n;
}

ssize_t
imap_conn_recv(struct imap_conn *c, void *buf, size_t size, struct err *e)
{
	size_t n = 0;
	CURLcode rc = curl_easy_recv(c->curl, buf, size, &n);

	if (rc == CURLE_AGAIN)
		return IMAP_CONN_AGAIN;
	if (rc != CURLE_OK) {
		/* the session names the server and what it was doing; this is the why */
		err_setx(e, ERR_ACCOUNT, "%s", curl_easy_strerror(rc));
		return -1;
	}
	return (ssize_t)n;
}

int
imap_conn_wait(struct imap_conn *c, unsigned what, int timeout_ms, enum net_fail *fail,
    struct err *e)
{
	struct pollfd p[2] = {
		{ .fd = c->sock, .events = 0 },
		{ .fd = c->cancel_fd, .events = POLLIN },
	};
	int rc, ready = 0;

	if (what & IMAP_CONN_READABLE)
		p[0].events |= POLLIN;
	if (what & IMAP_CONN_WRITABLE)
		p[0].events |= POLLOUT;
	do
		rc = poll(p, c->cancel_fd >= 0 ? 2 : 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	if (rc < 0) {
		*fail = NET_FAIL_NETWORK;
		return err_setx(e, ERR_ACCOUNT, "waiting for IMAP server %s: %s", c->peer,
		    strerror(errno));
	}
	if (c->cancel_fd >= 0 && (p[1].revents & POLLIN)) {
		*fail = NET_FAIL_CANCELLED;
		return err_setx(e, ERR_ACCOUNT, "IMAP operation on %s cancelled", c->peer);
	}
	/* An error or hang-up shows as readable: the next read reports it. */
	if (p[0].revents & (POLLIN | POLLERR | POLLHUP))
		ready |= IMAP_CONN_READABLE;
	if (p[0].revents & (POLLOUT | POLLERR | POLLHUP))
		ready |= IMAP_CONN_WRITABLE;
	return ready;
}

const struct imap_caps *
imap_conn_login_caps(const struct imap_conn *c)
{
	return c->login_caps ? &c->trace.caps : NULL;
}

const char *
imap_conn_peer(const struct imap_conn *c)
{
	return c->peer;
}
