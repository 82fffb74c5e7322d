/* retry.c: reconnecting after a lost connection and running the operation once more (retry.h). */
#include "engine/retry.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/session-int.h"
#include "engine/sync.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

static const struct net_backoff reconnect_backoff = {
	.attempts = ENG_RECONNECT_ATTEMPTS,
	.first_ms = ENG_RECONNECT_FIRST_MS,
	.max_ms = ENG_RECONNECT_MAX_MS,
};

/* The connection broke under the operation (a refused login or certificate is no such thing). */
static bool
lost(const struct eng_session *s)
{
	return !imap_session_alive(s->imap) && imap_session_fail(s->imap) == NET_FAIL_NETWORK;
}

/* Connects and logs in again, and turns the extensions on as eng_session_open does. */
static int
reconnect(struct eng_session *s, const struct err *why, struct err *e)
{
	if (imap_session_reconnect(s->imap, &s->account.imap, &reconnect_backoff, e) < 0 ||
	    imap_enable(s->imap, ENG_EXTENSIONS, e) < 0)
		return err_prefix(e, "%s; connecting again failed", why->msg);
	s->reconnects++;
	return 0;
}

static int
folder_changed(struct eng_session *s, const char *name, struct err *e)
{
	struct buf shown = BUF_INIT;

	str_make_visible(&shown, name, strlen(name));
	err_setx(e, ERR_FOLDER, "the connection to IMAP server %s was lost; when taube "
	    "connected again, folder \"%s\" had been made anew (its UIDVALIDITY changed): its "
	    "UIDs name other messages now, so the command was not repeated; list the folder "
	    "again", imap_session_peer(s->imap), buf_cstr(&shown));
	buf_free(&shown);
	return -1;
}

/*
 * Opens the folder that was open again (which also brings its cache up to
 * date); a new UIDVALIDITY is an error, as the operation's UIDs are stale.
 */
static int
reopen(struct eng_session *s, struct err *e)
{
	uint32_t validity = s->open.row.uidvalidity;
	unsigned flags = s->open.writable ? ENG_OPEN_WRITE : 0;
	char *name;
	int rc;

	if (s->open.name == NULL)
		return 0;
	name = xstrdup(s->open.name);	/* opening frees s->open.name */
	rc = eng_folder_open(s, name, flags, e);
	if (rc == 0 && s->open.row.uidvalidity != validity)
		rc = folder_changed(s, name, e);
	else if (rc < 0)
		err_prefix(e, "after connecting to IMAP server %s again",
		    imap_session_peer(s->imap));
	free(name);
	return rc;
}

/* After the first try lost the connection (first says how): a second one, or why not. */
static int
again(struct eng_session *s, bool reselect, eng_op_fn op, void *arg, const struct err *first,
    struct err *e)
{
	int rc;

	if (s->no_repeat[0] != '\0')
		return err_setx(e, first->scope, "%s; not repeated, as %s", first->msg,
		    s->no_repeat);
	if (reconnect(s, first, e) < 0 || (reselect && reopen(s, e) < 0))
		return -1;
	rc = op(s, arg, e);
	if (rc < 0 && lost(s))
		err_prefix(e, "IMAP server %s: gave up after connecting again once",
		    imap_session_peer(s->imap));
	return rc;
}

static int
run(struct eng_session *s, bool reselect, eng_op_fn op, void *arg, struct err *e)
{
	struct err first;
	int rc;

	if (s->retrying)
		return op(s, arg, e);	/* the outermost operation is the one repeated */
	s->retrying = true;
	s->no_repeat[0] = '\0';
	rc = op(s, arg, e);
	if (rc < 0 && lost(s)) {
		first = *e;
		rc = again(s, reselect, op, arg, &first, e);
	}
	s->no_repeat[0] = '\0';
	s->retrying = false;
	return rc;
}

int
eng_retry(struct eng_session *s, eng_op_fn op, void *arg, struct err *e)
{
	return run(s, true, op, arg, e);
}

struct open_call {
	eng_open_fn fn;
	const char *name;
	unsigned flags;
};

static int
open_op(struct eng_session *s, void *arg, struct err *e)
{
	const struct open_call *c = arg;

	return c->fn(s, c->name, c->flags, e);
}

int
eng_retry_open(struct eng_session *s, eng_open_fn fn, const char *name, unsigned flags,
    struct err *e)
{
	struct open_call c = { fn, name, flags };

	return run(s, false, open_op, &c, e);
}

bool
eng_retrying(const struct eng_session *s)
{
	return s->retrying;
}

void
eng_retry_forbid(struct eng_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->no_repeat, sizeof(s->no_repeat), fmt, ap);
	va_end(ap);
}

int
eng_session_revive(struct eng_session *s, struct err *e)
{
	struct err why;

	if (s->imap == NULL)
		return eng_session_connect(s, e);	/* never connected yet */
	if (imap_session_alive(s->imap))
		return 0;
	err_setx(&why, ERR_ACCOUNT, "the connection to IMAP server %s was closed",
	    imap_session_peer(s->imap));
	if (reconnect(s, &why, e) < 0)
		return -1;
	return reopen(s, e);
}
