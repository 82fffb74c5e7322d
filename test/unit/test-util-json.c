/* Unit tests for util/json: exact output, escaping of any bytes, misuse caught. */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/str.h"

/* One string value written alone, as a fresh C string; the caller frees it. */
static char *
json_of(const char *s, size_t len)
{
	struct json_writer w;
	struct buf b = BUF_INIT;

	json_init(&w, &b, 0);
	json_string_len(&w, s, len);
	return buf_detach(&b);
}

/* True when s holds a C1 control as a character (U+0080..U+009F). */
static bool
has_raw_c1(const char *s, size_t len)
{
	size_t i = 0;
	int32_t cp;

	while (i < len) {
		i += str_utf8_next(s + i, len - i, &cp);
		if (cp >= 0x80 && cp <= 0x9f)
			return true;
	}
	return false;
}

#define CHECK_JSON_STRING(in, want)                                          \
	do {                                                                 \
		char *got_ = json_of((in), sizeof(in) - 1);                  \
		CHECK_STR_EQ(got_, (want));                                  \
		free(got_);                                                  \
	} while (0)

TEST(json_compact_object_gets_commas_and_colons)
{
	struct json_writer w;
	struct buf b = BUF_INIT;
	struct err e;

	json_init(&w, &b, 0);
	json_begin_object(&w);
	json_key(&w, "uid");
	json_uint(&w, 42);
	json_key(&w, "subject");
	json_string(&w, "Hello");
	json_key(&w, "seen");
	json_bool(&w, true);
	json_key(&w, "flagged");
	json_bool(&w, false);
	json_key(&w, "date");
	json_null(&w);
	json_key(&w, "sizes");
	json_begin_array(&w);
	json_int(&w, 1);
	json_int(&w, -2);
	json_begin_object(&w);
	json_end_object(&w);
	json_begin_array(&w);
	json_end_array(&w);
	json_end_array(&w);
	json_end_object(&w);
	CHECK_INT_EQ(json_finish(&w, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "{\"uid\":42,\"subject\":\"Hello\","
	    "\"seen\":true,\"flagged\":false,\"date\":null,"
	    "\"sizes\":[1,-2,{},[]]}");
	buf_free(&b);
}

TEST(json_integers_cover_their_whole_range)
{
	struct json_writer w;
	struct buf b = BUF_INIT;
	struct err e;

	json_init(&w, &b, 0);
	json_begin_array(&w);
	json_int(&w, INT64_MIN);
	json_int(&w, INT64_MAX);
	json_int(&w, 0);
	json_uint(&w, UINT64_MAX);
	json_end_array(&w);
	CHECK_INT_EQ(json_finish(&w, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "[-9223372036854775808,"
	    "9223372036854775807,0,18446744073709551615]");
	buf_free(&b);
}

TEST(json_string_escapes_quote_and_backslash_but_not_slash)
{
	CHECK_JSON_STRING("say \"hi\" \\o/ </script>",
	    "\"say \\\"hi\\\" \\\\o/ </script>\"");
}

TEST(json_string_uses_short_escapes_for_common_controls)
{
	CHECK_JSON_STRING("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
}

TEST(json_string_escapes_other_c0_controls_as_u00xx)
{
	CHECK_JSON_STRING("\x00\x01\x07\x0b\x1b[31m\x1f",
	    "\"\\u0000\\u0001\\u0007\\u000b\\u001b[31m\\u001f\"");
}

TEST(json_string_escapes_del)
{
	CHECK_JSON_STRING("a\x7f" "b", "\"a\\u007fb\"");
}

TEST(json_string_escapes_c1_code_points)
{
	CHECK_JSON_STRING("\xc2\x80|\xc2\x85|\xc2\x9b" "2J|\xc2\x9f|\xc2\xa0",
	    "\"\\u0080|\\u0085|\\u009b2J|\\u009f|\xc2\xa0\"");
}

TEST(json_string_keeps_well_formed_utf8)
{
	CHECK_JSON_STRING("Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x95\x8a",
	    "\"Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x95\x8a\"");
}

TEST(json_string_replaces_ill_formed_utf8_with_u_fffd)
{
	/* lone CSI byte, 0xff, overlong '/', a surrogate, a sequence cut by the end */
	CHECK_JSON_STRING("\x9b|\xff|\xc0\xaf|\xed\xa0\x80|\xe2\x82",
	    "\"\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\"");
}

TEST(json_string_null_writes_null)
{
	struct json_writer w;
	struct buf b = BUF_INIT;

	json_init(&w, &b, 0);
	json_begin_object(&w);
	json_key(&w, "in_reply_to");
	json_string(&w, NULL);
	json_end_object(&w);
	CHECK_STR_EQ(buf_cstr(&b), "{\"in_reply_to\":null}");
	buf_free(&b);
}

TEST(json_key_is_escaped_like_a_string)
{
	struct json_writer w;
	struct buf b = BUF_INIT;

	json_init(&w, &b, 0);
	json_begin_object(&w);
	json_key(&w, "x-\"odd\"\n\xff");
	json_int(&w, 1);
	json_end_object(&w);
	CHECK_STR_EQ(buf_cstr(&b), "{\"x-\\\"odd\\\"\\n\xef\xbf\xbd\":1}");
	buf_free(&b);
}

TEST(json_output_is_valid_utf8_without_raw_controls_for_any_bytes)
{
	unsigned char s[3];
	struct buf b = BUF_INIT;
	struct json_writer w;
	int bad = 0;

	for (unsigned i = 0; i < 256; i++) {
		for (unsigned j = 0; j < 256; j++) {
			s[0] = (unsigned char)i;
			s[1] = (unsigned char)j;
			s[2] = 0x85;
			buf_reset(&b);
			json_init(&w, &b, 0);
			json_string_len(&w, (const char *)s, 3);
			if ((!str_utf8_valid(b.data, b.len) ||
			    str_has_ctl(b.data, b.len) ||
			    has_raw_c1(b.data, b.len)) && bad++ < 5)
				CHECK_FAIL_AT("bad output for %02x %02x 85", i, j);
		}
	}
	CHECK_INT_EQ(bad, 0);
	buf_free(&b);
}

TEST(json_pretty_mode_indents_by_two_spaces)
{
	struct json_writer w;
	struct buf b = BUF_INIT;
	struct err e;

	json_init(&w, &b, JSON_PRETTY);
	json_begin_object(&w);
	json_key(&w, "from");
	json_begin_array(&w);
	json_begin_object(&w);
	json_key(&w, "name");
	json_string(&w, "A");
	json_key(&w, "email");
	json_string(&w, "a@x.test");
	json_end_object(&w);
	json_end_array(&w);
	json_key(&w, "cc");
	json_begin_array(&w);
	json_end_array(&w);
	json_end_object(&w);
	CHECK_INT_EQ(json_finish(&w, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b),
	    "{\n"
	    "  \"from\": [\n"
	    "    {\n"
	    "      \"name\": \"A\",\n"
	    "      \"email\": \"a@x.test\"\n"
	    "    }\n"
	    "  ],\n"
	    "  \"cc\": []\n"
	    "}");
	buf_free(&b);
}

TEST(json_a_lone_scalar_is_a_complete_document)
{
	struct json_writer w;
	struct buf b = BUF_INIT;
	struct err e;

	json_init(&w, &b, JSON_PRETTY);
	json_string(&w, "x");
	CHECK_INT_EQ(json_finish(&w, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "\"x\"");
	buf_free(&b);
}

TEST(json_one_writer_per_line_gives_one_object_per_line)
{
	struct json_writer w;
	struct buf b = BUF_INIT;
	struct err e;

	for (int uid = 1; uid <= 2; uid++) {
		json_init(&w, &b, 0);
		json_begin_object(&w);
		json_key(&w, "uid");
		json_int(&w, uid);
		json_end_object(&w);
		CHECK_INT_EQ(json_finish(&w, &e), 0);
		buf_addc(&b, '\n');
	}
	CHECK_STR_EQ(buf_cstr(&b), "{\"uid\":1}\n{\"uid\":2}\n");
	buf_free(&b);
}

TEST(json_nests_to_the_maximum_depth)
{
	struct json_writer w;
	struct buf b = BUF_INIT;
	struct err e;

	json_init(&w, &b, 0);
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		json_begin_array(&w);
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		json_end_array(&w);
	CHECK_INT_EQ(json_finish(&w, &e), 0);
	CHECK_INT_EQ(b.len, 2 * JSON_MAX_DEPTH);
	buf_free(&b);
}

TEST(json_nesting_deeper_than_the_maximum_is_refused)
{
	struct json_writer w;
	struct buf b = BUF_INIT;
	struct err e;

	json_init(&w, &b, 0);
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_begin_array(&w);
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_end_array(&w);
	CHECK_INT_EQ(json_finish(&w, &e), -1);
	CHECK_STR_EQ(e.msg, "cannot write JSON: nesting deeper than 64 levels");
	/* nothing was written past the refusal */
	CHECK_INT_EQ(b.len, JSON_MAX_DEPTH);
	buf_free(&b);
}

/* Finishes w and checks that it reports `why`. */
static void
check_misuse(struct json_writer *w, const char *why)
{
	struct err e;
	char want[256];

	snprintf(want, sizeof(want), "cannot write JSON: %s", why);
	CHECK_INT_EQ(json_finish(w, &e), -1);
	CHECK_STR_EQ(e.msg, want);
}

TEST(json_value_in_an_object_without_a_key_is_refused)
{
	struct json_writer w;
	struct buf b = BUF_INIT;

	json_init(&w, &b, 0);
	json_begin_object(&w);
	json_int(&w, 1);
	json_key(&w, "later");
	json_int(&w, 2);
	json_end_object(&w);
	check_misuse(&w, "a value in an object without a key");
	CHECK_STR_EQ(buf_cstr(&b), "{");
	buf_free(&b);
}

TEST(json_key_outside_an_object_or_twice_is_refused)
{
	struct json_writer w;
	struct buf b = BUF_INIT;

	json_init(&w, &b, 0);
	json_begin_array(&w);
	json_key(&w, "k");
	check_misuse(&w, "a key outside an object");
	buf_reset(&b);
	json_init(&w, &b, 0);
	json_begin_object(&w);
	json_key(&w, "a");
	json_key(&w, "b");
	check_misuse(&w, "two keys in a row");
	buf_reset(&b);
	json_init(&w, &b, 0);
	json_begin_object(&w);
	json_key(&w, "a");
	json_end_object(&w);
	check_misuse(&w, "a key without a value");
	buf_free(&b);
}

TEST(json_mismatched_end_is_refused)
{
	struct json_writer w;
	struct buf b = BUF_INIT;

	json_init(&w, &b, 0);
	json_begin_object(&w);
	json_end_array(&w);
	check_misuse(&w, "an array end without its beginning");
	buf_reset(&b);
	json_init(&w, &b, 0);
	json_end_object(&w);
	check_misuse(&w, "an object end without its beginning");
	buf_free(&b);
}

TEST(json_second_top_level_value_is_refused)
{
	struct json_writer w;
	struct buf b = BUF_INIT;

	json_init(&w, &b, 0);
	json_begin_object(&w);
	json_end_object(&w);
	json_begin_object(&w);
	check_misuse(&w, "more than one top-level value");
	CHECK_STR_EQ(buf_cstr(&b), "{}");
	buf_free(&b);
}

TEST(json_unfinished_or_empty_document_is_reported)
{
	struct json_writer w;
	struct buf b = BUF_INIT;

	json_init(&w, &b, 0);
	check_misuse(&w, "the value is not complete");
	json_begin_object(&w);
	json_key(&w, "a");
	json_begin_array(&w);
	check_misuse(&w, "the value is not complete");
	buf_free(&b);
}

CHECK_MAIN(json_compact_object_gets_commas_and_colons,
    json_integers_cover_their_whole_range,
    json_string_escapes_quote_and_backslash_but_not_slash,
    json_string_uses_short_escapes_for_common_controls,
    json_string_escapes_other_c0_controls_as_u00xx,
    json_string_escapes_del,
    json_string_escapes_c1_code_points,
    json_string_keeps_well_formed_utf8,
    json_string_replaces_ill_formed_utf8_with_u_fffd,
    json_string_null_writes_null,
    json_key_is_escaped_like_a_string,
    json_output_is_valid_utf8_without_raw_controls_for_any_bytes,
    json_pretty_mode_indents_by_two_spaces,
    json_a_lone_scalar_is_a_complete_document,
    json_one_writer_per_line_gives_one_object_per_line,
    json_nests_to_the_maximum_depth,
    json_nesting_deeper_than_the_maximum_is_refused,
    json_value_in_an_object_without_a_key_is_refused,
    json_key_outside_an_object_or_twice_is_refused,
    json_mismatched_end_is_refused,
    json_second_top_level_value_is_refused,
    json_unfinished_or_empty_document_is_reported)
