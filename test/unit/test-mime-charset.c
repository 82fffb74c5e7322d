/* Unit tests for mime/charset: labels, conversion to UTF-8, and what happens to text that lies. */
#include "check.h"

#include <iconv.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "mime/charset.h"
#include "util/buf.h"
#include "util/str.h"

#define FFFD "\xef\xbf\xbd"

static const char *
name(const char *label)
{
	return mime_charset_name(label, strlen(label));
}

/* Converts a NUL-free sample; the caller frees the result. */
static char *
conv(const char *label, const char *in, size_t len, bool *clean)
{
	struct buf b = BUF_INIT;
	bool ok = mime_charset_to_utf8(&b, label, strlen(label), in, len);

	if (clean != NULL)
		*clean = ok;
	return buf_detach(&b);
}

#define CONV(label, lit, clean) conv((label), (lit), sizeof(lit) - 1, (clean))

/* Checks a conversion and frees it. */
#define CHECK_CONV(label, lit, want, want_clean)                             \
	do {                                                                 \
		bool clean_;                                                 \
		char *got_ = CONV((label), lit, &clean_);                    \
		CHECK_STR_EQ(got_, (want));                                  \
		CHECK_INT_EQ(clean_, (want_clean));                          \
		free(got_);                                                  \
	} while (0)

TEST(charset_name_knows_common_labels_and_mistakes)
{
	CHECK_STR_EQ(name("utf8"), "UTF-8");
	CHECK_STR_EQ(name("UTF-8"), "UTF-8");
	CHECK_STR_EQ(name("\"utf-8\""), "UTF-8");
	CHECK_STR_EQ(name("latin1"), "WINDOWS-1252");
	CHECK_STR_EQ(name("ISO_8859-1"), "WINDOWS-1252");
	CHECK_STR_EQ(name("iso-8859-1"), "WINDOWS-1252");
	CHECK_STR_EQ(name("us-ascii"), "WINDOWS-1252");
	CHECK_STR_EQ(name("ks_c_5601-1987"), "CP949");
	CHECK_STR_EQ(name("euc-kr"), "CP949");
	CHECK_STR_EQ(name("gb2312"), "GBK");
	CHECK_STR_EQ(name("GB18030"), "GB18030");
	CHECK_STR_EQ(name("iso-8859-8-i"), "ISO-8859-8");
	CHECK_STR_EQ(name("Shift_JIS"), "CP932");
	CHECK_STR_EQ(name("sjis"), "CP932");
	CHECK_STR_EQ(name("x-sjis"), "CP932");
	CHECK_STR_EQ(name("euc-jp"), "EUC-JP-MS");
	CHECK_STR_EQ(name("ISO-2022-JP"), "ISO-2022-JP");
	CHECK_STR_EQ(name("big5"), "BIG5-HKSCS");
	CHECK_STR_EQ(name("koi8-r"), "KOI8-R");
	CHECK_STR_EQ(name("KOI8-U"), "KOI8-U");
	CHECK_STR_EQ(name("windows-874"), "WINDOWS-874");
	CHECK_STR_EQ(name("cp-850"), "CP850");
	CHECK_STR_EQ(name("unicode-1-1-utf-7"), "UTF-7");
	CHECK_STR_EQ(name("utf-16le"), "UTF-16LE");
	CHECK_STR_EQ(name("UTF-16BE"), "UTF-16BE");
	CHECK_STR_EQ(name("utf-8*de"), "UTF-8");
	CHECK(name("x-unknown") != NULL);
}

TEST(charset_name_maps_every_windows_code_page)
{
	char label[32], want[32];

	for (int cp = 1250; cp <= 1258; cp++) {
		snprintf(label, sizeof(label), "windows-%d", cp);
		snprintf(want, sizeof(want), "WINDOWS-%d", cp);
		CHECK_STR_EQ(name(label), want);
		snprintf(label, sizeof(label), "cp%d", cp);
		CHECK_STR_EQ(name(label), want);
	}
}

TEST(charset_name_is_null_for_empty_or_unknown_labels)
{
	CHECK(name("") == NULL);
	CHECK(name("  \" ") == NULL);
	CHECK(name("x-no-such-charset") == NULL);
	CHECK(name("utf-8utf-8utf-8utf-8utf-8utf-8utf-8utf-8utf-8") == NULL);
	CHECK(mime_charset_name("utf-8", 3) == NULL);	/* "utf" */
}

TEST(charset_names_all_exist_in_iconv)
{
	static const char *labels[] = {
		"utf-8", "us-ascii", "iso-8859-2", "iso-8859-15", "iso-8859-11",
		"windows-1258", "koi8-ru", "cp437", "cp866", "macintosh",
		"euc-jp", "cp932", "iso-2022-jp-2", "iso-2022-kr", "cp949",
		"gbk", "gb18030", "big5", "cp950", "utf-7", "utf-16",
		"utf-32le", "tis-620",
	};
	iconv_t cd;

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		CHECK(name(labels[i]) != NULL);
		cd = iconv_open("UTF-8", name(labels[i]));
		CHECK(cd != (iconv_t)-1);
		if (cd != (iconv_t)-1)
			iconv_close(cd);
	}
}

TEST(latin1_is_read_as_windows_1252)
{
	CHECK_CONV("iso-8859-1", "caf\xe9 \x80 \x93quoted\x94", "caf\xc3\xa9 \xe2\x82\xac "
	    "\xe2\x80\x9cquoted\xe2\x80\x9d", true);
	/* a hole in the code page is not text */
	CHECK_CONV("latin1", "a\x81z", "a" FFFD "z", false);
}

TEST(windows_1250_and_iso_8859_2_read_czech)
{
	CHECK_CONV("windows-1250", "\x9elu\x9dou\xe8k\xfd k\xf9\xf2",
	    "\xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd k\xc5\xaf\xc5\x88", true);
	CHECK_CONV("iso-8859-2", "\xbelu\xbbou\xe8k\xfd",
	    "\xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd", true);
}

TEST(koi8_r_and_koi8_u_read_cyrillic)
{
	CHECK_CONV("koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4",
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", true);
	/* KOI8-U has Ukrainian letters where KOI8-R has box drawing */
	CHECK_CONV("koi8-u", "\xa4", "\xd1\x94", true);
}

TEST(us_ascii_with_8bit_bytes_reads_utf8_then_windows_1252)
{
	CHECK_CONV("us-ascii", "caf\xc3\xa9 and caf\xe9 \x80",
	    "caf\xc3\xa9 and caf\xc3\xa9 \xe2\x82\xac", true);
	CHECK_CONV("US-ASCII", "plain", "plain", true);
}

TEST(unknown_charset_reads_utf8_then_windows_1252_and_says_so)
{
	CHECK_CONV("x-bogus", "na\xc3\xafve r\xe9sum\xe9",
	    "na\xc3\xafve r\xc3\xa9sum\xc3\xa9", false);
	CHECK_CONV("", "plain", "plain", false);
	/* an ill-formed UTF-8 start followed by ASCII: each byte on its own */
	CHECK_CONV("x-bogus", "\xc3(", "\xc3\x83(", false);
}

TEST(utf8_ill_formed_sequences_become_fffd)
{
	CHECK_CONV("utf-8", "ok \xe2\x82 \xff \xed\xa0\x80 end",
	    "ok " FFFD " " FFFD " " FFFD FFFD FFFD " end", false);
	CHECK_CONV("utf8", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", true);
}

TEST(utf8_byte_order_mark_is_dropped)
{
	CHECK_CONV("utf-8", "\xef\xbb\xbfhi", "hi", true);
}

TEST(unconvertible_bytes_become_fffd_and_conversion_goes_on)
{
	/* 0x80 and 0xa0 are not Shift_JIS; the text after them still is */
	CHECK_CONV("shift_jis", "\x82\xb1\x80\x82\xf1\xa0!",
	    "\xe3\x81\x93" FFFD "\xe3\x82\x93" FFFD "!", false);
	CHECK_CONV("iso-8859-8", "\xf9\xff\xe5", "\xd7\xa9" FFFD "\xd7\x95", false);
}

TEST(multibyte_cut_short_at_the_end_gives_one_fffd)
{
	CHECK_CONV("gbk", "\xc4\xe3\xba", "\xe4\xbd\xa0" FFFD, false);
	CHECK_CONV("utf-16le", "h\0i", "h" FFFD, false);
}

TEST(iso_2022_jp_reads_kanji_and_nec_special_characters)
{
	/* "konnichiwa" and a circled 1, which only CP932 knows */
	CHECK_CONV("iso-2022-jp", "\x1b$B$3$s$K$A$O-!\x1b(B ok",
	    "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf"
	    "\xe2\x91\xa0 ok", true);
	/* ESC $ @ (JIS C 6226) and JIS Roman */
	CHECK_CONV("ISO-2022-JP", "\x1b$@$3\x1b(Jx", "\xe3\x81\x93x", true);
}

TEST(iso_2022_jp_reads_half_width_katakana)
{
	CHECK_CONV("iso-2022-jp", "\x1b(I1\x1b(B", "\xef\xbd\xb1", true);
}

TEST(iso_2022_jp_mislabelled_shift_jis_still_reads)
{
	CHECK_CONV("iso-2022-jp", "\x82\xb1\x82\xf1", "\xe3\x81\x93\xe3\x82\x93", true);
}

TEST(iso_2022_jp_with_other_escapes_goes_to_iconv)
{
	/* ISO-2022-JP-2: ESC $ A designates GB 2312 */
	CHECK_CONV("iso-2022-jp", "\x1b$ADc\x1b(B", "\xe4\xbd\xa0", true);
}

TEST(utf7_is_decoded)
{
	CHECK_CONV("utf-7", "Hi +AGEAYgBj- and +ZeVnLIqe-",
	    "Hi abc and \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", true);
	/* plain ASCII in UTF-7 still goes through the decoder: "+-" is "+" */
	CHECK_CONV("utf-7", "1 +- 1", "1 + 1", true);
}

TEST(utf16_byte_order_mark_wins_over_the_label)
{
	CHECK_CONV("utf-16", "\xff\xfeh\0i\0", "hi", true);
	CHECK_CONV("utf-16", "\xfe\xff\0h\0i", "hi", true);
	CHECK_CONV("utf-16le", "\xfe\xff\0h\0i", "hi", true);
	CHECK_CONV("utf-16le", "\xff\xfeh\0i\0", "hi", true);
}

TEST(utf16_without_mark_is_guessed_from_its_zero_bytes)
{
	CHECK_CONV("utf-16", "h\0i\0", "hi", true);
	CHECK_CONV("utf-16", "\0h\0i", "hi", true);
	CHECK_CONV("utf-16be", "\x30\x53", "\xe3\x81\x93", true);
	CHECK_CONV("unicode", "h\0i\0", "hi", true);
}

TEST(utf32_is_decoded_by_mark_or_label)
{
	CHECK_CONV("utf-32", "\xff\xfe\0\0h\0\0\0", "h", true);
	CHECK_CONV("utf-32be", "\0\0\0h\0\x01\xf6\x00", "h\xf0\x9f\x98\x80", true);
}

TEST(gb2312_reads_gbk_and_euc_kr_reads_cp949)
{
	/* U+4E02 exists in GBK only, U+AC02 in CP949 only */
	CHECK_CONV("gb2312", "\xc4\xe3\x81\x40", "\xe4\xbd\xa0\xe4\xb8\x82", true);
	CHECK_CONV("ks_c_5601-1987", "\xb0\xa1\x81\x41", "\xea\xb0\x80\xea\xb0\x82", true);
	CHECK_CONV("euc-kr", "\x81\x41", "\xea\xb0\x82", true);
}

TEST(big5_gb18030_and_euc_jp_are_decoded)
{
	CHECK_CONV("big5", "\xa4\xa4\xa4\xe5", "\xe4\xb8\xad\xe6\x96\x87", true);
	CHECK_CONV("gb18030", "\x81\x30\x81\x30", "\xc2\x80", true);
	CHECK_CONV("euc-jp", "\xa4\xb3\xad\xa1", "\xe3\x81\x93\xe2\x91\xa0", true);
}

TEST(pure_ascii_in_an_ascii_compatible_charset_is_copied)
{
	CHECK_CONV("windows-1251", "Subject line", "Subject line", true);
	CHECK_CONV("euc-kr", "", "", true);
}

TEST(sanitize_keeps_valid_utf8_and_replaces_each_bad_subpart)
{
	struct buf b = BUF_INIT;

	mime_utf8_sanitize(&b, "a\xc3\xa9\xe2\x82z\x80\x80", 8);
	CHECK_STR_EQ(buf_cstr(&b), "a\xc3\xa9" FFFD "z" FFFD FFFD);
	buf_reset(&b);
	mime_utf8_sanitize(&b, "a\0b", 3);
	CHECK_MEM_EQ(b.data, b.len, "a\0b", 3);
	buf_free(&b);
}

/* Each thread converts its own text many times; a shared iconv state would mix them. */
static void *
convert_in_thread(void *arg)
{
	static const struct {
		const char *label, *in, *want;
	} jobs[] = {
		{ "iso-2022-jp", "\x1b$B$3$s\x1b(B", "\xe3\x81\x93\xe3\x82\x93" },
		{ "utf-7", "+ZeVnLA-", "\xe6\x97\xa5\xe6\x9c\xac" },
		{ "koi8-r", "\xf0\xd2", "\xd0\x9f\xd1\x80" },
		{ "big5", "\xa4\xa4", "\xe4\xb8\xad" },
	};
	size_t job = (size_t)(uintptr_t)arg, bad = 0;
	struct buf b = BUF_INIT;

	for (int i = 0; i < 300; i++) {
		buf_reset(&b);
		mime_charset_to_utf8(&b, jobs[job].label, strlen(jobs[job].label),
		    jobs[job].in, strlen(jobs[job].in));
		if (strcmp(buf_cstr(&b), jobs[job].want) != 0)
			bad++;
	}
	buf_free(&b);
	return (void *)(uintptr_t)bad;
}

TEST(conversions_in_parallel_threads_do_not_interfere)
{
	pthread_t t[4];
	void *bad;
	size_t i;

	for (i = 0; i < 4; i++)
		CHECK_INT_EQ(pthread_create(&t[i], NULL, convert_in_thread,
		    (void *)(uintptr_t)i), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &bad);
		CHECK_INT_EQ((uintptr_t)bad, 0);
	}
}

CHECK_MAIN(charset_name_knows_common_labels_and_mistakes,
    charset_name_maps_every_windows_code_page,
    charset_name_is_null_for_empty_or_unknown_labels,
    charset_names_all_exist_in_iconv,
    latin1_is_read_as_windows_1252,
    windows_1250_and_iso_8859_2_read_czech,
    koi8_r_and_koi8_u_read_cyrillic,
    us_ascii_with_8bit_bytes_reads_utf8_then_windows_1252,
    unknown_charset_reads_utf8_then_windows_1252_and_says_so,
    utf8_ill_formed_sequences_become_fffd,
    utf8_byte_order_mark_is_dropped,
    unconvertible_bytes_become_fffd_and_conversion_goes_on,
    multibyte_cut_short_at_the_end_gives_one_fffd,
    iso_2022_jp_reads_kanji_and_nec_special_characters,
    iso_2022_jp_reads_half_width_katakana,
    iso_2022_jp_mislabelled_shift_jis_still_reads,
    iso_2022_jp_with_other_escapes_goes_to_iconv,
    utf7_is_decoded,
    utf16_byte_order_mark_wins_over_the_label,
    utf16_without_mark_is_guessed_from_its_zero_bytes,
    utf32_is_decoded_by_mark_or_label,
    gb2312_reads_gbk_and_euc_kr_reads_cp949,
    big5_gb18030_and_euc_jp_are_decoded,
    pure_ascii_in_an_ascii_compatible_charset_is_copied,
    sanitize_keeps_valid_utf8_and_replaces_each_bad_subpart,
    conversions_in_parallel_threads_do_not_interfere)
