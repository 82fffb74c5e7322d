/* Unit tests for util/fs: bounded reads, atomic writes that keep the old file, mkdir -p, ~. */
#include "check.h"
#include "check-tmp.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

/* The whole file as a string, or NULL; the caller frees it. */
static char *
slurp(const char *path)
{
	struct buf b = BUF_INIT;

	if (fs_read_file(path, &b, 1 << 20, NULL) == -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Entries in dir other than . and .. */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

TEST(fs_read_file_reads_the_whole_file)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/msg", dir);
	struct buf b = BUF_INIT;
	struct err e;

	put_file(path, "From: a@x.test\n\nbody\n");
	CHECK_INT_EQ(fs_read_file(path, &b, 1024, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "From: a@x.test\n\nbody\n");
	buf_free(&b);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_read_file_appends_to_what_the_buffer_holds)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/f", dir);
	struct buf b = BUF_INIT;
	struct err e;

	put_file(path, "tail");
	buf_adds(&b, "head:");
	CHECK_INT_EQ(fs_read_file(path, &b, 4, &e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "head:tail");
	buf_free(&b);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_read_file_refuses_a_file_larger_than_max_and_names_it)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/big", dir);
	struct buf b = BUF_INIT;
	struct err e;

	put_file(path, "12345");
	buf_adds(&b, "kept");
	err_clear(&e);
	CHECK_INT_EQ(fs_read_file(path, &b, 4, &e), -1);
	CHECK(strstr(e.msg, path) != NULL);
	CHECK(strstr(e.msg, "larger than 4 bytes") != NULL);
	CHECK_STR_EQ(buf_cstr(&b), "kept");
	buf_free(&b);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_read_file_bounds_a_stream_that_has_no_size)
{
	struct buf b = BUF_INIT;
	struct err e;

	/* /dev/zero never ends: only the bound stops the read */
	CHECK_INT_EQ(fs_read_file("/dev/zero", &b, 100000, &e), -1);
	CHECK(strstr(e.msg, "larger than 100000 bytes") != NULL);
	CHECK_INT_EQ(b.len, 0);
	buf_free(&b);
}

TEST(fs_read_file_names_a_missing_file)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/none", dir);
	struct buf b = BUF_INIT;
	struct err e;

	CHECK_INT_EQ(fs_read_file(path, &b, 10, &e), -1);
	CHECK(strstr(e.msg, path) != NULL);
	CHECK(strstr(e.msg, strerror(ENOENT)) != NULL);
	buf_free(&b);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_read_file_refuses_a_directory)
{
	char *dir = check_tmpdir("fs");
	struct buf b = BUF_INIT;
	struct err e;

	CHECK_INT_EQ(fs_read_file(dir, &b, 10, &e), -1);
	CHECK(strstr(e.msg, dir) != NULL);
	buf_free(&b);
	check_rm_tree(dir);
}

TEST(fs_write_atomic_creates_a_file_with_the_mode_less_umask)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/new", dir), *got;
	mode_t old = umask(077);
	struct stat st;
	struct err e;

	CHECK_INT_EQ(fs_write_atomic(path, "secret", 6, 0644, &e), 0);
	umask(old);
	CHECK((got = slurp(path)) != NULL && strcmp(got, "secret") == 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);
	free(got);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_write_atomic_replaces_an_existing_file_and_leaves_no_temporary)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/draft", dir), *got;
	struct err e;

	put_file(path, "old contents, longer than the new ones");
	CHECK_INT_EQ(fs_write_atomic(path, "new", 3, 0600, &e), 0);
	CHECK((got = slurp(path)) != NULL && strcmp(got, "new") == 0);
	CHECK_INT_EQ(count_entries(dir), 1);
	free(got);
	CHECK_INT_EQ(fs_write_atomic(path, "", 0, 0600, &e), 0);
	CHECK((got = slurp(path)) != NULL && strcmp(got, "") == 0);
	free(got);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_write_atomic_keeps_old_file_when_rename_fails)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/target", dir);
	char *inner = xasprintf("%s/target/keep", dir), *got;
	struct err e;

	/* a non-empty directory cannot be renamed over, even by root */
	CHECK(mkdir(path, 0700) == 0);
	put_file(inner, "precious");
	err_clear(&e);
	CHECK_INT_EQ(fs_write_atomic(path, "new", 3, 0600, &e), -1);
	CHECK(strstr(e.msg, path) != NULL);
	CHECK((got = slurp(inner)) != NULL && strcmp(got, "precious") == 0);
	CHECK_INT_EQ(count_entries(dir), 1);
	free(got);
	free(inner);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_write_atomic_keeps_old_file_when_write_fails)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/config", dir), *got;
	size_t len = 1 << 20;
	char *big = xmalloc(len);
	struct rlimit saved, small;
	struct err e;

	put_file(path, "old config\n");
	memset(big, 'x', len);
	/* a file size limit makes write() fail with EFBIG, even for root */
	signal(SIGXFSZ, SIG_IGN);
	CHECK(getrlimit(RLIMIT_FSIZE, &saved) == 0);
	small = saved;
	small.rlim_cur = 4096;
	CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
	CHECK_INT_EQ(fs_write_atomic(path, big, len, 0600, &e), -1);
	CHECK(setrlimit(RLIMIT_FSIZE, &saved) == 0);
	signal(SIGXFSZ, SIG_DFL);
	CHECK(strstr(e.msg, path) != NULL);
	CHECK((got = slurp(path)) != NULL && strcmp(got, "old config\n") == 0);
	CHECK_INT_EQ(count_entries(dir), 1);
	free(got);
	free(big);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_write_atomic_names_a_missing_directory)
{
	char *dir = check_tmpdir("fs"), *sub = xasprintf("%s/absent", dir);
	char *path = xasprintf("%s/file", sub);
	struct err e;

	CHECK_INT_EQ(fs_write_atomic(path, "x", 1, 0600, &e), -1);
	CHECK(strstr(e.msg, sub) != NULL);
	CHECK_INT_EQ(count_entries(dir), 0);
	free(path);
	free(sub);
	check_rm_tree(dir);
}

TEST(fs_write_atomic_replaces_a_symlink_not_its_target)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/link", dir);
	char *real = xasprintf("%s/real", dir), *got;
	struct stat st;
	struct err e;

	put_file(real, "untouched");
	CHECK(symlink(real, path) == 0);
	CHECK_INT_EQ(fs_write_atomic(path, "mine", 4, 0600, &e), 0);
	CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode));
	CHECK((got = slurp(real)) != NULL && strcmp(got, "untouched") == 0);
	free(got);
	free(real);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_write_atomic_handles_a_bare_name_and_a_long_name)
{
	char *dir = check_tmpdir("fs"), *got, cwd[4096], name[256];
	struct err e;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(chdir(dir) == 0);
	CHECK_INT_EQ(fs_write_atomic("bare", "b", 1, 0600, &e), 0);
	/* a 255-byte name still leaves room for the temporary one */
	CHECK_INT_EQ(fs_write_atomic(name, "l", 1, 0600, &e), 0);
	CHECK((got = slurp("bare")) != NULL && strcmp(got, "b") == 0);
	free(got);
	CHECK((got = slurp(name)) != NULL && strcmp(got, "l") == 0);
	free(got);
	CHECK_INT_EQ(count_entries("."), 2);
	CHECK(chdir(cwd) == 0);
	check_rm_tree(dir);
}

TEST(fs_mkdir_p_creates_missing_parents_with_the_mode)
{
	char *dir = check_tmpdir("fs"), *path = xasprintf("%s/a/b//c/", dir);
	char *mid = xasprintf("%s/a/b", dir);
	mode_t old = umask(022);
	struct stat st;
	struct err e;

	CHECK_INT_EQ(fs_mkdir_p(path, 0700, &e), 0);
	umask(old);
	CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(stat(mid, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK_INT_EQ(fs_mkdir_p(path, 0700, &e), 0);
	CHECK_INT_EQ(fs_mkdir_p(dir, 0700, &e), 0);
	CHECK_INT_EQ(fs_mkdir_p("/", 0700, &e), 0);
	free(mid);
	free(path);
	check_rm_tree(dir);
}

TEST(fs_mkdir_p_names_a_file_in_the_way)
{
	char *dir = check_tmpdir("fs"), *file = xasprintf("%s/file", dir);
	char *path = xasprintf("%s/file/sub", dir);
	struct err e;

	put_file(file, "");
	CHECK_INT_EQ(fs_mkdir_p(path, 0700, &e), -1);
	CHECK(strstr(e.msg, file) != NULL);
	CHECK(strstr(e.msg, strerror(ENOTDIR)) != NULL);
	CHECK_INT_EQ(fs_mkdir_p(file, 0700, &e), -1);
	CHECK_INT_EQ(fs_mkdir_p("", 0700, &e), -1);
	free(path);
	free(file);
	check_rm_tree(dir);
}

TEST(fs_fsync_dir_syncs_and_names_a_missing_directory)
{
	char *dir = check_tmpdir("fs"), *none = xasprintf("%s/none", dir);
	struct err e;

	CHECK_INT_EQ(fs_fsync_dir(dir, &e), 0);
	CHECK_INT_EQ(fs_fsync_dir(none, &e), -1);
	CHECK(strstr(e.msg, none) != NULL);
	free(none);
	check_rm_tree(dir);
}

/* Runs with HOME set to value (or unset when NULL), then restores it. */
static char *
expand_with_home(const char *value, const char *path)
{
	const char *cur = getenv("HOME");
	char *saved = cur != NULL ? xstrdup(cur) : NULL, *res;

	if (value != NULL)
		setenv("HOME", value, 1);
	else
		unsetenv("HOME");
	res = fs_expand_home(path);
	if (saved != NULL)
		setenv("HOME", saved, 1);
	else
		unsetenv("HOME");
	free(saved);
	return res;
}

TEST(fs_expand_home_replaces_a_leading_tilde_from_HOME)
{
	static const char *cases[][3] = {
		{ "/home/alice", "~/.config/taube/ca.pem",
		  "/home/alice/.config/taube/ca.pem" },
		{ "/home/alice/", "~/Mail", "/home/alice/Mail" },
		{ "/home/alice", "~", "/home/alice" },
		{ "/", "~/x", "/x" },
		{ "/", "~", "/" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = expand_with_home(cases[i][0], cases[i][1]);

		CHECK_STR_EQ(got, cases[i][2]);
		free(got);
	}
}

TEST(fs_expand_home_leaves_other_paths_alone)
{
	static const char *same[] = { "/abs/~/x", "rel/~", "~bob/Mail", "~~",
		"", "x~" };

	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *got = expand_with_home("/home/alice", same[i]);

		CHECK_STR_EQ(got, same[i]);
		free(got);
	}
}

TEST(fs_expand_home_falls_back_to_the_password_database)
{
	struct passwd *pw = getpwuid(getuid());
	char *got, *want;

	if (pw == NULL || pw->pw_dir[0] != '/') {
		printf("# no password entry with a home directory; skipped\n");
		return;
	}
	want = xasprintf("%s/Mail", strcmp(pw->pw_dir, "/") == 0 ? "" :
	    pw->pw_dir);
	got = expand_with_home(NULL, "~/Mail");
	CHECK_STR_EQ(got, want);
	free(got);
	/* a relative HOME is no home */
	got = expand_with_home("relative", "~/Mail");
	CHECK_STR_EQ(got, want);
	free(got);
	free(want);
}

CHECK_MAIN(fs_read_file_reads_the_whole_file,
    fs_read_file_appends_to_what_the_buffer_holds,
    fs_read_file_refuses_a_file_larger_than_max_and_names_it,
    fs_read_file_bounds_a_stream_that_has_no_size,
    fs_read_file_names_a_missing_file,
    fs_read_file_refuses_a_directory,
    fs_write_atomic_creates_a_file_with_the_mode_less_umask,
    fs_write_atomic_replaces_an_existing_file_and_leaves_no_temporary,
    fs_write_atomic_keeps_old_file_when_rename_fails,
    fs_write_atomic_keeps_old_file_when_write_fails,
    fs_write_atomic_names_a_missing_directory,
    fs_write_atomic_replaces_a_symlink_not_its_target,
    fs_write_atomic_handles_a_bare_name_and_a_long_name,
    fs_mkdir_p_creates_missing_parents_with_the_mode,
    fs_mkdir_p_names_a_file_in_the_way,
    fs_fsync_dir_syncs_and_names_a_missing_directory,
    fs_expand_home_replaces_a_leading_tilde_from_HOME,
    fs_expand_home_leaves_other_paths_alone,
    fs_expand_home_falls_back_to_the_password_database)
