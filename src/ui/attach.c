/*
 * attach.c: a message's parts (v): listed, opened through mailcap, saved.
 * Fetching, parsing, choosing the mailcap entry (its test= commands run)
 * and writing the temporary file happen on the worker; the viewer then
 * gets the terminal on the screen's thread, as the editor does.
 */
#include "ui/ui-int.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/messages.h"
#include "mime/message.h"
#include "mime/param.h"
#include "util/fs.h"
#include "util/mailcap.h"
#include "util/proc.h"
#include "util/str.h"
#include "util/xalloc.h"

#define PART_MAX	(256u << 20)	/* bytes of a part written for a viewer or saved */

static void
parts_free(struct vec *parts)
{
	for (size_t i = 0; i < parts->len; i++) {
		struct ui_part *p = VEC_AT(parts, struct ui_part, i);

		free(p->id);
		free(p->type);
		free(p->name);
	}
	vec_free(parts);
}

/* Every leaf of the tree: what a person can open or save. */
static int
add_leaf(struct mime_part *p, void *arg)
{
	struct vec *parts = arg;
	struct ui_part *up;
	struct buf b = BUF_INIT;
	const char *name;

	if (strcmp(p->ctype.type, "multipart") == 0 || p->is_message)
		return 0;
	up = vec_push_zero(parts);
	up->id = xstrdup(p->id);
	up->type = xasprintf("%s/%s", p->ctype.type, p->ctype.subtype);
	if ((name = mime_part_filename(p)) != NULL) {
		str_make_visible(&b, name, strlen(name));
		up->name = buf_detach(&b);
	}
	mime_part_decode(p, &b);
	up->size = b.len;
	buf_free(&b);
	return 0;
}

struct list_job {
	struct ui *u;
	uint32_t uid;
	struct vec parts;	/* struct ui_part */
};

static int
list_run(struct eng_session *s, void *arg, struct err *e)
{
	struct list_job *j = arg;
	struct buf raw = BUF_INIT;
	struct mime_message m;

	if (eng_msg_body(s, j->uid, &raw, e) < 0) {
		buf_free(&raw);
		return -1;
	}
	mime_parse(&m, raw.data != NULL ? raw.data : "", raw.len, 0);
	mime_part_walk(m.root, add_leaf, &j->parts);
	mime_message_free(&m);
	buf_free(&raw);
	return 0;
}

static void
list_done(void *arg, int rc, const struct err *e)
{
	struct list_job *j = arg;
	struct ui *u = j->u;

	if (rc < 0) {
		ui_note(u, "%s", e->msg);
		parts_free(&j->parts);
	} else {
		parts_free(&u->attach.parts);
		u->attach.parts = j->parts;
		u->attach.uid = j->uid;
		u->attach.cur = 0;
		u->attach.back = u->view;
		u->view = UI_ATTACH;
	}
	free(j);
}

void
ui_attach_show(struct ui *u, uint32_t uid)
{
	struct list_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	j->uid = uid;
	vec_init(&j->parts, sizeof(struct ui_part));
	eng_worker_post(u->w, list_run, list_done, j);
}

/* Opening or saving one part: done on the worker up to the command. */
struct part_job {
	struct ui *u;
	uint32_t uid;
	char *id;
	char *save_to;		/* saving: the file; NULL to view */
	char dir[64];		/* viewing: the private directory of the file */
	char *path;		/* viewing: the file */
	struct buf cmd;		/* viewing: the command */
	unsigned flags;		/* the mailcap entry's */
};

/* The part's bytes and type, from the message fetched again (cached after the first time). */
static int
part_bytes(struct eng_session *s, struct part_job *j, struct buf *out, char **type,
    char **name, char **charset, struct err *e)
{
	struct buf raw = BUF_INIT;
	struct mime_message m;
	struct mime_part *p;
	int rc = eng_msg_body(s, j->uid, &raw, e);

	if (rc == 0) {
		mime_parse(&m, raw.data != NULL ? raw.data : "", raw.len, 0);
		p = mime_part_find(&m, j->id);
		if (p == NULL) {
			rc = err_setx(e, ERR_MESSAGE, "the message has no part %s", j->id);
		} else {
			mime_part_decode(p, out);
			*type = xasprintf("%s/%s", p->ctype.type, p->ctype.subtype);
			*name = mime_part_filename(p) != NULL ? xstrdup(mime_part_filename(p)) : NULL;
			*charset = mime_ctype_param(&p->ctype, "charset") != NULL ?
			    xstrdup(mime_ctype_param(&p->ctype, "charset")) : NULL;
		}
		mime_message_free(&m);
	}
	buf_free(&raw);
	return rc;
}

/* The part in a private directory, under the name mailcap's nametemplate wants. */
static int
write_temp(struct part_job *j, const struct mailcap_entry *en, const char *name,
    const struct buf *bytes, char **path, struct err *e)
{
	char *leaf = mailcap_temp_name(en, name != NULL ? name : "attachment");

	snprintf(j->dir, sizeof(j->dir), "/tmp/taube-view-XXXXXX");
	if (mkdtemp(j->dir) == NULL) {
		free(leaf);
		j->dir[0] = '\0';
		return err_errno(e, "cannot make a directory for the attachment");
	}
	*path = xasprintf("%s/%s", j->dir, leaf);
	free(leaf);
	j->path = xstrdup(*path);
	return fs_write_atomic(*path, bytes->data != NULL ? bytes->data : "", bytes->len, 0600,
	    e);
}

static int
view_run(struct eng_session *s, struct part_job *j, struct buf *bytes, const char *type,
    const char *name, const char *charset, struct err *e)
{
	struct mailcap_param param = { "charset", charset };
	struct mailcap_params params = { &param, charset != NULL ? 1 : 0 };
	struct strvec paths = STRVEC_INIT;
	const struct mailcap_entry *en;
	struct mailcap mc;
	char *path = NULL;
	int rc;

	(void)s;
	mailcap_init(&mc);
	mailcap_default_paths(&paths);
	rc = mailcap_load(&mc, (const char *const *)paths.v.items, strvec_len(&paths), e);
	en = rc == 0 ? mailcap_find(&mc, type, &params, MAILCAP_VIEW) : NULL;
	if (rc == 0 && en == NULL)
		rc = err_setx(e, ERR_MESSAGE, "no mailcap entry views %s: add one to ~/.mailcap, "
		    "or save the part with s", type);
	if (rc == 0)
		rc = write_temp(j, en, name, bytes, &path, e);
	if (rc == 0)
		rc = mailcap_command(&j->cmd, en, MAILCAP_VIEW, type, path, &params, e) < 0 ? -1 : 0;
	if (rc == 0)
		j->flags = en->flags;
	free(path);
	mailcap_free(&mc);
	strvec_free(&paths);
	return rc;
}

static int
part_run(struct eng_session *s, void *arg, struct err *e)
{
	struct part_job *j = arg;
	struct buf bytes = BUF_INIT;
	char *type = NULL, *name = NULL, *charset = NULL;
	int rc = part_bytes(s, j, &bytes, &type, &name, &charset, e);

	if (rc == 0 && bytes.len > PART_MAX)
		rc = err_setx(e, ERR_MESSAGE, "part %s is larger than %u MiB", j->id,
		    PART_MAX >> 20);
	if (rc == 0 && j->save_to != NULL)
		rc = fs_write_atomic(j->save_to, bytes.data != NULL ? bytes.data : "", bytes.len,
		    0600, e);
	else if (rc == 0)
		rc = view_run(s, j, &bytes, type, name, charset, e);
	buf_free(&bytes);
	free(type);
	free(name);
	free(charset);
	return rc;
}

/* The viewer on the terminal; the file and its directory removed after it. */
static void
run_viewer(struct ui *u, struct part_job *j)
{
	struct err e;

	def_prog_mode();
	endwin();
	if (proc_run_interactive(buf_cstr(&j->cmd), &e) != 0)
		fprintf(stderr, "taube: %s\n", e.msg);
	if (j->flags & MAILCAP_COPIOUSOUTPUT) {
		fputs("Press Enter to go back to taube. ", stderr);
		while (getchar() != '\n' && !feof(stdin))
			;
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	(void)u;
}

/* The file taube wrote for the viewer, and its private directory. */
static void
remove_temp(struct part_job *j)
{
	if (j->path != NULL)
		unlink(j->path);
	if (j->dir[0] != '\0')
		rmdir(j->dir);
}

static void
part_done(void *arg, int rc, const struct err *e)
{
	struct part_job *j = arg;
	struct ui *u = j->u;

	if (rc < 0)
		ui_note(u, "%s", e->msg);
	else if (j->save_to != NULL)
		ui_note(u, "saved to %s", j->save_to);
	else if (!u->ended)
		run_viewer(u, j);
	remove_temp(j);
	free(j->path);
	buf_free(&j->cmd);
	free(j->id);
	free(j->save_to);
	free(j);
}

static void
post_part(struct ui *u, const struct ui_part *p, char *save_to)
{
	struct part_job *j = xcalloc(1, sizeof(*j));

	j->u = u;
	j->uid = u->attach.uid;
	j->id = xstrdup(p->id);
	j->save_to = save_to;
	buf_init(&j->cmd);
	ui_note(u, save_to != NULL ? "saving..." : "opening %s...", p->type);
	eng_worker_post(u->w, part_run, part_done, j);
}

static void
save(struct ui *u, const struct ui_part *p)
{
	struct buf q = BUF_INIT;
	char *path, *full;

	buf_addf(&q, "Save to file (%s): ", p->name != NULL ? p->name : "attachment");
	path = ui_prompt(u, buf_cstr(&q), NULL);
	buf_free(&q);
	if (path == NULL)
		return;
	if (*path == '\0') {
		free(path);
		path = mailcap_temp_name(NULL, p->name != NULL ? p->name : "attachment");
	}
	full = fs_expand_home(path);
	free(path);
	if (access(full, F_OK) == 0 && !ui_confirm(u, "The file exists. Replace it? (y/n) ")) {
		free(full);
		return;
	}
	post_part(u, p, full);
}

void
ui_attach_act(struct ui *u, enum ui_action act)
{
	struct ui_attach *a = &u->attach;
	const struct ui_part *p = a->cur < a->parts.len ?
	    VEC_AT(&a->parts, struct ui_part, a->cur) : NULL;

	switch (act) {
	case UI_A_NEXT:
		if (a->cur + 1 < a->parts.len)
			a->cur++;
		break;
	case UI_A_PREV:
		if (a->cur > 0)
			a->cur--;
		break;
	case UI_A_OPEN:
		if (p != NULL)
			post_part(u, p, NULL);
		break;
	case UI_A_SAVE:
		if (p != NULL)
			save(u, p);
		break;
	case UI_A_EXIT:
		u->view = a->back == UI_PAGER ? UI_PAGER : UI_INDEX;
		break;
	case UI_A_HELP: ui_help_show(u); break;
	default:
		ui_note(u, "j/k move  Enter view (mailcap)  s save  q back  ? help");
		break;
	}
}

void
ui_attach_draw(struct ui *u)
{
	struct ui_attach *a = &u->attach;
	int h = u->rows - 2;

	for (int y = 0; y < h; y++) {
		move(y, 0);
		clrtoeol();
		if ((size_t)y >= a->parts.len)
			continue;
		const struct ui_part *p = VEC_AT(&a->parts, struct ui_part, y);

		attrset((size_t)y == a->cur ? u->colors.attr[UI_C_INDICATOR] :
		    u->colors.attr[UI_C_NORMAL]);
		mvhline(y, 0, ' ', u->cols);
		mvprintw(y, 0, "%4s  %-28.28s %9zu bytes  %s", p->id, p->type, p->size,
		    p->name != NULL ? p->name : "");
		attrset(u->colors.attr[UI_C_NORMAL]);
	}
}
