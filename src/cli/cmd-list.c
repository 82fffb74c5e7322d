/* cmd-list.c: `taube list`: one line (or JSON object) per message. */
#include "cli/commands.h"

static int
list_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_list, argc, argv);
}

const struct cli_cmd cli_cmd_list = {
	.name = "list",
	.usage = "[-a ACCOUNT] [-f FOLDER] [--limit N] [--search Q] [--json]",
	.summary = "one line (or JSON object) per message",
	.help = NULL,
	.exec = list_exec,
};
