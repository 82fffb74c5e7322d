/*
 * jobs.c: the work the screen hands to the worker thread, and what each
 * job's end changes in the model. A job's argument carries everything both
 * halves need; run fills it on the worker, done reads it on the screen's
 * thread and frees it.
 */
#include "ui/ui-int.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/folders.h"
#include "engine/messages.h"
#include "engine/search.h"
#include "engine/send.h"
#include "engine/sync.h"
#include "mime/date.h"
#include "mime/header.h"
#include "mime/message.h"
#include "mime/render.h"
#include "util/proc.h"
#include "util/str.h"
#include "util/xalloc.h"

struct open_job {
	struct ui *u;
	char *folder;
	struct eng_tree_opts order;	/* the screen's, when the job was posted */
	struct ui_rows rows;
};

/* An id as the cache has it (never shown: only threading reads it). */
static size_t
add_raw(struct ui_rows *r, const char *s)
{
	size_t off = r->text.len;

	if (s == NULL || *s == '\0')
		return 0;
	buf_add(&r->text, s, strlen(s) + 1);
	return off;
}

/* A summary into the rows, its strings made visible. */
static size_t
add_text(struct ui_rows *r, const char *s)
{
	size_t off = r->text.len;

	if (s == NULL || *s == '\0')
		return 0;
	str_make_visible(&r->text, s, strlen(s));
	buf_addc(&r->text, '\0');
	return off;
}

static int
add_row(const struct eng_msg *m, void *arg)
{
	struct ui_rows *r = arg;
	struct ui_msg *msg = vec_push_zero(&r->msgs);

	msg->uid = m->uid;
	msg->flags = m->flags;
	msg->size = m->size;
	msg->date = m->date != 0 ? m->date : m->internaldate;
	msg->attachment = m->has_attachment;
	msg->from = add_text(r, m->from != NULL ? m->from : m->from_email);
	msg->subject = add_text(r, m->subject);
	msg->to = add_text(r, m->to);
	msg->message_id = add_raw(r, m->message_id);
	msg->in_reply_to = add_raw(r, m->in_reply_to);
	msg->references = add_raw(r, m->references);
	return 0;
}

/* The folder as the cache has it, before the server is asked. */
static int
cached_run(struct eng_session *s, void *arg, struct err *e)
{
	struct open_job *j = arg;

	if (eng_msgs_each_cached(s, j->folder, add_row, &j->rows, e) < 0)
		return -1;
	ui_rows_arrange(&j->rows, &j->order);
	return 0;
}

static void
cached_done(void *arg, int rc, const struct err *e)
{
	struct open_job *j = arg;
	struct ui *u = j->u;

	/* only when nothing newer came meanwhile */
	if (rc == 0 && u->m.loading && j->rows.msgs.len > 0 &&
	    (u->m.folder == NULL || strcmp(u->m.folder, j->folder) == 0)) {
		if (u->m.folder == NULL)
			u->m.folder = xstrdup(j->folder);
		ui_model_set_rows(&u->m, &j->rows);
	}
	(void)e;
	ui_rows_free(&j->rows);
	free(j->folder);
	free(j);
}

void
ui_job_cached(struct ui *u, const char *folder)
{
	struct open_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	j->folder = xstrdup(folder);
	j->order = u->m.order;
	ui_rows_init(&j->rows);
	eng_worker_post_offline(u->w, cached_run, cached_done, j);
}

static int
open_run(struct eng_session *s, void *arg, struct err *e)
{
	struct open_job *j = arg;

	if (eng_folder_sync(s, j->folder, ENG_OPEN_WRITE, e) < 0 ||
	    eng_msgs_each(s, add_row, &j->rows, e) < 0)
		return -1;
	ui_rows_arrange(&j->rows, &j->order);
	return 0;
}

static void
open_done(void *arg, int rc, const struct err *e)
{
	struct open_job *j = arg;
	struct ui *u = j->u;

	u->m.loading = false;
	if (rc < 0) {
		ui_note(u, "%s", e->msg);
		if (u->m.folder == NULL)
			u->m.folder = xstrdup(j->folder);	/* ^R tries it again */
	} else {
		if (u->m.folder == NULL || strcmp(u->m.folder, j->folder) != 0) {
			free(u->m.folder);
			u->m.folder = xstrdup(j->folder);
			u->m.cur = u->m.top = 0;
			u->m.moved = false;
		}
		/* until the person moves, the newest message is selected (new mail included) */
		if (!u->m.moved)
			vec_clear(&u->m.shown);
		ui_model_set_rows(&u->m, &j->rows);
	}
	ui_rows_free(&j->rows);
	free(j->folder);
	free(j);
}

void
ui_job_open(struct ui *u, const char *folder)
{
	struct open_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	j->folder = xstrdup(folder);
	j->order = u->m.order;
	ui_rows_init(&j->rows);
	u->m.loading = true;
	eng_worker_post(u->w, open_run, open_done, j);
}

struct read_job {
	struct ui *u;
	uint32_t uid;
	bool full;		/* the whole header, not only the main fields */
	const struct strvec *names;	/* the main fields (the screen's, read only) */
	struct buf text;
};

/* The fields the pager shows ([general] pager_headers), decoded, in that order. */
static void
main_fields(struct buf *out, const struct mime_summary *sum, const struct mime_header *h,
    const struct strvec *names)
{
	for (size_t i = 0; i < strvec_len(names); i++) {
		const char *n = strvec_get(names, i);
		const struct mime_field *f;
		struct buf v = BUF_INIT;

		if (str_casecmp_ascii(n, "From") == 0)
			mime_render_addr_line(out, "From", &sum->from);
		else if (str_casecmp_ascii(n, "To") == 0)
			mime_render_addr_line(out, "To", &sum->to);
		else if (str_casecmp_ascii(n, "Cc") == 0)
			mime_render_addr_line(out, "Cc", &sum->cc);
		else if (str_casecmp_ascii(n, "Reply-To") == 0)
			mime_render_addr_line(out, "Reply-To", &sum->reply_to);
		else if (str_casecmp_ascii(n, "Date") == 0 && sum->has_date) {
			buf_adds(out, "Date: ");
			mime_date_write(out, sum->date, sum->date_zone);
			buf_addc(out, '\n');
		} else if (str_casecmp_ascii(n, "Subject") == 0) {
			buf_addf(out, "Subject: %s\n", sum->subject != NULL ? sum->subject : "");
		} else if ((f = mime_header_find(h, n)) != NULL) {
			mime_field_text(&v, f);
			str_make_visible(out, n, strlen(n));
			buf_adds(out, ": ");
			str_make_visible(out, buf_cstr(&v), v.len);
			buf_addc(out, '\n');
		}
		buf_free(&v);
	}
	buf_addc(out, '\n');
}

/* Every header field as written (unfolded lines kept), made visible. */
static void
full_header(struct buf *out, const struct mime_header *h)
{
	for (size_t i = 0; i < h->fields.len; i++) {
		const struct mime_field *f = VEC_AT(&h->fields, struct mime_field, i);
		struct buf v = BUF_INIT;

		str_make_visible(out, f->name, f->name_len);
		buf_adds(out, ": ");
		mime_field_unfold(&v, f);
		str_make_visible(out, buf_cstr(&v), v.len);
		buf_addc(out, '\n');
		buf_free(&v);
	}
	buf_addc(out, '\n');
}

/* The message as the pager shows it: the header (main fields or all), the body, the attachments. */
static void
render(struct buf *out, const char *raw, size_t len, bool full, const struct strvec *names)
{
	struct mime_message m;
	struct mime_summary sum;
	struct vec atts = VEC_INIT(struct mime_part *);

	mime_parse(&m, raw, len, 0);
	mime_summary_init(&sum);
	mime_summary_read(&sum, &m.root->header);
	if (full)
		full_header(out, &m.root->header);
	else
		main_fields(out, &sum, &m.root->header, names);
	mime_render_body(out, &m);
	mime_render_attachments(&atts, &m);
	for (size_t i = 0; i < atts.len; i++) {
		const struct mime_part *p = *VEC_AT(&atts, struct mime_part *, i);
		const char *name = mime_part_filename(p);

		buf_addf(out, "%s[-- attachment %s: %s/%s", i == 0 ? "\n" : "", p->id,
		    p->ctype.type, p->ctype.subtype);
		if (name != NULL) {
			buf_adds(out, ", ");
			str_make_visible(out, name, strlen(name));
		}
		buf_adds(out, " --]\n");
	}
	vec_free(&atts);
	mime_summary_free(&sum);
	mime_message_free(&m);
}

static int
read_run(struct eng_session *s, void *arg, struct err *e)
{
	struct read_job *j = arg;
	struct buf raw = BUF_INIT;
	int rc = eng_msg_body(s, j->uid, &raw, e);

	if (rc == 0)
		render(&j->text, raw.data != NULL ? raw.data : "", raw.len, j->full, j->names);
	/* read now: marked so only once it could be shown */
	if (rc == 0)
		rc = eng_msgs_flag(s, &j->uid, 1, ENG_FLAG_SEEN, 0, e);
	buf_free(&raw);
	return rc;
}

static struct ui_msg *
find_uid(struct ui *u, uint32_t uid)
{
	for (size_t i = 0; i < u->m.rows.msgs.len; i++) {
		struct ui_msg *m = VEC_AT(&u->m.rows.msgs, struct ui_msg, i);

		if (m->uid == uid)
			return m;
	}
	return NULL;
}

static void
read_done(void *arg, int rc, const struct err *e)
{
	struct read_job *j = arg;
	struct ui *u = j->u;
	struct ui_msg *m = find_uid(u, j->uid);

	if (j->text.len > 0) {
		ui_pager_set(u, &j->text, j->uid);
		u->view = UI_PAGER;
	}
	if (rc < 0)
		ui_note(u, "%s", e->msg);
	else
		u->note[0] = '\0';
	if (rc == 0 && m != NULL) {
		m->flags |= ENG_FLAG_SEEN;
		u->m.counts_stale = true;
	}
	buf_free(&j->text);
	free(j);
}

void
ui_job_read(struct ui *u, uint32_t uid)
{
	struct read_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	j->uid = uid;
	j->full = u->full_header;
	j->names = &u->pager_headers;
	buf_init(&j->text);
	ui_note(u, "fetching message %u...", uid);
	eng_worker_post(u->w, read_run, read_done, j);
}

/* A flag change is shown at once (so keys typed ahead see it) and undone if the server refuses. */
struct flags_job {
	struct ui *u;
	struct vec uids;	/* uint32_t */
	struct vec before;	/* unsigned: each message's flags before */
	unsigned add, remove;
};

static int
flags_run(struct eng_session *s, void *arg, struct err *e)
{
	struct flags_job *j = arg;

	return eng_msgs_flag(s, j->uids.items, j->uids.len, j->add, j->remove, e);
}

static void
flags_done(void *arg, int rc, const struct err *e)
{
	struct flags_job *j = arg;

	if (rc < 0) {
		ui_note(j->u, "%s", e->msg);
		for (size_t i = 0; i < j->uids.len; i++) {
			struct ui_msg *m = find_uid(j->u, *VEC_AT(&j->uids, uint32_t, i));

			if (m != NULL)
				m->flags = *VEC_AT(&j->before, unsigned, i);
		}
		j->u->m.counts_stale = true;
	}
	vec_free(&j->uids);
	vec_free(&j->before);
	free(j);
}

void
ui_job_flags(struct ui *u, const uint32_t *uids, size_t n, unsigned add, unsigned remove)
{
	struct flags_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	vec_init(&j->uids, sizeof(uint32_t));
	vec_init(&j->before, sizeof(unsigned));
	for (size_t i = 0; i < n; i++) {
		struct ui_msg *m = find_uid(u, uids[i]);
		unsigned before = m != NULL ? m->flags : 0;

		vec_push(&j->uids, &uids[i]);
		vec_push(&j->before, &before);
		if (m != NULL)
			m->flags = (m->flags | add) & ~remove;
	}
	u->m.counts_stale = true;
	j->add = add;
	j->remove = remove;
	eng_worker_post(u->w, flags_run, flags_done, j);
}

/* Moving or purging: the UIDs, the destination (NULL: the trash), and the folder to reload. */
struct move_job {
	struct ui *u;
	struct vec uids;
	char *dest;
	char *where;		/* the trash's name, from the engine */
	struct err warn;
};

static int
move_run(struct eng_session *s, void *arg, struct err *e)
{
	struct move_job *j = arg;

	err_clear(&j->warn);
	if (j->dest != NULL)
		return eng_msgs_move(s, j->uids.items, j->uids.len, j->dest, &j->warn, e);
	/* the mark was taube's own: the copy in the trash must not carry it */
	if (eng_msgs_flag(s, j->uids.items, j->uids.len, 0, ENG_FLAG_DELETED, e) < 0)
		return -1;
	return eng_msgs_delete(s, j->uids.items, j->uids.len, &j->where, &j->warn, e);
}

static void
move_done(void *arg, int rc, const struct err *e)
{
	struct move_job *j = arg;
	struct ui *u = j->u;

	if (rc < 0)
		ui_note(u, "%s", e->msg);
	else if (err_isset(&j->warn))
		ui_note(u, "%s", j->warn.msg);
	else
		ui_note(u, "%zu message%s moved to %s", j->uids.len, j->uids.len == 1 ? "" : "s",
		    j->dest != NULL ? j->dest : j->where != NULL ? j->where : "nowhere (removed)");
	if (u->m.folder != NULL)
		ui_job_open(u, u->m.folder);
	vec_free(&j->uids);
	free(j->dest);
	free(j->where);
	free(j);
}

static void
post_move(struct ui *u, const uint32_t *uids, size_t n, const char *dest)
{
	struct move_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	vec_init(&j->uids, sizeof(uint32_t));
	for (size_t i = 0; i < n; i++)
		vec_push(&j->uids, &uids[i]);
	j->dest = dest != NULL ? xstrdup(dest) : NULL;
	eng_worker_post(u->w, move_run, move_done, j);
}

void
ui_job_move(struct ui *u, const uint32_t *uids, size_t n, const char *dest)
{
	post_move(u, uids, n, dest);
}

/* The messages marked deleted go to the trash (mutt's sync, `$`). */
void
ui_job_purge(struct ui *u)
{
	struct vec uids = VEC_INIT(uint32_t);

	for (size_t i = 0; i < u->m.rows.msgs.len; i++) {
		struct ui_msg *m = VEC_AT(&u->m.rows.msgs, struct ui_msg, i);

		if (m->flags & ENG_FLAG_DELETED) {
			vec_push(&uids, &m->uid);
			m->flags &= ~ENG_FLAG_DELETED;	/* on its way: q has nothing to ask */
			u->m.counts_stale = true;
		}
	}
	if (uids.len == 0)
		ui_note(u, "no message is marked for deletion");
	else
		post_move(u, uids.items, uids.len, NULL);
	vec_free(&uids);
}

struct folders_job {
	struct ui *u;
	bool counts;
	struct vec names;	/* char * */
	struct vec finfo;	/* struct ui_folder */
};

static int
folders_run(struct eng_session *s, void *arg, struct err *e)
{
	struct folders_job *j = arg;
	const struct vec *all;

	if (eng_folders_list(s, j->counts, &all, e) < 0)
		return -1;
	for (size_t i = 0; i < all->len; i++) {
		const struct eng_folder *f = VEC_AT(all, struct eng_folder, i);
		struct ui_folder *uf;
		struct buf vis = BUF_INIT;
		char *name;

		if (!f->selectable)
			continue;
		name = xstrdup(f->name);
		vec_push(&j->names, &name);
		str_make_visible(&vis, f->name, strlen(f->name));
		uf = vec_push_zero(&j->finfo);
		uf->name = buf_detach(&vis);
		uf->use = eng_use_name(f->use);
		uf->has_counts = f->has_counts;
		uf->total = f->total;
		uf->unread = f->unread;
	}
	return 0;
}

static void
folders_done(void *arg, int rc, const struct err *e)
{
	struct folders_job *j = arg;
	struct ui_model *m = &j->u->m;
	struct vec *old = rc < 0 ? &j->names : &m->folders;

	if (rc < 0)
		ui_note(j->u, "%s", e->msg);
	for (size_t i = 0; i < old->len; i++)
		free(*VEC_AT(old, char *, i));
	vec_free(old);
	if (rc == 0) {
		m->folders = j->names;
		ui_folders_free(&m->finfo);
		m->finfo = j->finfo;
		if (m->fcur >= m->finfo.len)
			m->fcur = 0;
	} else {
		ui_folders_free(&j->finfo);
	}
	free(j);
}

void
ui_job_folders(struct ui *u, bool counts)
{
	struct folders_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	j->counts = counts;
	vec_init(&j->names, sizeof(char *));
	vec_init(&j->finfo, sizeof(struct ui_folder));
	eng_worker_post(u->w, folders_run, folders_done, j);
}

struct pipe_job {
	struct ui *u;
	uint32_t uid;
	char *cmd;
	struct buf raw;
};

static int
pipe_run(struct eng_session *s, void *arg, struct err *e)
{
	struct pipe_job *j = arg;

	return eng_msg_body(s, j->uid, &j->raw, e);
}

/* The bytes into a private file, the command on the terminal reading it, a key to come back. */
static void
run_pipe(struct ui *u, const char *cmd, const struct buf *raw)
{
	char path[] = "/tmp/taube-pipe-XXXXXX";
	struct buf line = BUF_INIT;
	struct err e;
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, raw->data, raw->len) != (ssize_t)raw->len) {
		ui_note(u, "cannot write the message to %s", path);
		if (fd >= 0)
			close(fd);
		unlink(path);
		return;
	}
	close(fd);
	buf_addf(&line, "(%s) < ", cmd);
	proc_shell_quote(&line, path);
	def_prog_mode();
	endwin();
	if (proc_run_interactive(buf_cstr(&line), &e) != 0)
		fprintf(stderr, "taube: %s\n", e.msg);
	fputs("Press Enter to go back to taube. ", stderr);
	while (getchar() != '\n' && !feof(stdin))
		;
	reset_prog_mode();
	clearok(curscr, TRUE);
	unlink(path);
	buf_free(&line);
}

static void
pipe_done(void *arg, int rc, const struct err *e)
{
	struct pipe_job *j = arg;

	if (rc < 0)
		ui_note(j->u, "%s", e->msg);
	else if (!j->u->ended)
		run_pipe(j->u, j->cmd, &j->raw);
	buf_free(&j->raw);
	free(j->cmd);
	free(j);
}

void
ui_job_pipe(struct ui *u, uint32_t uid, const char *cmd)
{
	struct pipe_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	j->uid = uid;
	j->cmd = xstrdup(cmd);
	buf_init(&j->raw);
	eng_worker_post(u->w, pipe_run, pipe_done, j);
}

#define OUTBOX_EVERY	60	/* seconds between looks at the outbox */

struct outbox_job {
	struct ui *u;
	unsigned sent, failed;
};

static void
on_outbox(void *arg, const struct eng_sent *r)
{
	struct outbox_job *j = arg;

	if (r->result == ENG_SENT)
		j->sent++;
	else if (r->result == ENG_GAVE_UP)
		j->failed++;
}

static int
outbox_run(struct eng_session *s, void *arg, struct err *e)
{
	struct outbox_job *j = arg;
	struct outbox *ob;
	int rc;

	(void)s;
	if (eng_outbox_open(&ob, j->u->account, e) < 0)
		return -1;
	rc = eng_outbox_flush(j->u->conf, j->u->account, ob, NULL, false, on_outbox, j, e);
	eng_outbox_close(ob);
	return rc < 0 ? -1 : 0;
}

static void
outbox_done(void *arg, int rc, const struct err *e)
{
	struct outbox_job *j = arg;
	struct ui *u = j->u;

	u->outbox_busy = false;
	if (rc < 0)
		ui_note(u, "outbox: %s", e->msg);
	else if (j->failed > 0)
		ui_note(u, "outbox: %u message%s given up on (taube outbox list)", j->failed,
		    j->failed == 1 ? "" : "s");
	else if (j->sent > 0)
		ui_note(u, "outbox: %u waiting message%s sent", j->sent, j->sent == 1 ? "" : "s");
	free(j);
}

void
ui_timers(struct ui *u)
{
	time_t now = time(NULL);
	struct outbox_job *j;

	if (!u->account->has_smtp || u->outbox_busy || now < u->outbox_next)
		return;
	u->outbox_next = now + OUTBOX_EVERY;
	u->outbox_busy = true;
	j = xcalloc(1, sizeof(*j));
	j->u = u;
	/* offline: it needs SMTP, not the IMAP login */
	eng_worker_post_offline(u->w, outbox_run, outbox_done, j);
}

/* A limit the server answers: a query (body:, from: ...) over the open folder. */
struct search_job {
	struct ui *u;
	char *pattern;		/* as typed, for the status line */
	struct eng_query q;
	struct vec uids;
};

static int
search_run(struct eng_session *s, void *arg, struct err *e)
{
	struct search_job *j = arg;

	return eng_msgs_search(s, &j->q, &j->uids, e);
}

static void
search_done(void *arg, int rc, const struct err *e)
{
	struct search_job *j = arg;
	struct ui_model *m = &j->u->m;

	if (rc < 0) {
		ui_note(j->u, "%s", e->msg);
		free(j->pattern);
	} else {
		free(m->limit);
		m->limit = j->pattern;
		m->limit_server = true;
		vec_free(&m->limit_uids);
		m->limit_uids = j->uids;
		vec_init(&j->uids, sizeof(uint32_t));
		ui_model_relayout(m);
		if (m->shown.len == 0)
			ui_note(j->u, "no message matches");
		else
			j->u->note[0] = '\0';
	}
	eng_query_free(&j->q);
	vec_free(&j->uids);
	free(j);
}

int
ui_job_limit_query(struct ui *u, const char *pattern, const char *query, struct err *e)
{
	struct search_job *j = xcalloc(1, sizeof(*j));

	if (eng_query_parse(&j->q, query, e) < 0) {
		free(j);
		return -1;
	}
	j->u = u;
	j->pattern = xstrdup(pattern);
	vec_init(&j->uids, sizeof(uint32_t));
	ui_note(u, "asking the server...");
	eng_worker_post(u->w, search_run, search_done, j);
	return 0;
}
