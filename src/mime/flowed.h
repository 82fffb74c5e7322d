/* flowed.h: format=flowed text (RFC 3676) joined into paragraphs. */
#ifndef TAUBE_MIME_FLOWED_H
#define TAUBE_MIME_FLOWED_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * Appends text (UTF-8, LF line ends) with flowed lines joined: a line ending
 * in a space continues on the next line of the same quote depth; with delsp
 * that space is removed. Space-stuffing is undone, quote depth kept ("> > "
 * normalised to ">> " is not done: quotes stay as written), the signature
 * separator "-- " is never joined.
 */
void mime_flowed_decode(struct buf *out, const char *text, size_t len, bool delsp);

#endif
