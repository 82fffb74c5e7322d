/* Unit tests for engine/thread and engine/sort: threads, rows shown, arrows, sort orders. */
#include "check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine/sort.h"
#include "engine/thread.h"
#include "util/buf.h"

/* A message as a test writes it. */
struct spec {
	const char *id;
	const char *in_reply_to;
	const char *references;
	const char *subject;
	int64_t date;
};

static void
to_views(struct eng_msg_view *v, const struct spec *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].uid = (uint32_t)i + 1;
		v[i].date = s[i].date;
		v[i].subject = s[i].subject;
		v[i].message_id = s[i].id;
		v[i].in_reply_to = s[i].in_reply_to;
		v[i].references = s[i].references;
	}
}

/* The rows as "a .b ..c d": one dot per level, then the Message-ID. */
static void
shape(struct buf *out, const struct eng_tree *t, const struct eng_msg_view *v)
{
	buf_reset(out);
	for (size_t i = 0; i < t->n; i++) {
		uint32_t m = t->order[i];

		if (i > 0)
			buf_addc(out, ' ');
		for (uint32_t d = 0; d < t->depth[m]; d++)
			buf_addc(out, '.');
		buf_adds(out, v[m].message_id != NULL ? v[m].message_id : "?");
	}
}

/* Threads of s[0..n), threads oldest first, as shape writes them. */
static const char *
threaded(const struct spec *s, size_t n, unsigned flags)
{
	static struct buf out = BUF_INIT;
	struct eng_msg_view v[32];
	struct eng_tree_opts o = { true, ENG_SORT_DATE, false, flags };
	struct eng_tree t;
	struct err e;

	to_views(v, s, n);
	CHECK_INT_EQ(eng_tree_build(&t, v, n, &o, &e), 0);
	shape(&out, &t, v);
	eng_tree_free(&t);
	return buf_cstr(&out);
}

#define THREADED(s, flags) threaded((s), sizeof(s) / sizeof((s)[0]), (flags))

TEST(thread_chain_nests_each_reply_under_its_parent)
{
	static const struct spec s[] = {
		{ "c", "b", "a b", "Re: x", 3 },
		{ "a", NULL, NULL, "x", 1 },
		{ "b", "a", "a", "Re: x", 2 },
		{ "z", NULL, NULL, "other", 4 },
	};

	CHECK_STR_EQ(THREADED(s, 0), "a .b ..c z");
}

TEST(thread_siblings_come_oldest_first)
{
	static const struct spec s[] = {
		{ "a", NULL, NULL, "x", 1 },
		{ "c", NULL, "<a>", "Re: x", 5 },
		{ "b", NULL, "a", "Re: x", 2 },
		{ "d", NULL, "a b", "Re: x", 3 },
	};
	struct eng_msg_view v[4];
	struct eng_tree_opts o = { true, ENG_SORT_DATE, false, 0 };
	struct eng_tree t;
	struct err e;

	CHECK_STR_EQ(THREADED(s, 0), "a .b ..d .c");
	to_views(v, s, 4);
	CHECK_INT_EQ(eng_tree_build(&t, v, 4, &o, &e), 0);
	CHECK_INT_EQ(t.first_child[0], 2);
	CHECK_INT_EQ(t.next_sibling[2], 1);
	CHECK_INT_EQ(t.next_sibling[1], ENG_TREE_NONE);
	CHECK_INT_EQ(t.parent[3], 2);
	CHECK_INT_EQ(t.size[0], 4);
	CHECK_INT_EQ(t.size[2], 2);
	CHECK_INT_EQ(eng_tree_root(&t, 3), 0);
	eng_tree_free(&t);
}

TEST(thread_missing_parent_is_no_row_and_its_children_move_up)
{
	/* x and y are not here: y's child goes to x's level; the earliest takes x's place */
	static const struct spec group[] = {
		{ "c", NULL, "x", "Re: q", 3 },
		{ "d", NULL, "x y", "Re: q", 4 },
		{ "b", NULL, "x", "Re: q", 2 },
		{ "e", NULL, "d", "Re: q", 5 },
	};
	/* a missing message in the middle of a chain */
	static const struct spec middle[] = {
		{ "a", NULL, NULL, "q", 1 },
		{ "m", NULL, "a z", "Re: q", 3 },
	};
	/* a lone child of a missing root is a root */
	static const struct spec lone[] = {
		{ "k", NULL, "gone1 gone2", "Re: w", 1 },
		{ "l", NULL, NULL, "v", 2 },
	};

	CHECK_STR_EQ(THREADED(group, ENG_THREAD_NO_SUBJECT), "b .c .d ..e");
	CHECK_STR_EQ(THREADED(middle, ENG_THREAD_NO_SUBJECT), "a .m");
	CHECK_STR_EQ(THREADED(lone, 0), "k l");
}

TEST(thread_references_win_over_in_reply_to)
{
	static const struct spec s[] = {
		{ "a", NULL, NULL, "x", 1 },
		{ "b", NULL, NULL, "y", 2 },
		{ "c", "a", "b", "z1", 3 },	/* References names the parent */
		{ "d", "a", NULL, "z2", 4 },	/* only In-Reply-To */
		{ "e", "b", " <> ", "z3", 5 },	/* References without an id */
	};

	CHECK_STR_EQ(THREADED(s, 0), "a .d b .c .e");
}

TEST(thread_subject_gathers_replies_to_the_original_only)
{
	static const struct spec s[] = {
		{ "a", NULL, NULL, "Plan", 1 },
		{ "b", NULL, NULL, "Re: plan", 2 },
		{ "c", NULL, NULL, "Plan", 3 },
		{ "d", NULL, NULL, "AW:  Re[2]: Plan ", 4 },
		{ "e", NULL, NULL, "", 5 },
		{ "f", NULL, NULL, "Re:", 6 },
	};
	static const struct spec replies[] = {
		{ "r2", NULL, NULL, "Re: Lunch", 2 },
		{ "r1", NULL, NULL, "Re: Lunch", 1 },
		{ "t1", NULL, NULL, "[taube-dev] Release", 3 },
		{ "t2", NULL, NULL, "Re: [taube-dev] Re: Release", 4 },
	};

	CHECK_STR_EQ(THREADED(s, 0), "a .b .d c e f");
	CHECK_STR_EQ(THREADED(s, ENG_THREAD_SAME_SUBJECT), "a .b .c .d e f");
	CHECK_STR_EQ(THREADED(s, ENG_THREAD_NO_SUBJECT), "a b c d e f");
	CHECK_STR_EQ(THREADED(replies, 0), "r1 .r2 t1 .t2");
}

TEST(thread_subject_gathering_keeps_a_thread_whole)
{
	/* a reply with references to a missing message still joins "Plan" with its own reply */
	static const struct spec s[] = {
		{ "a", NULL, NULL, "Plan", 1 },
		{ "b", NULL, "gone", "Re: Plan", 2 },
		{ "c", NULL, "gone b", "Re: Plan", 3 },
	};

	CHECK_STR_EQ(THREADED(s, 0), "a .b ..c");
}

TEST(thread_cycles_in_references_do_not_loop)
{
	static const struct spec self[] = {
		{ "a", NULL, "a", "x", 1 },
		{ "b", NULL, "a b", "Re: x", 2 },
	};
	static const struct spec pair[] = {
		{ "p", NULL, "q", "one", 1 },
		{ "q", NULL, "p", "two", 2 },
	};
	static const struct spec ring[] = {
		{ "x", NULL, "z y", "r", 1 },
		{ "y", NULL, "x z", "r", 2 },
		{ "z", NULL, "y x", "r", 3 },
		{ "w", NULL, "x y x y", "r", 4 },
	};

	CHECK_STR_EQ(THREADED(self, 0), "a .b");
	CHECK_STR_EQ(THREADED(pair, 0), "q .p");
	CHECK_STR_EQ(THREADED(ring, 0), "z .y ..x ..w");
}

TEST(thread_duplicate_ids_each_get_a_row)
{
	static const struct spec s[] = {
		{ "d", NULL, NULL, "first", 1 },
		{ "d", NULL, "o", "second", 2 },
		{ "o", NULL, NULL, "origin", 0 },
		{ "r", NULL, "d", "Re: first", 3 },
		{ "s", NULL, "<d>", "Re: first", 4 },
	};
	struct eng_msg_view v[5];
	struct eng_tree_opts o = { true, ENG_SORT_DATE, false, 0 };
	struct eng_tree t;
	struct err e;

	CHECK_STR_EQ(THREADED(s, 0), "o .d d .r .s");
	to_views(v, s, 5);
	CHECK_INT_EQ(eng_tree_build(&t, v, 5, &o, &e), 0);
	CHECK_INT_EQ(t.parent[1], 2);
	CHECK_INT_EQ(t.parent[3], 0);
	CHECK_INT_EQ(t.parent[4], 0);
	eng_tree_free(&t);
}

TEST(thread_deep_chain_needs_no_recursion)
{
	enum { N = 50000 };
	struct eng_msg_view *v = calloc(N, sizeof(*v));
	char (*ids)[16] = calloc(N, 16);
	struct eng_tree_opts o = { true, ENG_SORT_LAST, true, 0 };
	struct eng_tree t;
	struct buf b = BUF_INIT;
	struct err e;

	for (size_t i = 0; i < N; i++) {
		snprintf(ids[i], 16, "id%zu", i);
		v[i].uid = (uint32_t)i + 1;
		v[i].date = (int64_t)i;
		v[i].subject = "Re: deep";
		v[i].message_id = ids[i];
		v[i].in_reply_to = i > 0 ? ids[i - 1] : NULL;
	}
	CHECK_INT_EQ(eng_tree_build(&t, v, N, &o, &e), 0);
	CHECK_INT_EQ(t.depth[N - 1], N - 1);
	CHECK_INT_EQ(t.size[0], N);
	CHECK_INT_EQ(t.order[N - 1], N - 1);
	eng_tree_prefix(&b, &t, N - 1, true, 3);
	CHECK_STR_EQ(buf_cstr(&b), "    `->");
	buf_free(&b);
	eng_tree_free(&t);
	free(ids);
	free(v);
}

TEST(tree_build_refuses_more_than_it_holds)
{
	struct eng_tree_opts o = { true, ENG_SORT_DATE, false, 0 };
	struct eng_tree t;
	struct err e;

	err_clear(&e);
	CHECK_INT_EQ(eng_tree_build(&t, NULL, (size_t)ENG_TREE_MSGS_MAX + 1, &o, &e), -1);
	CHECK_INT_EQ(e.scope, ERR_FOLDER);
	CHECK_INT_EQ(t.n, 0);
	eng_tree_free(&t);
}

/* A small fixed-seed generator, so that a failure is the same failure every run. */
static uint32_t
rnd(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (uint32_t)(*state >> 16);
}

enum { RANDOM_N = 10000, RANDOM_TEXT = 160 };

/* Messages with random replies, missing, later and repeated ids, and subjects of a small set. */
static void
random_views(struct eng_msg_view *v, char (*text)[RANDOM_TEXT], uint32_t *up)
{
	static const char *const subjects[] = {
		"alpha", "beta", "Re: alpha", "AW: beta", "gamma", "Re: gamma", "", NULL,
	};
	uint64_t st = 0x9e3779b97f4a7c15ULL;

	for (uint32_t i = 0; i < RANDOM_N; i++) {
		char *id = text[i], *refs = text[i] + 40;
		uint32_t r = rnd(&st) % 100, j = rnd(&st) % RANDOM_N;

		memset(&v[i], 0, sizeof(v[i]));
		v[i].uid = i + 1;
		v[i].date = rnd(&st) % 5000;
		v[i].size = rnd(&st) % 1000;
		v[i].subject = subjects[rnd(&st) % 8];
		if (r < 2 && i > 0)
			snprintf(id, 40, "m%u@t", j % i);	/* an id seen before */
		else
			snprintf(id, 40, "m%u@t", i);
		v[i].message_id = r == 99 ? NULL : id;
		up[i] = i > 0 && r < 70 ? rnd(&st) % i : r < 75 ? j : UINT32_MAX;
		refs[0] = '\0';
		/* up to four ancestors as this message believes them to be */
		for (uint32_t k = up[i], d = 0; k != UINT32_MAX && d < 4; k = up[k], d++) {
			char tmp[RANDOM_TEXT];

			snprintf(tmp, sizeof(tmp), "%s%u%s %s", r % 3 == 0 ? "<gone" : "<m",
			    k, r % 3 == 0 ? ">" : "@t>", refs);
			memcpy(refs, tmp, RANDOM_TEXT - 40);
			refs[RANDOM_TEXT - 41] = '\0';
			if (k >= i)
				break;
		}
		v[i].references = r % 5 == 0 ? NULL : refs;
		v[i].in_reply_to = up[i] != UINT32_MAX ? text[up[i]] : NULL;
	}
}

/* Every message once, parents first, depths, sizes and children lists consistent. */
static size_t
check_tree(const struct eng_tree *t, const struct eng_msg_view *v)
{
	size_t n = t->n, roots = 0, kids = 0;
	bool *seen = calloc(n, sizeof(*seen));

	for (size_t i = 0; i < n; i++) {
		uint32_t m = t->order[i];

		CHECK(m < n && !seen[m]);
		seen[m] = true;
		CHECK_INT_EQ(t->pos[m], i);
	}
	for (uint32_t m = 0; m < n; m++) {
		uint32_t p = t->parent[m], size = 1;
		int64_t last = INT64_MIN;

		if (p == ENG_TREE_NONE) {
			roots++;
			CHECK_INT_EQ(t->depth[m], 0);
		} else {
			CHECK_INT_EQ(t->depth[m], t->depth[p] + 1);
			CHECK(t->pos[p] < t->pos[m] && t->pos[m] < t->pos[p] + t->size[p]);
		}
		for (uint32_t c = t->first_child[m]; c != ENG_TREE_NONE; c = t->next_sibling[c]) {
			CHECK_INT_EQ(t->parent[c], m);
			CHECK(v[c].date >= last);
			last = v[c].date;
			size += t->size[c];
			kids++;
		}
		CHECK_INT_EQ(t->size[m], size);
	}
	CHECK_INT_EQ(kids + roots, n);
	free(seen);
	return roots;
}

/* The rows shown with folded[], counted the slow way: no folded message above. */
static size_t
shown_slowly(const struct eng_tree *t, const bool *folded)
{
	size_t shown = 0;

	for (uint32_t m = 0; m < t->n; m++) {
		bool hidden = false;

		for (uint32_t p = t->parent[m]; p != ENG_TREE_NONE && !hidden; p = t->parent[p])
			hidden = folded[p];
		shown += !hidden;
	}
	return shown;
}

static void
check_folding(const struct eng_tree *t, size_t roots, uint64_t *st)
{
	bool *folded = calloc(t->n, sizeof(*folded));
	uint32_t *rows = calloc(t->n, sizeof(*rows));
	size_t k;

	CHECK_INT_EQ(eng_tree_visible(t, folded, rows), t->n);
	for (uint32_t m = 0; m < t->n; m++)
		folded[m] = t->parent[m] == ENG_TREE_NONE;
	CHECK_INT_EQ(eng_tree_visible(t, folded, rows), roots);
	for (uint32_t m = 0; m < t->n; m++)
		folded[m] = rnd(st) % 5 == 0;
	k = eng_tree_visible(t, folded, rows);
	CHECK_INT_EQ(k, shown_slowly(t, folded));
	for (size_t i = 1; i < k; i++)
		CHECK(t->pos[rows[i - 1]] < t->pos[rows[i]]);
	free(rows);
	free(folded);
}

TEST(thread_random_messages_keep_the_invariants)
{
	static const struct eng_tree_opts opts[] = {
		{ true, ENG_SORT_LAST, true, 0 },
		{ true, ENG_SORT_SUBJECT, false, ENG_THREAD_SAME_SUBJECT },
		{ true, ENG_SORT_FROM, true, ENG_THREAD_NO_SUBJECT },
		{ false, ENG_SORT_DATE, false, 0 },
	};
	struct eng_msg_view *v = calloc(RANDOM_N, sizeof(*v));
	char (*text)[RANDOM_TEXT] = calloc(RANDOM_N, RANDOM_TEXT);
	uint32_t *up = calloc(RANDOM_N, sizeof(*up));
	uint64_t st = 42;
	struct eng_tree t;
	struct err e;

	random_views(v, text, up);
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		int64_t prev = INT64_MAX;
		size_t roots;

		CHECK_INT_EQ(eng_tree_build(&t, v, RANDOM_N, &opts[k], &e), 0);
		roots = check_tree(&t, v);
		CHECK(roots > 0);
		check_folding(&t, roots, &st);
		/* newest threads first: each thread's newest date does not grow */
		for (size_t i = 0; k == 0 && i < t.n; i += t.size[t.order[i]]) {
			int64_t last = INT64_MIN;

			for (size_t j = i; j < i + t.size[t.order[i]]; j++)
				if (v[t.order[j]].date > last)
					last = v[t.order[j]].date;
			CHECK(last <= prev);
			prev = last;
		}
		eng_tree_free(&t);
	}
	free(up);
	free(text);
	free(v);
}

TEST(tree_prefix_draws_mutt_arrows)
{
	static const struct spec s[] = {
		{ "a", NULL, NULL, "x", 1 },
		{ "b", NULL, "a", "Re: x", 2 },
		{ "c", NULL, "a b", "Re: x", 3 },
		{ "d", NULL, "a", "Re: x", 4 },
		{ "e", NULL, "a d", "Re: x", 5 },
	};
	static const char *const utf8[] = {
		"", "├─>", "│ └─>", "└─>", "  └─>",
	};
	static const char *const ascii[] = {
		"", "|->", "| `->", "`->", "  `->",
	};
	struct eng_msg_view v[5];
	struct eng_tree_opts o = { true, ENG_SORT_DATE, false, 0 };
	struct eng_tree t;
	struct buf b = BUF_INIT;
	struct err e;

	to_views(v, s, 5);
	CHECK_INT_EQ(eng_tree_build(&t, v, 5, &o, &e), 0);
	for (uint32_t i = 0; i < 5; i++) {
		buf_reset(&b);
		eng_tree_prefix(&b, &t, i, false, ENG_TREE_LEVELS_MAX);
		CHECK_STR_EQ(buf_cstr(&b), utf8[i]);
		buf_reset(&b);
		eng_tree_prefix(&b, &t, i, true, 100);
		CHECK_STR_EQ(buf_cstr(&b), ascii[i]);
	}
	buf_reset(&b);
	eng_tree_prefix(&b, &t, 2, true, 1);
	CHECK_STR_EQ(buf_cstr(&b), "`->");
	buf_reset(&b);
	eng_tree_prefix(&b, &t, 2, true, 0);
	CHECK_STR_EQ(buf_cstr(&b), "");
	buf_free(&b);
	eng_tree_free(&t);
}

TEST(subject_base_strips_prefixes_and_keeps_the_list_tag)
{
	static const struct {
		const char *in, *out;
		bool fold, prefixed;
	} cases[] = {
		{ "Plan", "Plan", false, false },
		{ "Re: Plan", "Plan", false, true },
		{ "RE: AW: Fwd: Fw: WG: SV: Antw: Plan", "Plan", false, true },
		{ "Re[2]: Re(3):  Plan  for  May ", "Plan for May", false, true },
		{ "re :Plan", "Plan", false, true },
		{ "[taube-dev] Re: Plan", "[taube-dev] Plan", false, true },
		{ "Re: [taube-dev] AW: [taube-dev] Plan", "[taube-dev] Plan", false, true },
		{ "[a] [b] Re: Plan", "[a] [b] Re: Plan", false, false },
		{ "Rebate: 10%", "Rebate: 10%", false, false },
		{ "Re[x]: Plan", "Re[x]: Plan", false, false },
		{ "Re: PLAN Äpfel", "plan Äpfel", true, true },
		{ "Re:", "", false, true },
		{ "", "", false, false },
		{ NULL, "", false, false },
		{ "\tPlan\r\n\tnext", "Plan next", false, false },
	};
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		CHECK_INT_EQ(eng_subject_base(&b, cases[i].in, cases[i].fold),
		    cases[i].prefixed);
		CHECK_STR_EQ(buf_cstr(&b), cases[i].out);
	}
	buf_free(&b);
}

/* The UIDs of msgs sorted by key, as "3 1 2". */
static const char *
sorted(const struct eng_msg_view *v, size_t n, enum eng_sort_key key, bool descending)
{
	static struct buf out = BUF_INIT;
	struct eng_tree_opts o = { false, key, descending, 0 };
	struct eng_tree t;
	struct err e;

	buf_reset(&out);
	CHECK_INT_EQ(eng_tree_build(&t, v, n, &o, &e), 0);
	for (size_t i = 0; i < n; i++) {
		buf_addf(&out, "%s%u", i > 0 ? " " : "", v[t.order[i]].uid);
		CHECK_INT_EQ(t.depth[i], 0);
		CHECK_INT_EQ(t.parent[i], ENG_TREE_NONE);
		CHECK_INT_EQ(t.pos[t.order[i]], i);
	}
	eng_tree_free(&t);
	return buf_cstr(&out);
}

TEST(sort_orders_by_each_key_both_ways_ties_by_uid)
{
	static const struct eng_msg_view v[] = {
		{ 5, 300, 20, "bert", "Re: beta", NULL, NULL, NULL },
		{ 2, 100, 10, "Anna", "alpha", NULL, NULL, NULL },
		{ 9, 200, 10, "anna", "Gamma", NULL, NULL, NULL },
		{ 4, 100, -5, NULL, "AW: Beta", NULL, NULL, NULL },
		{ 7, 900, 30, "Annabel Lee-Smith", NULL, NULL, NULL, NULL },
	};
	size_t n = sizeof(v) / sizeof(v[0]);

	CHECK_STR_EQ(sorted(v, n, ENG_SORT_UID, false), "2 4 5 7 9");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_UID, true), "9 7 5 4 2");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_DATE, false), "4 2 9 5 7");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_DATE, true), "7 5 9 2 4");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_LAST, false), "4 2 9 5 7");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_FROM, false), "4 2 9 7 5");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_FROM, true), "5 7 9 2 4");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_SUBJECT, false), "7 2 4 5 9");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_SUBJECT, true), "9 5 4 2 7");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_SIZE, false), "2 4 9 5 7");
	CHECK_STR_EQ(sorted(v, n, ENG_SORT_SIZE, true), "7 5 9 4 2");
	CHECK_STR_EQ(sorted(v, 0, ENG_SORT_DATE, false), "");
}

TEST(thread_order_sorts_threads_by_root_or_newest)
{
	static const struct spec s[] = {
		{ "a", NULL, NULL, "zulu", 1 },
		{ "b", NULL, NULL, "alpha", 2 },
		{ "c", NULL, "a", "Re: zulu", 9 },
		{ "d", NULL, NULL, "mike", 3 },
	};
	struct eng_msg_view v[4];
	struct eng_tree_opts o = { true, ENG_SORT_LAST, false, 0 };
	struct eng_tree t;
	struct buf b = BUF_INIT;
	struct err e;

	to_views(v, s, 4);
	CHECK_INT_EQ(eng_tree_build(&t, v, 4, &o, &e), 0);
	shape(&b, &t, v);
	CHECK_STR_EQ(buf_cstr(&b), "b d a .c");
	eng_tree_free(&t);
	o.descending = true;
	CHECK_INT_EQ(eng_tree_build(&t, v, 4, &o, &e), 0);
	shape(&b, &t, v);
	CHECK_STR_EQ(buf_cstr(&b), "a .c d b");
	eng_tree_free(&t);
	o.key = ENG_SORT_SUBJECT;
	o.descending = false;
	CHECK_INT_EQ(eng_tree_build(&t, v, 4, &o, &e), 0);
	shape(&b, &t, v);
	CHECK_STR_EQ(buf_cstr(&b), "b d a .c");
	eng_tree_free(&t);
	o.key = ENG_SORT_DATE;
	o.descending = true;
	CHECK_INT_EQ(eng_tree_build(&t, v, 4, &o, &e), 0);
	shape(&b, &t, v);
	CHECK_STR_EQ(buf_cstr(&b), "d b a .c");
	eng_tree_free(&t);
	buf_free(&b);
}

TEST(tree_visible_folds_collapsed_subtrees)
{
	static const struct spec s[] = {
		{ "a", NULL, NULL, "x", 1 },
		{ "b", NULL, "a", "Re: x", 2 },
		{ "c", NULL, "a b", "Re: x", 3 },
		{ "d", NULL, "a", "Re: x", 4 },
		{ "z", NULL, NULL, "y", 5 },
	};
	struct eng_msg_view v[5];
	struct eng_tree_opts o = { true, ENG_SORT_DATE, false, 0 };
	struct eng_tree t;
	bool folded[5] = { false };
	uint32_t rows[5];
	struct err e;

	to_views(v, s, 5);
	CHECK_INT_EQ(eng_tree_build(&t, v, 5, &o, &e), 0);
	CHECK_INT_EQ(eng_tree_visible(&t, NULL, rows), 5);
	folded[1] = true;
	CHECK_INT_EQ(eng_tree_visible(&t, folded, rows), 4);
	CHECK_INT_EQ(rows[2], 3);
	folded[0] = true;
	CHECK_INT_EQ(eng_tree_visible(&t, folded, rows), 2);
	CHECK_INT_EQ(rows[0], 0);
	CHECK_INT_EQ(rows[1], 4);
	folded[0] = folded[1] = false;
	folded[2] = folded[4] = true;	/* leaves fold nothing */
	CHECK_INT_EQ(eng_tree_visible(&t, folded, rows), 5);
	eng_tree_free(&t);
}

CHECK_MAIN(
    thread_chain_nests_each_reply_under_its_parent,
    thread_siblings_come_oldest_first,
    thread_missing_parent_is_no_row_and_its_children_move_up,
    thread_references_win_over_in_reply_to,
    thread_subject_gathers_replies_to_the_original_only,
    thread_subject_gathering_keeps_a_thread_whole,
    thread_cycles_in_references_do_not_loop,
    thread_duplicate_ids_each_get_a_row,
    thread_deep_chain_needs_no_recursion,
    tree_build_refuses_more_than_it_holds,
    thread_random_messages_keep_the_invariants,
    tree_prefix_draws_mutt_arrows,
    subject_base_strips_prefixes_and_keeps_the_list_tag,
    sort_orders_by_each_key_both_ways_ties_by_uid,
    thread_order_sorts_threads_by_root_or_newest,
    tree_visible_folds_collapsed_subtrees)
