/* vec.h: growable array of fixed-size elements; the one place taube grows arrays. */
#ifndef TAUBE_UTIL_VEC_H
#define TAUBE_UTIL_VEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vec {
	void *items;
	size_t len;
	size_t cap;
	size_t size;	/* bytes per element */
};

#define VEC_INIT(type) { NULL, 0, 0, sizeof(type) }

void vec_init(struct vec *v, size_t elem_size);
/* Frees the array only; elements that own memory are the caller's to free first. */
void vec_free(struct vec *v);
void vec_reserve(struct vec *v, size_t n);
/* Copies *elem to the end and returns a pointer to the new slot. */
void *vec_push(struct vec *v, const void *elem);
/* Adds a zeroed element at the end and returns it. */
void *vec_push_zero(struct vec *v);
void *vec_at(const struct vec *v, size_t i);
void vec_remove(struct vec *v, size_t i);
void vec_clear(struct vec *v);

/* Sorts a vector of uint32_t ascending and drops repeated values. */
void vec_u32_sort_unique(struct vec *v);
/* Whether a vector of uint32_t sorted ascending holds n (binary search). */
bool vec_u32_has(const struct vec *sorted, uint32_t n);

/* Typed access: VEC_AT(&v, struct foo, i) */
#define VEC_AT(v, type, i) ((type *)vec_at((v), (i)))

/* A vector of owned C strings. */
struct strvec {
	struct vec v;
};

#define STRVEC_INIT { VEC_INIT(char *) }

void strvec_init(struct strvec *sv);
void strvec_free(struct strvec *sv);
/* Appends a copy of s. */
void strvec_push(struct strvec *sv, const char *s);
/* Appends s itself; the vector takes ownership. */
void strvec_push_owned(struct strvec *sv, char *s);
const char *strvec_get(const struct strvec *sv, size_t i);
size_t strvec_len(const struct strvec *sv);

#endif
