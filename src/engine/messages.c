/* messages.c: the open folder's messages: summaries, bodies, flags, moving, deleting. */
#include "engine/messages.h"

#include <stdlib.h>
#include <string.h>

#include "engine/folders.h"
#include "engine/retry.h"
#include "engine/session-int.h"
#include "util/str.h"
#include "util/xalloc.h"

_Static_assert(ENG_FLAG_SEEN == CACHE_SEEN && ENG_FLAG_ANSWERED == CACHE_ANSWERED &&
    ENG_FLAG_FLAGGED == CACHE_FLAGGED && ENG_FLAG_DELETED == CACHE_DELETED &&
    ENG_FLAG_DRAFT == CACHE_DRAFT, "engine and cache flags are the same bits");

struct each_ctx {
	eng_msg_fn fn;
	void *arg;
};

static int
each_msg(const struct cache_msg *c, void *arg)
{
	struct each_ctx *ec = arg;
	struct eng_msg m = {
		.uid = c->uid, .flags = c->flags, .size = c->size,
		.has_attachment = c->has_attachment, .date = c->date,
		.internaldate = c->internaldate, .keywords = c->keywords, .from = c->from,
		.from_email = c->from_email, .to = c->to, .subject = c->subject,
		.message_id = c->message_id, .in_reply_to = c->in_reply_to,
		.references = c->references,
	};

	return ec->fn(&m, ec->arg);
}

int
eng_msgs_each(struct eng_session *s, eng_msg_fn fn, void *arg, struct err *e)
{
	struct each_ctx ec = { fn, arg };

	if (eng_need_open(s, false, e) < 0)
		return -1;
	err_clear(e);
	if (cache_msgs_load(s->cache, s->open.row.id, each_msg, &ec, e) < 0)
		return err_isset(e) ? -1 : err_setx(e, ERR_FOLDER, "listing stopped");
	return 0;
}

int
eng_msgs_each_cached(struct eng_session *s, const char *folder, eng_msg_fn fn, void *arg,
    struct err *e)
{
	struct each_ctx ec = { fn, arg };
	struct cache_folder row;
	int rc;

	err_clear(e);
	if ((rc = cache_folder_get(s->cache, folder, &row, e)) <= 0)
		return rc;	/* 0: never opened, nothing cached */
	rc = cache_msgs_load(s->cache, row.id, each_msg, &ec, e);
	cache_folder_free(&row);
	if (rc < 0)
		return err_isset(e) ? -1 : err_setx(e, ERR_FOLDER, "listing stopped");
	return 0;
}

static void
uid_set(struct imap_seqset *set, const uint32_t *uids, size_t n)
{
	imap_seqset_init(set);
	for (size_t i = 0; i < n; i++)
		imap_seqset_add(set, uids[i], uids[i]);
}

int
eng_uid_parse(const char *s, uint32_t *uid)
{
	uint64_t n;

	if (str_parse_uint(s, UINT32_MAX, &n) < 0 || n == 0)
		return -1;
	*uid = (uint32_t)n;
	return 0;
}

static int
no_such(struct eng_session *s, uint32_t uid, struct err *e)
{
	struct buf shown = BUF_INIT;

	str_make_visible(&shown, s->open.name, strlen(s->open.name));
	err_setx(e, ERR_MESSAGE, "no message with UID %u in %s", uid, buf_cstr(&shown));
	buf_free(&shown);
	return -1;
}

/* The arguments of the operations below, for eng_retry. */
struct uids_call {
	const uint32_t *uids;
	size_t n;
	unsigned add, remove;	/* eng_msgs_flag */
	const char *dest;	/* eng_msgs_move */
	struct err *warn;	/* eng_msgs_move, eng_msgs_delete */
	char **trash;		/* eng_msgs_delete */
};

static int
require_once(struct eng_session *s, void *arg, struct err *e)
{
	const struct uids_call *c = arg;
	const uint32_t *uids = c->uids;
	size_t n = c->n;
	struct vec there = VEC_INIT(uint32_t);
	struct imap_seqset set;
	int rc;

	if (eng_need_open(s, false, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (uids[i] == 0)
			return no_such(s, 0, e);
	uid_set(&set, uids, n);
	rc = imap_search_uids(s->imap, &set, &there, e);
	imap_seqset_free(&set);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!vec_u32_has(&there, uids[i]))
			rc = no_such(s, uids[i], e);
	vec_free(&there);
	return rc;
}

int
eng_msgs_require(struct eng_session *s, const uint32_t *uids, size_t n, struct err *e)
{
	struct uids_call c = { .uids = uids, .n = n };

	return eng_retry(s, require_once, &c, e);
}

struct body_call {
	uint32_t uid;
	struct buf *out;
	size_t start;		/* out's length before: a second try starts there again */
};

static int
body_once(struct eng_session *s, void *arg, struct err *e)
{
	struct body_call *c = arg;
	struct err scratch;
	int rc;

	buf_truncate(c->out, c->start);
	if (eng_need_open(s, false, e) < 0)
		return -1;
	rc = cache_body_get(s->cache, s->open.row.id, c->uid, c->out, e);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (imap_fetch_body(s->imap, c->uid, NULL, c->out, e) < 0)
		return -1;
	/* a body the cache cannot keep (too big, no summary yet) is fetched again next time */
	cache_body_put(s->cache, s->open.row.id, c->uid, c->out->data + c->start,
	    c->out->len - c->start, &scratch);
	return 0;
}

int
eng_msg_body(struct eng_session *s, uint32_t uid, struct buf *out, struct err *e)
{
	struct body_call c = { uid, out, out->len };

	return eng_retry(s, body_once, &c, e);
}

struct flag_ctx {
	struct eng_session *s;
	struct buf keywords;
};

/* The flags as the server has them after the change, into the cache. */
static int
on_new_flags(void *arg, const struct imap_fetch *f, struct err *e)
{
	struct flag_ctx *fc = arg;

	eng_keywords_join(&fc->keywords, &f->flags);
	return cache_msg_set_flags(fc->s->cache, fc->s->open.row.id, f->uid,
	    eng_flags_from_imap(f->flags.bits),
	    fc->keywords.len > 0 ? buf_cstr(&fc->keywords) : NULL,
	    (f->have & IMAP_FETCH_MODSEQ) ? f->modseq : 0, e);
}

static int
refresh_flags(struct eng_session *s, const struct imap_seqset *set, struct err *e)
{
	struct flag_ctx fc = { s, BUF_INIT };
	int rc = cache_begin(s->cache, e);

	if (rc == 0)
		rc = imap_fetch_flags(s->imap, set, on_new_flags, &fc, e);
	if (rc == 0)
		rc = cache_commit(s->cache, e);
	else
		cache_rollback(s->cache);
	buf_free(&fc.keywords);
	return rc;
}

/* Adding or removing a flag twice does it once: safe to repeat. */
static int
flag_once(struct eng_session *s, void *arg, struct err *e)
{
	const struct uids_call *c = arg;
	struct imap_seqset set;
	int rc = 0;

	if (eng_need_open(s, true, e) < 0)
		return -1;
	uid_set(&set, c->uids, c->n);
	if (c->add != 0)
		rc = imap_store(s->imap, &set, IMAP_STORE_ADD, eng_flags_to_imap(c->add), NULL,
		    e);
	if (rc == 0 && c->remove != 0)
		rc = imap_store(s->imap, &set, IMAP_STORE_REMOVE, eng_flags_to_imap(c->remove),
		    NULL, e);
	if (rc == 0)
		rc = refresh_flags(s, &set, e);
	imap_seqset_free(&set);
	return rc;
}

int
eng_msgs_flag(struct eng_session *s, const uint32_t *uids, size_t n, unsigned add,
    unsigned remove, struct err *e)
{
	struct uids_call c = { .uids = uids, .n = n, .add = add, .remove = remove };

	return eng_retry(s, flag_once, &c, e);
}

/* Messages that left the open folder leave its cache. */
static int
forget(struct eng_session *s, const uint32_t *uids, size_t n, struct err *e)
{
	return cache_msgs_delete(s->cache, s->open.row.id, uids, n, e);
}

/*
 * UID MOVE may run twice: the UIDs that left are not there to leave again.
 * Without MOVE it is COPY, then \Deleted and EXPUNGE: a second COPY would
 * leave two copies, so a loss in there is reported, not repeated.
 */
static int
move_to(struct eng_session *s, const uint32_t *uids, size_t n, const struct eng_folder *to,
    struct err *warn, struct err *e)
{
	struct imap_seqset set;
	struct buf shown = BUF_INIT;
	int rc;

	if (!imap_session_has(s->imap, IMAP_CAP_MOVE)) {
		str_make_visible(&shown, to->name, strlen(to->name));
		eng_retry_forbid(s, "the messages may be in \"%s\" already (the server has no "
		    "MOVE, so taube copies, then deletes): look there before trying again",
		    buf_cstr(&shown));
		buf_free(&shown);
	}
	uid_set(&set, uids, n);
	rc = imap_move(s->imap, &set, to->raw, warn, e);
	imap_seqset_free(&set);
	return rc == 0 ? forget(s, uids, n, e) : -1;
}

static int
move_once(struct eng_session *s, void *arg, struct err *e)
{
	const struct uids_call *c = arg;
	const struct eng_folder *to;

	err_clear(c->warn);
	if (eng_need_open(s, true, e) < 0 || (to = eng_folder_find(s, c->dest, e)) == NULL)
		return -1;
	if (strcmp(to->raw, s->open.raw) == 0)
		return err_setx(e, ERR_FOLDER, "the messages are in that folder already");
	if (!to->selectable)
		return err_setx(e, ERR_FOLDER, "that folder cannot hold messages");
	return move_to(s, c->uids, c->n, to, c->warn, e);
}

int
eng_msgs_move(struct eng_session *s, const uint32_t *uids, size_t n, const char *dest,
    struct err *warn, struct err *e)
{
	struct uids_call c = { .uids = uids, .n = n, .dest = dest, .warn = warn };

	return eng_retry(s, move_once, &c, e);
}

/* \Deleted and UID EXPUNGE may run twice: what is gone stays gone, nothing else goes. */
static int
expunge(struct eng_session *s, const uint32_t *uids, size_t n, struct err *e)
{
	struct imap_seqset set;
	int rc;

	/* without UIDPLUS only a plain EXPUNGE exists, which would take others marked \Deleted */
	if (!imap_session_has(s->imap, IMAP_CAP_UIDPLUS))
		return err_setx(e, ERR_FOLDER, "IMAP server %s cannot remove single messages "
		    "(no UIDPLUS)", imap_session_peer(s->imap));
	uid_set(&set, uids, n);
	rc = imap_store(s->imap, &set, IMAP_STORE_ADD, IMAP_FLAG_DELETED, NULL, e);
	if (rc == 0)
		rc = imap_expunge_uids(s->imap, &set, e);
	imap_seqset_free(&set);
	return rc == 0 ? forget(s, uids, n, e) : -1;
}

static int
delete_once(struct eng_session *s, void *arg, struct err *e)
{
	const struct uids_call *c = arg;
	const struct eng_folder *t;

	err_clear(c->warn);
	if (eng_need_open(s, true, e) < 0)
		return -1;
	t = eng_folder_trash(s, e);
	if (t == NULL && err_isset(e))
		return -1;
	if (t == NULL || strcmp(t->raw, s->open.raw) == 0)
		return expunge(s, c->uids, c->n, e);
	if (move_to(s, c->uids, c->n, t, c->warn, e) < 0)
		return -1;
	*c->trash = xstrdup(t->name);
	return 0;
}

int
eng_msgs_delete(struct eng_session *s, const uint32_t *uids, size_t n, char **trash,
    struct err *warn, struct err *e)
{
	struct uids_call c = { .uids = uids, .n = n, .warn = warn, .trash = trash };

	*trash = NULL;
	return eng_retry(s, delete_once, &c, e);
}
