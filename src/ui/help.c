/* help.c: the help screen, made from the live key map so that [bind] changes show. */
#include "ui/ui-int.h"

#include <stdio.h>

static void
add_view(struct buf *out, const struct ui_keys *k, enum ui_keyview v)
{
	static const char *const titles[UI_KV_COUNT_] = {
		"Message list", "Pager", "Compose screen", "Parts of a message", "Folder list",
	};

	buf_addf(out, "%s keys:   ([bind] %s.KEY = ACTION)\n", titles[v], ui_keyview_name(v));
	for (int a = 1; a < UI_A_COUNT_; a++) {
		char keys[96] = "";
		size_t len = 0;

		for (size_t i = 0; i < k->map[v].len; i++) {
			const struct ui_binding *b = VEC_AT(&k->map[v], struct ui_binding, i);
			char name[24];

			/* a later binding of the same key wins: show only the winner */
			if ((int)b->action != a || ui_keys_find(k, v, b->key) != b->action)
				continue;
			ui_key_name(b->key, name, sizeof(name));
			len += (size_t)snprintf(keys + len, len < sizeof(keys) ? sizeof(keys) - len : 0,
			    "%s%s", len > 0 ? " " : "", name);
			if (len >= sizeof(keys))
				len = sizeof(keys) - 1;
		}
		if (len > 0)
			buf_addf(out, "  %-30s %-16s %s\n", keys, ui_action_name((enum ui_action)a),
			    ui_action_help((enum ui_action)a));
	}
	buf_addc(out, '\n');
}

void
ui_help_show(struct ui *u)
{
	struct buf text = BUF_INIT;

	for (int v = 0; v < UI_KV_COUNT_; v++)
		add_view(&text, &u->keys, (enum ui_keyview)v);
	buf_adds(&text, "Keys can be changed in the configuration's [bind] section,\n"
	    "e.g. \"index.x = delete\" or \"pager.<space> = next-page\".\n");
	if (u->view != UI_HELP) {
		u->back = u->view;
		u->back_uid = u->pager.uid;
	}
	ui_pager_set(u, &text, 0);
	u->view = UI_HELP;
	buf_free(&text);
}
