/*
 * codec.h: the transfer encodings, base64 and quoted-printable, both ways.
 * Decoders are lenient (real mail is broken) and never fail: they decode what
 * can be decoded and say whether they had to skip anything.
 */
#ifndef TAUBE_MIME_CODEC_H
#define TAUBE_MIME_CODEC_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * Appends the decoded bytes to out. Ignores white space, line breaks and any
 * byte outside the alphabet; stops at the first '=' pad group; tolerates
 * missing padding and junk after it. Returns true when the input was clean.
 */
bool mime_b64_decode(struct buf *out, const char *in, size_t len);

/*
 * Appends base64 of in to out in lines of 76 characters, each ended by CRLF
 * (line_len 0: one line without CRLF, as inside an encoded word).
 */
void mime_b64_encode(struct buf *out, const char *in, size_t len, size_t line_len);

/*
 * Appends the quoted-printable body decoding of in: soft line breaks ("=" at
 * the end of a line, CRLF or LF, with trailing white space tolerated), =XX in
 * either case; a broken escape ("=G1", "=" at the very end) is kept as
 * written. Line ends are kept as they are. Returns true when the input was clean.
 */
bool mime_qp_decode(struct buf *out, const char *in, size_t len);

/*
 * The Q encoding of RFC 2047 words: like quoted-printable, with '_' for a space
 * and no line breaks.
 */
void mime_q_decode(struct buf *out, const char *in, size_t len);

/*
 * Appends quoted-printable of a text body (lines separated by LF or CRLF in
 * in), writing CRLF line ends, lines of at most 76 characters with soft
 * breaks, '=' and non-ASCII bytes escaped, trailing white space escaped, and a
 * line starting with "From " or "." escaped so that no transport can alter it.
 */
void mime_qp_encode(struct buf *out, const char *in, size_t len);

#endif
