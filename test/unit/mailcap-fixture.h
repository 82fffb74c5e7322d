/* mailcap-fixture.h: what the mailcap unit tests share: a mailcap loaded from text in a private directory. */
#ifndef TAUBE_TEST_MAILCAP_FIXTURE_H
#define TAUBE_TEST_MAILCAP_FIXTURE_H

#include "check.h"
#include "check-tmp.h"

#include <stdlib.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mailcap.h"
#include "util/vec.h"
#include "util/xalloc.h"

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

/* A mailcap for one test: its directory, and the entries of the text given. */
struct fixture {
	char *dir;
	struct mailcap mc;
	struct err e;
};

static inline void
fixture_init(struct fixture *fx)
{
	fx->dir = check_tmpdir("mailcap");
	mailcap_init(&fx->mc);
	err_clear(&fx->e);
}

/* Writes text to DIR/mailcap and loads it. */
static inline int
fixture_add(struct fixture *fx, const char *text)
{
	char *path;
	const char *paths[1];
	int rc;

	path = xasprintf("%s/mailcap", fx->dir);
	put_file(path, text);
	paths[0] = path;
	rc = mailcap_load(&fx->mc, paths, 1, &fx->e);
	free(path);
	return rc;
}

static inline int
fixture_load(struct fixture *fx, const char *text)
{
	fixture_init(fx);
	return fixture_add(fx, text);
}

static inline void
fixture_done(struct fixture *fx)
{
	mailcap_free(&fx->mc);
	check_rm_tree(fx->dir);
}

static inline const struct mailcap_entry *
entry(const struct fixture *fx, size_t i)
{
	if (i >= fx->mc.entries.len)
		return NULL;
	return VEC_AT(&fx->mc.entries, struct mailcap_entry, i);
}

#define ENTRY_OR_FAIL(fx, i, en)                                             \
	do {                                                                 \
		if (((en) = entry((fx), (i))) == NULL) {                     \
			CHECK_FAIL_AT("no entry %d", (int)(i));              \
			fixture_done(fx);                                    \
			return;                                              \
		}                                                            \
	} while (0)

#endif
