/*
 * retry.h: running an operation once more after the connection to the IMAP
 * server was lost.
 *
 * When an operation fails because the connection broke (NET_FAIL_NETWORK:
 * closed, reset, silent past the timeout; never a refused login or
 * certificate, a protocol error or a cancel), eng_retry connects again,
 * waiting between attempts (ENG_RECONNECT_*), turns QRESYNC/CONDSTORE on
 * again, opens the folder that was open (eng_folder_open, which also
 * brings its cache up to date), and runs the operation a second time. A
 * second loss is an error; so is a folder whose UIDVALIDITY changed
 * meanwhile, as the UIDs the operation was given name other messages now.
 *
 * Only operations that may safely run twice go through it: fetching,
 * searching, listing, STORE (setting a flag twice sets it once), UID MOVE
 * and UID EXPUNGE (the UIDs that left are no longer there to leave again).
 * A step that would do something twice (COPY, APPEND) calls
 * eng_retry_forbid first: a loss after it is reported, not repeated.
 *
 * Operations nest (a move lists the folders): only the outermost one is
 * repeated.
 */
#ifndef TAUBE_ENGINE_RETRY_H
#define TAUBE_ENGINE_RETRY_H

#include <stdbool.h>

#include "engine/session.h"
#include "util/err.h"

/* Reconnecting: attempts in all, the first wait, doubling up to the last (3.5 s of waits). */
#define ENG_RECONNECT_ATTEMPTS	4
#define ENG_RECONNECT_FIRST_MS	500
#define ENG_RECONNECT_MAX_MS	4000

/* An operation on the open folder; arg is the caller's. 0, or -1 with e. */
typedef int (*eng_op_fn)(struct eng_session *s, void *arg, struct err *e);

/* Runs op(s, arg, e), and once more after a lost connection as described above. */
int eng_retry(struct eng_session *s, eng_op_fn op, void *arg, struct err *e);

/* An operation that opens a folder itself (eng_folder_open, eng_folder_sync). */
typedef int (*eng_open_fn)(struct eng_session *s, const char *name, unsigned flags,
    struct err *e);

/*
 * eng_retry for an opening operation: after reconnecting it is simply run
 * again (it selects its folder itself; a new UIDVALIDITY is its business).
 * Such a function can wrap itself:
 *	if (!eng_retrying(s))
 *		return eng_retry_open(s, eng_folder_sync, name, flags, e);
 */
int eng_retry_open(struct eng_session *s, eng_open_fn fn, const char *name, unsigned flags,
    struct err *e);

/* True inside eng_retry or eng_retry_open. */
bool eng_retrying(const struct eng_session *s);

/*
 * Says that from here on the current operation must not run again; the
 * message (e.g. "the messages may be in both folders now") ends the error
 * if the connection is lost before the operation finishes.
 */
void eng_retry_forbid(struct eng_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
