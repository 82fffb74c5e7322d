/* save.c: the Sent copy and postponed drafts, over IMAP APPEND or into the local Maildir. */
#include "engine/save.h"

#include <stdlib.h>
#include <string.h>

#include "engine/messages.h"
#include "engine/session-int.h"
#include "store/maildir.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

const struct eng_folder *
eng_folder_for_use(struct eng_session *s, enum eng_use use, struct err *e)
{
	const char *configured = use == ENG_USE_SENT ? s->conf->sent :
	    use == ENG_USE_DRAFTS ? s->conf->drafts : NULL;
	const struct vec *all;

	err_clear(e);
	if (configured != NULL)
		return eng_folder_find(s, configured, e);
	if (eng_folders_list(s, false, &all, e) < 0)
		return NULL;
	for (size_t i = 0; i < all->len; i++) {
		const struct eng_folder *f = VEC_AT(all, struct eng_folder, i);

		if (f->use == use && f->selectable)
			return f;
	}
	return NULL;
}

/* msg with every line ending in CRLF, as IMAP wants it. */
static void
crlf(struct buf *out, const char *msg, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
			buf_addc(out, '\r');
		buf_addc(out, msg[i]);
		if (msg[i] == '\r' && (i + 1 == len || msg[i + 1] != '\n'))
			buf_addc(out, '\n');
	}
}

int
eng_save_imap(struct eng_session *s, enum eng_use use, const char *msg, size_t len,
    unsigned flags, const char **where, struct err *e)
{
	const struct eng_folder *f = eng_folder_for_use(s, use, e);
	unsigned imap_flags = 0;
	struct buf copy = BUF_INIT;
	int rc;

	if (f == NULL)
		return err_isset(e) ? -1 : err_setx(e, ERR_ACCOUNT,
		    "account %s has no %s folder: set `%s =` to one", s->conf->name,
		    eng_use_name(use), use == ENG_USE_SENT ? "sent" : "drafts");
	if (flags & ENG_SAVE_SEEN)
		imap_flags |= eng_flags_to_imap(ENG_FLAG_SEEN);
	if (flags & ENG_SAVE_DRAFT)
		imap_flags |= eng_flags_to_imap(ENG_FLAG_DRAFT);
	crlf(&copy, msg, len);
	rc = imap_append(s->imap, f->raw, copy.data != NULL ? copy.data : "", copy.len,
	    imap_flags, 0, NULL, e);
	buf_free(&copy);
	if (rc == 0 && where != NULL)
		*where = f->name;
	return rc;
}

int
eng_save_maildir(const struct conf_account *a, enum eng_use use, const char *msg,
    size_t len, unsigned flags, char **where, struct err *e)
{
	const char *name = use == ENG_USE_SENT ? (a->sent != NULL ? a->sent : "Sent") :
	    (a->drafts != NULL ? a->drafts : "Drafts");
	char mflags[3] = "";
	char *dir;
	int rc;

	if (a->maildir == NULL)
		return err_setx(e, ERR_ACCOUNT, "account %s has neither IMAP nor a maildir "
		    "to keep a copy in", a->name);
	if (strchr(name, '/') != NULL || name[0] == '.' || name[0] == '\0')
		return err_setx(e, ERR_ACCOUNT, "account %s: folder name \"%s\" cannot be a "
		    "Maildir++ folder", a->name, name);
	if (flags & ENG_SAVE_DRAFT)
		strcat(mflags, "D");
	if (flags & ENG_SAVE_SEEN)
		strcat(mflags, "S");
	/* Maildir++: a folder is a dot-directory inside the account's Maildir */
	dir = xasprintf("%s/.%s", a->maildir, name);
	rc = maildir_create(dir, e);
	if (rc == 0)
		rc = maildir_deliver(dir, msg, len, mflags[0] != '\0' ? mflags : NULL, NULL, e);
	if (rc == 0 && where != NULL)
		*where = xstrdup(dir);
	free(dir);
	return rc;
}
