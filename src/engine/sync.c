/* sync.c: opening a folder and bringing its cached copy up to date (the protocol is in sync.h). */
#include "engine/sync.h"

#include <stdlib.h>
#include <sys/types.h>
#include <string.h>
#include <time.h>

#include "engine/folders.h"
#include "engine/retry.h"
#include "engine/session-int.h"
#include "engine/sync-fetch.h"
#include "mime/header.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/* One flag change seen while opening; keywords at an offset into changes.text. */
struct change {
	uint32_t uid;
	unsigned flags;
	uint64_t modseq;
	size_t keywords;
};

struct changes {
	struct vec list;	/* struct change */
	struct buf text;	/* the keywords, each with its NUL */
	struct buf scratch;
};

static void
changes_free(struct changes *ch)
{
	vec_free(&ch->list);
	buf_free(&ch->text);
	buf_free(&ch->scratch);
}

/* A FETCH with flags (from SELECT QRESYNC, CHANGEDSINCE, or a plain flags fetch). */
static int
on_change(void *arg, const struct imap_fetch *f, struct err *e)
{
	struct changes *ch = arg;
	struct change c;

	if (!(f->have & IMAP_FETCH_UID) || !(f->have & IMAP_FETCH_FLAGS))
		return 0;
	c.uid = f->uid;
	c.flags = eng_flags_from_imap(f->flags.bits);
	c.modseq = (f->have & IMAP_FETCH_MODSEQ) ? f->modseq : 0;
	c.keywords = ch->text.len;
	eng_keywords_join(&ch->scratch, &f->flags);
	buf_add(&ch->text, ch->scratch.data != NULL ? ch->scratch.data : "", ch->scratch.len);
	buf_addc(&ch->text, '\0');
	vec_push(&ch->list, &c);
	return 0;
}

static int
apply_flags(struct eng_session *s, const struct changes *ch, struct err *e)
{
	struct cache_flags *u;
	int rc;

	if (ch->list.len == 0)
		return 0;
	u = xcalloc(ch->list.len, sizeof(*u));
	for (size_t i = 0; i < ch->list.len; i++) {
		const struct change *c = VEC_AT(&ch->list, struct change, i);

		u[i].uid = c->uid;
		u[i].flags = c->flags;
		u[i].modseq = c->modseq;
		u[i].keywords = ch->text.data[c->keywords] != '\0' ? ch->text.data + c->keywords : NULL;
	}
	rc = cache_msgs_set_flags(s->cache, s->open.row.id, u, ch->list.len, e);
	free(u);
	return rc;
}

static int
apply_vanished(struct eng_session *s, const struct imap_seqset *v, struct err *e)
{
	for (size_t i = 0; i < v->ranges.len; i++) {
		const struct imap_range *r = VEC_AT(&v->ranges, struct imap_range, i);
		uint32_t hi = r->hi == IMAP_STAR ? UINT32_MAX : r->hi;

		if (cache_msgs_delete_range(s->cache, s->open.row.id, r->lo, hi, e) < 0)
			return -1;
	}
	return 0;
}

/* Everything learnt while opening, with the new HIGHESTMODSEQ, in one transaction. */
static int
apply_changes(struct eng_session *s, const struct changes *ch, const struct vec *expunged,
    struct err *e)
{
	struct eng_open *o = &s->open;
	int rc = cache_begin(s->cache, e);

	if (rc == 0)
		rc = apply_vanished(s, &o->mb.vanished, e);
	if (rc == 0 && expunged->len > 0)
		rc = cache_msgs_delete(s->cache, o->row.id, expunged->items, expunged->len, e);
	if (rc == 0)
		rc = apply_flags(s, ch, e);
	if (rc == 0 && o->row.highestmodseq != o->mb.highestmodseq) {
		o->row.highestmodseq = o->mb.highestmodseq;
		rc = cache_folder_put(s->cache, &o->row, e);
	}
	if (rc == 0)
		return cache_commit(s->cache, e);
	cache_rollback(s->cache);
	return -1;
}

/* Cached UIDs the server no longer has, by UID SEARCH over 1:max. */
static int
find_expunged(struct eng_session *s, const struct imap_seqset *known, struct vec *expunged,
    struct err *e)
{
	struct vec cached = VEC_INIT(uint32_t), there = VEC_INIT(uint32_t);
	int rc = imap_search_uids(s->imap, known, &there, e);

	if (rc == 0)
		rc = cache_msgs_uids(s->cache, s->open.row.id, &cached, e);
	if (rc == 0) {
		const uint32_t *c = cached.items, *t = there.items;
		size_t j = 0;

		for (size_t i = 0; i < cached.len; i++) {
			while (j < there.len && t[j] < c[i])
				j++;
			if (j == there.len || t[j] != c[i])
				vec_push(expunged, &c[i]);
		}
	}
	vec_free(&cached);
	vec_free(&there);
	return rc;
}

/* Without QRESYNC: changed flags (CHANGEDSINCE, else all of them) and expunged messages. */
static int
catch_up(struct eng_session *s, struct changes *ch, struct vec *expunged, struct err *e)
{
	struct eng_open *o = &s->open;
	struct imap_seqset known;
	uint32_t max;
	int rc;

	if (cache_msgs_max_uid(s->cache, o->row.id, &max, e) < 0)
		return -1;
	if (max == 0)
		return 0;
	imap_seqset_init(&known);
	imap_seqset_add(&known, 1, max);
	if (o->row.highestmodseq != 0 && o->mb.highestmodseq != 0 &&
	    imap_session_has(s->imap, IMAP_CAP_CONDSTORE))
		rc = o->mb.highestmodseq == o->row.highestmodseq ? 0 :
		    imap_fetch_changed(s->imap, &known, o->row.highestmodseq, on_change, ch,
		    NULL, e);
	else
		rc = imap_fetch_flags(s->imap, &known, on_change, ch, e);
	if (rc == 0)
		rc = find_expunged(s, &known, expunged, e);
	imap_seqset_free(&known);
	return rc;
}

/* The folder's cached row, made when missing. */
static int
load_row(struct eng_session *s, const struct eng_folder *f, struct err *e)
{
	struct cache_folder *row = &s->open.row;
	int rc = cache_folder_get(s->cache, f->name, row, e);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	memset(row, 0, sizeof(*row));
	row->name = xstrdup(f->name);
	row->delim = f->delim;
	row->attrs = f->selectable ? 0 : CACHE_FOLDER_NOSELECT;
	return cache_folder_put(s->cache, row, e);
}

static int
not_selectable(const struct eng_folder *f, struct err *e)
{
	struct buf shown = BUF_INIT;

	str_make_visible(&shown, f->name, strlen(f->name));
	err_setx(e, ERR_FOLDER, "folder \"%s\" cannot hold messages", buf_cstr(&shown));
	buf_free(&shown);
	return -1;
}

static int
select_folder(struct eng_session *s, const struct eng_folder *f, unsigned flags,
    struct changes *ch, struct err *e)
{
	struct eng_open *o = &s->open;
	struct imap_qresync q = { o->row.uidvalidity, o->row.highestmodseq, NULL, 0 };
	bool qresync = q.uidvalidity != 0 && q.modseq != 0 &&
	    (imap_session_enabled(s->imap) & IMAP_CAP_QRESYNC);

	if (imap_select(s->imap, f->raw, !(flags & ENG_OPEN_WRITE), qresync ? &q : NULL,
	    &o->mb, on_change, ch, e) < 0)
		return -1;
	o->name = xstrdup(f->name);
	o->raw = xstrdup(f->raw);
	o->writable = (flags & ENG_OPEN_WRITE) != 0;
	return qresync ? 1 : 0;
}

int
eng_folder_open(struct eng_session *s, const char *name, unsigned flags, struct err *e)
{
	const struct eng_folder *f;
	struct changes ch = { VEC_INIT(struct change), BUF_INIT, BUF_INIT };
	struct vec expunged = VEC_INIT(uint32_t);
	struct eng_open *o = &s->open;
	int rc;

	if (!eng_retrying(s))
		return eng_retry_open(s, eng_folder_open, name, flags, e);
	f = eng_folder_find(s, name, e);
	eng_open_clear(o);
	if (f == NULL)
		return -1;
	if (!f->selectable)
		return not_selectable(f, e);
	if (load_row(s, f, e) < 0)
		return -1;
	rc = select_folder(s, f, flags, &ch, e);
	if (rc >= 0 && o->mb.uidvalidity != o->row.uidvalidity) {
		/* also the first time: UIDVALIDITY 0 is never the server's */
		rc = cache_folder_reset(s->cache, o->row.id, o->mb.uidvalidity, e);
		o->row.uidvalidity = o->mb.uidvalidity;
		o->row.uidnext = 0;
		o->row.highestmodseq = 0;
		o->row.exists = 0;
		o->row.unseen = 0;
		imap_seqset_clear(&o->mb.vanished);
		vec_clear(&ch.list);
	} else if (rc == 0) {
		rc = catch_up(s, &ch, &expunged, e);
	}
	if (rc >= 0)
		rc = apply_changes(s, &ch, &expunged, e);
	changes_free(&ch);
	vec_free(&expunged);
	if (rc < 0)
		eng_open_clear(o);
	return rc < 0 ? -1 : 0;
}

/* Nothing to ask for when the folder is empty or UIDNEXT is what the cache has. */
static int
fetch_new(struct eng_session *s, struct err *e)
{
	if (s->open.mb.exists == 0 ||
	    (s->open.row.uidnext != 0 && s->open.mb.uidnext == s->open.row.uidnext))
		return 0;
	return eng_sync_fetch_new(s, e);
}

/* The folder row last: UIDNEXT says every message below it is cached. */
static int
finish_row(struct eng_session *s, struct err *e)
{
	struct eng_open *o = &s->open;
	size_t total, unseen;

	if (cache_msgs_count(s->cache, o->row.id, &total, e) < 0 ||
	    cache_msgs_count_unseen(s->cache, o->row.id, &unseen, e) < 0)
		return -1;
	o->row.uidnext = o->mb.uidnext;
	o->row.highestmodseq = o->mb.highestmodseq;
	o->row.exists = (uint32_t)total;
	o->row.unseen = (uint32_t)unseen;
	o->row.synced = (int64_t)time(NULL);
	return cache_folder_put(s->cache, &o->row, e);
}

int
eng_folder_sync(struct eng_session *s, const char *name, unsigned flags, struct err *e)
{
	if (!eng_retrying(s))
		return eng_retry_open(s, eng_folder_sync, name, flags, e);
	if (eng_folder_open(s, name, flags, e) < 0)
		return -1;
	if (fetch_new(s, e) < 0 || finish_row(s, e) < 0)
		return -1;
	return 0;
}
