/* cache.h: the per-account SQLite cache of folders, message summaries and bodies. */
#ifndef TAUBE_STORE_CACHE_H
#define TAUBE_STORE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct err;
struct mime_summary;
struct vec;

/*
 * The cache holds copies of what the server has, so that reopening a folder
 * shows it at once and only changes need asking for. Deleting the file
 * loses nothing: the next sync fills it again.
 *
 * Threads: one struct cache belongs to one thread (SQLite handles are opened
 * without their own mutex and must not be shared). Other threads or
 * processes open their own struct cache on the same file: readers go on
 * while one writer writes (WAL), and a writer waits up to
 * CACHE_BUSY_TIMEOUT_MS for another before failing.
 *
 * Errors: functions return 0 (or 1/0 for found/not found where so
 * documented), and -1 with e filled; the scope says what broke: ERR_MESSAGE (that message),
 * ERR_FOLDER (that folder's entry), ERR_ACCOUNT (the cache as a whole).
 * Nothing here is made visible for a terminal: strings come back as they
 * went in.
 */
struct cache;

/* The newest schema this taube reads and writes (PRAGMA user_version). */
#define CACHE_SCHEMA_VERSION	2
/* PRAGMA application_id of a taube cache ("taub"). */
#define CACHE_APPLICATION_ID	0x74617562

#define CACHE_BUSY_TIMEOUT_MS	5000
#define CACHE_BODY_MAX_DEFAULT	((int64_t)64 << 20)	/* one body */
#define CACHE_BODIES_MAX_DEFAULT ((int64_t)512 << 20)	/* all bodies */
#define CACHE_TEXT_MAX		1000	/* bytes kept of a subject, name or id */
#define CACHE_TO_MAX		200	/* bytes of the compact To/Cc text */
#define CACHE_REFS_MAX		20	/* message ids kept of References */

/* cache_open's failures, all negative so that `< 0` catches each. */
#define CACHE_ERROR	(-1)	/* cannot create, open or write it (e says why) */
#define CACHE_DAMAGED	(-2)	/* not a database or damaged: cache_reset may go */
#define CACHE_TOO_NEW	(-3)	/* written by a newer taube: left as it is */

/*
 * Opens the cache at path, creating it and its directory when missing (the
 * directory mode 0700, the file 0600; a file readable by others is made
 * 0600) and bringing an older schema up to CACHE_SCHEMA_VERSION in one
 * transaction, keeping its data. A cache from a newer taube, or a SQLite
 * file that is not a taube cache, is refused and left untouched. Returns 0
 * with *out set, or one of the negative values above with e filled.
 */
int cache_open(struct cache **out, const char *path, struct err *e);
/* Closes the cache (NULL is fine). */
void cache_close(struct cache *c);

/*
 * "$XDG_CACHE_HOME/taube/<account>.sqlite", allocated; bytes of the account
 * name other than letters, digits and ._-@+ are written as %XX. NULL when no
 * home directory is known.
 */
char *cache_path_for_account(const char *account);

/*
 * Deletes the cache at path and its -wal and -shm files so that the next
 * cache_open starts empty: what to do after CACHE_DAMAGED. Nobody may have
 * it open. A cache from a newer taube, or another program's SQLite file, is
 * refused (-1), never deleted.
 */
int cache_reset(const char *path, struct err *e);

/*
 * True once SQLite has reported the file damaged during this session. The
 * engine then closes it, calls cache_reset and syncs again: it is a cache.
 */
bool cache_damaged(const struct cache *c);

/*
 * Groups the calls between them into one transaction: one commit (and one
 * fsync of the WAL) instead of one per call, and a sync's messages and the
 * folder's new UIDNEXT/HIGHESTMODSEQ become visible together. Every call
 * below makes its own transaction otherwise. After a failed call inside,
 * its own writes are already undone; cache_rollback drops the rest.
 */
int cache_begin(struct cache *c, struct err *e);
int cache_commit(struct cache *c, struct err *e);
void cache_rollback(struct cache *c);

/*
 * Bodies: one bigger than body_max is not kept; when all bodies pass
 * bodies_max, the ones used least recently go until they are under nine
 * tenths of it. 0 leaves a limit as it is.
 */
void cache_set_body_limits(struct cache *c, int64_t body_max, int64_t bodies_max);

/* Small account-wide values (such as which server the cache was filled from). */
int cache_meta_get(struct cache *c, const char *key, struct buf *out, struct err *e);
int cache_meta_put(struct cache *c, const char *key, const char *value, struct err *e);

/* Folders */

/* LIST attributes kept with a folder: RFC 3501 and RFC 6154 (special use). */
#define CACHE_FOLDER_NOSELECT	0x0001
#define CACHE_FOLDER_NOINFERIORS 0x0002
#define CACHE_FOLDER_ALL	0x0010
#define CACHE_FOLDER_ARCHIVE	0x0020
#define CACHE_FOLDER_DRAFTS	0x0040
#define CACHE_FOLDER_FLAGGED	0x0080
#define CACHE_FOLDER_JUNK	0x0100
#define CACHE_FOLDER_SENT	0x0200
#define CACHE_FOLDER_TRASH	0x0400

struct cache_folder {
	int64_t id;		/* the cache's number for it; set by get, put, list */
	char *name;		/* UTF-8, as shown ("INBOX" spelt so); owned */
	char delim;		/* hierarchy delimiter, '\0' when none */
	unsigned attrs;		/* CACHE_FOLDER_* */
	uint32_t uidvalidity;	/* 0 until known */
	uint32_t uidnext;
	uint64_t highestmodseq;	/* 0 without CONDSTORE */
	uint32_t exists;	/* messages, as the server last said */
	uint32_t unseen;
	int64_t synced;		/* UTC seconds of the last complete sync, 0 never */
};

void cache_folder_free(struct cache_folder *f);

/* Returns 1 and fills *out (free it with cache_folder_free), 0 when not cached, -1. */
int cache_folder_get(struct cache *c, const char *name, struct cache_folder *out,
    struct err *e);

/*
 * Adds or updates the folder named f->name and sets f->id. A different
 * UIDVALIDITY than the cached one (other than 0) is refused: its UIDs
 * would name other messages; cache_folder_reset comes first.
 */
int cache_folder_put(struct cache *c, struct cache_folder *f, struct err *e);

/* Appends every folder (struct cache_folder) by name; free with cache_folder_list_free. */
int cache_folder_list(struct cache *c, struct vec *out, struct err *e);
void cache_folder_list_free(struct vec *v);

/* Forgets a folder with its messages and bodies. */
int cache_folder_delete(struct cache *c, int64_t folder, struct err *e);

/*
 * After the server changed UIDVALIDITY: drops the folder's messages and
 * bodies and keeps the folder with the new UIDVALIDITY (UIDNEXT, MODSEQ,
 * counts and the sync time back to 0), in one transaction.
 */
int cache_folder_reset(struct cache *c, int64_t folder, uint32_t uidvalidity,
    struct err *e);

/* Messages */

/* System flags (\Recent is not kept: it belongs to one session). */
#define CACHE_SEEN	0x01
#define CACHE_ANSWERED	0x02
#define CACHE_FLAGGED	0x04
#define CACHE_DELETED	0x08
#define CACHE_DRAFT	0x10

/*
 * A message summary: what an index line and threading need. Strings are
 * UTF-8 or NULL. On the way in they are the caller's; on the way out
 * (cache_msgs_load) they live until the callback returns, and in a
 * cache_msg_list as long as the list.
 */
struct cache_msg {
	uint32_t uid;
	unsigned flags;		/* CACHE_SEEN ... */
	uint32_t size;		/* RFC822.SIZE */
	bool has_attachment;	/* a hint from BODYSTRUCTURE */
	uint64_t modseq;	/* 0 without CONDSTORE */
	int64_t internaldate;	/* UTC seconds */
	int64_t date;		/* Date:, UTC seconds; 0 when missing or unreadable */
	const char *keywords;	/* other flags, space-separated ("$Forwarded") */
	const char *from;	/* display name of the first From:, NULL if none */
	const char *from_email;
	const char *to;		/* To: then Cc:, compact (see cache_msg_from_summary) */
	const char *subject;
	const char *message_id;	/* without <> */
	const char *in_reply_to;	/* the first id, without <> */
	const char *references;	/* ids without <>, space-separated */
};

/*
 * Fills the header fields of m (from, from_email, to, subject, date,
 * message_id, in_reply_to, references) from a parsed envelope. The strings
 * are written to text, which is emptied first and must not change while m
 * is in use: one buf per message of a batch, kept for the next batch.
 * to holds the To: then Cc: names (the address when there is none),
 * ", "-separated, cut at an address before CACHE_TO_MAX bytes with " +N" for
 * the N left out. references keeps the first id and the last ones, at most
 * CACHE_REFS_MAX, as RFC 5322 suggests for trimming. Other strings are cut
 * to CACHE_TEXT_MAX bytes (at a character), so that no message can swell
 * the rows read at each open.
 */
void cache_msg_from_summary(struct cache_msg *m, const struct mime_summary *s,
    struct buf *text);

/* Adds or replaces n summaries (a kept body stays), in one transaction. */
int cache_msgs_put(struct cache *c, int64_t folder, const struct cache_msg *msgs,
    size_t n, struct err *e);

/* One flag change (FETCH FLAGS, MODSEQ). */
struct cache_flags {
	uint32_t uid;
	unsigned flags;
	const char *keywords;
	uint64_t modseq;	/* 0 keeps the cached one */
};

/* Sets flags of cached messages; UIDs not in the cache are skipped. */
int cache_msgs_set_flags(struct cache *c, int64_t folder, const struct cache_flags *u,
    size_t n, struct err *e);
int cache_msg_set_flags(struct cache *c, int64_t folder, uint32_t uid, unsigned flags,
    const char *keywords, uint64_t modseq, struct err *e);

/* Forgets expunged or vanished messages with their bodies, in one transaction. */
int cache_msgs_delete(struct cache *c, int64_t folder, const uint32_t *uids, size_t n,
    struct err *e);
/* The same for the UIDs first..last (VANISHED (EARLIER) 1:5000). */
int cache_msgs_delete_range(struct cache *c, int64_t folder, uint32_t first,
    uint32_t last, struct err *e);

/*
 * Called with each message in UID order; m and its strings are valid until
 * it returns. Returning non-zero stops the load, which then returns -1 and
 * leaves e to the callback.
 */
typedef int cache_msg_fn(const struct cache_msg *m, void *arg);

/* The folder's messages in one pass, without an allocation per message. */
int cache_msgs_load(struct cache *c, int64_t folder, cache_msg_fn *fn, void *arg,
    struct err *e);

/* Every message of a folder in one array; its strings share one block. */
struct cache_msg_list {
	struct cache_msg *msgs;
	size_t len;
	char *text;
};

int cache_msgs_load_all(struct cache *c, int64_t folder, struct cache_msg_list *out,
    struct err *e);
void cache_msg_list_free(struct cache_msg_list *l);

/* Appends the cached UIDs (uint32_t) in order: to compare with UID SEARCH ALL. */
int cache_msgs_uids(struct cache *c, int64_t folder, struct vec *out, struct err *e);
/* The highest cached UID, 0 when none. */
int cache_msgs_max_uid(struct cache *c, int64_t folder, uint32_t *out, struct err *e);
int cache_msgs_count(struct cache *c, int64_t folder, size_t *out, struct err *e);
/* How many cached messages lack CACHE_SEEN: counted by SQLite, no row is loaded. */
int cache_msgs_count_unseen(struct cache *c, int64_t folder, size_t *out, struct err *e);

/* Bodies: the raw RFC 5322 bytes, NUL bytes and all. */

/* Returns 1 and appends the body to out, 0 when it is not cached, -1. */
int cache_body_get(struct cache *c, int64_t folder, uint32_t uid, struct buf *out,
    struct err *e);

/*
 * Keeps a message's body; its summary must be cached (ERR_MESSAGE
 * otherwise). A body over the limit is not kept, which is not an error.
 */
int cache_body_put(struct cache *c, int64_t folder, uint32_t uid, const void *data,
    size_t len, struct err *e);

#endif
