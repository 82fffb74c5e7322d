/* err.h: error values that travel up with a human message; only ui/ and cli/ decide how to show them. */
#ifndef TAUBE_UTIL_ERR_H
#define TAUBE_UTIL_ERR_H

#include <stdbool.h>

#define ERR_MSG_MAX 1024

/*
 * How much broke, from least to most: callers use this to decide whether to
 * go on with the next message, the next folder, the next account, or stop.
 */
enum err_scope {
	ERR_NONE = 0,
	ERR_MESSAGE,	/* one message could not be handled */
	ERR_FOLDER,	/* one folder is unusable */
	ERR_ACCOUNT,	/* the account (connection, login, config) is unusable */
	ERR_FATAL,	/* nothing sensible can go on */
};

struct err {
	enum err_scope scope;
	char msg[ERR_MSG_MAX];
};

/* Clears an error value. */
void err_clear(struct err *e);

/*
 * Sets the message (printf-style) with scope ERR_FATAL unless a narrower one
 * is given by err_setx. Always returns -1, so `return err_set(e, ...)` reads well.
 */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int err_setx(struct err *e, enum err_scope scope, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like err_set, with ": strerror(errno)" appended. */
int err_errno(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Puts "prefix: " in front of the current message (to add context on the way up). Returns -1. */
int err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

bool err_isset(const struct err *e);

#endif
