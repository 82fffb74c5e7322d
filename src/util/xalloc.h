/* xalloc.h: allocation that never returns NULL; running out of memory aborts here, in one place. */
#ifndef TAUBE_UTIL_XALLOC_H
#define TAUBE_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xreallocarray: like reallocarray(3), aborting on overflow or exhaustion. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
