/* outbox.h: the queue of messages waiting to be sent: durable, retried with backoff, never lost. */
#ifndef TAUBE_STORE_OUTBOX_H
#define TAUBE_STORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct buf;
struct err;
struct vec;

/*
 * One account's outbox, in the directory the caller names (the engine
 * uses $XDG_DATA_HOME/taube/outbox/ACCOUNT):
 *
 *	tmp/ new/ cur/	a Maildir: each queued message exactly as composed,
 *			Bcc: included (the sender strips it); never rewritten
 *	state/ID	that message's state, a few lines of text replaced
 *			atomically: first queued, attempts, last attempt,
 *			next attempt due, the server's last reply
 *	failed/		a Maildir of messages given up on: a permanent (5xx)
 *			refusal, or OUTBOX_GIVE_UP seconds of temporary ones
 *	failed/state/ID	their state, the server's words kept
 *
 * ID is the message's Maildir name. Everything is mode 0700/0600.
 *
 * Guarantees:
 * - outbox_add returns 0 only once the message and its state are synced
 *   to disk, file and directories; a crash before that leaves at most a
 *   file in tmp/, which is no queued message (outbox_tidy removes it
 *   after MAILDIR_TMP_MAX_AGE).
 * - A message leaves new/ or cur/ only through outbox_record: removed
 *   after the server accepted it (OUTBOX_SENT), moved to failed/ (rename,
 *   both directories synced) when given up on.
 * - A state file that is missing or damaged never hides a message: it is
 *   listed as queued `now` with no attempts and state_lost set, and the
 *   next outbox_record writes a fresh state. A message put into new/ by
 *   hand is queued the same way.
 * - Sending is at least once: a crash between the server's reply and
 *   outbox_record sends the message again on the next flush.
 *
 * Locking: outbox_claim takes flock(2) on the message file itself, without
 * waiting, and holds it until outbox_release; the claim is checked against
 * the file's path after locking, so a message sent or failed in the
 * meantime is not claimed again. The kernel drops the lock when the holder
 * dies, even by SIGKILL, and the descriptor is close-on-exec, so children
 * do not inherit it. Adding and listing need no lock: state files are
 * replaced whole and written before their message appears in new/.
 *
 * Time is always passed in (`now`, seconds since the epoch) so that the
 * schedule can be tested; the engine passes time(NULL).
 *
 * Errors: -1 with e filled naming the path; scope ERR_ACCOUNT when the
 * outbox cannot be opened, ERR_FOLDER when one of its directories cannot
 * be read or written, ERR_MESSAGE when one message is at fault. Replies
 * are stored as one line without control bytes, but not made visible for
 * a terminal: the caller does that.
 */
struct outbox;
struct outbox_claim;

/* After this long since a message was first queued, a temporary failure is final (as servers do). */
#define OUTBOX_GIVE_UP		(72 * 60 * 60)
/* The longest wait between attempts (the backoff's last step). */
#define OUTBOX_BACKOFF_MAX	(2 * 60 * 60)
/* Bytes kept of a server reply. */
#define OUTBOX_REPLY_MAX	1000
/* State files or crash leftovers without a message are removed when this old. */
#define OUTBOX_STRAY_AGE	(60 * 60)

/* Which Maildir of the outbox to list. */
enum outbox_box {
	OUTBOX_QUEUE,
	OUTBOX_FAILED,
};

/* One message and its state; strings are owned (outbox_entry_free). */
struct outbox_entry {
	char *id;		/* the Maildir name */
	char *path;		/* the message file */
	time_t queued;		/* when it was first queued */
	unsigned attempts;	/* attempts made so far */
	time_t last_attempt;	/* 0 before the first */
	time_t next_due;	/* when the next attempt is due */
	time_t failed;		/* when it was given up on; 0 while queued */
	char *reply;		/* the server's last reply, one line; NULL if none */
	bool state_lost;	/* no readable state: the times are guesses */
};

/* What came of an attempt. */
enum outbox_outcome {
	OUTBOX_SENT,		/* the server's final 2xx */
	OUTBOX_TEMPFAIL,	/* a 4xx, or the network failed: try again */
	OUTBOX_PERMFAIL,	/* a 5xx: give up at once */
};

/* Where the message is after outbox_record. */
enum outbox_fate {
	OUTBOX_REMOVED,		/* sent and gone from the outbox */
	OUTBOX_WAITING,		/* still queued, next try at next_due */
	OUTBOX_GAVE_UP,		/* in failed/: the person must be told */
};

/*
 * Opens the outbox at path, creating its directories when missing.
 * Returns 0 with *out set, or -1.
 */
int outbox_open(struct outbox **out, const char *path, struct err *e);
/* Closes it (NULL is fine); claims must be released first. */
void outbox_close(struct outbox *ob);
/* The directory of the queue's Maildir. */
const char *outbox_path(const struct outbox *ob);
/* The directory of the failed Maildir. */
const char *outbox_failed_path(const struct outbox *ob);

/*
 * Queues a message of len (> 0) bytes, first queued at now and due at
 * once. On success *id (when id is not NULL) gets its allocated ID; the
 * message is then on disk for good (see Guarantees). On failure nothing
 * was queued.
 */
int outbox_add(struct outbox *ob, const void *msg, size_t len, time_t now,
    char **id, struct err *e);

/*
 * Appends the messages of one box to out (a vec of struct outbox_entry),
 * oldest first; now stands in for times a lost state cannot tell.
 */
int outbox_list(struct outbox *ob, enum outbox_box box, time_t now,
    struct vec *out, struct err *e);

/*
 * Appends the queued messages a flush should try at now: those whose next
 * attempt is due, or all when force (`taube outbox flush`). A next attempt
 * further ahead than the longest backoff step means the clock went back;
 * such a message is due too.
 */
int outbox_due(struct outbox *ob, time_t now, bool force, struct vec *out,
    struct err *e);

void outbox_entry_free(struct outbox_entry *en);
/* Frees every entry and the vector. */
void outbox_entries_free(struct vec *entries);

/*
 * Seconds to wait after the attempts-th failed attempt: 1 min, 5 min,
 * 15 min, 1 h, then 2 h each time. outbox_record also never schedules an
 * attempt past the give-up time, so the last one falls on it.
 */
time_t outbox_backoff(unsigned attempts);

/*
 * Claims the queued message ID for one attempt, so that no other process
 * or thread sends it meanwhile. Returns 1 with *out set, 0 when another
 * holds it or it is no longer queued (nothing to do), or -1.
 */
int outbox_claim(struct outbox *ob, const char *id, time_t now,
    struct outbox_claim **out, struct err *e);
/* The claimed message and its state (as outbox_record left it, once called). */
const struct outbox_entry *outbox_claim_entry(const struct outbox_claim *c);
/* Appends the claimed message's bytes to out; more than max is an error. */
int outbox_claim_read(struct outbox_claim *c, struct buf *out, size_t max,
    struct err *e);

/*
 * Records the outcome of the attempt made at now, with the server's reply
 * (any bytes, NULL if none): OUTBOX_SENT removes the message and its state;
 * OUTBOX_TEMPFAIL counts the attempt and schedules the next per
 * outbox_backoff, or moves it to failed/ once OUTBOX_GIVE_UP seconds have
 * passed since it was first queued; OUTBOX_PERMFAIL moves it to failed/ at
 * once. *fate (when not NULL) says which. Once per claim; the claim still
 * needs outbox_release. On -1 the message is still queued.
 */
int outbox_record(struct outbox_claim *c, enum outbox_outcome outcome,
    const char *reply, time_t now, enum outbox_fate *fate, struct err *e);

/* Drops the lock and frees the claim (NULL is fine). */
void outbox_release(struct outbox_claim *c);

/*
 * Removes what crashes leave: files in tmp/ older than MAILDIR_TMP_MAX_AGE,
 * and state files whose message is gone, older than OUTBOX_STRAY_AGE.
 * Never touches a message. Returns how many files went, or -1.
 */
int outbox_tidy(struct outbox *ob, time_t now, struct err *e);

#endif
