/* cmd-read.c: `taube read`: fetch and show one message. */
#include "cli/commands.h"

static int
read_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_read, argc, argv);
}

const struct cli_cmd cli_cmd_read = {
	.name = "read",
	.usage = "[-a ACCOUNT] [-f FOLDER] [--raw|--json] [--mark-read] UID",
	.summary = "fetch and show one message",
	.help =
	    "Fetching does not mark the message as read unless --mark-read is given.\n",
	.exec = read_exec,
};
