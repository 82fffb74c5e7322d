/* cache-msg.c: summaries: batch upserts, flag changes, expunges, loading a folder. */
#include "store/cache-int.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/vec.h"
#include "util/xalloc.h"

#define MSG_COLUMNS \
	"id, flags, size, attach, modseq, internaldate, date, keywords," \
	" from_name, from_email, to_addrs, subject, message_id, in_reply_to, refs"

/* A NULL string stays NULL; the caller's memory is used as it is. */
static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* Rows of a folder that does not exist would never be found or deleted. */
static int
folder_exists(struct cache *c, int64_t folder, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (cache_check_folder_id(folder, e) == -1)
		return -1;
	st = cache_stmt(c, STMT_FOLDER_EXISTS, "SELECT 1 FROM folder WHERE id = ?1", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, folder);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		cache_fail(c, e, "read a folder");
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_setx(e, ERR_FOLDER, "no folder %jd in the cache",
		    (intmax_t)folder);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
put_one(struct cache *c, sqlite3_stmt *st, int64_t folder, const struct cache_msg *m,
    struct err *e)
{
	if (m->uid == 0)
		return err_setx(e, ERR_MESSAGE, "cache: a message with UID 0");
	if (m->modseq > INT64_MAX)
		return err_setx(e, ERR_MESSAGE, "cache: MODSEQ of UID %u is too big",
		    m->uid);
	sqlite3_bind_int64(st, 1, CACHE_KEY(folder, m->uid));
	sqlite3_bind_int64(st, 2, m->flags);
	sqlite3_bind_int64(st, 3, m->size);
	sqlite3_bind_int(st, 4, m->has_attachment);
	sqlite3_bind_int64(st, 5, (int64_t)m->modseq);
	sqlite3_bind_int64(st, 6, m->internaldate);
	sqlite3_bind_int64(st, 7, m->date);
	bind_text(st, 8, m->keywords);
	bind_text(st, 9, m->from);
	bind_text(st, 10, m->from_email);
	bind_text(st, 11, m->to);
	bind_text(st, 12, m->subject);
	bind_text(st, 13, m->message_id);
	bind_text(st, 14, m->in_reply_to);
	bind_text(st, 15, m->references);
	return cache_step_done(c, st, e, "write a message");
}

int
cache_msgs_put(struct cache *c, int64_t folder, const struct cache_msg *msgs,
    size_t n, struct err *e)
{
	sqlite3_stmt *st;
	int tx, rc;

	if ((tx = cache_tx_begin(c, e)) == -1)
		return -1;
	rc = folder_exists(c, folder, e);
	/* an upsert, not a replace: a replace would delete the row and its body */
	st = rc == -1 ? NULL : cache_stmt(c, STMT_MSG_PUT,
	    "INSERT INTO message (" MSG_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
	    " ON CONFLICT (id) DO UPDATE SET flags = excluded.flags,"
	    " size = excluded.size, attach = excluded.attach,"
	    " modseq = excluded.modseq, internaldate = excluded.internaldate,"
	    " date = excluded.date, keywords = excluded.keywords,"
	    " from_name = excluded.from_name, from_email = excluded.from_email,"
	    " to_addrs = excluded.to_addrs, subject = excluded.subject,"
	    " message_id = excluded.message_id,"
	    " in_reply_to = excluded.in_reply_to, refs = excluded.refs", e);
	if (st == NULL)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = put_one(c, st, folder, &msgs[i], e);
	/* keep no pointers into the caller's strings */
	if (st != NULL)
		sqlite3_clear_bindings(st);
	return cache_tx_end(c, tx, rc, e);
}

int
cache_msgs_set_flags(struct cache *c, int64_t folder, const struct cache_flags *u,
    size_t n, struct err *e)
{
	sqlite3_stmt *st;
	int tx, rc = 0;

	if (cache_check_folder_id(folder, e) == -1 ||
	    (tx = cache_tx_begin(c, e)) == -1)
		return -1;
	st = cache_stmt(c, STMT_MSG_FLAGS,
	    "UPDATE message SET flags = ?2, keywords = ?3,"
	    " modseq = CASE WHEN ?4 = 0 THEN modseq ELSE ?4 END WHERE id = ?1", e);
	if (st == NULL)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (u[i].modseq > INT64_MAX) {
			rc = err_setx(e, ERR_MESSAGE,
			    "cache: MODSEQ of UID %u is too big", u[i].uid);
			break;
		}
		sqlite3_bind_int64(st, 1, CACHE_KEY(folder, u[i].uid));
		sqlite3_bind_int64(st, 2, u[i].flags);
		bind_text(st, 3, u[i].keywords);
		sqlite3_bind_int64(st, 4, (int64_t)u[i].modseq);
		rc = cache_step_done(c, st, e, "change flags");
	}
	if (st != NULL)
		sqlite3_clear_bindings(st);
	return cache_tx_end(c, tx, rc, e);
}

int
cache_msg_set_flags(struct cache *c, int64_t folder, uint32_t uid, unsigned flags,
    const char *keywords, uint64_t modseq, struct err *e)
{
	struct cache_flags u = { uid, flags, keywords, modseq };

	return cache_msgs_set_flags(c, folder, &u, 1, e);
}

int
cache_msgs_delete(struct cache *c, int64_t folder, const uint32_t *uids, size_t n,
    struct err *e)
{
	sqlite3_stmt *st;
	int tx, rc = 0;

	if (cache_check_folder_id(folder, e) == -1 ||
	    (tx = cache_tx_begin(c, e)) == -1)
		return -1;
	/* the foreign key takes the body with it */
	st = cache_stmt(c, STMT_MSG_DELETE, "DELETE FROM message WHERE id = ?1", e);
	if (st == NULL)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sqlite3_bind_int64(st, 1, CACHE_KEY(folder, uids[i]));
		rc = cache_step_done(c, st, e, "delete a message");
	}
	return cache_tx_end(c, tx, rc, e);
}

int
cache_msgs_delete_range(struct cache *c, int64_t folder, uint32_t first,
    uint32_t last, struct err *e)
{
	sqlite3_stmt *st;
	int tx, rc = -1;

	if (cache_check_folder_id(folder, e) == -1 ||
	    (tx = cache_tx_begin(c, e)) == -1)
		return -1;
	st = cache_stmt(c, STMT_MSG_DELETE_RANGE,
	    "DELETE FROM message WHERE id BETWEEN ?1 AND ?2", e);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, CACHE_KEY(folder, first));
		sqlite3_bind_int64(st, 2, CACHE_KEY(folder, last));
		rc = cache_step_done(c, st, e, "delete messages");
	}
	return cache_tx_end(c, tx, rc, e);
}

/* The statement with the folder's key range bound: ?1 .. ?2. */
static sqlite3_stmt *
folder_range(struct cache *c, enum cache_stmt id, const char *sql, int64_t folder,
    struct err *e)
{
	sqlite3_stmt *st;

	if (cache_check_folder_id(folder, e) == -1)
		return NULL;
	if ((st = cache_stmt(c, id, sql, e)) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, CACHE_KEY(folder, 0));
	sqlite3_bind_int64(st, 2, CACHE_KEY(folder, UINT32_MAX));
	return st;
}

static void
read_msg(sqlite3_stmt *st, struct cache_msg *m)
{
	m->uid = CACHE_KEY_UID(sqlite3_column_int64(st, 0));
	m->flags = (unsigned)sqlite3_column_int64(st, 1);
	m->size = (uint32_t)sqlite3_column_int64(st, 2);
	m->has_attachment = sqlite3_column_int(st, 3) != 0;
	m->modseq = (uint64_t)sqlite3_column_int64(st, 4);
	m->internaldate = sqlite3_column_int64(st, 5);
	m->date = sqlite3_column_int64(st, 6);
	/* pointers into SQLite's row: valid until the next step */
	m->keywords = (const char *)sqlite3_column_text(st, 7);
	m->from = (const char *)sqlite3_column_text(st, 8);
	m->from_email = (const char *)sqlite3_column_text(st, 9);
	m->to = (const char *)sqlite3_column_text(st, 10);
	m->subject = (const char *)sqlite3_column_text(st, 11);
	m->message_id = (const char *)sqlite3_column_text(st, 12);
	m->in_reply_to = (const char *)sqlite3_column_text(st, 13);
	m->references = (const char *)sqlite3_column_text(st, 14);
}

int
cache_msgs_load(struct cache *c, int64_t folder, cache_msg_fn *fn, void *arg,
    struct err *e)
{
	struct cache_msg m;
	sqlite3_stmt *st;
	int rc;

	st = folder_range(c, STMT_MSG_LOAD, "SELECT " MSG_COLUMNS " FROM message"
	    " WHERE id BETWEEN ?1 AND ?2 ORDER BY id", folder, e);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_msg(st, &m);
		if (fn(&m, arg) != 0)
			break;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		cache_fail(c, e, "read messages");
	/* resetting ends the read transaction, so the WAL can be checkpointed */
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * cache_msgs_load_all keeps every string in one growing block; as it moves
 * while it grows, the pointers hold offsets + 1 until the end.
 */
struct load_all {
	struct vec msgs;
	struct buf text;
};

static const char *
stash(struct buf *text, const char *s)
{
	size_t off;

	if (s == NULL)
		return NULL;
	off = text->len + 1;
	buf_add(text, s, strlen(s) + 1);
	return (const char *)(uintptr_t)off;
}

static const char *
unstash(const char *base, const char *s)
{
	return s == NULL ? NULL : base + ((uintptr_t)s - 1);
}

static int
load_one(const struct cache_msg *m, void *arg)
{
	struct load_all *la = arg;
	struct cache_msg *d = vec_push(&la->msgs, m);

	d->keywords = stash(&la->text, m->keywords);
	d->from = stash(&la->text, m->from);
	d->from_email = stash(&la->text, m->from_email);
	d->to = stash(&la->text, m->to);
	d->subject = stash(&la->text, m->subject);
	d->message_id = stash(&la->text, m->message_id);
	d->in_reply_to = stash(&la->text, m->in_reply_to);
	d->references = stash(&la->text, m->references);
	return 0;
}

int
cache_msgs_load_all(struct cache *c, int64_t folder, struct cache_msg_list *out,
    struct err *e)
{
	struct load_all la = { VEC_INIT(struct cache_msg), BUF_INIT };

	memset(out, 0, sizeof(*out));
	if (cache_msgs_load(c, folder, load_one, &la, e) == -1) {
		vec_free(&la.msgs);
		buf_free(&la.text);
		return -1;
	}
	out->msgs = la.msgs.items;
	out->len = la.msgs.len;
	out->text = buf_detach(&la.text);
	for (size_t i = 0; i < out->len; i++) {
		struct cache_msg *m = &out->msgs[i];

		m->keywords = unstash(out->text, m->keywords);
		m->from = unstash(out->text, m->from);
		m->from_email = unstash(out->text, m->from_email);
		m->to = unstash(out->text, m->to);
		m->subject = unstash(out->text, m->subject);
		m->message_id = unstash(out->text, m->message_id);
		m->in_reply_to = unstash(out->text, m->in_reply_to);
		m->references = unstash(out->text, m->references);
	}
	return 0;
}

void
cache_msg_list_free(struct cache_msg_list *l)
{
	free(l->msgs);
	free(l->text);
	memset(l, 0, sizeof(*l));
}

int
cache_msgs_uids(struct cache *c, int64_t folder, struct vec *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st = folder_range(c, STMT_MSG_UIDS, "SELECT id FROM message"
	    " WHERE id BETWEEN ?1 AND ?2 ORDER BY id", folder, e);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint32_t uid = CACHE_KEY_UID(sqlite3_column_int64(st, 0));

		vec_push(out, &uid);
	}
	if (rc != SQLITE_DONE)
		cache_fail(c, e, "read UIDs");
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Runs a one-row, one-number query on the folder's range. */
static int
folder_number(struct cache *c, enum cache_stmt id, const char *sql, int64_t folder,
    int64_t *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = folder_range(c, id, sql, folder, e)) == NULL)
		return -1;
	*out = 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		cache_fail(c, e, "count messages");
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
cache_msgs_max_uid(struct cache *c, int64_t folder, uint32_t *out, struct err *e)
{
	int64_t key;

	/* ORDER BY ... LIMIT 1 is one seek to the end of the range */
	if (folder_number(c, STMT_MSG_MAX_UID, "SELECT id FROM message"
	    " WHERE id BETWEEN ?1 AND ?2 ORDER BY id DESC LIMIT 1", folder, &key,
	    e) == -1)
		return -1;
	*out = CACHE_KEY_UID(key);
	return 0;
}

_Static_assert(CACHE_SEEN == 1, "cache_msgs_count_unseen's SQL tests bit 1");

int
cache_msgs_count_unseen(struct cache *c, int64_t folder, size_t *out, struct err *e)
{
	int64_t n;

	if (folder_number(c, STMT_MSG_UNSEEN, "SELECT count(*) FROM message"
	    " WHERE id BETWEEN ?1 AND ?2 AND (flags & 1) = 0", folder, &n, e) == -1)
		return -1;
	*out = (size_t)n;
	return 0;
}

int
cache_msgs_count(struct cache *c, int64_t folder, size_t *out, struct err *e)
{
	int64_t n;

	if (folder_number(c, STMT_MSG_COUNT, "SELECT count(*) FROM message"
	    " WHERE id BETWEEN ?1 AND ?2", folder, &n, e) == -1)
		return -1;
	*out = (size_t)n;
	return 0;
}
