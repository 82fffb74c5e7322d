/* thread.c: threads by Message-ID, References and subject (JWZ), the rows shown, the arrows. */
#include "engine/thread.h"

#include <stdlib.h>
#include <string.h>

#include "util/vec.h"
#include "util/xalloc.h"

#define NONE		ENG_TREE_NONE
#define LOOP_WALK_MAX	1000	/* ancestors looked at before a link is refused as a loop */
#define ID_WS		" \t\r\n"

static inline bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * A container: nodes 0..n-1 are the messages, the ones after are ids some
 * message names but no message here has. Linked by parent only; kids
 * counts the nodes naming this one, so that a leaf needs no loop check.
 */
struct node {
	uint32_t parent;
	uint32_t kids;
};

/*
 * An open-addressing table (linear probing) from a string to a number.
 * Slots are small so that more of them stay in the cache: the hash is not
 * kept (a key of the same length is rare in a probe, and growing, rarer).
 */
struct slot {
	const char *key;	/* into the caller's strings; NULL: empty */
	uint32_t len;
	uint32_t val;
};

struct tab {
	struct slot *slots;
	size_t mask;
	size_t count;
};

struct build {
	const struct eng_msg_view *msgs;
	uint32_t n;
	struct vec nodes;	/* struct node */
	struct tab ids;		/* Message-ID -> node */
};

/* ---- the table ---- */

/* 8 bytes a round with a multiply: ids are long, and there are many of them. */
static uint32_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return (uint32_t)(h ^ h >> 32);
}

static void
tab_init(struct tab *t, size_t expect)
{
	size_t cap = 64;

	while (cap < 2 * expect)
		cap *= 2;
	t->slots = xcalloc(cap, sizeof(*t->slots));
	t->mask = cap - 1;
	t->count = 0;
}

static void
tab_free(struct tab *t)
{
	free(t->slots);
	t->slots = NULL;
}

/* The slot holding key, or the empty one where it would go. */
static struct slot *
tab_slot(const struct tab *t, const char *key, uint32_t len, uint32_t hash)
{
	size_t i = hash & t->mask;
	struct slot *s;

	for (;; i = (i + 1) & t->mask) {
		s = &t->slots[i];
		if (s->key == NULL || (s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

/* Fills the empty slot s; the table doubles when half full. */
static void
tab_fill(struct tab *t, struct slot *s, const char *key, uint32_t len, uint32_t val)
{
	struct tab bigger;

	*s = (struct slot){ key, len, val };
	if (++t->count * 2 <= t->mask + 1)
		return;
	tab_init(&bigger, t->mask + 1);
	for (size_t i = 0; i <= t->mask; i++) {
		struct slot *o = &t->slots[i];

		if (o->key != NULL)
			*tab_slot(&bigger, o->key, o->len, hash_bytes(o->key, o->len)) = *o;
	}
	bigger.count = t->count;
	tab_free(t);
	*t = bigger;
}

/* ---- ids ---- */

static struct node *
node(const struct build *b, uint32_t i)
{
	return VEC_AT(&b->nodes, struct node, i);
}

/* Takes <> off s[0..*len); false when nothing is left. */
static bool
id_strip(const char **s, size_t *len)
{
	if (*len > 0 && (*s)[0] == '<') {
		(*s)++;
		(*len)--;
	}
	if (*len > 0 && (*s)[*len - 1] == '>')
		(*len)--;
	return *len > 0 && *len < UINT32_MAX;
}

/* The id before *end in refs, moving *end to its start; false when there is none. */
static bool
id_prev(const char *refs, const char **end, const char **id, size_t *len)
{
	const char *e = *end, *s;

	for (;;) {
		while (e > refs && is_ws(e[-1]))
			e--;
		for (s = e; s > refs && !is_ws(s[-1]); s--)
			;
		if (s == e)
			return false;
		*end = s;
		*id = s;
		*len = (size_t)(e - s);
		if (id_strip(id, len))
			return true;
		e = s;
	}
}

/* Puts each message's Message-ID in the table; the first of equal ids wins. */
static void
index_ids(struct build *b)
{
	for (uint32_t i = 0; i < b->n; i++) {
		const char *id = b->msgs[i].message_id;
		struct node *nd = vec_push_zero(&b->nodes);
		struct slot *s;
		size_t len;
		uint32_t h;

		nd->parent = NONE;
		if (id == NULL)
			continue;
		id += strspn(id, ID_WS);
		len = strcspn(id, ID_WS);
		if (!id_strip(&id, &len))
			continue;
		h = hash_bytes(id, len);
		s = tab_slot(&b->ids, id, (uint32_t)len, h);
		if (s->key == NULL)
			tab_fill(&b->ids, s, id, (uint32_t)len, i);
	}
}

/* The node of an id: a message's, or one made for an id no message has. */
static uint32_t
node_for_id(struct build *b, const char *id, size_t len)
{
	uint32_t h = hash_bytes(id, len), i;
	struct slot *s = tab_slot(&b->ids, id, (uint32_t)len, h);
	struct node *nd;

	if (s->key != NULL)
		return s->val;
	i = (uint32_t)b->nodes.len;
	nd = vec_push_zero(&b->nodes);
	nd->parent = NONE;
	tab_fill(&b->ids, s, id, (uint32_t)len, i);
	return i;
}

/* Whether c under p would close a loop: c is p or above it. A very long way up counts as one. */
static bool
would_loop(const struct build *b, uint32_t c, uint32_t p)
{
	size_t steps = 0;

	if (c == p)
		return true;
	if (node(b, c)->kids == 0)
		return false;
	for (; p != NONE; p = node(b, p)->parent) {
		if (p == c || ++steps > LOOP_WALK_MAX)
			return true;
	}
	return false;
}

static void
link_under(struct build *b, uint32_t c, uint32_t p)
{
	struct node *nc = node(b, c);

	if (nc->parent != NONE)
		node(b, nc->parent)->kids--;
	nc->parent = p;
	node(b, p)->kids++;
}

/*
 * JWZ's first step for message m, from the newest id back: m goes under
 * the last one (its own References are the word on its parent), each id
 * under the one before it until one already has a parent: what lies
 * above that was linked by an earlier message.
 */
static void
link_refs(struct build *b, uint32_t m)
{
	const struct eng_msg_view *v = &b->msgs[m];
	const char *refs = v->references, *end, *id;
	size_t len, k;
	uint32_t child = m, p;

	if (refs == NULL || refs[strspn(refs, ID_WS "<>")] == '\0')
		refs = v->in_reply_to;
	if (refs == NULL)
		return;
	end = refs + strlen(refs);
	for (k = 0; k < ENG_TREE_REFS_MAX; k++) {
		if (child != m && node(b, child)->parent != NONE)
			break;
		if (!id_prev(refs, &end, &id, &len))
			break;
		p = node_for_id(b, id, len);
		if (!would_loop(b, child, p))
			link_under(b, child, p);
		child = p;
	}
}

/* ---- from nodes to messages ---- */

static bool
earlier(const struct eng_msg_view *msgs, uint32_t a, uint32_t b)
{
	if (msgs[a].date != msgs[b].date)
		return msgs[a].date < msgs[b].date;
	if (msgs[a].uid != msgs[b].uid)
		return msgs[a].uid < msgs[b].uid;
	return a < b;
}

/*
 * The nearest message above dummy node d, else the topmost node above it
 * (a missing root). top[] (by d - n) remembers it for every node passed.
 */
static uint32_t
dummy_top(const struct build *b, uint32_t *top, uint32_t d, struct vec *path)
{
	uint32_t x = d, p, r;

	path->len = 0;
	for (;;) {
		if (top[x - b->n] != NONE) {
			r = top[x - b->n];
			break;
		}
		p = node(b, x)->parent;
		if (p == NONE || p < b->n) {
			r = p == NONE ? x : p;
			break;
		}
		vec_push(path, &x);
		x = p;
	}
	top[x - b->n] = r;
	for (size_t i = 0; i < path->len; i++)
		top[*VEC_AT(path, uint32_t, i) - b->n] = r;
	return r;
}

/*
 * Each message's parent among the messages: the nearest one above it.
 * Messages with only missing ids above them share that missing root: the
 * earliest of them takes its place, the others go under it.
 */
static void
resolve_parents(const struct build *b, uint32_t *parent)
{
	size_t ndummy = b->nodes.len - b->n;
	uint32_t *top = xreallocarray(NULL, ndummy + 1, sizeof(*top));
	struct vec path = VEC_INIT(uint32_t);
	uint32_t p, r, m;

	memset(top, 0xff, (ndummy + 1) * sizeof(*top));
	for (m = 0; m < b->n; m++) {
		p = node(b, m)->parent;
		parent[m] = p == NONE || p < b->n ? p : dummy_top(b, top, p, &path);
	}
	/* a missing root's entry in top is itself until its earliest message is found */
	for (m = 0; m < b->n; m++) {
		if ((r = parent[m]) == NONE || r < b->n)
			continue;
		p = top[r - b->n];
		if (p == r || earlier(b->msgs, m, p))
			top[r - b->n] = m;
	}
	for (m = 0; m < b->n; m++) {
		if ((r = parent[m]) != NONE && r >= b->n)
			parent[m] = top[r - b->n] == m ? NONE : top[r - b->n];
	}
	vec_free(&path);
	free(top);
}

/* ---- subjects ---- */

struct subj {
	uint32_t off, len;
	bool prefixed;
};

/* Whether root a is a better thread for its subject than b: no prefix, then earlier. */
static bool
better_anchor(const struct eng_msg_view *msgs, const struct subj *sa, uint32_t a,
    const struct subj *sb, uint32_t b)
{
	if (sa->prefixed != sb->prefixed)
		return !sa->prefixed;
	return earlier(msgs, a, b);
}

/* JWZ's fifth step, as mutt does it: see thread.h. roots[] are the roots, in any order. */
static void
gather_subjects(const struct eng_msg_view *msgs, uint32_t *parent, const uint32_t *roots,
    size_t nroots, unsigned flags)
{
	struct subj *sj = xreallocarray(NULL, nroots + 1, sizeof(*sj));
	struct buf arena = BUF_INIT;
	struct tab t;
	struct slot *s;

	for (size_t j = 0; j < nroots; j++) {
		sj[j].off = (uint32_t)arena.len;
		sj[j].prefixed = eng_subject_base(&arena, msgs[roots[j]].subject, true);
		sj[j].len = (uint32_t)(arena.len - sj[j].off);
	}
	tab_init(&t, nroots);
	for (size_t j = 0; j < nroots; j++) {
		const char *key = buf_cstr(&arena) + sj[j].off;
		uint32_t h = hash_bytes(key, sj[j].len);

		if (sj[j].len == 0)
			continue;
		s = tab_slot(&t, key, sj[j].len, h);
		if (s->key == NULL)
			tab_fill(&t, s, key, sj[j].len, (uint32_t)j);
		else if (better_anchor(msgs, &sj[j], roots[j], &sj[s->val], roots[s->val]))
			s->val = (uint32_t)j;
	}
	for (size_t j = 0; j < nroots; j++) {
		const char *key = buf_cstr(&arena) + sj[j].off;

		if (sj[j].len == 0 || (!sj[j].prefixed && !(flags & ENG_THREAD_SAME_SUBJECT)))
			continue;
		s = tab_slot(&t, key, sj[j].len, hash_bytes(key, sj[j].len));
		if (s->val != j)
			parent[roots[j]] = roots[s->val];
	}
	tab_free(&t);
	buf_free(&arena);
	free(sj);
}

/* ---- the tree ---- */

static void
tree_alloc(struct eng_tree *t, size_t n)
{
	uint32_t *block = xreallocarray(NULL, 7 * n + 1, sizeof(*block));

	t->n = n;
	t->parent = block;
	t->first_child = block + n;
	t->next_sibling = block + 2 * n;
	t->depth = block + 3 * n;
	t->size = block + 4 * n;
	t->order = block + 5 * n;
	t->pos = block + 6 * n;
}

void
eng_tree_free(struct eng_tree *t)
{
	free(t->parent);
	memset(t, 0, sizeof(*t));
}

/* Children lists oldest first; the roots (oldest first) into roots, their count returned. */
static size_t
link_children(struct eng_tree *t, const struct eng_msg_view *msgs, uint32_t *bydate,
    uint32_t *roots)
{
	size_t n = t->n, nroots = 0;

	for (size_t i = 0; i < n; i++)
		bydate[i] = (uint32_t)i;
	eng_sort_indexes(bydate, n, msgs, ENG_SORT_DATE, false, NULL);
	memset(t->first_child, 0xff, n * sizeof(uint32_t));
	memset(t->next_sibling, 0xff, n * sizeof(uint32_t));
	for (size_t i = n; i-- > 0;) {
		uint32_t m = bydate[i], p = t->parent[m];

		if (p != NONE) {
			t->next_sibling[m] = t->first_child[p];
			t->first_child[p] = m;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (t->parent[bydate[i]] == NONE)
			roots[nroots++] = bydate[i];
	}
	return nroots;
}

/* Writes root's thread parents first into out (depth set on the way); returns its length. */
static size_t
walk_thread(struct eng_tree *t, uint32_t root, uint32_t *out)
{
	uint32_t x = root;
	size_t k = 0;

	t->depth[root] = 0;
	for (;;) {
		out[k++] = x;
		if (t->first_child[x] != NONE) {
			t->depth[t->first_child[x]] = t->depth[x] + 1;
			x = t->first_child[x];
			continue;
		}
		while (x != root && t->next_sibling[x] == NONE)
			x = t->parent[x];
		if (x == root)
			return k;
		t->depth[t->next_sibling[x]] = t->depth[x];
		x = t->next_sibling[x];
	}
}

/*
 * Lays the threads out: each one walked into tmp (its start kept in pos),
 * subtree sizes and each thread's newest date from that, then the roots
 * sorted and their runs copied into order.
 */
static void
order_threads(struct eng_tree *t, const struct eng_msg_view *msgs, uint32_t *roots,
    size_t nroots, uint32_t *tmp, const struct eng_tree_opts *o)
{
	int64_t *latest = xreallocarray(NULL, t->n + 1, sizeof(*latest));
	size_t k = 0, n = t->n;

	for (size_t j = 0; j < nroots; j++) {
		t->pos[roots[j]] = (uint32_t)k;
		k += walk_thread(t, roots[j], tmp + k);
	}
	for (size_t i = 0; i < n; i++)
		t->size[i] = 1;
	for (size_t i = n; i-- > 0;) {
		if (t->parent[tmp[i]] != NONE)
			t->size[t->parent[tmp[i]]] += t->size[tmp[i]];
	}
	for (size_t j = 0; j < nroots; j++) {
		uint32_t r = roots[j];

		latest[r] = msgs[r].date;
		for (size_t i = t->pos[r]; i < t->pos[r] + t->size[r]; i++)
			if (msgs[tmp[i]].date > latest[r])
				latest[r] = msgs[tmp[i]].date;
	}
	eng_sort_indexes(roots, nroots, msgs, o->key, o->descending, latest);
	k = 0;
	for (size_t j = 0; j < nroots; j++) {
		memcpy(t->order + k, tmp + t->pos[roots[j]], t->size[roots[j]] * sizeof(uint32_t));
		k += t->size[roots[j]];
	}
	free(latest);
}

static void
build_threads(struct eng_tree *t, const struct eng_msg_view *msgs, uint32_t n,
    const struct eng_tree_opts *o)
{
	struct build b = { msgs, n, VEC_INIT(struct node), { NULL, 0, 0 } };
	uint32_t *scratch = xreallocarray(NULL, 2 * (size_t)n + 1, sizeof(*scratch));
	uint32_t *roots = scratch + n;
	size_t nroots = 0;

	vec_reserve(&b.nodes, n + n / 2 + 1);
	tab_init(&b.ids, n);
	index_ids(&b);
	for (uint32_t m = 0; m < n; m++)
		link_refs(&b, m);
	resolve_parents(&b, t->parent);
	tab_free(&b.ids);
	vec_free(&b.nodes);
	if (!(o->flags & ENG_THREAD_NO_SUBJECT)) {
		for (uint32_t m = 0; m < n; m++)
			if (t->parent[m] == NONE)
				roots[nroots++] = m;
		gather_subjects(msgs, t->parent, roots, nroots, o->flags);
	}
	nroots = link_children(t, msgs, scratch, roots);
	order_threads(t, msgs, roots, nroots, scratch, o);
	free(scratch);
}

int
eng_tree_build(struct eng_tree *t, const struct eng_msg_view *msgs, size_t n,
    const struct eng_tree_opts *o, struct err *e)
{
	memset(t, 0, sizeof(*t));
	if (n > ENG_TREE_MSGS_MAX)
		return err_setx(e, ERR_FOLDER, "%zu messages are more than the index can "
		    "sort (%u)", n, ENG_TREE_MSGS_MAX);
	tree_alloc(t, n);
	if (o->threads) {
		build_threads(t, msgs, (uint32_t)n, o);
	} else {
		for (size_t i = 0; i < n; i++) {
			t->parent[i] = t->first_child[i] = t->next_sibling[i] = NONE;
			t->depth[i] = 0;
			t->size[i] = 1;
			t->order[i] = (uint32_t)i;
		}
		eng_sort_indexes(t->order, n, msgs, o->key, o->descending, NULL);
	}
	for (size_t i = 0; i < n; i++)
		t->pos[t->order[i]] = (uint32_t)i;
	return 0;
}

uint32_t
eng_tree_root(const struct eng_tree *t, uint32_t msg)
{
	while (t->parent[msg] != NONE)
		msg = t->parent[msg];
	return msg;
}

size_t
eng_tree_visible(const struct eng_tree *t, const bool *collapsed, uint32_t *rows)
{
	size_t k = 0;

	for (size_t i = 0; i < t->n;) {
		uint32_t m = t->order[i];

		rows[k++] = m;
		i += collapsed != NULL && collapsed[m] ? t->size[m] : 1;
	}
	return k;
}

void
eng_tree_prefix(struct buf *out, const struct eng_tree *t, uint32_t msg, bool ascii,
    unsigned max_levels)
{
	bool more[ENG_TREE_LEVELS_MAX];
	unsigned levels = 0;

	if (max_levels > ENG_TREE_LEVELS_MAX)
		max_levels = ENG_TREE_LEVELS_MAX;
	for (uint32_t x = msg; levels < max_levels && t->parent[x] != NONE; x = t->parent[x])
		more[levels++] = t->next_sibling[x] != NONE;
	for (unsigned i = levels; i-- > 1;)
		buf_adds(out, !more[i] ? "  " : ascii ? "| " : "\xe2\x94\x82 ");
	if (levels == 0)
		return;
	if (ascii)
		buf_adds(out, more[0] ? "|->" : "`->");
	else
		buf_adds(out, more[0] ? "\xe2\x94\x9c\xe2\x94\x80>" : "\xe2\x94\x94\xe2\x94\x80>");
}
