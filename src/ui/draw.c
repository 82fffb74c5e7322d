/* draw.c: the screen from the model: the index or the pager, the status line, the note line. */
#include "ui/ui-int.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "engine/messages.h"
#include "util/str.h"


/* Writes s (UTF-8, made visible) at the cursor, at most cols terminal columns; returns the columns used. */
static int
put_cols(const char *s, int cols)
{
	size_t len = strlen(s), i = 0;
	int used = 0;

	while (i < len) {
		int32_t cp;
		size_t step;
		int w;

		if ((unsigned char)s[i] < 0x80) {
			/* ASCII, the common case: one column a byte */
			if (used + 1 > cols)
				break;
			i++;
			used++;
			continue;
		}
		step = str_utf8_next(s + i, len - i, &cp);
		w = cp >= 0 ? wcwidth((wchar_t)cp) : 1;
		if (w < 0)
			w = 1;
		if (used + w > cols)
			break;
		i += step;
		used += w;
	}
	addnstr(s, (int)i);	/* one call for the whole run */
	return used;
}

static void
pad(int n)
{
	for (; n > 0; n--)
		addch(' ');
}

/* In threads: the arrows, and "(N)" on a folded thread; the columns used. */
static int
thread_arrows(struct ui *u, size_t idx, int cols)
{
	const struct eng_tree *t = &u->m.rows.tree;
	const struct ui_msg *m = VEC_AT(&u->m.rows.msgs, struct ui_msg, idx);
	struct buf b = BUF_INIT;
	int used;

	if (!u->m.order.threads || u->m.limit != NULL || idx >= t->n)
		return 0;
	eng_tree_prefix(&b, t, (uint32_t)idx, !u->utf8, 16);
	if (m->collapsed && t->size[idx] > 1)
		buf_addf(&b, "(%u) ", t->size[idx]);
	used = put_cols(buf_cstr(&b), cols);
	buf_free(&b);
	return used;
}

/* "1.2K", "812B", "3.4M": a size in at most five columns. */
static void
human_size(char *out, size_t size, uint32_t n)
{
	if (n < 1000)
		snprintf(out, size, "%uB", n);
	else if (n < 10 * 1024)
		snprintf(out, size, "%.1fK", n / 1024.0);
	else if (n < 1000 * 1024)
		snprintf(out, size, "%uK", (n + 512) / 1024);
	else
		snprintf(out, size, "%.1fM", n / (1024.0 * 1024.0));
}

/*
 * strftime with the person's own format from index_format: it is not a
 * literal, and strftime cannot be told otherwise. Empty when it overflows.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
local_strftime(char *out, size_t size, const char *fmt, const struct tm *tm)
{
	if (strftime(out, size, fmt, tm) == 0)
		out[0] = '\0';
}
#pragma GCC diagnostic pop

/* The text of one %-code for message m (row, its index in the rows). */
static void
item_text(struct ui *u, const struct ui_fmt_item *it, size_t row, const struct ui_msg *m,
    char *out, size_t size)
{
	time_t t = (time_t)m->date;
	struct tm tm;

	out[0] = '\0';
	switch (it->code) {
	case 'n': snprintf(out, size, "%zu", row + 1); break;
	case 'u': snprintf(out, size, "%u", m->uid); break;
	case 'Z':
		snprintf(out, size, "%c%c%c%c", m->tagged ? '*' : ' ',
		    (m->flags & ENG_FLAG_DELETED) ? 'D' : !(m->flags & ENG_FLAG_SEEN) ? 'N' : ' ',
		    (m->flags & ENG_FLAG_FLAGGED) ? '!' : ' ',
		    (m->flags & ENG_FLAG_ANSWERED) ? 'r' : ' ');
		break;
	case 'D':
		if (m->date != 0 && localtime_r(&t, &tm) != NULL)
			local_strftime(out, size, it->text != NULL ? it->text : "%b %d", &tm);
		break;
	case 'F': snprintf(out, size, "%s", ui_rows_str(&u->m.rows, m->from)); break;
	case 'T': snprintf(out, size, "%s", ui_rows_str(&u->m.rows, m->to)); break;
	case 'S': human_size(out, size, m->size); break;
	default: break;
	}
}

/* Writes s in exactly width columns (0: as wide as it is), aligned as it says; the columns used. */
static int
put_field(const char *s, int width, bool left, int room)
{
	int w, used;

	if (width == 0)
		return put_cols(s, room);
	if (width > room)
		width = room;
	if (!left) {
		/* right-aligned: measure first (a short ASCII number, mostly) */
		w = (int)strlen(s) < width ? (int)strlen(s) : width;
		pad(width - w);
		return width - w + put_cols(s, w);
	}
	used = put_cols(s, width);
	pad(width - used);
	return width;
}

/* One row of the list at column x0, as index_format says. */
static void
index_line(struct ui *u, int y, int x0, size_t row)
{
	size_t idx = *VEC_AT(&u->m.shown, size_t, row);
	const struct ui_msg *m = VEC_AT(&u->m.rows.msgs, struct ui_msg, idx);
	int width = u->cols - x0, x = 0;
	char text[512];

	attrset(row == u->m.cur ? u->colors.attr[UI_C_INDICATOR] :
	    (m->flags & ENG_FLAG_DELETED) ? u->colors.attr[UI_C_DELETED] :
	    (m->flags & ENG_FLAG_FLAGGED) ? u->colors.attr[UI_C_FLAGGED] :
	    !(m->flags & ENG_FLAG_SEEN) ? u->colors.attr[UI_C_NEW] : u->colors.attr[UI_C_NORMAL]);
	move(y, x0);
	for (size_t i = 0; i < u->fmt.len && x < width; i++) {
		const struct ui_fmt_item *it = VEC_AT(&u->fmt, struct ui_fmt_item, i);

		if (it->code == 0) {
			x += put_cols(it->text, width - x);
		} else if (it->code == 's') {
			int room = it->width > 0 && it->width < width - x ? it->width : width - x;
			int used = thread_arrows(u, idx, room);

			used += put_cols(ui_rows_str(&u->m.rows, m->subject), room - used);
			if (it->width > 0)
				pad(room - used);
			x += it->width > 0 ? room : used;
		} else {
			item_text(u, it, row, m, text, sizeof(text));
			x += put_field(text, it->width, it->left, width - x);
		}
	}
	pad(width - x);
	attrset(u->colors.attr[UI_C_NORMAL]);
}

static void
draw_index(struct ui *u)
{
	int h = u->rows - 2, x0 = ui_sidebar_draw(u);
	struct ui_model *m = &u->m;

	if (h < 1)
		return;
	if (m->cur < m->top)
		m->top = m->cur;
	if (m->cur >= m->top + (size_t)h)
		m->top = m->cur - (size_t)h + 1;
	/* no empty rows below the last message while there are more above */
	if (m->top + (size_t)h > m->shown.len)
		m->top = m->shown.len > (size_t)h ? m->shown.len - (size_t)h : 0;
	for (int y = 0; y < h; y++) {
		move(y, x0);
		if (m->top + (size_t)y < m->shown.len)
			index_line(u, y, x0, m->top + (size_t)y);
		else
			clrtoeol();
	}
}

/* How deep a line is quoted: the '>' at its start, spaces between them allowed. */
static int
quote_level(const char *s, size_t len)
{
	int level = 0;

	for (size_t i = 0; i < len && (s[i] == '>' || (s[i] == ' ' && level > 0)); i++)
		level += s[i] == '>';
	return level;
}

/* Where the next link starts in s[0..len), or len. */
static size_t
next_url(const char *s, size_t len, size_t *end)
{
	static const char *const schemes[] = { "https://", "http://", "mailto:" };

	for (size_t i = 0; i < len; i++) {
		for (size_t k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
			size_t n = strlen(schemes[k]);

			if (len - i < n || str_ncasecmp_ascii(s + i, schemes[k], n) != 0)
				continue;
			*end = i + n;
			while (*end < len && s[*end] != ' ' && s[*end] != '>' && s[*end] != '"' &&
			    s[*end] != '\t' && s[*end] != ')')
				(*end)++;
			return i;
		}
	}
	return len;
}

/* Text in attr, its links in the url colour. */
static void
add_text(struct ui *u, const char *s, size_t len, int attr)
{
	size_t start, end;

	while (len > 0) {
		start = next_url(s, len, &end);
		attrset(attr);
		addnstr(s, (int)start);
		if (start == len)
			break;
		attrset(u->colors.attr[UI_C_URL]);
		addnstr(s + start, (int)(end - start));
		s += end;
		len -= end;
	}
	attrset(u->colors.attr[UI_C_NORMAL]);
}

/* A row of the pager: header names, quote levels, links and a search match in their colours. */
static void
pager_line(struct ui *u, const char *s, size_t len, bool header, bool found)
{
	static const enum ui_color quotes[] = { UI_C_QUOTED, UI_C_QUOTED1, UI_C_QUOTED2 };
	const char *colon = header ? memchr(s, ':', len) : NULL;
	int level;

	if (found) {
		add_text(u, s, len, u->colors.attr[UI_C_SEARCH]);
	} else if (colon != NULL) {
		attrset(u->colors.attr[UI_C_HEADER]);
		addnstr(s, (int)(colon - s + 1));
		add_text(u, colon + 1, len - (size_t)(colon - s) - 1, u->colors.attr[UI_C_NORMAL]);
	} else if ((level = quote_level(s, len)) > 0) {
		add_text(u, s, len, u->colors.attr[quotes[(level - 1) % 3]]);
	} else {
		add_text(u, s, len, u->colors.attr[UI_C_NORMAL]);
	}
}

static void
draw_pager(struct ui *u)
{
	struct ui_pager *p = &u->pager;
	int h = u->rows - 2;

	if (p->width != u->cols)
		ui_pager_layout(p, u->cols);
	for (int y = 0; y < h; y++) {
		size_t i = p->top + (size_t)y;

		move(y, 0);
		clrtoeol();
		if (i < p->lines.len) {
			size_t a = *VEC_AT(&p->lines, size_t, i);
			size_t b = i + 1 < p->lines.len ? *VEC_AT(&p->lines, size_t, i + 1) :
			    p->text.len;
			while (b > a && p->text.data[b - 1] == '\n')
				b--;
			pager_line(u, p->text.data + a, b - a, i < p->header_rows,
			    p->found_set && i == p->found);
		} else {
			addch('~');
		}
	}
}

static void
draw_status(struct ui *u)
{
	char line[512], progress[160];
	struct ui_model *m = &u->m;
	size_t n_new, n_deleted;

	eng_worker_progress(u->w, progress, sizeof(progress));
	ui_model_counts(m, &n_new, &n_deleted);
	snprintf(line, sizeof(line), "-- taube: %s  %s  [%zu messages, %zu new, %zu deleted]%s%s%s  %s",
	    u->account->name, m->folder != NULL ? m->folder : "", m->rows.msgs.len,
	    n_new, n_deleted,
	    m->limit != NULL ? "  limit: " : "", m->limit != NULL ? m->limit : "",
	    m->loading ? "  (working...)" : "", progress);
	attrset(u->colors.attr[UI_C_STATUS]);
	move(u->rows - 2, 0);
	pad(u->cols - put_cols(line, u->cols));
	attrset(u->colors.attr[UI_C_NORMAL]);
	move(u->rows - 1, 0);
	put_cols(u->prompt[0] != '\0' ? u->prompt : u->note, u->cols);
	clrtoeol();
}

void
ui_draw(struct ui *u)
{
	getmaxyx(stdscr, u->rows, u->cols);
	if (u->view == UI_INDEX)
		draw_index(u);
	else if (u->view == UI_FOLDERS)
		ui_folders_draw(u);
	else if (u->view == UI_ATTACH)
		ui_attach_draw(u);
	else if (u->view == UI_COMPOSE)
		ui_compose_draw(u);
	else
		draw_pager(u);
	draw_status(u);
	curs_set(u->prompt[0] != '\0' ? 1 : 0);
	refresh();
}
