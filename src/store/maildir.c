/* maildir.c: Maildir folders: creation, unique names, atomic delivery through tmp/. */
#include "store/maildir-int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/xalloc.h"

#define MAILDIR_NAME_TRIES	100
#define MAILDIR_HOST_MAX	64	/* bytes of the host part kept, escapes counted */
#define MAILDIR_FLAGS_MAX	52

int
maildir_scope(struct err *e, enum err_scope scope)
{
	if (e != NULL)
		e->scope = scope;
	return -1;
}

int
maildir_rename_new(const char *from, const char *to)
{
	struct stat st;

	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* The directory holding dir, allocated ("." for a bare name). */
static char *
parent_of(const char *dir)
{
	size_t len = strlen(dir);
	const char *slash;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	slash = memrchr(dir, '/', len);
	if (slash == NULL)
		return xstrdup(".");
	if (slash == dir)
		return xstrdup("/");
	return xstrndup(dir, (size_t)(slash - dir));
}

static const char *const maildir_subs[] = { "tmp", "new", "cur" };

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool
is_maildir(const char *dir)
{
	bool ok = true;

	for (size_t i = 0; ok && i < 3; i++) {
		char *sub = xasprintf("%s/%s", dir, maildir_subs[i]);

		ok = is_dir(sub);
		free(sub);
	}
	return ok;
}

/*
 * Syncs dir and each directory above it up to `top`, the deepest one that
 * existed before: every entry made on the way must survive a crash.
 */
static int
sync_up_to(const char *dir, const char *top, struct err *e)
{
	char *p = xstrdup(dir), *up;
	int rc;

	while ((rc = fs_fsync_dir(p, e)) == 0 && strcmp(p, top) != 0) {
		up = parent_of(p);
		if (strcmp(up, p) == 0) {	/* "/" or ".": top was passed */
			free(up);
			break;
		}
		free(p);
		p = up;
	}
	free(p);
	return rc;
}

int
maildir_create(const char *dir, struct err *e)
{
	char *sub, *top, *up;
	int rc = 0;

	if (is_maildir(dir))
		return 0;
	top = xstrdup(dir);
	while (!is_dir(top) && strcmp(top, "/") != 0 && strcmp(top, ".") != 0) {
		up = parent_of(top);
		free(top);
		top = up;
	}
	if (fs_mkdir_p(dir, 0700, e) == -1)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < 3; i++) {
		sub = xasprintf("%s/%s", dir, maildir_subs[i]);
		rc = fs_mkdir_p(sub, 0700, e);
		free(sub);
	}
	if (rc == 0)
		rc = sync_up_to(dir, top, e);
	free(top);
	return rc == -1 ? maildir_scope(e, ERR_FOLDER) : 0;
}

bool
maildir_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > 255 || name[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '/' || c == ':' || c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

char *
maildir_format_name(int64_t sec, long usec, long pid, uint64_t rnd,
    const char *host)
{
	struct buf b = BUF_INIT;
	size_t start;

	buf_addf(&b, "%" PRId64 ".M%06ldP%ldR%016" PRIx64 ".", sec, usec, pid,
	    rnd);
	start = b.len;
	for (const char *p = host; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (b.len - start + 4 > MAILDIR_HOST_MAX)
			break;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
			buf_addc(&b, (char)c);
		else
			buf_addf(&b, "\\%03o", c);
	}
	if (b.len == start)
		buf_adds(&b, "localhost");
	return buf_detach(&b);
}

static uint64_t
random64(void)
{
	struct timespec ts;
	uint64_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r;
	/* no entropy yet: O_EXCL keeps names unique, this only spreads them */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^
	    (uint64_t)(uintptr_t)&ts;
}

char *
maildir_unique_name(void)
{
	struct timespec ts;
	char host[256];

	clock_gettime(CLOCK_REALTIME, &ts);
	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	return maildir_format_name((int64_t)ts.tv_sec, ts.tv_nsec / 1000,
	    (long)getpid(), random64(), host);
}

int
maildir_delivery_begin(struct maildir_delivery *d, const char *dir,
    struct err *e)
{
	int saved = 0;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	for (int i = 0; i < MAILDIR_NAME_TRIES; i++) {
		d->name = maildir_unique_name();
		d->tmp = xasprintf("%s/tmp/%s", dir, d->name);
		d->fd = open(d->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		    O_NOFOLLOW | O_NOCTTY, 0600);
		if (d->fd != -1) {
			d->dir = xstrdup(dir);
			return 0;
		}
		saved = errno;
		free(d->name);
		free(d->tmp);
		d->name = d->tmp = NULL;
		if (saved != EEXIST && saved != EINTR)
			break;
	}
	errno = saved;
	err_errno(e, "cannot create a message file in %s/tmp", dir);
	return maildir_scope(e, ERR_FOLDER);
}

int
maildir_delivery_write(struct maildir_delivery *d, const void *data,
    size_t len, struct err *e)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(d->fd, p, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			err_errno(e, "cannot write %s", d->tmp);
			return maildir_scope(e, ERR_FOLDER);
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
delivery_free(struct maildir_delivery *d)
{
	if (d->fd != -1)
		close(d->fd);
	free(d->dir);
	free(d->name);
	free(d->tmp);
	memset(d, 0, sizeof(*d));
	d->fd = -1;
}

void
maildir_delivery_abort(struct maildir_delivery *d)
{
	if (d->tmp != NULL)
		unlink(d->tmp);
	delivery_free(d);
}

/* Checks flags and writes them sorted, each once, to out; -1 on a byte that is no letter. */
static int
sort_flags(const char *flags, char out[MAILDIR_FLAGS_MAX + 1])
{
	size_t n = 0;

	for (int c = 'A'; c <= 'z'; c++) {
		if ((c > 'Z' && c < 'a') || strchr(flags, c) == NULL)
			continue;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	for (const char *p = flags; *p != '\0'; p++) {
		if (strchr(out, *p) == NULL)
			return -1;
	}
	return 0;
}

/* Syncs and closes the file in tmp/; the descriptor is gone afterwards. */
static int
sync_tmp(struct maildir_delivery *d, struct err *e)
{
	int fd = d->fd, saved;

	d->fd = -1;
	if (fsync(fd) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		goto fail;
	}
	/* close reports late write errors on some file systems (NFS) */
	if (close(fd) == -1)
		goto fail;
	return 0;
fail:
	err_errno(e, "cannot write %s", d->tmp);
	return maildir_scope(e, ERR_FOLDER);
}

int
maildir_delivery_commit(struct maildir_delivery *d, const char *flags,
    char **name, struct err *e)
{
	char sorted[MAILDIR_FLAGS_MAX + 1], *sub, *dest;
	int rc = -1;

	if (flags != NULL && sort_flags(flags, sorted) == -1) {
		err_setx(e, ERR_MESSAGE, "cannot deliver to %s: flags \"%s\" "
		    "are not all letters", d->dir, flags);
		maildir_delivery_abort(d);
		return -1;
	}
	if (sync_tmp(d, e) == -1) {
		maildir_delivery_abort(d);
		return -1;
	}
	sub = xasprintf("%s/%s", d->dir, flags != NULL ? "cur" : "new");
	dest = flags != NULL ? xasprintf("%s/%s:2,%s", sub, d->name, sorted) :
	    xasprintf("%s/%s", sub, d->name);
	if (maildir_rename_new(d->tmp, dest) == -1) {
		err_errno(e, "cannot move %s to %s", d->tmp, dest);
		maildir_scope(e, ERR_FOLDER);
		goto out;
	}
	free(d->tmp);
	d->tmp = NULL;
	if (fs_fsync_dir(sub, e) == -1) {
		/* a message that may vanish on a crash is not delivered */
		unlink(dest);
		maildir_scope(e, ERR_FOLDER);
	} else {
		rc = 0;
		if (name != NULL) {
			*name = d->name;
			d->name = NULL;
		}
	}
out:
	free(sub);
	free(dest);
	maildir_delivery_abort(d);
	return rc;
}

int
maildir_deliver(const char *dir, const void *data, size_t len,
    const char *flags, char **name, struct err *e)
{
	struct maildir_delivery d;

	if (maildir_delivery_begin(&d, dir, e) == -1)
		return -1;
	if (maildir_delivery_write(&d, data, len, e) == -1) {
		maildir_delivery_abort(&d);
		return -1;
	}
	return maildir_delivery_commit(&d, flags, name, e);
}
