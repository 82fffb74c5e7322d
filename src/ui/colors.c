/* colors.c: the [color] section into curses colour pairs. */
#include "ui/colors.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/vec.h"

static const char *const objects[UI_C_COUNT_] = {
	"normal", "indicator", "status", "quoted", "new", "deleted", "flagged", "header",
	"quoted1", "quoted2", "url", "search",
};

static const char *const defaults[UI_C_COUNT_] = {
	"default", "reverse", "reverse", "cyan", "bold", "red", "bold yellow", "bold",
	"green", "yellow", "underline blue", "reverse",
};

static const char *const names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

struct spec {
	int fg, bg;	/* -1: the terminal's default */
	int attrs;
};

/* "red", "colorN", "default": the colour number, -1 for default; -2 when no colour. */
static int
parse_color(const char *w)
{
	char *end;
	long n;

	if (strcmp(w, "default") == 0)
		return -1;
	for (int i = 0; i < 8; i++)
		if (strcmp(w, names[i]) == 0)
			return i;
	if (strncmp(w, "color", 5) == 0 && w[5] != '\0') {
		n = strtol(w + 5, &end, 10);
		if (*end == '\0' && n >= 0 && n < 256)
			return (int)n;
	}
	return -2;
}

static int
parse_attr(const char *w)
{
	if (strcmp(w, "bold") == 0)
		return A_BOLD;
	if (strcmp(w, "underline") == 0)
		return A_UNDERLINE;
	if (strcmp(w, "reverse") == 0)
		return A_REVERSE;
	if (strcmp(w, "dim") == 0)
		return A_DIM;
	return 0;
}

/* "bold yellow on blue": 0, or -1 naming the word it could not read in bad. */
static int
parse_spec(const char *text, struct spec *s, char *bad, size_t size)
{
	struct strvec words = STRVEC_INIT;
	bool on = false;
	int rc = 0;

	s->fg = s->bg = -1;
	s->attrs = 0;
	str_split(&words, text, ' ', STR_SPLIT_SKIP_EMPTY);
	for (size_t i = 0; rc == 0 && i < strvec_len(&words); i++) {
		const char *w = strvec_get(&words, i);
		int a = parse_attr(w), c = parse_color(w);

		if (strcmp(w, "on") == 0 && !on)
			on = true;
		else if (a != 0 && !on)
			s->attrs |= a;
		else if (c != -2 && on)
			s->bg = c;
		else if (c != -2)
			s->fg = c;
		else
			rc = -1, snprintf(bad, size, "%s", w);
	}
	strvec_free(&words);
	return rc;
}

static int
object(const char *name)
{
	for (int i = 0; i < UI_C_COUNT_; i++)
		if (strcmp(name, objects[i]) == 0)
			return i;
	return -1;
}

int
ui_colors_check(const struct conf *c, struct err *e)
{
	for (size_t i = 0; i < c->color.len; i++) {
		const struct conf_pair *p = VEC_AT(&c->color, struct conf_pair, i);
		struct spec s;
		char bad[64];

		if (object(p->key) < 0)
			return err_set(e, "%s:%u: [color]: unknown object \"%s\" (indicator, status, "
			    "quoted, quoted1, quoted2, new, deleted, flagged, header, url, search, normal)", c->path, p->line, p->key);
		if (parse_spec(p->value, &s, bad, sizeof(bad)) < 0)
			return err_set(e, "%s:%u: [color] %s: cannot read \"%s\" (a colour, \"on\" a "
			    "colour, bold, underline, reverse, dim)", c->path, p->line, p->key, bad);
	}
	return 0;
}

/* A colour the terminal cannot show falls back to its default. */
static int
usable(int color)
{
	return color < COLORS ? color : -1;
}

void
ui_colors_start(struct ui_colors *k, const struct conf *c)
{
	const char *text[UI_C_COUNT_];
	bool colors = has_colors();

	for (int i = 0; i < UI_C_COUNT_; i++)
		text[i] = defaults[i];
	for (size_t i = 0; c != NULL && i < c->color.len; i++) {
		const struct conf_pair *p = VEC_AT(&c->color, struct conf_pair, i);
		int o = object(p->key);

		if (o >= 0)
			text[o] = p->value;
	}
	if (colors) {
		start_color();
		use_default_colors();
	}
	for (int i = 0; i < UI_C_COUNT_; i++) {
		struct spec s;
		char bad[64];

		k->attr[i] = 0;
		if (parse_spec(text[i], &s, bad, sizeof(bad)) < 0)
			continue;
		k->attr[i] = s.attrs;
		if (colors && (s.fg >= 0 || s.bg >= 0) && i + 1 < COLOR_PAIRS) {
			init_pair((short)(i + 1), (short)usable(s.fg), (short)usable(s.bg));
			k->attr[i] |= COLOR_PAIR(i + 1);
		}
	}
}
