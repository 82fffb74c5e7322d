/* cache-summary.c: a parsed envelope made into the compact strings a summary keeps. */
#include "store/cache.h"

#include <string.h>

#include "mime/addr.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/vec.h"

#define NONE	((size_t)-1)

/* The length of s cut to at most max bytes, not inside a UTF-8 sequence. */
static size_t
cut_len(const char *s, size_t max)
{
	size_t len = strlen(s);

	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* Appends s and its NUL; returns where it starts, NONE for NULL. */
static size_t
add(struct buf *text, const char *s)
{
	size_t at = text->len;

	if (s == NULL)
		return NONE;
	buf_add(text, s, cut_len(s, CACHE_TEXT_MAX));
	buf_addc(text, '\0');
	return at;
}

/* What an index line shows of an address: its name, else the address. */
static const char *
addr_word(const struct mime_addr *a)
{
	return a->name != NULL && a->name[0] != '\0' ? a->name : a->email;
}

static void
add_addrs(struct buf *text, size_t start, const struct vec *v, size_t *count,
    size_t *left)
{
	for (size_t i = 0; i < v->len; i++) {
		const char *w = addr_word(VEC_AT(v, struct mime_addr, i));
		size_t len;

		if (w == NULL)
			continue;
		len = cut_len(w, CACHE_TO_MAX);
		if (*left > 0 ||
		    (*count > 0 && text->len - start + 2 + len > CACHE_TO_MAX)) {
			(*left)++;
			continue;
		}
		if (*count > 0)
			buf_add(text, ", ", 2);
		buf_add(text, w, len);
		(*count)++;
	}
}

static size_t
add_to(struct buf *text, const struct mime_summary *s)
{
	size_t at = text->len, count = 0, left = 0;

	add_addrs(text, at, &s->to, &count, &left);
	add_addrs(text, at, &s->cc, &count, &left);
	if (count == 0)
		return NONE;
	if (left > 0)
		buf_addf(text, " +%zu", left);
	buf_addc(text, '\0');
	return at;
}

/* The first id and the last ones: the thread's root and the nearest parents. */
static size_t
add_refs(struct buf *text, const struct strvec *refs)
{
	size_t n = strvec_len(refs), at = text->len, from;

	if (n == 0)
		return NONE;
	from = n > CACHE_REFS_MAX ? n - (CACHE_REFS_MAX - 1) : 1;
	buf_add(text, strvec_get(refs, 0), cut_len(strvec_get(refs, 0), CACHE_TEXT_MAX));
	for (size_t i = from; i < n; i++) {
		buf_addc(text, ' ');
		buf_add(text, strvec_get(refs, i), cut_len(strvec_get(refs, i),
		    CACHE_TEXT_MAX));
	}
	buf_addc(text, '\0');
	return at;
}

static const char *
at(const struct buf *text, size_t off)
{
	return off == NONE ? NULL : text->data + off;
}

void
cache_msg_from_summary(struct cache_msg *m, const struct mime_summary *s,
    struct buf *text)
{
	const struct mime_addr *from = NULL;
	size_t off[7];

	buf_reset(text);
	for (size_t i = 0; i < s->from.len && from == NULL; i++)
		if (addr_word(VEC_AT(&s->from, struct mime_addr, i)) != NULL)
			from = VEC_AT(&s->from, struct mime_addr, i);
	off[0] = add(text, from != NULL && from->name != NULL && from->name[0] != '\0' ?
	    from->name : NULL);
	off[1] = add(text, from != NULL ? from->email : NULL);
	off[2] = add_to(text, s);
	off[3] = add(text, s->subject);
	off[4] = add(text, s->message_id);
	off[5] = add(text, s->in_reply_to);
	off[6] = add_refs(text, &s->references);
	/* only now: the buffer may have moved while it grew */
	m->from = at(text, off[0]);
	m->from_email = at(text, off[1]);
	m->to = at(text, off[2]);
	m->subject = at(text, off[3]);
	m->message_id = at(text, off[4]);
	m->in_reply_to = at(text, off[5]);
	m->references = at(text, off[6]);
	m->date = s->has_date ? s->date : 0;
}
