/* folders.c: the folder list (y) with unread and total counts, and the sidebar (B). */
#include "ui/ui-int.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIDEBAR_COLS	22

void
ui_folders_show(struct ui *u)
{
	struct ui_model *m = &u->m;

	/* the selection starts on the folder that is open */
	for (size_t i = 0; m->folder != NULL && i < m->finfo.len; i++)
		if (strcmp(VEC_AT(&m->finfo, struct ui_folder, i)->name, m->folder) == 0)
			m->fcur = i;
	u->view = UI_FOLDERS;
	ui_job_folders(u, true);	/* fresh counts */
}

void
ui_folders_act(struct ui *u, enum ui_action a)
{
	struct ui_model *m = &u->m;

	switch (a) {
	case UI_A_NEXT:
		if (m->fcur + 1 < m->finfo.len)
			m->fcur++;
		break;
	case UI_A_PREV:
		if (m->fcur > 0)
			m->fcur--;
		break;
	case UI_A_OPEN:
		if (m->fcur < m->finfo.len && m->fcur < m->folders.len) {
			free(m->limit);
			m->limit = NULL;
			ui_job_open(u, *VEC_AT(&m->folders, char *, m->fcur));
			u->view = UI_INDEX;
		}
		break;
	case UI_A_EXIT:
		u->view = UI_INDEX;
		break;
	case UI_A_HELP: ui_help_show(u); break;
	default:
		ui_note(u, "j/k move  Enter open  q back  ? help");
		break;
	}
}

/* "INBOX   12/340  [Sent]" */
static void
folder_row(struct ui *u, int y, int x, int width, size_t i, bool selected)
{
	const struct ui_folder *f = VEC_AT(&u->m.finfo, struct ui_folder, i);
	bool open = u->m.folder != NULL && strcmp(f->name, u->m.folder) == 0;
	char counts[32] = "";

	if (f->has_counts)
		snprintf(counts, sizeof(counts), "%u/%u", f->unread, f->total);
	attrset(selected ? u->colors.attr[UI_C_INDICATOR] : f->unread > 0 ?
	    u->colors.attr[UI_C_NEW] : u->colors.attr[UI_C_NORMAL]);
	mvhline(y, x, ' ', width);
	move(y, x);
	if (width > 24) {
		printw("%c %-*.*s %9s %s", open ? '*' : ' ', width - 24, width - 24, f->name,
		    counts, f->use != NULL ? f->use : "");
	} else {
		printw("%c%-*.*s", f->unread > 0 ? '+' : ' ', width - 1, width - 1, f->name);
	}
	attrset(u->colors.attr[UI_C_NORMAL]);
}

void
ui_folders_draw(struct ui *u)
{
	int h = u->rows - 2;
	size_t top = u->m.fcur >= (size_t)h ? u->m.fcur - (size_t)h + 1 : 0;

	for (int y = 0; y < h; y++) {
		move(y, 0);
		clrtoeol();
		if (top + (size_t)y < u->m.finfo.len)
			folder_row(u, y, 0, u->cols, top + (size_t)y, top + (size_t)y == u->m.fcur);
	}
}

int
ui_sidebar_draw(struct ui *u)
{
	int h = u->rows - 2;

	if (!u->sidebar || u->cols < SIDEBAR_COLS * 2)
		return 0;
	for (int y = 0; y < h; y++) {
		if ((size_t)y < u->m.finfo.len)
			folder_row(u, y, 0, SIDEBAR_COLS - 1, (size_t)y, false);
		else
			mvhline(y, 0, ' ', SIDEBAR_COLS - 1);
		mvaddch(y, SIDEBAR_COLS - 1, ACS_VLINE);
	}
	return SIDEBAR_COLS;
}
