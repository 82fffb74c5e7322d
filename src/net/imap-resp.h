/*
 * imap-resp.h: typed readers over parsed IMAP responses, one per response
 * the engine acts on, and sequence sets both ways.
 *
 * Lifetimes: what a reader fills in points into the response (strings,
 * section data, sub-trees) and is valid as long as the response is, except
 * struct imap_caps, which holds copies because a session keeps it. Structs
 * that hold a vector have an init and a free function; the free function
 * frees only the vector, never the response.
 *
 * Errors: a reader returns -1 when the response is not the shape RFC 3501
 * and its extensions give it. The FETCH reader gives ERR_MESSAGE (one
 * message's data is bad, the session is still in step); the others
 * ERR_ACCOUNT.
 */
#ifndef TAUBE_NET_IMAP_RESP_H
#define TAUBE_NET_IMAP_RESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/imap-parse.h"
#include "util/vec.h"

struct buf;
struct err;

/* What a response is, from its first words; the readers below check the rest. */
enum imap_type {
	IMAP_T_OTHER,		/* nothing the engine needs: ID, NAMESPACE, QUOTA ... */
	IMAP_T_STATUS,		/* tagged, or untagged OK, NO, BAD, BYE, PREAUTH */
	IMAP_T_CONTINUE,	/* "+" */
	IMAP_T_EXISTS,		/* "* n EXISTS" */
	IMAP_T_EXPUNGE,
	IMAP_T_RECENT,
	IMAP_T_FETCH,
	IMAP_T_FLAGS,
	IMAP_T_CAPABILITY,
	IMAP_T_ENABLED,
	IMAP_T_LIST,
	IMAP_T_LSUB,
	IMAP_T_MAILBOX_STATUS,	/* "* STATUS name (...)" */
	IMAP_T_SEARCH,
	IMAP_T_ESEARCH,
	IMAP_T_VANISHED,
};

enum imap_type imap_resp_type(const struct imap_response *r);

/* The n of "* n EXISTS", EXPUNGE, RECENT, FETCH: nonzero except for EXISTS and RECENT. */
int imap_resp_number(const struct imap_response *r, uint32_t *n, struct err *e);

/* Status responses */

enum imap_cond {
	IMAP_OK,
	IMAP_NO,
	IMAP_BAD,
	IMAP_BYE,	/* untagged only */
	IMAP_PREAUTH,	/* untagged only */
};

struct imap_status {
	enum imap_cond cond;
	const char *tag;		/* NULL when untagged */
	const struct imap_code *code;	/* NULL when none */
	const char *text;		/* the human text; may be "" */
	size_t text_len;
};

int imap_resp_status(const struct imap_response *r, struct imap_status *st, struct err *e);

/* [UIDVALIDITY n], [UIDNEXT n], [UNSEEN n], [HIGHESTMODSEQ n] ...: true when r has that code with a number. */
bool imap_code_number(const struct imap_response *r, const char *name, uint64_t *n);

/* Sequence sets */

#define IMAP_STAR	0	/* "*": the largest number in use; 0 is never a message number */

/* lo <= hi, except that hi may be IMAP_STAR (then lo may be too: "*" alone). */
struct imap_range {
	uint32_t lo, hi;
};

struct imap_seqset {
	struct vec ranges;	/* struct imap_range, in the order written */
};

void imap_seqset_init(struct imap_seqset *set);
void imap_seqset_free(struct imap_seqset *set);
void imap_seqset_clear(struct imap_seqset *set);

/* Adds lo:hi (either order; IMAP_STAR allowed), merging it into the last range when they touch. */
void imap_seqset_add(struct imap_seqset *set, uint32_t lo, uint32_t hi);

/* Appends the ranges of "1:5,7,9:*" (either order in a range). Returns 0, or -1 on anything else. */
int imap_seqset_parse(struct imap_seqset *set, const char *s, size_t len, struct err *e);

/* Appends the set as IMAP writes it; an empty set writes nothing. */
void imap_seqset_format(struct buf *out, const struct imap_seqset *set);

/* How many numbers the set names; ranges ending in '*' are not counted. */
uint64_t imap_seqset_count(const struct imap_seqset *set);

bool imap_seqset_contains(const struct imap_seqset *set, uint32_t n);

/* Appends every number in the set to out (uint32_t); -1 past max numbers or with a '*'. */
int imap_seqset_expand(const struct imap_seqset *set, struct vec *out, size_t max, struct err *e);

/*
 * Appends the UIDs as a compact set: "1:3,7,9:12" for 1 2 3 7 9 10 11 12.
 * Made for a sorted list (repeats merge); an unsorted one still gives a
 * correct set, only a longer one. Zeros are skipped.
 */
void imap_uids_format(struct buf *out, const uint32_t *uids, size_t n);

/* Response codes with sets */

/* [APPENDUID uidvalidity uid-set] (RFC 4315): set gets the new UIDs. */
int imap_code_appenduid(const struct imap_response *r, uint32_t *uidvalidity,
    struct imap_seqset *uids, struct err *e);

/* [COPYUID uidvalidity from-set to-set] (RFC 4315), after COPY or MOVE. */
int imap_code_copyuid(const struct imap_response *r, uint32_t *uidvalidity,
    struct imap_seqset *from, struct imap_seqset *to, struct err *e);

/* A code whose argument is a set, e.g. [MODIFIED 7,9] (RFC 7162). */
int imap_code_seqset(const struct imap_response *r, const char *name,
    struct imap_seqset *set, struct err *e);

/* Flags */

#define IMAP_FLAG_SEEN		0x01
#define IMAP_FLAG_ANSWERED	0x02
#define IMAP_FLAG_FLAGGED	0x04
#define IMAP_FLAG_DELETED	0x08
#define IMAP_FLAG_DRAFT		0x10
#define IMAP_FLAG_RECENT	0x20
#define IMAP_FLAG_ANY_KEYWORD	0x40	/* "\*" in PERMANENTFLAGS: new keywords may be made */

struct imap_flags {
	unsigned bits;		/* IMAP_FLAG_* */
	struct vec keywords;	/* const char *: the other flags as sent ("$Forwarded", "\Junk") */
};

void imap_flags_init(struct imap_flags *f);
void imap_flags_free(struct imap_flags *f);

/* Reads a parenthesised flag list, replacing what f held. */
int imap_flags_read(const struct imap_value *list, struct imap_flags *f, struct err *e);

/* "* FLAGS (...)" */
int imap_resp_flags(const struct imap_response *r, struct imap_flags *f, struct err *e);

/* [PERMANENTFLAGS (...)] */
int imap_code_permanentflags(const struct imap_response *r, struct imap_flags *f, struct err *e);

/* Capabilities */

#define IMAP_CAP_IMAP4REV1		(UINT64_C(1) << 0)
#define IMAP_CAP_IMAP4REV2		(UINT64_C(1) << 1)
#define IMAP_CAP_IDLE			(UINT64_C(1) << 2)
#define IMAP_CAP_LITERAL_PLUS		(UINT64_C(1) << 3)
#define IMAP_CAP_LITERAL_MINUS		(UINT64_C(1) << 4)
#define IMAP_CAP_UIDPLUS		(UINT64_C(1) << 5)
#define IMAP_CAP_MOVE			(UINT64_C(1) << 6)
#define IMAP_CAP_CONDSTORE		(UINT64_C(1) << 7)
#define IMAP_CAP_QRESYNC		(UINT64_C(1) << 8)
#define IMAP_CAP_ESEARCH		(UINT64_C(1) << 9)
#define IMAP_CAP_SPECIAL_USE		(UINT64_C(1) << 10)
#define IMAP_CAP_LIST_STATUS		(UINT64_C(1) << 11)
#define IMAP_CAP_LIST_EXTENDED		(UINT64_C(1) << 12)
#define IMAP_CAP_ENABLE			(UINT64_C(1) << 13)
#define IMAP_CAP_UTF8_ACCEPT		(UINT64_C(1) << 14)
#define IMAP_CAP_BINARY			(UINT64_C(1) << 15)
#define IMAP_CAP_NAMESPACE		(UINT64_C(1) << 16)
#define IMAP_CAP_ID			(UINT64_C(1) << 17)
#define IMAP_CAP_SASL_IR		(UINT64_C(1) << 18)
#define IMAP_CAP_STARTTLS		(UINT64_C(1) << 19)
#define IMAP_CAP_LOGINDISABLED		(UINT64_C(1) << 20)
#define IMAP_CAP_COMPRESS_DEFLATE	(UINT64_C(1) << 21)
#define IMAP_CAP_UNSELECT		(UINT64_C(1) << 22)
#define IMAP_CAP_CHILDREN		(UINT64_C(1) << 23)
#define IMAP_CAP_MULTIAPPEND		(UINT64_C(1) << 24)
#define IMAP_CAP_SEARCHRES		(UINT64_C(1) << 25)
#define IMAP_CAP_SORT			(UINT64_C(1) << 26)
#define IMAP_CAP_OBJECTID		(UINT64_C(1) << 27)
#define IMAP_CAP_APPENDLIMIT		(UINT64_C(1) << 28)	/* with or without "=n" */

struct imap_caps {
	uint64_t bits;		/* IMAP_CAP_* that were named */
	struct strvec names;	/* every one as sent ("AUTH=PLAIN", "I18NLEVEL=1") */
};

void imap_caps_init(struct imap_caps *c);
void imap_caps_free(struct imap_caps *c);

/* Any capability by name, ignoring ASCII case: imap_caps_has(c, "AUTH=XOAUTH2"). */
bool imap_caps_has(const struct imap_caps *c, const char *name);

/* "* CAPABILITY ..." or "* ENABLED ...", replacing what c held. */
int imap_resp_capability(const struct imap_response *r, struct imap_caps *c, struct err *e);

/* [CAPABILITY ...] in a status response, replacing what c held. */
int imap_code_capability(const struct imap_response *r, struct imap_caps *c, struct err *e);

/* LIST and LSUB */

#define IMAP_MBOX_NOSELECT	0x00001
#define IMAP_MBOX_NOINFERIORS	0x00002
#define IMAP_MBOX_HASCHILDREN	0x00004
#define IMAP_MBOX_HASNOCHILDREN	0x00008
#define IMAP_MBOX_MARKED	0x00010
#define IMAP_MBOX_UNMARKED	0x00020
#define IMAP_MBOX_NONEXISTENT	0x00040
#define IMAP_MBOX_SUBSCRIBED	0x00080
#define IMAP_MBOX_REMOTE	0x00100
#define IMAP_MBOX_ALL		0x00200	/* special use, RFC 6154 */
#define IMAP_MBOX_ARCHIVE	0x00400
#define IMAP_MBOX_DRAFTS	0x00800
#define IMAP_MBOX_FLAGGED	0x01000
#define IMAP_MBOX_JUNK		0x02000
#define IMAP_MBOX_SENT		0x04000
#define IMAP_MBOX_TRASH		0x08000
#define IMAP_MBOX_IMPORTANT	0x10000	/* RFC 8457 */

struct imap_list {
	unsigned attrs;		/* IMAP_MBOX_* */
	char delim;		/* hierarchy delimiter; '\0' when NIL (a flat namespace) */
	const char *name;	/* as sent: modified UTF-7 unless UTF8=ACCEPT is on; INBOX in capitals */
	size_t name_len;
	const char *oldname;	/* LIST-EXTENDED ("OLDNAME" (name)), or NULL */
	bool child_subscribed;	/* ("CHILDINFO" ("SUBSCRIBED")) */
};

int imap_resp_list(const struct imap_response *r, struct imap_list *l, struct err *e);

/* STATUS (also the answer LIST-STATUS adds after a LIST) */

#define IMAP_STATUS_MESSAGES		0x01
#define IMAP_STATUS_RECENT		0x02
#define IMAP_STATUS_UIDNEXT		0x04
#define IMAP_STATUS_UIDVALIDITY		0x08
#define IMAP_STATUS_UNSEEN		0x10
#define IMAP_STATUS_HIGHESTMODSEQ	0x20
#define IMAP_STATUS_SIZE		0x40
#define IMAP_STATUS_DELETED		0x80

struct imap_mailbox_status {
	const char *name;	/* as sent; INBOX in capitals */
	unsigned have;		/* IMAP_STATUS_*: which of the following were sent */
	uint32_t messages, recent, uidnext, uidvalidity, unseen, deleted;
	uint64_t highestmodseq, size;
};

int imap_resp_mailbox_status(const struct imap_response *r, struct imap_mailbox_status *st,
    struct err *e);

/* SEARCH and ESEARCH */

/* "* SEARCH 2 84 882 (MODSEQ 9)": appends the numbers (uint32_t) to nums; *modseq is 0 without one. */
int imap_resp_search(const struct imap_response *r, struct vec *nums, uint64_t *modseq,
    struct err *e);

#define IMAP_ESEARCH_MIN	0x01
#define IMAP_ESEARCH_MAX	0x02
#define IMAP_ESEARCH_COUNT	0x04
#define IMAP_ESEARCH_ALL	0x08
#define IMAP_ESEARCH_MODSEQ	0x10

struct imap_esearch {
	const char *tag;	/* of the command it answers (TAG "A5"), or NULL */
	bool uid;		/* numbers are UIDs */
	unsigned have;		/* IMAP_ESEARCH_* */
	uint32_t min, max, count;
	uint64_t modseq;
	struct imap_seqset all;
};

void imap_esearch_init(struct imap_esearch *es);
void imap_esearch_free(struct imap_esearch *es);
/* Reads "* ESEARCH ..." into es (initialised; what it held is replaced). */
int imap_resp_esearch(const struct imap_response *r, struct imap_esearch *es, struct err *e);

/* "* VANISHED (EARLIER) 1:5,9" (RFC 7162): appends the UIDs to uids. */
int imap_resp_vanished(const struct imap_response *r, bool *earlier, struct imap_seqset *uids,
    struct err *e);

/* FETCH */

#define IMAP_FETCH_UID		0x01
#define IMAP_FETCH_FLAGS	0x02
#define IMAP_FETCH_INTERNALDATE	0x04
#define IMAP_FETCH_SIZE		0x08
#define IMAP_FETCH_MODSEQ	0x10
#define IMAP_FETCH_BODYSTRUCTURE 0x20	/* BODYSTRUCTURE, or BODY without a section */
#define IMAP_FETCH_ENVELOPE	0x40

/* One piece of message data: BODY[...], BINARY[...], RFC822, RFC822.HEADER, RFC822.TEXT. */
struct imap_section {
	const char *name;	/* the item as sent: "BODY[HEADER.FIELDS (FROM)]<0>" */
	bool partial;		/* there was an <origin> */
	uint64_t origin;
	const char *data;	/* NULL when the server sent NIL */
	size_t len;
};

struct imap_fetch {
	uint32_t seq;
	unsigned have;			/* IMAP_FETCH_*: which of the following were sent */
	uint32_t uid;
	struct imap_flags flags;
	int64_t internaldate;		/* seconds since the epoch, UTC */
	uint64_t size;			/* RFC822.SIZE */
	uint64_t modseq;
	const struct imap_value *bodystructure;	/* the tree as sent */
	const struct imap_value *envelope;
	struct vec sections;		/* struct imap_section */
};

void imap_fetch_init(struct imap_fetch *f);
void imap_fetch_free(struct imap_fetch *f);

/*
 * Reads "* n FETCH (...)" into f (initialised; what it held is replaced).
 * Items it does not know (X-GM-MSGID, PREVIEW ...) are skipped.
 */
int imap_resp_fetch(const struct imap_response *r, struct imap_fetch *f, struct err *e);

/*
 * The section answering what the command asked for, named as the command
 * named it: "BODY.PEEK[HEADER.FIELDS (From Subject)]<0.2048>" finds
 * "BODY[HEADER.FIELDS (FROM SUBJECT)]<0>": case, ".PEEK", the partial
 * range, quotes and extra spaces do not matter. NULL when there is none.
 */
const struct imap_section *imap_fetch_section(const struct imap_fetch *f, const char *item);

/* "17-Jul-1996 02:44:25 -0700" (date-time, RFC 3501) to seconds since the epoch, UTC. */
int imap_date_parse(const char *s, size_t len, int64_t *utc);

#endif
