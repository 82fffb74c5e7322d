/* mailcap.h: RFC 1524 mailcap files: which program views, prints or edits a MIME type, and its command made safe. */
#ifndef TAUBE_UTIL_MAILCAP_H
#define TAUBE_UTIL_MAILCAP_H

#include <stddef.h>

#include "util/vec.h"

struct buf;
struct err;

/* Limits: a file beyond them is refused with a message naming it. */
#define MAILCAP_FILE_MAX	(1024 * 1024)	/* bytes in one file */
#define MAILCAP_LINE_MAX	8192	/* bytes in one entry, continuations joined */
#define MAILCAP_ENTRIES_MAX	5000	/* entries in one file */
#define MAILCAP_PATHS_MAX	32	/* files named by $MAILCAPS */
#define MAILCAP_NAME_MAX	100	/* bytes in a temporary file name */
#define MAILCAP_TEST_OUTPUT_MAX	4096	/* output a test= command may write */

/* What a program is wanted for: mailcap_find's flags, mailcap_command's action. */
#define MAILCAP_VIEW		0x0	/* the view command (the second field) */
#define MAILCAP_PRINT		0x1	/* print= */
#define MAILCAP_EDIT		0x2	/* edit= */
#define MAILCAP_COMPOSE		0x3	/* compose= */
#define MAILCAP_ACTION		0x3	/* the mask of the four above */
/*
 * mailcap_find: only entries marked copiousoutput, whose output taube shows
 * in its pager (as mutt's auto_view does).
 */
#define MAILCAP_INLINE		0x10

/* Flags of an entry. Unknown flags in a file are ignored. */
#define MAILCAP_NEEDSTERMINAL	0x1	/* the program talks to the terminal */
#define MAILCAP_COPIOUSOUTPUT	0x2	/* it writes much text to stdout, no interaction */

/* mailcap_command's result when the command has no %s (see there). */
#define MAILCAP_STDIN		0x1

/*
 * One entry. Commands are templates for proc_expand_values: the file's
 * backslash escapes are resolved ("\;" is ';', "\\" is '\', and "\%" a
 * literal '%', kept as "%%"), so the rest is what the shell will read.
 */
struct mailcap_entry {
	char *type;		/* lower case; a bare "text" is stored with subtype "*" */
	char *view;		/* "" when the entry has none */
	char *test;		/* NULL when absent, as the ones below */
	char *print;
	char *edit;
	char *compose;
	char *composetyped;
	char *nametemplate;
	char *description;	/* text from the file, escapes resolved */
	char *x11_bitmap;
	unsigned flags;		/* MAILCAP_NEEDSTERMINAL | MAILCAP_COPIOUSOUTPUT */
	const char *file;	/* where it was read, for messages (owned by the mailcap) */
	size_t line;
};

/* The entries of every file read, in search order. */
struct mailcap {
	struct vec entries;	/* struct mailcap_entry */
	struct strvec files;	/* the names entry.file points into */
};

/* A MIME parameter of the part, for %{name} (names compare ignoring case). */
struct mailcap_param {
	const char *name;
	const char *value;
};

struct mailcap_params {
	const struct mailcap_param *list;
	size_t n;
};

void mailcap_init(struct mailcap *mc);
void mailcap_free(struct mailcap *mc);

/*
 * The files to read, in order, appended to out: the entries of $MAILCAPS
 * (colon-separated, empty ones skipped, at most MAILCAP_PATHS_MAX) when it
 * is set and not empty; else ~/.mailcap, /etc/mailcap (on Debian this holds
 * its "User Section" first, then what update-mime writes),
 * /usr/share/etc/mailcap, /usr/etc/mailcap, /usr/local/etc/mailcap.
 * A leading "~/" is expanded.
 */
void mailcap_default_paths(struct strvec *out);

/*
 * Reads the files paths[0..n) in order and appends their entries to mc. A
 * file that does not exist is skipped; one that cannot be read, or exceeds
 * a limit above, is an error naming it (and the line), and mc keeps what it
 * held before the call. Within a file: lines starting with '#' and blank
 * lines are skipped; a line ending in an odd number of backslashes goes on
 * on the next line; fields are separated by ';' ("\;" is none); field names
 * and the type compare ignoring case; a repeated named field counts as the
 * last one; an entry without a type and a view field is skipped, as readers
 * of mailcap files do.
 */
int mailcap_load(struct mailcap *mc, const char *const *paths, size_t n,
    struct err *e);

/*
 * The first entry, in file order, that matches type (a bare "type/subtype"
 * from the message, compared ignoring case; an entry whose subtype is "*"
 * matches every subtype, and one whose type is "*" every type), has a
 * command for the action in flags (MAILCAP_VIEW ...; with MAILCAP_INLINE
 * only copiousoutput entries) and whose test= command succeeds; NULL when
 * there is none. type must not be NULL.
 *
 * A test= comes from the person's own files and is trusted; it runs
 * through /bin/sh with stdin from /dev/null and stderr silenced, and its %t
 * and %{name} values (from the message) are expanded as in
 * mailcap_command. The part is not yet on disk when a program is chosen, so
 * a test that needs the file (%s) counts as failing. Tests run children and
 * wait for them: call this from a worker, never from the UI thread.
 */
const struct mailcap_entry *mailcap_find(const struct mailcap *mc,
    const char *type, const struct mailcap_params *params, unsigned flags);

/*
 * Appends to out the /bin/sh command for en's action (MAILCAP_VIEW ...) on
 * the file at path, which holds a part of the given type (neither may be
 * NULL). Everything that
 * comes from the message is passed as the value of a shell variable
 * (proc_expand_values), so that it reaches the program as one argument
 * with its exact bytes and is never read as shell code:
 *   %s		path ("./" in front when it starts with '-')
 *   %t		type; refused unless it is plainly type/subtype: letters,
 *		digits, '.', '+', '-' and '_', each half at most 127 bytes and
 *		starting with a letter or digit (every registered type does)
 *   %{name}	the parameter's value, "" when the part has none; refused
 *		when it starts with '-', so it cannot pass for an option
 *   %%		a literal %
 * Other % sequences (%n, %F) are copied as they are.
 *
 * Returns 0 when the command names the file. When a view or print command
 * has no %s, the file goes on its standard input, as RFC 1524 says: the
 * command then starts with a redirection of stdin from path (so it can be
 * run as it is) and MAILCAP_STDIN is returned. An edit or compose command
 * without %s, a missing command for the action, or a refused value gives
 * -1 with e set (ERR_MESSAGE) and out unchanged.
 */
int mailcap_command(struct buf *out, const struct mailcap_entry *en,
    unsigned action, const char *type, const char *path,
    const struct mailcap_params *params, struct err *e);

/*
 * Reads one mailcap file's text, data[0..len), as mailcap_load reads a
 * file (name is what messages call it); on -1, mc keeps what it had.
 */
int mailcap_parse(struct mailcap *mc, const char *name, const char *data, size_t len,
    struct err *e);

/*
 * A name for the temporary file that will hold the part (a name, not a
 * path: the caller puts it in a private directory of its own), allocated.
 * The attachment's name (may be NULL) is made safe: only what follows the
 * last '/' or '\' is kept; control characters, bytes that are not UTF-8,
 * Unicode direction overrides and the ASCII characters a shell or a
 * command line treats specially (anything but letters, digits, space and
 * ._-+,=@:) become '_'; a leading '-' or '.' becomes '_'; white space at
 * either end goes; an empty name becomes "attachment". en's nametemplate
 * (may be NULL), such as "%s.pdf", is then applied unless the name
 * already has its form (ignoring case), so that viewers which look at the
 * extension work. The result is at most MAILCAP_NAME_MAX bytes, cut on a
 * character boundary before the extension, which is kept.
 */
char *mailcap_temp_name(const struct mailcap_entry *en,
    const char *attachment_name);

#endif
