/* pager.c: a message (or the help) laid out in screen rows, and the pager's keys. */
#include "ui/ui-int.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "engine/messages.h"
#include "util/str.h"

void
ui_pager_free(struct ui_pager *p)
{
	buf_free(&p->text);
	vec_free(&p->lines);
	p->top = 0;
	p->width = 0;
}

/* Where each screen row starts: at each line, and where a long line passes the width. */
void
ui_pager_layout(struct ui_pager *p, int width)
{
	size_t i = 0, start = 0;
	int col = 0;

	vec_init(&p->lines, sizeof(size_t));
	p->width = width;
	p->header_rows = 0;
	p->found_set = false;
	if (p->text.len == 0)
		return;
	vec_push(&p->lines, &start);
	while (i < p->text.len) {
		int32_t cp;
		size_t step = str_utf8_next(p->text.data + i, p->text.len - i, &cp);
		int w = cp == '\t' ? 8 - col % 8 : cp >= 0 ? wcwidth((wchar_t)cp) : 1;

		if (cp == '\n') {
			/* the header ends at the first empty line (not for the help: uid 0) */
			if (p->header_rows == 0 && p->uid != 0 && i > 0 && p->text.data[i - 1] == '\n')
				p->header_rows = p->lines.len;
			i += step;
			col = 0;
			if (i < p->text.len)
				vec_push(&p->lines, &i);
			continue;
		}
		if (w < 0)
			w = 1;
		if (col + w > width && col > 0) {
			vec_push(&p->lines, &i);
			col = 0;
		}
		col += w;
		i += step;
	}
}

void
ui_pager_set(struct ui *u, struct buf *text, uint32_t uid)
{
	struct ui_pager *p = &u->pager;

	ui_pager_free(p);
	p->text = *text;
	buf_init(text);
	p->uid = uid;
	ui_pager_layout(p, u->cols);
}

static void
scroll_by(struct ui *u, long n)
{
	struct ui_pager *p = &u->pager;
	long top = (long)p->top + n, max = (long)p->lines.len - (u->rows - 2);

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	p->top = (size_t)top;
}

/* The next screen row after the found one (or the top) holding the pattern; wraps. */
static void
search(struct ui *u, bool ask)
{
	struct ui_pager *p = &u->pager;
	char *pat = ask ? ui_prompt(u, "Search for: ", NULL) : NULL;
	size_t from = p->found_set ? p->found : p->top, n;

	if (pat != NULL && *pat != '\0') {
		free(u->search);
		u->search = pat;
		/* a new search looks from the top row on */
		from = p->lines.len > 0 ? (p->top + p->lines.len - 1) % p->lines.len : 0;
	} else {
		free(pat);
	}
	if (u->search == NULL || p->lines.len == 0)
		return;
	n = strlen(u->search);
	for (size_t k = 1; k <= p->lines.len; k++) {
		size_t i = (from + k) % p->lines.len;
		size_t a = *VEC_AT(&p->lines, size_t, i);
		size_t b = i + 1 < p->lines.len ? *VEC_AT(&p->lines, size_t, i + 1) : p->text.len;

		for (size_t c = a; c + n <= b; c++) {
			if (str_ncasecmp_ascii(p->text.data + c, u->search, n) != 0)
				continue;
			p->found = i;
			p->found_set = true;
			if (i < p->top || i >= p->top + (size_t)(u->rows - 2))
				p->top = i;
			if (i <= from)
				ui_note(u, "search wrapped to the top");
			return;
		}
	}
	ui_note(u, "not found: %s", u->search);
}

/* j and k read the next or previous message in the index's order. */
static void
read_neighbour(struct ui *u, int dir)
{
	struct ui_model *m = &u->m;

	if ((dir < 0 && m->cur == 0) || (dir > 0 && m->cur + 1 >= m->shown.len)) {
		ui_note(u, dir < 0 ? "this is the first message" : "this is the last message");
		return;
	}
	m->cur += (size_t)(long)dir;
	ui_job_read(u, ui_model_selected(m)->uid);
}

void
ui_pager_act(struct ui *u, enum ui_action a)
{
	int page = u->rows - 3 > 1 ? u->rows - 3 : 1;

	switch (a) {
	case UI_A_NEXT_PAGE: scroll_by(u, page); break;
	case UI_A_PREV_PAGE: scroll_by(u, -page); break;
	case UI_A_LINE_DOWN: scroll_by(u, 1); break;
	case UI_A_LINE_UP: scroll_by(u, -1); break;
	case UI_A_FIRST: u->pager.top = 0; break;
	case UI_A_LAST: scroll_by(u, (long)u->pager.lines.len); break;
	case UI_A_SEARCH: search(u, true); break;
	case UI_A_SEARCH_NEXT: search(u, false); break;
	case UI_A_HEADERS:
		u->full_header = !u->full_header;
		ui_job_read(u, u->pager.uid);
		break;
	case UI_A_NEXT: read_neighbour(u, 1); break;
	case UI_A_PREV: read_neighbour(u, -1); break;
	case UI_A_EXIT:
		if (u->view != UI_HELP) {
			u->view = UI_INDEX;
		} else {
			u->view = u->back;
			if (u->view == UI_PAGER)
				ui_job_read(u, u->back_uid);	/* the help replaced its text */
		}
		break;
	default:
		/* the rest act on the message as in the index */
		if (u->view == UI_PAGER)
			ui_index_act(u, a);
		break;
	}
}
