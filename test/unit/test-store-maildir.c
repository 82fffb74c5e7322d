/* Unit tests for store/maildir: unique names, delivery seen only after the rename, flags, moves, removal. */
#include "check.h"
#include "check-tmp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/maildir.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/vec.h"
#include "util/xalloc.h"

static const char msg1[] = "From: a@x.test\r\nSubject: one\r\n\r\nbody\r\n";

/* A new Maildir in a new temporary directory; *top gets the directory to remove. */
static char *
new_maildir(char **top)
{
	struct err e;
	char *dir;

	*top = check_tmpdir("maildir");
	dir = xasprintf("%s/Mail/box", *top);
	if (maildir_create(dir, &e) != 0) {
		printf("# maildir_create: %s\n", e.msg);
		exit(99);
	}
	return dir;
}

/* Lists dir; exits on failure. */
static void
list_or_die(const char *dir, struct vec *out)
{
	struct err e;

	if (maildir_list(dir, out, &e) != 0) {
		printf("# maildir_list: %s\n", e.msg);
		exit(99);
	}
}

TEST(maildir_create_makes_private_tmp_new_cur_and_accepts_an_existing_one)
{
	static const char *subs[] = { "", "/tmp", "/new", "/cur" };
	mode_t old = umask(022);
	char *top, *dir = new_maildir(&top);
	struct stat st;
	struct err e;

	umask(old);
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		char *p = xasprintf("%s%s", dir, subs[i]);

		CHECK(stat(p, &st) == 0 && S_ISDIR(st.st_mode));
		CHECK_INT_EQ(st.st_mode & 0777, 0700);
		free(p);
	}
	CHECK_INT_EQ(maildir_create(dir, &e), 0);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_create_names_the_path_it_cannot_create)
{
	char *top = check_tmpdir("maildir"), *file = xasprintf("%s/file", top);
	char *dir = xasprintf("%s/file/box", top);
	struct err e;

	put_file(file, "");
	err_clear(&e);
	CHECK_INT_EQ(maildir_create(dir, &e), -1);
	CHECK(strstr(e.msg, file) != NULL);
	CHECK_INT_EQ(e.scope, ERR_FOLDER);
	free(dir);
	free(file);
	check_rm_tree(top);
}

TEST(maildir_names_are_unique_and_follow_the_convention)
{
	enum { N = 2000 };
	struct strvec names = STRVEC_INIT;
	char *pid = xasprintf("P%ldR", (long)getpid());
	time_t before = time(NULL);

	for (int i = 0; i < N; i++)
		strvec_push_owned(&names, maildir_unique_name());
	for (size_t i = 0; i < N; i++) {
		const char *n = strvec_get(&names, i);
		long long sec = strtoll(n, NULL, 10);

		CHECK(maildir_name_ok(n));
		/* time() reads a coarse clock that may lag by a tick */
		CHECK(sec >= before && sec <= time(NULL) + 1);
		CHECK(strstr(n, ".M") != NULL && strstr(n, pid) != NULL);
		for (size_t j = i + 1; j < N; j++) {
			if (strcmp(n, strvec_get(&names, j)) == 0)
				CHECK_FAIL_AT("names %zu and %zu are both %s", i, j, n);
		}
	}
	strvec_free(&names);
	free(pid);
}

TEST(maildir_format_name_escapes_the_host)
{
	char *n;

	n = maildir_format_name(1700000000, 42, 4242, 0x0123456789abcdefULL,
	    "mail.example.test");
	CHECK_STR_EQ(n, "1700000000.M000042P4242R0123456789abcdef.mail.example.test");
	free(n);
	n = maildir_format_name(1, 999999, 7, 1, "a/b:c d");
	CHECK_STR_EQ(n, "1.M999999P7R0000000000000001.a\\057b\\072c\\040d");
	CHECK(maildir_name_ok(n));
	free(n);
	n = maildir_format_name(1, 0, 1, 0, "");
	CHECK_STR_EQ(n, "1.M000000P1R0000000000000000.localhost");
	free(n);
}

TEST(maildir_format_name_keeps_a_long_host_short)
{
	char host[300], *n;

	memset(host, ':', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	n = maildir_format_name(1700000000, 1, 99999, 1, host);
	CHECK(strlen(n) < 120);
	CHECK(maildir_name_ok(n));
	free(n);
}

TEST(maildir_name_ok_refuses_names_that_leave_the_folder)
{
	static const char *bad[] = { "", ".", "..", "../x", "a/b", ".hidden",
		"a:2,S", "a\nb", "a\x7f" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(!maildir_name_ok(bad[i]));
	CHECK(maildir_name_ok("1700000000.M1P2R3.host"));
	CHECK(maildir_name_ok("x"));
}

TEST(maildir_delivery_is_seen_only_after_commit)
{
	char *top, *dir = new_maildir(&top), *name = NULL;
	struct vec v = VEC_INIT(struct maildir_msg);
	struct maildir_delivery d;
	struct maildir_msg *m;
	struct err e;

	CHECK_INT_EQ(maildir_delivery_begin(&d, dir, &e), 0);
	CHECK_INT_EQ(maildir_delivery_write(&d, msg1, 10, &e), 0);
	CHECK_INT_EQ(maildir_delivery_write(&d, msg1 + 10, sizeof(msg1) - 11,
	    &e), 0);
	list_or_die(dir, &v);
	CHECK_INT_EQ(v.len, 0);
	CHECK_INT_EQ(count_in(dir, "tmp"), 1);
	CHECK_INT_EQ(maildir_delivery_commit(&d, NULL, &name, &e), 0);
	CHECK_INT_EQ(count_in(dir, "tmp"), 0);
	list_or_die(dir, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		m = VEC_AT(&v, struct maildir_msg, 0);
		CHECK_STR_EQ(m->name, name);
		CHECK_STR_EQ(m->file, name);
		CHECK_STR_EQ(m->flags, "");
		CHECK(m->is_new);
		CHECK(strstr(m->path, "/new/") != NULL);
	}
	maildir_msgs_free(&v);
	free(name);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_delivery_abort_leaves_nothing)
{
	char *top, *dir = new_maildir(&top);
	struct maildir_delivery d;
	struct err e;

	CHECK_INT_EQ(maildir_delivery_begin(&d, dir, &e), 0);
	CHECK_INT_EQ(maildir_delivery_write(&d, "x", 1, &e), 0);
	maildir_delivery_abort(&d);
	CHECK_INT_EQ(count_in(dir, "tmp"), 0);
	CHECK_INT_EQ(count_in(dir, "new"), 0);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_deliver_keeps_the_bytes_and_makes_the_file_private)
{
	char *top, *dir = new_maildir(&top), *name = NULL, *path;
	struct buf b = BUF_INIT;
	struct stat st;
	struct err e;

	CHECK_INT_EQ(maildir_deliver(dir, msg1, sizeof(msg1) - 1, NULL, &name,
	    &e), 0);
	CHECK_INT_EQ(maildir_read(dir, name, &b, 1 << 20, &e), 0);
	CHECK_MEM_EQ(b.data, b.len, msg1, sizeof(msg1) - 1);
	path = xasprintf("%s/new/%s", dir, name);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	free(path);
	buf_free(&b);
	free(name);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_deliver_with_flags_goes_to_cur_with_sorted_flags)
{
	char *top, *dir = new_maildir(&top), *name = NULL, *want;
	struct vec v = VEC_INIT(struct maildir_msg);
	struct maildir_msg *m;
	struct err e;

	CHECK_INT_EQ(maildir_deliver(dir, "x", 1, "SFRS", &name, &e), 0);
	list_or_die(dir, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		m = VEC_AT(&v, struct maildir_msg, 0);
		want = xasprintf("%s:2,FRS", name);
		CHECK_STR_EQ(m->file, want);
		CHECK_STR_EQ(m->name, name);
		CHECK_STR_EQ(m->flags, "FRS");
		CHECK(!m->is_new);
		free(want);
	}
	maildir_msgs_free(&v);
	free(name);
	name = NULL;
	/* no flags at all: cur/ with an empty info part, "seen by a reader" */
	CHECK_INT_EQ(maildir_deliver(dir, "y", 1, "", &name, &e), 0);
	CHECK_INT_EQ(count_in(dir, "cur"), 2);
	free(name);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_deliver_refuses_flags_that_are_not_letters)
{
	char *top, *dir = new_maildir(&top), *name = NULL;
	struct err e;

	err_clear(&e);
	CHECK_INT_EQ(maildir_deliver(dir, "x", 1, "S/", &name, &e), -1);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	CHECK(name == NULL);
	CHECK_INT_EQ(count_in(dir, "tmp"), 0);
	CHECK_INT_EQ(count_in(dir, "cur"), 0);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_deliver_names_a_folder_that_is_not_there)
{
	char *top = check_tmpdir("maildir"), *dir = xasprintf("%s/none", top);
	struct err e;

	err_clear(&e);
	CHECK_INT_EQ(maildir_deliver(dir, "x", 1, NULL, NULL, &e), -1);
	CHECK(strstr(e.msg, dir) != NULL);
	CHECK_INT_EQ(e.scope, ERR_FOLDER);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_list_reads_new_and_cur_in_order_and_skips_the_rest)
{
	char *top, *dir = new_maildir(&top), *p;
	struct vec v = VEC_INIT(struct maildir_msg);
	struct maildir_msg *m;

	p = xasprintf("%s/new/20.M1P1R1.h", dir);
	put_file(p, "b");
	free(p);
	p = xasprintf("%s/cur/3.M1P1R1.h:2,RS", dir);
	put_file(p, "a");
	free(p);
	p = xasprintf("%s/cur/100.M1P1R1.h:1,odd", dir);
	put_file(p, "c");
	free(p);
	p = xasprintf("%s/cur/.hidden", dir);
	put_file(p, "x");
	free(p);
	p = xasprintf("%s/new/sub", dir);
	CHECK(mkdir(p, 0700) == 0);
	free(p);
	p = xasprintf("%s/new/link", dir);
	CHECK(symlink("/dev/null", p) == 0);
	free(p);
	p = xasprintf("%s/tmp/5.M1P1R1.h", dir);
	put_file(p, "unfinished");
	free(p);
	list_or_die(dir, &v);
	CHECK_INT_EQ(v.len, 3);
	if (v.len == 3) {
		m = VEC_AT(&v, struct maildir_msg, 0);
		CHECK_STR_EQ(m->name, "3.M1P1R1.h");
		CHECK_STR_EQ(m->flags, "RS");
		CHECK(!m->is_new);
		m = VEC_AT(&v, struct maildir_msg, 1);
		CHECK_STR_EQ(m->name, "20.M1P1R1.h");
		CHECK(m->is_new);
		m = VEC_AT(&v, struct maildir_msg, 2);
		CHECK_STR_EQ(m->name, "100.M1P1R1.h");
		CHECK_STR_EQ(m->flags, "");
	}
	maildir_msgs_free(&v);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_list_names_a_folder_it_cannot_read)
{
	char *top = check_tmpdir("maildir"), *dir = xasprintf("%s/none", top);
	struct vec v = VEC_INIT(struct maildir_msg);
	struct err e;

	err_clear(&e);
	CHECK_INT_EQ(maildir_list(dir, &v, &e), -1);
	CHECK(strstr(e.msg, dir) != NULL);
	CHECK_INT_EQ(v.len, 0);
	maildir_msgs_free(&v);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_find_finds_by_name_in_new_and_cur)
{
	char *top, *dir = new_maildir(&top), *a = NULL, *b = NULL;
	struct maildir_msg m;
	struct err e;

	CHECK_INT_EQ(maildir_deliver(dir, "a", 1, NULL, &a, &e), 0);
	CHECK_INT_EQ(maildir_deliver(dir, "b", 1, "S", &b, &e), 0);
	CHECK_INT_EQ(maildir_find(dir, a, &m, &e), 1);
	CHECK(m.is_new);
	maildir_msg_free(&m);
	CHECK_INT_EQ(maildir_find(dir, b, &m, &e), 1);
	CHECK(!m.is_new);
	CHECK_STR_EQ(m.flags, "S");
	maildir_msg_free(&m);
	CHECK_INT_EQ(maildir_find(dir, "1.M1P1R1.nowhere", &m, &e), 0);
	err_clear(&e);
	CHECK_INT_EQ(maildir_find(dir, "../new", &m, &e), -1);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	free(a);
	free(b);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_read_refuses_too_big_and_names_a_missing_message)
{
	char *top, *dir = new_maildir(&top), *name = NULL;
	struct buf b = BUF_INIT;
	struct err e;

	CHECK_INT_EQ(maildir_deliver(dir, "12345", 5, NULL, &name, &e), 0);
	err_clear(&e);
	CHECK_INT_EQ(maildir_read(dir, name, &b, 4, &e), -1);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	CHECK_INT_EQ(b.len, 0);
	err_clear(&e);
	CHECK_INT_EQ(maildir_read(dir, "1.M1P1R1.nowhere", &b, 4, &e), -1);
	CHECK(strstr(e.msg, "1.M1P1R1.nowhere") != NULL);
	CHECK(strstr(e.msg, dir) != NULL);
	buf_free(&b);
	free(name);
	free(dir);
	check_rm_tree(top);
}

TEST(maildir_move_keeps_name_place_and_flags)
{
	char *top, *src = new_maildir(&top), *dst = xasprintf("%s/other", top);
	char *a = NULL, *b = NULL;
	struct vec v = VEC_INIT(struct maildir_msg);
	struct buf buf = BUF_INIT;
	struct maildir_msg *m;
	struct err e;

	CHECK_INT_EQ(maildir_create(dst, &e), 0);
	CHECK_INT_EQ(maildir_deliver(src, "first", 5, NULL, &a, &e), 0);
	CHECK_INT_EQ(maildir_deliver(src, "second", 6, "FS", &b, &e), 0);
	CHECK_INT_EQ(maildir_move(src, a, dst, &e), 1);
	CHECK_INT_EQ(maildir_move(src, b, dst, &e), 1);
	CHECK_INT_EQ(count_in(src, "new") + count_in(src, "cur"), 0);
	list_or_die(dst, &v);
	CHECK_INT_EQ(v.len, 2);
	for (size_t i = 0; i < v.len; i++) {
		m = VEC_AT(&v, struct maildir_msg, i);
		if (strcmp(m->name, a) == 0) {
			CHECK(m->is_new);
		} else {
			CHECK_STR_EQ(m->name, b);
			CHECK_STR_EQ(m->flags, "FS");
		}
	}
	CHECK_INT_EQ(maildir_read(dst, b, &buf, 100, &e), 0);
	CHECK_STR_EQ(buf_cstr(&buf), "second");
	/* gone from the source: nothing to move a second time */
	CHECK_INT_EQ(maildir_move(src, a, dst, &e), 0);
	maildir_msgs_free(&v);
	buf_free(&buf);
	free(a);
	free(b);
	free(dst);
	free(src);
	check_rm_tree(top);
}

TEST(maildir_move_never_replaces_a_message_and_names_a_missing_folder)
{
	char *top, *src = new_maildir(&top), *dst = xasprintf("%s/other", top);
	char *none = xasprintf("%s/none", top), *name = NULL, *p;
	struct buf b = BUF_INIT;
	struct err e;

	CHECK_INT_EQ(maildir_create(dst, &e), 0);
	CHECK_INT_EQ(maildir_deliver(src, "mine", 4, NULL, &name, &e), 0);
	p = xasprintf("%s/new/%s", dst, name);
	put_file(p, "theirs");
	err_clear(&e);
	CHECK_INT_EQ(maildir_move(src, name, dst, &e), -1);
	CHECK(strstr(e.msg, p) != NULL);
	CHECK_INT_EQ(maildir_read(dst, name, &b, 100, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "theirs");
	buf_reset(&b);
	CHECK_INT_EQ(maildir_read(src, name, &b, 100, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "mine");
	/* a destination that is no Maildir is an error, not "no such message" */
	err_clear(&e);
	CHECK_INT_EQ(maildir_move(src, name, none, &e), -1);
	CHECK(strstr(e.msg, none) != NULL);
	CHECK_INT_EQ(count_in(src, "new"), 1);
	buf_free(&b);
	free(p);
	free(name);
	free(none);
	free(dst);
	free(src);
	check_rm_tree(top);
}

TEST(maildir_remove_unlinks_once)
{
	char *top, *dir = new_maildir(&top), *a = NULL, *b = NULL;
	struct err e;

	CHECK_INT_EQ(maildir_deliver(dir, "a", 1, NULL, &a, &e), 0);
	CHECK_INT_EQ(maildir_deliver(dir, "b", 1, "S", &b, &e), 0);
	CHECK_INT_EQ(maildir_remove(dir, a, &e), 1);
	CHECK_INT_EQ(maildir_remove(dir, b, &e), 1);
	CHECK_INT_EQ(maildir_remove(dir, a, &e), 0);
	CHECK_INT_EQ(count_in(dir, "new") + count_in(dir, "cur"), 0);
	free(a);
	free(b);
	free(dir);
	check_rm_tree(top);
}

/* Sets a file's modification time to `when`. */
static void
age_file(const char *path, time_t when)
{
	struct timespec ts[2] = { { when, 0 }, { when, 0 } };

	if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) != 0) {
		perror(path);
		exit(99);
	}
}

TEST(maildir_clean_tmp_removes_only_old_leftovers)
{
	char *top, *dir = new_maildir(&top), *name = NULL;
	char *old = NULL, *young = NULL, *sub = NULL;
	time_t now = time(NULL);
	struct err e;

	old = xasprintf("%s/tmp/1.M1P1R1.h", dir);
	young = xasprintf("%s/tmp/2.M1P1R1.h", dir);
	sub = xasprintf("%s/tmp/subdir", dir);
	put_file(old, "cut short");
	put_file(young, "under way");
	CHECK(mkdir(sub, 0700) == 0);
	age_file(old, now - MAILDIR_TMP_MAX_AGE);
	age_file(young, now - MAILDIR_TMP_MAX_AGE + 60);
	age_file(sub, now - 10 * MAILDIR_TMP_MAX_AGE);
	CHECK_INT_EQ(maildir_deliver(dir, "kept", 4, NULL, &name, &e), 0);
	CHECK_INT_EQ(maildir_clean_tmp(dir, now, MAILDIR_TMP_MAX_AGE, &e), 1);
	CHECK(access(old, F_OK) == -1 && errno == ENOENT);
	CHECK(access(young, F_OK) == 0);
	CHECK(access(sub, F_OK) == 0);
	CHECK_INT_EQ(count_in(dir, "new"), 1);
	free(name);
	free(sub);
	free(young);
	free(old);
	free(dir);
	check_rm_tree(top);
}

CHECK_MAIN(maildir_create_makes_private_tmp_new_cur_and_accepts_an_existing_one,
    maildir_create_names_the_path_it_cannot_create,
    maildir_names_are_unique_and_follow_the_convention,
    maildir_format_name_escapes_the_host,
    maildir_format_name_keeps_a_long_host_short,
    maildir_name_ok_refuses_names_that_leave_the_folder,
    maildir_delivery_is_seen_only_after_commit,
    maildir_delivery_abort_leaves_nothing,
    maildir_deliver_keeps_the_bytes_and_makes_the_file_private,
    maildir_deliver_with_flags_goes_to_cur_with_sorted_flags,
    maildir_deliver_refuses_flags_that_are_not_letters,
    maildir_deliver_names_a_folder_that_is_not_there,
    maildir_list_reads_new_and_cur_in_order_and_skips_the_rest,
    maildir_list_names_a_folder_it_cannot_read,
    maildir_find_finds_by_name_in_new_and_cur,
    maildir_read_refuses_too_big_and_names_a_missing_message,
    maildir_move_keeps_name_place_and_flags,
    maildir_move_never_replaces_a_message_and_names_a_missing_folder,
    maildir_remove_unlinks_once,
    maildir_clean_tmp_removes_only_old_leftovers)
