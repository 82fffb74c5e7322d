/*
 * session.h: one account's connection to its IMAP server and its cache, as
 * the commands and the mail screen use it.
 *
 * A session is opened for an account (the configured one by name, or the
 * first), logs in, turns on QRESYNC (else CONDSTORE) when the server offers
 * it, and opens the account's cache. Folders (folders.h), opening and
 * syncing one (sync.h) and what can be done to its messages (messages.h)
 * all go through it. One session belongs to one thread at a time.
 */
#ifndef TAUBE_ENGINE_SESSION_H
#define TAUBE_ENGINE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "util/err.h"
#include "util/vec.h"

struct eng_session;

/* Progress of a long step (fetching new summaries): done of total. */
typedef void (*eng_progress_fn)(void *arg, const char *folder, uint64_t done, uint64_t total);

/*
 * Opens a session for the account called `account` (NULL: the first one).
 * It calls net_global_init, which counts its callers: a threaded program
 * calls it once from main before any thread starts. A damaged cache is
 * deleted and made again (it holds only copies); so is one filled from
 * another server. -1 with e saying why: the account, its password_cmd,
 * the connection, TLS or the login.
 */
int eng_session_open(struct eng_session **out, const struct conf *c, const char *account,
    struct err *e);
/*
 * The same for a session that may be interrupted: while cancel_fd is
 * readable, a server operation (and connecting) stops with an error, and
 * the connection is dropped; eng_session_revive makes it again.
 */
int eng_session_open_cancellable(struct eng_session **out, const struct conf *c,
    const char *account, int cancel_fd, struct err *e);

/*
 * The two halves of opening, for the mail screen, which shows the cache
 * before the server answers: eng_session_prepare runs password_cmd and
 * opens the cache (no network; eng_msgs_each_cached works then);
 * eng_session_connect logs in (0 at once when it already did).
 */
int eng_session_prepare(struct eng_session **out, const struct conf *c, const char *account,
    int cancel_fd, struct err *e);
int eng_session_connect(struct eng_session *s, struct err *e);
bool eng_session_connected(const struct eng_session *s);

/*
 * For a long-lived session (the mail screen's): when the connection is
 * gone (lost, or cancelled), connects again and reopens the folder that
 * was open. 0 when it was alive or is again.
 */
int eng_session_revive(struct eng_session *s, struct err *e);

/* Logs out and frees (NULL is fine). */
void eng_session_close(struct eng_session *s);

const char *eng_session_account(const struct eng_session *s);
void eng_session_on_progress(struct eng_session *s, eng_progress_fn fn, void *arg);

/* [ALERT] texts the server sent (RFC 3501 says to show them), made visible; const char *. */
const struct strvec *eng_session_alerts(const struct eng_session *s);

/*
 * How often the connection was lost in the middle of an operation and made
 * again, the operation then repeated (engine/retry.h); worth a note.
 */
unsigned eng_session_reconnects(const struct eng_session *s);
/* The IMAP server as messages name it ("host port N"). */
const char *eng_session_server(const struct eng_session *s);

#endif
