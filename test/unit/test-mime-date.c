/* Unit tests for mime/date: RFC 5322 dates and their obsolete forms, writing them, RFC 3339. */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mime/date.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* A date that will not parse; the outputs must then stay untouched. */
#define UNTOUCHED	INT64_C(-424242)

struct parsed {
	int rc;
	int64_t utc;
	int zone;
};

/* Parses text from a buffer of exactly its length (no NUL to lean on). */
static struct parsed
parse(const char *text)
{
	struct parsed p = { 0, UNTOUCHED, -4242 };
	size_t len = strlen(text);
	char *copy = xmalloc(len > 0 ? len : 1);

	memcpy(copy, text, len);
	p.rc = mime_date_parse(copy, len, &p.utc, &p.zone);
	free(copy);
	return p;
}

#define CHECK_DATE(text, want_utc, want_zone)                                \
	do {                                                                 \
		struct parsed p_ = parse(text);                              \
		CHECK_INT_EQ(p_.rc, 0);                                      \
		CHECK_INT_EQ(p_.utc, (want_utc));                            \
		CHECK_INT_EQ(p_.zone, (want_zone));                          \
	} while (0)

#define CHECK_NOT_DATE(text)                                                 \
	do {                                                                 \
		struct parsed p_ = parse(text);                              \
		CHECK_INT_EQ(p_.rc, -1);                                     \
		CHECK_INT_EQ(p_.utc, UNTOUCHED);                             \
		CHECK_INT_EQ(p_.zone, -4242);                                \
	} while (0)

static char *
written(int64_t utc, int zone)
{
	struct buf b = BUF_INIT;

	mime_date_write(&b, utc, zone);
	return buf_detach(&b);
}

static char *
rfc3339(int64_t utc)
{
	struct buf b = BUF_INIT;

	mime_date_rfc3339(&b, utc);
	return buf_detach(&b);
}

TEST(date_parses_the_rfc5322_example_dates)
{
	CHECK_DATE("Fri, 21 Nov 1997 09:55:06 -0600", 880127706, -360);
	CHECK_DATE("Tue, 1 Jul 2003 10:52:37 +0200", 1057049557, 120);
	CHECK_DATE("Thu, 13 Feb 1969 23:32:54 -0330", -27723426, -210);
	CHECK_DATE("Mon, 24 Nov 1997 14:22:01 -0800", 880410121, -480);
}

TEST(date_obsolete_two_digit_years_split_at_50)
{
	CHECK_DATE("1 Jan 49 00:00:00 +0000", 2493072000, 0);
	CHECK_DATE("1 Jan 50 00:00:00 +0000", -631152000, 0);
	CHECK_DATE("21 Nov 97 09:55:06 GMT", 880106106, 0);
	CHECK_DATE("1 Jan 00 00:00:00 +0000", 946684800, 0);
}

TEST(date_obsolete_three_digit_years_add_1900)
{
	CHECK_DATE("Tue, 1 Jul 103 10:52:37 +0200", 1057049557, 120);
	CHECK_DATE("1 Jan 100 00:00:00 +0000", 946684800, 0);
}

TEST(date_named_zones_have_their_offsets)
{
	CHECK_DATE("Sun, 27 Oct 2002 23:57:07 EST", 1035781027, -300);
	CHECK_DATE("27 Oct 2002 23:57:07 EDT", 1035781027 - 3600, -240);
	CHECK_DATE("27 Oct 2002 23:57:07 CST", 1035781027 + 3600, -360);
	CHECK_DATE("27 Oct 2002 23:57:07 CDT", 1035781027, -300);
	CHECK_DATE("27 Oct 2002 23:57:07 MST", 1035781027 + 7200, -420);
	CHECK_DATE("27 Oct 2002 23:57:07 MDT", 1035781027 + 3600, -360);
	CHECK_DATE("27 Oct 2002 23:57:07 PST", 1035781027 + 10800, -480);
	CHECK_DATE("27 Oct 2002 23:57:07 pdt", 1035781027 + 7200, -420);
	CHECK_DATE("27 Oct 2002 23:57:07 GMT", 1035781027 - 18000, 0);
	CHECK_DATE("27 Oct 2002 23:57:07 UT", 1035781027 - 18000, 0);
	CHECK_DATE("27 Oct 2002 23:57:07 Z", 1035781027 - 18000, 0);
}

TEST(date_military_letters_and_unknown_zones_count_as_minus_0000)
{
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31 A", 868546411, 0);
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31 M", 868546411, 0);
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31 y", 868546411, 0);
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31 ZZZZ", 868546411, 0);
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31 CET", 868546411, 0);
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31 -0000", 868546411, 0);
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31 +02", 868546411, 0);
}

TEST(date_posix_zone_name_counts_as_its_first_zone)
{
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31 EST5EDT", 868546411 + 18000, -300);
}

TEST(date_without_zone_is_utc)
{
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31", 868546411, 0);
	CHECK_DATE("Thu, 10 Jul 1997 14:53:31   ", 868546411, 0);
}

TEST(date_without_seconds_has_zero_seconds)
{
	CHECK_DATE(" Wed, 27 Jun 99 04:11 +0900 ", 930424260, 540);
	CHECK_DATE("Thu,\r\n 13\r\n Feb\r\n 1969\r\n 23:32\r\n -0330 (Newfoundland Time)",
	    -27723426 - 54, -210);
}

TEST(date_comments_and_white_space_are_skipped)
{
	CHECK_DATE("Tue, 1 Jul 2003 10:52:37 +0200 (CEST)", 1057049557, 120);
	CHECK_DATE("Tue, 1 Jul 2003 10:52:37 +0100 (CET)", 1057049557 + 3600, 60);
	CHECK_DATE(" 1 Jul 2003 (comment about date) 10:52:37 +0200", 1057049557, 120);
	CHECK_DATE("Tue, 1 Jul 2003 ((tricky)\r\n comment) 10:52:37 +0200", 1057049557, 120);
	CHECK_DATE("(a) Tue (b) , (c) 1 (d) Jul (e) 2003 (f) 10 (g) : 52 : (\\) ) 37 +0200",
	    1057049557, 120);
	CHECK_DATE("\tTue,  1   Jul\t2003   10:52:37   +0200  \r\n", 1057049557, 120);
}

TEST(date_without_day_name_parses)
{
	CHECK_DATE("1 Jul 2003 10:52:37 +0200", 1057049557, 120);
	CHECK_DATE("01 Jul 2003 10:52:37 +0200", 1057049557, 120);
}

TEST(date_day_name_may_lack_its_comma_or_disagree_with_the_date)
{
	CHECK_DATE("Tue 1 Jul 2003 10:52:37 +0200", 1057049557, 120);
	CHECK_DATE("Sun, 1 Jul 2003 10:52:37 +0200", 1057049557, 120);
	CHECK_DATE("Tuesday, 1 Jul 2003 10:52:37 +0200", 1057049557, 120);
}

TEST(date_month_names_in_any_case_and_length)
{
	CHECK_DATE("1 jan 2021 09:55:06 +0200", 1609487706, 120);
	CHECK_DATE("1 JAN 2021 09:55:06 +0200", 1609487706, 120);
	CHECK_DATE("1 January 2021 09:55:06 +0200", 1609487706, 120);
	CHECK_DATE("9 sep 2021 09:55:06 +0200", 1631174106, 120);
	CHECK_DATE("9 Sept 2021 09:55:06 +0200", 1631174106, 120);
	CHECK_DATE("9 SEPTEMBER 2021 09:55:06 +0200", 1631174106, 120);
}

TEST(date_old_dashed_form_parses)
{
	CHECK_DATE("21-Nov-97 09:55:06 GMT", 880106106, 0);
	CHECK_DATE("21-Nov-1997 09:55:06 GMT", 880106106, 0);
}

TEST(date_zone_with_colon_parses)
{
	CHECK_DATE("Tue, 1 Jul 2003 10:52:37 +02:00", 1057049557, 120);
}

TEST(date_garbage_is_no_date)
{
	CHECK_NOT_DATE("");
	CHECK_NOT_DATE("   ");
	CHECK_NOT_DATE("(only a comment)");
	CHECK_NOT_DATE("yesterday");
	CHECK_NOT_DATE(" some numbers 0 1 2 but invalid ");
	CHECK_NOT_DATE("13 zzz 2021 09:55:06 +0200");
	CHECK_NOT_DATE("Tue, 7 00 2026 19:14:51 +0000");
	CHECK_NOT_DATE("Foo, 1 Jul 2003 10:52:37 +0200");
	CHECK_NOT_DATE("Tue, 1 Jul 2003");
	CHECK_NOT_DATE("Tue, 1 Jul 2003 10");
	CHECK_NOT_DATE("Tue, 1 Jul 2003 10:");
	CHECK_NOT_DATE("Tue, Jul 2003 10:52:37 +0200");
	CHECK_NOT_DATE("2003-07-01T10:52:37Z");
}

TEST(date_impossible_fields_are_refused)
{
	CHECK_NOT_DATE("31 Feb 2024 10:00:00 +0000");
	CHECK_NOT_DATE("30 Feb 2024 10:00:00 +0000");
	CHECK_NOT_DATE("31 Apr 2024 10:00:00 +0000");
	CHECK_NOT_DATE("0 Apr 2024 10:00:00 +0000");
	CHECK_NOT_DATE("32 Jan 2024 10:00:00 +0000");
	CHECK_NOT_DATE("100 Jan 2024 10:00:00 +0000");
	CHECK_NOT_DATE("1 Jan 2024 25:00:00 +0000");
	CHECK_NOT_DATE("1 Jan 2024 24:00:00 +0000");
	CHECK_NOT_DATE("1 Jan 2024 10:60:00 +0000");
	CHECK_NOT_DATE("1 Jan 2024 10:00:61 +0000");
	CHECK_NOT_DATE("1 Jan 2024 10:00:00 +2400");
	CHECK_NOT_DATE("1 Jan 2024 10:00:00 +0160");
	CHECK_NOT_DATE("1 Jan 2 10:00:00 +0000");
	CHECK_NOT_DATE("1 Jan 20245 10:00:00 +0000");
}

TEST(date_leap_years_follow_the_gregorian_rules)
{
	CHECK_DATE("29 Feb 2024 12:00:00 +0000", 1709208000, 0);
	CHECK_DATE("29 Feb 2000 00:00:00 +0000", 951782400, 0);
	CHECK_NOT_DATE("29 Feb 2023 00:00:00 +0000");
	CHECK_NOT_DATE("29 Feb 1900 00:00:00 +0000");
	CHECK_NOT_DATE("29 Feb 2100 00:00:00 +0000");
	CHECK_DATE("1 Mar 2024 00:00:00 +0000", 1709251200, 0);
}

TEST(date_leap_second_is_accepted)
{
	CHECK_DATE("31 Dec 2016 23:59:60 +0000", 1483228800, 0);
}

TEST(date_far_past_and_future)
{
	CHECK_DATE("Fri, 31 Dec 9999 23:59:59 +0000", 253402300799, 0);
	CHECK_DATE("1 Jan 1900 00:00:00 +0000", -2208988800, 0);
	CHECK_DATE("Thu, 1 Jan 1970 00:00:00 +0000", 0, 0);
	CHECK_DATE("Wed, 31 Dec 1969 23:59:59 +0000", -1, 0);
}

TEST(date_offsets_east_and_west_shift_utc)
{
	CHECK_DATE("1 Jul 2003 10:52:37 +0545", 1057036057, 345);
	CHECK_DATE("1 Jul 2003 10:52:37 -0000", 1057056757, 0);
	CHECK_DATE("1 Jul 2003 10:52:37 -1200", 1057056757 + 43200, -720);
	CHECK_DATE("17 May 2026 22:15:15 +1400", 1779056115 - 50400, 840);
	CHECK_DATE("1 Jan 1970 00:00:00 +0100", -3600, 60);
}

TEST(date_trailing_text_after_the_zone_is_ignored)
{
	CHECK_DATE("Mon, 10 Oct 2022 10:31:15 -0700 (PDT)", 1665423075, -420);
	CHECK_DATE("Mon, 10 Oct 2022 10:31:15 -0700 PDT", 1665423075, -420);
}

TEST(date_parse_reads_only_len_bytes)
{
	const char *s = "Tue, 1 Jul 2003 10:52:37 +0200";
	int64_t utc = 0;
	int zone = 1;

	/* cut before the zone: it is then missing, so UTC */
	CHECK_INT_EQ(mime_date_parse(s, 24, &utc, &zone), 0);
	CHECK_INT_EQ(utc, 1057049557 + 7200);
	CHECK_INT_EQ(zone, 0);
	CHECK_INT_EQ(mime_date_parse(s, 10, &utc, &zone), -1);
}

TEST(date_write_gives_rfc5322_form_in_the_zone)
{
	char *s;

	s = written(1795338245, 60);
	CHECK_STR_EQ(s, "Sun, 22 Nov 2026 10:04:05 +0100");
	free(s);
	s = written(880127706, -360);
	CHECK_STR_EQ(s, "Fri, 21 Nov 1997 09:55:06 -0600");
	free(s);
	s = written(1057049557, 120);
	CHECK_STR_EQ(s, "Tue, 1 Jul 2003 10:52:37 +0200");
	free(s);
	s = written(-27723426, -210);
	CHECK_STR_EQ(s, "Thu, 13 Feb 1969 23:32:54 -0330");
	free(s);
	s = written(0, 0);
	CHECK_STR_EQ(s, "Thu, 1 Jan 1970 00:00:00 +0000");
	free(s);
}

TEST(date_write_crosses_midnight_with_the_offset)
{
	char *s = written(1709251200 - 1, 60);	/* 23:59:59 UTC on 29 Feb */

	CHECK_STR_EQ(s, "Fri, 1 Mar 2024 00:59:59 +0100");
	free(s);
	s = written(1709251200, -1);
	CHECK_STR_EQ(s, "Thu, 29 Feb 2024 23:59:00 -0001");
	free(s);
}

TEST(date_write_clamps_an_impossible_zone)
{
	char *s = written(0, 100000);

	CHECK_STR_EQ(s, "Thu, 1 Jan 1970 23:59:00 +2359");
	free(s);
}

TEST(date_write_then_parse_round_trips)
{
	static const int zones[] = { 0, 60, -60, 120, -210, 345, 840, -720, -1 };
	int failures = 0;

	for (int64_t t = -2208988800; t < 253402300799 - 86400; t += 7777777) {
		for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
			char *s = written(t, zones[z]);
			struct parsed p = parse(s);

			if (p.rc != 0 || p.utc != t || p.zone != zones[z])
				failures++;
			free(s);
		}
	}
	CHECK_INT_EQ(failures, 0);
}

TEST(date_rfc3339_is_utc_with_z)
{
	char *s;

	s = rfc3339(1795338245);
	CHECK_STR_EQ(s, "2026-11-22T09:04:05Z");
	free(s);
	s = rfc3339(0);
	CHECK_STR_EQ(s, "1970-01-01T00:00:00Z");
	free(s);
	s = rfc3339(-1);
	CHECK_STR_EQ(s, "1969-12-31T23:59:59Z");
	free(s);
	s = rfc3339(253402300799);
	CHECK_STR_EQ(s, "9999-12-31T23:59:59Z");
	free(s);
	s = rfc3339(951782400);
	CHECK_STR_EQ(s, "2000-02-29T00:00:00Z");
	free(s);
}

CHECK_MAIN(
    date_parses_the_rfc5322_example_dates,
    date_obsolete_two_digit_years_split_at_50,
    date_obsolete_three_digit_years_add_1900,
    date_named_zones_have_their_offsets,
    date_military_letters_and_unknown_zones_count_as_minus_0000,
    date_posix_zone_name_counts_as_its_first_zone,
    date_without_zone_is_utc,
    date_without_seconds_has_zero_seconds,
    date_comments_and_white_space_are_skipped,
    date_without_day_name_parses,
    date_day_name_may_lack_its_comma_or_disagree_with_the_date,
    date_month_names_in_any_case_and_length,
    date_old_dashed_form_parses,
    date_zone_with_colon_parses,
    date_garbage_is_no_date,
    date_impossible_fields_are_refused,
    date_leap_years_follow_the_gregorian_rules,
    date_leap_second_is_accepted,
    date_far_past_and_future,
    date_offsets_east_and_west_shift_utc,
    date_trailing_text_after_the_zone_is_ignored,
    date_parse_reads_only_len_bytes,
    date_write_gives_rfc5322_form_in_the_zone,
    date_write_crosses_midnight_with_the_offset,
    date_write_clamps_an_impossible_zone,
    date_write_then_parse_round_trips,
    date_rfc3339_is_utc_with_z)
