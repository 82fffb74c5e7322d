/*
 * send.h: sending through the account's outbox. A message is queued
 * (written durably) before the first byte goes to the server, and leaves
 * the queue only on the server's final 2xx; a 4xx or a network failure
 * keeps it for a later attempt (store/outbox.h has the schedule), a 5xx
 * moves it to the failed folder. After a message is sent its copy goes to
 * the Sent folder (IMAP APPEND with \Seen, or the local Maildir); a copy
 * that cannot be saved is reported and never causes a second send.
 *
 * The one duplicate SMTP cannot rule out: the server accepted the message
 * and the connection broke before its reply arrived; the message is then
 * still queued and the next attempt sends it again.
 */
#ifndef TAUBE_ENGINE_SEND_H
#define TAUBE_ENGINE_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "conf/conf.h"
#include "store/outbox.h"	/* struct outbox_entry, as the listing gives it */
#include "util/err.h"
#include "util/vec.h"

enum eng_sent_result {
	ENG_SENT,		/* the server took it; it left the outbox */
	ENG_QUEUED,		/* still queued: next_due says when it is tried again */
	ENG_GAVE_UP,		/* moved to the failed folder */
	ENG_BUSY,		/* another taube is sending it right now */
};

/* What became of one message in a flush; strings are made visible. */
struct eng_sent {
	const char *id;
	enum eng_sent_result result;
	int code;		/* the server's reply code that decided, 0 for none */
	const char *reply;	/* its words, "" for none */
	const char *error;	/* taube's account of a failure, "" when sent */
	const struct strvec *refused;	/* "addr: CODE text" for recipients the server refused */
	time_t next_due;	/* ENG_QUEUED */
	const char *copy;	/* ENG_SENT: where the copy went, NULL when none */
	const char *copy_error;	/* ENG_SENT: why the copy could not be saved, or NULL */
};

typedef void (*eng_sent_fn)(void *arg, const struct eng_sent *r);

/* The account's outbox: $XDG_DATA_HOME/taube/outbox/ACCOUNT, made when missing. */
int eng_outbox_open(struct outbox **out, const struct conf_account *a, struct err *e);
void eng_outbox_close(struct outbox *ob);

/* The queued (OUTBOX_QUEUE) or given-up (OUTBOX_FAILED) messages, oldest first, appended to out. */
int eng_outbox_list(struct outbox *ob, enum outbox_box box, struct vec *out, struct err *e);

/* Queues msg[0..len) (a whole message, as composed, Bcc: included); *id (may be NULL) gets its id. */
int eng_outbox_queue(struct outbox *ob, const char *msg, size_t len, char **id,
    struct err *e);

/*
 * Sends queued messages of account a: only `only` when not NULL, else those
 * due now, or all of them when force. fn hears of each message tried.
 * Returns how many of those did not leave (queued again, failed, busy), or
 * -1 when the flush could not start (no smtp, password_cmd failed) with e.
 */
int eng_outbox_flush(const struct conf *c, const struct conf_account *a, struct outbox *ob,
    const char *only, bool force, eng_sent_fn fn, void *arg, struct err *e);

#endif
