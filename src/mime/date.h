/* date.h: RFC 5322 dates, including the obsolete forms, both ways. */
#ifndef TAUBE_MIME_DATE_H
#define TAUBE_MIME_DATE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * Parses a Date: value into seconds since the epoch, UTC, and the zone offset
 * written (in minutes east of UTC; 0 for "-0000" and unknown zones).
 * Accepts RFC 5322 and its obsolete forms: optional day name, two- and
 * three-digit years (RFC 5322 4.3), missing seconds, named zones (UT, GMT,
 * EST, EDT, CST, CDT, MST, MDT, PST, PDT, Z, military letters as -0000),
 * comments and extra white space, a missing zone (taken as UTC), month names
 * in any case. Returns 0, or -1 when the value is not a date: then nothing is
 * guessed. Rejects impossible fields (month 13, 31 February, hour 25).
 */
int mime_date_parse(const char *s, size_t len, int64_t *utc, int *zone_minutes);

/* Appends "Sun, 22 Nov 2026 10:04:05 +0100" for utc shown in the given zone. */
void mime_date_write(struct buf *out, int64_t utc, int zone_minutes);

/* Appends RFC 3339 UTC, "2026-11-22T09:04:05Z". */
void mime_date_rfc3339(struct buf *out, int64_t utc);

#endif
