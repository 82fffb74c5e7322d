/* maildir.h: Maildir folders: atomic delivery through tmp/, listing with flags, durable moves and removal. */
#ifndef TAUBE_STORE_MAILDIR_H
#define TAUBE_STORE_MAILDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct buf;
struct err;
struct vec;

/*
 * A Maildir is a directory with tmp/, new/ and cur/. A message is written
 * to tmp/ under a unique name, synced, and renamed into new/ (or into cur/
 * with an info part such as ":2,S"); the directory is then synced. Readers
 * look only in new/ and cur/, so a message is seen whole or not at all, and
 * a crash leaves at most a file in tmp/, which is not a message.
 *
 * Names: "SECONDS.MMICROSECONDSPPIDRRANDOM.HOST", the random part 64 bits
 * from getrandom; in the host, bytes other than letters, digits, '-' and
 * '_' are written as \ooo (so '/' is \057 and ':' \072). A message's name
 * is its file name up to the first ':'; it stays the same when its flags
 * change. Functions taking a name refuse one that could leave the folder
 * (see maildir_name_ok).
 *
 * Errors: 0 (or a count, or 1/0 for done/no such message where so
 * documented), and -1 with e filled naming the path; ERR_FOLDER when the
 * folder cannot be read or written, ERR_MESSAGE when one message is at
 * fault.
 */

/* How long a file may sit in tmp/ before it counts as left by a crash. */
#define MAILDIR_TMP_MAX_AGE	(36 * 60 * 60)

/* One message of a listing; every string is owned (maildir_msg_free). */
struct maildir_msg {
	char *name;	/* unique part: the file name up to ':' */
	char *file;	/* file name in new/ or cur/, info included */
	char *path;	/* DIR/new/FILE or DIR/cur/FILE */
	char *flags;	/* the letters after ":2," in ASCII order, "" for none */
	bool is_new;	/* in new/: no reader has taken it yet */
};

/*
 * Creates the folder DIR with tmp/, new/ and cur/ (mode 0700, less the
 * umask), and any missing parents; an existing Maildir is fine. The
 * directories are synced so that the folder survives a crash.
 */
int maildir_create(const char *dir, struct err *e);

/* True for a name a caller may pass: not empty, no '/', ':' or control byte, no leading '.'. */
bool maildir_name_ok(const char *name);

/* A new unique name (allocated) from the clock, the pid, getrandom and the host name. */
char *maildir_unique_name(void);

/* The name for these parts (allocated); maildir_unique_name fills them in. */
char *maildir_format_name(int64_t sec, long usec, long pid, uint64_t rnd,
    const char *host);

/*
 * A delivery under way: begin creates DIR/tmp/NAME (0600), write appends
 * to it, commit syncs it, renames it into place and syncs the directory.
 * Until commit returns 0 no listing shows the message. Commit and abort end
 * the delivery whatever happens; after a failed begin there is nothing to end.
 */
struct maildir_delivery {
	char *dir;
	char *name;	/* the unique name, known from begin on */
	char *tmp;	/* DIR/tmp/NAME */
	int fd;
};

int maildir_delivery_begin(struct maildir_delivery *d, const char *dir,
    struct err *e);
int maildir_delivery_write(struct maildir_delivery *d, const void *data,
    size_t len, struct err *e);
/*
 * flags NULL: into new/ as NAME. Otherwise into cur/ as "NAME:2,FLAGS",
 * the flags (ASCII letters only) sorted and each kept once. On success
 * *name (when name is not NULL) gets the allocated unique name. On failure
 * the message is in neither tmp/ nor the folder: a rename that cannot be
 * made durable is undone.
 */
int maildir_delivery_commit(struct maildir_delivery *d, const char *flags,
    char **name, struct err *e);
/* Removes the file in tmp/ and frees the delivery. */
void maildir_delivery_abort(struct maildir_delivery *d);

/* begin + write + commit in one call. */
int maildir_deliver(const char *dir, const void *data, size_t len,
    const char *flags, char **name, struct err *e);

/*
 * Appends the messages of new/ and cur/ to out (a vec of struct
 * maildir_msg) ordered by name, so by delivery time. Hidden files (leading
 * '.') and anything but regular files are skipped.
 */
int maildir_list(const char *dir, struct vec *out, struct err *e);
void maildir_msg_free(struct maildir_msg *m);
/* Frees every message of a listing and the vector. */
void maildir_msgs_free(struct vec *msgs);

/*
 * Looks for the message with this name in new/, then in cur/ (which means
 * reading cur/). Returns 1 with *out filled, 0 when there is none, -1.
 */
int maildir_find(const char *dir, const char *name, struct maildir_msg *out,
    struct err *e);

/* Appends the message's bytes to out; more than max bytes is an error. */
int maildir_read(const char *dir, const char *name, struct buf *out,
    size_t max, struct err *e);

/*
 * Moves the message to the same place (new/ or cur/, same file name) in
 * the Maildir `to`, which must be on the same file system; a file already
 * there is never replaced. Both directories are synced, the destination
 * first, so a crash can leave the message in both folders but never in
 * neither. Returns 1 when moved, 0 when there is no such message, -1.
 */
int maildir_move(const char *from, const char *name, const char *to,
    struct err *e);

/* Unlinks the message and syncs its directory. Returns 1, 0 when there is no such message, -1. */
int maildir_remove(const char *dir, const char *name, struct err *e);

/*
 * Removes the regular files in tmp/ last changed max_age seconds or more
 * before now: deliveries a crash interrupted. Returns how many, or -1.
 */
int maildir_clean_tmp(const char *dir, time_t now, time_t max_age,
    struct err *e);

#endif
