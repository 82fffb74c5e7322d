/* json.h: streaming JSON writer for --json output; what it writes is always valid JSON and UTF-8. */
#ifndef TAUBE_UTIL_JSON_H
#define TAUBE_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct err;

#define JSON_MAX_DEPTH	64

#define JSON_PRETTY	0x1	/* two-space indents; the default is compact, one line */

/*
 * One writer writes one value (usually an object). Commas, colons and, in
 * pretty mode, indentation are its business. A misuse (a value without a key
 * in an object, a key in an array, an end that does not match, nesting
 * deeper than JSON_MAX_DEPTH, a second top-level value) stops all further
 * output and is reported by json_finish.
 */
struct json_writer {
	struct buf *out;
	unsigned flags;
	int depth;
	bool have_key;		/* a key was written; its value comes next */
	bool done;		/* the top-level value is complete */
	const char *misuse;	/* the first misuse, or NULL */
	char open[JSON_MAX_DEPTH];	/* '{' or '[' for each open level */
	size_t count[JSON_MAX_DEPTH];	/* members written so far at each level */
};

void json_init(struct json_writer *w, struct buf *out, unsigned flags);
/* 0 when exactly one complete value was written; -1 with the reason otherwise. */
int json_finish(const struct json_writer *w, struct err *e);

void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);
void json_key(struct json_writer *w, const char *name);

/*
 * Writes a string value. Control characters, DEL and C1 controls are
 * escaped, ill-formed UTF-8 becomes U+FFFD. json_string(w, NULL) writes null.
 */
void json_string(struct json_writer *w, const char *s);
void json_string_len(struct json_writer *w, const char *s, size_t len);
void json_int(struct json_writer *w, int64_t v);
void json_uint(struct json_writer *w, uint64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

#endif
