/* Unit tests for sequence sets (net/imap-seqset.c) and the response codes that carry them. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "net/imap-parse.h"
#include "net/imap-resp.h"
#include "util/buf.h"
#include "util/err.h"

static const char *
seqset_str(const struct imap_seqset *set)
{
	static struct buf b;

	buf_reset(&b);
	imap_seqset_format(&b, set);
	return buf_cstr(&b);
}

/* Parses exactly one response (the test fails otherwise; never NULL). */
static struct imap_response *
one(const char *text)
{
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r = NULL;
	struct err e;

	imap_parser_feed(p, text, strlen(text));
	if (imap_parser_next(p, &r, &e) != 1) {
		CHECK_FAIL_AT("no response from \"%s\": %s", text, e.msg);
		imap_parser_reset(p);
		imap_parser_feed(p, "* X\r\n", 5);
		imap_parser_next(p, &r, &e);
	}
	imap_parser_free(p);
	return r;
}

TEST(imap_seqset_parses_and_formats)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "1:5,7,9:*", "1:5,7,9:*" }, { "5:1", "1:5" }, { "*:4", "4:*" }, { "*", "*" },
		{ "1,2,3,5", "1:3,5" }, { "1:3,2:6", "1:6" }, { "4294967295", "4294967295" },
		{ "3:4,1", "3:4,1" },
	};
	static const char *const bad[] = {
		"", "0", "1,", ",1", "1:", "a", "1::2", "4294967296", "1 2", "-1", "1:0",
	};
	struct imap_seqset set;
	struct err e;

	imap_seqset_init(&set);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		imap_seqset_clear(&set);
		CHECK_INT_EQ(imap_seqset_parse(&set, good[i].in, strlen(good[i].in), &e), 0);
		CHECK_STR_EQ(seqset_str(&set), good[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (imap_seqset_parse(&set, bad[i], strlen(bad[i]), &e) != -1)
			CHECK_FAIL_AT("\"%s\" was read", bad[i]);
	imap_seqset_free(&set);
}

TEST(imap_seqset_counts_contains_and_expands)
{
	struct vec out = VEC_INIT(uint32_t);
	struct imap_seqset set;
	struct err e;

	imap_seqset_init(&set);
	imap_seqset_parse(&set, "2:4,9,4294967295", 16, &e);
	CHECK_INT_EQ(imap_seqset_count(&set), 5);
	CHECK(imap_seqset_contains(&set, 3));
	CHECK(imap_seqset_contains(&set, 4294967295u));
	CHECK(!imap_seqset_contains(&set, 5));
	CHECK_INT_EQ(imap_seqset_expand(&set, &out, 5, &e), 0);
	CHECK_INT_EQ(out.len, 5);
	CHECK_INT_EQ(*VEC_AT(&out, uint32_t, 4), 4294967295u);
	CHECK_INT_EQ(imap_seqset_expand(&set, &out, 4, &e), -1);
	imap_seqset_clear(&set);
	imap_seqset_parse(&set, "7:*", 3, &e);
	CHECK(imap_seqset_contains(&set, 100000));
	CHECK(!imap_seqset_contains(&set, 6));
	CHECK_INT_EQ(imap_seqset_count(&set), 0);
	CHECK_INT_EQ(imap_seqset_expand(&set, &out, 1000, &e), -1);
	imap_seqset_clear(&set);
	imap_seqset_parse(&set, "*", 1, &e);
	CHECK(!imap_seqset_contains(&set, 1));
	imap_seqset_free(&set);
	vec_free(&out);
}

TEST(imap_uid_lists_format_compactly)
{
	static const uint32_t sorted[] = { 1, 2, 3, 7, 9, 10, 11, 12 };
	static const uint32_t dups[] = { 0, 5, 5, 6, 6, 8, 4294967295u };
	static const uint32_t unsorted[] = { 9, 3, 4, 1 };
	struct buf b = BUF_INIT;

	imap_uids_format(&b, sorted, 8);
	CHECK_STR_EQ(buf_cstr(&b), "1:3,7,9:12");
	buf_reset(&b);
	imap_uids_format(&b, dups, 7);
	CHECK_STR_EQ(buf_cstr(&b), "5:6,8,4294967295");
	buf_reset(&b);
	imap_uids_format(&b, unsorted, 4);
	CHECK_STR_EQ(buf_cstr(&b), "9,3:4,1");
	buf_reset(&b);
	imap_uids_format(&b, sorted, 0);
	CHECK_STR_EQ(buf_cstr(&b), "");
	buf_free(&b);
}

TEST(imap_uidplus_and_condstore_codes_give_sets)
{
	struct imap_seqset a, b;
	uint32_t uv;
	struct imap_response *r = one("s3 OK [APPENDUID 1795309829 1] Append completed.\r\n");
	struct err e;

	imap_seqset_init(&a);
	imap_seqset_init(&b);
	CHECK_INT_EQ(imap_code_appenduid(r, &uv, &a, &e), 0);
	CHECK_INT_EQ(uv, 1795309829);
	CHECK_STR_EQ(seqset_str(&a), "1");
	CHECK_INT_EQ(imap_code_copyuid(r, &uv, &a, &b, &e), -1);
	imap_response_free(r);

	imap_seqset_clear(&a);
	r = one("* OK [COPYUID 1795309845 4,7:9 1:4] Moved UIDs.\r\n");
	CHECK_INT_EQ(imap_code_copyuid(r, &uv, &a, &b, &e), 0);
	CHECK_INT_EQ(uv, 1795309845);
	CHECK_STR_EQ(seqset_str(&a), "4,7:9");
	CHECK_STR_EQ(seqset_str(&b), "1:4");
	imap_response_free(r);

	imap_seqset_clear(&a);
	r = one("A9 OK [MODIFIED 7,9] Conditional STORE failed\r\n");
	CHECK_INT_EQ(imap_code_seqset(r, "MODIFIED", &a, &e), 0);
	CHECK_STR_EQ(seqset_str(&a), "7,9");
	CHECK_INT_EQ(imap_code_seqset(r, "COPYUID", &a, &e), -1);
	imap_response_free(r);

	r = one("A9 OK [APPENDUID 0 1] x\r\n");
	CHECK_INT_EQ(imap_code_appenduid(r, &uv, &a, &e), -1);
	imap_response_free(r);
	imap_seqset_free(&a);
	imap_seqset_free(&b);
}

TEST(imap_seqset_add_merges_only_what_touches)
{
	struct imap_seqset set;

	imap_seqset_init(&set);
	imap_seqset_add(&set, 5, 10);
	imap_seqset_add(&set, 11, 11);
	imap_seqset_add(&set, 7, 8);
	imap_seqset_add(&set, 3, 4);
	imap_seqset_add(&set, 20, IMAP_STAR);
	imap_seqset_add(&set, 30, 40);
	CHECK_STR_EQ(seqset_str(&set), "5:11,3:4,20:*,30:40");
	imap_seqset_free(&set);
}

CHECK_MAIN(
	imap_seqset_parses_and_formats,
	imap_seqset_counts_contains_and_expands,
	imap_uid_lists_format_compactly,
	imap_uidplus_and_condstore_codes_give_sets,
	imap_seqset_add_merges_only_what_touches)
