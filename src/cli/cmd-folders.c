/* cmd-folders.c: `taube folders`: list folders with unread/total counts. */
#include "cli/commands.h"

static int
folders_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_folders, argc, argv);
}

const struct cli_cmd cli_cmd_folders = {
	.name = "folders",
	.usage = "[-a ACCOUNT] [--json]",
	.summary = "list folders with unread/total counts",
	.help = NULL,
	.exec = folders_exec,
};
