/*
 * imap-ops.h: the IMAP operations the engine needs, one function each,
 * over a logged-in session (imap-session.h). imap-ops.c has capabilities,
 * folders, opening a folder and keeping in touch; imap-ops-msg.c the rest.
 *
 * Folders are named by their raw name, as LIST sent it (modified UTF-7 on
 * most servers): that name always reaches the same folder, even one whose
 * name does not decode cleanly. Only new names (create, rename) are given
 * in UTF-8. Message sets are UIDs.
 *
 * Errors: a command the server refuses gives ERR_FOLDER (or ERR_MESSAGE
 * where one message is concerned) with the server's words; a broken
 * connection gives the session's ERR_ACCOUNT error. Callbacks run while the
 * answer is read; an error they return is reported after the command has
 * completed, so the session stays in step.
 */
#ifndef TAUBE_NET_IMAP_OPS_H
#define TAUBE_NET_IMAP_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/imap-resp.h"
#include "net/imap-session.h"
#include "util/buf.h"
#include "util/vec.h"

struct err;

/* Capabilities */

/* ENABLEs what of want (IMAP_CAP_QRESYNC, IMAP_CAP_CONDSTORE) the server offers; 0 when none is. */
int imap_enable(struct imap_session *s, uint64_t want, struct err *e);

/* Folders */

struct imap_folder {
	char *name;		/* UTF-8, for people: modified UTF-7 decoded */
	char *raw;		/* as the server sent it: what commands take */
	char delim;		/* hierarchy delimiter, '\0' for none */
	unsigned attrs;		/* IMAP_MBOX_*; special use from the server, else guessed by name */
	bool has_counts;
	uint32_t messages, unseen;
};

#define IMAP_LIST_COUNTS	0x1	/* MESSAGES and UNSEEN, by LIST-STATUS or pipelined STATUS */

/* Appends every folder to out (struct imap_folder). */
int imap_list_folders(struct imap_session *s, unsigned flags, struct vec *out, struct err *e);
void imap_folders_free(struct vec *folders);

/*
 * The special use (IMAP_MBOX_SENT ...) a folder's last name component
 * suggests ("Sent Items", "Spam", "Deleted Messages"), or 0. For servers
 * without SPECIAL-USE.
 */
unsigned imap_special_use_guess(const char *utf8_name, char delim);

/* "verb folder \"NAME\"" for messages, NAME decoded from raw and made safe to show. */
void imap_folder_describe(char *out, size_t size, const char *verb, const char *raw);

int imap_folder_create(struct imap_session *s, const char *utf8_name, struct err *e);
int imap_folder_rename(struct imap_session *s, const char *raw, const char *new_utf8_name,
    struct err *e);
int imap_folder_delete(struct imap_session *s, const char *raw, struct err *e);

/* Opening a folder */

/* What the cache knows, for QRESYNC (RFC 7162): changes since then come with the SELECT. */
struct imap_qresync {
	uint32_t uidvalidity;
	uint64_t modseq;
	const uint32_t *known_uids;	/* sorted, or NULL */
	size_t n_known;
};

struct imap_mailbox {
	uint32_t uidvalidity, uidnext, exists, recent;
	uint32_t first_unseen;		/* [UNSEEN n]: a sequence number, 0 when not sent */
	uint64_t highestmodseq;		/* 0: no CONDSTORE, or NOMODSEQ */
	bool readonly;
	struct imap_flags flags;	/* FLAGS */
	struct imap_flags permanent;	/* PERMANENTFLAGS */
	struct imap_seqset vanished;	/* with QRESYNC: UIDs expunged since the known state */
};

void imap_mailbox_init(struct imap_mailbox *mb);
void imap_mailbox_free(struct imap_mailbox *mb);

/* Gets one FETCH response (UID and flags changed since the known state, say). */
typedef int (*imap_fetch_fn)(void *arg, const struct imap_fetch *f, struct err *e);

/*
 * SELECT (EXAMINE when readonly) raw. With q and QRESYNC enabled, asks for
 * the changes since q: changed messages go to fn, expunged UIDs to
 * mb->vanished. mb must be initialised; what it held is replaced.
 */
int imap_select(struct imap_session *s, const char *raw, bool readonly,
    const struct imap_qresync *q, struct imap_mailbox *mb, imap_fetch_fn fn, void *arg,
    struct err *e);

/* Fetching */

/* The header fields a summary needs, as the bulk fetch asks for them. */
#define IMAP_SUMMARY_FIELDS "DATE FROM TO CC SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE"

/* One message's summary data; pointers live for the callback only. */
struct imap_msg {
	uint32_t uid, seq;
	const struct imap_flags *flags;
	int64_t internaldate;
	uint64_t size;
	uint64_t modseq;		/* 0 without CONDSTORE */
	const char *header;		/* the raw header fields, for mime/ to parse */
	size_t header_len;
};

typedef int (*imap_msg_fn)(void *arg, const struct imap_msg *m, struct err *e);

/* One UID FETCH of flags, dates, size, (MODSEQ) and IMAP_SUMMARY_FIELDS for uids. */
int imap_fetch_headers(struct imap_session *s, const struct imap_seqset *uids, imap_msg_fn fn,
    void *arg, struct err *e);

/*
 * UID and FLAGS (and MODSEQ) of those of uids changed since modseq
 * (CHANGEDSINCE, CONDSTORE); with QRESYNC, also the UIDs expunged since
 * into vanished (may be NULL).
 */
int imap_fetch_changed(struct imap_session *s, const struct imap_seqset *uids, uint64_t modseq,
    imap_fetch_fn fn, void *arg, struct imap_seqset *vanished, struct err *e);

/* UID FETCH set (UID FLAGS [MODSEQ]): the flags of known messages, one call of fn each. */
int imap_fetch_flags(struct imap_session *s, const struct imap_seqset *uids, imap_fetch_fn fn,
    void *arg, struct err *e);

/*
 * Appends a message (section NULL) or one of its parts ("1.2", "2.HEADER",
 * "TEXT") to out with BODY.PEEK, which leaves \Seen alone.
 */
int imap_fetch_body(struct imap_session *s, uint32_t uid, const char *section, struct buf *out,
    struct err *e);

/* Changing messages */

enum imap_store_op {
	IMAP_STORE_ADD,
	IMAP_STORE_REMOVE,
	IMAP_STORE_SET,
};

/* [+-]FLAGS.SILENT of bits (IMAP_FLAG_*) and keywords (NULL-terminated, may be NULL). */
int imap_store(struct imap_session *s, const struct imap_seqset *uids, enum imap_store_op op,
    unsigned bits, const char *const *keywords, struct err *e);

/* UID COPY; new_uids (may be NULL) gets the copies' UIDs when the server says (UIDPLUS). */
int imap_copy(struct imap_session *s, const struct imap_seqset *uids, const char *dest_raw,
    struct imap_seqset *new_uids, struct err *e);

/*
 * UID MOVE; without MOVE, COPY + \Deleted + UID EXPUNGE, and without UIDPLUS
 * a plain EXPUNGE, which also removes other messages marked \Deleted: warn
 * (may be NULL) then says so, with scope ERR_MESSAGE.
 */
int imap_move(struct imap_session *s, const struct imap_seqset *uids, const char *dest_raw,
    struct err *warn, struct err *e);

/* UID EXPUNGE (UIDPLUS): removes those of uids marked \Deleted, and no other. */
int imap_expunge_uids(struct imap_session *s, const struct imap_seqset *uids, struct err *e);

/*
 * APPENDs msg[0..len) (CRLF lines, no NUL) to raw with flags (IMAP_FLAG_*)
 * and date (seconds since the epoch; 0: the server's clock). *uid (may be
 * NULL) gets its UID when the server says (APPENDUID), else 0.
 */
int imap_append(struct imap_session *s, const char *raw, const char *msg, size_t len,
    unsigned flags, int64_t date, uint32_t *uid, struct err *e);

/* Searching */

/* Every criterion given must match; NULL strings and 0 dates are left out. */
struct imap_search {
	const char *from, *to, *subject;	/* header substrings */
	const char *body, *text;		/* body; header and body */
	int64_t since, before;			/* internal date, seconds since the epoch */
	bool seen, unseen, flagged;
};

/* UID SEARCH (RETURN (ALL) with ESEARCH); appends the matching UIDs (uint32_t) to uids. */
int imap_search(struct imap_session *s, const struct imap_search *q, struct vec *uids,
    struct err *e);

/*
 * UID SEARCH UID set: which of these UIDs still exist (to find messages
 * expunged elsewhere when the server has no QRESYNC). Appends them to uids
 * (uint32_t) ascending, without repeats.
 */
int imap_search_uids(struct imap_session *s, const struct imap_seqset *set, struct vec *uids,
    struct err *e);

/* Keeping in touch */

/* NOOP: what changed meanwhile reaches the event handler. */
int imap_noop(struct imap_session *s, struct err *e);

/*
 * IDLE (RFC 2177): start, then imap_session_pump for events, then done
 * (before 29 minutes). p stays the caller's from start to done.
 */
int imap_idle_start(struct imap_session *s, struct imap_pending *p, struct err *e);
int imap_idle_done(struct imap_session *s, struct imap_pending *p, struct err *e);

#endif
