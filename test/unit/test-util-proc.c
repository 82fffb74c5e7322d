/* Unit tests for util/proc: capture, exit reports, bounds, hygiene, quoting that holds. */
#include "check.h"
#include "check-tmp.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/xalloc.h"

/* Runs cmd; returns its output (caller frees), *rc the return value, *status $?. */
static char *
capture(const char *cmd, size_t max, int *rc, int *status, struct err *e)
{
	struct buf b = BUF_INIT;

	err_clear(e);
	*rc = proc_run_capture(cmd, &b, max, status, e);
	return buf_detach(&b);
}

TEST(proc_run_capture_captures_stdout_exactly)
{
	int rc, status = -5;
	struct err e;
	char *out = capture("printf 'a\\nb'", 1024, &rc, &status, &e);

	CHECK_INT_EQ(rc, 0);
	CHECK_INT_EQ(status, 0);
	CHECK_STR_EQ(out, "a\nb");
	CHECK(!err_isset(&e));
	free(out);
}

TEST(proc_run_capture_appends_to_the_buffer)
{
	struct buf b = BUF_INIT;
	struct err e;

	buf_adds(&b, "pw=");
	CHECK_INT_EQ(proc_run_capture("echo hunter2", &b, 100, NULL, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "pw=hunter2\n");
	buf_free(&b);
}

TEST(proc_run_capture_reports_a_non_zero_exit_with_the_command)
{
	int rc, status;
	struct err e;
	char *out = capture("echo partial; exit 3", 1024, &rc, &status, &e);

	CHECK_INT_EQ(rc, -1);
	CHECK_INT_EQ(status, 3);
	CHECK_STR_EQ(out, "partial\n");
	CHECK_STR_EQ(e.msg, "`echo partial; exit 3` exited with status 3");
	err_prefix(&e, "password_cmd");
	CHECK_STR_EQ(e.msg,
	    "password_cmd: `echo partial; exit 3` exited with status 3");
	free(out);
}

TEST(proc_run_capture_reports_death_by_signal)
{
	int rc, status;
	struct err e;
	char *out = capture("kill -9 $$", 1024, &rc, &status, &e);

	CHECK_INT_EQ(rc, -1);
	CHECK_INT_EQ(status, 128 + SIGKILL);
	CHECK(strstr(e.msg, "`kill -9 $$` was killed by signal 9") != NULL);
	free(out);
}

TEST(proc_run_capture_says_when_a_command_is_not_found)
{
	int rc, status;
	struct err e;
	char *out = capture("taube-no-such-command-here 2>/dev/null", 1024,
	    &rc, &status, &e);

	CHECK_INT_EQ(rc, -1);
	CHECK_INT_EQ(status, 127);
	CHECK(strstr(e.msg, "status 127 (command not found)") != NULL);
	free(out);
}

TEST(proc_run_capture_refuses_output_beyond_max_without_hanging)
{
	int rc, status;
	struct err e;
	char *out = capture("yes", 100, &rc, &status, &e);

	CHECK_INT_EQ(rc, -1);
	CHECK_INT_EQ(strlen(out), 100);
	CHECK(strncmp(out, "y\ny\n", 4) == 0);
	CHECK_STR_EQ(e.msg, "`yes` wrote more than 100 bytes");
	CHECK(status > 128);
	free(out);
}

TEST(proc_run_capture_does_not_wait_for_a_child_that_wrote_too_much)
{
	struct timespec t0, t1;
	int rc, status;
	struct err e;
	char *out;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	out = capture("printf %0200d 0; exec sleep 20", 100, &rc, &status, &e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK_INT_EQ(rc, -1);
	CHECK_INT_EQ(status, 128 + SIGTERM);
	CHECK(t1.tv_sec - t0.tv_sec < 10);
	free(out);
}

TEST(proc_run_capture_accepts_output_of_exactly_max_bytes)
{
	int rc, status;
	struct err e;
	char *out = capture("printf 12345", 5, &rc, &status, &e);

	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(out, "12345");
	free(out);
	out = capture("printf 123456", 5, &rc, &status, &e);
	CHECK_INT_EQ(rc, -1);
	CHECK_STR_EQ(out, "12345");
	free(out);
}

TEST(proc_run_capture_gives_the_child_an_empty_stdin)
{
	int rc, status;
	struct err e;
	/* cat would wait for the terminal if stdin were inherited */
	char *out = capture("cat; echo done", 100, &rc, &status, &e);

	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(out, "done\n");
	free(out);
}

TEST(proc_run_capture_passes_stderr_through)
{
	char *dir = check_tmpdir("proc"), *path = xasprintf("%s/stderr", dir), *out;
	int saved = dup(STDERR_FILENO), fd, rc, status;
	char got[64] = "";
	struct err e;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd != -1 && saved != -1);
	dup2(fd, STDERR_FILENO);
	out = capture("echo oops >&2; echo fine", 100, &rc, &status, &e);
	dup2(saved, STDERR_FILENO);
	close(saved);
	CHECK(pread(fd, got, sizeof(got) - 1, 0) == 5);
	close(fd);
	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(out, "fine\n");
	CHECK_STR_EQ(got, "oops\n");
	free(out);
	free(path);
	check_rm_tree(dir);
}

TEST(proc_run_capture_leaves_no_zombie)
{
	int rc, status;
	struct err e;
	char *out;

	out = capture("true", 10, &rc, &status, &e);
	free(out);
	out = capture("yes", 10, &rc, &status, &e);
	free(out);
	out = capture("kill -TERM $$", 10, &rc, &status, &e);
	free(out);
	errno = 0;
	CHECK_INT_EQ(waitpid(-1, NULL, WNOHANG), -1);
	CHECK_INT_EQ(errno, ECHILD);
}

TEST(proc_run_capture_keeps_taube_descriptors_from_the_child)
{
	int fd = open("/dev/null", O_RDONLY), rc, status;	/* no O_CLOEXEC */
	char *cmd = xasprintf("if [ -e /dev/fd/%d ]; then echo leaked; "
	    "else echo closed; fi", fd);
	struct err e;
	char *out = capture(cmd, 100, &rc, &status, &e);

	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(out, "closed\n");
	close(fd);
	free(out);
	free(cmd);
}

TEST(proc_run_capture_gives_the_child_default_signals)
{
	unsigned long long blk = 1, ign = 1;
	sigset_t block, old;
	int rc, status;
	struct err e;
	char *out;

	/* what a TUI typically does: ignore SIGPIPE, block signals in workers */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	out = capture("grep -E '^Sig(Ign|Blk)' /proc/self/status", 200, &rc,
	    &status, &e);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGPIPE, SIG_DFL);
	CHECK_INT_EQ(rc, 0);
	CHECK(sscanf(out, "SigBlk: %llx SigIgn: %llx", &blk, &ign) == 2);
	/*
	 * The classic signals only: glibc keeps its internal ones (32, 33) to
	 * itself. (dash clears the mask on its own, so SigBlk proves less.)
	 */
	CHECK_INT_EQ(blk & 0x7fffffffULL, 0);
	CHECK_INT_EQ(ign & 0x7fffffffULL, 0);
	free(out);
}

TEST(proc_run_interactive_returns_the_exit_status)
{
	struct err e;

	err_clear(&e);
	CHECK_INT_EQ(proc_run_interactive("true", &e), 0);
	CHECK(!err_isset(&e));
	CHECK_INT_EQ(proc_run_interactive("exit 4", &e), 4);
	CHECK_STR_EQ(e.msg, "`exit 4` exited with status 4");
	CHECK_INT_EQ(proc_run_interactive("kill -TERM $$", &e), 128 + SIGTERM);
	CHECK(strstr(e.msg, "killed by signal 15") != NULL);
}

TEST(proc_run_interactive_restores_sigint_handling)
{
	struct sigaction sa;
	struct err e;

	signal(SIGINT, SIG_DFL);
	proc_run_interactive("true", &e);
	CHECK(sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL);
}

TEST(proc_shell_quote_wraps_in_single_quotes)
{
	struct buf b = BUF_INIT;

	proc_shell_quote(&b, "plain");
	buf_addc(&b, ' ');
	proc_shell_quote(&b, "");
	buf_addc(&b, ' ');
	proc_shell_quote(&b, "it's $HOME `id` \"q\" \\ ;\n");
	CHECK_STR_EQ(buf_cstr(&b),
	    "'plain' '' 'it'\\''s $HOME `id` \"q\" \\ ;\n'");
	buf_free(&b);
}

TEST(proc_shell_quote_round_trips_hostile_strings_through_sh)
{
	static const char *args[] = { "", "'", "''", "a'b'c", "$(id)",
		"`id`", "${HOME}", "a;b", "a&&b", "x\ny", "\\", "\"", "*",
		" lead and trail ", "-n", "!", "#not a comment", "\t" };
	struct buf cmd = BUF_INIT;
	int rc, status;
	struct err e;

	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
		char *out;

		buf_reset(&cmd);
		buf_adds(&cmd, "printf '%s' ");
		proc_shell_quote(&cmd, args[i]);
		out = capture(buf_cstr(&cmd), 100, &rc, &status, &e);
		if (rc != 0 || strcmp(out, args[i]) != 0)
			CHECK_FAIL_AT("case %zu: got \"%s\"", i, out);
		free(out);
	}
	buf_free(&cmd);
}

TEST(proc_expand_command_replaces_percent_s_and_double_percent)
{
	struct buf b = BUF_INIT;

	CHECK_INT_EQ(proc_expand_command(&b, "convert %s -resize 50%% %s.png",
	    "/t/a b.jpg"), 0);
	CHECK_STR_EQ(buf_cstr(&b),
	    "convert '/t/a b.jpg' -resize 50% '/t/a b.jpg'.png");
	buf_free(&b);
}

TEST(proc_expand_command_without_percent_s_returns_minus_one)
{
	struct buf b = BUF_INIT;

	CHECK_INT_EQ(proc_expand_command(&b, "less -P 100%% %t %{charset}",
	    "/t/f"), -1);
	/* the command is still usable with the file on stdin */
	CHECK_STR_EQ(buf_cstr(&b), "less -P 100% %t %{charset}");
	buf_free(&b);
}

TEST(proc_expand_command_closes_template_quotes_around_the_path)
{
	struct buf b = BUF_INIT;

	proc_expand_command(&b, "view '%s'", "/t/it's");
	CHECK_STR_EQ(buf_cstr(&b), "view '''/t/it'\\''s'''");
	buf_reset(&b);
	proc_expand_command(&b, "view \"%s\" \"x\\\"%s\"", "/t/$(id)");
	CHECK_STR_EQ(buf_cstr(&b),
	    "view \"\"'/t/$(id)'\"\" \"x\\\"\"'/t/$(id)'\"\"");
	buf_free(&b);
}

TEST(proc_expand_command_keeps_a_dash_path_from_being_an_option)
{
	struct buf b = BUF_INIT;

	proc_expand_command(&b, "cat %s", "-rf");
	CHECK_STR_EQ(buf_cstr(&b), "cat ./'-rf'");
	buf_free(&b);
}

/* Every template shape a mailcap entry uses around %s. */
static const char *const viewer_templates[] = {
	"cat %s", "cat '%s'", "cat \"%s\"", "cat -- %s", "cat < %s",
	"x=%s; cat \"$x\"",
};

static const char *const hostile_names[] = {
	"x'; touch \"$PWNED\"; '.txt",
	"$(touch \"$PWNED\").txt",
	"`touch \"$PWNED\"`.txt",
	"a\"; touch \"$PWNED\"; \"b.txt",
	"-n; touch \"$PWNED\"",
	"line\nbreak; touch \"$PWNED\"",
	"${PWNED:+$(touch \"$PWNED\")}",
	"'\"'\"; touch \"$PWNED\" #",
};

/* Runs one template on one file; fails the test if the marker file appears. */
static void
check_viewer_on(const char *tmpl, const char *dir, const char *name,
    const char *marker)
{
	char *path = xasprintf("%s/%s", dir, name), *out;
	struct buf cmd = BUF_INIT;
	struct stat st;
	int rc, status;
	struct err e;
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		CHECK_FAIL_AT("cannot create %s", path);
		free(path);
		return;
	}
	fputs("hello", f);
	fclose(f);
	CHECK_INT_EQ(proc_expand_command(&cmd, tmpl, path), 0);
	out = capture(buf_cstr(&cmd), 100, &rc, &status, &e);
	if (rc != 0 || strcmp(out, "hello") != 0)
		CHECK_FAIL_AT("%s on %s: %s", tmpl, name, e.msg);
	if (stat(marker, &st) == 0) {
		CHECK_FAIL_AT("%s on %s ran the name as code", tmpl, name);
		unlink(marker);
	}
	unlink(path);
	free(out);
	buf_free(&cmd);
	free(path);
}

TEST(proc_expand_command_never_runs_a_hostile_file_name)
{
	char *dir = check_tmpdir("proc"), *marker = xasprintf("%s/pwned", dir);
	size_t nt = sizeof(viewer_templates) / sizeof(viewer_templates[0]);
	size_t nn = sizeof(hostile_names) / sizeof(hostile_names[0]);

	setenv("PWNED", marker, 1);
	for (size_t t = 0; t < nt; t++) {
		for (size_t n = 0; n < nn; n++)
			check_viewer_on(viewer_templates[t], dir,
			    hostile_names[n], marker);
	}
	unsetenv("PWNED");
	free(marker);
	check_rm_tree(dir);
}

CHECK_MAIN(proc_run_capture_captures_stdout_exactly,
    proc_run_capture_appends_to_the_buffer,
    proc_run_capture_reports_a_non_zero_exit_with_the_command,
    proc_run_capture_reports_death_by_signal,
    proc_run_capture_says_when_a_command_is_not_found,
    proc_run_capture_refuses_output_beyond_max_without_hanging,
    proc_run_capture_does_not_wait_for_a_child_that_wrote_too_much,
    proc_run_capture_accepts_output_of_exactly_max_bytes,
    proc_run_capture_gives_the_child_an_empty_stdin,
    proc_run_capture_passes_stderr_through,
    proc_run_capture_leaves_no_zombie,
    proc_run_capture_keeps_taube_descriptors_from_the_child,
    proc_run_capture_gives_the_child_default_signals,
    proc_run_interactive_returns_the_exit_status,
    proc_run_interactive_restores_sigint_handling,
    proc_shell_quote_wraps_in_single_quotes,
    proc_shell_quote_round_trips_hostile_strings_through_sh,
    proc_expand_command_replaces_percent_s_and_double_percent,
    proc_expand_command_without_percent_s_returns_minus_one,
    proc_expand_command_closes_template_quotes_around_the_path,
    proc_expand_command_keeps_a_dash_path_from_being_an_option,
    proc_expand_command_never_runs_a_hostile_file_name)
