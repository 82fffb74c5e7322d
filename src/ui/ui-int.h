/* ui-int.h: the mail screen's state, shared by the ui/ files and no one else. */
#ifndef TAUBE_UI_UI_INT_H
#define TAUBE_UI_UI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "conf/conf.h"
#include "engine/compose.h"
#include "engine/worker.h"
#include "ui/colors.h"
#include "ui/format.h"
#include "ui/keys.h"
#include "ui/model.h"
#include "util/buf.h"
#include "util/vec.h"

enum ui_view {
	UI_INDEX,
	UI_PAGER,
	UI_HELP,
	UI_COMPOSE,
	UI_FOLDERS,
	UI_ATTACH,
};

/* One part of the message, for the attachment list (attach.c). */
struct ui_part {
	char *id;		/* the IMAP part number */
	char *type;		/* "application/pdf" */
	char *name;		/* made visible, or NULL */
	size_t size;		/* decoded */
};

struct ui_attach {
	uint32_t uid;
	struct vec parts;	/* struct ui_part */
	size_t cur;
	enum ui_view back;
};

/* The message being written (compose.c). */
struct ui_compose {
	bool active;
	struct eng_draft d;
	uint32_t parent;	/* the message replied to, marked answered once sent; 0 */
	size_t sel;		/* the selected attachment */
	enum ui_view back;	/* where to return */
};

/* A text being read: the message, or the help. Lines are cut to the screen's width when drawn. */
struct ui_pager {
	struct buf text;	/* UTF-8, made visible, LF line ends */
	struct vec lines;	/* size_t: where each screen row starts in text */
	size_t top;		/* the first row shown */
	int width;		/* the width lines were laid out for */
	uint32_t uid;		/* the message shown, 0 for help */
	size_t header_rows;	/* rows of the header at the top, 0 when none */
	size_t found;		/* the row the last search found, when found_set */
	bool found_set;
};

struct ui {
	const struct conf *conf;
	const struct conf_account *account;
	struct eng_worker *w;
	struct ui_model m;
	enum ui_view view, back;	/* back: where q returns to from help */
	uint32_t back_uid;		/* the message the pager showed before the help */
	struct ui_pager pager;
	struct ui_compose compose;
	struct ui_attach attach;
	struct ui_keys keys;
	struct ui_colors colors;
	struct vec fmt;		/* struct ui_fmt_item: index_format */
	struct strvec pager_headers;	/* the fields the pager shows, in order */
	char note[256];		/* the last thing said to the person */
	char *search;		/* the last search pattern */
	char prompt[512];	/* a question being asked on the bottom line, or "" */
	bool full_header;	/* the pager shows every header field (h) */
	bool sidebar;		/* the folder column left of the index (B) */
	bool tag_prefix;	/* ';' was pressed: the next action is for the tagged */
	bool utf8;		/* the terminal takes UTF-8: thread arrows in box drawing */
	bool quit;
	bool finish_jobs;
	bool ended;		/* the screen is given back: jobs ending now only free */
	time_t outbox_next;	/* when the outbox is looked at next */
	bool outbox_busy;	/* a flush job is posted */	/* quitting waits for the jobs posted (a purge), else stops them */
	int rows, cols;		/* the screen's size */
};

/* Says something on the bottom line (printf-like; made visible). */
void ui_note(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Jobs (jobs.c): each posts work to the worker and updates the model when it ends. */
void ui_job_open(struct ui *u, const char *folder);
/* The folder's rows as cached, shown while ui_job_open (posted after it) asks the server. */
void ui_job_cached(struct ui *u, const char *folder);
void ui_job_read(struct ui *u, uint32_t uid);
void ui_job_flags(struct ui *u, const uint32_t *uids, size_t n, unsigned add, unsigned remove);
void ui_job_purge(struct ui *u);
void ui_job_move(struct ui *u, const uint32_t *uids, size_t n, const char *dest);
/* The folder list; with counts (STATUS) for the folder list and the sidebar. */
void ui_job_folders(struct ui *u, bool counts);
/* Limits the list to what the server finds for query (taube's --search language); -1 when it does not parse. */
int ui_job_limit_query(struct ui *u, const char *pattern, const char *query, struct err *e);
/* Fetches the message, then runs cmd (the person's, through /bin/sh) on the terminal with it on stdin. */
void ui_job_pipe(struct ui *u, uint32_t uid, const char *cmd);

/*
 * The next key (ui.c), while jobs that end are collected and the screen
 * kept current: a character below 256 as itself, a wider one as
 * UI_WCHAR_BASE + its code point, a function key as curses' KEY_*; -1
 * when taube was told to stop (SIGTERM, SIGHUP, SIGINT).
 */
#define UI_WCHAR_BASE	0x1000000
int ui_getkey(struct ui *u);

/*
 * What runs on its own while the screen is open (jobs.c): the outbox's
 * messages whose next attempt is due are sent, once a minute.
 */
void ui_timers(struct ui *u);

/* Drawing (draw.c). */
void ui_draw(struct ui *u);

/* Keys (index.c, pager.c): one action on the view. */
void ui_index_act(struct ui *u, enum ui_action a);
void ui_pager_act(struct ui *u, enum ui_action a);

/* The pager's text (pager.c). */
void ui_pager_set(struct ui *u, struct buf *text, uint32_t uid);
void ui_pager_layout(struct ui_pager *p, int width);
void ui_pager_free(struct ui_pager *p);

/* Writing mail (compose.c): m, and r/g/f ('r', 'g', 'f') on message uid. */
void ui_compose_new(struct ui *u);
void ui_compose_from(struct ui *u, uint32_t uid, int kind);
void ui_compose_act(struct ui *u, enum ui_action a);
void ui_compose_draw(struct ui *u);

/* The folder list (y) and the sidebar (B) (folders.c). */
void ui_folders_show(struct ui *u);
void ui_folders_act(struct ui *u, enum ui_action a);
void ui_folders_draw(struct ui *u);
/* The sidebar at the left of the index, width columns; 0 when it is hidden. */
int ui_sidebar_draw(struct ui *u);

/* A message's parts (attach.c): listed, viewed through mailcap, saved. */
void ui_attach_show(struct ui *u, uint32_t uid);
void ui_attach_act(struct ui *u, enum ui_action a);
void ui_attach_draw(struct ui *u);

/* The help text from the live key map (help.c). */
void ui_help_show(struct ui *u);

/*
 * Asks for a line on the bottom row (prompt.c); NULL when cancelled
 * (Escape, Ctrl-G). Tab completes from candidates (char *, may be NULL).
 * The screen stays responsive: jobs that end meanwhile are collected.
 */
char *ui_prompt(struct ui *u, const char *question, const struct vec *candidates);
/* The same, the line starting with initial (which the person may change). */
char *ui_prompt_init(struct ui *u, const char *question, const char *initial,
    const struct vec *candidates);
/* One key in answer to question. */
int ui_ask_key(struct ui *u, const char *question);
/* y or n; false on anything else. */
bool ui_confirm(struct ui *u, const char *question);

#endif
