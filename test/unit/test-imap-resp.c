/* Unit tests for net/imap-resp: the typed readers, on answers recorded from Dovecot 2.3 and made-up edge cases. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "net/imap-parse.h"
#include "net/imap-resp.h"
#include "util/buf.h"
#include "util/err.h"

/* Parses exactly one response from text[0..len) (the test fails otherwise; never NULL). */
static struct imap_response *
one_n(const char *text, size_t len)
{
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r = NULL, *extra;
	struct err e;

	imap_parser_feed(p, text, len);
	if (imap_parser_next(p, &r, &e) != 1) {
		CHECK_FAIL_AT("no response from \"%s\": %s", text, e.msg);
		imap_parser_reset(p);
		imap_parser_feed(p, "* X\r\n", 5);
		imap_parser_next(p, &r, &e);
	}
	CHECK(imap_parser_next(p, &extra, &e) == 0);
	imap_parser_free(p);
	return r;
}

static struct imap_response *
one(const char *text)
{
	return one_n(text, strlen(text));
}

static const char *
seqset_str(const struct imap_seqset *set)
{
	static struct buf b;

	buf_reset(&b);
	imap_seqset_format(&b, set);
	return buf_cstr(&b);
}

static const char *
keyword(const struct imap_flags *f, size_t i)
{
	return i < f->keywords.len ? *VEC_AT(&f->keywords, const char *, i) : "(none)";
}

TEST(imap_resp_type_names_each_response)
{
	static const struct {
		const char *text;
		enum imap_type type;
	} cases[] = {
		{ "A1 OK done\r\n", IMAP_T_STATUS },
		{ "* BYE Logging out\r\n", IMAP_T_STATUS },
		{ "+ idling\r\n", IMAP_T_CONTINUE },
		{ "* 4 EXISTS\r\n", IMAP_T_EXISTS },
		{ "* 3 expunge\r\n", IMAP_T_EXPUNGE },
		{ "* 0 RECENT\r\n", IMAP_T_RECENT },
		{ "* 1 FETCH (UID 1)\r\n", IMAP_T_FETCH },
		{ "* FLAGS (\\Seen)\r\n", IMAP_T_FLAGS },
		{ "* CAPABILITY IMAP4rev1\r\n", IMAP_T_CAPABILITY },
		{ "* ENABLED QRESYNC\r\n", IMAP_T_ENABLED },
		{ "* LIST () \"/\" INBOX\r\n", IMAP_T_LIST },
		{ "* LSUB () \"/\" INBOX\r\n", IMAP_T_LSUB },
		{ "* STATUS INBOX (MESSAGES 1)\r\n", IMAP_T_MAILBOX_STATUS },
		{ "* SEARCH 1\r\n", IMAP_T_SEARCH },
		{ "* ESEARCH (TAG \"r8\") UID\r\n", IMAP_T_ESEARCH },
		{ "* VANISHED 3:4\r\n", IMAP_T_VANISHED },
		{ "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n", IMAP_T_OTHER },
		{ "* 5 FOO\r\n", IMAP_T_OTHER },
		{ "* (X)\r\n", IMAP_T_OTHER },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct imap_response *r = one(cases[i].text);

		if (imap_resp_type(r) != cases[i].type)
			CHECK_FAIL_AT("%s: type %d, not %d", cases[i].text, imap_resp_type(r),
			    cases[i].type);
		imap_response_free(r);
	}
}

TEST(imap_status_reads_tagged_and_untagged_conditions)
{
	struct imap_response *r = one("c2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n");
	struct imap_status st;
	struct err e;

	CHECK_INT_EQ(imap_resp_status(r, &st, &e), 0);
	CHECK_INT_EQ(st.cond, IMAP_OK);
	CHECK_STR_EQ(st.tag, "c2");
	CHECK(st.code != NULL && strcmp(st.code->name, "READ-WRITE") == 0);
	CHECK_STR_EQ(st.text, "Select completed (0.001 + 0.000 secs).");
	imap_response_free(r);

	r = one("* BYE Logging out\r\n");
	CHECK_INT_EQ(imap_resp_status(r, &st, &e), 0);
	CHECK_INT_EQ(st.cond, IMAP_BYE);
	CHECK(st.tag == NULL && st.code == NULL);
	imap_response_free(r);

	r = one("* PREAUTH [CAPABILITY IMAP4rev1 IDLE] Logged in as nobody\r\n");
	CHECK_INT_EQ(imap_resp_status(r, &st, &e), 0);
	CHECK_INT_EQ(st.cond, IMAP_PREAUTH);
	imap_response_free(r);

	r = one("A3 no [TRYCREATE] Mailbox doesn't exist\r\n");
	CHECK_INT_EQ(imap_resp_status(r, &st, &e), 0);
	CHECK_INT_EQ(st.cond, IMAP_NO);
	CHECK(imap_code_is(r, "trycreate"));
	imap_response_free(r);

	/* BYE is never tagged */
	r = one("A4 BYE x\r\n");
	CHECK_INT_EQ(imap_resp_status(r, &st, &e), -1);
	imap_response_free(r);
	r = one("+ go on\r\n");
	CHECK_INT_EQ(imap_resp_status(r, &st, &e), -1);
	imap_response_free(r);
}

TEST(imap_select_codes_give_their_numbers)
{
	static const char *const lines[] = {
		"* OK [UNSEEN 2] First unseen.\r\n",
		"* OK [UIDVALIDITY 1795309847] UIDs valid\r\n",
		"* OK [UIDNEXT 5] Predicted next UID\r\n",
		"* OK [HIGHESTMODSEQ 6] Highest\r\n",
	};
	static const char *const names[] = { "UNSEEN", "UIDVALIDITY", "UIDNEXT", "HIGHESTMODSEQ" };
	static const uint64_t want[] = { 2, 1795309847, 5, 6 };
	struct imap_response *r;
	uint64_t n;

	for (size_t i = 0; i < 4; i++) {
		r = one(lines[i]);
		CHECK(imap_code_number(r, names[i], &n));
		CHECK_INT_EQ(n, want[i]);
		CHECK(!imap_code_number(r, i == 0 ? "UIDNEXT" : "UNSEEN", &n));
		imap_response_free(r);
	}
	r = one("* OK [UIDNEXT x] odd\r\n");
	CHECK(!imap_code_number(r, "UIDNEXT", &n));
	imap_response_free(r);
}

TEST(imap_flags_are_a_bitmask_and_keywords)
{
	struct imap_response *r = one(
	    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded \\Junk)\r\n");
	struct imap_flags f;
	struct err e;

	imap_flags_init(&f);
	CHECK_INT_EQ(imap_resp_flags(r, &f, &e), 0);
	CHECK_INT_EQ(f.bits, IMAP_FLAG_ANSWERED | IMAP_FLAG_FLAGGED | IMAP_FLAG_DELETED |
	    IMAP_FLAG_SEEN | IMAP_FLAG_DRAFT);
	CHECK_INT_EQ(f.keywords.len, 2);
	CHECK_STR_EQ(keyword(&f, 0), "$Forwarded");
	CHECK_STR_EQ(keyword(&f, 1), "\\Junk");
	imap_response_free(r);

	r = one("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded \\*)]"
	    " Flags permitted.\r\n");
	CHECK_INT_EQ(imap_code_permanentflags(r, &f, &e), 0);
	CHECK(f.bits & IMAP_FLAG_ANY_KEYWORD);
	CHECK_INT_EQ(f.keywords.len, 1);
	imap_response_free(r);

	/* system flags in any case; a flag must be an atom */
	r = one("* FLAGS (\\SEEN \\recent)\r\n");
	CHECK_INT_EQ(imap_resp_flags(r, &f, &e), 0);
	CHECK_INT_EQ(f.bits, IMAP_FLAG_SEEN | IMAP_FLAG_RECENT);
	imap_response_free(r);
	r = one("* FLAGS (\\Seen \"x\")\r\n");
	CHECK_INT_EQ(imap_resp_flags(r, &f, &e), -1);
	imap_response_free(r);
	r = one("* FLAGS \\Seen\r\n");
	CHECK_INT_EQ(imap_resp_flags(r, &f, &e), -1);
	imap_response_free(r);
	imap_flags_free(&f);
}

TEST(imap_capability_after_login_from_dovecot)
{
	struct imap_response *r = one(
	    "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY "
	    "THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE "
	    "UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC "
	    "ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY "
	    "PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE\r\n");
	struct imap_caps c;
	struct err e;

	imap_caps_init(&c);
	CHECK_INT_EQ(imap_resp_capability(r, &c, &e), 0);
	CHECK_INT_EQ(strvec_len(&c.names), 38);
	CHECK_INT_EQ(c.bits, IMAP_CAP_IMAP4REV1 | IMAP_CAP_SASL_IR | IMAP_CAP_ID |
	    IMAP_CAP_ENABLE | IMAP_CAP_IDLE | IMAP_CAP_SORT | IMAP_CAP_MULTIAPPEND |
	    IMAP_CAP_UNSELECT | IMAP_CAP_CHILDREN | IMAP_CAP_NAMESPACE | IMAP_CAP_UIDPLUS |
	    IMAP_CAP_LIST_EXTENDED | IMAP_CAP_CONDSTORE | IMAP_CAP_QRESYNC | IMAP_CAP_ESEARCH |
	    IMAP_CAP_SEARCHRES | IMAP_CAP_LIST_STATUS | IMAP_CAP_BINARY | IMAP_CAP_MOVE |
	    IMAP_CAP_LITERAL_PLUS | IMAP_CAP_SPECIAL_USE);
	CHECK(imap_caps_has(&c, "status=size"));
	CHECK(!imap_caps_has(&c, "STATUS"));
	imap_response_free(r);

	/* the same from a code; a new reading replaces the old */
	r = one("a1 OK [CAPABILITY IMAP4rev1 LITERAL- APPENDLIMIT=35651584 AUTH=PLAIN] Logged in\r\n");
	CHECK_INT_EQ(imap_code_capability(r, &c, &e), 0);
	CHECK_INT_EQ(c.bits, IMAP_CAP_IMAP4REV1 | IMAP_CAP_LITERAL_MINUS | IMAP_CAP_APPENDLIMIT);
	CHECK(imap_caps_has(&c, "AUTH=PLAIN"));
	CHECK(!imap_caps_has(&c, "IDLE"));
	CHECK_INT_EQ(imap_resp_capability(r, &c, &e), -1);
	imap_response_free(r);

	r = one("* ENABLED QRESYNC CONDSTORE\r\n");
	CHECK_INT_EQ(imap_resp_capability(r, &c, &e), 0);
	CHECK_INT_EQ(c.bits, IMAP_CAP_QRESYNC | IMAP_CAP_CONDSTORE);
	imap_response_free(r);
	imap_caps_free(&c);
}

TEST(imap_list_reads_special_use_and_extended_data)
{
	struct imap_list l;
	struct imap_response *r = one("* LIST (\\Sent) \"/\" Sent\r\n");
	struct err e;

	CHECK_INT_EQ(imap_resp_list(r, &l, &e), 0);
	CHECK_INT_EQ(l.attrs, IMAP_MBOX_SENT);
	CHECK_INT_EQ(l.delim, '/');
	CHECK_STR_EQ(l.name, "Sent");
	imap_response_free(r);

	r = one("* LIST (\\HasNoChildren) \"/\" \"My \\\"Quoted\\\" Folder\"\r\n");
	CHECK_INT_EQ(imap_resp_list(r, &l, &e), 0);
	CHECK_STR_EQ(l.name, "My \"Quoted\" Folder");
	CHECK_INT_EQ(l.name_len, 18);
	imap_response_free(r);

	r = one("* LIST () \"/\" Archive (CHILDINFO (\"SUBSCRIBED\"))\r\n");
	CHECK_INT_EQ(imap_resp_list(r, &l, &e), 0);
	CHECK(l.child_subscribed);
	CHECK(l.oldname == NULL);
	imap_response_free(r);

	r = one("* LIST (\\Noselect \\HasChildren \\Trash \\Junk) NIL inbox (\"OLDNAME\" (\"Old\"))\r\n");
	CHECK_INT_EQ(imap_resp_list(r, &l, &e), 0);
	CHECK_INT_EQ(l.attrs, IMAP_MBOX_NOSELECT | IMAP_MBOX_HASCHILDREN | IMAP_MBOX_TRASH |
	    IMAP_MBOX_JUNK);
	CHECK_INT_EQ(l.delim, '\0');
	CHECK_STR_EQ(l.name, "INBOX");
	CHECK_STR_EQ(l.oldname, "Old");
	imap_response_free(r);

	r = one("* LSUB () \".\" {9}\r\nINBOX.a b\r\n");
	CHECK_INT_EQ(imap_resp_list(r, &l, &e), 0);
	CHECK_STR_EQ(l.name, "INBOX.a b");
	imap_response_free(r);

	r = one("* LIST () \"//\" x\r\n");
	CHECK_INT_EQ(imap_resp_list(r, &l, &e), -1);
	imap_response_free(r);
	r = one("* LIST () \"/\"\r\n");
	CHECK_INT_EQ(imap_resp_list(r, &l, &e), -1);
	imap_response_free(r);
	r = one_n("* LIST () \"/\" {3}\r\na\0b\r\n", 24);
	CHECK_INT_EQ(imap_resp_list(r, &l, &e), -1);
	imap_response_free(r);
}

TEST(imap_mailbox_status_from_dovecot_list_status)
{
	struct imap_mailbox_status st;
	struct imap_response *r = one("* STATUS INBOX (MESSAGES 4 UIDNEXT 5 UIDVALIDITY 1795309847 "
	    "UNSEEN 3 HIGHESTMODSEQ 7 SIZE 331)\r\n");
	struct err e;

	CHECK_INT_EQ(imap_resp_mailbox_status(r, &st, &e), 0);
	CHECK_STR_EQ(st.name, "INBOX");
	CHECK_INT_EQ(st.have, IMAP_STATUS_MESSAGES | IMAP_STATUS_UIDNEXT |
	    IMAP_STATUS_UIDVALIDITY | IMAP_STATUS_UNSEEN | IMAP_STATUS_HIGHESTMODSEQ |
	    IMAP_STATUS_SIZE);
	CHECK_INT_EQ(st.messages, 4);
	CHECK_INT_EQ(st.uidnext, 5);
	CHECK_INT_EQ(st.uidvalidity, 1795309847);
	CHECK_INT_EQ(st.unseen, 3);
	CHECK_INT_EQ(st.highestmodseq, 7);
	CHECK_INT_EQ(st.size, 331);
	imap_response_free(r);

	r = one("* STATUS Entw&APw-rfe (MESSAGES 0 MAILBOXID (F123) RECENT 1)\r\n");
	CHECK_INT_EQ(imap_resp_mailbox_status(r, &st, &e), 0);
	CHECK_STR_EQ(st.name, "Entw&APw-rfe");
	CHECK_INT_EQ(st.have, IMAP_STATUS_MESSAGES | IMAP_STATUS_RECENT);
	CHECK_INT_EQ(st.recent, 1);
	imap_response_free(r);

	r = one("* STATUS x (MESSAGES 4294967296)\r\n");
	CHECK_INT_EQ(imap_resp_mailbox_status(r, &st, &e), -1);
	imap_response_free(r);
	r = one("* STATUS x (MESSAGES)\r\n");
	CHECK_INT_EQ(imap_resp_mailbox_status(r, &st, &e), -1);
	imap_response_free(r);
}

TEST(imap_search_numbers_and_modseq)
{
	struct vec nums = VEC_INIT(uint32_t);
	struct imap_response *r = one("* SEARCH 1 2 3 4 (MODSEQ 7)\r\n");
	uint64_t modseq;
	struct err e;

	CHECK_INT_EQ(imap_resp_search(r, &nums, &modseq, &e), 0);
	CHECK_INT_EQ(nums.len, 4);
	CHECK_INT_EQ(*VEC_AT(&nums, uint32_t, 3), 4);
	CHECK_INT_EQ(modseq, 7);
	imap_response_free(r);

	vec_clear(&nums);
	r = one("* SEARCH\r\n");
	CHECK_INT_EQ(imap_resp_search(r, &nums, &modseq, &e), 0);
	CHECK_INT_EQ(nums.len, 0);
	CHECK_INT_EQ(modseq, 0);
	imap_response_free(r);

	r = one("* SEARCH 1 (MODSEQ 7) 2\r\n");
	CHECK_INT_EQ(imap_resp_search(r, &nums, &modseq, &e), -1);
	imap_response_free(r);
	r = one("* SEARCH 0\r\n");
	CHECK_INT_EQ(imap_resp_search(r, &nums, &modseq, &e), -1);
	imap_response_free(r);
	vec_free(&nums);
}

TEST(imap_esearch_from_dovecot)
{
	struct imap_esearch es;
	struct imap_response *r = one("* ESEARCH (TAG \"c11\") UID MIN 1 MAX 4 ALL 1:4 COUNT 4\r\n");
	struct err e;

	imap_esearch_init(&es);
	CHECK_INT_EQ(imap_resp_esearch(r, &es, &e), 0);
	CHECK_STR_EQ(es.tag, "c11");
	CHECK(es.uid);
	CHECK_INT_EQ(es.have, IMAP_ESEARCH_MIN | IMAP_ESEARCH_MAX | IMAP_ESEARCH_ALL |
	    IMAP_ESEARCH_COUNT);
	CHECK_INT_EQ(es.min, 1);
	CHECK_INT_EQ(es.max, 4);
	CHECK_INT_EQ(es.count, 4);
	CHECK_STR_EQ(seqset_str(&es.all), "1:4");
	imap_response_free(r);
	imap_esearch_free(&es);

	/* nothing found: no items at all */
	imap_esearch_init(&es);
	r = one("* ESEARCH (TAG \"r8\") UID\r\n");
	CHECK_INT_EQ(imap_resp_esearch(r, &es, &e), 0);
	CHECK_INT_EQ(es.have, 0);
	imap_response_free(r);
	imap_esearch_free(&es);

	imap_esearch_init(&es);
	r = one("* ESEARCH ALL 7 MODSEQ 9 PARTIAL (1:10 NIL)\r\n");
	CHECK_INT_EQ(imap_resp_esearch(r, &es, &e), 0);
	CHECK(es.tag == NULL && !es.uid);
	CHECK_STR_EQ(seqset_str(&es.all), "7");
	CHECK_INT_EQ(es.modseq, 9);
	imap_response_free(r);
	r = one("* ESEARCH UID ALL 1:x\r\n");
	CHECK_INT_EQ(imap_resp_esearch(r, &es, &e), -1);
	imap_response_free(r);
	r = one("* ESEARCH UID COUNT\r\n");
	CHECK_INT_EQ(imap_resp_esearch(r, &es, &e), -1);
	imap_response_free(r);
	imap_esearch_free(&es);
}

TEST(imap_vanished_earlier_from_dovecot_qresync)
{
	struct imap_seqset uids;
	struct imap_response *r = one("* VANISHED (EARLIER) 3:4\r\n");
	bool earlier;
	struct err e;

	imap_seqset_init(&uids);
	CHECK_INT_EQ(imap_resp_vanished(r, &earlier, &uids, &e), 0);
	CHECK(earlier);
	CHECK_STR_EQ(seqset_str(&uids), "3:4");
	imap_response_free(r);

	imap_seqset_clear(&uids);
	r = one("* VANISHED 41,43:116,118\r\n");
	CHECK_INT_EQ(imap_resp_vanished(r, &earlier, &uids, &e), 0);
	CHECK(!earlier);
	CHECK_INT_EQ(imap_seqset_count(&uids), 76);
	imap_response_free(r);

	r = one("* VANISHED (EARLIER)\r\n");
	CHECK_INT_EQ(imap_resp_vanished(r, &earlier, &uids, &e), -1);
	imap_response_free(r);
	imap_seqset_free(&uids);
}

TEST(imap_numbered_responses_give_their_number)
{
	struct imap_response *r = one("* 4 EXISTS\r\n");
	uint32_t n;
	struct err e;

	CHECK_INT_EQ(imap_resp_number(r, &n, &e), 0);
	CHECK_INT_EQ(n, 4);
	imap_response_free(r);
	r = one("* 0 EXISTS\r\n");
	CHECK_INT_EQ(imap_resp_number(r, &n, &e), 0);
	CHECK_INT_EQ(n, 0);
	imap_response_free(r);
	r = one("* 0 EXPUNGE\r\n");
	CHECK_INT_EQ(imap_resp_number(r, &n, &e), -1);
	imap_response_free(r);
	r = one("* 4294967296 EXISTS\r\n");
	CHECK_INT_EQ(imap_resp_number(r, &n, &e), -1);
	imap_response_free(r);
	r = one("* FLAGS ()\r\n");
	CHECK_INT_EQ(imap_resp_number(r, &n, &e), -1);
	imap_response_free(r);
}

TEST(imap_fetch_reads_uid_flags_modseq_date_and_size)
{
	struct imap_fetch f;
	struct imap_response *r = one("* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent $Forwarded) MODSEQ (6) "
	    "INTERNALDATE \"03-Mar-2025 09:00:00 +0000\" RFC822.SIZE 205)\r\n");
	struct err e;

	imap_fetch_init(&f);
	CHECK_INT_EQ(imap_resp_fetch(r, &f, &e), 0);
	CHECK_INT_EQ(f.seq, 1);
	CHECK_INT_EQ(f.have, IMAP_FETCH_UID | IMAP_FETCH_FLAGS | IMAP_FETCH_MODSEQ |
	    IMAP_FETCH_INTERNALDATE | IMAP_FETCH_SIZE);
	CHECK_INT_EQ(f.uid, 1);
	CHECK_INT_EQ(f.flags.bits, IMAP_FLAG_SEEN | IMAP_FLAG_RECENT);
	CHECK_STR_EQ(keyword(&f.flags, 0), "$Forwarded");
	CHECK_INT_EQ(f.modseq, 6);
	CHECK_INT_EQ(f.internaldate, 1740992400);
	CHECK_INT_EQ(f.size, 205);
	imap_response_free(r);

	/* a STORE echo: only what changed; the fetch is read afresh */
	r = one("* 1 FETCH (UID 1 MODSEQ (10) FLAGS (\\Flagged \\Seen \\Recent))\r\n");
	CHECK_INT_EQ(imap_resp_fetch(r, &f, &e), 0);
	CHECK_INT_EQ(f.have, IMAP_FETCH_UID | IMAP_FETCH_FLAGS | IMAP_FETCH_MODSEQ);
	CHECK_INT_EQ(f.flags.keywords.len, 0);
	CHECK_INT_EQ(f.modseq, 10);
	imap_response_free(r);
	imap_fetch_free(&f);
}

TEST(imap_fetch_sections_are_found_by_the_name_the_command_used)
{
	static const char text[] =
	    "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM SUBJECT)] {25}\r\n"
	    "Subject: literal trap\r\n\r\n"
	    " BODY[] {13}\r\nA001 OK x\r\n\r\n BINARY[1] ~{4}\r\nzw\0i"
	    " BODY[]<0> {3}\r\nFro BODY[2.TEXT] NIL RFC822.HEADER \"h\")\r\n";
	struct imap_fetch f;
	const struct imap_section *s;
	struct imap_response *r;
	struct imap_parser *p = imap_parser_new();
	struct err e;

	imap_parser_feed(p, text, sizeof(text) - 1);
	if (imap_parser_next(p, &r, &e) != 1) {
		CHECK_FAIL_AT("the FETCH was not read: %s", e.msg);
		imap_parser_free(p);
		return;
	}
	imap_fetch_init(&f);
	CHECK_INT_EQ(imap_resp_fetch(r, &f, &e), 0);
	CHECK_INT_EQ(f.sections.len, 6);
	s = imap_fetch_section(&f, "BODY.PEEK[HEADER.FIELDS (From  \"Subject\")]");
	CHECK(s != NULL && s->len == 25 && memcmp(s->data, "Subject: literal trap\r\n\r\n", 25) == 0);
	s = imap_fetch_section(&f, "body.peek[]");
	CHECK(s != NULL && s->len == 13 && !s->partial);
	s = imap_fetch_section(&f, "BINARY.PEEK[1]");
	CHECK(s != NULL && s->len == 4 && memcmp(s->data, "zw\0i", 4) == 0);
	s = imap_fetch_section(&f, "BODY.PEEK[]<0.3>");
	/* both BODY[] and BODY[]<0> answer it: the first one sent wins */
	CHECK(s != NULL && s->len == 13);
	CHECK(VEC_AT(&f.sections, struct imap_section, 3)->partial);
	CHECK_INT_EQ(VEC_AT(&f.sections, struct imap_section, 3)->origin, 0);
	s = imap_fetch_section(&f, "BODY[2.TEXT]");
	CHECK(s != NULL && s->data == NULL && s->len == 0);
	s = imap_fetch_section(&f, "RFC822.HEADER");
	CHECK(s != NULL && s->len == 1);
	CHECK(imap_fetch_section(&f, "BODY[1]") == NULL);
	CHECK(imap_fetch_section(&f, "BODY[HEADER.FIELDS (FROM)]") == NULL);
	imap_response_free(r);
	imap_fetch_free(&f);
	imap_parser_free(p);
}

TEST(imap_fetch_gives_bodystructure_and_envelope_as_trees)
{
	struct imap_fetch f;
	struct imap_response *r = one("* 2 FETCH (UID 2 BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" "
	    "\"us-ascii\") NIL NIL \"7bit\" 6 1 NIL NIL NIL NIL) ENVELOPE (NIL \"three\" NIL NIL NIL "
	    "NIL NIL NIL NIL NIL) X-GM-MSGID 1278455344230334865 PREVIEW \"zwei\")\r\n");
	struct err e;

	imap_fetch_init(&f);
	CHECK_INT_EQ(imap_resp_fetch(r, &f, &e), 0);
	CHECK_INT_EQ(f.have, IMAP_FETCH_UID | IMAP_FETCH_BODYSTRUCTURE | IMAP_FETCH_ENVELOPE);
	CHECK_INT_EQ(imap_list_len(f.bodystructure), 12);
	CHECK_STR_EQ(imap_list_item(f.bodystructure, 1)->data, "plain");
	CHECK_STR_EQ(imap_list_item(f.envelope, 1)->data, "three");
	imap_response_free(r);
	imap_fetch_free(&f);
}

TEST(imap_fetch_refuses_bad_items_as_a_message_error)
{
	static const char *const bad[] = {
		"* 1 FETCH (UID 0)\r\n",
		"* 1 FETCH (UID)\r\n",
		"* 1 FETCH (UID 4294967296)\r\n",
		"* 1 FETCH (FLAGS \\Seen)\r\n",
		"* 1 FETCH (MODSEQ 5)\r\n",
		"* 1 FETCH (INTERNALDATE \"31-Feb-2025 09:00:00 +0000\")\r\n",
		"* 1 FETCH (RFC822.SIZE \"5\")\r\n",
		"* 1 FETCH (BODY[] (x))\r\n",
		"* 1 FETCH (BODY[]<x> \"a\")\r\n",
		"* 1 FETCH (\"UID\" 5)\r\n",
		"* 1 FETCH UID 5\r\n",
		"* 0 FETCH (UID 5)\r\n",
		"* 1 FETCH (UID 5) (UID 6)\r\n",
	};
	struct imap_fetch f;
	struct err e;

	imap_fetch_init(&f);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct imap_response *r = one(bad[i]);

		err_clear(&e);
		if (imap_resp_fetch(r, &f, &e) != -1 || e.scope != ERR_MESSAGE)
			CHECK_FAIL_AT("%s was read (scope %d)", bad[i], e.scope);
		imap_response_free(r);
	}
	imap_fetch_free(&f);
}

TEST(imap_internaldate_is_read_to_utc)
{
	static const struct {
		const char *s;
		int64_t utc;
	} good[] = {
		{ "17-Jul-1996 02:44:25 -0700", 837596665 },
		{ " 7-Jul-1996 02:44:25 -0700", 836732665 },
		{ "7-jul-1996 09:44:25 +0000", 836732665 },
		{ "29-Feb-2024 23:59:59 +0130", 1709245799 },
		{ "01-Jan-1970 00:00:00 +0000", 0 },
		{ "31-Dec-1969 23:00:00 -0100", 0 },
	};
	static const char *const bad[] = {
		"29-Feb-2023 00:00:00 +0000", "17-Jux-1996 02:44:25 -0700",
		"17-Jul-1996 24:00:00 +0000", "17-Jul-1996 02:44:25", "17-Jul-96 02:44:25 +0000",
		"17-Jul-1996 02:44:25 +0000 ", "", "1-Jan-2000 00:00:00 +0060",
	};
	int64_t t;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		t = -1;
		CHECK_INT_EQ(imap_date_parse(good[i].s, strlen(good[i].s), &t), 0);
		CHECK_INT_EQ(t, good[i].utc);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (imap_date_parse(bad[i], strlen(bad[i]), &t) != -1)
			CHECK_FAIL_AT("\"%s\" was read", bad[i]);
}

/* What an engine keeps of a folder after SELECT, filled by dispatching on the response type. */
struct folder {
	uint32_t exists, uidvalidity, uidnext;
	uint64_t highestmodseq;
	struct imap_seqset vanished;
	uint32_t fetched_uid;
	unsigned fetched_flags;
	unsigned special;		/* IMAP_MBOX_* of every LIST seen */
	int done;			/* tagged OKs seen */
};

static void
apply(struct folder *fo, const struct imap_response *r)
{
	struct imap_status st;
	struct imap_fetch f;
	struct imap_list l;
	uint64_t n;
	bool earlier;
	struct err e;

	switch (imap_resp_type(r)) {
	case IMAP_T_STATUS:
		CHECK_INT_EQ(imap_resp_status(r, &st, &e), 0);
		fo->done += st.tag != NULL && st.cond == IMAP_OK;
		if (imap_code_number(r, "UIDVALIDITY", &n))
			fo->uidvalidity = (uint32_t)n;
		if (imap_code_number(r, "UIDNEXT", &n))
			fo->uidnext = (uint32_t)n;
		if (imap_code_number(r, "HIGHESTMODSEQ", &n))
			fo->highestmodseq = n;
		break;
	case IMAP_T_EXISTS:
		CHECK_INT_EQ(imap_resp_number(r, &fo->exists, &e), 0);
		break;
	case IMAP_T_VANISHED:
		CHECK_INT_EQ(imap_resp_vanished(r, &earlier, &fo->vanished, &e), 0);
		CHECK(earlier);
		break;
	case IMAP_T_FETCH:
		imap_fetch_init(&f);
		CHECK_INT_EQ(imap_resp_fetch(r, &f, &e), 0);
		fo->fetched_uid = f.uid;
		fo->fetched_flags = f.flags.bits;
		imap_fetch_free(&f);
		break;
	case IMAP_T_LIST:
		CHECK_INT_EQ(imap_resp_list(r, &l, &e), 0);
		fo->special |= l.attrs;
		break;
	default:
		break;
	}
}

TEST(imap_dovecot_qresync_select_reads_end_to_end)
{
	static const char session[] =
	    "* ENABLED QRESYNC CONDSTORE\r\n"
	    "q1 OK Enabled (0.001 + 0.000 secs).\r\n"
	    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n"
	    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded \\*)]"
	    " Flags permitted.\r\n"
	    "* 2 EXISTS\r\n"
	    "* 0 RECENT\r\n"
	    "* OK [UNSEEN 2] First unseen.\r\n"
	    "* OK [UIDVALIDITY 1795309847] UIDs valid\r\n"
	    "* OK [UIDNEXT 5] Predicted next UID\r\n"
	    "* OK [HIGHESTMODSEQ 10] Highest\r\n"
	    "* VANISHED (EARLIER) 3:4\r\n"
	    "* 1 FETCH (UID 1 FLAGS (\\Flagged \\Seen) MODSEQ (10))\r\n"
	    "q2 OK [READ-WRITE] Select completed (0.018 + 0.000 + 0.017 secs).\r\n"
	    "* LIST (\\Trash) \"/\" Trash\r\n"
	    "* LIST (\\Sent) \"/\" Sent\r\n"
	    "* LIST (\\Drafts) \"/\" Drafts\r\n"
	    "* LIST () \"/\" Entw&APw-rfe\r\n"
	    "* LIST () \"/\" INBOX\r\n"
	    "q4 OK List completed (0.001 + 0.000 secs).\r\n";
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	struct folder fo;

	memset(&fo, 0, sizeof(fo));
	imap_seqset_init(&fo.vanished);
	/* in the pieces a TLS connection might hand over */
	for (size_t at = 0; at < sizeof(session) - 1; at += 61) {
		size_t n = sizeof(session) - 1 - at < 61 ? sizeof(session) - 1 - at : 61;

		CHECK_INT_EQ(imap_parser_feed(p, session + at, n), 0);
		while (imap_parser_next(p, &r, NULL) == 1) {
			apply(&fo, r);
			imap_response_free(r);
		}
	}
	CHECK(imap_parser_at_boundary(p));
	CHECK_INT_EQ(fo.done, 3);
	CHECK_INT_EQ(fo.exists, 2);
	CHECK_INT_EQ(fo.uidvalidity, 1795309847);
	CHECK_INT_EQ(fo.uidnext, 5);
	CHECK_INT_EQ(fo.highestmodseq, 10);
	CHECK_STR_EQ(seqset_str(&fo.vanished), "3:4");
	CHECK_INT_EQ(fo.fetched_uid, 1);
	CHECK_INT_EQ(fo.fetched_flags, IMAP_FLAG_FLAGGED | IMAP_FLAG_SEEN);
	CHECK_INT_EQ(fo.special, IMAP_MBOX_TRASH | IMAP_MBOX_SENT | IMAP_MBOX_DRAFTS);
	imap_seqset_free(&fo.vanished);
	imap_parser_free(p);
}

CHECK_MAIN(
	imap_resp_type_names_each_response,
	imap_status_reads_tagged_and_untagged_conditions,
	imap_select_codes_give_their_numbers,
	imap_flags_are_a_bitmask_and_keywords,
	imap_capability_after_login_from_dovecot,
	imap_list_reads_special_use_and_extended_data,
	imap_mailbox_status_from_dovecot_list_status,
	imap_search_numbers_and_modseq,
	imap_esearch_from_dovecot,
	imap_vanished_earlier_from_dovecot_qresync,
	imap_numbered_responses_give_their_number,
	imap_fetch_reads_uid_flags_modseq_date_and_size,
	imap_fetch_sections_are_found_by_the_name_the_command_used,
	imap_fetch_gives_bodystructure_and_envelope_as_trees,
	imap_fetch_refuses_bad_items_as_a_message_error,
	imap_internaldate_is_read_to_utc,
	imap_dovecot_qresync_select_reads_end_to_end)
