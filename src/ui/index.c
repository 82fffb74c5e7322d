/* index.c: the message list's keys: moving, reading, marking, moving away, searching, limiting. */
#include "ui/ui-int.h"

#include <stdlib.h>
#include <string.h>

#include "engine/messages.h"
#include "util/xalloc.h"

static void act(struct ui *u, enum ui_action a);

static void
move_by(struct ui *u, long n)
{
	struct ui_model *m = &u->m;
	long cur = (long)m->cur + n;

	if (m->shown.len == 0)
		return;
	m->moved = true;
	if (cur < 0)
		cur = 0;
	if (cur >= (long)m->shown.len)
		cur = (long)m->shown.len - 1;
	m->cur = (size_t)cur;
}

/* A page: the view and the selection move together, as in mutt. */
static void
page_by(struct ui *u, long n)
{
	struct ui_model *m = &u->m;
	long top = (long)m->top + n, max = (long)m->shown.len - (u->rows - 2);

	if (max < 0)
		max = 0;
	top = top < 0 ? 0 : top > max ? max : top;
	/* at either end the selection still goes all the way */
	move_by(u, top == (long)m->top ? n : top - (long)m->top);
	m->top = (size_t)top;
}

/* What an action acts on: the tagged messages after ';', else the selected one. */
static size_t
targets(struct ui *u, struct vec *uids)
{
	struct ui_msg *sel = ui_model_selected(&u->m);

	if (!u->tag_prefix) {
		if (sel != NULL)
			vec_push(uids, &sel->uid);
		return uids->len;
	}
	for (size_t i = 0; i < u->m.rows.msgs.len; i++) {
		struct ui_msg *m = VEC_AT(&u->m.rows.msgs, struct ui_msg, i);

		if (m->tagged)
			vec_push(uids, &m->uid);
	}
	if (uids->len == 0)
		ui_note(u, "no message is tagged");
	return uids->len;
}

/* A flag set, cleared or toggled on the targets; the list moves on after d and u, as in mutt. */
static void
set_flag(struct ui *u, unsigned flag, int how)
{
	struct ui_msg *sel = ui_model_selected(&u->m);
	struct vec uids = VEC_INIT(uint32_t);
	bool on;

	if (sel == NULL || targets(u, &uids) == 0) {
		vec_free(&uids);
		return;
	}
	/* a toggle follows the first message it acts on */
	for (size_t i = 0; i < u->m.rows.msgs.len && u->tag_prefix; i++)
		if (VEC_AT(&u->m.rows.msgs, struct ui_msg, i)->uid == *VEC_AT(&uids, uint32_t, 0))
			sel = VEC_AT(&u->m.rows.msgs, struct ui_msg, i);
	on = how > 0 || (how == 0 && !(sel->flags & flag));
	ui_job_flags(u, uids.items, uids.len, on ? flag : 0, on ? 0 : flag);
	if (how != 0 && u->view == UI_INDEX && !u->tag_prefix)
		move_by(u, 1);
	vec_free(&uids);
}

static void
search(struct ui *u, bool ask)
{
	struct ui_model *m = &u->m;
	char *pat = ask ? ui_prompt(u, "Search for: ", NULL) : NULL;
	size_t from = m->cur;

	if (pat != NULL && *pat != '\0') {
		free(u->search);
		u->search = pat;
	} else {
		free(pat);
	}
	if (u->search == NULL) {
		ui_note(u, "no search pattern");
		return;
	}
	for (size_t k = 1; k <= m->shown.len; k++) {
		size_t i = (from + k) % m->shown.len;

		if (ui_model_matches(m, VEC_AT(&m->rows.msgs, struct ui_msg,
		    *VEC_AT(&m->shown, size_t, i)), u->search)) {
			m->cur = i;
			if (i <= from)
				ui_note(u, "search wrapped to the top");
			return;
		}
	}
	ui_note(u, "not found: %s", u->search);
}

/*
 * A plain pattern limits by sender, recipients and subject, at once; mutt's
 * "~b words" or taube's query words (body:, from:, since: ...) ask the
 * server, which searches bodies too.
 */
static void
limit(struct ui *u)
{
	char *pat = ui_prompt(u, "Limit to messages matching (~b body, from: ...; empty: all): ",
	    NULL);
	struct buf query = BUF_INIT;
	struct err e;

	if (pat == NULL)
		return;
	if (strncmp(pat, "~b ", 3) == 0)
		buf_addf(&query, "body:\"%s\"", pat + 3);
	else if (strchr(pat, ':') != NULL)
		buf_adds(&query, pat);
	if (query.len > 0) {
		if (ui_job_limit_query(u, pat, buf_cstr(&query), &e) < 0)
			ui_note(u, "%s", e.msg);
		free(pat);
		buf_free(&query);
		return;
	}
	buf_free(&query);
	free(u->m.limit);
	u->m.limit = *pat != '\0' ? pat : NULL;
	u->m.limit_server = false;
	if (*pat == '\0')
		free(pat);
	ui_model_relayout(&u->m);
	if (u->m.shown.len == 0)
		ui_note(u, "no message matches");
}

static void
change_folder(struct ui *u)
{
	char *name = ui_prompt(u, "Open folder: ", &u->m.folders);

	if (name != NULL && *name != '\0') {
		free(u->m.limit);
		u->m.limit = NULL;
		ui_job_open(u, name);
	}
	free(name);
}

static void
save(struct ui *u)
{
	struct vec uids = VEC_INIT(uint32_t);
	char *dest;

	if (targets(u, &uids) == 0) {
		vec_free(&uids);
		return;
	}
	dest = ui_prompt(u, "Move to folder: ", &u->m.folders);
	if (dest != NULL && *dest != '\0') {
		ui_job_move(u, uids.items, uids.len, dest);
		u->view = UI_INDEX;
	}
	free(dest);
	vec_free(&uids);
}

static void
sort(struct ui *u, bool reverse)
{
	static const struct {
		int key;
		enum eng_sort_key sort;
		bool threads;
	} choices[] = {
		{ 'd', ENG_SORT_DATE, false }, { 'f', ENG_SORT_FROM, false },
		{ 's', ENG_SORT_SUBJECT, false }, { 'z', ENG_SORT_SIZE, false },
		{ 'a', ENG_SORT_UID, false }, { 't', ENG_SORT_LAST, true },
	};
	int key = ui_ask_key(u, reverse ?
	    "Reverse sort by (d)ate, (f)rom, (s)ubject, si(z)e, (a)rrival, (t)hreads? " :
	    "Sort by (d)ate, (f)rom, (s)ubject, si(z)e, (a)rrival, (t)hreads? ");

	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		if (choices[i].key == key) {
			struct eng_tree_opts o = u->m.order;

			o.key = choices[i].sort;
			o.threads = choices[i].threads;
			o.descending = reverse;
			ui_model_set_order(&u->m, &o);
			return;
		}
	}
}

/* Folds or unfolds the selected message's thread; or every thread. */
static void
collapse(struct ui *u, bool all)
{
	struct ui_model *m = &u->m;
	const struct eng_tree *t = &m->rows.tree;
	struct ui_msg *sel = ui_model_selected(m);
	bool fold = true;

	if (!m->order.threads || sel == NULL || t->n != m->rows.msgs.len) {
		ui_note(u, "threads are off (o t turns them on)");
		return;
	}
	if (!all) {
		uint32_t root = eng_tree_root(t, (uint32_t)(sel - (struct ui_msg *)m->rows.msgs.items));
		struct ui_msg *r = VEC_AT(&m->rows.msgs, struct ui_msg, root);

		r->collapsed = !r->collapsed;
		sel = r;	/* the selection goes to the root, which stays shown */
	} else {
		for (size_t i = 0; i < t->n && fold; i++)
			if (VEC_AT(&m->rows.msgs, struct ui_msg, i)->collapsed)
				fold = false;	/* some are folded: unfold all */
		for (size_t i = 0; i < t->n; i++)
			VEC_AT(&m->rows.msgs, struct ui_msg, i)->collapsed =
			    fold && t->parent[i] == ENG_TREE_NONE && t->size[i] > 1;
		sel = VEC_AT(&m->rows.msgs, struct ui_msg,
		    eng_tree_root(t, (uint32_t)(sel - (struct ui_msg *)m->rows.msgs.items)));
	}
	for (size_t i = 0; i < m->shown.len; i++)
		if (*VEC_AT(&m->shown, size_t, i) == (size_t)(sel - (struct ui_msg *)m->rows.msgs.items))
			m->cur = i;
	ui_model_relayout(m);
}

static void
quit(struct ui *u)
{
	bool marked = false;

	for (size_t i = 0; i < u->m.rows.msgs.len && !marked; i++)
		marked = (VEC_AT(&u->m.rows.msgs, struct ui_msg, i)->flags & ENG_FLAG_DELETED) != 0;
	if (marked && ui_confirm(u, "Move the messages marked deleted to Trash? (y/n) ")) {
		ui_job_purge(u);
		u->quit = true;
		u->finish_jobs = true;	/* the purge is done before taube ends */
		return;
	}
	u->quit = true;
}

/* Untags everything after an action on the tagged messages. */
static void
untag_all(struct ui *u)
{
	for (size_t i = 0; i < u->m.rows.msgs.len; i++)
		VEC_AT(&u->m.rows.msgs, struct ui_msg, i)->tagged = false;
}

void
ui_index_act(struct ui *u, enum ui_action a)
{
	bool prefixed = u->tag_prefix;

	if (a == UI_A_TAG_PREFIX) {
		u->tag_prefix = true;
		ui_note(u, "the next action applies to the tagged messages");
		return;
	}
	act(u, a);
	u->tag_prefix = false;
	if (prefixed && a != UI_A_TAG && a != UI_A_HELP)
		untag_all(u);
}

static void
act(struct ui *u, enum ui_action a)
{
	struct ui_msg *sel = ui_model_selected(&u->m);
	long page = u->rows - 2 > 1 ? u->rows - 2 : 1;

	switch (a) {
	case UI_A_NEXT: move_by(u, 1); break;
	case UI_A_PREV: move_by(u, -1); break;
	case UI_A_NEXT_PAGE: page_by(u, page); break;
	case UI_A_PREV_PAGE: page_by(u, -page); break;
	case UI_A_FIRST: move_by(u, -(long)u->m.shown.len); break;
	case UI_A_LAST: move_by(u, (long)u->m.shown.len); break;
	case UI_A_OPEN:
		if (sel != NULL)
			ui_job_read(u, sel->uid);
		break;
	case UI_A_QUIT: quit(u); break;
	case UI_A_HELP: ui_help_show(u); break;
	case UI_A_DELETE: set_flag(u, ENG_FLAG_DELETED, 1); break;
	case UI_A_UNDELETE: set_flag(u, ENG_FLAG_DELETED, -1); break;
	case UI_A_PURGE: ui_job_purge(u); break;
	case UI_A_TOGGLE_NEW: set_flag(u, ENG_FLAG_SEEN, 0); break;
	case UI_A_FLAG: set_flag(u, ENG_FLAG_FLAGGED, 0); break;
	case UI_A_TAG:
		if (sel != NULL)
			sel->tagged = !sel->tagged;
		move_by(u, 1);
		break;
	case UI_A_SAVE: save(u); break;
	case UI_A_CHANGE_FOLDER: change_folder(u); break;
	case UI_A_SEARCH: search(u, true); break;
	case UI_A_SEARCH_NEXT: search(u, false); break;
	case UI_A_LIMIT: limit(u); break;
	case UI_A_MAIL: ui_compose_new(u); break;
	case UI_A_REPLY: case UI_A_GROUP_REPLY: case UI_A_FORWARD:
		if (sel != NULL)
			ui_compose_from(u, sel->uid, a == UI_A_REPLY ? 'r' : a == UI_A_FORWARD ? 'f' :
			    'g');
		break;
	case UI_A_PIPE:
		if (sel != NULL) {
			char *cmd = ui_prompt(u, "Pipe to command: ", NULL);

			if (cmd != NULL && *cmd != '\0')
				ui_job_pipe(u, sel->uid, cmd);
			free(cmd);
		}
		break;
	case UI_A_FOLDERS: ui_folders_show(u); break;
	case UI_A_ATTACHMENTS:
		if (sel != NULL)
			ui_attach_show(u, sel->uid);
		break;
	case UI_A_SORT: sort(u, false); break;
	case UI_A_SORT_REVERSE: sort(u, true); break;
	case UI_A_COLLAPSE: collapse(u, false); break;
	case UI_A_COLLAPSE_ALL: collapse(u, true); break;
	case UI_A_SIDEBAR:
		u->sidebar = !u->sidebar;
		if (u->sidebar)
			ui_job_folders(u, true);
		break;
	case UI_A_SYNC:
		if (u->m.folder != NULL)
			ui_job_open(u, u->m.folder);
		break;
	default: break;
	}
}
