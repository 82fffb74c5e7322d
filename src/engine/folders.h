/* folders.h: the account's folders with their counts and special uses; finding one by name. */
#ifndef TAUBE_ENGINE_FOLDERS_H
#define TAUBE_ENGINE_FOLDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/session.h"
#include "util/err.h"
#include "util/vec.h"

/* What a folder is for (RFC 6154 special use, from the server or guessed by name). */
enum eng_use {
	ENG_USE_NONE,
	ENG_USE_ALL,
	ENG_USE_ARCHIVE,
	ENG_USE_DRAFTS,
	ENG_USE_FLAGGED,
	ENG_USE_JUNK,
	ENG_USE_SENT,
	ENG_USE_TRASH,
	ENG_USE_IMPORTANT,
};

struct eng_folder {
	char *name;		/* UTF-8 (modified UTF-7 decoded); not yet made visible */
	char *raw;		/* as the server names it */
	char delim;		/* hierarchy delimiter, '\0' for none */
	enum eng_use use;
	bool selectable;	/* can hold messages (not \Noselect) */
	bool has_counts;
	uint32_t total, unread;
};

/*
 * Lists the folders (INBOX first, then by name), with message counts when
 * counts is set, and keeps them in the cache (forgetting cached folders the
 * server no longer has). *out stays valid until the next listing or the
 * end of the session.
 */
int eng_folders_list(struct eng_session *s, bool counts, const struct vec **out,
    struct err *e);

/*
 * The folder called name, exactly, except that INBOX matches in any case.
 * Lists the folders first when they are not known yet. NULL with e
 * (ERR_FOLDER) when there is none.
 */
const struct eng_folder *eng_folder_find(struct eng_session *s, const char *name,
    struct err *e);

/*
 * Where deleted messages go: the account's `trash =` folder, else the one
 * the server marks \Trash (or named so). NULL when there is none (e unset),
 * or when the listing failed (e set).
 */
const struct eng_folder *eng_folder_trash(struct eng_session *s, struct err *e);

/* "Sent", "Trash" ...; NULL for ENG_USE_NONE. */
const char *eng_use_name(enum eng_use use);

/* Frees a vector of struct eng_folder. */
void eng_folders_free(struct vec *folders);

#endif
