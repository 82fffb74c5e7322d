/* cache-int.h: what the cache's files share: the handle, statements, errors, transactions. */
#ifndef TAUBE_STORE_CACHE_INT_H
#define TAUBE_STORE_CACHE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/cache.h"
#include "util/err.h"

/* Statements prepared once per handle and reused (one slot each). */
enum cache_stmt {
	STMT_META_GET,
	STMT_META_PUT,
	STMT_FOLDER_GET,
	STMT_FOLDER_UIDVALIDITY,
	STMT_FOLDER_PUT,
	STMT_FOLDER_ID,
	STMT_FOLDER_LIST,
	STMT_FOLDER_DELETE,
	STMT_FOLDER_RESET,
	STMT_FOLDER_EXISTS,
	STMT_MSG_PUT,
	STMT_MSG_FLAGS,
	STMT_MSG_DELETE,
	STMT_MSG_DELETE_RANGE,
	STMT_MSG_LOAD,
	STMT_MSG_UIDS,
	STMT_MSG_MAX_UID,
	STMT_MSG_COUNT,
	STMT_MSG_UNSEEN,
	STMT_BODY_GET,
	STMT_BODY_TOUCH,
	STMT_BODY_PUT,
	STMT_BODY_TOTAL,
	STMT_BODY_OLDEST,
	STMT_BODY_DELETE,
	STMT_BODY_DELETE_RANGE,
	STMT_COUNT_
};

struct cache {
	sqlite3 *db;
	char *path;
	bool damaged;
	int64_t body_max, bodies_max;
	sqlite3_stmt *stmt[STMT_COUNT_];
};

/*
 * A message's key: the folder's id in the high half, the UID in the low
 * one. The message table's own b-tree is so ordered by (folder, UID): a
 * folder is one range of keys, read in UID order without a second index.
 */
#define CACHE_KEY(folder, uid)	(((int64_t)(folder) << 32) | (int64_t)(uid))
#define CACHE_KEY_UID(key)	((uint32_t)((key) & 0xffffffff))
#define CACHE_FOLDER_ID_MAX	INT32_MAX

/*
 * The statement in slot id, prepared from sql the first time, else reset;
 * NULL on error. Every user binds all its parameters.
 */
sqlite3_stmt *cache_stmt(struct cache *c, enum cache_stmt id, const char *sql,
    struct err *e);

/* Fills e from the handle's last error, naming what was being done; returns -1. */
int cache_fail(struct cache *c, struct err *e, const char *what);

/* Runs a statement that returns no rows to completion; 0 or -1. */
int cache_step_done(struct cache *c, sqlite3_stmt *st, struct err *e, const char *what);

/*
 * A write that is all or nothing: its own BEGIN IMMEDIATE when none is
 * open (returns CACHE_TX_OWN), else a savepoint inside the caller's
 * transaction (CACHE_TX_NESTED); -1 on error. cache_tx_end takes that
 * value, commits when rc is 0 and undoes otherwise; it returns rc, or -1
 * when the commit fails.
 */
#define CACHE_TX_OWN	0
#define CACHE_TX_NESTED	1
int cache_tx_begin(struct cache *c, struct err *e);
int cache_tx_end(struct cache *c, int tx, int rc, struct err *e);

/* Refuses a folder id that cannot be part of a message key. */
int cache_check_folder_id(int64_t folder, struct err *e);

/* schema.c: reads the version, refuses what it cannot use, migrates. */
int cache_schema_check(struct cache *c, struct err *e);
int cache_schema_migrate(struct cache *c, struct err *e);

#endif
