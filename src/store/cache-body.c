/* cache-body.c: bodies fetched so far, with size caps and least-recently-used eviction. */
#include "store/cache-int.h"

#include <time.h>

#include "util/buf.h"

/* Marking a read body as used more often than this is not worth a write. */
#define BODY_TOUCH_SECONDS	3600

/*
 * Best effort: a body whose mark is missed is only evicted a little sooner,
 * so a reader does not wait for another writer to finish.
 */
static void
touch(struct cache *c, int64_t key, int64_t used)
{
	sqlite3_stmt *st;
	int64_t now = (int64_t)time(NULL);

	if (now - used < BODY_TOUCH_SECONDS)
		return;
	st = cache_stmt(c, STMT_BODY_TOUCH, "UPDATE body SET used = ?2 WHERE id = ?1",
	    NULL);
	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_busy_timeout(c->db, 0);
	sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_busy_timeout(c->db, CACHE_BUSY_TIMEOUT_MS);
}

int
cache_body_get(struct cache *c, int64_t folder, uint32_t uid, struct buf *out,
    struct err *e)
{
	sqlite3_stmt *st;
	int64_t used = 0;
	int rc;

	if (cache_check_folder_id(folder, e) == -1)
		return -1;
	st = cache_stmt(c, STMT_BODY_GET, "SELECT used, data FROM body WHERE id = ?1", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, CACHE_KEY(folder, uid));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* column_blob before column_bytes, as SQLite advises */
		const void *data = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);

		used = sqlite3_column_int64(st, 0);
		if (len > 0)
			buf_add(out, data, len);
	} else if (rc != SQLITE_DONE)
		cache_fail(c, e, "read a message body");
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		touch(c, CACHE_KEY(folder, uid), used);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
body_total(struct cache *c, int64_t *total, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	/* total() over the index on (used, size): the bodies are not read */
	st = cache_stmt(c, STMT_BODY_TOTAL, "SELECT total(size) FROM body", e);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	else
		cache_fail(c, e, "add up bodies");
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
delete_body(struct cache *c, int64_t key, struct err *e)
{
	sqlite3_stmt *st;

	st = cache_stmt(c, STMT_BODY_DELETE, "DELETE FROM body WHERE id = ?1", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, key);
	return cache_step_done(c, st, e, "evict a body");
}

#define EVICT_BATCH	64

/*
 * Collects up to EVICT_BATCH bodies used least recently, other than keep,
 * taking their sizes off *total until it reaches target. The keys are
 * collected before deleting: deleting from a table while reading it is not
 * something to rely on.
 */
static int
oldest(struct cache *c, int64_t keep, int64_t *keys, size_t *n, int64_t *total,
    int64_t target, struct err *e)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	st = cache_stmt(c, STMT_BODY_OLDEST, "SELECT id, size FROM body"
	    " WHERE id != ?1 ORDER BY used, id LIMIT ?2", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, keep);
	sqlite3_bind_int(st, 2, EVICT_BATCH);
	*n = 0;
	while (*n < EVICT_BATCH && *total > target &&
	    (rc = sqlite3_step(st)) == SQLITE_ROW) {
		keys[(*n)++] = sqlite3_column_int64(st, 0);
		*total -= sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		cache_fail(c, e, "choose bodies to evict");
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Once all bodies pass the cap, drops the ones used least recently until
 * they are under nine tenths of it, so that the next puts need not evict
 * again at once.
 */
static int
evict(struct cache *c, int64_t keep, struct err *e)
{
	int64_t total, target = c->bodies_max / 10 * 9, keys[EVICT_BATCH];
	size_t n;

	if (body_total(c, &total, e) == -1)
		return -1;
	if (total <= c->bodies_max)
		return 0;
	while (total > target) {
		if (oldest(c, keep, keys, &n, &total, target, e) == -1)
			return -1;
		if (n == 0)
			break;	/* only the new body is left */
		for (size_t i = 0; i < n; i++)
			if (delete_body(c, keys[i], e) == -1)
				return -1;
	}
	return 0;
}

static int
insert_body(struct cache *c, int64_t key, const void *data, size_t len, struct err *e)
{
	sqlite3_stmt *st;

	st = cache_stmt(c, STMT_BODY_PUT,
	    "INSERT INTO body (id, used, size, data) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (id) DO UPDATE SET used = excluded.used,"
	    " size = excluded.size, data = excluded.data", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 3, (int64_t)len);
	/* "" rather than NULL: an empty body is a body, and data is NOT NULL */
	sqlite3_bind_blob64(st, 4, len > 0 ? data : "", len, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE) {
		sqlite3_clear_bindings(st);
		sqlite3_reset(st);
		return 0;
	}
	if ((sqlite3_extended_errcode(c->db) & 0xff) == SQLITE_CONSTRAINT) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return err_setx(e, ERR_MESSAGE,
		    "cache: no message UID %u to keep a body for", CACHE_KEY_UID(key));
	}
	cache_fail(c, e, "write a message body");
	sqlite3_clear_bindings(st);
	sqlite3_reset(st);
	return -1;
}

int
cache_body_put(struct cache *c, int64_t folder, uint32_t uid, const void *data,
    size_t len, struct err *e)
{
	int64_t key = CACHE_KEY(folder, uid);
	int tx, rc;

	if (cache_check_folder_id(folder, e) == -1)
		return -1;
	/* a cache may decline: the body is fetched again when wanted */
	if (len > (uint64_t)c->body_max || len > (uint64_t)c->bodies_max)
		return 0;
	if ((tx = cache_tx_begin(c, e)) == -1)
		return -1;
	rc = insert_body(c, key, data, len, e);
	if (rc == 0)
		rc = evict(c, key, e);
	return cache_tx_end(c, tx, rc, e);
}
