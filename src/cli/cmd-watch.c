/* cmd-watch.c: `taube watch`: run the scheduler (poll, IDLE) and print one event a line. */
#include "cli/commands.h"

static int
watch_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_watch, argc, argv);
}

const struct cli_cmd cli_cmd_watch = {
	.name = "watch",
	.usage = "[-a ACCOUNT] [--once]",
	.summary = "run the scheduler (poll, IDLE) and print one event a line",
	.help = NULL,
	.exec = watch_exec,
};
