/*
 * compose.c: writing mail on the mail screen: a new message (m), a reply
 * (r), a reply to all (g), a forward (f). The draft is made on the worker
 * (replies need the parent parsed), written in $VISUAL/$EDITOR (the editor
 * gets the terminal), then shown on the compose screen, from which it is
 * sent through the outbox (y), postponed to Drafts (P), edited again (e),
 * its To, Cc, Bcc and Subject set anew (t, c, b, s), given attachments
 * (a, D) or thrown away (q, after asking).
 */
#include "ui/ui-int.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/messages.h"
#include "engine/save.h"
#include "engine/send.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/str.h"
#include "util/xalloc.h"

#define DRAFT_TEXT_MAX	(16u << 20)

/* The editor: [general] editor, else $VISUAL, else $EDITOR, else vi. */
static const char *
editor(const struct ui *u)
{
	const char *ed = u->conf->editor;

	if (ed == NULL || *ed == '\0')
		ed = getenv("VISUAL");
	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	return ed != NULL && *ed != '\0' ? ed : "vi";
}

/* The draft through the editor; false when the person's text could not be read back. */
static bool
edit(struct ui *u)
{
	struct ui_compose *c = &u->compose;
	char path[] = "/tmp/taube-draft-XXXXXX";
	struct buf text = BUF_INIT, cmd = BUF_INIT;
	struct err e;
	bool ok = false;
	int fd = mkstemp(path);

	if (fd < 0) {
		ui_note(u, "cannot make a file for the editor in /tmp");
		return false;
	}
	eng_draft_to_text(&c->d, &text);
	if (write(fd, text.data, text.len) == (ssize_t)text.len && close(fd) == 0) {
		buf_addf(&cmd, "%s ", editor(u));
		proc_shell_quote(&cmd, path);
		def_prog_mode();
		endwin();
		(void)proc_run_interactive(buf_cstr(&cmd), &e);
		reset_prog_mode();
		clearok(curscr, TRUE);
		buf_reset(&text);
		if (fs_read_file(path, &text, DRAFT_TEXT_MAX, &e) < 0 ||
		    eng_draft_from_text(&c->d, text.data != NULL ? text.data : "", text.len, &e) < 0)
			ui_note(u, "%s", e.msg);
		else
			ok = true;
	} else {
		close(fd);
		ui_note(u, "cannot write the draft for the editor");
	}
	unlink(path);
	buf_free(&text);
	buf_free(&cmd);
	return ok;
}

static void
begin(struct ui *u)
{
	u->compose.active = true;
	u->compose.sel = 0;
	if (edit(u) || u->compose.d.to.len > 0 || u->compose.d.body.len > 0) {
		u->compose.back = u->view;
		u->view = UI_COMPOSE;
		return;
	}
	eng_draft_free(&u->compose.d);
	u->compose.active = false;
}

void
ui_compose_new(struct ui *u)
{
	struct err e;

	if (u->compose.active)
		return;
	eng_draft_init(&u->compose.d);
	u->compose.parent = 0;
	if (u->account->from != NULL && eng_draft_set_from(&u->compose.d, u->account->from,
	    &e) < 0)
		ui_note(u, "%s", e.msg);
	begin(u);
}

/* The reply or forward, made on the worker from the parent's bytes. */
struct draft_job {
	struct ui *u;
	uint32_t uid;
	int kind;		/* 'r', 'g', 'f' */
	struct eng_draft d;
	const char *from;
};

static int
draft_run(struct eng_session *s, void *arg, struct err *e)
{
	struct draft_job *j = arg;
	struct eng_identity me = { j->from, NULL };
	struct buf raw = BUF_INIT;
	int rc = eng_msg_body(s, j->uid, &raw, e);

	if (rc == 0 && j->kind == 'f')
		rc = eng_draft_forward(&j->d, raw.data, raw.len, &me, ENG_FORWARD_INLINE, e);
	else if (rc == 0)
		rc = eng_draft_reply(&j->d, raw.data, raw.len, &me,
		    j->kind == 'g' ? ENG_REPLY_ALL : 0, e);
	buf_free(&raw);
	return rc;
}

static void
draft_done(void *arg, int rc, const struct err *e)
{
	struct draft_job *j = arg;
	struct ui *u = j->u;

	if (rc < 0 || u->compose.active || u->ended) {
		if (rc < 0)
			ui_note(u, "%s", e->msg);
		eng_draft_free(&j->d);
	} else {
		u->compose.d = j->d;
		u->compose.parent = j->kind == 'f' ? 0 : j->uid;
		begin(u);
	}
	free(j);
}

void
ui_compose_from(struct ui *u, uint32_t uid, int kind)
{
	struct draft_job *j;

	if (u->compose.active)
		return;
	j = xcalloc(1, sizeof(*j));
	j->u = u;
	j->uid = uid;
	j->kind = kind;
	j->from = u->account->from;
	eng_draft_init(&j->d);
	eng_worker_post(u->w, draft_run, draft_done, j);
}

/* Sending: queued in the outbox, then submitted, on the worker. */
struct send_job {
	struct ui *u;
	const struct conf *conf;
	const struct conf_account *a;
	struct buf msg;
	bool postpone;
	uint32_t parent;
	char result[300];
	bool sent;
};

static void
on_sent(void *arg, const struct eng_sent *r)
{
	struct send_job *j = arg;

	j->sent = r->result == ENG_SENT;
	if (r->result == ENG_SENT && r->copy_error != NULL)
		snprintf(j->result, sizeof(j->result), "sent; the copy was not saved: %s",
		    r->copy_error);
	else if (r->result == ENG_SENT)
		snprintf(j->result, sizeof(j->result), "sent%s%s", r->copy != NULL ?
		    ", copy in " : "", r->copy != NULL ? r->copy : "");
	else if (r->result == ENG_GAVE_UP)
		snprintf(j->result, sizeof(j->result), "refused, kept in the outbox's failed "
		    "folder: %s", r->error);
	else
		snprintf(j->result, sizeof(j->result), "not sent yet, kept in the outbox: %s",
		    r->error);
}

static int
send_run(struct eng_session *s, void *arg, struct err *e)
{
	struct send_job *j = arg;
	struct outbox *ob;
	char *id = NULL;
	int rc;

	if (j->postpone)
		return eng_save_imap(s, ENG_USE_DRAFTS, j->msg.data, j->msg.len,
		    ENG_SAVE_DRAFT | ENG_SAVE_SEEN, NULL, e);
	if (eng_outbox_open(&ob, j->a, e) < 0)
		return -1;
	rc = eng_outbox_queue(ob, j->msg.data, j->msg.len, &id, e);
	if (rc == 0)
		rc = eng_outbox_flush(j->conf, j->a, ob, id, false, on_sent, j, e) < 0 ? -1 : 0;
	if (rc == 0 && j->sent && j->parent != 0 &&
	    eng_msgs_flag(s, &j->parent, 1, ENG_FLAG_ANSWERED, 0, e) < 0)
		rc = -1;
	free(id);
	eng_outbox_close(ob);
	return rc;
}

static void
send_done(void *arg, int rc, const struct err *e)
{
	struct send_job *j = arg;
	struct ui *u = j->u;

	if (rc < 0)
		ui_note(u, "%s", e->msg);
	else if (j->postpone)
		ui_note(u, "draft saved to Drafts");
	else
		ui_note(u, "%s", j->result);
	if (j->sent && j->parent != 0) {
		for (size_t i = 0; i < u->m.rows.msgs.len; i++) {
			struct ui_msg *m = VEC_AT(&u->m.rows.msgs, struct ui_msg, i);

			if (m->uid == j->parent)
				m->flags |= ENG_FLAG_ANSWERED;
		}
	}
	buf_free(&j->msg);
	free(j);
}

static void
finish(struct ui *u, bool postpone)
{
	struct ui_compose *c = &u->compose;
	struct send_job *j = xcalloc(1, sizeof(*j));
	struct err e;

	if (eng_draft_build(&c->d, ENG_BUILD_KEEP_BCC, &j->msg, &e) < 0) {
		ui_note(u, "%s", e.msg);
		buf_free(&j->msg);
		free(j);
		return;
	}
	j->u = u;
	j->conf = u->conf;
	j->a = u->account;
	j->postpone = postpone;
	j->parent = c->parent;
	ui_note(u, postpone ? "saving the draft..." : "sending...");
	eng_worker_post(u->w, send_run, send_done, j);
	eng_draft_free(&c->d);
	c->active = false;
	u->view = c->back == UI_PAGER ? UI_PAGER : UI_INDEX;
}

static void
attach(struct ui *u)
{
	char *path = ui_prompt(u, "Attach file: ", NULL);
	char *full;
	struct err e;

	if (path == NULL || *path == '\0') {
		free(path);
		return;
	}
	full = fs_expand_home(path);
	if (eng_draft_attach_file(&u->compose.d, full, &e) < 0)
		ui_note(u, "%s", e.msg);
	free(full);
	free(path);
}

static void
detach(struct ui *u)
{
	struct ui_compose *c = &u->compose;
	struct eng_attachment *at;

	if (c->sel >= c->d.attachments.len) {
		ui_note(u, "no attachment to remove");
		return;
	}
	at = VEC_AT(&c->d.attachments, struct eng_attachment, c->sel);
	free(at->name);
	free(at->type);
	buf_free(&at->data);
	vec_remove(&c->d.attachments, c->sel);
	if (c->sel > 0 && c->sel >= c->d.attachments.len)
		c->sel--;
}

/* t, c, b: the recipients of one field asked for again, the old ones offered. */
static void
edit_addrs(struct ui *u, enum eng_addr_field field)
{
	struct ui_compose *c = &u->compose;
	struct vec *v = field == ENG_TO ? &c->d.to : field == ENG_CC ? &c->d.cc : &c->d.bcc;
	const char *label = field == ENG_TO ? "To: " : field == ENG_CC ? "Cc: " : "Bcc: ";
	struct buf now = BUF_INIT;
	struct vec keep;
	char *text;
	struct err e;

	for (size_t i = 0; i < v->len; i++) {
		buf_adds(&now, i > 0 ? ", " : "");
		eng_addr_format(&now, VEC_AT(v, struct mime_addr, i));
	}
	text = ui_prompt_init(u, label, buf_cstr(&now), NULL);
	buf_free(&now);
	if (text == NULL)
		return;
	keep = *v;
	vec_init(v, sizeof(struct mime_addr));
	if (*text != '\0' && eng_draft_add_addrs(&c->d, field, text, &e) < 0) {
		ui_note(u, "%s", e.msg);
		mime_addr_list_free(v);
		*v = keep;	/* a bad line changes nothing */
	} else {
		mime_addr_list_free(&keep);
	}
	free(text);
}

static void
edit_subject(struct ui *u)
{
	char *text = ui_prompt_init(u, "Subject: ", u->compose.d.subject, NULL);

	if (text == NULL)
		return;
	free(u->compose.d.subject);
	u->compose.d.subject = text;
}

void
ui_compose_act(struct ui *u, enum ui_action a)
{
	struct ui_compose *c = &u->compose;

	switch (a) {
	case UI_A_EDIT_TO: edit_addrs(u, ENG_TO); break;
	case UI_A_EDIT_CC: edit_addrs(u, ENG_CC); break;
	case UI_A_EDIT_BCC: edit_addrs(u, ENG_BCC); break;
	case UI_A_EDIT_SUBJECT: edit_subject(u); break;
	case UI_A_SEND: finish(u, false); break;
	case UI_A_POSTPONE: finish(u, true); break;
	case UI_A_EDIT: (void)edit(u); break;
	case UI_A_ATTACH_FILE: attach(u); break;
	case UI_A_DETACH: detach(u); break;
	case UI_A_NEXT:
		if (c->sel + 1 < c->d.attachments.len)
			c->sel++;
		break;
	case UI_A_PREV:
		if (c->sel > 0)
			c->sel--;
		break;
	case UI_A_EXIT:
		if (!ui_confirm(u, "Throw this message away? (y/n) "))
			break;
		eng_draft_free(&c->d);
		c->active = false;
		u->view = c->back == UI_PAGER ? UI_PAGER : UI_INDEX;
		ui_note(u, "message thrown away");
		break;
	case UI_A_HELP: ui_help_show(u); break;
	default:
		ui_note(u, "y send  P postpone  e edit  t c b s fields  a attach  D detach  "
		    "q throw away  ? help");
		break;
	}
}

static void
field(int y, const char *label, const struct vec *addrs)
{
	struct buf line = BUF_INIT, vis = BUF_INIT;

	for (size_t i = 0; i < addrs->len; i++) {
		buf_adds(&line, i > 0 ? ", " : "");
		eng_addr_format(&line, VEC_AT(addrs, struct mime_addr, i));
	}
	str_make_visible(&vis, buf_cstr(&line), line.len);
	mvprintw(y, 0, "%8s: ", label);
	addstr(buf_cstr(&vis));
	clrtoeol();
	buf_free(&line);
	buf_free(&vis);
}

void
ui_compose_draw(struct ui *u)
{
	struct ui_compose *c = &u->compose;
	struct buf vis = BUF_INIT, from = BUF_INIT;
	int y = 5;

	if (c->d.from.email != NULL)
		eng_addr_format(&from, &c->d.from);
	str_make_visible(&vis, buf_cstr(&from), from.len);
	mvprintw(0, 0, "%8s: %s", "From", buf_cstr(&vis));
	clrtoeol();
	field(1, "To", &c->d.to);
	field(2, "Cc", &c->d.cc);
	field(3, "Bcc", &c->d.bcc);
	buf_reset(&vis);
	if (c->d.subject != NULL)
		str_make_visible(&vis, c->d.subject, strlen(c->d.subject));
	mvprintw(4, 0, "%8s: %s", "Subject", buf_cstr(&vis));
	clrtoeol();
	move(y++, 0);
	clrtoeol();
	mvprintw(y++, 0, "-- Attachments");
	clrtoeol();
	for (size_t i = 0; i < c->d.attachments.len && y < u->rows - 2; i++, y++) {
		const struct eng_attachment *at = VEC_AT(&c->d.attachments, struct eng_attachment, i);

		buf_reset(&vis);
		str_make_visible(&vis, at->name, strlen(at->name));
		if (i == c->sel)
			attron(A_REVERSE);
		mvprintw(y, 0, "  %s (%zu bytes)", buf_cstr(&vis), at->data.len);
		clrtoeol();
		if (i == c->sel)
			attroff(A_REVERSE);
	}
	for (; y < u->rows - 2; y++) {
		move(y, 0);
		clrtoeol();
	}
	buf_free(&vis);
	buf_free(&from);
}
