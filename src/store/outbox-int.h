/* outbox-int.h: the outbox's state files, shared by outbox.c and outbox-state.c only. */
#ifndef TAUBE_STORE_OUTBOX_INT_H
#define TAUBE_STORE_OUTBOX_INT_H

#include "store/outbox.h"

/* A state file is a few lines; anything bigger is damaged. */
#define OUTBOX_STATE_MAX	8192
/* More attempts than this cannot come from the schedule: the file is damaged. */
#define OUTBOX_ATTEMPTS_MAX	1000000

/* Fills en's state for a message without one: queued now, due now, no attempts. */
void outbox_state_default(struct outbox_entry *en, time_t now);

/*
 * Parses a state file's text into en's state fields (id and path are not
 * touched). Returns 0, or -1 when it is damaged, leaving en as it was.
 */
int outbox_state_parse(struct outbox_entry *en, const char *text, size_t len);

/* Appends the state file's text for en. */
void outbox_state_format(const struct outbox_entry *en, struct buf *out);

/*
 * Reads the state file at path into en; a file missing, unreadable or
 * damaged gives outbox_state_default with state_lost set. Never fails.
 */
void outbox_state_load(const char *path, struct outbox_entry *en, time_t now);

/* Replaces the state file at path atomically (synced, mode 0600). */
int outbox_state_save(const char *path, const struct outbox_entry *en,
    struct err *e);

/* A reply made one line of at most OUTBOX_REPLY_MAX bytes without control bytes; NULL when empty. */
char *outbox_reply_clean(const char *reply);

#endif
