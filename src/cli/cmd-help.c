/* cmd-help.c: `taube help [COMMAND]`. */
#include "cli/commands.h"

#include <stdio.h>

static int
help_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *cmd;

	if (argc == 1) {
		cli_print_main_help(stdout);
		return CLI_OK;
	}
	if (argc != 2)
		return cli_usage(&cli_cmd_help);
	if ((cmd = cli_find(argv[1])) == NULL) {
		cli_error("unknown command '%s'", argv[1]);
		return CLI_USAGE;
	}
	cli_print_help(cmd);
	return CLI_OK;
}

const struct cli_cmd cli_cmd_help = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "show the help of a command",
	.help = NULL,
	.exec = help_exec,
};
