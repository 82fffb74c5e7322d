/* remote.c: UID SEARCH over a UID set and a flags-only FETCH, on the imap-session engine. */
#include "engine/remote.h"

#include <stdlib.h>
#include <string.h>

#include "net/imap-cmd.h"

#define REMOTE_MAX_UIDS	(16u << 20)	/* UIDs one ESEARCH answer may name */

struct search_ctx {
	struct imap_op op;	/* first: the handler's arg is both */
	struct vec *uids;
};

static int
on_search(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct search_ctx *sc = arg;
	struct imap_esearch es;
	uint64_t modseq;
	struct err e;
	int took = 1;

	if (type == IMAP_T_SEARCH) {
		if (imap_resp_search(r, sc->uids, &modseq, &e) < 0)
			imap_op_fail(&sc->op, &e);
		return 1;
	}
	if (type != IMAP_T_ESEARCH)
		return 0;
	imap_esearch_init(&es);
	if (imap_resp_esearch(r, &es, &e) < 0)
		imap_op_fail(&sc->op, &e);
	else if (es.tag != NULL && strcmp(es.tag, sc->op.p.tag) != 0)
		took = 0;	/* another command's answer */
	else if ((es.have & IMAP_ESEARCH_ALL) &&
	    imap_seqset_expand(&es.all, sc->uids, REMOTE_MAX_UIDS, &e) < 0)
		imap_op_fail(&sc->op, &e);
	imap_esearch_free(&es);
	return took;
}

static int
cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void
eng_uids_sort(struct vec *uids)
{
	uint32_t *u = uids->items;
	size_t n = 0;

	if (uids->len == 0)
		return;
	qsort(u, uids->len, sizeof(*u), cmp_uid);
	for (size_t i = 0; i < uids->len; i++)
		if (n == 0 || u[n - 1] != u[i])
			u[n++] = u[i];
	uids->len = n;
}

int
eng_remote_uids(struct imap_session *s, const struct imap_seqset *set, struct vec *out,
    struct err *e)
{
	struct search_ctx sc = { .uids = out };
	struct imap_cmd c;
	size_t first = out->len;
	int rc;

	imap_session_cmd(s, &c, "UID SEARCH");
	if (imap_session_has(s, IMAP_CAP_ESEARCH))
		imap_cmd_raw(&c, "RETURN (ALL)");
	imap_cmd_raw(&c, "UID");
	imap_cmd_seqset(&c, set);
	rc = imap_op_run(&sc.op, s, &c, on_search, ERR_FOLDER, "searching UIDs", e);
	imap_pending_free(&sc.op.p);
	if (rc == 0 && out->len > first) {
		struct vec tail = { (uint32_t *)out->items + first, out->len - first,
		    out->len - first, sizeof(uint32_t) };

		eng_uids_sort(&tail);
		out->len = first + tail.len;
	}
	return rc;
}

struct flags_ctx {
	struct imap_op op;	/* first: the handler's arg is both */
	imap_fetch_fn fn;
	void *arg;
};

static int
on_flags(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct flags_ctx *fc = arg;
	struct imap_fetch f;
	struct err e;

	if (type != IMAP_T_FETCH)
		return 0;
	imap_fetch_init(&f);
	if (imap_resp_fetch(r, &f, &e) < 0)
		imap_op_fail(&fc->op, &e);
	else if ((f.have & IMAP_FETCH_UID) && (f.have & IMAP_FETCH_FLAGS) &&
	    fc->fn(fc->arg, &f, &e) < 0)
		imap_op_fail(&fc->op, &e);
	imap_fetch_free(&f);
	return 1;
}

int
eng_remote_flags(struct imap_session *s, const struct imap_seqset *set, imap_fetch_fn fn,
    void *arg, struct err *e)
{
	struct flags_ctx fc = { .fn = fn, .arg = arg };
	struct imap_cmd c;
	int rc;

	imap_session_cmd(s, &c, "UID FETCH");
	imap_cmd_seqset(&c, set);
	imap_cmd_raw(&c, imap_session_has(s, IMAP_CAP_CONDSTORE) ?
	    "(UID FLAGS MODSEQ)" : "(UID FLAGS)");
	rc = imap_op_run(&fc.op, s, &c, on_flags, ERR_FOLDER, "fetching flags", e);
	imap_pending_free(&fc.op.p);
	return rc;
}
