/* str.h: string helpers: ASCII case and space, splitting, numbers, UTF-8, terminal-safe text. */
#ifndef TAUBE_UTIL_STR_H
#define TAUBE_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct strvec;

bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);

/* Only printable ASCII (0x20 to 0x7e): text str_make_visible would leave as it is, on one line. */
bool str_printable_ascii(const char *s, size_t len);

/* The whole comparison of str_ncasecmp_ascii; call that one. */
int str_ncasecmp_ascii_rest(const char *a, const char *b, size_t n);

/*
 * Compare ignoring the case of A-Z only, whatever the locale (protocol
 * keywords, header names: a Turkish locale must not change "INBOX").
 * Inline for the common case of a first byte that differs: keyword tables
 * compare often.
 */
static inline int
str_ncasecmp_ascii(const char *a, const char *b, size_t n)
{
	unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

	/* bytes that differ in more than the case bit differ in any case */
	if (n > 0 && (x | 0x20) != (y | 0x20))
		return (x >= 'A' && x <= 'Z' ? x + 32 : x) - (y >= 'A' && y <= 'Z' ? y + 32 : y);
	return str_ncasecmp_ascii_rest(a, b, n);
}

static inline int
str_casecmp_ascii(const char *a, const char *b)
{
	return str_ncasecmp_ascii(a, b, SIZE_MAX);
}

/* Lowercases A-Z in place; returns s. */
char *str_to_lower_ascii(char *s);

/* Cuts ASCII white space (space \t \n \v \f \r) off both ends in place; returns the new start. */
char *str_trim(char *s);

#define STR_SPLIT_TRIM		0x1	/* trim ASCII white space off each piece */
#define STR_SPLIT_SKIP_EMPTY	0x2	/* drop pieces that are empty (after trimming) */

/*
 * Appends copies of the pieces of s between each `sep` to out and returns how
 * many were appended. Without STR_SPLIT_SKIP_EMPTY, "" gives one empty piece
 * and "a,,b" three.
 */
size_t str_split(struct strvec *out, const char *s, char sep, unsigned flags);

/*
 * Parses a decimal number of digits only (no sign, space or base prefix) that
 * is at most max. Returns 0, or -1 on anything else; *out is set only on success.
 */
int str_parse_uint(const char *s, uint64_t max, uint64_t *out);

/* True when s[0..len) holds a C0 control character other than tab (NUL included), or DEL. */
bool str_has_ctl(const char *s, size_t len);

/*
 * Decodes one UTF-8 sequence at s (len > 0) into *cp and returns its length.
 * When the bytes are ill-formed (overlong, surrogate, above U+10FFFF, cut
 * short), *cp is -1 and the return value is the length of the maximal
 * ill-formed subpart, so that each one becomes a single U+FFFD as Unicode
 * recommends.
 */
size_t str_utf8_next(const char *s, size_t len, int32_t *cp);

/* True when s[0..len) is well-formed UTF-8 (strict, as str_utf8_next). */
bool str_utf8_valid(const char *s, size_t len);

/*
 * Appends s[0..len) to out so that it is safe to put on a terminal: C0
 * controls other than \t and \n in caret notation (ESC is "^[", DEL "^?"),
 * C1 controls (U+0080..U+009F) as "\u009b", and ill-formed UTF-8 as U+FFFD.
 * Nothing that reaches the terminal may skip this.
 */
void str_make_visible(struct buf *out, const char *s, size_t len);

#endif
