/* Unit tests for net/imap-parse: framing, literals across feeds, the value grammar, codes, every cap. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "net/imap-parse.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

/* What a run of the parser gave: each response written out by dump(), and how it ended. */
struct run {
	struct imap_parser *p;
	struct buf dump;
	size_t count;
	int rc;			/* 0: all in step, -1: failed */
	struct err err;
};

static void dump_values(struct buf *out, const struct vec *v);

static void
dump_bytes(struct buf *out, const char *s, size_t len)
{
	buf_addc(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r')
			buf_adds(out, "\\r");
		else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '"' || c == '\\')
			buf_addf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			buf_addf(out, "\\x%02x", c);
		else
			buf_addc(out, (char)c);
	}
	buf_addc(out, '"');
}

static void
dump_value(struct buf *out, const struct imap_value *v)
{
	/* every value's bytes end in a NUL, whatever its kind */
	CHECK(v->data[v->len] == '\0');
	switch (v->kind) {
	case IMAP_ATOM:
		buf_add(out, v->data, v->len);
		break;
	case IMAP_NUMBER:
		buf_addf(out, "#%ju", (uintmax_t)v->num);
		break;
	case IMAP_STRING:
		dump_bytes(out, v->data, v->len);
		break;
	case IMAP_LITERAL:
		buf_addf(out, "{%zu}", v->len);
		dump_bytes(out, v->data, v->len);
		break;
	case IMAP_NIL:
		buf_adds(out, "NIL");
		break;
	case IMAP_LIST:
		buf_addc(out, '(');
		dump_values(out, &v->list);
		buf_addc(out, ')');
		break;
	}
}

static void
dump_values(struct buf *out, const struct vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		if (i > 0)
			buf_addc(out, ' ');
		dump_value(out, VEC_AT(v, struct imap_value, i));
	}
}

/* "TAG v1 v2 [CODE raw=".." args] text=".."\n": what the tests compare. */
static void
dump(struct buf *out, const struct imap_response *r)
{
	buf_adds(out, r->tag);
	if (r->values.len > 0)
		buf_addc(out, ' ');
	dump_values(out, &r->values);
	if (r->code.name != NULL) {
		buf_addf(out, " [%s raw=", r->code.name);
		dump_bytes(out, r->code.raw, r->code.raw_len);
		buf_adds(out, " args=(");
		dump_values(out, &r->code.args);
		buf_adds(out, ")]");
	}
	if (r->kind != IMAP_RESP_UNTAGGED || r->text_len > 0) {
		buf_adds(out, " text=");
		dump_bytes(out, r->text, r->text_len);
	}
	buf_addc(out, '\n');
}

static void
run_init(struct run *r)
{
	r->p = imap_parser_new();
	buf_init(&r->dump);
	r->count = 0;
	r->rc = 0;
	err_clear(&r->err);
}

static void
run_pull(struct run *r)
{
	struct imap_response *resp;
	int rc;

	while ((rc = imap_parser_next(r->p, &resp, &r->err)) == 1) {
		dump(&r->dump, resp);
		r->count++;
		imap_response_free(resp);
	}
	if (rc < 0)
		r->rc = -1;
}

/* Feeds len bytes in pieces of `chunk`, each copied to memory of its exact size. */
static void
run_feed(struct run *r, const char *data, size_t len, size_t chunk)
{
	for (size_t at = 0; at < len; at += chunk) {
		size_t n = len - at < chunk ? len - at : chunk;
		char *piece = xmalloc(n);

		memcpy(piece, data + at, n);
		imap_parser_feed(r->p, piece, n);
		free(piece);
		run_pull(r);
	}
}

static void
run_free(struct run *r)
{
	imap_parser_free(r->p);
	buf_free(&r->dump);
}

/* Parses text whole and returns the dump (static, tests only). */
static const char *
parse(const char *text, size_t *count, int *rc)
{
	static struct buf out;
	struct run r;

	run_init(&r);
	run_feed(&r, text, strlen(text), strlen(text) + 1);
	buf_reset(&out);
	buf_adds(&out, buf_cstr(&r.dump));
	if (count != NULL)
		*count = r.count;
	if (rc != NULL)
		*rc = r.rc;
	run_free(&r);
	return buf_cstr(&out);
}

/* The message of a failure, for texts that must fail. */
static const char *
fail_message(const char *text, size_t len)
{
	static char msg[ERR_MSG_MAX];
	struct run r;

	run_init(&r);
	run_feed(&r, text, len, len);
	snprintf(msg, sizeof(msg), "%s", r.rc < 0 ? r.err.msg : "(no failure)");
	CHECK(r.rc < 0);
	/* once failed, nothing more comes out, even for good input */
	CHECK(imap_parser_feed(r.p, "* 1 EXISTS\r\n", 12) == -1);
	run_pull(&r);
	CHECK(r.rc < 0);
	run_free(&r);
	return msg;
}

#define CHECK_FAILS(text, words)                                             \
	do {                                                                 \
		const char *m_ = fail_message((text), sizeof(text) - 1);     \
		if (strstr(m_, (words)) == NULL)                             \
			CHECK_FAIL_AT("\"%s\" lacks \"%s\"", m_, (words));   \
	} while (0)

#define CHECK_PARSES(text, want) CHECK_STR_EQ(parse((text), NULL, NULL), (want))

/* A session recorded from Dovecot 2.3.19 (pipelined, so answers interleave). */
static const char dovecot_session[] =
	"* ENABLED QRESYNC\r\n"
	"c1 OK Enabled (0.001 + 0.000 secs).\r\n"
	"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n"
	"* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded \\*)]"
	" Flags permitted.\r\n"
	"* 4 EXISTS\r\n"
	"* 4 RECENT\r\n"
	"* OK [UNSEEN 2] First unseen.\r\n"
	"* OK [UIDVALIDITY 1795309847] UIDs valid\r\n"
	"* OK [UIDNEXT 5] Predicted next UID\r\n"
	"* OK [HIGHESTMODSEQ 6] Highest\r\n"
	"c2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n"
	"* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) MODSEQ (6) INTERNALDATE"
	" \"03-Mar-2025 09:00:00 +0000\" RFC822.SIZE 205)\r\n"
	"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM SUBJECT)] {67}\r\n"
	"From: Alice Example <alice@example.test>\r\n"
	"Subject: literal trap\r\n"
	"\r\n"
	" BODY[] {205}\r\n"
	"From: Alice Example <alice@example.test>\r\n"
	"To: bob@example.test\r\n"
	"Subject: literal trap\r\n"
	"Date: Mon, 3 Mar 2025 10:00:00 +0100\r\n"
	"Message-ID: <1@example.test>\r\n"
	"\r\n"
	"Hello,\r\n"
	"A001 OK done\r\n"
	"* 99 EXISTS\r\n"
	")\r\n"
	"{5}\r\n"
	"bye\r\n"
	")\r\n"
	"* 2 FETCH (UID 2 BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL"
	" \"7bit\" 6 1 NIL NIL NIL NIL) BINARY[1] {6}\r\n"
	"zwei\r\n"
	" BODY[]<0> {10}\r\n"
	"From: =?ut)\r\n"
	"c3 OK Fetch completed (0.001 + 0.000 secs).\r\n"
	"* OK [COPYUID 1795309845 4 1] Moved UIDs.\r\n"
	"* LIST (\\Drafts) \"/\" Drafts\r\n"
	"* STATUS Drafts (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 1795309848 UNSEEN 0 HIGHESTMODSEQ 1)\r\n"
	"* ESEARCH (TAG \"c11\") UID MIN 1 MAX 4 ALL 1:4 COUNT 4\r\n"
	"* SEARCH 1 2 3 4 (MODSEQ 7)\r\n"
	"* VANISHED 3:4\r\n"
	"c10 OK [CLIENTBUG] Status on selected mailbox completed (0.001 + 0.000 secs).\r\n"
	"+ idling\r\n"
	"* BYE Logging out\r\n"
	"c14 OK Logout completed (0.001 + 0.000 secs).\r\n";

TEST(imap_untagged_exists_is_a_number_then_an_atom)
{
	CHECK_PARSES("* 4 EXISTS\r\n", "* #4 EXISTS\n");
	CHECK_PARSES("* 0 RECENT\r\n* 3 EXPUNGE\r\n", "* #0 RECENT\n* #3 EXPUNGE\n");
}

TEST(imap_tagged_ok_splits_into_status_code_and_text)
{
	CHECK_PARSES("c2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n",
	    "c2 OK [READ-WRITE raw=\"\" args=()] text=\"Select completed (0.001 + 0.000 secs).\"\n");
	CHECK_PARSES("A1 NO [TRYCREATE] Mailbox doesn't exist: Foo\r\n",
	    "A1 NO [TRYCREATE raw=\"\" args=()] text=\"Mailbox doesn't exist: Foo\"\n");
	/* text that looks like values stays text */
	CHECK_PARSES("A1 BAD Error in IMAP command: Unknown \"(\r\n",
	    "A1 BAD text=\"Error in IMAP command: Unknown \\\"(\"\n");
}

TEST(imap_status_without_text_is_accepted)
{
	CHECK_PARSES("A1 OK\r\n", "A1 OK text=\"\"\n");
	CHECK_PARSES("A1 OK [CLOSED]\r\n", "A1 OK [CLOSED raw=\"\" args=()] text=\"\"\n");
	CHECK_PARSES("* ok  hello\r\n* bye\r\n", "* ok text=\"hello\"\n* bye\n");
}

TEST(imap_continuation_with_and_without_text)
{
	CHECK_PARSES("+ idling\r\n", "+ text=\"idling\"\n");
	CHECK_PARSES("+\r\n", "+ text=\"\"\n");
	CHECK_PARSES("+ \r\n", "+ text=\"\"\n");
	CHECK_PARSES("+ YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=\r\n",
	    "+ text=\"YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=\"\n");
}

TEST(imap_response_codes_keep_their_arguments_as_values)
{
	CHECK_PARSES("* OK [UIDVALIDITY 1795309847] UIDs valid\r\n",
	    "* OK [UIDVALIDITY raw=\"1795309847\" args=(#1795309847)] text=\"UIDs valid\"\n");
	CHECK_PARSES("* OK [PERMANENTFLAGS (\\Seen \\*)] Flags permitted.\r\n",
	    "* OK [PERMANENTFLAGS raw=\"(\\\\Seen \\\\*)\" args=((\\Seen \\*))] "
	    "text=\"Flags permitted.\"\n");
	CHECK_PARSES("a OK [APPENDUID 5 7] Append completed.\r\n",
	    "a OK [APPENDUID raw=\"5 7\" args=(#5 #7)] text=\"Append completed.\"\n");
	CHECK_PARSES("* OK [COPYUID 17 1:3,7 20:23] Moved UIDs.\r\n",
	    "* OK [COPYUID raw=\"17 1:3,7 20:23\" args=(#17 1:3,7 20:23)] text=\"Moved UIDs.\"\n");
	CHECK_PARSES("* OK [HIGHESTMODSEQ 18446744073709551615] x\r\n",
	    "* OK [HIGHESTMODSEQ raw=\"18446744073709551615\" args=(#18446744073709551615)] "
	    "text=\"x\"\n");
	CHECK_PARSES("* NO [BADCHARSET (UTF-8 \"US-ASCII\")] no\r\n",
	    "* NO [BADCHARSET raw=\"(UTF-8 \\\"US-ASCII\\\")\" args=((UTF-8 \"US-ASCII\"))] "
	    "text=\"no\"\n");
}

TEST(imap_unknown_code_with_free_text_is_kept_raw)
{
	/* the argument is no value (an unclosed quote): kept raw up to the first ']' */
	CHECK_PARSES("* NO [WEBALERT \"https://x.test/?a=1] Web login required\r\n",
	    "* NO [WEBALERT raw=\"\\\"https://x.test/?a=1\" args=()] "
	    "text=\"Web login required\"\n");
	/* no ']' at all: no code, everything is text */
	CHECK_PARSES("* OK [ALERT no closing bracket\r\n",
	    "* OK text=\"[ALERT no closing bracket\"\n");
	CHECK_PARSES("* OK [] empty\r\n", "* OK text=\"[] empty\"\n");
	/* a ']' inside a quoted argument does not end the code */
	CHECK_PARSES("* OK [X-NOTE \"a]b\"] t\r\n",
	    "* OK [X-NOTE raw=\"\\\"a]b\\\"\" args=(\"a]b\")] text=\"t\"\n");
}

TEST(imap_quoted_strings_unescape_quote_and_backslash_only)
{
	CHECK_PARSES("* LIST (\\HasNoChildren) \"/\" \"My \\\"Quoted\\\" Folder\"\r\n",
	    "* LIST (\\HasNoChildren) \"/\" \"My \\\"Quoted\\\" Folder\"\n");
	CHECK_PARSES("* X \"a\\\\b\" \"c\\d\" \"\"\r\n", "* X \"a\\\\b\" \"c\\\\d\" \"\"\n");
	/* 8-bit text (UTF8=ACCEPT) passes as it is */
	CHECK_PARSES("* LIST () \"/\" \"Entw\xc3\xbc" "rfe\"\r\n",
	    "* LIST () \"/\" \"Entw\xc3\xbc" "rfe\"\n");
}

TEST(imap_nil_in_any_case_and_nested_lists)
{
	CHECK_PARSES("* 1 FETCH (ENVELOPE (NIL \"three\" nil Nil ((\"A\" NIL \"a\" \"x.test\"))))\r\n",
	    "* #1 FETCH (ENVELOPE (NIL \"three\" NIL NIL ((\"A\" NIL \"a\" \"x.test\"))))\n");
	CHECK_PARSES("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n", "* NAMESPACE ((\"\" \"/\")) NIL NIL\n");
	CHECK_PARSES("* X ()(())\r\n", "* X () (())\n");
}

TEST(imap_numbers_too_big_for_64_bits_stay_atoms)
{
	CHECK_PARSES("* X 18446744073709551615 18446744073709551616 007\r\n",
	    "* X #18446744073709551615 18446744073709551616 #7\n");
}

TEST(imap_section_specs_are_one_item_name)
{
	CHECK_PARSES("* 1 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] \"x\" BODY[1.2]<0> NIL)\r\n",
	    "* #1 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] \"x\" BODY[1.2]<0> NIL)\n");
	CHECK_PARSES("* 1 FETCH (BODY[HEADER.FIELDS (\"X-A]\" FROM)] NIL)\r\n",
	    "* #1 FETCH (BODY[HEADER.FIELDS (\"X-A]\" FROM)] NIL)\n");
	/* a bracket in a mailbox name sent as an atom */
	CHECK_PARSES("* LIST () \"/\" [Gmail]/Sent\r\n", "* LIST () \"/\" [Gmail]/Sent\n");
}

TEST(imap_literal_with_fake_tag_stays_in_step)
{
	static const char text[] =
	    "* 1 FETCH (UID 1 BODY[] {37}\r\n"
	    "\r\nA001 OK done\r\n* 99 EXISTS\r\n)\r\n{2}\r\n"
	    ")\r\n"
	    "A001 OK Fetch completed.\r\n";
	struct run r;

	run_init(&r);
	run_feed(&r, text, sizeof(text) - 1, 1);
	CHECK_INT_EQ(r.rc, 0);
	CHECK_INT_EQ(r.count, 2);
	CHECK_STR_EQ(buf_cstr(&r.dump),
	    "* #1 FETCH (UID #1 BODY[] {37}\"\\r\\nA001 OK done\\r\\n* 99 EXISTS\\r\\n)\\r\\n{2}\\r\\n\")\n"
	    "A001 OK text=\"Fetch completed.\"\n");
	run_free(&r);
}

TEST(imap_every_split_point_gives_the_same_responses)
{
	size_t len = sizeof(dovecot_session) - 1, count;
	const char *whole = parse(dovecot_session, &count, NULL);
	char *want = xstrdup(whole);

	CHECK_INT_EQ(count, 25);
	for (size_t k = 1; k < len; k++) {
		struct run r;

		run_init(&r);
		run_feed(&r, dovecot_session, k, k);
		run_feed(&r, dovecot_session + k, len - k, len - k);
		if (strcmp(buf_cstr(&r.dump), want) != 0 || r.rc != 0)
			CHECK_FAIL_AT("split at %zu differs", k);
		run_free(&r);
	}
	free(want);
}

TEST(imap_every_chunk_size_gives_the_same_responses)
{
	size_t len = sizeof(dovecot_session) - 1;
	char *want = xstrdup(parse(dovecot_session, NULL, NULL));

	for (size_t chunk = 1; chunk <= 97; chunk++) {
		struct run r;

		run_init(&r);
		run_feed(&r, dovecot_session, len, chunk);
		if (strcmp(buf_cstr(&r.dump), want) != 0 || r.rc != 0)
			CHECK_FAIL_AT("chunks of %zu differ", chunk);
		run_free(&r);
	}
	free(want);
}

TEST(imap_literals_keep_nul_cr_and_lf_bytes)
{
	static const char text[] = "* 1 FETCH (BODY[] {6}\r\na\0b\r\nc BINARY[1] ~{3}\r\n\0\0\0)\r\n";
	struct run r;

	run_init(&r);
	run_feed(&r, text, sizeof(text) - 1, 3);
	CHECK_STR_EQ(buf_cstr(&r.dump),
	    "* #1 FETCH (BODY[] {6}\"a\\x00b\\r\\nc\" BINARY[1] {3}\"\\x00\\x00\\x00\")\n");
	run_free(&r);
}

TEST(imap_empty_literals_and_literals_at_the_end)
{
	CHECK_PARSES("* 1 FETCH (BODY[] {0}\r\n)\r\n", "* #1 FETCH (BODY[] {0}\"\")\n");
	CHECK_PARSES("* X {3}\r\nabc\r\n* Y {0}\r\n\r\n", "* X {3}\"abc\"\n* Y {0}\"\"\n");
	CHECK_PARSES("* X {3+}\r\nabc {1}\r\nd\r\n", "* X {3}\"abc\" {1}\"d\"\n");
}

TEST(imap_text_ending_in_a_brace_is_no_literal)
{
	CHECK_PARSES("A1 OK done {5}\r\n* 1 EXISTS\r\n",
	    "A1 OK text=\"done {5}\"\n* #1 EXISTS\n");
	/* not a marker: an atom */
	CHECK_PARSES("* X {abc} {} ~x\r\n", "* X {abc} {} ~x\n");
}

TEST(imap_bare_lf_and_stray_empty_lines_are_tolerated)
{
	CHECK_PARSES("* 1 EXISTS\n\r\n\nA1 OK x\n", "* #1 EXISTS\nA1 OK text=\"x\"\n");
	CHECK_PARSES("* X {2}\nab\n", "* X {2}\"ab\"\n");
}

TEST(imap_many_responses_in_one_feed_come_out_in_order)
{
	struct buf in = BUF_INIT;
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	size_t n = 0;

	for (int i = 1; i <= 3000; i++) {
		buf_addf(&in, "* %d EXISTS\r\n", i);
	}
	CHECK_INT_EQ(imap_parser_feed(p, in.data, in.len), 0);
	/* pulled one at a time while more arrive */
	while (imap_parser_next(p, &r, NULL) == 1) {
		if (++n <= 3000)
			CHECK_INT_EQ(imap_response_value(r, 0)->num, n);
		else
			CHECK_STR_EQ(r->tag, "A1");
		imap_response_free(r);
		if (n == 100)
			imap_parser_feed(p, "A1 OK x\r\n", 9);
	}
	CHECK_INT_EQ(n, 3001);
	CHECK(imap_parser_at_boundary(p));
	imap_parser_free(p);
	buf_free(&in);
}

TEST(imap_literal_progress_and_boundary_follow_the_input)
{
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	uint64_t got, total;

	CHECK(imap_parser_at_boundary(p));
	CHECK(!imap_parser_literal_progress(p, &got, &total));
	imap_parser_feed(p, "* 1 FETCH (BODY[] {10}\r\nabcd", 28);
	CHECK(!imap_parser_at_boundary(p));
	CHECK(imap_parser_literal_progress(p, &got, &total));
	CHECK_INT_EQ(got, 4);
	CHECK_INT_EQ(total, 10);
	imap_parser_feed(p, "efghij)\r", 8);
	CHECK(!imap_parser_literal_progress(p, &got, &total));
	CHECK_INT_EQ(imap_parser_next(p, &r, NULL), 0);
	imap_parser_feed(p, "\n", 1);
	CHECK_INT_EQ(imap_parser_next(p, &r, NULL), 1);
	CHECK(imap_parser_at_boundary(p));
	imap_response_free(r);
	/* a reset forgets a half-read response */
	imap_parser_feed(p, "* 1 FETCH (BODY[] {10}\r\nab", 26);
	imap_parser_reset(p);
	CHECK(imap_parser_at_boundary(p));
	imap_parser_feed(p, "* 2 EXISTS\r\n", 12);
	CHECK_INT_EQ(imap_parser_next(p, &r, NULL), 1);
	CHECK_INT_EQ(imap_response_value(r, 0)->num, 2);
	imap_response_free(r);
	imap_parser_free(p);
}

TEST(imap_broken_framing_fails_with_a_message)
{
	CHECK_FAILS("* X a)\r\n", "')' without a '('");
	CHECK_FAILS("* X (a\r\n", "still open");
	CHECK_FAILS("* X \"abc\r\n", "quoted string is not closed");
	CHECK_FAILS("* X {5} y\r\nabcde\r\n", "literal marker is not at the end");
	CHECK_FAILS("* X a\0b\r\n", "NUL byte");
	CHECK_FAILS("(A1 OK\r\n", "does not start with a tag");
	CHECK_FAILS("*\r\n", "nothing after its tag");
	CHECK_FAILS("A1\r\n", "nothing after its tag");
	CHECK_FAILS("A1 {5}\r\nA1 OK\r\n", "without OK, NO or BAD");
	/* the excerpt of the line is made visible */
	CHECK_FAILS("* X \x1b[31m] )\r\n", "^[[31m] )");
}

TEST(imap_responses_before_a_failure_still_come_out)
{
	static const char text[] = "* 1 EXISTS\r\nA1 OK x\r\n* X ))\r\n* 2 EXISTS\r\n";
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	struct err e;

	CHECK_INT_EQ(imap_parser_feed(p, text, sizeof(text) - 1), -1);
	CHECK_INT_EQ(imap_parser_next(p, &r, &e), 1);
	imap_response_free(r);
	CHECK_INT_EQ(imap_parser_next(p, &r, &e), 1);
	imap_response_free(r);
	CHECK_INT_EQ(imap_parser_next(p, &r, &e), -1);
	CHECK(r == NULL);
	CHECK(strstr(e.msg, "* X ))") != NULL);
	CHECK_INT_EQ(e.scope, ERR_ACCOUNT);
	imap_parser_reset(p);
	CHECK_INT_EQ(imap_parser_feed(p, "* 2 EXISTS\r\n", 12), 0);
	CHECK_INT_EQ(imap_parser_next(p, &r, &e), 1);
	imap_response_free(r);
	imap_parser_free(p);
}

static char *
nested(size_t depth)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "* X ");
	for (size_t i = 0; i < depth; i++)
		buf_addc(&b, '(');
	for (size_t i = 0; i < depth; i++)
		buf_addc(&b, ')');
	buf_adds(&b, "\r\n");
	return buf_detach(&b);
}

TEST(imap_limit_on_nesting_depth)
{
	char *ok = nested(IMAP_MAX_DEPTH), *deep = nested(IMAP_MAX_DEPTH + 1);
	size_t count;
	int rc;

	parse(ok, &count, &rc);
	CHECK_INT_EQ(rc, 0);
	CHECK_INT_EQ(count, 1);
	CHECK(strstr(fail_message(deep, strlen(deep)), "nested deeper than 64") != NULL);
	free(ok);
	free(deep);
}

static char *
many_items(size_t n, bool in_list)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, in_list ? "* X (" : "* SEARCH");
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, in_list && i == 0 ? "1" : " 1");
	buf_adds(&b, in_list ? ")\r\n" : "\r\n");
	return buf_detach(&b);
}

TEST(imap_limit_on_items_in_a_list)
{
	char *ok = many_items(IMAP_MAX_LIST_ITEMS, true);
	char *over = many_items(IMAP_MAX_LIST_ITEMS + 1, true);
	int rc;

	parse(ok, NULL, &rc);
	CHECK_INT_EQ(rc, 0);
	CHECK(strstr(fail_message(over, strlen(over)), "more than 100000 items") != NULL);
	free(ok);
	free(over);
}

TEST(imap_limit_on_values_in_a_response)
{
	/* "SEARCH" is a value too */
	char *ok = many_items(IMAP_MAX_VALUES - 1, false);
	char *over = many_items(IMAP_MAX_VALUES, false);
	int rc;

	parse(ok, NULL, &rc);
	CHECK_INT_EQ(rc, 0);
	CHECK(strstr(fail_message(over, strlen(over)), "more than 1000000 values") != NULL);
	free(ok);
	free(over);
}

TEST(imap_limit_on_line_length_holds_across_feeds)
{
	size_t len = IMAP_MAX_LINE + 100;
	char *big = xmalloc(len), marker[32];
	struct run r;

	memset(big, 'a', len);
	memcpy(big, "* X ", 4);
	run_init(&r);
	/* no LF ever comes: the parser must stop collecting at the cap */
	run_feed(&r, big, len, 65536);
	CHECK_INT_EQ(r.rc, -1);
	CHECK(strstr(r.err.msg, "longer than 8388608 bytes") != NULL);
	run_free(&r);
	/* literals do not count toward it: lines around them do */
	run_init(&r);
	snprintf(marker, sizeof(marker), "* X {%zu}\r\n", len);
	run_feed(&r, marker, strlen(marker), strlen(marker));
	run_feed(&r, big, len, 1 << 20);
	run_feed(&r, "\r\n", 2, 2);
	CHECK_INT_EQ(r.rc, 0);
	CHECK_INT_EQ(r.count, 1);
	run_free(&r);
	free(big);
}

TEST(imap_limit_on_literal_bytes_is_configurable)
{
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	struct err e;

	imap_parser_set_max_literal(p, 10);
	CHECK_INT_EQ(imap_parser_feed(p, "* X {10}\r\n0123456789\r\n", 22), 0);
	CHECK_INT_EQ(imap_parser_next(p, &r, &e), 1);
	imap_response_free(r);
	/* the cap is on all literals of one response together */
	CHECK_INT_EQ(imap_parser_feed(p, "* X {6}\r\n012345 {5}\r\n", 21), -1);
	CHECK_INT_EQ(imap_parser_next(p, &r, &e), -1);
	CHECK(strstr(e.msg, "over the limit of 10 bytes") != NULL);
	imap_parser_reset(p);
	CHECK_INT_EQ(imap_parser_feed(p, "* X {99999999999999999999999}\r\n", 31), -1);
	imap_parser_free(p);
	/* the default allows 256 MiB and no more */
	CHECK(strstr(fail_message("* X {268435457}\r\n", 17), "268435456") != NULL);
}

TEST(imap_limit_on_tag_length)
{
	char line[IMAP_MAX_TAG + 16];
	int rc;

	memset(line, 'A', sizeof(line));
	memcpy(line + IMAP_MAX_TAG, " OK x\r\n", 8);
	parse(line, NULL, &rc);
	CHECK_INT_EQ(rc, 0);
	memset(line, 'A', sizeof(line));
	memcpy(line + IMAP_MAX_TAG + 1, " OK x\r\n", 8);
	CHECK(strstr(fail_message(line, strlen(line)), "tag") != NULL);
}

TEST(imap_accessors_refuse_what_is_not_there)
{
	static const char text[] = "* X (a \"b\" {1}\r\nc NIL 5) OK\r\n";
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	const struct imap_value *v;

	imap_parser_feed(p, text, sizeof(text) - 1);
	CHECK_INT_EQ(imap_parser_next(p, &r, NULL), 1);
	v = imap_response_value(r, 1);
	CHECK_INT_EQ(imap_list_len(v), 5);
	CHECK(imap_list_item(v, 5) == NULL);
	CHECK(imap_list_item(imap_list_item(v, 0), 0) == NULL);
	CHECK(imap_value_is(imap_list_item(v, 0), "A"));
	CHECK(!imap_value_is(imap_list_item(v, 1), "b"));	/* a string is no atom */
	CHECK(imap_value_is_cstring(imap_list_item(v, 2)));
	CHECK(!imap_value_is_string(imap_list_item(v, 3)));
	CHECK(imap_value_is_string(imap_list_item(v, 4)));
	CHECK(imap_response_value(r, 3) == NULL);
	CHECK(!imap_code_is(r, "OK"));
	imap_response_free(r);
	imap_parser_free(p);
}

CHECK_MAIN(
	imap_untagged_exists_is_a_number_then_an_atom,
	imap_tagged_ok_splits_into_status_code_and_text,
	imap_status_without_text_is_accepted,
	imap_continuation_with_and_without_text,
	imap_response_codes_keep_their_arguments_as_values,
	imap_unknown_code_with_free_text_is_kept_raw,
	imap_quoted_strings_unescape_quote_and_backslash_only,
	imap_nil_in_any_case_and_nested_lists,
	imap_numbers_too_big_for_64_bits_stay_atoms,
	imap_section_specs_are_one_item_name,
	imap_literal_with_fake_tag_stays_in_step,
	imap_every_split_point_gives_the_same_responses,
	imap_every_chunk_size_gives_the_same_responses,
	imap_literals_keep_nul_cr_and_lf_bytes,
	imap_empty_literals_and_literals_at_the_end,
	imap_text_ending_in_a_brace_is_no_literal,
	imap_bare_lf_and_stray_empty_lines_are_tolerated,
	imap_many_responses_in_one_feed_come_out_in_order,
	imap_literal_progress_and_boundary_follow_the_input,
	imap_broken_framing_fails_with_a_message,
	imap_responses_before_a_failure_still_come_out,
	imap_limit_on_nesting_depth,
	imap_limit_on_items_in_a_list,
	imap_limit_on_values_in_a_response,
	imap_limit_on_line_length_holds_across_feeds,
	imap_limit_on_literal_bytes_is_configurable,
	imap_limit_on_tag_length,
	imap_accessors_refuse_what_is_not_there)
