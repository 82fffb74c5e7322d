/* session-int.h: the session's insides, shared by the engine's files and no one else. */
#ifndef TAUBE_ENGINE_SESSION_INT_H
#define TAUBE_ENGINE_SESSION_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/account.h"
#include "engine/session.h"
#include "net/imap-ops.h"
#include "net/imap-session.h"
#include "store/cache.h"
#include "util/vec.h"

/* The folder selected on the server, and its row in the cache. */
struct eng_open {
	char *name;		/* UTF-8; NULL when none is open */
	char *raw;		/* as the server names it */
	bool writable;		/* SELECT, not EXAMINE */
	struct cache_folder row;	/* as cached before this open, with id and the new UIDVALIDITY */
	struct imap_mailbox mb;	/* what SELECT said */
};

struct eng_session {
	const struct conf_account *conf;
	struct eng_account account;
	struct imap_session *imap;
	struct cache *cache;
	char *cache_path;
	struct vec folders;	/* struct eng_folder, once listed */
	bool listed;		/* folders holds a listing */
	bool counted;		/* ... with message counts */
	struct eng_open open;
	eng_progress_fn progress;
	void *progress_arg;
	struct strvec alerts;
	/* retry.h */
	unsigned reconnects;	/* connections lost and made again */
	int cancel_fd;		/* readable: stop the server operation under way; -1 */
	bool retrying;		/* inside eng_retry: what runs within is not retried alone */
	char no_repeat[ERR_MSG_MAX / 2];	/* why the operation may not run again, or "" */
};

/* The extensions turned on after every login. */
#define ENG_EXTENSIONS	(IMAP_CAP_QRESYNC | IMAP_CAP_CONDSTORE)

/* Forgets the open folder (the server keeps it selected until the next SELECT). */
void eng_open_clear(struct eng_open *o);

/* IMAP system flags to the cache's (and the engine's: they are the same bits). */
unsigned eng_flags_from_imap(unsigned imap_bits);
unsigned eng_flags_to_imap(unsigned flags);
/* The keywords of f joined by spaces into out (emptied first). */
void eng_keywords_join(struct buf *out, const struct imap_flags *f);

/* Requires an open folder; ERR_FOLDER otherwise. */
int eng_need_open(struct eng_session *s, bool writable, struct err *e);

#endif
