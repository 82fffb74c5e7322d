/* Unit tests for net/imap-cmd: argument quoting and literal choice, command parts, modified UTF-7. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "net/imap-cmd.h"
#include "net/imap-parse.h"
#include "net/imap-resp.h"
#include "util/buf.h"
#include "util/err.h"

/* The finished command as a C string (static; tests only); "(refused: msg)" when it was refused. */
static const char *
finish(struct imap_cmd *c)
{
	static char out[8192];
	struct err e;

	if (imap_cmd_end(c, &e) < 0)
		snprintf(out, sizeof(out), "(refused: %s)", e.msg);
	else
		snprintf(out, sizeof(out), "%s", buf_cstr(&c->out));
	return out;
}

/* "A1 X <one argument>\r\n" written by fn(s). */
static const char *
one_arg(int (*fn)(struct imap_cmd *, const char *, size_t), unsigned flags, const char *s)
{
	static char out[8192];
	struct imap_cmd c;

	imap_cmd_init(&c, flags);
	imap_cmd_begin(&c, "A1", "X");
	fn(&c, s, strlen(s));
	snprintf(out, sizeof(out), "%s", finish(&c));
	imap_cmd_free(&c);
	return out;
}

/* imap_cmd_raw in the shape one_arg takes. */
static int
raw_arg(struct imap_cmd *c, const char *s, size_t len)
{
	(void)len;
	return imap_cmd_raw(c, s);
}

TEST(imap_cmd_writes_tag_name_and_crlf)
{
	struct imap_cmd c;
	const char *data;
	size_t len;

	imap_cmd_init(&c, 0);
	imap_cmd_begin(&c, "A1", "CAPABILITY");
	CHECK_STR_EQ(finish(&c), "A1 CAPABILITY\r\n");
	CHECK_INT_EQ(imap_cmd_parts(&c), 1);
	imap_cmd_part(&c, 0, &data, &len);
	CHECK_MEM_EQ(data, len, "A1 CAPABILITY\r\n", 15);
	/* begin starts afresh */
	imap_cmd_begin(&c, "A2", "UID FETCH");
	imap_cmd_raw(&c, "1:*");
	imap_cmd_raw(&c, "(UID FLAGS BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])");
	CHECK_STR_EQ(finish(&c), "A2 UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])\r\n");
	imap_cmd_free(&c);
}

TEST(imap_cmd_astring_is_an_atom_only_when_it_can_be)
{
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "INBOX"), "A1 X INBOX\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "[Gmail]/Sent"), "A1 X [Gmail]/Sent\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "Sent Items"), "A1 X \"Sent Items\"\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, ""), "A1 X \"\"\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "nil"), "A1 X \"nil\"\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "50%"), "A1 X \"50%\"\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "a*"), "A1 X \"a*\"\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "{5}"), "A1 X \"{5}\"\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "say \"hi\" \\o/"),
	    "A1 X \"say \\\"hi\\\" \\\\o/\"\r\n");
}

TEST(imap_cmd_string_is_never_an_atom)
{
	CHECK_STR_EQ(one_arg(imap_cmd_string, 0, "INBOX"), "A1 X \"INBOX\"\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_quoted, 0, "a\\b"), "A1 X \"a\\\\b\"\r\n");
}

TEST(imap_cmd_chooses_a_literal_for_line_breaks_8bit_and_length)
{
	char long_text[IMAP_QUOTED_MAX + 2];
	const char *out;

	CHECK_STR_EQ(one_arg(imap_cmd_string, 0, "a\r\nb"), "A1 X {4}\r\na\r\nb\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_astring, 0, "J\xc3\xbcrgen"), "A1 X {7}\r\nJ\xc3\xbcrgen\r\n");
	/* with UTF8=ACCEPT on, UTF-8 may be quoted */
	CHECK_STR_EQ(one_arg(imap_cmd_astring, IMAP_CMD_UTF8, "J\xc3\xbcrgen"),
	    "A1 X \"J\xc3\xbcrgen\"\r\n");
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[IMAP_QUOTED_MAX] = '\0';
	out = one_arg(imap_cmd_string, 0, long_text);
	CHECK(strncmp(out, "A1 X \"x", 7) == 0);
	long_text[IMAP_QUOTED_MAX] = 'x';
	long_text[IMAP_QUOTED_MAX + 1] = '\0';
	out = one_arg(imap_cmd_string, 0, long_text);
	CHECK(strncmp(out, "A1 X {1025}\r\nxx", 15) == 0);
}

TEST(imap_cmd_literal_plus_and_minus_do_not_wait)
{
	char big[IMAP_LITERAL_MINUS_MAX + 1];
	struct imap_cmd c;

	CHECK_STR_EQ(one_arg(imap_cmd_literal, IMAP_CMD_LITERAL_PLUS, "abc"), "A1 X {3+}\r\nabc\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_literal, IMAP_CMD_LITERAL_MINUS, "abc"), "A1 X {3+}\r\nabc\r\n");
	memset(big, 'x', sizeof(big));
	imap_cmd_init(&c, IMAP_CMD_LITERAL_MINUS);
	imap_cmd_begin(&c, "A1", "X");
	imap_cmd_literal(&c, big, IMAP_LITERAL_MINUS_MAX);
	imap_cmd_literal(&c, big, IMAP_LITERAL_MINUS_MAX + 1);
	CHECK_INT_EQ(imap_cmd_end(&c, NULL), 0);
	/* only the one over 4096 bytes waits */
	CHECK_INT_EQ(imap_cmd_parts(&c), 2);
	CHECK(strstr(buf_cstr(&c.out), "{4096+}\r\n") != NULL);
	CHECK(strstr(buf_cstr(&c.out), "{4097}\r\n") != NULL);
	imap_cmd_free(&c);
}

TEST(imap_cmd_parts_end_where_a_literal_waits_for_continuation)
{
	static const char *const want[] = {
		"A7 APPEND Drafts (\\Draft) \"22-Nov-2026 01:10:45 +0000\" {7}\r\n",
		"Hi\r\nyou SP {1}\r\n",
		"x\r\n",
	};
	struct imap_cmd c;
	const char *data;
	size_t len;

	imap_cmd_init(&c, 0);
	imap_cmd_begin(&c, "A7", "APPEND");
	imap_cmd_mailbox(&c, "Drafts", 6);
	imap_cmd_raw(&c, "(\\Draft)");
	imap_cmd_datetime(&c, 1795309845);
	imap_cmd_literal(&c, "Hi\r\nyou", 7);
	imap_cmd_raw(&c, "SP");
	imap_cmd_literal(&c, "x", 1);
	CHECK_INT_EQ(imap_cmd_end(&c, NULL), 0);
	CHECK_INT_EQ(imap_cmd_parts(&c), 3);
	for (size_t i = 0; i < 3; i++) {
		imap_cmd_part(&c, i, &data, &len);
		CHECK_MEM_EQ(data, len, want[i], strlen(want[i]));
	}
	imap_cmd_free(&c);
}

TEST(imap_cmd_refuses_nul_cr_lf_and_bad_syntax)
{
	struct imap_cmd c;

	CHECK(strstr(one_arg(imap_cmd_quoted, 0, "a\r\nb"), "refused: IMAP command: NUL, CR or LF") != NULL);
	CHECK(strstr(one_arg(imap_cmd_quoted, 0, "\xc3\xbc"), "8-bit") != NULL);
	CHECK(strstr(one_arg(raw_arg, 0, "x\r\nA2 LOGOUT"), "line break") != NULL);
	imap_cmd_init(&c, 0);
	imap_cmd_begin(&c, "A1", "X");
	CHECK_INT_EQ(imap_cmd_literal(&c, "a\0b", 3), -1);
	CHECK_INT_EQ(imap_cmd_string(&c, "a\0b", 3), -1);
	CHECK_INT_EQ(imap_cmd_astring(&c, "ok", 2), 0);
	/* the first refusal is the one reported */
	CHECK(strstr(finish(&c), "NUL byte in a literal") != NULL);
	imap_cmd_begin(&c, "A+1", "X");
	CHECK(strstr(finish(&c), "not a valid tag") != NULL);
	imap_cmd_begin(&c, "A 1", "X");
	CHECK(strstr(finish(&c), "not a valid tag") != NULL);
	imap_cmd_begin(&c, "A1", "X");
	imap_cmd_open(&c);
	CHECK(strstr(finish(&c), "without its ')'") != NULL);
	imap_cmd_begin(&c, "A1", "X");
	CHECK_INT_EQ(imap_cmd_close(&c), -1);
	imap_cmd_begin(&c, "A1", "X");
	CHECK_INT_EQ(imap_cmd_uids(&c, NULL, 0), -1);
	imap_cmd_free(&c);
}

TEST(imap_cmd_lists_numbers_and_sets)
{
	static const uint32_t uids[] = { 3, 4, 5, 9 };
	struct imap_seqset set;
	struct imap_cmd c;
	struct err e;

	imap_cmd_init(&c, 0);
	imap_cmd_begin(&c, "A3", "ID");
	imap_cmd_open(&c);
	imap_cmd_string(&c, "name", 4);
	imap_cmd_string(&c, "taube", 5);
	imap_cmd_close(&c);
	CHECK_STR_EQ(finish(&c), "A3 ID (\"name\" \"taube\")\r\n");

	imap_seqset_init(&set);
	imap_seqset_parse(&set, "1:5,7,9:*", 9, &e);
	imap_cmd_begin(&c, "A4", "UID FETCH");
	imap_cmd_seqset(&c, &set);
	imap_cmd_open(&c);
	imap_cmd_raw(&c, "UID");
	imap_cmd_raw(&c, "MODSEQ");
	imap_cmd_close(&c);
	imap_cmd_open(&c);
	imap_cmd_raw(&c, "CHANGEDSINCE");
	imap_cmd_number(&c, 18446744073709551615u);
	imap_cmd_close(&c);
	CHECK_STR_EQ(finish(&c),
	    "A4 UID FETCH 1:5,7,9:* (UID MODSEQ) (CHANGEDSINCE 18446744073709551615)\r\n");
	imap_cmd_begin(&c, "A5", "UID STORE");
	imap_cmd_uids(&c, uids, 4);
	imap_cmd_raw(&c, "+FLAGS.SILENT (\\Seen)");
	CHECK_STR_EQ(finish(&c), "A5 UID STORE 3:5,9 +FLAGS.SILENT (\\Seen)\r\n");
	imap_seqset_clear(&set);
	imap_cmd_begin(&c, "A6", "UID EXPUNGE");
	CHECK_INT_EQ(imap_cmd_seqset(&c, &set), -1);
	imap_seqset_free(&set);
	imap_cmd_free(&c);
}

TEST(imap_cmd_mailbox_names_go_in_modified_utf7)
{
	CHECK_STR_EQ(one_arg(imap_cmd_mailbox, 0, "Entw\xc3\xbcrfe"), "A1 X Entw&APw-rfe\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_mailbox, 0, "inbox"), "A1 X INBOX\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_mailbox, 0, "A & B"), "A1 X \"A &- B\"\r\n");
	CHECK_STR_EQ(one_arg(imap_cmd_mailbox, IMAP_CMD_UTF8, "Entw\xc3\xbcrfe"),
	    "A1 X \"Entw\xc3\xbcrfe\"\r\n");
	CHECK(strstr(one_arg(imap_cmd_mailbox, 0, "a\xff"), "not UTF-8") != NULL);
	CHECK(strstr(one_arg(imap_cmd_mailbox, IMAP_CMD_UTF8, "a\xff"), "not UTF-8") != NULL);
}

TEST(imap_cmd_dates_for_append_and_search)
{
	struct imap_cmd c;

	imap_cmd_init(&c, 0);
	imap_cmd_begin(&c, "A1", "SEARCH SINCE");
	imap_cmd_date(&c, 836732665);
	imap_cmd_datetime(&c, 836732665);
	imap_cmd_datetime(&c, -1);
	CHECK_STR_EQ(finish(&c), "A1 SEARCH SINCE 7-Jul-1996 \"07-Jul-1996 09:44:25 +0000\" "
	    "\"31-Dec-1969 23:59:59 +0000\"\r\n");
	imap_cmd_begin(&c, "A1", "X");
	imap_cmd_date(&c, 253402300800);	/* 10000-01-01 */
	CHECK(strstr(finish(&c), "years 1 to 9999") != NULL);
	imap_cmd_free(&c);
}

static const struct {
	const char *utf8, *mutf7;
} mutf7_cases[] = {
	{ "Entw\xc3\xbcrfe", "Entw&APw-rfe" },
	{ "Gel\xc3\xb6schte Elemente", "Gel&APY-schte Elemente" },
	{ "Odeslan\xc3\xa1 po\xc5\xa1ta", "Odeslan&AOE- po&AWE-ta" },
	{ "Ko\xc5\xa1", "Ko&AWE-" },
	{ "\xe9\x80\x81\xe4\xbf\xa1\xe6\xb8\x88\xe3\x81\xbf", "&kAFP4W4IMH8-" },
	{ "\xe4\xb8\x8b\xe6\x9b\xb8\xe3\x81\x8d", "&Tgtm+DBN-" },
	{ "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	    "~peter/mail/&U,BTFw-/&ZeVnLIqe-" },
	{ "Archiv/2024/Entw\xc3\xbcrfe", "Archiv/2024/Entw&APw-rfe" },
	{ "&", "&-" },
	{ "A&B", "A&-B" },
	{ "\xc3\xa4-", "&AOQ--" },
	{ "\xf0\x9f\x93\xa7 Mail", "&2D3c5w- Mail" },
	{ "\x7f\t", "&AH8ACQ-" },
	{ "", "" },
};

TEST(imap_mutf7_round_trips_names_in_many_scripts)
{
	struct buf b = BUF_INIT;
	struct err e;

	for (size_t i = 0; i < sizeof(mutf7_cases) / sizeof(mutf7_cases[0]); i++) {
		const char *u = mutf7_cases[i].utf8, *m = mutf7_cases[i].mutf7;

		buf_reset(&b);
		CHECK_INT_EQ(imap_mutf7_encode(&b, u, strlen(u), &e), 0);
		CHECK_STR_EQ(buf_cstr(&b), m);
		buf_reset(&b);
		CHECK_INT_EQ(imap_mutf7_decode(&b, m, strlen(m)), 0);
		CHECK_STR_EQ(buf_cstr(&b), u);
	}
	buf_free(&b);
}

TEST(imap_mutf7_decode_marks_ill_formed_input)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "&", "\xef\xbf\xbd" },			/* no run, no end */
		{ "a&APw", "a\xef\xbf\xbd" },			/* no '-' */
		{ "&APw!x", "\xef\xbf\xbd!x" },			/* a non-base64 byte ends it */
		{ "&AGE-", "\xef\xbf\xbd" },			/* "a" must not be encoded */
		{ "&AC8-x", "\xef\xbf\xbdx" },			/* nor "/" */
		{ "&AAA-", "\xef\xbf\xbd" },			/* NUL */
		{ "&2D0-", "\xef\xbf\xbd" },			/* a lone high surrogate */
		{ "&3AA-", "\xef\xbf\xbd" },			/* a lone low surrogate */
		{ "&APx-", "\xef\xbf\xbd" },			/* leftover bits not zero */
		{ "&APwA-", "\xef\xbf\xbd" },			/* six leftover bits */
		{ "&A-", "\xef\xbf\xbd" },
		{ "Entw\xc3\xbcrfe", "Entw\xef\xbf\xbd\xef\xbf\xbdrfe" },	/* raw 8-bit */
		{ "a\tb", "a\xef\xbf\xbd" "b" },
		{ "&AOQ-&APw-", "\xc3\xa4\xc3\xbc" },		/* "-&": decoded, yet not canonical */
	};
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		if (imap_mutf7_decode(&b, cases[i].in, strlen(cases[i].in)) != 1)
			CHECK_FAIL_AT("\"%s\" read as well formed", cases[i].in);
		CHECK_STR_EQ(buf_cstr(&b), cases[i].out);
	}
	buf_free(&b);
}

TEST(imap_mutf7_encode_refuses_bad_utf8_and_nul)
{
	struct buf b = BUF_INIT;
	struct err e;

	buf_adds(&b, "keep");
	CHECK_INT_EQ(imap_mutf7_encode(&b, "a\xc3", 2, &e), -1);
	CHECK(strstr(e.msg, "not UTF-8") != NULL);
	CHECK_INT_EQ(imap_mutf7_encode(&b, "\xed\xa0\x80", 3, &e), -1);	/* a surrogate */
	CHECK_INT_EQ(imap_mutf7_encode(&b, "a\0b", 3, &e), -1);
	CHECK(strstr(e.msg, "NUL") != NULL);
	CHECK_STR_EQ(buf_cstr(&b), "keep");
	buf_free(&b);
}

/* What the builder writes, the parser reads back as the same bytes. */
TEST(imap_cmd_arguments_parse_back_to_the_same_bytes)
{
	static const char *const texts[] = {
		"INBOX", "", "NIL", "a b", "\"", "\\", "a\"b\\c", "x\r\ny", "\r\n* 99 EXISTS\r\nT OK",
		"{5}", "{5}\r\n", "J\xc3\xbcrgen", "(a)", "[x]", "%*", "\x01\x7f",
	};
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	struct imap_cmd c;

	imap_cmd_init(&c, 0);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		for (int form = 0; form < 2; form++) {
			imap_cmd_begin(&c, "T", "X");
			if (form == 0)
				imap_cmd_astring(&c, texts[i], strlen(texts[i]));
			else
				imap_cmd_literal(&c, texts[i], strlen(texts[i]));
			CHECK_INT_EQ(imap_cmd_end(&c, NULL), 0);
			c.out.data[0] = '*';	/* untagged, so the argument is read as a value */
			imap_parser_feed(p, c.out.data, c.out.len);
			if (imap_parser_next(p, &r, NULL) != 1) {
				CHECK_FAIL_AT("\"%s\" (form %d) did not parse back", texts[i], form);
				imap_parser_reset(p);
				continue;
			}
			CHECK_MEM_EQ(imap_response_value(r, 1)->data, imap_response_value(r, 1)->len,
			    texts[i], strlen(texts[i]));
			imap_response_free(r);
		}
	}
	imap_cmd_free(&c);
	imap_parser_free(p);
}

CHECK_MAIN(
	imap_cmd_writes_tag_name_and_crlf,
	imap_cmd_astring_is_an_atom_only_when_it_can_be,
	imap_cmd_string_is_never_an_atom,
	imap_cmd_chooses_a_literal_for_line_breaks_8bit_and_length,
	imap_cmd_literal_plus_and_minus_do_not_wait,
	imap_cmd_parts_end_where_a_literal_waits_for_continuation,
	imap_cmd_refuses_nul_cr_lf_and_bad_syntax,
	imap_cmd_lists_numbers_and_sets,
	imap_cmd_mailbox_names_go_in_modified_utf7,
	imap_cmd_dates_for_append_and_search,
	imap_mutf7_round_trips_names_in_many_scripts,
	imap_mutf7_decode_marks_ill_formed_input,
	imap_mutf7_encode_refuses_bad_utf8_and_nul,
	imap_cmd_arguments_parse_back_to_the_same_bytes)
