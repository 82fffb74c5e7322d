/* Unit tests for conf/: the INI reader, URLs with the TLS rule, values, accounts. */
#include "check.h"

#include <stdlib.h>

#include "conf/conf.h"
#include "conf/value.h"

static int
parse(struct conf *c, const char *text, struct err *e)
{
	err_clear(e);
	return conf_parse(c, "cfg", text, strlen(text), e);
}

/* Parses text that must fail and checks the message. */
static void
expect_error(const char *text, const char *msg)
{
	struct conf c;
	struct err e;

	CHECK_INT_EQ(parse(&c, text, &e), -1);
	CHECK_STR_EQ(e.msg, msg);
}

static const char design_example[] =
    "[general]\n"
    "poll = 5m\n"
    "editor = vim\n"
    "\n"
    "[account work]\n"
    "from = Alice Example <alice@example.test>\n"
    "imap = imap://mail.example.test          ; STARTTLS required, port 143\n"
    "smtp = smtp://mail.example.test:587      ; STARTTLS required\n"
    "user = alice\n"
    "password_cmd = pass show mail/work\n"
    "ca_file = /etc/ca.pem         ; optional extra trust anchor\n"
    "sent = Sent\n"
    "drafts = Drafts\n"
    "idle = yes\n"
    "sign = yes                               ; PGP/MIME-sign outgoing mail\n"
    "pgp_key = 0xFINGERPRINT\n"
    "\n"
    "[account old]\n"
    "pop3 = pop3s://pop.example.test\n"
    "keep = yes                               ; leave mail on the server\n"
    "maildir = /home/a/Mail/old\n";

TEST(conf_reads_the_design_example)
{
	const struct conf_account *w, *o;
	struct conf c;
	struct err e;

	CHECK_INT_EQ(parse(&c, design_example, &e), 0);
	CHECK_INT_EQ(c.poll, 300);
	CHECK_STR_EQ(c.editor, "vim");
	CHECK_INT_EQ(c.accounts.len, 2);
	w = conf_account(&c, NULL);
	CHECK_STR_EQ(w->name, "work");
	CHECK_STR_EQ(w->from, "Alice Example <alice@example.test>");
	CHECK(w->has_imap && w->has_smtp && !w->has_pop3);
	CHECK_STR_EQ(w->imap.host, "mail.example.test");
	CHECK_INT_EQ(w->imap.port, 143);
	CHECK_INT_EQ(w->imap.tls, URL_TLS_STARTTLS);
	CHECK_INT_EQ(w->smtp.port, 587);
	CHECK_STR_EQ(w->password_cmd, "pass show mail/work");
	CHECK_STR_EQ(w->ca_file, "/etc/ca.pem");
	CHECK(w->idle && w->sign);
	o = conf_account(&c, "old");
	CHECK(o != NULL && o->keep && o->has_pop3);
	CHECK_INT_EQ(o->pop3.tls, URL_TLS_IMPLICIT);
	CHECK_INT_EQ(o->pop3.port, 995);
	CHECK(conf_account(&c, "nosuch") == NULL);
	conf_free(&c);
}

TEST(conf_keeps_values_longer_than_200_bytes_whole)
{
	char text[1200] = "[account a]\nimap = imaps://h\npassword_cmd = ";
	struct conf c;
	struct err e;

	for (int i = 0; i < 1000; i++)
		strcat(text, i % 10 == 9 ? " " : "x");
	strcat(text, "\n");
	CHECK_INT_EQ(parse(&c, text, &e), 0);
	CHECK_INT_EQ(strlen(conf_account(&c, NULL)->password_cmd), 999);
	conf_free(&c);
}

TEST(conf_quoted_value_keeps_semicolon_and_spaces)
{
	struct conf c;
	struct err e;

	CHECK_INT_EQ(parse(&c, "[account a]\nimap = imaps://h\n"
	    "password_cmd = \"  cat x ; echo \\\"y\\\" \"  ; comment\n", &e), 0);
	CHECK_STR_EQ(conf_account(&c, NULL)->password_cmd, "  cat x ; echo \"y\" ");
	conf_free(&c);
}

TEST(conf_semicolon_without_space_is_part_of_value)
{
	struct conf c;
	struct err e;

	CHECK_INT_EQ(parse(&c, "[account a]\r\nimap = imaps://h\r\nuser = a;b\r\n", &e), 0);
	CHECK_STR_EQ(conf_account(&c, NULL)->user, "a;b");
	conf_free(&c);
}

TEST(conf_errors_name_file_and_line)
{
	expect_error("[general]\npoll = 5m\nbogus line\n",
	    "cfg:3: expected 'key = value' or '[section]'");
	expect_error("\n\n[general]\npoll = 5\n",
	    "cfg:4: duration '5' needs a unit: s, m, h or d (examples: 90s, 5m, 1h)");
	expect_error("[account a]\nimap = imapx://h\n",
	    "cfg:2: unknown scheme 'imapx' (expected imap:// or imaps://)");
	expect_error("[account a]\nimap = imap://\n", "cfg:2: missing host name");
	expect_error("[account a]\nimap = imap://h:99999\n",
	    "cfg:2: bad port '99999' (1 to 65535)");
	expect_error("[account a]\nimap = imap://h:x1\n", "cfg:2: bad port 'x1'");
	expect_error("[account a]\nimap = imaps://h\nfrobnicate = 1\n",
	    "cfg:3: unknown key 'frobnicate' in [account a]");
	expect_error("[nonsense]\n",
	    "cfg:1: unknown section [nonsense] (general, account NAME, bind, color)");
	expect_error("user = x\n",
	    "cfg:1: 'user' outside any section (start with [general] or [account NAME])");
	expect_error("[account a\n", "cfg:1: section header without ']'");
}

TEST(conf_smtp_url_for_imap_key_is_refused)
{
	expect_error("[account a]\nimap = smtp://h\n",
	    "cfg:2: unknown scheme 'smtp' (expected imap:// or imaps://)");
}

TEST(conf_credentials_in_url_are_refused)
{
	expect_error("[account a]\nimap = imaps://alice:secret@h\n",
	    "cfg:2: user name or password in URL: put the user in 'user =' and "
	    "the password in 'password_cmd ='");
}

TEST(conf_account_level_errors_point_at_the_section)
{
	expect_error("[general]\n\n[account a]\nuser = x\n",
	    "cfg:3: [account a] needs at least one of imap, pop3, smtp or maildir");
	expect_error("[account a]\nimap = imaps://h\npassword = x\npassword_cmd = y\n",
	    "cfg:1: [account a] has both password and password_cmd: keep one");
	expect_error("[account a]\nsmtp = smtps://h\n",
	    "cfg:1: [account a] sends mail (smtp) but has no 'from'");
	expect_error("[account a]\nimap = imaps://h\n[account a]\n",
	    "cfg:3: account 'a' is defined twice");
	expect_error("[account a/b]\n",
	    "cfg:1: bad account name 'a/b' (letters, digits and ._-@+ only)");
	expect_error("[general]\n", "cfg: no [account NAME] section");
}

TEST(conf_tls_off_turns_starttls_into_clear_text_only_when_written)
{
	struct conf c;
	struct err e;
	const struct conf_account *a;

	CHECK_INT_EQ(parse(&c, "[account a]\nfrom = a@b\nimap = imap://h\n"
	    "smtp = smtps://h\ntls = off\n", &e), 0);
	a = conf_account(&c, NULL);
	CHECK_INT_EQ(a->imap.tls, URL_TLS_OFF);
	CHECK_INT_EQ(a->smtp.tls, URL_TLS_IMPLICIT);
	conf_free(&c);
	CHECK_INT_EQ(parse(&c, "[account a]\nimap = imap://h\n", &e), 0);
	CHECK_INT_EQ(conf_account(&c, NULL)->imap.tls, URL_TLS_STARTTLS);
	conf_free(&c);
}

TEST(conf_url_ports_and_ipv6)
{
	struct url u;
	struct err e;

	CHECK_INT_EQ(url_parse(&u, "smtps://mail.example.test", URL_SMTP, &e), 0);
	CHECK_INT_EQ(u.port, 465);
	url_free(&u);
	CHECK_INT_EQ(url_parse(&u, "SMTP://[::1]:2525/", URL_SMTP, &e), 0);
	CHECK_STR_EQ(u.host, "::1");
	CHECK_STR_EQ(u.scheme, "smtp");
	CHECK_INT_EQ(u.port, 2525);
	url_free(&u);
	CHECK_INT_EQ(url_parse(&u, "pop3://h:0", URL_POP3, &e), -1);
	CHECK_INT_EQ(url_parse(&u, "imap://h/INBOX", URL_IMAP, &e), -1);
	CHECK_INT_EQ(url_parse(&u, "mail.example.test", URL_IMAP, &e), -1);
}

TEST(value_duration_accepts_units_and_refuses_bare_numbers)
{
	unsigned s;
	struct err e;

	CHECK_INT_EQ(value_duration("90s", &s, &e), 0);
	CHECK_INT_EQ(s, 90);
	CHECK_INT_EQ(value_duration("5m", &s, &e), 0);
	CHECK_INT_EQ(s, 300);
	CHECK_INT_EQ(value_duration("1h30m", &s, &e), 0);
	CHECK_INT_EQ(s, 5400);
	CHECK_INT_EQ(value_duration("0", &s, &e), 0);
	CHECK_INT_EQ(s, 0);
	CHECK_INT_EQ(value_duration("5", &s, &e), -1);
	CHECK_INT_EQ(value_duration("5x", &s, &e), -1);
	CHECK_INT_EQ(value_duration("", &s, &e), -1);
	CHECK_INT_EQ(value_duration("99999999999999999999s", &s, &e), -1);
	CHECK_INT_EQ(value_duration("31d", &s, &e), -1);
}

TEST(value_bool_accepts_common_spellings)
{
	bool b;
	struct err e;

	CHECK_INT_EQ(value_bool("Yes", &b, &e), 0);
	CHECK(b);
	CHECK_INT_EQ(value_bool("off", &b, &e), 0);
	CHECK(!b);
	CHECK_INT_EQ(value_bool("maybe", &b, &e), -1);
}

TEST(conf_general_takes_the_screens_formats)
{
	struct conf c;
	struct err e;

	CHECK_INT_EQ(parse(&c, "[general]\nindex_format = %4n %-15F %s\n"
	    "pager_headers = From Subject X-Mailer\n[account a]\nmaildir = /m\n", &e), 0);
	CHECK_STR_EQ(c.index_format, "%4n %-15F %s");
	CHECK_STR_EQ(c.pager_headers, "From Subject X-Mailer");
	conf_free(&c);
}

TEST(conf_bind_and_color_sections_are_kept_for_the_ui)
{
	struct conf c;
	struct err e;

	CHECK_INT_EQ(parse(&c, "[bind]\nindex.d = delete\n[color]\nquoted = blue\n"
	    "[account a]\nimap = imaps://h\n", &e), 0);
	CHECK_INT_EQ(c.bind.len, 1);
	CHECK_STR_EQ(VEC_AT(&c.bind, struct conf_pair, 0)->key, "index.d");
	CHECK_STR_EQ(VEC_AT(&c.color, struct conf_pair, 0)->value, "blue");
	conf_free(&c);
}

TEST(conf_pop3_without_maildir_gets_a_default)
{
	struct conf c;
	struct err e;

	setenv("HOME", "/home/x", 1);
	CHECK_INT_EQ(parse(&c, "[account old]\npop3 = pop3s://h\n", &e), 0);
	CHECK_STR_EQ(conf_account(&c, NULL)->maildir, "/home/x/Mail/old");
	conf_free(&c);
}

CHECK_MAIN(conf_general_takes_the_screens_formats, conf_reads_the_design_example,
    conf_keeps_values_longer_than_200_bytes_whole,
    conf_quoted_value_keeps_semicolon_and_spaces, conf_semicolon_without_space_is_part_of_value,
    conf_errors_name_file_and_line, conf_smtp_url_for_imap_key_is_refused,
    conf_credentials_in_url_are_refused, conf_account_level_errors_point_at_the_section,
    conf_tls_off_turns_starttls_into_clear_text_only_when_written, conf_url_ports_and_ipv6,
    value_duration_accepts_units_and_refuses_bare_numbers, value_bool_accepts_common_spellings,
    conf_bind_and_color_sections_are_kept_for_the_ui, conf_pop3_without_maildir_gets_a_default)
