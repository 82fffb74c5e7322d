/* smtp.c: one message submitted over one libcurl SMTP connection, and the server's verdict. */
#include "net/smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/handle.h"
#include "net/smtp-reply.h"
#include "net/tls.h"
#include "util/err.h"
#include "util/str.h"
#include "util/xalloc.h"

/* The EHLO name: an address literal, so the machine's host name is not given away. */
#define SMTP_EHLO_NAME	"%5B127.0.0.1%5D"

/* The message as curl reads it: lone CR or LF become CRLF, a last line end is added. */
struct body {
	const char *data;
	size_t len, pos;
	bool lf_due;		/* the LF of a CRLF made up for a lone CR or LF */
	bool end_due;		/* the message did not end in a line end: CRLF to add */
};

struct submit {
	CURL *curl;
	int cancel_fd;
	long io_timeout_s;	/* how long a reply may take */
	char peer[300];
	char errbuf[CURL_ERROR_SIZE];
	struct smtp_trace trace;
	struct body body;
	struct curl_slist *rcpt;
	char *from;
};

static int
on_debug(CURL *h, curl_infotype type, char *data, size_t len, void *arg)
{
	struct smtp_trace *t = arg;

	(void)h;
	/* Outgoing data (the message) and TLS records are never looked at. */
	if (type == CURLINFO_HEADER_OUT)
		smtp_trace_out(t, data, len);
	else if (type == CURLINFO_HEADER_IN)
		smtp_trace_in(t, data, len);
	return 0;
}

static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct submit *s = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	/*
	 * After a server fell silent curl still says QUIT and waits as long
	 * again for an answer; that wait is cut short here.
	 */
	if (s->trace.quitting && s->trace.awaiting)
		return 1;
	return net_cancelled(s->cancel_fd) ? 1 : 0;
}

static size_t
on_read(char *out, size_t size, size_t nmemb, void *arg)
{
	struct body *b = arg;
	size_t room = size * nmemb, n = 0;
	char c;

	while (n < room) {
		if (b->lf_due) {
			out[n++] = '\n';
			b->lf_due = false;
		} else if (b->pos < b->len) {
			c = b->data[b->pos++];
			out[n++] = c;
			if (c == '\r' && (b->pos == b->len || b->data[b->pos] != '\n'))
				b->lf_due = true;
			else if (c == '\n' && (b->pos == 1 || b->data[b->pos - 2] != '\r')) {
				out[n - 1] = '\r';
				b->lf_due = true;
			}
		} else if (b->end_due) {
			out[n++] = '\r';
			b->lf_due = true;
			b->end_due = false;
		} else
			break;
	}
	return n;
}

static void
set_options(struct submit *s, const struct net_endpoint *ep, const char *url)
{
	CURL *h = s->curl;
	long ito_s = (long)(net_io_timeout_ms(ep) + 999) / 1000;

	s->io_timeout_s = ito_s;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* one call, one connection: none from a cache, none left behind (QUIT inside) */
	curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, ito_s);
	/*
	 * No overall timeout: a big message on a slow line may take long.
	 * An upload that stalls for as long as a reply may take fails.
	 */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, ito_s);
	net_handle_setup(h, ep, s->errbuf, on_debug, &s->trace, on_progress, s);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, s->from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, s->rcpt);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L);
	/* no INFILESIZE: curl 7.88 would cut a dot-stuffed message short by as many bytes */
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &s->body);
}

static int
check_endpoint(const struct net_endpoint *ep, struct smtp_result *res, struct err *e)
{
	res->outcome = SMTP_TEMPORARY;
	res->fail = NET_FAIL_AUTH;
	if (ep->host == NULL || ep->host[0] == '\0' || ep->port == 0 || ep->port > 65535)
		return err_setx(e, ERR_ACCOUNT, "SMTP account without a server host and port");
	if (ep->sasl == NET_SASL_XOAUTH2 && ep->bearer == NULL)
		return err_setx(e, ERR_ACCOUNT, "XOAUTH2 login to %s needs a token", ep->host);
	if (ep->tls_pin != NULL && !str_starts_with(ep->tls_pin, "sha256//")) {
		res->fail = NET_FAIL_TLS;
		return err_setx(e, ERR_ACCOUNT, "tls_pin must look like sha256//BASE64");
	}
	res->fail = NET_FAIL_NONE;
	return 0;
}

/* Everything taube can refuse before it connects. */
static int
check_message(const char *from, const char *const *rcpt, size_t nrcpt, const char *msg,
    size_t len, struct smtp_result *res, struct err *e)
{
	res->outcome = SMTP_PERMANENT;
	if (smtp_addr_check(from, "sender", e) < 0)
		return -1;
	if (nrcpt == 0)
		return err_setx(e, ERR_MESSAGE, "the message has no recipient; nothing was sent");
	for (size_t i = 0; i < nrcpt; i++)
		if (smtp_addr_check(rcpt[i], "recipient", e) < 0)
			return -1;
	if (len == 0)
		return err_setx(e, ERR_MESSAGE, "the message is empty; nothing was sent");
	if (memchr(msg, '\0', len) != NULL)
		return err_setx(e, ERR_MESSAGE, "the message contains NUL bytes, which SMTP "
		    "cannot carry; nothing was sent");
	return 0;
}

static void
submit_free(struct submit *s)
{
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	curl_slist_free_all(s->rcpt);
	free(s->from);
	smtp_trace_free(&s->trace);
}

/* Where the conversation was, for a message about a broken connection. */
static const char *
phase(const struct submit *s)
{
	const struct body *b = &s->body;

	switch (s->trace.cmd) {
	case SMTP_CMD_GREETING:
		return "before its greeting";
	case SMTP_CMD_EHLO:
	case SMTP_CMD_STARTTLS:
		return "while setting up the session";
	case SMTP_CMD_AUTH:
		return "during login";
	case SMTP_CMD_MAIL:
	case SMTP_CMD_RCPT:
	case SMTP_CMD_DATA:
		return "while giving the envelope; the message was not sent";
	case SMTP_CMD_BODY:
		if (b->pos < b->len || b->lf_due || b->end_due)
			return "while sending the message; it was not delivered";
		return "after the message was sent, before the server confirmed it: it may "
		    "have been delivered";
	default:
		return "during the session";
	}
}

static int
explain_net(struct submit *s, CURLcode rc, double waited, struct smtp_result *res,
    struct err *e)
{
	long os_errno = 0;

	res->outcome = SMTP_TEMPORARY;
	res->fail = NET_FAIL_NETWORK;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return err_setx(e, ERR_ACCOUNT, "cannot find SMTP server %s: %s", s->peer,
		    s->errbuf);
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(s->curl, CURLINFO_OS_ERRNO, &os_errno);
		return err_setx(e, ERR_ACCOUNT, "cannot connect to SMTP server %s: %s", s->peer,
		    os_errno ? strerror((int)os_errno) : s->errbuf);
	case CURLE_OPERATION_TIMEDOUT:
		if (s->trace.last.code == 0)
			return err_setx(e, ERR_ACCOUNT, "SMTP server %s did not answer (gave up "
			    "after %.0f s)", s->peer, waited < 1 ? 1 : waited);
		return err_setx(e, ERR_ACCOUNT, "SMTP server %s gave no answer for %ld s, %s",
		    s->peer, s->io_timeout_s, phase(s));
	case CURLE_WEIRD_SERVER_REPLY:
		if (s->trace.last.code == 0) {
			res->fail = NET_FAIL_PROTOCOL;
			return err_setx(e, ERR_ACCOUNT, "%s does not answer like an SMTP server: "
			    "%s", s->peer, s->errbuf);
		}
		break;
	default:
		break;
	}
	return err_setx(e, ERR_ACCOUNT, "connection to SMTP server %s failed %s: %s", s->peer,
	    phase(s), s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc));
}

static int
explain_tls(struct submit *s, const struct net_endpoint *ep, CURLcode rc,
    struct smtp_result *res, struct err *e)
{
	res->outcome = SMTP_TEMPORARY;
	res->fail = NET_FAIL_TLS;
	switch (rc) {
	case CURLE_USE_SSL_FAILED:
		if (s->trace.last.cmd == SMTP_CMD_STARTTLS && res->code >= 400)
			return err_setx(e, ERR_ACCOUNT, "SMTP server %s refused STARTTLS (%d %s), "
			    "so taube did not log in and sent no credentials and no mail",
			    s->peer, res->code, res->reply);
		return err_setx(e, ERR_ACCOUNT, "SMTP server %s does not offer STARTTLS, so "
		    "taube did not log in and sent no credentials and no mail. If the server "
		    "has implicit TLS on another port (often 465), use smtps://", s->peer);
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return err_setx(e, ERR_ACCOUNT, "the public key of %s does not match tls_pin; "
		    "nothing was sent", s->peer);
	case CURLE_SSL_CACERT_BADFILE:
		return err_setx(e, ERR_ACCOUNT, "cannot use ca_file %s: %s", ep->ca_file ?
		    ep->ca_file : "(none)", s->errbuf);
	case CURLE_PEER_FAILED_VERIFICATION:
		return err_setx(e, ERR_ACCOUNT, "the TLS certificate of %s is not trusted (%s), "
		    "so nothing was sent. If you trust it, add `ca_file = FILE` (the issuer's "
		    "certificate, PEM) or `tls_pin = sha256//...` to the account", s->peer,
		    s->errbuf);
	default:
		return err_setx(e, ERR_ACCOUNT, "TLS handshake with %s failed: %s", s->peer,
		    s->errbuf);
	}
}

static int
explain_login(struct submit *s, const struct net_endpoint *ep, struct smtp_result *res,
    struct err *e)
{
	const struct smtp_trace *t = &s->trace;
	const char *mechs = t->auth_offered && t->mechs[0] ? t->mechs : "none";

	res->outcome = SMTP_TEMPORARY;
	res->fail = NET_FAIL_AUTH;
	if (t->last.cmd == SMTP_CMD_AUTH && t->last.code >= 400)
		return err_setx(e, ERR_ACCOUNT, "SMTP login to %s as %s refused: %d %s",
		    s->peer, ep->user, res->code, res->reply[0] ? res->reply : "(no reason given)");
	if (net_login_options(ep->sasl) != NULL)
		return err_setx(e, ERR_ACCOUNT, "SMTP server %s does not offer %s (it offers: %s)",
		    s->peer, net_login_options(ep->sasl), mechs);
	return err_setx(e, ERR_ACCOUNT, "SMTP server %s offers no login method taube can use "
	    "(it offers: %s)", s->peer, mechs);
}

/* "a@x: 550 text; b@y: 451 text" for every refused recipient, cut to fit. */
static void
refused_list(const struct smtp_result *res, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < res->rcpts.len && len + 1 < size; i++) {
		const struct smtp_rcpt_result *r = VEC_AT(&res->rcpts, struct smtp_rcpt_result, i);
		int n = snprintf(out + len, size - len, "%s%s: %d %s", i ? "; " : "", r->addr,
		    r->code, r->text);

		len = n < 0 || (size_t)n >= size - len ? size - 1 : len + (size_t)n;
	}
}

/* A 4xx or 5xx to the envelope or the message: this message's verdict. */
static int
explain_refusal(struct submit *s, const struct net_endpoint *ep, struct smtp_result *res,
    struct err *e)
{
	const struct smtp_trace *t = &s->trace;
	bool temp = res->code / 100 == 4;
	char list[600];

	res->fail = NET_FAIL_NONE;
	for (size_t i = 0; t->last.cmd == SMTP_CMD_RCPT && i < res->rcpts.len; i++)
		if (VEC_AT(&res->rcpts, struct smtp_rcpt_result, i)->code / 100 == 4)
			temp = true;
	res->outcome = temp ? SMTP_TEMPORARY : SMTP_PERMANENT;
	if (ep->user != NULL && ep->user[0] != '\0' && !t->auth_sent && !t->auth_offered) {
		res->outcome = SMTP_TEMPORARY;
		res->fail = NET_FAIL_AUTH;
		return err_setx(e, ERR_ACCOUNT, "SMTP server %s does not offer AUTH, so taube "
		    "could not log in as %s; it then refused the message: %d %s", s->peer,
		    ep->user, res->code, res->reply);
	}
	switch (t->last.cmd) {
	case SMTP_CMD_MAIL:
		return err_setx(e, ERR_MESSAGE, "SMTP server %s refused the sender: %d %s",
		    s->peer, res->code, res->reply);
	case SMTP_CMD_RCPT:
		refused_list(res, list, sizeof(list));
		return err_setx(e, ERR_MESSAGE, "SMTP server %s refused every recipient: %s",
		    s->peer, list);
	case SMTP_CMD_DATA:
		return err_setx(e, ERR_MESSAGE, "SMTP server %s would not take the message "
		    "(DATA): %d %s", s->peer, res->code, res->reply);
	default:
		return err_setx(e, ERR_MESSAGE, "SMTP server %s refused the message: %d %s",
		    s->peer, res->code, res->reply);
	}
}

/* A 4xx or 5xx before the envelope (greeting, EHLO): the account's, not the message's. */
static int
explain_session(struct submit *s, struct smtp_result *res, struct err *e)
{
	res->outcome = SMTP_TEMPORARY;
	res->fail = res->code / 100 == 4 ? NET_FAIL_NETWORK : NET_FAIL_PROTOCOL;
	return err_setx(e, ERR_ACCOUNT, "SMTP server %s refused the session %s: %d %s",
	    s->peer, phase(s), res->code, res->reply);
}

static int
explain(struct submit *s, const struct net_endpoint *ep, CURLcode rc, double waited,
    struct smtp_result *res, struct err *e)
{
	struct smtp_trace *t = &s->trace;
	struct vec swap = res->rcpts;

	res->rcpts = t->refused;
	t->refused = swap;
	/* the server's words, when they are a verdict: not the 250 to EHLO before a TLS failure */
	if (rc == CURLE_OK || t->last.code >= 400) {
		res->code = t->last.code;
		net_server_text(res->reply, sizeof(res->reply), t->last.text.data,
		    t->last.text.len);
	}
	switch (rc) {
	case CURLE_OK:
		res->outcome = SMTP_SENT;
		res->fail = NET_FAIL_NONE;
		return 0;
	case CURLE_USE_SSL_FAILED:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
		return explain_tls(s, ep, rc, res, e);
	case CURLE_LOGIN_DENIED:
		return explain_login(s, ep, res, e);
	case CURLE_ABORTED_BY_CALLBACK:
		res->outcome = SMTP_TEMPORARY;
		res->fail = NET_FAIL_CANCELLED;
		return err_setx(e, ERR_ACCOUNT, "sending through %s was cancelled %s", s->peer,
		    phase(s));
	default:
		break;
	}
	if (!t->awaiting && t->last.code >= 400 && t->last.code < 600)
		return t->last.cmd >= SMTP_CMD_MAIL && t->last.cmd <= SMTP_CMD_BODY ?
		    explain_refusal(s, ep, res, e) : explain_session(s, res, e);
	return explain_net(s, rc, waited, res, e);
}

int
smtp_submit(const struct net_endpoint *ep, const char *from, const char *const *rcpt,
    size_t nrcpt, const char *msg, size_t len, struct smtp_result *res, struct err *e)
{
	struct submit s;
	double waited = 0;
	CURLcode rc;
	char *url;
	int ret;

	memset(res, 0, sizeof(*res));
	vec_init(&res->rcpts, sizeof(struct smtp_rcpt_result));
	if (check_message(from, rcpt, nrcpt, msg, len, res, e) < 0 ||
	    check_endpoint(ep, res, e) < 0)
		return -1;
	memset(&s, 0, sizeof(s));
	s.cancel_fd = ep->cancel_fd;
	snprintf(s.peer, sizeof(s.peer), "%s port %u", ep->host, ep->port);
	smtp_trace_init(&s.trace, rcpt, nrcpt);
	s.body.data = msg;
	s.body.len = len;
	s.body.end_due = msg[len - 1] != '\n' && msg[len - 1] != '\r';
	s.from = xasprintf("<%s>", from);
	for (size_t i = 0; i < nrcpt; i++)
		s.rcpt = curl_slist_append(s.rcpt, rcpt[i]);
	if ((s.curl = curl_easy_init()) == NULL || s.rcpt == NULL) {
		submit_free(&s);
		res->outcome = SMTP_TEMPORARY;
		res->fail = NET_FAIL_NETWORK;
		return err_setx(e, ERR_ACCOUNT, "cannot set up a connection (libcurl)");
	}
	url = net_url("smtp", "smtps", ep, SMTP_EHLO_NAME);
	set_options(&s, ep, url);
	rc = curl_easy_perform(s.curl);
	free(url);
	curl_easy_getinfo(s.curl, CURLINFO_TOTAL_TIME, &waited);
	ret = explain(&s, ep, rc, waited, res, e);
	submit_free(&s);
	return ret;
}

void
smtp_result_free(struct smtp_result *res)
{
	for (size_t i = 0; i < res->rcpts.len; i++)
		free(VEC_AT(&res->rcpts, struct smtp_rcpt_result, i)->addr);
	vec_free(&res->rcpts);
}
