/*
 * colors.h: the screen's colours, from the configuration's [color] section
 * ("indicator = black on cyan", "quoted = color66", "new = bold yellow"):
 * a foreground, optionally "on" a background, and attributes (bold,
 * underline, reverse). Names: default, black, red, green, yellow, blue,
 * magenta, cyan, white, and colorN (N < 256, used when the terminal has
 * that many colours).
 */
#ifndef TAUBE_UI_COLORS_H
#define TAUBE_UI_COLORS_H

#include "conf/conf.h"
#include "util/err.h"

enum ui_color {
	UI_C_NORMAL,
	UI_C_INDICATOR,	/* the selected row */
	UI_C_STATUS,
	UI_C_QUOTED,	/* "> " lines in the pager */
	UI_C_NEW,	/* unread messages in the list */
	UI_C_DELETED,
	UI_C_FLAGGED,
	UI_C_HEADER,	/* header field names in the pager */
	UI_C_QUOTED1,	/* "> > " */
	UI_C_QUOTED2,	/* "> > > ", and deeper ones in turn */
	UI_C_URL,	/* http(s):// and mailto: in the pager */
	UI_C_SEARCH,	/* the line a search in the pager found */
	UI_C_COUNT_
};

/* The attribute (colour pair and attributes) each object is drawn with. */
struct ui_colors {
	int attr[UI_C_COUNT_];
};

/*
 * Sets up colour pairs (after initscr) from taube's defaults and each
 * [color] line of c. Checks the lines first: ui_colors_check reports a bad
 * one before the screen starts.
 */
int ui_colors_check(const struct conf *c, struct err *e);
void ui_colors_start(struct ui_colors *k, const struct conf *c);

#endif
