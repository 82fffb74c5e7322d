/* test-imap-login.c: connecting and logging in to the sandbox Dovecot: TLS modes, refusals, certificates, pins. */
#include "check.h"
#include "imap-test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "net/imap-conn.h"
#include "net/imap-ops.h"
#include "net/imap-session.h"
#include "util/str.h"

/* Connects ep, runs NOOP, logs out; returns the seconds the connect took, or -1. */
static double
connect_and_noop(const struct net_endpoint *ep, struct err *e)
{
	struct imap_session *s = imap_session_new();
	double t0 = now_s(), took = -1;

	if (imap_session_connect(s, ep, e) == 0) {
		took = now_s() - t0;
		if (imap_noop(s, e) < 0 || !imap_session_has(s, IMAP_CAP_IMAP4REV1))
			took = -1;
	}
	imap_session_free(s);
	return took;
}

/* The output of a shell command, trimmed. */
static void
shell(struct buf *out, const char *cmd)
{
	char chunk[4096];
	FILE *f = popen(cmd, "r");
	size_t n;

	buf_reset(out);
	while (f != NULL && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	if (f != NULL)
		pclose(f);
	while (out->len > 0 && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == '\r'))
		buf_truncate(out, out->len - 1);
}

/* The server certificate's SHA-256 fingerprint and key pin, computed by openssl. */
static void
openssl_ids(struct buf *fingerprint, struct buf *pin)
{
	struct buf cmd = BUF_INIT;
	const char *eq;

	buf_addf(&cmd, "openssl x509 -in '%s/tls/server.pem' -noout -fingerprint -sha256", sbx.dir);
	shell(fingerprint, buf_cstr(&cmd));
	eq = strchr(buf_cstr(fingerprint), '=');
	if (eq != NULL)
		buf_consume(fingerprint, (size_t)(eq + 1 - fingerprint->data));
	buf_reset(&cmd);
	buf_addf(&cmd, "openssl x509 -in '%s/tls/server.pem' -pubkey -noout | openssl pkey "
	    "-pubin -outform der | openssl dgst -sha256 -binary | base64", sbx.dir);
	shell(pin, buf_cstr(&cmd));
	buf_reset(&cmd);
	buf_addf(&cmd, "sha256//%s", buf_cstr(pin));
	buf_reset(pin);
	buf_adds(pin, buf_cstr(&cmd));
	buf_free(&cmd);
}

/* A loopback port nobody listens on. */
static unsigned
closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&a, sizeof(a));
	getsockname(fd, (struct sockaddr *)&a, &len);
	close(fd);
	return ntohs(a.sin_port);
}

TEST(setup)
{
	struct err e;

	sbx_load();
	CHECK(net_global_init(&e) == 0);
}

TEST(login_over_starttls_and_over_implicit_tls)
{
	struct net_endpoint ep;
	struct err e;
	double t;

	sbx_endpoint(&ep, NET_TLS_STARTTLS);
	t = connect_and_noop(&ep, &e);
	if (t < 0)
		CHECK_FAIL_AT("STARTTLS: %s", e.msg);
	printf("# login with STARTTLS took %.3f s\n", t);
	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	t = connect_and_noop(&ep, &e);
	if (t < 0)
		CHECK_FAIL_AT("implicit TLS: %s", e.msg);
	printf("# login with implicit TLS took %.3f s\n", t);
}

TEST(each_sasl_mechanism_logs_in_and_a_missing_one_is_named)
{
	static const enum net_sasl mechs[] = { NET_SASL_PLAIN, NET_SASL_LOGIN };
	struct imap_session *s = imap_session_new();
	struct net_endpoint ep;
	struct err e;

	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	for (size_t i = 0; i < 2; i++) {
		ep.sasl = mechs[i];
		if (connect_and_noop(&ep, &e) < 0)
			CHECK_FAIL_AT("mechanism %zu: %s", i, e.msg);
	}
	ep.sasl = NET_SASL_XOAUTH2;
	ep.bearer = "not-a-real-token";
	CHECK(imap_session_connect(s, &ep, &e) < 0);
	CHECK(strstr(e.msg, "does not offer AUTH=XOAUTH2 (it offers: PLAIN LOGIN)") != NULL);
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_AUTH);
	printf("# %s\n", e.msg);
	imap_session_free(s);
}

TEST(wrong_password_is_refused_by_name_then_the_right_one_works_quickly)
{
	struct imap_session *s = imap_session_new();
	struct net_endpoint ep;
	struct err e;
	double t;

	sbx_endpoint(&ep, NET_TLS_STARTTLS);
	ep.password = "not-alices-password";
	CHECK(imap_session_connect(s, &ep, &e) < 0);
	CHECK_INT_EQ(e.scope, ERR_ACCOUNT);
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_AUTH);
	CHECK(str_starts_with(e.msg, "IMAP login to localhost as alice refused: "));
	CHECK(strstr(e.msg, "Authentication failed") != NULL);
	CHECK(strstr(e.msg, "not-alices-password") == NULL);
	printf("# %s\n", e.msg);
	ep.password = sbx.password;
	t = now_s();
	if (imap_session_connect(s, &ep, &e) < 0)
		CHECK_FAIL_AT("right password: %s", e.msg);
	t = now_s() - t;
	printf("# the right password then took %.3f s\n", t);
	CHECK(t < 2.0);
	CHECK(imap_session_alive(s));
	imap_session_free(s);
}

TEST(a_closed_port_and_a_silent_server_give_network_errors_in_time)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct imap_session *s = imap_session_new();
	socklen_t len = sizeof(a);
	struct net_endpoint ep;
	struct err e;
	int fd;
	double t;

	sbx_endpoint(&ep, NET_TLS_STARTTLS);
	ep.port = closed_port();
	CHECK(imap_session_connect(s, &ep, &e) < 0);
	CHECK(strstr(e.msg, "cannot connect to IMAP server localhost port") != NULL);
	CHECK(strstr(e.msg, "Connection refused") != NULL);
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_NETWORK);
	printf("# %s\n", e.msg);
	/* a server that accepts (the kernel does) but never greets */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&a, sizeof(a));
	listen(fd, 4);
	getsockname(fd, (struct sockaddr *)&a, &len);
	ep.port = ntohs(a.sin_port);
	ep.io_timeout_ms = 1000;
	t = now_s();
	CHECK(imap_session_connect(s, &ep, &e) < 0);
	t = now_s() - t;
	CHECK(t < 4.0);
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_NETWORK);
	printf("# after %.1f s: %s\n", t, e.msg);
	close(fd);
	imap_session_free(s);
}

TEST(a_cancel_stops_a_login_that_hangs)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct imap_session *s = imap_session_new();
	socklen_t len = sizeof(a);
	struct net_endpoint ep;
	int fd, pipefd[2];
	struct err e;
	double t;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&a, sizeof(a));
	listen(fd, 4);
	getsockname(fd, (struct sockaddr *)&a, &len);
	CHECK(pipe(pipefd) == 0 && write(pipefd[1], "x", 1) == 1);
	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	ep.port = ntohs(a.sin_port);
	ep.cancel_fd = pipefd[0];
	t = now_s();
	CHECK(imap_session_connect(s, &ep, &e) < 0);
	t = now_s() - t;
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_CANCELLED);
	CHECK(t < 2.0);
	printf("# after %.2f s: %s\n", t, e.msg);
	close(fd);
	close(pipefd[0]);
	close(pipefd[1]);
	imap_session_free(s);
}

TEST(clear_text_login_is_refused_by_a_server_that_sees_a_remote_client)
{
	struct imap_session *s = imap_session_new();
	struct net_endpoint ep;
	struct err e;

	sbx_endpoint(&ep, NET_TLS_OFF);
	ep.port = sbx.remote;
	CHECK(imap_session_connect(s, &ep, &e) < 0);
	CHECK(strstr(e.msg, "refuses to log in without TLS (LOGINDISABLED)") != NULL);
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_AUTH);
	printf("# %s\n", e.msg);
	sbx_endpoint(&ep, NET_TLS_STARTTLS);
	ep.port = sbx.remote;
	if (imap_session_connect(s, &ep, &e) < 0)
		CHECK_FAIL_AT("STARTTLS through the remote port: %s", e.msg);
	imap_session_free(s);
}

TEST(a_stripped_starttls_is_refused_before_any_credential_is_sent)
{
	struct imap_session *s = imap_session_new();
	struct proxy px = { 0 };
	struct net_endpoint ep;
	struct buf rec = BUF_INIT;
	char record[512], upstream[16];
	const char *args[] = { "--upstream", upstream, "--strip-starttls", "--record", record,
		NULL };
	struct err e;

	snprintf(record, sizeof(record), "%s/stripped.rec", sbx.dir);
	snprintf(upstream, sizeof(upstream), "%u", sbx.imap);
	CHECK(proxy_start(&px, args) == 0);
	sbx_endpoint(&ep, NET_TLS_STARTTLS);
	ep.port = px.port;
	CHECK(imap_session_connect(s, &ep, &e) < 0);
	CHECK(strstr(e.msg, "does not offer STARTTLS") != NULL);
	CHECK(strstr(e.msg, "sent no credentials") != NULL);
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_TLS);
	printf("# %s\n", e.msg);
	proxy_stop(&px);
	read_file(&rec, record);
	/* the record is real: curl asked for capabilities, and nothing else */
	CHECK(mem_has(rec.data ? rec.data : "", rec.len, "CAPABILITY"));
	CHECK(!mem_has(rec.data ? rec.data : "", rec.len, "LOGIN"));
	CHECK(!mem_has(rec.data ? rec.data : "", rec.len, "AUTHENTICATE"));
	CHECK(!mem_has(rec.data ? rec.data : "", rec.len, "alice"));
	CHECK(!mem_has(rec.data ? rec.data : "", rec.len, sbx.password));
	/* base64 of "\0alice\0alice-secret", as AUTHENTICATE PLAIN would send it */
	CHECK(!mem_has(rec.data ? rec.data : "", rec.len, "AGFsaWNl"));
	printf("# the client sent: %s", buf_cstr(&rec));
	buf_free(&rec);
	imap_session_free(s);
}

TEST(an_unknown_ca_is_refused_naming_the_certificate_fingerprint)
{
	static const enum net_tls modes[] = { NET_TLS_IMPLICIT, NET_TLS_STARTTLS };
	struct imap_session *s = imap_session_new();
	struct buf fp = BUF_INIT, pin = BUF_INIT;
	struct net_endpoint ep;
	struct err e;

	openssl_ids(&fp, &pin);
	CHECK(fp.len == 95);
	for (size_t i = 0; i < 2; i++) {
		sbx_endpoint(&ep, modes[i]);
		ep.ca_file = NULL;
		CHECK(imap_session_connect(s, &ep, &e) < 0);
		CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_TLS);
		CHECK(strstr(e.msg, "is not trusted") != NULL);
		CHECK(strstr(e.msg, buf_cstr(&fp)) != NULL);
		CHECK(strstr(e.msg, buf_cstr(&pin)) != NULL);
		CHECK(strstr(e.msg, "ca_file = ") != NULL);
		printf("# %s\n", e.msg);
	}
	buf_free(&fp);
	buf_free(&pin);
	imap_session_free(s);
}

TEST(a_pinned_key_is_trusted_without_a_ca_and_a_wrong_pin_is_refused)
{
	struct imap_session *s = imap_session_new();
	struct buf fp = BUF_INIT, pin = BUF_INIT;
	struct net_endpoint ep;
	struct err e;

	openssl_ids(&fp, &pin);
	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	ep.ca_file = NULL;
	ep.tls_pin = buf_cstr(&pin);
	if (connect_and_noop(&ep, &e) < 0)
		CHECK_FAIL_AT("right pin: %s", e.msg);
	sbx_endpoint(&ep, NET_TLS_STARTTLS);
	ep.tls_pin = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
	CHECK(imap_session_connect(s, &ep, &e) < 0);
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_TLS);
	CHECK(strstr(e.msg, "does not match tls_pin") != NULL);
	CHECK(strstr(e.msg, buf_cstr(&pin)) != NULL);
	printf("# %s\n", e.msg);
	buf_free(&fp);
	buf_free(&pin);
	imap_session_free(s);
}

TEST(reconnect_retries_the_network_but_not_a_refused_password)
{
	struct net_backoff b = { .attempts = 3, .first_ms = 100, .max_ms = 150 };
	struct imap_session *s = imap_session_new();
	struct net_endpoint ep;
	struct err e;
	double t;

	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	ep.port = closed_port();
	t = now_s();
	CHECK(imap_session_reconnect(s, &ep, &b, &e) < 0);
	t = now_s() - t;
	CHECK(t >= 0.25 && t < 3.0);	/* waited 100 + 150 ms between three attempts */
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_NETWORK);
	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	ep.password = "wrong";
	t = now_s();
	CHECK(imap_session_reconnect(s, &ep, &b, &e) < 0);
	CHECK(now_s() - t < 2.0);
	CHECK_INT_EQ(imap_session_fail(s), NET_FAIL_AUTH);
	ep.password = sbx.password;
	if (imap_session_reconnect(s, &ep, &b, &e) < 0)
		CHECK_FAIL_AT("reconnect: %s", e.msg);
	CHECK(imap_noop(s, &e) == 0);
	imap_session_free(s);
}

TEST(teardown)
{
	net_global_cleanup();
}

CHECK_MAIN(setup, login_over_starttls_and_over_implicit_tls,
    each_sasl_mechanism_logs_in_and_a_missing_one_is_named,
    wrong_password_is_refused_by_name_then_the_right_one_works_quickly,
    a_closed_port_and_a_silent_server_give_network_errors_in_time,
    a_cancel_stops_a_login_that_hangs,
    clear_text_login_is_refused_by_a_server_that_sees_a_remote_client,
    a_stripped_starttls_is_refused_before_any_credential_is_sent,
    an_unknown_ca_is_refused_naming_the_certificate_fingerprint,
    a_pinned_key_is_trusted_without_a_ca_and_a_wrong_pin_is_refused,
    reconnect_retries_the_network_but_not_a_refused_password,
    teardown)
