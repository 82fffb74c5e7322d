/* Unit tests for util/mailcap: commands that hold against hostile values, through the real /bin/sh, and temp names. */
#include "mailcap-fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include "util/proc.h"
#include "util/str.h"

/*
 * Runs cmd through /bin/sh with $OUT set; the mailcap command's script
 * writes its argument count to $OUT.n and its first argument to $OUT.
 * Returns the argument (caller frees), or NULL when it did not run.
 */
static char *
run_argv(const char *dir, const char *cmd, int *argc)
{
	char *out = xasprintf("%s/out", dir), *outn = xasprintf("%s.n", out);
	char *arg = NULL, *n;
	struct buf sink = BUF_INIT;
	struct err e;

	unlink(out);
	unlink(outn);
	setenv("OUT", out, 1);
	*argc = -1;
	if (proc_run_capture(cmd, &sink, 1024, NULL, &e) == 0 &&
	    (n = slurp(outn)) != NULL) {
		*argc = atoi(n);
		free(n);
		arg = slurp(out);
	}
	unsetenv("OUT");
	buf_free(&sink);
	free(out);
	free(outn);
	return arg;
}

/*
 * A mailcap whose one text/plain entry runs a script that records its
 * arguments, with tmpl after the script's name.
 */
static int
fixture_argv(struct fixture *fx, const char *tmpl)
{
	char *script, *text;
	int rc;

	fixture_init(fx);
	script = xasprintf("%s/argv.sh", fx->dir);
	put_file(script, "printf '%s' \"$#\" > \"$OUT.n\"\n"
	    "printf '%s' \"$1\" > \"$OUT\"\n");
	text = xasprintf("text/plain; sh %s %s; print=sh %s %s\n", script, tmpl,
	    script, tmpl);
	rc = fixture_add(fx, text);
	free(text);
	free(script);
	return rc;
}

/* Expands en's view command for path, NULL params; the caller frees. */
static char *
command(const struct mailcap_entry *en, unsigned action, const char *type,
    const char *path, const struct mailcap_params *p, int *rc,
    struct err *e)
{
	struct buf b = BUF_INIT;

	err_clear(e);
	*rc = mailcap_command(&b, en, action, type, path, p, e);
	return buf_detach(&b);
}

static const char *const hostile_values[] = {
	"it's", "''", "$(touch \"$PWNED\")", "`touch \"$PWNED\"`",
	"x'; touch \"$PWNED\"; '", "\"; touch \"$PWNED\"; \"",
	"line\nbreak; touch \"$PWNED\"", " two  words ", "${PWNED}", "\\",
	"\\'", "*", "%s", "a;b&&c|d", "#not a comment", "\t",
	"'\"'\"; touch \"$PWNED\" #", "~", "",
};
#define N_HOSTILE (sizeof(hostile_values) / sizeof(hostile_values[0]))

/* Fails the test when the marker file exists, and removes it. */
static void
check_no_marker(const char *marker, const char *what, size_t i)
{
	struct stat st;

	if (stat(marker, &st) == 0) {
		CHECK_FAIL_AT("%s %zu ran a value as code", what, i);
		unlink(marker);
	}
}

/* Templates around %s in the forms mailcap files use, and what $1 becomes. */
static const struct {
	const char *tmpl;
	const char *before, *after;
} path_forms[] = {
	{ "%s", "", "" }, { "'%s'", "", "" }, { "\"%s\"", "", "" },
	{ "x%sy", "x", "y" }, { "\"<%s>\"", "<", ">" },
	{ "'[%s]'", "[", "]" }, { "--file=%s", "--file=", "" },
};

TEST(mailcap_command_gives_a_hostile_path_as_one_exact_argument)
{
	for (size_t t = 0; t < sizeof(path_forms) / sizeof(path_forms[0]); t++) {
		struct fixture fx;
		char *marker, *path, *cmd, *arg, *want;
		int rc, argc;

		CHECK_INT_EQ(fixture_argv(&fx, path_forms[t].tmpl), 0);
		marker = xasprintf("%s/pwned", fx.dir);
		setenv("PWNED", marker, 1);
		for (size_t i = 0; i < N_HOSTILE; i++) {
			path = xasprintf("%s/%s", fx.dir, hostile_values[i]);
			want = xasprintf("%s%s%s", path_forms[t].before, path,
			    path_forms[t].after);
			cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain",
			    path, NULL, &rc, &fx.e);
			arg = run_argv(fx.dir, cmd, &argc);
			if (rc != 0 || argc != 1 || arg == NULL ||
			    strcmp(arg, want) != 0)
				CHECK_FAIL_AT("%s, value %zu: %d args, \"%s\"",
				    path_forms[t].tmpl, i, argc, arg);
			check_no_marker(marker, path_forms[t].tmpl, i);
			free(arg);
			free(cmd);
			free(want);
			free(path);
		}
		unsetenv("PWNED");
		free(marker);
		fixture_done(&fx);
	}
}

TEST(mailcap_command_gives_a_hostile_parameter_as_one_exact_argument)
{
	/* $1 is the value followed by suffix; argc arguments in all */
	static const struct {
		const char *tmpl, *suffix;
		int argc;
	} forms[] = {
		{ "%{charset} %s", "", 2 }, { "'%{charset}' %s", "", 2 },
		{ "\"%{charset}\" %s", "", 2 }, { "\"%{charset}\"'%s'", "/f", 1 },
		{ "%{charset}%s", "/f", 1 },
	};
	struct mailcap_param pv[2] = { { "name", "x" }, { "CHARSET", "" } };
	struct mailcap_params p = { pv, 2 };

	for (size_t t = 0; t < sizeof(forms) / sizeof(forms[0]); t++) {
		struct fixture fx;
		char *marker, *cmd, *arg, *want;
		int rc, argc;

		CHECK_INT_EQ(fixture_argv(&fx, forms[t].tmpl), 0);
		marker = xasprintf("%s/pwned", fx.dir);
		setenv("PWNED", marker, 1);
		for (size_t i = 0; i < N_HOSTILE; i++) {
			pv[1].value = hostile_values[i];
			want = xasprintf("%s%s", hostile_values[i],
			    forms[t].suffix);
			cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain",
			    "/f", &p, &rc, &fx.e);
			arg = run_argv(fx.dir, cmd, &argc);
			if (rc != 0 || argc != forms[t].argc || arg == NULL ||
			    strcmp(arg, want) != 0)
				CHECK_FAIL_AT("%s, value %zu: %d args, \"%s\"",
				    forms[t].tmpl, i, argc, arg);
			check_no_marker(marker, forms[t].tmpl, i);
			free(arg);
			free(cmd);
			free(want);
		}
		unsetenv("PWNED");
		free(marker);
		fixture_done(&fx);
	}
}

TEST(mailcap_command_writes_values_as_shell_variables)
{
	struct mailcap_param pv[1] = { { "charset", "utf-8" } };
	struct mailcap_params p = { pv, 1 };
	struct fixture fx;
	char *cmd;
	int rc;

	CHECK_INT_EQ(fixture_load(&fx,
	    "text/plain; view %s %t %{charset}; print=lp '%s' \"x%ty\"; "
	    "edit=ed \"$(echo %s)\" \"`echo '%t'`\"\n"), 0);
	cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain", "/t/it's",
	    &p, &rc, &fx.e);
	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(cmd, "taube_1='/t/it'\\''s'; taube_2='text/plain'; "
	    "taube_3='utf-8'; view \"${taube_1}\" \"${taube_2}\" "
	    "\"${taube_3}\"");
	free(cmd);
	cmd = command(entry(&fx, 0), MAILCAP_PRINT, "text/plain", "/t/f", &p,
	    &rc, &fx.e);
	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(cmd, "taube_1='/t/f'; taube_2='text/plain'; "
	    "lp ''\"${taube_1}\"'' \"x${taube_2}y\"");
	free(cmd);
	cmd = command(entry(&fx, 0), MAILCAP_EDIT, "text/plain", "/t/f", &p,
	    &rc, &fx.e);
	CHECK_STR_EQ(cmd, "taube_1='/t/f'; taube_2='text/plain'; "
	    "ed \"$(echo \"${taube_1}\")\" \"`echo ''\"${taube_2}\"''`\"");
	free(cmd);
	fixture_done(&fx);
}

TEST(mailcap_command_passes_a_plain_type_and_refuses_any_other)
{
	static const char *plain[] = { "text/plain", "Text/X-C++SRC",
		"image/svg+xml", ("application/vnd.openxmlformats-"
		"officedocument.wordprocessingml.document"), "x_y/1.0" };
	static const char *refused[] = { "text/x'y", "text/$(touch x)",
		"text/`id`", "text/a\nb", "-x/y", "text/-y", "text/ plain",
		"text", "a/b/c", "text/", "/plain", "text/plain; charset=x",
		"text/x$y", "text/x&y", "" };
	struct buf big = BUF_INIT;
	struct fixture fx;
	char *cmd, *arg;
	int rc, argc;

	CHECK_INT_EQ(fixture_argv(&fx, "%t %s"), 0);
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		cmd = command(entry(&fx, 0), MAILCAP_VIEW, plain[i], "/f", NULL,
		    &rc, &fx.e);
		arg = run_argv(fx.dir, cmd, &argc);
		if (rc != 0 || argc != 2 || arg == NULL ||
		    strcmp(arg, plain[i]) != 0)
			CHECK_FAIL_AT("plain %zu: \"%s\"", i, arg);
		free(arg);
		free(cmd);
	}
	buf_adds(&big, "text/");
	for (int i = 0; i < 128; i++)
		buf_addc(&big, 'x');
	for (size_t i = 0; i <= sizeof(refused) / sizeof(refused[0]); i++) {
		const char *t = i < sizeof(refused) / sizeof(refused[0]) ?
		    refused[i] : buf_cstr(&big);

		cmd = command(entry(&fx, 0), MAILCAP_VIEW, t, "/f", NULL, &rc,
		    &fx.e);
		if (rc != -1 || cmd[0] != '\0' || fx.e.scope != ERR_MESSAGE ||
		    strstr(fx.e.msg, "not a plain type/subtype") == NULL)
			CHECK_FAIL_AT("refused %zu: %d \"%s\"", i, rc, cmd);
		free(cmd);
	}
	/* what reaches the message is made visible */
	cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/\033[2J", "/f", NULL,
	    &rc, &fx.e);
	CHECK(strstr(fx.e.msg, "\"text/^[[2J\"") != NULL);
	free(cmd);
	buf_free(&big);
	fixture_done(&fx);
}

TEST(mailcap_command_refuses_a_parameter_that_could_pass_for_an_option)
{
	struct mailcap_param pv[1] = { { "charset", "--output=/x" } };
	struct mailcap_params p = { pv, 1 };
	struct buf b = BUF_INIT;
	struct fixture fx;

	CHECK_INT_EQ(fixture_load(&fx, "text/plain; iconv -f %{charset} %s\n"),
	    0);
	buf_adds(&b, "kept");
	CHECK_INT_EQ(mailcap_command(&b, entry(&fx, 0), MAILCAP_VIEW,
	    "text/plain", "/f", &p, &fx.e), -1);
	CHECK_STR_EQ(buf_cstr(&b), "kept");
	CHECK_INT_EQ(fx.e.scope, ERR_MESSAGE);
	CHECK(strstr(fx.e.msg, "\"--output=/x\" starts with '-'") != NULL);
	buf_free(&b);
	fixture_done(&fx);
}

TEST(mailcap_command_makes_a_missing_parameter_an_empty_argument)
{
	struct mailcap_param pv[1] = { { "format", "flowed" } };
	struct mailcap_params p = { pv, 1 };
	struct fixture fx;
	char *cmd, *arg;
	int rc, argc;

	CHECK_INT_EQ(fixture_argv(&fx, "%{charset} %s"), 0);
	cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain", "/f", &p,
	    &rc, &fx.e);
	arg = run_argv(fx.dir, cmd, &argc);
	CHECK_INT_EQ(rc, 0);
	CHECK_INT_EQ(argc, 2);
	CHECK(arg != NULL && arg[0] == '\0');
	free(arg);
	free(cmd);
	cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain", "/f", NULL,
	    &rc, &fx.e);
	arg = run_argv(fx.dir, cmd, &argc);
	CHECK_INT_EQ(argc, 2);
	free(arg);
	free(cmd);
	fixture_done(&fx);
}

TEST(mailcap_command_reads_double_and_escaped_percent_as_percent)
{
	struct fixture fx;
	struct buf out = BUF_INIT;
	struct err e;
	char *cmd;
	int rc;

	/* "\%%s" is a literal % and then %s */
	CHECK_INT_EQ(fixture_load(&fx,
	    "text/plain; echo '\\%s|%%|' \\%%s\n"), 0);
	cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain", "/p", NULL,
	    &rc, &fx.e);
	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(cmd, "taube_1='/p'; echo '%s|%|' %\"${taube_1}\"");
	CHECK_INT_EQ(proc_run_capture(cmd, &out, 100, NULL, &e), 0);
	CHECK_STR_EQ(buf_cstr(&out), "%s|%| %/p\n");
	free(cmd);
	buf_free(&out);
	fixture_done(&fx);
}

TEST(mailcap_command_copies_sequences_it_does_not_know)
{
	struct fixture fx;
	char *cmd;
	int rc;

	CHECK_INT_EQ(fixture_load(&fx, "multipart/mixed; mm %n %F %x %{ %{} "
	    "100% %s\n"), 0);
	cmd = command(entry(&fx, 0), MAILCAP_VIEW, "multipart/mixed", "/f",
	    NULL, &rc, &fx.e);
	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(cmd, "taube_1='/f'; mm %n %F %x %{ %{} 100% "
	    "\"${taube_1}\"");
	free(cmd);
	fixture_done(&fx);
}

TEST(mailcap_command_without_percent_s_feeds_the_file_on_stdin)
{
	struct fixture fx;
	struct buf out = BUF_INIT;
	struct err e;
	char *path, *cmd;
	int rc;

	CHECK_INT_EQ(fixture_load(&fx, "text/plain; tr a-z A-Z; "
	    "print=wc -c; edit=vi; compose=mk\n"), 0);
	path = xasprintf("%s/it's $(x)", fx.dir);
	put_file(path, "hello\n");
	cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain", path, NULL,
	    &rc, &fx.e);
	CHECK_INT_EQ(rc, MAILCAP_STDIN);
	CHECK(strstr(cmd, "exec <\"${taube_1}\"; tr a-z A-Z") != NULL);
	/* runnable as it is, with proc's stdin of /dev/null */
	CHECK_INT_EQ(proc_run_capture(cmd, &out, 100, NULL, &e), 0);
	CHECK_STR_EQ(buf_cstr(&out), "HELLO\n");
	free(cmd);
	cmd = command(entry(&fx, 0), MAILCAP_PRINT, "text/plain", path, NULL,
	    &rc, &fx.e);
	CHECK_INT_EQ(rc, MAILCAP_STDIN);
	free(cmd);
	/* an editor or a composer needs the file named */
	cmd = command(entry(&fx, 0), MAILCAP_EDIT, "text/plain", path, NULL,
	    &rc, &fx.e);
	CHECK_INT_EQ(rc, -1);
	CHECK(strstr(fx.e.msg, "the edit command for text/plain has no %s")
	    != NULL);
	CHECK_STR_EQ(cmd, "");
	free(cmd);
	cmd = command(entry(&fx, 0), MAILCAP_COMPOSE, "text/plain", path, NULL,
	    &rc, &fx.e);
	CHECK_INT_EQ(rc, -1);
	free(cmd);
	free(path);
	buf_free(&out);
	fixture_done(&fx);
}

TEST(mailcap_command_keeps_a_dash_path_from_being_an_option)
{
	struct fixture fx;
	char *cmd, *arg;
	int rc, argc;

	CHECK_INT_EQ(fixture_argv(&fx, "%s"), 0);
	cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain", "-rf", NULL,
	    &rc, &fx.e);
	arg = run_argv(fx.dir, cmd, &argc);
	CHECK_INT_EQ(argc, 1);
	CHECK(arg != NULL && strcmp(arg, "./-rf") == 0);
	free(arg);
	free(cmd);
	fixture_done(&fx);
}

TEST(mailcap_command_says_when_the_entry_has_no_command_for_the_action)
{
	struct fixture fx;
	char *cmd;
	int rc;

	CHECK_INT_EQ(fixture_load(&fx, "\n\ntext/plain; cat %s\n"), 0);
	cmd = command(entry(&fx, 0), MAILCAP_PRINT, "text/plain", "/f", NULL,
	    &rc, &fx.e);
	CHECK_INT_EQ(rc, -1);
	CHECK(strstr(fx.e.msg, "/mailcap:3: the entry for text/plain has no "
	    "print command") != NULL);
	CHECK_INT_EQ(fx.e.scope, ERR_MESSAGE);
	free(cmd);
	fixture_done(&fx);
}

/* Inside "$(...)" and "`...`" quoting starts afresh; values stay whole. */
TEST(mailcap_command_keeps_values_whole_inside_command_substitution)
{
	struct mailcap_param pv[2] = { { "charset", "" }, { "name", "" } };
	struct mailcap_params p = { pv, 2 };
	struct buf out = BUF_INIT;
	struct fixture fx;
	struct err e;
	char *marker, *cmd, *want;
	int rc;

	CHECK_INT_EQ(fixture_load(&fx,
	    "text/plain; printf '<\\%s>' \"$(printf '\\%s' %{charset})\" "
	    "\"`printf '\\%s' %{name}`\" \"$(cat %s 2>/dev/null)\"\n"), 0);
	marker = xasprintf("%s/pwned", fx.dir);
	setenv("PWNED", marker, 1);
	for (size_t i = 0; i < N_HOSTILE; i++) {
		char *path = xasprintf("%s/%s", fx.dir, hostile_values[i]);

		pv[0].value = hostile_values[i];
		pv[1].value = hostile_values[i];
		cmd = command(entry(&fx, 0), MAILCAP_VIEW, "text/plain", path,
		    &p, &rc, &fx.e);
		CHECK_INT_EQ(rc, 0);
		buf_reset(&out);
		proc_run_capture(cmd, &out, 4096, NULL, &e);
		want = xasprintf("<%s><%s><>", hostile_values[i],
		    hostile_values[i]);
		if (strcmp(buf_cstr(&out), want) != 0)
			CHECK_FAIL_AT("value %zu: \"%s\"", i, buf_cstr(&out));
		free(want);
		check_no_marker(marker, "substitution", i);
		free(cmd);
		free(path);
	}
	unsetenv("PWNED");
	free(marker);
	buf_free(&out);
	fixture_done(&fx);
}

/* The temporary name for name under the entry's nametemplate (tmpl may be NULL). */
static char *
temp_name(const char *tmpl, const char *name)
{
	struct fixture fx;
	char *text, *r;

	text = tmpl != NULL ?
	    xasprintf("application/x; v %%s; nametemplate=%s\n", tmpl) :
	    xstrdup("application/x; v %s\n");
	if (fixture_load(&fx, text) != 0 || fx.mc.entries.len != 1)
		r = xstrdup("(no entry)");
	else
		r = mailcap_temp_name(entry(&fx, 0), name);
	fixture_done(&fx);
	free(text);
	return r;
}

#define CHECK_TEMP_NAME(tmpl, name, want)                                    \
	do {                                                                 \
		char *got_ = temp_name((tmpl), (name));                      \
		CHECK_STR_EQ(got_, (want));                                  \
		free(got_);                                                  \
	} while (0)

TEST(mailcap_temp_name_applies_the_nametemplate)
{
	CHECK_TEMP_NAME("%s.pdf", "report", "report.pdf");
	CHECK_TEMP_NAME("%s.pdf", "report.pdf", "report.pdf");
	CHECK_TEMP_NAME("%s.pdf", "Report.PDF", "Report.PDF");
	CHECK_TEMP_NAME("%s.pdf", "report.pdf.exe", "report.pdf.exe.pdf");
	CHECK_TEMP_NAME("%s.pdf", NULL, "attachment.pdf");
	CHECK_TEMP_NAME("view-%s.html", "page", "view-page.html");
	CHECK_TEMP_NAME("view-%s.html", "view-page.html", "view-page.html");
	CHECK_TEMP_NAME("%s", "plain.txt", "plain.txt");
	CHECK_TEMP_NAME("fixed.ps", "whatever", "fixed.ps");
	CHECK_TEMP_NAME("50\\%-%s.txt", "a", "50_-a.txt");
	/* a template's own '/' or leading dot is made safe as well */
	CHECK_TEMP_NAME("../%s.txt", "x", "_._x.txt");
	CHECK_TEMP_NAME(NULL, "report", "report");
	{
		char *r = mailcap_temp_name(NULL, "a.b");

		CHECK_STR_EQ(r, "a.b");
		free(r);
	}
}

TEST(mailcap_temp_name_keeps_only_the_last_path_component)
{
	CHECK_TEMP_NAME("%s.txt", "../../etc/passwd", "passwd.txt");
	CHECK_TEMP_NAME(NULL, "/etc/passwd", "passwd");
	CHECK_TEMP_NAME(NULL, "C:\\Users\\pat\\evil.exe", "evil.exe");
	CHECK_TEMP_NAME(NULL, "dir/", "attachment");
	CHECK_TEMP_NAME(NULL, "..", "_.");
	CHECK_TEMP_NAME(NULL, "", "attachment");
}

TEST(mailcap_temp_name_replaces_shell_and_control_characters)
{
	CHECK_TEMP_NAME(NULL, "$(rm -rf ~).txt", "__rm -rf __.txt");
	CHECK_TEMP_NAME(NULL, "a'b\"c`d;e|f&g<h>i*j?k[l]m{n}o!p#q%r^s",
	    "a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_q_r_s");
	CHECK_TEMP_NAME(NULL, "x\ny\tz\033[2J\177.txt", "x_y_z__2J_.txt");
	CHECK_TEMP_NAME(NULL, "My Report, v2 (final)+@x=1:y.pdf",
	    "My Report, v2 _final_+@x=1:y.pdf");
	CHECK_TEMP_NAME("%s.pdf", "100%s", "100_s.pdf");
}

TEST(mailcap_temp_name_neutralises_a_leading_dash_or_dot)
{
	CHECK_TEMP_NAME(NULL, "-rf", "_rf");
	CHECK_TEMP_NAME(NULL, "--help.pdf", "_-help.pdf");
	CHECK_TEMP_NAME(NULL, ".bashrc", "_bashrc");
	CHECK_TEMP_NAME(NULL, "  -x.txt  ", "_x.txt");
	CHECK_TEMP_NAME("-%s", "a", "_a");
}

TEST(mailcap_temp_name_keeps_utf8_but_not_direction_overrides)
{
	CHECK_TEMP_NAME(NULL, "\xc3\x9c" "bersicht.pdf",
	    "\xc3\x9c" "bersicht.pdf");
	CHECK_TEMP_NAME(NULL, "invoice\xe2\x80\xae" "fdp.exe",
	    "invoice_fdp.exe");
	CHECK_TEMP_NAME(NULL, "\xff\xfe.txt", "__.txt");
	CHECK_TEMP_NAME(NULL, "a\xc2\x9b" "b", "a_b");
	CHECK_TEMP_NAME(NULL, "\xe2\x80\x8f" "x", "_x");
}

TEST(mailcap_temp_name_caps_the_length_keeping_the_extension)
{
	struct buf b = BUF_INIT;
	char *r;

	for (int i = 0; i < 300; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, ".pdf");
	r = mailcap_temp_name(NULL, buf_cstr(&b));
	CHECK_INT_EQ(strlen(r), MAILCAP_NAME_MAX);
	CHECK(str_ends_with(r, "a.pdf"));
	free(r);
	/* cut on a character boundary */
	buf_reset(&b);
	buf_addc(&b, 'x');
	for (int i = 0; i < 60; i++)
		buf_adds(&b, "\xc3\xa9");
	buf_adds(&b, ".pdf");
	r = mailcap_temp_name(NULL, buf_cstr(&b));
	CHECK_INT_EQ(strlen(r), 99);
	CHECK(str_utf8_valid(r, strlen(r)));
	CHECK(str_ends_with(r, "\xc3\xa9.pdf"));
	free(r);
	/* an "extension" too long to be one is not kept */
	buf_reset(&b);
	for (int i = 0; i < 200; i++)
		buf_addc(&b, 'a');
	buf_addc(&b, '.');
	for (int i = 0; i < 30; i++)
		buf_addc(&b, 'b');
	r = mailcap_temp_name(NULL, buf_cstr(&b));
	CHECK_INT_EQ(strlen(r), MAILCAP_NAME_MAX);
	CHECK(str_ends_with(r, "aaa"));
	free(r);
	buf_free(&b);
}

CHECK_MAIN(mailcap_command_gives_a_hostile_path_as_one_exact_argument,
    mailcap_command_gives_a_hostile_parameter_as_one_exact_argument,
    mailcap_command_writes_values_as_shell_variables,
    mailcap_command_passes_a_plain_type_and_refuses_any_other,
    mailcap_command_refuses_a_parameter_that_could_pass_for_an_option,
    mailcap_command_makes_a_missing_parameter_an_empty_argument,
    mailcap_command_reads_double_and_escaped_percent_as_percent,
    mailcap_command_copies_sequences_it_does_not_know,
    mailcap_command_without_percent_s_feeds_the_file_on_stdin,
    mailcap_command_keeps_a_dash_path_from_being_an_option,
    mailcap_command_says_when_the_entry_has_no_command_for_the_action,
    mailcap_command_keeps_values_whole_inside_command_substitution,
    mailcap_temp_name_applies_the_nametemplate,
    mailcap_temp_name_keeps_only_the_last_path_component,
    mailcap_temp_name_replaces_shell_and_control_characters,
    mailcap_temp_name_neutralises_a_leading_dash_or_dot,
    mailcap_temp_name_keeps_utf8_but_not_direction_overrides,
    mailcap_temp_name_caps_the_length_keeping_the_extension)
