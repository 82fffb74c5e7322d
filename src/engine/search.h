/*
 * search.h: the search language of `taube list --search` and the search
 * prompt, run by the server (UID SEARCH).
 *
 *   words            plain words match the header or the body (TEXT)
 *   "two words"      a quoted phrase; quotes also keep a word with ':' plain
 *   from:x to:x subject:x body:x     header (or body) contains x; x may be quoted
 *   since:YYYY-MM-DD before:YYYY-MM-DD   arrival date, as IMAP compares it
 *   is:unread is:read is:flagged
 *
 * Every term must match. Matching ignores case (the server decides how).
 */
#ifndef TAUBE_ENGINE_SEARCH_H
#define TAUBE_ENGINE_SEARCH_H

#include "engine/session.h"
#include "util/err.h"
#include "util/vec.h"

/* A parsed query: ANDed groups, each one UID SEARCH (a key used twice needs a second one). */
struct eng_query {
	struct vec groups;	/* struct imap_search */
	struct strvec words;	/* the strings the groups point to */
};

/* Parses text; -1 with e (a message for the person) when it is not a query. */
int eng_query_parse(struct eng_query *q, const char *text, struct err *e);
void eng_query_free(struct eng_query *q);

/* The UIDs of the open folder's messages that match (uint32_t, ascending) into uids. */
int eng_msgs_search(struct eng_session *s, const struct eng_query *q, struct vec *uids,
    struct err *e);

#endif
