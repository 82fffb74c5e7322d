/*
 * imap-lex.h: the value grammar of IMAP responses, private to net/: atoms,
 * numbers, quoted strings, literal markers and parenthesised lists, read
 * from one complete line segment at a time (imap-parse.c does the framing).
 */
#ifndef TAUBE_NET_IMAP_LEX_H
#define TAUBE_NET_IMAP_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/imap-parse.h"

struct err;

/* How imap_lex_values stopped. */
enum imap_lex_rc {
	IMAP_LEX_ERR = -1,
	IMAP_LEX_END,		/* the segment ended */
	IMAP_LEX_LITERAL,	/* it ended in a literal marker */
	IMAP_LEX_CODE_END,	/* the ']' closing a response code */
};

/* Where the reading stands; the open lists survive from one segment to the next. */
struct imap_lexer {
	struct imap_response *r;
	struct vec *root;				/* where top-level values go */
	struct imap_value *stack[IMAP_MAX_DEPTH];	/* open lists */
	size_t depth;
	bool code;		/* inside "[...]": ']' ends atoms and the code */
	uint64_t max_literal;	/* literal bytes allowed in the response */
	struct err *err;
};

void imap_lex_init(struct imap_lexer *lx, struct imap_response *r, struct vec *root, bool code,
    uint64_t max_literal, struct err *e);

/* Sets e (with scope ERR_ACCOUNT) to "IMAP server: " and the message; returns -1. */
int imap_lex_fail(struct imap_lexer *lx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Adds a value holding s[0..len), copied into the response and NUL-terminated; -1 past a cap. */
int imap_lex_push_bytes(struct imap_lexer *lx, enum imap_kind kind, const char *s, size_t len,
    uint64_t num);

/*
 * Reads values from s[*pos] to the end of the segment s[0..n), to a literal
 * marker (its size in *litlen; the literal's value is added, its bytes are
 * the caller's to append), or to the ']' of a code. Leaves *pos after what
 * it read.
 */
int imap_lex_values(struct imap_lexer *lx, const char *s, size_t n, size_t *pos, uint64_t *litlen);

/* Frees the values of v, lists and all (never deeper than IMAP_MAX_DEPTH). */
void imap_values_free(struct vec *v);

#endif
