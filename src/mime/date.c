/* date.c: RFC 5322 dates, read leniently and written strictly, free of locale and TZ. */
#include "mime/date.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "util/buf.h"
#include "util/str.h"

struct date_lex {
	const char *s;
	size_t len;
	size_t pos;
};

struct date_fields {
	int64_t year;
	int month, day, hour, minute, second;
	int zone;		/* minutes east of UTC */
};

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

static const char *const day_names[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday",
};

/* The zones RFC 5322 4.3 names, in minutes east of UTC. */
static const struct {
	const char *name;
	int minutes;
} zone_names[] = {
	{ "ut", 0 }, { "gmt", 0 }, { "z", 0 },
	{ "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
	{ "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
};

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Skips white space, line breaks (the value may still be folded) and nested comments. */
static void
skip_cfws(struct date_lex *l)
{
	int depth = 0;

	while (l->pos < l->len) {
		char c = l->s[l->pos];

		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (c == '\\' && depth > 0)
			l->pos++;
		else if (depth == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n')
			return;
		l->pos++;
	}
	if (l->pos > l->len)
		l->pos = l->len;
}

static bool
accept(struct date_lex *l, char c)
{
	if (l->pos < l->len && l->s[l->pos] == c) {
		l->pos++;
		return true;
	}
	return false;
}

/* Reads up to max digits into *val; returns how many there were (more than max: max + 1). */
static size_t
read_number(struct date_lex *l, size_t max, int64_t *val)
{
	size_t n = 0;

	*val = 0;
	while (l->pos < l->len && is_digit(l->s[l->pos])) {
		if (n++ == max)
			return n;
		*val = *val * 10 + (l->s[l->pos++] - '0');
	}
	return n;
}

/* Reads a word of letters (and digits when `alnum`); returns its length. */
static size_t
read_word(struct date_lex *l, bool alnum, const char **word)
{
	size_t start = l->pos;

	while (l->pos < l->len && (is_alpha(l->s[l->pos]) ||
	    (alnum && is_digit(l->s[l->pos]))))
		l->pos++;
	*word = l->s + start;
	return l->pos - start;
}

/*
 * Index of word in names, any case: the full name or a prefix of at least
 * three letters ("Jul", "Sept", "Thurs"); three letters are already unique.
 */
static int
lookup_name(const char *word, size_t len, const char *const *names, int n)
{
	for (int i = 0; len >= 3 && i < n; i++)
		if (len <= strlen(names[i]) && str_ncasecmp_ascii(word, names[i], len) == 0)
			return i;
	return -1;
}

static int
parse_day_name(struct date_lex *l)
{
	const char *word;
	size_t n;

	skip_cfws(l);
	n = read_word(l, false, &word);
	if (n == 0)
		return 0;
	if (lookup_name(word, n, day_names, 7) < 0)
		return -1;
	skip_cfws(l);
	accept(l, ',');
	return 0;
}

/* day month year, with obsolete two- and three-digit years (RFC 5322 4.3). */
static int
parse_date(struct date_lex *l, struct date_fields *d)
{
	const char *word;
	size_t n;
	int64_t v;

	skip_cfws(l);
	n = read_number(l, 2, &v);
	if (n == 0 || n > 2)
		return -1;
	d->day = (int)v;
	skip_cfws(l);
	accept(l, '-');		/* "21-Nov-97", as some old systems wrote */
	skip_cfws(l);
	n = read_word(l, false, &word);
	d->month = lookup_name(word, n, month_names, 12) + 1;
	if (d->month == 0)
		return -1;
	skip_cfws(l);
	accept(l, '-');
	skip_cfws(l);
	n = read_number(l, 4, &v);
	if (n < 2 || n > 4)
		return -1;
	if (n == 2)
		v += v < 50 ? 2000 : 1900;
	else if (n == 3)
		v += 1900;
	d->year = v;
	return 0;
}

/* One or two digits of a time field, at most max. */
static int
time_field(struct date_lex *l, int max, int *out)
{
	int64_t v;
	size_t n;

	skip_cfws(l);
	n = read_number(l, 2, &v);
	if (n == 0 || n > 2 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int
parse_time(struct date_lex *l, struct date_fields *d)
{
	if (time_field(l, 23, &d->hour) < 0)
		return -1;
	skip_cfws(l);
	if (!accept(l, ':') || time_field(l, 59, &d->minute) < 0)
		return -1;
	d->second = 0;
	skip_cfws(l);
	if (accept(l, ':') && time_field(l, 60, &d->second) < 0)
		return -1;
	return 0;
}

/* "+hhmm" or, as some software writes, "+hh:mm". Out of range: -1. */
static int
numeric_zone(struct date_lex *l, int *zone)
{
	int sign = l->s[l->pos++] == '-' ? -1 : 1;
	int64_t hh, mm;
	size_t n;

	n = read_number(l, 4, &hh);
	if (n == 4) {
		mm = hh % 100;
		hh /= 100;
	} else if (n == 2 && accept(l, ':')) {
		if (read_number(l, 2, &mm) != 2)
			return 0;
	} else {
		return 0;	/* not a zone we know how to read: unknown */
	}
	if (hh > 23 || mm > 59)
		return -1;
	*zone = sign * (int)(hh * 60 + mm);
	return 0;
}

/*
 * The zone, if any. Named zones of RFC 5322 are known; military letters and
 * unknown names mean -0000 (4.3 says their meaning was never reliable). A
 * POSIX-style "EST5EDT" counts as its first name.
 */
static int
parse_zone(struct date_lex *l, int *zone)
{
	const char *word;
	size_t n;

	*zone = 0;
	skip_cfws(l);
	if (l->pos == l->len)
		return 0;
	if (l->s[l->pos] == '+' || l->s[l->pos] == '-')
		return numeric_zone(l, zone);
	n = read_word(l, true, &word);
	for (size_t i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++) {
		size_t zl = strlen(zone_names[i].name);

		if ((n == zl || (zl == 3 && n > 3 && is_digit(word[3]))) &&
		    str_ncasecmp_ascii(word, zone_names[i].name, zl) == 0) {
			*zone = zone_names[i].minutes;
			break;
		}
	}
	return 0;
}

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
mime_date_parse(const char *s, size_t len, int64_t *utc, int *zone_minutes)
{
	struct date_lex l = { s, len, 0 };
	struct date_fields d;

	if (parse_day_name(&l) < 0 || parse_date(&l, &d) < 0 ||
	    parse_time(&l, &d) < 0 || parse_zone(&l, &d.zone) < 0)
		return -1;
	if (d.day < 1 || d.day > days_in_month(d.year, d.month))
		return -1;
	*utc = days_from_civil(d.year, d.month, d.day) * 86400 +
	    d.hour * 3600 + d.minute * 60 + d.second - (int64_t)d.zone * 60;
	*zone_minutes = d.zone;
	return 0;
}

/* Splits utc, shifted by zone minutes, into days since the epoch and seconds of that day. */
static void
split_time(int64_t utc, int zone, int64_t *days, int64_t *secs)
{
	*days = utc / 86400;
	*secs = utc % 86400 + (int64_t)zone * 60;
	while (*secs < 0) {
		*secs += 86400;
		(*days)--;
	}
	while (*secs >= 86400) {
		*secs -= 86400;
		(*days)++;
	}
}

void
mime_date_write(struct buf *out, int64_t utc, int zone_minutes)
{
	static const char *const days[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t day_count, secs, y;
	int m, d, zone, wday;

	/* a zone beyond +-23:59 cannot be written; clamp it rather than write junk */
	zone = zone_minutes > 1439 ? 1439 : zone_minutes < -1439 ? -1439 : zone_minutes;
	split_time(utc, zone, &day_count, &secs);
	civil_from_days(day_count, &y, &m, &d);
	wday = (int)(((day_count % 7) + 7 + 4) % 7);	/* 1970-01-01 was a Thursday */
	buf_addf(out, "%s, %d %s %04" PRId64 " %02d:%02d:%02d %c%02d%02d",
	    days[wday], d, months[m - 1], y, (int)(secs / 3600),
	    (int)(secs / 60 % 60), (int)(secs % 60), zone < 0 ? '-' : '+',
	    (zone < 0 ? -zone : zone) / 60, (zone < 0 ? -zone : zone) % 60);
}

void
mime_date_rfc3339(struct buf *out, int64_t utc)
{
	int64_t day_count, secs, y;
	int m, d;

	split_time(utc, 0, &day_count, &secs);
	civil_from_days(day_count, &y, &m, &d);
	buf_addf(out, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
