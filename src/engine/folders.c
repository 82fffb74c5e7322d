/* folders.c: listing the folders, keeping them in the cache, finding one by name or use. */
#include "engine/folders.h"

#include <stdlib.h>
#include <string.h>

#include "engine/retry.h"
#include "engine/session-int.h"
#include "util/str.h"
#include "util/xalloc.h"

static const struct {
	unsigned imap;		/* IMAP_MBOX_* */
	unsigned cache;		/* CACHE_FOLDER_* */
	enum eng_use use;
	const char *name;
} uses[] = {
	{ IMAP_MBOX_ALL, CACHE_FOLDER_ALL, ENG_USE_ALL, "All" },
	{ IMAP_MBOX_ARCHIVE, CACHE_FOLDER_ARCHIVE, ENG_USE_ARCHIVE, "Archive" },
	{ IMAP_MBOX_DRAFTS, CACHE_FOLDER_DRAFTS, ENG_USE_DRAFTS, "Drafts" },
	{ IMAP_MBOX_FLAGGED, CACHE_FOLDER_FLAGGED, ENG_USE_FLAGGED, "Flagged" },
	{ IMAP_MBOX_JUNK, CACHE_FOLDER_JUNK, ENG_USE_JUNK, "Junk" },
	{ IMAP_MBOX_SENT, CACHE_FOLDER_SENT, ENG_USE_SENT, "Sent" },
	{ IMAP_MBOX_TRASH, CACHE_FOLDER_TRASH, ENG_USE_TRASH, "Trash" },
	{ IMAP_MBOX_IMPORTANT, 0, ENG_USE_IMPORTANT, "Important" },
};

#define N_USES (sizeof(uses) / sizeof(uses[0]))

const char *
eng_use_name(enum eng_use use)
{
	for (size_t i = 0; i < N_USES; i++)
		if (uses[i].use == use)
			return uses[i].name;
	return NULL;
}

static enum eng_use
use_of(unsigned attrs)
{
	for (size_t i = 0; i < N_USES; i++)
		if (attrs & uses[i].imap)
			return uses[i].use;
	return ENG_USE_NONE;
}

static unsigned
cache_attrs(const struct eng_folder *f)
{
	unsigned a = f->selectable ? 0 : CACHE_FOLDER_NOSELECT;

	for (size_t i = 0; i < N_USES; i++)
		if (uses[i].use == f->use)
			a |= uses[i].cache;
	return a;
}

void
eng_folders_free(struct vec *folders)
{
	for (size_t i = 0; i < folders->len; i++) {
		struct eng_folder *f = VEC_AT(folders, struct eng_folder, i);

		free(f->name);
		free(f->raw);
	}
	vec_free(folders);
}

static bool
is_inbox(const char *name)
{
	return str_casecmp_ascii(name, "INBOX") == 0;
}

static int
by_name(const void *a, const void *b)
{
	const struct eng_folder *x = a, *y = b;
	bool xi = is_inbox(x->name), yi = is_inbox(y->name);

	if (xi != yi)
		return xi ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Takes the strings of the listing; the listing's vector is left to free. */
static void
take_listing(struct vec *out, struct vec *listed)
{
	for (size_t i = 0; i < listed->len; i++) {
		struct imap_folder *l = VEC_AT(listed, struct imap_folder, i);
		struct eng_folder *f;

		if (l->attrs & IMAP_MBOX_NONEXISTENT) {
			free(l->name);
			free(l->raw);
			continue;
		}
		f = vec_push_zero(out);
		f->name = l->name;
		f->raw = l->raw;
		f->delim = l->delim;
		f->use = use_of(l->attrs);
		f->selectable = !(l->attrs & IMAP_MBOX_NOSELECT);
		f->has_counts = l->has_counts;
		f->total = l->messages;
		f->unread = l->unseen;
	}
	vec_free(listed);
	qsort(out->items, out->len, out->size, by_name);
}

static int
put_folder(struct eng_session *s, const struct eng_folder *f, struct err *e)
{
	struct cache_folder row;
	int rc = cache_folder_get(s->cache, f->name, &row, e);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		memset(&row, 0, sizeof(row));
		row.name = xstrdup(f->name);
	}
	row.delim = f->delim;
	row.attrs = cache_attrs(f);
	if (f->has_counts) {
		row.exists = f->total;
		row.unseen = f->unread;
	}
	rc = cache_folder_put(s->cache, &row, e);
	cache_folder_free(&row);
	return rc;
}

static bool
listed(const struct vec *folders, const char *name)
{
	for (size_t i = 0; i < folders->len; i++)
		if (strcmp(VEC_AT(folders, struct eng_folder, i)->name, name) == 0)
			return true;
	return false;
}

/* The listing into the cache, in one transaction; folders gone from the server go from it too. */
static int
cache_folders(struct eng_session *s, struct err *e)
{
	struct vec cached = VEC_INIT(struct cache_folder);
	int rc = cache_begin(s->cache, e);

	for (size_t i = 0; rc == 0 && i < s->folders.len; i++)
		rc = put_folder(s, VEC_AT(&s->folders, struct eng_folder, i), e);
	if (rc == 0)
		rc = cache_folder_list(s->cache, &cached, e);
	for (size_t i = 0; rc == 0 && i < cached.len; i++) {
		const struct cache_folder *cf = VEC_AT(&cached, struct cache_folder, i);

		if (!listed(&s->folders, cf->name))
			rc = cache_folder_delete(s->cache, cf->id, e);
	}
	cache_folder_list_free(&cached);
	if (rc == 0)
		return cache_commit(s->cache, e);
	cache_rollback(s->cache);
	return -1;
}

static int
list_once(struct eng_session *s, void *arg, struct err *e)
{
	bool counts = *(const bool *)arg;
	struct vec got = VEC_INIT(struct imap_folder);

	if (imap_list_folders(s->imap, counts ? IMAP_LIST_COUNTS : 0, &got, e) < 0) {
		imap_folders_free(&got);
		return -1;
	}
	eng_folders_free(&s->folders);
	take_listing(&s->folders, &got);
	s->listed = true;
	s->counted = counts;
	/* only a counted listing is worth a write: the counts are what the cache lacks */
	return counts ? cache_folders(s, e) : 0;
}

int
eng_folders_list(struct eng_session *s, bool counts, const struct vec **out, struct err *e)
{
	*out = &s->folders;
	if (s->listed && (s->counted || !counts))
		return 0;
	return eng_retry(s, list_once, &counts, e);
}

/*
 * INBOX exists on every IMAP server under that name (RFC 3501 5.1), so
 * opening it needs no LIST first; that matters because Dovecot's next
 * EXAMINE of a large folder is slower after a LIST (75 ms at 100 000).
 */
static const struct eng_folder inbox = {
	.name = (char *)"INBOX", .raw = (char *)"INBOX", .selectable = true,
};

const struct eng_folder *
eng_folder_find(struct eng_session *s, const char *name, struct err *e)
{
	const struct vec *all;
	struct buf shown = BUF_INIT;

	if (is_inbox(name) && !s->listed)
		return &inbox;
	if (eng_folders_list(s, false, &all, e) < 0)
		return NULL;
	for (size_t i = 0; i < all->len; i++) {
		const struct eng_folder *f = VEC_AT(all, struct eng_folder, i);

		if (strcmp(f->name, name) == 0 || (is_inbox(name) && is_inbox(f->name)))
			return f;
	}
	str_make_visible(&shown, name, strlen(name));
	err_setx(e, ERR_FOLDER, "no folder \"%s\" in account %s", buf_cstr(&shown),
	    s->conf->name);
	buf_free(&shown);
	return NULL;
}

const struct eng_folder *
eng_folder_trash(struct eng_session *s, struct err *e)
{
	const struct vec *all;

	err_clear(e);
	if (s->conf->trash != NULL)
		return eng_folder_find(s, s->conf->trash, e);
	if (eng_folders_list(s, false, &all, e) < 0)
		return NULL;
	for (size_t i = 0; i < all->len; i++) {
		const struct eng_folder *f = VEC_AT(all, struct eng_folder, i);

		if (f->use == ENG_USE_TRASH && f->selectable)
			return f;
	}
	return NULL;
}
