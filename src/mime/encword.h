/* encword.h: RFC 2047 encoded words (=?charset?B|Q?text?=) in header text, both ways. */
#ifndef TAUBE_MIME_ENCWORD_H
#define TAUBE_MIME_ENCWORD_H

#include <stddef.h>

struct buf;

/*
 * Appends header text in[0..len) decoded to UTF-8: encoded words in any
 * charset iconv knows (RFC 2231 language suffix "=?utf-8*de?Q?..?=" allowed),
 * white space between adjacent encoded words dropped, an encoded word split
 * in the middle of a multi-byte character joined with its neighbour when both
 * use the same charset, a broken word (bad charset, bad encoding, no "?=")
 * kept as written. Raw 8-bit bytes outside words are taken as UTF-8, else
 * Windows-1252. Unfolding is the caller's job. At most MIME_MAX_ENCODED_WORDS
 * words are decoded; the rest stay as written.
 */
void mime_ew_decode(struct buf *out, const char *in, size_t len);

/*
 * For writing headers: appends UTF-8 text as it should appear in an
 * unstructured header field whose line already holds `col` characters (the
 * "Subject: " part). Pure ASCII without "=?" stays as it is; otherwise words
 * are encoded as "=?UTF-8?Q?...?=" (or B when shorter), never splitting a
 * UTF-8 character. Lines are folded with CRLF + space so that none exceeds 78
 * characters. Returns the column after the last character written.
 */
size_t mime_ew_encode(struct buf *out, const char *utf8, size_t len, size_t col);

/*
 * Like mime_ew_encode for a display name in an address (a "phrase"): ASCII
 * names that need it are quoted ("Doe, John"), non-ASCII ones encoded with
 * the restricted character set RFC 2047 section 5 (3) allows there.
 */
size_t mime_ew_encode_phrase(struct buf *out, const char *utf8, size_t len, size_t col);

#endif
