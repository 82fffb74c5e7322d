/* buf.h: growable byte buffer, always NUL-terminated so it can be used as a C string. */
#ifndef TAUBE_UTIL_BUF_H
#define TAUBE_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* NULL until something is added; buf_cstr never returns NULL */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
void buf_free(struct buf *b);
/* Empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);
/* Makes room for at least `extra` more bytes (plus the terminating NUL). */
void buf_grow(struct buf *b, size_t extra);

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
/* The path of buf_addc that grows the buffer; call buf_addc. */
void buf_addc_grow(struct buf *b, char c);

/* Appends one byte; inline because parsers append byte by byte in hot loops. */
static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else {
		buf_addc_grow(b, c);
	}
}
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Drops bytes from the end so that `len` remain. */
void buf_truncate(struct buf *b, size_t len);
/* Removes the first `n` bytes (for consuming parsed input). */
void buf_consume(struct buf *b, size_t n);

/* The contents as a C string ("" when empty). Valid until the next change. */
const char *buf_cstr(const struct buf *b);
/* Hands the memory to the caller (a NUL-terminated string) and empties the buffer. */
char *buf_detach(struct buf *b);

#endif
