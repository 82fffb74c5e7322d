/* cmd-move.c: `taube move`: move messages to another folder. */
#include "cli/commands.h"

static int
move_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_move, argc, argv);
}

const struct cli_cmd cli_cmd_move = {
	.name = "move",
	.usage = "[-a ACCOUNT] [-f FOLDER] UID... DEST",
	.summary = "move messages to another folder",
	.help = NULL,
	.exec = move_exec,
};
