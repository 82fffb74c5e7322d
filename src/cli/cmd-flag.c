/* cmd-flag.c: `taube flag`: change flags. */
#include "cli/commands.h"

static int
flag_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_flag, argc, argv);
}

const struct cli_cmd cli_cmd_flag = {
	.name = "flag",
	.usage = "[-a ACCOUNT] [-f FOLDER] UID... +seen|-seen|+flagged|-flagged|+answered|+deleted|-deleted",
	.summary = "change flags",
	.help = NULL,
	.exec = flag_exec,
};
