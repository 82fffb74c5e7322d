/*
 * imap-parse.h: a push parser for IMAP server responses (RFC 3501, RFC 9051).
 *
 * Bytes go in as they come off the connection, in chunks of any size cut
 * anywhere; complete responses come out as a tree of values. The parser
 * knows the grammar well enough to stay in step whatever a literal holds:
 * literal bytes are counted, never scanned, so a message body that contains
 * "\r\nA001 OK done\r\n" stays data. It is lenient where servers are sloppy
 * (bare LF line ends, missing text after OK, 8-bit bytes, atoms with
 * characters RFC 3501 reserves) and strict where leniency could desynchronise
 * the session (literal framing, quoted strings, parentheses).
 *
 * No I/O: the caller reads the connection and feeds what it read.
 */
#ifndef TAUBE_NET_IMAP_PARSE_H
#define TAUBE_NET_IMAP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/vec.h"

struct err;

/*
 * Hard caps. Past one, the parser fails with a message naming the cap: a
 * server that sends such a response is broken or hostile, and the session
 * cannot be trusted to be in step any more.
 *
 * The line cap counts every byte of one response outside its literals. It is
 * well above the 1 MiB that would do for FETCH, because an untagged SEARCH on
 * a large mailbox puts every matching number on one line (about 1.2 million
 * seven-digit UIDs fit in 8 MiB); servers with ESEARCH send ranges instead.
 */
#define IMAP_MAX_LINE		(8u << 20)	/* bytes of one response, literals excluded */
#define IMAP_MAX_LITERAL	(256u << 20)	/* default: literal bytes in one response */
#define IMAP_MAX_DEPTH		64		/* nested parenthesised lists */
#define IMAP_MAX_LIST_ITEMS	100000		/* items in one list */
#define IMAP_MAX_VALUES		1000000		/* values in one response, all levels */
#define IMAP_MAX_TAG		64		/* bytes in a tag */

enum imap_kind {
	IMAP_ATOM,	/* also "\Seen", "1:5,7", "BODY[HEADER.FIELDS (FROM)]<0>" */
	IMAP_NUMBER,	/* digits only, up to UINT64_MAX; num holds the value */
	IMAP_STRING,	/* a quoted string, escapes removed */
	IMAP_LITERAL,	/* {n} or ~{n}; may hold NUL bytes */
	IMAP_NIL,
	IMAP_LIST,
};

/*
 * One value. data is NUL-terminated for every kind ("" for NIL and lists),
 * so atoms and strings read as C strings; a number keeps its digits. The
 * bytes belong to the response and live as long as it does.
 */
struct imap_value {
	enum imap_kind kind;
	const char *data;
	size_t len;
	uint64_t num;		/* IMAP_NUMBER */
	struct vec list;	/* IMAP_LIST: struct imap_value */
	size_t off;		/* private: where data lies while the response grows */
};

/*
 * A response code, "[UIDVALIDITY 5]". args are read with the value grammar
 * when they can be; when they cannot (an unknown code with free text), args
 * stay empty and raw still holds what was sent.
 */
struct imap_code {
	const char *name;	/* "UIDVALIDITY" as sent; NULL: no code */
	const char *raw;	/* the arguments as sent, between the name and ']' */
	size_t raw_len;
	struct vec args;	/* struct imap_value */
	size_t name_off, raw_off;	/* private */
};

enum imap_resp_kind {
	IMAP_RESP_TAGGED,	/* "A12 OK [CODE] text" */
	IMAP_RESP_UNTAGGED,	/* "* ..." */
	IMAP_RESP_CONTINUE,	/* "+ text" */
};

/*
 * A complete response. For status responses (a tagged one, or an untagged
 * OK, NO, BAD, BYE or PREAUTH) values holds the status word alone and the
 * rest is code and text; for other untagged ones values holds everything
 * after "*" ("5", "EXISTS"); for a continuation values is empty.
 */
struct imap_response {
	enum imap_resp_kind kind;
	char tag[IMAP_MAX_TAG + 1];	/* the tag, or "*" or "+" */
	struct vec values;		/* struct imap_value */
	struct imap_code code;
	const char *text;		/* human text after the code, "" when none */
	size_t text_len;
	struct buf data;		/* private: owns every byte above */
	size_t nvalues, line_bytes, literal_bytes, text_off;	/* private */
};

struct imap_parser;

/* A parser for one connection, with the default caps. */
struct imap_parser *imap_parser_new(void);
void imap_parser_free(struct imap_parser *p);

/* Forgets everything buffered and any failure, as for a new connection. */
void imap_parser_reset(struct imap_parser *p);

/* Changes the literal cap (bytes of all literals in one response). */
void imap_parser_set_max_literal(struct imap_parser *p, uint64_t bytes);

/*
 * Takes len bytes, any amount, cut anywhere. Complete responses queue up
 * for imap_parser_next. Returns 0, or -1 once the input broke the protocol:
 * then the rest is ignored until imap_parser_reset, and imap_parser_next
 * reports the failure after the responses that came before it.
 */
int imap_parser_feed(struct imap_parser *p, const void *data, size_t len);

/*
 * Takes the oldest complete response: returns 1 and sets *out (the caller
 * frees it with imap_response_free), 0 when more input is needed, -1 when the
 * input broke the protocol (e says how; the connection is out of step and
 * must be dropped).
 */
int imap_parser_next(struct imap_parser *p, struct imap_response **out, struct err *e);

/*
 * True when no response is half read: at the end of the connection, false
 * means the server went away mid-response (mid-literal, say).
 */
bool imap_parser_at_boundary(const struct imap_parser *p);

/*
 * While a literal is arriving, its size and how much of it is in: for a
 * progress display of a large FETCH. Returns false between literals.
 */
bool imap_parser_literal_progress(const struct imap_parser *p, uint64_t *got, uint64_t *total);

void imap_response_free(struct imap_response *r);
/* Frees r, or keeps its memory for the parser's next response (r came from p). */
void imap_parser_recycle(struct imap_parser *p, struct imap_response *r);

/* The i-th top-level value, or NULL past the end. */
const struct imap_value *imap_response_value(const struct imap_response *r, size_t i);

/* The i-th item of a list, or NULL past the end or when v is not a list. */
const struct imap_value *imap_list_item(const struct imap_value *v, size_t i);

/* Items in a list; 0 for anything else. */
size_t imap_list_len(const struct imap_value *v);

/* True when v is an atom equal to word, ignoring ASCII case. */
bool imap_value_is(const struct imap_value *v, const char *word);

/* True when v carries bytes a reader may take as a string: atom, number, string, literal. */
bool imap_value_is_string(const struct imap_value *v);

/* True when v is a string (as above) with no NUL byte: safe to use as a C string. */
bool imap_value_is_cstring(const struct imap_value *v);

/* True when the response has a code called name (ignoring ASCII case). */
bool imap_code_is(const struct imap_response *r, const char *name);

#endif
