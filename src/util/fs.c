/* fs.c: bounded reads, atomic writes with fsync, mkdir -p and home directory lookup. */
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

#define FS_READ_CHUNK		65536
#define FS_TEMP_TRIES		100
#define FS_TEMP_BASE_MAX	64	/* keeps temporary names under NAME_MAX */

static int
too_big(struct err *e, const char *path, size_t max)
{
	return err_set(e, "%s is larger than %zu bytes", path, max);
}

/* Reads fd to its end into out, but never more than max bytes. */
static int
read_bounded(int fd, const char *path, struct buf *out, size_t max,
    struct err *e)
{
	struct stat st;
	size_t got = 0, want;
	ssize_t n;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > max)
			return too_big(e, path, max);
		buf_grow(out, (size_t)st.st_size);
	}
	for (;;) {
		/* ask for one byte past max, to tell "exactly max" from "more" */
		want = max - got < FS_READ_CHUNK ? max - got + 1 : FS_READ_CHUNK;
		buf_grow(out, want);
		n = read(fd, out->data + out->len, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return err_errno(e, "cannot read %s", path);
		out->len += (size_t)n;
		/* also at end of file: buf_grow leaves a new buffer unterminated */
		out->data[out->len] = '\0';
		if (n == 0)
			return 0;
		got += (size_t)n;
		if (got > max)
			return too_big(e, path, max);
	}
}

int
fs_read_file(const char *path, struct buf *out, size_t max, struct err *e)
{
	size_t start = out->len;
	int fd, rc;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	while (fd == -1 && errno == EINTR);
	if (fd == -1)
		return err_errno(e, "cannot open %s", path);
	rc = read_bounded(fd, path, out, max, e);
	close(fd);
	if (rc == -1)
		buf_truncate(out, start);
	return rc;
}

/* Splits path into an allocated directory part and a pointer to its last component. */
static char *
split_path(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*base = path;
		return xstrdup(".");
	}
	*base = slash + 1;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static uint64_t
temp_suffix(void)
{
	struct timespec ts;
	uint64_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r;
	/* no entropy yet: O_EXCL still keeps us safe, this only spreads names */
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^
	    (uint64_t)getpid() << 40 ^ (uint64_t)(uintptr_t)&ts;
}

/* Creates a new, unique, hidden file next to the target; *tmp gets its name. */
static int
open_temp(const char *dir, const char *base, mode_t mode, char **tmp,
    struct err *e)
{
	int fd, saved = 0;

	for (int i = 0; i < FS_TEMP_TRIES; i++) {
		*tmp = xasprintf("%s/.%.*s.%016" PRIx64 ".tmp", dir,
		    FS_TEMP_BASE_MAX, base, temp_suffix());
		fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		    O_NOFOLLOW | O_NOCTTY, mode);
		if (fd != -1)
			return fd;
		saved = errno;
		free(*tmp);
		*tmp = NULL;
		if (saved != EEXIST && saved != EINTR)
			break;
	}
	errno = saved;
	return err_errno(e, "cannot create a temporary file in %s", dir);
}

static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes, syncs and closes the temporary file; fd is closed in every case. */
static int
fill_temp(int fd, const char *path, const void *data, size_t len,
    struct err *e)
{
	int saved;

	if (write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return err_errno(e, "cannot write %s", path);
	}
	/* close reports late write errors on some file systems (NFS) */
	if (close(fd) == -1)
		return err_errno(e, "cannot write %s", path);
	return 0;
}

int
fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    struct err *e)
{
	const char *base;
	char *dir, *tmp = NULL;
	int fd, rc = -1;

	dir = split_path(path, &base);
	if ((fd = open_temp(dir, base, mode, &tmp, e)) == -1)
		goto out;
	if (fill_temp(fd, path, data, len, e) == -1)
		goto out;
	if (rename(tmp, path) == -1) {
		err_errno(e, "cannot replace %s", path);
		goto out;
	}
	free(tmp);
	tmp = NULL;
	rc = fs_fsync_dir(dir, e);
out:
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	return rc;
}

static int
mkdir_one(const char *path, mode_t mode, struct err *e)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return 0;
	if (errno != EEXIST)
		return err_errno(e, "cannot create directory %s", path);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	errno = ENOTDIR;
	return err_errno(e, "cannot create directory %s", path);
}

int
fs_mkdir_p(const char *path, mode_t mode, struct err *e)
{
	char *p;
	int rc = 0;

	if (path[0] == '\0')
		return err_set(e, "cannot create a directory with an empty name");
	p = xstrdup(path);
	/* p + 1: the root needs no creating, and "/a" must not try "" first */
	for (char *s = p + 1;; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		rc = mkdir_one(p, mode, e);
		*s = c;
		if (rc == -1 || c == '\0')
			break;
	}
	free(p);
	return rc;
}

int
fs_fsync_dir(const char *path, struct err *e)
{
	int fd, saved;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return err_errno(e, "cannot open directory %s", path);
	if (fsync(fd) == -1 && errno != EINVAL) {
		saved = errno;
		close(fd);
		errno = saved;
		return err_errno(e, "cannot sync directory %s", path);
	}
	close(fd);
	return 0;
}

char *
fs_home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd pw, *found = NULL;
	char *scratch, *dir = NULL;
	long size = sysconf(_SC_GETPW_R_SIZE_MAX);

	if (home != NULL && home[0] == '/')
		return xstrdup(home);
	if (size <= 0)
		size = 16384;
	scratch = xmalloc((size_t)size);
	if (getpwuid_r(getuid(), &pw, scratch, (size_t)size, &found) == 0 &&
	    found != NULL && found->pw_dir != NULL && found->pw_dir[0] == '/')
		dir = xstrdup(found->pw_dir);
	free(scratch);
	return dir;
}

char *
fs_expand_home(const char *path)
{
	char *home, *res;
	size_t hlen;

	if (path[0] != '~' || (path[1] != '\0' && path[1] != '/'))
		return xstrdup(path);
	if ((home = fs_home_dir()) == NULL)
		return xstrdup(path);
	hlen = strlen(home);
	while (hlen > 0 && home[hlen - 1] == '/')
		hlen--;
	if (hlen == 0 && path[1] == '\0')
		res = xstrdup("/");
	else
		res = xasprintf("%.*s%s", (int)hlen, home, path + 1);
	free(home);
	return res;
}
