/* search.c: the search language (see search.h) turned into UID SEARCH commands. */
#include "engine/search.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/retry.h"
#include "engine/session-int.h"
#include "util/buf.h"
#include "util/str.h"

enum term_kind { T_TEXT, T_FROM, T_TO, T_SUBJECT, T_BODY, T_SINCE, T_BEFORE, T_IS };

static const struct {
	const char *key;
	enum term_kind kind;
} keys[] = {
	{ "from", T_FROM }, { "to", T_TO }, { "subject", T_SUBJECT }, { "body", T_BODY },
	{ "since", T_SINCE }, { "before", T_BEFORE }, { "is", T_IS },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

/* The string field a kind fills in a group, or NULL for the others. */
static const char **
field(struct imap_search *g, enum term_kind k)
{
	switch (k) {
	case T_TEXT: return &g->text;
	case T_FROM: return &g->from;
	case T_TO: return &g->to;
	case T_SUBJECT: return &g->subject;
	case T_BODY: return &g->body;
	default: return NULL;
	}
}

/* The first group with that field free (a new one when none): "a b" is TEXT a AND TEXT b. */
static void
add_string(struct eng_query *q, enum term_kind k, const char *value)
{
	struct imap_search *g = NULL;

	for (size_t i = 0; i < q->groups.len && g == NULL; i++)
		if (*field(VEC_AT(&q->groups, struct imap_search, i), k) == NULL)
			g = VEC_AT(&q->groups, struct imap_search, i);
	if (g == NULL)
		g = vec_push_zero(&q->groups);
	strvec_push(&q->words, value);
	*field(g, k) = strvec_get(&q->words, strvec_len(&q->words) - 1);
}

/* "YYYY-MM-DD" to midnight UTC of that day. */
static int
parse_day(const char *s, int64_t *out, struct err *e)
{
	struct tm tm = { 0 };
	time_t t;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3 ||
	    strspn(s, "0123456789-") != 10)
		return err_setx(e, ERR_FATAL, "'%s' is not a date like 2026-01-31", s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (tm.tm_mday != atoi(s + 8) || tm.tm_mon != atoi(s + 5) - 1 || t <= 0)
		return err_setx(e, ERR_FATAL, "'%s' is not a date like 2026-01-31", s);
	*out = (int64_t)t;
	return 0;
}

static int
add_state(struct imap_search *g, const char *value, struct err *e)
{
	if (strcmp(value, "unread") == 0)
		g->unseen = true;
	else if (strcmp(value, "read") == 0)
		g->seen = true;
	else if (strcmp(value, "flagged") == 0)
		g->flagged = true;
	else
		return err_setx(e, ERR_FATAL, "is:%s: only is:unread, is:read and is:flagged "
		    "are known", value);
	return 0;
}

static int
add_term(struct eng_query *q, enum term_kind k, const char *value, struct err *e)
{
	struct imap_search *g;
	int64_t day = 0;

	if (field(&(struct imap_search){ 0 }, k) != NULL) {
		add_string(q, k, value);
		return 0;
	}
	if (q->groups.len == 0)
		vec_push_zero(&q->groups);
	g = VEC_AT(&q->groups, struct imap_search, 0);
	if (k == T_IS)
		return add_state(g, value, e);
	if (parse_day(value, &day, e) < 0)
		return -1;
	if (k == T_SINCE && day > g->since)
		g->since = day;
	if (k == T_BEFORE && (g->before == 0 || day < g->before))
		g->before = day;
	return 0;
}

/* Reads a value at *p: "quoted" (with \" and \\) or up to white space. */
static int
read_value(const char **p, struct buf *out, struct err *e)
{
	const char *s = *p;

	buf_reset(out);
	if (*s != '"') {
		while (*s != '\0' && !isspace((unsigned char)*s))
			buf_addc(out, *s++);
		*p = s;
		return 0;
	}
	for (s++; *s != '"'; s++) {
		if (*s == '\0')
			return err_setx(e, ERR_FATAL, "a quote is not closed");
		if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
			s++;
		buf_addc(out, *s);
	}
	*p = s + 1;
	return 0;
}

/* A "key:" at *p: its kind, *p moved past the colon; T_TEXT when there is none. */
static int
read_key(const char **p, enum term_kind *kind, struct err *e)
{
	const char *s = *p;
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	*kind = T_TEXT;
	if (n == 0 || s[n] != ':')
		return 0;
	for (size_t i = 0; i < N_KEYS; i++)
		if (strlen(keys[i].key) == n && str_ncasecmp_ascii(s, keys[i].key, n) == 0) {
			*kind = keys[i].kind;
			*p = s + n + 1;
			return 0;
		}
	return err_setx(e, ERR_FATAL, "unknown search key '%.*s:' (known: from: to: subject: "
	    "body: since: before: is:; quote a word to search for it as it is)", (int)n, s);
}

int
eng_query_parse(struct eng_query *q, const char *text, struct err *e)
{
	struct buf value = BUF_INIT;
	const char *p = text;
	enum term_kind kind;
	int rc = 0;

	vec_init(&q->groups, sizeof(struct imap_search));
	strvec_init(&q->words);
	while (rc == 0) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if ((rc = read_key(&p, &kind, e)) < 0 || (rc = read_value(&p, &value, e)) < 0)
			break;
		if (value.len == 0)
			rc = err_setx(e, ERR_FATAL, "a search term has no value");
		else if (memchr(value.data, '\0', value.len) != NULL || str_has_ctl(value.data, value.len))
			rc = err_setx(e, ERR_FATAL, "a search term holds a control character");
		else
			rc = add_term(q, kind, buf_cstr(&value), e);
	}
	buf_free(&value);
	if (rc < 0)
		eng_query_free(q);
	return rc;
}

void
eng_query_free(struct eng_query *q)
{
	vec_free(&q->groups);
	strvec_free(&q->words);
}

/* Keeps in into those of *acc that are also in it (both sorted). */
static void
intersect(struct vec *acc, const struct vec *in)
{
	uint32_t *a = acc->items;
	const uint32_t *b = in->items;
	size_t n = 0, j = 0;

	for (size_t i = 0; i < acc->len; i++) {
		while (j < in->len && b[j] < a[i])
			j++;
		if (j < in->len && b[j] == a[i])
			a[n++] = a[i];
	}
	acc->len = n;
}

struct search_call {
	const struct eng_query *q;
	struct vec *uids;
	size_t start;		/* uids' length before: a second try starts there again */
};

static int
search_once(struct eng_session *s, void *arg, struct err *e)
{
	const struct search_call *c = arg;
	const struct eng_query *q = c->q;
	struct vec *uids = c->uids;
	struct imap_search all = { 0 };
	struct vec one = VEC_INIT(uint32_t);
	size_t n = q->groups.len > 0 ? q->groups.len : 1;
	int rc = 0;

	uids->len = c->start;
	if (eng_need_open(s, false, e) < 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct imap_search *g = q->groups.len > 0 ?
		    VEC_AT(&q->groups, struct imap_search, i) : &all;

		vec_clear(&one);
		rc = imap_search(s->imap, g, i == 0 ? uids : &one, e);
		if (rc == 0)
			vec_u32_sort_unique(i == 0 ? uids : &one);
		if (rc == 0 && i > 0)
			intersect(uids, &one);
	}
	vec_free(&one);
	return rc;
}

int
eng_msgs_search(struct eng_session *s, const struct eng_query *q, struct vec *uids,
    struct err *e)
{
	struct search_call c = { q, uids, uids->len };

	return eng_retry(s, search_once, &c, e);
}
