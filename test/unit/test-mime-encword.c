/* Unit tests for mime/encword: RFC 2047 words decoded from real-world headers and encoded for ours. */
#include "check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "mime/encword.h"
#include "mime/limits.h"
#include "util/buf.h"
#include "util/str.h"

/* Decodes into a fresh string; the caller frees it. */
static char *
dec(const char *s)
{
	struct buf b = BUF_INIT;

	mime_ew_decode(&b, s, strlen(s));
	return buf_detach(&b);
}

#define CHECK_DEC(in, want)                                                  \
	do {                                                                 \
		char *got_ = dec(in);                                        \
		CHECK_STR_EQ(got_, (want));                                  \
		free(got_);                                                  \
	} while (0)

static char *
enc(const char *s, size_t col, bool phrase, size_t *end_col)
{
	struct buf b = BUF_INIT;
	size_t c;

	if (phrase)
		c = mime_ew_encode_phrase(&b, s, strlen(s), col);
	else
		c = mime_ew_encode(&b, s, strlen(s), col);
	if (end_col != NULL)
		*end_col = c;
	return buf_detach(&b);
}

/* Removes the CRLFs of folding, as a reader of the header does. */
static char *
unfold(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n')
			s++;
		else
			buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

/*
 * Checks what a header writer must promise: no line over 78 (counting the
 * `col` characters already there), CRLF only as folding, 7-bit, each
 * encoded word at most 75 characters, and decoding gives the text back.
 */
static void
check_encoded(const char *text, size_t col, bool phrase)
{
	char *e = enc(text, col, phrase, NULL), *u, *d;
	const char *p, *q;
	size_t line = col;

	for (p = e; *p != '\0'; p++) {
		CHECK((unsigned char)*p < 0x80);
		if (*p == '\r') {
			CHECK(p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'));
			line = 0;
			p++;
			continue;
		}
		CHECK(*p != '\n');
		if (++line > 78)
			CHECK_FAIL_AT("line over 78 in \"%s\"", e);
	}
	for (p = e; (p = strstr(p, "=?")) != NULL; p = q + 2) {
		if ((q = strstr(p + 10, "?=")) == NULL)
			break;
		CHECK(q + 2 - p <= 75);
	}
	u = unfold(e);
	d = dec(u);
	CHECK_STR_EQ(d, text);
	free(d);
	free(u);
	free(e);
}

TEST(ew_decode_reads_b_and_q_words)
{
	CHECK_DEC("=?UTF-8?B?R3LDvMOfZQ==?=", "Gr\xc3\xbc\xc3\x9f" "e");
	CHECK_DEC("=?utf-8?q?caf=C3=A9_au_lait?=", "caf\xc3\xa9 au lait");
	CHECK_DEC("=?utf-8?b?R3LDvMOfZQ?=", "Gr\xc3\xbc\xc3\x9f" "e");
	CHECK_DEC("no words here", "no words here");
	CHECK_DEC("", "");
}

TEST(ew_decode_reads_iso_8859_1_and_2_and_windows_1252)
{
	CHECK_DEC("=?ISO-8859-1?Q?Andr=E9?= Pirard", "Andr\xc3\xa9 Pirard");
	CHECK_DEC("=?iso-8859-2?Q?P=F8=EDli=B9_=BElu=BBou=E8k=FD?=",
	    "P\xc5\x99\xc3\xadli\xc5\xa1 \xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd");
	CHECK_DEC("=?windows-1252?Q?=93Quoted=94_=80?=",
	    "\xe2\x80\x9cQuoted\xe2\x80\x9d \xe2\x82\xac");
}

TEST(ew_decode_reads_koi8_r_and_iso_2022_jp)
{
	CHECK_DEC("=?koi8-r?B?8NLJ18XU?=",
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
	CHECK_DEC("=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=",
	    "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf");
}

TEST(ew_decode_reads_gb2312_shift_jis_and_big5)
{
	CHECK_DEC("=?gb2312?B?xOO6ww==?=", "\xe4\xbd\xa0\xe5\xa5\xbd");
	CHECK_DEC("=?Shift_JIS?B?grGC8YLJgr+CzQ==?=",
	    "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf");
	CHECK_DEC("=?big5?B?pKSk5Q==?=", "\xe4\xb8\xad\xe6\x96\x87");
}

TEST(ew_decode_joins_a_utf8_character_split_across_two_words)
{
	CHECK_DEC("=?utf-8?q?caf=C3?= =?utf-8?q?=A9?=", "caf\xc3\xa9");
	CHECK_DEC("=?UTF-8?B?w6k=?==?utf8?B?w6k=?=", "\xc3\xa9\xc3\xa9");
	/* a Shift_JIS character cut in two the same way */
	CHECK_DEC("=?shift_jis?B?gg==?= =?shift_jis?B?sQ==?=", "\xe3\x81\x93");
}

TEST(ew_decode_drops_white_space_between_adjacent_words)
{
	CHECK_DEC("=?utf-8?q?a?= =?utf-8?q?b?=", "ab");
	CHECK_DEC("=?utf-8?q?a?=\r\n\t =?iso-8859-1?q?b?=", "ab");
	CHECK_DEC("=?utf-8?q?a_?=  =?utf-8?q?b?=", "a b");
}

TEST(ew_decode_keeps_white_space_between_a_word_and_plain_text)
{
	CHECK_DEC("Re: =?utf-8?q?caf=C3=A9?= today", "Re: caf\xc3\xa9 today");
	CHECK_DEC("=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b");
	CHECK_DEC("  =?utf-8?q?a?=  ", "  a  ");
}

TEST(ew_decode_keeps_broken_words_as_written)
{
	CHECK_DEC("=?utf-8?X?abc?=", "=?utf-8?X?abc?=");
	CHECK_DEC("=?utf-8?q?no end", "=?utf-8?q?no end");
	CHECK_DEC("=?utf 8?q?x?=", "=?utf 8?q?x?=");
	CHECK_DEC("=?utf-8?q?what?? =?utf-8?q?ok?=", "=?utf-8?q?what?? ok");
	CHECK_DEC("=?utf-8?q?a?b?=", "=?utf-8?q?a?b?=");
	CHECK_DEC("=?", "=?");
	CHECK_DEC("x=?utf-8?", "x=?utf-8?");
}

TEST(ew_decode_accepts_a_language_suffix)
{
	CHECK_DEC("=?utf-8*de?Q?Gr=C3=BC=C3=9Fe?=", "Gr\xc3\xbc\xc3\x9f" "e");
	CHECK_DEC("=?US-ASCII*EN?Q?Keith_Moore?=", "Keith Moore");
}

TEST(ew_decode_empty_charset_word_terminates_and_stays)
{
	CHECK_DEC("=??Q?x?=", "=??Q?x?=");
	CHECK_DEC("=??Q?x?= tail =?*?q?y?=", "=??Q?x?= tail =?*?q?y?=");
	CHECK_DEC("=?\?\?=", "=?\?\?=");
}

TEST(ew_decode_finds_words_inside_text_and_in_any_case)
{
	CHECK_DEC("foo=?utf-8?q?bar?=baz", "foobarbaz");
	CHECK_DEC("=?UTF-8?Q?a?==?utf-8?b?Yg==?=", "ab");
}

TEST(ew_decode_reads_raw_8bit_text_as_utf8_else_windows_1252)
{
	CHECK_DEC("caf\xc3\xa9 =?utf-8?q?x?=", "caf\xc3\xa9 x");
	CHECK_DEC("caf\xe9 \x80", "caf\xc3\xa9 \xe2\x82\xac");
}

TEST(ew_decode_unknown_charset_reads_utf8_else_windows_1252)
{
	CHECK_DEC("=?x-bogus?q?caf=E9?=", "caf\xc3\xa9");
	CHECK_DEC("=?x-bogus?q?caf=C3=A9?=", "caf\xc3\xa9");
	CHECK_DEC("=?unknown-8bit?q?=C3=A9?=", "\xc3\xa9");
}

TEST(ew_decode_stops_after_the_word_limit)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	size_t i;

	for (i = 0; i < MIME_MAX_ENCODED_WORDS + 5; i++)
		buf_adds(&in, "=?utf-8?q?a?= ");
	mime_ew_decode(&out, in.data, in.len);
	/* 10 000 "a" joined, then the rest as written */
	CHECK_INT_EQ(strspn(buf_cstr(&out), "a"), MIME_MAX_ENCODED_WORDS);
	CHECK(str_ends_with(buf_cstr(&out), " =?utf-8?q?a?= "));
	buf_free(&in);
	buf_free(&out);
}

TEST(ew_decode_stays_linear_on_hostile_input)
{
	static const char *units[] = { "=?", "=?a?q?", "=?a?q?=?", "=?=", "?=" };
	struct buf in = BUF_INIT, out = BUF_INIT;
	clock_t start = clock();

	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		buf_reset(&in);
		buf_reset(&out);
		while (in.len < 400000)
			buf_adds(&in, units[u]);
		mime_ew_decode(&out, in.data, in.len);
		CHECK(out.len > 0 && out.len <= in.len);
	}
	/* quadratic scanning would take minutes here */
	CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 5.0);
	buf_free(&in);
	buf_free(&out);
}

TEST(ew_encode_leaves_pure_ascii_untouched)
{
	size_t col;
	char *s = enc("Hello world", 9, false, &col);

	CHECK_STR_EQ(s, "Hello world");
	CHECK_INT_EQ(col, 20);
	free(s);
	s = enc("", 9, false, &col);
	CHECK_STR_EQ(s, "");
	CHECK_INT_EQ(col, 9);
	free(s);
}

TEST(ew_encode_folds_long_ascii_at_spaces_only)
{
	const char *text = "Re: [list] a fairly long plain ascii subject line "
	    "that goes well beyond seventy-eight characters in length";
	char *s = enc(text, 9, false, NULL), *u = unfold(s);

	CHECK(strstr(s, "=?") == NULL);
	CHECK(strstr(s, "\r\n ") != NULL);
	CHECK_STR_EQ(u, text);
	check_encoded(text, 9, false);
	free(u);
	free(s);
}

TEST(ew_encode_encodes_only_the_words_that_need_it)
{
	char *s = enc("Gr\xc3\xbc\xc3\x9f" "e an J\xc3\xbcrgen", 9, false, NULL);

	CHECK(str_starts_with(s, "=?UTF-8?"));
	CHECK(strstr(s, "?= an =?UTF-8?") != NULL);
	CHECK(strchr(s, '\r') == NULL);
	free(s);
	/* Q, unless B is shorter */
	s = enc("\xc3\x9c" "berweisungsbest\xc3\xa4tigung", 0, false, NULL);
	CHECK_STR_EQ(s, "=?UTF-8?Q?=C3=9Cberweisungsbest=C3=A4tigung?=");
	free(s);
	s = enc("caf\xc3\xa9", 0, false, NULL);
	CHECK_STR_EQ(s, "=?UTF-8?B?Y2Fmw6k=?=");
	free(s);
}

TEST(ew_encode_encodes_ascii_that_looks_like_an_encoded_word)
{
	char *s = enc("x=?y?q?z?=", 0, false, NULL);

	CHECK(str_starts_with(s, "=?UTF-8?"));
	free(s);
	check_encoded("see =?utf-8?q?this?= and", 9, false);
}

TEST(ew_encode_round_trips_german_and_czech_subjects)
{
	check_encoded("Gr\xc3\xbc\xc3\x9f" "e aus M\xc3\xbcnchen", 9, false);
	check_encoded("\xc3\x84rger mit \xc3\x96l und \xc3\x9c" "berma\xc3\x9f", 9, false);
	check_encoded("P\xc5\x99\xc3\xadli\xc5\xa1 \xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd "
	    "k\xc5\xaf\xc5\x88 \xc3\xbap\xc4\x9bl \xc4\x8f\xc3\xa1" "belsk\xc3\xa9 \xc3\xb3" "dy",
	    9, false);
	check_encoded("  leading and trailing  \xc3\xa9  ", 9, false);
	check_encoded("tab\there \xc3\xa9\tand", 9, false);
}

TEST(ew_encode_round_trips_long_subjects_within_78_columns)
{
	struct buf text = BUF_INIT;
	int i;

	for (i = 0; i < 40; i++)
		buf_adds(&text, "\xc3\x84rger \xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd ");
	check_encoded(buf_cstr(&text), 9, false);
	buf_reset(&text);
	for (i = 0; i < 60; i++)	/* Japanese: no spaces at all */
		buf_adds(&text, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	check_encoded(buf_cstr(&text), 9, false);
	buf_reset(&text);
	for (i = 0; i < 30; i++)	/* emoji, 4 bytes each */
		buf_adds(&text, "\xf0\x9f\x98\x80 a");
	check_encoded(buf_cstr(&text), 40, false);
	buf_free(&text);
}

TEST(ew_encode_never_splits_a_utf8_character)
{
	struct buf text = BUF_INIT, word = BUF_INIT;
	char *s;
	const char *p, *q;
	int i;

	for (i = 0; i < 50; i++)
		buf_adds(&text, "\xe2\x82\xac\xc3\xa9");
	s = enc(buf_cstr(&text), 9, false, NULL);
	/* each encoded word on its own decodes to well-formed UTF-8 */
	for (p = s; (p = strstr(p, "=?")) != NULL; p = q + 2) {
		q = strstr(p + 10, "?=");
		CHECK(q != NULL);
		if (q == NULL)
			break;
		buf_reset(&word);
		buf_add(&word, p, (size_t)(q + 2 - p));
		char *d = dec(buf_cstr(&word));
		CHECK(str_utf8_valid(d, strlen(d)));
		CHECK(strstr(d, "\xef\xbf\xbd") == NULL);
		free(d);
	}
	free(s);
	buf_free(&text);
	buf_free(&word);
}

TEST(ew_encode_keeps_control_characters_from_breaking_the_header)
{
	char *s = enc("evil\r\nBcc: victim@example.test", 9, false, NULL);
	char *u = unfold(s), *d = dec(u);

	/* no CR or LF other than folding CRLF SP */
	for (const char *p = s; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n')
			CHECK(p[0] == '\r' && p[1] == '\n' && p[2] == ' ');
	CHECK_STR_EQ(d, "evil\r\nBcc: victim@example.test");
	free(d);
	free(u);
	free(s);
}

TEST(ew_encode_returns_the_column_after_the_text)
{
	size_t col;
	char *s = enc("caf\xc3\xa9", 9, false, &col);

	CHECK_INT_EQ(col, 9 + strlen(s));
	free(s);
}

TEST(ew_encode_phrase_quotes_doe_comma_john)
{
	size_t col;
	char *s = enc("Doe, John", 4, true, &col);

	CHECK_STR_EQ(s, "\"Doe, John\"");
	CHECK_INT_EQ(col, 4 + 11);
	free(s);
	s = enc("John Q. Public", 4, true, NULL);
	CHECK_STR_EQ(s, "\"John Q. Public\"");
	free(s);
}

TEST(ew_encode_phrase_leaves_plain_atoms_untouched)
{
	char *s = enc("John O'Brien", 4, true, NULL);

	CHECK_STR_EQ(s, "John O'Brien");
	free(s);
	s = enc("", 4, true, NULL);
	CHECK_STR_EQ(s, "");
	free(s);
}

TEST(ew_encode_phrase_escapes_quotes_and_backslashes)
{
	char *s = enc("say \"hi\" \\o/", 0, true, NULL);

	CHECK_STR_EQ(s, "\"say \\\"hi\\\" \\\\o/\"");
	free(s);
}

TEST(ew_encode_phrase_uses_the_restricted_q_alphabet)
{
	const char *p;
	char *s = enc("M\xc3\xbcller, J\xc3\xbcrgen (Sales)", 4, true, NULL);

	/* RFC 2047 5 (3): only letters, digits, "!*+-/=_" inside a phrase word */
	for (p = s; *p != '\0'; p++)
		CHECK(strchr("!*+-/=_?", *p) != NULL ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == ' ');
	free(s);
	check_encoded("M\xc3\xbcller, J\xc3\xbcrgen (Sales)", 4, true);
	check_encoded("Ji\xc5\x99\xc3\xad Nov\xc3\xa1k", 4, true);
}

TEST(ew_encode_splits_an_ascii_word_too_long_for_any_line)
{
	struct buf in = BUF_INIT, enc = BUF_INIT, dec = BUF_INIT;
	size_t line = 0;

	for (int i = 0; i < 2000; i++)
		buf_addc(&in, (char)('a' + i % 26));
	mime_ew_encode(&enc, in.data, in.len, 9);
	for (size_t i = 0; i < enc.len; i++) {
		line = enc.data[i] == '\n' ? 0 : line + 1;
		CHECK(line + 9 <= 998);
	}
	/* Unfold as a header reader would: drop each CRLF. */
	for (size_t i = 0; i < enc.len; i++)
		if (enc.data[i] != '\r' && enc.data[i] != '\n')
			buf_addc(&dec, enc.data[i]);
	buf_reset(&in);
	mime_ew_decode(&in, dec.data, dec.len);
	CHECK_INT_EQ(in.len, 2000);
	CHECK(in.data[1999] == 'a' + 1999 % 26);
	buf_free(&in);
	buf_free(&enc);
	buf_free(&dec);
}

CHECK_MAIN(ew_decode_reads_b_and_q_words,
    ew_decode_reads_iso_8859_1_and_2_and_windows_1252,
    ew_decode_reads_koi8_r_and_iso_2022_jp,
    ew_decode_reads_gb2312_shift_jis_and_big5,
    ew_decode_joins_a_utf8_character_split_across_two_words,
    ew_decode_drops_white_space_between_adjacent_words,
    ew_decode_keeps_white_space_between_a_word_and_plain_text,
    ew_decode_keeps_broken_words_as_written,
    ew_decode_accepts_a_language_suffix,
    ew_decode_empty_charset_word_terminates_and_stays,
    ew_decode_finds_words_inside_text_and_in_any_case,
    ew_decode_reads_raw_8bit_text_as_utf8_else_windows_1252,
    ew_decode_unknown_charset_reads_utf8_else_windows_1252,
    ew_decode_stops_after_the_word_limit,
    ew_decode_stays_linear_on_hostile_input,
    ew_encode_leaves_pure_ascii_untouched,
    ew_encode_folds_long_ascii_at_spaces_only,
    ew_encode_encodes_only_the_words_that_need_it,
    ew_encode_encodes_ascii_that_looks_like_an_encoded_word,
    ew_encode_round_trips_german_and_czech_subjects,
    ew_encode_round_trips_long_subjects_within_78_columns,
    ew_encode_never_splits_a_utf8_character,
    ew_encode_keeps_control_characters_from_breaking_the_header,
    ew_encode_returns_the_column_after_the_text,
    ew_encode_phrase_quotes_doe_comma_john,
    ew_encode_phrase_leaves_plain_atoms_untouched,
    ew_encode_phrase_escapes_quotes_and_backslashes,
    ew_encode_phrase_uses_the_restricted_q_alphabet,
    ew_encode_splits_an_ascii_word_too_long_for_any_line)
