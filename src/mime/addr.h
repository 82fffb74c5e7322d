/* addr.h: RFC 5322 addresses: mailbox lists, groups, display names; parsing and writing. */
#ifndef TAUBE_MIME_ADDR_H
#define TAUBE_MIME_ADDR_H

#include <stddef.h>

#include "util/err.h"
#include "util/vec.h"

struct buf;

struct mime_addr {
	char *name;	/* display name decoded to UTF-8 (RFC 2047, quotes and
			 * escapes removed, comments used when there is no
			 * name: "a@b (Anne)"), or NULL */
	char *email;	/* local@domain, as written but with quotes of the local
			 * part kept and CFWS removed; NULL for an empty group or
			 * a name without any address */
	char *group;	/* the group this mailbox belongs to, or NULL */
};

/*
 * Parses an address-list value (unfolded or not) and appends struct
 * mime_addr to out. Lenient: display names with commas in quotes, comments,
 * encoded words (also inside quotes, as Outlook writes them), obsolete routes
 * (<@a,@b:x@y>), a bare <addr>, a bare addr, a missing '>', raw UTF-8, groups
 * ("Team: a@x, b@y;" gives two addresses with group "Team";
 * "undisclosed-recipients:;" gives none). Stops after MIME_MAX_ADDRS.
 * Never fails; returns the number of addresses appended.
 */
size_t mime_addr_parse(struct vec *out, const char *value, size_t len);

void mime_addr_free(struct mime_addr *a);
/* Frees every address in v, then v. */
void mime_addr_list_free(struct vec *v);

/*
 * Parses one address as a person types it on a command line ("Anne <a@b>",
 * "a@b"). Refuses CR, LF, NUL and anything that is not exactly one mailbox,
 * with e saying why: addresses given to SMTP must be clean.
 */
int mime_addr_parse_one(struct mime_addr *a, const char *text, struct err *e);

/*
 * Writes one address for a header (RFC 2047-encoded name when needed,
 * "name <email>" or "email"), starting at column col; folds before it when the
 * line would pass 78 characters. Returns the new column.
 */
size_t mime_addr_write(struct buf *out, const struct mime_addr *a, size_t col);

/* "Anne Example <anne@example.test>" in UTF-8, for display; not made visible. */
void mime_addr_display(struct buf *out, const struct mime_addr *a);

#endif
