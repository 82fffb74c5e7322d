/* outbox.c: the outbox queue: adding, listing, claiming under flock, recording attempts, tidying. */
#include "store/outbox-int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/maildir.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/vec.h"
#include "util/xalloc.h"

#define OUTBOX_READ_CHUNK	65536

struct outbox {
	char *path;		/* the queue's Maildir */
	char *state;		/* PATH/state */
	char *failed;		/* PATH/failed, a Maildir */
	char *failed_state;	/* PATH/failed/state */
};

struct outbox_claim {
	struct outbox *ob;
	struct outbox_entry entry;
	int fd;			/* the message file, under flock */
	bool recorded;
};

static int
scoped(struct err *e, enum err_scope scope)
{
	if (e != NULL)
		e->scope = scope;
	return -1;
}

static char *
state_file(const char *dir, const char *id)
{
	return xasprintf("%s/%s", dir, id);
}

/* Creates a state directory when missing and makes its entry in parent durable. */
static int
make_state_dir(const char *dir, const char *parent, struct err *e)
{
	struct stat st;

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (fs_mkdir_p(dir, 0700, e) == -1 || fs_fsync_dir(parent, e) == -1)
		return scoped(e, ERR_FOLDER);
	return 0;
}

int
outbox_open(struct outbox **out, const char *path, struct err *e)
{
	struct outbox *ob = xcalloc(1, sizeof(*ob));

	*out = NULL;
	ob->path = xstrdup(path);
	ob->state = xasprintf("%s/state", path);
	ob->failed = xasprintf("%s/failed", path);
	ob->failed_state = xasprintf("%s/failed/state", path);
	if (maildir_create(ob->path, e) == -1 ||
	    make_state_dir(ob->state, ob->path, e) == -1 ||
	    maildir_create(ob->failed, e) == -1 ||
	    make_state_dir(ob->failed_state, ob->failed, e) == -1) {
		outbox_close(ob);
		err_prefix(e, "cannot open the outbox");
		return scoped(e, ERR_ACCOUNT);
	}
	*out = ob;
	return 0;
}

void
outbox_close(struct outbox *ob)
{
	if (ob == NULL)
		return;
	free(ob->path);
	free(ob->state);
	free(ob->failed);
	free(ob->failed_state);
	free(ob);
}

const char *
outbox_path(const struct outbox *ob)
{
	return ob->path;
}

const char *
outbox_failed_path(const struct outbox *ob)
{
	return ob->failed;
}

int
outbox_add(struct outbox *ob, const void *msg, size_t len, time_t now,
    char **id, struct err *e)
{
	struct outbox_entry st = { 0 };
	struct maildir_delivery d;
	char *path;
	int rc;

	if (len == 0)
		return err_setx(e, ERR_MESSAGE, "outbox %s: cannot queue an "
		    "empty message", ob->path);
	if (maildir_delivery_begin(&d, ob->path, e) == -1)
		return -1;
	if (maildir_delivery_write(&d, msg, len, e) == -1) {
		maildir_delivery_abort(&d);
		return -1;
	}
	/* the state goes first, so a message in new/ always has one */
	outbox_state_default(&st, now);
	path = state_file(ob->state, d.name);
	if (outbox_state_save(path, &st, e) == -1) {
		maildir_delivery_abort(&d);
		free(path);
		return -1;
	}
	rc = maildir_delivery_commit(&d, NULL, id, e);
	if (rc == -1)
		unlink(path);
	free(path);
	return rc;
}

/* Oldest first; the Maildir name settles ties (it starts with the time). */
static int
cmp_entry(const void *a, const void *b)
{
	const struct outbox_entry *x = a, *y = b;

	if (x->queued != y->queued)
		return x->queued < y->queued ? -1 : 1;
	return strcmp(x->id, y->id);
}

int
outbox_list(struct outbox *ob, enum outbox_box box, time_t now,
    struct vec *out, struct err *e)
{
	const char *dir = box == OUTBOX_FAILED ? ob->failed : ob->path;
	const char *sdir = box == OUTBOX_FAILED ? ob->failed_state : ob->state;
	struct vec msgs = VEC_INIT(struct maildir_msg);
	size_t start = out->len;

	if (maildir_list(dir, &msgs, e) == -1) {
		vec_free(&msgs);
		return -1;
	}
	for (size_t i = 0; i < msgs.len; i++) {
		struct maildir_msg *m = VEC_AT(&msgs, struct maildir_msg, i);
		struct outbox_entry *en = vec_push_zero(out);
		char *path = state_file(sdir, m->name);

		en->id = m->name;
		en->path = m->path;
		m->name = m->path = NULL;
		outbox_state_load(path, en, now);
		free(path);
		if (box == OUTBOX_FAILED && en->failed == 0)
			en->failed = now;
		else if (box == OUTBOX_QUEUE)
			en->failed = 0;
	}
	maildir_msgs_free(&msgs);
	if (out->len > start)
		qsort((char *)out->items + start * out->size,
		    out->len - start, out->size, cmp_entry);
	return 0;
}

int
outbox_due(struct outbox *ob, time_t now, bool force, struct vec *out,
    struct err *e)
{
	struct vec all = VEC_INIT(struct outbox_entry);

	if (outbox_list(ob, OUTBOX_QUEUE, now, &all, e) == -1) {
		vec_free(&all);
		return -1;
	}
	for (size_t i = 0; i < all.len; i++) {
		struct outbox_entry *en = VEC_AT(&all, struct outbox_entry, i);

		if (force || en->next_due <= now ||
		    en->next_due - now > OUTBOX_BACKOFF_MAX)
			vec_push(out, en);	/* the strings move with it */
		else
			outbox_entry_free(en);
	}
	vec_free(&all);
	return 0;
}

/*
 * Opens and locks a message file without waiting. Returns 1 with *fdp set,
 * 0 when another holds the lock or the file is no longer at path, or -1.
 */
static int
lock_file(const char *path, int *fdp, struct err *e)
{
	struct stat held, cur;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NOCTTY)) == -1) {
		if (errno == ENOENT)
			return 0;
		err_errno(e, "cannot open %s", path);
		return scoped(e, ERR_MESSAGE);
	}
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EINTR)
			continue;
		saved = errno;
		close(fd);
		if (saved == EWOULDBLOCK)
			return 0;
		errno = saved;
		err_errno(e, "cannot lock %s", path);
		return scoped(e, ERR_MESSAGE);
	}
	/* the lock is ours; but a holder before us may have sent or moved it */
	if (fstat(fd, &held) == -1 || lstat(path, &cur) == -1 ||
	    held.st_dev != cur.st_dev || held.st_ino != cur.st_ino) {
		close(fd);
		return 0;
	}
	*fdp = fd;
	return 1;
}

int
outbox_claim(struct outbox *ob, const char *id, time_t now,
    struct outbox_claim **out, struct err *e)
{
	struct outbox_claim *c;
	struct maildir_msg m;
	char *path;
	int fd = -1, rc;

	*out = NULL;
	if ((rc = maildir_find(ob->path, id, &m, e)) != 1)
		return rc;
	if ((rc = lock_file(m.path, &fd, e)) != 1) {
		maildir_msg_free(&m);
		return rc;
	}
	c = xcalloc(1, sizeof(*c));
	c->ob = ob;
	c->fd = fd;
	c->entry.id = m.name;
	c->entry.path = m.path;
	m.name = m.path = NULL;
	maildir_msg_free(&m);
	/* read under the lock: the state another process recorded last */
	path = state_file(ob->state, id);
	outbox_state_load(path, &c->entry, now);
	free(path);
	c->entry.failed = 0;
	*out = c;
	return 1;
}

const struct outbox_entry *
outbox_claim_entry(const struct outbox_claim *c)
{
	return &c->entry;
}

int
outbox_claim_read(struct outbox_claim *c, struct buf *out, size_t max,
    struct err *e)
{
	size_t start = out->len;
	off_t off = 0;
	ssize_t n;

	for (;;) {
		buf_grow(out, OUTBOX_READ_CHUNK);
		n = pread(c->fd, out->data + out->len, OUTBOX_READ_CHUNK, off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			buf_truncate(out, start);
			err_errno(e, "cannot read %s", c->entry.path);
			return scoped(e, ERR_MESSAGE);
		}
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len - start > max) {
			buf_truncate(out, start);
			return err_setx(e, ERR_MESSAGE, "%s is larger than %zu "
			    "bytes", c->entry.path, max);
		}
		if (n == 0)
			return 0;
		off += n;
	}
}

/* Sent: the message goes, then its state (a leftover state is only tidied). */
static int
record_sent(struct outbox_claim *c, struct err *e)
{
	char *path;

	if (maildir_remove(c->ob->path, c->entry.id, e) == -1)
		return -1;
	path = state_file(c->ob->state, c->entry.id);
	unlink(path);
	free(path);
	return 0;
}

/*
 * Given up: the state with the reply is written into failed/state first,
 * then the message moved, then its queue state removed; a crash in between
 * leaves a stray state file, never a failed message without its reply.
 */
static int
record_failed(struct outbox_claim *c, time_t now, enum outbox_fate *fate,
    struct err *e)
{
	struct outbox *ob = c->ob;
	struct outbox_entry *en = &c->entry;
	char *fpath = state_file(ob->failed_state, en->id), *path;
	int rc;

	en->failed = now;
	en->next_due = 0;
	if (outbox_state_save(fpath, en, e) == -1) {
		free(fpath);
		return -1;
	}
	rc = maildir_move(ob->path, en->id, ob->failed, e);
	if (rc != 1)
		unlink(fpath);
	free(fpath);
	if (rc == -1)
		return -1;
	/* 0: removed from the queue by hand meanwhile: nothing left to fail */
	*fate = rc == 1 ? OUTBOX_GAVE_UP : OUTBOX_REMOVED;
	path = state_file(ob->state, en->id);
	unlink(path);
	free(path);
	if (rc == 1 && strncmp(en->path, ob->path, strlen(ob->path)) == 0) {
		path = xasprintf("%s%s", ob->failed, en->path + strlen(ob->path));
		free(en->path);
		en->path = path;
	}
	return 0;
}

/* The next attempt after a temporary failure: the backoff, but never past the give-up time. */
static void
schedule(struct outbox_entry *en, time_t now)
{
	time_t next = now + outbox_backoff(en->attempts);
	time_t limit = en->queued + OUTBOX_GIVE_UP;

	en->next_due = next > limit && limit > now ? limit : next;
}

int
outbox_record(struct outbox_claim *c, enum outbox_outcome outcome,
    const char *reply, time_t now, enum outbox_fate *fate, struct err *e)
{
	struct outbox_entry *en = &c->entry;
	enum outbox_fate f = OUTBOX_REMOVED;
	char *path;
	int rc;

	if (c->recorded)
		return err_setx(e, ERR_MESSAGE, "outbox %s: message %s: the "
		    "attempt is recorded already", c->ob->path, en->id);
	c->recorded = true;
	if (outcome == OUTBOX_SENT) {
		rc = record_sent(c, e);
	} else {
		if (en->attempts < OUTBOX_ATTEMPTS_MAX)
			en->attempts++;
		en->last_attempt = now;
		free(en->reply);
		en->reply = reply != NULL ? outbox_reply_clean(reply) : NULL;
		if (outcome == OUTBOX_PERMFAIL || (now >= en->queued &&
		    now - en->queued >= OUTBOX_GIVE_UP)) {
			rc = record_failed(c, now, &f, e);
		} else {
			schedule(en, now);
			f = OUTBOX_WAITING;
			path = state_file(c->ob->state, en->id);
			rc = outbox_state_save(path, en, e);
			free(path);
		}
	}
	en->state_lost = false;
	if (rc == 0 && fate != NULL)
		*fate = f;
	return rc;
}

void
outbox_release(struct outbox_claim *c)
{
	if (c == NULL)
		return;
	if (c->fd != -1)
		close(c->fd);	/* drops the flock */
	outbox_entry_free(&c->entry);
	free(c);
}

/* Whether a state file at name in the open directory is a leftover to remove. */
static int
stray_state(DIR *d, const char *name, const char *maildir, time_t now,
    struct err *e)
{
	struct maildir_msg m;
	struct stat st;
	int rc;

	if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(st.st_mode))
		return 0;
	/* the temporary file of a state write a crash cut short */
	if (name[0] == '.')
		return str_ends_with(name, ".tmp") &&
		    st.st_mtime <= now - MAILDIR_TMP_MAX_AGE;
	/* young ones may belong to an add or a move under way */
	if (st.st_mtime > now - OUTBOX_STRAY_AGE || !maildir_name_ok(name))
		return 0;
	if ((rc = maildir_find(maildir, name, &m, e)) == 1)
		maildir_msg_free(&m);
	return rc == -1 ? -1 : rc == 0;
}

static int
tidy_states(const char *maildir, const char *dir, time_t now, struct err *e)
{
	struct dirent *de;
	int n = 0, rc;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		err_errno(e, "cannot read %s", dir);
		return scoped(e, ERR_FOLDER);
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if ((rc = stray_state(d, de->d_name, maildir, now, e)) == -1) {
			n = -1;
			break;
		}
		if (rc == 1 && unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	return n;
}

int
outbox_tidy(struct outbox *ob, time_t now, struct err *e)
{
	int n = 0, k;

	if ((k = maildir_clean_tmp(ob->path, now, MAILDIR_TMP_MAX_AGE, e)) == -1)
		return -1;
	n += k;
	if ((k = maildir_clean_tmp(ob->failed, now, MAILDIR_TMP_MAX_AGE, e)) == -1)
		return -1;
	n += k;
	if ((k = tidy_states(ob->path, ob->state, now, e)) == -1)
		return -1;
	n += k;
	if ((k = tidy_states(ob->failed, ob->failed_state, now, e)) == -1)
		return -1;
	return n + k;
}
