/* sort.c: the index's sort orders and the subject as threading and sorting compare it. */
#include "engine/sort.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

#define SUBJECT_WS	" \t\r\n"
#define TAG_MAX		64	/* bytes of a list tag with its brackets */

/*
 * The prefixes compose.h writes and the ones other mail programs write in
 * German, Scandinavian and Dutch. compose-reply.c keeps its own list for
 * the prefix it writes; these only need recognising.
 */
static const struct {
	const char *word;
	size_t len;
} prefix_words[] = {
	{ "re", 2 }, { "aw", 2 }, { "sv", 2 }, { "antw", 4 }, { "fwd", 3 }, { "fw", 2 },
	{ "wg", 2 },
};

#define N_PREFIX_WORDS (sizeof(prefix_words) / sizeof(prefix_words[0]))

/* The length of one prefix at s ("Re:", "AW :", "Re[2]:", "Re(3):"), or 0. */
static size_t
prefix_len(const char *s)
{
	/* most subjects start with none of the words: one look at the first letter */
	if (strchr("rRaAsSfFwW", *s) == NULL || *s == '\0')
		return 0;
	for (size_t k = 0; k < N_PREFIX_WORDS; k++) {
		size_t j = prefix_words[k].len;

		if (str_ncasecmp_ascii(s, prefix_words[k].word, j) != 0)
			continue;
		if (s[j] == '[' || s[j] == '(') {
			char close = s[j] == '[' ? ']' : ')';
			size_t digits = strspn(s + j + 1, "0123456789");

			if (digits == 0 || s[j + 1 + digits] != close)
				continue;
			j += digits + 2;
		}
		while (s[j] == ' ' || s[j] == '\t')
			j++;
		if (s[j] == ':')
			return j + 1;
	}
	return 0;
}

/* The length of a list tag at s ("[taube-dev]"), or 0. */
static size_t
tag_len(const char *s)
{
	size_t n;

	if (*s != '[')
		return 0;
	n = 1 + strcspn(s + 1, "[]");
	if (n == 1 || n + 1 > TAG_MAX || s[n] != ']')
		return 0;
	return n + 1;
}

/* Appends s[0..len) with each run of white space one space, none at the end. */
static void
add_text(struct buf *out, const char *s, size_t len, bool fold)
{
	bool space = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = true;
			continue;
		}
		if (space)
			buf_addc(out, ' ');
		space = false;
		if (fold && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		buf_addc(out, c);
	}
}

bool
eng_subject_base(struct buf *out, const char *subject, bool fold)
{
	const char *s = subject != NULL ? subject : "", *tag = NULL;
	size_t n, taglen = 0;
	bool prefixed = false;

	for (;;) {
		s += strspn(s, SUBJECT_WS);
		if ((n = prefix_len(s)) > 0) {
			prefixed = true;
		} else if ((n = tag_len(s)) == 0) {
			break;
		} else if (tag == NULL) {
			tag = s;
			taglen = n;
		} else if (n != taglen || memcmp(s, tag, n) != 0) {
			break;	/* a second, other tag belongs to the text */
		}
		s += n;
	}
	buf_grow(out, taglen + 1 + strlen(s));
	if (tag != NULL) {
		add_text(out, tag, taglen, fold);
		if (*s != '\0')
			buf_addc(out, ' ');
	}
	add_text(out, s, strlen(s), fold);
	return prefixed;
}

/* One message's sort key: k first, then s (folded text keys), then UID and index. */
struct skey {
	uint64_t k;
	const char *s;
	uint32_t uid;
	uint32_t idx;
};

#define RUN	16	/* sorted by insertion before merging */

static inline bool
skey_less(const struct skey *x, const struct skey *y)
{
	int d;

	if (x->k != y->k)
		return x->k < y->k;
	if (x->s != NULL && (d = strcmp(x->s, y->s)) != 0)
		return d < 0;
	if (x->uid != y->uid)
		return x->uid < y->uid;
	return x->idx < y->idx;
}

static void
insertion_sort(struct skey *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct skey x = a[i];
		size_t j = i;

		for (; j > 0 && skey_less(&x, &a[j - 1]); j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/* Merges src[lo..mid) and src[mid..hi) into dst[lo..hi). */
static void
merge(struct skey *dst, const struct skey *src, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	if (mid == hi || !skey_less(&src[mid], &src[mid - 1])) {
		memcpy(dst + lo, src + lo, (hi - lo) * sizeof(*src));
		return;
	}
	while (i < mid && j < hi)
		dst[k++] = skey_less(&src[j], &src[i]) ? src[j++] : src[i++];
	memcpy(dst + k, src + i, (mid - i) * sizeof(*src));
	k += mid - i;
	memcpy(dst + k, src + j, (hi - j) * sizeof(*src));
}

/* A bottom-up merge sort: qsort's calls through a pointer cost more than the sorting. */
static void
sort_keys(struct skey *a, size_t n)
{
	struct skey *tmp = xreallocarray(NULL, n, sizeof(*tmp)), *src = a, *dst = tmp, *t;

	for (size_t lo = 0; lo < n; lo += RUN)
		insertion_sort(a + lo, n - lo < RUN ? n - lo : RUN);
	for (size_t w = RUN; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = n - lo < w ? n : lo + w;
			size_t hi = n - lo < 2 * w ? n : lo + 2 * w;

			merge(dst, src, lo, mid, hi);
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	free(tmp);
}

/* An int64 as a uint64 in the same order. */
static uint64_t
int_key(int64_t v)
{
	return (uint64_t)v ^ ((uint64_t)1 << 63);
}

/* The first 8 bytes of folded text as a number: most comparisons end here. */
static uint64_t
text_key(const char *s)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i < 8 && s[i] != '\0'; i++)
		k = k << 8 | (unsigned char)s[i];
	return i == 0 ? 0 : k << (8 * (8 - i));
}

/*
 * The keys of the text sorts: each text folded into arena (so that strcmp
 * compares without case), its offset fixed up into a pointer after.
 */
static void
text_keys(struct skey *keys, size_t n, const uint32_t *idx, const struct eng_msg_view *msgs,
    enum eng_sort_key key, struct buf *arena)
{
	for (size_t i = 0; i < n; i++) {
		const struct eng_msg_view *m = &msgs[idx[i]];

		keys[i].k = arena->len;
		if (key == ENG_SORT_SUBJECT)
			eng_subject_base(arena, m->subject, true);
		else if (m->from != NULL)
			for (const char *p = m->from; *p != '\0'; p++)
				buf_addc(arena, *p >= 'A' && *p <= 'Z' ? *p + 'a' - 'A' : *p);
		buf_addc(arena, '\0');
	}
	for (size_t i = 0; i < n; i++) {
		keys[i].s = buf_cstr(arena) + keys[i].k;
		keys[i].k = text_key(keys[i].s);
	}
}

void
eng_sort_indexes(uint32_t *idx, size_t n, const struct eng_msg_view *msgs,
    enum eng_sort_key key, bool descending, const int64_t *latest)
{
	struct buf arena = BUF_INIT;
	struct skey *keys;

	if (n < 2)
		return;
	keys = xreallocarray(NULL, n, sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		const struct eng_msg_view *m = &msgs[idx[i]];

		keys[i].idx = idx[i];
		keys[i].uid = m->uid;
		keys[i].s = NULL;
		if (key == ENG_SORT_SIZE)
			keys[i].k = m->size;
		else if (key == ENG_SORT_LAST && latest != NULL)
			keys[i].k = int_key(latest[idx[i]]);
		else if (key == ENG_SORT_DATE || key == ENG_SORT_LAST)
			keys[i].k = int_key(m->date);
		else
			keys[i].k = 0;
	}
	if (key == ENG_SORT_FROM || key == ENG_SORT_SUBJECT)
		text_keys(keys, n, idx, msgs, key, &arena);
	sort_keys(keys, n);
	for (size_t i = 0; i < n; i++)
		idx[i] = keys[descending ? n - 1 - i : i].idx;
	buf_free(&arena);
	free(keys);
}
