/* cmd-outbox.c: `taube outbox`: show queued messages, or retry them now. */
#include "cli/commands.h"

static int
outbox_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_outbox, argc, argv);
}

const struct cli_cmd cli_cmd_outbox = {
	.name = "outbox",
	.usage = "[-a ACCOUNT] [list|flush]",
	.summary = "show queued messages, or retry them now",
	.help = NULL,
	.exec = outbox_exec,
};
