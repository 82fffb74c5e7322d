/* value.c: parsing booleans and durations from configuration values. */
#include "conf/value.h"

#include <strings.h>

#define DURATION_MAX (30u * 24 * 3600)

int
value_bool(const char *s, bool *out, struct err *e)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return err_set(e, "'%s' is not a yes/no value", s);
}

static int
unit_seconds(char c, unsigned *mult)
{
	switch (c) {
	case 's': *mult = 1; return 0;
	case 'm': *mult = 60; return 0;
	case 'h': *mult = 3600; return 0;
	case 'd': *mult = 86400; return 0;
	}
	return -1;
}

int
value_duration(const char *s, unsigned *seconds, struct err *e)
{
	unsigned long total = 0;
	const char *p = s;

	if (s[0] == '0' && s[1] == '\0') {
		*seconds = 0;
		return 0;
	}
	if (*p == '\0')
		return err_set(e, "empty duration");
	while (*p != '\0') {
		unsigned long n = 0;
		unsigned mult;

		if (*p < '0' || *p > '9')
			return err_set(e, "bad duration '%s' (examples: 90s, 5m, 1h)", s);
		for (; *p >= '0' && *p <= '9'; p++) {
			n = n * 10 + (unsigned long)(*p - '0');
			if (n > DURATION_MAX)
				return err_set(e, "duration '%s' is too long (at most 30d)", s);
		}
		if (*p == '\0')
			return err_set(e, "duration '%s' needs a unit: s, m, h or d "
			    "(examples: 90s, 5m, 1h)", s);
		if (unit_seconds(*p, &mult) < 0)
			return err_set(e, "bad unit '%c' in duration '%s' (use s, m, h or d)", *p, s);
		p++;
		total += n * mult;
		if (total > DURATION_MAX)
			return err_set(e, "duration '%s' is too long (at most 30d)", s);
	}
	*seconds = (unsigned)total;
	return 0;
}
