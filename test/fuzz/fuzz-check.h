/*
 * fuzz-check.h: what every fuzz target asserts besides "no crash": a broken
 * invariant aborts, so libFuzzer saves the input that broke it as a crash.
 */
#ifndef TAUBE_FUZZ_CHECK_H
#define TAUBE_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

/* The entry point libFuzzer calls; declared here for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                    \
	do {                                                                 \
		if (!(cond))                                                 \
			fuzz_fail(__FILE__, __LINE__, #cond);                \
	} while (0)

static inline void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}

/*
 * Text that may reach a terminal: well-formed UTF-8, no C0 control but tab
 * and line feed (so no ESC), no DEL, no C1 control (U+0080..U+009F).
 */
static inline bool
fuzz_visible(const char *s, size_t len)
{
	if (!str_utf8_valid(s, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return false;
		/* U+0080..U+009F are C2 80..C2 9F in UTF-8 */
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x9f)
			return false;
	}
	return true;
}

static inline bool
fuzz_visible_str(const char *s)
{
	return s == NULL || fuzz_visible(s, strlen(s));
}

static inline bool
fuzz_utf8_str(const char *s)
{
	return s == NULL || str_utf8_valid(s, strlen(s));
}

/* True when s[0..len) holds no byte below 0x20 and no DEL. */
static inline bool
fuzz_no_ctl(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/*
 * True when s[0..len) holds U+FEFF. Decoding UTF-8 drops one at the start of
 * a text (a byte-order mark), so round trips skip such input: a known loss
 * that no reader can see.
 */
static inline bool
fuzz_has_bom(const char *s, size_t len)
{
	return memmem(s, len, "\xef\xbb\xbf", 3) != NULL;
}

/* Whether a and b hold the same words: white space runs count as one space, none at the ends. */
static inline bool
fuzz_same_words(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	bool aend, bend;

	for (;;) {
		while (i < alen && (a[i] == ' ' || a[i] == '\t'))
			i++;
		while (j < blen && (b[j] == ' ' || b[j] == '\t'))
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		while (i < alen && j < blen && a[i] == b[j] && a[i] != ' ' && a[i] != '\t') {
			i++;
			j++;
		}
		aend = i == alen || a[i] == ' ' || a[i] == '\t';
		bend = j == blen || b[j] == ' ' || b[j] == '\t';
		if (!aend || !bend)
			return false;
	}
}

static inline bool
fuzz_has_upper(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

#endif
