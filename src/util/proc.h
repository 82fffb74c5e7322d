/* proc.h: child processes through /bin/sh -c (password_cmd, $EDITOR, mailcap); nowhere else forks. */
#ifndef TAUBE_UTIL_PROC_H
#define TAUBE_UTIL_PROC_H

#include <stddef.h>

struct buf;
struct err;

/*
 * Runs `/bin/sh -c shell_cmd` with stdin from /dev/null, appends what it
 * writes to stdout to out, lets its stderr through, and waits for it. Every
 * descriptor beyond 2 is closed in the child and signals start at their
 * defaults, unblocked.
 *
 * Returns 0 when the command exited with status 0 and wrote at most max bytes.
 * Otherwise -1, with a message naming the command, such as
 * "`pass show mail/work` exited with status 3" (callers add what the command
 * was for with err_prefix). Output beyond max is refused: the pipe is closed
 * and the child sent SIGTERM. out keeps what was read (at most max bytes)
 * even on -1. *exit_status (if not NULL) gets the status as the shell's $?
 * does (128 + the signal number for a killed child), or -1 if it never ran.
 *
 * Blocks until the child is done: call it from a worker, not the UI thread.
 * SIGCHLD must not be ignored (the child could not be waited for).
 */
int proc_run_capture(const char *shell_cmd, struct buf *out, size_t max,
    int *exit_status, struct err *e);

/*
 * Runs `/bin/sh -c shell_cmd` on the terminal taube runs on (for $EDITOR) and
 * waits; SIGINT and SIGQUIT are ignored by taube meanwhile, as system(3)
 * does. Returns the exit status as the shell's $? (and fills e when it is
 * not 0), or -1 with e filled when the command could not be started. The
 * caller gives up the screen (endwin) first.
 */
int proc_run_interactive(const char *shell_cmd, struct err *e);

/*
 * Appends arg as one single-quoted /bin/sh word: nothing in it (quotes, $,
 * backquotes, ;, newlines) is interpreted; each ' becomes '\''.
 */
void proc_shell_quote(struct buf *out, const char *arg);

/*
 * Expands a mailcap-style command template into out: every %s becomes path,
 * quoted for the shell, and %% becomes %. A %s that the template already put
 * inside '...' or "..." is quoted just as safely (the template's quote is
 * closed around it; inside $(...) or `...` quoting starts afresh, as the
 * shell's does), and a path starting with '-' gets "./" in front so it is
 * not taken for an option. Other % sequences are copied as they are.
 * Returns 0, or -1 when the template has no %s: out then holds the command
 * with %% expanded, and the caller feeds the file to its stdin instead.
 */
int proc_expand_command(struct buf *out, const char *tmpl, const char *path);

/*
 * What a % sequence of a command template stands for: called with seq at a
 * '%' (never at "%%"), returns the value and sets *len to the length of the
 * sequence ("%t" 2, "%{charset}" 10), or returns NULL to leave the '%' as it
 * is. The value must stay valid until proc_expand_values returns.
 */
typedef const char *proc_value_fn(void *arg, const char *seq, size_t *len);

/*
 * Expands a command template into out for values that must never become
 * shell code, such as those taken from a message: each value is first
 * assigned to a shell variable (`taube_1='...'; `, quoted as
 * proc_shell_quote does) and its sequence replaced by a reference to it,
 * quoted for where it stands: "${taube_1}" bare, ${taube_1} inside "...",
 * '"${taube_1}"' inside '...'. So each becomes one word with the value's
 * exact bytes (the walk follows quotes into $(...) and `...`). Since the
 * shell never parses what a parameter expands to, a quote the walk misreads
 * (a case pattern, ${x:-'...'}) costs word splitting at worst, never a
 * command. A template that hands its text to another shell
 * (sh -c '... %s', eval) is beyond any quoting. %% becomes %; a backslash
 * keeps the next character from counting as a quote.
 * Returns how many sequences were replaced.
 */
size_t proc_expand_values(struct buf *out, const char *tmpl,
    proc_value_fn *value, void *arg);

#endif
