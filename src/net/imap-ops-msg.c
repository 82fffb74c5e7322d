/* imap-ops-msg.c: fetching, flagging, copying, moving, expunging, appending and searching messages. */
#include "net/imap-ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/imap-cmd.h"
#include "util/err.h"
#include "util/str.h"

#define SEARCH_MAX_UIDS		(16u << 20)	/* UIDs one ESEARCH answer may name */

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

/* Fetching */

#define HEADER_ITEM	"BODY.PEEK[HEADER.FIELDS (" IMAP_SUMMARY_FIELDS ")]"

struct fetch_ctx {
	struct imap_op op;
	imap_msg_fn msg_fn;
	imap_fetch_fn fetch_fn;
	void *arg;
	struct imap_seqset *vanished;
	uint32_t uid;		/* imap_fetch_body: the one wanted */
	const char *item;	/* imap_fetch_body: the section asked for */
	struct buf *out;
	bool found;
};

static int
on_header(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct fetch_ctx *fc = arg;
	const struct imap_section *sec;
	struct imap_fetch f;
	struct imap_msg m;
	struct err e;
	int took = 0;

	if (type != IMAP_T_FETCH)
		return 0;
	imap_fetch_init(&f);
	if (imap_resp_fetch(r, &f, &e) < 0) {
		imap_op_fail(&fc->op, &e);
		took = 1;
	} else if ((f.have & IMAP_FETCH_UID) && (sec = imap_fetch_section(&f, HEADER_ITEM)) != NULL) {
		/* a FETCH without the header section is a change from elsewhere: the engine's */
		memset(&m, 0, sizeof(m));
		m.uid = f.uid;
		m.seq = f.seq;
		m.flags = &f.flags;
		m.internaldate = f.internaldate;
		m.size = f.size;
		m.modseq = f.modseq;
		m.header = sec->data != NULL ? sec->data : "";
		m.header_len = sec->data != NULL ? sec->len : 0;
		if (fc->msg_fn(fc->arg, &m, &e) < 0)
			imap_op_fail(&fc->op, &e);
		took = 1;
	}
	imap_fetch_free(&f);
	return took;
}

int
imap_fetch_headers(struct imap_session *s, const struct imap_seqset *uids, imap_msg_fn fn,
    void *arg, struct err *e)
{
	struct fetch_ctx fc = { .msg_fn = fn, .arg = arg };
	bool modseq = imap_session_has(s, IMAP_CAP_CONDSTORE);
	struct imap_cmd c;

	imap_session_cmd(s, &c, "UID FETCH");
	imap_cmd_seqset(&c, uids);
	imap_cmd_raw(&c, modseq ? "(UID FLAGS INTERNALDATE RFC822.SIZE MODSEQ " HEADER_ITEM ")" :
	    "(UID FLAGS INTERNALDATE RFC822.SIZE " HEADER_ITEM ")");
	return run(s, &c, on_header, &fc.op, ERR_FOLDER, "fetching message summaries", e);
}

static int
on_changed(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct fetch_ctx *fc = arg;
	struct imap_fetch f;
	struct err e;
	bool earlier;

	if (type == IMAP_T_VANISHED && fc->vanished != NULL) {
		imap_resp_vanished(r, &earlier, fc->vanished, &e);
		return 1;
	}
	if (type != IMAP_T_FETCH)
		return 0;
	imap_fetch_init(&f);
	if (imap_resp_fetch(r, &f, &e) < 0)
		imap_op_fail(&fc->op, &e);
	else if ((f.have & IMAP_FETCH_UID) && (f.have & IMAP_FETCH_FLAGS) &&
	    fc->fetch_fn(fc->arg, &f, &e) < 0)
		imap_op_fail(&fc->op, &e);	/* a FETCH without UID and FLAGS answers nothing here */
	imap_fetch_free(&f);
	return 1;
}

int
imap_fetch_flags(struct imap_session *s, const struct imap_seqset *uids, imap_fetch_fn fn,
    void *arg, struct err *e)
{
	struct fetch_ctx fc = { .fetch_fn = fn, .arg = arg };
	struct imap_cmd c;

	imap_session_cmd(s, &c, "UID FETCH");
	imap_cmd_seqset(&c, uids);
	imap_cmd_raw(&c, imap_session_has(s, IMAP_CAP_CONDSTORE) ?
	    "(UID FLAGS MODSEQ)" : "(UID FLAGS)");
	return run(s, &c, on_changed, &fc.op, ERR_FOLDER, "fetching flags", e);
}

int
imap_fetch_changed(struct imap_session *s, const struct imap_seqset *uids, uint64_t modseq,
    imap_fetch_fn fn, void *arg, struct imap_seqset *vanished, struct err *e)
{
	struct fetch_ctx fc = { .fetch_fn = fn, .arg = arg, .vanished = vanished };
	bool qresync = imap_session_enabled(s) & IMAP_CAP_QRESYNC;
	struct imap_cmd c;

	if (!imap_session_has(s, IMAP_CAP_CONDSTORE))
		return err_setx(e, ERR_FOLDER, "IMAP server %s has no CONDSTORE",
		    imap_session_peer(s));
	imap_session_cmd(s, &c, "UID FETCH");
	imap_cmd_seqset(&c, uids);
	imap_cmd_raw(&c, "(UID FLAGS MODSEQ)");
	imap_cmd_open(&c);
	imap_cmd_raw(&c, "CHANGEDSINCE");
	imap_cmd_number(&c, modseq);
	if (qresync && vanished != NULL)
		imap_cmd_raw(&c, "VANISHED");
	imap_cmd_close(&c);
	return run(s, &c, on_changed, &fc.op, ERR_FOLDER, "fetching changed flags", e);
}

static int
on_body(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct fetch_ctx *fc = arg;
	const struct imap_section *sec;
	struct imap_fetch f;
	struct err e;
	int took = 0;

	if (type != IMAP_T_FETCH)
		return 0;
	imap_fetch_init(&f);
	if (imap_resp_fetch(r, &f, &e) == 0 && (f.have & IMAP_FETCH_UID) && f.uid == fc->uid &&
	    (sec = imap_fetch_section(&f, fc->item)) != NULL) {
		if (sec->data != NULL)
			buf_add(fc->out, sec->data, sec->len);
		fc->found = true;
		took = 1;
	}
	imap_fetch_free(&f);
	return took;
}

/* A section name goes into the command as it is: only part numbers and section words. */
static bool
valid_section(const char *s)
{
	return strspn(s, "0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") ==
	    strlen(s) && strlen(s) < 64;
}

int
imap_fetch_body(struct imap_session *s, uint32_t uid, const char *section, struct buf *out,
    struct err *e)
{
	struct fetch_ctx fc = { .uid = uid, .out = out };
	char item[96], what[300];
	struct imap_cmd c;

	if (section == NULL)
		section = "";
	if (!valid_section(section) || uid == 0)
		return err_setx(e, ERR_MESSAGE, "no such message part: %u [%.64s]", uid, section);
	snprintf(item, sizeof(item), "BODY.PEEK[%s]", section);
	snprintf(what, sizeof(what), "fetching message UID %u", uid);
	fc.item = item;
	imap_session_cmd(s, &c, "UID FETCH");
	imap_cmd_number(&c, uid);
	imap_cmd_open(&c);
	imap_cmd_raw(&c, "UID");
	imap_cmd_raw(&c, item);
	imap_cmd_close(&c);
	if (run(s, &c, on_body, &fc.op, ERR_MESSAGE, what, e) < 0)
		return -1;
	if (!fc.found) {
		imap_folder_describe(what, sizeof(what), "in",
		    imap_session_selected(s) ? imap_session_selected(s) : "");
		return err_setx(e, ERR_MESSAGE, "message UID %u is not %s (any more)", uid, what);
	}
	return 0;
}

/* Changing messages */

/* A keyword must be an IMAP atom: ASCII, no specials, no controls. */
static bool
keyword_ok(const char *k)
{
	size_t len = strlen(k);

	if (len == 0 || len > 128 || k[strcspn(k, "(){ %*\"\\]")] != '\0' || str_has_ctl(k, len))
		return false;
	for (const char *p = k; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x7f)
			return false;
	return true;
}

/* "(\Seen \Flagged $Label)"; -1 when a keyword is no atom. */
static int
add_flags(struct imap_cmd *c, unsigned bits, const char *const *keywords, struct err *e)
{
	static const struct { unsigned bit; const char *name; } sys[] = {
		{ IMAP_FLAG_SEEN, "\\Seen" }, { IMAP_FLAG_ANSWERED, "\\Answered" },
		{ IMAP_FLAG_FLAGGED, "\\Flagged" }, { IMAP_FLAG_DELETED, "\\Deleted" },
		{ IMAP_FLAG_DRAFT, "\\Draft" },
	};

	imap_cmd_open(c);
	for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		if (bits & sys[i].bit)
			imap_cmd_raw(c, sys[i].name);
	for (size_t i = 0; keywords != NULL && keywords[i] != NULL; i++) {
		const char *k = keywords[i];

		if (!keyword_ok(k)) {
			imap_cmd_close(c);
			return err_setx(e, ERR_MESSAGE, "\"%.60s\" cannot be an IMAP keyword "
			    "(one ASCII word without spaces or specials)", k);
		}
		imap_cmd_raw(c, k);
	}
	return imap_cmd_close(c);
}

int
imap_store(struct imap_session *s, const struct imap_seqset *uids, enum imap_store_op op,
    unsigned bits, const char *const *keywords, struct err *e)
{
	static const char *const items[] = { "+FLAGS.SILENT", "-FLAGS.SILENT", "FLAGS.SILENT" };
	struct imap_cmd c;

	imap_session_cmd(s, &c, "UID STORE");
	imap_cmd_seqset(&c, uids);
	imap_cmd_raw(&c, items[op]);
	if (add_flags(&c, bits, keywords, e) < 0) {
		imap_cmd_free(&c);
		return -1;
	}
	return run(s, &c, NULL, NULL, ERR_FOLDER, "changing flags", e);
}

/* COPY or MOVE: the same shape, with COPYUID in the answer. */
static int
copy_or_move(struct imap_session *s, const char *name, const struct imap_seqset *uids,
    const char *dest_raw, struct imap_seqset *new_uids, struct err *e)
{
	struct imap_seqset from;
	struct imap_op o = { 0 };
	struct imap_cmd c;
	struct err scratch;
	uint32_t validity;
	char what[300];
	int rc;

	imap_folder_describe(what, sizeof(what), strcmp(name, "UID MOVE") == 0 ? "moving messages to" :
	    "copying messages to", dest_raw);
	imap_session_cmd(s, &c, name);
	imap_cmd_seqset(&c, uids);
	imap_cmd_astring(&c, dest_raw, strlen(dest_raw));
	rc = imap_op_run(&o, s, &c, NULL, ERR_FOLDER, what, e);
	if (rc == 0 && new_uids != NULL && imap_code_is(o.p.reply, "COPYUID")) {
		imap_seqset_init(&from);
		imap_code_copyuid(o.p.reply, &validity, &from, new_uids, &scratch);
		imap_seqset_free(&from);
	}
	imap_pending_free(&o.p);
	return rc;
}

int
imap_copy(struct imap_session *s, const struct imap_seqset *uids, const char *dest_raw,
    struct imap_seqset *new_uids, struct err *e)
{
	return copy_or_move(s, "UID COPY", uids, dest_raw, new_uids, e);
}

int
imap_move(struct imap_session *s, const struct imap_seqset *uids, const char *dest_raw,
    struct err *warn, struct err *e)
{
	struct imap_cmd c;

	if (warn != NULL)
		err_clear(warn);
	if (imap_session_has(s, IMAP_CAP_MOVE))
		return copy_or_move(s, "UID MOVE", uids, dest_raw, NULL, e);
	if (copy_or_move(s, "UID COPY", uids, dest_raw, NULL, e) < 0 ||
	    imap_store(s, uids, IMAP_STORE_ADD, IMAP_FLAG_DELETED, NULL, e) < 0)
		return -1;
	if (imap_session_has(s, IMAP_CAP_UIDPLUS))
		return imap_expunge_uids(s, uids, e);
	if (warn != NULL)
		err_setx(warn, ERR_MESSAGE, "IMAP server %s cannot expunge single messages (no "
		    "UIDPLUS): other messages marked deleted in this folder were removed too",
		    imap_session_peer(s));
	imap_session_cmd(s, &c, "EXPUNGE");
	return run(s, &c, NULL, NULL, ERR_FOLDER, "expunging moved messages", e);
}

int
imap_expunge_uids(struct imap_session *s, const struct imap_seqset *uids, struct err *e)
{
	struct imap_cmd c;

	if (!imap_session_has(s, IMAP_CAP_UIDPLUS))
		return err_setx(e, ERR_FOLDER, "IMAP server %s cannot expunge single messages "
		    "(no UIDPLUS)", imap_session_peer(s));
	imap_session_cmd(s, &c, "UID EXPUNGE");
	imap_cmd_seqset(&c, uids);
	return run(s, &c, NULL, NULL, ERR_FOLDER, "expunging messages", e);
}

int
imap_append(struct imap_session *s, const char *raw, const char *msg, size_t len,
    unsigned flags, int64_t date, uint32_t *uid, struct err *e)
{
	struct imap_seqset uids;
	struct imap_op o = { 0 };
	struct imap_cmd c;
	struct err scratch;
	uint32_t validity;
	char what[300];
	int rc;

	if (uid != NULL)
		*uid = 0;
	imap_folder_describe(what, sizeof(what), "saving a message to", raw);
	imap_session_cmd(s, &c, "APPEND");
	imap_cmd_astring(&c, raw, strlen(raw));
	add_flags(&c, flags, NULL, e);
	if (date != 0)
		imap_cmd_datetime(&c, date);
	imap_cmd_literal(&c, msg, len);		/* a NUL in msg is refused when the command ends */
	rc = imap_op_run(&o, s, &c, NULL, ERR_MESSAGE, what, e);
	if (rc == 0 && uid != NULL && imap_code_is(o.p.reply, "APPENDUID")) {
		imap_seqset_init(&uids);
		if (imap_code_appenduid(o.p.reply, &validity, &uids, &scratch) == 0 &&
		    uids.ranges.len == 1)
			*uid = VEC_AT(&uids.ranges, struct imap_range, 0)->lo;
		imap_seqset_free(&uids);
	}
	imap_pending_free(&o.p);
	return rc;
}

/* Searching */

struct search_ctx {
	struct imap_op op;
	struct vec *uids;
};

static int
on_search(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct search_ctx *sc = arg;
	struct imap_esearch es;
	uint64_t modseq;
	struct err e;

	if (type == IMAP_T_SEARCH) {
		if (imap_resp_search(r, sc->uids, &modseq, &e) < 0)
			imap_op_fail(&sc->op, &e);
		return 1;
	}
	if (type != IMAP_T_ESEARCH)
		return 0;
	imap_esearch_init(&es);
	if (imap_resp_esearch(r, &es, &e) < 0)
		imap_op_fail(&sc->op, &e);
	else if (es.tag != NULL && strcmp(es.tag, sc->op.p.tag) != 0) {
		imap_esearch_free(&es);
		return 0;	/* another command's answer */
	} else if ((es.have & IMAP_ESEARCH_ALL) &&
	    imap_seqset_expand(&es.all, sc->uids, SEARCH_MAX_UIDS, &e) < 0) {
		imap_op_fail(&sc->op, &e);
	}
	imap_esearch_free(&es);
	return 1;
}

static void
add_criteria(struct imap_cmd *c, const struct imap_search *q)
{
	const struct { const char *key, *value; } strs[] = {
		{ "FROM", q->from }, { "TO", q->to }, { "SUBJECT", q->subject },
		{ "BODY", q->body }, { "TEXT", q->text },
	};
	bool any = false;

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (strs[i].value != NULL) {
			imap_cmd_raw(c, strs[i].key);
			imap_cmd_string(c, strs[i].value, strlen(strs[i].value));
			any = true;
		}
	if (q->since != 0) {
		imap_cmd_raw(c, "SINCE");
		imap_cmd_date(c, q->since);
	}
	if (q->before != 0) {
		imap_cmd_raw(c, "BEFORE");
		imap_cmd_date(c, q->before);
	}
	if (q->seen)
		imap_cmd_raw(c, "SEEN");
	if (q->unseen)
		imap_cmd_raw(c, "UNSEEN");
	if (q->flagged)
		imap_cmd_raw(c, "FLAGGED");
	if (!any && q->since == 0 && q->before == 0 && !q->seen && !q->unseen && !q->flagged)
		imap_cmd_raw(c, "ALL");
}

static bool
has_8bit(const struct imap_search *q)
{
	const char *strs[] = { q->from, q->to, q->subject, q->body, q->text };

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		for (const char *p = strs[i]; p != NULL && *p != '\0'; p++)
			if ((unsigned char)*p >= 0x80)
				return true;
	return false;
}

int
imap_search(struct imap_session *s, const struct imap_search *q, struct vec *uids,
    struct err *e)
{
	struct search_ctx sc = { .uids = uids };
	struct imap_cmd c;

	imap_session_cmd(s, &c, "UID SEARCH");
	if (imap_session_has(s, IMAP_CAP_ESEARCH))
		imap_cmd_raw(&c, "RETURN (ALL)");
	if (has_8bit(q))
		imap_cmd_raw(&c, "CHARSET UTF-8");
	add_criteria(&c, q);
	return run(s, &c, on_search, &sc.op, ERR_FOLDER, "searching", e);
}

int
imap_search_uids(struct imap_session *s, const struct imap_seqset *set, struct vec *uids,
    struct err *e)
{
	struct search_ctx sc = { .uids = uids };
	size_t first = uids->len;
	struct imap_cmd c;
	int rc;

	imap_session_cmd(s, &c, "UID SEARCH");
	if (imap_session_has(s, IMAP_CAP_ESEARCH))
		imap_cmd_raw(&c, "RETURN (ALL)");
	imap_cmd_raw(&c, "UID");
	imap_cmd_seqset(&c, set);
	rc = run(s, &c, on_search, &sc.op, ERR_FOLDER, "searching UIDs", e);
	if (rc == 0 && uids->len > first) {
		/* only what this call appended is sorted: a view of the tail */
		struct vec tail = { (uint32_t *)uids->items + first, uids->len - first,
		    uids->len - first, sizeof(uint32_t) };

		vec_u32_sort_unique(&tail);
		uids->len = first + tail.len;
	}
	return rc;
}
