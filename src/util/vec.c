/* vec.c: growable arrays. */
#include "util/vec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void
vec_init(struct vec *v, size_t elem_size)
{
	v->items = NULL;
	v->len = 0;
	v->cap = 0;
	v->size = elem_size;
}

void
vec_free(struct vec *v)
{
	free(v->items);
	vec_init(v, v->size);
}

void
vec_reserve(struct vec *v, size_t n)
{
	size_t cap;

	if (n <= v->cap)
		return;
	cap = v->cap ? v->cap : 8;
	while (cap < n)
		cap *= 2;
	v->items = xreallocarray(v->items, cap, v->size);
	v->cap = cap;
}

void *
vec_push(struct vec *v, const void *elem)
{
	void *slot;

	vec_reserve(v, v->len + 1);
	slot = (char *)v->items + v->len * v->size;
	memcpy(slot, elem, v->size);
	v->len++;
	return slot;
}

void *
vec_push_zero(struct vec *v)
{
	void *slot;

	vec_reserve(v, v->len + 1);
	slot = (char *)v->items + v->len * v->size;
	memset(slot, 0, v->size);
	v->len++;
	return slot;
}

void *
vec_at(const struct vec *v, size_t i)
{
	assert(i < v->len);
	return (char *)v->items + i * v->size;
}

void
vec_remove(struct vec *v, size_t i)
{
	char *base = v->items;

	assert(i < v->len);
	memmove(base + i * v->size, base + (i + 1) * v->size, (v->len - i - 1) * v->size);
	v->len--;
}

void
vec_clear(struct vec *v)
{
	v->len = 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void
vec_u32_sort_unique(struct vec *v)
{
	uint32_t *u = v->items;
	size_t n = 0;

	if (v->len == 0)
		return;
	qsort(u, v->len, sizeof(*u), cmp_u32);
	for (size_t i = 0; i < v->len; i++)
		if (n == 0 || u[n - 1] != u[i])
			u[n++] = u[i];
	v->len = n;
}

bool
vec_u32_has(const struct vec *sorted, uint32_t n)
{
	const uint32_t *u = sorted->items;
	size_t lo = 0, hi = sorted->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u[mid] == n)
			return true;
		if (u[mid] < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

void
strvec_init(struct strvec *sv)
{
	vec_init(&sv->v, sizeof(char *));
}

void
strvec_free(struct strvec *sv)
{
	for (size_t i = 0; i < sv->v.len; i++)
		free(*VEC_AT(&sv->v, char *, i));
	vec_free(&sv->v);
}

void
strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

void
strvec_push_owned(struct strvec *sv, char *s)
{
	vec_push(&sv->v, &s);
}

const char *
strvec_get(const struct strvec *sv, size_t i)
{
	return *VEC_AT(&sv->v, char *, i);
}

size_t
strvec_len(const struct strvec *sv)
{
	return sv->v.len;
}
