/* Unit tests for mime/header: scanning header blocks of every shape, unfolding, finding fields. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "mime/header.h"
#include "mime/limits.h"
#include "util/buf.h"
#include "util/xalloc.h"

/*
 * The scanner's input is not NUL-terminated: each test copies its text into
 * a buffer of exactly its length, so reading one byte too far is caught.
 */
struct scan {
	char *data;
	size_t len;
	size_t body;
	struct mime_header h;
};

static void
scan(struct scan *s, const char *text, size_t len)
{
	s->data = xmalloc(len > 0 ? len : 1);
	memcpy(s->data, text, len);
	s->len = len;
	mime_header_init(&s->h);
	s->body = mime_header_scan(&s->h, s->data, len);
}

/* The body is not NUL-terminated either. */
#define CHECK_BODY(s, text)                                                  \
	CHECK_MEM_EQ((s).data + (s).body, (s).len - (s).body, (text), strlen(text))

static bool
body_starts(const struct scan *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s->len - s->body >= n && memcmp(s->data + s->body, prefix, n) == 0;
}

static void
scan_str(struct scan *s, const char *text)
{
	scan(s, text, strlen(text));
}

static void
scan_free(struct scan *s)
{
	mime_header_free(&s->h);
	free(s->data);
}

static const struct mime_field *
field(const struct scan *s, size_t i)
{
	return i < s->h.fields.len ? VEC_AT(&s->h.fields, struct mime_field, i) : NULL;
}

/* The field's name or value as a C string in a static buffer (tests only). */
static const char *
name_of(const struct mime_field *f)
{
	static char out[256];

	if (f == NULL)
		return "(none)";
	snprintf(out, sizeof(out), "%.*s", (int)f->name_len, f->name);
	return out;
}

static const char *
value_of(const struct mime_field *f)
{
	static char out[8192];

	if (f == NULL)
		return "(none)";
	snprintf(out, sizeof(out), "%.*s", (int)f->value_len, f->value);
	return out;
}

static char *
unfolded(const struct mime_field *f)
{
	struct buf b = BUF_INIT;

	mime_field_unfold(&b, f);
	return buf_detach(&b);
}

static char *
text_of(const struct mime_field *f)
{
	struct buf b = BUF_INIT;

	mime_field_text(&b, f);
	return buf_detach(&b);
}

/* The same three-field header and body with the given line end. */
static void
check_line_ends(const char *eol)
{
	struct buf msg = BUF_INIT;
	struct scan s;

	buf_addf(&msg, "From: a@example.test%sTo: b@example.test%sSubject: hi%s%sbody%s",
	    eol, eol, eol, eol, eol);
	scan(&s, msg.data, msg.len);
	CHECK_INT_EQ(s.h.fields.len, 3);
	CHECK_STR_EQ(name_of(field(&s, 0)), "From");
	CHECK_STR_EQ(value_of(field(&s, 0)), "a@example.test");
	CHECK_STR_EQ(value_of(field(&s, 1)), "b@example.test");
	CHECK_STR_EQ(value_of(field(&s, 2)), "hi");
	CHECK(body_starts(&s, "body"));
	CHECK(!s.h.malformed);
	CHECK(!s.h.truncated);
	scan_free(&s);
	buf_free(&msg);
}

TEST(header_scan_splits_crlf_fields_and_finds_the_body)
{
	check_line_ends("\r\n");
}

TEST(header_scan_accepts_lf_only_line_ends)
{
	check_line_ends("\n");
}

TEST(header_scan_accepts_lone_cr_line_ends)
{
	check_line_ends("\r");
}

TEST(header_scan_accepts_mixed_line_ends)
{
	struct scan s;

	scan_str(&s, "A: 1\r\nB: 2\nC: 3\rD: 4\r\n\nbody");
	CHECK_INT_EQ(s.h.fields.len, 4);
	CHECK_STR_EQ(value_of(field(&s, 0)), "1");
	CHECK_STR_EQ(value_of(field(&s, 1)), "2");
	CHECK_STR_EQ(value_of(field(&s, 2)), "3");
	CHECK_STR_EQ(value_of(field(&s, 3)), "4");
	CHECK_BODY(s, "body");
	scan_free(&s);
}

TEST(header_folded_value_keeps_its_folds_as_written)
{
	struct scan s;

	scan_str(&s, "Subject: one\r\n two\r\n\tthree\r\nX: y\r\n\r\n");
	CHECK_INT_EQ(s.h.fields.len, 2);
	CHECK_STR_EQ(value_of(field(&s, 0)), "one\r\n two\r\n\tthree");
	CHECK_STR_EQ(value_of(field(&s, 1)), "y");
	CHECK_INT_EQ(s.body, s.len);
	scan_free(&s);
}

TEST(header_unfold_removes_only_breaks_before_white_space)
{
	struct scan s;
	char *u;

	scan_str(&s, "Subject: one\r\n two\n\tthree\r four  \r\n\r\n");
	u = unfolded(field(&s, 0));
	CHECK_STR_EQ(u, "one two\tthree four");
	free(u);
	scan_free(&s);
}

TEST(header_unfold_keeps_a_break_not_followed_by_white_space)
{
	struct mime_field f = { "X", 1, "a\r\nb\nc \r\n", 9 };
	char *u = unfolded(&f);

	CHECK_STR_EQ(u, "a\r\nb\nc");
	free(u);
}

TEST(header_unfold_appends_to_what_is_already_there)
{
	struct mime_field f = { "X", 1, "b \r\n c ", 7 };
	struct buf b = BUF_INIT;

	buf_adds(&b, "a ");
	mime_field_unfold(&b, &f);
	CHECK_STR_EQ(buf_cstr(&b), "a b  c");
	buf_free(&b);
}

TEST(header_field_over_998_bytes_is_kept_whole)
{
	struct buf msg = BUF_INIT, want = BUF_INIT;
	struct scan s;

	for (int i = 0; i < 1000; i++)
		buf_adds(&want, "word ");
	buf_adds(&want, "end");
	buf_addf(&msg, "Subject: %s\r\nX: y\r\n\r\nbody", want.data);
	scan(&s, msg.data, msg.len);
	CHECK_INT_EQ(s.h.fields.len, 2);
	CHECK_INT_EQ(field(&s, 0)->value_len, want.len);
	CHECK_MEM_EQ(field(&s, 0)->value, field(&s, 0)->value_len, want.data, want.len);
	CHECK_BODY(s, "body");
	scan_free(&s);
	buf_free(&msg);
	buf_free(&want);
}

TEST(header_repeated_fields_are_all_kept_in_order)
{
	struct scan s;

	scan_str(&s, "Received: one\r\nReceived: two\r\nFrom: a@x\r\nreceived: three\r\n\r\n");
	CHECK_INT_EQ(s.h.fields.len, 4);
	CHECK_INT_EQ(mime_header_count(&s.h, "Received"), 3);
	CHECK_INT_EQ(mime_header_count(&s.h, "RECEIVED"), 3);
	CHECK_INT_EQ(mime_header_count(&s.h, "From"), 1);
	CHECK_INT_EQ(mime_header_count(&s.h, "To"), 0);
	CHECK_STR_EQ(value_of(field(&s, 3)), "three");
	scan_free(&s);
}

TEST(header_find_ignores_case_and_returns_the_first)
{
	struct scan s;

	scan_str(&s, "From: first@x\r\nSubject: s\r\nFROM: second@x\r\n\r\n");
	CHECK_STR_EQ(value_of(mime_header_find(&s.h, "from")), "first@x");
	CHECK_STR_EQ(value_of(mime_header_find(&s.h, "SUBJECT")), "s");
	CHECK(mime_header_find(&s.h, "Subjec") == NULL);
	CHECK(mime_header_find(&s.h, "Subjects") == NULL);
	CHECK(mime_header_find(&s.h, "Date") == NULL);
	scan_free(&s);
}

TEST(header_leading_mbox_from_line_is_skipped)
{
	struct scan s;

	scan_str(&s, "From alice@example.test Sun Nov 22 10:04:05 2026\nFrom: alice@example.test\n\nbody");
	CHECK_INT_EQ(s.h.fields.len, 1);
	CHECK_STR_EQ(name_of(field(&s, 0)), "From");
	CHECK_STR_EQ(value_of(field(&s, 0)), "alice@example.test");
	CHECK(!s.h.malformed);
	CHECK_BODY(s, "body");
	scan_free(&s);
}

TEST(header_without_empty_line_ends_at_the_first_non_field_line)
{
	struct scan s;

	scan_str(&s, "From: a@x\r\nSubject: hi\r\nThis line is the body.\r\nMore: body\r\n");
	CHECK_INT_EQ(s.h.fields.len, 2);
	CHECK(s.h.malformed);
	CHECK(body_starts(&s, "This line"));
	scan_free(&s);
}

TEST(header_that_runs_to_the_end_of_data_leaves_an_empty_body)
{
	struct scan s;

	scan_str(&s, "From: a@x\r\nSubject: no newline at the end");
	CHECK_INT_EQ(s.h.fields.len, 2);
	CHECK_STR_EQ(value_of(field(&s, 1)), "no newline at the end");
	CHECK_INT_EQ(s.body, s.len);
	CHECK(!s.h.malformed);
	scan_free(&s);
}

TEST(header_absent_when_data_starts_with_an_empty_line)
{
	struct scan s;

	scan_str(&s, "\r\nFrom: this is body text\r\n");
	CHECK_INT_EQ(s.h.fields.len, 0);
	CHECK_INT_EQ(s.body, 2);
	CHECK(!s.h.malformed);
	scan_free(&s);
}

TEST(header_absent_when_the_first_line_is_no_field)
{
	struct scan s;

	scan_str(&s, "Just some text, no header at all.\nSecond: line\n");
	CHECK_INT_EQ(s.h.fields.len, 0);
	CHECK_INT_EQ(s.body, 0);
	CHECK(s.h.malformed);
	scan_free(&s);
}

TEST(header_empty_input_has_no_fields_and_no_body)
{
	struct scan s;

	scan(&s, "", 0);
	CHECK_INT_EQ(s.h.fields.len, 0);
	CHECK_INT_EQ(s.body, 0);
	CHECK(!s.h.malformed);
	scan_free(&s);
}

TEST(header_continuation_before_any_field_starts_the_body)
{
	struct scan s;

	scan_str(&s, " indented: line\r\nFrom: a@x\r\n\r\n");
	CHECK_INT_EQ(s.h.fields.len, 0);
	CHECK_INT_EQ(s.body, 0);
	CHECK(s.h.malformed);
	scan_free(&s);
}

TEST(header_keeps_8bit_utf8_bytes_in_values)
{
	struct scan s;

	scan_str(&s, "Subject: Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln\r\n\r\n");
	CHECK_INT_EQ(s.h.fields.len, 1);
	CHECK_STR_EQ(value_of(field(&s, 0)), "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln");
	scan_free(&s);
}

TEST(header_name_with_8bit_byte_is_no_field)
{
	struct scan s;

	scan_str(&s, "From: a@x\r\nSubj\xc3\xa9t: x\r\n\r\n");
	CHECK_INT_EQ(s.h.fields.len, 1);
	CHECK(s.h.malformed);
	CHECK(body_starts(&s, "Subj"));
	scan_free(&s);
}

TEST(header_tolerates_white_space_before_the_colon)
{
	struct scan s;

	scan_str(&s, "Subject \t: spaced\r\nTo:b@x\r\n\r\n");
	CHECK_INT_EQ(s.h.fields.len, 2);
	CHECK_STR_EQ(name_of(field(&s, 0)), "Subject");
	CHECK_STR_EQ(value_of(field(&s, 0)), "spaced");
	CHECK_STR_EQ(value_of(field(&s, 1)), "b@x");
	CHECK(mime_header_find(&s.h, "subject") != NULL);
	scan_free(&s);
}

TEST(header_value_starts_after_white_space_and_a_fold_after_the_colon)
{
	struct scan s;
	char *u;

	scan_str(&s, "Subject:\r\n   folded at once\r\nEmpty:\r\nBlank: \t \r\n\r\n");
	CHECK_INT_EQ(s.h.fields.len, 3);
	CHECK_STR_EQ(value_of(field(&s, 0)), "folded at once");
	CHECK_INT_EQ(field(&s, 1)->value_len, 0);
	u = unfolded(field(&s, 2));
	CHECK_STR_EQ(u, "");
	free(u);
	scan_free(&s);
}

TEST(header_white_space_only_line_continues_the_field)
{
	struct scan s;
	char *u;

	scan_str(&s, "To: Mary Smith\r\n  \r\n\t<mary@example.net>\r\n\r\nbody");
	CHECK_INT_EQ(s.h.fields.len, 1);
	u = unfolded(field(&s, 0));
	CHECK_STR_EQ(u, "Mary Smith  \t<mary@example.net>");
	free(u);
	CHECK_BODY(s, "body");
	scan_free(&s);
}

TEST(header_more_than_max_fields_sets_truncated_and_still_finds_the_body)
{
	struct buf msg = BUF_INIT;
	struct scan s;

	for (int i = 0; i < MIME_MAX_FIELDS + 5; i++)
		buf_addf(&msg, "X-N: %d\r\n", i);
	buf_adds(&msg, "\r\nbody");
	scan(&s, msg.data, msg.len);
	CHECK_INT_EQ(s.h.fields.len, MIME_MAX_FIELDS);
	CHECK(s.h.truncated);
	CHECK_STR_EQ(value_of(field(&s, MIME_MAX_FIELDS - 1)), "9999");
	CHECK_BODY(s, "body");
	scan_free(&s);
	buf_free(&msg);
}

TEST(header_field_text_decodes_encoded_words)
{
	struct scan s;
	char *t;

	scan_str(&s, "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?Q?K=F6ln?=\r\n\r\n");
	t = text_of(field(&s, 0));
	CHECK_STR_EQ(t, "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln");
	free(t);
	scan_free(&s);
}

TEST(header_field_text_turns_a_fold_and_its_indent_into_one_space)
{
	struct scan s;
	char *t;

	scan_str(&s, "Subject: Fwd: \r\n\tSaying \r\n Hello  \r\n\r\n");
	t = text_of(field(&s, 0));
	CHECK_STR_EQ(t, "Fwd: Saying Hello");
	free(t);
	scan_free(&s);
}

TEST(header_field_text_joins_encoded_words_across_a_fold)
{
	struct scan s;
	char *t;

	scan_str(&s, "Subject: =?UTF-8?Q?Sch=C3=B6ne?=\r\n =?UTF-8?Q?_Gr=C3=BC=C3=9Fe?=\r\n\r\n");
	t = text_of(field(&s, 0));
	CHECK_STR_EQ(t, "Sch\xc3\xb6ne Gr\xc3\xbc\xc3\x9f" "e");
	free(t);
	scan_free(&s);
}

TEST(header_nul_and_control_bytes_in_values_are_kept)
{
	struct scan s;

	scan(&s, "X: a\0b\x1b" "c\r\n\r\n", 11);
	CHECK_INT_EQ(s.h.fields.len, 1);
	CHECK_MEM_EQ(field(&s, 0)->value, field(&s, 0)->value_len, "a\0b\x1b" "c", 5);
	scan_free(&s);
}

TEST(header_scan_stays_within_len)
{
	struct scan s;

	/* the length cuts the text in the middle of a field */
	scan(&s, "Subject: abcdef\r\n\r\n", 12);
	CHECK_INT_EQ(s.h.fields.len, 1);
	CHECK_STR_EQ(value_of(field(&s, 0)), "abc");
	CHECK_INT_EQ(s.body, 12);
	scan_free(&s);
}

CHECK_MAIN(
    header_scan_splits_crlf_fields_and_finds_the_body,
    header_scan_accepts_lf_only_line_ends,
    header_scan_accepts_lone_cr_line_ends,
    header_scan_accepts_mixed_line_ends,
    header_folded_value_keeps_its_folds_as_written,
    header_unfold_removes_only_breaks_before_white_space,
    header_unfold_keeps_a_break_not_followed_by_white_space,
    header_unfold_appends_to_what_is_already_there,
    header_field_over_998_bytes_is_kept_whole,
    header_repeated_fields_are_all_kept_in_order,
    header_find_ignores_case_and_returns_the_first,
    header_leading_mbox_from_line_is_skipped,
    header_without_empty_line_ends_at_the_first_non_field_line,
    header_that_runs_to_the_end_of_data_leaves_an_empty_body,
    header_absent_when_data_starts_with_an_empty_line,
    header_absent_when_the_first_line_is_no_field,
    header_empty_input_has_no_fields_and_no_body,
    header_continuation_before_any_field_starts_the_body,
    header_keeps_8bit_utf8_bytes_in_values,
    header_name_with_8bit_byte_is_no_field,
    header_tolerates_white_space_before_the_colon,
    header_value_starts_after_white_space_and_a_fold_after_the_colon,
    header_white_space_only_line_continues_the_field,
    header_more_than_max_fields_sets_truncated_and_still_finds_the_body,
    header_field_text_decodes_encoded_words,
    header_field_text_turns_a_fold_and_its_indent_into_one_space,
    header_field_text_joins_encoded_words_across_a_fold,
    header_nul_and_control_bytes_in_values_are_kept,
    header_scan_stays_within_len)
