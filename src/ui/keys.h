/*
 * keys.h: the key map: which key does what in which view, mutt's keys by
 * default, changed by the configuration's [bind] section ("index.d =
 * delete", "pager.<space> = next-page"). The help screen is made from it.
 */
#ifndef TAUBE_UI_KEYS_H
#define TAUBE_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"
#include "util/err.h"
#include "util/vec.h"

enum ui_action {
	UI_A_NONE,
	UI_A_NEXT, UI_A_PREV, UI_A_NEXT_PAGE, UI_A_PREV_PAGE, UI_A_FIRST, UI_A_LAST,
	UI_A_OPEN, UI_A_EXIT, UI_A_QUIT, UI_A_HELP, UI_A_REDRAW,
	UI_A_DELETE, UI_A_UNDELETE, UI_A_PURGE, UI_A_TOGGLE_NEW, UI_A_FLAG, UI_A_TAG,
	UI_A_SAVE, UI_A_CHANGE_FOLDER, UI_A_SEARCH, UI_A_SEARCH_NEXT, UI_A_LIMIT,
	UI_A_SYNC, UI_A_MAIL, UI_A_REPLY, UI_A_GROUP_REPLY, UI_A_FORWARD,
	UI_A_LINE_DOWN, UI_A_LINE_UP, UI_A_CANCEL, UI_A_HEADERS, UI_A_PIPE, UI_A_FOLDERS, UI_A_SIDEBAR, UI_A_TAG_PREFIX, UI_A_SORT, UI_A_SORT_REVERSE, UI_A_COLLAPSE, UI_A_COLLAPSE_ALL, UI_A_ATTACHMENTS,
	UI_A_SEND, UI_A_POSTPONE, UI_A_EDIT, UI_A_EDIT_TO, UI_A_EDIT_CC, UI_A_EDIT_BCC,
	UI_A_EDIT_SUBJECT, UI_A_ATTACH_FILE, UI_A_DETACH,
	UI_A_COUNT_
};

enum ui_keyview {
	UI_KV_INDEX,
	UI_KV_PAGER,
	UI_KV_COMPOSE,
	UI_KV_ATTACH,		/* a message's parts */
	UI_KV_FOLDERS,		/* the folder list */
	UI_KV_COUNT_
};

/* Escape then a key (Meta): UI_META | key. */
#define UI_META		0x20000000

/* One binding: a key code as curses returns it (a character or KEY_*), or UI_META | key. */
struct ui_binding {
	int key;
	enum ui_action action;
};

struct ui_keys {
	struct vec map[UI_KV_COUNT_];	/* struct ui_binding, searched from the end: later wins */
};

/* mutt's defaults, then each [bind] line of c; a bad line gives an error naming it. */
int ui_keys_load(struct ui_keys *k, const struct conf *c, struct err *e);
void ui_keys_free(struct ui_keys *k);

enum ui_action ui_keys_find(const struct ui_keys *k, enum ui_keyview v, int key);

/* "delete", "next-page" ... as [bind] takes them; and what they do, for the help. */
const char *ui_action_name(enum ui_action a);
const char *ui_action_help(enum ui_action a);
/* "d", "<space>", "<pagedown>", "^G" ... */
void ui_key_name(int key, char *out, size_t size);
const char *ui_keyview_name(enum ui_keyview v);

#endif
