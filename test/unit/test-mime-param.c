/* Unit tests for mime/param: Content-Type and Content-Disposition, RFC 2231, and writing parameters. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "mime/header.h"
#include "mime/limits.h"
#include "mime/param.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Parses text from a buffer of exactly its length, so reading past it is caught. */
static void
parse(struct mime_ctype *ct, const char *text)
{
	size_t len = strlen(text);
	char *copy = xmalloc(len > 0 ? len : 1);

	memcpy(copy, text, len);
	mime_ctype_parse(ct, copy, len);
	free(copy);
}

static const char *
or_null(const char *s)
{
	return s != NULL ? s : "(null)";
}

static const char *
param(const struct mime_ctype *ct, const char *name)
{
	return or_null(mime_ctype_param(ct, name));
}

static const struct mime_param *
nth(const struct mime_ctype *ct, size_t i)
{
	return VEC_AT(&ct->params, struct mime_param, i);
}

/* Checks a whole parse: type, subtype, and the value of one parameter ("(null)": none). */
#define CHECK_CT(text, want_type, want_subtype, pname, want_value)           \
	do {                                                                 \
		struct mime_ctype ct_;                                       \
		parse(&ct_, (text));                                         \
		CHECK_STR_EQ(or_null(ct_.type), (want_type));                \
		CHECK_STR_EQ(or_null(ct_.subtype), (want_subtype));          \
		CHECK_STR_EQ(param(&ct_, (pname)), (want_value));            \
		mime_ctype_free(&ct_);                                       \
	} while (0)

/* The parameter value of text, parsed as a whole header value. */
#define CHECK_PARAM(text, pname, want_value)                                 \
	do {                                                                 \
		struct mime_ctype ct_;                                       \
		parse(&ct_, (text));                                         \
		CHECK_STR_EQ(param(&ct_, (pname)), (want_value));            \
		mime_ctype_free(&ct_);                                       \
	} while (0)

/*
 * Writes "Content-Disposition: attachment" with one parameter as a composer
 * would, checks the lines, and reads it back through the header scanner.
 */
static void
check_round_trip(const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	struct mime_header h;
	struct mime_ctype ct;
	const struct mime_field *f;
	size_t col;

	buf_adds(&b, "Content-Disposition: attachment");
	col = b.len;
	mime_param_write(&b, name, value, &col);
	CHECK_INT_EQ(col, b.len - (strrchr(b.data, '\n') ? (size_t)(strrchr(b.data, '\n') -
	    b.data) + 1 : 0));
	buf_adds(&b, "\r\n\r\n");
	CHECK(check_longest_line(b.data) <= 78);
	mime_header_init(&h);
	mime_header_scan(&h, b.data, b.len);
	f = mime_header_find(&h, "Content-Disposition");
	CHECK(f != NULL);
	if (f != NULL) {
		mime_ctype_parse(&ct, f->value, f->value_len);
		CHECK_STR_EQ(or_null(ct.type), "attachment");
		CHECK_STR_EQ(param(&ct, name), value);
		CHECK_INT_EQ(ct.params.len, 1);
		mime_ctype_free(&ct);
	}
	mime_header_free(&h);
	buf_free(&b);
}

TEST(ctype_type_subtype_and_a_parameter)
{
	CHECK_CT("text/plain; charset=us-ascii", "text", "plain", "charset", "us-ascii");
	CHECK_CT("multipart/mixed; boundary=\"simple boundary\"", "multipart", "mixed",
	    "boundary", "simple boundary");
	CHECK_CT("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	    "application", "vnd.openxmlformats-officedocument.wordprocessingml.document",
	    "name", "(null)");
	CHECK_CT("application/ld+json;charset=utf-8", "application", "ld+json", "charset", "utf-8");
}

TEST(ctype_names_are_lower_cased_and_values_kept)
{
	struct mime_ctype ct;

	parse(&ct, "Text/HTML; CharSet=\"UTF-8\"; Format=Flowed");
	CHECK_STR_EQ(ct.type, "text");
	CHECK_STR_EQ(ct.subtype, "html");
	CHECK_STR_EQ(param(&ct, "charset"), "UTF-8");
	CHECK_STR_EQ(param(&ct, "format"), "Flowed");
	CHECK_STR_EQ(param(&ct, "CharSet"), "(null)");
	mime_ctype_free(&ct);
}

TEST(ctype_white_space_and_comments_anywhere)
{
	CHECK_CT(" text/plain; charset =us-ascii (Plain text)", "text", "plain", "charset", "us-ascii");
	CHECK_CT("text/plain; charset= \"us-ascii\"", "text", "plain", "charset", "us-ascii");
	CHECK_CT(" message / rfc822", "message", "rfc822", "x", "(null)");
	CHECK_CT("(hello) text (plain) / (world) plain (eod); charset=us-ascii", "text",
	    "plain", "charset", "us-ascii");
	CHECK_CT(" \t\r\n message/rfc822 \t ;\r\n charset = us-ascii \r\n", "message", "rfc822",
	    "charset", "us-ascii");
}

TEST(ctype_trailing_and_empty_semicolons_are_harmless)
{
	struct mime_ctype ct;

	parse(&ct, "text/plain ;;;;; = ;; name=\"value\";");
	CHECK_STR_EQ(ct.type, "text");
	CHECK_INT_EQ(ct.params.len, 1);
	CHECK_STR_EQ(param(&ct, "name"), "value");
	mime_ctype_free(&ct);
	parse(&ct, "text/plain; name=  ; other; =value; x=1; empty=\"\"");
	CHECK_INT_EQ(ct.params.len, 2);
	CHECK_STR_EQ(param(&ct, "x"), "1");
	CHECK_STR_EQ(param(&ct, "empty"), "");
	mime_ctype_free(&ct);
}

TEST(ctype_quoted_values_lose_quotes_escapes_and_folds)
{
	CHECK_PARAM("a/b; name=\"say \\\"hi\\\" \\\\ now\"", "name", "say \"hi\" \\ now");
	CHECK_PARAM("multipart/mixed; boundary=\"foo\r\n bar\"", "boundary", "foo bar");
	CHECK_PARAM("a/b; name=\"   \r\n    \"; test=test", "name", "       ");
	CHECK_PARAM("a/b; name=\"unterminated; x=y", "name", "unterminated; x=y");
}

TEST(ctype_windows_paths_keep_their_backslashes)
{
	CHECK_PARAM("attachment; filename=\"C:\\Users\\anne\\report.pdf\"", "filename",
	    "C:\\Users\\anne\\report.pdf");
}

TEST(ctype_unquoted_values_with_spaces_run_to_the_semicolon)
{
	CHECK_PARAM("attachment; filename=my file (1).pdf; size=3", "filename", "my file (1).pdf");
	CHECK_PARAM("attachment; filename=my file.pdf  ", "filename", "my file.pdf");
	CHECK_PARAM("multipart/mixed; boundary=gc0pJq0M:08jU534c0p", "boundary", "gc0pJq0M:08jU534c0p");
}

TEST(ctype_missing_semicolon_before_a_folded_parameter)
{
	struct mime_ctype ct;

	parse(&ct, "message/external-body;\r\n    access-type=mail-server\r\n"
	    "     server=\"listserv@bogus.bitnet\"");
	CHECK_STR_EQ(param(&ct, "access-type"), "mail-server");
	CHECK_STR_EQ(param(&ct, "server"), "listserv@bogus.bitnet");
	mime_ctype_free(&ct);
	CHECK_CT("application/x-stuff\r\n title=fun", "application", "x-stuff", "title", "fun");
}

TEST(ctype_disposition_has_no_subtype)
{
	CHECK_CT("attachment; filename=\"a.txt\"", "attachment", "(null)", "filename", "a.txt");
	CHECK_CT("INLINE", "inline", "(null)", "filename", "(null)");
	CHECK_CT("text/", "text", "(null)", "x", "(null)");
}

TEST(ctype_unparseable_type_is_null)
{
	CHECK_CT("", "(null)", "(null)", "x", "(null)");
	CHECK_CT("/plain", "(null)", "(null)", "x", "(null)");
	CHECK_CT(";charset=us-ascii", "(null)", "(null)", "charset", "us-ascii");
	CHECK_CT("name=value", "(null)", "(null)", "name", "value");
	CHECK_CT("=", "(null)", "(null)", "x", "(null)");
	CHECK_CT("\xc3\xa1/\xc3\xa9", "(null)", "(null)", "x", "(null)");
}

TEST(rfc2231_charset_language_and_percent_escapes)
{
	CHECK_PARAM("application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
	    "title", "This is ***fun***");
	CHECK_PARAM("attachment; filename*=UTF-8''%E2%82%AC%20rates.txt", "filename",
	    "\xe2\x82\xac rates.txt");
	CHECK_PARAM("attachment; filename*=iso-8859-1'de'Fr%F6sche.txt", "filename",
	    "Fr\xc3\xb6sche.txt");
	CHECK_PARAM("attachment; filename*=''plain.txt", "filename", "plain.txt");
}

TEST(rfc2231_continuations_are_joined)
{
	CHECK_PARAM("message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n"
	    " URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"", "url",
	    "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
	CHECK_PARAM("a/b; name*0*=utf-8''%C3%A4; name*1*=%C3%B6", "name", "\xc3\xa4\xc3\xb6");
}

TEST(rfc2231_mixed_encoded_and_plain_sections)
{
	CHECK_PARAM("application/x-stuff\r\n title*0*=us-ascii'en'This%20is%20even%20more%20\r\n"
	    " title*1*=%2A%2A%2Afun%2A%2A%2A%20\r\n title*2=\"isn't it!\"", "title",
	    "This is even more ***fun*** isn't it!");
}

TEST(rfc2231_utf8_character_split_between_sections_is_joined)
{
	CHECK_PARAM("a/b; name*0*=utf-8''x%E2%82; name*1*=%ACy", "name", "x\xe2\x82\xacy");
}

TEST(rfc2231_sections_out_of_order_are_sorted)
{
	CHECK_PARAM("a/b; name*2=\"c\"; name*0=\"a\"; name*1=\"b\"", "name", "abc");
	CHECK_PARAM("a/b; name*1*=%C3%B6; name*0*=utf-8''%C3%A4", "name", "\xc3\xa4\xc3\xb6");
}

TEST(rfc2231_missing_sections_join_what_is_there)
{
	CHECK_PARAM("a/b; name*0=\"a\"; name*2=\"c\"", "name", "ac");
	CHECK_PARAM("a/b; name*1=\"b\"; name*2=\"c\"", "name", "bc");
}

TEST(rfc2231_repeated_section_first_wins)
{
	CHECK_PARAM("a/b; name*0=\"a\"; name*1=\"b\"; name*1=\"x\"", "name", "ab");
	CHECK_PARAM("a/b; name*=utf-8''one; name*0*=utf-8''two", "name", "one");
}

TEST(rfc2231_value_wins_over_the_plain_fallback)
{
	CHECK_PARAM("attachment; filename=\"resume.pdf\"; filename*=utf-8''r%C3%A9sum%C3%A9.pdf",
	    "filename", "r\xc3\xa9sum\xc3\xa9.pdf");
	CHECK_PARAM("attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf; filename=\"resume.pdf\"",
	    "filename", "r\xc3\xa9sum\xc3\xa9.pdf");
}

TEST(rfc2231_broken_percent_escapes_are_kept)
{
	CHECK_PARAM("a/b; key2*0=a; key2*1*=b%25; key3*0*=us-ascii'en'xyz; key3*1=plop%",
	    "key2", "ab%");
	CHECK_PARAM("a/b; key3*0*=us-ascii'en'xyz; key3*1=plop%", "key3", "xyzplop%");
	CHECK_PARAM("a/b; k*=utf-8''50%; j*=utf-8''%zz%4", "k", "50%");
	CHECK_PARAM("a/b; j*=utf-8''%zz%4", "j", "%zz%4");
}

TEST(rfc2231_charset_repeated_in_later_sections_is_dropped)
{
	CHECK_PARAM("application/pdf\r\n filename*0*=iso-8859-1'es'%D1and%FA\r\n"
	    " filename*1*=iso-8859-1'%20r%E1pido\r\n filename*2*=\"iso-8859-1' (versi%F3n).pdf\"",
	    "filename", "\xc3\x91" "and\xc3\xba r\xc3\xa1pido (versi\xc3\xb3n).pdf");
}

TEST(rfc2231_odd_names_are_ignored)
{
	struct mime_ctype ct;

	parse(&ct, "malicious/attempt; 3**=b; *=test; a*x=c; *5**6*=d; 9*10*11=f; ok=1");
	CHECK_INT_EQ(ct.params.len, 1);
	CHECK_STR_EQ(param(&ct, "ok"), "1");
	mime_ctype_free(&ct);
}

TEST(rfc2231_sections_past_the_limit_are_dropped)
{
	CHECK_PARAM("a/b; key*0=\"a\"; key*1=\"b\"; key*999=\"c\"; key*1000=\"d\"; "
	    "key*99999999999999999999=\"e\"", "key", "abc");
}

TEST(encoded_words_in_quoted_file_names_are_decoded)
{
	CHECK_PARAM(" image/png;\r\n name=\"=?utf-8?q?=E3=83=8F=E3=83=AD=E3=83=BC?=.png\"", "name",
	    "\xe3\x83\x8f\xe3\x83\xad\xe3\x83\xbc.png");
	CHECK_PARAM("attachment;\r\n\tfilename=\"=?utf-8?Q?Auftragsbest=C3=A4tigung_X=2EPD?=\r\n"
	    " =?utf-8?Q?F?=\"", "filename", "Auftragsbest\xc3\xa4tigung X.PDF");
	CHECK_PARAM(" image/gif;\r\n name==?iso-8859-1?Q?caf=E9?=.gif", "name", "caf\xc3\xa9.gif");
}

TEST(raw_8bit_file_names_become_utf8)
{
	CHECK_PARAM("attachment; filename=\"K\xc3\xb6ln.txt\"", "filename", "K\xc3\xb6ln.txt");
	CHECK_PARAM("attachment; filename=\"K\xf6ln.txt\"", "filename", "K\xc3\xb6ln.txt");
}

TEST(boundary_is_kept_byte_for_byte)
{
	CHECK_PARAM("multipart/mixed; boundary=\"=?utf-8?q?x?=\"", "boundary", "=?utf-8?q?x?=");
	CHECK_PARAM("multipart/mixed; boundary=\"=-J1qXPoyGtE2XNN5N6Z6j\"", "boundary",
	    "=-J1qXPoyGtE2XNN5N6Z6j");
	CHECK_PARAM("multipart/mixed; boundary=\"\xff\xfe\"", "boundary", "\xff\xfe");
}

TEST(duplicate_parameters_first_wins)
{
	struct mime_ctype ct;

	parse(&ct, "text/plain; charset=a; format=flowed; CHARSET=b; charset=c");
	CHECK_INT_EQ(ct.params.len, 2);
	CHECK_STR_EQ(nth(&ct, 0)->name, "charset");
	CHECK_STR_EQ(nth(&ct, 0)->value, "a");
	CHECK_STR_EQ(nth(&ct, 1)->name, "format");
	mime_ctype_free(&ct);
}

TEST(parameters_stay_in_the_order_written)
{
	struct mime_ctype ct;

	parse(&ct, "multipart/signed; micalg=pgp-sha1; protocol=\"application/pgp-signature\";\r\n"
	    "   boundary=\"=-J1qXPoyGtE2XNN5N6Z6j\"; a*1=\"y\"; a*0=\"x\"");
	CHECK_INT_EQ(ct.params.len, 4);
	CHECK_STR_EQ(nth(&ct, 0)->name, "micalg");
	CHECK_STR_EQ(nth(&ct, 1)->name, "protocol");
	CHECK_STR_EQ(nth(&ct, 1)->value, "application/pgp-signature");
	CHECK_STR_EQ(nth(&ct, 2)->name, "boundary");
	CHECK_STR_EQ(nth(&ct, 3)->name, "a");
	CHECK_STR_EQ(nth(&ct, 3)->value, "xy");
	mime_ctype_free(&ct);
}

TEST(nul_bytes_are_dropped_from_values)
{
	struct mime_ctype ct;
	static const char text[] = "a/b; key=\"f\0oo\"";

	mime_ctype_parse(&ct, text, sizeof(text) - 1);
	CHECK_STR_EQ(param(&ct, "key"), "foo");
	mime_ctype_free(&ct);
}

TEST(a_thousand_parameters_are_capped)
{
	struct buf b = BUF_INIT;
	struct mime_ctype ct;

	buf_adds(&b, "text/plain");
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "; p%d=v%d", i, i);
	parse(&ct, b.data);
	CHECK_STR_EQ(ct.type, "text");
	CHECK_INT_EQ(ct.params.len, MIME_MAX_PARAMS);
	CHECK_STR_EQ(nth(&ct, 0)->name, "p0");
	CHECK_STR_EQ(nth(&ct, MIME_MAX_PARAMS - 1)->value, "v255");
	mime_ctype_free(&ct);
	buf_free(&b);
}

TEST(hostile_parameter_lists_stay_bounded)
{
	static const char *const units[] = { ";", "(", "\"", "a*0*=%", "; x=", "a=b c ", "=?" };
	struct buf b = BUF_INIT;
	struct mime_ctype ct;

	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		buf_reset(&b);
		buf_adds(&b, "text/plain; ");
		for (int i = 0; i < 100000; i++)
			buf_adds(&b, units[u]);
		parse(&ct, b.data);
		CHECK(ct.params.len <= MIME_MAX_PARAMS);
		mime_ctype_free(&ct);
	}
	buf_reset(&b);
	buf_adds(&b, "a/b");
	for (int i = 0; i < 5000; i++)
		buf_addf(&b, "; n%d*%d=x", i % 7, i);
	parse(&ct, b.data);
	CHECK(ct.params.len <= 7);
	mime_ctype_free(&ct);
	buf_free(&b);
}

TEST(write_ascii_value_as_quoted_string)
{
	struct buf b = BUF_INIT;
	size_t col = 10;

	mime_param_write(&b, "charset", "utf-8", &col);
	CHECK_STR_EQ(buf_cstr(&b), "; charset=\"utf-8\"");
	CHECK_INT_EQ(col, 10 + b.len);
	buf_reset(&b);
	col = 0;
	mime_param_write(&b, "filename", "say \"hi\" \\ now.txt", &col);
	CHECK_STR_EQ(buf_cstr(&b), "; filename=\"say \\\"hi\\\" \\\\ now.txt\"");
	buf_free(&b);
	check_round_trip("filename", "say \"hi\" \\ now.txt");
	check_round_trip("filename", "report.pdf");
	check_round_trip("filename", "");
}

TEST(write_non_ascii_value_with_rfc2231)
{
	struct buf b = BUF_INIT;
	size_t col = 31;

	mime_param_write(&b, "filename", "r\xc3\xa9sum\xc3\xa9 1.pdf", &col);
	CHECK_STR_EQ(buf_cstr(&b), "; filename*=utf-8''r%C3%A9sum%C3%A9%201.pdf");
	buf_free(&b);
	check_round_trip("filename", "r\xc3\xa9sum\xc3\xa9 1.pdf");
	check_round_trip("filename", "\xe7\x94\xb0\xe4\xb8\xad\xe3\x81\x95\xe3\x82\x93.txt");
	check_round_trip("filename", "tab\there.txt");
}

TEST(write_value_that_looks_like_an_encoded_word_stays_literal)
{
	check_round_trip("filename", "=?utf-8?q?not-decoded?=.txt");
}

TEST(write_folds_before_a_parameter_that_does_not_fit)
{
	struct buf b = BUF_INIT;
	size_t col = 70;

	mime_param_write(&b, "charset", "utf-8", &col);
	CHECK_STR_EQ(buf_cstr(&b), ";\r\n charset=\"utf-8\"");
	CHECK_INT_EQ(col, strlen(" charset=\"utf-8\""));
	buf_free(&b);
}

TEST(write_300_char_ascii_name_in_sections)
{
	struct buf name = BUF_INIT;

	for (int i = 0; i < 30; i++)
		buf_addf(&name, "part%05d-", i);
	CHECK_INT_EQ(name.len, 300);
	check_round_trip("filename", name.data);
	buf_reset(&name);
	for (int i = 0; i < 100; i++)
		buf_adds(&name, "\"\\ ");
	check_round_trip("filename", name.data);
	buf_free(&name);
}

TEST(write_300_char_non_ascii_name_in_sections)
{
	struct buf name = BUF_INIT, b = BUF_INIT;
	size_t col = 0;

	for (int i = 0; i < 50; i++)
		buf_adds(&name, "\xc5\x99\xc3\xa9\xe2\x82\xac\xf0\x9f\x93\x8e");	/* ř é € 📎 */
	check_round_trip("filename", name.data);
	/* every section holds whole characters, so each decodes on its own */
	mime_param_write(&b, "filename", name.data, &col);
	CHECK(strstr(b.data, "filename*0*=utf-8''") != NULL);
	CHECK(strstr(b.data, "filename*1*=%") != NULL);
	for (const char *p = b.data; (p = strstr(p, "*=")) != NULL; p++) {
		const char *q = p + 2;

		if (strncmp(q, "utf-8''", 7) == 0)
			q += 7;
		CHECK(strncmp(q, "%C5", 3) == 0 || strncmp(q, "%C3", 3) == 0 ||
		    strncmp(q, "%E2", 3) == 0 || strncmp(q, "%F0", 3) == 0);
	}
	buf_free(&b);
	buf_free(&name);
}

TEST(write_several_parameters_in_a_row)
{
	struct buf b = BUF_INIT;
	struct mime_header h;
	struct mime_ctype ct;
	size_t col;

	buf_adds(&b, "Content-Type: text/plain");
	col = b.len;
	mime_param_write(&b, "charset", "utf-8", &col);
	mime_param_write(&b, "format", "flowed", &col);
	mime_param_write(&b, "name", "\xc3\xbc" "bersicht \xc3\xbc" "ber alle Ma\xc3\x9f" "e.txt", &col);
	mime_param_write(&b, "x-long", "an ascii value long enough that it does not fit "
	    "after the others on one line", &col);
	buf_adds(&b, "\r\n\r\n");
	CHECK(check_longest_line(b.data) <= 78);
	mime_header_init(&h);
	mime_header_scan(&h, b.data, b.len);
	mime_ctype_parse(&ct, mime_header_find(&h, "content-type")->value,
	    mime_header_find(&h, "content-type")->value_len);
	CHECK_STR_EQ(param(&ct, "charset"), "utf-8");
	CHECK_STR_EQ(param(&ct, "format"), "flowed");
	CHECK_STR_EQ(param(&ct, "name"), "\xc3\xbc" "bersicht \xc3\xbc" "ber alle Ma\xc3\x9f" "e.txt");
	CHECK_STR_EQ(param(&ct, "x-long"), "an ascii value long enough that it does not fit "
	    "after the others on one line");
	mime_ctype_free(&ct);
	mime_header_free(&h);
	buf_free(&b);
}

CHECK_MAIN(
    ctype_type_subtype_and_a_parameter,
    ctype_names_are_lower_cased_and_values_kept,
    ctype_white_space_and_comments_anywhere,
    ctype_trailing_and_empty_semicolons_are_harmless,
    ctype_quoted_values_lose_quotes_escapes_and_folds,
    ctype_windows_paths_keep_their_backslashes,
    ctype_unquoted_values_with_spaces_run_to_the_semicolon,
    ctype_missing_semicolon_before_a_folded_parameter,
    ctype_disposition_has_no_subtype,
    ctype_unparseable_type_is_null,
    rfc2231_charset_language_and_percent_escapes,
    rfc2231_continuations_are_joined,
    rfc2231_mixed_encoded_and_plain_sections,
    rfc2231_utf8_character_split_between_sections_is_joined,
    rfc2231_sections_out_of_order_are_sorted,
    rfc2231_missing_sections_join_what_is_there,
    rfc2231_repeated_section_first_wins,
    rfc2231_value_wins_over_the_plain_fallback,
    rfc2231_broken_percent_escapes_are_kept,
    rfc2231_charset_repeated_in_later_sections_is_dropped,
    rfc2231_odd_names_are_ignored,
    rfc2231_sections_past_the_limit_are_dropped,
    encoded_words_in_quoted_file_names_are_decoded,
    raw_8bit_file_names_become_utf8,
    boundary_is_kept_byte_for_byte,
    duplicate_parameters_first_wins,
    parameters_stay_in_the_order_written,
    nul_bytes_are_dropped_from_values,
    a_thousand_parameters_are_capped,
    hostile_parameter_lists_stay_bounded,
    write_ascii_value_as_quoted_string,
    write_non_ascii_value_with_rfc2231,
    write_value_that_looks_like_an_encoded_word_stays_literal,
    write_folds_before_a_parameter_that_does_not_fit,
    write_300_char_ascii_name_in_sections,
    write_300_char_non_ascii_name_in_sections,
    write_several_parameters_in_a_row)
