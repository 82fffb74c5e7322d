/* messages.c: the open folder's messages: summaries, bodies, flags, moving, deleting. */
#include "engine/messages.h"

#include <stdlib.h>
#include <string.h>

#include "engine/folders.h"
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
		.message_id = c->message_id,
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

int
eng_msgs_require(struct eng_session *s, const uint32_t *uids, size_t n, struct err *e)
{
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
eng_msg_body(struct eng_session *s, uint32_t uid, struct buf *out, struct err *e)
{
	size_t start = out->len;
	struct err scratch;
	int rc;

	if (eng_need_open(s, false, e) < 0)
		return -1;
	rc = cache_body_get(s->cache, s->open.row.id, uid, out, e);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (imap_fetch_body(s->imap, uid, NULL, out, e) < 0)
		return -1;
	/* a body the cache cannot keep (too big, no summary yet) is fetched again next time */
	cache_body_put(s->cache, s->open.row.id, uid, out->data + start, out->len - start,
	    &scratch);
	return 0;
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

int
eng_msgs_flag(struct eng_session *s, const uint32_t *uids, size_t n, unsigned add,
    unsigned remove, struct err *e)
{
	struct imap_seqset set;
	int rc = 0;

	if (eng_need_open(s, true, e) < 0)
		return -1;
	uid_set(&set, uids, n);
	if (add != 0)
		rc = imap_store(s->imap, &set, IMAP_STORE_ADD, eng_flags_to_imap(add), NULL, e);
	if (rc == 0 && remove != 0)
		rc = imap_store(s->imap, &set, IMAP_STORE_REMOVE, eng_flags_to_imap(remove),
		    NULL, e);
	if (rc == 0)
		rc = refresh_flags(s, &set, e);
	imap_seqset_free(&set);
	return rc;
}

/* Messages that left the open folder leave its cache. */
static int
forget(struct eng_session *s, const uint32_t *uids, size_t n, struct err *e)
{
	return cache_msgs_delete(s->cache, s->open.row.id, uids, n, e);
}

static int
move_to(struct eng_session *s, const uint32_t *uids, size_t n, const struct eng_folder *to,
    struct err *warn, struct err *e)
{
	struct imap_seqset set;
	int rc;

	uid_set(&set, uids, n);
	rc = imap_move(s->imap, &set, to->raw, warn, e);
	imap_seqset_free(&set);
	return rc == 0 ? forget(s, uids, n, e) : -1;
}

int
eng_msgs_move(struct eng_session *s, const uint32_t *uids, size_t n, const char *dest,
    struct err *warn, struct err *e)
{
	const struct eng_folder *to;

	err_clear(warn);
	if (eng_need_open(s, true, e) < 0 || (to = eng_folder_find(s, dest, e)) == NULL)
		return -1;
	if (strcmp(to->raw, s->open.raw) == 0)
		return err_setx(e, ERR_FOLDER, "the messages are in that folder already");
	if (!to->selectable)
		return err_setx(e, ERR_FOLDER, "that folder cannot hold messages");
	return move_to(s, uids, n, to, warn, e);
}

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

int
eng_msgs_delete(struct eng_session *s, const uint32_t *uids, size_t n, char **trash,
    struct err *warn, struct err *e)
{
	const struct eng_folder *t;

	*trash = NULL;
	err_clear(warn);
	if (eng_need_open(s, true, e) < 0)
		return -1;
	t = eng_folder_trash(s, e);
	if (t == NULL && err_isset(e))
		return -1;
	if (t == NULL || strcmp(t->raw, s->open.raw) == 0)
		return expunge(s, uids, n, e);
	if (move_to(s, uids, n, t, warn, e) < 0)
		return -1;
	*trash = xstrdup(t->name);
	return 0;
}
