/* keys.c: the key map, mutt's defaults and the [bind] section. */
#include "ui/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "util/str.h"

#define CTRL(c)	((c) & 0x1f)

static const struct {
	const char *name;
	const char *help;
} actions[UI_A_COUNT_] = {
	[UI_A_NONE] = { "none", "nothing" },
	[UI_A_NEXT] = { "next", "next message" },
	[UI_A_PREV] = { "previous", "previous message" },
	[UI_A_NEXT_PAGE] = { "next-page", "next page" },
	[UI_A_PREV_PAGE] = { "previous-page", "previous page" },
	[UI_A_FIRST] = { "first", "first message" },
	[UI_A_LAST] = { "last", "last message" },
	[UI_A_OPEN] = { "open", "read the message" },
	[UI_A_EXIT] = { "exit", "back to the list" },
	[UI_A_QUIT] = { "quit", "quit taube" },
	[UI_A_HELP] = { "help", "this help" },
	[UI_A_REDRAW] = { "redraw", "redraw the screen" },
	[UI_A_DELETE] = { "delete", "mark for deletion" },
	[UI_A_UNDELETE] = { "undelete", "unmark for deletion" },
	[UI_A_PURGE] = { "purge", "move marked messages to Trash now" },
	[UI_A_TOGGLE_NEW] = { "toggle-new", "mark read or unread" },
	[UI_A_FLAG] = { "flag", "flag or unflag" },
	[UI_A_TAG] = { "tag", "tag or untag" },
	[UI_A_SAVE] = { "save", "move to another folder" },
	[UI_A_CHANGE_FOLDER] = { "change-folder", "open another folder" },
	[UI_A_SEARCH] = { "search", "search sender and subject (in the pager: the text)" },
	[UI_A_SEARCH_NEXT] = { "search-next", "next match" },
	[UI_A_LIMIT] = { "limit", "show only matching messages" },
	[UI_A_SYNC] = { "sync", "bring the folder up to date" },
	[UI_A_MAIL] = { "mail", "write a new message" },
	[UI_A_REPLY] = { "reply", "reply to the sender" },
	[UI_A_GROUP_REPLY] = { "group-reply", "reply to all recipients" },
	[UI_A_FORWARD] = { "forward", "forward the message" },
	[UI_A_LINE_DOWN] = { "line-down", "one line down" },
	[UI_A_LINE_UP] = { "line-up", "one line up" },
	[UI_A_CANCEL] = { "cancel", "stop the server operation under way" },
	[UI_A_HEADERS] = { "headers", "show every header field, or the main ones" },
	[UI_A_PIPE] = { "pipe", "pipe the message to a command" },
	[UI_A_FOLDERS] = { "folders", "the folders with their counts" },
	[UI_A_SIDEBAR] = { "sidebar", "show or hide the folder column" },
	[UI_A_TAG_PREFIX] = { "tag-prefix", "apply the next action to the tagged messages" },
	[UI_A_SORT] = { "sort", "sort by date, sender, subject, size, arrival, or threads" },
	[UI_A_SORT_REVERSE] = { "sort-reverse", "the same, the other way round" },
	[UI_A_COLLAPSE] = { "collapse-thread", "fold or unfold the thread" },
	[UI_A_COLLAPSE_ALL] = { "collapse-all", "fold or unfold every thread" },
	[UI_A_ATTACHMENTS] = { "attachments", "the message's parts: view through mailcap, save" },
	[UI_A_SEND] = { "send", "send the message (through the outbox)" },
	[UI_A_POSTPONE] = { "postpone", "save it to Drafts" },
	[UI_A_EDIT] = { "edit", "edit the message again" },
	[UI_A_EDIT_TO] = { "edit-to", "change To" },
	[UI_A_EDIT_CC] = { "edit-cc", "change Cc" },
	[UI_A_EDIT_BCC] = { "edit-bcc", "change Bcc" },
	[UI_A_EDIT_SUBJECT] = { "edit-subject", "change the subject" },
	[UI_A_ATTACH_FILE] = { "attach-file", "attach a file" },
	[UI_A_DETACH] = { "detach", "remove the selected attachment" },
};

static const struct ui_binding index_defaults[] = {
	{ 'j', UI_A_NEXT }, { KEY_DOWN, UI_A_NEXT }, { 'k', UI_A_PREV }, { KEY_UP, UI_A_PREV },
	{ KEY_NPAGE, UI_A_NEXT_PAGE }, { ' ', UI_A_NEXT_PAGE }, { KEY_PPAGE, UI_A_PREV_PAGE },
	{ '-', UI_A_PREV_PAGE }, { KEY_HOME, UI_A_FIRST }, { '=', UI_A_FIRST },
	{ KEY_END, UI_A_LAST }, { '*', UI_A_LAST }, { '\n', UI_A_OPEN }, { '\r', UI_A_OPEN },
	{ KEY_ENTER, UI_A_OPEN }, { 'q', UI_A_QUIT }, { '?', UI_A_HELP },
	{ CTRL('L'), UI_A_REDRAW }, { 'd', UI_A_DELETE }, { 'u', UI_A_UNDELETE },
	{ '$', UI_A_PURGE }, { 'N', UI_A_TOGGLE_NEW }, { 'F', UI_A_FLAG }, { 't', UI_A_TAG },
	{ 's', UI_A_SAVE }, { 'c', UI_A_CHANGE_FOLDER }, { '/', UI_A_SEARCH },
	{ 'n', UI_A_SEARCH_NEXT }, { 'l', UI_A_LIMIT }, { CTRL('R'), UI_A_SYNC },
	{ 'm', UI_A_MAIL }, { 'r', UI_A_REPLY }, { 'g', UI_A_GROUP_REPLY }, { 'f', UI_A_FORWARD },
	{ CTRL('G'), UI_A_CANCEL }, { '|', UI_A_PIPE }, { 'y', UI_A_FOLDERS },
	{ 'B', UI_A_SIDEBAR }, { ';', UI_A_TAG_PREFIX }, { 'o', UI_A_SORT },
	{ 'O', UI_A_SORT_REVERSE }, { UI_META | 'v', UI_A_COLLAPSE },
	{ UI_META | 'V', UI_A_COLLAPSE_ALL }, { 'v', UI_A_ATTACHMENTS },
};

static const struct ui_binding pager_defaults[] = {
	{ 'q', UI_A_EXIT }, { 'i', UI_A_EXIT }, { 'x', UI_A_EXIT }, { 'Q', UI_A_QUIT },
	{ ' ', UI_A_NEXT_PAGE }, { KEY_NPAGE, UI_A_NEXT_PAGE }, { '-', UI_A_PREV_PAGE },
	{ KEY_PPAGE, UI_A_PREV_PAGE }, { '\n', UI_A_LINE_DOWN }, { '\r', UI_A_LINE_DOWN },
	{ KEY_DOWN, UI_A_LINE_DOWN }, { KEY_UP, UI_A_LINE_UP }, { KEY_BACKSPACE, UI_A_LINE_UP },
	{ 'j', UI_A_NEXT }, { 'k', UI_A_PREV }, { KEY_HOME, UI_A_FIRST }, { KEY_END, UI_A_LAST },
	{ '?', UI_A_HELP }, { CTRL('L'), UI_A_REDRAW }, { 'd', UI_A_DELETE },
	{ 'u', UI_A_UNDELETE }, { 'N', UI_A_TOGGLE_NEW }, { 'F', UI_A_FLAG },
	{ 's', UI_A_SAVE }, { 'm', UI_A_MAIL }, { 'r', UI_A_REPLY }, { 'g', UI_A_GROUP_REPLY },
	{ 'f', UI_A_FORWARD }, { CTRL('G'), UI_A_CANCEL }, { 'h', UI_A_HEADERS },
	{ '|', UI_A_PIPE }, { 'v', UI_A_ATTACHMENTS }, { '/', UI_A_SEARCH },
	{ 'n', UI_A_SEARCH_NEXT },
};

static const struct ui_binding compose_defaults[] = {
	{ 'y', UI_A_SEND }, { 'P', UI_A_POSTPONE }, { 'e', UI_A_EDIT }, { 't', UI_A_EDIT_TO },
	{ 'c', UI_A_EDIT_CC }, { 'b', UI_A_EDIT_BCC }, { 's', UI_A_EDIT_SUBJECT },
	{ 'a', UI_A_ATTACH_FILE }, { 'D', UI_A_DETACH }, { 'j', UI_A_NEXT },
	{ KEY_DOWN, UI_A_NEXT }, { 'k', UI_A_PREV }, { KEY_UP, UI_A_PREV }, { 'q', UI_A_EXIT },
	{ '?', UI_A_HELP },
};

static const struct ui_binding attach_defaults[] = {
	{ 'j', UI_A_NEXT }, { KEY_DOWN, UI_A_NEXT }, { 'k', UI_A_PREV }, { KEY_UP, UI_A_PREV },
	{ '\n', UI_A_OPEN }, { '\r', UI_A_OPEN }, { KEY_ENTER, UI_A_OPEN }, { 'v', UI_A_OPEN },
	{ 's', UI_A_SAVE }, { 'q', UI_A_EXIT }, { 'x', UI_A_EXIT }, { '?', UI_A_HELP },
};

static const struct ui_binding folders_defaults[] = {
	{ 'j', UI_A_NEXT }, { KEY_DOWN, UI_A_NEXT }, { 'k', UI_A_PREV }, { KEY_UP, UI_A_PREV },
	{ '\n', UI_A_OPEN }, { '\r', UI_A_OPEN }, { KEY_ENTER, UI_A_OPEN }, { 'q', UI_A_EXIT },
	{ 'x', UI_A_EXIT }, { '?', UI_A_HELP },
};

/* Each view's defaults and the name [bind] knows it by. */
static const struct {
	const char *name;
	const struct ui_binding *keys;
	size_t n;
} views[UI_KV_COUNT_] = {
#define VIEW(n, k) { n, k, sizeof(k) / sizeof(k[0]) }
	[UI_KV_INDEX] = VIEW("index", index_defaults),
	[UI_KV_PAGER] = VIEW("pager", pager_defaults),
	[UI_KV_COMPOSE] = VIEW("compose", compose_defaults),
	[UI_KV_ATTACH] = VIEW("attach", attach_defaults),
	[UI_KV_FOLDERS] = VIEW("folders", folders_defaults),
#undef VIEW
};

/* Names for keys that are not one printable character. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "<space>", ' ' }, { "<enter>", '\n' }, { "<return>", '\r' }, { "<tab>", '\t' },
	{ "<up>", KEY_UP }, { "<down>", KEY_DOWN }, { "<left>", KEY_LEFT },
	{ "<right>", KEY_RIGHT }, { "<pageup>", KEY_PPAGE }, { "<pagedown>", KEY_NPAGE },
	{ "<home>", KEY_HOME }, { "<end>", KEY_END }, { "<backspace>", KEY_BACKSPACE },
	{ "<delete>", KEY_DC }, { "<esc>", 27 }, { "<keypad-enter>", KEY_ENTER },
};

const char *
ui_action_name(enum ui_action a)
{
	return actions[a].name;
}

const char *
ui_action_help(enum ui_action a)
{
	return actions[a].help;
}

const char *
ui_keyview_name(enum ui_keyview v)
{
	return views[v].name;
}

void
ui_key_name(int key, char *out, size_t size)
{
	if (key & UI_META) {
		char rest[24];

		ui_key_name(key & ~UI_META, rest, sizeof(rest));
		snprintf(out, size, "<esc>%s", rest);
		return;
	}
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (key_names[i].key == key) {
			snprintf(out, size, "%s", key_names[i].name);
			return;
		}
	}
	if (key >= 1 && key < 32)
		snprintf(out, size, "^%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(out, size, "%c", key);
	else
		snprintf(out, size, "<%d>", key);
}

/* "d", "<pagedown>", "^G": the key code, or -1. */
static int
parse_key(const char *s)
{
	int k;

	if (str_ncasecmp_ascii(s, "<esc>", 5) == 0 && s[5] != '\0')
		return (k = parse_key(s + 5)) < 0 ? -1 : UI_META | k;
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (str_casecmp_ascii(s, key_names[i].name) == 0)
			return key_names[i].key;
	if (s[0] == '^' && s[1] >= '@' && s[1] <= '_' && s[2] == '\0')
		return s[1] - '@';
	if (s[0] == '^' && s[1] >= 'a' && s[1] <= 'z' && s[2] == '\0')
		return s[1] - 'a' + 1;
	if ((unsigned char)s[0] > 32 && (unsigned char)s[0] < 127 && s[1] == '\0')
		return s[0];
	return -1;
}

static int
parse_action(const char *s)
{
	for (int a = 0; a < UI_A_COUNT_; a++)
		if (strcmp(s, actions[a].name) == 0)
			return a;
	return -1;
}

/* "index.d = delete" */
static int
bind_one(struct ui_keys *k, const struct conf *c, const struct conf_pair *p, struct err *e)
{
	const char *dot = strchr(p->key, '.');
	struct ui_binding b;
	int key, action, view;

	if (dot == NULL)
		return err_set(e, "%s:%u: [bind] wants VIEW.KEY = ACTION, e.g. index.d = delete",
		    c->path, p->line);
	for (view = 0; view < UI_KV_COUNT_; view++)
		if (strlen(views[view].name) == (size_t)(dot - p->key) &&
		    strncmp(p->key, views[view].name, (size_t)(dot - p->key)) == 0)
			break;
	if (view == UI_KV_COUNT_)
		return err_set(e, "%s:%u: [bind] knows the views index, pager, compose, attach "
		    "and folders", c->path, p->line);
	if ((key = parse_key(dot + 1)) < 0)
		return err_set(e, "%s:%u: [bind]: unknown key \"%s\"", c->path, p->line, dot + 1);
	if ((action = parse_action(p->value)) < 0)
		return err_set(e, "%s:%u: [bind]: unknown action \"%s\" (see the help screen, ?)",
		    c->path, p->line, p->value);
	b.key = key;
	b.action = (enum ui_action)action;
	vec_push(&k->map[view], &b);
	return 0;
}

int
ui_keys_load(struct ui_keys *k, const struct conf *c, struct err *e)
{
	for (int v = 0; v < UI_KV_COUNT_; v++) {
		vec_init(&k->map[v], sizeof(struct ui_binding));
		for (size_t i = 0; i < views[v].n; i++)
			vec_push(&k->map[v], &views[v].keys[i]);
	}
	for (size_t i = 0; c != NULL && i < c->bind.len; i++)
		if (bind_one(k, c, VEC_AT(&c->bind, struct conf_pair, i), e) < 0)
			return -1;
	return 0;
}

void
ui_keys_free(struct ui_keys *k)
{
	for (int v = 0; v < UI_KV_COUNT_; v++)
		vec_free(&k->map[v]);
}

enum ui_action
ui_keys_find(const struct ui_keys *k, enum ui_keyview v, int key)
{
	for (size_t i = k->map[v].len; i > 0; i--) {
		const struct ui_binding *b = VEC_AT(&k->map[v], struct ui_binding, i - 1);

		if (b->key == key)
			return b->action;
	}
	return UI_A_NONE;
}
