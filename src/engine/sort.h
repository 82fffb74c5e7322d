/*
 * sort.h: the orders of the index: messages sorted by date, sender,
 * subject, size or arrival, and the subject as it is compared (reply and
 * forward prefixes taken off). Pure: no I/O, nothing shared.
 */
#ifndef TAUBE_ENGINE_SORT_H
#define TAUBE_ENGINE_SORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * What sorting and threading read of a message; the index fills one per
 * message from the summaries (struct eng_msg and the ids of the cache).
 * A message is named by its position in the array. Strings are UTF-8 or
 * NULL and must live while a function reading them runs; nothing keeps them.
 */
struct eng_msg_view {
	uint32_t uid;
	uint32_t size;
	int64_t date;		/* what "date" means to the index: Date:, else arrival */
	const char *from;	/* the sender as shown; NULL sorts as "" */
	const char *subject;
	const char *message_id;	/* without <> (a pair of <> is tolerated) */
	const char *in_reply_to;	/* the first id */
	const char *references;	/* ids separated by white space, oldest first */
};

enum eng_sort_key {
	ENG_SORT_UID,		/* arrival order */
	ENG_SORT_DATE,
	ENG_SORT_FROM,		/* ASCII letters without case */
	ENG_SORT_SUBJECT,	/* eng_subject_base(..., true) */
	ENG_SORT_SIZE,
	ENG_SORT_LAST,		/* threads: the newest message in each; else as DATE */
};

/*
 * Appends to out the subject as threading and sorting compare it: reply
 * and forward prefixes ("Re:", "AW:", "Fwd:", "Fw:", "WG:", "SV:",
 * "Antw:", also "Re[2]:" and "Re(2):") taken off wherever they stand
 * before the text, a list tag ("[taube-dev]") kept in front, written once,
 * runs of white space made one space, none at either end. So "Re:
 * [taube-dev] AW: Plan" and "[taube-dev] Re: Plan" are both "[taube-dev]
 * Plan". With fold, A-Z become a-z (other letters stay as they are).
 * Returns whether a prefix was taken off: the message answers or passes on
 * another. NULL is "".
 */
bool eng_subject_base(struct buf *out, const char *subject, bool fold);

/*
 * Sorts idx[0..n), indexes into msgs, by key, ties by UID then index: a
 * total order, so descending is exactly ascending read backwards. latest
 * (by message index, may be NULL) is what ENG_SORT_LAST compares: the
 * newest date of each message's thread; without it LAST is DATE.
 * O(n log n) (a merge sort), a few allocations.
 */
void eng_sort_indexes(uint32_t *idx, size_t n, const struct eng_msg_view *msgs,
    enum eng_sort_key key, bool descending, const int64_t *latest);

#endif
