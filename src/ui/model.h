/*
 * model.h: what the screen shows, owned by the screen's thread: the open
 * folder's messages (a copy of the cache's summaries, made on the worker
 * thread and handed over whole), the selection, the limit, the message in
 * the pager. Drawing reads it; keys change it; jobs replace parts of it.
 */
#ifndef TAUBE_UI_MODEL_H
#define TAUBE_UI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/thread.h"
#include "util/buf.h"
#include "util/vec.h"

struct ui_msg {
	uint32_t uid;
	unsigned flags;		/* ENG_FLAG_* */
	uint32_t size;
	int64_t date;		/* Date:, else arrival */
	size_t from, subject, to;	/* offsets into ui_rows.text, made visible */
	size_t message_id, in_reply_to, references;	/* the same, as the cache has them */
	bool tagged;
	bool attachment;
	bool collapsed;		/* a thread root showing without its replies */
};

/*
 * One folder's messages in arrival order; the strings live in text. The
 * tree (threads, or the sorted list) is built with the rows, on whichever
 * thread made them, for the order it names.
 */
struct ui_rows {
	struct vec msgs;	/* struct ui_msg */
	struct buf text;
	struct eng_tree tree;
	struct eng_tree_opts order;	/* what tree was built for */
};

/* Builds r->tree for order (about 30 ms for 100 000 messages in threads). */
void ui_rows_arrange(struct ui_rows *r, const struct eng_tree_opts *order);

void ui_rows_init(struct ui_rows *r);
void ui_rows_free(struct ui_rows *r);
const char *ui_rows_str(const struct ui_rows *r, size_t off);

/* A folder as the folder list and the sidebar show it. */
struct ui_folder {
	char *name;		/* UTF-8, made visible */
	const char *use;	/* "Sent", "Trash" ...; NULL */
	bool has_counts;
	uint32_t total, unread;
};

struct ui_model {
	char *folder;		/* the open folder, UTF-8 */
	struct ui_rows rows;
	struct vec shown;	/* size_t: indexes into rows.msgs, in display order (the limit applied) */
	struct eng_tree_opts order;	/* how the list is sorted or threaded */
	char *limit;		/* the limit pattern, or NULL for all */
	bool limit_server;	/* the limit is the server's answer to a query: limit_uids */
	struct vec limit_uids;	/* uint32_t, ascending */
	size_t cur;		/* the selected row of shown */
	size_t top;		/* the first row on screen */
	struct vec folders;	/* char *: the account's folders, for completion */
	struct vec finfo;	/* struct ui_folder: the same with counts, for the folder list */
	size_t fcur;		/* the selected row of the folder list */
	bool loading;
	size_t n_new, n_deleted;	/* counted again when counts_stale */
	bool counts_stale;		/* set wherever a flag or the rows change */
	bool moved;		/* the person moved since the folder opened: keep the selection */
};

void ui_model_init(struct ui_model *m);
/* Frees a vector of struct ui_folder. */
void ui_folders_free(struct vec *finfo);
void ui_model_free(struct ui_model *m);

/* The unread and deleted counts of the status line, counted only after a change. */
void ui_model_counts(struct ui_model *m, size_t *n_new, size_t *n_deleted);

/* The selected message, or NULL when the list is empty. */
struct ui_msg *ui_model_selected(struct ui_model *m);

/*
 * Takes rows as the folder's new messages (rows is left empty) and
 * recomputes what is shown; the selection stays on the same UID when it
 * is still there.
 */
void ui_model_set_rows(struct ui_model *m, struct ui_rows *rows);

/*
 * Recomputes what is shown from the tree, the folded threads and the limit
 * (a limit shows every match, folded or not); the selection stays on the
 * same UID when it is still shown, else on the newest row.
 */
void ui_model_relayout(struct ui_model *m);

/* Sorts or threads the list anew (on this thread) and shows it. */
void ui_model_set_order(struct ui_model *m, const struct eng_tree_opts *order);

/* Whether message msg matches a plain pattern (from, to, subject; case-insensitive). */
bool ui_model_matches(const struct ui_model *m, const struct ui_msg *msg, const char *pattern);

#endif
