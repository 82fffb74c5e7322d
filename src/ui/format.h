/*
 * format.h: the message list's line, as [general] index_format describes it:
 * text, and %-codes with an optional width ("%-20F": the sender, cut or
 * padded to 20 columns, left-aligned; "%5n": the number, right-aligned):
 *	%n row number	%u UID		%Z flags (tagged, N new or D deleted,
 *	%D date ("%b %d";	%{FMT}D for another strftime format)	! flagged, r answered)
 *	%F sender	%T recipients	%s subject (thread arrows in front)
 *	%S size (1.2K)	%%  a percent sign
 * A %s without a width takes what is left of the line.
 */
#ifndef TAUBE_UI_FORMAT_H
#define TAUBE_UI_FORMAT_H

#include <stdbool.h>

#include "util/err.h"
#include "util/vec.h"

#define UI_INDEX_FORMAT	"%5n %Z %D %-20F  %s"

struct ui_fmt_item {
	char code;		/* 0 for literal text */
	int width;		/* columns; 0: as wide as it is */
	bool left;		/* pad on the right */
	char *text;		/* literal text, or %D's strftime format */
};

/* Parses fmt into items (struct ui_fmt_item); -1 with e naming what it could not read. */
int ui_format_parse(struct vec *items, const char *fmt, struct err *e);
void ui_format_free(struct vec *items);

#endif
