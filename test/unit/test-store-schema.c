/* Unit tests for store/cache's schema: migrations keep data; newer, foreign and damaged files are refused. */
#include "check.h"
#include "check-tmp.h"

#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/cache.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

/*
 * Schema 1 as it was written, frozen here on purpose: the test must keep
 * describing what old caches on disk look like, whatever cache-schema.c
 * becomes.
 */
static const char schema_v1[] =
    "CREATE TABLE folder (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " delim INTEGER NOT NULL DEFAULT 0, attrs INTEGER NOT NULL DEFAULT 0,"
    " uidvalidity INTEGER NOT NULL DEFAULT 0, uidnext INTEGER NOT NULL DEFAULT 0,"
    " highestmodseq INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0,"
    " unseen INTEGER NOT NULL DEFAULT 0, synced INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE message (id INTEGER PRIMARY KEY, flags INTEGER NOT NULL,"
    " size INTEGER NOT NULL, attach INTEGER NOT NULL, modseq INTEGER NOT NULL,"
    " internaldate INTEGER NOT NULL, date INTEGER NOT NULL, keywords TEXT,"
    " from_name TEXT, from_email TEXT, to_addrs TEXT, subject TEXT,"
    " message_id TEXT, in_reply_to TEXT, refs TEXT);"
    "PRAGMA application_id = 1952544098;"
    "PRAGMA user_version = 1;";

/* Runs sql on the file at path with SQLite itself, as an older taube or another program would. */
static void
run_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		printf("# sqlite: %s\n", msg != NULL ? msg : sqlite3_errmsg(db));
		exit(99);
	}
	sqlite3_close(db);
}

static int64_t
sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

static char *
slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;

	if (fs_read_file(path, &b, 1 << 24, NULL) == -1) {
		printf("# cannot read %s\n", path);
		exit(99);
	}
	*len = b.len;
	return buf_detach(&b);
}

static void
write_random(const char *path, size_t len)
{
	unsigned char *p = xmalloc(len);
	uint32_t x = 88172645u;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		p[i] = (unsigned char)x;
	}
	if (fs_write_atomic(path, p, len, 0600, NULL) == -1)
		exit(99);
	free(p);
}

static int
collect(const struct cache_msg *m, void *arg)
{
	buf_addf(arg, "%u:%s:%s ", m->uid, m->subject, m->from_email);
	return 0;
}

TEST(cache_empty_file_is_version_0_and_gets_the_current_schema)
{
	char *dir = check_tmpdir("schema"), *path = xasprintf("%s/c.sqlite", dir);
	struct cache *c = NULL;
	struct err e;

	if (fs_write_atomic(path, "", 0, 0600, NULL) == -1)
		exit(99);
	CHECK_INT_EQ(cache_open(&c, path, &e), 0);
	cache_close(c);
	CHECK_INT_EQ(sql_int(path, "PRAGMA user_version"), CACHE_SCHEMA_VERSION);
	CHECK_INT_EQ(sql_int(path, "PRAGMA application_id"), CACHE_APPLICATION_ID);
	CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'body'"), 1);
	free(path);
	check_rm_tree(dir);
}

TEST(cache_version_1_is_migrated_keeping_its_folders_and_messages)
{
	char *dir = check_tmpdir("schema"), *path = xasprintf("%s/c.sqlite", dir);
	struct cache_folder fo;
	struct cache *c = NULL;
	struct buf b = BUF_INIT;
	struct err e;

	run_sql(path, schema_v1);
	run_sql(path,
	    "INSERT INTO folder (id, name, uidvalidity, uidnext, highestmodseq)"
	    " VALUES (3, 'INBOX', 77, 12, 900);"
	    "INSERT INTO message VALUES ((3 << 32) | 5, 1, 10, 0, 0, 0, 0, NULL,"
	    " 'A', 'a@x', NULL, 'five', NULL, NULL, NULL);"
	    "INSERT INTO message VALUES ((3 << 32) | 11, 0, 10, 0, 0, 0, 0, NULL,"
	    " 'B', 'b@x', NULL, 'eleven', NULL, NULL, NULL);");
	CHECK_INT_EQ(cache_open(&c, path, &e), 0);
	if (c == NULL) {
		printf("# %s\n", e.msg);
		return;
	}
	CHECK_INT_EQ(cache_folder_get(c, "INBOX", &fo, &e), 1);
	CHECK_INT_EQ(fo.id, 3);
	CHECK_INT_EQ(fo.uidvalidity, 77);
	CHECK_INT_EQ(fo.uidnext, 12);
	CHECK_INT_EQ(fo.highestmodseq, 900);
	cache_folder_free(&fo);
	CHECK_INT_EQ(cache_msgs_load(c, 3, collect, &b, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "5:five:a@x 11:eleven:b@x ");
	/* what schema 2 added works on the migrated file */
	CHECK_INT_EQ(cache_body_put(c, 3, 5, "raw", 3, &e), 0);
	buf_reset(&b);
	CHECK_INT_EQ(cache_body_get(c, 3, 5, &b, &e), 1);
	CHECK_STR_EQ(buf_cstr(&b), "raw");
	cache_close(c);
	CHECK_INT_EQ(sql_int(path, "PRAGMA user_version"), CACHE_SCHEMA_VERSION);
	buf_free(&b);
	free(path);
	check_rm_tree(dir);
}

TEST(cache_failed_migration_leaves_the_old_cache_as_it_was)
{
	char *dir = check_tmpdir("schema"), *path = xasprintf("%s/c.sqlite", dir);
	struct cache *c = NULL;
	struct err e;

	run_sql(path, schema_v1);
	/* a table in the way of migration 2 makes it fail halfway */
	run_sql(path, "INSERT INTO folder (name) VALUES ('INBOX');"
	    "CREATE TABLE meta (x);");
	CHECK_INT_EQ(cache_open(&c, path, &e), CACHE_ERROR);
	CHECK(c == NULL);
	CHECK(strstr(e.msg, "schema") != NULL);
	CHECK_INT_EQ(sql_int(path, "PRAGMA user_version"), 1);
	CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'body'"), 0);
	CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM folder"), 1);
	free(path);
	check_rm_tree(dir);
}

TEST(cache_from_a_newer_taube_is_refused_and_left_byte_for_byte)
{
	char *dir = check_tmpdir("schema"), *path = xasprintf("%s/c.sqlite", dir);
	char *before, *after, *wal = xasprintf("%s-wal", path);
	size_t before_len, after_len;
	struct stat st_before, st_after;
	struct cache *c = NULL;
	struct err e;

	run_sql(path, "CREATE TABLE future (x); INSERT INTO future VALUES (1);"
	    "PRAGMA application_id = 1952544098; PRAGMA user_version = 99;");
	before = slurp(path, &before_len);
	stat(path, &st_before);
	err_clear(&e);
	CHECK_INT_EQ(cache_open(&c, path, &e), CACHE_TOO_NEW);
	CHECK(c == NULL);
	printf("# %s\n", e.msg);
	CHECK(strstr(e.msg, "newer taube") != NULL);
	CHECK(strstr(e.msg, "99") != NULL);
	CHECK(strstr(e.msg, path) != NULL);
	CHECK_INT_EQ(cache_reset(path, &e), -1);
	CHECK(strstr(e.msg, "not deleted") != NULL);
	after = slurp(path, &after_len);
	CHECK_MEM_EQ(after, after_len, before, before_len);
	CHECK(stat(path, &st_after) == 0 && st_after.st_mode == st_before.st_mode);
	CHECK(access(wal, F_OK) == -1);
	free(before);
	free(after);
	free(wal);
	free(path);
	check_rm_tree(dir);
}

TEST(cache_another_programs_database_is_refused_and_kept)
{
	char *dir = check_tmpdir("schema"), *path = xasprintf("%s/c.sqlite", dir);
	struct cache *c = NULL;
	struct err e;

	run_sql(path, "CREATE TABLE contacts (name); INSERT INTO contacts VALUES ('x');");
	CHECK_INT_EQ(cache_open(&c, path, &e), CACHE_ERROR);
	CHECK(strstr(e.msg, "not a taube cache") != NULL);
	printf("# %s\n", e.msg);
	CHECK_INT_EQ(cache_reset(path, &e), -1);
	CHECK_INT_EQ(sql_int(path, "SELECT count(*) FROM contacts"), 1);
	free(path);
	check_rm_tree(dir);
}

TEST(cache_random_bytes_are_reported_damaged_and_reset_starts_afresh)
{
	char *dir = check_tmpdir("schema"), *path = xasprintf("%s/c.sqlite", dir);
	struct cache *c = NULL;
	struct err e;

	write_random(path, 8192);
	err_clear(&e);
	CHECK_INT_EQ(cache_open(&c, path, &e), CACHE_DAMAGED);
	CHECK(c == NULL);
	printf("# %s\n", e.msg);
	CHECK(strstr(e.msg, "damaged") != NULL);
	CHECK(strstr(e.msg, path) != NULL);
	CHECK_INT_EQ(e.scope, ERR_ACCOUNT);
	CHECK_INT_EQ(cache_reset(path, &e), 0);
	CHECK(access(path, F_OK) == -1);
	CHECK_INT_EQ(cache_open(&c, path, &e), 0);
	cache_close(c);
	free(path);
	check_rm_tree(dir);
}

/* Messages enough to spread the table over many pages. */
static void
fill(struct cache *c, int64_t *folder)
{
	struct cache_folder fo = { .name = "INBOX", .uidvalidity = 1 };
	struct cache_msg m[2000];
	struct err e;

	memset(m, 0, sizeof(m));
	for (uint32_t i = 0; i < 2000; i++) {
		m[i].uid = i + 1;
		m[i].subject = "a subject long enough to fill some pages of the file";
	}
	if (cache_folder_put(c, &fo, &e) == -1 || cache_msgs_put(c, fo.id, m, 2000, &e) == -1)
		exit(99);
	*folder = fo.id;
}

static int
count(const struct cache_msg *m, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

TEST(cache_damage_found_after_opening_is_flagged)
{
	char *dir = check_tmpdir("schema"), *path = xasprintf("%s/c.sqlite", dir);
	struct cache *c = NULL;
	struct err e;
	int64_t folder = 0;
	int n = 0, fd, rc;
	char junk[4096];

	CHECK_INT_EQ(cache_open(&c, path, &e), 0);
	fill(c, &folder);
	cache_close(c);
	/* keep page 1 (header and schema), spoil the rest */
	memset(junk, 0xa5, sizeof(junk));
	fd = open(path, O_WRONLY);
	for (off_t off = 4096; off < 4096 * 40; off += 4096)
		if (pwrite(fd, junk, sizeof(junk), off) != (ssize_t)sizeof(junk))
			exit(99);
	close(fd);
	err_clear(&e);
	rc = cache_open(&c, path, &e);
	if (rc == 0) {
		CHECK_INT_EQ(cache_msgs_load(c, folder, count, &n, &e), -1);
		CHECK(cache_damaged(c));
		cache_close(c);
	} else
		CHECK_INT_EQ(rc, CACHE_DAMAGED);
	printf("# found %s: %s\n", rc == 0 ? "while loading" : "at open", e.msg);
	CHECK(strstr(e.msg, "damaged") != NULL);
	free(path);
	check_rm_tree(dir);
}

CHECK_MAIN(cache_empty_file_is_version_0_and_gets_the_current_schema,
    cache_version_1_is_migrated_keeping_its_folders_and_messages,
    cache_failed_migration_leaves_the_old_cache_as_it_was,
    cache_from_a_newer_taube_is_refused_and_left_byte_for_byte,
    cache_another_programs_database_is_refused_and_kept,
    cache_random_bytes_are_reported_damaged_and_reset_starts_afresh,
    cache_damage_found_after_opening_is_flagged)
