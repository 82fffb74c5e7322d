/* Unit tests for mime/html: readable text from HTML mail, and linear time on hostile HTML. */
#include "check.h"

#include <stdlib.h>
#include <time.h>

#include "mime/html.h"
#include "util/buf.h"
#include "util/str.h"

static char *
text(const char *html)
{
	struct buf b = BUF_INIT;

	mime_html_to_text(&b, html, strlen(html));
	return buf_detach(&b);
}

#define CHECK_HTML(in, want)                                                 \
	do {                                                                 \
		char *got_ = text(in);                                       \
		CHECK_STR_EQ(got_, (want));                                  \
		free(got_);                                                  \
	} while (0)

static double
seconds_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

TEST(html_text_has_its_white_space_collapsed)
{
	CHECK_HTML("  Hello,\n\n   <b>bold</b>\tworld!  ", "Hello, bold world!\n");
	CHECK_HTML("", "");
	CHECK_HTML("   \n  ", "");
}

TEST(html_script_style_title_and_head_are_dropped)
{
	CHECK_HTML("<html><head><title>Title</title><meta charset=utf-8>"
	    "<style>p { color: red }</style></head><body>"
	    "<script>document.write('<p>no</p>')</script>Shown"
	    "<SCRIPT type=x>if (a </b) {}</SCRIPT > too</body></html>",
	    "Shown too\n");
}

TEST(html_comments_doctype_and_conditionals_are_dropped)
{
	CHECK_HTML("<!DOCTYPE html><!-- a <p>comment</p> -->A<!--[if mso]>"
	    "<p>Outlook only</p><![endif]-->B<?xml version=1?><!---->C<!-->D",
	    "ABCD\n");
	CHECK_HTML("x<!-- never closed <p>y", "x\n");
}

TEST(html_paragraphs_divs_and_headings_break_lines)
{
	CHECK_HTML("<h1>Title</h1><p>One</p><p>Two</p><div>a</div><div>b</div>c",
	    "Title\n\nOne\n\nTwo\n\na\nb\nc\n");
}

TEST(html_br_breaks_lines_and_many_make_one_blank_line)
{
	CHECK_HTML("a<br>b<br/><br />c<br><br><br><br>d<br>", "a\nb\n\nc\n\nd\n");
}

TEST(html_named_entities_are_decoded)
{
	CHECK_HTML("&lt;tag&gt; &amp; &quot;q&quot; &apos;s&apos; a&nbsp;&nbsp;b",
	    "<tag> & \"q\" 's' a  b\n");
	CHECK_HTML("&auml;&ouml;&uuml;&szlig;&Auml;&eacute;&copy;&mdash;&hellip;&euro;",
	    "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\x84\xc3\xa9\xc2\xa9"
	    "\xe2\x80\x94\xe2\x80\xa6\xe2\x82\xac\n");
	CHECK_HTML("&ldquo;x&rdquo; &trade; &bull; &times; &frac12;",
	    "\xe2\x80\x9cx\xe2\x80\x9d \xe2\x84\xa2 \xe2\x80\xa2 \xc3\x97 \xc2\xbd\n");
}

TEST(html_numeric_entities_decimal_hex_and_invalid)
{
	CHECK_HTML("&#65;&#x42;&#X43;&#x1F600;&#8364", "ABC\xf0\x9f\x98\x80\xe2\x82\xac\n");
	/* NUL, surrogates, too big: U+FFFD; 128..159 are read as Windows-1252 */
	CHECK_HTML("&#0;&#xD800;&#1114112;&#99999999999999999999;&#150;&#129;",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xe2\x80\x93\xef\xbf\xbd\n");
	CHECK_HTML("&#;&#x;&#xyz;", "&#;&#x;&#xyz;\n");
}

TEST(html_entities_without_semicolon_only_for_the_old_ones)
{
	CHECK_HTML("&copy 2024 &amp &lt", "\xc2\xa9 2024 & <\n");
	CHECK_HTML("&euro 5", "&euro 5\n");
	CHECK_HTML("&bogus; & &; &amp;amp;", "&bogus; & &; &amp;\n");
}

TEST(html_nested_lists_are_indented_and_ordered_ones_numbered)
{
	CHECK_HTML("<p>Intro</p><ul><li>one</li><li>two<ul><li>a</li>"
	    "<li>b</li></ul></li><li>three<ol><li>x<li>y</ol></ul>End",
	    "Intro\n\n* one\n* two\n  * a\n  * b\n* three\n  1. x\n  2. y\n\nEnd\n");
}

TEST(html_blockquote_lines_are_prefixed)
{
	CHECK_HTML("On Monday Bob wrote:<blockquote type=cite>Hi<br>there"
	    "<blockquote>older</blockquote>back</blockquote>Reply",
	    "On Monday Bob wrote:\n> Hi\n> there\n> > older\n> back\nReply\n");
	CHECK_HTML("<blockquote><p>one</p><p>two</p></blockquote>",
	    "> one\n>\n> two\n");
}

TEST(html_pre_keeps_its_white_space)
{
	CHECK_HTML("<p>Code:</p><pre>\nint  main()\n{\n\treturn 0;\n}</pre>after",
	    "Code:\n\nint  main()\n{\n\treturn 0;\n}\n\nafter\n");
}

TEST(html_links_are_listed_at_the_end)
{
	CHECK_HTML("Visit <a href=\"https://example.test/?a=1&amp;b=2\">our site</a>"
	    " or <A HREF='http://x.test/'>X</A>.",
	    "Visit our site [1] or X [2].\n\n[1] https://example.test/?a=1&b=2\n"
	    "[2] http://x.test/\n");
}

TEST(html_link_that_shows_its_own_address_is_not_listed)
{
	CHECK_HTML("<a href=\"https://example.test/\">https://example.test/</a> "
	    "<a href=\"mailto:bob@example.test\">bob@example.test</a>",
	    "https://example.test/ bob@example.test\n");
}

TEST(html_script_and_anchor_links_are_not_listed)
{
	CHECK_HTML("<a href=\"javascript:evil()\">a</a> <a href=\"#top\">b</a> "
	    "<a name=x>c</a> <a href=\"  \">d</a>", "a b c d\n");
}

TEST(html_link_addresses_lose_tabs_and_newlines)
{
	CHECK_HTML("<a href=\" http://ex\nample.test/\t \">x</a>",
	    "x [1]\n\n[1] http://example.test/\n");
}

TEST(html_img_is_replaced_by_its_alt_text)
{
	CHECK_HTML("Logo: <img src=\"cid:x\" alt=\"ACME &amp; Co\">! <img src=y>",
	    "Logo: ACME & Co!\n");
}

TEST(html_table_cells_are_separated_and_rows_broken)
{
	CHECK_HTML("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td>"
	    "</tr></table>after", "a b\nc d\nafter\n");
}

TEST(html_stray_less_than_signs_are_text)
{
	CHECK_HTML("a < b <<<< c <3 </ >", "a < b <<<< c <3\n");
	CHECK_HTML("x <", "x <\n");
}

TEST(html_tag_cut_off_by_the_end_takes_the_rest)
{
	CHECK_HTML("text <a href=\"x", "text\n");
	CHECK_HTML("text <div", "text\n");
}

TEST(html_quoted_attribute_may_hold_a_greater_than_sign)
{
	CHECK_HTML("<img alt=\"a > b\" src='>'>!", "a > b!\n");
}

TEST(html_unclosed_script_swallows_the_rest)
{
	CHECK_HTML("before<script>var a = '</scrip';", "before\n");
}

TEST(html_appends_to_what_the_buffer_holds)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "head   ");
	mime_html_to_text(&b, "<p>x<br><br><br></p>", 20);
	CHECK_STR_EQ(buf_cstr(&b), "head   x\n");
	buf_free(&b);
}

TEST(html_deep_nesting_is_capped_in_the_output)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	int i;

	for (i = 0; i < 10000; i++)
		buf_adds(&in, "<blockquote><ul><li>");
	buf_adds(&in, "deep");
	mime_html_to_text(&out, in.data, in.len);
	CHECK(str_ends_with(buf_cstr(&out), "deep\n"));
	/* the prefix stops growing: the output is not 10 000 levels wide */
	CHECK(out.len < 2000);
	buf_free(&in);
	buf_free(&out);
}

/* 1 MB of the input that makes parsers slow: deep nesting, unclosed tags, stray '<'. */
static void
pathological(struct buf *in)
{
	static const char *units[] = {
		"<div>", "<<<<", "<a href=x>", "<ol>", "<li>x", "<blockquote>y",
		"<table><tr><td>", "&#99999999999;", "<b><i><u>", "<!--", "<p",
	};
	size_t u;
	int i;

	for (u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		for (i = 0; i < 100000 && in->len < (u + 1) * 95000; i++)
			buf_adds(in, units[u]);
}

TEST(html_one_megabyte_of_pathological_input_completes_quickly)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	clock_t start;

	pathological(&in);
	CHECK(in.len > 1000000);
	start = clock();
	mime_html_to_text(&out, in.data, in.len);
	CHECK(seconds_since(start) < 2.0);
	CHECK(out.len < 8 * in.len);
	/* a comment never closed takes the rest: nothing of "<p" is shown */
	CHECK(!str_ends_with(buf_cstr(&out), "<p\n"));
	buf_reset(&out);
	buf_reset(&in);
	while (in.len < 1000000)
		buf_adds(&in, "<div>");
	start = clock();
	mime_html_to_text(&out, in.data, in.len);
	CHECK(seconds_since(start) < 2.0);
	CHECK_INT_EQ(out.len, 0);
	buf_free(&in);
	buf_free(&out);
}

TEST(html_long_unterminated_constructs_stay_linear)
{
	static const char *heads[] = { "<a href=\"", "<!--", "<script>", "<x y='", "&#" };
	struct buf in = BUF_INIT, out = BUF_INIT;
	clock_t start = clock();
	size_t h;

	for (h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
		buf_reset(&in);
		buf_reset(&out);
		buf_adds(&in, heads[h]);
		while (in.len < 1000000)
			buf_adds(&in, h == 4 ? "9" : "<a <b -- ' < </scrip ");
		mime_html_to_text(&out, in.data, in.len);
	}
	CHECK(seconds_since(start) < 3.0);
	buf_free(&in);
	buf_free(&out);
}

CHECK_MAIN(html_text_has_its_white_space_collapsed,
    html_script_style_title_and_head_are_dropped,
    html_comments_doctype_and_conditionals_are_dropped,
    html_paragraphs_divs_and_headings_break_lines,
    html_br_breaks_lines_and_many_make_one_blank_line,
    html_named_entities_are_decoded,
    html_numeric_entities_decimal_hex_and_invalid,
    html_entities_without_semicolon_only_for_the_old_ones,
    html_nested_lists_are_indented_and_ordered_ones_numbered,
    html_blockquote_lines_are_prefixed,
    html_pre_keeps_its_white_space,
    html_links_are_listed_at_the_end,
    html_link_that_shows_its_own_address_is_not_listed,
    html_script_and_anchor_links_are_not_listed,
    html_link_addresses_lose_tabs_and_newlines,
    html_img_is_replaced_by_its_alt_text,
    html_table_cells_are_separated_and_rows_broken,
    html_stray_less_than_signs_are_text,
    html_tag_cut_off_by_the_end_takes_the_rest,
    html_quoted_attribute_may_hold_a_greater_than_sign,
    html_unclosed_script_swallows_the_rest,
    html_appends_to_what_the_buffer_holds,
    html_deep_nesting_is_capped_in_the_output,
    html_one_megabyte_of_pathological_input_completes_quickly,
    html_long_unterminated_constructs_stay_linear)
