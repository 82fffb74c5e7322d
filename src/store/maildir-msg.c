/* maildir-msg.c: the messages of a Maildir: listing, finding, reading, moving, removing; cleaning tmp/. */
#include "store/maildir-int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fs.h"
#include "util/vec.h"
#include "util/xalloc.h"

void
maildir_msg_free(struct maildir_msg *m)
{
	if (m == NULL)
		return;
	free(m->name);
	free(m->file);
	free(m->path);
	free(m->flags);
	memset(m, 0, sizeof(*m));
}

void
maildir_msgs_free(struct vec *msgs)
{
	for (size_t i = 0; i < msgs->len; i++)
		maildir_msg_free(VEC_AT(msgs, struct maildir_msg, i));
	vec_free(msgs);
}

/* Fills m for the file `file` in DIR/SUB. */
static void
fill_msg(struct maildir_msg *m, const char *dir, const char *sub,
    const char *file)
{
	const char *colon = strchr(file, ':');

	m->file = xstrdup(file);
	m->path = xasprintf("%s/%s/%s", dir, sub, file);
	m->is_new = strcmp(sub, "new") == 0;
	if (colon == NULL) {
		m->name = xstrdup(file);
		m->flags = xstrdup("");
		return;
	}
	m->name = xstrndup(file, (size_t)(colon - file));
	m->flags = xstrdup(strncmp(colon, ":2,", 3) == 0 ? colon + 3 : "");
}

/* Whether the entry is a regular file (a symbolic link is not). */
static bool
is_regular(DIR *d, const struct dirent *de)
{
	struct stat st;

	if (de->d_type == DT_REG)
		return true;
	if (de->d_type != DT_UNKNOWN)
		return false;
	return fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode);
}

/*
 * Calls fn for each regular file of DIR/SUB not starting with '.'; fn
 * returns 0 to go on, 1 to stop. Returns fn's 1, 0 at the end, or -1.
 */
static int
each_file(const char *dir, const char *sub,
    int (*fn)(DIR *, const char *, const char *, const char *, void *),
    void *arg, struct err *e)
{
	char *path = xasprintf("%s/%s", dir, sub);
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if ((d = opendir(path)) == NULL) {
		err_errno(e, "cannot read folder %s", path);
		free(path);
		return maildir_scope(e, ERR_FOLDER);
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		if (de->d_name[0] == '.' || !is_regular(d, de))
			continue;
		if ((rc = fn(d, dir, sub, de->d_name, arg)) != 0)
			break;
	}
	if (de == NULL && errno != 0) {
		err_errno(e, "cannot read folder %s", path);
		rc = maildir_scope(e, ERR_FOLDER);
	}
	closedir(d);
	free(path);
	return rc;
}

static int
add_to_list(DIR *d, const char *dir, const char *sub, const char *file,
    void *arg)
{
	(void)d;
	fill_msg(vec_push_zero(arg), dir, sub, file);
	return 0;
}

/* Orders by the leading number (seconds), then by the whole name. */
static int
cmp_msg(const void *a, const void *b)
{
	const struct maildir_msg *x = a, *y = b;
	unsigned long long tx = strtoull(x->name, NULL, 10);
	unsigned long long ty = strtoull(y->name, NULL, 10);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return strcmp(x->file, y->file);
}

int
maildir_list(const char *dir, struct vec *out, struct err *e)
{
	size_t start = out->len;

	if (each_file(dir, "new", add_to_list, out, e) == -1 ||
	    each_file(dir, "cur", add_to_list, out, e) == -1) {
		while (out->len > start) {
			maildir_msg_free(VEC_AT(out, struct maildir_msg,
			    out->len - 1));
			out->len--;
		}
		return -1;
	}
	if (out->len > start)
		qsort((char *)out->items + start * out->size,
		    out->len - start, out->size, cmp_msg);
	return 0;
}

struct find {
	const char *name;
	struct maildir_msg *out;
};

static int
match_name(DIR *d, const char *dir, const char *sub, const char *file,
    void *arg)
{
	struct find *f = arg;
	size_t len = strlen(f->name);

	(void)d;
	if (strncmp(file, f->name, len) != 0 ||
	    (file[len] != '\0' && file[len] != ':'))
		return 0;
	fill_msg(f->out, dir, sub, file);
	return 1;
}

static int
bad_name(struct err *e, const char *dir, const char *name)
{
	return err_setx(e, ERR_MESSAGE, "folder %s: \"%s\" is not a message "
	    "name", dir, name);
}

int
maildir_find(const char *dir, const char *name, struct maildir_msg *out,
    struct err *e)
{
	struct find f = { name, out };
	struct stat st;
	char *path;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!maildir_name_ok(name))
		return bad_name(e, dir, name);
	/* the common case, a message no reader has flagged, needs no listing */
	path = xasprintf("%s/new/%s", dir, name);
	rc = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	if (rc) {
		fill_msg(out, dir, "new", name);
		return 1;
	}
	if ((rc = each_file(dir, "cur", match_name, &f, e)) != 0)
		return rc;
	return each_file(dir, "new", match_name, &f, e);
}

static int
no_such(struct err *e, const char *dir, const char *name)
{
	return err_setx(e, ERR_MESSAGE, "folder %s has no message %s", dir,
	    name);
}

int
maildir_read(const char *dir, const char *name, struct buf *out,
    size_t max, struct err *e)
{
	struct maildir_msg m;
	int rc;

	if ((rc = maildir_find(dir, name, &m, e)) != 1)
		return rc == 0 ? no_such(e, dir, name) : -1;
	rc = fs_read_file(m.path, out, max, e);
	maildir_msg_free(&m);
	return rc == -1 ? maildir_scope(e, ERR_MESSAGE) : 0;
}

/* Syncs DIR/SUB, where a message entry was added or removed. */
static int
sync_sub(const char *dir, const char *sub, struct err *e)
{
	char *path = xasprintf("%s/%s", dir, sub);
	int rc = fs_fsync_dir(path, e);

	free(path);
	return rc == -1 ? maildir_scope(e, ERR_FOLDER) : 0;
}

int
maildir_move(const char *from, const char *name, const char *to,
    struct err *e)
{
	struct maildir_msg m;
	const char *sub;
	char *dest;
	int rc;

	if ((rc = maildir_find(from, name, &m, e)) != 1)
		return rc;
	sub = m.is_new ? "new" : "cur";
	dest = xasprintf("%s/%s/%s", to, sub, m.file);
	if (maildir_rename_new(m.path, dest) == -1) {
		int saved = errno;
		struct stat st;

		/* gone since it was found, unless the destination is missing */
		rc = saved == ENOENT && lstat(m.path, &st) == -1 ? 0 : -1;
		errno = saved;
		err_errno(e, "cannot move %s to %s", m.path, dest);
		maildir_scope(e, saved == EEXIST ? ERR_MESSAGE : ERR_FOLDER);
	} else if (sync_sub(to, sub, e) == -1 || sync_sub(from, sub, e) == -1) {
		rc = -1;
	}
	free(dest);
	maildir_msg_free(&m);
	return rc;
}

int
maildir_remove(const char *dir, const char *name, struct err *e)
{
	struct maildir_msg m;
	int rc;

	if ((rc = maildir_find(dir, name, &m, e)) != 1)
		return rc;
	if (unlink(m.path) == -1) {
		/* gone since it was found: someone else removed it */
		rc = errno == ENOENT ? 0 : -1;
		err_errno(e, "cannot remove %s", m.path);
		maildir_scope(e, ERR_FOLDER);
	} else if (sync_sub(dir, m.is_new ? "new" : "cur", e) == -1) {
		rc = -1;
	}
	maildir_msg_free(&m);
	return rc;
}

int
maildir_clean_tmp(const char *dir, time_t now, time_t max_age,
    struct err *e)
{
	char *path = xasprintf("%s/tmp", dir);
	struct dirent *de;
	struct stat st;
	int n = 0;
	DIR *d;

	if ((d = opendir(path)) == NULL) {
		err_errno(e, "cannot read folder %s", path);
		free(path);
		return maildir_scope(e, ERR_FOLDER);
	}
	/* unlinking while reading may show or hide later entries, never repeat one */
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode) || st.st_mtime > now - max_age)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	free(path);
	return n;
}
