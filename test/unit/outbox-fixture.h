/* outbox-fixture.h: what the outbox unit tests share: a fresh outbox, one attempt, small file helpers. */
#ifndef TAUBE_TEST_OUTBOX_FIXTURE_H
#define TAUBE_TEST_OUTBOX_FIXTURE_H

#include "check.h"
#include "check-tmp.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/maildir.h"
#include "store/outbox.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/vec.h"
#include "util/xalloc.h"

#define T0	((time_t)1700000000)

static const char msg[] =
    "From: Alice <alice@example.test>\r\n"
    "To: bob@example.test\r\n"
    "Bcc: carol@example.test\r\n"
    "Subject: queued\r\n"
    "\r\n"
    "Hello.\r\n";

/* A test's outbox: a new one in a new directory. */
struct fixture {
	char *top, *path;
	struct outbox *ob;
	struct err e;
};

static inline void
setup(struct fixture *f)
{
	f->top = check_tmpdir("outbox");
	f->path = xasprintf("%s/taube/outbox/work", f->top);
	err_clear(&f->e);
	if (outbox_open(&f->ob, f->path, &f->e) != 0) {
		printf("# outbox_open: %s\n", f->e.msg);
		exit(99);
	}
}

static inline void
teardown(struct fixture *f)
{
	outbox_close(f->ob);
	free(f->path);
	check_rm_tree(f->top);
}

/* Queues msg at now and returns its id; exits on failure. */
static inline char *
add(struct fixture *f, time_t now)
{
	char *id = NULL;

	if (outbox_add(f->ob, msg, sizeof(msg) - 1, now, &id, &f->e) != 0) {
		printf("# outbox_add: %s\n", f->e.msg);
		exit(99);
	}
	return id;
}

/* Lists a box at now into v (emptied first); exits on failure. */
static inline void
list(struct fixture *f, enum outbox_box box, time_t now, struct vec *v)
{
	outbox_entries_free(v);
	vec_init(v, sizeof(struct outbox_entry));
	if (outbox_list(f->ob, box, now, v, &f->e) != 0) {
		printf("# outbox_list: %s\n", f->e.msg);
		exit(99);
	}
}

/* One attempt at id at now with this outcome; returns the fate, or -1. */
static inline int
attempt(struct fixture *f, const char *id, enum outbox_outcome outcome,
    const char *reply, time_t now)
{
	struct outbox_claim *c;
	enum outbox_fate fate;
	int rc;

	if (outbox_claim(f->ob, id, now, &c, &f->e) != 1)
		return -1;
	rc = outbox_record(c, outcome, reply, now, &fate, &f->e);
	outbox_release(c);
	return rc == 0 ? (int)fate : -1;
}

static inline struct outbox_entry *
entry(struct vec *v, size_t i)
{
	return VEC_AT(v, struct outbox_entry, i);
}

static inline void
age_file(const char *path, time_t when)
{
	struct timespec ts[2] = { { when, 0 }, { when, 0 } };

	if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) != 0) {
		perror(path);
		exit(99);
	}
}

/* The whole file as a string, or NULL; the caller frees it. */
static inline char *
slurp(const char *path)
{
	struct buf b = BUF_INIT;

	if (fs_read_file(path, &b, 1 << 20, NULL) == -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

#endif
