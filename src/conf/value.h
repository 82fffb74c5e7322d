/* value.h: typed values in the configuration file (booleans, durations). */
#ifndef TAUBE_CONF_VALUE_H
#define TAUBE_CONF_VALUE_H

#include <stdbool.h>

#include "util/err.h"

/* yes/no, true/false, on/off, 1/0 (any case). */
int value_bool(const char *s, bool *out, struct err *e);

/*
 * Durations: one or more number+unit groups, units s, m, h, d
 * ("90s", "5m", "1h30m"); "0" alone means off. A bare number is refused
 * because "poll = 5" is ambiguous. Result in seconds, at most 30 days.
 */
int value_duration(const char *s, unsigned *seconds, struct err *e);

#endif
