/* format.c: [general] index_format read into items once, for every line drawn. */
#include "ui/format.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define FMT_WIDTH_MAX	500

static void
add_item(struct vec *items, char code, int width, bool left, const char *text, size_t len)
{
	struct ui_fmt_item *it = vec_push_zero(items);

	it->code = code;
	it->width = width;
	it->left = left;
	it->text = text != NULL ? xstrndup(text, len) : NULL;
}

/* One %-code at fmt[*i] (just after the '%'); -1 with e when it is none. */
static int
parse_code(struct vec *items, const char *fmt, size_t *i, struct err *e)
{
	const char *tf = NULL, *close;
	size_t tflen = 0, at = *i;
	bool left = false;
	int width = 0;

	if (fmt[*i] == '%') {
		add_item(items, 0, 0, false, "%", 1);
		(*i)++;
		return 0;
	}
	if (fmt[*i] == '-') {
		left = true;
		(*i)++;
	}
	while (fmt[*i] >= '0' && fmt[*i] <= '9' && width <= FMT_WIDTH_MAX)
		width = width * 10 + (fmt[(*i)++] - '0');
	if (fmt[*i] == '{' && (close = strchr(fmt + *i, '}')) != NULL) {
		tf = fmt + *i + 1;
		tflen = (size_t)(close - tf);
		*i = (size_t)(close - fmt) + 1;
	}
	if (width > FMT_WIDTH_MAX || fmt[*i] == '\0' || strchr("nuZDFTsS", fmt[*i]) == NULL)
		return err_set(e, "index_format: cannot read \"%%%.12s\" (codes: %%n %%u %%Z %%D "
		    "%%F %%T %%s %%S, a width before the letter, %%{strftime}D)", fmt + at);
	if (tf != NULL && fmt[*i] != 'D')
		return err_set(e, "index_format: only %%D takes {...}");
	add_item(items, fmt[*i], width, left, tf, tflen);
	(*i)++;
	return 0;
}

int
ui_format_parse(struct vec *items, const char *fmt, struct err *e)
{
	size_t i = 0, start;

	vec_init(items, sizeof(struct ui_fmt_item));
	while (fmt[i] != '\0') {
		if (fmt[i] == '%') {
			i++;
			if (parse_code(items, fmt, &i, e) < 0) {
				ui_format_free(items);
				return -1;
			}
			continue;
		}
		for (start = i; fmt[i] != '\0' && fmt[i] != '%'; i++)
			;
		add_item(items, 0, 0, false, fmt + start, i - start);
	}
	return 0;
}

void
ui_format_free(struct vec *items)
{
	for (size_t i = 0; i < items->len; i++)
		free(VEC_AT(items, struct ui_fmt_item, i)->text);
	vec_free(items);
}
