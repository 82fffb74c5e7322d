/*
 * ini.h: the INI reader behind the configuration file.
 *
 * Written here rather than taken from libinih because Debian's inih cuts lines
 * at 200 bytes and parses the rest as a new line (a long password_cmd would be
 * mangled), gives the handler no line number, and never reports an empty
 * section. This one has no line limit below INI_MAX_LINE, reports every item
 * with its line, and says exactly what is wrong.
 *
 * Syntax: `[section]` or `[section name]`; `key = value`; lines starting with
 * `;` or `#` are comments; ` ;` (white space, then `;`) starts a trailing
 * comment; a value in double quotes keeps its spaces and may contain `;`,
 * with `\"` and `\\` as escapes.
 */
#ifndef TAUBE_CONF_INI_H
#define TAUBE_CONF_INI_H

#include <stddef.h>

#include "util/err.h"

#define INI_MAX_LINE (64 * 1024)
#define INI_MAX_SIZE (1024 * 1024)

struct ini_item {
	const char *section;	/* "" before the first section header */
	const char *key;	/* NULL for a section header itself */
	const char *value;	/* NULL for a section header */
	unsigned line;
};

/*
 * Called for each section header and each key. Returns 0 to go on, -1 to stop
 * with e filled (the reader then prefixes the line number).
 */
typedef int (*ini_handler)(void *ctx, const struct ini_item *item, struct err *e);

/*
 * Parses text (len bytes, need not be NUL-terminated). On error returns -1
 * and e reads "NAME:LINE: what is wrong", NAME being the file's name.
 */
int ini_parse(const char *name, const char *text, size_t len, ini_handler fn,
    void *ctx, struct err *e);

#endif
