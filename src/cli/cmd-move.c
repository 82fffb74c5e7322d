/* cmd-move.c: `taube move UID... DEST`: move messages to another folder. */
#include "cli/commands.h"
#include "cli/session.h"

#include <stdio.h>
#include <string.h>

#include "engine/messages.h"
#include "engine/session.h"
#include "engine/sync.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/vec.h"

static int
move(struct eng_session *s, const char *folder, const struct vec *uids, const char *dest,
    struct err *e)
{
	struct buf shown = BUF_INIT;
	struct err warn;

	if (eng_folder_open(s, folder, ENG_OPEN_WRITE, e) < 0 ||
	    eng_msgs_require(s, uids->items, uids->len, e) < 0 ||
	    eng_msgs_move(s, uids->items, uids->len, dest, &warn, e) < 0)
		return -1;
	if (err_isset(&warn))
		cli_warn("%s", warn.msg);
	str_make_visible(&shown, dest, strlen(dest));
	printf("moved %zu message%s to %s\n", uids->len, uids->len == 1 ? "" : "s",
	    buf_cstr(&shown));
	buf_free(&shown);
	return 0;
}

static int
run(struct cli_ctx *ctx, const struct vec *uids, const char *dest)
{
	struct eng_session *s;
	struct conf c;
	struct err e;
	int rc;

	if (cli_session_open(ctx, &c, &s) < 0)
		return CLI_FAIL;
	err_clear(&e);
	rc = move(s, ctx->folder != NULL ? ctx->folder : "INBOX", uids, dest, &e);
	return cli_session_close(s, &c, rc < 0 ? -1 : CLI_OK, &e);
}

static int
move_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct vec uids = VEC_INIT(uint32_t);
	int first, rc;
	uint32_t uid;

	if ((rc = cli_parse_common(&cli_cmd_move, ctx, argc, argv, true, false, &first)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (argc - first < 2)
		return cli_usage(&cli_cmd_move);
	for (int i = first; i < argc - 1; i++) {
		if (eng_uid_parse(argv[i], &uid) < 0) {
			cli_error("'%s' is not a UID", argv[i]);
			vec_free(&uids);
			return cli_usage(&cli_cmd_move);
		}
		vec_push(&uids, &uid);
	}
	rc = run(ctx, &uids, argv[argc - 1]);
	vec_free(&uids);
	return rc;
}

const struct cli_cmd cli_cmd_move = {
	.name = "move",
	.usage = "[-a ACCOUNT] [-f FOLDER] UID... DEST",
	.summary = "move messages to another folder",
	.help =
	    "Moves the messages with these UIDs from FOLDER (default INBOX) to the\n"
	    "folder DEST, named as 'taube folders' shows it. Nothing is moved when\n"
	    "one of the UIDs is not in FOLDER.\n",
	.exec = move_exec,
};
