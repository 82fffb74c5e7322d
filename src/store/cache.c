/* cache.c: opening and closing the cache; its file, statements, errors, transactions. */
#include "store/cache-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include "util/xdg.h"

/*
 * The cache holds private mail, so the directory is created 0700 and the
 * file 0600 before SQLite sees it (SQLite would create it 0644, and gives
 * its -wal and -shm files the database's mode).
 */
static int
prepare_file(const char *path, struct err *e)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	int fd, rc = 0;

	if (slash != NULL && slash != path) {
		char *dir = xstrndup(path, (size_t)(slash - path));

		rc = fs_mkdir_p(dir, 0700, e);
		free(dir);
		if (rc == -1)
			return err_prefix(e, "cache");
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		return err_errno(e, "cannot open cache %s", path);
	if (fstat(fd, &st) == -1)
		rc = err_errno(e, "cannot open cache %s", path);
	else if (!S_ISREG(st.st_mode))
		rc = err_set(e, "cache %s is not a regular file", path);
	close(fd);
	return rc;
}

/* A cache made readable by others is made private again (once known to be ours). */
static int
make_private(struct cache *c, struct err *e)
{
	struct stat st;

	if (stat(c->path, &st) == 0 &&
	    ((st.st_mode & 077) == 0 || chmod(c->path, 0600) == 0))
		return 0;
	err_errno(e, "cannot make cache %s private", c->path);
	if (e != NULL)
		e->scope = ERR_ACCOUNT;
	return -1;
}

/* Settings that do not outlive the connection, and WAL (kept in the file). */
static int
configure(struct cache *c, struct err *e)
{
	static const char sql[] =
	    "PRAGMA journal_mode = WAL;"
	    /* WAL with NORMAL loses at most the last commits on a power cut,
	     * never the database: right for a cache */
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA temp_store = MEMORY;"
	    /* 512 KiB of pages, not SQLite's 2 MiB: summaries are written and
	     * read in rowid order, where a larger cache buys nothing (measured:
	     * the same time, 1.3 MiB less at peak on a first open) */
	    "PRAGMA cache_size = -512;"
	    /* a big first sync must not leave a WAL of its size behind */
	    "PRAGMA journal_size_limit = 16777216;";

	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cache_fail(c, e, "set it up");
	return 0;
}

static int
open_db(struct cache *c, struct err *e)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	/* handles in several threads need a SQLite built for threads */
	if (!sqlite3_threadsafe())
		return err_setx(e, ERR_FATAL,
		    "cannot open cache %s: SQLite was built without threads", c->path);
	if (sqlite3_open_v2(c->path, &c->db, flags, NULL) != SQLITE_OK) {
		if (c->db == NULL)
			return err_setx(e, ERR_ACCOUNT,
			    "cannot open cache %s: out of memory", c->path);
		return cache_fail(c, e, "open it");
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, CACHE_BUSY_TIMEOUT_MS);
	return 0;
}

int
cache_open(struct cache **out, const char *path, struct err *e)
{
	struct cache *c;
	int rc;

	*out = NULL;
	if (prepare_file(path, e) == -1) {
		if (e != NULL)
			e->scope = ERR_ACCOUNT;
		return CACHE_ERROR;
	}
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	c->body_max = CACHE_BODY_MAX_DEFAULT;
	c->bodies_max = CACHE_BODIES_MAX_DEFAULT;
	/* the version is checked before WAL is set: that would write the file */
	if ((rc = open_db(c, e)) == 0 && (rc = cache_schema_check(c, e)) == 0 &&
	    (rc = make_private(c, e)) == 0 && (rc = configure(c, e)) == 0)
		rc = cache_schema_migrate(c, e);
	if (rc < 0) {
		if (rc == CACHE_ERROR && c->damaged)
			rc = CACHE_DAMAGED;
		cache_close(c);
		return rc;
	}
	*out = c;
	return 0;
}

void
cache_close(struct cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < STMT_COUNT_; i++)
		sqlite3_finalize(c->stmt[i]);
	/* the last connection to close checkpoints the WAL and removes it */
	sqlite3_close(c->db);
	free(c->path);
	free(c);
}

char *
cache_path_for_account(const char *account)
{
	struct buf leaf = BUF_INIT;
	char *path;

	for (const unsigned char *s = (const unsigned char *)account; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("._-@+", *s) != NULL)
			buf_addc(&leaf, (char)*s);
		else
			buf_addf(&leaf, "%%%02X", *s);
	}
	buf_adds(&leaf, ".sqlite");
	path = xdg_taube_path(XDG_CACHE, buf_cstr(&leaf));
	buf_free(&leaf);
	return path;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Reads the SQLite header without SQLite (the file may be anything) to
 * make sure that what is deleted is not a newer taube's cache or another
 * program's database.
 */
static int
reset_allowed(const char *path, struct err *e)
{
	unsigned char hdr[100];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : err_errno(e, "cannot read cache %s", path);
	n = read(fd, hdr, sizeof(hdr));
	close(fd);
	if (n != (ssize_t)sizeof(hdr) || memcmp(hdr, "SQLite format 3", 16) != 0)
		return 0;
	/* no application id and no schema (cookie 0): empty, nobody's yet */
	if (be32(hdr + 68) != CACHE_APPLICATION_ID &&
	    (be32(hdr + 68) != 0 || be32(hdr + 40) != 0))
		return err_setx(e, ERR_ACCOUNT,
		    "%s is not a taube cache; it is not deleted", path);
	if (be32(hdr + 60) > CACHE_SCHEMA_VERSION)
		return err_setx(e, ERR_ACCOUNT,
		    "cache %s belongs to a newer taube (schema %u); it is not deleted",
		    path, be32(hdr + 60));
	return 0;
}

int
cache_reset(const char *path, struct err *e)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };

	if (reset_allowed(path, e) == -1)
		return -1;
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);
		int rc = unlink(p);

		if (rc == -1 && errno != ENOENT) {
			err_errno(e, "cannot delete cache %s", p);
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

bool
cache_damaged(const struct cache *c)
{
	return c->damaged;
}

void
cache_set_body_limits(struct cache *c, int64_t body_max, int64_t bodies_max)
{
	if (body_max > 0)
		c->body_max = body_max;
	if (bodies_max > 0)
		c->bodies_max = bodies_max;
}

sqlite3_stmt *
cache_stmt(struct cache *c, enum cache_stmt id, const char *sql, struct err *e)
{
	sqlite3_stmt **st = &c->stmt[id];

	if (*st != NULL) {
		sqlite3_reset(*st);
		return *st;
	}
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK) {
		cache_fail(c, e, "prepare a query");
		*st = NULL;
	}
	return *st;
}

int
cache_fail(struct cache *c, struct err *e, const char *what)
{
	int code = sqlite3_extended_errcode(c->db) & 0xff;
	const char *msg = sqlite3_errmsg(c->db);

	switch (code) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		c->damaged = true;
		return err_setx(e, ERR_ACCOUNT,
		    "cache %s is damaged (%s); it holds only copies of what is "
		    "on the server and can be deleted", c->path, msg);
	case SQLITE_BUSY:
		return err_setx(e, ERR_ACCOUNT,
		    "cache %s is busy: another taube has been writing to it for "
		    "%d s", c->path, CACHE_BUSY_TIMEOUT_MS / 1000);
	case SQLITE_FULL:
		return err_setx(e, ERR_ACCOUNT, "cache %s: no space left on the disk",
		    c->path);
	default:
		return err_setx(e, ERR_ACCOUNT, "cache %s: cannot %s: %s", c->path,
		    what, msg);
	}
}

int
cache_step_done(struct cache *c, sqlite3_stmt *st, struct err *e, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		cache_fail(c, e, what);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static int
exec(struct cache *c, const char *sql, struct err *e, const char *what)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cache_fail(c, e, what);
	return 0;
}

int
cache_tx_begin(struct cache *c, struct err *e)
{
	/* IMMEDIATE: take the write lock now, not halfway (where BUSY cannot wait) */
	if (sqlite3_get_autocommit(c->db))
		return exec(c, "BEGIN IMMEDIATE", e, "start writing") == 0 ?
		    CACHE_TX_OWN : -1;
	return exec(c, "SAVEPOINT cache_op", e, "start writing") == 0 ?
	    CACHE_TX_NESTED : -1;
}

int
cache_tx_end(struct cache *c, int tx, int rc, struct err *e)
{
	if (rc == 0) {
		if (exec(c, tx == CACHE_TX_OWN ? "COMMIT" : "RELEASE cache_op", e,
		    "commit") == 0)
			return 0;
		rc = -1;
	}
	/* some errors (I/O, a full disk) have rolled back already */
	if (tx == CACHE_TX_OWN) {
		if (!sqlite3_get_autocommit(c->db))
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	} else if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK TO cache_op; RELEASE cache_op", NULL,
		    NULL, NULL);
	return rc;
}

int
cache_begin(struct cache *c, struct err *e)
{
	return exec(c, "BEGIN IMMEDIATE", e, "start writing");
}

int
cache_commit(struct cache *c, struct err *e)
{
	if (exec(c, "COMMIT", e, "commit") == -1) {
		cache_rollback(c);
		return -1;
	}
	return 0;
}

void
cache_rollback(struct cache *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

int
cache_check_folder_id(int64_t folder, struct err *e)
{
	if (folder <= 0 || folder > CACHE_FOLDER_ID_MAX)
		return err_setx(e, ERR_FOLDER, "no folder %jd in the cache",
		    (intmax_t)folder);
	return 0;
}

int
cache_meta_get(struct cache *c, const char *key, struct buf *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st = cache_stmt(c, STMT_META_GET, "SELECT value FROM meta WHERE key = ?1", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		buf_add(out, sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	else if (rc != SQLITE_DONE)
		cache_fail(c, e, "read a setting");
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
cache_meta_put(struct cache *c, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *st;

	st = cache_stmt(c, STMT_META_PUT,
	    "INSERT INTO meta (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return cache_step_done(c, st, e, "write a setting");
}
