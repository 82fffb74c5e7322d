/* Unit tests for ui/keys.c: mutt's defaults and the [bind] section. */
#include "check.h"

#include <curses.h>

#include "ui/keys.h"

static int
load(struct ui_keys *k, const char *text, struct err *e)
{
	struct conf c;
	int rc;

	if (conf_parse(&c, "cfg", text, strlen(text), e) < 0)
		return -2;
	rc = ui_keys_load(k, &c, e);
	conf_free(&c);
	return rc;
}

TEST(keys_have_mutts_defaults_in_every_view)
{
	struct ui_keys k;
	struct err e;

	CHECK_INT_EQ(load(&k, "[account a]\nmaildir = /m\n", &e), 0);
	CHECK(ui_keys_find(&k, UI_KV_INDEX, 'd') == UI_A_DELETE);
	CHECK(ui_keys_find(&k, UI_KV_INDEX, UI_META | 'v') == UI_A_COLLAPSE);
	CHECK(ui_keys_find(&k, UI_KV_PAGER, ' ') == UI_A_NEXT_PAGE);
	CHECK(ui_keys_find(&k, UI_KV_COMPOSE, 'y') == UI_A_SEND);
	CHECK(ui_keys_find(&k, UI_KV_ATTACH, 's') == UI_A_SAVE);
	CHECK(ui_keys_find(&k, UI_KV_FOLDERS, '\n') == UI_A_OPEN);
	CHECK(ui_keys_find(&k, UI_KV_INDEX, 'Y') == UI_A_NONE);
	ui_keys_free(&k);
}

TEST(bind_lines_add_keys_and_a_later_one_wins)
{
	struct ui_keys k;
	struct err e;

	CHECK_INT_EQ(load(&k, "[account a]\nmaildir = /m\n[bind]\nindex.x = delete\n"
	    "pager.<pagedown> = line-down\ncompose.^S = send\nindex.<esc>z = sort\n"
	    "index.x = flag\n", &e), 0);
	CHECK(ui_keys_find(&k, UI_KV_INDEX, 'x') == UI_A_FLAG);
	CHECK(ui_keys_find(&k, UI_KV_INDEX, 'd') == UI_A_DELETE);
	CHECK(ui_keys_find(&k, UI_KV_PAGER, KEY_NPAGE) == UI_A_LINE_DOWN);
	CHECK(ui_keys_find(&k, UI_KV_COMPOSE, 0x13) == UI_A_SEND);
	CHECK(ui_keys_find(&k, UI_KV_INDEX, UI_META | 'z') == UI_A_SORT);
	ui_keys_free(&k);
}

TEST(bad_bind_lines_are_refused_with_their_line)
{
	struct ui_keys k;
	struct err e;

	CHECK_INT_EQ(load(&k, "[account a]\nmaildir = /m\n[bind]\nsidebar.x = delete\n", &e), -1);
	CHECK(strstr(e.msg, "cfg:4:") != NULL && strstr(e.msg, "knows the views") != NULL);
	ui_keys_free(&k);
	CHECK_INT_EQ(load(&k, "[account a]\nmaildir = /m\n[bind]\nindex.x = explode\n", &e), -1);
	CHECK(strstr(e.msg, "unknown action \"explode\"") != NULL);
	ui_keys_free(&k);
	CHECK_INT_EQ(load(&k, "[account a]\nmaildir = /m\n[bind]\nindex.<nokey> = flag\n", &e), -1);
	CHECK(strstr(e.msg, "unknown key") != NULL);
	ui_keys_free(&k);
}

CHECK_MAIN(keys_have_mutts_defaults_in_every_view, bind_lines_add_keys_and_a_later_one_wins,
    bad_bind_lines_are_refused_with_their_line)
