/* test-smtp-fake.c: what Postfix will not answer on demand, from smtp-fake.py (4xx, 5xx, cuts). */
#include "check.h"
#include "smtp-test.h"

#include "util/str.h"

static const char *const two[] = { "alice@example.test", "bob@example.test" };

/* Submits a small message through a fake in mode; the fake stays up for the caller to look at. */
static int
submit_fake(struct fake *f, const char *mode, struct net_endpoint *ep, const struct buf *msg,
    struct smtp_result *res, struct err *e)
{
	int rc;

	if (fake_start(f, mode) < 0) {
		printf("# cannot start smtp-fake.py --mode %s\n", mode);
		memset(res, 0, sizeof(*res));
		vec_init(&res->rcpts, sizeof(struct smtp_rcpt_result));
		return -2;
	}
	if (ep->port == 0)
		sbx_endpoint(ep, NET_TLS_STARTTLS, f->c.port);
	rc = smtp_submit(ep, "alice@example.test", two, 2, msg->data, msg->len, res, e);
	printf("# %s -> %d, outcome %d, code %d, fail %d, reply \"%s\"%s%s\n", mode, rc,
	    res->outcome, res->code, res->fail, res->reply, rc < 0 ? ", error: " : "",
	    rc < 0 ? e->msg : "");
	return rc;
}

TEST(setup)
{
	struct err e;

	sbx_load(false);
	CHECK(net_global_init(&e) == 0);
}

TEST(the_wire_has_starttls_then_auth_then_the_envelope_and_stuffed_crlf_lines)
{
	struct buf msg = BUF_INIT, rec = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	struct smtp_result res;
	struct fake f;
	struct err e;
	const char *tls, *auth, *mail;

	buf_adds(&msg, "Subject: wire\n\nfirst\n.\n.dot\r\nlone CR\rend");
	CHECK_INT_EQ(submit_fake(&f, "normal", &ep, &msg, &res, &e), 0);
	CHECK_INT_EQ(res.outcome, SMTP_SENT);
	CHECK_INT_EQ(res.code, 250);
	CHECK_STR_EQ(res.reply, "2.0.0 Ok: queued as FAKE1");
	fake_stop(&f);
	read_file(&rec, f.record);
	tls = strstr(buf_cstr(&rec), "STARTTLS\r\n");
	auth = strstr(buf_cstr(&rec), "AUTH PLAIN");
	mail = strstr(buf_cstr(&rec), "MAIL FROM:<alice@example.test>\r\n");
	CHECK(tls != NULL && auth != NULL && mail != NULL && tls < auth && auth < mail);
	CHECK(str_starts_with(buf_cstr(&rec), "EHLO [127.0.0.1]\r\n"));
	CHECK(strstr(buf_cstr(&rec), "RCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>"
	    "\r\nDATA\r\n") != NULL);
	CHECK(mem_has(rec.data, rec.len, "DATA\r\nSubject: wire\r\n\r\nfirst\r\n..\r\n..dot\r\n"
	    "lone CR\r\nend\r\n.\r\nQUIT\r\n"));
	smtp_result_free(&res);
	buf_free(&msg), buf_free(&rec);
}

TEST(a_dot_line_at_the_very_start_cannot_end_the_data_early)
{
	struct buf msg = BUF_INIT, rec = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	struct smtp_result res;
	struct fake f;
	struct err e;

	buf_adds(&msg, ".\r\nRSET\r\nMAIL FROM:<eve@evil.test>\r\n");
	CHECK_INT_EQ(submit_fake(&f, "normal", &ep, &msg, &res, &e), 0);
	fake_stop(&f);
	read_file(&rec, f.record);
	CHECK(mem_has(rec.data, rec.len, "DATA\r\n..\r\nRSET\r\nMAIL FROM:<eve@evil.test>\r\n"
	    ".\r\nQUIT\r\n"));
	smtp_result_free(&res);
	buf_free(&msg), buf_free(&rec);
}

TEST(a_message_of_many_dot_lines_arrives_whole)
{
	struct buf msg = BUF_INIT, rec = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	struct smtp_result res;
	const char *data;
	struct fake f;
	struct err e;
	size_t n = 0;

	/* with SIZE announced, curl 7.88 would stop after 64 KiB of these */
	buf_adds(&msg, "Subject: dots\r\n\r\n");
	for (int i = 0; i < 20480; i++)
		buf_adds(&msg, ".x\r\n");
	buf_adds(&msg, "the end\r\n");
	CHECK_INT_EQ(submit_fake(&f, "normal", &ep, &msg, &res, &e), 0);
	fake_stop(&f);
	read_file(&rec, f.record);
	for (data = buf_cstr(&rec); (data = strstr(data, "\r\n..x\r\n")) != NULL; data += 5)
		n++;
	CHECK_INT_EQ(n, 20480);
	CHECK(mem_has(rec.data, rec.len, "\r\n..x\r\nthe end\r\n.\r\nQUIT\r\n"));
	smtp_result_free(&res);
	buf_free(&msg), buf_free(&rec);
}

TEST(a_451_to_data_is_temporary_with_the_servers_words)
{
	struct buf msg = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	struct smtp_result res;
	struct fake f;
	struct err e;

	buf_adds(&msg, "Subject: busy\r\n\r\nlater\r\n");
	CHECK_INT_EQ(submit_fake(&f, "data-451", &ep, &msg, &res, &e), -1);
	fake_stop(&f);
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK_INT_EQ(res.fail, NET_FAIL_NONE);
	CHECK_INT_EQ(res.code, 451);
	CHECK_STR_EQ(res.reply, "4.3.0 Try again later, 4.3.0 the fake server is busy");
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	CHECK(strstr(e.msg, "would not take the message (DATA): 451 4.3.0 Try again later") !=
	    NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(a_550_to_every_recipient_is_permanent_and_lists_each)
{
	struct buf msg = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	const struct smtp_rcpt_result *r;
	struct smtp_result res;
	struct fake f;
	struct err e;

	buf_adds(&msg, "Subject: nobody\r\n\r\nhome\r\n");
	CHECK_INT_EQ(submit_fake(&f, "rcpt-550", &ep, &msg, &res, &e), -1);
	fake_stop(&f);
	CHECK_INT_EQ(res.outcome, SMTP_PERMANENT);
	CHECK_INT_EQ(res.code, 550);
	CHECK_INT_EQ(res.rcpts.len, 2);
	for (size_t i = 0; i < res.rcpts.len && i < 2; i++) {
		r = VEC_AT(&res.rcpts, struct smtp_rcpt_result, i);
		CHECK_STR_EQ(r->addr, two[i]);
		CHECK_INT_EQ(r->code, 550);
		CHECK(strstr(r->text, "no such user here") != NULL);
	}
	CHECK(strstr(e.msg, "refused every recipient: alice@example.test: 550 5.1.1 "
	    "<alice@example.test>: no such user here; bob@example.test: 550") != NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(a_554_after_the_data_is_permanent_with_the_servers_words)
{
	struct buf msg = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	struct smtp_result res;
	struct fake f;
	struct err e;

	buf_adds(&msg, "Subject: unwanted\r\n\r\nspam?\r\n");
	CHECK_INT_EQ(submit_fake(&f, "body-554", &ep, &msg, &res, &e), -1);
	fake_stop(&f);
	CHECK_INT_EQ(res.outcome, SMTP_PERMANENT);
	CHECK_INT_EQ(res.fail, NET_FAIL_NONE);
	CHECK_INT_EQ(res.code, 554);
	CHECK_STR_EQ(res.reply, "5.7.1 Message refused: 5.7.1 the fake does not like it");
	CHECK(strstr(e.msg, "refused the message: 554 5.7.1 Message refused:") != NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(without_starttls_no_auth_and_no_envelope_leave)
{
	struct buf msg = BUF_INIT, rec = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	struct smtp_result res;
	struct fake f;
	struct err e;

	buf_adds(&msg, "Subject: clear\r\n\r\nnever in clear text\r\n");
	CHECK_INT_EQ(submit_fake(&f, "no-starttls", &ep, &msg, &res, &e), -1);
	fake_stop(&f);
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK_INT_EQ(res.fail, NET_FAIL_TLS);
	CHECK_INT_EQ(e.scope, ERR_ACCOUNT);
	CHECK(strstr(e.msg, "does not offer STARTTLS") != NULL);
	read_file(&rec, f.record);
	printf("# the client sent: %s", buf_cstr(&rec));
	CHECK(fake_was_connected(&f));
	CHECK(!mem_has(rec.data, rec.len, "AUTH"));
	CHECK(!mem_has(rec.data, rec.len, "MAIL"));
	CHECK(!mem_has(rec.data, rec.len, sbx.password));
	smtp_result_free(&res);
	/* offered, then refused */
	ep.port = 0;
	CHECK_INT_EQ(submit_fake(&f, "starttls-454", &ep, &msg, &res, &e), -1);
	fake_stop(&f);
	CHECK_INT_EQ(res.fail, NET_FAIL_TLS);
	CHECK_INT_EQ(res.code, 454);
	CHECK(strstr(e.msg, "refused STARTTLS (454 4.7.0 TLS not available due to local "
	    "problem), so taube did not log in") != NULL);
	read_file(&rec, f.record);
	CHECK(!mem_has(rec.data, rec.len, "AUTH"));
	CHECK(!mem_has(rec.data, rec.len, "MAIL"));
	smtp_result_free(&res);
	buf_free(&msg), buf_free(&rec);
}

TEST(tls_off_sends_in_clear_text_only_because_the_account_says_so)
{
	struct buf msg = BUF_INIT, rec = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct fake f;
	struct err e;

	buf_adds(&msg, "Subject: clear\r\n\r\nin clear text, as configured\r\n");
	if (fake_start(&f, "no-starttls") < 0) {
		CHECK_FAIL_AT("cannot start the fake");
		return;
	}
	sbx_endpoint(&ep, NET_TLS_OFF, f.c.port);
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test", two, 2, msg.data, msg.len, &res, &e),
	    0);
	fake_stop(&f);
	CHECK_INT_EQ(res.outcome, SMTP_SENT);
	read_file(&rec, f.record);
	CHECK(mem_has(rec.data, rec.len, "AUTH PLAIN"));
	CHECK(!mem_has(rec.data, rec.len, "STARTTLS"));
	smtp_result_free(&res);
	buf_free(&msg), buf_free(&rec);
}

TEST(xoauth2_sends_the_bearer_token_after_starttls)
{
	struct buf msg = BUF_INIT, rec = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct fake f;
	struct err e;
	const char *tls, *auth;

	buf_adds(&msg, "Subject: oauth\r\n\r\ntoken\r\n");
	if (fake_start(&f, "normal") < 0) {
		CHECK_FAIL_AT("cannot start the fake");
		return;
	}
	sbx_endpoint(&ep, NET_TLS_STARTTLS, f.c.port);
	ep.sasl = NET_SASL_XOAUTH2;
	ep.password = NULL;
	ep.bearer = "ya29.token";
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test", two, 2, msg.data, msg.len, &res, &e),
	    0);
	fake_stop(&f);
	read_file(&rec, f.record);
	tls = strstr(buf_cstr(&rec), "STARTTLS");
	auth = strstr(buf_cstr(&rec), "AUTH XOAUTH2");
	CHECK(tls != NULL && auth != NULL && tls < auth);
	/* base64 of "user=alice^Aauth=Bearer ya29.token^A^A" */
	CHECK(mem_has(rec.data, rec.len, "dXNlcj1hbGljZQFhdXRoPUJlYXJlciB5YTI5LnRva2VuAQE="));
	smtp_result_free(&res);
	buf_free(&msg), buf_free(&rec);
}

TEST(a_server_without_auth_that_wants_it_is_an_account_failure)
{
	struct buf msg = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	struct smtp_result res;
	struct fake f;
	struct err e;

	buf_adds(&msg, "Subject: no auth\r\n\r\nhm\r\n");
	CHECK_INT_EQ(submit_fake(&f, "no-auth", &ep, &msg, &res, &e), -1);
	fake_stop(&f);
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK_INT_EQ(res.fail, NET_FAIL_AUTH);
	CHECK_INT_EQ(res.code, 530);
	CHECK(strstr(e.msg, "does not offer AUTH, so taube could not log in as alice; it then "
	    "refused the message: 530 5.7.0 Authentication required") != NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(a_connection_cut_during_the_data_is_a_temporary_network_failure)
{
	struct buf msg = BUF_INIT;
	struct net_endpoint ep = { .port = 0 };
	struct smtp_result res;
	struct fake f;
	struct err e;

	/* more than loopback buffers hold (4 MiB), so the cut comes while curl still sends */
	buf_adds(&msg, "Subject: cut\r\n\r\n");
	for (int i = 0; i < 200000; i++)
		buf_addf(&msg, "line %d of a message that will not arrive whole\r\n", i);
	CHECK_INT_EQ(submit_fake(&f, "cut-data", &ep, &msg, &res, &e), -1);
	fake_stop(&f);
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK_INT_EQ(res.fail, NET_FAIL_NETWORK);
	CHECK_INT_EQ(e.scope, ERR_ACCOUNT);
	CHECK(strstr(e.msg, "while sending the message; it was not delivered") != NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(silence_after_the_data_times_out_and_says_it_may_have_arrived)
{
	struct buf msg = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct fake f;
	struct err e;
	double t;

	buf_adds(&msg, "Subject: silence\r\n\r\nhello?\r\n");
	if (fake_start(&f, "silent-final") < 0) {
		CHECK_FAIL_AT("cannot start the fake");
		return;
	}
	sbx_endpoint(&ep, NET_TLS_STARTTLS, f.c.port);
	ep.io_timeout_ms = 2000;
	t = now_s();
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test", two, 2, msg.data, msg.len, &res, &e),
	    -1);
	t = now_s() - t;
	fake_stop(&f);
	printf("# after %.1f s: %s\n", t, e.msg);
	CHECK(t > 1.9 && t < 3.8);	/* the QUIT that follows does not wait as long again */
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK_INT_EQ(res.fail, NET_FAIL_NETWORK);
	CHECK(strstr(e.msg, "may have been delivered") != NULL);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(a_cancel_stops_a_submission)
{
	struct buf msg = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct fake f;
	struct err e;
	int p[2];
	double t;

	buf_adds(&msg, "Subject: cancelled\r\n\r\nnever\r\n");
	if (pipe(p) < 0 || fake_start(&f, "silent-final") < 0) {
		CHECK_FAIL_AT("cannot set up");
		return;
	}
	sbx_endpoint(&ep, NET_TLS_STARTTLS, f.c.port);
	ep.cancel_fd = p[0];
	CHECK(write(p[1], "x", 1) == 1);
	t = now_s();
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test", two, 2, msg.data, msg.len, &res, &e),
	    -1);
	t = now_s() - t;
	fake_stop(&f);
	printf("# after %.2f s: %s\n", t, e.msg);
	CHECK(t < 2.0);
	CHECK_INT_EQ(res.outcome, SMTP_TEMPORARY);
	CHECK_INT_EQ(res.fail, NET_FAIL_CANCELLED);
	close(p[0]), close(p[1]);
	smtp_result_free(&res);
	buf_free(&msg);
}

TEST(a_line_break_in_an_address_or_a_message_smtp_cannot_carry_is_refused_before_connecting)
{
	static const char *const evil[] = { "bob@example.test\r\nRCPT TO:<eve@evil.test>" };
	static const char *const fine[] = { "bob@example.test" };
	struct buf msg = BUF_INIT;
	struct net_endpoint ep;
	struct smtp_result res;
	struct fake f;
	struct err e;

	buf_adds(&msg, "Subject: smuggled\r\n\r\nno\r\n");
	if (fake_start(&f, "normal") < 0) {
		CHECK_FAIL_AT("cannot start the fake");
		return;
	}
	sbx_endpoint(&ep, NET_TLS_STARTTLS, f.c.port);
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test", evil, 1, msg.data, msg.len, &res,
	    &e), -1);
	CHECK_INT_EQ(res.outcome, SMTP_PERMANENT);
	CHECK_INT_EQ(res.fail, NET_FAIL_NONE);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	CHECK(strstr(e.msg, "recipient address \"bob@example.test^M^JRCPT TO:<eve@evil.test>\" "
	    "contains a line break") != NULL);
	smtp_result_free(&res);
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test\n", fine, 1, msg.data, msg.len, &res,
	    &e), -1);
	CHECK(str_starts_with(e.msg, "sender address"));
	smtp_result_free(&res);
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test", fine, 0, msg.data, msg.len, &res,
	    &e), -1);
	CHECK(strstr(e.msg, "no recipient") != NULL);
	smtp_result_free(&res);
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test", fine, 1, "", 0, &res, &e), -1);
	CHECK(strstr(e.msg, "the message is empty") != NULL);
	smtp_result_free(&res);
	CHECK_INT_EQ(smtp_submit(&ep, "alice@example.test", fine, 1, "a\0b\r\n", 5, &res, &e),
	    -1);
	CHECK(strstr(e.msg, "NUL bytes") != NULL);
	CHECK_INT_EQ(res.outcome, SMTP_PERMANENT);
	smtp_result_free(&res);
	usleep(200000);
	fake_stop(&f);
	CHECK(!fake_was_connected(&f));
	buf_free(&msg);
}

CHECK_MAIN(setup,
    the_wire_has_starttls_then_auth_then_the_envelope_and_stuffed_crlf_lines,
    a_dot_line_at_the_very_start_cannot_end_the_data_early,
    a_message_of_many_dot_lines_arrives_whole,
    a_451_to_data_is_temporary_with_the_servers_words,
    a_550_to_every_recipient_is_permanent_and_lists_each,
    a_554_after_the_data_is_permanent_with_the_servers_words,
    without_starttls_no_auth_and_no_envelope_leave,
    tls_off_sends_in_clear_text_only_because_the_account_says_so,
    xoauth2_sends_the_bearer_token_after_starttls,
    a_server_without_auth_that_wants_it_is_an_account_failure,
    a_connection_cut_during_the_data_is_a_temporary_network_failure,
    silence_after_the_data_times_out_and_says_it_may_have_arrived,
    a_cancel_stops_a_submission,
    a_line_break_in_an_address_or_a_message_smtp_cannot_carry_is_refused_before_connecting)
