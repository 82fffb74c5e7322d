/* test-smtp-postfix.c: submitting to the sandbox's Postfix: delivery, size, refusals, login, TLS. */
#include "check.h"
#include "smtp-test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "util/str.h"

#define DELIVERY_WAIT_S	15.0

/* Submits msg as alice to rcpt over ep; prints what happened. */
static int
submit(const struct net_endpoint *ep, const char *const *rcpt, size_t n, const struct buf *msg,
    struct smtp_result *res, struct err *e)
{
	int rc = smtp_submit(ep, "alice@example.test", rcpt, n, msg->data, msg->len, res, e);

	printf("# -> %d, outcome %d, code %d, reply \"%s\"%s%s\n", rc, res->outcome, res->code,
	    res->reply, rc < 0 ? ", error: " : "", rc < 0 ? e->msg : "");
	return rc;
}

/* The decoded text of the first text/plain part of a delivered message. */
static void
delivered_text(const struct buf *raw, struct buf *subject, struct buf *text)
{
	struct mime_message m;
	const struct mime_field *f;
	struct mime_part *p;

	mime_parse(&m, raw->data, raw->len, 0);
	buf_reset(subject);
	buf_reset(text);
	f = mime_header_find(&m.root->header, "Subject");
	if (f != NULL)
		mime_field_text(subject, f);
	p = m.root->children.len > 0 ? *VEC_AT(&m.root->children, struct mime_part *, 0) :
	    m.root;
	if (p != NULL)
		mime_part_text(p, text);
	mime_message_free(&m);
}

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

	sbx_load(true);
	CHECK(net_global_init(&e) == 0);
}

TEST(a_message_to_alice_and_bob_over_starttls_reaches_both_maildirs)
{
	static const char *const rcpt[] = { "alice@example.test", "bob@example.test" };
	char *subject = unique_subject("Grüße über STARTTLS");
	struct buf msg = BUF_INIT, got = BUF_INIT, subj = BUF_INIT, text = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	compose(&msg, "bob@example.test", subject, "Hello Bob,\nthe second line.\n", NULL, 0);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, sbx.submission);
	CHECK_INT_EQ(submit(&ep, rcpt, 2, &msg, &res, &e), 0);
	CHECK_INT_EQ(res.outcome, SMTP_SENT);
	CHECK_INT_EQ(res.code, 250);
	CHECK(strstr(res.reply, "queued as") != NULL);
	CHECK_INT_EQ(res.rcpts.len, 0);
	CHECK_INT_EQ(res.fail, NET_FAIL_NONE);
	for (int i = 0; i < 2; i++) {
		if (!maildir_wait(&got, i ? sbx.bob_maildir : sbx.alice_maildir, subject,
		    DELIVERY_WAIT_S)) {
			CHECK_FAIL_AT("not delivered to %s", rcpt[i]);
			continue;
		}
		CHECK(mem_has(got.data, got.len, "with ESMTPSA"));	/* TLS and AUTH */
		delivered_text(&got, &subj, &text);
		CHECK_STR_EQ(buf_cstr(&subj), subject);
		CHECK(strstr(buf_cstr(&text), "the second line.") != NULL);
	}
	smtp_result_free(&res);
	free(subject);
	buf_free(&msg), buf_free(&got), buf_free(&subj), buf_free(&text);
}

TEST(implicit_tls_on_the_submissions_port_delivers)
{
	static const char *const rcpt[] = { "bob@example.test" };
	char *subject = unique_subject("implicit TLS");
	struct buf msg = BUF_INIT, got = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	compose(&msg, "bob@example.test", subject, "over port 465's kind\n", NULL, 0);
	sbx_endpoint(&ep, NET_TLS_IMPLICIT, sbx.submissions);
	ep.sasl = NET_SASL_LOGIN;
	CHECK_INT_EQ(submit(&ep, rcpt, 1, &msg, &res, &e), 0);
	CHECK_INT_EQ(res.outcome, SMTP_SENT);
	CHECK(maildir_wait(&got, sbx.bob_maildir, subject, DELIVERY_WAIT_S));
	CHECK(mem_has(got.data, got.len, "over port 465's kind"));
	smtp_result_free(&res);
	free(subject);
	buf_free(&msg), buf_free(&got);
}

/* Finds the attachment part and decodes it. */
static int
find_attachment(struct mime_part *p, void *arg)
{
	if (mime_part_is_attachment(p)) {
		mime_part_decode(p, arg);
		return 1;
	}
	return 0;
}

TEST(a_ten_megabyte_attachment_arrives_complete)
{
	static const char *const rcpt[] = { "bob@example.test" };
	const size_t size = 10u << 20;
	char *subject = unique_subject("ten megabytes"), *data = xmalloc(size);
	struct buf msg = BUF_INIT, got = BUF_INIT, att = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct mime_message m;
	uint32_t x = 2463534242u;
	struct err e;
	double t;

	for (size_t i = 0; i < size; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;	/* xorshift32 */
		data[i] = (char)(x >> 24);
	}
	compose(&msg, "bob@example.test", subject, "the data is attached\n", data, size);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, sbx.submission);
	t = now_s();
	CHECK_INT_EQ(submit(&ep, rcpt, 1, &msg, &res, &e), 0);
	t = now_s() - t;
	printf("# %zu bytes submitted in %.2f s\n", msg.len, t);
	CHECK_INT_EQ(res.outcome, SMTP_SENT);
	if (!maildir_wait(&got, sbx.bob_maildir, subject, DELIVERY_WAIT_S * 2))
		CHECK_FAIL_AT("not delivered");
	mime_parse(&m, got.data, got.len, 0);
	mime_part_walk(m.root, find_attachment, &att);
	CHECK_MEM_EQ(att.data, att.len, data, size);
	mime_message_free(&m);
	smtp_result_free(&res);
	free(subject);
	free(data);
	buf_free(&msg), buf_free(&got), buf_free(&att);
}

TEST(dot_lines_and_bare_line_feeds_arrive_intact)
{
	static const char *const rcpt[] = { "alice@example.test" };
	char *subject = unique_subject("dots");
	struct buf msg = BUF_INIT, got = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	/* LF only, a lone dot line, dot-led lines, no final line end */
	buf_addf(&msg, "From: alice@example.test\nTo: alice@example.test\nSubject: %s\n\n"
	    "first\n.\n..two dots\n.one dot\nlast line without end", subject);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, sbx.submission);
	CHECK_INT_EQ(submit(&ep, rcpt, 1, &msg, &res, &e), 0);
	CHECK(maildir_wait(&got, sbx.alice_maildir, subject, DELIVERY_WAIT_S));
	CHECK(mem_has(got.data, got.len, "\n\nfirst\n.\n..two dots\n.one dot\n"
	    "last line without end\n"));
	smtp_result_free(&res);
	free(subject);
	buf_free(&msg), buf_free(&got);
}

TEST(an_unknown_recipient_is_refused_alone_and_the_others_get_the_message)
{
	static const char *const rcpt[] = { "nobody@example.test", "alice@example.test",
		"someone@elsewhere.test" };
	char *subject = unique_subject("partly refused");
	struct buf msg = BUF_INIT, got = BUF_INIT;
	const struct smtp_rcpt_result *r;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	compose(&msg, "alice@example.test", subject, "for the one who exists\n", NULL, 0);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, sbx.submission);
	CHECK_INT_EQ(submit(&ep, rcpt, 3, &msg, &res, &e), 0);
	CHECK_INT_EQ(res.outcome, SMTP_SENT);
	CHECK_INT_EQ(res.code, 250);
	CHECK_INT_EQ(res.rcpts.len, 2);
	if (res.rcpts.len == 2) {
		r = VEC_AT(&res.rcpts, struct smtp_rcpt_result, 0);
		printf("# %s: %d %s\n", r->addr, r->code, r->text);
		CHECK_STR_EQ(r->addr, "nobody@example.test");
		CHECK_INT_EQ(r->code, 550);
		CHECK(strstr(r->text, "User unknown") != NULL);
		r = VEC_AT(&res.rcpts, struct smtp_rcpt_result, 1);
		printf("# %s: %d %s\n", r->addr, r->code, r->text);
		CHECK_STR_EQ(r->addr, "someone@elsewhere.test");
		CHECK_INT_EQ(r->code, 554);
		CHECK(strstr(r->text, "Relay access denied") != NULL);
	}
	CHECK(maildir_wait(&got, sbx.alice_maildir, subject, DELIVERY_WAIT_S));
	smtp_result_free(&res);
	free(subject);
	buf_free(&msg), buf_free(&got);
}

TEST(every_recipient_refused_is_permanent_and_names_each)
{
	static const char *const rcpt[] = { "nobody@example.test", "someone@elsewhere.test" };
	struct buf msg = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	compose(&msg, "nobody@example.test", "nobody", "lost\n", NULL, 0);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, sbx.submission);
	CHECK_INT_EQ(submit(&ep, rcpt, 2, &msg, &res, &e), -1);
	CHECK_INT_EQ(res.outcome, SMTP_PERMANENT);
	CHECK_INT_EQ(res.fail, NET_FAIL_NONE);
	CHECK_INT_EQ(res.code, 554);
	CHECK_INT_EQ(res.rcpts.len, 2);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	CHECK(strstr(e.msg, "refused every recipient: nobody@example.test: 550 5.1.1") != NULL);
	CHECK(strstr(e.msg, "; someone@elsewhere.test: 554 5.7.1") != NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(a_wrong_password_is_an_auth_failure_and_nothing_is_delivered)
{
	static const char *const rcpt[] = { "bob@example.test" };
	char *subject = unique_subject("wrong password");
	struct buf msg = BUF_INIT, got = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	compose(&msg, "bob@example.test", subject, "must not arrive\n", NULL, 0);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, sbx.submission);
	ep.password = "not-alices-password";
	CHECK_INT_EQ(submit(&ep, rcpt, 1, &msg, &res, &e), -1);
	CHECK_INT_EQ(res.fail, NET_FAIL_AUTH);
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK_INT_EQ(res.code, 535);
	CHECK_INT_EQ(e.scope, ERR_ACCOUNT);
	CHECK(str_starts_with(e.msg, "SMTP login to localhost port"));
	CHECK(strstr(e.msg, "as alice refused: 535 5.7.8 Error: authentication failed") != NULL);
	CHECK(strstr(e.msg, "not-alices-password") == NULL);
	CHECK(!maildir_wait(&got, sbx.bob_maildir, subject, 1.0));
	smtp_result_free(&res);
	free(subject);
	buf_free(&msg), buf_free(&got);
}

TEST(a_mechanism_the_server_lacks_is_named_with_what_it_offers)
{
	static const char *const rcpt[] = { "bob@example.test" };
	struct buf msg = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	compose(&msg, "bob@example.test", "xoauth2", "no\n", NULL, 0);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, sbx.submission);
	ep.sasl = NET_SASL_XOAUTH2;
	ep.bearer = "not-a-real-token";
	CHECK_INT_EQ(submit(&ep, rcpt, 1, &msg, &res, &e), -1);
	CHECK_INT_EQ(res.fail, NET_FAIL_AUTH);
	CHECK(strstr(e.msg, "does not offer AUTH=XOAUTH2 (it offers: PLAIN LOGIN)") != NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(an_untrusted_certificate_stops_before_login)
{
	static const char *const rcpt[] = { "bob@example.test" };
	struct buf msg = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	compose(&msg, "bob@example.test", "untrusted", "no\n", NULL, 0);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, sbx.submission);
	ep.ca_file = NULL;
	CHECK_INT_EQ(submit(&ep, rcpt, 1, &msg, &res, &e), -1);
	CHECK_INT_EQ(res.fail, NET_FAIL_TLS);
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK(strstr(e.msg, "is not trusted") != NULL);
	smtp_result_free(&res);
	sbx_endpoint(&ep, NET_TLS_IMPLICIT, sbx.submissions);
	ep.ca_file = NULL;
	CHECK_INT_EQ(submit(&ep, rcpt, 1, &msg, &res, &e), -1);
	CHECK_INT_EQ(res.fail, NET_FAIL_TLS);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(a_closed_port_is_a_temporary_network_failure)
{
	static const char *const rcpt[] = { "bob@example.test" };
	struct buf msg = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct err e;

	compose(&msg, "bob@example.test", "closed", "no\n", NULL, 0);
	sbx_endpoint(&ep, NET_TLS_STARTTLS, closed_port());
	CHECK_INT_EQ(submit(&ep, rcpt, 1, &msg, &res, &e), -1);
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK_INT_EQ(res.fail, NET_FAIL_NETWORK);
	CHECK(strstr(e.msg, "cannot connect to SMTP server localhost port") != NULL);
	CHECK(strstr(e.msg, "Connection refused") != NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

CHECK_MAIN(setup,
    a_message_to_alice_and_bob_over_starttls_reaches_both_maildirs,
    implicit_tls_on_the_submissions_port_delivers,
    a_ten_megabyte_attachment_arrives_complete,
    dot_lines_and_bare_line_feeds_arrive_intact,
    an_unknown_recipient_is_refused_alone_and_the_others_get_the_message,
    every_recipient_refused_is_permanent_and_names_each,
    a_wrong_password_is_an_auth_failure_and_nothing_is_delivered,
    a_mechanism_the_server_lacks_is_named_with_what_it_offers,
    an_untrusted_certificate_stops_before_login,
    a_closed_port_is_a_temporary_network_failure)
