/*
 * imap-cmd.h: building IMAP commands safely, and modified UTF-7 mailbox names.
 *
 * A command is built argument by argument; each argument is written in a
 * form the server cannot misread (an atom only when every byte is an atom
 * character, else a quoted string with '"' and '\' escaped, else a literal),
 * so no text that came from a person or a message can end the command early
 * or start another. A refused argument (a NUL, or CR or LF where only a
 * quoted string may go) is remembered, and imap_cmd_end reports it: the
 * caller checks once, at the end.
 *
 * A synchronising literal ("{n}") makes the command wait for the server's
 * "+" before the literal's bytes: the command then comes out in parts, and
 * the sender sends part i + 1 only after a continuation response.
 */
#ifndef TAUBE_NET_IMAP_CMD_H
#define TAUBE_NET_IMAP_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/vec.h"

struct imap_seqset;

#define IMAP_CMD_LITERAL_PLUS	0x1	/* the server has LITERAL+: literals never wait */
#define IMAP_CMD_LITERAL_MINUS	0x2	/* LITERAL- (RFC 7888): literals up to 4096 bytes do not wait */
#define IMAP_CMD_UTF8		0x4	/* UTF8=ACCEPT is enabled: UTF-8 may be quoted, names are not mUTF-7 */

#define IMAP_LITERAL_MINUS_MAX	4096	/* RFC 7888 */
/* Longer strings go as literals: some servers cap the length of a quoted string. */
#define IMAP_QUOTED_MAX		1024

struct imap_cmd {
	struct buf out;		/* the command as it goes on the wire */
	struct vec waits;	/* size_t: offsets into out after which a "+" is awaited */
	unsigned flags;		/* IMAP_CMD_* */
	bool space;		/* the next argument needs a space before it */
	size_t depth;		/* lists opened and not closed */
	struct err err;		/* the first refused argument */
};

void imap_cmd_init(struct imap_cmd *c, unsigned flags);
void imap_cmd_free(struct imap_cmd *c);

/* Starts "TAG NAME" afresh ("A12", "UID FETCH"). The tag must be a valid tag. */
int imap_cmd_begin(struct imap_cmd *c, const char *tag, const char *name);

/* Adds text as it is ("(UID FLAGS)", "BODY.PEEK[]"): for the caller's own syntax, never for data. */
int imap_cmd_raw(struct imap_cmd *c, const char *text);

int imap_cmd_number(struct imap_cmd *c, uint64_t n);
int imap_cmd_seqset(struct imap_cmd *c, const struct imap_seqset *set);
/* A sorted list of UIDs as a compact set. */
int imap_cmd_uids(struct imap_cmd *c, const uint32_t *uids, size_t n);

/* An astring: an atom when it can be one, else a quoted string, else a literal. */
int imap_cmd_astring(struct imap_cmd *c, const char *s, size_t len);

/* A string (never an atom): quoted when it can be, else a literal. */
int imap_cmd_string(struct imap_cmd *c, const char *s, size_t len);

/* A quoted string; refuses NUL, CR, LF, and 8-bit bytes without IMAP_CMD_UTF8. */
int imap_cmd_quoted(struct imap_cmd *c, const char *s, size_t len);

/* A literal; refuses NUL (RFC 3501 literals carry CHAR8). */
int imap_cmd_literal(struct imap_cmd *c, const char *s, size_t len);

/* A mailbox name given in UTF-8: modified UTF-7 unless IMAP_CMD_UTF8, INBOX in capitals. */
int imap_cmd_mailbox(struct imap_cmd *c, const char *utf8, size_t len);

/* "(" and ")" around a list of arguments. */
int imap_cmd_open(struct imap_cmd *c);
int imap_cmd_close(struct imap_cmd *c);

/* A date-time for APPEND, "\"17-Jul-1996 09:44:25 +0000\"". */
int imap_cmd_datetime(struct imap_cmd *c, int64_t utc);
/* A date for SEARCH SINCE/BEFORE, "17-Jul-1996". */
int imap_cmd_date(struct imap_cmd *c, int64_t utc);

/* Ends the command with CRLF. Returns 0, or -1 with the first refused argument in e. */
int imap_cmd_end(struct imap_cmd *c, struct err *e);

/*
 * The command in parts: the sender sends part 0, and each further part only
 * after the server answered the one before with "+". One part when no
 * literal waits.
 */
size_t imap_cmd_parts(const struct imap_cmd *c);
void imap_cmd_part(const struct imap_cmd *c, size_t i, const char **data, size_t *len);

/*
 * Modified UTF-7 (RFC 3501 5.1.3), for mailbox names when UTF8=ACCEPT is
 * not on. Encoding appends the name for utf8[0..len); it fails (appending
 * nothing) on ill-formed UTF-8 or a NUL. Decoding appends UTF-8 and returns
 * 0, or 1 when the input was not canonical modified UTF-7: then each
 * ill-formed piece became U+FFFD (a run that is not valid base64 of UTF-16,
 * or that encodes a printable ASCII character; a raw byte outside printable
 * ASCII), and the name should be used as sent, never re-encoded.
 */
int imap_mutf7_encode(struct buf *out, const char *utf8, size_t len, struct err *e);
int imap_mutf7_decode(struct buf *out, const char *s, size_t len);

#endif
