/* cache-schema.c: the tables, one migration per schema version, the version check. */
#include "store/cache-int.h"

#include <inttypes.h>
#include <stdio.h>

/*
 * migrations[v - 1] brings schema v - 1 to v. A change to the schema is a
 * new entry at the end, never an edit of one that has shipped, so that
 * every older cache is carried forward with its data. Rows are kept
 * compact (no JSON, NULL for what is missing: a NULL costs one byte), since
 * a folder of 100 000 messages is read whole each time it is opened.
 */
static const char *const migrations[] = {
	/* 1: folders and message summaries */
	"CREATE TABLE folder ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"		/* UTF-8 */
	"  delim INTEGER NOT NULL DEFAULT 0,"	/* hierarchy delimiter, 0 none */
	"  attrs INTEGER NOT NULL DEFAULT 0,"	/* CACHE_FOLDER_* */
	"  uidvalidity INTEGER NOT NULL DEFAULT 0,"
	"  uidnext INTEGER NOT NULL DEFAULT 0,"
	"  highestmodseq INTEGER NOT NULL DEFAULT 0,"
	"  total INTEGER NOT NULL DEFAULT 0,"	/* EXISTS */
	"  unseen INTEGER NOT NULL DEFAULT 0,"
	"  synced INTEGER NOT NULL DEFAULT 0"	/* UTC seconds */
	");"
	/*
	 * id = folder.id << 32 | UID: the table's own b-tree is the index on
	 * (folder, UID), so opening a folder is one range scan in UID order
	 * with no second lookup per row, and interior pages stay small.
	 */
	"CREATE TABLE message ("
	"  id INTEGER PRIMARY KEY,"
	"  flags INTEGER NOT NULL,"		/* CACHE_SEEN ... */
	"  size INTEGER NOT NULL,"
	"  attach INTEGER NOT NULL,"		/* has an attachment (hint) */
	"  modseq INTEGER NOT NULL,"
	"  internaldate INTEGER NOT NULL,"
	"  date INTEGER NOT NULL,"
	"  keywords TEXT,"
	"  from_name TEXT,"
	"  from_email TEXT,"
	"  to_addrs TEXT,"			/* To: and Cc:, compact */
	"  subject TEXT,"
	"  message_id TEXT,"
	"  in_reply_to TEXT,"
	"  refs TEXT"				/* space-separated, last: longest */
	");",

	/* 2: bodies fetched so far; account-wide values */
	"CREATE TABLE body ("
	"  id INTEGER PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE,"
	"  used INTEGER NOT NULL,"		/* UTC seconds, for eviction */
	"  size INTEGER NOT NULL,"
	"  data BLOB NOT NULL"			/* raw RFC 5322 */
	");"
	/* eviction order, and the total size without reading the bodies */
	"CREATE INDEX body_used ON body (used, size);"
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == CACHE_SCHEMA_VERSION,
    "one migration per schema version");

static int
query_int(struct cache *c, const char *sql, int64_t *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return cache_fail(c, e, "read its version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		cache_fail(c, e, "read its version");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Which taube, if any, wrote the file: 0, CACHE_TOO_NEW or CACHE_ERROR. */
static int
check_owner(struct cache *c, int64_t version, struct err *e)
{
	int64_t appid = 0, objects = 0;

	if (query_int(c, "PRAGMA application_id", &appid, e) == -1 ||
	    query_int(c, "SELECT count(*) FROM sqlite_master", &objects, e) == -1)
		return CACHE_ERROR;
	if (appid != CACHE_APPLICATION_ID && (appid != 0 || objects != 0))
		return err_setx(e, ERR_ACCOUNT,
		    "%s is a SQLite database of another program, not a taube "
		    "cache; it is left as it is", c->path);
	if (version > CACHE_SCHEMA_VERSION) {
		err_setx(e, ERR_ACCOUNT,
		    "cache %s was written by a newer taube (schema %" PRId64
		    ", this one knows up to %d); it is left as it is: use the "
		    "newer taube, or delete the file (it is only a cache)",
		    c->path, version, CACHE_SCHEMA_VERSION);
		return CACHE_TOO_NEW;
	}
	return 0;
}

int
cache_schema_check(struct cache *c, struct err *e)
{
	int64_t version;

	/* the first read of the file: a damaged one fails here */
	if (query_int(c, "PRAGMA user_version", &version, e) == -1)
		return CACHE_ERROR;
	return check_owner(c, version, e);
}

static int
migrate_locked(struct cache *c, struct err *e)
{
	int64_t version;
	char sql[128];
	int rc;

	/* again under the lock: another taube may have migrated meanwhile */
	if (query_int(c, "PRAGMA user_version", &version, e) == -1)
		return CACHE_ERROR;
	if ((rc = check_owner(c, version, e)) != 0)
		return rc;
	for (int64_t v = version; v < CACHE_SCHEMA_VERSION; v++) {
		if (sqlite3_exec(c->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
			cache_fail(c, e, "bring its schema up to date");
			return CACHE_ERROR;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; PRAGMA application_id = %d",
	    CACHE_SCHEMA_VERSION, CACHE_APPLICATION_ID);
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		cache_fail(c, e, "record its schema version");
		return CACHE_ERROR;
	}
	return 0;
}

int
cache_schema_migrate(struct cache *c, struct err *e)
{
	int64_t version;
	int tx, rc;

	if (query_int(c, "PRAGMA user_version", &version, e) == -1)
		return CACHE_ERROR;
	if (version == CACHE_SCHEMA_VERSION)
		return 0;
	/* every step in one transaction: a failed upgrade leaves the old cache */
	if ((tx = cache_tx_begin(c, e)) == -1)
		return CACHE_ERROR;
	rc = migrate_locked(c, e);
	if (cache_tx_end(c, tx, rc == 0 ? 0 : -1, e) == -1 && rc == 0)
		rc = CACHE_ERROR;
	return rc;
}
