/* err.c: error values with messages. */
#include "util/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
err_clear(struct err *e)
{
	e->scope = ERR_NONE;
	e->msg[0] = '\0';
}

static int __attribute__((format(printf, 3, 0)))
err_vset(struct err *e, enum err_scope scope, const char *fmt, va_list ap)
{
	if (e == NULL)
		return -1;
	e->scope = scope;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return -1;
}

int
err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, ERR_FATAL, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_setx(struct err *e, enum err_scope scope, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, scope, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_errno(struct err *e, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	size_t len;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	err_vset(e, ERR_FATAL, fmt, ap);
	va_end(ap);
	len = strlen(e->msg);
	snprintf(e->msg + len, sizeof(e->msg) - len, ": %s", strerror(saved));
	return -1;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char old[ERR_MSG_MAX];
	va_list ap;
	int n;

	if (e == NULL)
		return -1;
	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	n = vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n + 2 < sizeof(e->msg)) {
		size_t at = (size_t)n + 2, room = sizeof(e->msg) - at - 1;
		size_t len = strnlen(old, room);

		memcpy(e->msg + n, ": ", 2);
		memcpy(e->msg + at, old, len);	/* cut, never overflowed */
		e->msg[at + len] = '\0';
	}
	if (e->scope == ERR_NONE)
		e->scope = ERR_FATAL;
	return -1;
}

bool
err_isset(const struct err *e)
{
	return e->scope != ERR_NONE;
}
