/* Unit tests for mime/flowed: format=flowed paragraphs, quotes, stuffing and signatures. */
#include "check.h"

#include <stdbool.h>
#include <stdlib.h>

#include "mime/flowed.h"
#include "util/buf.h"

static char *
flow(const char *s, bool delsp)
{
	struct buf b = BUF_INIT;

	mime_flowed_decode(&b, s, strlen(s), delsp);
	return buf_detach(&b);
}

#define CHECK_FLOW(in, delsp, want)                                          \
	do {                                                                 \
		char *got_ = flow((in), (delsp));                            \
		CHECK_STR_EQ(got_, (want));                                  \
		free(got_);                                                  \
	} while (0)

TEST(flowed_lines_ending_in_a_space_join_the_next)
{
	CHECK_FLOW("This is a \nlong paragraph \nin three lines.\nNext.\n", false,
	    "This is a long paragraph in three lines.\nNext.\n");
}

TEST(flowed_with_delsp_drops_the_joining_space)
{
	CHECK_FLOW("Lange W\xc3\xb6r \nter und \nmehr\n", true,
	    "Lange W\xc3\xb6rter undmehr\n");
	CHECK_FLOW("one \ntwo\n", false, "one two\n");
}

TEST(flowed_fixed_lines_stay_as_they_are)
{
	CHECK_FLOW("a\nb\n\nc\n", false, "a\nb\n\nc\n");
	CHECK_FLOW("", false, "");
	CHECK_FLOW("\n", false, "\n");
}

TEST(flowed_quoted_lines_join_at_the_same_depth)
{
	CHECK_FLOW("> quoted \n> more\n>> deep \n>> er\n", false,
	    "> quoted more\n>> deep er\n");
}

TEST(flowed_line_before_another_quote_depth_is_fixed)
{
	CHECK_FLOW("> quoted \n>> deeper\nplain \n> back\n", false,
	    "> quoted \n>> deeper\nplain \n> back\n");
}

TEST(flowed_signature_separator_is_kept_and_never_joined)
{
	CHECK_FLOW("bye \n-- \nAlice \nExample\n", false,
	    "bye \n-- \nAlice Example\n");
	CHECK_FLOW("-- \n", true, "-- \n");
	CHECK_FLOW("> text \n> -- \n> sig\n", false, "> text \n> -- \n> sig\n");
}

TEST(flowed_space_stuffing_is_undone)
{
	CHECK_FLOW(" From the start\n >not a quote\n  two spaces\n", false,
	    "From the start\n>not a quote\n two spaces\n");
}

TEST(flowed_quote_marks_stay_as_written)
{
	/* "> > " is depth 2 like ">> ", and both stay as they were written */
	CHECK_FLOW("> > nested \n> > text\n>>tight \n>>text\n", false,
	    "> > nested text\n>>tight text\n");
	CHECK_FLOW("> > a \n>> b\n", false, "> > a b\n");
}

TEST(flowed_tolerates_crlf_line_ends)
{
	CHECK_FLOW("one \r\ntwo\r\nthree\r\n", false, "one two\nthree\n");
}

TEST(flowed_last_line_without_a_newline)
{
	CHECK_FLOW("one \ntwo", false, "one two");
	CHECK_FLOW("one \ntwo ", false, "one two ");
	CHECK_FLOW("one \n", false, "one \n");
}

TEST(flowed_appends_to_what_the_buffer_holds)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "head\n");
	mime_flowed_decode(&b, "a \nb\n", 5, false);
	CHECK_STR_EQ(buf_cstr(&b), "head\na b\n");
	buf_free(&b);
}

CHECK_MAIN(flowed_lines_ending_in_a_space_join_the_next,
    flowed_with_delsp_drops_the_joining_space,
    flowed_fixed_lines_stay_as_they_are,
    flowed_quoted_lines_join_at_the_same_depth,
    flowed_line_before_another_quote_depth_is_fixed,
    flowed_signature_separator_is_kept_and_never_joined,
    flowed_space_stuffing_is_undone,
    flowed_quote_marks_stay_as_written,
    flowed_tolerates_crlf_line_ends,
    flowed_last_line_without_a_newline,
    flowed_appends_to_what_the_buffer_holds)
