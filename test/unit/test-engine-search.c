/* Unit tests for engine/search: the --search query language turned into IMAP SEARCH groups. */
#include "check.h"

#include "engine/search.h"
#include "net/imap-ops.h"

static const struct imap_search *
group(const struct eng_query *q, size_t i)
{
	return VEC_AT(&q->groups, struct imap_search, i);
}

TEST(search_query_maps_keys_to_one_group)
{
	struct eng_query q;
	struct err e;

	err_clear(&e);
	CHECK_INT_EQ(eng_query_parse(&q, "from:anna subject:\"Grüße aus \\\"Köln\\\"\" "
	    "is:unread since:2026-01-02 before:2026-02-01 word", &e), 0);
	CHECK_INT_EQ(q.groups.len, 1);
	CHECK_STR_EQ(group(&q, 0)->from, "anna");
	CHECK_STR_EQ(group(&q, 0)->subject, "Grüße aus \"Köln\"");
	CHECK_STR_EQ(group(&q, 0)->text, "word");
	CHECK(group(&q, 0)->unseen && !group(&q, 0)->seen);
	CHECK_INT_EQ(group(&q, 0)->since, 1767312000);
	CHECK_INT_EQ(group(&q, 0)->before, 1769904000);
	eng_query_free(&q);
}

TEST(search_query_ands_a_repeated_key_through_a_second_group)
{
	struct eng_query q;
	struct err e;

	CHECK_INT_EQ(eng_query_parse(&q, "alpha beta from:x", &e), 0);
	CHECK_INT_EQ(q.groups.len, 2);
	CHECK_STR_EQ(group(&q, 0)->text, "alpha");
	CHECK_STR_EQ(group(&q, 1)->text, "beta");
	CHECK_STR_EQ(group(&q, 0)->from, "x");
	eng_query_free(&q);
}

TEST(search_query_refuses_what_it_does_not_know)
{
	struct eng_query q;
	struct err e;

	CHECK_INT_EQ(eng_query_parse(&q, "frm:anna", &e), -1);
	CHECK(strstr(e.msg, "unknown search key 'frm:'") != NULL);
	CHECK_INT_EQ(eng_query_parse(&q, "since:2026-02-30", &e), -1);
	CHECK(strstr(e.msg, "is not a date") != NULL);
	CHECK_INT_EQ(eng_query_parse(&q, "subject:\"open", &e), -1);
	CHECK(strstr(e.msg, "quote is not closed") != NULL);
	CHECK_INT_EQ(eng_query_parse(&q, "is:spam", &e), -1);
}

TEST(search_query_takes_a_quoted_key_as_plain_text)
{
	struct eng_query q;
	struct err e;

	CHECK_INT_EQ(eng_query_parse(&q, "\"frm:anna\"", &e), 0);
	CHECK_STR_EQ(group(&q, 0)->text, "frm:anna");
	eng_query_free(&q);
}

CHECK_MAIN(search_query_maps_keys_to_one_group,
    search_query_ands_a_repeated_key_through_a_second_group,
    search_query_refuses_what_it_does_not_know, search_query_takes_a_quoted_key_as_plain_text)
