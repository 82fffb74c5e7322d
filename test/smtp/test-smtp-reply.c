/* test-smtp-reply.c: envelope addresses, and pairing SMTP replies with the commands they answer. */
#include "check.h"

#include "net/smtp-reply.h"
#include "net/smtp.h"
#include "util/err.h"
#include "util/str.h"

/* Feeds a scripted conversation: lines starting "C: " go out, "S: " come in (CRLF added). */
static void
talk(struct smtp_trace *t, const char *const *lines)
{
	for (; *lines != NULL; lines++) {
		struct buf b = BUF_INIT;

		buf_adds(&b, *lines + 3);
		buf_adds(&b, "\r\n");
		if (str_starts_with(*lines, "C: "))
			smtp_trace_out(t, b.data, b.len);
		else
			smtp_trace_in(t, b.data, b.len);
		buf_free(&b);
	}
}

static const struct smtp_rcpt_result *
refused(const struct smtp_trace *t, size_t i)
{
	return VEC_AT(&t->refused, struct smtp_rcpt_result, i);
}

TEST(good_addresses_pass_the_envelope_check)
{
	static const char *const good[] = {
		"alice@example.test", "a.b+tag@sub.example.test", "\"john smith\"@example.test",
		"\"a\\\"b\"@example.test", "jürgen@bücher.example", "x@[192.0.2.1]",
		"x@[IPv6:2001:db8::1]", "o'hara@example.test",
	};
	struct err e;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (smtp_addr_check(good[i], "recipient", &e) < 0)
			CHECK_FAIL_AT("%s: %s", good[i], e.msg);
}

TEST(line_breaks_controls_and_garbled_addresses_are_refused_with_a_reason)
{
	static const struct {
		const char *addr, *why;
	} bad[] = {
		{ "a@b.test\r\nRCPT TO:<x@evil.test>", "contains a line break" },
		{ "a\n@b.test", "contains a line break" },
		{ "a\r@b.test", "contains a line break" },
		{ "a\t@b.test", "contains a control character" },
		{ "a\x1b[2J@b.test", "contains a control character" },
		{ "a\xc2\x9b@b.test", "contains a control character" },
		{ "a\x7f@b.test", "contains a control character" },
		{ "\xff@b.test", "is not valid UTF-8" },
		{ "alice", "is not of the form local@domain" },
		{ "@b.test", "is not of the form local@domain" },
		{ "a@", "is not of the form local@domain" },
		{ "<a@b.test>", "without angle brackets" },
		{ "Alice <a@b.test>", "without angle brackets" },
		{ "a b@c.test", "special characters in its local part" },
		{ "a,b@c.test", "special characters in its local part" },
		{ "\"a@b\"@c.test", "more than one @" },
		{ "a@b..test", "invalid domain" },
		{ "a@.b.test", "invalid domain" },
		{ "a@b test", "invalid domain" },
		{ "a@[1.2.3.4 ]", "invalid domain" },
	};
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (smtp_addr_check(bad[i].addr, "recipient", &e) == 0) {
			CHECK_FAIL_AT("accepted: case %zu", i);
			continue;
		}
		CHECK_INT_EQ(e.scope, ERR_MESSAGE);
		if (strstr(e.msg, bad[i].why) == NULL)
			CHECK_FAIL_AT("case %zu: %s", i, e.msg);
		/* the message shows the address, never a raw control character */
		CHECK(!str_has_ctl(e.msg, strlen(e.msg)));
		CHECK(strstr(e.msg, "nothing was sent") != NULL);
	}
	CHECK(smtp_addr_check("a@b.test\r\nRCPT TO:<x@evil.test>", "sender", &e) < 0);
	CHECK(str_starts_with(e.msg, "sender address \"a@b.test^M^JRCPT TO:<x@evil.test>\""));
	CHECK(smtp_addr_check("", "sender", &e) < 0);
	CHECK(smtp_addr_check(NULL, "sender", &e) < 0);
}

TEST(addresses_longer_than_smtp_allows_are_refused)
{
	char addr[300];
	struct err e;

	memset(addr, 'a', sizeof(addr));
	memcpy(addr + 240, "@example.test", 14);
	CHECK_INT_EQ(smtp_addr_check(addr, "recipient", &e), 0);	/* 253 bytes */
	memmove(addr + 242, addr + 240, 14);
	memset(addr + 240, 'a', 2);
	CHECK(smtp_addr_check(addr, "recipient", &e) < 0);		/* 255 bytes */
	CHECK(strstr(e.msg, "longer than SMTP allows") != NULL);
}

TEST(ehlo_capabilities_come_from_the_last_ehlo_reply)
{
	static const char *const conv[] = {
		"S: 220 mail.example.test ESMTP",
		"C: EHLO [127.0.0.1]",
		"S: 250-mail.example.test", "S: 250-SIZE 1000", "S: 250-STARTTLS",
		"S: 250 8BITMIME",
		"C: STARTTLS",
		"S: 220 2.0.0 Ready",
		"C: EHLO [127.0.0.1]",
		"S: 250-mail.example.test", "S: 250-AUTH PLAIN LOGIN", "S: 250 SMTPUTF8",
		NULL,
	};
	struct smtp_trace t;

	smtp_trace_init(&t, NULL, 0);
	talk(&t, conv);
	CHECK(!t.starttls_offered);	/* only the first EHLO offered it */
	CHECK(t.auth_offered);
	CHECK_STR_EQ(t.mechs, "PLAIN LOGIN");
	CHECK_INT_EQ(t.last.cmd, SMTP_CMD_EHLO);
	CHECK_INT_EQ(t.last.code, 250);
	CHECK_STR_EQ(buf_cstr(&t.last.text), "mail.example.test AUTH PLAIN LOGIN SMTPUTF8");
	CHECK(!t.awaiting);
	smtp_trace_free(&t);
}

TEST(each_rcpt_reply_goes_to_its_recipient_as_the_caller_wrote_it)
{
	static const char *const rcpt[] = { "alice@example.test", "nobody@example.test",
		"jürgen@bücher.example", "x@elsewhere.test" };
	static const char *const conv[] = {
		"S: 220 ready",
		"C: MAIL FROM:<alice@example.test>",
		"S: 250 2.1.0 Ok",
		"C: RCPT TO:<alice@example.test>",
		"S: 250 2.1.5 Ok",
		"C: RCPT TO:<nobody@example.test>",
		"S: 550-5.1.1 <nobody@example.test>: Recipient address rejected:",
		"S: 550 5.1.1 User unknown in virtual mailbox table",
		"C: RCPT TO:<jürgen@xn--bcher-kva.example>",
		"S: 451 4.3.0 \x1b[31mlater",
		"C: RCPT TO:<x@elsewhere.test>",
		"S: 554 5.7.1 <x@elsewhere.test>: Relay access denied",
		"C: DATA",
		"S: 354 End data with <CR><LF>.<CR><LF>",
		NULL,
	};
	struct smtp_trace t;

	smtp_trace_init(&t, rcpt, 4);
	talk(&t, conv);
	CHECK_INT_EQ(t.accepted, 1);
	CHECK_INT_EQ(t.refused.len, 3);
	if (t.refused.len == 3) {
		CHECK_STR_EQ(refused(&t, 0)->addr, "nobody@example.test");
		CHECK_INT_EQ(refused(&t, 0)->code, 550);
		CHECK_STR_EQ(refused(&t, 0)->text, "5.1.1 <nobody@example.test>: Recipient "
		    "address rejected: 5.1.1 User unknown in virtual mailbox table");
		CHECK_STR_EQ(refused(&t, 1)->addr, "jürgen@bücher.example");
		CHECK_INT_EQ(refused(&t, 1)->code, 451);
		CHECK_STR_EQ(refused(&t, 1)->text, "4.3.0 ^[[31mlater");
		CHECK_STR_EQ(refused(&t, 2)->addr, "x@elsewhere.test");
		CHECK_INT_EQ(refused(&t, 2)->code, 554);
	}
	/* after 354 the next reply is the verdict on the data */
	CHECK_INT_EQ(t.cmd, SMTP_CMD_BODY);
	CHECK(t.awaiting);
	smtp_trace_free(&t);
}

TEST(the_verdict_on_the_data_is_the_last_reply_and_quit_does_not_replace_it)
{
	static const char *const conv[] = {
		"S: 220 ready", "C: MAIL FROM:<a@b.test>", "S: 250 ok", "C: RCPT TO:<c@d.test>",
		"S: 250 ok", "C: DATA", "S: 354 go ahead",
		"S: 554-5.7.1 Message refused:", "S: 554 5.7.1 spam",
		"C: QUIT", "S: 221 2.0.0 Bye",
		NULL,
	};
	struct smtp_trace t;

	smtp_trace_init(&t, NULL, 0);
	talk(&t, conv);
	CHECK_INT_EQ(t.last.cmd, SMTP_CMD_BODY);
	CHECK_INT_EQ(t.last.code, 554);
	CHECK_STR_EQ(buf_cstr(&t.last.text), "5.7.1 Message refused: 5.7.1 spam");
	smtp_trace_free(&t);
}

TEST(the_line_after_a_sasl_challenge_is_not_looked_at)
{
	/* a password that looks like a command must not count as one */
	static const char *const conv[] = {
		"S: 220 ready",
		"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6",
		"C: RCPT TO:<looks@like.test>", "S: 334 UGFzc3dvcmQ6",
		"C: MAIL FROM:<also@looks.test>", "S: 535 5.7.8 Error: authentication failed",
		NULL,
	};
	struct smtp_trace t;

	smtp_trace_init(&t, NULL, 0);
	talk(&t, conv);
	CHECK(t.auth_sent);
	CHECK_INT_EQ(t.rcpt_sent, 0);
	CHECK_INT_EQ(t.refused.len, 0);
	CHECK_INT_EQ(t.last.cmd, SMTP_CMD_AUTH);
	CHECK_INT_EQ(t.last.code, 535);
	CHECK(!t.awaiting);
	smtp_trace_free(&t);
}

TEST(replies_split_anywhere_and_commands_sent_in_pieces_stay_in_step)
{
	static const char *const rcpt[] = { "a@b.test" };
	static const char in[] = "220 ready\r\n250 2.1.0 Ok\r\n550 5.1.1 no such user\r\n";
	struct smtp_trace t;

	smtp_trace_init(&t, rcpt, 1);
	smtp_trace_in(&t, in, 5);
	smtp_trace_in(&t, in + 5, 6);
	CHECK_INT_EQ(t.last.cmd, SMTP_CMD_GREETING);
	CHECK_INT_EQ(t.last.code, 220);
	smtp_trace_out(&t, "MAIL FROM:<x@y.test>", 20);
	smtp_trace_out(&t, "\r\n", 2);
	smtp_trace_in(&t, in + 11, 13);
	CHECK_INT_EQ(t.last.cmd, SMTP_CMD_GREETING);	/* its LF is still to come */
	smtp_trace_in(&t, in + 24, 1);
	CHECK_INT_EQ(t.last.cmd, SMTP_CMD_MAIL);
	/* the rest of a command sent in two pieces is not a command of its own */
	smtp_trace_out(&t, "RCPT TO:<a@b.", 13);
	smtp_trace_out(&t, "DATA\r\n", 6);
	CHECK_INT_EQ(t.cmd, SMTP_CMD_RCPT);
	smtp_trace_in(&t, in + 25, 10);
	smtp_trace_in(&t, in + 35, strlen(in) - 35);
	CHECK_INT_EQ(t.refused.len, 1);
	if (t.refused.len == 1)
		CHECK_STR_EQ(refused(&t, 0)->text, "5.1.1 no such user");
	smtp_trace_free(&t);
}

TEST(a_bare_code_is_a_reply_other_lines_are_not_and_huge_replies_are_cut)
{
	struct smtp_trace t;
	struct buf big = BUF_INIT;

	smtp_trace_init(&t, NULL, 0);
	smtp_trace_in(&t, "220\r\n", 5);
	CHECK_INT_EQ(t.last.code, 220);
	CHECK_STR_EQ(buf_cstr(&t.last.text), "");
	smtp_trace_out(&t, "EHLO x\r\n", 8);
	smtp_trace_in(&t, "garbage\r\n25\r\n2500 nope\r\n", 24);
	CHECK_INT_EQ(t.last.cmd, SMTP_CMD_GREETING);
	for (int i = 0; i < 100; i++) {
		buf_adds(&big, "250-");
		for (int j = 0; j < 200; j++)
			buf_addc(&big, 'x');
		buf_adds(&big, "\r\n");
	}
	buf_adds(&big, "250 end\r\n");
	smtp_trace_in(&t, big.data, big.len);
	CHECK_INT_EQ(t.last.code, 250);
	CHECK_INT_EQ(t.last.text.len, SMTP_REPLY_TEXT_MAX);
	buf_free(&big);
	smtp_trace_free(&t);
}

CHECK_MAIN(good_addresses_pass_the_envelope_check,
    line_breaks_controls_and_garbled_addresses_are_refused_with_a_reason,
    addresses_longer_than_smtp_allows_are_refused,
    ehlo_capabilities_come_from_the_last_ehlo_reply,
    each_rcpt_reply_goes_to_its_recipient_as_the_caller_wrote_it,
    the_verdict_on_the_data_is_the_last_reply_and_quit_does_not_replace_it,
    the_line_after_a_sasl_challenge_is_not_looked_at,
    replies_split_anywhere_and_commands_sent_in_pieces_stay_in_step,
    a_bare_code_is_a_reply_other_lines_are_not_and_huge_replies_are_cut)
