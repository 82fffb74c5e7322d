/* Unit tests for store/cache-summary: a parsed envelope made into a cached summary's strings. */
#include "check.h"

#include <stdlib.h>

#include "mime/addr.h"
#include "mime/render.h"
#include "store/cache.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/vec.h"
#include "util/xalloc.h"

static void
add_addr(struct vec *v, const char *name, const char *email)
{
	struct mime_addr *a = vec_push_zero(v);

	a->name = name != NULL ? xstrdup(name) : NULL;
	a->email = email != NULL ? xstrdup(email) : NULL;
}

TEST(summary_keeps_the_first_from_name_and_address_subject_date_and_ids)
{
	struct mime_summary s;
	struct cache_msg m = { .uid = 9, .flags = CACHE_SEEN };
	struct buf text = BUF_INIT;

	mime_summary_init(&s);
	add_addr(&s.from, "Anne Example", "anne@example.test");
	add_addr(&s.from, "Second", "second@example.test");
	s.subject = xstrdup("Hello");
	s.has_date = true;
	s.date = 1700000000;
	s.message_id = xstrdup("m@x");
	s.in_reply_to = xstrdup("p@x");
	buf_adds(&text, "left over from the last message");
	cache_msg_from_summary(&m, &s, &text);
	CHECK_STR_EQ(m.from, "Anne Example");
	CHECK_STR_EQ(m.from_email, "anne@example.test");
	CHECK_STR_EQ(m.subject, "Hello");
	CHECK_STR_EQ(m.message_id, "m@x");
	CHECK_STR_EQ(m.in_reply_to, "p@x");
	CHECK_INT_EQ(m.date, 1700000000);
	CHECK(m.to == NULL && m.references == NULL);
	/* what the summary does not know is left alone */
	CHECK_INT_EQ(m.uid, 9);
	CHECK_INT_EQ(m.flags, CACHE_SEEN);
	buf_free(&text);
	mime_summary_free(&s);
}

TEST(summary_without_a_name_or_a_date_leaves_them_out)
{
	struct mime_summary s;
	struct cache_msg m = { .date = 5 };
	struct buf text = BUF_INIT;

	mime_summary_init(&s);
	add_addr(&s.from, "", "bare@example.test");
	cache_msg_from_summary(&m, &s, &text);
	CHECK(m.from == NULL);
	CHECK_STR_EQ(m.from_email, "bare@example.test");
	CHECK_INT_EQ(m.date, 0);
	CHECK(m.subject == NULL && m.message_id == NULL);
	buf_free(&text);
	mime_summary_free(&s);
}

TEST(summary_to_lists_to_then_cc_compactly_and_counts_the_rest)
{
	struct mime_summary s;
	struct cache_msg m = { 0 };
	struct buf text = BUF_INIT;

	mime_summary_init(&s);
	add_addr(&s.to, NULL, "bob@example.test");
	add_addr(&s.to, "Carol", "carol@example.test");
	add_addr(&s.to, NULL, NULL);	/* an empty group */
	for (int i = 0; i < 30; i++)
		add_addr(&s.cc, "Somebody With A Long Name", "x@example.test");
	cache_msg_from_summary(&m, &s, &text);
	CHECK(m.to != NULL && strncmp(m.to, "bob@example.test, Carol, Somebody", 33) == 0);
	/* 6 of the 30 fit in CACHE_TO_MAX with the first two */
	CHECK(m.to != NULL && strlen(m.to) <= CACHE_TO_MAX + sizeof(" +24"));
	CHECK(m.to != NULL && str_ends_with(m.to, ", Somebody With A Long Name +24"));
	buf_free(&text);
	mime_summary_free(&s);
}

TEST(summary_cuts_long_text_at_a_character_not_inside_one)
{
	struct mime_summary s;
	struct cache_msg m = { 0 };
	struct buf text = BUF_INIT, subj = BUF_INIT;

	mime_summary_init(&s);
	buf_adds(&subj, "x");
	while (subj.len < CACHE_TEXT_MAX + 10)
		buf_adds(&subj, "\xc3\xa9");	/* é: the cut falls inside one */
	s.subject = buf_detach(&subj);
	cache_msg_from_summary(&m, &s, &text);
	CHECK(m.subject != NULL && strlen(m.subject) == CACHE_TEXT_MAX - 1);
	CHECK(m.subject != NULL &&
	    strncmp(m.subject, s.subject, CACHE_TEXT_MAX - 1) == 0);
	buf_free(&text);
	mime_summary_free(&s);
}

TEST(summary_references_keep_the_root_and_the_nearest_parents)
{
	struct mime_summary s;
	struct cache_msg m = { 0 };
	struct buf text = BUF_INIT, want = BUF_INIT;
	char id[32];

	mime_summary_init(&s);
	for (int i = 0; i < 30; i++) {
		snprintf(id, sizeof(id), "r%d@x", i);
		strvec_push(&s.references, id);
	}
	cache_msg_from_summary(&m, &s, &text);
	buf_adds(&want, "r0@x");
	for (int i = 30 - (CACHE_REFS_MAX - 1); i < 30; i++)
		buf_addf(&want, " r%d@x", i);
	CHECK_STR_EQ(m.references, buf_cstr(&want));
	strvec_free(&s.references);
	strvec_init(&s.references);
	strvec_push(&s.references, "a@x");
	strvec_push(&s.references, "b@x");
	cache_msg_from_summary(&m, &s, &text);
	CHECK_STR_EQ(m.references, "a@x b@x");
	buf_free(&want);
	buf_free(&text);
	mime_summary_free(&s);
}

CHECK_MAIN(summary_keeps_the_first_from_name_and_address_subject_date_and_ids,
    summary_without_a_name_or_a_date_leaves_them_out,
    summary_to_lists_to_then_cc_compactly_and_counts_the_rest,
    summary_cuts_long_text_at_a_character_not_inside_one,
    summary_references_keep_the_root_and_the_nearest_parents)
