/* cmd-show.c: `taube show`: parse a message file and print it as the pager shows it. */
#include "cli/commands.h"

static int
show_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_show, argc, argv);
}

const struct cli_cmd cli_cmd_show = {
	.name = "show",
	.usage = "[--json] FILE|-",
	.summary = "parse a message file and print it as the pager shows it",
	.help =
	    "An mbox file prints each message in turn. --json prints one object per message.\n",
	.exec = show_exec,
};
