/* cache-folder.c: folders and their sync state (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ). */
#include "store/cache-int.h"

#include <stdlib.h>
#include <string.h>

#include "util/vec.h"
#include "util/xalloc.h"

#define FOLDER_COLUMNS \
	"id, name, delim, attrs, uidvalidity, uidnext, highestmodseq, total," \
	" unseen, synced"

void
cache_folder_free(struct cache_folder *f)
{
	free(f->name);
	f->name = NULL;
}

static void
read_folder(sqlite3_stmt *st, struct cache_folder *f)
{
	const char *name = (const char *)sqlite3_column_text(st, 1);

	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	/* NULL only when SQLite ran out of memory converting it */
	f->name = xstrdup(name != NULL ? name : "");
	f->delim = (char)sqlite3_column_int(st, 2);
	f->attrs = (unsigned)sqlite3_column_int64(st, 3);
	f->uidvalidity = (uint32_t)sqlite3_column_int64(st, 4);
	f->uidnext = (uint32_t)sqlite3_column_int64(st, 5);
	f->highestmodseq = (uint64_t)sqlite3_column_int64(st, 6);
	f->exists = (uint32_t)sqlite3_column_int64(st, 7);
	f->unseen = (uint32_t)sqlite3_column_int64(st, 8);
	f->synced = sqlite3_column_int64(st, 9);
}

int
cache_folder_get(struct cache *c, const char *name, struct cache_folder *out,
    struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st = cache_stmt(c, STMT_FOLDER_GET,
	    "SELECT " FOLDER_COLUMNS " FROM folder WHERE name = ?1", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_folder(st, out);
	else if (rc != SQLITE_DONE)
		cache_fail(c, e, "read a folder");
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* A cached UIDVALIDITY that is not 0 must not change under cache_folder_put. */
static int
check_uidvalidity(struct cache *c, const struct cache_folder *f, struct err *e)
{
	sqlite3_stmt *st;
	uint32_t old = 0;
	int rc;

	st = cache_stmt(c, STMT_FOLDER_UIDVALIDITY,
	    "SELECT uidvalidity FROM folder WHERE name = ?1", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		old = (uint32_t)sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		cache_fail(c, e, "read a folder");
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (old != 0 && old != f->uidvalidity)
		return err_setx(e, ERR_FOLDER,
		    "cache: UIDVALIDITY of %s changed from %u to %u; its "
		    "messages must be dropped first", f->name, old, f->uidvalidity);
	return 0;
}

static int
folder_id(struct cache *c, const char *name, int64_t *id, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st = cache_stmt(c, STMT_FOLDER_ID, "SELECT id FROM folder WHERE name = ?1", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else
		cache_fail(c, e, "read a folder");
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	/* ids are handed out as max + 1: running out takes 2^31 new folders */
	return cache_check_folder_id(*id, e);
}

static int
folder_upsert(struct cache *c, const struct cache_folder *f, struct err *e)
{
	sqlite3_stmt *st;

	st = cache_stmt(c, STMT_FOLDER_PUT,
	    "INSERT INTO folder (name, delim, attrs, uidvalidity, uidnext,"
	    " highestmodseq, total, unseen, synced)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT (name) DO UPDATE SET delim = excluded.delim,"
	    " attrs = excluded.attrs, uidvalidity = excluded.uidvalidity,"
	    " uidnext = excluded.uidnext, highestmodseq = excluded.highestmodseq,"
	    " total = excluded.total, unseen = excluded.unseen,"
	    " synced = excluded.synced", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (unsigned char)f->delim);
	sqlite3_bind_int64(st, 3, f->attrs);
	sqlite3_bind_int64(st, 4, f->uidvalidity);
	sqlite3_bind_int64(st, 5, f->uidnext);
	sqlite3_bind_int64(st, 6, (int64_t)f->highestmodseq);
	sqlite3_bind_int64(st, 7, f->exists);
	sqlite3_bind_int64(st, 8, f->unseen);
	sqlite3_bind_int64(st, 9, f->synced);
	return cache_step_done(c, st, e, "write a folder");
}

int
cache_folder_put(struct cache *c, struct cache_folder *f, struct err *e)
{
	int64_t id = 0;
	int tx, rc;

	if (f->name == NULL || f->name[0] == '\0')
		return err_setx(e, ERR_FOLDER, "cache: a folder needs a name");
	/* stored as a signed 64-bit integer; RFC 7162 keeps it to 63 bits */
	if (f->highestmodseq > INT64_MAX)
		return err_setx(e, ERR_FOLDER, "cache: HIGHESTMODSEQ of %s is too big",
		    f->name);
	if ((tx = cache_tx_begin(c, e)) == -1)
		return -1;
	rc = check_uidvalidity(c, f, e);
	if (rc == 0)
		rc = folder_upsert(c, f, e);
	if (rc == 0)
		rc = folder_id(c, f->name, &id, e);
	if ((rc = cache_tx_end(c, tx, rc, e)) == 0)
		f->id = id;
	return rc;
}

int
cache_folder_list(struct cache *c, struct vec *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st = cache_stmt(c, STMT_FOLDER_LIST,
	    "SELECT " FOLDER_COLUMNS " FROM folder ORDER BY name", e);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_folder(st, vec_push_zero(out));
	if (rc != SQLITE_DONE)
		cache_fail(c, e, "list folders");
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
cache_folder_list_free(struct vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		cache_folder_free(VEC_AT(v, struct cache_folder, i));
	vec_free(v);
}

/*
 * Deletes a folder's bodies by key range first (one range delete), so that
 * the messages' own delete has no bodies left to cascade to.
 */
static int
drop_messages(struct cache *c, int64_t folder, struct err *e)
{
	sqlite3_stmt *st;

	st = cache_stmt(c, STMT_BODY_DELETE_RANGE,
	    "DELETE FROM body WHERE id BETWEEN ?1 AND ?2", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, CACHE_KEY(folder, 0));
	sqlite3_bind_int64(st, 2, CACHE_KEY(folder, UINT32_MAX));
	if (cache_step_done(c, st, e, "drop bodies") == -1)
		return -1;
	return cache_msgs_delete_range(c, folder, 0, UINT32_MAX, e);
}

/* Runs a statement on the folder's row, which must exist. */
static int
folder_row(struct cache *c, sqlite3_stmt *st, int64_t folder, struct err *e)
{
	if (cache_step_done(c, st, e, "change a folder") == -1)
		return -1;
	if (sqlite3_changes(c->db) == 0)
		return err_setx(e, ERR_FOLDER, "no folder %jd in the cache",
		    (intmax_t)folder);
	return 0;
}

int
cache_folder_delete(struct cache *c, int64_t folder, struct err *e)
{
	sqlite3_stmt *st;
	int tx, rc;

	if (cache_check_folder_id(folder, e) == -1 ||
	    (tx = cache_tx_begin(c, e)) == -1)
		return -1;
	rc = drop_messages(c, folder, e);
	if (rc == 0) {
		st = cache_stmt(c, STMT_FOLDER_DELETE,
		    "DELETE FROM folder WHERE id = ?1", e);
		if (st == NULL)
			rc = -1;
		else {
			sqlite3_bind_int64(st, 1, folder);
			rc = folder_row(c, st, folder, e);
		}
	}
	return cache_tx_end(c, tx, rc, e);
}

int
cache_folder_reset(struct cache *c, int64_t folder, uint32_t uidvalidity,
    struct err *e)
{
	sqlite3_stmt *st;
	int tx, rc;

	if (cache_check_folder_id(folder, e) == -1 ||
	    (tx = cache_tx_begin(c, e)) == -1)
		return -1;
	rc = drop_messages(c, folder, e);
	if (rc == 0) {
		st = cache_stmt(c, STMT_FOLDER_RESET,
		    "UPDATE folder SET uidvalidity = ?2, uidnext = 0,"
		    " highestmodseq = 0, total = 0, unseen = 0, synced = 0"
		    " WHERE id = ?1", e);
		if (st == NULL)
			rc = -1;
		else {
			sqlite3_bind_int64(st, 1, folder);
			sqlite3_bind_int64(st, 2, uidvalidity);
			rc = folder_row(c, st, folder, e);
		}
	}
	return cache_tx_end(c, tx, rc, e);
}
