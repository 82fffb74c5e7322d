/* cmd-send.c: `taube send`: submit a message, or compose one from options. */
#include "cli/commands.h"

static int
send_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_stub(&cli_cmd_send, argc, argv);
}

const struct cli_cmd cli_cmd_send = {
	.name = "send",
	.usage = "[-a ACCOUNT] [--sign] [--encrypt] [FILE|-] | --to ADDR [--cc ADDR] [--bcc ADDR] [--subject S] [--body FILE] [--attach FILE]...",
	.summary = "submit a message, or compose one from options",
	.help =
	    "The message is written to the outbox first and leaves it only once the\n"
	    "server has accepted it.\n",
	.exec = send_exec,
};
