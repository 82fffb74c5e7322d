/* imap-seqset.c: IMAP sequence sets ("1:5,7,9:*") read, written and walked; declared in imap-resp.h. */
#include "net/imap-resp.h"

#include <inttypes.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"

void
imap_seqset_init(struct imap_seqset *set)
{
	vec_init(&set->ranges, sizeof(struct imap_range));
}

void
imap_seqset_free(struct imap_seqset *set)
{
	vec_free(&set->ranges);
}

void
imap_seqset_clear(struct imap_seqset *set)
{
	vec_clear(&set->ranges);
}

void
imap_seqset_add(struct imap_seqset *set, uint32_t lo, uint32_t hi)
{
	struct imap_range r, *last;

	if (lo == IMAP_STAR || (hi != IMAP_STAR && lo > hi)) {
		r.lo = hi;
		r.hi = lo;
	} else {
		r.lo = lo;
		r.hi = hi;
	}
	if (set->ranges.len > 0 && r.lo != IMAP_STAR) {
		last = VEC_AT(&set->ranges, struct imap_range, set->ranges.len - 1);
		/* touching or overlapping the last range from above: widen it */
		if (last->hi != IMAP_STAR && last->lo <= r.lo &&
		    (uint64_t)last->hi + 1 >= r.lo) {
			if (r.hi == IMAP_STAR || r.hi > last->hi)
				last->hi = r.hi;
			return;
		}
	}
	vec_push(&set->ranges, &r);
}

/* One seq-number: a nonzero 32-bit number or '*'. */
static int
read_seqnum(const char *s, size_t len, size_t *i, uint32_t *out)
{
	uint64_t v = 0;
	size_t start = *i;

	if (*i < len && s[*i] == '*') {
		(*i)++;
		*out = IMAP_STAR;
		return 0;
	}
	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (uint64_t)(s[*i] - '0');
		if (v > UINT32_MAX)
			return -1;
		(*i)++;
	}
	if (*i == start || v == 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int
imap_seqset_parse(struct imap_seqset *set, const char *s, size_t len, struct err *e)
{
	size_t i = 0;
	uint32_t lo, hi;

	for (;;) {
		if (read_seqnum(s, len, &i, &lo) < 0)
			break;
		hi = lo;
		if (i < len && s[i] == ':') {
			i++;
			if (read_seqnum(s, len, &i, &hi) < 0)
				break;
		}
		imap_seqset_add(set, lo, hi);
		if (i == len)
			return 0;
		if (s[i++] != ',')
			break;
	}
	return err_setx(e, ERR_ACCOUNT, "IMAP server: \"%.*s\" is not a sequence set",
	    len > 64 ? 64 : (int)len, s);
}

static void
format_num(struct buf *out, uint32_t n)
{
	if (n == IMAP_STAR)
		buf_addc(out, '*');
	else
		buf_addf(out, "%" PRIu32, n);
}

void
imap_seqset_format(struct buf *out, const struct imap_seqset *set)
{
	for (size_t i = 0; i < set->ranges.len; i++) {
		const struct imap_range *r = VEC_AT(&set->ranges, struct imap_range, i);

		if (i > 0)
			buf_addc(out, ',');
		format_num(out, r->lo);
		if (r->hi != r->lo) {
			buf_addc(out, ':');
			format_num(out, r->hi);
		}
	}
}

uint64_t
imap_seqset_count(const struct imap_seqset *set)
{
	uint64_t n = 0;

	for (size_t i = 0; i < set->ranges.len; i++) {
		const struct imap_range *r = VEC_AT(&set->ranges, struct imap_range, i);

		if (r->hi != IMAP_STAR)
			n += (uint64_t)r->hi - r->lo + 1;
	}
	return n;
}

bool
imap_seqset_contains(const struct imap_seqset *set, uint32_t n)
{
	for (size_t i = 0; i < set->ranges.len; i++) {
		const struct imap_range *r = VEC_AT(&set->ranges, struct imap_range, i);

		/* "*" alone names a number only the server knows */
		if (r->hi == IMAP_STAR ? r->lo != IMAP_STAR && n >= r->lo :
		    n >= r->lo && n <= r->hi)
			return true;
	}
	return false;
}

int
imap_seqset_expand(const struct imap_seqset *set, struct vec *out, size_t max, struct err *e)
{
	uint64_t count = imap_seqset_count(set);

	for (size_t i = 0; i < set->ranges.len; i++)
		if (VEC_AT(&set->ranges, struct imap_range, i)->hi == IMAP_STAR)
			return err_setx(e, ERR_ACCOUNT, "a sequence set with '*' has no end");
	if (count > max)
		return err_setx(e, ERR_ACCOUNT, "a sequence set of %" PRIu64
		    " numbers, more than %zu", count, max);
	vec_reserve(out, out->len + (size_t)count);
	for (size_t i = 0; i < set->ranges.len; i++) {
		const struct imap_range *r = VEC_AT(&set->ranges, struct imap_range, i);

		for (uint64_t n = r->lo; n <= r->hi; n++) {
			uint32_t u = (uint32_t)n;

			vec_push(out, &u);
		}
	}
	return 0;
}

void
imap_uids_format(struct buf *out, const uint32_t *uids, size_t n)
{
	struct imap_seqset set;

	imap_seqset_init(&set);
	for (size_t i = 0; i < n; i++)
		if (uids[i] != 0)
			imap_seqset_add(&set, uids[i], uids[i]);
	imap_seqset_format(out, &set);
	imap_seqset_free(&set);
}
