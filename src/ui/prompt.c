/* prompt.c: a line asked for on the bottom row, with Tab completion; y/n questions. */
#include "ui/ui-int.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

#define CTRL(c)	((c) & 0x1f)

/* Appends code point cp as UTF-8. */
static void
add_utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(b, (char)(0xc0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addc(b, (char)(0xe0 | cp >> 12));
		buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x110000) {
		buf_addc(b, (char)(0xf0 | cp >> 18));
		buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Removes the last character (a whole UTF-8 sequence). */
static void
backspace(struct buf *b)
{
	while (b->len > 0 && ((unsigned char)b->data[b->len - 1] & 0xc0) == 0x80)
		b->len--;
	if (b->len > 0)
		b->len--;
	buf_truncate(b, b->len);
}

/* Completes line from candidates: the whole name when one fits, else what they share. */
static void
complete(struct ui *u, struct buf *line, const struct vec *cands)
{
	const char *first = NULL;
	size_t common = 0, n = 0;

	for (size_t i = 0; cands != NULL && i < cands->len; i++) {
		const char *c = *VEC_AT(cands, char *, i);
		size_t k = 0;

		if (strncmp(c, buf_cstr(line), line->len) != 0)
			continue;
		if (first == NULL) {
			first = c;
			common = strlen(c);
		}
		while (k < common && c[k] == first[k])
			k++;
		common = k;
		n++;
	}
	if (first == NULL) {
		ui_note(u, "nothing to complete");
		return;
	}
	buf_reset(line);
	buf_add(line, first, common);
	if (n > 1)
		ui_note(u, "%zu folders start so", n);
}

/* The question and what was typed, drawn by ui_draw while the key is awaited. */
static void
show(struct ui *u, const char *question, const struct buf *line)
{
	struct buf vis = BUF_INIT;

	str_make_visible(&vis, buf_cstr(line), line->len);
	snprintf(u->prompt, sizeof(u->prompt), "%s%s", question, buf_cstr(&vis));
	ui_draw(u);
	buf_free(&vis);
}

char *
ui_prompt(struct ui *u, const char *question, const struct vec *candidates)
{
	return ui_prompt_init(u, question, NULL, candidates);
}

char *
ui_prompt_init(struct ui *u, const char *question, const char *initial,
    const struct vec *candidates)
{
	struct buf line = BUF_INIT;
	int key;

	if (initial != NULL)
		buf_adds(&line, initial);
	u->note[0] = '\0';
	for (;;) {
		show(u, question, &line);
		key = ui_getkey(u);
		if (key < 0 || key == 27 || key == CTRL('G')) {
			u->prompt[0] = '\0';
			buf_free(&line);
			return NULL;
		}
		if (key == '\n' || key == '\r' || key == KEY_ENTER)
			break;
		if (key == KEY_BACKSPACE || key == 127 || key == CTRL('H'))
			backspace(&line);
		else if (key == '\t')
			complete(u, &line, candidates);
		else if (key == CTRL('U'))
			buf_reset(&line);
		else if (key >= UI_WCHAR_BASE)
			add_utf8(&line, (unsigned)(key - UI_WCHAR_BASE));
		else if (key >= 32 && key < 256 && key != 127)
			add_utf8(&line, (unsigned)key);
	}
	u->prompt[0] = '\0';
	if (line.len == 0) {
		buf_free(&line);
		return xstrdup("");
	}
	return buf_detach(&line);
}

int
ui_ask_key(struct ui *u, const char *question)
{
	int key;

	snprintf(u->prompt, sizeof(u->prompt), "%s", question);
	ui_draw(u);
	key = ui_getkey(u);
	u->prompt[0] = '\0';
	u->note[0] = '\0';
	return key;
}

bool
ui_confirm(struct ui *u, const char *question)
{
	int key = ui_ask_key(u, question);

	return key == 'y' || key == 'Y';
}
