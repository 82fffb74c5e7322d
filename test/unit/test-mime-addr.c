/* Unit tests for mime/addr: address lists from real mail, one strict address from the command line, writing. */
#include "check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mime/addr.h"
#include "mime/header.h"
#include "mime/limits.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

/* Parses text from a buffer of exactly its length, so reading past it is caught. */
static size_t
parse(struct vec *out, const char *text)
{
	size_t len = strlen(text), n;
	char *copy = xmalloc(len > 0 ? len : 1);

	vec_init(out, sizeof(struct mime_addr));
	memcpy(copy, text, len);
	n = mime_addr_parse(out, copy, len);
	free(copy);
	return n;
}

static const struct mime_addr *
at(const struct vec *v, size_t i)
{
	static const struct mime_addr none = { NULL, NULL, NULL };

	return i < v->len ? VEC_AT(v, struct mime_addr, i) : &none;
}

static const char *
or_null(const char *s)
{
	return s != NULL ? s : "(null)";
}

/* Checks address i: name, email and group, where "(null)" stands for NULL. */
#define CHECK_ADDR(v, i, want_name, want_email, want_group)                  \
	do {                                                                 \
		CHECK_STR_EQ(or_null(at((v), (i))->name), (want_name));      \
		CHECK_STR_EQ(or_null(at((v), (i))->email), (want_email));    \
		CHECK_STR_EQ(or_null(at((v), (i))->group), (want_group));    \
	} while (0)

/* Parses text, expecting exactly one address. */
#define CHECK_ONE(text, want_name, want_email)                               \
	do {                                                                 \
		struct vec v_;                                               \
		CHECK_INT_EQ(parse(&v_, (text)), 1);                         \
		CHECK_ADDR(&v_, 0, (want_name), (want_email), "(null)");     \
		mime_addr_list_free(&v_);                                    \
	} while (0)

/* Writes a To: field with the addresses, as a composer would; returns the whole field. */
static char *
write_field(const struct mime_addr *a, size_t n)
{
	struct buf b = BUF_INIT;
	size_t col;

	buf_adds(&b, "To: ");
	col = 4;
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			buf_adds(&b, ", ");
			col += 2;
		}
		col = mime_addr_write(&b, &a[i], col);
	}
	buf_adds(&b, "\r\n\r\n");
	return buf_detach(&b);
}

/* Reads the To: field back through the header scanner, as a reader would. */
static size_t
reparse(struct vec *out, const char *field)
{
	struct mime_header h;
	const struct mime_field *f;
	size_t n = 0;

	vec_init(out, sizeof(struct mime_addr));
	mime_header_init(&h);
	mime_header_scan(&h, field, strlen(field));
	f = mime_header_find(&h, "To");
	if (f != NULL)
		n = mime_addr_parse(out, f->value, f->value_len);
	mime_header_free(&h);
	return n;
}

TEST(addr_rfc5322_a11_simple_addresses)
{
	CHECK_ONE("John Doe <jdoe@machine.example>", "John Doe", "jdoe@machine.example");
	CHECK_ONE(" Mary Smith <mary@example.net>", "Mary Smith", "mary@example.net");
}

TEST(addr_rfc5322_a12_quoted_names_and_lists)
{
	struct vec v;

	CHECK_ONE("\"Joe Q. Public\" <john.q.public@example.com>", "Joe Q. Public",
	    "john.q.public@example.com");
	CHECK_INT_EQ(parse(&v, "Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>"), 3);
	CHECK_ADDR(&v, 0, "Mary Smith", "mary@x.test", "(null)");
	CHECK_ADDR(&v, 1, "(null)", "jdoe@example.org", "(null)");
	CHECK_ADDR(&v, 2, "Who?", "one@y.test", "(null)");
	mime_addr_list_free(&v);
	CHECK_INT_EQ(parse(&v, "<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>"), 2);
	CHECK_ADDR(&v, 0, "(null)", "boss@nil.test", "(null)");
	CHECK_ADDR(&v, 1, "Giant; \"Big\" Box", "sysservices@example.net", "(null)");
	mime_addr_list_free(&v);
}

TEST(addr_rfc5322_a13_group_gives_its_members)
{
	struct vec v;

	CHECK_INT_EQ(parse(&v, "A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;"), 3);
	CHECK_ADDR(&v, 0, "Ed Jones", "c@a.test", "A Group");
	CHECK_ADDR(&v, 1, "(null)", "joe@where.test", "A Group");
	CHECK_ADDR(&v, 2, "John", "jdoe@one.test", "A Group");
	mime_addr_list_free(&v);
	CHECK_INT_EQ(parse(&v, "Undisclosed recipients:;"), 0);
	CHECK_INT_EQ(v.len, 0);
	mime_addr_list_free(&v);
}

TEST(addr_rfc5322_a5_comments_everywhere)
{
	struct vec v;

	CHECK_ONE("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
	    "Pete", "pete@silly.test");
	CHECK_INT_EQ(parse(&v, "A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n"
	    "         joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)"), 3);
	CHECK_ADDR(&v, 0, "Chris Jones", "c@public.example", "A Group");
	CHECK_ADDR(&v, 1, "(null)", "joe@example.org", "A Group");
	CHECK_ADDR(&v, 2, "John", "jdoe@one.test", "A Group");
	mime_addr_list_free(&v);
	CHECK_INT_EQ(parse(&v, "(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;"), 0);
	mime_addr_list_free(&v);
}

TEST(addr_rfc5322_a6_obsolete_forms)
{
	struct vec v;

	CHECK_ONE("Joe Q. Public <john.q.public@example.com>", "Joe Q. Public",
	    "john.q.public@example.com");
	CHECK_INT_EQ(parse(&v, "Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example"), 2);
	CHECK_ADDR(&v, 0, "Mary Smith", "mary@example.net", "(null)");
	CHECK_ADDR(&v, 1, "(null)", "jdoe@test.example", "(null)");
	mime_addr_list_free(&v);
	CHECK_ONE("John Doe <jdoe@machine(comment).  example>", "John Doe", "jdoe@machine.example");
	CHECK_ONE("Mary Smith\r\n    \r\n\t<mary@example.net>", "Mary Smith", "mary@example.net");
	CHECK_ONE("<@a.test,@b.test:joe@c.test>", "(null)", "joe@c.test");
}

TEST(addr_quoted_name_with_comma_is_one_address)
{
	CHECK_ONE("\"Doe, John\" <john@example.test>", "Doe, John", "john@example.test");
	CHECK_ONE("\"Mary Smith: Personal Account\" <smith@home.example >",
	    "Mary Smith: Personal Account", "smith@home.example");
}

TEST(addr_encoded_word_names_are_decoded)
{
	CHECK_ONE("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>",
	    "Keld J\xc3\xb8rn Simonsen", "keld@dkuug.dk");
	CHECK_ONE("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>",
	    "Andr\xc3\xa9 Pirard", "PIRARD@vm1.ulg.ac.be");
	CHECK_ONE("=?utf-8?q?a?= =?utf-8?q?b?= <a@b.test>", "ab", "a@b.test");
	CHECK_ONE("=?utf-8?q?a?=\r\n   =?utf-8?q?b?= <a@b.test>", "ab", "a@b.test");
	CHECK_ONE("\"John\" =?utf-8?q?Doe?= <a@b.test>", "John Doe", "a@b.test");
	CHECK_ONE("=?utf-8?q?Doe,_John?= <a@b.test>", "Doe, John", "a@b.test");
}

TEST(addr_encoded_words_inside_quotes_are_decoded)
{
	CHECK_ONE("\"=?utf-8?Q?M=C3=BCller,_Hans?=\" <hans@example.test>",
	    "M\xc3\xbcller, Hans", "hans@example.test");
	CHECK_ONE("\"foo =?utf-8?q?bar?=\" <a@b.test>", "foo bar", "a@b.test");
	CHECK_ONE("=?ISO-8859-1?Q?a?= \"=?ISO-8859-2?Q?_b?=\" <a@b.test>", "a b", "a@b.test");
}

TEST(addr_group_members_carry_the_group_until_its_end)
{
	struct vec v;

	CHECK_INT_EQ(parse(&v, "Team: a@x.test, Bob <b@x.test>; c@x.test, "
	    "=?utf-8?q?T=C3=A9am?=: d@x.test;"), 4);
	CHECK_ADDR(&v, 0, "(null)", "a@x.test", "Team");
	CHECK_ADDR(&v, 1, "Bob", "b@x.test", "Team");
	CHECK_ADDR(&v, 2, "(null)", "c@x.test", "(null)");
	CHECK_ADDR(&v, 3, "(null)", "d@x.test", "T\xc3\xa9" "am");
	mime_addr_list_free(&v);
}

TEST(addr_undisclosed_recipients_gives_none)
{
	struct vec v;

	CHECK_INT_EQ(parse(&v, "undisclosed-recipients:;"), 0);
	mime_addr_list_free(&v);
	CHECK_INT_EQ(parse(&v, "undisclosed-recipients: ;, a@x.test"), 1);
	CHECK_ADDR(&v, 0, "(null)", "a@x.test", "(null)");
	mime_addr_list_free(&v);
}

TEST(addr_bare_angle_and_bare_address)
{
	CHECK_ONE("<a@x.test>", "(null)", "a@x.test");
	CHECK_ONE(" <test@test.com>\r\n", "(null)", "test@test.com");
	CHECK_ONE("a@x.test", "(null)", "a@x.test");
	CHECK_ONE("  a@x.test  ", "(null)", "a@x.test");
}

TEST(addr_comment_becomes_the_name_when_there_is_none)
{
	CHECK_ONE("a@b.test (Anne)", "Anne", "a@b.test");
	CHECK_ONE("(Anne) a@b.test", "Anne", "a@b.test");
	CHECK_ONE("<a@b.test> (Anne Example)", "Anne Example", "a@b.test");
	CHECK_ONE("a@b.test (=?utf-8?q?Zo=C3=AB?=)", "Zo\xc3\xab", "a@b.test");
	CHECK_ONE("Nathaniel Borenstein <nsb@thumper.bellcore.com>\r\n    (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)",
	    "Nathaniel Borenstein", "nsb@thumper.bellcore.com");
	CHECK_ONE("<a@b.test> =?utf-8?q?Doe?=", "Doe", "a@b.test");
}

TEST(addr_missing_closing_angle_is_tolerated)
{
	struct vec v;

	CHECK_ONE("Anne <a@b.test", "Anne", "a@b.test");
	CHECK_INT_EQ(parse(&v, "Anne <a@b.test, Bob <b@b.test>"), 2);
	CHECK_ADDR(&v, 0, "Anne", "a@b.test", "(null)");
	CHECK_ADDR(&v, 1, "Bob", "b@b.test", "(null)");
	mime_addr_list_free(&v);
}

TEST(addr_missing_comma_between_addresses_is_tolerated)
{
	struct vec v;

	CHECK_INT_EQ(parse(&v, "a@x.test b@x.test"), 2);
	CHECK_ADDR(&v, 0, "(null)", "a@x.test", "(null)");
	CHECK_ADDR(&v, 1, "(null)", "b@x.test", "(null)");
	mime_addr_list_free(&v);
	CHECK_INT_EQ(parse(&v, "<a@x.test> <b@x.test>"), 2);
	CHECK_ADDR(&v, 1, "(null)", "b@x.test", "(null)");
	mime_addr_list_free(&v);
	CHECK_ONE("John Doe john@x.test", "John Doe", "john@x.test");
}

TEST(addr_quoted_local_part_keeps_its_quotes)
{
	CHECK_ONE("\"john doe\"@example.test", "(null)", "\"john doe\"@example.test");
	CHECK_ONE("John <\"john doe\"@example.test>", "John", "\"john doe\"@example.test");
	CHECK_ONE("\"a\\\"b\"@example.test", "(null)", "\"a\\\"b\"@example.test");
}

TEST(addr_utf8_and_idn_addresses_are_kept_as_written)
{
	CHECK_ONE("J\xc3\xb6rg <j\xc3\xb6rg@b\xc3\xbc" "cher.example>", "J\xc3\xb6rg",
	    "j\xc3\xb6rg@b\xc3\xbc" "cher.example");
	CHECK_ONE("\xe7\x94\xb0\xe4\xb8\xad <\xe7\x94\xb0\xe4\xb8\xad@\xe4\xbe\x8b\xe3\x81\x88.jp>",
	    "\xe7\x94\xb0\xe4\xb8\xad", "\xe7\x94\xb0\xe4\xb8\xad@\xe4\xbe\x8b\xe3\x81\x88.jp");
	CHECK_ONE("user@xn--bcher-kva.example", "(null)", "user@xn--bcher-kva.example");
	CHECK_ONE("jdoe@[192.0.2.1]", "(null)", "jdoe@[192.0.2.1]");
}

TEST(addr_name_without_address_and_local_user)
{
	CHECK_ONE("Friends of Bob", "Friends of Bob", "(null)");
	CHECK_ONE("root", "(null)", "root");
	CHECK_ONE("NO (posting not allowed on this list)", "posting not allowed on this list", "NO");
	CHECK_ONE("<mailto:list@host.test?subject=help> (List Instructions)",
	    "List Instructions", "mailto:list@host.test?subject=help");
}

TEST(addr_name_that_looks_like_an_address)
{
	CHECK_ONE("\"phil@example.com\" <phil@example.com>", "phil@example.com", "phil@example.com");
	CHECK_ONE("phil@example.com <phil@example.com>", "phil@example.com", "phil@example.com");
	CHECK_ONE("\"<phil@example.com>\" <phil@example.com>", "<phil@example.com>", "phil@example.com");
}

TEST(addr_empty_and_junk_lists_give_nothing)
{
	static const char *const junk[] = { "", "   ", ",,,", ";", ":", "<>", "(c)", ", ;:;, <>" };
	struct vec v;

	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		CHECK_INT_EQ(parse(&v, junk[i]), 0);
		CHECK_INT_EQ(v.len, 0);
		mime_addr_list_free(&v);
	}
}

TEST(addr_more_than_max_addrs_are_capped)
{
	struct buf b = BUF_INIT;
	struct vec v;

	for (int i = 0; i < MIME_MAX_ADDRS + 500; i++)
		buf_addf(&b, "%sUser %d <u%d@example.test>", i > 0 ? ", " : "", i, i);
	CHECK_INT_EQ(parse(&v, b.data), MIME_MAX_ADDRS);
	CHECK_INT_EQ(v.len, MIME_MAX_ADDRS);
	CHECK_ADDR(&v, MIME_MAX_ADDRS - 1, "User 9999", "u9999@example.test", "(null)");
	mime_addr_list_free(&v);
	buf_free(&b);
}

TEST(addr_hostile_input_stays_bounded)
{
	static const char *const units[] = { "[", "(", "\"", "<", "=?", "=?a?q?", "@", "\\", "a." };
	struct buf b = BUF_INIT;
	struct vec v;

	/* each of these would take minutes if any scan were quadratic */
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		buf_reset(&b);
		for (int i = 0; i < 200000; i++)
			buf_adds(&b, units[u]);
		parse(&v, b.data);
		CHECK(v.len <= 1);
		mime_addr_list_free(&v);
	}
	buf_free(&b);
}

TEST(addr_parse_one_accepts_what_people_type)
{
	struct mime_addr a;
	struct err e;

	err_clear(&e);
	CHECK_INT_EQ(mime_addr_parse_one(&a, "Anne Example <anne@example.test>", &e), 0);
	CHECK_STR_EQ(a.name, "Anne Example");
	CHECK_STR_EQ(a.email, "anne@example.test");
	mime_addr_free(&a);
	CHECK_INT_EQ(mime_addr_parse_one(&a, "anne@example.test", &e), 0);
	CHECK(a.name == NULL);
	CHECK_STR_EQ(a.email, "anne@example.test");
	mime_addr_free(&a);
	CHECK_INT_EQ(mime_addr_parse_one(&a, "\"Doe, John\" <john.doe+tag@example.test>", &e), 0);
	CHECK_STR_EQ(a.name, "Doe, John");
	CHECK_STR_EQ(a.email, "john.doe+tag@example.test");
	mime_addr_free(&a);
	CHECK_INT_EQ(mime_addr_parse_one(&a, "Zo\xc3\xab <zoe@example.test> (home)", &e), 0);
	CHECK_STR_EQ(a.name, "Zo\xc3\xab");
	mime_addr_free(&a);
	CHECK_INT_EQ(mime_addr_parse_one(&a, "<\"odd one\"@[192.0.2.1]>", &e), 0);
	CHECK_STR_EQ(a.email, "\"odd one\"@[192.0.2.1]");
	mime_addr_free(&a);
	CHECK(!err_isset(&e));
}

/* parse_one must refuse text and leave a clean, freeable address and a reason. */
static void
check_refused(const char *text)
{
	struct mime_addr a;
	struct err e;

	err_clear(&e);
	if (mime_addr_parse_one(&a, text, &e) != -1) {
		CHECK_FAIL_AT("accepted \"%s\"", text);
		mime_addr_free(&a);
		return;
	}
	CHECK(err_isset(&e));
	CHECK(e.msg[0] != '\0');
	CHECK(a.name == NULL && a.email == NULL && a.group == NULL);
}

TEST(addr_parse_one_refuses_line_breaks_and_controls)
{
	check_refused("a@x.test\r\nRCPT TO:<evil@x.test>");
	check_refused("a@x.test\n");
	check_refused("a@x.test\r");
	check_refused("Anne\x1b[2J <a@x.test>");
	check_refused("a@x.test\x7f");
	check_refused("a@x.test\xff");
}

TEST(addr_parse_one_refuses_two_addresses_and_groups)
{
	check_refused("a@x.test, b@x.test");
	check_refused("a@x.test b@x.test");
	check_refused("<a@x.test> <b@x.test>");
	check_refused("Team: a@x.test;");
	check_refused("Team:;");
	check_refused("<@route.test:a@x.test>");
}

TEST(addr_parse_one_refuses_garbage)
{
	static const char *const bad[] = {
		"", "   ", "anne", "anne@", "@x.test", "a@@x.test", "a@b@x.test",
		"<a@x.test", "a@x.test>", "Anne <a@x.test> junk", "a b@x.test",
		"a..b@x.test", ".a@x.test", "a.@x.test", "a@x..test", "a@x.test.",
		"a @x.test", "a@ x.test", "Anne <>", "a@b.test <a@b.test>",
		"(just a comment)", "a(b)c@x.test",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_refused(bad[i]);
}

TEST(addr_parse_one_refuses_over_long_addresses)
{
	struct buf b = BUF_INIT;

	for (int i = 0; i < 65; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "@x.test");
	check_refused(b.data);
	buf_reset(&b);
	buf_adds(&b, "a@");
	for (int i = 0; i < 60; i++)
		buf_adds(&b, "abcd.");
	buf_adds(&b, "test");
	check_refused(b.data);
	buf_free(&b);
}

TEST(addr_write_plain_quoted_and_bare)
{
	struct mime_addr a[3] = {
		{ "Anne Example", "anne@example.test", NULL },
		{ "Doe, John", "john@example.test", NULL },
		{ NULL, "bare@example.test", NULL },
	};
	char *s = write_field(a, 3);

	CHECK_STR_EQ(s, "To: Anne Example <anne@example.test>, \"Doe, John\" <john@example.test>,\r\n"
	    " bare@example.test\r\n\r\n");
	free(s);
}

TEST(addr_write_puts_urls_and_odd_addresses_in_angle_brackets)
{
	struct mime_addr a[2] = {
		{ NULL, "mailto:list@host.test?subject=help", NULL },
		{ NULL, "\"a,b\"@x.test", NULL },
	};
	struct mime_addr empty = { NULL, NULL, NULL };
	struct vec v;
	char *s = write_field(a, 2);

	CHECK_STR_EQ(s, "To: <mailto:list@host.test?subject=help>, <\"a,b\"@x.test>\r\n\r\n");
	CHECK_INT_EQ(reparse(&v, s), 2);
	CHECK_ADDR(&v, 0, "(null)", "mailto:list@host.test?subject=help", "(null)");
	CHECK_ADDR(&v, 1, "(null)", "\"a,b\"@x.test", "(null)");
	mime_addr_list_free(&v);
	free(s);
	s = write_field(&empty, 1);
	CHECK_STR_EQ(s, "To: \r\n\r\n");
	free(s);
}

/* Writes one address, reads it back, and checks the lines; the name is UTF-8. */
static void
check_round_trip(const char *name, const char *email)
{
	struct mime_addr a = { (char *)name, (char *)email, NULL };
	struct vec v;
	char *s = write_field(&a, 1);

	CHECK(check_longest_line(s) <= 78);
	CHECK_INT_EQ(reparse(&v, s), 1);
	CHECK_ADDR(&v, 0, name, email, "(null)");
	mime_addr_list_free(&v);
	free(s);
}

TEST(addr_write_then_parse_round_trips_german_and_czech_names)
{
	check_round_trip("J\xc3\xbcrgen M\xc3\xbcller-L\xc3\xbc" "denscheidt", "juergen@example.test");
	check_round_trip("Stra\xc3\x9f" "e, \xc3\x84rger & S\xc3\xb6hne", "info@example.test");
	check_round_trip("Ji\xc5\x99\xc3\xad \xc5\xbdlu\xc5\xa5ou\xc4\x8dk\xc3\xbd",
	    "jiri@example.test");
	check_round_trip("P\xc5\x99\xc3\xadli\xc5\xa1 \xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd "
	    "k\xc5\xaf\xc5\x88 \xc3\xba\xc5\x99" "ad", "kun@example.test");
	check_round_trip("Doe, John \"JD\" (work)", "jd@example.test");
	check_round_trip("=?not-a-word?=", "x@example.test");
}

TEST(addr_write_folds_long_names_at_78)
{
	struct buf name = BUF_INIT;

	for (int i = 0; i < 12; i++)
		buf_adds(&name, "Z\xc3\xa1kazn\xc3\xadk \xc5\x98" "editel ");
	buf_adds(&name, "M\xc3\xbcller");
	check_round_trip(name.data, "long.name@example.test");
	buf_reset(&name);
	for (int i = 0; i < 12; i++)
		buf_adds(&name, "Plain Ascii Words ");
	buf_adds(&name, "End");
	check_round_trip(name.data, "ascii@example.test");
	buf_free(&name);
}

TEST(addr_write_folds_before_an_address_that_does_not_fit)
{
	struct mime_addr a[12];
	struct vec v;
	char *s;

	for (int i = 0; i < 12; i++) {
		a[i].name = xasprintf("Person Number %d", i);
		a[i].email = xasprintf("person.number.%d@example.test", i);
		a[i].group = NULL;
	}
	s = write_field(a, 12);
	CHECK(check_longest_line(s) <= 78);
	CHECK(strstr(s, " \r\n") == NULL);	/* the caller's space became the fold */
	CHECK_INT_EQ(reparse(&v, s), 12);
	for (int i = 0; i < 12; i++) {
		CHECK_ADDR(&v, (size_t)i, a[i].name, a[i].email, "(null)");
		free(a[i].name);
		free(a[i].email);
	}
	mime_addr_list_free(&v);
	free(s);
}

TEST(addr_write_returns_the_column)
{
	struct mime_addr a = { "Anne", "a@x.test", NULL };
	struct buf b = BUF_INIT;

	CHECK_INT_EQ(mime_addr_write(&b, &a, 4), 4 + strlen("Anne <a@x.test>"));
	CHECK_STR_EQ(buf_cstr(&b), "Anne <a@x.test>");
	buf_reset(&b);
	buf_adds(&b, "x ");
	CHECK_INT_EQ(mime_addr_write(&b, &a, 70), 1 + strlen("Anne <a@x.test>"));
	CHECK_STR_EQ(buf_cstr(&b), "x\r\n Anne <a@x.test>");
	buf_free(&b);
}

TEST(addr_display_joins_name_and_address)
{
	struct mime_addr both = { "Anne Example", "anne@example.test", NULL };
	struct mime_addr email = { NULL, "anne@example.test", NULL };
	struct mime_addr name = { "Friends", NULL, NULL };
	struct mime_addr same = { "Anne@Example.test", "anne@example.test", NULL };
	struct buf b = BUF_INIT;

	mime_addr_display(&b, &both);
	CHECK_STR_EQ(buf_cstr(&b), "Anne Example <anne@example.test>");
	buf_reset(&b);
	mime_addr_display(&b, &email);
	CHECK_STR_EQ(buf_cstr(&b), "anne@example.test");
	buf_reset(&b);
	mime_addr_display(&b, &name);
	CHECK_STR_EQ(buf_cstr(&b), "Friends");
	buf_reset(&b);
	mime_addr_display(&b, &same);
	CHECK_STR_EQ(buf_cstr(&b), "anne@example.test");
	buf_free(&b);
}

TEST(addr_free_clears_the_address)
{
	struct mime_addr a = { xstrdup("n"), xstrdup("e@x"), xstrdup("g") };

	mime_addr_free(&a);
	CHECK(a.name == NULL && a.email == NULL && a.group == NULL);
	mime_addr_free(&a);
}

CHECK_MAIN(
    addr_rfc5322_a11_simple_addresses,
    addr_rfc5322_a12_quoted_names_and_lists,
    addr_rfc5322_a13_group_gives_its_members,
    addr_rfc5322_a5_comments_everywhere,
    addr_rfc5322_a6_obsolete_forms,
    addr_quoted_name_with_comma_is_one_address,
    addr_encoded_word_names_are_decoded,
    addr_encoded_words_inside_quotes_are_decoded,
    addr_group_members_carry_the_group_until_its_end,
    addr_undisclosed_recipients_gives_none,
    addr_bare_angle_and_bare_address,
    addr_comment_becomes_the_name_when_there_is_none,
    addr_missing_closing_angle_is_tolerated,
    addr_missing_comma_between_addresses_is_tolerated,
    addr_quoted_local_part_keeps_its_quotes,
    addr_utf8_and_idn_addresses_are_kept_as_written,
    addr_name_without_address_and_local_user,
    addr_name_that_looks_like_an_address,
    addr_empty_and_junk_lists_give_nothing,
    addr_more_than_max_addrs_are_capped,
    addr_hostile_input_stays_bounded,
    addr_parse_one_accepts_what_people_type,
    addr_parse_one_refuses_line_breaks_and_controls,
    addr_parse_one_refuses_two_addresses_and_groups,
    addr_parse_one_refuses_garbage,
    addr_parse_one_refuses_over_long_addresses,
    addr_write_plain_quoted_and_bare,
    addr_write_puts_urls_and_odd_addresses_in_angle_brackets,
    addr_write_then_parse_round_trips_german_and_czech_names,
    addr_write_folds_long_names_at_78,
    addr_write_folds_before_an_address_that_does_not_fit,
    addr_write_returns_the_column,
    addr_display_joins_name_and_address,
    addr_free_clears_the_address)
