/*
 * messages.h: the messages of the open folder (sync.h): their summaries
 * from the cache, one message's bytes, changing flags, moving, deleting.
 * UIDs are the open folder's. Every operation that changes something asks
 * the server first and then brings the cache in line.
 */
#ifndef TAUBE_ENGINE_MESSAGES_H
#define TAUBE_ENGINE_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/session.h"
#include "util/buf.h"
#include "util/err.h"

/* System flags (\Recent belongs to one IMAP session and is not kept). */
#define ENG_FLAG_SEEN		0x01
#define ENG_FLAG_ANSWERED	0x02
#define ENG_FLAG_FLAGGED	0x04
#define ENG_FLAG_DELETED	0x08
#define ENG_FLAG_DRAFT		0x10

/* A summary as the index shows it. Strings are UTF-8 or NULL, not yet made visible. */
struct eng_msg {
	uint32_t uid;
	unsigned flags;		/* ENG_FLAG_* */
	uint32_t size;		/* bytes on the server */
	bool has_attachment;	/* a hint */
	int64_t date;		/* Date:, UTC seconds; 0 when missing or unreadable */
	int64_t internaldate;	/* arrival, UTC seconds */
	const char *keywords;	/* other flags, space-separated */
	const char *from;	/* display name of the first From: */
	const char *from_email;
	const char *to;		/* To: and Cc: names, compact */
	const char *subject;
	const char *message_id;
	const char *in_reply_to;	/* the first id, without <> */
	const char *references;		/* ids separated by spaces: the first and the latest */
};

/* Gets each summary; m lives until it returns. Non-zero stops the walk (which returns -1). */
typedef int (*eng_msg_fn)(const struct eng_msg *m, void *arg);

/* The open folder's cached summaries in UID order (arrival order). */
int eng_msgs_each(struct eng_session *s, eng_msg_fn fn, void *arg, struct err *e);

/*
 * The cached summaries of the folder called folder as the last sync left
 * them, without asking the server (none when it was never opened): what
 * the mail screen shows at once while it connects.
 */
int eng_msgs_each_cached(struct eng_session *s, const char *folder, eng_msg_fn fn, void *arg,
    struct err *e);

/* A UID as a person writes it: digits, 1 to 4294967295. 0, or -1 when it is none. */
int eng_uid_parse(const char *s, uint32_t *uid);

/*
 * Asks the server whether the open folder has every one of uids[0..n):
 * 0 when it has, else -1 with e ("no message with UID 7 in INBOX",
 * ERR_MESSAGE) or the failure.
 */
int eng_msgs_require(struct eng_session *s, const uint32_t *uids, size_t n, struct err *e);

/*
 * Appends the message's exact bytes to out: from the cache, else fetched
 * with BODY.PEEK[] (which leaves \Seen alone) and kept in the cache.
 */
int eng_msg_body(struct eng_session *s, uint32_t uid, struct buf *out, struct err *e);

/* Adds the flags in add and removes those in remove (ENG_FLAG_*); needs ENG_OPEN_WRITE. */
int eng_msgs_flag(struct eng_session *s, const uint32_t *uids, size_t n, unsigned add,
    unsigned remove, struct err *e);

/*
 * Moves the messages to the folder called dest. warn is filled (else
 * cleared) when the server could only do it by also expunging other
 * messages marked deleted. Needs ENG_OPEN_WRITE.
 */
int eng_msgs_move(struct eng_session *s, const uint32_t *uids, size_t n, const char *dest,
    struct err *warn, struct err *e);

/*
 * Moves the messages to the trash (eng_folder_trash), or, when there is
 * none or the open folder is the trash, removes them for good (\Deleted,
 * UID EXPUNGE). *trash gets the trash's name (allocated) or NULL when they
 * were removed. Needs ENG_OPEN_WRITE.
 */
int eng_msgs_delete(struct eng_session *s, const uint32_t *uids, size_t n, char **trash,
    struct err *warn, struct err *e);

#endif
