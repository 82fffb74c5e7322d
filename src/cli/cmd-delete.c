/* cmd-delete.c: `taube delete`: delete messages (to Trash when there is one). */
#include "cli/commands.h"

static int
delete_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_delete, argc, argv);
}

const struct cli_cmd cli_cmd_delete = {
	.name = "delete",
	.usage = "[-a ACCOUNT] [-f FOLDER] UID...",
	.summary = "delete messages (to Trash when there is one)",
	.help = NULL,
	.exec = delete_exec,
};
