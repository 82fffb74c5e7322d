/* save.h: a message saved into one of the account's folders: the Sent copy, a postponed draft. */
#ifndef TAUBE_ENGINE_SAVE_H
#define TAUBE_ENGINE_SAVE_H

#include <stddef.h>

#include "conf/conf.h"
#include "engine/folders.h"
#include "engine/session.h"
#include "util/err.h"

#define ENG_SAVE_SEEN	0x1	/* \Seen, or "S" in a Maildir */
#define ENG_SAVE_DRAFT	0x2	/* \Draft, or "D" */

/*
 * The folder for use (ENG_USE_SENT or ENG_USE_DRAFTS): the account's
 * `sent =` / `drafts =` when set, else the one the server marks so (or
 * names so). NULL when there is none (e unset) or the listing failed (e set).
 */
const struct eng_folder *eng_folder_for_use(struct eng_session *s, enum eng_use use,
    struct err *e);

/*
 * Appends msg[0..len) to the folder for use over IMAP (CRLF line ends are
 * made when the message has bare LFs), with flags. On success *where (may
 * be NULL) names the folder (borrowed from the session).
 */
int eng_save_imap(struct eng_session *s, enum eng_use use, const char *msg, size_t len,
    unsigned flags, const char **where, struct err *e);

/*
 * The same into the account's local Maildir (`maildir =`): its subfolder
 * `sent =` / `drafts =`, by default "Sent" / "Drafts" (Maildir++: ".Sent").
 * *where (may be NULL) gets the allocated path of the folder.
 */
int eng_save_maildir(const struct conf_account *a, enum eng_use use, const char *msg,
    size_t len, unsigned flags, char **where, struct err *e);

#endif
