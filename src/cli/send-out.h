/* send-out.h: what the sending commands share: queue and send now, say what happened, postpone. */
#ifndef TAUBE_CLI_SEND_OUT_H
#define TAUBE_CLI_SEND_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "engine/compose.h"
#include "engine/send.h"
#include "engine/session.h"

/*
 * Queues msg[0..len) in the account's outbox, then sends it at once.
 * Returns CLI_OK when the server took it, CLI_FAIL when it is still queued
 * (for a later `taube outbox flush`) or was refused, with the server's
 * words on stderr either way.
 */
int cli_send_now(const struct conf *c, const struct conf_account *a, const char *msg,
    size_t len);

/* Prints what became of one message (stderr; a success only on a terminal). */
void cli_sent_report(void *arg, const struct eng_sent *r);

/* Saves msg as a draft (Drafts over IMAP, else the local Maildir); CLI_OK or CLI_FAIL. */
int cli_postpone(const struct conf *c, const struct conf_account *a, const char *msg,
    size_t len);

/* What `taube reply` and `taube forward` do with the draft they make. */
enum cli_draft_action {
	CLI_DRAFT_PRINT,	/* print it as a person edits it, with its thread ids */
	CLI_DRAFT_SEND,
	CLI_DRAFT_POSTPONE,
};

/*
 * Appends the text of body_file ("-": standard input) to the draft's body,
 * after what is there (the quote), when body_file is not NULL; then does
 * act. CLI_OK or CLI_FAIL.
 */
int cli_draft_finish(const struct conf *c, const struct conf_account *a,
    struct eng_draft *d, const char *body_file, enum cli_draft_action act);

/*
 * The message to reply to or forward: folder opened (for writing when
 * writable, to mark it answered later), uid checked, its bytes into raw.
 */
int cli_parent_fetch(struct eng_session *s, const char *folder, uint32_t uid, bool writable,
    struct buf *raw, struct err *e);

/* Makes the draft from the parent's bytes: a reply, a forward. */
typedef int (*cli_draft_make)(struct eng_draft *d, const struct buf *raw,
    const struct eng_identity *me, void *arg, struct err *e);

/*
 * What reply and forward share: the parent fetched from folder, the draft
 * made by make, then act; with answered, a sent draft marks the parent
 * answered (the folder is opened for writing then).
 */
int cli_draft_from_parent(struct eng_session *s, const struct conf *c, const char *folder,
    uint32_t uid, cli_draft_make make, void *arg, const char *body,
    enum cli_draft_action act, bool answered);

/* Reads a whole file ("-": standard input) of at most max bytes; CLI_OK or CLI_FAIL. */
int cli_read_input(const char *path, size_t max, struct buf *out);

#endif
