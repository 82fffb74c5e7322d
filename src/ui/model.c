/* model.c: the folder's messages as the screen holds them; the limit and the selection. */
#include "ui/model.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

void
ui_rows_init(struct ui_rows *r)
{
	vec_init(&r->msgs, sizeof(struct ui_msg));
	buf_init(&r->text);
	buf_addc(&r->text, '\0');	/* offset 0 is "" */
}

void
ui_rows_free(struct ui_rows *r)
{
	vec_free(&r->msgs);
	buf_free(&r->text);
}

const char *
ui_rows_str(const struct ui_rows *r, size_t off)
{
	return r->text.data + off;
}

void
ui_model_init(struct ui_model *m)
{
	memset(m, 0, sizeof(*m));
	ui_rows_init(&m->rows);
	vec_init(&m->shown, sizeof(size_t));
	vec_init(&m->folders, sizeof(char *));
	vec_init(&m->finfo, sizeof(struct ui_folder));
}

void
ui_folders_free(struct vec *finfo)
{
	for (size_t i = 0; i < finfo->len; i++)
		free(VEC_AT(finfo, struct ui_folder, i)->name);
	vec_free(finfo);
}

void
ui_model_free(struct ui_model *m)
{
	free(m->folder);
	free(m->limit);
	ui_rows_free(&m->rows);
	vec_free(&m->shown);
	for (size_t i = 0; i < m->folders.len; i++)
		free(*VEC_AT(&m->folders, char *, i));
	vec_free(&m->folders);
	ui_folders_free(&m->finfo);
}

struct ui_msg *
ui_model_selected(struct ui_model *m)
{
	if (m->cur >= m->shown.len)
		return NULL;
	return VEC_AT(&m->rows.msgs, struct ui_msg, *VEC_AT(&m->shown, size_t, m->cur));
}

/* Case-insensitive (ASCII) substring test; UTF-8 text compares byte for byte otherwise. */
static bool
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	char first[3] = { needle[0], needle[0], '\0' };

	if (n == 0)
		return true;
	/* jump from one place the first character (in either case) is to the next */
	if (first[0] >= 'a' && first[0] <= 'z')
		first[1] = (char)(first[0] - 32);
	else if (first[0] >= 'A' && first[0] <= 'Z')
		first[1] = (char)(first[0] + 32);
	for (hay = strpbrk(hay, first); hay != NULL; hay = strpbrk(hay + 1, first))
		if (str_ncasecmp_ascii(hay, needle, n) == 0)
			return true;
	return false;
}

bool
ui_model_matches(const struct ui_model *m, const struct ui_msg *msg, const char *pattern)
{
	return contains(ui_rows_str(&m->rows, msg->from), pattern) ||
	    contains(ui_rows_str(&m->rows, msg->subject), pattern) ||
	    contains(ui_rows_str(&m->rows, msg->to), pattern);
}

void
ui_model_apply_limit(struct ui_model *m)
{
	const struct ui_msg *sel = ui_model_selected(m);
	uint32_t uid = sel != NULL ? sel->uid : 0;

	bool found = false;

	vec_clear(&m->shown);
	for (size_t i = 0; i < m->rows.msgs.len; i++) {
		const struct ui_msg *msg = VEC_AT(&m->rows.msgs, struct ui_msg, i);

		if (m->limit != NULL && !ui_model_matches(m, msg, m->limit))
			continue;
		if (msg->uid == uid) {
			m->cur = m->shown.len;
			found = true;
		}
		vec_push(&m->shown, &i);
	}
	/* else the newest, where mutt opens a folder */
	if (!found)
		m->cur = m->shown.len > 0 ? m->shown.len - 1 : 0;
}

void
ui_model_set_rows(struct ui_model *m, struct ui_rows *rows)
{
	const struct ui_msg *sel = ui_model_selected(m);
	uint32_t uid = sel != NULL ? sel->uid : 0;
	size_t keep = m->cur;

	ui_rows_free(&m->rows);
	m->rows = *rows;
	ui_rows_init(rows);
	vec_clear(&m->shown);
	for (size_t i = 0; i < m->rows.msgs.len; i++) {
		const struct ui_msg *msg = VEC_AT(&m->rows.msgs, struct ui_msg, i);

		if (m->limit == NULL || ui_model_matches(m, msg, m->limit))
			vec_push(&m->shown, &i);
	}
	m->cur = m->shown.len > 0 ? m->shown.len - 1 : 0;
	for (size_t i = 0; uid != 0 && i < m->shown.len; i++)
		if (VEC_AT(&m->rows.msgs, struct ui_msg, *VEC_AT(&m->shown, size_t, i))->uid == uid)
			m->cur = i;
	if (uid != 0 && keep < m->shown.len && ui_model_selected(m)->uid != uid)
		m->cur = keep;	/* it left: stay where it was */
}
