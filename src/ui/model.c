/* model.c: the folder's messages as the screen holds them; the limit and the selection. */
#include "ui/model.h"

#include <stdlib.h>
#include <string.h>

#include "engine/messages.h"
#include "util/str.h"
#include "util/xalloc.h"

void
ui_rows_init(struct ui_rows *r)
{
	memset(r, 0, sizeof(*r));
	vec_init(&r->msgs, sizeof(struct ui_msg));
	buf_init(&r->text);
	buf_addc(&r->text, '\0');	/* offset 0 is "" */
}

void
ui_rows_free(struct ui_rows *r)
{
	vec_free(&r->msgs);
	buf_free(&r->text);
	eng_tree_free(&r->tree);
}

void
ui_rows_arrange(struct ui_rows *r, const struct eng_tree_opts *order)
{
	struct eng_msg_view *v = xcalloc(r->msgs.len + 1, sizeof(*v));
	struct err e;

	for (size_t i = 0; i < r->msgs.len; i++) {
		const struct ui_msg *m = VEC_AT(&r->msgs, struct ui_msg, i);

		v[i].uid = m->uid;
		v[i].size = m->size;
		v[i].date = m->date;
		v[i].from = ui_rows_str(r, m->from);
		v[i].subject = ui_rows_str(r, m->subject);
		v[i].message_id = ui_rows_str(r, m->message_id);
		v[i].in_reply_to = ui_rows_str(r, m->in_reply_to);
		v[i].references = ui_rows_str(r, m->references);
	}
	eng_tree_free(&r->tree);
	/* more than ENG_TREE_MSGS_MAX: the tree stays empty and the list with it */
	(void)eng_tree_build(&r->tree, v, r->msgs.len, order, &e);
	r->order = *order;
	free(v);
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
	vec_init(&m->limit_uids, sizeof(uint32_t));
	m->order.key = ENG_SORT_DATE;
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
	vec_free(&m->limit_uids);
	ui_rows_free(&m->rows);
	vec_free(&m->shown);
	for (size_t i = 0; i < m->folders.len; i++)
		free(*VEC_AT(&m->folders, char *, i));
	vec_free(&m->folders);
	ui_folders_free(&m->finfo);
}

void
ui_model_counts(struct ui_model *m, size_t *n_new, size_t *n_deleted)
{
	if (m->counts_stale) {
		m->n_new = m->n_deleted = 0;
		for (size_t i = 0; i < m->rows.msgs.len; i++) {
			unsigned f = VEC_AT(&m->rows.msgs, struct ui_msg, i)->flags;

			m->n_new += !(f & ENG_FLAG_SEEN);
			m->n_deleted += (f & ENG_FLAG_DELETED) != 0;
		}
		m->counts_stale = false;
	}
	*n_new = m->n_new;
	*n_deleted = m->n_deleted;
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

/* What is shown, with the selection on uid when it is among it. */
static void
relayout_at(struct ui_model *m, uint32_t uid)
{
	uint32_t *rows = xcalloc(m->rows.tree.n + 1, sizeof(*rows));
	bool *folded = NULL, found = false;
	size_t n, i;

	if (m->limit == NULL && m->order.threads) {
		folded = xcalloc(m->rows.tree.n + 1, sizeof(*folded));
		for (i = 0; i < m->rows.tree.n; i++)
			folded[i] = VEC_AT(&m->rows.msgs, struct ui_msg, i)->collapsed;
	}
	n = m->limit != NULL ? m->rows.tree.n : eng_tree_visible(&m->rows.tree, folded, rows);
	vec_clear(&m->shown);
	for (size_t k = 0; k < n; k++) {
		size_t idx = m->limit != NULL ? m->rows.tree.order[k] : rows[k];
		const struct ui_msg *msg = VEC_AT(&m->rows.msgs, struct ui_msg, idx);

		if (m->limit != NULL && !(m->limit_server ? vec_u32_has(&m->limit_uids, msg->uid) :
		    ui_model_matches(m, msg, m->limit)))
			continue;
		if (msg->uid == uid) {
			m->cur = m->shown.len;
			found = true;
		}
		vec_push(&m->shown, &idx);
	}
	/* else the newest, where mutt opens a folder */
	if (!found)
		m->cur = m->shown.len > 0 ? m->shown.len - 1 : 0;
	free(rows);
	free(folded);
}

void
ui_model_relayout(struct ui_model *m)
{
	const struct ui_msg *sel = ui_model_selected(m);

	relayout_at(m, sel != NULL ? sel->uid : 0);
}

/* Folded threads and tags survive a reload (both lists are in UID order). */
static void
keep_marks(const struct ui_rows *old, struct ui_rows *rows)
{
	size_t j = 0;

	for (size_t i = 0; i < rows->msgs.len; i++) {
		struct ui_msg *n = VEC_AT(&rows->msgs, struct ui_msg, i);

		while (j < old->msgs.len && VEC_AT(&old->msgs, struct ui_msg, j)->uid < n->uid)
			j++;
		if (j < old->msgs.len && VEC_AT(&old->msgs, struct ui_msg, j)->uid == n->uid) {
			n->collapsed = VEC_AT(&old->msgs, struct ui_msg, j)->collapsed;
			n->tagged = VEC_AT(&old->msgs, struct ui_msg, j)->tagged;
		}
	}
}

static bool
same_order(const struct eng_tree_opts *a, const struct eng_tree_opts *b)
{
	return a->threads == b->threads && a->key == b->key && a->descending == b->descending &&
	    a->flags == b->flags;
}

void
ui_model_set_rows(struct ui_model *m, struct ui_rows *rows)
{
	const struct ui_msg *sel = ui_model_selected(m);
	uint32_t uid = sel != NULL ? sel->uid : 0;

	keep_marks(&m->rows, rows);
	if (!same_order(&rows->order, &m->order) || rows->tree.n != rows->msgs.len)
		ui_rows_arrange(rows, &m->order);	/* the order changed since the job began */
	ui_rows_free(&m->rows);
	m->rows = *rows;
	ui_rows_init(rows);
	m->counts_stale = true;
	relayout_at(m, uid);
}

void
ui_model_set_order(struct ui_model *m, const struct eng_tree_opts *order)
{
	m->order = *order;
	ui_rows_arrange(&m->rows, order);
	ui_model_relayout(m);
}
