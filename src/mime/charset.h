/*
 * charset.h: converting text to UTF-8 with iconv. Unknown or lying charsets
 * never give an error or an empty text: what cannot be converted becomes
 * U+FFFD, and an unknown charset is read as UTF-8 (then Windows-1252 for
 * bytes that are not UTF-8), which is what such mail nearly always is.
 */
#ifndef TAUBE_MIME_CHARSET_H
#define TAUBE_MIME_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * The iconv name for a MIME charset label (case-insensitive, with the common
 * aliases and mistakes: "utf8", "latin1", "x-unknown", "ks_c_5601-1987",
 * "iso-8859-8-i", "windows-874", "cp-850", "unicode-1-1-utf-7", "gb2312" ->
 * GBK, "iso-8859-1" -> WINDOWS-1252 as browsers do, ...). NULL for a label
 * that is empty or unknown. The result is a static string.
 */
const char *mime_charset_name(const char *label, size_t len);

/*
 * Appends in[0..len) converted from charset `label` to UTF-8. Returns true
 * when everything converted cleanly; false when bytes had to be replaced by
 * U+FFFD or the charset was unknown. Thread-safe (no shared iconv_t).
 */
bool mime_charset_to_utf8(struct buf *out, const char *label, size_t label_len,
    const char *in, size_t len);

/* Appends in as UTF-8, replacing ill-formed sequences by U+FFFD. */
void mime_utf8_sanitize(struct buf *out, const char *in, size_t len);

#endif
