/* cmd-fetch.c: `taube fetch`: POP3: download new mail into the local Maildir. */
#include "cli/commands.h"

static int
fetch_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_fetch, argc, argv);
}

const struct cli_cmd cli_cmd_fetch = {
	.name = "fetch",
	.usage = "[-a ACCOUNT]",
	.summary = "POP3: download new mail into the local Maildir",
	.help = NULL,
	.exec = fetch_exec,
};
