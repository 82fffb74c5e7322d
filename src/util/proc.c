/* proc.c: running child processes through /bin/sh -c, and quoting for it. */
#include "util/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/err.h"

#define PROC_READ_CHUNK 4096

extern char **environ;

/* Closes every descriptor beyond stderr in the child, whoever forgot O_CLOEXEC. */
static void
close_inherited(posix_spawn_file_actions_t *fa)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	posix_spawn_file_actions_addclosefrom_np(fa, STDERR_FILENO + 1);
#else
	(void)fa;
#endif
}

/*
 * posix_spawn rather than fork: it is safe with threads around and cheap for
 * a large process. Dispositions and the mask are reset because ignored
 * signals (SIGPIPE in taube) and blocked ones (in workers) would otherwise
 * be inherited by the command.
 */
static int
spawn_sh(const char *cmd, const posix_spawn_file_actions_t *fa, pid_t *pid,
    struct err *e)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	posix_spawnattr_t attr;
	sigset_t all, none;
	int rc;

	sigfillset(&all);
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr,
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	rc = posix_spawn(pid, "/bin/sh", fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		errno = rc;
		return err_errno(e, "cannot run `%s`", cmd);
	}
	return 0;
}

static int
wait_child(pid_t pid, int *wstatus)
{
	while (waitpid(pid, wstatus, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

/* The wait status as the shell's $? shows it. */
static int
shell_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return -1;
}

static int
report_status(const char *cmd, int wstatus, struct err *e)
{
	int code;

	if (WIFSIGNALED(wstatus))
		return err_set(e, "`%s` was killed by signal %d (%s)", cmd,
		    WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
	code = WEXITSTATUS(wstatus);
	if (code == 0)
		return 0;
	return err_set(e, "`%s` exited with status %d%s", cmd, code,
	    code == 127 ? " (command not found)" :
	    code == 126 ? " (command not executable)" : "");
}

/* Reads to end of file, keeping at most max bytes: 0, 1 if there was more, -1 on error. */
static int
read_capped(int fd, struct buf *out, size_t max)
{
	size_t got = 0, want;
	ssize_t n;

	for (;;) {
		/* one byte past max tells "exactly max" from "more" */
		want = max - got < PROC_READ_CHUNK ? max - got + 1 : PROC_READ_CHUNK;
		buf_grow(out, want);
		n = read(fd, out->data + out->len, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if ((size_t)n > max - got) {
			out->len += max - got;
			out->data[out->len] = '\0';
			return 1;
		}
		out->len += (size_t)n;
		/* also at end of file: buf_grow leaves a new buffer unterminated */
		out->data[out->len] = '\0';
		if (n == 0)
			return 0;
		got += (size_t)n;
	}
}

/* Starts the command with stdout on a new pipe; *rfd gets the read end. */
static int
spawn_piped(const char *cmd, pid_t *pid, int *rfd, struct err *e)
{
	posix_spawn_file_actions_t fa;
	int p[2], rc;

	if (pipe2(p, O_CLOEXEC) == -1)
		return err_errno(e, "cannot run `%s`", cmd);
	posix_spawn_file_actions_init(&fa);
	/* dup2 before the open: the pipe may have got descriptor 0 */
	posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	close_inherited(&fa);
	rc = spawn_sh(cmd, &fa, pid, e);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc == -1) {
		close(p[0]);
		return -1;
	}
	*rfd = p[0];
	return 0;
}

int
proc_run_capture(const char *shell_cmd, struct buf *out, size_t max,
    int *exit_status, struct err *e)
{
	int fd = -1, rd, wstatus, saved;
	pid_t pid;

	if (exit_status != NULL)
		*exit_status = -1;
	if (spawn_piped(shell_cmd, &pid, &fd, e) == -1)
		return -1;
	rd = read_capped(fd, out, max);
	saved = errno;
	close(fd);
	if (rd != 0)
		kill(pid, SIGTERM);	/* the rest is not wanted; don't wait for it */
	if (wait_child(pid, &wstatus) == -1)
		return err_errno(e, "cannot wait for `%s`", shell_cmd);
	if (exit_status != NULL)
		*exit_status = shell_status(wstatus);
	if (rd == 1)
		return err_set(e, "`%s` wrote more than %zu bytes",
		    shell_cmd, max);
	if (rd == -1) {
		errno = saved;
		return err_errno(e, "cannot read the output of `%s`",
		    shell_cmd);
	}
	return report_status(shell_cmd, wstatus, e);
}

int
proc_run_interactive(const char *shell_cmd, struct err *e)
{
	struct sigaction ign, old_int, old_quit;
	posix_spawn_file_actions_t fa;
	int rc, wstatus = 0;
	pid_t pid;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	/* a ^C meant for the editor reaches taube too; it must not quit */
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	posix_spawn_file_actions_init(&fa);
	close_inherited(&fa);
	rc = spawn_sh(shell_cmd, &fa, &pid, e);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == 0 && wait_child(pid, &wstatus) == -1)
		rc = err_errno(e, "cannot wait for `%s`", shell_cmd);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (rc == -1)
		return -1;
	report_status(shell_cmd, wstatus, e);
	return shell_status(wstatus);
}

void
proc_shell_quote(struct buf *out, const char *arg)
{
	buf_addc(out, '\'');
	for (; *arg != '\0'; arg++) {
		if (*arg == '\'')
			buf_adds(out, "'\\''");
		else
			buf_addc(out, *arg);
	}
	buf_addc(out, '\'');
}

/* Where a template character leaves us in the shell's quoting. */
enum sh_quote { SH_UNQUOTED, SH_SINGLE, SH_DOUBLE };

static enum sh_quote
next_quote(enum sh_quote q, char c)
{
	if (q == SH_UNQUOTED && c == '\'')
		return SH_SINGLE;
	if (q == SH_UNQUOTED && c == '"')
		return SH_DOUBLE;
	if ((q == SH_SINGLE && c == '\'') || (q == SH_DOUBLE && c == '"'))
		return SH_UNQUOTED;
	return q;
}

#define SH_NEST_MAX	16	/* $(...) and `...` followed this deep */

/*
 * The quoting state of a template read so far. A command substitution,
 * $(...) or `...`, starts afresh unquoted even inside "...": a quote
 * there opens a new string rather than closing the outer one.
 */
struct sh_state {
	enum sh_quote q;
	size_t depth;
	struct sh_frame {
		enum sh_quote outer;	/* the state to go back to */
		char close;		/* ')' or '`' */
		unsigned parens;	/* '(' opened inside a $(...) */
	} frame[SH_NEST_MAX];
};

static void
sh_push(struct sh_state *st, char close)
{
	if (st->depth == SH_NEST_MAX)
		return;
	st->frame[st->depth].outer = st->q;
	st->frame[st->depth].close = close;
	st->frame[st->depth].parens = 0;
	st->depth++;
	st->q = SH_UNQUOTED;
}

/* Follows the template at s; returns how many bytes were read (2 for "$("). */
static size_t
sh_step(struct sh_state *st, const char *s)
{
	struct sh_frame *top = st->depth > 0 ? &st->frame[st->depth - 1] : NULL;

	if (st->q == SH_SINGLE) {
		st->q = next_quote(st->q, s[0]);
	} else if (s[0] == '$' && s[1] == '(') {
		sh_push(st, ')');
		return 2;
	} else if (s[0] == '`' && top != NULL && top->close == '`') {
		st->q = top->outer;
		st->depth--;
	} else if (s[0] == '`') {
		sh_push(st, '`');
	} else if (st->q == SH_UNQUOTED && top != NULL && top->close == ')' &&
	    (s[0] == '(' || s[0] == ')')) {
		if (s[0] == '(') {
			top->parens++;
		} else if (top->parens > 0) {
			top->parens--;
		} else {
			st->q = top->outer;
			st->depth--;
		}
	} else {
		st->q = next_quote(st->q, s[0]);
	}
	return 1;
}

/*
 * Inside "..." a single-quoted word would not protect $(...), so the
 * template's quote is closed, the quoted path added, and the quote reopened.
 */
static void
add_path(struct buf *out, const char *path, enum sh_quote q)
{
	const char *quote = q == SH_SINGLE ? "'" : q == SH_DOUBLE ? "\"" : "";

	buf_adds(out, quote);
	if (path[0] == '-')
		buf_adds(out, "./");
	proc_shell_quote(out, path);
	buf_adds(out, quote);
}

/*
 * Writes what the % sequence at seq stands for, fit for quoting state q;
 * returns how many template bytes it took, or 0 to copy the '%' as it is.
 */
typedef size_t expand_put_fn(void *arg, struct buf *out, const char *seq,
    enum sh_quote q);

/* The template walk both expansions share: %%, backslashes, quoting state. */
static void
expand_walk(struct buf *out, const char *tmpl, expand_put_fn *put, void *arg)
{
	struct sh_state st = { SH_UNQUOTED, 0, { { SH_UNQUOTED, 0, 0 } } };
	const char *s = tmpl;
	size_t used;

	while (*s != '\0') {
		used = s[0] == '%' && s[1] != '%' ? put(arg, out, s, st.q) : 0;
		if (used > 0) {
			/* put wrote the value */
		} else if (s[0] == '%' && s[1] == '%') {
			buf_addc(out, '%');
			used = 2;
		} else if (s[0] == '\\' && st.q != SH_SINGLE && s[1] != '\0') {
			/* an escaped quote changes nothing */
			buf_add(out, s, 2);
			used = 2;
		} else {
			used = sh_step(&st, s);
			buf_add(out, s, used);
		}
		s += used;
	}
}

struct expand_path {
	const char *path;
	int found;
};

static size_t
put_path(void *arg, struct buf *out, const char *seq, enum sh_quote q)
{
	struct expand_path *ep = arg;

	if (seq[1] != 's')
		return 0;
	add_path(out, ep->path, q);
	ep->found = 1;
	return 2;
}

int
proc_expand_command(struct buf *out, const char *tmpl, const char *path)
{
	struct expand_path ep = { path, 0 };

	expand_walk(out, tmpl, put_path, &ep);
	return ep.found ? 0 : -1;
}

struct expand_values {
	proc_value_fn *value;
	void *arg;
	struct buf prelude;	/* the assignments */
	size_t n;
};

/*
 * A reference to a variable is one word with the value's exact bytes in
 * every quoting state; the shell never parses what it expands to as code.
 */
static void
add_ref(struct buf *out, size_t n, enum sh_quote q)
{
	if (q == SH_DOUBLE)
		buf_addf(out, "${taube_%zu}", n);
	else if (q == SH_SINGLE)
		buf_addf(out, "'\"${taube_%zu}\"'", n);
	else
		buf_addf(out, "\"${taube_%zu}\"", n);
}

static size_t
put_value(void *arg, struct buf *out, const char *seq, enum sh_quote q)
{
	struct expand_values *ev = arg;
	const char *v;
	size_t len = 0;

	if ((v = ev->value(ev->arg, seq, &len)) == NULL || len == 0)
		return 0;
	ev->n++;
	buf_addf(&ev->prelude, "taube_%zu=", ev->n);
	proc_shell_quote(&ev->prelude, v);
	buf_adds(&ev->prelude, "; ");
	add_ref(out, ev->n, q);
	return len;
}

size_t
proc_expand_values(struct buf *out, const char *tmpl, proc_value_fn *value,
    void *arg)
{
	struct expand_values ev = { value, arg, BUF_INIT, 0 };
	struct buf body = BUF_INIT;

	expand_walk(&body, tmpl, put_value, &ev);
	buf_add(out, buf_cstr(&ev.prelude), ev.prelude.len);
	buf_add(out, buf_cstr(&body), body.len);
	buf_free(&ev.prelude);
	buf_free(&body);
	return ev.n;
}
