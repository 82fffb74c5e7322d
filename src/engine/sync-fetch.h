/* sync-fetch.h: the summaries of new messages, fetched in one stream and cached (internal to engine/). */
#ifndef TAUBE_ENGINE_SYNC_FETCH_H
#define TAUBE_ENGINE_SYNC_FETCH_H

#include "engine/session-int.h"
#include "util/err.h"

/*
 * For the open folder: the UIDs from the cached UIDNEXT on (every message
 * below it is cached), then one UID FETCH of their summaries. The session's
 * thread reads the stream; a second thread decodes each header (mime/) and
 * writes the summaries to the cache ENG_SYNC_BATCH at a time, each batch in
 * one transaction with UIDNEXT moved up to the lowest UID still missing, so
 * that a sync cut short resumes there whatever order the server answered
 * in. The cache must not be used by anyone else until this returns.
 */
int eng_sync_fetch_new(struct eng_session *s, struct err *e);

#endif
