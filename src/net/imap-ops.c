/* imap-ops.c: capabilities, folders, opening a folder, NOOP and IDLE; messages are in imap-ops-msg.c. */
#include "net/imap-ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/imap-cmd.h"
#include "util/err.h"
#include "util/str.h"
#include "util/xalloc.h"

void
imap_folder_describe(char *out, size_t size, const char *verb, const char *raw)
{
	struct buf name = BUF_INIT;
	char shown[200];

	imap_mutf7_decode(&name, raw, strlen(raw));
	net_server_text(shown, sizeof(shown), buf_cstr(&name), name.len);
	snprintf(out, size, "%s folder \"%s\"", verb, shown);
	buf_free(&name);
}

/* imap_op_run for a command whose reply holds nothing of interest. */
static int
run(struct imap_session *s, struct imap_cmd *c, imap_untagged_fn fn, struct imap_op *o,
    enum err_scope scope, const char *what, struct err *e)
{
	int rc;

	if (o == NULL)
		return imap_session_run(s, c, scope, what, e);
	rc = imap_op_run(o, s, c, fn, scope, what, e);
	imap_pending_free(&o->p);
	return rc;
}

/* Capabilities */

static int
on_enabled(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct imap_op *o = arg;
	struct imap_caps caps;
	struct err e;

	if (type != IMAP_T_ENABLED)
		return 0;
	imap_caps_init(&caps);
	if (imap_resp_capability(r, &caps, &e) == 0) {
		/* QRESYNC implies CONDSTORE (RFC 7162 3.2.3) */
		if (caps.bits & IMAP_CAP_QRESYNC)
			caps.bits |= IMAP_CAP_CONDSTORE;
		imap_session_mark_enabled(o->s, caps.bits & (IMAP_CAP_QRESYNC | IMAP_CAP_CONDSTORE));
	}
	imap_caps_free(&caps);
	return 1;
}

int
imap_enable(struct imap_session *s, uint64_t want, struct err *e)
{
	static const struct { uint64_t bit; const char *name; } exts[] = {
		{ IMAP_CAP_QRESYNC, "QRESYNC" }, { IMAP_CAP_CONDSTORE, "CONDSTORE" },
	};
	struct imap_op o = { 0 };
	struct imap_cmd c;
	bool any = false;

	if (!imap_session_has(s, IMAP_CAP_ENABLE))
		return 0;
	imap_session_cmd(s, &c, "ENABLE");
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if ((want & exts[i].bit) && imap_session_has(s, exts[i].bit)) {
			imap_cmd_raw(&c, exts[i].name);
			any = true;
		}
	if (!any) {
		imap_cmd_free(&c);
		return 0;
	}
	return run(s, &c, on_enabled, &o, ERR_ACCOUNT, "enabling extensions", e);
}

/* Folders */

struct list_ctx {
	struct imap_op op;
	struct vec *out;
	size_t first;		/* where this listing starts in out */
};

static struct imap_folder *
find_folder(struct list_ctx *lc, const char *raw)
{
	for (size_t i = lc->out->len; i > lc->first; i--) {
		struct imap_folder *f = VEC_AT(lc->out, struct imap_folder, i - 1);

		if (strcmp(f->raw, raw) == 0)
			return f;
	}
	return NULL;
}

static void
add_folder(struct list_ctx *lc, const struct imap_list *l)
{
	struct imap_folder *f;
	struct buf name = BUF_INIT;

	if (memchr(l->name, '\0', l->name_len) != NULL || find_folder(lc, l->name) != NULL)
		return;		/* unusable, or listed twice */
	f = vec_push_zero(lc->out);
	f->raw = xstrndup(l->name, l->name_len);
	imap_mutf7_decode(&name, l->name, l->name_len);
	f->name = buf_detach(&name);
	f->delim = l->delim;
	f->attrs = l->attrs;
}

static int
on_list(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct list_ctx *lc = arg;
	struct imap_mailbox_status st;
	struct imap_folder *f;
	struct imap_list l;
	struct err e;

	if (type == IMAP_T_LIST) {
		if (imap_resp_list(r, &l, &e) == 0)
			add_folder(lc, &l);
		return 1;
	}
	if (type != IMAP_T_MAILBOX_STATUS || imap_resp_mailbox_status(r, &st, &e) < 0)
		return 0;
	f = find_folder(lc, st.name);
	if (f == NULL)
		return 0;
	f->has_counts = (st.have & IMAP_STATUS_MESSAGES) && (st.have & IMAP_STATUS_UNSEEN);
	f->messages = st.messages;
	f->unseen = st.unseen;
	return 1;
}

/* STATUS for every folder that can hold mail, all in flight at once; a refusal only loses counts. */
static int
status_each(struct imap_session *s, struct list_ctx *lc, struct err *e)
{
	size_t n = lc->out->len - lc->first;
	struct imap_pending *p = xcalloc(n ? n : 1, sizeof(*p));
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		struct imap_folder *f = VEC_AT(lc->out, struct imap_folder, lc->first + i);
		struct imap_cmd c;

		imap_pending_init(&p[i], on_list, lc);
		if (f->attrs & (IMAP_MBOX_NOSELECT | IMAP_MBOX_NONEXISTENT))
			continue;
		imap_session_cmd(s, &c, "STATUS");
		imap_cmd_astring(&c, f->raw, strlen(f->raw));
		imap_cmd_raw(&c, "(MESSAGES UNSEEN)");
		rc = imap_session_start(s, &c, &p[i], e);
		imap_cmd_free(&c);
		if (rc < 0 && imap_session_alive(s))
			rc = 0;		/* a name the builder refused: no counts for it */
	}
	if (rc < 0) {
		struct err scratch;

		imap_session_wait_all(s, &scratch);	/* only lets go of the commands */
	} else if (imap_session_wait_all(s, e) < 0) {
		rc = -1;
	}
	for (size_t i = 0; i < n; i++)
		imap_pending_free(&p[i]);
	free(p);
	return rc;
}

/* Special use by name, for servers that do not say; only for uses no folder has yet. */
static void
guess_special_uses(struct list_ctx *lc)
{
	unsigned have = 0;

	for (size_t i = lc->first; i < lc->out->len; i++)
		have |= VEC_AT(lc->out, struct imap_folder, i)->attrs;
	for (size_t i = lc->first; i < lc->out->len; i++) {
		struct imap_folder *f = VEC_AT(lc->out, struct imap_folder, i);
		unsigned use = imap_special_use_guess(f->name, f->delim);

		if (use != 0 && !(have & use)) {
			f->attrs |= use;
			have |= use;
		}
	}
}

int
imap_list_folders(struct imap_session *s, unsigned flags, struct vec *out, struct err *e)
{
	bool ext = imap_session_has(s, IMAP_CAP_LIST_EXTENDED);
	bool su = ext && imap_session_has(s, IMAP_CAP_SPECIAL_USE);
	bool ls = ext && (flags & IMAP_LIST_COUNTS) && imap_session_has(s, IMAP_CAP_LIST_STATUS);
	struct list_ctx lc = { .out = out, .first = out->len };
	struct imap_cmd c;

	imap_session_cmd(s, &c, "LIST");
	imap_cmd_raw(&c, "\"\" \"*\"");
	if (su || ls)
		imap_cmd_raw(&c, su && ls ? "RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))" :
		    su ? "RETURN (SPECIAL-USE)" : "RETURN (STATUS (MESSAGES UNSEEN))");
	if (run(s, &c, on_list, &lc.op, ERR_ACCOUNT, "listing folders", e) < 0)
		return -1;
	if ((flags & IMAP_LIST_COUNTS) && !ls && status_each(s, &lc, e) < 0)
		return -1;
	guess_special_uses(&lc);
	return 0;
}

void
imap_folders_free(struct vec *folders)
{
	for (size_t i = 0; i < folders->len; i++) {
		struct imap_folder *f = VEC_AT(folders, struct imap_folder, i);

		free(f->name);
		free(f->raw);
	}
	vec_free(folders);
}

unsigned
imap_special_use_guess(const char *utf8_name, char delim)
{
	static const struct { const char *name; unsigned use; } names[] = {
		{ "Sent", IMAP_MBOX_SENT }, { "Sent Items", IMAP_MBOX_SENT },
		{ "Sent Messages", IMAP_MBOX_SENT }, { "Sent Mail", IMAP_MBOX_SENT },
		{ "Gesendet", IMAP_MBOX_SENT }, { "Gesendete Objekte", IMAP_MBOX_SENT },
		{ "Drafts", IMAP_MBOX_DRAFTS }, { "Draft", IMAP_MBOX_DRAFTS },
		{ "Entwürfe", IMAP_MBOX_DRAFTS },
		{ "Trash", IMAP_MBOX_TRASH }, { "Deleted Items", IMAP_MBOX_TRASH },
		{ "Deleted Messages", IMAP_MBOX_TRASH }, { "Bin", IMAP_MBOX_TRASH },
		{ "Papierkorb", IMAP_MBOX_TRASH },
		{ "Junk", IMAP_MBOX_JUNK }, { "Spam", IMAP_MBOX_JUNK },
		{ "Junk E-mail", IMAP_MBOX_JUNK }, { "Junk Email", IMAP_MBOX_JUNK },
		{ "Archive", IMAP_MBOX_ARCHIVE }, { "Archives", IMAP_MBOX_ARCHIVE },
		{ "Archiv", IMAP_MBOX_ARCHIVE },
	};
	const char *last = delim != '\0' ? strrchr(utf8_name, delim) : NULL;

	last = last != NULL ? last + 1 : utf8_name;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (str_casecmp_ascii(last, names[i].name) == 0)
			return names[i].use;
	return 0;
}

int
imap_folder_create(struct imap_session *s, const char *utf8_name, struct err *e)
{
	struct imap_cmd c;
	char what[300], shown[200];

	net_server_text(shown, sizeof(shown), utf8_name, strlen(utf8_name));
	snprintf(what, sizeof(what), "creating folder \"%s\"", shown);
	imap_session_cmd(s, &c, "CREATE");
	imap_cmd_mailbox(&c, utf8_name, strlen(utf8_name));
	return run(s, &c, NULL, NULL, ERR_FOLDER, what, e);
}

int
imap_folder_rename(struct imap_session *s, const char *raw, const char *new_utf8_name,
    struct err *e)
{
	struct imap_cmd c;
	char what[300];

	imap_folder_describe(what, sizeof(what), "renaming", raw);
	imap_session_cmd(s, &c, "RENAME");
	imap_cmd_astring(&c, raw, strlen(raw));
	imap_cmd_mailbox(&c, new_utf8_name, strlen(new_utf8_name));
	return run(s, &c, NULL, NULL, ERR_FOLDER, what, e);
}

int
imap_folder_delete(struct imap_session *s, const char *raw, struct err *e)
{
	struct imap_cmd c;
	const char *sel = imap_session_selected(s);
	char what[300];

	imap_folder_describe(what, sizeof(what), "deleting", raw);
	if (sel != NULL && strcmp(sel, raw) == 0)
		imap_session_set_selected(s, NULL);
	imap_session_cmd(s, &c, "DELETE");
	imap_cmd_astring(&c, raw, strlen(raw));
	return run(s, &c, NULL, NULL, ERR_FOLDER, what, e);
}

/* Opening a folder */

void
imap_mailbox_init(struct imap_mailbox *mb)
{
	memset(mb, 0, sizeof(*mb));
	imap_flags_init(&mb->flags);
	imap_flags_init(&mb->permanent);
	imap_seqset_init(&mb->vanished);
}

void
imap_mailbox_free(struct imap_mailbox *mb)
{
	imap_flags_free(&mb->flags);
	imap_flags_free(&mb->permanent);
	imap_seqset_free(&mb->vanished);
}

struct select_ctx {
	struct imap_op op;
	struct imap_mailbox *mb;
	imap_fetch_fn fn;
	void *arg;
};

/* The untagged OK codes of a SELECT answer. */
static int
select_code(struct select_ctx *sc, const struct imap_response *r)
{
	struct imap_mailbox *mb = sc->mb;
	uint64_t n;
	struct err e;

	if (imap_code_number(r, "UIDVALIDITY", &n))
		mb->uidvalidity = (uint32_t)n;
	else if (imap_code_number(r, "UIDNEXT", &n))
		mb->uidnext = (uint32_t)n;
	else if (imap_code_number(r, "UNSEEN", &n))
		mb->first_unseen = (uint32_t)n;
	else if (imap_code_number(r, "HIGHESTMODSEQ", &n))
		mb->highestmodseq = n;
	else if (imap_code_is(r, "NOMODSEQ"))
		mb->highestmodseq = 0;
	else if (imap_code_is(r, "PERMANENTFLAGS"))
		imap_code_permanentflags(r, &mb->permanent, &e);
	else if (!imap_code_is(r, "CLOSED"))
		return 0;	/* ALERT and the like are the engine's */
	return 1;
}

static int
on_select(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct select_ctx *sc = arg;
	struct imap_fetch f;
	struct err e;
	bool earlier;

	/* a malformed item is skipped: the session is still in step */
	switch (type) {
	case IMAP_T_FLAGS:
		imap_resp_flags(r, &sc->mb->flags, &e);
		return 1;
	case IMAP_T_EXISTS:
		imap_resp_number(r, &sc->mb->exists, &e);
		return 1;
	case IMAP_T_RECENT:
		imap_resp_number(r, &sc->mb->recent, &e);
		return 1;
	case IMAP_T_STATUS:
		return imap_value_is(imap_response_value(r, 0), "OK") ? select_code(sc, r) : 0;
	case IMAP_T_VANISHED:
		imap_resp_vanished(r, &earlier, &sc->mb->vanished, &e);
		return 1;
	case IMAP_T_FETCH:
		if (sc->fn == NULL)
			return 0;
		imap_fetch_init(&f);
		if (imap_resp_fetch(r, &f, &e) < 0 || sc->fn(sc->arg, &f, &e) < 0)
			imap_op_fail(&sc->op, &e);
		imap_fetch_free(&f);
		return 1;
	default:
		return 0;
	}
}

static void
add_qresync(struct imap_session *s, struct imap_cmd *c, const struct imap_qresync *q)
{
	if (q != NULL && q->uidvalidity != 0 && (imap_session_enabled(s) & IMAP_CAP_QRESYNC)) {
		imap_cmd_open(c);
		imap_cmd_raw(c, "QRESYNC");
		imap_cmd_open(c);
		imap_cmd_number(c, q->uidvalidity);
		imap_cmd_number(c, q->modseq);
		if (q->known_uids != NULL && q->n_known > 0)
			imap_cmd_uids(c, q->known_uids, q->n_known);
		imap_cmd_close(c);
		imap_cmd_close(c);
	} else if (imap_session_has(s, IMAP_CAP_CONDSTORE) &&
	    !(imap_session_enabled(s) & IMAP_CAP_CONDSTORE)) {
		imap_cmd_raw(c, "(CONDSTORE)");	/* for HIGHESTMODSEQ */
	}
}

int
imap_select(struct imap_session *s, const char *raw, bool readonly,
    const struct imap_qresync *q, struct imap_mailbox *mb, imap_fetch_fn fn, void *arg,
    struct err *e)
{
	struct select_ctx sc = { .mb = mb, .fn = fn, .arg = arg };
	struct imap_cmd c;
	char what[300];
	int rc;

	imap_mailbox_free(mb);
	imap_mailbox_init(mb);
	imap_session_set_selected(s, NULL);	/* a failed SELECT leaves none selected */
	imap_folder_describe(what, sizeof(what), "opening", raw);
	imap_session_cmd(s, &c, readonly ? "EXAMINE" : "SELECT");
	imap_cmd_astring(&c, raw, strlen(raw));
	add_qresync(s, &c, q);
	rc = imap_op_run(&sc.op, s, &c, on_select, ERR_FOLDER, what, e);
	if (rc == 0) {
		mb->readonly = readonly || imap_code_is(sc.op.p.reply, "READ-ONLY");
		imap_session_set_selected(s, raw);
	}
	imap_pending_free(&sc.op.p);
	return rc;
}

/* Keeping in touch */

int
imap_noop(struct imap_session *s, struct err *e)
{
	struct imap_cmd c;

	imap_session_cmd(s, &c, "NOOP");
	return run(s, &c, NULL, NULL, ERR_ACCOUNT, "NOOP", e);
}

int
imap_idle_start(struct imap_session *s, struct imap_pending *p, struct err *e)
{
	struct imap_cmd c;
	int rc;

	if (!imap_session_has(s, IMAP_CAP_IDLE))
		return err_setx(e, ERR_ACCOUNT, "IMAP server %s has no IDLE", imap_session_peer(s));
	imap_session_cmd(s, &c, "IDLE");
	imap_pending_init(p, NULL, NULL);
	rc = imap_session_start(s, &c, p, e);
	imap_cmd_free(&c);
	if (rc == 0)
		rc = imap_session_wait_continue(s, p, e);
	if (rc == 1) {	/* refused instead of "+" */
		rc = imap_pending_check(s, p, ERR_ACCOUNT, "starting IDLE", e);
		imap_pending_free(p);
		return rc < 0 ? -1 : err_setx(e, ERR_ACCOUNT, "IDLE ended at once");
	}
	return rc;
}

int
imap_idle_done(struct imap_session *s, struct imap_pending *p, struct err *e)
{
	int rc = imap_session_send_line(s, "DONE\r\n", e);

	if (rc == 0)
		rc = imap_session_wait(s, p, e);
	if (rc == 0)
		rc = imap_pending_check(s, p, ERR_ACCOUNT, "ending IDLE", e);
	imap_pending_free(p);
	return rc;
}
