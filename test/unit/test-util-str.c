/* Unit tests for util/str: ASCII helpers, strict numbers, UTF-8 and terminal-safe text. */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/str.h"
#include "util/vec.h"

/* str_make_visible into a fresh string; the caller frees it. */
static char *
visible(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	str_make_visible(&b, s, len);
	return buf_detach(&b);
}

/* What a terminal may safely receive: valid UTF-8 without C0 (but \t \n), DEL or C1. */
static bool
terminal_safe(const char *s, size_t len)
{
	size_t i = 0, n;
	int32_t cp;

	while (i < len) {
		n = str_utf8_next(s + i, len - i, &cp);
		if (cp < 0 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
			return false;
		if (cp < 0x20 && cp != '\t' && cp != '\n')
			return false;
		i += n;
	}
	return true;
}

TEST(str_starts_and_ends_with_handle_empty_and_longer_affixes)
{
	CHECK(str_starts_with("Subject: hi", "Subject:"));
	CHECK(str_starts_with("abc", ""));
	CHECK(!str_starts_with("ab", "abc"));
	CHECK(!str_starts_with("xabc", "abc"));
	CHECK(str_ends_with("mail.txt", ".txt"));
	CHECK(str_ends_with("abc", ""));
	CHECK(!str_ends_with("txt", ".txt"));
	CHECK(!str_ends_with("mail.txt.gz", ".txt"));
}

TEST(str_casecmp_ascii_folds_only_ascii_letters)
{
	CHECK_INT_EQ(str_casecmp_ascii("INBOX", "inbox"), 0);
	CHECK_INT_EQ(str_casecmp_ascii("Content-Type", "content-type"), 0);
	CHECK(str_casecmp_ascii("a", "B") < 0);
	CHECK(str_casecmp_ascii("b", "A") > 0);
	CHECK(str_casecmp_ascii("inbox", "inbox2") < 0);
	/* É and é differ: no locale-dependent folding */
	CHECK(str_casecmp_ascii("\xc3\x89", "\xc3\xa9") != 0);
	/* bytes above 0x7f sort after ASCII, as unsigned */
	CHECK(str_casecmp_ascii("\xc3", "z") > 0);
}

TEST(str_ncasecmp_ascii_stops_after_n_bytes)
{
	CHECK_INT_EQ(str_ncasecmp_ascii("X-Mailer: a", "x-mailer: b", 9), 0);
	CHECK(str_ncasecmp_ascii("X-Mailer: a", "x-mailer: b", 11) < 0);
	CHECK_INT_EQ(str_ncasecmp_ascii("abc", "xyz", 0), 0);
	CHECK(str_ncasecmp_ascii("ab", "abc", 5) < 0);
}

TEST(str_to_lower_ascii_leaves_other_bytes_alone)
{
	char s[] = "MiXeD \xc3\x89T\xc3\xa9 123";

	CHECK(str_to_lower_ascii(s) == s);
	CHECK_STR_EQ(s, "mixed \xc3\x89t\xc3\xa9 123");
}

TEST(str_trim_cuts_ascii_space_at_both_ends)
{
	char a[] = " \t\r\n\v\f value with  inner space \r\n";
	char b[] = " \t\n ";
	char c[] = "";

	CHECK_STR_EQ(str_trim(a), "value with  inner space");
	CHECK_STR_EQ(str_trim(b), "");
	CHECK_STR_EQ(str_trim(c), "");
}

TEST(str_trim_keeps_non_breaking_space)
{
	char s[] = "\xc2\xa0x\xc2\xa0";

	CHECK_STR_EQ(str_trim(s), "\xc2\xa0x\xc2\xa0");
}

TEST(str_split_keeps_empty_pieces_by_default)
{
	struct strvec sv = STRVEC_INIT;

	CHECK_INT_EQ(str_split(&sv, "a,,b,", ',', 0), 4);
	CHECK_INT_EQ(str_split(&sv, "", ',', 0), 1);
	CHECK_INT_EQ(strvec_len(&sv), 5);
	CHECK_STR_EQ(strvec_get(&sv, 0), "a");
	CHECK_STR_EQ(strvec_get(&sv, 1), "");
	CHECK_STR_EQ(strvec_get(&sv, 2), "b");
	CHECK_STR_EQ(strvec_get(&sv, 3), "");
	CHECK_STR_EQ(strvec_get(&sv, 4), "");
	strvec_free(&sv);
}

TEST(str_split_trims_pieces_and_skips_empty_ones)
{
	struct strvec sv = STRVEC_INIT;

	CHECK_INT_EQ(str_split(&sv, " a@x.test , ,\tb@y.test ,", ',',
	    STR_SPLIT_TRIM | STR_SPLIT_SKIP_EMPTY), 2);
	CHECK_STR_EQ(strvec_get(&sv, 0), "a@x.test");
	CHECK_STR_EQ(strvec_get(&sv, 1), "b@y.test");
	CHECK_INT_EQ(str_split(&sv, " , ", ',',
	    STR_SPLIT_TRIM | STR_SPLIT_SKIP_EMPTY), 0);
	CHECK_INT_EQ(str_split(&sv, " x ", ',', STR_SPLIT_TRIM), 1);
	CHECK_STR_EQ(strvec_get(&sv, 2), "x");
	CHECK_INT_EQ(strvec_len(&sv), 3);
	strvec_free(&sv);
}

TEST(str_split_without_separator_gives_the_whole_string)
{
	struct strvec sv = STRVEC_INIT;

	CHECK_INT_EQ(str_split(&sv, "no separator here", ';', 0), 1);
	CHECK_STR_EQ(strvec_get(&sv, 0), "no separator here");
	CHECK_INT_EQ(str_split(&sv, "nul is never a separator", '\0', 0), 1);
	CHECK_STR_EQ(strvec_get(&sv, 1), "nul is never a separator");
	strvec_free(&sv);
}

TEST(str_parse_uint_accepts_digits_up_to_max)
{
	uint64_t v = 99;

	CHECK_INT_EQ(str_parse_uint("0", 10, &v), 0);
	CHECK_INT_EQ(v, 0);
	CHECK_INT_EQ(str_parse_uint("587", 65535, &v), 0);
	CHECK_INT_EQ(v, 587);
	CHECK_INT_EQ(str_parse_uint("0065535", 65535, &v), 0);
	CHECK_INT_EQ(v, 65535);
	CHECK_INT_EQ(str_parse_uint("18446744073709551615", UINT64_MAX, &v), 0);
	CHECK(v == UINT64_MAX);
}

TEST(str_parse_uint_rejects_signs_spaces_and_junk)
{
	static const char *bad[] = { "", "+1", "-1", " 1", "1 ", "0x10", "1e3",
		"12a", "1.0", "\xd9\xa1" /* Arabic-Indic one */, "1\n" };
	uint64_t v = 7;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (str_parse_uint(bad[i], UINT64_MAX, &v) != -1)
			CHECK_FAIL_AT("accepted \"%s\"", bad[i]);
	}
	CHECK_INT_EQ(v, 7);
}

TEST(str_parse_uint_rejects_values_above_max_and_overflow)
{
	uint64_t v = 7;

	CHECK_INT_EQ(str_parse_uint("65536", 65535, &v), -1);
	CHECK_INT_EQ(str_parse_uint("18446744073709551616", UINT64_MAX, &v), -1);
	CHECK_INT_EQ(str_parse_uint("99999999999999999999999", UINT64_MAX, &v), -1);
	CHECK_INT_EQ(str_parse_uint("1", 0, &v), -1);
	CHECK_INT_EQ(v, 7);
	CHECK_INT_EQ(str_parse_uint("0", 0, &v), 0);
	CHECK_INT_EQ(v, 0);
}

TEST(str_has_ctl_flags_c0_and_del_but_not_tab)
{
	CHECK(!str_has_ctl("plain\ttext \xc3\xa9", 13));
	CHECK(str_has_ctl("a\r\nb", 4));
	CHECK(str_has_ctl("esc\x1b", 4));
	CHECK(str_has_ctl("del\x7f", 4));
	CHECK(str_has_ctl("nul\0x", 5));
	CHECK(!str_has_ctl("", 0));
	/* C1 in UTF-8 is not C0: left to str_make_visible */
	CHECK(!str_has_ctl("\xc2\x85", 2));
}

TEST(str_utf8_valid_accepts_well_formed_text)
{
	static const char *good[] = { "", "ascii", "gr\xc3\xbc\xc3\x9f",
		"\xe2\x82\xac", "\xef\xbf\xbf", "\xf0\x9f\x95\x8a",
		"\xf4\x8f\xbf\xbf" /* U+10FFFF */, "\xed\x9f\xbf" /* U+D7FF */,
		"\xee\x80\x80" /* U+E000 */, "\xc2\x80" };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!str_utf8_valid(good[i], strlen(good[i])))
			CHECK_FAIL_AT("rejected case %zu", i);
	}
	CHECK(str_utf8_valid("a\0b", 3));
}

/* Each must be rejected alone and in the middle of text. */
static void
check_invalid(const char *const *bad, size_t n)
{
	char s[32];

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(bad[i]);

		if (str_utf8_valid(bad[i], len))
			CHECK_FAIL_AT("accepted case %zu", i);
		snprintf(s, sizeof(s), "ok %s ok", bad[i]);
		if (str_utf8_valid(s, len + 6))
			CHECK_FAIL_AT("accepted case %zu inside text", i);
	}
}

TEST(str_utf8_valid_rejects_overlong_forms)
{
	static const char *bad[] = { "\xc0\x80", "\xc0\xaf", "\xc1\xbf",
		"\xe0\x80\x80", "\xe0\x9f\xbf", "\xf0\x80\x80\x80",
		"\xf0\x8f\xbf\xbf" };

	check_invalid(bad, sizeof(bad) / sizeof(bad[0]));
}

TEST(str_utf8_valid_rejects_surrogates)
{
	static const char *bad[] = { "\xed\xa0\x80", "\xed\xad\xbf",
		"\xed\xbf\xbf", "\xed\xa0\xbd\xed\xb8\x80" };

	check_invalid(bad, sizeof(bad) / sizeof(bad[0]));
}

TEST(str_utf8_valid_rejects_code_points_above_10ffff)
{
	static const char *bad[] = { "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
		"\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80", "\xfe", "\xff" };

	check_invalid(bad, sizeof(bad) / sizeof(bad[0]));
}

TEST(str_utf8_valid_rejects_cut_sequences_and_stray_continuations)
{
	static const char *bad[] = { "\xc3", "\xe2\x82", "\xf0\x9f\x95",
		"\x80", "\xbf", "\xc3\xa9\xa9", "\xe2\x41\x82" };

	check_invalid(bad, sizeof(bad) / sizeof(bad[0]));
}

TEST(str_utf8_next_decodes_and_reports_maximal_ill_formed_subpart)
{
	int32_t cp;

	CHECK_INT_EQ(str_utf8_next("\xe2\x82\xac", 3, &cp), 3);
	CHECK_INT_EQ(cp, 0x20ac);
	CHECK_INT_EQ(str_utf8_next("\xf0\x9f\x95\x8a", 4, &cp), 4);
	CHECK_INT_EQ(cp, 0x1f54a);
	CHECK_INT_EQ(str_utf8_next("\xe2\x82" "A", 3, &cp), 2);
	CHECK_INT_EQ(cp, -1);
	CHECK_INT_EQ(str_utf8_next("\xf0\x9f\x95", 3, &cp), 3);
	CHECK_INT_EQ(cp, -1);
	CHECK_INT_EQ(str_utf8_next("\xe0\x80\x80", 3, &cp), 1);
	CHECK_INT_EQ(str_utf8_next("\x9b", 1, &cp), 1);
	CHECK_INT_EQ(cp, -1);
	/* len bounds the read even when the lead byte promises more */
	CHECK_INT_EQ(str_utf8_next("\xe2\x82\xac", 1, &cp), 1);
	CHECK_INT_EQ(cp, -1);
}

TEST(str_make_visible_copies_plain_text_and_utf8)
{
	const char *s = "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x95\x8a\ttab\nline";
	char *v = visible(s, strlen(s));

	CHECK_STR_EQ(v, s);
	free(v);
}

TEST(str_make_visible_shows_c0_controls_in_caret_notation)
{
	char *v = visible("\x00\x01\x07\x08\r\x1b\x1f.", 8);

	CHECK_STR_EQ(v, "^@^A^G^H^M^[^_.");
	free(v);
}

TEST(str_make_visible_shows_del_as_caret_question_mark)
{
	char *v = visible("a\x7f" "b", 3);

	CHECK_STR_EQ(v, "a^?b");
	free(v);
}

TEST(str_make_visible_defuses_ansi_csi_sequence)
{
	const char *s = "\x1b[2J\x1b[1;31mred\x1b[0m";
	char *v = visible(s, strlen(s));

	CHECK_STR_EQ(v, "^[[2J^[[1;31mred^[[0m");
	CHECK(strchr(v, 0x1b) == NULL);
	free(v);
}

TEST(str_make_visible_defuses_osc8_hyperlink)
{
	const char *s = "\x1b]8;;https://evil.test/\x1b\\click\x1b]8;;\x1b\\"
	    " \x1b]0;title\x07";
	char *v = visible(s, strlen(s));

	CHECK_STR_EQ(v,
	    "^[]8;;https://evil.test/^[\\click^[]8;;^[\\ ^[]0;title^G");
	free(v);
}

TEST(str_make_visible_replaces_lone_0x9b_byte)
{
	/* 0x9B alone is CSI on terminals that take 8-bit C1 */
	char *v = visible("a\x9b" "2Jb", 5);

	CHECK_STR_EQ(v, "a\xef\xbf\xbd" "2Jb");
	free(v);
}

TEST(str_make_visible_escapes_c1_encoded_in_utf8)
{
	char *v = visible("x\xc2\x9b" "31m\xc2\x85y", 9);

	CHECK_STR_EQ(v, "x\\u009b31m\\u0085y");
	free(v);
}

TEST(str_make_visible_escapes_every_c1_and_keeps_nbsp)
{
	char s[3], want[8], *v;

	for (unsigned cp = 0x80; cp <= 0x9f; cp++) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		v = visible(s, 2);
		snprintf(want, sizeof(want), "\\u%04x", cp);
		CHECK_STR_EQ(v, want);
		free(v);
	}
	v = visible("\xc2\xa0", 2);
	CHECK_STR_EQ(v, "\xc2\xa0");
	free(v);
}

TEST(str_make_visible_replaces_ill_formed_utf8)
{
	/* overlong '/', a surrogate, a cut euro sign before 'A', a stray continuation */
	const char *s = "\xc0\xaf|\xed\xa0\x80|\xe2\x82" "A|\x80|\xff";
	char *v = visible(s, strlen(s));

	CHECK_STR_EQ(v, "\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd" "A|\xef\xbf\xbd|\xef\xbf\xbd");
	free(v);
}

TEST(str_make_visible_output_is_safe_for_every_byte_pair)
{
	unsigned char s[3];
	struct buf b = BUF_INIT;
	int bad = 0;

	/* exhaustive over two bytes plus a trailing continuation byte */
	for (unsigned i = 0; i < 256; i++) {
		for (unsigned j = 0; j < 256; j++) {
			s[0] = (unsigned char)i;
			s[1] = (unsigned char)j;
			s[2] = 0x9b;
			buf_reset(&b);
			str_make_visible(&b, (const char *)s, 3);
			if (!terminal_safe(b.data, b.len) && bad++ < 5)
				CHECK_FAIL_AT("unsafe output for %02x %02x 9b", i, j);
		}
	}
	CHECK_INT_EQ(bad, 0);
	buf_free(&b);
}

TEST(str_make_visible_appends_and_keeps_embedded_nul_visible)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "Subject: ");
	str_make_visible(&b, "a\0b", 3);
	CHECK_STR_EQ(buf_cstr(&b), "Subject: a^@b");
	CHECK_INT_EQ(b.len, 13);
	str_make_visible(&b, "", 0);
	CHECK_INT_EQ(b.len, 13);
	buf_free(&b);
	str_make_visible(&b, "", 0);
	CHECK_STR_EQ(buf_cstr(&b), "");
	buf_free(&b);
}

CHECK_MAIN(str_starts_and_ends_with_handle_empty_and_longer_affixes,
    str_casecmp_ascii_folds_only_ascii_letters,
    str_ncasecmp_ascii_stops_after_n_bytes,
    str_to_lower_ascii_leaves_other_bytes_alone,
    str_trim_cuts_ascii_space_at_both_ends,
    str_trim_keeps_non_breaking_space,
    str_split_keeps_empty_pieces_by_default,
    str_split_trims_pieces_and_skips_empty_ones,
    str_split_without_separator_gives_the_whole_string,
    str_parse_uint_accepts_digits_up_to_max,
    str_parse_uint_rejects_signs_spaces_and_junk,
    str_parse_uint_rejects_values_above_max_and_overflow,
    str_has_ctl_flags_c0_and_del_but_not_tab,
    str_utf8_valid_accepts_well_formed_text,
    str_utf8_valid_rejects_overlong_forms,
    str_utf8_valid_rejects_surrogates,
    str_utf8_valid_rejects_code_points_above_10ffff,
    str_utf8_valid_rejects_cut_sequences_and_stray_continuations,
    str_utf8_next_decodes_and_reports_maximal_ill_formed_subpart,
    str_make_visible_copies_plain_text_and_utf8,
    str_make_visible_shows_c0_controls_in_caret_notation,
    str_make_visible_shows_del_as_caret_question_mark,
    str_make_visible_defuses_ansi_csi_sequence,
    str_make_visible_defuses_osc8_hyperlink,
    str_make_visible_replaces_lone_0x9b_byte,
    str_make_visible_escapes_c1_encoded_in_utf8,
    str_make_visible_escapes_every_c1_and_keeps_nbsp,
    str_make_visible_replaces_ill_formed_utf8,
    str_make_visible_output_is_safe_for_every_byte_pair,
    str_make_visible_appends_and_keeps_embedded_nul_visible)
