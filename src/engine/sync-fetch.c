/* sync-fetch.c: new summaries: the FETCH read on the session's thread, decoded and cached on a second one. */
#include "engine/sync-fetch.h"

#include <pthread.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "engine/sync.h"
#include "mime/header.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/*
 * Messages travel between the threads in chunks, so that the lock is taken
 * once per CHUNK_MSGS messages; CHUNKS of them bound the memory in flight
 * and make the reader wait when the decoder falls behind.
 */
#define CHUNK_MSGS	128
#define CHUNKS		3
#define NO_KEYWORDS	((size_t)-1)

/* One message as the FETCH gave it; its bytes are in the chunk's buffer. */
struct raw_msg {
	uint32_t uid;
	unsigned flags;		/* ENG_FLAG_* */
	uint32_t size;
	uint64_t modseq;
	int64_t internaldate;
	size_t header, header_len, keywords;	/* offsets into chunk.bytes */
};

struct chunk {
	struct raw_msg msgs[CHUNK_MSGS];
	size_t n;
	struct buf bytes;
};

/* The decoder's own: summaries on their way to the cache; buffers kept from batch to batch. */
struct batch {
	struct eng_session *s;
	const uint32_t *uids;	/* asked for, ascending */
	size_t nuids;
	uint8_t *got;		/* got[i]: uids[i] is in the cache or in msgs */
	size_t low;		/* every uids[i] with i < low is in the cache */
	struct vec msgs;	/* struct cache_msg */
	struct buf text[ENG_SYNC_BATCH];	/* each message's strings */
	struct buf keywords[ENG_SYNC_BATCH];
	struct buf scratch;
	struct mime_header h;	/* reused: cleared before each scan */
	size_t done;
};

struct fetcher {
	pthread_mutex_t lock;	/* guards everything up to `done` */
	pthread_cond_t cond;
	struct chunk *full[CHUNKS], *spare[CHUNKS];	/* rings of chunk pointers */
	size_t full_head, nfull, nspare;
	bool ending;		/* the reader hands over no more */
	bool failed;		/* the decoder stopped; err says why */
	struct err err;
	size_t done;		/* summaries in the cache */

	struct chunk *cur;	/* the reader's: being filled */
	struct buf kw;		/* the reader's scratch */
	bool stopped;		/* the reader's: the decoder failed, the rest is ignored */
	size_t reported;
	bool threaded;

	struct batch b;		/* the decoder's */
	struct chunk chunks[CHUNKS];
};

/* A hint for the index: a multipart/mixed message usually carries an attachment. */
static bool
looks_mixed(const struct mime_header *h, struct buf *scratch)
{
	const struct mime_field *f = mime_header_find(h, "Content-Type");

	if (f == NULL)
		return false;
	buf_reset(scratch);
	mime_field_unfold(scratch, f);
	return str_ncasecmp_ascii(buf_cstr(scratch), "multipart/mixed", 15) == 0;
}

/* Where uid is in b->uids, or -1 when it was not asked for. */
static ssize_t
batch_index(const struct batch *b, uint32_t uid)
{
	size_t lo = 0, hi = b->nuids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->uids[mid] < uid)
			lo = mid + 1;
		else if (b->uids[mid] > uid)
			hi = mid;
		else
			return (ssize_t)mid;
	}
	return -1;
}

/*
 * The batch to the cache, in one transaction with the folder's UIDNEXT
 * moved up to the lowest UID still missing.
 */
static int
batch_flush(struct batch *b, struct err *e)
{
	struct eng_session *s = b->s;
	struct cache_folder *row = &s->open.row;
	int rc;

	if (b->msgs.len == 0)
		return 0;
	while (b->low < b->nuids && b->got[b->low])
		b->low++;
	row->uidnext = b->low < b->nuids ? b->uids[b->low] : s->open.mb.uidnext;
	rc = cache_begin(s->cache, e);
	if (rc == 0)
		rc = cache_msgs_put(s->cache, row->id, b->msgs.items, b->msgs.len, e);
	if (rc == 0)
		rc = cache_folder_put(s->cache, row, e);
	if (rc == 0)
		rc = cache_commit(s->cache, e);
	else
		cache_rollback(s->cache);
	b->done += b->msgs.len;
	vec_clear(&b->msgs);
	return rc;
}

/* One message decoded into the batch; the batch goes to the cache when full. */
static int
batch_add(struct batch *b, const struct chunk *c, const struct raw_msg *r, struct err *e)
{
	ssize_t at = batch_index(b, r->uid);
	size_t i = b->msgs.len;
	struct mime_summary sum;
	struct cache_msg *cm;

	if (at < 0 || b->got[at])
		return 0;	/* not asked for, or twice: the next sync sees to it */
	b->got[at] = 1;
	cm = vec_push_zero(&b->msgs);
	mime_header_clear(&b->h);
	mime_header_scan(&b->h, c->bytes.data + r->header, r->header_len);
	mime_summary_init(&sum);
	mime_summary_read(&sum, &b->h);
	cache_msg_from_summary(cm, &sum, &b->text[i]);
	mime_summary_free(&sum);
	cm->uid = r->uid;
	cm->flags = r->flags;
	cm->size = r->size;
	cm->modseq = r->modseq;
	cm->internaldate = r->internaldate;
	cm->has_attachment = looks_mixed(&b->h, &b->scratch);
	cm->keywords = NULL;
	if (r->keywords != NO_KEYWORDS) {
		buf_reset(&b->keywords[i]);
		buf_adds(&b->keywords[i], c->bytes.data + r->keywords);
		cm->keywords = buf_cstr(&b->keywords[i]);
	}
	if (b->msgs.len < ENG_SYNC_BATCH)
		return 0;
	return batch_flush(b, e);
}

/* A chunk through the batch, then back to the reader. */
static void
decode_chunk(struct fetcher *f, struct chunk *c)
{
	struct err e;
	int rc = 0;

	pthread_mutex_lock(&f->lock);
	rc = f->failed ? -1 : 0;
	pthread_mutex_unlock(&f->lock);
	for (size_t i = 0; rc == 0 && i < c->n; i++)
		rc = batch_add(&f->b, c, &c->msgs[i], &e);
	pthread_mutex_lock(&f->lock);
	if (rc < 0 && !f->failed) {
		f->failed = true;
		f->err = e;
	}
	f->done = f->b.done;
	c->n = 0;
	buf_reset(&c->bytes);
	f->spare[f->nspare++] = c;
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->lock);
}

static void *
decoder_main(void *arg)
{
	struct fetcher *f = arg;
	struct chunk *c;

	for (;;) {
		pthread_mutex_lock(&f->lock);
		while (f->nfull == 0 && !f->ending)
			pthread_cond_wait(&f->cond, &f->lock);
		if (f->nfull == 0) {
			pthread_mutex_unlock(&f->lock);
			return NULL;
		}
		c = f->full[f->full_head];
		f->full_head = (f->full_head + 1) % CHUNKS;
		f->nfull--;
		pthread_mutex_unlock(&f->lock);
		decode_chunk(f, c);
	}
}

/* Hands the filled chunk over and takes an empty one; -1 once the decoder failed. */
static int
hand_over(struct fetcher *f)
{
	struct chunk *c = f->cur;
	bool failed;

	if (!f->threaded) {
		decode_chunk(f, c);
		f->cur = f->spare[--f->nspare];
		return f->failed ? -1 : 0;
	}
	pthread_mutex_lock(&f->lock);
	f->full[(f->full_head + f->nfull) % CHUNKS] = c;
	f->nfull++;
	pthread_cond_broadcast(&f->cond);
	while (f->nspare == 0 && !f->failed)
		pthread_cond_wait(&f->cond, &f->lock);
	failed = f->failed;
	f->cur = failed ? NULL : f->spare[--f->nspare];
	pthread_mutex_unlock(&f->lock);
	return failed ? -1 : 0;
}

/* Progress, from the reader's thread only: the callback is the session's. */
static void
report(struct fetcher *f)
{
	struct eng_session *s = f->b.s;
	size_t done;

	pthread_mutex_lock(&f->lock);
	done = f->done;
	pthread_mutex_unlock(&f->lock);
	if (done != f->reported && s->progress != NULL)
		s->progress(s->progress_arg, s->open.name, done, f->b.nuids);
	f->reported = done;
}

static int
on_msg(void *arg, const struct imap_msg *m, struct err *e)
{
	struct fetcher *f = arg;
	struct chunk *c = f->cur;
	struct raw_msg *r;

	if (f->stopped)
		return 0;
	r = &c->msgs[c->n++];
	r->uid = m->uid;
	r->flags = eng_flags_from_imap(m->flags->bits);
	r->size = m->size > UINT32_MAX ? UINT32_MAX : (uint32_t)m->size;
	r->modseq = m->modseq;
	r->internaldate = m->internaldate;
	r->header = c->bytes.len;
	r->header_len = m->header_len;
	buf_add(&c->bytes, m->header, m->header_len);
	eng_keywords_join(&f->kw, m->flags);
	r->keywords = NO_KEYWORDS;
	if (f->kw.len > 0) {
		r->keywords = c->bytes.len;
		buf_add(&c->bytes, f->kw.data, f->kw.len);
		buf_addc(&c->bytes, '\0');
	}
	if (c->n < CHUNK_MSGS)
		return 0;
	if (hand_over(f) < 0) {
		f->stopped = true;
		*e = f->err;
		return -1;
	}
	report(f);
	return 0;
}

static struct fetcher *
fetcher_new(struct eng_session *s, const struct vec *uids)
{
	struct fetcher *f = xcalloc(1, sizeof(*f));

	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->cond, NULL);
	for (size_t i = 0; i < CHUNKS; i++)
		f->spare[f->nspare++] = &f->chunks[i];
	f->cur = f->spare[--f->nspare];
	f->b.s = s;
	f->b.uids = uids->items;
	f->b.nuids = uids->len;
	f->b.got = xcalloc(uids->len, 1);
	vec_init(&f->b.msgs, sizeof(struct cache_msg));
	mime_header_init(&f->b.h);
	return f;
}

static void
fetcher_free(struct fetcher *f)
{
	for (size_t i = 0; i < ENG_SYNC_BATCH; i++) {
		buf_free(&f->b.text[i]);
		buf_free(&f->b.keywords[i]);
	}
	for (size_t i = 0; i < CHUNKS; i++)
		buf_free(&f->chunks[i].bytes);
	buf_free(&f->b.scratch);
	buf_free(&f->kw);
	mime_header_free(&f->b.h);
	vec_free(&f->b.msgs);
	free(f->b.got);
	pthread_cond_destroy(&f->cond);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/*
 * The last chunk, then the decoder's end and the last batch. Whatever
 * arrived is cached even when the FETCH failed: the next sync resumes.
 */
static int
finish(struct fetcher *f, pthread_t thread, struct err *e)
{
	struct err fe;

	if (f->cur != NULL && f->cur->n > 0 && !f->stopped)
		(void)hand_over(f);
	if (f->threaded) {
		pthread_mutex_lock(&f->lock);
		f->ending = true;
		pthread_cond_broadcast(&f->cond);
		pthread_mutex_unlock(&f->lock);
		pthread_join(thread, NULL);
	}
	if (!f->failed && batch_flush(&f->b, &fe) < 0) {
		f->failed = true;
		f->err = fe;
	}
	f->done = f->b.done;
	report(f);
	if (f->failed)
		*e = f->err;
	return f->failed ? -1 : 0;
}

/* The UIDs from the cache's UIDNEXT on, ascending. */
static int
new_uids(struct eng_session *s, struct vec *out, struct err *e)
{
	struct imap_seqset set;
	uint32_t from = s->open.row.uidnext > 0 ? s->open.row.uidnext : 1;
	size_t keep = 0;
	int rc;

	imap_seqset_init(&set);
	imap_seqset_add(&set, from, IMAP_STAR);
	rc = imap_search_uids(s->imap, &set, out, e);
	imap_seqset_free(&set);
	/* "n:*" names the last message even when its UID is below n */
	for (size_t i = 0; i < out->len; i++)
		if (*VEC_AT(out, uint32_t, i) >= from)
			*VEC_AT(out, uint32_t, keep++) = *VEC_AT(out, uint32_t, i);
	out->len = keep;
	return rc;
}

int
eng_sync_fetch_new(struct eng_session *s, struct err *e)
{
	struct vec uids = VEC_INIT(uint32_t);
	struct imap_seqset set;
	struct fetcher *f;
	struct err ignored;
	pthread_t thread;
	int rc, frc;

	if ((rc = new_uids(s, &uids, e)) < 0 || uids.len == 0) {
		vec_free(&uids);
		return rc;
	}
	f = fetcher_new(s, &uids);
	memset(&thread, 0, sizeof(thread));
	/* without a second thread the reader decodes each chunk itself */
	f->threaded = pthread_create(&thread, NULL, decoder_main, f) == 0;
	imap_seqset_init(&set);
	for (size_t i = 0; i < uids.len; i++)
		imap_seqset_add(&set, *VEC_AT(&uids, uint32_t, i), *VEC_AT(&uids, uint32_t, i));
	rc = imap_fetch_headers(s->imap, &set, on_msg, f, e);
	/* the FETCH's own failure, if any, is the one to tell */
	frc = finish(f, thread, rc < 0 ? &ignored : e);
	imap_seqset_free(&set);
	fetcher_free(f);
	vec_free(&uids);
	return rc < 0 ? rc : frc;
}
