/* cmd-verify.c: `taube verify`: check a PGP/MIME signature. */
#include "cli/commands.h"

static int
verify_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_verify, argc, argv);
}

const struct cli_cmd cli_cmd_verify = {
	.name = "verify",
	.usage = "FILE",
	.summary = "check a PGP/MIME signature",
	.help = NULL,
	.exec = verify_exec,
};
