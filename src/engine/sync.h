/*
 * sync.h: opening a folder and bringing its cached copy up to date.
 *
 * The reopen protocol. The cache keeps per folder UIDVALIDITY, UIDNEXT
 * and HIGHESTMODSEQ as of the last complete sync, and the summaries of the
 * messages it holds. Opening a folder:
 *  1. SELECT (or EXAMINE) it; with QRESYNC on and a cached state, the
 *     command carries (UIDVALIDITY MODSEQ) and the server answers with the
 *     UIDs expunged since (VANISHED) and the messages changed since (FETCH).
 *  2. A different UIDVALIDITY means the cached UIDs name other messages:
 *     the folder's messages are dropped (cache_folder_reset) and fetched
 *     again.
 *  3. Without QRESYNC: with CONDSTORE, the flags changed since the cached
 *     HIGHESTMODSEQ (CHANGEDSINCE); else the flags of every cached message.
 *     Expunged messages are found by UID SEARCH over the cached range.
 *  4. The changes go to the cache in one transaction, with the new
 *     HIGHESTMODSEQ (safe: messages beyond the cached ones are fetched
 *     whole by the sync, whatever their MODSEQ).
 * Syncing then fetches the summaries of the messages from the cached
 * UIDNEXT on in one UID FETCH, decoded on a second thread and cached
 * ENG_SYNC_BATCH at a time (sync-fetch.h), each batch in one transaction
 * with UIDNEXT moved up to the lowest UID still missing, and writes the
 * folder row (UIDNEXT, counts) last: a sync cut short resumes where it
 * stopped. When UIDNEXT is what the cache has, no message is new and no
 * search is needed.
 */
#ifndef TAUBE_ENGINE_SYNC_H
#define TAUBE_ENGINE_SYNC_H

#include "engine/session.h"
#include "util/err.h"

#define ENG_SYNC_BATCH	1000	/* summaries per transaction */

#define ENG_OPEN_WRITE	0x1	/* SELECT: flags may change, messages may go */

/* Opens the folder called name (see eng_folder_find) and applies the changes to cached messages. */
int eng_folder_open(struct eng_session *s, const char *name, unsigned flags, struct err *e);

/* eng_folder_open, then the summaries of new messages; progress goes to the session's callback. */
int eng_folder_sync(struct eng_session *s, const char *name, unsigned flags, struct err *e);

#endif
