/* mbox.h: splitting an mbox file (mboxo, mboxrd, with a BOM) into messages. */
#ifndef TAUBE_MIME_MBOX_H
#define TAUBE_MIME_MBOX_H

#include <stdbool.h>
#include <stddef.h>

/* True when data starts like an mbox ("From " line, after an optional UTF-8 BOM). */
bool mime_mbox_detect(const char *data, size_t len);

/*
 * Finds the next message starting at *pos: returns true and sets *start and
 * *end (the message without its "From " line) and advances *pos; false at the
 * end. A message ends before the next line "From " that follows an empty
 * line, or before a line that is plainly a From_ line ("From SENDER Www Mmm
 * ..."), as old Netscape mboxes have them without the empty line.
 * ">From " unquoting is the caller's choice.
 */
bool mime_mbox_next(const char *data, size_t len, size_t *pos, size_t *start, size_t *end);

#endif
