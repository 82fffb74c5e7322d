/* Unit tests for util/mailcap: reading files, their limits, the search path, and choosing an entry. */
#include "mailcap-fixture.h"

#include <sys/stat.h>
#include <unistd.h>

TEST(mailcap_load_reads_type_view_flags_and_named_fields)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "application/pdf; evince %s; test=test -n \"$DISPLAY\"; "
	    "nametemplate=%s.pdf; description=PDF document; needsterminal; "
	    "copiousoutput; print=lpr %s; edit=vi %s; compose=vi %s; "
	    "composetyped=mk %s; x11-bitmap=/i/pdf.xbm\n"), 0);
	CHECK_INT_EQ(fx.mc.entries.len, 1);
	ENTRY_OR_FAIL(&fx, 0, en);
	CHECK_STR_EQ(en->type, "application/pdf");
	CHECK_STR_EQ(en->view, "evince %s");
	CHECK_STR_EQ(en->test, "test -n \"$DISPLAY\"");
	CHECK_STR_EQ(en->nametemplate, "%s.pdf");
	CHECK_STR_EQ(en->description, "PDF document");
	CHECK_STR_EQ(en->print, "lpr %s");
	CHECK_STR_EQ(en->edit, "vi %s");
	CHECK_STR_EQ(en->compose, "vi %s");
	CHECK_STR_EQ(en->composetyped, "mk %s");
	CHECK_STR_EQ(en->x11_bitmap, "/i/pdf.xbm");
	CHECK_INT_EQ(en->flags, MAILCAP_NEEDSTERMINAL | MAILCAP_COPIOUSOUTPUT);
	CHECK_INT_EQ(en->line, 1);
	CHECK(strstr(en->file, "/mailcap") != NULL);
	fixture_done(&fx);
}

TEST(mailcap_load_joins_continued_lines)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "# comment\n"
	    "text/html; lynx \\\n"
	    "  -dump %s; \\\r\n"
	    "copiousoutput\n"
	    "text/x-a; echo a\\\\\n"		/* an escaped backslash ends it */
	    "text/x-b; b %s\\\n"
	    "# not a comment: part of the entry above\n"
	    "text/x-c; c\\"), 0);	/* a backslash at the very end */
	CHECK_INT_EQ(fx.mc.entries.len, 4);
	ENTRY_OR_FAIL(&fx, 0, en);
	CHECK_STR_EQ(en->view, "lynx   -dump %s");
	CHECK_INT_EQ(en->flags, MAILCAP_COPIOUSOUTPUT);
	CHECK_INT_EQ(en->line, 2);
	ENTRY_OR_FAIL(&fx, 1, en);
	CHECK_STR_EQ(en->view, "echo a\\");
	CHECK_INT_EQ(en->line, 5);
	ENTRY_OR_FAIL(&fx, 2, en);
	CHECK_STR_EQ(en->view, "b %s# not a comment: part of the entry above");
	CHECK_INT_EQ(en->line, 6);
	ENTRY_OR_FAIL(&fx, 3, en);
	CHECK_STR_EQ(en->type, "text/x-c");
	CHECK_STR_EQ(en->view, "c");
	CHECK_INT_EQ(en->line, 8);
	fixture_done(&fx);
}

TEST(mailcap_load_splits_fields_on_unescaped_semicolons_only)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "text/plain; a %s \\; b \\\\; test=x\\;y; description=50\\% off\n"
	    "text/x-pct; printf '\\%s' %s; nametemplate=\\%%s.txt\n"), 0);
	ENTRY_OR_FAIL(&fx, 0, en);
	CHECK_STR_EQ(en->view, "a %s ; b \\");
	CHECK_STR_EQ(en->test, "x;y");
	/* "\%" is a literal %: in a command that reads "%%" */
	CHECK_STR_EQ(en->description, "50% off");
	ENTRY_OR_FAIL(&fx, 1, en);
	CHECK_STR_EQ(en->view, "printf '%%s' %s");
	CHECK_STR_EQ(en->nametemplate, "%%%s.txt");
	fixture_done(&fx);
}

TEST(mailcap_load_skips_comments_blank_lines_and_malformed_entries)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "\n   \n\t# indented comment\n#text/plain; no\n"
	    "text/plain\n"			/* no view field */
	    "; cat %s\n"			/* no type */
	    "text/pla in; cat %s\n"		/* not a type */
	    "text//x; cat %s\n"
	    "*/plain; cat %s\n"
	    "/x; cat %s\n"
	    "text/ok; cat %s;\n"), 0);
	CHECK_INT_EQ(fx.mc.entries.len, 1);
	ENTRY_OR_FAIL(&fx, 0, en);
	CHECK_STR_EQ(en->type, "text/ok");
	CHECK_INT_EQ(en->line, 11);
	fixture_done(&fx);
}

TEST(mailcap_load_reads_wildcards_and_types_ignoring_case)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "Text; less %s\nIMAGE/*; feh %s\nImage/JPEG; jp %s\n*; any %s\n"
	    "*/*; all %s\ntext/plain; ; print=lpr %s\n"), 0);
	CHECK_INT_EQ(fx.mc.entries.len, 6);
	ENTRY_OR_FAIL(&fx, 5, en);
	CHECK_STR_EQ(entry(&fx, 0)->type, "text/*");
	CHECK_STR_EQ(entry(&fx, 1)->type, "image/*");
	CHECK_STR_EQ(entry(&fx, 2)->type, "image/jpeg");
	CHECK_STR_EQ(entry(&fx, 3)->type, "*/*");
	CHECK_STR_EQ(entry(&fx, 4)->type, "*/*");
	CHECK_STR_EQ(en->view, "");
	CHECK_STR_EQ(en->print, "lpr %s");
	fixture_done(&fx);
}

TEST(mailcap_load_ignores_unknown_fields_and_reads_names_ignoring_case)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "text/plain; cat %s; NeedsTerminal; textualnewlines=1; "
	    "notes=by root; x-future; Test = true ; TEST=false; "
	    "Description=\n"), 0);
	ENTRY_OR_FAIL(&fx, 0, en);
	CHECK_INT_EQ(en->flags, MAILCAP_NEEDSTERMINAL);
	CHECK_STR_EQ(en->test, "false");	/* the last one counts */
	CHECK_STR_EQ(en->description, "");
	CHECK(en->print == NULL && en->edit == NULL && en->nametemplate == NULL);
	fixture_done(&fx);
}

/* Lines as Debian's update-mime writes them to /etc/mailcap. */
TEST(mailcap_load_reads_the_syntax_of_a_debian_system_file)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "#########\n# ----- User Section Begins ----- #\n"
	    "# -----  User Section Ends  ----- #\n#########\n\n"
	    "application/x-troff-man; /usr/bin/man -X100 -l %s; test=test -n "
	    "\"$DISPLAY\" -a -e /usr/bin/gxditview; description=Man page\n"
	    "text/html; /usr/bin/sensible-browser %s; description=HTML Text; "
	    "nametemplate=%s.html\n"
	    "application/x-troff-man; /usr/bin/nroff -mandoc -Tutf8; "
	    "copiousoutput; print=/usr/bin/nroff -mandoc -Tutf8 | print "
	    "text/plain:-\n"
	    "text/plain; view %s; edit=vim %s; compose=vim %s; "
	    "test=test -x /usr/bin/vim; needsterminal\n"), 0);
	CHECK_INT_EQ(fx.mc.entries.len, 4);
	ENTRY_OR_FAIL(&fx, 0, en);
	CHECK_STR_EQ(en->test, "test -n \"$DISPLAY\" -a -e /usr/bin/gxditview");
	CHECK_STR_EQ(en->description, "Man page");
	CHECK_STR_EQ(entry(&fx, 1)->nametemplate, "%s.html");
	ENTRY_OR_FAIL(&fx, 2, en);
	CHECK_STR_EQ(en->view, "/usr/bin/nroff -mandoc -Tutf8");
	CHECK_STR_EQ(en->print,
	    "/usr/bin/nroff -mandoc -Tutf8 | print text/plain:-");
	ENTRY_OR_FAIL(&fx, 3, en);
	CHECK_STR_EQ(en->edit, "vim %s");
	CHECK_INT_EQ(en->flags, MAILCAP_NEEDSTERMINAL);
	fixture_done(&fx);
}

TEST(mailcap_load_refuses_an_over_long_entry_naming_file_and_line)
{
	struct buf text = BUF_INIT;
	struct fixture fx;

	buf_adds(&text, "text/plain; cat %s\ntext/x; echo \\\n");
	for (int i = 0; i < MAILCAP_LINE_MAX / 100 + 1; i++)
		buf_addf(&text, "%0100d\\\n", 0);
	buf_adds(&text, "end\n");
	CHECK_INT_EQ(fixture_load(&fx, buf_cstr(&text)), -1);
	CHECK(strstr(fx.e.msg, "/mailcap:2: an entry longer than 8192 bytes")
	    != NULL);
	CHECK_INT_EQ(fx.mc.entries.len, 0);
	fixture_done(&fx);
	buf_free(&text);
}

TEST(mailcap_load_refuses_too_many_entries)
{
	struct buf text = BUF_INIT;
	struct fixture fx;

	for (int i = 0; i <= MAILCAP_ENTRIES_MAX; i++)
		buf_addf(&text, "text/x-%d; v %%s\n# c\n", i);
	CHECK_INT_EQ(fixture_load(&fx, buf_cstr(&text)), -1);
	CHECK(strstr(fx.e.msg, "/mailcap: more than 5000 entries") != NULL);
	CHECK_INT_EQ(fx.mc.entries.len, 0);
	fixture_done(&fx);
	buf_reset(&text);
	/* exactly the limit is fine */
	for (int i = 0; i < MAILCAP_ENTRIES_MAX; i++)
		buf_addf(&text, "text/x-%d; v %%s\n", i);
	CHECK_INT_EQ(fixture_load(&fx, buf_cstr(&text)), 0);
	CHECK_INT_EQ(fx.mc.entries.len, MAILCAP_ENTRIES_MAX);
	fixture_done(&fx);
	buf_free(&text);
}

TEST(mailcap_load_refuses_a_file_over_the_size_limit)
{
	struct fixture fx;
	char *big;
	const char *paths[1];

	CHECK_INT_EQ(fixture_load(&fx, "text/plain; cat %s\n"), 0);
	big = xasprintf("%s/big", fx.dir);
	put_file(big, "text/x; y %s\n");
	CHECK(truncate(big, MAILCAP_FILE_MAX + 1) == 0);
	paths[0] = big;
	CHECK_INT_EQ(mailcap_load(&fx.mc, paths, 1, &fx.e), -1);
	CHECK(strstr(fx.e.msg, "/big is larger than 1048576 bytes") != NULL);
	/* what was loaded before stays */
	CHECK_INT_EQ(fx.mc.entries.len, 1);
	free(big);
	fixture_done(&fx);
}

TEST(mailcap_load_skips_missing_files_but_reports_unreadable_ones)
{
	struct fixture fx;
	char *a, *sub, *sub2;
	const char *paths[4];

	CHECK_INT_EQ(fixture_load(&fx, ""), 0);
	a = xasprintf("%s/a", fx.dir);
	sub = xasprintf("%s/sub", fx.dir);
	sub2 = xasprintf("%s/fifo", fx.dir);
	put_file(a, "text/plain; a %s\n");
	mkdir(sub, 0700);
	paths[0] = "/nonexistent-taube-dir/mailcap";
	paths[1] = a;
	paths[2] = "/etc/passwd/not-a-dir";
	CHECK_INT_EQ(mailcap_load(&fx.mc, paths, 3, &fx.e), 0);
	CHECK_INT_EQ(fx.mc.entries.len, 1);
	paths[2] = sub;		/* a directory: there, but unreadable */
	paths[3] = a;
	CHECK_INT_EQ(mailcap_load(&fx.mc, paths, 4, &fx.e), -1);
	CHECK(strstr(fx.e.msg, "/sub is not a regular file") != NULL);
	CHECK_INT_EQ(fx.mc.entries.len, 1);
	/* a FIFO would block the reader: refused at once */
	CHECK(mkfifo(sub2, 0600) == 0);
	paths[0] = sub2;
	CHECK_INT_EQ(mailcap_load(&fx.mc, paths, 1, &fx.e), -1);
	CHECK(strstr(fx.e.msg, "/fifo is not a regular file") != NULL);
	/* the way to say "no system file" */
	paths[0] = "/dev/null";
	CHECK_INT_EQ(mailcap_load(&fx.mc, paths, 1, &fx.e), 0);
	CHECK_INT_EQ(fx.mc.entries.len, 1);
	free(sub2);
	free(a);
	free(sub);
	fixture_done(&fx);
}

TEST(mailcap_default_paths_follow_MAILCAPS_when_it_is_set)
{
	struct strvec sv = STRVEC_INIT;
	char *old = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;

	setenv("HOME", "/home/pat", 1);
	setenv("MAILCAPS", "~/my.mailcap::/etc/other:", 1);
	mailcap_default_paths(&sv);
	CHECK_INT_EQ(strvec_len(&sv), 2);
	CHECK_STR_EQ(strvec_get(&sv, 0), "/home/pat/my.mailcap");
	CHECK_STR_EQ(strvec_get(&sv, 1), "/etc/other");
	strvec_free(&sv);
	setenv("MAILCAPS", "", 1);
	mailcap_default_paths(&sv);
	CHECK_INT_EQ(strvec_len(&sv), 5);
	CHECK_STR_EQ(strvec_get(&sv, 0), "/home/pat/.mailcap");
	CHECK_STR_EQ(strvec_get(&sv, 1), "/etc/mailcap");
	CHECK_STR_EQ(strvec_get(&sv, 4), "/usr/local/etc/mailcap");
	strvec_free(&sv);
	unsetenv("MAILCAPS");
	mailcap_default_paths(&sv);
	CHECK_STR_EQ(strvec_get(&sv, 0), "/home/pat/.mailcap");
	strvec_free(&sv);
	if (old != NULL)
		setenv("HOME", old, 1);
	free(old);
}

TEST(mailcap_default_paths_cap_the_MAILCAPS_list)
{
	struct strvec sv = STRVEC_INIT;
	struct buf b = BUF_INIT;

	for (int i = 0; i < 100; i++)
		buf_addf(&b, "/m/%d:", i);
	setenv("MAILCAPS", buf_cstr(&b), 1);
	mailcap_default_paths(&sv);
	CHECK_INT_EQ(strvec_len(&sv), MAILCAP_PATHS_MAX);
	unsetenv("MAILCAPS");
	strvec_free(&sv);
	buf_free(&b);
}

TEST(mailcap_find_takes_the_first_match_in_file_order)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "image/png; first %s\ntext/*; wild %s\ntext/plain; exact %s\n"
	    "*/*; any %s\n"), 0);
	en = mailcap_find(&fx.mc, "text/plain", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "wild %s") == 0);
	en = mailcap_find(&fx.mc, "image/png", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "first %s") == 0);
	en = mailcap_find(&fx.mc, "application/zip", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "any %s") == 0);
	/* a wildcard covers the subtypes of one type, not a prefix of it */
	en = mailcap_find(&fx.mc, "textual/x", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "any %s") == 0);
	fixture_done(&fx);
}

TEST(mailcap_find_compares_types_ignoring_case)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx, "Application/PDF; pdf %s\n"
	    "IMAGE; img %s\n"), 0);
	en = mailcap_find(&fx.mc, "application/Pdf", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "pdf %s") == 0);
	en = mailcap_find(&fx.mc, "Image/GIF", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "img %s") == 0);
	CHECK(mailcap_find(&fx.mc, "application/pdfx", NULL, 0) == NULL);
	CHECK(mailcap_find(&fx.mc, "application", NULL, 0) == NULL);
	fixture_done(&fx);
}

TEST(mailcap_find_searches_files_in_the_order_given)
{
	struct fixture fx;
	char *user, *sys;
	const char *paths[2];
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx, ""), 0);
	user = xasprintf("%s/user", fx.dir);
	sys = xasprintf("%s/sys", fx.dir);
	put_file(user, "text/html; user-browser %s\n");
	put_file(sys, "text/*; sys-pager %s\ntext/html; sys-browser %s\n"
	    "image/png; sys-image %s\n");
	paths[0] = user;
	paths[1] = sys;
	CHECK_INT_EQ(mailcap_load(&fx.mc, paths, 2, &fx.e), 0);
	en = mailcap_find(&fx.mc, "text/html", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "user-browser %s") == 0 &&
	    strcmp(en->file, user) == 0);
	en = mailcap_find(&fx.mc, "image/png", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->file, sys) == 0 && en->line == 3);
	free(user);
	free(sys);
	fixture_done(&fx);
}

TEST(mailcap_find_skips_entries_whose_test_fails)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "text/plain; no %s; test=false\n"
	    "text/plain; missing %s; test=taube-no-such-command-here\n"
	    "text/plain; loud %s; test=echo oops >&2\\; false\n"
	    "text/plain; yes %s; test=true\n"
	    "text/plain; later %s\n"), 0);
	en = mailcap_find(&fx.mc, "text/plain", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "yes %s") == 0);
	fixture_done(&fx);
}

TEST(mailcap_find_counts_a_test_that_needs_the_file_as_failing)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "text/plain; file %s; test=test -e %s\n"
	    "text/plain; type %s; test=test %t = text/plain\n"), 0);
	en = mailcap_find(&fx.mc, "text/plain", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "type %s") == 0);
	fixture_done(&fx);
}

TEST(mailcap_find_gives_tests_the_message_values_safely)
{
	static const char *hostile[] = { "$(touch \"$PWNED\")",
		"`touch \"$PWNED\"`", "x'; touch \"$PWNED\"; '",
		"\"; touch \"$PWNED\"; \"", "utf-8\ntouch \"$PWNED\"" };
	struct mailcap_param pv[1] = { { "Charset", "UTF-8" } };
	struct mailcap_params p = { pv, 1 };
	const struct mailcap_entry *en;
	struct fixture fx;
	struct stat st;
	char *marker;

	/* the classic test of metamail's files, and the $(...) form */
	CHECK_INT_EQ(fixture_load(&fx,
	    "text/plain; bq %s; test=test \"`echo %{charset} | tr '[A-Z]' "
	    "'[a-z]'`\" = utf-8\n"
	    "text/plain; ps %s; test=test \"$(echo %{CHARSET} | tr A-Z a-z)\" "
	    "= iso-8859-1\n"
	    "text/plain; other %s\n"), 0);
	marker = xasprintf("%s/pwned", fx.dir);
	setenv("PWNED", marker, 1);
	en = mailcap_find(&fx.mc, "text/plain", &p, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "bq %s") == 0);
	pv[0].value = "ISO-8859-1";
	en = mailcap_find(&fx.mc, "text/plain", &p, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "ps %s") == 0);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		pv[0].value = hostile[i];
		en = mailcap_find(&fx.mc, "text/plain", &p, MAILCAP_VIEW);
		CHECK(en != NULL && strcmp(en->view, "other %s") == 0);
		if (stat(marker, &st) == 0) {
			CHECK_FAIL_AT("case %zu ran the value as code", i);
			unlink(marker);
		}
	}
	unsetenv("PWNED");
	free(marker);
	fixture_done(&fx);
}

TEST(mailcap_find_inline_wants_copiousoutput)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "text/html; browser %s; needsterminal\n"
	    "text/html; lynx -dump %s; copiousoutput; test=false\n"
	    "text/html; w3m -dump %s; copiousoutput\n"), 0);
	en = mailcap_find(&fx.mc, "text/html", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "browser %s") == 0);
	en = mailcap_find(&fx.mc, "text/html", NULL,
	    MAILCAP_VIEW | MAILCAP_INLINE);
	CHECK(en != NULL && strcmp(en->view, "w3m -dump %s") == 0);
	CHECK(mailcap_find(&fx.mc, "text/plain", NULL, MAILCAP_INLINE) == NULL);
	fixture_done(&fx);
}

TEST(mailcap_find_wants_a_command_for_the_action)
{
	struct fixture fx;
	const struct mailcap_entry *en;

	CHECK_INT_EQ(fixture_load(&fx,
	    "application/postscript; ; print=lpr %s\n"
	    "application/postscript; gv %s\n"
	    "application/postscript; ghostview %s; edit=vi %s\n"), 0);
	en = mailcap_find(&fx.mc, "application/postscript", NULL, MAILCAP_VIEW);
	CHECK(en != NULL && strcmp(en->view, "gv %s") == 0);
	en = mailcap_find(&fx.mc, "application/postscript", NULL,
	    MAILCAP_PRINT);
	CHECK(en != NULL && strcmp(en->print, "lpr %s") == 0);
	en = mailcap_find(&fx.mc, "application/postscript", NULL, MAILCAP_EDIT);
	CHECK(en != NULL && strcmp(en->view, "ghostview %s") == 0);
	CHECK(mailcap_find(&fx.mc, "application/postscript", NULL,
	    MAILCAP_COMPOSE) == NULL);
	fixture_done(&fx);
}

CHECK_MAIN(mailcap_load_reads_type_view_flags_and_named_fields,
    mailcap_load_joins_continued_lines,
    mailcap_load_splits_fields_on_unescaped_semicolons_only,
    mailcap_load_skips_comments_blank_lines_and_malformed_entries,
    mailcap_load_reads_wildcards_and_types_ignoring_case,
    mailcap_load_ignores_unknown_fields_and_reads_names_ignoring_case,
    mailcap_load_reads_the_syntax_of_a_debian_system_file,
    mailcap_load_refuses_an_over_long_entry_naming_file_and_line,
    mailcap_load_refuses_too_many_entries,
    mailcap_load_refuses_a_file_over_the_size_limit,
    mailcap_load_skips_missing_files_but_reports_unreadable_ones,
    mailcap_default_paths_follow_MAILCAPS_when_it_is_set,
    mailcap_default_paths_cap_the_MAILCAPS_list,
    mailcap_find_takes_the_first_match_in_file_order,
    mailcap_find_compares_types_ignoring_case,
    mailcap_find_searches_files_in_the_order_given,
    mailcap_find_skips_entries_whose_test_fails,
    mailcap_find_counts_a_test_that_needs_the_file_as_failing,
    mailcap_find_gives_tests_the_message_values_safely,
    mailcap_find_inline_wants_copiousoutput,
    mailcap_find_wants_a_command_for_the_action)
