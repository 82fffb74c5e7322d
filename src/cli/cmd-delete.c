/* cmd-delete.c: `taube delete UID...`: move messages to the trash, or remove them from it. */
#include "cli/commands.h"
#include "cli/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/messages.h"
#include "engine/session.h"
#include "engine/sync.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/vec.h"

static int
delete(struct eng_session *s, const char *folder, const struct vec *uids, struct err *e)
{
	struct buf shown = BUF_INIT;
	char *trash = NULL;
	struct err warn;
	const char *plural = uids->len == 1 ? "" : "s";

	if (eng_folder_open(s, folder, ENG_OPEN_WRITE, e) < 0 ||
	    eng_msgs_require(s, uids->items, uids->len, e) < 0 ||
	    eng_msgs_delete(s, uids->items, uids->len, &trash, &warn, e) < 0)
		return -1;
	if (err_isset(&warn))
		cli_warn("%s", warn.msg);
	if (trash != NULL) {
		str_make_visible(&shown, trash, strlen(trash));
		printf("moved %zu message%s to %s\n", uids->len, plural, buf_cstr(&shown));
	} else {
		printf("deleted %zu message%s\n", uids->len, plural);
	}
	buf_free(&shown);
	free(trash);
	return 0;
}

static int
run(struct cli_ctx *ctx, const struct vec *uids)
{
	struct eng_session *s;
	struct conf c;
	struct err e;
	int rc;

	if (cli_session_open(ctx, &c, &s) < 0)
		return CLI_FAIL;
	err_clear(&e);
	rc = delete(s, ctx->folder != NULL ? ctx->folder : "INBOX", uids, &e);
	return cli_session_close(s, &c, rc < 0 ? -1 : CLI_OK, &e);
}

static int
delete_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct vec uids = VEC_INIT(uint32_t);
	int first, rc;
	uint32_t uid;

	if ((rc = cli_parse_common(&cli_cmd_delete, ctx, argc, argv, true, false, &first)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (argc - first < 1)
		return cli_usage(&cli_cmd_delete);
	for (int i = first; i < argc; i++) {
		if (eng_uid_parse(argv[i], &uid) < 0) {
			cli_error("'%s' is not a UID", argv[i]);
			vec_free(&uids);
			return cli_usage(&cli_cmd_delete);
		}
		vec_push(&uids, &uid);
	}
	rc = run(ctx, &uids);
	vec_free(&uids);
	return rc;
}

const struct cli_cmd cli_cmd_delete = {
	.name = "delete",
	.usage = "[-a ACCOUNT] [-f FOLDER] UID...",
	.summary = "move messages to the trash (remove them from it)",
	.help =
	    "Moves the messages with these UIDs to the trash: the account's\n"
	    "'trash =' folder, else the one the server marks as such. In the trash\n"
	    "itself, or when there is none, they are removed for good. Nothing is\n"
	    "deleted when one of the UIDs is not in FOLDER (default INBOX).\n",
	.exec = delete_exec,
};
