/* fuzz-date.c: libFuzzer target for RFC 5322 dates: parsing, and writing back what was parsed. */
#include "fuzz-check.h"

#include <inttypes.h>

#include "mime/date.h"
#include "util/buf.h"

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years RFC 3339 can write. */
#define YEAR0_UTC	INT64_C(-62167219200)
#define YEAR9999_UTC	INT64_C(253402300799)

static bool
is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void
check_rfc3339(int64_t utc)
{
	struct buf b = BUF_INIT;
	const char *s;

	mime_date_rfc3339(&b, utc);
	s = buf_cstr(&b);
	if (utc >= YEAR0_UTC && utc <= YEAR9999_UTC) {
		/* "2026-11-22T09:04:05Z" */
		FUZZ_ASSERT(b.len == 20);
		FUZZ_ASSERT(is_digits(s, 4) && s[4] == '-' && is_digits(s + 5, 2));
		FUZZ_ASSERT(s[7] == '-' && is_digits(s + 8, 2) && s[10] == 'T');
		FUZZ_ASSERT(is_digits(s + 11, 2) && s[13] == ':' && is_digits(s + 14, 2));
		FUZZ_ASSERT(s[16] == ':' && is_digits(s + 17, 2) && s[19] == 'Z');
	}
	buf_free(&b);
}

/* What mime_date_write writes is a date mime_date_parse reads back to the same instant. */
static void
check_write(int64_t utc, int zone)
{
	struct buf b = BUF_INIT;
	int64_t utc2 = 0;
	int zone2 = 0;

	mime_date_write(&b, utc, zone);
	FUZZ_ASSERT(fuzz_no_ctl(buf_cstr(&b), b.len));
	if (utc >= YEAR0_UTC && utc <= YEAR9999_UTC) {
		if (mime_date_parse(buf_cstr(&b), b.len, &utc2, &zone2) != 0) {
			fprintf(stderr, "wrote \"%s\" for %" PRId64 " %+d\n", buf_cstr(&b), utc, zone);
			fuzz_fail(__FILE__, __LINE__, "a written date parses back");
		}
		FUZZ_ASSERT(utc2 == utc);
		FUZZ_ASSERT(zone2 == zone);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t utc = 0;
	int zone = 0;

	if (mime_date_parse((const char *)data, size, &utc, &zone) != 0)
		return 0;
	/* A written zone is [+-]HHMM: at most 99 hours 99 minutes either way. */
	FUZZ_ASSERT(zone >= -(99 * 60 + 99) && zone <= 99 * 60 + 99);
	check_rfc3339(utc);
	check_write(utc, zone);
	return 0;
}
